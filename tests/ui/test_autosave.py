"""Autosave after the debounce, drafts for invalid input, Ctrl+Z across autosaves."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from hfdesk.store import audit, citizens, drafts
from tests.ui.conftest import close_widget


def open_form(store: Any, bus: Any, citizen_id: str, qtbot: Any) -> Any:
    from ui.citizen_form import CitizenFormDialog

    dialog = CitizenFormDialog(store, bus, citizen_id)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def close_form(dialog: Any) -> None:
    dialog.reject()
    close_widget(dialog)


def test_autosave_writes_after_the_debounce(ui_bus: Any, qtbot: Any, store: Any,
                                            citizen_id: str) -> None:
    statuses: list[str] = []
    ui_bus.status.connect(statuses.append)
    dialog = open_form(store, ui_bus, citizen_id, qtbot)
    phone = dialog.editors["phone"]
    phone.setFocus()
    qtbot.keyClicks(phone, "22 33 44 55")
    assert citizens.get(store, citizen_id)["phone"] is None  # not yet: debounced
    qtbot.waitUntil(lambda: citizens.get(store, citizen_id)["phone"] == "22 33 44 55")
    assert statuses and statuses[-1].startswith("Gemt kl. ")
    email = dialog.editors["email"]
    email.setFocus()
    qtbot.keyClicks(email, "mia@eksempel.dk")
    qtbot.waitUntil(lambda: citizens.get(store, citizen_id)["email"] == "mia@eksempel.dk")
    qtbot.keyClicks(email, "x")
    qtbot.waitUntil(lambda: citizens.get(store, citizen_id)["email"] == "mia@eksempel.dkx")
    close_form(dialog)
    # One editing session: the phone and e-mail changes share rows, no row per autosave.
    changes = [r for r in audit.rows_for_citizen(store, citizen_id) if r["action"] == "change"]
    assert len(changes) == 2


def test_invalid_date_is_kept_as_a_draft_and_survives_reopening(
        ui_bus: Any, qtbot: Any, store: Any, citizen_id: str) -> None:
    dialog = open_form(store, ui_bus, citizen_id, qtbot)
    birth = dialog.editors["birth_date"]
    birth.clear()
    birth.setFocus()
    qtbot.keyClicks(birth, "31.02.2001")
    phone = dialog.editors["phone"]
    qtbot.keyClicks(phone, "12345678")  # the rest still saves
    qtbot.waitUntil(lambda: citizens.get(store, citizen_id)["phone"] == "12345678")
    qtbot.waitUntil(lambda: dialog.errors["birth_date"].isVisibleTo(dialog))
    assert "findes ikke i kalenderen" in dialog.errors["birth_date"].text()
    assert drafts.get(store, f"citizen:{citizen_id}") == {"birth_date": "31.02.2001"}
    assert citizens.get(store, citizen_id)["birth_date"] == "1994-03-12"  # unchanged
    close_form(dialog)

    again = open_form(store, ui_bus, citizen_id, qtbot)
    assert again.editors["birth_date"].text() == "31.02.2001"
    assert "findes ikke i kalenderen" in again.errors["birth_date"].text()
    # Fixing it saves it and drops the draft.
    again.editors["birth_date"].setFocus()
    again.editors["birth_date"].selectAll()
    qtbot.keyClicks(again.editors["birth_date"], "28.02.2001")
    qtbot.waitUntil(lambda: citizens.get(store, citizen_id)["birth_date"] == "2001-02-28")
    assert drafts.get(store, f"citizen:{citizen_id}") is None
    assert not again.errors["birth_date"].isVisibleTo(again)
    close_form(again)


def test_ctrl_z_restores_the_previous_value_in_the_database(
        ui_bus: Any, qtbot: Any, store: Any, citizen_id: str) -> None:
    dialog = open_form(store, ui_bus, citizen_id, qtbot)
    phone = dialog.editors["phone"]
    phone.setFocus()
    qtbot.keyClicks(phone, "111")
    qtbot.waitUntil(lambda: citizens.get(store, citizen_id)["phone"] == "111")
    phone.selectAll()
    qtbot.keyClicks(phone, "222")
    qtbot.waitUntil(lambda: citizens.get(store, citizen_id)["phone"] == "222")
    qtbot.keyClick(phone, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert phone.text() == "111"
    assert citizens.get(store, citizen_id)["phone"] == "111"
    qtbot.keyClick(phone, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert citizens.get(store, citizen_id)["phone"] is None
    qtbot.keyClick(phone, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert citizens.get(store, citizen_id)["phone"] == "111"
    # Unsaved typing is undone first, without touching the database.
    qtbot.keyClicks(phone, "9")
    qtbot.keyClick(phone, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert phone.text() == "111"
    close_form(dialog)


def test_journal_draft_for_an_invalid_date(window: Any, qtbot: Any, store: Any,
                                           citizen_id: str) -> None:
    from hfdesk.store import journal

    window.open_citizen(citizen_id)
    window.new_journal_entry()
    form = window.citizen_page.journal.form
    form.date.clear()
    form.date.setFocus()
    qtbot.keyClicks(form.date, "45.3")
    form.note.setFocus()
    qtbot.keyClicks(form.note, "Aflyst pga. sygdom")
    qtbot.waitUntil(lambda: form.autosave.error_for("date") != "")
    assert journal.for_citizen(store, citizen_id) == []  # not created with a wrong date
    assert drafts.get(store, f"journal:new:{citizen_id}")["date"] == "45.3"
    form.date.selectAll()
    qtbot.keyClicks(form.date, "2.3.2026")
    qtbot.waitUntil(lambda: len(journal.for_citizen(store, citizen_id)) == 1)
    entry = journal.for_citizen(store, citizen_id)[0]
    assert entry["occurred_at"].startswith("2026-03-02")
    assert drafts.get(store, f"journal:new:{citizen_id}") is None
