"""Keyboard and screen-reader reachability of every citizen tab (ui/citizen_page.py TABS).

For each tab, built through `page.tab(name)` with the demo caseload open: every focusable,
visible, enabled widget has an accessible name (its own, a buddy label, or its text, exactly as
Qt's accessibility layer gives it to a screen reader), Tab reaches every visible, enabled input,
and no multi-line field swallows Tab. Tabs other helpers add are covered without a change here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from hfdesk import demo
from hfdesk.store import citizens, database
from tests.ui.conftest import close_widget

PASS = "korrekt hest batteri"
INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QCheckBox,
          QRadioButton)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo caseload for the module (built once: it takes a few seconds)."""
    path = tmp_path_factory.mktemp("focus") / "demo.db"
    store = database.create_store(path, PASS, worker_name="Anne Holm", demo=True)
    try:
        demo.generate(store, size="worker")
    finally:
        store.close()
    return path


@pytest.fixture
def demo_window(ui_app: Any, demo_db: Path, qtbot: Any) -> Iterator[Any]:
    from ui import autosave
    from ui.bus import Bus
    from ui.main_window import MainWindow

    store = database.open_store(demo_db, PASS)
    win = MainWindow(store, Bus())
    win.resize(1200, 760)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    try:
        yield win
    finally:
        autosave.flush_all()
        close_widget(win)
        store.close()


def _richest_citizen(store: Any) -> str:
    """A demo citizen with a plan and a network, so the tabs show their full forms."""
    from hfdesk.store import network, plans

    ids = [c["id"] for c in citizens.list_brief(store)]
    return max(ids, key=lambda cid: (bool(plans.for_citizen(store, cid)),
                                     len(network.for_citizen(store, cid))))


def _tab_names() -> list[str]:
    from ui.citizen_page import TAB_NAMES

    return list(TAB_NAMES)


def _focusable(root: QWidget) -> list[QWidget]:
    out = []
    for widget in root.findChildren(QWidget):
        if widget.focusProxy() is not None:
            continue  # the proxy is the one that takes focus
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if (widget.focusPolicy() & Qt.FocusPolicy.TabFocus) != Qt.FocusPolicy.TabFocus:
            continue
        out.append(widget)
    return out


def _describe(widget: QWidget) -> str:
    parent = widget.parent()
    return (f"{type(widget).__name__}(objectName={widget.objectName()!r}) in "
            f"{type(parent).__name__ if parent is not None else '-'}")


def accessible_name(widget: QWidget) -> str:
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def unnamed(root: QWidget) -> list[str]:
    return [_describe(w) for w in _focusable(root) if not accessible_name(w)]


def tab_trap(root: QWidget) -> list[str]:
    """Multi-line fields that insert a tab character instead of moving on."""
    return [_describe(w) for w in _focusable(root)
            if isinstance(w, (QPlainTextEdit, QTextEdit)) and not w.isReadOnly()
            and not w.tabChangesFocus()]


def _inside(widget: QWidget | None, root: QWidget) -> bool:
    while widget is not None:
        if widget is root:
            return True
        widget = widget.parentWidget()
    return False


def unreachable(window: Any, root: QWidget) -> list[str]:
    """Inputs in `root` that pressing Tab from the first one never reaches."""
    inputs = [w for w in _focusable(root) if isinstance(w, INPUTS)]
    if not inputs:
        return []
    first = next((w for w in _focusable(root)), inputs[0])
    first.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    reached: set[int] = set()
    steps = 4 * len(window.findChildren(QWidget)) + 10
    for _ in range(steps):
        current = QApplication.focusWidget()
        if current is not None:
            reached.add(id(current))
        # The same step as the Tab key (QWidget::focusNextPrevChild), without the key: a
        # multi-line field that would swallow Tab is reported by tab_trap() instead.
        window.focusNextChild()
        if len(reached) >= len(inputs) and all(id(w) in reached for w in inputs):
            break
    return [_describe(w) for w in inputs if id(w) not in reached]


