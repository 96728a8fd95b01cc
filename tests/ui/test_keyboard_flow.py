"""Create a citizen, a course and a journal entry with the keyboard alone; restart; see it all."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hfdesk.store import citizens, courses, database, journal
from tests.ui.conftest import close_widget, focused, press, shortcut, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def create_everything(window: Any, qtbot: Any) -> str:
    from ui.citizen_form import CitizenFormDialog
    from ui.course_form import CourseFormDialog

    # Ctrl+N: new citizen; the legal name has the focus; Tab goes on in reading order.
    shortcut(qtbot, window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: isinstance(window.dialog, CitizenFormDialog))
    dialog = window.dialog
    qtbot.waitUntil(lambda: focused(dialog) is dialog.editors["legal_name"])
    type_text(qtbot, dialog, "Mia Louise Jensen")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.editors["preferred_name"]
    type_text(qtbot, dialog, "Mia")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "120394-1234")
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dialog is None and window.citizen_id is not None)
    citizen_id = window.citizen_id
    row = citizens.get(window.store, citizen_id)
    assert (row["legal_name"], row["preferred_name"], row["cpr_digits"]) == (
        "Mia Louise Jensen", "Mia", "1203941234")

    # Ctrl+Shift+N: new course; method (CTI first) → status → case number → referral date.
    shortcut(qtbot, window, Qt.Key.Key_N, CTRL | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: isinstance(window.dialog, CourseFormDialog))
    dialog = window.dialog
    qtbot.waitUntil(lambda: focused(dialog) is dialog.editors["method"])
    press(qtbot, dialog, Qt.Key.Key_Tab)
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.editors["case_number"]
    type_text(qtbot, dialog, "2026-0412")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "1.3")
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dialog is None)
    course = courses.current(window.store, citizen_id)
    assert course is not None
    assert (course["method"], course["case_number"], course["referral_date"]) == (
        "cti", "2026-0412", date(date.today().year, 3, 1).isoformat())

    # Ctrl+J: new journal note; type "t" picks Telefon; Tab through to the note and write.
    shortcut(qtbot, window, Qt.Key.Key_J)
    form = window.citizen_page.journal.form
    qtbot.waitUntil(lambda: focused(window) is form.entry_type)
    type_text(qtbot, window, "t")
    assert form.entry_type.value() == "phone"
    for _ in range(3):
        press(qtbot, window, Qt.Key.Key_Tab)
    assert focused(window) is form.time
    press(qtbot, window, Qt.Key.Key_Tab)
    type_text(qtbot, window, "25")
    for _ in range(40):
        if focused(window) is form.note:
            break
        press(qtbot, window, Qt.Key.Key_Tab)
    assert focused(window) is form.note
    type_text(qtbot, window, "Talt om cykelhjelm og budget.")
    qtbot.waitUntil(lambda: len(journal.for_citizen(window.store, citizen_id)) == 1,
                    timeout=5000)
    entry = journal.for_citizen(window.store, citizen_id)[0]
    assert (entry["entry_type"], entry["duration_min"], entry["note"]) == (
        "phone", 25, "Talt om cykelhjelm og budget.")
    assert "Gemt kl." in window.saved_label.text()
    return citizen_id


def test_keyboard_alone_then_restart(window: Any, qtbot: Any, store: Any, db_path: Path,
                                     passphrase: str, ui_bus: Any) -> None:
    from ui.main_window import MainWindow

    citizen_id = create_everything(window, qtbot)
    # More typing in the same note updates it (autosave), never a second entry.
    type_text(qtbot, window, " Ses torsdag.")
    qtbot.waitUntil(lambda: journal.for_citizen(store, citizen_id)[0]["note"].endswith(
        "Ses torsdag."))
    assert len(journal.for_citizen(store, citizen_id)) == 1

    # Restart: close the window and the store, unlock again, open a new window.
    window.close()
    QApplication.processEvents()
    store.close()
    reopened = database.open_store(db_path, passphrase)
    try:
        win = MainWindow(reopened, ui_bus)
        win.show()
        qtbot.waitExposed(win)
        assert any("Mia Jensen" in t for t in win.panel.visible_texts())
        win.open_citizen(citizen_id)
        header = " ".join(win.citizen_page.header.texts())
        assert "Mia Jensen" in header and "CTI" in header
        assert "2026-0412" in win.citizen_page.overview.course_title.text()
        win.show_tab("journal")
        texts = win.visible_texts()
        assert any("cykelhjelm" in t for t in texts)
        close_widget(win)
    finally:
        reopened.close()
        # the fixture closes `store` again; a second close must be harmless
        store.lock = None
