"""The citizen header: who, which course and phase, day N, where they stay now, last contact."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

from hfdesk.i18n import _, ngettext
from ui.citizen_facts import CitizenFacts
from ui.widgets.status_chip import StatusChip


class CitizenHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.name = QLabel()
        self.name.setObjectName("header_name")
        self.name.setProperty("role", "title")
        self.course = QLabel()
        self.course.setObjectName("header_course")
        self.course.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.stay = QLabel()
        self.stay.setObjectName("header_stay")
        self.contact = QLabel()
        self.contact.setObjectName("header_contact")
        self.chip = StatusChip()
        layout = QGridLayout(self)
        layout.setContentsMargins(8, 6, 8, 2)
        layout.addWidget(self.name, 0, 0)
        layout.addWidget(self.course, 0, 1, 1, 2)
        layout.addWidget(self.stay, 1, 0)
        layout.addWidget(self.contact, 1, 1, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.chip, 1, 2, Qt.AlignmentFlag.AlignRight)
        layout.setColumnStretch(0, 1)

    def show_facts(self, facts: CitizenFacts) -> None:
        who = facts.name if facts.age is None else f"{facts.name} ({facts.age})"
        if facts.deceased:
            who += " · " + _("deceased")
        self.name.setText(who)
        self.course.setText(facts.course_line)
        if facts.housing:
            from hfdesk.domain.dates import fmt

            self.stay.setText(_("Stays now: %(where)s (since %(date)s)") % {
                "where": facts.housing_label, "date": fmt(facts.housing.get("start_date"))})
        else:
            self.stay.setText(_("Stays now: not recorded"))
        self.contact.setText(contact_text(facts))
        severity = facts.contact_severity
        self.chip.set_status(severity)
        self.chip.setVisible(severity != "ok")

    def texts(self) -> list[str]:
        return [w.text() for w in (self.name, self.course, self.stay, self.contact)]


def contact_text(facts: CitizenFacts) -> str:
    days: Any = facts.days_since_contact
    if days is None:
        return _("no contact recorded yet")
    if days == 0:
        return _("last contact today")
    return ngettext("last contact %(n)d day ago", "last contact %(n)d days ago", days) % {
        "n": days}
