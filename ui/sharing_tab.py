"""Deling: the informed date, consents (record, withdraw), follow-on support, and handovers —
made in a dialog that prints through the preview, or refused with the core's Danish message.

The rule lives in the core (`hfdesk.disclosure`); this tab only asks and shows the answer.
Ctrl+Enter saves the consent form; the informed date saves itself like every other field.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import N_, _
from ui import labels
from ui.widgets.fields import CodeCombo, DateEdit, NoteEdit, TextEdit
from ui.widgets.form_rows import error_label

# Fixed by law (two kinds, two givers, two forms), so not municipality code lists.
KINDS = [("indhentning", N_("Collecting information (indhentning)")),
         ("videregivelse", N_("Passing information on (videregivelse)"))]
GIVEN_BY = [("youth", N_("The young person")), ("custody_holder", N_("Custody holder"))]
FORMS = [("written", N_("Written")), ("oral", N_("Oral (noted)"))]


def _items(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(code, _(text)) for code, text in pairs]


def _label(pairs: list[tuple[str, str]], code: str | None) -> str:
    return next((_(text) for c, text in pairs if c == code), str(code or ""))


def _fmt(value: Any) -> str:
    return DateEdit.display(value) if value else ""


def _button(text: str, name: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setAutoDefault(False)
    return b


def _checks(list_name: str, prefix: str, checked: bool = False) -> dict[str, QCheckBox]:
    out = {}
    for code, text in labels.codes(list_name):
        box = QCheckBox(text)
        box.setObjectName(f"{prefix}_{code}")
        box.setChecked(checked)
        out[code] = box
    return out


def _grid(boxes: dict[str, QCheckBox], columns: int = 2) -> QGridLayout:
    grid = QGridLayout()
    for n, box in enumerate(boxes.values()):
        grid.addWidget(box, n // columns, n % columns)
    return grid


def _actor_combo(store: Any, empty: str) -> CodeCombo:
    from hfdesk.store import actors

    combo = CodeCombo([], empty=empty)
    combo.clear()
    combo.addItem(empty, None)
    for a in actors.list_all(store):
        combo.addItem(f"{a['name']} ({labels.label('actor_type', a['actor_type'])})", a["id"])
    return combo


class ConsentForm(QGroupBox):
    """Record a consent: kind, who gave it, recipients, scope, form, date, expiry."""

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(_("New consent"), parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.kind = CodeCombo(_items(KINDS))
        self.kind.setObjectName("consent_kind")
        self.given_by = CodeCombo(_items(GIVEN_BY))
        self.given_by.setObjectName("consent_given_by")
        self.custody_name = TextEdit()
        self.custody_name.setObjectName("consent_custody_name")
        self.recipient_actor = CodeCombo([], empty="–")
        self.recipient_actor.setObjectName("consent_recipient_actor")
        self.recipient_name = TextEdit()
        self.recipient_name.setObjectName("consent_recipient_name")
        self.recipient_name.setPlaceholderText(_("or write a name"))
        self.scope = _checks("consent_scope", "consent_scope")
        self.form = CodeCombo(_items(FORMS))
        self.form.setObjectName("consent_form")
        self.noted_by = TextEdit()
        self.noted_by.setObjectName("consent_noted_by")
        self.told = NoteEdit()
        self.told.setObjectName("consent_told")
        self.told.setMaximumHeight(48)
        self.given_date = DateEdit()
        self.given_date.setObjectName("consent_given_date")
        self.expires = DateEdit()
        self.expires.setObjectName("consent_expires")
        self.expires.setPlaceholderText(_("course end or 12 months"))
        self.save_button = _button(_("Record consent"), "consent_save")
        self.save_button.clicked.connect(self.save)
        self.error = error_label()
        self.error.setObjectName("consent_error")
        form = QFormLayout(self)
        form.addRow(_("Kind"), self.kind)
        who = QHBoxLayout()
        who.addWidget(self.given_by)
        who.addWidget(QLabel(_("Custody holder's name")))
        who.addWidget(self.custody_name, 1)
        form.addRow(_("Given by"), who)
        rec = QHBoxLayout()
        rec.addWidget(self.recipient_actor, 1)
        rec.addWidget(self.recipient_name, 1)
        form.addRow(_("Recipient"), rec)
        form.addRow(_("Covers"), _grid(self.scope, 3))
        how = QHBoxLayout()
        how.addWidget(self.form)
        how.addWidget(QLabel(_("Noted by")))
        how.addWidget(self.noted_by, 1)
        form.addRow(_("Form"), how)
        form.addRow(_("What the person was told"), self.told)
        dates = QHBoxLayout()
        dates.addWidget(self.given_date)
        dates.addWidget(QLabel(_("Expires")))
        dates.addWidget(self.expires)
        dates.addStretch(1)
        form.addRow(_("Given on"), dates)
        form.addRow(self.save_button)
        form.addRow(self.error)
        for key in (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(key, self, activated=self.save,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_citizen(self, citizen_id: str) -> None:
        self.citizen_id = citizen_id
        current = self.recipient_actor.value()
        fresh = _actor_combo(self.store, "–")
        self.recipient_actor.clear()
        for i in range(fresh.count()):
            self.recipient_actor.addItem(fresh.itemText(i), fresh.itemData(i))
        fresh.deleteLater()
        self.recipient_actor.set_value(current)
        self.clear()

    def clear(self) -> None:
        for w in (self.custody_name, self.recipient_name, self.noted_by, self.told,
                  self.expires):
            w.set_value("")
        self.given_date.set_value(date.today().isoformat())
        self.recipient_actor.set_value(None)
        for box in self.scope.values():
            box.setChecked(False)
        self.error.setVisible(False)

    def values(self) -> dict[str, Any]:
        recipients = []
        actor = self.recipient_actor.value()
        name = self.recipient_name.value()
        if actor:
            text = self.recipient_actor.currentText()
            recipients.append({"actor_id": actor, "name": name or text.rsplit(" (", 1)[0]})
        elif name:
            recipients.append({"name": name})
        return {"kind": self.kind.value(), "given_by": self.given_by.value(),
                "custody_holder_name": self.custody_name.value(), "recipients": recipients,
                "scope": [c for c, box in self.scope.items() if box.isChecked()],
                "form": self.form.value(), "noted_by": self.noted_by.value(),
                "told": self.told.value(), "given_date": self.given_date.value(),
                "expires": self.expires.value() or None}

    def save(self) -> str | None:
        from hfdesk.store import consents

        if self.citizen_id is None:
            return None
        self.error.setVisible(False)
        try:
            rid = consents.record(self.store, self.citizen_id, self.values())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return None
        self.bus.changed.emit("consent", rid, self.citizen_id)
        self.bus.status.emit(_("Consent recorded."))
        self.clear()
        return rid


class HandoverDialog(QDialog):
    """Ny overdragelse: reason, recipient, basis (when outside), sections. OK makes, checks and
    prints it; a refusal stays in the dialog, in the core's words."""

    def __init__(self, store: Any, bus: Any, citizen_id: str, course_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id = citizen_id
        self.course_id = course_id
        self.handover_id: str | None = None
        self.pdf: bytes | None = None
        self.setObjectName("HandoverDialog")
        self.setWindowTitle(_("New handover"))
        self.reason = CodeCombo(labels.codes("handover_reason"))
        self.reason.setObjectName("handover_reason")
        self.reason_text = TextEdit()
        self.reason_text.setObjectName("handover_reason_text")
        self.new_municipality = TextEdit()
        self.new_municipality.setObjectName("handover_new_municipality")
        self.recipient = _actor_combo(store, _("– the municipality's own case (draft) –"))
        self.recipient.setObjectName("handover_recipient")
        self.recipient_name = TextEdit()
        self.recipient_name.setObjectName("handover_recipient_name")
        self.recipient_name.setPlaceholderText(_("or write a name and organisation"))
        self.basis = CodeCombo(labels.codes("disclosure_basis"),
                               empty=_("Consent (no other basis)"))
        self.basis.setObjectName("handover_basis")
        self.basis_reason = NoteEdit()
        self.basis_reason.setObjectName("handover_basis_reason")
        self.basis_reason.setMaximumHeight(48)
        self.youth_words = NoteEdit()
        self.youth_words.setObjectName("handover_youth_words")
        self.youth_words.setMaximumHeight(70)
        self.worker_contact = TextEdit()
        self.worker_contact.setObjectName("handover_worker_contact")
        self.worker_contact.setPlaceholderText(_("e.g. 12 34 56 78, weekdays 9–15"))
        from hfdesk.store import settings

        self.worker_contact.set_value(settings.get(store, "worker_phone") or "")
        self.sections = _checks("handover_section", "handover_section", checked=True)
        self.error = error_label()
        self.error.setObjectName("handover_error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("Reason (other)"), self.reason_text)
        form.addRow(_("New municipality"), self.new_municipality)
        form.addRow(_("Recipient"), self.recipient)
        form.addRow("", self.recipient_name)
        form.addRow(_("Basis when outside the municipality"), self.basis)
        form.addRow(_("Reason for the basis"), self.basis_reason)
        form.addRow(_("In the young person's own words"), self.youth_words)
        form.addRow(_("How to reach you"), self.worker_contact)
        form.addRow(_("Sections"), _grid(self.sections))
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton(_("Make and print"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("handover_ok")
        self.ok.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.make)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.recipient.currentIndexChanged.connect(self._recipient_changed)
        self.recipient_name.edited.connect(self._recipient_changed)
        self._recipient_changed()
        self._prefill()

    def _prefill(self) -> None:
        """The reason the course suggests, and the new municipality from a recorded move."""
        from hfdesk.store import courses, handovers

        course = courses.get(self.store, self.course_id)
        self.reason.set_value(handovers.default_reason(self.store, course, date.today()))
        moves = [e for e in courses.events(self.store, self.course_id)
                 if e["kind"] == "moved_municipality" and e.get("new_municipality")]
        if moves:
            self.reason.set_value("moving_municipality")
            self.new_municipality.set_value(moves[-1]["new_municipality"])

    def _recipient_changed(self, *_args: Any) -> None:
        outside = self.is_outside()
        self.basis.setEnabled(outside)
        self.basis_reason.setEnabled(outside)

    def is_outside(self) -> bool:
        from hfdesk import disclosure
        from hfdesk.store import actors

        actor = self.recipient.value()
        if actor:
            return disclosure.audience_for(actors.get(self.store, actor)) == "outside"
        return bool(self.recipient_name.value())

    def values(self) -> dict[str, Any]:
        name = self.recipient_name.value()
        data: dict[str, Any] = {
            "reason": self.reason.value(), "reason_text": self.reason_text.value(),
            "new_municipality": self.new_municipality.value(),
            "recipient_actor_id": self.recipient.value(),
            "youth_words": self.youth_words.value(),
            "sections": [c for c, box in self.sections.items() if box.isChecked()],
        }
        if name and not data["recipient_actor_id"]:
            data["recipient_name"] = name
            data["outside"] = True
        return data

    def _save_contact(self) -> None:
        """How to reach the worker is the worker's, not the citizen's: kept as a setting and
        offered again on the next handover."""
        from hfdesk.domain.text import clean
        from hfdesk.store import settings

        contact = clean(self.worker_contact.value(), field="worker_phone",
                        label=_("How to reach you"), max_len=200) or ""
        if contact != (settings.get(self.store, "worker_phone") or ""):
            settings.set_many(self.store, {"worker_phone": contact})

    def make(self) -> bool:
        from hfdesk.documents.handover import build_handover
        from hfdesk.store import handovers

        self.error.setVisible(False)
        outside = self.is_outside()
        if not any(box.isChecked() for box in self.sections.values()):
            self.error.setText(_("Choose at least one section."))
            self.error.setVisible(True)
            return False
        try:
            self._save_contact()
            hid, content = handovers.hand_over(
                self.store, self.course_id, self.values(),
                basis=self.basis.value() if outside else None,
                reason=self.basis_reason.value() if outside else None)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return False
        self.handover_id = hid
        self.pdf = build_handover(content)
        self.bus.changed.emit("handover", hid, self.citizen_id)
        if content.get("underretning_needed"):
            self.bus.status.emit(_("The young person is under 18: send an underretning to the "
                                   "new municipality. It stays on the start page until it is "
                                   "recorded."))
        self.accept()
        return True


class SharingTab(QWidget):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.dialogs: list[Any] = []
        self.autosave: Any = None
        self.informed = DateEdit()
        self.informed.setObjectName("sharing_informed_date")
        self.informed_error = error_label()
        self.print_info = _button(_("Print information sheet…"), "print_info_sheet")
        self.print_info.clicked.connect(self.print_info_sheet)
        self.print_form = _button(_("Print consent form…"), "print_consent_form")
        self.print_form.clicked.connect(self.print_consent_form)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Informed of what we record (date)")))
        top.addWidget(self.informed)
        top.addWidget(self.informed_error, 1)
        top.addWidget(self.print_info)
        top.addWidget(self.print_form)

        self.consent_table = QTableWidget(0, 6)
        self.consent_table.setObjectName("consent_table")
        self.consent_table.setHorizontalHeaderLabels(
            [_("Kind"), _("Given by"), _("Recipients"), _("Covers"), _("Given"), _("Status")])
        self.consent_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.consent_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.consent_table.horizontalHeader().setStretchLastSection(True)
        self.consent_table.setMinimumHeight(120)
        self.withdraw_button = _button(_("Withdraw consent"), "consent_withdraw")
        self.withdraw_button.clicked.connect(self.withdraw)
        self.consent_form = ConsentForm(store, bus)
        consents_box = QGroupBox(_("Consents"))
        cl = QVBoxLayout(consents_box)
        cl.addWidget(self.consent_table)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.withdraw_button)
        cl.addLayout(row)
        cl.addWidget(self.consent_form)

        self.followon_what = TextEdit()
        self.followon_what.setObjectName("followon_what")
        self.followon_what.setPlaceholderText(_("e.g. SEL § 85"))
        self.followon_status = CodeCombo(labels.codes("followon_status"))
        self.followon_status.setObjectName("followon_status")
        self.followon_save = _button(_("Record status"), "followon_save")
        self.followon_save.clicked.connect(self.save_followon)
        self.followon_list = QLabel()
        self.followon_list.setObjectName("followon_list")
        self.followon_list.setWordWrap(True)
        self.followon_error = error_label()
        followon_box = QGroupBox(_("Follow-on support"))
        fl = QVBoxLayout(followon_box)
        fr = QHBoxLayout()
        fr.addWidget(self.followon_what, 1)
        fr.addWidget(self.followon_status)
        fr.addWidget(self.followon_save)
        fl.addLayout(fr)
        fl.addWidget(self.followon_error)
        fl.addWidget(self.followon_list)

        self.handover_table = QTableWidget(0, 5)
        self.handover_table.setObjectName("handover_table")
        self.handover_table.setHorizontalHeaderLabels(
            [_("Date"), _("Reason"), _("To"), _("Basis"), _("Underretning")])
        self.handover_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.handover_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.handover_table.horizontalHeader().setStretchLastSection(True)
        self.handover_table.setMinimumHeight(100)
        self.handover_table.doubleClicked.connect(lambda *_a: self.show_handover())
        self.new_handover_button = _button(_("New handover…"), "handover_new")
        self.new_handover_button.clicked.connect(self.new_handover)
        self.show_handover_button = _button(_("Show"), "handover_show")
        self.show_handover_button.clicked.connect(self.show_handover)
        self.underretning_button = _button(_("Underretning sent"), "handover_underretning")
        self.underretning_button.clicked.connect(self.record_underretning)
        handover_box = QGroupBox(_("Handovers"))
        hl = QVBoxLayout(handover_box)
        hl.addWidget(self.handover_table)
        hb = QHBoxLayout()
        hb.addWidget(self.new_handover_button)
        hb.addWidget(self.show_handover_button)
        hb.addWidget(self.underretning_button)
        hb.addStretch(1)
        hl.addLayout(hb)

        inner = QWidget()
        il = QVBoxLayout(inner)
        il.addLayout(top)
        il.addWidget(consents_box)
        il.addWidget(followon_box)
        il.addWidget(handover_box)
        il.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        bus.changed.connect(self._changed)

    # data ------------------------------------------------------------------------------------
    def set_citizen(self, citizen_id: str | None) -> None:
        from hfdesk.store import consents
        from ui.autosave import FormAutosave

        if self.autosave is not None:
            self.autosave.close()
            self.autosave.deleteLater()
            self.autosave = None
        self.citizen_id = citizen_id
        if citizen_id is None:
            return
        self.autosave = FormAutosave(
            store=self.store, bus=self.bus, form_key=f"sharing_informed:{citizen_id}",
            citizen_id=citizen_id, root=self, fields={"informed_date": self.informed},
            errors={"informed_date": self.informed_error}, save=self._save_informed)
        self.autosave.load({"informed_date": consents.informed_date(self.store, citizen_id)
                            or ""})
        self.consent_form.set_citizen(citizen_id)
        self.refresh()

    def _save_informed(self, changes: dict[str, Any], _values: dict[str, Any],
                       _excluded: set[str]) -> Any:
        from hfdesk.store import consents

        assert self.citizen_id is not None and self.autosave is not None
        consents.set_informed(self.store, self.citizen_id, changes.get("informed_date"),
                              session=self.autosave.session)
        return True

    def _changed(self, kind: str, _record_id: str, citizen_id: str) -> None:
        if citizen_id == self.citizen_id and kind in ("consent", "handover", "followon_support",
                                                      "actor"):
            self.refresh()

    def refresh(self) -> None:
        from hfdesk.store import consents, handovers

        if self.citizen_id is None:
            return
        rows = consents.with_state(self.store, self.citizen_id)
        self.consent_table.setRowCount(len(rows))
        for n, c in enumerate(rows):
            who = _label(GIVEN_BY, c["given_by"])
            if c.get("custody_holder_name"):
                who = f"{who}: {c['custody_holder_name']}"
            cells = [_label(KINDS, c["kind"]), who,
                     ", ".join(r.get("name") or "" for r in c["recipients"]),
                     ", ".join(labels.label("consent_scope", s) for s in c["scope"]),
                     _fmt(c["given_date"]), c["state_label"]]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c["id"])
                self.consent_table.setItem(n, col, item)
        self.consent_table.resizeColumnsToContents()
        hs = handovers.for_citizen(self.store, self.citizen_id)
        self.handover_table.setRowCount(len(hs))
        for n, h in enumerate(hs):
            under = ""
            if h["underretning_needed"]:
                under = (_fmt(h["underretning_date"]) if h.get("underretning_date")
                         else _("Not sent yet"))
            cells = [_fmt(str(h.get("sent_at") or h["created_at"])[:10]),
                     labels.label("handover_reason", h["reason"]),
                     h.get("recipient_name") or _("Own case"),
                     self._basis_label(h.get("basis")), under]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, h["id"])
                self.handover_table.setItem(n, col, item)
        self.handover_table.resizeColumnsToContents()
        fs = consents.followon(self.store, self.citizen_id)
        self.followon_list.setText("\n".join(
            f"{_fmt(f['status_date'])}: {f['what']} – "
            f"{labels.label('followon_status', f['status'])}" for f in fs)
            or _("No follow-on support recorded."))

    @staticmethod
    def _basis_label(code: str | None) -> str:
        if not code:
            return ""
        if code == "own_case":
            return _("Own case handling")
        if code == "consent":
            return _("Consent")
        return labels.label("disclosure_basis", code)

    def _selected(self, table: QTableWidget) -> str | None:
        row = table.currentRow()
        item = table.item(row, 0) if row >= 0 else None
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    # actions ---------------------------------------------------------------------------------
    def withdraw(self) -> None:
        from hfdesk.store import consents

        cid = self._selected(self.consent_table)
        if cid is None or self.citizen_id is None:
            return
        try:
            consents.withdraw(self.store, cid)
        except UserError as exc:
            QMessageBox.warning(self, _("Withdraw consent"), exc.message)
            return
        self.bus.changed.emit("consent", cid, self.citizen_id)

    def save_followon(self) -> None:
        from hfdesk.store import consents, courses

        if self.citizen_id is None:
            return
        self.followon_error.setVisible(False)
        course = courses.current(self.store, self.citizen_id)
        try:
            rid = consents.record_followon(
                self.store, self.citizen_id, {"what": self.followon_what.value(),
                                              "status": self.followon_status.value()},
                course_id=course["id"] if course else None)
        except UserError as exc:
            self.followon_error.setText(exc.message)
            self.followon_error.setVisible(True)
            return
        self.followon_what.set_value("")
        self.bus.changed.emit("followon_support", rid, self.citizen_id)

    def new_handover(self) -> HandoverDialog | None:
        from hfdesk.store import courses

        if self.citizen_id is None:
            return None
        course = courses.current(self.store, self.citizen_id)
        if course is None:
            QMessageBox.information(self, _("New handover"),
                                    _("The citizen has no course to hand over from."))
            return None
        dialog = HandoverDialog(self.store, self.bus, self.citizen_id, course["id"], self)
        self.dialogs.append(dialog)
        dialog.accepted.connect(lambda: self._preview_handover(dialog))
        dialog.open()
        return dialog

    def _preview_handover(self, dialog: HandoverDialog) -> Any:
        if dialog.pdf is None or dialog.handover_id is None:
            return None
        return self._preview("handover", _("Handover"), dialog.pdf, "overdragelse",
                             dialog.handover_id)

    def show_handover(self) -> Any:
        from hfdesk.documents.handover import build_handover
        from hfdesk.store import handovers

        hid = self._selected(self.handover_table)
        if hid is None:
            return None
        h = handovers.get(self.store, hid)
        if not h.get("content"):
            return None
        return self._preview("handover", _("Handover"), build_handover(h["content"]),
                             "overdragelse", hid)

    def record_underretning(self) -> None:
        from hfdesk.store import handovers

        hid = self._selected(self.handover_table)
        if hid is None or self.citizen_id is None:
            return
        try:
            handovers.record_underretning(self.store, hid)
        except UserError as exc:
            QMessageBox.warning(self, _("Underretning sent"), exc.message)
            return
        self.bus.changed.emit("handover", hid, self.citizen_id)

    def print_info_sheet(self) -> Any:
        from hfdesk.documents.info_sheet import build_info_sheet
        from hfdesk.documents.snapshot import _organisation

        pdf = build_info_sheet({"organisation": _organisation(self.store),
                                "demo": self.store.is_demo})
        return self._preview("info_sheet", _("Information sheet"), pdf, "oplysninger")

    def print_consent_form(self) -> Any:
        from hfdesk.documents.consent_form import build_consent_form, consent_form_snapshot

        if self.citizen_id is None:
            return None
        pdf = build_consent_form(consent_form_snapshot(self.store, self.citizen_id))
        return self._preview("consent_form", _("Consent form"), pdf, "samtykke")

    def _preview(self, kind: str, title: str, pdf: bytes, stem: str,
                 record_id: str | None = None) -> Any:
        from hfdesk.documents.layout import default_file_name
        from ui.preview import PreviewDialog

        assert self.citizen_id is not None
        dialog = PreviewDialog(self.store, self.bus, self.citizen_id, kind, title, pdf,
                               default_file_name(stem, date.today(), self.citizen_id[:8]), self)
        self.dialogs.append(dialog)
        dialog.open()
        return dialog


__all__ = ["ConsentForm", "HandoverDialog", "SharingTab"]
