"""Netværksmøder: planning, participants, attendance, goals reviewed, agreements, minutes.

The young person decides who attends (each participant is marked "valgt af den unge" or not).
A meeting always has at least one participant; a meeting before the course start, a video link
that is not a link and an agreement without an owner are refused with a Danish message before
anything is written. Who may receive an invitation or the minutes is decided per participant by
`hfdesk.permissions` (through `hfdesk.store.network.decide`); the minutes exist whether or not
the young person approves them — approval decides only who receives them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from hfdesk import permissions, vocab
from hfdesk.domain import network as domain
from hfdesk.domain.dates import fmt, to_date
from hfdesk.errors import ValidationError
from hfdesk.store import audit, courses, network, records
from hfdesk.store.database import Store

MEETING = "network_meeting"
PARTICIPANT = "meeting_participant"
AGREEMENT = "meeting_agreement"
GOAL = "meeting_goal_review"
_BOOLS = ("interpreter_booked", "held", "minutes_approved", "chosen_by_youth", "consent_given",
          "owner_is_youth")


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in _BOOLS:
        if key in row and row[key] is not None:
            row[key] = bool(row[key])
    return row


def _ctx(store: Store, citizen_id: str, course_id: str | None,
         today: date | None) -> dict[str, Any]:
    ctx: dict[str, Any] = {"today": today or date.today(),
                           "family_names": network.family_names(store, citizen_id)}
    course = courses.get(store, course_id) if course_id else courses.current(store, citizen_id)
    if course:
        ctx["course_start"] = course.get("start_date") or course.get("transition_date")
        ctx["course_id"] = course["id"]
    return ctx


def _write(store: Store, kind: str, citizen_id: str, values: Mapping[str, Any]) -> str:
    rid = records.insert(store, kind, values)
    audit.log(store, "create", record_kind=kind, record_id=rid, citizen_id=citizen_id,
              fields=[k for k, v in values.items() if v not in (None, "", False)
                      and k not in ("citizen_id", "meeting_id")])
    return rid


def _change(store: Store, kind: str, record_id: str, citizen_id: str,
            values: Mapping[str, Any], session: audit.EditSession | None = None) -> list[str]:
    changed = records.update(store, kind, record_id, values)
    if changed:
        (session or audit.EditSession()).record(store, "change", kind, record_id, citizen_id,
                                                changed)
    return changed


# --- participants ---------------------------------------------------------------------------

def _participant_values(store: Store, citizen_id: str, data: Mapping[str, Any],
                        today: date | None) -> dict[str, Any]:
    values = domain.validate(PARTICIPANT, data, vocab=vocab.default(),
                             context={"today": today or date.today()})
    if values.get("person_id"):
        rows = store.query("SELECT * FROM network_persons WHERE id = ? AND citizen_id = ?",
                           [values["person_id"], citizen_id])
        if not rows:
            raise ValidationError("Personen findes ikke i den unges netværk. Vælg en anden.",
                                  field="person_id")
        person = rows[0]
        if person.get("removed_date"):
            raise ValidationError(
                f"{person['name']} er fjernet fra netværket ({fmt(person['removed_date'])}) og "
                "kan ikke inviteres. Tilføj personen igen, hvis den unge ønsker det.",
                field="person_id")
        values["name"] = values.get("name") or person["name"]
        if not values.get("role"):
            if person.get("legal_role"):
                values["role"] = vocab.default().label("legal_role", person["legal_role"])
            elif person.get("relation"):
                values["role"] = vocab.default().label("network_relation", person["relation"])
            elif person.get("actor_type"):
                label = vocab.default().label("actor_type", person["actor_type"])
                org = person.get("organisation")
                values["role"] = f"{label}, {org}" if org else label
            else:
                values["role"] = person.get("organisation")
        values["actor_id"] = values.get("actor_id") or person.get("actor_id")
    elif values.get("actor_id"):
        rows = store.query("SELECT * FROM actors WHERE id = ?", [values["actor_id"]])
        if not rows:
            raise ValidationError("Aktøren findes ikke længere i aktørregistret.",
                                  field="actor_id")
        values["name"] = values.get("name") or rows[0]["name"]
        if not values.get("role"):
            label = vocab.default().label("actor_type", rows[0]["actor_type"])
            org = rows[0].get("organisation")
            values["role"] = f"{label}, {org}" if org else label
    if not values.get("name"):
        raise ValidationError("Skriv deltagerens navn.", field="name")
    return values


def add_participant(store: Store, meeting_id: str, data: Mapping[str, Any], *,
                    today: date | None = None) -> str:
    meeting = records.get(store, MEETING, meeting_id)
    values = _participant_values(store, meeting["citizen_id"], data, today)
    with store.db.atomic():
        return _write(store, PARTICIPANT, meeting["citizen_id"],
                      {**values, "meeting_id": meeting_id})


def update_participant(store: Store, participant_id: str, changes: Mapping[str, Any], *,
                       today: date | None = None) -> list[str]:
    current = records.get(store, PARTICIPANT, participant_id)
    meeting = records.get(store, MEETING, current["meeting_id"])
    values = domain.validate(PARTICIPANT, changes, vocab=vocab.default(), partial=True,
                             current=current, context={"today": today or date.today()})
    with store.db.atomic():
        return _change(store, PARTICIPANT, participant_id, meeting["citizen_id"], values)


def remove_participant(store: Store, participant_id: str) -> None:
    current = records.get(store, PARTICIPANT, participant_id)
    meeting = records.get(store, MEETING, current["meeting_id"])
    n = store.query("SELECT count(*) AS n FROM meeting_participants WHERE meeting_id = ?",
                    [current["meeting_id"]])[0]["n"]
    if n <= 1:
        raise ValidationError("Et møde skal have mindst én deltager. Tilføj en anden, før du "
                              "fjerner den sidste.", field="participants")
    with store.db.atomic():
        records.delete(store, PARTICIPANT, participant_id)
        audit.log(store, "delete", record_kind=PARTICIPANT, record_id=participant_id,
                  citizen_id=meeting["citizen_id"])


def participants(store: Store, meeting_id: str) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT p.*, n.removed_date AS person_removed, n.contact_permission, n.custody_holder, "
        "n.legal_role, n.legal_expires, n.person_type, n.citizen_id, "
        "coalesce(n.actor_type, a.actor_type) AS actor_type "
        "FROM meeting_participants p LEFT JOIN network_persons n ON n.id = p.person_id "
        "LEFT JOIN actors a ON a.id = p.actor_id WHERE p.meeting_id = ? "
        "ORDER BY p.chosen_by_youth DESC, p.created_at", [meeting_id])
    for r in rows:
        _decode(r)
        if r.get("person_id") is None:
            # An actor straight from the register: the young person's permission is about the
            # network; a professional invited by the young person may be contacted.
            r["contact_permission"] = r.get("contact_permission") or "allowed"
        r["custody_holder"] = bool(r.get("custody_holder"))
    return rows


# --- meetings -------------------------------------------------------------------------------

def plan(store: Store, citizen_id: str, data: Mapping[str, Any],
         participants_in: Iterable[Mapping[str, Any]], *, today: date | None = None) -> str:
    """Plan a meeting with its participants in one transaction (at least one participant)."""
    records.get(store, "citizen", citizen_id)
    people = list(participants_in)
    ctx = _ctx(store, citizen_id, data.get("course_id"), today)
    values = domain.validate(MEETING, data, vocab=vocab.default(), context=ctx)
    if not people:
        raise ValidationError("Et netværksmøde skal have mindst én deltager. Vælg sammen med "
                              "den unge, hvem der skal med. Det, du har skrevet, er bevaret.",
                              field="participants")
    cleaned = [_participant_values(store, citizen_id, p, today) for p in people]
    with store.db.atomic():
        mid = _write(store, MEETING, citizen_id,
                     {**values, "citizen_id": citizen_id, "course_id": ctx.get("course_id")})
        for p in cleaned:
            _write(store, PARTICIPANT, citizen_id, {**p, "meeting_id": mid})
    return mid


def update(store: Store, meeting_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None, *, today: date | None = None) -> list[str]:
    current = records.get(store, MEETING, meeting_id)
    ctx = _ctx(store, current["citizen_id"], current.get("course_id"), today)
    values = domain.validate(MEETING, changes, vocab=vocab.default(), partial=True,
                             current=current, context=ctx)
    with store.db.atomic():
        return _change(store, MEETING, meeting_id, current["citizen_id"], values, session)


def hold(store: Store, meeting_id: str, *, attendance: Mapping[str, str] | None = None,
         youth_wishes: str | None = None, youth_attendance: str | None = "in_person",
         next_meeting_date: Any = None, today: date | None = None) -> None:
    """Record the meeting as held: attendance per participant id, the young person's wishes."""
    current = records.get(store, MEETING, meeting_id)
    changes: dict[str, Any] = {"held": True}
    if youth_wishes is not None:
        changes["youth_wishes"] = youth_wishes
    if youth_attendance:
        changes["youth_attendance"] = youth_attendance
    if next_meeting_date:
        changes["next_meeting_date"] = next_meeting_date
    with store.db.atomic():
        update(store, meeting_id, changes, today=today)
        for pid, code in (attendance or {}).items():
            row = records.get(store, PARTICIPANT, pid)
            if row["meeting_id"] != current["id"]:
                raise ValidationError("Deltageren hører ikke til dette møde.", field="attendance")
            update_participant(store, pid, {"attendance": code}, today=today)


