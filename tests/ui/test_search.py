"""Search as you type: name, CPR with and without the dash, a word in a note."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt

from hfdesk.store import audit, citizens, journal
from tests.ui.conftest import press, shortcut, type_text


def results(window: Any, group: str) -> list[tuple[str, Any]]:
    tree = window.panel.tree
    out = []
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top.data(0, Qt.ItemDataRole.UserRole)[1] == group:
            out = [(top.child(j).text(0), top.child(j).data(0, Qt.ItemDataRole.UserRole))
                   for j in range(top.childCount())]
    return out


def search(window: Any, qtbot: Any, text: str) -> None:
    shortcut(qtbot, window, Qt.Key.Key_F)
    assert window.focusWidget() is window.panel.search
    window.panel.search.clear()
    type_text(qtbot, window, text)


def test_find_by_name_cpr_and_note(window: Any, qtbot: Any, store: Any,
                                   citizen_id: str) -> None:
    other, _w = citizens.create(store, {"legal_name": "Ali Karimi", "cpr": "0101054234"})
    journal.add(store, citizen_id, {"occurred_at": datetime(2026, 3, 2, 10, 0),
                                    "entry_type": "phone", "note": "Første linje\n"
                                    "Vi talte om en cykelhjelm til skolevejen."})
    window.panel.reload()

    search(window, qtbot, "m")  # from the first keystroke
    names = [t for t, _d in results(window, "citizens")]
    assert names and all("Mia" in n for n in names)
    assert all("1203" not in n for n in window.panel.visible_texts())  # never CPR in the list

    for query in ("120394-1234", "1203941234", "120394"):
        search(window, qtbot, query)
        found = results(window, "citizens")
        assert [d[1] for _t, d in found] == [citizen_id], query
        assert found[0][1][2] is True  # found by CPR

    search(window, qtbot, "cykel")
    qtbot.waitUntil(lambda: bool(results(window, "notes")))
    text, data = results(window, "notes")[0]
    assert data[1] == citizen_id and "Mia" in text
    line = window.panel.tree.currentItem()
    assert line is not None

    # Typing a CPR number writes no audit row; opening the result does (once).
    search(window, qtbot, "1203941234")
    rows = [r["action"] for r in audit.rows_for_citizen(store, citizen_id)]
    assert "search_cpr" not in rows
    press(qtbot, window, Qt.Key.Key_Return)
    assert window.citizen_id == citizen_id
    rows = [r["action"] for r in audit.rows_for_citizen(store, citizen_id)]
    assert rows.count("search_cpr") == 1 and "open_citizen" in rows
    assert other not in {r.get("citizen_id") for r in audit.rows_for_citizen(store, citizen_id)}


def test_accents_fold_but_danish_letters_stay(window: Any, qtbot: Any, store: Any) -> None:
    andre, _w = citizens.create(store, {"legal_name": "André Ørsted"})
    citizens.create(store, {"legal_name": "Åse Aagaard"})
    window.panel.all_citizens.setChecked(True)
    window.panel.reload()
    search(window, qtbot, "andre")
    assert [d[1] for _t, d in results(window, "citizens")] == [andre]
    search(window, qtbot, "orsted")
    assert results(window, "citizens") == []
    search(window, qtbot, "ørs")
    assert [d[1] for _t, d in results(window, "citizens")] == [andre]


def test_enter_in_the_list_opens(window: Any, qtbot: Any, citizen_id: str) -> None:
    window.panel.all_citizens.setChecked(True)
    window.panel.reload()
    tree = window.panel.tree
    tree.setFocus()
    item = next(tree.topLevelItem(i).child(0) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).childCount())
    tree.setCurrentItem(item)
    qtbot.keyClick(tree, Qt.Key.Key_Return)
    assert window.citizen_id == citizen_id
    assert window.pages.currentWidget() is window.citizen_page
