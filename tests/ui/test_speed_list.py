"""The citizen list at caseload scale: rows out of view follow right after the paint, the
empty-query groups are kept between keystrokes, and a stale fill never touches a cleared tree."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hfdesk.store import citizens


def _group(window: Any, name: str) -> Any:
    tree = window.panel.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top.data(0, Qt.ItemDataRole.UserRole)[1] == name:
            return top
    return None


@pytest.fixture
def many(window: Any, store: Any, citizen_id: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    import ui.citizen_list

    monkeypatch.setattr(ui.citizen_list, "FIRST_ROWS", 5)
    for i in range(20):
        citizens.create(store, {"legal_name": f"Anders Borger{i:02d} Hansen"})
    window.panel.all_citizens.setChecked(True)
    window.panel.reload()
    return window


def test_rows_out_of_view_follow(many: Any, qtbot: Any) -> None:
    group = _group(many, "citizens")
    assert 5 <= group.childCount() <= 21
    qtbot.waitUntil(lambda: _group(many, "citizens").childCount() == 21)
    labels = [_group(many, "citizens").child(j).text(0) for j in range(21)]
    assert len(set(labels)) == 21 and any("Mia" in t for t in labels)


def test_fast_typing_never_fills_a_cleared_group(many: Any, qtbot: Any) -> None:
    panel = many.panel
    for text in ("a", "", "an", "", "anders b", "ander", ""):
        panel.search.setText(text)  # no event loop between keystrokes: fills are stale
    for _ in range(5):
        QApplication.processEvents()
    qtbot.waitUntil(lambda: _group(many, "citizens").childCount() == 21)
    panel.search.setText("anders")
    qtbot.waitUntil(lambda: _group(many, "citizens").childCount() == 20)
    assert _group(many, "citizens").text(0).endswith("(20)")


def test_empty_query_groups_are_kept_and_forgotten_on_reload(many: Any, qtbot: Any,
                                                             store: Any) -> None:
    panel = many.panel
    first = _group(many, "citizens")
    panel.search.setText("anders")
    panel.search.setText("")
    assert _group(many, "citizens") is first  # not rebuilt
    citizens.create(store, {"legal_name": "Bodil Ny"})
    panel.reload()
    qtbot.waitUntil(lambda: _group(many, "citizens").childCount() == 22)
    assert any("Bodil" in _group(many, "citizens").child(j).text(0) for j in range(22))


def test_a_list_never_painted_still_fills(ui_app: Any, ui_bus: Any, store: Any, qtbot: Any,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.citizen_list
    from ui.citizen_list import CitizenPanel

    monkeypatch.setattr(ui.citizen_list, "FIRST_ROWS", 3)
    for i in range(8):
        citizens.create(store, {"legal_name": f"Skjult Borger{i} Hansen"})
    panel = CitizenPanel(store, ui_bus)  # never shown
    qtbot.addWidget(panel)
    panel.all_citizens.setChecked(True)
    qtbot.waitUntil(lambda: _group_of(panel).childCount() == 8, timeout=5000)
    panel.stop()


def _group_of(panel: Any) -> Any:
    tree = panel.tree
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        if top.data(0, Qt.ItemDataRole.UserRole)[1] == "citizens":
            return top
    return None


def test_today_rows_follow_and_survive_a_keystroke(many: Any, qtbot: Any) -> None:
    panel = many.panel
    ids = [b["id"] for b in panel._brief]
    panel._due = [{"citizen_id": cid, "severity": "overdue", "label": f"Kontakt {i}",
                   "kind": "contact"} for i, cid in enumerate(ids)]
    panel._kept.pop(("today",), None)
    panel._refresh_tree()
    assert 5 <= _group(many, "today").childCount() <= len(ids)
    panel.search.setText("anders")  # the kept "I dag" is detached, and still filled
    panel.search.setText("")
    qtbot.waitUntil(lambda: _group(many, "today").childCount() == len(ids))
    texts = [_group(many, "today").child(j).text(0) for j in range(len(ids))]
    assert len(set(texts)) == len(ids)
