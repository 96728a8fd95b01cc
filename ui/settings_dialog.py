"""Settings: organisation, letterhead, KLE codes, the worker, language, contact thresholds,
folders, the municipality's recovery key and the passphrase.

Everything but the language is stored inside the encrypted database; the language goes to the
plain user config because it is needed before unlock (it applies after restart).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hfdesk import i18n
from hfdesk.errors import UserError
from hfdesk.i18n import N_, _
from ui.unlock import ROLES
from ui.widgets import NoteEdit
from ui.widgets.form_rows import add_row, error_label
from ui.widgets.sizes import em, text_lines

DOCUMENT_TYPES = (("summary", N_("Summary sheet (stamblad)")),)
THRESHOLDS = (("cti_1", N_("CTI phase 1")), ("cti_2", N_("CTI phase 2")), ("icm", N_("ICM")),
              ("default", N_("Other methods and phases")))
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


def folder_row(edit: QLineEdit, parent: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    choose = QPushButton(_("Choose…"))
    choose.setAutoDefault(False)

    def pick() -> None:
        folder = QFileDialog.getExistingDirectory(parent, _("Choose folder"), edit.text())
        if folder:
            edit.setText(folder)

    choose.clicked.connect(pick)
    row.addWidget(choose)
    return box


class SettingsDialog(QDialog):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hfdesk.store import settings

        self.store = store
        self.bus = bus
        self.setWindowTitle(_("Settings"))
        self.setMinimumWidth(em(self, 75))
        current = settings.all_settings(store)
        tabs = QTabWidget()

        org = QWidget()
        form = QFormLayout(org)
        self.organisation = QLineEdit(current.get("organisation") or "")
        self.municipality = QLineEdit(current.get("municipality") or "")
        self.sts_code = QLineEdit(current.get("sts_org_code") or "")
        self.letterhead = NoteEdit()
        self.letterhead.set_value(current.get("neutral_letterhead") or "")
        self.letterhead.setMaximumHeight(text_lines(self.letterhead, 3))
        form.addRow(_("Organisation"), self.organisation)
        form.addRow(_("Municipality"), self.municipality)
        form.addRow(_("KOMBIT STS organisation code"), self.sts_code)
        form.addRow(_("Neutral letterhead for citizen printouts"), self.letterhead)
        self.kle: dict[str, QLineEdit] = {}
        kle_codes = current.get("kle_codes") or {}
        for code, title in DOCUMENT_TYPES:
            edit = QLineEdit(str(kle_codes.get(code, "")))
            edit.setPlaceholderText("27.24.00")
            self.kle[code] = edit
            form.addRow(_("KLE journal plan: %(doc)s") % {"doc": _(title)}, edit)
        tabs.addTab(org, _("Organisation"))

        you = QWidget()
        form = QFormLayout(you)
        self.worker_name = QLineEdit(store.worker_name)
        self.role = QComboBox()
        for code, text in ROLES:
            self.role.addItem(_(text), code)
        self.role.setCurrentIndex(max(0, self.role.findData(store.role)))
        self.unit = QLineEdit(current.get("unit") or "")
        self.language = QComboBox()
        for code in i18n.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current())))
        self.worker_error = add_row(form, _("Your name"), self.worker_name)
        form.addRow(_("Role"), self.role)
        form.addRow(_("Unit"), self.unit)
        form.addRow(_("Language (after restart)"), self.language)
        tabs.addTab(you, _("You"))

        contact = QWidget()
        form = QFormLayout(contact)
        form.addRow(QLabel(_("Alert when the citizen has not been seen for more than:")))
        thresholds = current.get("contact_thresholds") or {}
        self.thresholds: dict[str, QSpinBox] = {}
        for key, title in THRESHOLDS:
            spin = QSpinBox()
            spin.setRange(1, 365)
            spin.setSuffix(" " + _("days"))
            spin.setValue(int(thresholds.get(key, 21)))
            self.thresholds[key] = spin
            form.addRow(_(title), spin)
        tabs.addTab(contact, _("Contact"))

        folders = QWidget()
        form = QFormLayout(folders)
        self.vocab_dir = QLineEdit(current.get("vocab_override_dir") or "")
        self.backup_dir = QLineEdit(current.get("backup_dir") or "")
        form.addRow(_("Code list overrides"), folder_row(self.vocab_dir, self))
        form.addRow(_("Backup folder"), folder_row(self.backup_dir, self))
        # The labels' buddies are the rows, not the fields: name the fields themselves.
        self.vocab_dir.setAccessibleName(_("Code list overrides"))
        self.backup_dir.setAccessibleName(_("Backup folder"))
        # The same warning as in the first start (ui/first_start.py): a backup on the same disk
        # is lost with it.
        self.backup_warning = error_label()
        self.backup_warning.setObjectName("backup_warning")
        form.addRow("", self.backup_warning)
        self.backup_dir.textChanged.connect(self._backup_warning)
        self._backup_warning()
        tabs.addTab(folders, _("Folders"))

        tabs.addTab(self._security_page(), _("Security"))
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _backup_warning(self) -> None:
        from ui.first_start import BackupPage

        text = BackupPage.warning_for(self.store.path, self.backup_dir.text())
        self.backup_warning.setText(text)
        self.backup_warning.setVisible(bool(text))

    def _security_page(self) -> QWidget:
        from hfdesk.store.keyfile import KeyFile, key_path_for

        page = QWidget()
        form = QFormLayout(page)
        try:
            has_recovery = KeyFile.load(key_path_for(self.store.path)).has_recovery
        except UserError:
            has_recovery = False
        self.recovery_state = QLabel(_("A recovery key is set.") if has_recovery else
                                     _("No recovery key: a forgotten passphrase cannot be "
                                       "recovered."))
        self.recovery_state.setWordWrap(True)
        choose = QPushButton(_("Choose the municipality's public key…"))
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose_recovery)
        self.recovery_error = error_label()
        form.addRow(_("Recovery key"), self.recovery_state)
        form.addRow("", choose)
        form.addRow("", self.recovery_error)
        self.old_pw = QLineEdit()
        self.new_pw = QLineEdit()
        self.repeat_pw = QLineEdit()
        for edit in (self.old_pw, self.new_pw, self.repeat_pw):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(_("Current passphrase"), self.old_pw)
        form.addRow(_("New passphrase"), self.new_pw)
        from ui.first_start import passphrase_hint

        self.pw_hint = QLabel(passphrase_hint(""))  # the same strength hint as the first start
        self.pw_hint.setProperty("role", "muted")
        self.pw_hint.setWordWrap(True)
        self.new_pw.textChanged.connect(lambda text: self.pw_hint.setText(passphrase_hint(text)))
        form.addRow("", self.pw_hint)
        form.addRow(_("Repeat new passphrase"), self.repeat_pw)
        change = QPushButton(_("Change passphrase"))
        change.setAutoDefault(False)
        change.clicked.connect(self._change_passphrase)
        self.pw_message = error_label()
        form.addRow("", change)
        form.addRow("", self.pw_message)
        from ui.autolock import idle_minutes

        self.auto_lock = QSpinBox()  # ui/autolock.py: 0 = only Ctrl+L, sleep and screen lock
        self.auto_lock.setObjectName("auto_lock_minutes")
        self.auto_lock.setRange(0, 240)
        self.auto_lock.setValue(idle_minutes(self.store))
        form.addRow(_("Lock after minutes without use (0 = never)"), self.auto_lock)
        return page

    def _choose_recovery(self) -> None:
        from hfdesk.store import database, keyfile

        name, _filter = QFileDialog.getOpenFileName(self, _("Recovery public key"), "",
                                                    _("Key files (*.pem *.pub *.txt);;All (*)"))
        if not name:
            return
        try:
            public = keyfile.load_public_key(Path(name).read_bytes())
            database.set_recovery_key(self.store, public)
        except (UserError, OSError) as exc:
            message = exc.message if isinstance(exc, UserError) else str(exc)
            self.recovery_error.setText(message)
            self.recovery_error.setVisible(True)
            return
        self.recovery_error.setVisible(False)
        self.recovery_state.setText(_("A recovery key is set."))

    def _change_passphrase(self) -> None:
        from hfdesk.store import database

        label = self.pw_message
        if self.new_pw.text() != self.repeat_pw.text():
            label.setText(_("The two passphrases are not the same. Type it again."))
            label.setProperty("role", "error")
            label.setVisible(True)
            return
        try:
            database.change_passphrase(self.store, self.old_pw.text(), self.new_pw.text())
        except UserError as exc:
            label.setText(exc.message)
            label.setProperty("role", "error")
            label.setVisible(True)
            return
        for edit in (self.old_pw, self.new_pw, self.repeat_pw):
            edit.clear()
        label.setText(_("The passphrase is changed. Use the new one from now on."))
        label.setProperty("role", "muted")
        label.style().unpolish(label)
        label.style().polish(label)
        label.setVisible(True)

    def values(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation.text().strip(),
            "municipality": self.municipality.text().strip(),
            "sts_org_code": self.sts_code.text().strip(),
            "neutral_letterhead": self.letterhead.value().strip(),
            "kle_codes": {k: e.text().strip() for k, e in self.kle.items() if e.text().strip()},
            "unit": self.unit.text().strip(),
            "contact_thresholds": {k: s.value() for k, s in self.thresholds.items()},
            "auto_lock_minutes": self.auto_lock.value(),
            "vocab_override_dir": self.vocab_dir.text().strip(),
            "backup_dir": self.backup_dir.text().strip(),
        }

    def save(self) -> None:
        from hfdesk.store import settings

        self.worker_error.setVisible(False)
        try:
            settings.set_worker(self.store, name=self.worker_name.text(),
                                role=str(self.role.currentData()))
            settings.set_many(self.store, self.values())
        except UserError as exc:
            target = self.worker_error if exc.field == "worker_name" else self.error
            target.setText(exc.message)
            target.setVisible(True)
            return
        language = str(self.language.currentData())
        if language != i18n.current():
            from ui.app import save_config

            save_config({"language": language})
            self.bus.status.emit(_("The language changes the next time hfdesk starts."))
        self.bus.changed.emit("settings", "", "")
        self.accept()
