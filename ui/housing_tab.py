"""Bolig: where the citizen stays, as dated history; a new segment ends the previous one.

The search log, waiting lists and offers come with the housing area.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui import labels
from ui.widgets import CodeCombo, DateEdit, TextEdit
from ui.widgets.form_rows import error_label


class HousingTab(QWidget):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        coming = QLabel(_("The housing search log, waiting lists and offers will come here. "
                          "For now: where the citizen stays, as dated history."))
        coming.setProperty("role", "muted")
        coming.setWordWrap(True)
        self.history = QTreeWidget()
        self.history.setObjectName("housing_history")
        self.history.setRootIsDecorated(False)
        self.history.setHeaderLabels([_("From"), _("To"), _("Where"), _("Address")])
        box = QFrame()
        box.setProperty("card", True)
        form = QFormLayout(box)
        heading = QLabel(_("New place of stay"))
        heading.setProperty("role", "section")
        form.addRow(heading)
        self.situation = CodeCombo(labels.codes("housing_situation"))
        self.situation.setObjectName("housing_situation")
        self.start = DateEdit()
        self.start.setObjectName("housing_start")
        self.address = TextEdit()
        self.address.setObjectName("housing_address")
        form.addRow(_("Where"), self.situation)
        form.addRow(_("From"), self.start)
        form.addRow(_("Address"), self.address)
        self.error = error_label()
        form.addRow("", self.error)
        add = QPushButton(_("Add"))
        add.setObjectName("housing_add")
        add.clicked.connect(self._add)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(add)
        form.addRow(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(coming)
        layout.addWidget(self.history, 1)
        layout.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        bus.changed.connect(self._changed)

    def set_citizen(self, citizen_id: str) -> None:
        self.citizen_id = citizen_id
        self.refresh()

    def _changed(self, kind: str, _rid: str, citizen_id: str) -> None:
        if kind == "housing_segment" and citizen_id == self.citizen_id:
            self.refresh()

    def refresh(self) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import housing

        self.history.clear()
        if self.citizen_id is None:
            return
        for seg in housing.history(self.store, self.citizen_id):
            self.history.addTopLevelItem(QTreeWidgetItem([
                fmt(seg.get("start_date")), fmt(seg.get("end_date")) or _("now"),
                labels.label("housing_situation", seg.get("housing_situation")),
                seg.get("address") or ""]))
        for col in range(3):
            self.history.resizeColumnToContents(col)

    def _add(self) -> None:
        from hfdesk.store import housing

        if self.citizen_id is None:
            return
        try:
            housing.add_segment(self.store, self.citizen_id, {
                "housing_situation": self.situation.value(), "start_date": self.start.text(),
                "address": self.address.text()}, labels.code_set("housing_situation") or None)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return
        self.error.setVisible(False)
        self.start.clear()
        self.address.clear()
        self.bus.changed.emit("housing_segment", "", self.citizen_id)
