"""Locking: idle, Ctrl+L, sleep/screen lock; pending autosaves saved, drafts kept, the key
dropped, nothing personal visible until the passphrase is given, then everything back."""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import Qt

from hfdesk.store import citizens, exchange, keyfile
from tests.ui.conftest import shortcut

PERSONAL = ["Mia", "Jensen", "Louise", "120394", "22 33 44 55", "31.02.2001"]


def personal_in(window: Any) -> list[str]:
    from ui.visible_text import visible_texts

    texts = visible_texts(window)
    return [p for p in PERSONAL if any(p in t for t in texts)]


def committed(store: Any, passphrase: str, sql: str, params: Any = ()) -> list[Any]:
    """Read what is on disk through a connection of our own (the window's store is locked)."""
    key = keyfile.KeyFile.load(keyfile.key_path_for(store.path)).unwrap(passphrase)
    conn = exchange.reader_connection(store.path, key)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def open_details(window: Any, qtbot: Any, citizen_id: str) -> Any:
    window.open_citizen(citizen_id)
    window.edit_citizen()
    dialog = window.dialog
    qtbot.waitExposed(dialog)
    return dialog


def test_idle_lock_saves_the_pending_autosave_and_keeps_the_draft(
        window: Any, qtbot: Any, store: Any, citizen_id: str, passphrase: str) -> None:
    dialog = open_details(window, qtbot, citizen_id)
    phone = dialog.editors["phone"]
    phone.setFocus()
    qtbot.keyClicks(phone, "22 33 44 55")
    birth = dialog.editors["birth_date"]
    birth.clear()
    birth.setFocus()
    qtbot.keyClicks(birth, "31.02.2001")  # invalid: becomes an encrypted draft
    assert citizens.get(store, citizen_id)["phone"] is None  # still waiting for the debounce
    window.auto_lock.set_idle_ms(30)  # the test's stand-in for 5 minutes
    qtbot.waitUntil(lambda: window.root.currentWidget() is window.lock_page, timeout=5000)
    assert window.auto_lock.reasons[-1] == "idle"
    window.auto_lock.set_idle_ms(0)  # or it locks again right after the unlock below
    qtbot.waitUntil(lambda: store.suspended, timeout=5000)
    rows = committed(store, passphrase, "SELECT phone FROM citizens WHERE id = ?",
                     [citizen_id])
    assert rows == [("22 33 44 55",)]
    drafts = committed(store, passphrase, "SELECT count(*) FROM drafts")
    assert drafts[0][0] >= 1
    assert not dialog.isVisible() and personal_in(window) == []

    window.lock_page.passphrase.setText(passphrase)
    window.lock_page.submit()
    assert not store.suspended
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.editors["birth_date"].value() in ("31.02.2001", None) or \
        "31.02.2001" in dialog.editors["birth_date"].text()
    assert citizens.get(store, citizen_id)["phone"] == "22 33 44 55"


def test_ctrl_l_drops_the_key_and_shows_nothing_personal(
        window: Any, qtbot: Any, store: Any, citizen_id: str) -> None:
    window.open_citizen(citizen_id)
    window.show_tab("journal")
    assert personal_in(window)  # the name is on screen before
    shortcut(qtbot, window, Qt.Key.Key_L)
    assert window.root.currentWidget() is window.lock_page
    qtbot.waitUntil(lambda: store.suspended)
    assert store.key == b"" and "worker_private_key" not in store.meta
    assert personal_in(window) == []
    assert not window.statusBar().isVisible()
    assert not window.menuBar().isEnabled()


def test_wrong_passphrase_reveals_nothing(window: Any, qtbot: Any, store: Any,
                                          citizen_id: str, passphrase: str) -> None:
    window.open_citizen(citizen_id)
    window.lock()
    qtbot.waitUntil(lambda: store.suspended)
    for wrong in ("forkert sætning", "", passphrase.upper(), passphrase + " "):
        window.lock_page.passphrase.setText(wrong)
        window.lock_page.submit()
        assert window.root.currentWidget() is window.lock_page
        assert store.suspended
        assert personal_in(window) == []
        assert window.lock_page.error.isVisibleTo(window)
        message = window.lock_page.error.text()
        assert "Mia" not in message and "Jensen" not in message


