"""Custody holders on the citizen form and "Kilde" / "Tolk brugt" in the journal quick entry,
each filled in with the keyboard alone and checked in the database."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from hfdesk.store import citizens, journal
from tests.ui.conftest import focused, press, shortcut, type_text

SHIFT = Qt.KeyboardModifier.ShiftModifier


def tab_to(qtbot: Any, root: QWidget, target: QWidget, limit: int = 40,
           back: bool = False) -> None:
    """Tab (or Shift+Tab) until `target` has the focus, as a worker without a mouse would."""
    modifier = SHIFT if back else Qt.KeyboardModifier.NoModifier
    for _ in range(limit):
        if focused(root) is target:
            return
        press(qtbot, root, Qt.Key.Key_Tab, modifier)
    assert focused(root) is target, f"Tab never reached {target.objectName()}"


def young_citizen(store: Any) -> str:
    today = date.today()
    birth = date(today.year - 16, 1, 15).isoformat()
    cid, _warnings = citizens.create(store, {"legal_name": "Luna Sofie Hansen",
                                             "preferred_name": "Luna", "birth_date": birth})
    return cid


def open_details(window: Any, qtbot: Any, citizen_id: str) -> Any:
    from ui.citizen_form import CitizenFormDialog

    window.open_citizen(citizen_id)
    shortcut(qtbot, window, Qt.Key.Key_E)  # Ctrl+E: citizen details
    qtbot.waitUntil(lambda: isinstance(window.dialog, CitizenFormDialog))
    dialog = window.dialog
    qtbot.waitUntil(lambda: focused(dialog) is dialog.editors["legal_name"])
    return dialog


def test_custody_holders_are_added_and_removed_with_the_keyboard(
        window: Any, qtbot: Any, store: Any) -> None:
    cid = young_citizen(store)
    dialog = open_details(window, qtbot, cid)
    custody = dialog.editors["custody_holders"]
    assert custody.isVisibleTo(dialog)
    tab_to(qtbot, dialog, custody.add_button)
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert len(custody.rows()) == 1 and focused(dialog) is custody.rows()[0].name
    type_text(qtbot, dialog, "Sara Hansen")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "22 33 44 55")
    qtbot.waitUntil(lambda: citizens.get(store, cid)["custody_holders"] == [
        {"name": "Sara Hansen", "contact": "22 33 44 55"}])

    # A second holder: Tab past Remove to Add, then the same again.
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is custody.rows()[0].remove
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is custody.add_button
    press(qtbot, dialog, Qt.Key.Key_Space)
    type_text(qtbot, dialog, "Ole Hansen")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "ole@eksempel.dk")
    qtbot.waitUntil(lambda: len(citizens.get(store, cid)["custody_holders"]) == 2)

    # Remove the first one: Shift+Tab back to its Remove button, Space.
    tab_to(qtbot, dialog, custody.rows()[0].remove, back=True)
    press(qtbot, dialog, Qt.Key.Key_Space)
    assert focused(dialog) is custody.rows()[0].name  # the next row takes the focus
    qtbot.waitUntil(lambda: citizens.get(store, cid)["custody_holders"] == [
        {"name": "Ole Hansen", "contact": "ole@eksempel.dk"}])
    dialog.reject()


def test_a_contact_without_a_name_is_kept_as_a_draft_with_a_message(
        window: Any, qtbot: Any, store: Any) -> None:
    from hfdesk.store import drafts

    cid = young_citizen(store)
    dialog = open_details(window, qtbot, cid)
    custody = dialog.editors["custody_holders"]
    tab_to(qtbot, dialog, custody.add_button)
    press(qtbot, dialog, Qt.Key.Key_Space)
    press(qtbot, dialog, Qt.Key.Key_Tab)  # straight on to the contact
    type_text(qtbot, dialog, "ole@eksempel.dk")
    error = dialog.errors["custody_holders"]
    qtbot.waitUntil(lambda: error.isVisibleTo(dialog))
    assert "navn" in error.text().lower()
    assert citizens.get(store, cid)["custody_holders"] == []
    assert drafts.get(store, f"citizen:{cid}") == {
        "custody_holders": [{"name": "", "contact": "ole@eksempel.dk"}]}
    press(qtbot, dialog, Qt.Key.Key_Tab, SHIFT)
    assert focused(dialog) is custody.rows()[0].name
    type_text(qtbot, dialog, "Ole Hansen")
    qtbot.waitUntil(lambda: citizens.get(store, cid)["custody_holders"] == [
        {"name": "Ole Hansen", "contact": "ole@eksempel.dk"}])
    assert not error.isVisibleTo(dialog)
    assert not drafts.get(store, f"citizen:{cid}")
    dialog.reject()


def test_custody_shows_for_under_18s_only_and_is_saved_on_create(
        window: Any, qtbot: Any, store: Any) -> None:
    from ui.citizen_form import CitizenFormDialog

    adult = open_details(window, qtbot, citizens.create(store, {
        "legal_name": "Mads Aaen Andersen", "birth_date": "1999-04-02"})[0])
    assert not adult.editors["custody_holders"].isVisibleTo(adult)
    adult.reject()
    qtbot.waitUntil(lambda: window.dialog is None)

    shortcut(qtbot, window, Qt.Key.Key_N)  # Ctrl+N: new citizen
    qtbot.waitUntil(lambda: isinstance(window.dialog, CitizenFormDialog))
    dialog = window.dialog
    qtbot.waitUntil(lambda: focused(dialog) is dialog.editors["legal_name"])
    custody = dialog.editors["custody_holders"]
    assert not custody.isVisibleTo(dialog)  # no age yet
    type_text(qtbot, dialog, "Noah Emil Berg")
    tab_to(qtbot, dialog, dialog.editors["birth_date"])
    birth = date(date.today().year - 15, 6, 1)
    type_text(qtbot, dialog, birth.strftime("%d.%m.%Y"))
    qtbot.waitUntil(lambda: custody.isVisibleTo(dialog))
    tab_to(qtbot, dialog, custody.add_button)
    press(qtbot, dialog, Qt.Key.Key_Space)
    type_text(qtbot, dialog, "Eva Berg")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "31 22 11 00")
    press(qtbot, dialog, Qt.Key.Key_Return)  # Enter: Opret borger
    qtbot.waitUntil(lambda: window.dialog is None and window.citizen_id is not None)
    row = citizens.get(store, window.citizen_id)
    assert row["legal_name"] == "Noah Emil Berg" and row["birth_date"] == birth.isoformat()
    assert row["custody_holders"] == [{"name": "Eva Berg", "contact": "31 22 11 00"}]


def test_journal_source_and_interpreter_with_the_keyboard(
        window: Any, qtbot: Any, store: Any, citizen_id: str) -> None:
    window.open_citizen(citizen_id)
    shortcut(qtbot, window, Qt.Key.Key_J)  # Ctrl+J: new journal note
    form = window.citizen_page.journal.form
    qtbot.waitUntil(lambda: focused(window) is form.entry_type)
    type_text(qtbot, window, "t")  # Telefon
    tab_to(qtbot, window, form.citizen_present)
    press(qtbot, window, Qt.Key.Key_Space)  # the mother called: the citizen was not there
    press(qtbot, window, Qt.Key.Key_Tab)
    assert focused(window) is form.source
    type_text(qtbot, window, "Oplyst af mor")
    press(qtbot, window, Qt.Key.Key_Tab)
    assert focused(window) is form.interpreter_used
    press(qtbot, window, Qt.Key.Key_Space)
    tab_to(qtbot, window, form.note)
    type_text(qtbot, window, "Moren ringede om tandlægetiden.")
    qtbot.waitUntil(lambda: len(journal.for_citizen(store, citizen_id)) == 1, timeout=5000)
    entry = journal.for_citizen(store, citizen_id)[0]
    assert (entry["entry_type"], entry["source"], entry["interpreter_used"],
            entry["citizen_present"]) == ("phone", "Oplyst af mor", True, False)

    # Later edits of the same note change the source and the interpreter flag in place.
    tab_to(qtbot, window, form.source, back=True)
    press(qtbot, window, Qt.Key.Key_End)
    type_text(qtbot, window, " og herberget")
    press(qtbot, window, Qt.Key.Key_Tab)
    press(qtbot, window, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: journal.get(store, entry["id"])["source"]
                    == "Oplyst af mor og herberget"
                    and journal.get(store, entry["id"])["interpreter_used"] is False)
    assert len(journal.for_citizen(store, citizen_id)) == 1
    qtbot.waitUntil(lambda: any("Kilde: Oplyst af mor og herberget" in t
                                for t in window.visible_texts()))


def test_editing_a_note_shows_its_source_and_interpreter(
        window: Any, qtbot: Any, store: Any, citizen_id: str) -> None:
    from ui.journal_tab import EntryCard

    entry_id = journal.add(store, citizen_id, {
        "occurred_at": date.today().isoformat(), "entry_type": "meeting", "note": "Møde.",
        "source": "Sagsbehandleren", "interpreter_used": True})
    window.open_citizen(citizen_id)
    window.show_tab("journal")
    tab = window.citizen_page.journal
    card = next(c for c in tab.findChildren(EntryCard) if c.entry["id"] == entry_id)
    assert any("med tolk" in t for t in window.visible_texts())
    card.action.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)  # Redigér
    form = tab.form
    assert form.entry_id == entry_id
    assert form.source.value() == "Sagsbehandleren" and form.interpreter_used.value() is True
    form.start_new()
    assert form.source.value() == "" and form.interpreter_used.value() is False
