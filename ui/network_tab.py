"""Netværk og møder: the network list (a permission icon per person) beside the drawn map, the
person editor, the meetings (upcoming first) and the open agreements.

Everything is reachable with the keyboard: the lists take focus with Tab, Enter opens the
selected meeting, Ctrl+Enter in the person editor saves the person.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _
from ui import labels
from ui.network_map_view import NetworkMapView, permission_icon
from ui.widgets import NoteEdit
from ui.widgets.fields import CheckField, CodeCombo, DateEdit, TextEdit
from ui.widgets.form_rows import error_label
from ui.widgets.sizes import text_lines


def _fmt(value: Any) -> str:
    return DateEdit.display(value) if value else ""


class PersonEditor(QGroupBox):
    """Add or change one person; the young person's words in their own fields."""

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(_("Person"), parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.person_id: str | None = None
        self.name = TextEdit()
        self.name.setObjectName("person_name")
        self.actor = CodeCombo([], empty=_("– not from the actors register –"))
        self.actor.setObjectName("person_actor")
        self.relation = CodeCombo(labels.codes("network_relation"), empty="–")
        self.relation.setObjectName("person_relation")
        self.legal_role = CodeCombo(labels.codes("legal_role"), empty="–")
        self.legal_role.setObjectName("person_legal_role")
        self.legal_scope = TextEdit()
        self.legal_expires = DateEdit()
        self.legal_expires.setObjectName("person_legal_expires")
        self.custody = CheckField(_("Has custody"))
        self.closeness = CodeCombo(labels.codes("closeness"), empty="–")
        self.closeness.setObjectName("person_closeness")
        self.permission = CodeCombo(labels.codes("contact_permission"))
        self.permission.setObjectName("person_permission")
        self.permission.set_value("ask_first")
        self.brings = NoteEdit()
        self.brings.setObjectName("person_brings")
        self.brings.setMaximumHeight(text_lines(self.brings, 2))
        self.hard = NoteEdit()
        self.hard.setObjectName("person_hard")
        self.hard.setMaximumHeight(text_lines(self.hard, 2))
        self.save_button = QPushButton(_("Save person"))
        self.save_button.setObjectName("person_save")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton(_("New person"))
        self.new_button.setObjectName("person_new")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.start_new)
        self.remove_button = QPushButton(_("Remove from the network"))
        self.remove_button.setObjectName("person_remove")
        self.remove_button.setAutoDefault(False)
        self.remove_button.clicked.connect(self.remove)
        self.error = error_label()
        self.error.setObjectName("person_error")
        form = QFormLayout(self)
        # Long labels go above their field when the tab is narrow (150 %, a large font).
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(_("Name"), self.name)
        form.addRow(_("From the actors register"), self.actor)
        form.addRow(_("Relation"), self.relation)
        legal = QHBoxLayout()
        legal.addWidget(self.legal_role)
        legal.addWidget(QLabel(_("Scope")))
        legal.addWidget(self.legal_scope, 1)
        legal.addWidget(QLabel(_("Expires")))
        legal.addWidget(self.legal_expires)
        form.addRow(_("Legal role"), legal)
        form.addRow("", self.custody)
        form.addRow(_("Closeness"), self.closeness)
        form.addRow(_("Contact permission"), self.permission)
        form.addRow(_("What the person brings (their words)"), self.brings)
        form.addRow(_("What is hard (their words)"), self.hard)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.new_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        form.addRow(row)
        form.addRow(self.error)
        for key in (QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")):
            QShortcut(key, self, activated=self.save,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def set_citizen(self, citizen_id: str) -> None:
        from hfdesk.store import actors

        self.citizen_id = citizen_id
        self.actor.clear()
        self.actor.addItem(_("– not from the actors register –"), None)
        for a in actors.list_all(self.store):
            self.actor.addItem(f"{a['name']} ({labels.label('actor_type', a['actor_type'])})",
                               a["id"])
        self.start_new()

    def start_new(self) -> None:
        self.person_id = None
        for w in (self.name, self.legal_scope, self.legal_expires, self.brings, self.hard):
            w.set_value("")
        for c in (self.actor, self.relation, self.legal_role, self.closeness):
            c.set_value(None)
        self.custody.set_value(False)
        self.permission.set_value("ask_first")
        self.error.setVisible(False)
        self.remove_button.setEnabled(False)

    def show_person(self, p: dict[str, Any]) -> None:
        self.person_id = p["id"]
        self.name.set_value(p["name"])
        self.actor.set_value(p.get("actor_id"))
        self.relation.set_value(p.get("relation"))
        self.legal_role.set_value(p.get("legal_role"))
        self.legal_scope.set_value(p.get("legal_scope") or "")
        self.legal_expires.set_value(p.get("legal_expires") or "")
        self.custody.set_value(p.get("custody_holder"))
        self.closeness.set_value(p.get("closeness"))
        self.permission.set_value(p.get("contact_permission"))
        self.brings.set_value(p.get("brings") or "")
        self.hard.set_value(p.get("hard") or "")
        self.error.setVisible(False)
        self.remove_button.setEnabled(True)

    def values(self) -> dict[str, Any]:
        data = {"name": self.name.value(), "actor_id": self.actor.value(),
                "relation": self.relation.value(), "legal_role": self.legal_role.value(),
                "legal_scope": self.legal_scope.value(),
                "legal_expires": self.legal_expires.value(),
                "custody_holder": self.custody.value(), "closeness": self.closeness.value(),
                "contact_permission": self.permission.value(),
                "brings": self.brings.value(), "hard": self.hard.value()}
        if data["legal_role"]:
            data["person_type"] = "legal"
        elif data["relation"] == "peer_worker":
            data["person_type"] = "peer"
        elif data["actor_id"]:
            data["person_type"] = "professional"
        return data

    def save(self) -> str | None:
        from hfdesk.store import network

        if self.citizen_id is None:
            return None
        self.error.setVisible(False)
        data = self.values()
        try:
            if self.person_id is None:
                pid = network.add(self.store, self.citizen_id, data)
            else:
                pid = self.person_id
                current = network.get(self.store, pid)
                changes = {k: v for k, v in data.items()
                           if (current.get(k) or None) != (v or None)}
                if "contact_permission" in changes:
                    changes["permission_date"] = date.today().isoformat()
                network.update(self.store, pid, changes)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return None
        self.bus.changed.emit("network_person", pid, self.citizen_id)
        self.start_new()
        self.name.setFocus()
        return pid

    def remove(self) -> None:
        from hfdesk.store import network

        if self.person_id is None or self.citizen_id is None:
            return
        network.remove(self.store, self.person_id)
        self.bus.changed.emit("network_person", self.person_id, self.citizen_id)
        self.start_new()


class NetworkTab(QWidget):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.editors: list[Any] = []
        self.dialogs: list[Any] = []
        self.persons: list[dict[str, Any]] = []

        self.network_list = QListWidget()
        self.network_list.setObjectName("network_list")
        self.network_list.setAccessibleName(_("Network"))
        self.network_list.currentItemChanged.connect(self._person_selected)
        self.map = NetworkMapView()
        self.print_map_button = QPushButton(_("Print network map…"))
        self.print_map_button.setObjectName("print_network_map")
        self.print_map_button.setAutoDefault(False)
        self.print_map_button.clicked.connect(self.print_map)
        self.person = PersonEditor(store, bus)

        self.meeting_list = QListWidget()
        self.meeting_list.setObjectName("meeting_list")
        self.meeting_list.itemActivated.connect(lambda _item: self.open_meeting())
        self.new_meeting_button = QPushButton(_("Plan a meeting…"))
        self.new_meeting_button.setObjectName("new_meeting")
        self.new_meeting_button.setAutoDefault(False)
        self.new_meeting_button.clicked.connect(lambda: self.open_meeting(new=True))
        self.open_meeting_button = QPushButton(_("Open meeting…"))
        self.open_meeting_button.setAutoDefault(False)
        self.open_meeting_button.clicked.connect(lambda: self.open_meeting())

        self.agreement_list = QListWidget()
        self.agreement_list.setObjectName("agreement_list")
        self.done_button = QPushButton(_("Mark as done"))
        self.done_button.setObjectName("agreement_done")
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.mark_done)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(QLabel(_("Network")))
        lv.addWidget(self.network_list, 1)
        lv.addWidget(self.person)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.map, 1)
        rv.addWidget(self.print_map_button)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(left)
        top.addWidget(right)
        top.setStretchFactor(0, 1)
        top.setStretchFactor(1, 1)
        top.setSizes([500, 500])

        meetings_box = QGroupBox(_("Meetings (upcoming first)"))
        mv = QVBoxLayout(meetings_box)
        mv.addWidget(self.meeting_list, 1)
        mb = QHBoxLayout()
        mb.addWidget(self.new_meeting_button)
        mb.addWidget(self.open_meeting_button)
        mb.addStretch(1)
        mv.addLayout(mb)
        agreements_box = QGroupBox(_("Open agreements"))
        av = QVBoxLayout(agreements_box)
        av.addWidget(self.agreement_list, 1)
        av.addWidget(self.done_button)
        bottom = QWidget()
        bl = QHBoxLayout(bottom)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addWidget(meetings_box, 1)
        bl.addWidget(agreements_box, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        bus.changed.connect(self._changed)

    def set_citizen(self, citizen_id: str) -> None:
        self.citizen_id = citizen_id
        self.person.set_citizen(citizen_id)
        self.refresh()

    def _changed(self, kind: str, _rid: str, citizen_id: str) -> None:
        if citizen_id == self.citizen_id and kind in (
                "network_person", "network_meeting", "meeting_agreement", "citizen", "actor"):
            self.refresh()

    def refresh(self) -> None:
        from hfdesk.store import citizens, meetings, network

        if self.citizen_id is None:
            return
        c = citizens.get(self.store, self.citizen_id)
        self.persons = network.for_citizen(self.store, self.citizen_id)
        self.network_list.blockSignals(True)
        self.network_list.clear()
        for p in self.persons:
            role = (labels.label("legal_role", p.get("legal_role")) or
                    labels.label("network_relation", p.get("relation")) or
                    labels.label("actor_type", p.get("actor_type")))
            text = p["name"] + (f" — {role}" if role else "")
            warnings = network.warnings(p)
            if warnings:
                text += " ⚠ " + "; ".join(warnings)
            item = QListWidgetItem(permission_icon(p["contact_permission"]), text)
            perm = labels.label("contact_permission", p["contact_permission"])
            item.setToolTip(f"{perm} ({_fmt(p.get('permission_date'))})")
            item.setData(Qt.ItemDataRole.UserRole, p["id"])
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{text}. {perm}")
            self.network_list.addItem(item)
        self.network_list.blockSignals(False)
        self.map.show_network(c.get("preferred_name") or c["legal_name"], self.persons)
        self.meeting_list.clear()
        today = date.today()
        for m in meetings.for_citizen(self.store, self.citizen_id, today):
            when = DateEdit.display(m["meeting_at"][:10]) + " " + m["meeting_at"][11:16]
            upcoming = not m["held"] and m["meeting_at"][:10] >= today.isoformat()
            state = _("upcoming") if upcoming else (_("held") if m["held"] else _("not held"))
            text = f"{when} — {m.get('purpose') or _('Network meeting')} ({state})"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, m["id"])
            self.meeting_list.addItem(item)
        self.agreement_list.clear()
        for a in meetings.open_agreements(self.store, self.citizen_id):
            due = _fmt(a.get("due_date"))
            late = a.get("due_date") and a["due_date"] < today.isoformat()
            text = f"{a['what']} — {a['owner_name']}" + (f" — {due}" if due else "") + \
                (" " + _("(overdue)") if late else "")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, a["id"])
            self.agreement_list.addItem(item)

    def _person_selected(self, item: QListWidgetItem | None, _prev: Any = None) -> None:
        if item is None:
            return
        pid = item.data(Qt.ItemDataRole.UserRole)
        person = next((p for p in self.persons if p["id"] == pid), None)
        if person:
            self.person.show_person(person)

    def open_meeting(self, new: bool = False) -> Any:
        from ui.meeting_editor import MeetingEditor

        if self.citizen_id is None:
            return None
        meeting_id = None
        if not new:
            item = self.meeting_list.currentItem()
            if item is None:
                return None
            meeting_id = item.data(Qt.ItemDataRole.UserRole)
        editor = MeetingEditor(self.store, self.bus, self.citizen_id, meeting_id, self)
        editor.open()
        self.editors.append(editor)
        return editor

    def mark_done(self) -> None:
        from hfdesk.store import meetings

        item = self.agreement_list.currentItem()
        if item is None or self.citizen_id is None:
            return
        aid = item.data(Qt.ItemDataRole.UserRole)
        meetings.mark_done(self.store, aid)
        self.bus.changed.emit("meeting_agreement", aid, self.citizen_id)

    def print_map(self) -> Any:
        from hfdesk.documents.layout import default_file_name
        from hfdesk.documents.network_common import network_snapshot
        from hfdesk.documents.network_map import build_network_map

        if self.citizen_id is None:
            return None
        pdf = build_network_map(network_snapshot(self.store, self.citizen_id,
                                                 printed_at=datetime.now()))
        try:
            from ui.preview import PreviewDialog
        except ImportError:
            QMessageBox.information(self, _("Print"),
                                    _("The print preview is not available in this build."))
            return None
        dialog = PreviewDialog(self.store, self.bus, self.citizen_id, "network_map",
                               _("Network map"), pdf,
                               default_file_name("netvaerkskort", date.today(),
                                                 self.citizen_id[:8]), self)
        dialog.open()
        self.dialogs.append(dialog)
        return dialog
