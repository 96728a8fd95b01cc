"""Left pane: search field, Aktive/Alle, "I dag", matching notes ("I noter") and the citizens.

Names and CPR (with or without the dash) are matched in memory from the first keystroke; notes
through FTS5 from the third character. The list shows preferred name and age, never CPR.
Opening a result found by CPR is audited then (not for every keystroke).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QPaintEvent
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
# Rows added at once to a group; the rest follow right after the list has been painted, so a
# caseload of 2,000 shows (and each keystroke answers) without waiting for rows out of view.
FIRST_ROWS = 150
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


def list_label(brief: dict[str, Any], today: date | None = None) -> str:
    age = age_of(brief, today)
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
        self._labels: dict[str, str] = {}
        self._labels_day = date.today()
        self._kept: dict[tuple[Any, ...], QTreeWidgetItem] = {}
        self._stopped = False
        self._due_pending = False
        self._rest_token = 0
        self._painted = False
        self._after_paint: list[Any] = []  # rows out of view, added once the list is painted
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
        # The citizens now; "I dag" (the reminders walk the whole caseload) once the panel has
        # been painted, so unlocking shows the window without waiting for them.
        self._load_citizens()
        self._refresh_tree()
        self._due_pending = True

    # data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        self._due_pending = False
        self._load_citizens()  # forgets the kept groups too
        self._due = reminders_source.urgent(reminders_source.due(self.store))
        self._refresh_tree()

    def _load_citizens(self) -> None:
        from hfdesk.store import citizens

        self._brief = citizens.list_brief(self.store)
        self._by_id = {b["id"]: b for b in self._brief}
        self._labels = {}
        self._kept.clear()  # detached groups die with their last reference

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        self._painted = True
        if self._after_paint:
            QTimer.singleShot(0, self, self._fill_after_paint)
        if self._due_pending:
            self._due_pending = False
            QTimer.singleShot(0, self, self._load_due)

    def _fill_after_paint(self) -> None:
        fills, self._after_paint = self._after_paint, []
        for fill in fills:
            fill()

    def _load_due(self) -> None:
        if self._stopped:
            return
        self._due = reminders_source.urgent(reminders_source.due(self.store))
        self._kept.pop(("today",), None)  # built again from the new items
        if self._due and not self.search.text().strip():
            self._refresh_tree()

    def label(self, brief: dict[str, Any]) -> str:
        """list_label, computed once per reload rather than once per keystroke."""
        text = self._labels.get(brief["id"])
        if text is None:
            text = self._labels[brief["id"]] = list_label(brief, self._labels_day)
        return text

    def _data_changed(self, kind: str, _record_id: str, _citizen_id: str) -> None:
        self._reload_timer.start()  # many autosaves in a row reload once

    def stop(self) -> None:
        """No more queries (the window closes and the store with it)."""
        self._stopped = True
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
        from hfdesk.store.search import match_names

        q = query.strip()
        pool = self._brief if (q or self.all_citizens.isChecked()) else [
            b for b in self._brief if b.get("active")]
        return match_names(pool, q)

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

    def _keep_group(self, key: tuple[Any, ...], build: Any) -> QTreeWidgetItem:
        """The group for `key` (built by `build()` once), put back at the end of the tree.

        The "I dag" group (thousands of rows over a municipality caseload) and the full list
        are the same on every empty query, so they are detached and kept rather than rebuilt
        on each keystroke that clears the search."""
        group = self._kept.get(key)
        if group is None:
            group = build()
            self._kept[key] = group
        else:
            self.tree.addTopLevelItem(group)
            group.setExpanded(True)
        return group

    def _clear_tree(self) -> None:
        self._rest_token += 1  # rows still waiting for a deleted group are dropped
        kept = {id(g) for g in self._kept.values()}
        for i in reversed(range(self.tree.topLevelItemCount())):
            item = self.tree.topLevelItem(i)
            if item is not None and id(item) in kept:
                self.tree.takeTopLevelItem(i)
        self.tree.clear()

    def _build_today(self) -> QTreeWidgetItem:
        group = self._group(_("Today (%(n)d)") % {"n": len(self._due)}, "today")
        self._add_today_rows(group, self._due[:FIRST_ROWS])
        rest = self._due[FIRST_ROWS:]
        if rest:  # the group is kept, so its rows are wanted even after a keystroke
            self._later(lambda: self._add_rest(-1, group, lambda: self._add_today_rows(
                group, rest)))
        return group

    def _add_today_rows(self, group: QTreeWidgetItem, items: list[dict[str, Any]]) -> None:
        children = []
        for item in items:
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
            children.append(child)
        group.addChildren(children)

    def _later(self, fill: Any) -> None:
        """Run `fill` once the list has been painted (at once when it already has been)."""
        if self._painted:
            QTimer.singleShot(0, self, fill)
            return
        if not self._after_paint:  # a list never painted (hidden) fills in a moment
            QTimer.singleShot(1000, self, self._fill_after_paint)
        self._after_paint.append(fill)

    def _refresh_tree(self, with_notes: bool = True) -> None:
        query = self.search.text()
        self._clear_tree()
        if self._labels_day != date.today():  # ages change at midnight
            self._labels_day = date.today()
            self._labels.clear()
            self._kept.clear()
        if not query.strip() and self._due:
            self._keep_group(("today",), self._build_today)
        if not query.strip():
            # Nothing typed: the whole (active) list, kept between keystrokes like "I dag".
            self._keep_group(("citizens", self.all_citizens.isChecked()),
                             lambda: self._citizen_group(query))
        else:
            self._citizen_group(query)
        if with_notes and query.strip():
            self._add_notes(query)
        first = self._first_result()
        if first is not None and query.strip():
            self.tree.setCurrentItem(first)  # Enter in the search field opens it

    def _citizen_group(self, query: str) -> QTreeWidgetItem:
        found = self.matches(query)
        by_cpr = self.is_cpr_query(query)
        if query.strip():
            title = _("Citizens (%(n)d)") % {"n": len(found)}
        elif self.all_citizens.isChecked():
            title = _("All citizens")
        else:
            title = _("Active citizens")
        group = self._group(title, "citizens")
        self._add_rows(group, found[:FIRST_ROWS], by_cpr)
        rest = found[FIRST_ROWS:]
        if rest:
            self._rest_token += 1
            token = self._rest_token
            self._later(lambda: self._add_rest(token, group, lambda: self._add_rows(
                group, rest, by_cpr)))
        return group

    def _add_rows(self, group: QTreeWidgetItem, briefs: list[dict[str, Any]],
                  by_cpr: bool) -> None:
        from hfdesk.domain.citizens import display_name
        from hfdesk.domain.dates import age_on, to_date

        labels, day = self._labels, self._labels_day
        children = []
        for brief in briefs:
            text = labels.get(brief["id"])
            if text is None:  # list_label(brief, day), without its imports per row
                name = display_name(brief)
                age = age_on(to_date(brief.get("birth_date")), day)
                text = labels[brief["id"]] = f"{name} ({age})" if age is not None else name
            child = QTreeWidgetItem([text])
            child.setData(0, ROLE, ("citizen", brief["id"], by_cpr, ""))
            children.append(child)
        group.addChildren(children)

    def _add_rest(self, token: int, group: QTreeWidgetItem, fill: Any) -> None:
        # The tree was cleared since (another keystroke): the group is gone unless it is kept
        # (detached, alive) for the empty query. Only `is` is asked of a possibly deleted item.
        if token != self._rest_token and not any(group is g for g in self._kept.values()):
            return
        fill()

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
