"""Journal entries, additions to locked entries, and last contact."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from hfdesk.domain import journal as domain
from hfdesk.domain.text import NOTE_MAX, clean
from hfdesk.errors import LockedRecord
from hfdesk.store import audit, records, search
from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

KIND = "journal_entry"


def _decode(row: dict[str, Any], now: datetime | None = None) -> dict[str, Any]:
    row["life_areas"] = records.decode_json_list(row.get("life_areas"))
    row["citizen_present"] = bool(row.get("citizen_present"))
    row["interpreter_used"] = bool(row.get("interpreter_used"))
    row["locked"] = domain.is_locked(row, now)
    return row


def add(store: Store, citizen_id: str, data: Mapping[str, Any],
        session: audit.EditSession | None = None,
        life_areas: frozenset[str] | None = None) -> str:
    records.get(store, "citizen", citizen_id)
    values = domain.validate(data, life_areas=life_areas)
    with store.db.atomic():
        eid = records.insert(store, KIND, {**values, "citizen_id": citizen_id})
        search.index_entry(store, eid, citizen_id, values.get("note") or "", new=True)
        if session is not None:
            session.record(store, "create", KIND, eid, citizen_id, values)
        else:
            audit.log(store, "create", record_kind=KIND, record_id=eid, citizen_id=citizen_id,
                      fields=[k for k, v in values.items() if v not in (None, "", [])])
    return eid


def update(store: Store, entry_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None,
           life_areas: frozenset[str] | None = None) -> list[str]:
    entry = get(store, entry_id)
    if entry["locked"]:
        raise LockedRecord(
            "Notatet er låst (overført til journal eller over 7 dage gammelt). "
            "Skriv en tilføjelse i stedet; det oprindelige notat bliver stående.")
    values = domain.validate(changes, partial=True, life_areas=life_areas)
    with store.db.atomic():
        changed = records.update(store, KIND, entry_id, values)
        if "note" in changed:
            search.index_entry(store, entry_id, entry["citizen_id"], values["note"] or "")
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, entry_id,
                                                    entry["citizen_id"], changed)
    return changed


def add_addition(store: Store, entry_id: str, text: str) -> str:
    entry = get(store, entry_id)
    body = clean(text, field="addition", label="Tilføjelsen", max_len=NOTE_MAX,
                 multiline=True, required=True)
    with store.db.atomic():
        aid = records.insert(store, "journal_addition",
                             {"entry_id": entry_id, "written_at": utc_now(), "text": body})
        search.index_entry(store, entry_id, entry["citizen_id"],
                           "\n".join([entry["note"] or "", *[a["text"] for a in
                                                             additions(store, entry_id)]]))
        audit.log(store, "create", record_kind="journal_addition", record_id=aid,
                  citizen_id=entry["citizen_id"], fields=["text"])
    return aid


def mark_transferred(store: Store, entry_id: str) -> None:
    # One rule for the journal status of notes and documents (date and by whom).
    from hfdesk.store import journalisation

    journalisation.mark(store, KIND, entry_id)


def get(store: Store, entry_id: str) -> dict[str, Any]:
    return _decode(records.get(store, KIND, entry_id))


def additions(store: Store, entry_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM journal_additions WHERE entry_id = ? ORDER BY written_at",
                       [entry_id])


def for_citizen(store: Store, citizen_id: str, limit: int | None = None,
                status: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT * FROM journal_entries WHERE citizen_id = ?"
    params: list[Any] = [citizen_id]
    if status:
        sql += " AND status = ?"
        params.append(status)
    sql += " ORDER BY occurred_at DESC, created_at DESC"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    rows = [_decode(r) for r in store.query(sql, params)]
    for r in rows:
        r["additions"] = additions(store, r["id"])
    return rows


def last_contact(store: Store, citizen_id: str) -> date | None:
    types = sorted(domain.CITIZEN_CONTACT_TYPES)
    row = store.db.execute(
        f"SELECT max(occurred_at) FROM journal_entries WHERE citizen_id = ? AND status = 'done'"
        f" AND citizen_present = 1 AND entry_type IN ({','.join('?' for _ in types)})",
        [citizen_id, *types]).fetchone()
    return date.fromisoformat(row[0][:10]) if row and row[0] else None


def planned(store: Store, on: date | None = None) -> list[dict[str, Any]]:
    """Planned appointments from `on` (default today) onwards, across the caseload."""
    day = (on or date.today()).isoformat()
    return store.query("SELECT * FROM journal_entries WHERE status = 'planned' "
                       "AND occurred_at >= ? ORDER BY occurred_at", [day])


def last_contacts(store: Store) -> dict[str, date]:
    """citizen id → `last_contact()`, for the whole caseload in one grouped query."""
    types = sorted(domain.CITIZEN_CONTACT_TYPES)
    # A correlated max per citizen walks the (citizen_id, occurred_at) index backwards and
    # stops at the newest match; a GROUP BY would read all 100,000 notes (6× slower).
    rows = store.db.execute(
        f"SELECT c.id, (SELECT max(j.occurred_at) FROM journal_entries j WHERE j.citizen_id ="
        f" c.id AND j.status = 'done' AND j.citizen_present = 1 AND j.entry_type IN"
        f" ({','.join('?' for _ in types)})) FROM citizens c", types).fetchall()
    return {str(cid): date.fromisoformat(last[:10]) for cid, last in rows if last}


def planned_on(store: Store, on: date) -> list[dict[str, Any]]:
    """The day's planned appointments across the caseload (the start page's "Today")."""
    return store.query(
        "SELECT id, citizen_id, course_id, occurred_at FROM journal_entries "
        "WHERE status = 'planned' AND occurred_at >= ? AND occurred_at < ? ORDER BY occurred_at",
        [on.isoformat(), (on + timedelta(days=1)).isoformat()])
