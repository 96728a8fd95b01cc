"""Left pane: search field, Aktive/Alle, "I dag", matching notes ("I noter") and the citizens.

Names and CPR (with or without the dash) are matched in memory from the first keystroke; notes
through FTS5 from the third character. The list shows preferred name and age, never CPR.
Opening a result found by CPR is audited then (not for every keystroke).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.i18n import _
from ui import reminders_source, style
from ui.widgets.status_chip import severity_text

ROLE = Qt.ItemDataRole.UserRole
SEVERITY_COLOURS = {"overdue": style.OVERDUE, "soon": style.SOON}


def short_name(brief: dict[str, Any]) -> str:
    """Preferred name (or first name) and the surname's initial: "Mia J."."""
    legal = str(brief.get("legal_name") or "").split()
    first = brief.get("preferred_name") or (legal[0] if legal else "?")
    initial = f" {legal[-1][0]}." if len(legal) > 1 else ""
    return f"{first}{initial}"


def list_name(brief: dict[str, Any]) -> str:
    from hfdesk.domain.citizens import display_name

    return display_name(brief)


def age_of(brief: dict[str, Any], today: date | None = None) -> int | None:
    from hfdesk.domain.dates import age_on, to_date

    return age_on(to_date(brief.get("birth_date")), today or date.today())


def list_label(brief: dict[str, Any]) -> str:
    age = age_of(brief)
    return f"{list_name(brief)} ({age})" if age is not None else list_name(brief)


class CitizenTree(QTreeWidget):
    """Enter opens the item (besides a click)."""

    open_requested = Signal(QTreeWidgetItem)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt API)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem():
            self.open_requested.emit(self.currentItem())
            return
        super().keyPressEvent(event)


