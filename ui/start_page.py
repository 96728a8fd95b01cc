"""Start page "Min sagsstamme i dag": what is due, grouped by kind, and today's appointments.

Every line comes from `hfdesk.reminders.due` (through `ui.reminders_source`, computed once per
change of the data), says what and why, and carries its urgency in words ("Frist overskredet",
"Snart", "OK"), never colour alone. Groups are ordered by their most urgent line, lines by
urgency then date. A line opens the right place: the citizen on the tab named by the item's
"open" key (or the kind's usual tab), or the referral's own window. The reminders walk the whole
caseload, so they are computed after the page has been painted, never before the first window.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPaintEvent
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
    "not_journalised": N_("Notes not transferred to the journal"),
    "consent_expiring": N_("Consents expiring"),
    "followon_support": N_("Apply for follow-on support"),
    "birthday_checklist": N_("Turning 18: transition checklist"),
    "handover_missing": N_("Courses ended without a handover"),
    "underretning_new_municipality": N_("Underretning to the new municipality"),
    "measurement_due": N_("Measurements due"),
    "housing_offer_deadline": N_("Offers waiting for an answer"),
}
# The tab a kind's work is done on, when the item names none ("open" wins).
KIND_TABS = {
    "appointment": "journal",
    "contact": "journal",
    "decision_review": "overview",
    "course_close_deceased": "overview",
    "housing_registration": "housing",
    "housing_offer": "housing",
    "housing_offer_deadline": "housing",
    "plan_review": "plan",
    "status_note": "plan",
    "meeting_agreement": "network",
    "network_meeting": "network",
    "referral_waiting": "overview",
    "referral_inform": "overview",
    "referral_delete": "overview",
    "not_journalised": "journal",
    "measurement_due": "measurements",
}
SEVERITY_ORDER = {"overdue": 0, "soon": 1, "ok": 2}


def kind_title(kind: str) -> str:
    if kind in KIND_TITLES:
        return _(KIND_TITLES[kind])
    return kind.replace("_", " ").capitalize()


def target(item: dict[str, Any]) -> tuple[str, str, str, str]:
    """(citizen id, tab, referral id, window) a line opens; empty strings where none applies.
    A line with neither citizen nor referral (caseload level) names a window in "open", e.g.
    "fidelity": the main window's action of that name (act_fidelity) is triggered."""
    from ui.citizen_page import TAB_NAMES

    cid = str(item.get("citizen_id") or "")
    referral = str(item.get("referral_id") or "")
    opened = str(item.get("open") or "")
    tab = opened or KIND_TABS.get(str(item.get("kind")), "overview")
    if tab not in TAB_NAMES:
        tab = "overview"
    window = opened if not cid and not referral and opened not in TAB_NAMES else ""
    return cid, tab if cid else "", referral, window


def grouped(items: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Groups by kind: today's appointments first, then by the most urgent line, then title;
    inside a group by urgency, then date."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for item in items:
        groups.setdefault(str(item.get("kind") or "deadline"), []).append(item)

    def rank(i: dict[str, Any]) -> int:
        return SEVERITY_ORDER.get(str(i.get("severity")), 3)

    ordered = sorted(groups.items(), key=lambda kv: (
        kv[0] != "appointment", min(rank(i) for i in kv[1]), kind_title(kv[0])))
    return [(kind, sorted(rows, key=lambda i: (rank(i), str(i.get("date") or ""))))
            for kind, rows in ordered]


class StartPage(QWidget):
    citizen_requested = Signal(str)
    open_requested = Signal(str, str)  # citizen id, tab name
    window_requested = Signal(str)  # a caseload-level window, e.g. "fidelity"

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.title = QLabel(_("My caseload today"))
        self.title.setProperty("role", "title")
        self.subtitle = QLabel()
        self.subtitle.setProperty("role", "muted")
        self.tree = CitizenTree()
        self.tree.setObjectName("start_tree")
        # The urgency word and the date first, so a narrow window cuts only the long text.
        self.tree.setHeaderLabels([_("Status"), _("Date"), _("Citizen"), _("What and why")])
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
        self.items: list[dict[str, Any]] = []
        self.computed = False
        self._painted = False
        self._day: date | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(lambda: self.refresh_now(self._day, deferred=True))
        bus.changed.connect(lambda *_args: self.refresh() if self.isVisible() else None)

    # computing --------------------------------------------------------------------------------
    def refresh(self, today: date | None = None) -> None:
        """Ask for a refresh: computed once the page has been painted (the reminders walk the
        whole caseload; the first window must not wait for them)."""
        from hfdesk.i18n import format_date

        self._day = today
        # The inbox is one small query: shown at once. The reminders follow after paint.
        self.subtitle.setText(format_date(today or date.today(), "medium"))
        self.inbox.refresh(today)
        if self._painted:
            self._timer.start()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt API)
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self._timer.start()

    def refresh_now(self, today: date | None = None, *, deferred: bool = False) -> None:
        """Compute and show now (tests, and the deferred refresh)."""
        from hfdesk.domain.dates import fmt
        from hfdesk.i18n import format_date
        from hfdesk.store import citizens
        from ui.referral_inbox import INBOX_KINDS

        self._timer.stop()
        today = today or date.today()
        self.subtitle.setText(format_date(today, "medium"))
        names = {b["id"]: list_name(b) for b in citizens.list_brief(self.store)}
        if not deferred:
            self.inbox.refresh(today)
        self.items = [i for i in reminders_source.due(self.store, today)
                      if i.get("kind") not in INBOX_KINDS]
        self.tree.clear()
        for kind, rows in grouped(self.items):
            group = self._group(f"{kind_title(kind)} ({len(rows)})")
            for item in rows:
                cid = str(item.get("citizen_id") or "")
                who = names.get(cid, "") if cid else _("Referral")
                severity = str(item.get("severity"))
                row = QTreeWidgetItem([severity_text(severity), fmt(item.get("date")), who,
                                       str(item.get("label") or "")])
                row.setData(0, ROLE, target(item))
                row.setToolTip(3, str(item.get("label") or ""))
                group.addChild(row)
                color = SEVERITY_COLOURS.get(severity)
                if color:
                    row.setForeground(0, QColor(color))  # on the word, never instead of it
        if not self.items:
            empty = QTreeWidgetItem([_("Nothing is due today."), "", "", ""])
            empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(empty)
        for col in range(4):
            self.tree.resizeColumnToContents(col)
        self.computed = True

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem([title, "", "", ""])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.tree.addTopLevelItem(item)
        item.setFirstColumnSpanned(True)
        item.setExpanded(True)
        return item

    def rows(self) -> list[tuple[str, QTreeWidgetItem]]:
        """(group title, line) for every line shown, in order (for tests and accessibility)."""
        out = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for r in range(group.childCount()):
                out.append((group.text(0), group.child(r)))
        return out

    # opening ------------------------------------------------------------------------------
    def _open(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        data = item.data(0, ROLE)
        if not data:
            return
        citizen_id, tab, referral_id, window = data
        if citizen_id:
            self.open_requested.emit(citizen_id, tab)
        elif referral_id:
            from ui.referral_dialog import dialog_for

            self.inbox._show(dialog_for(self.store, self.inbox.bus, referral_id, parent=self))
        elif window:
            self.window_requested.emit(window)
