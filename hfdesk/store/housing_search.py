"""Boligsøgning: the search log, waiting lists, economy, offers, money for moving in, tenancies.

Every write is one transaction with its audit row (field names only). Validation is in
`hfdesk.domain.housing_search`; a refused write leaves the database as it was. A landlord or
organisation is picked from the actors register; its name is kept beside the reference, so the
log still reads right if the actor is later removed from the register.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hfdesk import vocab
from hfdesk.domain import housing_search as domain
from hfdesk.domain.dates import fmt, to_date
from hfdesk.errors import NotFound, ValidationError
from hfdesk.store import audit, courses, records
from hfdesk.store.database import Store

_ORDER = {
    "housing_activity": "activity_date DESC, created_at DESC",
    "housing_registration": "registered_date DESC, created_at DESC",
    "housing_economy": "valid_from DESC, created_at DESC",
    "housing_offer": "offer_date DESC, created_at DESC",
    "housing_money": "applied_date DESC, created_at DESC",
    "housing_segment": "start_date DESC, created_at DESC",
}
# Which field of a record names an actor, and what its name is kept in.
_ACTOR = {"housing_activity": ("actor_id", "actor_name"),
          "housing_registration": ("actor_id", "organisation"),
          "housing_offer": ("actor_id", "actor_name"),
          "housing_segment": ("landlord_actor_id", "landlord_name")}


def _vocab() -> Any:
    return vocab.default()


def decode(row: dict[str, Any]) -> dict[str, Any]:
    """Øre columns also as exact kroner under the input name; JSON lists as lists."""
    for name, column in domain.MONEY_COLUMNS.items():
        if column in row:
            row[name] = domain.kr(row[column])
    if "conditions" in row:
        row["conditions"] = records.decode_json_list(row.get("conditions"))
    for key in ("own_contract", "guardian_signed", "urgent"):
        if key in row and row[key] is not None:
            row[key] = bool(row[key])
    return row


def _citizen_of(store: Store, kind: str, record_id: str) -> tuple[dict[str, Any], str]:
    row = records.get(store, kind, record_id)
    return row, str(row["citizen_id"])


def _resolve_actor(store: Store, kind: str, values: dict[str, Any]) -> None:
    """Check the chosen actor still exists and copy its name beside the reference."""
    if kind not in _ACTOR:
        return
    id_key, name_key = _ACTOR[kind]
    actor_id = values.get(id_key)
    if not actor_id:
        return
    rows = store.query("SELECT name, organisation FROM actors WHERE id = ?", [actor_id])
    if not rows:
        field = "actor_id" if id_key == "actor_id" else id_key
        raise ValidationError(
            "Udlejeren eller organisationen findes ikke længere i aktørregistret (den kan være "
            "slettet). Vælg en anden, eller skriv navnet i feltet. Resten af det, du har "
            "skrevet, er bevaret.", field=field)
    if not values.get(name_key):
        values[name_key] = rows[0]["name"]


def _context(store: Store, citizen_id: str, merged: Mapping[str, Any]) -> dict[str, Any]:
    ctx: dict[str, Any] = {}
    birth = store.query("SELECT birth_date FROM citizens WHERE id = ?", [citizen_id])
    if birth:
        ctx["birth_date"] = birth[0]["birth_date"]
    offer_id = merged.get("offer_id")
    if offer_id:
        rows = store.query("SELECT offer_date, citizen_id FROM housing_offers WHERE id = ?",
                           [offer_id])
        if not rows or rows[0]["citizen_id"] != citizen_id:
            raise ValidationError("Tilbuddet findes ikke (længere) hos denne borger. Vælg et "
                                  "andet tilbud.", field="offer_id")
        ctx["offer_date"] = rows[0]["offer_date"]
    activity_id = merged.get("activity_id")
    if activity_id and not store.query(
            "SELECT 1 FROM housing_activities WHERE id = ? AND citizen_id = ?",
            [activity_id, citizen_id]):
        raise ValidationError("Søgningen findes ikke (længere). Vælg en anden.",
                              field="activity_id")
    return ctx


def _label(code: Any) -> str:
    return str(_vocab().label("housing_situation", code))


def _check_stay_overlap(store: Store, citizen_id: str, merged: Mapping[str, Any]) -> None:
    others = store.query("SELECT id, start_date, end_date, housing_situation "
                         "FROM housing_segments WHERE citizen_id = ?", [citizen_id])
    problem = domain.overlap_problem(merged, others, _label)
    if problem:
        raise ValidationError(problem, field="start_date")


# --- generic create / update / delete -------------------------------------------------------

def add(store: Store, kind: str, citizen_id: str, data: Mapping[str, Any], *,
        today: date | None = None) -> str:
    """Create one record of `kind` for the citizen. Raises ValidationError; nothing written."""
    records.get(store, "citizen", citizen_id)
    values = domain.validate(kind, data, vocab=_vocab(), today=today,
                             context=_context(store, citizen_id, data))
    _resolve_actor(store, kind, values)
    with store.db.atomic():
        if kind == "housing_segment":
            _check_stay_overlap(store, citizen_id, values)
            # An open stay that began earlier ends where this one starts (one sequence).
            for prev in store.query(
                    "SELECT id FROM housing_segments WHERE citizen_id = ? AND end_date IS NULL "
                    "AND start_date < ?", [citizen_id, values["start_date"]]):
                records.update(store, kind, prev["id"], {"end_date": values["start_date"]})
        rid = records.insert(store, kind, {**values, "citizen_id": citizen_id})
        audit.log(store, "create", record_kind=kind, record_id=rid, citizen_id=citizen_id,
                  fields=[k for k, v in values.items() if v not in (None, "", [], False)])
    return rid


def update(store: Store, kind: str, record_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None, *, today: date | None = None) -> list[str]:
    current, citizen_id = _citizen_of(store, kind, record_id)
    merged_input = {**current, **changes}
    values = domain.validate(kind, changes, vocab=_vocab(), partial=True, current=current,
                             today=today, context=_context(store, citizen_id, merged_input))
    _resolve_actor(store, kind, values)
    with store.db.atomic():
        if kind == "housing_segment":
            _check_stay_overlap(store, citizen_id, {**current, **values, "id": record_id})
        changed = records.update(store, kind, record_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", kind, record_id,
                                                    citizen_id, changed)
    return changed


def delete(store: Store, kind: str, record_id: str) -> None:
    """Remove a mistyped record (its versions go with it; a tombstone is left)."""
    _row, citizen_id = _citizen_of(store, kind, record_id)
    with store.db.atomic():
        records.delete(store, kind, record_id)
        audit.log(store, "delete", record_kind=kind, record_id=record_id,
                  citizen_id=citizen_id)


def get(store: Store, kind: str, record_id: str) -> dict[str, Any]:
    return decode(records.get(store, kind, record_id))


def list_for(store: Store, kind: str, citizen_id: str) -> list[dict[str, Any]]:
    table = records.TABLES[kind]
    return [decode(r) for r in store.query(
        f"SELECT * FROM {table} WHERE citizen_id = ? ORDER BY {_ORDER[kind]}", [citizen_id])]


# --- named operations -----------------------------------------------------------------------

def add_activity(store: Store, citizen_id: str, data: Mapping[str, Any],
                 today: date | None = None) -> str:
    return add(store, "housing_activity", citizen_id, data, today=today)


def add_registration(store: Store, citizen_id: str, data: Mapping[str, Any]) -> str:
    return add(store, "housing_registration", citizen_id, data)


def add_economy(store: Store, citizen_id: str, data: Mapping[str, Any]) -> str:
    return add(store, "housing_economy", citizen_id, data)


def add_offer(store: Store, citizen_id: str, data: Mapping[str, Any]) -> str:
    return add(store, "housing_offer", citizen_id, data)


def add_money(store: Store, citizen_id: str, data: Mapping[str, Any]) -> str:
    return add(store, "housing_money", citizen_id, data)


def add_stay(store: Store, citizen_id: str, data: Mapping[str, Any]) -> str:
    """A stay or tenancy; an earlier open stay ends where it starts. Overlaps are refused."""
    return add(store, "housing_segment", citizen_id, data)


def end_stay(store: Store, segment_id: str, end_date: Any, end_reason: str | None,
             reason_text: str | None = None,
             next_stay: Mapping[str, Any] | None = None) -> str | None:
    """End a stay (a lost home, a move); optionally record where the citizen stays next.

    Losing a home never ends the course: the search simply opens again from the end date.
    Both writes happen in one transaction, or neither.
    """
    _row, citizen_id = _citizen_of(store, "housing_segment", segment_id)
    with store.db.atomic():
        update(store, "housing_segment", segment_id,
               {"end_date": end_date, "end_reason": end_reason,
                "end_reason_text": reason_text})
        if next_stay:
            ended = records.get(store, "housing_segment", segment_id)["end_date"]
            return add_stay(store, citizen_id, {"start_date": ended, **next_stay})
    return None


def stays(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return list_for(store, "housing_segment", citizen_id)


def profile(store: Store, citizen_id: str) -> dict[str, Any]:
    rows = store.query("SELECT * FROM housing_profiles WHERE citizen_id = ?", [citizen_id])
    return rows[0] if rows else {"wishes": None, "needs": None}


def set_profile(store: Store, citizen_id: str, changes: Mapping[str, Any],
                session: audit.EditSession | None = None) -> list[str]:
    """The young person's wishes (shared with landlords) and needs (internal)."""
    rows = store.query("SELECT id FROM housing_profiles WHERE citizen_id = ?", [citizen_id])
    if rows:
        return update(store, "housing_profile", rows[0]["id"], changes, session)
    add(store, "housing_profile", citizen_id, changes)
    return [k for k in changes if changes[k]]


