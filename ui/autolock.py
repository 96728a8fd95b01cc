"""Locking the window by itself: after a few idle minutes, and when the computer sleeps or the
screen locks (where the platform tells us). Ctrl+L locks by hand (MainWindow.lock).

On lock (MainWindow.lock calls `locked()`): pending autosaves are flushed first (invalid input
is kept as an encrypted draft), every open dialog and preview is hidden (kept as it is), the
status bar with the worker's name is hidden, and once no background job (backup, export,
import) is running the store forgets its key (`Store.suspend`: the connection is closed and
the key dropped). Unlocking (`unlocked()`) unwraps the key again from the passphrase, reopens
the same file and shows everything as it was.

What reports sleep and screen lock:
- every platform: Qt's applicationStateChanged → ApplicationSuspended (macOS and mobile when
  the system suspends the app);
- Linux: D-Bus, when a session/system bus is there: logind's PrepareForSleep(true) (suspend,
  hibernate) and the screensaver's ActiveChanged(true) (org.freedesktop.ScreenSaver,
  org.gnome.ScreenSaver, org.kde.screensaver);
- Windows: WM_POWERBROADCAST/PBT_APMSUSPEND and WM_WTSSESSION_CHANGE/WTS_SESSION_LOCK
  through a native event filter (session notifications registered with wtsapi32).
Elsewhere only the idle timer and Ctrl+L lock.
"""

from __future__ import annotations

import sys
from typing import Any

from PySide6.QtCore import QAbstractNativeEventFilter, QEvent, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QWidget

DEFAULT_MINUTES = 5
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.InputMethod})


def idle_minutes(store: Any) -> int:
    """The `auto_lock_minutes` setting; 0 turns the idle lock off."""
    from hfdesk.store import settings

    try:
        value = settings.get(store, "auto_lock_minutes")
    except Exception:  # noqa: BLE001 (a suspended store: keep what we have)
        return DEFAULT_MINUTES
    return value if type(value) is int and 0 <= value <= 24 * 60 else DEFAULT_MINUTES


class _WindowsPower(QAbstractNativeEventFilter):
    WM_POWERBROADCAST = 0x0218
    PBT_APMSUSPEND = 0x0004
    WM_WTSSESSION_CHANGE = 0x02B1
    WTS_SESSION_LOCK = 0x7

    def __init__(self, on_lock: Any) -> None:
        super().__init__()
        self.on_lock = on_lock

    def nativeEventFilter(self, event_type: Any, message: Any) -> Any:  # noqa: N802 (Qt API)
        from ctypes import wintypes

        if bytes(event_type) not in (b"windows_generic_MSG", b"windows_dispatcher_MSG"):
            return False, 0
        msg = wintypes.MSG.from_address(int(message))
        if (msg.message == self.WM_POWERBROADCAST and msg.wParam == self.PBT_APMSUSPEND) or (
                msg.message == self.WM_WTSSESSION_CHANGE
                and msg.wParam == self.WTS_SESSION_LOCK):
            QTimer.singleShot(0, self.on_lock)
        return False, 0


