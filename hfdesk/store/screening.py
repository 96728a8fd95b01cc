"""Opsporingsvurderinger: dated assessments per citizen, their domain rows and actions, and the
release of single items (an audited act: who, when; never what).

Reading for documents and exports goes through `hfdesk.sharing`; this module stores and returns
everything, because the worker's own screen shows internal items too (marked with a lock).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hfdesk.domain import screening as domain
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

KIND = "screening_assessment"
DOMAIN = "screening_domain"
ACTION = "screening_action"
_JSON = ("risk_signals", "risk_signals_added", "protective_factors", "protective_added")
# Item kinds that can be released, and the table each lives in.
ITEM_KINDS = (KIND, DOMAIN, ACTION)


def _decode_domain(row: dict[str, Any]) -> dict[str, Any]:
    for key in _JSON:
        row[key] = records.decode_json_list(row.get(key))
    return row


def _filled(values: Mapping[str, Any]) -> list[str]:
    return [k for k, v in values.items() if v not in (None, "", [], False)]


# --- assessments -------------------------------------------------------------------------------


def create(store: Store, citizen_id: str, data: Mapping[str, Any] | None = None,
           today: date | None = None) -> str:
    """A new assessment, dated today and signed by the worker unless the data says otherwise."""
    records.get(store, "citizen", citizen_id)
    today = today or date.today()
    raw = {"assessed_on": today.isoformat(), "worker_name": store.worker_name,
           **(data or {})}
    values = domain.validate_assessment(raw, today=today)
    if values.get("course_id"):
        course = records.get(store, "course", values["course_id"])
        if course["citizen_id"] != citizen_id:
            raise ValidationError("Forløbet hører til en anden borger.", field="course_id")
    with store.db.atomic():
        aid = records.insert(store, KIND, {**values, "citizen_id": citizen_id,
                                           "sharing": "internal"})
        audit.log(store, "create", record_kind=KIND, record_id=aid, citizen_id=citizen_id,
                  fields=_filled(values))
    return aid


def update(store: Store, assessment_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None, today: date | None = None) -> list[str]:
    current = records.get(store, KIND, assessment_id)
    values = domain.validate_assessment(changes, partial=True, today=today)
    with store.db.atomic():
        changed = records.update(store, KIND, assessment_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, assessment_id,
                                                    current["citizen_id"], changed)
    return changed


def get(store: Store, assessment_id: str) -> dict[str, Any]:
    """The assessment with its `domains` (stored rows, catalogue order not applied) and
    `actions`."""
    row = records.get(store, KIND, assessment_id)
    row["domains"] = domains(store, assessment_id)
    row["actions"] = actions(store, assessment_id)
    return row


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """Newest first, without domains and actions (use `get` for one)."""
    return store.query("SELECT * FROM screening_assessments WHERE citizen_id = ? "
                       "ORDER BY assessed_on DESC, created_at DESC", [citizen_id])


def latest(store: Store, citizen_id: str) -> dict[str, Any] | None:
    rows = for_citizen(store, citizen_id)
    return get(store, rows[0]["id"]) if rows else None


def delete(store: Store, assessment_id: str) -> None:
    row = records.get(store, KIND, assessment_id)
    dom = [d["id"] for d in domains(store, assessment_id)]
    act = [a["id"] for a in actions(store, assessment_id)]
    with store.db.atomic():
        records.purge_versions(store, DOMAIN, dom)
        records.purge_versions(store, ACTION, act)
        records.delete(store, KIND, assessment_id)
        audit.log(store, "delete", record_kind=KIND, record_id=assessment_id,
                  citizen_id=row["citizen_id"])


# --- domain rows -------------------------------------------------------------------------------


def domains(store: Store, assessment_id: str) -> list[dict[str, Any]]:
    return [_decode_domain(r) for r in store.query(
        "SELECT * FROM screening_domains WHERE assessment_id = ? ORDER BY created_at",
        [assessment_id])]


def domain_row(store: Store, assessment_id: str, code: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM screening_domains WHERE assessment_id = ? AND domain = ?",
                       [assessment_id, code])
    return _decode_domain(rows[0]) if rows else None


def set_domain(store: Store, assessment_id: str, code: str, changes: Mapping[str, Any],
               session: audit.EditSession | None = None) -> tuple[str, list[str]]:
    """Create or change one domain row; empty values are fine (a draft). Returns (row id,
    changed fields)."""
    assessment = records.get(store, KIND, assessment_id)
    code = domain.validate_domain_code(code)
    values = domain.validate_domain(changes, partial=True)
    existing = domain_row(store, assessment_id, code)
    with store.db.atomic():
        if existing is None:
            full = {**domain.validate_domain({}), **values}
            did = records.insert(store, DOMAIN, {**full, "assessment_id": assessment_id,
                                                 "domain": code, "sharing": "internal"})
            changed = _filled(values)
            if session is not None:
                session.record(store, "create", DOMAIN, did, assessment["citizen_id"], changed)
            else:
                audit.log(store, "create", record_kind=DOMAIN, record_id=did,
                          citizen_id=assessment["citizen_id"], fields=changed)
            return did, changed
        changed = records.update(store, DOMAIN, existing["id"], values)
        if changed:
            (session or audit.EditSession()).record(store, "change", DOMAIN, existing["id"],
                                                    assessment["citizen_id"], changed)
        return existing["id"], changed


# --- actions -----------------------------------------------------------------------------------


def actions(store: Store, assessment_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM screening_actions WHERE assessment_id = ? "
                       "ORDER BY coalesce(due_date, '9999'), created_at", [assessment_id])


def add_action(store: Store, assessment_id: str, data: Mapping[str, Any],
               today: date | None = None) -> str:
    assessment = records.get(store, KIND, assessment_id)
    values = domain.validate_action(data, today=today)
    if values.get("onward_actor_id"):
        try:
            records.get(store, "actor", values["onward_actor_id"])
        except Exception as exc:
            raise ValidationError("Aktøren findes ikke i aktørregistret. Vælg en fra listen.",
                                  field="onward_actor_id") from exc
    with store.db.atomic():
        xid = records.insert(store, ACTION, {**values, "assessment_id": assessment_id,
                                             "sharing": "internal"})
        audit.log(store, "create", record_kind=ACTION, record_id=xid,
                  citizen_id=assessment["citizen_id"], fields=_filled(values))
    return xid


def update_action(store: Store, action_id: str, changes: Mapping[str, Any],
                  session: audit.EditSession | None = None) -> list[str]:
    row = records.get(store, ACTION, action_id)
    assessment = records.get(store, KIND, row["assessment_id"])
    values = domain.validate_action(changes, partial=True)
    with store.db.atomic():
        changed = records.update(store, ACTION, action_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", ACTION, action_id,
                                                    assessment["citizen_id"], changed)
    return changed


def delete_action(store: Store, action_id: str) -> None:
    row = records.get(store, ACTION, action_id)
    assessment = records.get(store, KIND, row["assessment_id"])
    with store.db.atomic():
        records.delete(store, ACTION, action_id)
        audit.log(store, "delete", record_kind=ACTION, record_id=action_id,
                  citizen_id=assessment["citizen_id"])


# --- sharing -----------------------------------------------------------------------------------


def _citizen_of(store: Store, kind: str, record_id: str) -> tuple[dict[str, Any], str]:
    if kind not in ITEM_KINDS:
        raise ValueError(f"not an opsporing item kind: {kind!r}")
    row = records.get(store, kind, record_id)
    if kind == KIND:
        return row, row["citizen_id"]
    return row, records.get(store, KIND, row["assessment_id"])["citizen_id"]


def release(store: Store, kind: str, record_id: str) -> None:
    """Frigiv: the item may from now on appear in authority-facing documents and the export.
    One audit row with date and worker (the row's `at` and `worker_id`)."""
    row, citizen_id = _citizen_of(store, kind, record_id)
    if row.get("sharing") == "released":
        return
    with store.db.atomic():
        records.update(store, kind, record_id, {"sharing": "released",
                                                "released_at": utc_now(),
                                                "released_by": store.worker_name})
        audit.log(store, "change", record_kind=kind, record_id=record_id, citizen_id=citizen_id,
                  fields=["sharing"], purpose="frigivet")


def make_internal(store: Store, kind: str, record_id: str) -> None:
    """Back to internal (documents already printed keep what they showed)."""
    row, citizen_id = _citizen_of(store, kind, record_id)
    if row.get("sharing") != "released":
        return
    with store.db.atomic():
        records.update(store, kind, record_id, {"sharing": "internal", "released_at": None,
                                                "released_by": None})
        audit.log(store, "change", record_kind=kind, record_id=record_id, citizen_id=citizen_id,
                  fields=["sharing"], purpose="gjort intern")
