"""Course (forløb) form: created with one explicit button, then autosaved; decisions and events.

Decisions (support segments) and events are added explicitly, each a dated fact.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui import labels
from ui.autosave import FormAutosave
from ui.widgets import CodeCombo, DateEdit, NoteEdit, TextEdit
from ui.widgets.form_rows import add_row, error_label
from ui.widgets.sizes import em, text_lines

FIELDS = ("method", "status", "case_number", "referral_date", "start_date", "transition_date",
          "transition_kind", "end_recommended_date", "end_decision_date", "end_type",
          "end_reason_text", "notes")


def show(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


class CourseFormDialog(QDialog):
    def __init__(self, store: Any, bus: Any, citizen_id: str, course_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id = citizen_id
        self.course_id = course_id
        self.setWindowTitle(_("New course") if course_id is None else _("Course"))
        self.setMinimumWidth(em(self, 75))
        self.editors: dict[str, Any] = {
            "method": CodeCombo(labels.codes("support_method")),
            "status": CodeCombo(labels.codes("course_status")),
            "case_number": TextEdit(), "referral_date": DateEdit(), "start_date": DateEdit(),
            "transition_date": DateEdit(),
            "transition_kind": CodeCombo(labels.codes("transition_kind"), empty=""),
            "end_recommended_date": DateEdit(), "end_decision_date": DateEdit(),
            "end_type": CodeCombo(labels.codes("end_type"), empty=""),
            "end_reason_text": NoteEdit(), "notes": NoteEdit(),
        }
        for name, editor in self.editors.items():
            editor.setObjectName(f"course_{name}")
        for name in ("end_reason_text", "notes"):
            self.editors[name].setMaximumHeight(text_lines(self.editors[name], 3))
        texts = {
            "method": _("Method"), "status": _("Status"), "case_number": _("Case number"),
            "referral_date": _("Referral date"), "start_date": _("Start date"),
            "transition_date": _("Transition date (CTI)"),
            "transition_kind": _("Transition"),
            "end_recommended_date": _("End recommended"),
            "end_decision_date": _("End decided"), "end_type": _("End type"),
            "end_reason_text": _("End reasons"), "notes": _("Notes"),
        }
        course_page = QWidget()
        form = QFormLayout(course_page)
        self.errors = {name: add_row(form, texts[name], self.editors[name]) for name in FIELDS}
        self.form_error = error_label()
        form.addRow(self.form_error)
        tabs = QTabWidget()
        tabs.addTab(course_page, _("Course"))
        buttons = QDialogButtonBox()
        self.autosave: FormAutosave | None = None
        if course_id is None:
            create = buttons.addButton(_("Create course"), QDialogButtonBox.ButtonRole.AcceptRole)
            create.setObjectName("course_create")
            create.setDefault(True)
            create.setProperty("primary", True)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.create)
            buttons.rejected.connect(self.reject)
            self.editors["status"].set_value("phase_zero")
        else:
            from hfdesk.store import courses

            tabs.addTab(self._decisions_page(), _("Decisions"))
            tabs.addTab(self._events_page(), _("Events"))
            close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setAutoDefault(False)
            buttons.rejected.connect(self.reject)
            self.autosave = FormAutosave(
                store=store, bus=bus, form_key=f"course:{course_id}", citizen_id=citizen_id,
                root=self, fields=self.editors, errors=self.errors, save=self._save,
                form_error=self.form_error)
            self.autosave.load(courses.get(store, course_id))
            self._refresh_lists()
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.editors["method"].setFocus()

    # course -------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def create(self) -> None:
        from hfdesk.store import courses

        for label in (*self.errors.values(), self.form_error):
            label.setVisible(False)
        try:
            self.course_id = courses.create(self.store, self.citizen_id, self.values())
        except UserError as exc:
            show(self.errors.get(exc.field or "", self.form_error), exc.message)
            return
        self.bus.changed.emit("course", self.course_id, self.citizen_id)
        self.accept()

    def _save(self, changes: dict[str, Any], _values: dict[str, Any], _excluded: set[str]) -> Any:
        from hfdesk.store import courses

        assert self.course_id is not None and self.autosave is not None
        courses.update(self.store, self.course_id, changes, session=self.autosave.session)
        self.bus.changed.emit("course", self.course_id, self.citizen_id)
        return True

    # decisions and events -----------------------------------------------------------------
    def _decisions_page(self) -> QWidget:
        page = QWidget()
        self.segment_list = QTreeWidget()
        self.segment_list.setAccessibleName(_("Decisions"))
        self.segment_list.setRootIsDecorated(False)
        self.segment_list.setHeaderLabels([_("Legal basis"), _("Decided"), _("Period"),
                                           _("Next review")])
        form = QFormLayout()
        self.seg = {
            "legal_basis": CodeCombo(labels.codes("legal_basis")),
            "decision_date": DateEdit(), "period_start": DateEdit(), "period_end": DateEdit(),
            "next_review": DateEdit(),
        }
        names = {"legal_basis": _("Legal basis"), "decision_date": _("Decision date"),
                 "period_start": _("Period from"), "period_end": _("Period to"),
                 "next_review": _("Next review")}
        self.seg_errors = {k: add_row(form, names[k], w) for k, w in self.seg.items()}
        add = QPushButton(_("Add decision"))
        add.setObjectName("segment_add")
        add.clicked.connect(self._add_segment)
        layout = QVBoxLayout(page)
        layout.addWidget(self.segment_list, 1)
        layout.addLayout(form)
        layout.addWidget(add)
        return page

    def _events_page(self) -> QWidget:
        page = QWidget()
        self.event_list = QTreeWidget()
        self.event_list.setAccessibleName(_("Events"))
        self.event_list.setRootIsDecorated(False)
        self.event_list.setHeaderLabels([_("Event"), _("From"), _("To")])
        form = QFormLayout()
        self.ev = {
            "kind": CodeCombo(labels.codes("course_event_kind")), "event_date": DateEdit(),
            "end_date": DateEdit(), "new_municipality": TextEdit(),
        }
        names = {"kind": _("Event"), "event_date": _("Date"), "end_date": _("Until"),
                 "new_municipality": _("New municipality")}
        self.ev_errors = {k: add_row(form, names[k], w) for k, w in self.ev.items()}
        add = QPushButton(_("Add event"))
        add.setObjectName("event_add")
        add.clicked.connect(self._add_event)
        layout = QVBoxLayout(page)
        layout.addWidget(self.event_list, 1)
        layout.addLayout(form)
        layout.addWidget(add)
        return page

    def _refresh_lists(self) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import courses

        assert self.course_id is not None
        self.segment_list.clear()
        for s in courses.segments(self.store, self.course_id):
            period = f"{fmt(s.get('period_start'))}–{fmt(s.get('period_end'))}"
            self.segment_list.addTopLevelItem(QTreeWidgetItem([
                labels.label("legal_basis", s.get("legal_basis")), fmt(s.get("decision_date")),
                period, fmt(s.get("next_review"))]))
        self.event_list.clear()
        for e in courses.events(self.store, self.course_id):
            self.event_list.addTopLevelItem(QTreeWidgetItem([
                labels.label("course_event_kind", e.get("kind")), fmt(e.get("event_date")),
                fmt(e.get("end_date"))]))

    def _add_segment(self) -> None:
        from hfdesk.store import courses

        assert self.course_id is not None
        for label in self.seg_errors.values():
            show(label, None)
        data = {k: w.value() for k, w in self.seg.items()}
        try:
            courses.add_segment(self.store, self.course_id, data, labels.code_set("legal_basis"))
        except UserError as exc:
            show(self.seg_errors.get(exc.field or "", self.form_error), exc.message)
            return
        for name in ("decision_date", "period_start", "period_end", "next_review"):
            self.seg[name].clear()
        self._refresh_lists()
        self.bus.changed.emit("support_segment", self.course_id, self.citizen_id)

    def _add_event(self) -> None:
        from hfdesk.store import courses

        assert self.course_id is not None
        for label in self.ev_errors.values():
            show(label, None)
        try:
            courses.add_event(self.store, self.course_id, {k: w.value() for k, w in self.ev.items()})
        except UserError as exc:
            show(self.ev_errors.get(exc.field or "", self.form_error), exc.message)
            return
        for name in ("event_date", "end_date", "new_municipality"):
            self.ev[name].clear()
        self._refresh_lists()
        self.bus.changed.emit("course_event", self.course_id, self.citizen_id)

    def done(self, result: int) -> None:
        if self.autosave is not None:
            self.autosave.close()
        super().done(result)
