"""Plan: the young person's overall wish at the top, goal cards grouped by life area with the
actions inline, a clear state (Kladde / Version 3 færdiggjort 12.03.2026), "Færdiggør version",
opfølgning per goal, version history with comparison, and the three printouts.

Everything goes through `hfdesk.store.plans`; a refused write shows the core's Danish message
beside the form and leaves every field as it was typed (nothing is lost). Goals are reordered
from the keyboard with Ctrl+Op / Ctrl+Ned in the goal list.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui import labels
from ui.widgets.sizes import list_rows, text_lines

ROLE = Qt.ItemDataRole.UserRole


def _fmt(value: Any) -> str:
    from hfdesk.domain.dates import fmt

    return fmt(value) if value else ""


def _combo(name: str, items: list[tuple[str, str]], empty: str | None = None) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    if empty is not None:
        box.addItem(empty, "")
    for code, text in items:
        box.addItem(text, code)
    return box


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setPlaceholderText(placeholder)
    return edit


def _button(name: str, text: str) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.setAutoDefault(False)
    return b


class GoalTree(QTreeWidget):
    """Life area → goal → actions. Ctrl+Up / Ctrl+Down moves the selected goal."""

    def __init__(self, tab: PlanTab) -> None:
        super().__init__()
        self.tab = tab
        self.setObjectName("plan_goals")
        self.setHeaderLabels([_("Goal / action"), _("Who"), _("By"), _("Status")])
        self.setColumnWidth(0, 420)
        self.setAccessibleName(_("Goals grouped by life area"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt name)
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and event.key() in (
                Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.tab.move_goal(-1 if event.key() == Qt.Key.Key_Up else 1)
            return
        super().keyPressEvent(event)


class PlanTab(QWidget):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.plan_id: str | None = None
        self.last_dialog: Any = None

        inner = QWidget()
        col = QVBoxLayout(inner)

        top = QHBoxLayout()
        self.state_label = QLabel(_("Draft"))
        self.state_label.setObjectName("plan_state")
        self.state_label.setProperty("role", "badge")
        top.addWidget(self.state_label)
        top.addStretch(1)
        self.print_plan_button = _button("print_plan", _("Print plan…"))
        self.print_youth_button = _button("print_plan_youth", _("Print the young person's plan…"))
        self.print_note_button = _button("print_status_note", _("Print status note…"))
        for b in (self.print_plan_button, self.print_youth_button, self.print_note_button):
            top.addWidget(b)
        self.print_plan_button.clicked.connect(lambda: self.print_kind("plan"))
        self.print_youth_button.clicked.connect(lambda: self.print_kind("plan_youth"))
        self.print_note_button.clicked.connect(lambda: self.print_kind("status_note"))
        col.addLayout(top)

        self.message = QLabel("")
        self.message.setObjectName("plan_message")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        col.addWidget(self.message)

        wish_box = QGroupBox(_("Wishes, hopes and dreams (in the young person's words)"))
        wl = QVBoxLayout(wish_box)
        self.wish = QPlainTextEdit()
        self.wish.setObjectName("plan_wish")
        self.wish.setTabChangesFocus(True)
        self.wish.setMaximumHeight(text_lines(self.wish, 3))
        wl.addWidget(self.wish)
        rec = QHBoxLayout()
        self.recommendation = _combo("plan_recommendation", labels.codes("recommendation"),
                                     _("Recommendation for the status note…"))
        self.recommendation_reason = _line("plan_recommendation_reason", _("Reasons"))
        self.save_wish_button = _button("plan_save_wish", _("Save"))
        self.save_wish_button.clicked.connect(self.save_wish)
        rec.addWidget(self.recommendation)
        rec.addWidget(self.recommendation_reason, 1)
        rec.addWidget(self.save_wish_button)
        wl.addLayout(rec)
        col.addWidget(wish_box)

        self.tree = GoalTree(self)
        self.tree.setMinimumHeight(list_rows(self.tree, 9))
        col.addWidget(self.tree)

        goal_box = QGroupBox(_("New goal"))
        gf = QFormLayout(goal_box)
        self.goal_text = _line("goal_text", _("The goal in the young person's words"))
        self.goal_area = _combo("goal_area", labels.codes("life_area"), _("Choose life area…"))
        self.goal_priority = _combo("goal_priority", [("1", _("High")), ("2", _("Medium")),
                                                      ("3", _("Low"))])
        self.goal_priority.setCurrentIndex(1)
        self.goal_follow_up = _line("goal_follow_up", _("Empty: three months from today"))
        self.add_goal_button = _button("add_goal", _("Add goal"))
        self.add_goal_button.clicked.connect(self.add_goal)
        self.goal_text.returnPressed.connect(self.add_goal)
        self.goal_follow_up.returnPressed.connect(self.add_goal)
        gf.addRow(_("Goal"), self.goal_text)
        gf.addRow(_("Life area"), self.goal_area)
        gf.addRow(_("Priority"), self.goal_priority)
        gf.addRow(_("Follow-up"), self.goal_follow_up)
        gf.addRow("", self.add_goal_button)
        col.addWidget(goal_box)

        action_box = QGroupBox(_("New action under the selected goal"))
        af = QFormLayout(action_box)
        self.action_what = _line("action_what", _("What"))
        self.action_who = _combo("action_who", [("youth", _("The young person")),
                                                ("worker", _("The worker")),
                                                ("actor", _("An actor"))], _("Who…"))
        self.action_who_name = _line("action_who_name", _("Name (for an actor)"))
        self.action_due = _line("action_due", _("By when (optional)"))
        self.add_action_button = _button("add_action", _("Add action"))
        self.add_action_button.clicked.connect(self.add_action)
        self.action_due.returnPressed.connect(self.add_action)
        self.action_what.returnPressed.connect(self.add_action)
        af.addRow(_("What"), self.action_what)
        af.addRow(_("Who"), self.action_who)
        af.addRow(_("Name"), self.action_who_name)
        af.addRow(_("By"), self.action_due)
        af.addRow("", self.add_action_button)
        col.addWidget(action_box)

        review_box = QGroupBox(_("Follow-up of the selected goal"))
        rf = QFormLayout(review_box)
        self.review_outcome = _line("review_outcome", _("What happened"))
        self.review_status = _combo("review_status", labels.codes("goal_status"))
        self.review_next = _line("review_next", _("Next follow-up (empty: three months)"))
        self.review_button = _button("save_review", _("Save follow-up"))
        self.review_button.clicked.connect(self.save_review)
        self.review_next.returnPressed.connect(self.save_review)
        rf.addRow(_("What happened"), self.review_outcome)
        rf.addRow(_("New status"), self.review_status)
        rf.addRow(_("Next"), self.review_next)
        rf.addRow("", self.review_button)
        col.addWidget(review_box)

        finish_box = QGroupBox(_("Finish version"))
        ff = QFormLayout(finish_box)
        self.finish_participants = _line("finish_participants", _("Who took part"))
        self.finish_agreement = _combo("finish_agreement", labels.codes("plan_agreement"),
                                       _("The young person's view…"))
        self.finish_view = _line("finish_view", _("In the young person's words"))
        self.custody_took_part = QCheckBox(_("Custody holder took part (under 18)"))
        self.custody_took_part.setObjectName("custody_took_part")
        self.custody_agreed = QCheckBox(_("Custody holder agrees (under 18)"))
        self.custody_agreed.setObjectName("custody_agreed")
        self.finish_button = _button("finish_version", _("Finish version"))
        self.finish_button.clicked.connect(self.finish_version)
        self.finish_view.returnPressed.connect(self.finish_version)
        ff.addRow(_("Participants"), self.finish_participants)
        ff.addRow(_("View of the plan"), self.finish_agreement)
        ff.addRow(_("In their words"), self.finish_view)
        ff.addRow("", self.custody_took_part)
        ff.addRow("", self.custody_agreed)
        ff.addRow("", self.finish_button)
        col.addWidget(finish_box)

        links_box = QGroupBox(_("Plans held by the authority"))
        lf = QFormLayout(links_box)
        self.links = QListWidget()
        self.links.setObjectName("plan_links")
        self.links.setMaximumHeight(text_lines(self.links, 3))
        self.link_type = _combo("link_type", labels.codes("plan_type"), _("Which plan…"))
        self.link_department = _line("link_department", _("Owning department"))
        self.link_system = _line("link_system", _("IT system"))
        self.link_reference = _line("link_reference", _("Reference"))
        self.link_seen = _line("link_seen", _("Date last seen"))
        self.add_link_button = _button("add_link", _("Add link"))
        self.add_link_button.clicked.connect(self.add_link)
        self.link_seen.returnPressed.connect(self.add_link)
        lf.addRow(self.links)
        lf.addRow(_("Plan"), self.link_type)
        lf.addRow(_("Department"), self.link_department)
        lf.addRow(_("System"), self.link_system)
        lf.addRow(_("Reference"), self.link_reference)
        lf.addRow(_("Last seen"), self.link_seen)
        lf.addRow("", self.add_link_button)
        self.released = _combo("link_released", [], _("Link a released opsporing item…"))
        self.link_item_button = _button("link_item", _("Link to the selected goal"))
        self.link_item_button.clicked.connect(self.link_item)
        lf.addRow(self.released, self.link_item_button)
        # Only a myndighedsrådgiver may mark the plan as an authority plan.
        self.authority = _combo("plan_authority", labels.codes("plan_type"),
                                _("Not an authority plan (Indsatsplan)"))
        self.authority.activated.connect(self.mark_authority)
        self.authority.setVisible(getattr(store, "role", "") == "myndighedsraadgiver")
        lf.addRow(self.authority)
        col.addWidget(links_box)

        history = QGroupBox(_("Version history"))
        hl = QVBoxLayout(history)
        self.versions = QListWidget()
        self.versions.setObjectName("plan_versions")
        self.versions.setMaximumHeight(text_lines(self.versions, 4))
        hl.addWidget(self.versions)
        cmp_row = QHBoxLayout()
        self.compare_a = QComboBox()
        self.compare_a.setObjectName("compare_a")
        self.compare_b = QComboBox()
        self.compare_b.setObjectName("compare_b")
        self.compare_button = _button("compare_versions", _("Compare"))
        self.compare_button.clicked.connect(self.compare)
        cmp_row.addWidget(self.compare_a)
        cmp_row.addWidget(self.compare_b)
        cmp_row.addWidget(self.compare_button)
        cmp_row.addStretch(1)
        hl.addLayout(cmp_row)
        self.compare_text = QLabel("")
        self.compare_text.setObjectName("compare_text")
        self.compare_text.setWordWrap(True)
        hl.addWidget(self.compare_text)
        col.addWidget(history)
        col.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    # data ------------------------------------------------------------------------------------
    def set_citizen(self, citizen_id: str) -> None:
        self.citizen_id = citizen_id
        self.message.setText("")
        self.refresh()

    def _ensure(self) -> str:
        from hfdesk.store import plans

        assert self.citizen_id is not None
        if self.plan_id is None:
            self.plan_id = plans.ensure(self.store, self.citizen_id)
        return self.plan_id

    def refresh(self) -> None:
        from hfdesk.store import plans

        if self.citizen_id is None:
            return
        found = plans.find(self.store, self.citizen_id)
        self.plan_id = found["id"] if found else None
        self.tree.clear()
        self.versions.clear()
        self.compare_a.clear()
        self.compare_b.clear()
        if found is None:
            self.state_label.setText(_("No plan yet: write the first goal below."))
            self.wish.setPlainText("")
            return
        full = plans.full(self.store, found["id"])
        st = full["state"]
        self.state_label.setText(_("Draft") if st.draft or st.number is None else
                                 _("Version %(n)d finished %(date)s") % {
                                     "n": st.number, "date": _fmt(st.finished_on)})
        if not self.wish.hasFocus():
            self.wish.setPlainText(found.get("wish") or "")
        i = self.recommendation.findData(found.get("recommendation") or "")
        self.recommendation.setCurrentIndex(max(0, i))
        self.recommendation_reason.setText(found.get("recommendation_reason") or "")
        areas: dict[str, QTreeWidgetItem] = {}
        selected = None
        for g in full["goals"]:
            area = areas.get(g["life_area"])
            if area is None:
                area = QTreeWidgetItem(self.tree, [labels.label("life_area", g["life_area"])])
                area.setFlags(Qt.ItemFlag.ItemIsEnabled)
                areas[g["life_area"]] = area
            item = QTreeWidgetItem(area, [
                g["text"], "", _fmt(g["next_date"]),
                labels.label("goal_status", g["current_status"])])
            item.setData(0, ROLE, g["id"])
            if g["id"] == getattr(self, "_selected_goal", None):
                selected = item
            for a in g["actions"]:
                who = {"youth": _("The young person"), "worker": _("The worker")}.get(
                    a["who_kind"], a.get("who_name") or "")
                QTreeWidgetItem(item, [a["what"], who, _fmt(a.get("due_date")),
                                       labels.label("action_status", a["status"])])
        self.tree.expandAll()
        if selected is None and full["goals"]:
            selected = self.tree.topLevelItem(0).child(0) if self.tree.topLevelItemCount() \
                else None
        if selected is not None:
            self.tree.setCurrentItem(selected)
        self.links.clear()
        for k in full["links"]:
            self.links.addItem(" · ".join(p for p in (
                labels.label("plan_type", k["plan_type"]), k.get("department") or "",
                k.get("system") or "", k.get("reference") or "",
                _fmt(k.get("last_seen"))) if p))
        self.released.clear()
        self.released.addItem(_("Link a released opsporing item…"), None)
        for item in plans.released_items(self.store, self.citizen_id):
            self.released.addItem(f"{_fmt(item['assessed_on'])} · {item['text']}",
                                  {"kind": item["kind"], "id": item["id"]})
        i = self.authority.findData(found.get("authority_type") or "")
        self.authority.setCurrentIndex(max(0, i))
        for v in full["versions"]:
            text = _("Version %(n)d · %(date)s · %(who)s") % {
                "n": v["number"], "date": _fmt(v["finished_on"]), "who": v["participants"] or ""}
            self.versions.addItem(text)
            self.compare_a.addItem(str(v["number"]), v["number"])
            self.compare_b.addItem(str(v["number"]), v["number"])
        if self.compare_b.count():
            self.compare_b.setCurrentIndex(self.compare_b.count() - 1)
            self.compare_a.setCurrentIndex(max(0, self.compare_a.count() - 2))

    def _current_goal_id(self) -> str | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        if item.data(0, ROLE):
            return str(item.data(0, ROLE))
        parent = item.parent()
        if parent is not None and parent.data(0, ROLE):
            return str(parent.data(0, ROLE))
        return None

    def _run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a core write; on refusal show its Danish message and keep every field."""
        try:
            result = fn(*args, **kwargs)
        except UserError as exc:
            self.message.setText(exc.message)
            return None
        self.message.setText("")
        if self.bus is not None and self.citizen_id:
            self.bus.changed.emit("plan", self.plan_id or "", self.citizen_id)
        return result if result is not None else True

    # actions ---------------------------------------------------------------------------------
    def save_wish(self) -> None:
        from hfdesk.store import plans

        if self._run(lambda: plans.update_plan(self.store, self._ensure(), {
                "wish": self.wish.toPlainText(),
                "recommendation": self.recommendation.currentData() or None,
                "recommendation_reason": self.recommendation_reason.text()})) is not None:
            self.refresh()

    def add_goal(self) -> None:
        from hfdesk.store import plans

        data = {"text": self.goal_text.text(), "life_area": self.goal_area.currentData(),
                "priority": int(self.goal_priority.currentData() or 2),
                "follow_up": self.goal_follow_up.text().strip() or None}
        gid = self._run(lambda: plans.add_goal(self.store, self._ensure(), data))
        if gid is None:
            return
        self._selected_goal = gid
        self.goal_text.clear()
        self.goal_follow_up.clear()
        self.goal_area.setCurrentIndex(0)
        self.refresh()
        self.goal_text.setFocus()

    def add_action(self) -> None:
        from hfdesk.store import plans

        gid = self._current_goal_id()
        if gid is None:
            self.message.setText(_("Select a goal in the list first."))
            return
        data = {"what": self.action_what.text(), "who_kind": self.action_who.currentData() or None,
                "who_name": self.action_who_name.text(), "due_date": self.action_due.text()}
        if self._run(plans.add_action, self.store, gid, data) is None:
            return
        self._selected_goal = gid
        for edit in (self.action_what, self.action_who_name, self.action_due):
            edit.clear()
        self.action_who.setCurrentIndex(0)
        self.refresh()
        self.action_what.setFocus()

    def move_goal(self, step: int) -> None:
        from hfdesk.store import plans

        gid = self._current_goal_id()
        if gid is None:
            return
        self._selected_goal = gid
        if self._run(plans.move_goal, self.store, gid, step) is not None:
            self.refresh()

    def save_review(self) -> None:
        from hfdesk.store import plans

        gid = self._current_goal_id()
        if gid is None or self.plan_id is None:
            self.message.setText(_("Select a goal in the list first."))
            return
        data = {"outcome": self.review_outcome.text(),
                "status": self.review_status.currentData(),
                "next_date": self.review_next.text().strip() or None}
        if self._run(plans.add_review, self.store, self.plan_id, date.today(),
                     {gid: data}) is None:
            return
        self._selected_goal = gid
        self.review_outcome.clear()
        self.review_next.clear()
        self.refresh()

    def finish_version(self) -> None:
        from hfdesk.store import plans

        data = {"participants": self.finish_participants.text(),
                "youth_agreement": self.finish_agreement.currentData() or None,
                "youth_view": self.finish_view.text(),
                "custody_took_part": self.custody_took_part.isChecked(),
                "custody_agreed": self.custody_agreed.isChecked()}
        if self._run(lambda: plans.finish_version(self.store, self._ensure(), data)) is None:
            return
        self.finish_participants.clear()
        self.finish_view.clear()
        self.finish_agreement.setCurrentIndex(0)
        self.refresh()

    def add_link(self) -> None:
        from hfdesk.store import plans

        data = {"plan_type": self.link_type.currentData() or None,
                "department": self.link_department.text(), "system": self.link_system.text(),
                "reference": self.link_reference.text(), "last_seen": self.link_seen.text()}
        if self._run(lambda: plans.add_link(self.store, self._ensure(), data)) is None:
            return
        for edit in (self.link_department, self.link_system, self.link_reference,
                     self.link_seen):
            edit.clear()
        self.link_type.setCurrentIndex(0)
        self.refresh()

    def link_item(self) -> None:
        from hfdesk.store import plans

        gid, item = self._current_goal_id(), self.released.currentData()
        if gid is None or not item:
            self.message.setText(_("Select a goal in the list and a released item first."))
            return
        current = plans.goals(self.store, self.plan_id or "")
        linked = next((g["linked_items"] for g in current if g["id"] == gid), [])
        if item in linked:
            return
        self._selected_goal = gid
        if self._run(plans.update_goal, self.store, gid,
                     {"linked_items": [*linked, item]}) is not None:
            self.refresh()

    def mark_authority(self) -> None:
        from hfdesk.store import plans

        code = self.authority.currentData() or None
        if self._run(lambda: plans.mark_authority(self.store, self._ensure(), code)) is not None:
            self.refresh()

    def compare(self) -> None:
        from hfdesk.store import plans

        if self.plan_id is None or not self.compare_a.count():
            return
        a, b = self.compare_a.currentData(), self.compare_b.currentData()
        lines = plans.compare(self.store, self.plan_id, int(a), int(b))
        self.compare_text.setText("\n".join(lines) or _("No differences."))

    def print_kind(self, kind: str) -> Any:
        from ui.printing_plan import print_plan

        if self.citizen_id is None:
            return None
        self.last_dialog = print_plan(self.store, self.bus, self.citizen_id, kind, self)
        return self.last_dialog
