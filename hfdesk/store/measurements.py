"""Individdokumentation in the store: measurements per course and their answers.

A new measurement is prefilled from the records (housing history, journal, plan, network
meetings, the course) through `hfdesk.measurements_prefill`; each derived answer is stored with
source "derived", its derived value and the basis, unconfirmed. The worker confirms it (still
"derived") or types another answer (source "typed"; the derived value stays beside it). Every
write is one transaction with its audit row (field names only). Validation is in
`hfdesk.domain.measurements`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from hfdesk import measurements_catalogue, measurements_prefill, vocab
from hfdesk.domain import measurements as domain
from hfdesk.domain.dates import age_on, parse_date, to_date
from hfdesk.domain.text import NOTE_MAX, clean
from hfdesk.errors import ValidationError
from hfdesk.store import audit, courses, records, settings
from hfdesk.store.database import Store

KIND = "measurement"
ANSWER = "measurement_answer"


def catalogue(store: Store) -> domain.Catalogue:
    """The municipality's catalogue (setting "measurement_catalogue") or the shipped one."""
    found, _warning = measurements_catalogue.for_path(settings.get(store, "measurement_catalogue"))
    return found


def _today(today: date | None) -> date:
    return today or date.today()


def _load(value: Any) -> Any:
    if value is None:
        return None
    try:
        return json.loads(value)
    except (TypeError, ValueError):
        return value


def _decode_answer(row: dict[str, Any]) -> dict[str, Any]:
    row["value"] = _load(row.get("value"))
    row["derived_value"] = _load(row.get("derived_value"))
    row["confirmed"] = bool(row.get("confirmed"))
    return row


def _dump(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False)


# --- reading --------------------------------------------------------------------------------

def get(store: Store, measurement_id: str) -> dict[str, Any]:
    """The measurement with `answers` (item key → answer dict)."""
    m = dict(records.get(store, KIND, measurement_id))
    m["answers"] = {a["item"]: a for a in (_decode_answer(r) for r in store.query(
        "SELECT * FROM measurement_answers WHERE measurement_id = ?", [measurement_id]))}
    return m


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """Newest first, each with how many items are answered and how many still unconfirmed."""
    return store.query(
        "SELECT m.*, (SELECT count(*) FROM measurement_answers a WHERE a.measurement_id = m.id"
        " AND a.value IS NOT NULL) AS answered, (SELECT count(*) FROM measurement_answers a"
        " WHERE a.measurement_id = m.id AND a.source = 'derived' AND a.confirmed = 0"
        " AND a.value IS NOT NULL) AS unconfirmed "
        "FROM measurements m WHERE m.citizen_id = ? ORDER BY m.measured_on DESC, "
        "m.created_at DESC", [citizen_id])


def for_course(store: Store, course_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM measurements WHERE course_id = ? ORDER BY measured_on, "
                       "created_at", [course_id])


def age_at(store: Store, citizen_id: str, on: date) -> int | None:
    c = records.get(store, "citizen", citizen_id)
    return age_on(to_date(c.get("birth_date")), on)


def items(store: Store, measurement: Mapping[str, Any]) -> list[domain.Item]:
    """The items this measurement asks, for the citizen's age and the answers so far."""
    on = to_date(measurement.get("measured_on")) or date.today()
    return domain.items_for(catalogue(store), str(measurement["kind"]),
                            age=age_at(store, measurement["citizen_id"], on),
                            answers=measurement.get("answers") or {})


def codes_of(item: domain.Item, on: date | None = None) -> list[str]:
    if item.vocab is None:
        return []
    return [c.code for c in vocab.default().codes(item.vocab, include_inactive=True)
            if c.is_valid_on(on) or c.code == "unknown"]


def _requires_text(item: domain.Item) -> list[str]:
    if item.vocab is None:
        return []
    return [c.code for c in vocab.default().codes(item.vocab, include_inactive=True)
            if c.requires_text]


def label(list_name: str, code: str) -> str:
    try:
        return vocab.default().label(list_name, code)
    except Exception:
        return code


def housing_group(code: str) -> str | None:
    try:
        for c in vocab.default().codes("housing_situation", include_inactive=True):
            if c.code == code:
                return c.group
    except Exception:
        return None
    return None


# --- prefill --------------------------------------------------------------------------------

