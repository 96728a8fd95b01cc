"""Checkable chips for a multi-choice code list (life areas)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from ui.widgets.flow_layout import FlowLayout


class ChipSelector(QWidget):
    edited = Signal()

    def __init__(self, items: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._buttons: dict[str, QPushButton] = {}
        layout = FlowLayout(self)
        for code, label in items:
            button = QPushButton(label, self)
            button.setCheckable(True)
            button.setProperty("chip", True)
            button.setAutoDefault(False)
            button.setObjectName(f"chip_{code}")
            button.clicked.connect(lambda _checked: self.edited.emit())
            layout.addWidget(button)
            self._buttons[code] = button

    def buttons(self) -> dict[str, QPushButton]:
        return dict(self._buttons)

    def value(self) -> list[str]:
        return sorted(code for code, b in self._buttons.items() if b.isChecked())

    def set_value(self, value: Any) -> None:
        chosen = set(value or [])
        for code, button in self._buttons.items():
            button.setChecked(code in chosen)
