"""Snapshots: the data a document needs, read from the store once, as plain values.

Builders stay pure (data → PDF bytes); this module is the one place that reads the store for
them and turns codes into labels.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hfdesk import vocab
from hfdesk.domain import citizens as citizen_domain
from hfdesk.domain.courses import METHODS
from hfdesk.store import citizens, courses, housing, journal, settings
from hfdesk.store.database import Store

JOURNAL_ENTRIES = 15
_STATUS_LABELS = {
    "phase_zero": "Fase nul / afventer afgørelse",
    "active": "Aktivt",
    "paused": "Sat i bero",
    "ended": "Afsluttet",
}


def _organisation(store: Store) -> str:
    org = settings.get(store, "organisation") or ""
    unit = settings.get(store, "unit") or ""
    return " · ".join(p for p in (org, unit) if p) or "hfdesk"


def summary_snapshot(
    store: Store,
    citizen_id: str,
    *,
    course_id: str | None = None,
    printed_at: datetime | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    v = vocab.default()
    today = today or date.today()
    c = citizens.get(store, citizen_id)
    course = courses.get(store, course_id) if course_id else courses.current(store, citizen_id)
    course_part = None
    if course is not None:
        st = courses.state(store, course, today)
        method = course.get("method")
        course_part = {
            "case_number": course.get("case_number"),
            "method_label": v.label("support_method", method) if method in METHODS else method,
            "status_label": _STATUS_LABELS.get(st.status, st.status),
            "referral_date": course.get("referral_date"),
            "start_date": course.get("start_date"),
            "transition_date": course.get("transition_date"),
            "phase_label": st.phase_label,
            "day_number": st.day_number,
            "phases": [
                {"label": p.label, "start": p.start.isoformat(), "end": p.end.isoformat()}
                for p in st.phases
            ],
            "segments": [
                {
                    "legal_basis_label": v.label("legal_basis", s["legal_basis"]),
                    "decision_date": s.get("decision_date"),
                    "period_start": s.get("period_start"),
                    "period_end": s.get("period_end"),
                    "next_review": s.get("next_review"),
                    "provider_wish": s.get("provider_wish"),
                    "provider_wish_followed": (
                        None
                        if s.get("provider_wish_followed") is None
                        else bool(s["provider_wish_followed"])
                    ),
                }
                for s in courses.segments(store, course["id"])
            ],
            "events": [
                {
                    "kind_label": v.label("course_event_kind", e["kind"]),
                    "date": e["event_date"],
                    "end_date": e.get("end_date"),
                    "notes": e.get("notes"),
                }
                for e in courses.events(store, course["id"])
            ],
            "end": None
            if not course.get("end_decision_date") and not course.get("end_recommended_date")
            else {
                "recommended_date": course.get("end_recommended_date"),
                "decision_date": course.get("end_decision_date"),
                "end_type_label": v.label("end_type", course["end_type"])
                if course.get("end_type")
                else "",
                "reasons_labels": [v.label("end_reason", r) for r in course["end_reasons"]],
            },
        }
    h = housing.current(store, citizen_id)
    return {
        "organisation": _organisation(store),
        "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {
            "legal_name": c["legal_name"],
            "preferred_name": c.get("preferred_name"),
            "cpr": c.get("cpr"),
            "birth_date": c.get("birth_date"),
            "age": citizen_domain.age(c, today),
            "gender_label": v.label("gender", c["gender"]) if c.get("gender") else "",
            "phone": c.get("phone"),
            "email": c.get("email"),
            "address": c.get("address"),
            "protected_address": c["protected_address"],
            "language": c.get("language"),
            "interpreter_needed": c["interpreter_needed"],
            "custody_holders": c["custody_holders"],
        },
        "course": course_part,
        "housing_now": None
        if h is None
        else {
            "situation_label": v.label("housing_situation", h["housing_situation"]),
            "since": h["start_date"],
            "address": h.get("address"),
        },
        "journal": [
            {
                "occurred_at": j["occurred_at"],
                "type_label": v.label("journal_entry_type", j["entry_type"]),
                "status_label": v.label("journal_status", j["status"]),
                "duration_min": j.get("duration_min"),
                "note": j.get("note") or "",
                "locked": j["locked"],
                "additions": [
                    {"written_at": a["written_at"], "text": a["text"]} for a in j["additions"]
                ],
            }
            for j in journal.for_citizen(store, citizen_id, limit=JOURNAL_ENTRIES)
        ],
        "audience": "authority",
    }
