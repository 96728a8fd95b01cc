"""The right side for one citizen: the header and the tabs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from hfdesk.i18n import N_, _
from ui.citizen_facts import CitizenFacts, gather
from ui.header import CitizenHeader
from ui.overview_tab import OverviewTab


def housing_figure_text(store: Any, citizen_id: str) -> str:
    """The Overblik's housing lines, without building the Bolig tab."""
    from hfdesk.store import housing_search as hs
    from ui.housing_tab import figure_lines

    return "\n".join(figure_lines(hs.figures(store, citizen_id), brief=True))

def _overview(page: CitizenPage) -> QWidget:
    tab = OverviewTab()
    tab.edit_course.connect(page.edit_course.emit)
    tab.new_course.connect(page.new_course.emit)
    return tab


def _screening(page: CitizenPage) -> QWidget:
    from ui.screening_tab import ScreeningTab

    return ScreeningTab(page.store, page.bus)


def _plan(page: CitizenPage) -> QWidget:
    from ui.plan_tab import PlanTab

    return PlanTab(page.store, page.bus)


def _network(page: CitizenPage) -> QWidget:
    from ui.network_tab import NetworkTab

    return NetworkTab(page.store, page.bus)


def _housing(page: CitizenPage) -> QWidget:
    from ui.housing_tab import HousingTab

    return HousingTab(page.store, page.bus)


def _journal(page: CitizenPage) -> QWidget:
    from ui.journal_tab import JournalTab

    tab = JournalTab(page.store, page.bus)
    tab.visit_offered.connect(page.visit_offered.emit)
    tab.form.visit_mode_active = page.visit_mode
    return tab


def _documents(page: CitizenPage) -> QWidget:
    from ui.documents_tab import DocumentsTab

    return DocumentsTab(page.store, page.bus)


def _measurements(page: CitizenPage) -> QWidget:
    from ui.measurements_tab import MeasurementsTab

    return MeasurementsTab(page.store, page.bus)


def _sharing(page: CitizenPage) -> QWidget:
    from ui.sharing_tab import SharingTab

    return SharingTab(page.store, page.bus)


# One row per tab: (name, title, factory). An area adds its tab here. Tabs other than the
# Overblik are built the first time they are shown or asked for, so opening a citizen paints
# the Overblik without paying for the rest.
TABS: list[tuple[str, str, Callable[[CitizenPage], QWidget]]] = [
    ("overview", N_("Overview"), _overview),
    ("screening", N_("Screening"), _screening),
    ("plan", N_("Plan"), _plan),
    ("network", N_("Network and meetings"), _network),
    ("housing", N_("Housing"), _housing),
    ("journal", N_("Journal"), _journal),
    ("documents", N_("Documents"), _documents),
    ("measurements", N_("Measurements"), _measurements),
    ("sharing", N_("Sharing"), _sharing),
]
TAB_NAMES = tuple(name for name, _title, _factory in TABS)


class CitizenPage(QWidget):
    edit_course = Signal()
    new_course = Signal()
    visit_offered = Signal()

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.facts: CitizenFacts | None = None
        self.visit_mode = False
        self.header = CitizenHeader()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("citizen_tabs")
        self._built: dict[str, QWidget] = {}
        self._slots: dict[str, QWidget] = {}
        for name, title, _factory in TABS:
            slot = QWidget()
            slot.setObjectName(f"tab_slot_{name}")
            box = QVBoxLayout(slot)
            box.setContentsMargins(0, 0, 0, 0)
            self._slots[name] = slot
            self.tabs.addTab(slot, _(title))
        self.tab("overview")
        self.tabs.currentChanged.connect(self._current_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        bus.changed.connect(self._changed)

    # tabs ------------------------------------------------------------------------------------
    def tab(self, name: str) -> Any:
        """The tab's widget, built on first use and told which citizen is open."""
        widget = self._built.get(name)
        if widget is None:
            factory = next(f for n, _t, f in TABS if n == name)
            widget = factory(self)
            self._built[name] = widget
            # Fields named only by a placeholder, and the tab's scroll area, get an accessible
            # name now that the labels' buddies are set (ui/a11y.py).
            from ui.a11y import name_unnamed

            name_unnamed(widget, _(next(t for n, t, _f in TABS if n == name)))
            # Filled before it is shown, so everything it lays out is visible at once.
            setter = getattr(widget, "set_citizen", None)
            if setter is not None and self.citizen_id is not None:
                setter(self.citizen_id)
            slot = self._slots[name]
            slot.layout().addWidget(widget)
            # Only ever show: hiding it while the slot is hidden (the page before the window
            # is shown) would mark it explicitly hidden, and it would never appear.
            if slot.isVisible():
                widget.show()
        return widget

    def current_tab(self) -> QWidget | None:
        index = self.tabs.currentIndex()
        return self.tab(TAB_NAMES[index]) if 0 <= index < len(TAB_NAMES) else None

    def built_tabs(self) -> dict[str, QWidget]:
        return dict(self._built)

    def _current_changed(self, index: int) -> None:
        if 0 <= index < len(TAB_NAMES):
            self.tab(TAB_NAMES[index])
            # Only the tab in front sets the minimum size: otherwise the widest tab visited
            # (Netværk) makes every other tab scroll sideways at 100 % and 150 %.
            for name, slot in self._slots.items():
                policy = (QSizePolicy.Policy.Preferred if name == TAB_NAMES[index]
                          else QSizePolicy.Policy.Ignored)
                slot.setSizePolicy(policy, policy)

    overview = property(lambda self: self.tab("overview"))
    screening = property(lambda self: self.tab("screening"))
    plan = property(lambda self: self.tab("plan"))
    network = property(lambda self: self.tab("network"))
    housing = property(lambda self: self.tab("housing"))
    journal = property(lambda self: self.tab("journal"))
    documents = property(lambda self: self.tab("documents"))

    def set_citizen(self, citizen_id: str, citizen: dict[str, Any] | None = None) -> None:
        self.citizen_id = citizen_id
        self.refresh(citizen)
        for name, tab in self._built.items():
            setter = getattr(tab, "set_citizen", None)
            if name != "overview" and setter is not None:
                setter(citizen_id)
        self._current_changed(self.tabs.currentIndex())

    def refresh(self, citizen: dict[str, Any] | None = None) -> None:
        if self.citizen_id is None:
            return
        self.facts = gather(self.store, self.citizen_id, citizen)
        self.header.show_facts(self.facts)
        self.overview.show_facts(self.facts)
        self.overview.show_housing_figures(housing_figure_text(self.store, self.citizen_id))

    def _changed(self, kind: str, _record_id: str, citizen_id: str) -> None:
        if self.citizen_id and citizen_id == self.citizen_id and kind != "draft":
            self.refresh()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def set_visit_mode(self, on: bool) -> None:
        """Visit mode folds away the internal opsporing area and the worker's assessments."""
        # The measurements hold the worker's own ratings ("efter din vurdering") too.
        for name in ("screening", "measurements"):
            self.tabs.setTabVisible(TAB_NAMES.index(name), not on)
        self.visit_mode = on
        self.journal.form.visit_mode_active = on
        if on:
            self.journal.form.visit_banner.setVisible(False)