def _views(tab: QWidget) -> Iterator[str]:
    """Each page of the tab: as shown, then every page of its inner tab widgets (Bolig's
    sections, …), which the keyboard reaches with Ctrl+Tab."""
    yield ""
    for inner in tab.findChildren(QTabWidget):
        for index in range(inner.count()):
            if inner.isTabEnabled(index) and inner.isTabVisible(index) and inner.isVisible():
                inner.setCurrentIndex(index)
                QApplication.processEvents()
                yield f" › {inner.tabText(index).replace('&', '')}"


@pytest.mark.parametrize("name", _tab_names())
def test_every_control_in_the_tab_is_named_and_reachable(demo_window: Any, name: str) -> None:
    window = demo_window
    window.open_citizen(_richest_citizen(window.store))
    page = window.citizen_page
    page.show_tab(name)
    tab = page.tab(name)
    QApplication.processEvents()
    assert tab.isVisible()
    assert _focusable(tab), f"the {name} tab has nothing the keyboard can reach"
    problems: dict[str, list[str]] = {}
    for view in _views(tab):
        where = name + view
        for check, found in (("no accessible name or buddy label", unnamed(tab)),
                             ("Tab is swallowed (use setTabChangesFocus(True))", tab_trap(tab)),
                             ("Tab never reaches it", unreachable(window, tab))):
            for widget in found:
                problems.setdefault(f"{where}: {check}", []).append(widget)
    assert problems == {}


def _dialogs(window: Any, citizen_id: str) -> dict[str, QWidget]:
    from hfdesk.store import courses
    from ui.citizen_form import CitizenFormDialog
    from ui.course_form import CourseFormDialog
    from ui.help_window import AboutDialog, HelpWindow
    from ui.referral_dialog import ReferralDialog
    from ui.settings_dialog import SettingsDialog

    store, bus = window.store, window.bus
    course = courses.current(store, citizen_id)
    found = {
        "citizen": CitizenFormDialog(store, bus, citizen_id, parent=window),
        "referral": ReferralDialog(store, bus, citizen_id=citizen_id, parent=window),
        "settings": SettingsDialog(store, bus, window),
        "help": HelpWindow(window), "about": AboutDialog(window),
    }
    if course is not None:
        found["course"] = CourseFormDialog(store, bus, citizen_id, course["id"], parent=window)
    return found


def test_the_main_dialogs_are_named_too(demo_window: Any) -> None:
    window = demo_window
    citizen_id = _richest_citizen(window.store)
    problems: dict[str, list[str]] = {}
    for name, dialog in _dialogs(window, citizen_id).items():
        dialog.show()
        QApplication.processEvents()
        try:
            for view in _views(dialog):
                for check, found in (("unnamed", unnamed(dialog)), ("swallows Tab",
                                                                    tab_trap(dialog))):
                    if found:
                        problems[f"{name}{view}: {check}"] = found
        finally:
            dialog.close()
            dialog.deleteLater()
    assert problems == {}


def test_the_checks_catch_an_unnamed_field_and_a_tab_trap(ui_app: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QFormLayout, QLabel

    root = QWidget()
    qtbot.addWidget(root)
    form = QFormLayout(root)
    named = QLineEdit()
    form.addRow(QLabel("Navn"), named)  # a QLabel widget is not a buddy by itself
    labelled = QLineEdit()
    form.addRow("Adresse", labelled)  # a string label: QFormLayout sets the buddy
    trap = QPlainTextEdit()
    trap.setAccessibleName("Note")
    form.addRow(trap)
    root.show()
    qtbot.waitExposed(root)
    assert unnamed(root) == [_describe(named)]
    assert tab_trap(root) == [_describe(trap)]
    named.setAccessibleName("Navn")
    trap.setTabChangesFocus(True)
    assert unnamed(root) == [] and tab_trap(root) == []
