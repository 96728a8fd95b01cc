"""The main window: menus with every action and shortcut, the citizen list on the left, the start
page or the citizen page on the right, and a quiet status bar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui import autosave
from ui.citizen_list import CitizenPanel
from ui.citizen_page import TAB_NAMES, CitizenPage
from ui.passphrase_prompt import passphrase_is_right
from ui.start_page import StartPage
from ui.visit_mode import VisitMode
from ui.widgets.form_rows import error_label
from ui.widgets.sizes import em


class LockPage(QWidget):
    """Shown instead of everything while the window is locked (Ctrl+L)."""

    def __init__(self, store: Any, on_unlock: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.on_unlock = on_unlock
        title = QLabel(_("hfdesk is locked"))
        title.setProperty("role", "title")
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("lock_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setMaximumWidth(em(self.passphrase, 44))
        self.passphrase.returnPressed.connect(self.submit)
        self.error = error_label()
        # A wrapped message centred in a box layout gets neither width nor height of its own.
        self.error.setFixedWidth(em(self.error, 52))
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 3)
        button = QPushButton(_("Unlock"))
        button.setProperty("primary", True)
        button.clicked.connect(self.submit)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for widget in (title, QLabel(_("Type your passphrase to continue.")), self.passphrase,
                       self.error, button):
            layout.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)

    def submit(self) -> None:
        try:
            passphrase_is_right(self.store, self.passphrase.text())
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            self.passphrase.selectAll()
            return
        self.passphrase.clear()
        self.error.setVisible(False)
        self.on_unlock()


class MainWindow(QMainWindow):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.dialog: QDialog | None = None
        self._title()
        self.resize(1200, 760)

        self.panel = CitizenPanel(store, bus)
        self.panel.citizen_requested.connect(self.open_citizen)
        self.start_page = StartPage(store, bus)
        self.start_page.citizen_requested.connect(lambda cid: self.open_citizen(cid))
        self.start_page.open_requested.connect(self.open_citizen_tab)
        self.start_page.window_requested.connect(
            lambda name: (a := getattr(self, f"act_{name}", None)) and a.trigger())
        self.citizen_page = CitizenPage(store, bus)
        self.citizen_page.edit_course.connect(self.edit_course)
        self.citizen_page.new_course.connect(self.new_course)
        self.citizen_page.visit_offered.connect(self.enter_visit_mode)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(self.citizen_page)
        self.splitter = QSplitter()
        # A wide tab (the Bolig log, the Opsporing grid) scrolls sideways rather than
        # squeezing the citizen list into unreadable stubs.
        self.panel.setMinimumWidth(em(self.panel, 32))
        self.pages_scroll = QScrollArea()
        self.pages_scroll.setWidgetResizable(True)
        self.pages_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.pages_scroll.setWidget(self.pages)
        self.splitter.addWidget(self.panel)
        self.splitter.addWidget(self.pages_scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([320, 880])
        self.splitter.setChildrenCollapsible(False)
        self.lock_page = LockPage(store, self.unlock)
        self.root = QStackedWidget()
        self.root.addWidget(self.splitter)
        self.root.addWidget(self.lock_page)
        self.setCentralWidget(self.root)

        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved_label")
        who = self._who()
        self.who_label = QLabel(who)
        self.who_label.setProperty("role", "muted")
        lock_hint = QLabel(_("Lock: Ctrl+L"))
        lock_hint.setProperty("role", "muted")
        status = self.statusBar()
        status.addWidget(self.saved_label, 1)
        status.addPermanentWidget(self.who_label)
        status.addPermanentWidget(lock_hint)
        bus.status.connect(self.saved_label.setText)
        bus.changed.connect(self._changed)

        self._build_menus()
        self.visit = VisitMode(store, self, hide=[self.panel],
                               disable=[self.act_search, self.act_new_citizen, self.act_start,
                                        self.act_settings, self.act_statistics,
                                        self.act_fidelity, self.act_not_journalised,
                                        self.act_retention],
                               on_change=self._visit_changed)
        self.show_start()
        from ui.autolock import AutoLock

        self.auto_lock = AutoLock(self)  # idle, sleep and screen lock; drops the key on lock
        from hfdesk.paths import storage_warning

        self.storage_warning = storage_warning(store.path)  # a synced or network folder
        if self.storage_warning:
            self.saved_label.setText(self.storage_warning)
            self.saved_label.setToolTip(self.storage_warning)

    # chrome ---------------------------------------------------------------------------------
    def _title(self) -> None:
        title = "hfdesk"
        if self.store.is_demo:
            title += " · DEMO"
        self.setWindowTitle(title)

    def _who(self) -> str:
        from hfdesk.store import settings

        org = settings.get(self.store, "organisation") or ""
        parts = [self.store.worker_name, org, "DEMO" if self.store.is_demo else ""]
        return " · ".join(p for p in parts if p)

    def _action(self, menu: Any, text: str, slot: Any, shortcut: Any = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        action.setObjectName(name)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(_("&File"))
        self.act_lock = self._action(file, _("Lock"), self.lock, "Ctrl+L", "lock")
        self.act_settings = self._action(file, _("Settings…"), self.open_settings,
                                         QKeySequence.StandardKey.Preferences, "settings")
        from ui.exchange_dialogs import add_file_actions

        add_file_actions(self, file)
        file.addSeparator()
        self._action(file, _("Quit"), self.close, "Ctrl+Q", "quit")
        edit = bar.addMenu(_("&Edit"))
        self.act_undo = self._action(edit, _("Undo"), self.undo, "Ctrl+Z", "undo")
        self.act_redo = self._action(edit, _("Redo"), self.redo, "Ctrl+Shift+Z", "redo")
        edit.addSeparator()
        self.act_search = self._action(edit, _("Search"), self.focus_search, "Ctrl+F", "search")
        citizen = bar.addMenu(_("&Citizen"))
        self.act_new_citizen = self._action(citizen, _("New citizen…"), self.new_citizen,
                                            "Ctrl+N", "new_citizen")
        self.act_details = self._action(citizen, _("Citizen details…"), self.edit_citizen,
                                        "Ctrl+E", "citizen_details")
        self.act_new_course = self._action(citizen, _("New course…"), self.new_course,
                                           "Ctrl+Shift+N", "new_course")
        self.act_edit_course = self._action(citizen, _("Edit course…"), self.edit_course,
                                            None, "edit_course")
        self.act_journal = self._action(citizen, _("New journal note"), self.new_journal_entry,
                                        "Ctrl+J", "new_journal")
        self.act_referral = self._action(citizen, _("New referral…"), self.new_referral,
                                         "Ctrl+Shift+H", "new_referral")
        citizen.addSeparator()
        from ui.citizen_page import TABS

        # One action per registered tab, so a new area's tab gets its menu entry too;
        # Ctrl+1…9 go to the first nine.
        self.tab_actions = []
        for i, (name, title, _factory) in enumerate(TABS):
            self.tab_actions.append(self._action(
                citizen, _(title), lambda n=name: self.show_tab(n),
                f"Ctrl+{i + 1}" if i < 9 else None, f"tab_{name}"))
        citizen.addSeparator()
        self.act_start = self._action(citizen, _("Start page"), self.show_start, "Ctrl+Home",
                                      "start_page")
        printing = bar.addMenu(_("&Print"))
        self.act_print = self._action(printing, _("Summary sheet…"), self.print_summary,
                                      "Ctrl+P", "print_summary")
        self.act_print_screening = self._action(
            printing, _("Opsporing summary for the authority…"), self.print_screening, None,
            "print_screening")
        self._action(printing, _("Blank referral form…"), self.print_referral_form, None,
                     "print_referral_form")
        tools = bar.addMenu(_("F&unctions"))
        self.act_visit = self._action(tools, _("Visit mode"), self.toggle_visit_mode, "Ctrl+B",
                                      "visit_mode")
        self.act_visit.setCheckable(True)
        from ui.statistics_window import add_statistics_actions

        add_statistics_actions(self, tools)
        from ui.journalisation import add_journalisation_actions

        add_journalisation_actions(self, tools)
        help_menu = bar.addMenu(_("&Help"))
        self.act_help = self._action(help_menu, _("Help for this page"), self.show_help,
                                     QKeySequence.StandardKey.HelpContents, "help")
        self._action(help_menu, _("Keyboard shortcuts"), self.show_shortcuts, None, "shortcuts")
        self._action(help_menu, _("About hfdesk"), self.show_about, None, "about")
        self._citizen_actions = [self.act_details, self.act_new_course, self.act_edit_course,
                                 self.act_journal, self.act_print, self.act_visit,
                                 self.act_print_screening,
                                 *self.tab_actions]

    def _set_citizen_actions(self) -> None:
        for action in self._citizen_actions:
            action.setEnabled(self.citizen_id is not None)

    # navigation -------------------------------------------------------------------------
    def show_start(self) -> None:
        autosave.flush_all()
        self.citizen_id = None
        self.start_page.refresh()
        self.pages.setCurrentWidget(self.start_page)
        self._set_citizen_actions()

    def open_citizen(self, citizen_id: str, found_by_cpr: bool = False,
                     entry_id: str = "") -> None:
        from hfdesk.store import citizens

        if self.visit.active and citizen_id != self.citizen_id:
            return
        autosave.flush_all()
        try:
            row = citizens.open_citizen(self.store, citizen_id, found_by_cpr=found_by_cpr)
        except UserError as exc:
            self.bus.status.emit(exc.message)
            return
        self.citizen_id = citizen_id
        self.citizen_page.set_citizen(citizen_id, row)
        self.pages.setCurrentWidget(self.citizen_page)
        self._set_citizen_actions()
        from ui.exchange_dialogs import show_moved_state

        show_moved_state(self)  # moved to a colleague: read-only until the receipt
        if entry_id:
            self.citizen_page.show_tab("journal")
            self.citizen_page.journal.show_entry(entry_id)
        else:
            self.citizen_page.show_tab("overview")

    def show_tab(self, name: str) -> None:
        if self.citizen_id is not None:
            self.citizen_page.show_tab(name)

    def open_citizen_tab(self, citizen_id: str, tab: str) -> None:
        """A start-page line: the citizen, on the tab where the work is done."""
        self.open_citizen(citizen_id)
        if self.citizen_id == citizen_id and tab in TAB_NAMES:
            self.citizen_page.show_tab(tab)

    def focus_search(self) -> None:
        if self.visit.active:
            return
        self.panel.search.setFocus()
        self.panel.search.selectAll()

    def _changed(self, kind: str, _record_id: str, _citizen_id: str) -> None:
        if kind == "settings":
            self.who_label.setText(self._who())

    # actions ----------------------------------------------------------------------------
    def _open_dialog(self, dialog: QDialog, on_accept: Any = None) -> QDialog:
        """Window-modal and non-blocking; deleted when it closes."""
        self.dialog: QDialog | None = dialog

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and on_accept is not None:
                on_accept(dialog)
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def new_citizen(self) -> None:
        from ui.citizen_form import CitizenFormDialog

        def created(dialog: Any) -> None:
            if dialog.citizen_id:
                self.panel.reload()
                self.open_citizen(dialog.citizen_id)

        self._open_dialog(CitizenFormDialog(self.store, self.bus, parent=self), created)

    def edit_citizen(self) -> None:
        from ui.citizen_form import CitizenFormDialog

        if self.citizen_id is not None:
            self._open_dialog(CitizenFormDialog(self.store, self.bus, self.citizen_id,
                                                parent=self))

    def new_course(self) -> None:
        from ui.course_form import CourseFormDialog

        if self.citizen_id is not None:
            self._open_dialog(CourseFormDialog(self.store, self.bus, self.citizen_id,
                                               parent=self))

    def edit_course(self) -> None:
        from hfdesk.store import courses
        from ui.course_form import CourseFormDialog

        if self.citizen_id is None:
            return
        course = courses.current(self.store, self.citizen_id)
        if course is None:
            self.new_course()
            return
        self._open_dialog(CourseFormDialog(self.store, self.bus, self.citizen_id, course["id"],
                                           parent=self))

    def new_journal_entry(self) -> None:
        if self.citizen_id is None:
            return
        self.citizen_page.show_tab("journal")
        self.citizen_page.journal.new_entry()

    def new_referral(self) -> None:
        from ui.referral_dialog import ReferralDialog

        def created(dialog: Any) -> None:
            self.start_page.refresh()

        self._open_dialog(ReferralDialog(self.store, self.bus, citizen_id=self.citizen_id,
                                         parent=self), created)

    def print_screening(self) -> None:
        if self.citizen_id is not None:
            self.citizen_page.screening.print_summary()

    def print_referral_form(self) -> None:
        from ui.printing_screening import print_referral_form

        print_referral_form(self.store, self.bus, self)

    def print_summary(self) -> None:
        from ui.printing import print_summary

        if self.citizen_id is not None:
            autosave.flush_all()
            print_summary(self.store, self.bus, self.citizen_id, self)

    def open_settings(self) -> None:
        from ui.settings_dialog import SettingsDialog

        self._open_dialog(SettingsDialog(self.store, self.bus, self))

    def undo(self) -> None:
        form = autosave.active_form()
        if form is None or not form.undo():
            self.bus.status.emit(_("Nothing to undo."))

    def redo(self) -> None:
        form = autosave.active_form()
        if form is None or not form.redo():
            self.bus.status.emit(_("Nothing to redo."))

    # visit mode and lock --------------------------------------------------------------------
    def enter_visit_mode(self) -> None:
        if self.citizen_id is None:
            self.bus.status.emit(_("Open a citizen first; visit mode shows one citizen only."))
            self.act_visit.setChecked(False)
            return
        self.visit.enter()

    def toggle_visit_mode(self) -> None:
        if self.visit.active:
            self.visit.leave()
        else:
            self.enter_visit_mode()
        self.act_visit.setChecked(self.visit.active)

    def _visit_changed(self, on: bool) -> None:
        self.citizen_page.set_visit_mode(on)
        self.act_visit.setChecked(on)
        self.who_label.setVisible(not on)
        self.bus.status.emit(_("Visit mode: only this citizen is shown.") if on else "")

    def lock(self) -> None:
        autosave.flush_all()
        self.root.setCurrentWidget(self.lock_page)
        self.menuBar().setEnabled(False)
        for action in self.actions():
            action.setEnabled(False)
        self.lock_page.passphrase.setFocus()
        self.auto_lock.locked()

    def unlock(self) -> None:
        self.root.setCurrentWidget(self.splitter)
        self.menuBar().setEnabled(True)
        for action in self.actions():
            action.setEnabled(True)
        if self.visit.active:
            for action in self.visit.disable_actions:
                action.setEnabled(False)
        self._set_citizen_actions()
        self.auto_lock.unlocked()

    # help -------------------------------------------------------------------------------
    def show_shortcuts(self) -> None:
        lines = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if menu is None:
                continue
            for action in menu.actions():
                if not action.shortcut().isEmpty():
                    lines.append(f"{action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)}"
                                 f"\t{action.text().replace('&', '')}")
        QMessageBox.information(self, _("Keyboard shortcuts"), "\n".join(lines))

    def show_help(self) -> None:
        """F1: the help window, on the page for the citizen tab in front (ui/help_window.py)."""
        from ui.help_window import HelpWindow, page_for_tab

        tab = None
        if self.citizen_id is not None and self.pages.currentWidget() is self.citizen_page:
            index = self.citizen_page.tabs.currentIndex()
            tab = TAB_NAMES[index] if 0 <= index < len(TAB_NAMES) else None
        window = getattr(self, "help_window", None)
        if window is None:
            window = HelpWindow(self)
            self.help_window = window
        window.show_page(page_for_tab(tab))
        window.show()
        window.raise_()
        window.activateWindow()

    def show_about(self) -> None:
        from ui.help_window import AboutDialog

        self._open_dialog(AboutDialog(self))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt API)
        autosave.flush_all()
        self.panel.stop()
        autosave.forget_forms(self)
        super().closeEvent(event)

    def visible_texts(self) -> list[str]:
        """Every text a person in the room can see now (for the visit-mode test)."""
        from ui.visible_text import visible_texts

        return visible_texts(self)