def test_unlock_returns_to_where_it_was(window: Any, qtbot: Any, store: Any,
                                        citizen_id: str, passphrase: str) -> None:
    window.open_citizen(citizen_id)
    window.show_tab("journal")
    tab_before = window.citizen_page.tabs.currentIndex()
    window.lock()
    qtbot.waitUntil(lambda: store.suspended)
    window.lock_page.passphrase.setText(passphrase)
    window.lock_page.submit()
    assert window.root.currentWidget() is window.splitter
    assert window.citizen_id == citizen_id
    assert window.citizen_page.tabs.currentIndex() == tab_before
    assert window.statusBar().isVisible() and window.act_search.isEnabled()
    assert any("Mia" in p for p in personal_in(window))
    citizens.update(store, citizen_id, {"phone": "11 22 33 44"})  # saving works again
    assert citizens.get(store, citizen_id)["phone"] == "11 22 33 44"
    assert window.auto_lock.idle.isActive()  # the idle countdown runs again


def test_sleep_and_screen_lock_lock(window: Any, qtbot: Any, store: Any,
                                    passphrase: str) -> None:
    auto = window.auto_lock
    assert "idle" in auto.sources
    auto._state_changed(Qt.ApplicationState.ApplicationSuspended)
    assert window.root.currentWidget() is window.lock_page
    assert auto.reasons[-1] == "suspend"
    qtbot.waitUntil(lambda: store.suspended)
    window.lock_page.passphrase.setText(passphrase)
    window.lock_page.submit()
    auto.on_screensaver(True)
    assert auto.reasons[-1] == "screen lock"
    window.lock_page.passphrase.setText(passphrase)
    window.lock_page.submit()
    auto.on_sleep_signal(True)
    assert auto.reasons[-1] == "sleep"


def test_a_running_backup_finishes_before_the_key_goes(window: Any, qtbot: Any,
                                                       store: Any) -> None:
    release = threading.Event()
    worker = threading.Thread(target=lambda: release.wait(5), daemon=True)
    worker.start()
    window.auto_backup.running = worker
    try:
        window.lock()
        time.sleep(0.3)
        qtbot.wait(300)
        assert not store.suspended  # the backup still needs the key
        assert personal_in(window) == []  # but the screen is locked already
    finally:
        release.set()
    qtbot.waitUntil(lambda: store.suspended, timeout=5000)


def test_idle_minutes_setting(store: Any) -> None:
    from hfdesk.store import settings
    from ui.autolock import DEFAULT_MINUTES, idle_minutes

    assert idle_minutes(store) == DEFAULT_MINUTES == 5
    settings.set_many(store, {"auto_lock_minutes": 15})
    assert idle_minutes(store) == 15
    settings.set_many(store, {"auto_lock_minutes": 0})
    assert idle_minutes(store) == 0


def test_the_idle_minutes_come_from_the_settings_dialog(window: Any, qtbot: Any,
                                                        store: Any) -> None:
    from ui.settings_dialog import SettingsDialog

    assert window.auto_lock.idle.interval() == 5 * 60_000
    dialog = SettingsDialog(store, window.bus, window)
    dialog.auto_lock.setValue(12)
    dialog.new_pw.setText("kort")
    assert "8" in dialog.pw_hint.text()  # the strength hint, as at the first start
    dialog.new_pw.setText("en lang og god sætning til hverdag")
    assert dialog.pw_hint.text() == "Stærk adgangssætning."
    dialog.save()
    assert window.auto_lock.idle.interval() == 12 * 60_000


def test_a_database_in_a_synced_folder_is_warned_about(ui_app: Any, ui_bus: Any, qtbot: Any,
                                                       tmp_path: Any, passphrase: str) -> None:
    from hfdesk.store import database
    from tests.ui.conftest import close_widget
    from ui.main_window import MainWindow
    from ui.unlock import UnlockDialog

    path = tmp_path / "OneDrive - Kommune" / "hfdesk.db"
    store = database.create_store(path, passphrase, worker_name="Anne Holm")
    try:
        win = MainWindow(store, ui_bus)
        assert "synkroniseres" in win.saved_label.text()
        close_widget(win)
    finally:
        store.close()
    dialog = UnlockDialog(path)
    assert "synkroniseres" in dialog.path_label.text()
    close_widget(dialog)


def test_input_to_the_window_restarts_the_idle_countdown(window: Any, qtbot: Any) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    qtbot.waitUntil(lambda: QApplication.focusWindow() is window.windowHandle())
    window.auto_lock.idle.stop()
    QApplication.sendEvent(window.windowHandle(), QKeyEvent(
        QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a"))
    assert window.auto_lock.idle.isActive()