def prefill_data(store: Store, citizen_id: str, course: Mapping[str, Any], on: date,
                 since: date | None) -> dict[str, Any]:
    """Everything the prefill rules read, fetched with a few queries for this one citizen."""
    start = on - timedelta(days=measurements_prefill.THREE_MONTHS_DAYS + 1)
    if since is not None and since < start:
        start = since
    journal = [dict(r, life_areas=records.decode_json_list(r.get("life_areas")))
               for r in store.query(
                   "SELECT occurred_at, entry_type, status, citizen_present, duration_min, "
                   "life_areas, missed_reason FROM journal_entries WHERE citizen_id = ? AND "
                   "occurred_at >= ? AND occurred_at < ?",
                   [citizen_id, start.isoformat(), (on + timedelta(days=1)).isoformat()])]
    housing = store.query("SELECT start_date, end_date, housing_situation FROM housing_segments"
                          " WHERE citizen_id = ?", [citizen_id])
    meetings = store.query("SELECT meeting_at, held FROM network_meetings WHERE citizen_id = ?"
                           " AND meeting_at >= ?", [citizen_id, start.isoformat()])
    plan: dict[str, Any] = {}
    rows = store.query("SELECT id, authority_type FROM plans WHERE course_id = ?",
                       [course["id"]])
    if rows:
        pid = rows[0]["id"]
        plan = {
            "authority_type": rows[0].get("authority_type"),
            "goals": store.db.execute("SELECT count(*) FROM plan_goals WHERE plan_id = ?",
                                      [pid]).fetchone()[0],
            "versions": store.query("SELECT number, finished_on FROM plan_versions "
                                    "WHERE plan_id = ?", [pid]),
            "link_types": [r["plan_type"] for r in store.query(
                "SELECT plan_type FROM plan_links WHERE plan_id = ?", [pid])],
        }
    order = [c.code for c in vocab.default().codes("life_area", include_inactive=True)]
    return {"on": on, "since": since, "course": dict(course), "journal": journal,
            "housing": housing, "meetings": meetings, "plan": plan, "label": label,
            "housing_group": housing_group, "life_area_order": order}


def _since(existing: list[dict[str, Any]], course: Mapping[str, Any], on: date) -> date | None:
    before = [d for m in existing if (d := to_date(m.get("measured_on"))) and d < on]
    if before:
        return max(before)
    start = measurements_prefill.course_start_of(course)
    return start - timedelta(days=1) if start else None


def derive(store: Store, measurement: Mapping[str, Any]) -> dict[str, measurements_prefill.Derived]:
    on = to_date(measurement["measured_on"]) or date.today()
    course = courses.get(store, measurement["course_id"])
    others = [m for m in for_course(store, course["id"]) if m["id"] != measurement.get("id")]
    data = prefill_data(store, measurement["citizen_id"], course, on,
                        _since(others, course, on))
    asked = domain.items_for(catalogue(store), str(measurement["kind"]),
                             age=age_at(store, measurement["citizen_id"], on))
    found = measurements_prefill.derive(asked, data)
    # A derived code the item's list does not have (an override retired it) is not proposed.
    out = {}
    for key, d in found.items():
        item = catalogue(store).item(key)
        if item.type in ("choice", "multi"):
            valid = set(codes_of(item))
            vals = d.value if isinstance(d.value, list) else [d.value]
            if not all(v in valid for v in vals):
                continue
        out[key] = d
    return out


# --- writing --------------------------------------------------------------------------------

def create(store: Store, citizen_id: str, kind: str, measured_on: Any = None, *,
           course_id: str | None = None, today: date | None = None) -> str:
    """A new measurement of the course (the current one when none is named), prefilled."""
    today = _today(today)
    records.get(store, "citizen", citizen_id)
    course = courses.get(store, course_id) if course_id else courses.current(store, citizen_id)
    if course is not None and course["citizen_id"] != citizen_id:
        raise ValidationError("Forløbet hører til en anden borger.", field="course_id")
    on = measured_on if isinstance(measured_on, date) else parse_date(
        measured_on, field="measured_on", today=today)
    on = on or today
    existing = for_course(store, course["id"]) if course else []
    domain.check_new(kind, on, course=course, existing=existing, today=today)
    assert course is not None
    cat = catalogue(store)
    with store.db.atomic():
        mid = records.insert(store, KIND, {
            "citizen_id": citizen_id, "course_id": course["id"], "kind": kind,
            "measured_on": on.isoformat(), "catalogue": f"{cat.name} v{cat.version}"})
        m = {"id": mid, "citizen_id": citizen_id, "course_id": course["id"], "kind": kind,
             "measured_on": on.isoformat()}
        for key, d in derive(store, m).items():
            records.insert(store, ANSWER, {
                "measurement_id": mid, "item": key, "value": _dump(d.value), "text": None,
                "source": "derived", "confirmed": 0, "derived_value": _dump(d.value),
                "derived_basis": d.basis})
        audit.log(store, "create", record_kind=KIND, record_id=mid, citizen_id=citizen_id,
                  fields=["kind", "measured_on", "course_id"])
    return mid


