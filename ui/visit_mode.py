"""Besøgstilstand: the window shows one citizen only, and leaving asks for the passphrase.

Hidden meanwhile: the citizen list, "I dag", search, the start page and every other name;
the internal opsporing area is folded away. Actions that could show another citizen are
disabled until the mode is left.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QWidget

from hfdesk.i18n import _
from ui.passphrase_prompt import PassphrasePrompt


class VisitMode(QObject):
    changed = Signal(bool)

    def __init__(self, store: Any, window: QWidget, *, hide: Iterable[QWidget],
                 disable: Iterable[QAction], on_change: Callable[[bool], None] | None = None
                 ) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        self.hide_widgets = list(hide)
        self.disable_actions = list(disable)
        self.on_change = on_change
        self.active = False
        self._title = ""
        self.prompt: PassphrasePrompt | None = None

    def enter(self) -> None:
        if self.active:
            return
        self.active = True
        self._title = self.window.windowTitle()
        for widget in self.hide_widgets:
            widget.setVisible(False)
        for action in self.disable_actions:
            action.setEnabled(False)
        self.window.setWindowTitle(_("hfdesk · visit mode"))
        if self.on_change:
            self.on_change(True)
        self.changed.emit(True)

    def leave(self, ask: bool = True) -> None:
        """Ask for the passphrase (non-blocking); the mode ends when it is right."""
        if not self.active:
            return
        if not ask:
            self._restore()
            return
        if self.prompt is not None:
            self.prompt.raise_()
            return
        prompt = PassphrasePrompt(self.store, _("Type your passphrase to leave visit mode."),
                                  self.window, title=_("Leave visit mode"))
        self.prompt = prompt

        def finished(result: int) -> None:
            self.prompt = None
            prompt.deleteLater()
            if result == QDialog.DialogCode.Accepted:
                self._restore()

        prompt.finished.connect(finished)
        prompt.open()

    def _restore(self) -> None:
        self.active = False
        for widget in self.hide_widgets:
            widget.setVisible(True)
        for action in self.disable_actions:
            action.setEnabled(True)
        self.window.setWindowTitle(self._title)
        if self.on_change:
            self.on_change(False)
        self.changed.emit(False)

    def toggle(self) -> None:
        if self.active:
            self.leave()
        else:
            self.enter()
