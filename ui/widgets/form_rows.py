"""A labelled editor with its message beside it, in reading order."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QWidget


def error_label() -> QLabel:
    label = QLabel()
    label.setProperty("role", "error")
    label.setWordWrap(True)
    label.setVisible(False)
    return label


def add_row(form: QFormLayout, text: str, editor: QWidget) -> QLabel:
    """Add `editor` under `text`, and a hidden message line under it; return the message."""
    label = QLabel(text)
    label.setBuddy(editor)
    form.addRow(label, editor)
    message = error_label()
    form.addRow("", message)
    return message
