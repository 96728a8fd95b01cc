"""The journal quick entry: type, status, date and time, duration, who took part, source,
life areas, note.

It autosaves like every form: a new entry is created once it has a note and nothing typed is
invalid; later edits update the same entry. "New note" (Ctrl+J) starts the next one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from hfdesk.i18n import _
from ui import labels
from ui.autosave import FormAutosave
from ui.widgets import CheckField, ChipSelector, CodeCombo, DateEdit, NoteEdit, TextEdit, TimeEdit
from ui.widgets.form_rows import error_label
from ui.widgets.sizes import chars, text_lines

ALIASES = {"occurred_at": "date", "occurred_time": "time", "duration_min": "duration"}


class JournalEntryForm(QFrame):
    visit_offered = Signal()

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("card", True)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.entry_id: str | None = None
        self.visit_mode_active = False
        self.life_area_codes = labels.code_set("life_area")

        self.title = QLabel(_("New journal note"))
        self.title.setProperty("role", "section")
        self.entry_type = CodeCombo(labels.codes("journal_entry_type"))
        self.entry_type.setObjectName("journal_type")
        self.status = CodeCombo(labels.codes("journal_status"))
        self.status.setObjectName("journal_status")
        self.date = DateEdit()
        self.date.setObjectName("journal_date")
        self.time = TimeEdit()
        self.time.setObjectName("journal_time")
        self.duration = TextEdit()
        self.duration.setObjectName("journal_duration")
        self.duration.setMaximumWidth(chars(self.duration, 5))
        self.missed_reason = CodeCombo(labels.codes("missed_reason"), empty="")
        self.missed_reason.setObjectName("journal_missed_reason")
        self.missed_label = QLabel(_("Reason"))
        self.citizen_present = CheckField(_("Citizen present"))
        self.citizen_present.setObjectName("journal_present")
        self.interpreter_used = CheckField(_("Interpreter used"))
        self.interpreter_used.setObjectName("journal_interpreter")
        self.source = TextEdit()
        self.source.setObjectName("journal_source")
        self.source.setMaxLength(500)
        self.source.setPlaceholderText(_("Only when the information comes from someone else, "
                                         "e.g. the mother or the shelter staff"))
        self.source_label = QLabel(_("Source"))
        self.source_label.setBuddy(self.source)
        self.source_label.setContentsMargins(0, 4, 0, 0)
        self.life_areas = ChipSelector(labels.codes("life_area"))
        self.life_areas.setObjectName("journal_life_areas")
        self.note = NoteEdit()
        self.note.setObjectName("journal_note")
        self.note.setPlaceholderText(_("What happened, in plain words. Ctrl+Enter: done."))
        self.note.setMinimumHeight(text_lines(self.note, 4))
        self.note.setMaximumHeight(text_lines(self.note, 8))
        self.new_button = QPushButton(_("New note"))
        self.new_button.setObjectName("journal_new")
        self.new_button.setAutoDefault(False)
        self.new_button.clicked.connect(self.start_new)
        self.state_label = QLabel()
        self.state_label.setProperty("role", "muted")
        self.form_error = error_label()
        self.visit_banner = QFrame()
        self.visit_banner.setProperty("banner", True)
        banner = QHBoxLayout(self.visit_banner)
        banner.setContentsMargins(8, 4, 8, 4)
        banner.addWidget(QLabel(_("Home visit: show only this citizen while you are there?")), 1)
        visit_button = QPushButton(_("Visit mode (Ctrl+B)"))
        visit_button.setAutoDefault(False)
        visit_button.clicked.connect(self.visit_offered.emit)
        banner.addWidget(visit_button)
        self.visit_banner.setVisible(False)

        errors = {k: error_label() for k in ("entry_type", "status", "date", "time", "duration",
                                             "missed_reason", "source", "life_areas", "note")}
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        heads = [(_("Type"), self.entry_type), (_("Status"), self.status),
                 (_("Date"), self.date), (_("Time"), self.time),
                 (_("Minutes"), self.duration), (self.missed_label, self.missed_reason)]
        for col, (head, editor) in enumerate(heads):
            label = head if isinstance(head, QLabel) else QLabel(head)
            label.setBuddy(editor)
            grid.addWidget(label, 0, col)
            grid.addWidget(editor, 1, col)
        n = len(heads)
        grid.setColumnStretch(n + 1, 1)
        grid.setColumnMinimumWidth(n, 8)
        grid.addWidget(self.citizen_present, 1, n, Qt.AlignmentFlag.AlignLeft)
        # Reading order: Kilde under the type … minutes, "Tolk brugt" under "Borgeren deltog".
        grid.addWidget(self.source_label, 2, 0, 1, n)
        grid.addWidget(self.source, 3, 0, 1, n)
        grid.addWidget(self.interpreter_used, 3, n, Qt.AlignmentFlag.AlignLeft)
        messages = QVBoxLayout()
        for name in ("entry_type", "status", "date", "time", "duration", "missed_reason",
                     "source"):
            messages.addWidget(errors[name])
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.state_label, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 10)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addLayout(messages)
        layout.addWidget(self.life_areas)
        layout.addWidget(errors["life_areas"])
        layout.addWidget(self.note)
        layout.addWidget(errors["note"])
        layout.addWidget(self.form_error)
        layout.addWidget(self.visit_banner)

        self.autosave = FormAutosave(
            store=store, bus=bus, form_key="journal:new", citizen_id=None, root=self,
            fields={"entry_type": self.entry_type, "status": self.status, "date": self.date,
                    "time": self.time, "duration": self.duration,
                    "missed_reason": self.missed_reason, "citizen_present": self.citizen_present,
                    "interpreter_used": self.interpreter_used, "source": self.source,
                    "life_areas": self.life_areas, "note": self.note},
            errors=errors, save=self._save, form_error=self.form_error, aliases=ALIASES)
        self.status.edited.connect(self._status_changed)
        self.entry_type.edited.connect(self._type_changed)
        done = QShortcut(QKeySequence("Ctrl+Return"), self.note)
        done.setContext(Qt.ShortcutContext.WidgetShortcut)
        done.activated.connect(self.start_new)

    # state ------------------------------------------------------------------------------
    def set_citizen(self, citizen_id: str) -> None:
        self.autosave.close()
        self.citizen_id = citizen_id
        self.start_new(flush=False)

    def defaults(self) -> dict[str, Any]:
        now = datetime.now()
        return {"entry_type": "home_visit", "status": "done", "date": now.date().isoformat(),
                "time": now.strftime("%H.%M"), "duration": "", "missed_reason": None,
                "citizen_present": True, "interpreter_used": False, "source": "",
                "life_areas": [], "note": ""}

    def start_new(self, flush: bool = True) -> None:
        if flush and self.autosave.has_pending():
            self.autosave.flush()
        self.entry_id = None
        self.autosave.citizen_id = self.citizen_id
        self.autosave.form_key = f"journal:new:{self.citizen_id}"
        from hfdesk.store import audit

        self.autosave.session = audit.EditSession()
        self.autosave.load(self.defaults())
        self.title.setText(_("New journal note"))
        self.state_label.setText("")
        self._status_changed()
        self.visit_banner.setVisible(False)

    def edit_entry(self, entry: dict[str, Any]) -> None:
        if self.autosave.has_pending():
            self.autosave.flush()
        self.entry_id = entry["id"]
        self.autosave.form_key = f"journal:{entry['id']}"
        from hfdesk.store import audit

        self.autosave.session = audit.EditSession()
        when = str(entry.get("occurred_at") or "")
        self.autosave.load({
            "entry_type": entry.get("entry_type"), "status": entry.get("status"),
            "date": when[:10], "time": when[11:16].replace(":", "."),
            "duration": "" if entry.get("duration_min") is None else str(entry["duration_min"]),
            "missed_reason": entry.get("missed_reason"),
            "citizen_present": entry.get("citizen_present"),
            "interpreter_used": entry.get("interpreter_used"), "source": entry.get("source") or "",
            "life_areas": entry.get("life_areas"), "note": entry.get("note") or ""})
        from hfdesk.domain.dates import fmt

        self.title.setText(_("Editing note of %(date)s") % {"date": fmt(when[:10])})
        self._status_changed()
        self.note.setFocus()

    def focus_first(self) -> None:
        self.entry_type.setFocus()

    def _status_changed(self) -> None:
        show = self.status.value() == "no_show"
        self.missed_reason.setVisible(show)
        self.missed_label.setVisible(show)

    def _type_changed(self) -> None:
        self.visit_banner.setVisible(self.entry_type.value() == "home_visit"
                                     and not self.visit_mode_active)

    # saving -----------------------------------------------------------------------------
    @staticmethod
    def _data(values: dict[str, Any], names: set[str]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if names & {"date", "time"}:
            data["occurred_at"] = values["date"]
            data["occurred_time"] = values["time"]
        mapping = {"entry_type": "entry_type", "status": "status", "duration": "duration_min",
                   "missed_reason": "missed_reason", "citizen_present": "citizen_present",
                   "interpreter_used": "interpreter_used", "source": "source",
                   "life_areas": "life_areas", "note": "note"}
        for name, key in mapping.items():
            if name in names:
                data[key] = values[name]
        if "status" in names and values["status"] == "no_show":
            data["missed_reason"] = values["missed_reason"]
        return data

    def _save(self, changes: dict[str, Any], values: dict[str, Any], excluded: set[str]) -> Any:
        from hfdesk.store import journal

        if self.citizen_id is None:
            return False
        if self.entry_id is None:
            if excluded or not str(values.get("note") or "").strip():
                return False
            data = self._data(values, set(values))
            entry_id = journal.add(self.store, self.citizen_id, data,
                                   session=self.autosave.session,
                                   life_areas=self.life_area_codes)
            self.entry_id = entry_id
            self.autosave.set_form_key(f"journal:{entry_id}")
            self.state_label.setText(_("saved as a new note"))
        else:
            journal.update(self.store, self.entry_id, self._data(values, set(changes)),
                           session=self.autosave.session, life_areas=self.life_area_codes)
        self.bus.changed.emit("journal_entry", self.entry_id, self.citizen_id)
        return True