def set_answer(store: Store, measurement_id: str, item_key: str, value: Any, *,
               text: Any = None, session: audit.EditSession | None = None,
               today: date | None = None) -> list[str]:
    """The worker's answer. Equal to the derived value → confirmed "derived"; else "typed"."""
    today = _today(today)
    m = get(store, measurement_id)
    item = catalogue(store).item(item_key)
    on = to_date(m["measured_on"])
    stored, note = domain.validate_answer(item, value, codes=codes_of(item, on),
                                          requires_text=_requires_text(item), text=text,
                                          today=today)
    current = m["answers"].get(item_key)
    # Unconfirmed prefilled answers do not block: the worker is correcting them one by one.
    merged = {k: a.get("value") for k, a in m["answers"].items()
              if a["confirmed"] or a["source"] == "typed"}
    merged[item_key] = stored
    same_day = [get(store, o["id"]) for o in for_course(store, m["course_id"])
                if o["id"] != measurement_id and o["measured_on"] == m["measured_on"]]
    domain.check_consistency(merged, housing_group=housing_group, same_day=same_day)
    derived = current.get("derived_value") if current else None
    if stored is None:
        source, confirmed = "typed", 0
    elif derived is not None and domain.same_value(stored, derived):
        source, confirmed = "derived", 1
    else:
        source, confirmed = "typed", 1
    values = {"value": _dump(stored), "text": note, "source": source, "confirmed": confirmed}
    with store.db.atomic():
        if current is None:
            aid = records.insert(store, ANSWER, {**values, "measurement_id": measurement_id,
                                                 "item": item_key})
            changed = list(values)
        else:
            aid = current["id"]
            changed = records.update(store, ANSWER, aid, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, measurement_id,
                                                    m["citizen_id"], [item_key])
    return changed


def confirm(store: Store, measurement_id: str, item_keys: Iterable[str] | None = None) -> int:
    """Confirm derived answers as they stand (all unconfirmed ones when no keys are given)."""
    m = get(store, measurement_id)
    keys = set(item_keys) if item_keys is not None else None
    todo = [a for k, a in m["answers"].items() if a["source"] == "derived"
            and not a["confirmed"] and a["value"] is not None and (keys is None or k in keys)]
    if not todo:
        return 0
    with store.db.atomic():
        for a in todo:
            records.update(store, ANSWER, a["id"], {"confirmed": 1})
        audit.log(store, "change", record_kind=KIND, record_id=measurement_id,
                  citizen_id=m["citizen_id"], fields=sorted(a["item"] for a in todo))
    return len(todo)


def refresh_derived(store: Store, measurement_id: str) -> list[str]:
    """Derive again (the journal may have grown). Unconfirmed derived answers follow the new
    value; confirmed and typed answers keep theirs, with the new derived value beside them."""
    m = get(store, measurement_id)
    found = derive(store, m)
    changed: list[str] = []
    with store.db.atomic():
        for key, d in found.items():
            a = m["answers"].get(key)
            if a is None:
                records.insert(store, ANSWER, {
                    "measurement_id": measurement_id, "item": key, "value": _dump(d.value),
                    "text": None, "source": "derived", "confirmed": 0,
                    "derived_value": _dump(d.value), "derived_basis": d.basis})
                changed.append(key)
                continue
            values: dict[str, Any] = {"derived_value": _dump(d.value), "derived_basis": d.basis}
            if a["source"] == "derived" and not a["confirmed"]:
                values["value"] = _dump(d.value)
            elif a["source"] == "derived" and not domain.same_value(a["value"], d.value):
                # Confirmed earlier, but the records now say otherwise: it is the worker's
                # answer now, shown as corrected with the new derived value beside it.
                values["source"] = "typed"
            if records.update(store, ANSWER, a["id"], values):
                changed.append(key)
        if changed:
            audit.log(store, "change", record_kind=KIND, record_id=measurement_id,
                      citizen_id=m["citizen_id"], fields=sorted(changed))
    return changed


