"""UI fixtures: the app prepared in Danish, a bus, and the main window with explicit teardown."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from hfdesk.store.database import Store


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the plain user config out of the real home folder."""
    folder = tmp_path / "config"
    monkeypatch.setenv("HFDESK_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def ui_app(qapp: QApplication, config_dir: Path) -> Iterator[QApplication]:
    from ui.app import prepare

    app = prepare("da")
    yield app
    from hfdesk import i18n

    i18n.install("da")


@pytest.fixture
def ui_bus(ui_app: QApplication) -> Any:
    from ui.bus import Bus

    return Bus()


def close_widget(widget: QWidget) -> None:
    widget.close()
    widget.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def window(ui_app: QApplication, store: Store, ui_bus: Any, qtbot: Any) -> Iterator[Any]:
    from ui import autosave
    from ui.main_window import MainWindow

    win = MainWindow(store, ui_bus)
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    yield win
    autosave.flush_all()
    for dialog in list(win.findChildren(QWidget)):
        if dialog.isWindow() and dialog.isVisible():
            dialog.close()
    close_widget(win)


def focused(widget: QWidget) -> QWidget:
    """The widget with keyboard focus inside `widget`'s window."""
    target = widget.window().focusWidget() or QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    return target


def type_text(qtbot: Any, widget: QWidget, text: str) -> None:
    qtbot.keyClicks(focused(widget), text)


def press(qtbot: Any, widget: QWidget, key: Qt.Key,
          modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(focused(widget), key, modifier)


def shortcut(qtbot: Any, window: QWidget, key: Qt.Key,
             modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier) -> None:
    """A window shortcut, sent to whatever has the focus (like a real key press)."""
    target = window.focusWidget() or window
    qtbot.keyClick(target, key, modifier)


def type_in(qtbot: Any, edit: QLineEdit, text: str) -> None:
    """Replace a line edit's text by typing, as a worker does."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def choose(qtbot: Any, combo: QComboBox, code: str) -> None:
    """Pick an entry with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    target = combo.findData(code)
    assert target >= 0, code
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
