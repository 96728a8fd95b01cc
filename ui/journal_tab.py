"""Journal: quick entry on top, planned appointments, then the notes newest first.

Locked notes (transferred or over 7 days old) are read-only; they show their additions and
offer "Add" for a dated addition, with the original kept visible.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui import labels
from ui.journal_entry_form import JournalEntryForm
from ui.widgets import NoteEdit
from ui.widgets.flow_layout import FlowLayout
from ui.widgets.form_rows import error_label
from ui.widgets.sizes import text_lines

PAGE = 50


def when_text(entry: dict[str, Any]) -> str:
    from hfdesk.domain.dates import fmt

    when = str(entry.get("occurred_at") or "")
    clock = when[11:16].replace(":", ".")
    return f"{fmt(when[:10])} " + (_("at %(time)s") % {"time": clock} if clock else "")


def entry_heading(entry: dict[str, Any]) -> str:
    parts = [when_text(entry), labels.label("journal_entry_type", entry.get("entry_type")),
             labels.label("journal_status", entry.get("status"))]
    if entry.get("duration_min"):
        parts.append(_("%(n)d min") % {"n": int(entry["duration_min"])})
    if not entry.get("citizen_present") and entry.get("entry_type") != "partner_contact":
        parts.append(_("citizen not present"))
    if entry.get("interpreter_used"):
        parts.append(_("with interpreter"))
    return " · ".join(p for p in parts if p)


class EntryCard(QFrame):
    edit_requested = Signal(dict)

    def __init__(self, store: Any, bus: Any, entry: dict[str, Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hfdesk.domain.dates import fmt

        self.store = store
        self.bus = bus
        self.entry = entry
        self.setProperty("card", True)
        self.setObjectName(f"entry_{entry['id']}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 8)
        head = QHBoxLayout()
        heading = QLabel(entry_heading(entry))
        heading.setProperty("role", "section")
        head.addWidget(heading, 1)
        if entry.get("locked"):
            locked = QLabel(_("Locked"))
            locked.setProperty("chip", "tag")
            head.addWidget(locked)
            self.action = QPushButton(_("Add"))
            self.action.setToolTip(_("Write a dated addition; the note itself stays as it is."))
            self.action.clicked.connect(self._show_addition)
        else:
            self.action = QPushButton(_("Edit"))
            self.action.clicked.connect(lambda: self.edit_requested.emit(self.entry))
        self.action.setAutoDefault(False)
        head.addWidget(self.action)
        layout.addLayout(head)
        if entry.get("life_areas"):
            chips = QWidget()
            flow = FlowLayout(chips)
            for code in entry["life_areas"]:
                chip = QLabel(labels.label("life_area", code))
                chip.setProperty("chip", "tag")
                flow.addWidget(chip)
            layout.addWidget(chips)
        if entry.get("status") == "no_show" and entry.get("missed_reason"):
            layout.addWidget(QLabel(_("Reason: %(reason)s") % {
                "reason": labels.label("missed_reason", entry["missed_reason"])}))
        if entry.get("source"):
            source = QLabel(_("Source: %(source)s") % {"source": entry["source"]})
            source.setTextFormat(Qt.TextFormat.PlainText)
            source.setWordWrap(True)
            source.setProperty("role", "muted")
            layout.addWidget(source)
        note = QLabel(entry.get("note") or "")
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(note)
        for addition in entry.get("additions") or []:
            text = QLabel(_("Addition %(date)s: %(text)s") % {
                "date": fmt(str(addition.get("written_at") or "")[:10]),
                "text": addition.get("text") or ""})
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setProperty("role", "muted")
            layout.addWidget(text)
        from ui.journalisation import transfer_widgets

        # "Overført til journal …" / "Ikke overført" and "Kopiér til fagsystem".
        self.transfer_row = QHBoxLayout()
        self.transfer_row.addStretch(1)
        for widget in transfer_widgets(store, bus, "journal_entry", entry, self):
            self.transfer_row.addWidget(widget)
        layout.addLayout(self.transfer_row)
        self.addition_box = QWidget()
        box = QVBoxLayout(self.addition_box)
        box.setContentsMargins(0, 4, 0, 0)
        self.addition = NoteEdit()
        self.addition.setObjectName("addition_text")
        self.addition.setMaximumHeight(text_lines(self.addition, 3))
        self.addition_error = error_label()
        save = QPushButton(_("Save addition"))
        save.setObjectName("addition_save")
        save.clicked.connect(self._save_addition)
        box.addWidget(self.addition)
        box.addWidget(self.addition_error)
        box.addWidget(save, 0, Qt.AlignmentFlag.AlignRight)
        self.addition_box.setVisible(False)
        layout.addWidget(self.addition_box)

    def _show_addition(self) -> None:
        self.addition_box.setVisible(True)
        self.addition.setFocus()

    def _save_addition(self) -> None:
        from hfdesk.store import journal

        try:
            journal.add_addition(self.store, self.entry["id"], self.addition.toPlainText())
        except UserError as exc:
            self.addition_error.setText(exc.message)
            self.addition_error.setVisible(True)
            return
        self.bus.changed.emit("journal_addition", self.entry["id"], self.entry["citizen_id"])


class JournalTab(QWidget):
    visit_offered = Signal()

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.limit = PAGE
        self.form = JournalEntryForm(store, bus)
        self.form.visit_offered.connect(self.visit_offered.emit)
        self.list_box = QVBoxLayout()
        self.list_box.setSpacing(8)
        self.more = QPushButton(_("Show older notes"))
        self.more.clicked.connect(self._show_more)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.form)
        layout.addLayout(self.list_box)
        layout.addWidget(self.more, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)
        bus.changed.connect(self._changed)

    def set_citizen(self, citizen_id: str) -> None:
        self.citizen_id = citizen_id
        self.limit = PAGE
        self.form.set_citizen(citizen_id)
        self.refresh()

    def _changed(self, kind: str, _record_id: str, citizen_id: str) -> None:
        if citizen_id == self.citizen_id and kind.startswith("journal"):
            self.refresh()

    def _show_more(self) -> None:
        self.limit += PAGE
        self.refresh()

    def _clear(self) -> None:
        while self.list_box.count():
            item = self.list_box.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.setParent(None)
                widget.deleteLater()

    def refresh(self) -> None:
        from hfdesk.store import journal

        self._clear()
        if self.citizen_id is None:
            return
        today = date.today().isoformat()
        entries = journal.for_citizen(self.store, self.citizen_id, limit=self.limit + 1)
        planned = [e for e in entries if e.get("status") == "planned"
                   and str(e.get("occurred_at") or "")[:10] >= today]
        rest = [e for e in entries if e not in planned]
        if planned:
            self.list_box.addWidget(self._heading(_("Planned appointments")))
            for entry in sorted(planned, key=lambda e: str(e.get("occurred_at"))):
                self._add_card(entry)
        self.list_box.addWidget(self._heading(_("Notes, newest first")))
        if not rest:
            empty = QLabel(_("No notes yet. Write the first one above."))
            empty.setProperty("role", "muted")
            self.list_box.addWidget(empty)
        for entry in rest[: self.limit]:
            self._add_card(entry)
        self.more.setVisible(len(entries) > self.limit)

    def _heading(self, text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "section")
        return label

    def _add_card(self, entry: dict[str, Any]) -> None:
        card = EntryCard(self.store, self.bus, entry)
        card.edit_requested.connect(self.form.edit_entry)
        self.list_box.addWidget(card)

    def new_entry(self) -> None:
        self.form.start_new()
        self.scroll.ensureVisible(0, 0)
        self.form.focus_first()

    def show_entry(self, entry_id: str) -> None:
        card = self.findChild(EntryCard, f"entry_{entry_id}")
        if card is not None:
            self.scroll.ensureWidgetVisible(card)
