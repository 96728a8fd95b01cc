"""Ask for the passphrase again (leaving visit mode, unlocking after Ctrl+L)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui.widgets.form_rows import error_label


def passphrase_is_right(store: Any, passphrase: str) -> bool:
    """Raises UserError with the Danish message when wrong."""
    from hfdesk.store.keyfile import KeyFile, key_path_for

    if getattr(store, "suspended", False):  # locked: the key was dropped; this reopens it
        store.resume(passphrase)
        return True
    return KeyFile.load(key_path_for(store.path)).unwrap(passphrase) == store.key


class PassphrasePrompt(QDialog):
    def __init__(self, store: Any, text: str, parent: QWidget | None = None,
                 title: str | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle(title or _("Passphrase"))
        message = QLabel(text)
        message.setWordWrap(True)
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("prompt_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.passphrase.setFocus()

    def submit(self) -> None:
        try:
            ok = passphrase_is_right(self.store, self.passphrase.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            self.passphrase.selectAll()
            return
        if ok:
            self.accept()
