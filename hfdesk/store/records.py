"""Generic record writes shared by every area: ids, stamps, revisions, versions, tombstones.

Area modules (citizens, courses, journal, …) call these inside their own transaction so each
area keeps one function per operation, and the bookkeeping is written once, here.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from typing import Any

from hfdesk.errors import LockedRecord, NotFound
from hfdesk.store.clock import utc_now
from hfdesk.store.database import DatabaseError, Store

# kind → table. The kind is the English area name used in audit rows, exports and the CLI.
TABLES: dict[str, str] = {
    "citizen": "citizens",
    "actor": "actors",
    "course": "courses",
    "support_segment": "support_segments",
    "course_event": "course_events",
    "housing_segment": "housing_segments",
    "housing_activity": "housing_activities",
    "housing_registration": "housing_registrations",
    "housing_economy": "housing_economy",
    "housing_profile": "housing_profiles",
    "housing_offer": "housing_offers",
    "housing_money": "housing_money",
    "journal_entry": "journal_entries",
    "journal_addition": "journal_additions",
    "document": "documents",
    "referral": "referrals",
    "referral_contact": "referral_contacts",
    "screening_assessment": "screening_assessments",
    "screening_domain": "screening_domains",
    "screening_action": "screening_actions",
    "plan": "plans",
    "plan_goal": "plan_goals",
    "plan_action": "plan_actions",
    "plan_version": "plan_versions",
    "plan_review": "plan_reviews",
    "plan_review_goal": "plan_review_goals",
    "plan_link": "plan_links",
    "network_person": "network_persons",
    "network_meeting": "network_meetings",
    "meeting_participant": "meeting_participants",
    "meeting_agreement": "meeting_agreements",
    "meeting_goal_review": "meeting_goal_reviews",
    "exemption": "exemptions",
    "extract_release": "extract_releases",
    "consent": "consents",
    "disclosure": "disclosures",
    "handover": "handovers",
    "followon_support": "followon_support",
    "measurement": "measurements",
    "measurement_answer": "measurement_answers",
    "fidelity_round": "fidelity_rounds",
    "fidelity_score": "fidelity_scores",
}
BOOKKEEPING = ("id", "created_at", "updated_at", "updated_by", "origin", "revision", "change_seq")
MOVED = "Borgeren er flyttet til en kollega og kan ikke ændres her."


def _write(store: Store, sql: str, params: list[Any]) -> None:
    """Execute a record write; the database's moved-citizen guard (triggers on every record
    table, see migration 0010) becomes a calm Danish refusal instead of a raw error."""
    try:
        store.db.execute(sql, params)
    except DatabaseError as exc:
        if "citizen moved" in str(exc):
            raise LockedRecord(MOVED) from exc
        raise


def new_id() -> str:
    return str(uuid.uuid4())


def next_change_seq(store: Store) -> int:
    # A local monotonic counter, never a clock: delta exports ask "what changed since N".
    row = store.db.execute(
        "INSERT INTO meta(name, value) VALUES ('change_seq', '1') "
        "ON CONFLICT(name) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value"
    ).fetchone()
    return int(row[0])


def _encode(value: Any) -> Any:
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


def get(store: Store, kind: str, record_id: str) -> dict[str, Any]:
    rows = store.query(f"SELECT * FROM {TABLES[kind]} WHERE id = ?", [record_id])
    if not rows:
        raise NotFound(f"Posten findes ikke (den kan være slettet): {kind} {record_id[:8]}")
    return rows[0]


def insert(store: Store, kind: str, data: Mapping[str, Any], record_id: str | None = None) -> str:
    now = utc_now()
    row = {k: _encode(v) for k, v in data.items()}
    # A savepoint of its own: a refused write leaves no change number or version behind.
    with store.db.atomic():
        row.update(
            id=record_id or new_id(), created_at=now, updated_at=now,
            updated_by=store.worker_id, origin=store.origin, revision=1,
            change_seq=next_change_seq(store),
        )
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        _write(store, f"INSERT INTO {TABLES[kind]} ({cols}) VALUES ({marks})",
               list(row.values()))
    return str(row["id"])


def update(store: Store, kind: str, record_id: str, changes: Mapping[str, Any]) -> list[str]:
    """Apply changes; keep the previous version. Returns the names of fields that changed."""
    current = get(store, kind, record_id)
    encoded = {k: _encode(v) for k, v in changes.items() if k not in BOOKKEEPING}
    changed = [k for k, v in encoded.items() if current.get(k) != v]
    if not changed:
        return []
    with store.db.atomic():
        _update(store, kind, record_id, current, encoded, changed)
    return changed


def _update(store: Store, kind: str, record_id: str, current: Mapping[str, Any],
            encoded: Mapping[str, Any], changed: list[str]) -> None:
    store.db.execute(
        "INSERT INTO record_versions(record_kind, record_id, revision, data, saved_at, saved_by) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [kind, record_id, current["revision"], json.dumps(_jsonable(current), ensure_ascii=False),
         utc_now(), store.worker_id],
    )
    sets = {k: encoded[k] for k in changed}
    sets.update(updated_at=utc_now(), updated_by=store.worker_id,
                revision=int(current["revision"]) + 1, change_seq=next_change_seq(store))
    assignments = ", ".join(f"{k} = ?" for k in sets)
    _write(store, f"UPDATE {TABLES[kind]} SET {assignments} WHERE id = ?",
           [*sets.values(), record_id])


def _jsonable(row: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.hex() if isinstance(v, bytes) else v) for k, v in row.items()}


def delete(store: Store, kind: str, record_id: str) -> None:
    """Delete for real and leave a tombstone; the record's earlier versions go with it."""
    get(store, kind, record_id)
    with store.db.atomic():
        _write(store, f"DELETE FROM {TABLES[kind]} WHERE id = ?", [record_id])
        purge_versions(store, kind, [record_id])
        store.db.execute(
            "INSERT OR REPLACE INTO tombstones(record_kind, record_id, deleted_at, deleted_by,"
            " origin, change_seq) VALUES (?, ?, ?, ?, ?, ?)",
            [kind, record_id, utc_now(), store.worker_id, store.origin, next_change_seq(store)],
        )


def purge_versions(store: Store, kind: str, record_ids: list[str]) -> None:
    for rid in record_ids:
        store.db.execute(
            "DELETE FROM record_versions WHERE record_kind = ? AND record_id = ?", [kind, rid]
        )


def versions(store: Store, kind: str, record_id: str) -> list[dict[str, Any]]:
    rows = store.query(
        "SELECT revision, data, saved_at, saved_by FROM record_versions "
        "WHERE record_kind = ? AND record_id = ? ORDER BY seq",
        [kind, record_id],
    )
    for r in rows:
        r["data"] = json.loads(r["data"])
    return rows


def decode_json_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    if isinstance(value, list):
        return value
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return []
    return parsed if isinstance(parsed, list) else []


def count(store: Store, kind: str) -> int:
    return int(store.db.execute(f"SELECT count(*) FROM {TABLES[kind]}").fetchone()[0])


def current_change_seq(store: Store) -> int:
    """The latest change number (0 for an untouched file): cheap "has anything changed?"."""
    row = store.db.execute("SELECT value FROM meta WHERE name = 'change_seq'").fetchone()
    return int(row[0]) if row else 0
