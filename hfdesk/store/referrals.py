"""Henvendelser: create, change, contact attempts, forwarding of underretninger, and the one step
from a henvendelse to a citizen with a course in "fase nul / afventer afgørelse".

A henvendelse may have no citizen yet (the start page's inbox). Every write is one transaction
with its audit row; audit rows carry field names, never values.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hfdesk.domain import referrals as domain
from hfdesk.domain.dates import to_date
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

KIND = "referral"
CONTACT = "referral_contact"


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["concern_domains"] = records.decode_json_list(row.get("concern_domains"))
    row["from_professional"] = bool(row.get("from_professional"))
    if row.get("person_knows") is not None:
        row["person_knows"] = bool(row["person_knows"])
    return row


def _filled(values: Mapping[str, Any]) -> list[str]:
    return [k for k, v in values.items() if v not in (None, "", [], False)]


def create(store: Store, data: Mapping[str, Any], *, citizen_id: str | None = None,
           sources: frozenset[str] | None = None, today: date | None = None,
           session: audit.EditSession | None = None) -> str:
    """A new henvendelse. Raises ValidationError; nothing is written then."""
    if citizen_id is not None:
        records.get(store, "citizen", citizen_id)
    values = domain.validate(data, today=today, sources=sources)
    _check_actors(store, values)
    with store.db.atomic():
        rid = records.insert(store, KIND, {**values, "citizen_id": citizen_id})
        audit.log(store, "create", record_kind=KIND, record_id=rid, citizen_id=citizen_id,
                  fields=_filled(values), purpose=session.purpose if session else None)
    return rid


def _check_actors(store: Store, values: Mapping[str, Any]) -> None:
    for key in ("referrer_actor_id", "onward_actor_id"):
        if values.get(key):
            try:
                records.get(store, "actor", values[key])
            except Exception as exc:
                raise ValidationError("Aktøren findes ikke i aktørregistret. Vælg en fra listen.",
                                      field=key) from exc


def update(store: Store, referral_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None, today: date | None = None,
           sources: frozenset[str] | None = None) -> list[str]:
    current = get(store, referral_id)
    values = domain.validate(changes, partial=True, current=current, today=today,
                             sources=sources)
    _check_actors(store, values)
    with store.db.atomic():
        changed = records.update(store, KIND, referral_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, referral_id,
                                                    current.get("citizen_id"), changed)
    return changed


def get(store: Store, referral_id: str) -> dict[str, Any]:
    return _decode(records.get(store, KIND, referral_id))


def list_all(store: Store, *, open_only: bool = False) -> list[dict[str, Any]]:
    sql = "SELECT * FROM referrals"
    if open_only:
        sql += " WHERE outcome IS NULL OR (underretning IS NOT NULL AND forwarded_date IS NULL)"
    return [_decode(r) for r in store.query(sql + " ORDER BY received_date DESC, created_at DESC")]


def inbox(store: Store) -> list[dict[str, Any]]:
    """Henvendelser without a citizen yet, and every underretning not yet forwarded."""
    return [_decode(r) for r in store.query(
        "SELECT * FROM referrals WHERE (citizen_id IS NULL AND outcome IS NULL)"
        " OR (underretning IS NOT NULL AND forwarded_date IS NULL)"
        " ORDER BY (underretning IS NOT NULL AND forwarded_date IS NULL) DESC,"
        " received_date, created_at")]


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return [_decode(r) for r in store.query(
        "SELECT * FROM referrals WHERE citizen_id = ? ORDER BY received_date DESC, created_at DESC",
        [citizen_id])]


# --- contact attempts ----------------------------------------------------------------------


def add_contact(store: Store, referral_id: str, data: Mapping[str, Any],
                channels: frozenset[str] | None = None, today: date | None = None) -> str:
    ref = get(store, referral_id)
    values = domain.validate_contact(data, to_date(ref.get("received_date")), today, channels)
    with store.db.atomic():
        kid = records.insert(store, CONTACT, {**values, "referral_id": referral_id})
        audit.log(store, "create", record_kind=CONTACT, record_id=kid,
                  citizen_id=ref.get("citizen_id"), fields=_filled(values))
    return kid


def contacts(store: Store, referral_id: str) -> list[dict[str, Any]]:
    rows = store.query("SELECT * FROM referral_contacts WHERE referral_id = ? "
                       "ORDER BY attempt_date, created_at", [referral_id])
    for r in rows:
        r["reached"] = bool(r["reached"])
    return rows


def contacts_by_referral(store: Store) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in store.query("SELECT * FROM referral_contacts ORDER BY attempt_date"):
        out.setdefault(r["referral_id"], []).append(r)
    return out


# --- underretninger --------------------------------------------------------------------------


def record_forwarding(store: Store, referral_id: str, data: Mapping[str, Any],
                      today: date | None = None) -> None:
    """Register that the underretning went to Børn og Familie: date, how, receipt."""
    ref = get(store, referral_id)
    if not ref.get("underretning"):
        raise ValidationError("Henvendelsen er ikke markeret som en underretning.",
                              field="underretning")
    values = domain.validate_forwarding(data, to_date(ref.get("received_date")), today)
    with store.db.atomic():
        changed = records.update(store, KIND, referral_id, values)
        audit.log(store, "change", record_kind=KIND, record_id=referral_id,
                  citizen_id=ref.get("citizen_id"), fields=changed or list(values),
                  purpose="underretning videresendt")


def mark_transferred(store: Store, referral_id: str) -> None:
    """Marked as transferred to the municipality's journal (needed before an underretning may
    be deleted)."""
    ref = get(store, referral_id)
    if ref.get("underretning") and not ref.get("forwarded_date"):
        raise ValidationError("Registrér først, at underretningen er sendt til Børn og Familie.",
                              field="forwarded_date")
    with store.db.atomic():
        records.update(store, KIND, referral_id, {"journal_transferred_at": utc_now()})
        audit.log(store, "change", record_kind=KIND, record_id=referral_id,
                  citizen_id=ref.get("citizen_id"), fields=["journal_transferred_at"])


# --- into a citizen and a course -------------------------------------------------------------


def link_citizen(store: Store, referral_id: str, citizen_id: str) -> None:
    ref = get(store, referral_id)
    records.get(store, "citizen", citizen_id)
    with store.db.atomic():
        records.update(store, KIND, referral_id, {"citizen_id": citizen_id})
        audit.log(store, "change", record_kind=KIND, record_id=referral_id,
                  citizen_id=citizen_id, fields=["citizen_id"])
    del ref


def to_citizen_and_course(store: Store, referral_id: str, *, method: str = "cti",
                          citizen_data: Mapping[str, Any] | None = None,
                          today: date | None = None) -> tuple[str, str]:
    """One step: a citizen (unless the henvendelse already has one) and a course in "fase nul /
    afventer afgørelse", carrying the henvendelse's data along. Returns (citizen id, course id).

    One transaction: if anything is refused, neither the citizen nor the course exists.
    """
    from hfdesk.store import citizens, courses

    today = today or date.today()
    ref = get(store, referral_id)
    if ref.get("course_id"):
        raise ValidationError("Henvendelsen er allerede blevet til et forløb.", field="course_id")
    if ref.get("underretning") and not ref.get("forwarded_date"):
        raise ValidationError(
            "Registrér først, at underretningen er sendt til Børn og Familie; et forløb erstatter "
            "ikke underretningen.", field="forwarded_date")
    data = {"legal_name": ref.get("person_name"), "cpr": ref.get("person_cpr"),
            "birth_date": ref.get("person_birth_date"), "phone": ref.get("person_phone")}
    data.update(citizen_data or {})
    if not str(data.get("legal_name") or "").strip():
        raise ValidationError("Skriv personens navn på henvendelsen, før der oprettes en borger.",
                              field="person_name")
    with store.db.atomic():
        citizen_id = ref.get("citizen_id")
        if not citizen_id:
            citizen_id, _warnings = citizens.create(store, {k: v for k, v in data.items()
                                                            if v not in (None, "")})
        note = "Fra henvendelse modtaget " + (to_date(ref["received_date"]) or today).strftime(
            "%d.%m.%Y")
        course_id = courses.create(store, citizen_id, {
            "method": method, "status": "phase_zero", "referral_date": ref["received_date"],
            "notes": note})
        changed = records.update(store, KIND, referral_id, {
            "citizen_id": citizen_id, "course_id": course_id, "outcome": "course_started",
            "outcome_date": ref.get("outcome_date") or today.isoformat()})
        audit.log(store, "change", record_kind=KIND, record_id=referral_id,
                  citizen_id=citizen_id, fields=changed)
    return citizen_id, course_id


def delete(store: Store, referral_id: str) -> None:
    """Delete a henvendelse (and its contact attempts). An underretning stays until its
    forwarding is recorded and it is marked transferred to the journal."""
    ref = get(store, referral_id)
    if ref.get("underretning") and not (ref.get("forwarded_date")
                                        and ref.get("journal_transferred_at")):
        raise ValidationError("En underretning slettes først, når videresendelsen er registreret, "
                              "og den er markeret som overført til journalen.",
                              field="underretning")
    kids = [r["id"] for r in contacts(store, referral_id)]
    with store.db.atomic():
        records.purge_versions(store, CONTACT, kids)
        records.delete(store, KIND, referral_id)
        audit.log(store, "delete", record_kind=KIND, record_id=referral_id,
                  citizen_id=ref.get("citizen_id"))


def deletion_candidates(store: Store, today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    out = []
    for r in list_all(store):
        due = domain.deletion_due(r)
        if due is not None and due <= today:
            out.append(r)
    return out


def reminders(store: Store, today: date | None = None) -> list[dict[str, Any]]:
    """The henvendelser's share of hfdesk.reminders.due: underretninger to forward, waiting
    henvendelser, people to inform, henvendelser to delete."""
    today = today or date.today()
    attempts = contacts_by_referral(store)
    items: list[dict[str, Any]] = []
    for r in list_all(store):
        name = domain.display_name(r)
        cid = r.get("citizen_id")
        received = to_date(r["received_date"]) or today
        base = {"citizen_id": cid, "course_id": r.get("course_id"), "referral_id": r["id"]}
        if domain.needs_forwarding(r):
            items.append({**base, "kind": "underretning", "date": received.isoformat(),
                          "severity": "overdue" if received < today else "soon",
                          "label": f"Underretning om {name}: send den til Børn og Familie "
                                   "samme dag"})
        why = domain.waiting(r, attempts.get(r["id"], []), today)
        if why:
            items.append({**base, "kind": "referral_waiting", "date": received.isoformat(),
                          "severity": "overdue", "label": f"Henvendelse om {name}: {why}"})
        inform = domain.inform_due(r)
        if inform is not None and (inform - today).days <= 14:
            items.append({**base, "kind": "referral_inform", "date": inform.isoformat(),
                          "severity": "overdue" if inform < today else "soon",
                          "label": f"{name} skal oplyses om henvendelsen (GDPR art. 14)"})
        gone = domain.deletion_due(r)
        if gone is not None and gone <= today:
            items.append({**base, "kind": "referral_delete", "date": gone.isoformat(),
                          "severity": "soon",
                          "label": f"Henvendelse om {name} blev ikke til et forløb: slet den"})
    return items
