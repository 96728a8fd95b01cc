"""Tabs whose areas come later say, in one calm line, what will come there."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from hfdesk.i18n import N_, _

COMING = {
    "screening": N_("Opsporing will hold referrals and assessments: one row per life area, "
                    "the young person's own view first, internal items marked."),
    "plan": N_("Plan will hold the young person's own wish, goal cards per life area, "
               "follow-up dates and finalised versions to print."),
    "network": N_("Netværk og møder will hold the network list and map, meetings and "
                  "agreements."),
}


class PlaceholderTab(QWidget):
    def __init__(self, area: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(_(COMING[area]))
        label.setWordWrap(True)
        label.setProperty("role", "muted")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width with height-for-width: an aligned, max-width wrapped label is given
        # one line's height by the layout and gets clipped.
        label.setFixedWidth(520)
        label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(label)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def set_citizen(self, citizen_id: str) -> None:
        pass
