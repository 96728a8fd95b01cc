"""The start page's henvendelse inbox: underretninger to forward on top, then henvendelser that
have no citizen yet. Enter opens one; "Ny henvendelse" starts one."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.i18n import _
from ui import labels
from ui.style import OVERDUE
from ui.widgets.sizes import list_rows

ROLE = Qt.ItemDataRole.UserRole
# Reminder kinds the inbox shows itself, so the start page's list leaves them out.
INBOX_KINDS = frozenset({"underretning"})


class ReferralInbox(QWidget):
    citizen_requested = Signal(str)

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.dialog: Any = None
        self.title = QLabel(_("Referrals and underretninger"))
        self.title.setProperty("role", "section")
        self.new_button = QPushButton(_("New referral…"))
        self.new_button.setObjectName("inbox_new_referral")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.new_referral)
        self.tree = QTreeWidget()
        self.tree.setObjectName("referral_inbox")
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([_("Received"), _("Who"), _("What"), _("Status")])
        self.tree.setMaximumHeight(list_rows(self.tree, 6))
        self.tree.itemActivated.connect(self._open)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(head)
        layout.addWidget(self.tree)

    def refresh(self, today: date | None = None) -> None:
        from hfdesk.domain import referrals as domain
        from hfdesk.domain.dates import fmt
        from hfdesk.store import referrals
        from ui.referral_dialog import status_text

        today = today or date.today()
        self.tree.clear()
        rows = referrals.inbox(self.store)
        attempts = referrals.contacts_by_referral(self.store)
        for r in rows:
            code = domain.status(r, attempts.get(r["id"], []), today)
            what = ", ".join(labels.label("concern_domain", d) for d in r["concern_domains"][:3])
            if r.get("underretning"):
                what = _("Underretning") + (" · " + what if what else "")
            age = r.get("person_age")
            who = domain.display_name(r) + (f" ({age})" if age is not None else "")
            item = QTreeWidgetItem([fmt(r["received_date"]), who, what, status_text(code)])
            item.setData(0, ROLE, r["id"])
            if code == "forward":
                font = QFont(item.font(0))
                font.setBold(True)
                for col in range(4):
                    item.setFont(col, font)
                item.setForeground(3, QColor(OVERDUE))
            self.tree.addTopLevelItem(item)
        if not rows:
            item = QTreeWidgetItem([_("No new referrals."), "", "", ""])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(item)
        for col in range(4):
            self.tree.resizeColumnToContents(col)

    def _open(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        from ui.referral_dialog import dialog_for

        rid = item.data(0, ROLE)
        if rid:
            self._show(dialog_for(self.store, self.bus, str(rid), parent=self))

    def new_referral(self) -> None:
        from ui.referral_dialog import ReferralDialog

        self._show(ReferralDialog(self.store, self.bus, parent=self))

    def _show(self, dialog: Any) -> None:
        self.dialog = dialog

        def finished(_result: int) -> None:
            created = getattr(dialog, "created_citizen", None)
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            self.refresh()
            if created:
                self.citizen_requested.emit(created)

        dialog.finished.connect(finished)
        dialog.open()
