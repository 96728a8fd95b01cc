"""Henvendelse: created with one explicit button, then autosaved. Contact attempts, the forwarding
of an underretning and the step into a citizen and a course are explicit actions."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError, ValidationError
from hfdesk.i18n import N_, _
from ui import labels
from ui.autosave import FormAutosave
from ui.widgets import CheckField, ChipSelector, CodeCombo, CprEdit, DateEdit, NoteEdit, TextEdit
from ui.widgets.form_rows import add_row, error_label
from ui.widgets.sizes import chars, em, list_rows, text_lines

FIELDS = ("received_date", "person_name", "person_cpr", "person_phone", "person_age",
          "person_birth_date", "source", "source_text", "referrer_actor_id", "referrer_name",
          "from_professional", "underretning", "concern_domains", "concern_other",
          "description", "person_knows", "inform_by", "informed_date", "outcome",
          "outcome_text", "onward_actor_id")
UNDERRETNING = (("received", N_("Underretning received (professional, under 18)")),
                ("own", N_("My own underretning (§ 133)")),
                ("own_child", N_("My own underretning about the young person's child")))
KNOWS = (("yes", N_("Yes")), ("no", N_("No")))
STATUS = {"forward": N_("Send to Børn og Familie"), "waiting": N_("Waiting"),
          "open": N_("Open"), "closed": N_("Closed")}


def status_text(code: str) -> str:
    return _(STATUS.get(code, STATUS["open"]))


def show(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def _actors(store: Any) -> list[tuple[str, str]]:
    from hfdesk.store import actors

    return [(a["id"], " · ".join(p for p in (a["name"], a.get("organisation")) if p))
            for a in actors.list_all(store)]


class ReferralDialog(QDialog):
    def __init__(self, store: Any, bus: Any, referral_id: str | None = None,
                 citizen_id: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.referral_id = referral_id
        self.citizen_id = citizen_id
        self.created_citizen: str | None = None
        self.setWindowTitle(_("New referral") if referral_id is None else _("Referral"))
        self.setMinimumWidth(em(self, 85))
        self.resize(700, 760)
        actors = _actors(store)
        self.editors: dict[str, Any] = {
            "received_date": DateEdit(), "person_name": TextEdit(), "person_cpr": CprEdit(),
            "person_phone": TextEdit(), "person_age": TextEdit(), "person_birth_date": DateEdit(),
            "source": CodeCombo(labels.codes("referral_source")), "source_text": TextEdit(),
            "referrer_actor_id": CodeCombo(actors, empty=_("Not in the register")),
            "referrer_name": TextEdit(),
            "from_professional": CheckField(_("From a professional")),
            "underretning": CodeCombo([(c, _(t)) for c, t in UNDERRETNING],
                                      empty=_("Not an underretning")),
            "concern_domains": ChipSelector(labels.codes("concern_domain")),
            "concern_other": TextEdit(), "description": NoteEdit(),
            "person_knows": CodeCombo([(c, _(t)) for c, t in KNOWS], empty=_("Don't know")),
            "inform_by": DateEdit(), "informed_date": DateEdit(),
            "outcome": CodeCombo(labels.codes("referral_outcome"), empty=_("No outcome yet")),
            "outcome_text": TextEdit(),
            "onward_actor_id": CodeCombo(actors, empty=""),
        }
        for name, editor in self.editors.items():
            editor.setObjectName(f"referral_{name}")
        self.editors["person_age"].setMaximumWidth(chars(self.editors["person_age"], 4))
        self.editors["description"].setMaximumHeight(text_lines(self.editors["description"], 4))
        texts = {
            "received_date": _("Received"), "person_name": _("Name"),
            "person_cpr": _("CPR number"), "person_phone": _("Phone"), "person_age": _("Age"),
            "person_birth_date": _("Birth date"), "source": _("Source"),
            "source_text": _("Source, in words"), "referrer_actor_id": _("Referring actor"),
            "referrer_name": _("Referrer's name"), "from_professional": "",
            "underretning": _("Underretning"), "concern_domains": _("Concern domains"),
            "concern_other": _("Other concern"), "description": _("Description"),
            "person_knows": _("Does the person know?"), "inform_by": _("Inform by"),
            "informed_date": _("Informed on"), "outcome": _("Outcome"),
            "outcome_text": _("Outcome, in words"), "onward_actor_id": _("Passed on to"),
        }
        form = QFormLayout()
        self.errors = {name: add_row(form, texts[name], self.editors[name]) for name in FIELDS}
        self.form_error = error_label()
        self.notice = QLabel()
        self.notice.setObjectName("referral_notice")
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "error")
        self.notice.setVisible(False)
        body = QWidget()
        layout = QVBoxLayout(body)
        hint = QLabel(_("Changes are saved as you type.") if referral_id else
                      _("Date and source are required. Everything else can wait."))
        hint.setProperty("role", "muted")
        layout.addWidget(hint)
        layout.addWidget(self.notice)
        layout.addLayout(form)
        layout.addWidget(self.form_error)
        self.extra = QWidget()
        layout.addWidget(self.extra)
        scroll = QScrollArea()
        scroll.setAccessibleName(self.windowTitle())  # what a screen reader says on Tab
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        buttons = QDialogButtonBox()
        if referral_id is None:
            create = buttons.addButton(_("Create referral"),
                                       QDialogButtonBox.ButtonRole.AcceptRole)
            create.setObjectName("referral_create")
            create.setProperty("primary", True)
            create.setDefault(True)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.create)
        else:
            close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setAutoDefault(False)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)
        self.autosave: FormAutosave | None = None
        if referral_id is None:
            from datetime import date

            self.editors["received_date"].set_value(date.today())
            self.editors["from_professional"].set_value(True)
        else:
            self._build_extra()
            self.autosave = FormAutosave(
                store=store, bus=bus, form_key=f"referral:{referral_id}",
                citizen_id=citizen_id, root=self, fields=self.editors, errors=self.errors,
                save=self._save, form_error=self.form_error,
                aliases={"person_cpr_digits": "person_cpr"})
            self.reload()
        self.editors["received_date"].setFocus()

    # values ---------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        return self._data({n: e.value() for n, e in self.editors.items()}, set(self.editors))

    @staticmethod
    def _data(values: dict[str, Any], names: set[str]) -> dict[str, Any]:
        out = {k: values[k] for k in names if k in values}
        if "person_knows" in out:
            out["person_knows"] = {"yes": True, "no": False}.get(out["person_knows"] or "")
        return out

    def _row_values(self, row: dict[str, Any]) -> dict[str, Any]:
        values = {k: row.get(k) for k in FIELDS}
        knows = row.get("person_knows")
        values["person_knows"] = None if knows is None else ("yes" if knows else "no")
        values["person_age"] = "" if row.get("person_age") is None else str(row["person_age"])
        return values

    def reload(self) -> None:
        from hfdesk.store import referrals

        assert self.referral_id is not None and self.autosave is not None
        row = referrals.get(self.store, self.referral_id)
        self.citizen_id = row.get("citizen_id")
        self.autosave.citizen_id = self.citizen_id
        self.autosave.load(self._row_values(row))
        self._refresh_extra(row)

    # creating -------------------------------------------------------------------------------
    def create(self) -> None:
        from hfdesk.store import referrals

        for label in (*self.errors.values(), self.form_error):
            label.setVisible(False)
        try:
            self.referral_id = referrals.create(
                self.store, self.values(), citizen_id=self.citizen_id,
                sources=labels.code_set("referral_source") or None)
        except UserError as exc:
            target = self.errors.get(exc.field or "") if isinstance(exc, ValidationError) else None
            if exc.field == "person_cpr_digits":
                target = self.errors["person_cpr"]
            show(target or self.form_error, exc.message)
            if exc.field in self.editors:
                self.editors[exc.field].setFocus()
            return
        self.bus.changed.emit("referral", self.referral_id, self.citizen_id or "")
        self.accept()

    def _save(self, changes: dict[str, Any], _values: dict[str, Any], _excluded: set[str]) -> Any:
        from hfdesk.store import referrals

        assert self.referral_id is not None and self.autosave is not None
        referrals.update(self.store, self.referral_id, self._data(changes, set(changes)),
                         session=self.autosave.session,
                         sources=labels.code_set("referral_source") or None)
        row = referrals.get(self.store, self.referral_id)
        self._refresh_extra(row)
        self.bus.changed.emit("referral", self.referral_id, self.citizen_id or "")
        return True

    # contact attempts, forwarding, into a citizen ------------------------------------------------
    def _build_extra(self) -> None:
        layout = QVBoxLayout(self.extra)
        layout.setContentsMargins(0, 0, 0, 0)
        # Underretning: forwarding to Børn og Familie.
        self.forward_box = QFrame()
        self.forward_box.setProperty("card", True)
        fwd = QGridLayout(self.forward_box)
        title = QLabel(_("Forwarding to Børn og Familie"))
        title.setProperty("role", "section")
        fwd.addWidget(title, 0, 0, 1, 4)
        self.forward_state = QLabel()
        self.forward_state.setObjectName("referral_forward_state")
        self.forward_state.setWordWrap(True)
        fwd.addWidget(self.forward_state, 1, 0, 1, 4)
        self.fwd_date = DateEdit()
        self.fwd_date.setObjectName("forward_date")
        self.fwd_how = TextEdit()
        self.fwd_how.setObjectName("forward_how")
        self.fwd_how.setPlaceholderText(_("e.g. secure mail, phone"))
        self.fwd_receipt = TextEdit()
        self.fwd_receipt.setObjectName("forward_receipt")
        self.fwd_receipt.setPlaceholderText(_("receipt, journal number"))
        for col, (text, editor) in enumerate(((_("Date"), self.fwd_date), (_("How"), self.fwd_how),
                                              (_("Receipt"), self.fwd_receipt))):
            label = QLabel(text)
            label.setBuddy(editor)
            fwd.addWidget(label, 2, col)
            fwd.addWidget(editor, 3, col)
        self.fwd_button = QPushButton(_("Record forwarding"))
        self.fwd_button.setObjectName("forward_record")
        self.fwd_button.setAutoDefault(False)
        self.fwd_button.clicked.connect(self.record_forwarding)
        fwd.addWidget(self.fwd_button, 3, 3)
        self.fwd_error = error_label()
        fwd.addWidget(self.fwd_error, 4, 0, 1, 4)
        layout.addWidget(self.forward_box)
        # Contact attempts.
        box = QFrame()
        box.setProperty("card", True)
        grid = QGridLayout(box)
        title = QLabel(_("Contact attempts"))
        title.setProperty("role", "section")
        grid.addWidget(title, 0, 0, 1, 4)
        self.attempts = QTreeWidget()
        self.attempts.setObjectName("referral_attempts")
        self.attempts.setRootIsDecorated(False)
        self.attempts.setHeaderLabels([_("Date"), _("How"), _("Reached"), _("Result")])
        self.attempts.setMaximumHeight(list_rows(self.attempts, 4))
        grid.addWidget(self.attempts, 1, 0, 1, 4)
        self.att_date = DateEdit()
        self.att_date.setObjectName("attempt_date")
        self.att_channel = CodeCombo(labels.codes("contact_attempt_channel"))
        self.att_channel.setObjectName("attempt_channel")
        self.att_reached = CheckField(_("Reached"))
        self.att_reached.setObjectName("attempt_reached")
        self.att_result = TextEdit()
        self.att_result.setObjectName("attempt_result")
        self.att_result.setPlaceholderText(_("Result"))
        grid.addWidget(self.att_date, 2, 0)
        grid.addWidget(self.att_channel, 2, 1)
        grid.addWidget(self.att_reached, 2, 2)
        grid.addWidget(self.att_result, 3, 0, 1, 3)
        add = QPushButton(_("Add attempt"))
        add.setObjectName("attempt_add")
        add.setAutoDefault(False)
        add.clicked.connect(self.add_attempt)
        grid.addWidget(add, 3, 3)
        self.att_error = error_label()
        grid.addWidget(self.att_error, 4, 0, 1, 4)
        layout.addWidget(box)
        # Into a citizen and a course.
        row = QHBoxLayout()
        self.course_state = QLabel()
        self.course_state.setObjectName("referral_course_state")
        self.course_state.setProperty("role", "muted")
        self.course_state.setWordWrap(True)
        self.method = CodeCombo(labels.codes("support_method"))
        self.method.setObjectName("referral_method")
        self.to_course = QPushButton(_("Create citizen and course"))
        self.to_course.setObjectName("referral_to_course")
        self.to_course.setAutoDefault(False)
        self.to_course.clicked.connect(self.make_course)
        row.addWidget(self.course_state, 1)
        row.addWidget(self.method)
        row.addWidget(self.to_course)
        layout.addLayout(row)
        self.course_error = error_label()
        layout.addWidget(self.course_error)

    def _refresh_extra(self, row: dict[str, Any]) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import referrals

        under = bool(row.get("underretning"))
        self.forward_box.setVisible(under)
        if row.get("forwarded_date"):
            self.forward_state.setText(_("Forwarded %(date)s · %(how)s · receipt: %(receipt)s") % {
                "date": fmt(row["forwarded_date"]), "how": row.get("forwarded_how") or "",
                "receipt": row.get("forwarded_receipt") or _("none")})
            self.forward_state.setProperty("role", "")
        else:
            self.forward_state.setText(_("Not forwarded yet. An underretning must go to Børn og "
                                         "Familie the same day; consent is not needed."))
            self.forward_state.setProperty("role", "error")
        self.forward_state.style().unpolish(self.forward_state)
        self.forward_state.style().polish(self.forward_state)
        for w in (self.fwd_date, self.fwd_how, self.fwd_receipt, self.fwd_button):
            w.setEnabled(not row.get("forwarded_date"))
        if under and not row.get("forwarded_date"):
            show(self.notice, _("This is an underretning (Barnets lov kap. 16). Record its "
                                "forwarding to Børn og Familie below."))
        else:
            show(self.notice, None)
        self.attempts.clear()
        for a in referrals.contacts(self.store, row["id"]):
            self.attempts.addTopLevelItem(QTreeWidgetItem([
                fmt(a["attempt_date"]), labels.label("contact_attempt_channel", a["channel"]),
                _("Yes") if a["reached"] else _("No"), a.get("result") or ""]))
        if row.get("course_id"):
            self.course_state.setText(_("Became a course on %(date)s.") % {
                "date": fmt(row.get("outcome_date"))})
        elif row.get("citizen_id"):
            self.course_state.setText(_("Linked to a citizen. Start a course from here."))
        else:
            self.course_state.setText(_("No citizen yet."))
        self.to_course.setEnabled(not row.get("course_id"))
        self.method.setEnabled(not row.get("course_id"))

    def record_forwarding(self) -> None:
        from hfdesk.store import referrals

        assert self.referral_id is not None
        try:
            referrals.record_forwarding(self.store, self.referral_id, {
                "forwarded_date": self.fwd_date.text(), "forwarded_how": self.fwd_how.text(),
                "forwarded_receipt": self.fwd_receipt.text()})
        except UserError as exc:
            show(self.fwd_error, exc.message)
            return
        show(self.fwd_error, None)
        self.reload()
        self.bus.changed.emit("referral", self.referral_id, self.citizen_id or "")

    def add_attempt(self) -> None:
        from hfdesk.store import referrals

        assert self.referral_id is not None
        try:
            referrals.add_contact(self.store, self.referral_id, {
                "attempt_date": self.att_date.text(), "channel": self.att_channel.value(),
                "reached": self.att_reached.value(), "result": self.att_result.text()})
        except UserError as exc:
            show(self.att_error, exc.message)
            return
        show(self.att_error, None)
        self.att_date.clear()
        self.att_result.clear()
        self.att_reached.set_value(False)
        self.reload()
        self.bus.changed.emit("referral_contact", self.referral_id, self.citizen_id or "")

    def make_course(self) -> None:
        from hfdesk.store import referrals

        assert self.referral_id is not None and self.autosave is not None
        self.autosave.flush()
        try:
            cid, _course = referrals.to_citizen_and_course(self.store, self.referral_id,
                                                            method=self.method.value() or "cti")
        except UserError as exc:
            show(self.course_error, exc.message)
            return
        show(self.course_error, None)
        self.created_citizen = cid
        self.reload()
        self.bus.changed.emit("citizen", cid, cid)
        self.bus.changed.emit("referral", self.referral_id, cid)

    def done(self, result: int) -> None:
        if self.autosave is not None:
            self.autosave.close()
        super().done(result)


def dialog_for(store: Any, bus: Any, referral_id: str, parent: QWidget | None = None
               ) -> ReferralDialog:
    from hfdesk.store import referrals

    row = referrals.get(store, referral_id)
    return ReferralDialog(store, bus, referral_id, row.get("citizen_id"), parent=parent)