def approve_minutes(store: Store, meeting_id: str, approved: bool = True,
                    remarks: str | None = None, *, today: date | None = None) -> None:
    """The young person's approval decides who receives the minutes, not whether they exist."""
    changes: dict[str, Any] = {"minutes_approved": approved}
    if remarks is not None:
        changes["youth_remarks"] = remarks
    if approved:
        changes["approved_date"] = (today or date.today()).isoformat()
    update(store, meeting_id, changes, today=today)


def delete(store: Store, meeting_id: str) -> None:
    current = records.get(store, MEETING, meeting_id)
    with store.db.atomic():
        for p in participants(store, meeting_id):
            records.delete(store, PARTICIPANT, p["id"])
        for g in goal_reviews(store, meeting_id):
            records.delete(store, GOAL, g["id"])
        records.delete(store, MEETING, meeting_id)
        audit.log(store, "delete", record_kind=MEETING, record_id=meeting_id,
                  citizen_id=current["citizen_id"])


def get(store: Store, meeting_id: str) -> dict[str, Any]:
    return _decode(records.get(store, MEETING, meeting_id))


def for_citizen(store: Store, citizen_id: str, today: date | None = None) -> list[dict[str, Any]]:
    """Upcoming meetings first (soonest first), then past ones (latest first)."""
    today = today or date.today()
    rows = [_decode(r) for r in store.query(
        "SELECT * FROM network_meetings WHERE citizen_id = ? ORDER BY meeting_at", [citizen_id])]
    upcoming = [r for r in rows if not r["held"] and r["meeting_at"][:10] >= today.isoformat()]
    past = [r for r in rows if r not in upcoming]
    past.reverse()
    return upcoming + past


