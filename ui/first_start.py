"""The guided first start on an empty data folder.

Language → organisation and municipality → the municipality's recovery key → the worker →
the passphrase → where backups go → done (with an offer to open the demo caseload as a separate
file marked DEMO). "Restore from backup" on the first page is the new-laptop path instead: it
restores a backup zip with the existing, checked restore (hfdesk.exchange.backup.restore).

Everything chosen here can be changed later in Settings (ui/settings_dialog.py). Heavy modules
(the store, the backup code) are imported when a page needs them, not when the guide opens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from hfdesk import i18n
from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui.unlock import ROLES, _BusyCursor, error_label, passphrase_edit, show_error

LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}
RESTART = 2  # the dialog result when the language changed and the guide starts again

(PAGE_WELCOME, PAGE_ORGANISATION, PAGE_RECOVERY, PAGE_WORKER, PAGE_PASSPHRASE, PAGE_BACKUP,
 PAGE_FINISH, PAGE_RESTORE) = range(8)


def demo_path_for(db_path: Path) -> Path:
    """The demo caseload lives in its own file beside the real one, never inside it."""
    return Path(db_path).with_name("hfdesk-demo.db")


def passphrase_hint(text: str) -> str:
    from hfdesk.store.keyfile import check_passphrase_strength

    if not text:
        return _("At least 8 characters; a short sentence is easy to remember.")
    weak = check_passphrase_strength(text)
    if weak:
        return weak
    if len(text) < 14:
        return _("Acceptable. A few more words make it stronger.")
    return _("Strong passphrase.")


def _muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def _intro(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _row(form: QFormLayout, text: str, editor: QWidget, target: QWidget | None = None) -> None:
    """A labelled row whose label is the editor's buddy (Alt+letter and screen readers)."""
    label = QLabel(text)
    label.setBuddy(target or editor)
    (target or editor).setAccessibleName(text.replace("&", ""))
    form.addRow(label, editor)


def file_row(edit: QLineEdit, button_text: str, pick: Any) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(edit, 1)
    button = QPushButton(button_text)
    button.setAutoDefault(False)
    button.setAccessibleName(button_text.replace("…", ""))
    button.clicked.connect(pick)
    row.addWidget(button)
    edit.setProperty("chooser", button)
    return box


class WelcomePage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.guide = wizard
        self.setTitle(_("Welcome to hfdesk"))
        self.setSubTitle(_("hfdesk keeps your caseload encrypted on this computer."))
        self.language = QComboBox()
        self.language.setObjectName("first_language")
        for code in i18n.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(i18n.current())))
        self.language.currentIndexChanged.connect(self._language_changed)
        self.new_db = QRadioButton(_("Start with a new, empty database"))
        self.new_db.setObjectName("first_new")
        self.restore = QRadioButton(_("Restore from backup (a new laptop)"))
        self.restore.setObjectName("first_restore")
        self.new_db.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.new_db)
        group.addButton(self.restore)
        form = QFormLayout()
        _row(form, _("&Language"), self.language)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.new_db)
        layout.addWidget(self.restore)
        layout.addWidget(_muted(_("Choose restore when your caseload was on another computer and "
                                  "you have a backup file from it.")))
        layout.addStretch(1)

    def _language_changed(self, _index: int) -> None:
        lang = str(self.language.currentData())
        if lang != i18n.current():
            self.guide.restart_language = lang
            self.guide.done(RESTART)

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        return PAGE_RESTORE if self.restore.isChecked() else PAGE_ORGANISATION


class OrganisationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Organisation"))
        self.setSubTitle(_("Printouts carry the organisation's name. Both can be changed later "
                           "in Settings."))
        self.organisation = QLineEdit()
        self.organisation.setObjectName("first_organisation")
        self.municipality = QLineEdit()
        self.municipality.setObjectName("first_municipality")
        form = QFormLayout(self)
        _row(form, _("&Organisation"), self.organisation)
        _row(form, _("&Municipality"), self.municipality)


class RecoveryPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.guide = wizard
        self.public_key: Any = None
        self.setTitle(_("The municipality's recovery key"))
        self.setSubTitle(_("A file from the municipality's IT (for example kommune.pub.pem). "
                           "With it, IT can let you in again if you forget your passphrase."))
        self.path = QLineEdit()
        self.path.setObjectName("first_recovery_key")
        self.path.textChanged.connect(self._update)
        self.warning = QLabel()
        self.warning.setObjectName("first_recovery_warning")
        self.warning.setProperty("role", "error")
        self.warning.setWordWrap(True)
        self.error = error_label()
        form = QFormLayout(self)
        _row(form, _("&Public key file"), file_row(self.path, _("Choose…"), self._choose),
             self.path)
        form.addRow("", self.error)
        form.addRow(self.warning)
        self._update()

    def _choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Recovery public key"), "", _("Key files (*.pem *.pub *.txt);;All (*)"))
        if name:
            self.path.setText(name)

    def _update(self) -> None:
        show_error(self.error, None)
        self.warning.setText(_(
            "Without the municipality's recovery key nobody can open your data if you forget "
            "your passphrase: the data is then lost. You can add the key later in Settings.")
            if not self.path.text().strip() else "")
        self.warning.setVisible(not self.path.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        text = self.path.text().strip()
        self.public_key = None
        if not text:
            return True
        from hfdesk.store import keyfile

        try:
            self.public_key = keyfile.load_public_key(Path(text).expanduser().read_bytes())
        except OSError:
            show_error(self.error, _("The file %(file)s cannot be read. Choose the key file "
                                     "from IT again.") % {"file": text})
            return False
        except UserError as exc:
            show_error(self.error, exc.message)
            return False
        return True


class WorkerPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("You"))
        self.setSubTitle(_("Your notes and printouts carry your name."))
        self.name = QLineEdit()
        self.name.setObjectName("first_worker_name")
        self.role = QComboBox()
        self.role.setObjectName("first_role")
        for code, text in ROLES:
            self.role.addItem(_(text), code)
        self.error = error_label()
        form = QFormLayout(self)
        _row(form, _("Your &name"), self.name)
        form.addRow("", self.error)
        _row(form, _("&Role"), self.role)

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        from hfdesk.domain import worker

        try:
            worker.validate(self.name.text(), str(self.role.currentData()))
        except UserError as exc:
            show_error(self.error, exc.message)
            self.name.setFocus()
            return False
        show_error(self.error, None)
        return True


class PassphrasePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Passphrase"))
        self.setSubTitle(_("Choose a passphrase you can remember: it opens the database every "
                           "day. Nobody can look it up for you."))
        self.passphrase = passphrase_edit()
        self.passphrase.setObjectName("first_passphrase")
        self.repeat = passphrase_edit()
        self.repeat.setObjectName("first_passphrase_repeat")
        self.hint = _muted(passphrase_hint(""))
        self.hint.setObjectName("first_passphrase_hint")
        self.error = error_label()
        self.passphrase.textChanged.connect(lambda t: self.hint.setText(passphrase_hint(t)))
        form = QFormLayout(self)
        _row(form, _("&Passphrase"), self.passphrase)
        form.addRow("", self.hint)
        _row(form, _("R&epeat passphrase"), self.repeat)
        form.addRow("", self.error)

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        from hfdesk.store.keyfile import check_passphrase_strength

        weak = check_passphrase_strength(self.passphrase.text())
        if weak:
            show_error(self.error, weak)
            self.passphrase.setFocus()
            return False
        if self.passphrase.text() != self.repeat.text():
            show_error(self.error, _("The two passphrases are not the same. Type it again."))
            self.repeat.clear()
            self.repeat.setFocus()
            return False
        show_error(self.error, None)
        return True


def nearest_existing(path: Path) -> Path:
    """The folder itself or its nearest parent that exists (to compare disks before creating)."""
    path = Path(path).expanduser()
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return path


class BackupPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.guide = wizard
        self.setTitle(_("Backups"))
        self.setSubTitle(_("hfdesk makes a checked backup every day and when you close it. "
                           "Choose a folder on a USB drive or a network drive."))
        self.folder = QLineEdit()
        self.folder.setObjectName("first_backup_dir")
        self.folder.textChanged.connect(self._update)
        self.warning = QLabel()
        self.warning.setObjectName("first_backup_warning")
        self.warning.setProperty("role", "error")
        self.warning.setWordWrap(True)
        form = QFormLayout(self)
        _row(form, _("&Backup folder"), file_row(self.folder, _("Choose…"), self._choose),
             self.folder)
        form.addRow(self.warning)
        self._update()

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Choose folder"), self.folder.text())
        if folder:
            self.folder.setText(folder)

    @staticmethod
    def warning_for(db_path: Path, folder: str) -> str:
        """No folder, or a folder on the database's disk: said plainly (also in Settings)."""
        text = folder.strip()
        if not text:
            return _("Without a backup folder no backup is made. A broken or lost laptop then "
                     "means the caseload is lost.")
        from hfdesk.exchange.backup import same_disk_warning

        return same_disk_warning(nearest_existing(Path(db_path).parent),
                                 nearest_existing(Path(text))) or ""

    def warning_text(self) -> str:
        return self.warning_for(self.guide.db_path, self.folder.text())

    def _update(self) -> None:
        text = self.warning_text()
        self.warning.setText(text)
        self.warning.setVisible(bool(text))


class FinishPage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.guide = wizard
        self.setTitle(_("Ready"))
        self.setSubTitle(_("hfdesk now creates your encrypted database."))
        self.summary = _intro("")
        self.summary.setObjectName("first_summary")
        self.demo = QCheckBox(_("Also open the demo caseload to practise"))
        self.demo.setObjectName("first_demo")
        demo_note = _muted(_("The demo is a separate file marked DEMO, with made-up people. It "
                             "never mixes with your own caseload."))
        self.error = error_label()
        self.error.setObjectName("first_error")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.demo)
        layout.addWidget(demo_note)
        layout.addWidget(_muted(_("Everything here can be changed later under File → "
                                  "Settings.")))
        layout.addWidget(self.error)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        return -1

    def initializePage(self) -> None:  # noqa: N802 (Qt API)
        g = self.guide
        lines = [
            _("Database: %(path)s") % {"path": str(g.db_path)},
            _("Organisation: %(name)s") % {"name": g.organisation.organisation.text().strip()
                                            or "–"},
            _("Recovery key: %(state)s") % {"state": _("set") if g.recovery.path.text().strip()
                                             else _("none")},
            _("Backup folder: %(folder)s") % {"folder": g.backup.folder.text().strip() or "–"},
        ]
        self.summary.setText("\n".join(lines))

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        try:
            with _BusyCursor():
                self.guide.create()
        except UserError as exc:
            show_error(self.error, exc.message)
            return False
        return True


