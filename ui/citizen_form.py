"""Citizen form: a new citizen is created with one explicit button; later edits autosave.

Custody holders (name and contact) are shown for a citizen under 18, and whenever some are
recorded; the age comes from the birth date, or from the CPR number while that is empty.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError, ValidationError
from hfdesk.i18n import _
from ui import labels
from ui.autosave import FormAutosave
from ui.widgets import (
    CheckField,
    CodeCombo,
    CprEdit,
    CustodyHoldersEdit,
    DateEdit,
    NoteEdit,
    TextEdit,
)
from ui.widgets.form_rows import add_row, error_label
from ui.widgets.sizes import em, text_lines

FIELDS = ("legal_name", "preferred_name", "cpr", "birth_date", "gender", "phone", "email",
          "address", "protected_address", "language", "interpreter_needed",
          "interpreter_language", "custody_holders", "informed_date", "notes")
ADULT = 18


def age_from(birth_text: str, cpr_text: str, today: date | None = None) -> int | None:
    """The age the typed birth date (else CPR number) gives; None while neither says."""
    from hfdesk.domain import cpr as cprmod
    from hfdesk.domain.dates import age_on, parse_date

    today = today or date.today()
    try:
        birth = parse_date(birth_text, today=today)
    except ValidationError:
        birth = None
    if birth is None:
        try:
            parsed = cprmod.parse(cpr_text, today=today)
        except ValidationError:
            parsed = None
        birth = parsed.birth_date if parsed else None
    return age_on(birth, today)


def check_custody(holders: Any) -> None:
    """A contact without a name would be dropped by the core: say so beside the field."""
    for holder in holders or []:
        if str(holder.get("contact") or "").strip() and not str(holder.get("name") or "").strip():
            raise ValidationError(_("Write the name of the custody holder too, not only how to "
                                    "reach them."), field="custody_holders")


class CitizenFormDialog(QDialog):
    def __init__(self, store: Any, bus: Any, citizen_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id = citizen_id
        self.setWindowTitle(_("New citizen") if citizen_id is None else _("Citizen details"))
        self.setMinimumWidth(em(self, 70))
        self.editors: dict[str, Any] = {
            "legal_name": TextEdit(), "preferred_name": TextEdit(), "cpr": CprEdit(),
            "birth_date": DateEdit(),
            "gender": CodeCombo(labels.codes("gender"), empty=_("Not recorded")),
            "phone": TextEdit(), "email": TextEdit(), "address": NoteEdit(),
            "protected_address": CheckField(_("Protected address (left out of printouts)")),
            "language": TextEdit(), "interpreter_needed": CheckField(_("Needs an interpreter")),
            "interpreter_language": TextEdit(), "custody_holders": CustodyHoldersEdit(),
            "informed_date": DateEdit(), "notes": NoteEdit(),
        }
        for name, editor in self.editors.items():
            editor.setObjectName(f"citizen_{name}")
        self.editors["address"].setMaximumHeight(text_lines(self.editors["address"], 2.5))
        self.editors["notes"].setMaximumHeight(text_lines(self.editors["notes"], 3))
        texts = {
            "legal_name": _("Legal name"), "preferred_name": _("Preferred name"),
            "cpr": _("CPR number"), "birth_date": _("Birth date"), "gender": _("Gender"),
            "phone": _("Phone"), "email": _("E-mail"), "address": _("Address"),
            "protected_address": "", "language": _("Language"), "interpreter_needed": "",
            "interpreter_language": _("Interpreter language"),
            "custody_holders": _("Custody holders"),
            "informed_date": _("Informed (date)"), "notes": _("Notes"),
        }
        self.form = form = QFormLayout()
        self.errors = {name: add_row(form, texts[name], self.editors[name]) for name in FIELDS}
        for name in ("birth_date", "cpr"):
            self.editors[name].edited.connect(self._update_custody_row)
            self.editors[name].editingFinished.connect(self._update_custody_row)
        self.warning = QLabel()
        self.warning.setProperty("role", "muted")
        self.warning.setWordWrap(True)
        self.warning.setVisible(False)
        self.form_error = error_label()
        buttons = QDialogButtonBox()
        if citizen_id is None:
            create = buttons.addButton(_("Create citizen"), QDialogButtonBox.ButtonRole.AcceptRole)
            create.setObjectName("citizen_create")
            create.setDefault(True)
            create.setProperty("primary", True)
            buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            buttons.accepted.connect(self.create)
            buttons.rejected.connect(self.reject)
        else:
            close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
            close.setAutoDefault(False)
            buttons.rejected.connect(self.reject)
        hint = QLabel(_("Changes are saved as you type.") if citizen_id else
                      _("Only the legal name is required. Everything else can wait."))
        hint.setProperty("role", "muted")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addWidget(self.warning)
        layout.addWidget(self.form_error)
        layout.addWidget(buttons)
        self.autosave: FormAutosave | None = None
        if citizen_id is not None:
            from hfdesk.store import citizens

            self.autosave = FormAutosave(
                store=store, bus=bus, form_key=f"citizen:{citizen_id}", citizen_id=citizen_id,
                root=self, fields=self.editors, errors=self.errors, save=self._save,
                form_error=self.form_error, aliases={"cpr_digits": "cpr"})
            self.autosave.load(citizens.get(store, citizen_id))
        self._update_custody_row()
        self.editors["legal_name"].setFocus()

    def custody_shown(self) -> bool:
        age = age_from(self.editors["birth_date"].text(), self.editors["cpr"].text())
        return (age is not None and age < ADULT) or bool(
            self.editors["custody_holders"].rows())

    def _update_custody_row(self) -> None:
        self.form.setRowVisible(self.editors["custody_holders"], self.custody_shown())

    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def _show_warnings(self, warnings: list[str]) -> None:
        self.warning.setText("\n".join(warnings))
        self.warning.setVisible(bool(warnings))

    def create(self) -> None:
        from hfdesk.store import citizens

        for label in (*self.errors.values(), self.form_error):
            label.setVisible(False)
        try:
            values = self.values()
            check_custody(values["custody_holders"])
            self.citizen_id, warnings = citizens.create(self.store, values)
        except UserError as exc:
            target = self.errors.get(exc.field or "") if isinstance(exc, ValidationError) else None
            target = target or self.form_error
            target.setText(exc.message)
            target.setVisible(True)
            if exc.field in self.editors:
                self.editors[exc.field].setFocus()
            return
        if warnings:
            self.bus.status.emit(" ".join(warnings))
        self.bus.changed.emit("citizen", self.citizen_id, self.citizen_id)
        self.accept()

    def _save(self, changes: dict[str, Any], _values: dict[str, Any], _excluded: set[str]) -> Any:
        from hfdesk.store import citizens

        assert self.citizen_id is not None and self.autosave is not None
        if "custody_holders" in changes:
            check_custody(changes["custody_holders"])
        warnings = citizens.update(self.store, self.citizen_id, changes,
                                   session=self.autosave.session)
        self._show_warnings(warnings)
        self.bus.changed.emit("citizen", self.citizen_id, self.citizen_id)
        return True

    def done(self, result: int) -> None:
        if self.autosave is not None:
            self.autosave.close()
        super().done(result)