# --- goals and agreements -------------------------------------------------------------------

def add_goal_review(store: Store, meeting_id: str, data: Mapping[str, Any]) -> str:
    """A goal reviewed at the meeting. Linked to a plan goal, it is also recorded as that
    plan's review (what happened, new status, next date) in the same transaction, so the
    plan shows it without a second entry and without a new plan version."""
    meeting = records.get(store, MEETING, meeting_id)
    values = domain.validate(GOAL, data)
    with store.db.atomic():
        rid = _write(store, GOAL, meeting["citizen_id"], {**values, "meeting_id": meeting_id})
        if values.get("plan_goal_id"):
            _as_plan_review(store, meeting, values, data)
        return rid


def _as_plan_review(store: Store, meeting: Mapping[str, Any], values: Mapping[str, Any],
                    data: Mapping[str, Any]) -> None:
    from hfdesk.store import plans

    goal = records.get(store, "plan_goal", str(values["plan_goal_id"]))
    plan = plans.get(store, goal["plan_id"])
    if plan["citizen_id"] != meeting["citizen_id"]:
        raise ValidationError("Målet hører til en anden borgers plan.", field="plan_goal_id")
    plans.add_review(store, plan["id"], str(meeting["meeting_at"])[:10], {goal["id"]: {
        "outcome": values.get("review"), "status": data.get("status") or goal.get("status"),
        "next_date": data.get("next_date")}}, participants="Netværksmøde")


