"""What the header and Overblik say about a citizen, gathered from the store in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hfdesk.i18n import _
from ui import labels


@dataclass
class CitizenFacts:
    citizen: dict[str, Any]
    name: str
    age: int | None
    course: dict[str, Any] | None
    state: Any  # hfdesk.domain.courses.CourseState | None
    events: list[dict[str, Any]]
    segments: list[dict[str, Any]]
    housing: dict[str, Any] | None
    housing_label: str
    last_contact: date | None
    days_since_contact: int | None
    contact_threshold: int | None
    deceased: bool = False
    due: list[dict[str, Any]] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)

    @property
    def course_line(self) -> str:
        if self.course is None or self.state is None:
            return _("No course yet")
        parts = [self.state.phase_label]
        if self.state.status == "phase_zero":
            method = str(self.course.get("method") or "")
            short = method.upper() if method in ("cti", "icm", "act") else labels.label(
                "support_method", method)
            parts.insert(0, short)
        if self.state.day_number and self.state.status != "ended":
            parts.append(_("day %(n)d") % {"n": self.state.day_number})
        return " · ".join(parts)

    @property
    def contact_severity(self) -> str:
        if self.days_since_contact is None or self.contact_threshold is None:
            return "ok"
        if self.days_since_contact > self.contact_threshold:
            return "overdue"
        if self.days_since_contact >= self.contact_threshold - 2:
            return "soon"
        return "ok"


def gather(store: Any, citizen_id: str, citizen: dict[str, Any] | None = None,
           today: date | None = None) -> CitizenFacts:
    from hfdesk.domain import citizens as citizen_domain
    from hfdesk.domain import courses as course_domain
    from hfdesk.store import citizens, courses, housing, journal, settings
    from ui import reminders_source

    today = today or date.today()
    row = citizen or citizens.get(store, citizen_id)
    course = courses.current(store, citizen_id)
    state = courses.state(store, course, today) if course else None
    events = courses.events(store, course["id"]) if course else []
    segments = courses.segments(store, course["id"]) if course else []
    now = housing.current(store, citizen_id)
    housing_label = labels.label("housing_situation", now["housing_situation"]) if now else ""
    last = journal.last_contact(store, citizen_id)
    paused = course_domain.paused_periods(events, today)
    days = course_domain.days_since(last, paused, today)
    threshold = None
    if course and state and state.status != "ended":
        threshold = course_domain.contact_threshold(
            course, state, settings.get(store, "contact_thresholds") or {})
    due = [d for d in reminders_source.due(store, today) if d.get("citizen_id") == citizen_id]
    planned = [e for e in journal.for_citizen(store, citizen_id, status="planned")
               if str(e.get("occurred_at") or "")[:10] >= today.isoformat()]
    planned.sort(key=lambda e: str(e.get("occurred_at")))
    return CitizenFacts(
        citizen=row, name=citizen_domain.display_name(row),
        age=citizen_domain.age(row, today), course=course, state=state, events=events,
        segments=segments, housing=now, housing_label=housing_label, last_contact=last,
        days_since_contact=days, contact_threshold=threshold,
        deceased=courses.is_deceased(store, citizen_id), due=due, planned=planned,
    )