def housed_codes() -> frozenset[str]:
    return frozenset(c.code for c in _vocab().codes("housing_situation", include_inactive=True)
                     if c.group == "H")


def figures(store: Store, citizen_id: str, today: date | None = None) -> domain.HousingFigures:
    return domain.figures(
        course=courses.current(store, citizen_id), stays=stays(store, citizen_id),
        activities=list_for(store, "housing_activity", citizen_id),
        registrations=list_for(store, "housing_registration", citizen_id),
        offers=list_for(store, "housing_offer", citizen_id),
        money=list_for(store, "housing_money", citizen_id),
        housed=housed_codes(), today=today)


def offers_with_affordability(store: Store, citizen_id: str,
                              today: date | None = None) -> list[dict[str, Any]]:
    """Offers, each with its affordability (øre/month), linked money and an at-risk flag."""
    today = today or date.today()
    economy = list_for(store, "housing_economy", citizen_id)
    money = list_for(store, "housing_money", citizen_id)
    out = []
    for o in list_for(store, "housing_offer", citizen_id):
        o["disposable_ore"] = domain.offer_disposable(o, economy)
        o["money"] = [m for m in money if m.get("offer_id") == o["id"]]
        o["at_risk"] = domain.offer_at_risk(o, money, today)
        out.append(o)
    return out