def goal_reviews(store: Store, meeting_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM meeting_goal_reviews WHERE meeting_id = ? "
                       "ORDER BY created_at", [meeting_id])


def _owner(store: Store, citizen_id: str, values: dict[str, Any]) -> None:
    if values.get("owner_person_id"):
        rows = store.query("SELECT name FROM network_persons WHERE id = ? AND citizen_id = ?",
                           [values["owner_person_id"], citizen_id])
        if not rows:
            raise ValidationError("Den ansvarlige findes ikke i netværket.", field="owner_name")
        values["owner_name"] = values.get("owner_name") or rows[0]["name"]
    elif values.get("owner_actor_id"):
        rows = store.query("SELECT name FROM actors WHERE id = ?", [values["owner_actor_id"]])
        if not rows:
            raise ValidationError("Den ansvarlige findes ikke i aktørregistret.",
                                  field="owner_name")
        values["owner_name"] = values.get("owner_name") or rows[0]["name"]
    elif values.get("owner_is_youth") and not values.get("owner_name"):
        values["owner_name"] = "Den unge"


def add_agreement(store: Store, citizen_id: str, data: Mapping[str, Any], *,
                  today: date | None = None) -> str:
    records.get(store, "citizen", citizen_id)
    if data.get("meeting_id"):
        m = records.get(store, MEETING, str(data["meeting_id"]))
        if m["citizen_id"] != citizen_id:
            raise ValidationError("Mødet hører ikke til denne borger.", field="meeting_id")
    values = domain.validate(AGREEMENT, data, context={"today": today or date.today()})
    _owner(store, citizen_id, values)
    with store.db.atomic():
        return _write(store, AGREEMENT, citizen_id, {**values, "citizen_id": citizen_id})


def update_agreement(store: Store, agreement_id: str, changes: Mapping[str, Any], *,
                     today: date | None = None) -> list[str]:
    current = records.get(store, AGREEMENT, agreement_id)
    values = domain.validate(AGREEMENT, changes, partial=True, current=current,
                             context={"today": today or date.today()})
    _owner(store, current["citizen_id"], values)
    with store.db.atomic():
        return _change(store, AGREEMENT, agreement_id, current["citizen_id"], values)


def mark_done(store: Store, agreement_id: str, *, meeting_id: str | None = None,
              today: date | None = None) -> list[str]:
    """An agreement followed to done (at a meeting, or between meetings)."""
    changes: dict[str, Any] = {"status": "done",
                               "done_date": (today or date.today()).isoformat()}
    if meeting_id:
        changes["done_meeting_id"] = meeting_id
    return update_agreement(store, agreement_id, changes, today=today)


