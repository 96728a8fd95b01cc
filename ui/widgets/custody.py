"""Custody holders for a citizen under 18: rows of name and contact, added and removed by keyboard.

A bound field like the others (`value()`, `set_value()`, `edited`): the value is a list of
{"name", "contact"} with the fully empty rows left out, so "Add" alone saves nothing.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from hfdesk.i18n import _
from ui.widgets.fields import TextEdit

MAX_ROWS = 10  # the core keeps at most ten


class CustodyRow(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = TextEdit()
        self.name.setObjectName("custody_name")
        self.name.setPlaceholderText(_("Name"))
        self.name.setAccessibleName(_("Name of the custody holder"))
        self.contact = TextEdit()
        self.contact.setObjectName("custody_contact")
        self.contact.setPlaceholderText(_("Phone or e-mail"))
        self.contact.setAccessibleName(_("How to reach the custody holder"))
        self.remove = QPushButton(_("Remove"))
        self.remove.setObjectName("custody_remove")
        self.remove.setAutoDefault(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name, 3)
        layout.addWidget(self.contact, 2)
        layout.addWidget(self.remove)

    def value(self) -> dict[str, str]:
        return {"name": self.name.text(), "contact": self.contact.text()}

    def is_empty(self) -> bool:
        return not (self.name.text().strip() or self.contact.text().strip())


class CustodyHoldersEdit(QWidget):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[CustodyRow] = []
        self._filters: list[QObject] = []
        self._box = QVBoxLayout()
        self._box.setContentsMargins(0, 0, 0, 0)
        self._box.setSpacing(4)
        self.add_button = QPushButton(_("Add custody holder"))
        self.add_button.setObjectName("custody_add")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(self._box)
        layout.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)

    def installEventFilter(self, watcher: QObject) -> None:  # noqa: N802 (Qt API)
        """The autosave watches every child (Ctrl+Z, leaving a field); rows added later too."""
        super().installEventFilter(watcher)
        if watcher not in self._filters:
            self._filters.append(watcher)

    def rows(self) -> list[CustodyRow]:
        return list(self._rows)

    # editing --------------------------------------------------------------------------------
    def _new_row(self) -> CustodyRow:
        row = CustodyRow(self)
        row.name.edited.connect(self.edited.emit)
        row.contact.edited.connect(self.edited.emit)
        row.remove.clicked.connect(lambda _checked=False, r=row: self.remove_row(r))
        for child in (row, row.name, row.contact, row.remove):
            for watcher in self._filters:
                child.installEventFilter(watcher)
        self._box.addWidget(row)
        row.show()  # at once, not queued: Tab right after "Add" must reach the contact field
        self._rows.append(row)
        self._fix_tab_order()
        self.add_button.setEnabled(len(self._rows) < MAX_ROWS)
        return row

    def add_row(self) -> CustodyRow | None:
        """A new empty row with the focus in its name field (nothing is saved until typed)."""
        if len(self._rows) >= MAX_ROWS:
            return None
        row = self._new_row()
        row.name.setFocus(Qt.FocusReason.TabFocusReason)
        return row

    def remove_row(self, row: CustodyRow) -> None:
        if row not in self._rows:
            return
        index = self._rows.index(row)
        was_empty = row.is_empty()
        self._drop(row)
        following = self._rows[index] if index < len(self._rows) else None
        (following.name if following is not None else self.add_button).setFocus(
            Qt.FocusReason.TabFocusReason)
        if not was_empty:
            self.edited.emit()

    def _drop(self, row: CustodyRow) -> None:
        self._rows.remove(row)
        self._box.removeWidget(row)
        row.hide()
        row.setParent(None)
        row.deleteLater()
        self.add_button.setEnabled(len(self._rows) < MAX_ROWS)
        self._fix_tab_order()

    def _fix_tab_order(self) -> None:
        """Reading order: each row's name, contact and Remove, then Add."""
        chain: list[QWidget] = []
        for row in self._rows:
            chain += [row.name, row.contact, row.remove]
        chain.append(self.add_button)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    # the bound-field interface --------------------------------------------------------------
    def value(self) -> list[dict[str, str]]:
        return [row.value() for row in self._rows if not row.is_empty()]

    def set_value(self, value: Any) -> None:
        items = [item for item in (value or []) if isinstance(item, dict)][:MAX_ROWS]
        while len(self._rows) > len(items):
            self._drop(self._rows[-1])
        while len(self._rows) < len(items):
            self._new_row()
        for row, item in zip(self._rows, items, strict=True):
            name, contact = str(item.get("name") or ""), str(item.get("contact") or "")
            if row.name.text() != name:
                row.name.setText(name)
            if row.contact.text() != contact:
                row.contact.setText(contact)
