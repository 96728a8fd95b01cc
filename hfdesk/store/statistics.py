"""Set-based reads for the statistics: a handful of queries over the whole caseload.

Only structured columns are read (codes, dates, counts, ids) — never a name, a note or any other
free text — so nothing typed in words can reach a statistics table or CSV by accident. Each
function is one query, never one per citizen (the municipality caseload has 2,000 citizens).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from hfdesk.store import audit
from hfdesk.store.database import Store


def courses(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, citizen_id, method, status, referral_date, start_date, transition_date, "
        "end_decision_date, end_type, end_reasons, created_at FROM courses "
        "ORDER BY citizen_id, COALESCE(start_date, referral_date, created_at)")


def citizens(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT id, birth_date, gender FROM citizens")


def stays(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, citizen_id, start_date, end_date, housing_situation, contract_type, "
        "own_contract, move_in_date, end_reason, created_at FROM housing_segments "
        "ORDER BY citizen_id, start_date, created_at")


def referrals(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT id, citizen_id, course_id, received_date, source, outcome "
                       "FROM referrals")


def plans(store: Store) -> list[dict[str, Any]]:
    """One row per plan: its course, whether a version was finished, authority type, links."""
    return store.query(
        "SELECT p.id, p.citizen_id, p.course_id, p.authority_type, "
        "(SELECT COUNT(*) FROM plan_versions v WHERE v.plan_id = p.id) AS versions, "
        "(SELECT COUNT(*) FROM plan_goals g WHERE g.plan_id = p.id) AS goals, "
        "(SELECT COUNT(*) FROM plan_links k WHERE k.plan_id = p.id) AS links "
        "FROM plans p")


# Contacts that count as a visit or a meeting with the citizen (not phone, sms or partner calls).
FACE_TO_FACE = ("home_visit", "outreach", "escort", "meeting", "video")


def early_contacts(store: Store) -> list[dict[str, Any]]:
    """Per course: held contacts with the citizen in its first three months, all and face to face.

    One grouped query; the (citizen_id, occurred_at) index makes the range join cheap.
    """
    marks = ",".join("?" * len(FACE_TO_FACE))
    return store.query(
        "SELECT c.id AS course_id, COUNT(j.id) AS contacts, "
        f"COALESCE(SUM(j.entry_type IN ({marks})), 0) AS visits "
        "FROM courses c LEFT JOIN journal_entries j ON j.citizen_id = c.citizen_id "
        "AND j.status = 'done' AND j.citizen_present = 1 AND j.entry_type <> 'partner_contact' "
        "AND substr(j.occurred_at, 1, 10) >= c.start_date "
        "AND substr(j.occurred_at, 1, 10) < date(c.start_date, '+3 months') "
        "WHERE c.start_date IS NOT NULL GROUP BY c.id", list(FACE_TO_FACE))


def journal_completeness(store: Store) -> dict[str, int]:
    row = store.query(
        "SELECT COUNT(*) AS total, "
        "COALESCE(SUM(duration_min IS NOT NULL), 0) AS with_duration, "
        "COALESCE(SUM(course_id IS NOT NULL), 0) AS with_course, "
        "COALESCE(SUM(life_areas <> '[]'), 0) AS with_life_areas "
        "FROM journal_entries WHERE status = 'done'")[0]
    return {k: int(v or 0) for k, v in row.items()}


def date_span(store: Store) -> tuple[str | None, str | None]:
    """The first and last date in the caseload, for "hele perioden"."""
    row = store.query(
        "SELECT MIN(d) AS first, MAX(d) AS last FROM ("
        "SELECT COALESCE(referral_date, start_date) AS d FROM courses "
        "UNION ALL SELECT end_decision_date FROM courses "
        "UNION ALL SELECT received_date FROM referrals) WHERE d IS NOT NULL")[0]
    return row["first"], row["last"]


def _has_table(store: Store, table: str) -> bool:
    return bool(store.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                            [table]))


def measurement_housing(store: Store) -> list[dict[str, Any]] | None:
    """Housing situation per measurement (individdokumentation), oldest first per course.

    None when the database has no measurements area or no measurement at all: the caller then
    uses the housing history and says so. The answer is stored as JSON (a code, or an explicit
    "ved ikke"/"ikke spurgt" answer, which the tables count as unknown).
    """
    if not _has_table(store, "measurements") or not _has_table(store, "measurement_answers"):
        return None
    if not store.query("SELECT 1 FROM measurements LIMIT 1"):
        return None
    rows = store.query(
        "SELECT m.course_id, m.kind, m.measured_on, a.value AS housing_situation "
        "FROM measurements m LEFT JOIN measurement_answers a ON a.measurement_id = m.id "
        "AND a.item = 'housing_situation' ORDER BY m.course_id, m.measured_on, m.created_at")
    for r in rows:
        try:
            value = json.loads(r["housing_situation"]) if r["housing_situation"] else None
        except ValueError:
            value = None
        r["housing_situation"] = value if isinstance(value, str) else None
    return rows


def pseudonym_secret(store: Store) -> bytes:
    """The per-database secret for stable pseudonyms; made on first use, never exported.

    It lives in `meta`, which no export or transfer carries, so the same citizen gets the same
    pseudonym in every statistics run from this database and a different one anywhere else.
    """
    value = store.meta.get("pseudonym_secret")
    if not value:
        with store.db.atomic():
            store.set_meta("pseudonym_secret", secrets.token_hex(32))
        value = store.meta["pseudonym_secret"]
    return bytes.fromhex(value)


def log_export(store: Store, *, what: str, pseudonymised: bool) -> None:
    """One audit row for an aggregate export or print: no citizen, the purpose says what."""
    audit.log_now(store, "export", record_kind="statistics",
                  purpose=f"statistik: {what}" + (" (pseudonymiseret)" if pseudonymised else ""))
