"""Målinger (individdokumentation): the citizen's measurements, a new one (opstart, status or
afslutning, chosen sensibly), and the form with every answer marked by where it came from.

A new measurement is prefilled from the records by the core; each prefilled answer says
"Udfyldt fra journalen" with its basis until the worker confirms it ("Bekræft", or "Bekræft
alle") or answers otherwise ("Rettet", with the records' value beside it). Answers save by
themselves (`ui.autosave`); a refused answer keeps what was typed with the Danish message beside
it. "Ved ikke" and "Ikke spurgt" are two separate answers on every item.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.domain import measurements as domain
from hfdesk.errors import UserError, ValidationError
from hfdesk.i18n import N_, _
from ui import labels
from ui.widgets.chips import ChipSelector
from ui.widgets.fields import CodeCombo, DateEdit, TextEdit
from ui.widgets.form_rows import error_label

ROLE = Qt.ItemDataRole.UserRole
SPECIAL = ((domain.UNKNOWN, N_("Don't know")), (domain.NOT_ASKED, N_("Not asked")))
SOURCE_TEXTS = {
    "derived": N_("Filled in from the records"),
    "confirmed": N_("Filled in from the records, confirmed"),
    "corrected": N_("Corrected"),
    "typed": N_("Typed"),
}


def source_key(answer: dict[str, Any] | None) -> str:
    if not answer or answer.get("value") is None:
        return ""
    if answer.get("source") == "derived":
        return "confirmed" if answer.get("confirmed") else "derived"
    return "corrected" if answer.get("derived_value") is not None else "typed"


def _special_items(codes: list[tuple[str, str]]) -> list[tuple[str, str]]:
    have = {c for c, _l in codes}
    return [(code, _(text)) for code, text in SPECIAL if code not in have]


class SpecialMixin:
    """A composite editor whose answer can also be "Ved ikke" or "Ikke spurgt"."""

    special: QComboBox

    def _special_box(self) -> QComboBox:
        box = QComboBox()
        box.addItem(_("Answer"), None)
        for code, text in SPECIAL:
            box.addItem(_(text), code)
        return box


class MultiEditor(QWidget, SpecialMixin):
    edited = Signal()

    def __init__(self, list_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # A list's own "unknown" code is the same answer as the box's "Ved ikke": shown once.
        self.chips = ChipSelector([c for c in labels.codes(list_name)
                                   if c[0] not in domain.SPECIAL])
        self.special = self._special_box()
        self.special.setObjectName("special")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.chips, 1)
        row.addWidget(self.special, 0, Qt.AlignmentFlag.AlignTop)
        self.chips.edited.connect(self.edited.emit)
        self.special.currentIndexChanged.connect(lambda _i: self.edited.emit())

    def value(self) -> Any:
        special = self.special.currentData()
        if special:
            return special
        return self.chips.value() or None

    def set_value(self, value: Any) -> None:
        self.special.blockSignals(True)
        self.special.setCurrentIndex(max(0, self.special.findData(value))
                                     if value in domain.SPECIAL else 0)
        self.special.blockSignals(False)
        self.chips.set_value(value if isinstance(value, list) else [])


class NumberEditor(QWidget, SpecialMixin):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = TextEdit()
        self.edit.setAccessibleName(_("Number"))
        self.edit.setMaximumWidth(90)
        self.special = self._special_box()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.special)
        row.addStretch(1)
        self.edit.edited.connect(self.edited.emit)
        self.special.currentIndexChanged.connect(lambda _i: self.edited.emit())

    def value(self) -> Any:
        return self.special.currentData() or (self.edit.value() or None)

    def set_value(self, value: Any) -> None:
        self.special.blockSignals(True)
        self.special.setCurrentIndex(max(0, self.special.findData(value))
                                     if value in domain.SPECIAL else 0)
        self.special.blockSignals(False)
        self.edit.set_value("" if value is None or value in domain.SPECIAL else str(value))


class DiagnosisEditor(QWidget, SpecialMixin):
    """Diagnoses only as disclosed: which, by whom (citizen or clinician), and when."""

    edited = Signal()

    def __init__(self, list_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips = ChipSelector(list(labels.codes(list_name)))
        self.informant = CodeCombo(labels.codes("diagnosis_informant"), empty="—")
        self.informant.setObjectName("informant")
        self.date = DateEdit()
        self.date.setObjectName("disclosed_on")
        self.date.setAccessibleName(_("Date it was disclosed"))
        self.special = self._special_box()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.chips)
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Stated by")))
        row.addWidget(self.informant)
        row.addWidget(QLabel(_("on")))
        row.addWidget(self.date)
        row.addWidget(self.special)
        row.addStretch(1)
        lay.addLayout(row)
        for w in (self.chips, self.informant, self.date):
            w.edited.connect(self.edited.emit)
        self.special.currentIndexChanged.connect(lambda _i: self.edited.emit())

    def value(self) -> Any:
        special = self.special.currentData()
        if special:
            return special
        chosen = self.chips.value()
        if not chosen:
            return None
        return {"codes": chosen, "informant": self.informant.value(),
                "date": self.date.value() or None}

    def set_value(self, value: Any) -> None:
        self.special.blockSignals(True)
        self.special.setCurrentIndex(max(0, self.special.findData(value))
                                     if value in domain.SPECIAL else 0)
        self.special.blockSignals(False)
        v = value if isinstance(value, dict) else {}
        self.chips.set_value(v.get("codes") or [])
        self.informant.set_value(v.get("informant"))
        self.date.set_value(v.get("date"))


def editor_for(item: domain.Item) -> QWidget:
    if item.type == "choice":
        codes = list(labels.codes(item.vocab or ""))
        combo = CodeCombo(labels.CodeItems(item.vocab or "", codes + _special_items(codes)),
                          empty="—")
        return combo
    if item.type == "multi":
        return MultiEditor(item.vocab or "")
    if item.type == "diagnosis":
        return DiagnosisEditor(item.vocab or "")
    return NumberEditor()


class MeasurementsTab(QWidget):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.measurement_id: str | None = None
        self.measurement: dict[str, Any] | None = None
        self.editors: dict[str, QWidget] = {}
        self.sources: dict[str, QLabel] = {}
        self.confirm_buttons: dict[str, QPushButton] = {}
        self.errors: dict[str, QLabel] = {}
        self.autosave: Any = None
        self.dialog: Any = None

        title = QLabel(_("Measurements (individual documentation)"))
        title.setProperty("role", "section")
        self.kind = CodeCombo(labels.codes("measurement_kind"))
        self.kind.setObjectName("measurement_kind")
        self.date = DateEdit()
        self.date.setObjectName("measurement_date")
        self.new_button = QPushButton(_("&New measurement"))
        self.new_button.setObjectName("measurement_new")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_measurement)
        self.new_error = error_label()
        self.new_error.setObjectName("measurement_new_error")
        top = QHBoxLayout()
        top.addWidget(title, 1)
        kind_label = QLabel(_("Kind"))
        kind_label.setBuddy(self.kind)
        top.addWidget(kind_label)
        top.addWidget(self.kind)
        date_label = QLabel(_("Date"))
        date_label.setBuddy(self.date)
        top.addWidget(date_label)
        top.addWidget(self.date)
        top.addWidget(self.new_button)

        self.list = QTreeWidget()
        self.list.setObjectName("measurement_list")
        self.list.setAccessibleName(_("Measurements"))
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([_("Date"), _("Kind"), _("Answered"), _("Not confirmed")])
        self.list.setMaximumHeight(130)
        self.list.currentItemChanged.connect(
            lambda item, _prev: self.show_measurement(item.data(0, ROLE)) if item else None)

        self.confirm_all = QPushButton(_("&Confirm all from the records"))
        self.confirm_all.setObjectName("measurement_confirm_all")
        self.confirm_all.setAutoDefault(False)
        self.confirm_all.clicked.connect(self.confirm_everything)
        self.update_button = QPushButton(_("&Update from the records"))
        self.update_button.setObjectName("measurement_update")
        self.update_button.setAutoDefault(False)
        self.update_button.setToolTip(_("Derive again from the journal, housing and plan. "
                                        "Answers you confirmed or typed are kept."))
        self.update_button.clicked.connect(self.update_from_records)
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setObjectName("measurement_print")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_measurement)
        self.heading = QLabel()
        self.heading.setObjectName("measurement_heading")
        self.heading.setProperty("role", "section")
        self.summary = QLabel()
        self.summary.setObjectName("measurement_summary")
        self.summary.setProperty("role", "muted")
        self.summary.setWordWrap(True)
        self.form_error = error_label()
        bar = QHBoxLayout()
        bar.addWidget(self.heading, 1)
        bar.addWidget(self.update_button)
        bar.addWidget(self.confirm_all)
        bar.addWidget(self.print_button)

        self.form_host = QWidget()
        self.form_layout = QVBoxLayout(self.form_host)
        self.form_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.form_host)
        self.empty = QLabel(_("No measurements yet. Start with the opstart measurement: choose "
                              "the date and press New measurement."))
        self.empty.setObjectName("measurement_empty")
        self.empty.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.new_error)
        layout.addWidget(self.list)
        layout.addWidget(self.empty)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.form_error)
        layout.addWidget(scroll, 1)
        QShortcut(QKeySequence("Ctrl+Shift+B"), self, self.confirm_everything)
        bus.changed.connect(self._changed)

    # citizen and list -----------------------------------------------------------------------
    def set_citizen(self, citizen_id: str) -> None:
        self._flush()
        self.citizen_id = citizen_id
        self.measurement_id = None
        self.reload()

    def _flush(self) -> None:
        if self.autosave is not None:
            self.autosave.flush()

    def reload(self, select: str | None = None) -> None:
        from hfdesk.store import courses, measurements

        if self.citizen_id is None:
            return
        rows = measurements.for_citizen(self.store, self.citizen_id)
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for r in rows:
            item = QTreeWidgetItem([
                DateEdit.display(r["measured_on"]), labels.label("measurement_kind", r["kind"]),
                str(r["answered"]), str(r["unconfirmed"] or "")])
            item.setData(0, ROLE, r["id"])
            self.list.addTopLevelItem(item)
            if r["id"] == (select or self.measurement_id):
                chosen = item
        self.list.blockSignals(False)
        for col in range(4):
            self.list.resizeColumnToContents(col)
        course = courses.current(self.store, self.citizen_id)
        existing = measurements.for_course(self.store, course["id"]) if course else []
        self.kind.set_value(domain.choose_kind(existing, course))
        self.date.set_value(date.today().isoformat())
        self.empty.setVisible(not rows)
        if chosen is None and rows:
            chosen = self.list.topLevelItem(0)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
            self.show_measurement(chosen.data(0, ROLE))
        else:
            self._clear_form()

    def _changed(self, kind: str, _record_id: str, citizen_id: str) -> None:
        # A journal note or a housing change elsewhere may change what is derived; the list
        # counts change with our own saves. The open form is not rebuilt under the worker.
        if citizen_id == self.citizen_id and kind == "measurement" and self.isVisible():
            self._refresh_list_counts()

    def _refresh_list_counts(self) -> None:
        from hfdesk.store import measurements

        if self.citizen_id is None:
            return
        counts = {r["id"]: r for r in measurements.for_citizen(self.store, self.citizen_id)}
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            r = counts.get(item.data(0, ROLE))
            if r:
                item.setText(2, str(r["answered"]))
                item.setText(3, str(r["unconfirmed"] or ""))

    # new ------------------------------------------------------------------------------------
    def new_measurement(self) -> str | None:
        from hfdesk.store import measurements

        if self.citizen_id is None:
            return None
        self._flush()
        try:
            mid = measurements.create(self.store, self.citizen_id, self.kind.value() or "",
                                      self.date.value() or None)
        except UserError as exc:
            self.new_error.setText(exc.message)
            self.new_error.setVisible(True)
            return None
        self.new_error.setVisible(False)
        self.bus.changed.emit("measurement", mid, self.citizen_id)
        self.reload(select=mid)
        return mid

    # the form -------------------------------------------------------------------------------
    def _clear_form(self) -> None:
        if self.autosave is not None:
            self.autosave.flush()
            from ui import autosave

            autosave.forget_forms(self.form_host)
            self.autosave = None
        while self.form_layout.count():
            child = self.form_layout.takeAt(0).widget()
            if child is not None:
                child.deleteLater()
        self.editors.clear()
        self.sources.clear()
        self.confirm_buttons.clear()
        self.errors.clear()
        self.measurement = None
        self.heading.setText("")
        self.summary.setText("")
        for w in (self.confirm_all, self.print_button, self.update_button):
            w.setEnabled(False)

    def show_measurement(self, measurement_id: str | None) -> None:
        from hfdesk.store import measurements
        from ui.autosave import FormAutosave

        if not measurement_id:
            return
        if self.measurement_id == measurement_id and self.measurement is not None:
            return
        self._clear_form()
        self.measurement_id = measurement_id
        m = measurements.get(self.store, measurement_id)
        self.measurement = m
        cat = measurements.catalogue(self.store)
        asked = measurements.items(self.store, m)
        self.heading.setText(f"{labels.label('measurement_kind', m['kind'])} · "
                             f"{DateEdit.display(m['measured_on'])}")
        fields: dict[str, QWidget] = {}
        for key, section_title in cat.sections:
            rows = [i for i in asked if i.section == key]
            if not rows:
                continue
            box = QGroupBox(section_title)
            form = QFormLayout(box)
            # Long questions put their answer on the line below instead of widening the form.
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            for it in rows:
                editor = editor_for(it)
                editor.setObjectName(f"answer_{it.key}")
                if it.help:
                    editor.setToolTip(it.help)
                source = QLabel()
                source.setObjectName(f"source_{it.key}")
                source.setProperty("role", "muted")
                source.setWordWrap(True)
                confirm = QPushButton(_("Confirm"))
                confirm.setObjectName(f"confirm_{it.key}")
                confirm.setAutoDefault(False)
                confirm.clicked.connect(lambda _c=False, k=it.key: self.confirm([k]))
                line = QHBoxLayout()
                line.addWidget(source, 1)
                line.addWidget(confirm)
                label = QLabel(it.label)
                label.setBuddy(editor)
                form.addRow(label, editor)
                form.addRow("", line)
                message = error_label()
                form.addRow("", message)
                self.editors[it.key] = editor
                self.sources[it.key] = source
                self.confirm_buttons[it.key] = confirm
                self.errors[it.key] = message
                fields[it.key] = editor
            self.form_layout.addWidget(box)
            box.show()  # at once, not on the layout's queued show: the sources are set below
        self.form_layout.addStretch(1)
        self.autosave = FormAutosave(
            store=self.store, bus=self.bus, form_key=f"measurement:{measurement_id}",
            citizen_id=m["citizen_id"], root=self.form_host, fields=fields, errors=self.errors,
            save=self._save, form_error=self.form_error)
        self.autosave.load({k: (a or {}).get("value") for k, a in m["answers"].items()})
        self._show_sources()
        for w in (self.confirm_all, self.print_button, self.update_button):
            w.setEnabled(True)

    def _save(self, changes: dict[str, Any], values: dict[str, Any],
              excluded: set[str]) -> Any:
        from hfdesk.store import measurements

        assert self.measurement_id is not None
        for key, value in changes.items():
            try:
                measurements.set_answer(self.store, self.measurement_id, key, value,
                                        session=self.autosave.session)
            except ValidationError as exc:
                raise ValidationError(exc.message, field=key) from None
        self.measurement = measurements.get(self.store, self.measurement_id)
        self._show_sources()
        self.bus.changed.emit("measurement", self.measurement_id, self.citizen_id or "")
        return True

    def _show_sources(self) -> None:
        from hfdesk.store import measurements

        m = self.measurement or {}
        answers = m.get("answers") or {}
        cat = measurements.catalogue(self.store)
        unconfirmed = 0
        derived = typed = 0
        for key, label in self.sources.items():
            a = answers.get(key)
            which = source_key(a)
            text = _(SOURCE_TEXTS[which]) if which else ""
            if which in ("derived", "confirmed") and a and a.get("derived_basis"):
                text += f": {a['derived_basis']}"
            if which == "corrected" and a:
                shown = domain.value_text(cat.item(key), a.get("derived_value"),
                                          measurements.label)
                text += " · " + _("the records say: %(value)s") % {"value": shown}
            label.setText(text)
            label.setVisible(bool(text))  # no empty line under an unanswered item
            self.confirm_buttons[key].setVisible(which == "derived")
            unconfirmed += which == "derived"
            derived += which in ("derived", "confirmed")
            typed += which in ("corrected", "typed")
        self.summary.setText(_("%(derived)d filled in from the records (%(open)d not confirmed "
                               "yet), %(typed)d typed or corrected, %(asked)d questions.") % {
            "derived": derived, "open": unconfirmed, "typed": typed, "asked": len(self.sources)})
        self.confirm_all.setEnabled(unconfirmed > 0)

    def confirm(self, keys: list[str] | None = None) -> int:
        from hfdesk.store import measurements

        if self.measurement_id is None:
            return 0
        self._flush()
        n = measurements.confirm(self.store, self.measurement_id, keys)
        self.measurement = measurements.get(self.store, self.measurement_id)
        self._show_sources()
        if n:
            self.bus.changed.emit("measurement", self.measurement_id, self.citizen_id or "")
        return n

    def confirm_everything(self) -> int:
        return self.confirm(None)

    def update_from_records(self) -> list[str]:
        """Derive again; the form is rebuilt with the new proposals and sources."""
        from hfdesk.store import measurements

        if self.measurement_id is None:
            return []
        self._flush()
        mid = self.measurement_id
        changed = measurements.refresh_derived(self.store, mid)
        self.measurement = None  # show_measurement builds it again
        self.show_measurement(mid)
        if changed:
            self.bus.changed.emit("measurement", mid, self.citizen_id or "")
        return changed

    # printing -------------------------------------------------------------------------------
    def print_measurement(self) -> Any:
        from datetime import datetime

        from hfdesk.documents.layout import default_file_name
        from hfdesk.documents.measurement import TITLE, build_measurement, measurement_snapshot
        from ui.preview import PreviewDialog

        if self.citizen_id is None or self.measurement_id is None:
            return None
        self._flush()
        try:
            snap = measurement_snapshot(self.store, self.citizen_id, self.measurement_id,
                                        printed_at=datetime.now())
            pdf = build_measurement(snap)
        except UserError as exc:
            QMessageBox.warning(self, _("Print"), exc.message)
            return None
        name = default_file_name("individdokumentation", date.today(), self.citizen_id[:8])
        self.dialog = PreviewDialog(self.store, self.bus, self.citizen_id, "measurement", TITLE,
                                    pdf, name, self)
        self.dialog.open()
        return self.dialog
