"""Start page "Min sagsstamme i dag": what is due, grouped by kind, and today's appointments."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QLabel, QTreeWidgetItem, QVBoxLayout, QWidget

from hfdesk.i18n import N_, _
from ui import reminders_source
from ui.citizen_list import SEVERITY_COLOURS, CitizenTree, list_name
from ui.widgets.status_chip import severity_text

ROLE = Qt.ItemDataRole.UserRole
KIND_TITLES = {
    "appointment": N_("Today's appointments"),
    "contact": N_("Contact"),
    "decision_review": N_("Reviews of decisions"),
    "course_close_deceased": N_("Courses to close"),
    "housing_registration": N_("Waiting lists to renew"),
    "housing_offer": N_("Offers waiting for money"),
    "referral_waiting": N_("Referrals waiting"),
    "referral_inform": N_("People to inform of a referral"),
    "referral_delete": N_("Referrals to delete"),
    "underretning": N_("Underretninger to forward"),
    "plan_review": N_("Plan follow-ups"),
    "status_note": N_("Status notes to the authority"),
    "meeting_agreement": N_("Agreements from network meetings"),
    "network_meeting": N_("Network meetings overdue"),
}


def kind_title(kind: str) -> str:
    if kind in KIND_TITLES:
        return _(KIND_TITLES[kind])
    return kind.replace("_", " ").capitalize()


class StartPage(QWidget):
    citizen_requested = Signal(str)

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.title = QLabel(_("My caseload today"))
        self.title.setProperty("role", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "muted")
        self.tree = CitizenTree()
        self.tree.setObjectName("start_tree")
        self.tree.setHeaderLabels([_("Citizen"), _("What"), _("Date"), _("Status")])
        self.tree.setRootIsDecorated(False)
        self.tree.itemClicked.connect(self._open)
        self.tree.open_requested.connect(self._open)
        from ui.referral_inbox import ReferralInbox

        self.inbox = ReferralInbox(store, bus)
        self.inbox.citizen_requested.connect(self.citizen_requested.emit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(self.title)
        layout.addWidget(self.subtitle)
        layout.addWidget(self.inbox)
        layout.addWidget(self.tree, 1)
        bus.changed.connect(lambda *_args: self.refresh() if self.isVisible() else None)

    def refresh(self, today: date | None = None) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import citizens

        today = today or date.today()
        from hfdesk.i18n import format_date

        self.subtitle.setText(format_date(today, "medium"))
        names = {b["id"]: list_name(b) for b in citizens.list_brief(self.store)}
        self.tree.clear()
        from ui.referral_inbox import INBOX_KINDS

        self.inbox.refresh(today)
        due = [i for i in reminders_source.due(self.store, today)
               if i.get("kind") not in INBOX_KINDS]
        order = {"overdue": 0, "soon": 1, "ok": 2}
        groups: dict[str, list[dict[str, Any]]] = {}
        for item in due:
            groups.setdefault(str(item.get("kind") or "deadline"), []).append(item)
        for kind, items in sorted(groups.items(), key=lambda kv: (
                kv[0] != "appointment", min(order.get(str(i.get("severity")), 3) for i in kv[1]))):
            group = self._group(f"{kind_title(kind)} ({len(items)})")
            for item in sorted(items, key=lambda i: (order.get(str(i.get("severity")), 3),
                                                     str(i.get("date") or ""))):
                cid = str(item.get("citizen_id") or "")
                row = self._row(group, cid, names.get(cid, ""), str(item.get("label") or ""),
                                fmt(item.get("date")), severity_text(str(item.get("severity"))))
                color = SEVERITY_COLOURS.get(str(item.get("severity")))
                if color:
                    row.setForeground(3, QColor(color))
        if not due:
            empty = QTreeWidgetItem([_("Nothing is due today."), "", "", ""])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(empty)
        for col in range(4):
            self.tree.resizeColumnToContents(col)

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title, "", "", ""])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFirstColumnSpanned(True)
        self.tree.addTopLevelItem(item)
        item.setExpanded(True)
        return item

    def _row(self, group: QTreeWidgetItem, citizen_id: str, name: str, what: str, when: str,
             status: str) -> QTreeWidgetItem:
        row = QTreeWidgetItem([name, what, when, status])
        row.setData(0, ROLE, citizen_id)
        group.addChild(row)
        return row

    def _open(self, item: QTreeWidgetItem) -> None:
        citizen_id = item.data(0, ROLE)
        if citizen_id:
            self.citizen_requested.emit(str(citizen_id))
