"""The meeting editor: plan a network meeting, and use it during the meeting with the keyboard.

One dialog for before, during and after: when and where, who the young person chose, the
interpreter, attendance, the young person's wishes, agreements (what, who, by when), the open
agreements from earlier meetings (tick them done), approval of the minutes and the next meeting.
Ctrl+S saves; a refusal shows the Danish message and keeps everything typed.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui import labels
from ui.widgets import NoteEdit
from ui.widgets.fields import CheckField, CodeCombo, DateEdit, TextEdit, TimeEdit
from ui.widgets.form_rows import error_label
from ui.widgets.sizes import list_rows, text_lines

COL_NAME, COL_CHOSEN, COL_ATTENDANCE = 0, 1, 2


def _fmt(value: Any) -> str:
    return DateEdit.display(value) if value else ""


class MeetingEditor(QDialog):
    def __init__(self, store: Any, bus: Any, citizen_id: str, meeting_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id = citizen_id
        self.meeting_id = meeting_id
        self.previews: list[Any] = []
        self.setObjectName("MeetingEditor")
        self.setWindowTitle(_("Network meeting"))
        self.resize(760, 820)

        self.date = DateEdit()
        self.date.setObjectName("meeting_date")
        self.time = TimeEdit()
        self.time.setObjectName("meeting_time")
        self.place = TextEdit()
        self.place.setObjectName("meeting_place")
        self.video_link = TextEdit()
        self.video_link.setObjectName("meeting_video_link")
        self.purpose = TextEdit()
        self.purpose.setObjectName("meeting_purpose")
        self.agenda = NoteEdit()
        self.agenda.setObjectName("meeting_agenda")
        self.agenda.setMaximumHeight(text_lines(self.agenda, 3))
        plan = QFormLayout()
        plan.addRow(_("Date"), self.date)
        plan.addRow(_("Time"), self.time)
        plan.addRow(_("Place"), self.place)
        plan.addRow(_("Video link"), self.video_link)
        plan.addRow(_("Purpose"), self.purpose)
        plan.addRow(_("Agenda"), self.agenda)

        self.people = QTableWidget(0, 3)
        self.people.setObjectName("meeting_participants")
        self.people.setHorizontalHeaderLabels([_("Invited"), _("Chosen by the young person"),
                                               _("Attendance")])
        self.people.horizontalHeader().setStretchLastSection(True)
        self.people.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.people.setTabKeyNavigation(False)
        self.people.setMinimumHeight(list_rows(self.people, 5))

        self.interpreter_language = TextEdit()
        self.interpreter_language.setObjectName("interpreter_language")
        self.interpreter_name = TextEdit()
        self.interpreter_name.setObjectName("interpreter_name")
        self.interpreter_booked = CheckField(_("Booked"))
        self.interpreter_mode = CodeCombo(labels.codes("interpreter_mode"), empty="–")
        interp = QHBoxLayout()
        for w in (QLabel(_("Language")), self.interpreter_language, QLabel(_("Name")),
                  self.interpreter_name, self.interpreter_booked, self.interpreter_mode):
            interp.addWidget(w)

        self.held = CheckField(_("The meeting has been held"))
        self.held.setObjectName("meeting_held")
        self.youth_attendance = CodeCombo(labels.codes("meeting_attendance"), empty="–")
        self.youth_wishes = NoteEdit()
        self.youth_wishes.setObjectName("meeting_youth_wishes")
        self.youth_wishes.setMaximumHeight(text_lines(self.youth_wishes, 2.5))
        # A goal from the young person's plan: its review here is recorded as the plan's.
        self.plan_goal = QComboBox()
        self.plan_goal.setObjectName("meeting_plan_goal")
        self.plan_goal.addItem(_("– not from the plan –"), None)
        for goal in self._plan_goals():
            self.plan_goal.addItem(str(goal["text"]), goal["id"])
        self.plan_goal.currentIndexChanged.connect(self._plan_goal_chosen)
        self.goal = TextEdit()
        self.goal.setObjectName("meeting_goal")
        self.goal_review = TextEdit()
        self.goal_review.setObjectName("meeting_goal_review")
        self.approved = CheckField(_("The young person has approved the minutes"))
        self.approved.setObjectName("meeting_approved")
        self.youth_remarks = NoteEdit()
        self.youth_remarks.setObjectName("meeting_youth_remarks")
        self.youth_remarks.setMaximumHeight(text_lines(self.youth_remarks, 2))
        self.next_date = DateEdit()
        self.next_date.setObjectName("meeting_next_date")
        after = QFormLayout()
        after.addRow("", self.held)
        after.addRow(_("The young person's attendance"), self.youth_attendance)
        after.addRow(_("The young person's wishes for the meeting"), self.youth_wishes)
        goal_row = QHBoxLayout()
        goal_row.addWidget(self.plan_goal, 1)
        goal_row.addWidget(self.goal, 1)
        goal_row.addWidget(self.goal_review, 2)
        after.addRow(_("Goal reviewed / follow-up"), goal_row)
        after.addRow("", self.approved)
        after.addRow(_("The young person's remarks"), self.youth_remarks)
        after.addRow(_("Next meeting"), self.next_date)

        self.earlier = QListWidget()
        self.earlier.setObjectName("meeting_earlier_agreements")
        self.earlier.setMaximumHeight(text_lines(self.earlier, 4))
        self.agreements = QListWidget()
        self.agreements.setObjectName("meeting_agreements")
        self.agreements.setMaximumHeight(text_lines(self.agreements, 4))
        self.agreement_what = TextEdit()
        self.agreement_what.setObjectName("agreement_what")
        self.agreement_owner = QComboBox()
        self.agreement_owner.setObjectName("agreement_owner")
        self.agreement_due = DateEdit()
        self.agreement_due.setObjectName("agreement_due")
        self.add_agreement_button = QPushButton(_("Add agreement"))
        self.add_agreement_button.setObjectName("add_agreement")
        self.add_agreement_button.setAutoDefault(False)
        self.add_agreement_button.clicked.connect(self.add_agreement)
        agr = QGridLayout()
        agr.addWidget(QLabel(_("Open agreements from earlier meetings (tick when done)")), 0, 0,
                      1, 4)
        agr.addWidget(self.earlier, 1, 0, 1, 4)
        agr.addWidget(QLabel(_("Agreements made at this meeting")), 2, 0, 1, 4)
        agr.addWidget(self.agreements, 3, 0, 1, 4)
        agr.addWidget(self.agreement_what, 4, 0)
        agr.addWidget(self.agreement_owner, 4, 1)
        agr.addWidget(self.agreement_due, 4, 2)
        agr.addWidget(self.add_agreement_button, 4, 3)
        agr.setColumnStretch(0, 3)
        self.agreement_error = error_label()
        self.agreement_error.setObjectName("agreement_error")
        agr.addWidget(self.agreement_error, 5, 0, 1, 4)

        self.error = error_label()
        self.error.setObjectName("meeting_error")
        self.problems = QLabel()
        self.problems.setObjectName("meeting_problems")
        self.problems.setWordWrap(True)
        self.problems.setProperty("role", "muted")
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("meeting_save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        self.invitation_button = QPushButton(_("Print invitation…"))
        self.invitation_button.setObjectName("print_invitation")
        self.invitation_button.setAutoDefault(False)
        self.invitation_button.clicked.connect(self.print_invitation)
        self.minutes_button = QPushButton(_("Print minutes…"))
        self.minutes_button.setObjectName("print_minutes")
        self.minutes_button.setAutoDefault(False)
        self.minutes_button.clicked.connect(self.print_minutes)
        close = QPushButton(_("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

        body = QWidget()
        v = QVBoxLayout(body)
        for title, inner in ((_("Planning"), plan), (_("Participants"), None),
                             (_("Interpreter (never family or children)"), interp),
                             (_("During and after the meeting"), after),
                             (_("Agreements"), agr)):
            box = QGroupBox(title)
            if inner is None:
                lay = QVBoxLayout(box)
                lay.addWidget(self.people)
            else:
                box.setLayout(inner)
            v.addWidget(box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.invitation_button)
        buttons.addWidget(self.minutes_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.load()

    # --- loading ---------------------------------------------------------------------------


    def _plan_goals(self) -> list[dict[str, Any]]:
        from hfdesk.store import plans

        plan = plans.find(self.store, self.citizen_id)
        return plans.goals(self.store, plan["id"]) if plan else []

    def _plan_goal_chosen(self, index: int) -> None:
        if index > 0:
            self.goal.set_value(self.plan_goal.itemText(index))
    def load(self) -> None:
        from hfdesk.store import meetings, network

        persons = network.for_citizen(self.store, self.citizen_id)
        invited: dict[str, dict[str, Any]] = {}
        if self.meeting_id:
            m = meetings.get(self.store, self.meeting_id)
            self.date.set_value(m["meeting_at"][:10])
            self.time.set_value(m["meeting_at"][11:16].replace(":", "."))
            for edit, key in ((self.place, "place"), (self.video_link, "video_link"),
                              (self.purpose, "purpose"), (self.agenda, "agenda"),
                              (self.interpreter_language, "interpreter_language"),
                              (self.interpreter_name, "interpreter_name"),
                              (self.youth_wishes, "youth_wishes"),
                              (self.youth_remarks, "youth_remarks")):
                edit.set_value(m.get(key) or "")
            self.interpreter_booked.set_value(m["interpreter_booked"])
            self.interpreter_mode.set_value(m.get("interpreter_mode"))
            self.held.set_value(m["held"])
            self.youth_attendance.set_value(m.get("youth_attendance"))
            self.approved.set_value(m["minutes_approved"])
            self.next_date.set_value(m.get("next_meeting_date") or "")
            invited = {str(p.get("person_id")): p for p in
                       meetings.participants(self.store, self.meeting_id)}
            self.problems.setText("\n".join(meetings.problems(self.store, self.meeting_id)))
        self.people.setRowCount(0)
        rows = list(persons)
        # Someone invited and later removed from the network stays on the meeting.
        known = {p["id"] for p in persons}
        for pid, part in invited.items():
            if pid not in known and pid != "None":
                rows.append({"id": pid, "name": part["name"], "removed": True})
        for person in rows:
            r = self.people.rowCount()
            self.people.insertRow(r)
            part = invited.get(person["id"])
            name = QTableWidgetItem(person["name"] + (" " + _("(removed from the network)")
                                                      if person.get("removed") else ""))
            name.setData(Qt.ItemDataRole.UserRole, person["id"])
            name.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                          | Qt.ItemFlag.ItemIsUserCheckable)
            name.setCheckState(Qt.CheckState.Checked if part else Qt.CheckState.Unchecked)
            chosen = QTableWidgetItem("")
            chosen.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                            | Qt.ItemFlag.ItemIsUserCheckable)
            chosen.setCheckState(Qt.CheckState.Checked if part and part["chosen_by_youth"]
                                 else Qt.CheckState.Unchecked)
            self.people.setItem(r, COL_NAME, name)
            self.people.setItem(r, COL_CHOSEN, chosen)
            combo = CodeCombo(labels.codes("meeting_attendance"), empty="–")
            combo.set_value(part.get("attendance") if part else None)
            self.people.setCellWidget(r, COL_ATTENDANCE, combo)
        self.people.resizeColumnsToContents()
        self._load_agreements()

    def _load_agreements(self) -> None:
        from hfdesk.store import meetings

        self.agreement_owner.clear()
        self.agreement_owner.addItem(_("The young person"), "youth:")
        if self.meeting_id:
            for p in meetings.participants(self.store, self.meeting_id):
                if p.get("person_id"):
                    self.agreement_owner.addItem(p["name"], f"person:{p['person_id']}")
                elif p.get("actor_id"):
                    self.agreement_owner.addItem(p["name"], f"actor:{p['actor_id']}")
        self.agreement_owner.addItem(_("– choose who –"), None)
        self.agreement_owner.setCurrentIndex(self.agreement_owner.count() - 1)
        self.earlier.clear()
        self.agreements.clear()
        if not self.meeting_id:
            return
        for a in meetings.agenda_agreements(self.store, self.meeting_id):
            item = QListWidgetItem(self._agreement_text(a))
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.earlier.addItem(item)
        for a in meetings.agreements(self.store, self.citizen_id, meeting_id=self.meeting_id):
            self.agreements.addItem(self._agreement_text(a))

    @staticmethod
    def _agreement_text(a: dict[str, Any]) -> str:
        due = _fmt(a.get("due_date"))
        status = _("done") if a["status"] == "done" else _("open")
        return f"{a['what']} — {a['owner_name']}" + (f" — {due}" if due else "") + \
            f" ({status})"

    # --- saving ----------------------------------------------------------------------------

    def _participant_rows(self) -> list[dict[str, Any]]:
        out = []
        for r in range(self.people.rowCount()):
            name = self.people.item(r, COL_NAME)
            if name.checkState() != Qt.CheckState.Checked:
                continue
            combo = self.people.cellWidget(r, COL_ATTENDANCE)
            out.append({"person_id": name.data(Qt.ItemDataRole.UserRole),
                        "chosen_by_youth": self.people.item(r, COL_CHOSEN).checkState()
                        == Qt.CheckState.Checked,
                        "attendance": combo.value() if isinstance(combo, CodeCombo) else None})
        return out

    def _values(self) -> dict[str, Any]:
        values = {"meeting_date": self.date.value(), "meeting_time": self.time.value(),
                  "place": self.place.value(), "video_link": self.video_link.value(),
                  "purpose": self.purpose.value(), "agenda": self.agenda.value(),
                  "interpreter_language": self.interpreter_language.value(),
                  "interpreter_name": self.interpreter_name.value(),
                  "interpreter_booked": self.interpreter_booked.value(),
                  "interpreter_mode": self.interpreter_mode.value()}
        if self.meeting_id:
            values.update({"held": self.held.value(), "youth_wishes": self.youth_wishes.value(),
                           "youth_attendance": self.youth_attendance.value(),
                           "minutes_approved": self.approved.value(),
                           "youth_remarks": self.youth_remarks.value()})
            if self.next_date.value():
                values["next_meeting_date"] = self.next_date.value()
        return values

    def _show_error(self, exc: UserError) -> None:
        self.error.setText(exc.message)
        self.error.setVisible(True)

    def save(self) -> bool:
        """Write everything; on a refusal show why and keep every field as typed."""
        from hfdesk.store import meetings

        self.error.setVisible(False)
        rows = self._participant_rows()
        created = self.meeting_id is None
        try:
            with self.store.db.atomic():
                if created:
                    self.meeting_id = meetings.plan(
                        self.store, self.citizen_id, self._values(),
                        [{k: v for k, v in r.items() if k != "attendance"} for r in rows])
                else:
                    self._save_existing(rows)
        except UserError as exc:
            if created:
                self.meeting_id = None
            self._show_error(exc)
            return False
        self.bus.changed.emit("network_meeting", self.meeting_id, self.citizen_id)
        self.bus.status.emit(_("Meeting saved"))
        self.load()
        return True

    def _save_existing(self, rows: list[dict[str, Any]]) -> None:
        from hfdesk.store import meetings

        assert self.meeting_id is not None
        if not rows:
            from hfdesk.errors import ValidationError

            raise ValidationError("Et netværksmøde skal have mindst én deltager. Det, du har "
                                  "skrevet, er bevaret.", field="participants")
        values = self._values()
        approved = values.pop("minutes_approved", False)
        meetings.update(self.store, self.meeting_id, values)
        current = {p.get("person_id"): p for p in meetings.participants(self.store,
                                                                        self.meeting_id)}
        wanted = {r["person_id"] for r in rows}
        for r in rows:
            part = current.get(r["person_id"])
            if part is None:
                meetings.add_participant(self.store, self.meeting_id, r)
            else:
                meetings.update_participant(self.store, part["id"], {
                    "chosen_by_youth": r["chosen_by_youth"], "attendance": r["attendance"]})
        for pid, part in current.items():
            if pid not in wanted and pid is not None:
                meetings.remove_participant(self.store, part["id"])
        for i in range(self.earlier.count()):
            item = self.earlier.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                meetings.mark_done(self.store, item.data(Qt.ItemDataRole.UserRole),
                                   meeting_id=self.meeting_id)
        if self.goal.value():
            meetings.add_goal_review(self.store, self.meeting_id,
                                     {"goal": self.goal.value(),
                                      "review": self.goal_review.value(),
                                      "plan_goal_id": self.plan_goal.currentData()})
            self.plan_goal.setCurrentIndex(0)
            self.goal.set_value("")
            self.goal_review.set_value("")
        meetings.approve_minutes(self.store, self.meeting_id, bool(approved))

    def add_agreement(self) -> bool:
        from hfdesk.store import meetings

        self.agreement_error.setVisible(False)
        if self.meeting_id is None and not self.save():
            return False
        data_text = self.agreement_owner.currentData()
        owner = str(data_text).split(":", 1) if data_text else None
        data: dict[str, Any] = {"meeting_id": self.meeting_id,
                                "what": self.agreement_what.value(),
                                "due_date": self.agreement_due.value()}
        if owner and owner[0] == "youth":
            data["owner_is_youth"] = True
        elif owner and owner[0] == "person":
            data["owner_person_id"] = owner[1]
        elif owner and owner[0] == "actor":
            data["owner_actor_id"] = owner[1]
        try:
            aid = meetings.add_agreement(self.store, self.citizen_id, data)
        except UserError as exc:
            self.agreement_error.setText(exc.message)
            self.agreement_error.setVisible(True)
            return False
        self.bus.changed.emit("meeting_agreement", aid, self.citizen_id)
        self.agreement_what.set_value("")
        self.agreement_due.set_value("")
        self._load_agreements()
        return True

    # --- printing --------------------------------------------------------------------------

    def _preview(self, kind: str, title: str, pdf: bytes, name: str) -> Any:
        from hfdesk.documents.layout import default_file_name

        try:
            from ui.preview import PreviewDialog
        except ImportError:
            QMessageBox.information(self, _("Print"),
                                    _("The print preview is not available in this build."))
            return None
        dialog = PreviewDialog(self.store, self.bus, self.citizen_id, kind, title, pdf,
                               default_file_name(name, date.today(),
                                                 str(self.meeting_id)[:8]), self)
        dialog.open()
        self.previews.append(dialog)
        return dialog

    def print_invitation(self) -> Any:
        from hfdesk.documents.invitation import build_invitation
        from hfdesk.documents.network_common import meeting_snapshot

        if self.meeting_id is None and not self.save():
            return None
        pdf = build_invitation(meeting_snapshot(self.store, str(self.meeting_id),
                                                printed_at=datetime.now()))
        return self._preview("invitation", _("Invitation to a network meeting"), pdf,
                             "invitation")

    def print_minutes(self) -> Any:
        from hfdesk.documents.minutes import build_minutes
        from hfdesk.documents.network_common import meeting_snapshot

        if self.meeting_id is None and not self.save():
            return None
        pdf = build_minutes(meeting_snapshot(self.store, str(self.meeting_id),
                                             printed_at=datetime.now()))
        return self._preview("minutes", _("Minutes of a network meeting"), pdf, "referat")