class CitizenPanel(QWidget):
    # citizen id, found by CPR, journal entry id or ""
    citizen_requested = Signal(str, bool, str)

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self._brief: list[dict[str, Any]] = []
        self._by_id: dict[str, dict[str, Any]] = {}
        self._due: list[dict[str, Any]] = []
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(_("Search name, CPR, note"))
        self.search.setClearButtonEnabled(True)
        self.active_only = QRadioButton(_("Active"))
        self.active_only.setObjectName("filter_active")
        self.all_citizens = QRadioButton(_("All"))
        self.all_citizens.setObjectName("filter_all")
        self.active_only.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.active_only)
        group.addButton(self.all_citizens)
        filters = QHBoxLayout()
        filters.addWidget(self.active_only)
        filters.addWidget(self.all_citizens)
        filters.addStretch(1)
        self.tree = CitizenTree()
        self.tree.setObjectName("citizen_tree")
        self.tree.setHeaderHidden(True)
        # One column: spanning rows across two columns made Qt re-layout the whole tree per
        # row, which took 20 s for a caseload of 2,000. The due status is part of the text.
        self.tree.setColumnCount(1)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(10)
        self.tree.setUniformRowHeights(True)
        self.tree.itemClicked.connect(self._open_item)
        self.tree.open_requested.connect(self._open_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.tree, 1)
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(150)
        self._notes_timer.timeout.connect(self._refresh_tree)
        self._reload_timer = QTimer(self)
        self._reload_timer.setSingleShot(True)
        self._reload_timer.setInterval(300)
        self._reload_timer.timeout.connect(self.reload)
        self.search.textChanged.connect(self._query_changed)
        self.search.returnPressed.connect(self._open_first)
        self.active_only.toggled.connect(lambda _on: self._refresh_tree())
        bus.changed.connect(self._data_changed)
        self.reload()

    # data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        from hfdesk.store import citizens

        self._brief = citizens.list_brief(self.store)
        self._by_id = {b["id"]: b for b in self._brief}
        self._due = reminders_source.urgent(reminders_source.due(self.store))
        self._refresh_tree()

    def _data_changed(self, kind: str, _record_id: str, _citizen_id: str) -> None:
        self._reload_timer.start()  # many autosaves in a row reload once

    def stop(self) -> None:
        """No more queries (the window closes and the store with it)."""
        self._notes_timer.stop()
        self._reload_timer.stop()
        try:
            self.bus.changed.disconnect(self._data_changed)
        except (RuntimeError, TypeError):
            pass

    def brief(self, citizen_id: str) -> dict[str, Any] | None:
        return self._by_id.get(citizen_id)

    # search -------------------------------------------------------------------------------
    def _query_changed(self, text: str) -> None:
        from hfdesk.store.search import MIN_NOTE_QUERY

        if len(text.strip()) >= MIN_NOTE_QUERY:
            self._refresh_tree(with_notes=False)
            self._notes_timer.start()
        else:
            self._notes_timer.stop()
            self._refresh_tree()

    def matches(self, query: str) -> list[dict[str, Any]]:
        from hfdesk.store.search import name_matches

        q = query.strip()
        pool = self._brief if (q or self.all_citizens.isChecked()) else [
            b for b in self._brief if b.get("active")]
        return [b for b in pool if name_matches(b, q)]

    @staticmethod
    def is_cpr_query(query: str) -> bool:
        compact = query.strip().replace("-", "").replace(" ", "")
        return bool(compact) and compact.isdigit()

    def _group(self, title: str, name: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setData(0, ROLE, ("group", name, False, ""))
        self.tree.addTopLevelItem(item)
        item.setExpanded(True)
        return item

    def _refresh_tree(self, with_notes: bool = True) -> None:
        query = self.search.text()
        self.tree.clear()
        if not query.strip() and self._due:
            group = self._group(_("Today (%(n)d)") % {"n": len(self._due)}, "today")
            for item in self._due:
                brief = self._by_id.get(str(item.get("citizen_id")))
                if brief is None:
                    continue
                status = severity_text(str(item.get("severity")))
                child = QTreeWidgetItem([f"{short_name(brief)} · {status} · "
                                         f"{item.get('label', '')}"])
                child.setToolTip(0, f"{status}: {item.get('label', '')}")
                color = SEVERITY_COLOURS.get(str(item.get("severity")))
                if color:
                    child.setForeground(0, QColor(color))
                child.setData(0, ROLE, ("citizen", brief["id"], False, ""))
                group.addChild(child)
        found = self.matches(query)
        by_cpr = self.is_cpr_query(query)
        if query.strip():
            title = _("Citizens (%(n)d)") % {"n": len(found)}
        elif self.all_citizens.isChecked():
            title = _("All citizens")
        else:
            title = _("Active citizens")
        group = self._group(title, "citizens")
        for brief in found:
            child = QTreeWidgetItem([list_label(brief)])
            child.setData(0, ROLE, ("citizen", brief["id"], by_cpr, ""))
            group.addChild(child)
        if with_notes and query.strip():
            self._add_notes(query)
        first = self._first_result()
        if first is not None and query.strip():
            self.tree.setCurrentItem(first)  # Enter in the search field opens it

    def _add_notes(self, query: str) -> None:
        from hfdesk.store import search

        notes = search.notes(self.store, query)
        if not notes:
            return
        group = self._group(_("In notes (%(n)d)") % {"n": len(notes)}, "notes")
        for note in notes:
            brief = self._by_id.get(note["citizen_id"])
            if brief is None:
                continue
            day = str(note.get("occurred_at") or "")[:10]
            from hfdesk.domain.dates import fmt

            child = QTreeWidgetItem([f"{short_name(brief)} · {fmt(day)}"])
            child.setToolTip(0, note["line"])
            line = QTreeWidgetItem([note["line"]])
            line.setData(0, ROLE, ("citizen", brief["id"], False, note["entry_id"]))
            line.setForeground(0, self.palette().placeholderText())
            child.setData(0, ROLE, ("citizen", brief["id"], False, note["entry_id"]))
            group.addChild(child)
            child.addChild(line)
            child.setExpanded(True)

    def _first_result(self) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is not None and group.childCount():
                return group.child(0)
        return None

    def _open_first(self) -> None:
        item = self.tree.currentItem() or self._first_result()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, ROLE)
        if not data or data[0] != "citizen":
            return
        self.citizen_requested.emit(str(data[1]), bool(data[2]), str(data[3]))

    def visible_texts(self) -> list[str]:
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is None:
                continue
            out.append(group.text(0))
            out.extend(group.child(j).text(0) for j in range(group.childCount()))
        return out
