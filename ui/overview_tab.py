"""Overblik: the course timeline, housing now, decisions and reviews, events, what is due."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from hfdesk.i18n import _
from ui import labels
from ui.citizen_facts import CitizenFacts
from ui.timeline import CourseTimeline
from ui.widgets.status_chip import StatusChip


def card(title: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("card", True)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(10, 8, 10, 10)
    # A card beside a taller one keeps its lines at the top instead of spreading them out.
    layout.setAlignment(Qt.AlignmentFlag.AlignTop)
    heading = QLabel(title)
    heading.setProperty("role", "section")
    layout.addWidget(heading)
    return frame, layout


def muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(True)
    return label


def clear_layout(layout: QVBoxLayout, keep: int = 1) -> None:
    while layout.count() > keep:
        item = layout.takeAt(keep)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()


class OverviewTab(QWidget):
    edit_course = Signal()
    new_course = Signal()
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.timeline = CourseTimeline()
        self.timeline.painted.connect(self.painted.emit)
        self.course_title = QLabel()
        self.course_title.setProperty("role", "section")
        self.edit_button = QPushButton(_("Edit course…"))
        self.edit_button.setObjectName("edit_course")
        self.edit_button.clicked.connect(self.edit_course.emit)
        self.new_button = QPushButton(_("New course…"))
        self.new_button.setObjectName("new_course")
        self.new_button.clicked.connect(self.new_course.emit)
        top = QHBoxLayout()
        top.addWidget(self.course_title, 1)
        top.addWidget(self.edit_button)
        top.addWidget(self.new_button)
        timeline_card = QFrame()
        timeline_card.setProperty("card", True)
        tl = QVBoxLayout(timeline_card)
        tl.addLayout(top)
        tl.addWidget(self.timeline)

        self.housing_card, self.housing_box = card(_("Housing now"))
        self.due_card, self.due_box = card(_("Next deadlines"))
        self.decisions_card, self.decisions_box = card(_("Decisions and reviews"))
        self.events_card, self.events_box = card(_("Events"))
        self.planned_card, self.planned_box = card(_("Next appointments"))
        grid = QGridLayout()
        grid.setSpacing(10)
        grid.addWidget(self.housing_card, 0, 0)
        grid.addWidget(self.due_card, 0, 1)
        grid.addWidget(self.decisions_card, 1, 0)
        grid.addWidget(self.planned_card, 1, 1)
        grid.addWidget(self.events_card, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(timeline_card)
        layout.addLayout(grid)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def show_facts(self, facts: CitizenFacts, today: date | None = None) -> None:
        from hfdesk.domain.dates import fmt

        today = today or date.today()
        course = facts.course
        self.timeline.set_course(course, facts.state, facts.events, facts.segments, today)
        if course:
            method = labels.label("support_method", course.get("method"))
            case = course.get("case_number")
            self.course_title.setText(" · ".join(
                p for p in (method, _("case %(n)s") % {"n": case} if case else "") if p))
        else:
            self.course_title.setText(_("No course yet"))
        self.edit_button.setVisible(course is not None)

        clear_layout(self.housing_box)
        if facts.housing:
            h = facts.housing
            self.housing_box.addWidget(QLabel(facts.housing_label))
            self.housing_box.addWidget(muted(_("since %(date)s") % {"date": fmt(h["start_date"])}))
            if h.get("homelessness_nat"):
                self.housing_box.addWidget(muted(labels.label("homelessness_situation_nat",
                                                              h["homelessness_nat"])))
        else:
            self.housing_box.addWidget(muted(_("Where the citizen stays is not recorded yet. "
                                               "Add it on the Housing tab.")))

        self.housing_figures = muted("")
        self.housing_figures.setObjectName("overview_housing_figures")
        self.housing_figures.setVisible(False)
        self.housing_box.addWidget(self.housing_figures)

        clear_layout(self.due_box)
        if facts.due:
            for item in sorted(facts.due, key=lambda i: str(i.get("date") or "")):
                row = QHBoxLayout()
                row.addWidget(QLabel(f"{fmt(item.get('date'))}  {item.get('label', '')}"), 1)
                row.addWidget(StatusChip(str(item.get("severity") or "ok")), 0,
                              Qt.AlignmentFlag.AlignVCenter)
                holder = QWidget()
                holder.setLayout(row)
                row.setContentsMargins(0, 0, 0, 0)
                self.due_box.addWidget(holder)
        else:
            self.due_box.addWidget(muted(_("Nothing due.")))

        clear_layout(self.decisions_box)
        if facts.segments:
            for seg in facts.segments:
                basis = labels.label("legal_basis", seg.get("legal_basis"))
                text = _("%(basis)s, decided %(date)s") % {
                    "basis": basis, "date": fmt(seg.get("decision_date")) or "–"}
                self.decisions_box.addWidget(QLabel(text))
                if seg.get("next_review"):
                    self.decisions_box.addWidget(muted(_("next review %(date)s") % {
                        "date": fmt(seg["next_review"])}))
        else:
            self.decisions_box.addWidget(muted(_("No decision recorded.")))

        clear_layout(self.events_box)
        if facts.events:
            for ev in facts.events:
                when = fmt(ev.get("event_date"))
                if ev.get("end_date"):
                    when += "–" + fmt(ev["end_date"])
                self.events_box.addWidget(QLabel(
                    f"{when}  {labels.label('course_event_kind', ev.get('kind'))}"))
        else:
            self.events_box.addWidget(muted(_("No events.")))

        clear_layout(self.planned_box)
        if facts.planned:
            for entry in facts.planned[:5]:
                when = str(entry.get("occurred_at") or "")
                text = f"{fmt(when[:10])} {when[11:16].replace(':', '.')}  " + labels.label(
                    "journal_entry_type", entry.get("entry_type"))
                self.planned_box.addWidget(QLabel(text))
        else:
            self.planned_box.addWidget(muted(_("No planned appointments.")))
        for label in self.findChildren(QLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def show_housing_figures(self, text: str) -> None:
        """Days to housing and the state of the search, from the Bolig tab's figures."""
        self.housing_figures.setText(text)
        self.housing_figures.setVisible(bool(text))
