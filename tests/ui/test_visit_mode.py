"""Visit mode shows one citizen and no other name; leaving needs the passphrase."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from hfdesk.store import citizens, journal
from tests.ui.conftest import press, shortcut, type_text


def other_names_in(texts: list[str], names: list[str]) -> list[str]:
    return [n for n in names if any(n in t for t in texts)]


def test_visit_mode_hides_every_other_name(window: Any, qtbot: Any, store: Any,
                                           citizen_id: str, passphrase: str) -> None:
    from ui.passphrase_prompt import PassphrasePrompt

    others = []
    for name in ("Ali Karimi", "Sofie Nielsen", "Jonas Berg"):
        cid, _w = citizens.create(store, {"legal_name": name})
        journal.add(store, cid, {"occurred_at": "2026-03-01", "entry_type": "phone",
                                 "note": f"Ringede til {name}"})
        others.append(cid)
    window.panel.all_citizens.setChecked(True)
    window.panel.reload()
    forbidden = ["Ali", "Karimi", "Sofie", "Nielsen", "Jonas", "Berg", "Ali K.", "Sofie N."]
    assert other_names_in(window.visible_texts(), forbidden)  # visible before

    window.open_citizen(citizen_id)
    shortcut(qtbot, window, Qt.Key.Key_B)
    assert window.visit.active
    for tab in ("overview", "journal", "housing", "documents"):
        window.show_tab(tab)
        qtbot.wait(1)
        assert other_names_in(window.visible_texts(), forbidden) == [], tab
    assert any("Mia" in t for t in window.visible_texts())
    assert not window.panel.isVisible()
    assert not window.act_search.isEnabled() and not window.act_new_citizen.isEnabled()
    window.open_citizen(others[0])  # nothing else can be opened meanwhile
    assert window.citizen_id == citizen_id

    # Leaving asks for the passphrase; a wrong one keeps the mode.
    shortcut(qtbot, window, Qt.Key.Key_B)
    prompt = window.visit.prompt
    assert isinstance(prompt, PassphrasePrompt)
    qtbot.waitUntil(lambda: prompt.isVisible())
    prompt.passphrase.setFocus()
    type_text(qtbot, prompt, "forkert sætning")
    press(qtbot, prompt, Qt.Key.Key_Return)
    assert window.visit.active and prompt.error.isVisibleTo(prompt)
    prompt.passphrase.clear()
    type_text(qtbot, prompt, passphrase)
    press(qtbot, prompt, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.visit.active)
    assert window.panel.isVisible() and window.act_search.isEnabled()


def test_home_visit_note_offers_visit_mode(window: Any, qtbot: Any, citizen_id: str) -> None:
    window.open_citizen(citizen_id)
    window.new_journal_entry()
    form = window.citizen_page.journal.form
    form.entry_type.setCurrentIndex(form.entry_type.findData("phone"))
    form.entry_type.setCurrentIndex(form.entry_type.findData("home_visit"))
    assert form.visit_banner.isVisible()
    form.visit_offered.emit()
    assert window.visit.active
    assert not form.visit_banner.isVisible()
    window.visit.leave(ask=False)


def test_lock_and_unlock(window: Any, qtbot: Any, passphrase: str) -> None:
    shortcut(qtbot, window, Qt.Key.Key_L)
    assert window.root.currentWidget() is window.lock_page
    assert not window.act_search.isEnabled()
    window.lock_page.passphrase.setText("forkert sætning")
    window.lock_page.submit()
    assert window.root.currentWidget() is window.lock_page
    assert window.lock_page.error.isVisibleTo(window)
    window.lock_page.passphrase.setText(passphrase)
    window.lock_page.submit()
    assert window.root.currentWidget() is window.splitter
    assert window.act_search.isEnabled()