def update(store: Store, measurement_id: str, changes: Mapping[str, Any], *,
           session: audit.EditSession | None = None, today: date | None = None) -> list[str]:
    """The note, the self-report participation and the date (order is checked again)."""
    today = _today(today)
    m = records.get(store, KIND, measurement_id)
    values: dict[str, Any] = {}
    if "note" in changes:
        values["note"] = clean(changes["note"], field="note", label="Noten", max_len=NOTE_MAX,
                               multiline=True)
    if "selfreport" in changes:
        code = changes["selfreport"] or None
        valid = {c.code for c in vocab.default().codes("selfreport_participation")}
        if code is not None and code not in valid:
            raise ValidationError("Vælg hvordan borgeren deltog fra listen.", field="selfreport")
        values["selfreport"] = code
    if "measured_on" in changes:
        raw = changes["measured_on"]
        on = raw if isinstance(raw, date) else parse_date(raw, field="measured_on", today=today)
        if on is None:
            raise ValidationError("Skriv datoen for målingen.", field="measured_on")
        course = courses.get(store, m["course_id"])
        others = [o for o in for_course(store, m["course_id"]) if o["id"] != measurement_id]
        domain.check_new(m["kind"], on, course=course, existing=others, today=today)
        values["measured_on"] = on.isoformat()
    with store.db.atomic():
        changed = records.update(store, KIND, measurement_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, measurement_id,
                                                    m["citizen_id"], changed)
    return changed


def delete(store: Store, measurement_id: str) -> None:
    m = records.get(store, KIND, measurement_id)
    with store.db.atomic():
        ids = [r["id"] for r in store.query(
            "SELECT id FROM measurement_answers WHERE measurement_id = ?", [measurement_id])]
        records.purge_versions(store, ANSWER, ids)
        records.delete(store, KIND, measurement_id)
        audit.log(store, "delete", record_kind=KIND, record_id=measurement_id,
                  citizen_id=m["citizen_id"])


# --- reminders ------------------------------------------------------------------------------

def reminders(store: Store, today: date,
              skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """"measurement_due": an opstart missing N days into an active course (started within the
    catalogue's reminder window), a status three months after the last measurement, an
    afslutning for a course that ended within the window. One query."""
    from hfdesk.domain.courses import add_months
    from hfdesk.reminders import SOON

    cat = catalogue(store)
    window = (today - timedelta(days=cat.reminder_window_days)).isoformat()
    rows = store.query(
        "SELECT c.id, c.citizen_id, c.start_date, c.transition_date, c.end_decision_date, "
        "(SELECT max(m.measured_on) FROM measurements m WHERE m.course_id = c.id AND "
        " m.kind IN ('opstart', 'status')) AS last, "
        "EXISTS (SELECT 1 FROM measurements m WHERE m.course_id = c.id AND "
        " m.kind = 'opstart') AS has_opstart, "
        "EXISTS (SELECT 1 FROM measurements m WHERE m.course_id = c.id AND "
        " m.kind = 'afslutning') AS has_end "
        "FROM courses c WHERE (c.end_decision_date IS NULL AND "
        " coalesce(c.start_date, c.transition_date) IS NOT NULL) "
        " OR c.end_decision_date >= ?", [window])
    # A course that began before the window and has no measurement at all (data from before
    # hfdesk measured) is not nagged about; the Målinger tab still offers its opstart.
    items: list[dict[str, Any]] = []
    for r in rows:
        if r["citizen_id"] in skip or r["has_end"]:
            continue
        ended = to_date(r["end_decision_date"])
        if ended is not None:
            when, label = ended, "Afslutningsmåling mangler: forløbet er afsluttet"
        elif not r["has_opstart"]:
            start = to_date(r["start_date"]) or to_date(r["transition_date"])
            if start is None or start > today or start.isoformat() < window:
                continue
            when = start + timedelta(days=cat.opstart_due_days)
            label = f"Opstartsmåling mangler ({cat.opstart_due_days} dage efter start)"
        else:
            last = to_date(r["last"])
            if last is None:
                continue
            when = add_months(last, cat.status_months)
            label = f"Statusmåling: {cat.status_months} måneder siden sidste måling"
        if when - today > SOON:
            continue
        items.append({"kind": "measurement_due", "citizen_id": r["citizen_id"],
                      "course_id": r["id"], "date": when.isoformat(),
                      "severity": "overdue" if when < today else "soon", "label": label,
                      "open": "measurements"})
    return items
