"""First start (create the encrypted database) and unlock (open it with the passphrase).

Imports only what these two windows need; the store (sqlite-utils, SQLCipher) and the key file
code (cryptography) are imported when the worker presses the button, after the prompt is shown.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

# No `Qt` namespace here: PySide6 builds its hundred enum classes on first access (about 35 ms,
# a third of a bare window's start), so the prompt avoids it until after it is shown.
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import N_, _

ROLES = (
    ("bostoettemedarbejder", N_("Support worker (bostøttemedarbejder)")),
    ("myndighedsraadgiver", N_("Authority caseworker (myndighedsrådgiver)")),
    ("teamleder", N_("Team leader (teamleder)")),
)


# What the main window needs after the passphrase: imported (and the vocabularies and the date
# formats loaded) in the background once the worker starts typing it, so pressing Enter costs
# the key unwrap and the window, not the imports. Not before the first keystroke: the prompt
# itself must start as light as a bare Qt window. A module missing here is simply imported later.
AFTER_UNLOCK_MODULES = (
    "hfdesk.store.database", "hfdesk.store.migrations", "hfdesk.store.citizens", "hfdesk.vocab",
    "babel.dates", "ui.bus", "ui.main_window", "ui.exchange_dialogs", "ui.referral_inbox",
    "ui.statistics_window", "ui.autolock", "ui.journalisation", "ui.housing_tab",
    # pyzipper and pycryptodome: a quarter second that would otherwise stall the first backup.
    "hfdesk.exchange.backup",
)
_warm: dict[str, threading.Thread] = {}


def _warm_run() -> None:
    import importlib
    from datetime import date

    for name in AFTER_UNLOCK_MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001, S112 (the real import reports it later)
            continue
    try:
        from hfdesk import i18n, vocab

        vocab.default()  # cached for the process: the start page's first label
        i18n.format_date(date.today(), "medium")  # babel's locale data
    except Exception:  # noqa: BLE001, S110 (loaded again, with its real error, when used)
        pass


def warm_up() -> threading.Thread:
    """Start the background warm-up (once); returns its thread."""
    thread = _warm.get("thread")
    if thread is None:
        thread = _warm["thread"] = threading.Thread(target=_warm_run, name="hfdesk-warm-up",
                                                    daemon=True)
        thread.start()
    return thread


def error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


def passphrase_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    # From the font, not pixels (ui.widgets.sizes is not imported here: the prompt stays light).
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 38)
    return edit


class _BusyCursor:
    def __enter__(self) -> None:
        from PySide6.QtCore import Qt

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QApplication.restoreOverrideCursor()


class FirstStartDialog(QDialog):
    """Passphrase twice with a strength hint, the worker's name and role."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.store: Any = None
        self.setWindowTitle(_("Welcome to hfdesk"))
        intro = QLabel(_("hfdesk keeps your caseload encrypted on this computer. Choose a "
                         "passphrase you can remember: it opens the database every day."))
        intro.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setObjectName("worker_name")
        self.role = QComboBox()
        self.role.setObjectName("role")
        for code, text in ROLES:
            self.role.addItem(_(text), code)
        self.passphrase = passphrase_edit()
        self.passphrase.setObjectName("passphrase")
        self.repeat = passphrase_edit()
        self.repeat.setObjectName("passphrase_repeat")
        self.hint = QLabel(_("At least 8 characters; a short sentence is easy to remember."))
        self.hint.setProperty("role", "muted")
        self.hint.setWordWrap(True)
        self.errors = {k: error_label() for k in ("worker_name", "role", "passphrase",
                                                  "passphrase_repeat", "form")}
        path_label = QLabel(_("Database: %(path)s") % {"path": str(self.db_path)})
        path_label.setProperty("role", "muted")
        path_label.setWordWrap(True)

        form = QFormLayout()
        form.addRow(_("Your name"), self.name)
        form.addRow("", self.errors["worker_name"])
        form.addRow(_("Role"), self.role)
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow("", self.hint)
        form.addRow("", self.errors["passphrase"])
        form.addRow(_("Repeat passphrase"), self.repeat)
        form.addRow("", self.errors["passphrase_repeat"])
        buttons = QDialogButtonBox()
        self.create_button = buttons.addButton(_("Create database"),
                                               QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setProperty("primary", True)
        self.create_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.errors["form"])
        layout.addWidget(path_label)
        layout.addWidget(buttons)
        self.passphrase.textChanged.connect(self._update_hint)
        self.name.setFocus()

    def _update_hint(self, text: str) -> None:
        from hfdesk.store.keyfile import check_passphrase_strength

        weak = check_passphrase_strength(text) if text else None
        if not text:
            self.hint.setText(_("At least 8 characters; a short sentence is easy to remember."))
        elif weak:
            self.hint.setText(weak)
        elif len(text) < 14:
            self.hint.setText(_("Acceptable. A few more words make it stronger."))
        else:
            self.hint.setText(_("Strong passphrase."))

    def submit(self) -> None:
        for label in self.errors.values():
            show_error(label, None)
        if self.passphrase.text() != self.repeat.text():
            show_error(self.errors["passphrase_repeat"],
                       _("The two passphrases are not the same. Type it again."))
            self.repeat.clear()
            self.repeat.setFocus()
            return
        from hfdesk.store.database import create_store

        try:
            with _BusyCursor():
                self.store = create_store(self.db_path, self.passphrase.text(),
                                          worker_name=self.name.text(),
                                          role=str(self.role.currentData()))
        except UserError as exc:
            target = self.errors.get(exc.field or "form", self.errors["form"])
            show_error(target, exc.message)
            return
        self.accept()