class AutoLock(QObject):
    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.reasons: list[str] = []  # what locked the window, for tests and the status bar
        self._hidden: list[QWidget] = []
        self._status_visible = True
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(lambda: self.lock("idle"))
        self._drop_timer = QTimer(self)
        self._drop_timer.setInterval(200)
        self._drop_timer.timeout.connect(self._drop_key_when_idle)
        self.set_idle_ms(idle_minutes(window.store) * 60_000)
        window.bus.changed.connect(self._settings_changed)
        app = QApplication.instance()
        if app is not None:
            # Input reaches a top-level QWindow before any widget, so a filter on each window
            # that gets the focus sees all of it. A filter on the whole application would run
            # Python for every event of every widget (about 8 ms more per opened citizen).
            app.focusWindowChanged.connect(self._watch_window)
            app.applicationStateChanged.connect(self._state_changed)
        self.sources = ["idle", "ctrl+l", "application state"]
        self._native: _WindowsPower | None = None
        if sys.platform.startswith("linux"):
            self._connect_dbus()
        elif sys.platform == "win32":
            self._connect_windows()

    # what starts a lock --------------------------------------------------------------------
    def set_idle_ms(self, ms: int) -> None:
        """Tests inject a short timeout; 0 turns the idle lock off."""
        self.idle.stop()
        self.idle.setInterval(max(ms, 0))
        if ms > 0 and not self.is_locked():
            self.idle.start()

    def _settings_changed(self, kind: str, *_args: Any) -> None:
        if kind == "settings" and not self.window.store.suspended:
            self.set_idle_ms(idle_minutes(self.window.store) * 60_000)

    def is_locked(self) -> bool:
        return bool(self.window.root.currentWidget() is self.window.lock_page)

    def lock(self, reason: str) -> None:
        if self.is_locked():
            return
        self.reasons.append(reason)
        self.window.lock()

    def _watch_window(self, window: QWindow | None) -> None:
        if window is not None:
            window.removeEventFilter(self)  # installed once per window, however often focused
            window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _INPUT and self.idle.interval() > 0 and not self.is_locked():
            self.idle.start()  # any input restarts the countdown
        return False

    def _state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock("suspend")

    def _connect_dbus(self) -> None:
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        # b"1…" is what Qt's SLOT() macro makes: the receiver's slot by its signature.
        try:
            system = QDBusConnection.systemBus()
            if system.isConnected() and system.connect(
                    "org.freedesktop.login1", "/org/freedesktop/login1",
                    "org.freedesktop.login1.Manager", "PrepareForSleep", self,
                    b"1on_sleep_signal(bool)"):
                self.sources.append("logind PrepareForSleep")
            session = QDBusConnection.sessionBus()
            if not session.isConnected():
                return
            for service, path, interface in (
                    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver",
                     "org.freedesktop.ScreenSaver"),
                    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver",
                     "org.gnome.ScreenSaver"),
                    ("org.kde.screensaver", "/ScreenSaver", "org.freedesktop.ScreenSaver")):
                if session.connect(service, path, interface, "ActiveChanged", self,
                                   b"1on_screensaver(bool)"):
                    self.sources.append(f"{service} ActiveChanged")
        except (TypeError, RuntimeError):
            return  # no D-Bus here: the idle timer and Ctrl+L still lock

    @Slot(bool)
    def on_sleep_signal(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock("sleep")

    @Slot(bool)
    def on_screensaver(self, active: bool) -> None:
        if active:
            self.lock("screen lock")

    def _connect_windows(self) -> None:
        app = QApplication.instance()
        if app is None:
            return
        self._native = _WindowsPower(lambda: self.lock("sleep or screen lock"))
        app.installNativeEventFilter(self._native)
        self.sources.append("WM_POWERBROADCAST")
        try:
            import ctypes

            hwnd = int(self.window.winId())
            if ctypes.windll.wtsapi32.WTSRegisterSessionNotification(hwnd, 0):  # type: ignore[attr-defined]
                self.sources.append("WM_WTSSESSION_CHANGE")
        except (OSError, AttributeError):
            pass

    # what a lock does ------------------------------------------------------------------------
    def locked(self) -> None:
        """Called by MainWindow.lock after the autosaves are flushed and the lock page shows."""
        self.idle.stop()
        win = self.window
        self._hidden = [w for w in win.findChildren(QWidget)
                        if w.isWindow() and w.isVisible() and w is not win]
        for w in self._hidden:
            w.hide()  # dialogs and previews keep their state for after the unlock
        self._status_visible = win.statusBar().isVisible()
        win.statusBar().hide()
        self._drop_key_when_idle()

    def _jobs_running(self) -> bool:
        win = self.window
        job = getattr(getattr(win, "exchange", None), "job", None)
        if job is not None and not job.finished:
            return True
        auto = getattr(win, "auto_backup", None)
        running = getattr(auto, "running", None)
        return bool(running is not None and running.is_alive())

    def _drop_key_when_idle(self) -> None:
        """A backup or export in progress finishes first (it holds the key already); then the
        key goes."""
        if not self.is_locked():
            self._drop_timer.stop()
            return
        if self._jobs_running():
            self._drop_timer.start()
            return
        self._drop_timer.stop()
        QApplication.processEvents()  # queued reloads from the last autosave run now
        for timer in self.window.panel.findChildren(QTimer):
            timer.stop()
        self.window.store.suspend()

    def unlocked(self) -> None:
        """Called by MainWindow.unlock once the passphrase has reopened the store."""
        win = self.window
        win.statusBar().setVisible(self._status_visible)
        for w in self._hidden:
            try:
                w.show()
            except RuntimeError:
                continue  # closed meanwhile
        self._hidden = []
        self.set_idle_ms(self.idle.interval())
