"""Netværket: the people around the young person, with closeness and contact permission.

Every write is one transaction with its audit row (field names only); validation is in
`hfdesk.domain.network`, the contact rule in `hfdesk.permissions`. A professional is picked from
the actors register and its name, type and organisation are kept beside the reference. Removing
someone from the network is a date, never a delete: meetings they were invited to still read
right.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hfdesk import permissions, vocab
from hfdesk.domain import network as domain
from hfdesk.domain.dates import age_on, to_date
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.database import Store

KIND = "network_person"
_BOOLS = ("custody_holder",)


def decode(row: dict[str, Any]) -> dict[str, Any]:
    for key in _BOOLS:
        if key in row and row[key] is not None:
            row[key] = bool(row[key])
    return row


def _resolve_actor(store: Store, values: dict[str, Any]) -> None:
    actor_id = values.get("actor_id")
    if not actor_id:
        return
    rows = store.query("SELECT name, organisation, actor_type FROM actors WHERE id = ?",
                       [actor_id])
    if not rows:
        raise ValidationError("Aktøren findes ikke længere i aktørregistret. Vælg en anden; "
                              "resten af det, du har skrevet, er bevaret.", field="actor_id")
    values.setdefault("name", rows[0]["name"])
    if not values.get("name"):
        values["name"] = rows[0]["name"]
    if not values.get("organisation"):
        values["organisation"] = rows[0]["organisation"]
    values["actor_type"] = rows[0]["actor_type"]


def add(store: Store, citizen_id: str, data: Mapping[str, Any], *,
        today: date | None = None) -> str:
    """Add a person to the citizen's network. Raises ValidationError; nothing written."""
    records.get(store, "citizen", citizen_id)
    data = dict(data)
    if data.get("actor_id") and not data.get("name"):
        rows = store.query("SELECT name FROM actors WHERE id = ?", [data["actor_id"]])
        if rows:
            data["name"] = rows[0]["name"]
    if data.get("actor_id") and not data.get("person_type"):
        data["person_type"] = "professional"
    values = domain.validate(KIND, data, vocab=vocab.default(),
                             context={"today": today or date.today()})
    _resolve_actor(store, values)
    with store.db.atomic():
        rid = records.insert(store, KIND, {**values, "citizen_id": citizen_id})
        audit.log(store, "create", record_kind=KIND, record_id=rid, citizen_id=citizen_id,
                  fields=[k for k, v in values.items() if v not in (None, "", False)])
    return rid


def update(store: Store, person_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None, *, today: date | None = None) -> list[str]:
    current = records.get(store, KIND, person_id)
    values = domain.validate(KIND, changes, vocab=vocab.default(), partial=True, current=current,
                             context={"today": today or date.today()})
    _resolve_actor(store, values)
    with store.db.atomic():
        changed = records.update(store, KIND, person_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, person_id,
                                                    current["citizen_id"], changed)
    return changed


def set_permission(store: Store, person_id: str, permission: str,
                   on: date | None = None) -> list[str]:
    """The young person's contact permission for one person, with its date."""
    on = on or date.today()
    return update(store, person_id, {"contact_permission": permission,
                                     "permission_date": on.isoformat()}, today=on)


def remove(store: Store, person_id: str, on: date | None = None) -> list[str]:
    """Take someone out of the network (dated; invitations already sent keep their name)."""
    return update(store, person_id, {"removed_date": (on or date.today()).isoformat()})


def get(store: Store, person_id: str) -> dict[str, Any]:
    return decode(records.get(store, KIND, person_id))


def for_citizen(store: Store, citizen_id: str, *,
                include_removed: bool = False) -> list[dict[str, Any]]:
    where = "" if include_removed else " AND removed_date IS NULL"
    rows = store.query(
        f"SELECT * FROM network_persons WHERE citizen_id = ?{where} "
        "ORDER BY CASE closeness WHEN 'close' THEN 0 WHEN 'middle' THEN 1 "
        "WHEN 'distant' THEN 2 ELSE 3 END, name", [citizen_id])
    return [decode(r) for r in rows]


def citizen_is_minor(store: Store, citizen_id: str, on: date | None = None) -> bool:
    rows = store.query("SELECT birth_date FROM citizens WHERE id = ?", [citizen_id])
    birth = to_date(rows[0]["birth_date"]) if rows else None
    age = age_on(birth, on or date.today())
    return age is not None and age < 18


def decide(store: Store, person: Mapping[str, Any], action: str, *,
           youth_attends: bool = False, consent: bool = False,
           on: date | None = None) -> permissions.Decision:
    """`hfdesk.permissions.decide` with what the store knows (is the citizen a minor?)."""
    cid = str(person.get("citizen_id") or "")
    minor = citizen_is_minor(store, cid, on) if cid else False
    return permissions.decide(person, action, youth_attends=youth_attends, consent=consent,
                              citizen_is_minor=minor, on=on)


def warnings(person: Mapping[str, Any], on: date | None = None) -> list[str]:
    """What the worker should see beside a person: an expired legal role."""
    on = on or date.today()
    out = []
    if permissions.legal_role_expired(person, on):
        label = vocab.default().label("legal_role", person.get("legal_role"))
        out.append(f"{label}: udløb {to_date(person.get('legal_expires')).strftime('%d.%m.%Y')}"
                   if to_date(person.get("legal_expires")) else f"{label}: udløbet")
    return out


def family_names(store: Store, citizen_id: str) -> list[str]:
    """Names of family in the network: an interpreter must never be one of them."""
    return [p["name"] for p in for_citizen(store, citizen_id, include_removed=True)
            if p.get("relation") in domain.FAMILY_RELATIONS or p.get("custody_holder")]
