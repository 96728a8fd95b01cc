"""Citizens: create, change, read, list, delete (with purge)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hfdesk.domain import citizens as domain
from hfdesk.store import audit, records
from hfdesk.store.database import Store

KIND = "citizen"
# Child records whose versions must go when a citizen is deleted. No longer read: delete() works
# them out from the schema (hfdesk/store/erasure.py), which also covers tables added later.
_CHILDREN = {
    "course": "SELECT id FROM courses WHERE citizen_id = ?",
    "support_segment": "SELECT s.id FROM support_segments s JOIN courses c ON c.id = s.course_id"
                       " WHERE c.citizen_id = ?",
    "course_event": "SELECT e.id FROM course_events e JOIN courses c ON c.id = e.course_id"
                    " WHERE c.citizen_id = ?",
    "housing_segment": "SELECT id FROM housing_segments WHERE citizen_id = ?",
    "housing_activity": "SELECT id FROM housing_activities WHERE citizen_id = ?",
    "housing_registration": "SELECT id FROM housing_registrations WHERE citizen_id = ?",
    "housing_economy": "SELECT id FROM housing_economy WHERE citizen_id = ?",
    "housing_profile": "SELECT id FROM housing_profiles WHERE citizen_id = ?",
    "housing_offer": "SELECT id FROM housing_offers WHERE citizen_id = ?",
    "housing_money": "SELECT id FROM housing_money WHERE citizen_id = ?",
    "journal_entry": "SELECT id FROM journal_entries WHERE citizen_id = ?",
    "journal_addition": "SELECT a.id FROM journal_additions a JOIN journal_entries j"
                        " ON j.id = a.entry_id WHERE j.citizen_id = ?",
    "document": "SELECT id FROM documents WHERE citizen_id = ?",
    "referral": "SELECT id FROM referrals WHERE citizen_id = ?",
    "referral_contact": "SELECT k.id FROM referral_contacts k JOIN referrals r"
                        " ON r.id = k.referral_id WHERE r.citizen_id = ?",
    "screening_assessment": "SELECT id FROM screening_assessments WHERE citizen_id = ?",
    "screening_domain": "SELECT d.id FROM screening_domains d JOIN screening_assessments a"
                        " ON a.id = d.assessment_id WHERE a.citizen_id = ?",
    "screening_action": "SELECT x.id FROM screening_actions x JOIN screening_assessments a"
                        " ON a.id = x.assessment_id WHERE a.citizen_id = ?",
    "plan": "SELECT id FROM plans WHERE citizen_id = ?",
    "plan_goal": "SELECT g.id FROM plan_goals g JOIN plans p ON p.id = g.plan_id"
                 " WHERE p.citizen_id = ?",
    "plan_action": "SELECT x.id FROM plan_actions x JOIN plan_goals g ON g.id = x.goal_id"
                   " JOIN plans p ON p.id = g.plan_id WHERE p.citizen_id = ?",
    "plan_version": "SELECT v.id FROM plan_versions v JOIN plans p ON p.id = v.plan_id"
                    " WHERE p.citizen_id = ?",
    "plan_review": "SELECT r.id FROM plan_reviews r JOIN plans p ON p.id = r.plan_id"
                   " WHERE p.citizen_id = ?",
    "plan_review_goal": "SELECT q.id FROM plan_review_goals q JOIN plan_reviews r"
                        " ON r.id = q.review_id JOIN plans p ON p.id = r.plan_id"
                        " WHERE p.citizen_id = ?",
    "plan_link": "SELECT k.id FROM plan_links k JOIN plans p ON p.id = k.plan_id"
                 " WHERE p.citizen_id = ?",
    "network_person": "SELECT id FROM network_persons WHERE citizen_id = ?",
    "network_meeting": "SELECT id FROM network_meetings WHERE citizen_id = ?",
    "meeting_participant": "SELECT p.id FROM meeting_participants p JOIN network_meetings m"
                           " ON m.id = p.meeting_id WHERE m.citizen_id = ?",
    "meeting_agreement": "SELECT id FROM meeting_agreements WHERE citizen_id = ?",
    "meeting_goal_review": "SELECT g.id FROM meeting_goal_reviews g JOIN network_meetings m"
                           " ON m.id = g.meeting_id WHERE m.citizen_id = ?",
    "consent": "SELECT id FROM consents WHERE citizen_id = ?",
    "disclosure": "SELECT id FROM disclosures WHERE citizen_id = ?",
    "handover": "SELECT id FROM handovers WHERE citizen_id = ?",
    "followon_support": "SELECT id FROM followon_support WHERE citizen_id = ?",
    "measurement": "SELECT id FROM measurements WHERE citizen_id = ?",
    "measurement_answer": "SELECT a.id FROM measurement_answers a JOIN measurements m"
                          " ON m.id = a.measurement_id WHERE m.citizen_id = ?",
}


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["custody_holders"] = records.decode_json_list(row.get("custody_holders"))
    row["protected_address"] = bool(row.get("protected_address"))
    row["interpreter_needed"] = bool(row.get("interpreter_needed"))
    return row


def create(store: Store, data: Mapping[str, Any],
           session: audit.EditSession | None = None) -> tuple[str, list[str]]:
    """Returns (id, warnings). Raises ValidationError; nothing is written then."""
    values, warnings = domain.validate(data)
    with store.db.atomic():
        cid = records.insert(store, KIND, values)
        audit.log(store, "create", record_kind=KIND, record_id=cid, citizen_id=cid,
                  fields=[k for k, v in values.items() if v not in (None, "", [], False)],
                  purpose=session.purpose if session else None)
    return cid, warnings


def update(store: Store, citizen_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None) -> list[str]:
    values, warnings = domain.validate(changes, partial=True)
    with store.db.atomic():
        changed = records.update(store, KIND, citizen_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, citizen_id,
                                                    citizen_id, changed)
    return warnings


def get(store: Store, citizen_id: str) -> dict[str, Any]:
    return _decode(records.get(store, KIND, citizen_id))


def open_citizen(store: Store, citizen_id: str, *, purpose: str | None = None,
                 found_by_cpr: bool = False) -> dict[str, Any]:
    """Read for display: the read itself is audited (and how it was found)."""
    row = get(store, citizen_id)
    with store.db.atomic():
        if found_by_cpr:
            audit.log(store, "search_cpr", record_kind=KIND, record_id=citizen_id,
                      citizen_id=citizen_id, purpose=purpose)
        audit.log(store, "open_citizen", record_kind=KIND, record_id=citizen_id,
                  citizen_id=citizen_id, purpose=purpose)
    return row


def list_all(store: Store) -> list[dict[str, Any]]:
    return [_decode(r) for r in store.query(
        "SELECT * FROM citizens ORDER BY lower(coalesce(preferred_name, legal_name)), legal_name"
    )]


def list_brief(store: Store) -> list[dict[str, Any]]:
    """What the citizen list and in-memory search need, nothing more."""
    return store.query(
        "SELECT c.id, c.legal_name, c.preferred_name, c.birth_date, c.cpr_digits,"
        " EXISTS(SELECT 1 FROM courses k WHERE k.citizen_id = c.id"
        "        AND k.end_decision_date IS NULL) AS active "
        "FROM citizens c ORDER BY lower(coalesce(c.preferred_name, c.legal_name))"
    )


def delete(store: Store, citizen_id: str, *, reason: str) -> None:
    """Delete a citizen and everything about them; the audit keeps stubs, the chain holds."""
    # Which rows are the citizen's is read from the schema (hfdesk/store/erasure.py), so every
    # area's table, version history, search index row and draft goes, not just those listed in
    # _CHILDREN (no longer read). Who deleted, when and why is logged, but not which id: the
    # tombstone carries the id for sync, and the audit keeps nothing pointing at the person.
    from hfdesk.errors import LockedRecord
    from hfdesk.store import erasure, exchange

    if exchange.moved(store, citizen_id):  # the database's guard would refuse it raw
        raise LockedRecord(records.MOVED)
    erasure.purge_citizen(store, citizen_id, purpose=reason, thorough=False)
