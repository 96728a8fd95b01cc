"""The right side for one citizen: the header and the tabs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from hfdesk.i18n import _
from ui.citizen_facts import CitizenFacts, gather
from ui.header import CitizenHeader
from ui.housing_tab import HousingTab
from ui.journal_tab import JournalTab
from ui.overview_tab import OverviewTab

TAB_NAMES = ("overview", "screening", "plan", "network", "housing", "journal", "documents")


def documents_tab(store: Any, bus: Any) -> QWidget:
    try:
        from ui.documents_tab import DocumentsTab
    except ImportError:
        from PySide6.QtWidgets import QLabel

        label = QLabel(_("Documents saved for the citizen will be listed here."))
        label.setProperty("role", "muted")
        return label
    return DocumentsTab(store, bus)


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
        self.header = CitizenHeader()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("citizen_tabs")
        self.overview = OverviewTab()
        self.overview.edit_course.connect(self.edit_course.emit)
        self.overview.new_course.connect(self.new_course.emit)
        from ui.screening_tab import ScreeningTab

        self.screening = ScreeningTab(store, bus)
        from ui.plan_tab import PlanTab

        self.plan = PlanTab(store, bus)
        from ui.network_tab import NetworkTab

        self.network = NetworkTab(store, bus)
        self.housing = HousingTab(store, bus)
        self.journal = JournalTab(store, bus)
        self.journal.visit_offered.connect(self.visit_offered.emit)
        self.documents = documents_tab(store, bus)
        for widget, title in ((self.overview, _("Overview")), (self.screening, _("Screening")),
                              (self.plan, _("Plan")), (self.network, _("Network and meetings")),
                              (self.housing, _("Housing")), (self.journal, _("Journal")),
                              (self.documents, _("Documents"))):
            self.tabs.addTab(widget, title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        bus.changed.connect(self._changed)

    def set_citizen(self, citizen_id: str, citizen: dict[str, Any] | None = None) -> None:
        self.citizen_id = citizen_id
        self.refresh(citizen)
        for tab in (self.screening, self.plan, self.network, self.housing, self.journal,
                    self.documents):
            setter = getattr(tab, "set_citizen", None)
            if setter is not None:
                setter(citizen_id)

    def refresh(self, citizen: dict[str, Any] | None = None) -> None:
        if self.citizen_id is None:
            return
        self.facts = gather(self.store, self.citizen_id, citizen)
        self.header.show_facts(self.facts)
        self.overview.show_facts(self.facts)
        self.overview.show_housing_figures(self.housing.figure_text(self.citizen_id))

    def _changed(self, kind: str, _record_id: str, citizen_id: str) -> None:
        if self.citizen_id and citizen_id == self.citizen_id and kind != "draft":
            self.refresh()

    def show_tab(self, name: str) -> None:
        self.tabs.setCurrentIndex(TAB_NAMES.index(name))

    def set_visit_mode(self, on: bool) -> None:
        """Visit mode folds away the internal opsporing area and the worker's assessments."""
        index = TAB_NAMES.index("screening")
        self.tabs.setTabVisible(index, not on)
        self.journal.form.visit_mode_active = on
        if on:
            self.journal.form.visit_banner.setVisible(False)
