"""Courses (forløb), their support segments (decisions) and dated events."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from hfdesk.domain import courses as domain
from hfdesk.domain.dates import parse_date
from hfdesk.domain.text import NOTE_MAX, clean
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.database import Store

KIND = "course"


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["phase_overrides"] = records.decode_json_list(row.get("phase_overrides"))
    row["end_reasons"] = records.decode_json_list(row.get("end_reasons"))
    return row


def create(store: Store, citizen_id: str, data: Mapping[str, Any]) -> str:
    records.get(store, "citizen", citizen_id)
    values = domain.validate(data)
    with store.db.atomic():
        cid = records.insert(store, KIND, {**values, "citizen_id": citizen_id})
        audit.log(store, "create", record_kind=KIND, record_id=cid, citizen_id=citizen_id,
                  fields=[k for k, v in values.items() if v not in (None, "", [])])
    return cid


def update(store: Store, course_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None) -> list[str]:
    current = get(store, course_id)
    values = domain.validate(changes, partial=True, current=current)
    with store.db.atomic():
        changed = records.update(store, KIND, course_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, course_id,
                                                    current["citizen_id"], changed)
    return changed


def get(store: Store, course_id: str) -> dict[str, Any]:
    return _decode(records.get(store, KIND, course_id))


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """Newest first; the current course is the newest open one."""
    return [_decode(r) for r in store.query(
        "SELECT * FROM courses WHERE citizen_id = ? "
        "ORDER BY (end_decision_date IS NOT NULL), coalesce(start_date, referral_date, "
        "created_at) DESC, created_at DESC", [citizen_id])]


def current(store: Store, citizen_id: str) -> dict[str, Any] | None:
    courses = for_citizen(store, citizen_id)
    open_ = [c for c in courses if not c.get("end_decision_date")]
    return open_[0] if open_ else (courses[0] if courses else None)


# --- support segments (the authority's decisions) -----------------------------------------

def add_segment(store: Store, course_id: str, data: Mapping[str, Any],
                legal_bases: Iterable[str]) -> str:
    course = get(store, course_id)
    values = domain.validate_segment(data, legal_bases)
    with store.db.atomic():
        sid = records.insert(store, "support_segment", {**values, "course_id": course_id})
        audit.log(store, "create", record_kind="support_segment", record_id=sid,
                  citizen_id=course["citizen_id"], fields=list(values))
    return sid


def segments(store: Store, course_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM support_segments WHERE course_id = ? "
                       "ORDER BY coalesce(period_start, decision_date)", [course_id])


# --- events --------------------------------------------------------------------------------

def add_event(store: Store, course_id: str, data: Mapping[str, Any]) -> str:
    course = get(store, course_id)
    kind = data.get("kind")
    if kind not in domain.EVENT_KINDS:
        raise ValidationError("Vælg en hændelse fra listen.", field="kind")
    start = data.get("event_date")
    start_d = start if isinstance(start, date) else parse_date(start, field="event_date")
    if start_d is None:
        raise ValidationError("Skriv datoen for hændelsen.", field="event_date")
    end = data.get("end_date")
    end_d = end if isinstance(end, date) else parse_date(end, field="end_date")
    if end_d and end_d < start_d:
        raise ValidationError("Slutdatoen ligger før hændelsens start.", field="end_date")
    values = {
        "kind": kind, "event_date": start_d.isoformat(),
        "end_date": end_d.isoformat() if end_d else None,
        "new_municipality": clean(data.get("new_municipality"), field="new_municipality",
                                  label="Ny kommune", max_len=100),
        "reason": clean(data.get("reason"), field="reason", label="Årsag", max_len=500),
        "notes": clean(data.get("notes"), field="notes", label="Noter", max_len=NOTE_MAX,
                       multiline=True),
    }
    if kind == "moved_municipality" and not values["new_municipality"]:
        raise ValidationError("Skriv hvilken kommune borgeren flytter til.",
                              field="new_municipality")
    with store.db.atomic():
        eid = records.insert(store, "course_event", {**values, "course_id": course_id})
        audit.log(store, "create", record_kind="course_event", record_id=eid,
                  citizen_id=course["citizen_id"], fields=[k for k, v in values.items() if v])
    return eid


def end_event(store: Store, event_id: str, end_date: date) -> None:
    ev = records.get(store, "course_event", event_id)
    course = get(store, ev["course_id"])
    with store.db.atomic():
        records.update(store, "course_event", event_id, {"end_date": end_date.isoformat()})
        audit.log(store, "change", record_kind="course_event", record_id=event_id,
                  citizen_id=course["citizen_id"], fields=["end_date"])


def events(store: Store, course_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM course_events WHERE course_id = ? ORDER BY event_date",
                       [course_id])


def is_deceased(store: Store, citizen_id: str) -> bool:
    row = store.db.execute(
        "SELECT 1 FROM course_events e JOIN courses c ON c.id = e.course_id "
        "WHERE c.citizen_id = ? AND e.kind = 'death' LIMIT 1", [citizen_id]).fetchone()
    return row is not None


def state(store: Store, course: Mapping[str, Any],
          today: date | None = None) -> domain.CourseState:
    return domain.state(course, events(store, course["id"]), today)


# --- the whole caseload at once (reminders) -------------------------------------------------

def current_all(store: Store) -> dict[str, dict[str, Any]]:
    """citizen id → current course, as `current()` picks it, in one query for every citizen."""
    out: dict[str, dict[str, Any]] = {}
    for r in store.query(
            "SELECT * FROM courses ORDER BY citizen_id, (end_decision_date IS NOT NULL), "
            "coalesce(start_date, referral_date, created_at) DESC, created_at DESC"):
        if r["citizen_id"] not in out:
            out[r["citizen_id"]] = _decode(r)
    return out


def events_of_open(store: Store) -> dict[str, list[dict[str, Any]]]:
    """course id → its events (by date), for every course without an end decision."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in store.query(
            "SELECT e.* FROM course_events e JOIN courses c ON c.id = e.course_id "
            "WHERE c.end_decision_date IS NULL ORDER BY e.course_id, e.event_date"):
        out.setdefault(r["course_id"], []).append(r)
    return out


def segments_of_open(store: Store) -> dict[str, list[dict[str, Any]]]:
    """course id → its support segments, in `segments()` order, for every open course."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in store.query(
            "SELECT s.* FROM support_segments s JOIN courses c ON c.id = s.course_id "
            "WHERE c.end_decision_date IS NULL "
            "ORDER BY s.course_id, coalesce(s.period_start, s.decision_date)"):
        out.setdefault(r["course_id"], []).append(r)
    return out
