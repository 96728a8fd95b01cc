"""Journal tab: newest first, planned appointments, locked notes with additions, editing."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from hfdesk.store import journal


def test_locked_note_takes_an_addition_and_stays_read_only(window: Any, qtbot: Any,
                                                           store: Any, citizen_id: str) -> None:
    from ui.journal_tab import EntryCard

    old = journal.add(store, citizen_id, {"occurred_at": "2026-02-01", "entry_type": "phone",
                                          "note": "Det oprindelige notat."})
    journal.mark_transferred(store, old)
    newer = journal.add(store, citizen_id, {"occurred_at": "2026-02-03",
                                            "entry_type": "home_visit", "note": "Nyere notat."})
    soon = datetime.combine(date.today() + timedelta(days=2), datetime.min.time()).replace(hour=9)
    journal.add(store, citizen_id, {"occurred_at": soon, "entry_type": "meeting",
                                    "status": "planned", "note": "Netværksmøde"})
    window.open_citizen(citizen_id)
    window.show_tab("journal")
    tab = window.citizen_page.journal
    qtbot.waitUntil(lambda: all(c.isVisible() for c in tab.findChildren(EntryCard)))
    cards = tab.findChildren(EntryCard)
    order = [c.entry["note"] for c in cards]
    assert order == ["Netværksmøde", "Nyere notat.", "Det oprindelige notat."]
    locked = next(c for c in cards if c.entry["id"] == old)
    assert locked.action.text() == "Tilføj"
    assert next(c for c in cards if c.entry["id"] == newer).action.text() == "Redigér"
    locked.action.click()
    assert locked.addition.isVisibleTo(locked)
    qtbot.keyClicks(locked.addition, "Rettelse: det var onsdag.")
    locked._save_addition()
    assert [a["text"] for a in journal.additions(store, old)] == ["Rettelse: det var onsdag."]
    assert journal.get(store, old)["note"] == "Det oprindelige notat."
    qtbot.waitUntil(lambda: any("Rettelse: det var onsdag." in t
                                for t in window.visible_texts()))


def test_edit_an_open_note_autosaves_into_the_same_entry(window: Any, qtbot: Any, store: Any,
                                                         citizen_id: str) -> None:
    from ui.journal_tab import EntryCard

    entry_id = journal.add(store, citizen_id, {"occurred_at": "2026-02-03 ",
                                               "entry_type": "phone", "note": "Kort."})
    window.open_citizen(citizen_id)
    window.show_tab("journal")
    card = next(c for c in window.citizen_page.journal.findChildren(EntryCard)
                if c.entry["id"] == entry_id)
    card.action.click()
    form = window.citizen_page.journal.form
    assert form.entry_id == entry_id and form.note.value() == "Kort."
    form.note.moveCursor(form.note.textCursor().MoveOperation.End)
    qtbot.keyClicks(form.note, " Ringer igen.")
    qtbot.waitUntil(lambda: journal.get(store, entry_id)["note"] == "Kort. Ringer igen.")
    assert len(journal.for_citizen(store, citizen_id)) == 1