class UnlockDialog(QDialog):
    """The passphrase, and a Danish message beside it when it is wrong."""

    def __init__(self, db_path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db_path = Path(db_path)
        self.store: Any = None
        self.setWindowTitle(_("Unlock hfdesk"))
        title = QLabel(_("Type your passphrase to open your caseload."))
        title.setWordWrap(True)
        self.passphrase = passphrase_edit()
        self.passphrase.setObjectName("passphrase")
        self.passphrase.textEdited.connect(lambda _text: warm_up())
        self.error = error_label()
        self.path_label = QLabel()
        self.path_label.setProperty("role", "muted")
        self.path_label.setWordWrap(True)
        self._show_path()
        other = QPushButton(_("Open another database…"))
        other.setAutoDefault(False)
        other.clicked.connect(self._choose_other)
        buttons = QDialogButtonBox()
        self.unlock_button = buttons.addButton(_("Unlock"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.unlock_button.setProperty("primary", True)
        self.unlock_button.setDefault(True)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("Passphrase"), self.passphrase)
        form.addRow("", self.error)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.path_label)
        other_row = QHBoxLayout()  # left-aligned by the stretch, without the Qt namespace
        other_row.addWidget(other)
        other_row.addStretch(1)
        layout.addLayout(other_row)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def _show_path(self) -> None:
        from hfdesk.paths import storage_warning

        text = _("Database: %(path)s") % {"path": str(self.db_path)}
        warning = storage_warning(self.db_path)  # a synced or network folder
        self.path_label.setText(f"{text}\n{warning}" if warning else text)

    def _choose_other(self) -> None:
        name, _filter = QFileDialog.getOpenFileName(
            self, _("Open database"), str(self.db_path.parent), _("hfdesk database (*.db)"))
        if name:
            self.db_path = Path(name)
            self._show_path()
            show_error(self.error, None)

    def submit(self) -> None:
        show_error(self.error, None)
        from hfdesk.store.database import open_store

        try:
            with _BusyCursor():
                self.store = open_store(self.db_path, self.passphrase.text())
        except UserError as exc:
            show_error(self.error, exc.message)
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            return
        self.accept()


def ask_for_store(db_path: Path, parent: QWidget | None = None) -> Any:
    """The open Store, or None when the worker cancels."""
    dialog: FirstStartDialog | UnlockDialog
    dialog = UnlockDialog(db_path, parent) if Path(db_path).exists() else FirstStartDialog(
        db_path, parent)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.store
        return None
    finally:
        dialog.deleteLater()
