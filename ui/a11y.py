"""Accessible names where a layout gives none.

Qt's accessibility layer names a field after its own accessible name or its buddy label. A field
in a row of fields (the action row in Opsporing, the note under the journal's chips) often has
only a placeholder, and a tab's scroll area has nothing at all: a screen reader then says "edit"
or "scroll area". `name_unnamed()` runs once a tab is built (buddies are set by then) and names
those from the placeholder and the tab title. It never replaces a name, and it looks only at
text fields and scroll areas, so a tab with a thousand widgets costs a few milliseconds.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QTextEdit, QWidget


def name_unnamed(root: QWidget, title: str) -> None:
    """Name the unnamed text fields of `root` from their placeholders, and its scroll areas
    (which take focus for keyboard scrolling) after `title`."""
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel)
               if label.buddy() is not None}
    fields: list[QWidget] = [*root.findChildren(QLineEdit), *root.findChildren(QPlainTextEdit),
                             *root.findChildren(QTextEdit)]
    for field in fields:
        if field.accessibleName() or id(field) in buddies:
            continue
        placeholder = field.placeholderText().strip()  # type: ignore[attr-defined]
        if placeholder:
            field.setAccessibleName(placeholder)
    areas = root.findChildren(QScrollArea) + ([root] if isinstance(root, QScrollArea) else [])
    for area in areas:
        if not area.accessibleName():
            area.setAccessibleName(title)