# --- reminders ------------------------------------------------------------------------------

def reminders(store: Store, today: date, skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Waiting-list renewals coming due, and offers near their deadline with money undecided."""
    items: list[dict[str, Any]] = []
    soon = (today + domain.RENEWAL_SOON).isoformat()
    for r in store.query(
            "SELECT id, citizen_id, renewal_due, organisation FROM housing_registrations "
            "WHERE ended_date IS NULL AND renewal_due IS NOT NULL AND renewal_due <= ?", [soon]):
        if r["citizen_id"] in skip:
            continue
        when = to_date(r["renewal_due"])
        assert when is not None
        items.append({"kind": "housing_registration", "citizen_id": r["citizen_id"],
                      "course_id": None, "date": when.isoformat(),
                      "severity": "overdue" if when < today else "soon",
                      "label": f"Genopskrivning: {r['organisation'] or 'venteliste'}"})
    horizon = (today + domain.SIGNING_SOON).isoformat()
    for o in store.query(
            "SELECT o.id, o.citizen_id, o.address, coalesce(o.signing_deadline, "
            "o.answer_deadline) AS deadline FROM housing_offers o WHERE o.decision = 'pending' "
            "AND coalesce(o.signing_deadline, o.answer_deadline) <= ? AND EXISTS (SELECT 1 FROM "
            "housing_money m WHERE m.offer_id = o.id AND m.outcome = 'pending')", [horizon]):
        if o["citizen_id"] in skip:
            continue
        when = to_date(o["deadline"])
        assert when is not None
        items.append({"kind": "housing_offer", "citizen_id": o["citizen_id"],
                      "course_id": None, "date": when.isoformat(),
                      "severity": "overdue" if when < today else "soon",
                      "label": f"Tilbud {o['address'] or ''}: frist {fmt(when)}, "
                               "penge til indflytning ikke afgjort".replace("  ", " ")})
    # An offer with no answer recorded near its answer or signing deadline (issue 10: offer
    # deadlines); those whose money is undecided are already listed above.
    for o in store.query(
            "SELECT o.id, o.citizen_id, o.address, coalesce(o.signing_deadline, "
            "o.answer_deadline) AS deadline FROM housing_offers o WHERE o.decision = 'pending' "
            "AND coalesce(o.signing_deadline, o.answer_deadline) <= ? AND NOT EXISTS (SELECT 1 "
            "FROM housing_money m WHERE m.offer_id = o.id AND m.outcome = 'pending')",
            [horizon]):
        if o["citizen_id"] in skip:
            continue
        when = to_date(o["deadline"])
        assert when is not None
        items.append({"kind": "housing_offer_deadline", "citizen_id": o["citizen_id"],
                      "course_id": None, "date": when.isoformat(),
                      "severity": "overdue" if when < today else "soon", "open": "housing",
                      "label": f"Tilbud {o['address'] or ''}: frist {fmt(when)}, den unges "
                               "svar er ikke registreret".replace("  ", " ")})
    return items


def actor_in_use(store: Store, actor_id: str) -> int:
    """How many housing records refer to the actor (to warn before it is removed)."""
    n = 0
    for table, col in (("housing_activities", "actor_id"), ("housing_registrations", "actor_id"),
                       ("housing_offers", "actor_id"), ("housing_segments",
                                                        "landlord_actor_id")):
        n += int(store.db.execute(f"SELECT count(*) FROM {table} WHERE {col} = ?",
                                  [actor_id]).fetchone()[0])
    return n


def require(store: Store, kind: str, record_id: str) -> dict[str, Any]:
    try:
        return get(store, kind, record_id)
    except NotFound:
        raise NotFound(f"Posten findes ikke (den kan være slettet): {record_id[:8]}") from None