def agreements(store: Store, citizen_id: str, *, status: str | None = None,
               meeting_id: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM meeting_agreements WHERE citizen_id = ?"
    params: list[Any] = [citizen_id]
    if status:
        sql += " AND status = ?"
        params.append(status)
    if meeting_id:
        sql += " AND meeting_id = ?"
        params.append(meeting_id)
    sql += " ORDER BY CASE status WHEN 'open' THEN 0 ELSE 1 END, coalesce(due_date, '9999'), " \
           "created_at"
    return [_decode(r) for r in store.query(sql, params)]


def open_agreements(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return agreements(store, citizen_id, status="open")


def agenda_agreements(store: Store, meeting_id: str) -> list[dict[str, Any]]:
    """Open agreements made before this meeting: they go on its agenda."""
    m = records.get(store, MEETING, meeting_id)
    return [a for a in open_agreements(store, m["citizen_id"]) if a.get("meeting_id") != m["id"]]


# --- distribution and problems --------------------------------------------------------------

def youth_attends(meeting: Mapping[str, Any]) -> bool:
    return meeting.get("youth_attendance") not in ("cancelled", "absent")


def distribution(store: Store, meeting_id: str, action: str,
                 today: date | None = None) -> list[tuple[dict[str, Any], permissions.Decision]]:
    """Per participant: may the invitation ("invite") or the minutes ("minutes") be sent?

    Minutes the young person has not approved go to nobody but the case (the authority is
    never blocked by contact permission, but an unapproved draft is still only a draft)."""
    m = get(store, meeting_id)
    out = []
    for p in participants(store, meeting_id):
        person = {**p, "removed_date": p.get("person_removed")}
        if action == "minutes" and not m["minutes_approved"]:
            out.append((p, permissions.Decision(
                False, "Den unge har ikke godkendt referatet: det bliver i sagen, og den unges "
                "bemærkninger er skrevet ind.")))
            continue
        out.append((p, network.decide(store, {**person, "citizen_id": m["citizen_id"]}, action,
                                      youth_attends=youth_attends(m),
                                      consent=bool(p.get("consent_given")),
                                      on=today or to_date(m["meeting_at"]))))
    return out


def problems(store: Store, meeting_id: str, today: date | None = None) -> list[str]:
    """Danish warnings for the meeting editor and the printouts (nothing is deleted)."""
    m = get(store, meeting_id)
    out = []
    ps = participants(store, meeting_id)
    if not ps:
        out.append("Mødet har ingen deltagere.")
    on = to_date(m["meeting_at"]) or today or date.today()
    for p in ps:
        if p.get("person_removed"):
            out.append(f"{p['name']} er fjernet fra netværket ({fmt(p['person_removed'])}) "
                       "efter at være inviteret: personen får hverken invitation eller referat.")
        if p.get("legal_role") and permissions.legal_role_expired(p, on):
            label = vocab.default().label("legal_role", p["legal_role"])
            out.append(f"{label} for {p['name']} udløb {fmt(p['legal_expires'])}.")
    return out


# --- course option and reminders ------------------------------------------------------------

def set_meeting_reminder(store: Store, course_id: str, on: bool) -> list[str]:
    """Opt in to "no network meeting for three months" for one course (samarbejdsmodel)."""
    course = courses.get(store, course_id)
    with store.db.atomic():
        return _change(store, "course", course_id, course["citizen_id"],
                       {"network_meeting_reminder": 1 if on else 0})


def last_held(store: Store, citizen_id: str) -> date | None:
    rows = store.query("SELECT max(meeting_at) AS m FROM network_meetings WHERE citizen_id = ? "
                       "AND held = 1", [citizen_id])
    return to_date(rows[0]["m"]) if rows and rows[0]["m"] else None


def reminders(store: Store, today: date,
              skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Open agreements past or near their deadline; no meeting for three months (opt-in)."""
    items: list[dict[str, Any]] = []
    horizon = (today + domain.AGREEMENT_SOON).isoformat()
    for a in store.query("SELECT id, citizen_id, what, owner_name, due_date FROM "
                         "meeting_agreements WHERE status = 'open' AND due_date IS NOT NULL "
                         "AND due_date <= ?", [horizon]):
        if a["citizen_id"] in skip:
            continue
        when = to_date(a["due_date"])
        assert when is not None
        what = " ".join(str(a["what"]).split())
        what = what if len(what) <= 50 else what[:49] + "…"
        items.append({"kind": "meeting_agreement", "citizen_id": a["citizen_id"],
                      "course_id": None, "date": when.isoformat(),
                      "severity": "overdue" if when < today else "soon",
                      "label": f"Aftale: {what} ({a['owner_name']}, senest {fmt(when)})"})
    for c in store.query("SELECT id, citizen_id, start_date, transition_date FROM courses "
                         "WHERE network_meeting_reminder = 1 AND end_decision_date IS NULL"):
        if c["citizen_id"] in skip:
            continue
        upcoming = store.query("SELECT 1 FROM network_meetings WHERE citizen_id = ? AND held = 0"
                               " AND meeting_at >= ?", [c["citizen_id"], today.isoformat()])
        if upcoming:
            continue
        since = last_held(store, c["citizen_id"]) or to_date(c["start_date"]) or \
            to_date(c["transition_date"])
        if since is None:
            continue
        due = since + timedelta(days=domain.NO_MEETING_DAYS)
        if due <= today + domain.AGREEMENT_SOON:
            items.append({"kind": "network_meeting", "citizen_id": c["citizen_id"],
                          "course_id": c["id"], "date": due.isoformat(),
                          "severity": "overdue" if due < today else "soon",
                          "label": "Intet netværksmøde i tre måneder"})
    return items


def get_agreement_owner(store: Store, agreement_id: str) -> str:
    return str(records.get(store, AGREEMENT, agreement_id)["owner_name"])