class RestorePage(QWizardPage):
    def __init__(self, wizard: FirstStartWizard) -> None:
        super().__init__()
        self.guide = wizard
        self.setTitle(_("Restore from backup"))
        self.setSubTitle(_("Choose the backup file from your old laptop and type the passphrase "
                           "it was made with. The backup is checked before it is used."))
        self.source = QLineEdit()
        self.source.setObjectName("restore_source")
        self.passphrase = passphrase_edit()
        self.passphrase.setObjectName("restore_passphrase")
        self.error = error_label()
        self.error.setObjectName("restore_error")
        form = QFormLayout(self)
        _row(form, _("Backup &file"), file_row(self.source, _("Choose…"), self._choose),
             self.source)
        _row(form, _("&Passphrase"), self.passphrase)
        form.addRow("", self.error)
        form.addRow(_muted(_("Restored to: %(path)s") % {"path": str(wizard.db_path)}))
        self.setFinalPage(True)

    def _choose(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(self, _("Restore"), "", "Zip (*.zip)")
        if name:
            self.source.setText(name)

    def nextId(self) -> int:  # noqa: N802 (Qt API)
        return -1

    def validatePage(self) -> bool:  # noqa: N802 (Qt API)
        try:
            with _BusyCursor():
                self.guide.restore_backup(Path(self.source.text().strip()),
                                          self.passphrase.text())
        except UserError as exc:
            show_error(self.error, exc.message)
            return False
        return True


class FirstStartWizard(QWizard):
    """The guide. After it is accepted, `store` is the open database (and `demo_store` the
    demo one when the worker asked for it)."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.store: Any = None
        self.demo_store: Any = None
        self.restart_language: str | None = None
        self.setWindowTitle(_("Welcome to hfdesk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.welcome = WelcomePage(self)
        self.organisation = OrganisationPage()
        self.recovery = RecoveryPage(self)
        self.worker = WorkerPage()
        self.passphrase = PassphrasePage()
        self.backup = BackupPage(self)
        self.finish = FinishPage(self)
        self.restore = RestorePage(self)
        for page_id, page in ((PAGE_WELCOME, self.welcome),
                              (PAGE_ORGANISATION, self.organisation),
                              (PAGE_RECOVERY, self.recovery), (PAGE_WORKER, self.worker),
                              (PAGE_PASSPHRASE, self.passphrase), (PAGE_BACKUP, self.backup),
                              (PAGE_FINISH, self.finish), (PAGE_RESTORE, self.restore)):
            self.setPage(page_id, page)
        self.setStartId(PAGE_WELCOME)

    def create(self) -> None:
        """Create the database with everything the guide collected (the Finish page)."""
        from hfdesk.store import database, settings

        if self.store is None:
            self.store = database.create_store(
                self.db_path, self.passphrase.passphrase.text(),
                worker_name=self.worker.name.text(), role=str(self.worker.role.currentData()),
                recovery=self.recovery.public_key)
            settings.set_many(self.store, {
                "organisation": self.organisation.organisation.text().strip(),
                "municipality": self.organisation.municipality.text().strip(),
                "backup_dir": self.backup.folder.text().strip(),
            })
        if self.finish.demo.isChecked() and self.demo_store is None:
            self.demo_store = open_demo(self.db_path, self.passphrase.passphrase.text(),
                                        self.worker.name.text())

    def restore_backup(self, source: Path, passphrase: str) -> None:
        from hfdesk.exchange import backup
        from hfdesk.store import database

        if not str(source) or str(source) == ".":
            raise UserError(_("Choose the backup file first."))
        if not Path(source).is_file():
            raise UserError(_("The file %(file)s does not exist. Choose the backup file "
                              "again.") % {"file": str(source)})
        backup.restore(source, self.db_path, passphrase=passphrase)
        self.store = database.open_store(self.db_path, passphrase)


def open_demo(db_path: Path, passphrase: str, worker_name: str) -> Any:
    """The demo caseload in its own file, created the first time, marked DEMO everywhere."""
    from hfdesk import demo
    from hfdesk.store import database

    path = demo_path_for(db_path)
    if path.exists():
        return database.open_store(path, passphrase)
    store = database.create_store(path, passphrase, worker_name=worker_name, demo=True)
    try:
        demo.generate(store, size="worker")
    except BaseException:
        store.close()
        raise
    return store


def run_first_start(db_path: Path, parent: QWidget | None = None) -> FirstStartWizard | None:
    """Show the guide until it is finished or cancelled; a language change starts it again
    in the new language. Returns the accepted wizard (with its stores) or None."""
    from ui import app as app_module

    while True:
        wizard = FirstStartWizard(db_path, parent)
        try:
            result = wizard.exec()
        finally:
            wizard.deleteLater()
        if result == RESTART and wizard.restart_language:
            app_module.prepare(wizard.restart_language)
            app_module.save_config({"language": wizard.restart_language})
            continue
        return wizard if result == QWizard.DialogCode.Accepted and wizard.store else None


__all__ = ["FirstStartWizard", "demo_path_for", "open_demo", "run_first_start"]
