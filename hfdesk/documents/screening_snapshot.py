"""Snapshot for the opsporingsresumé: read from the store once, codes turned into labels.

Opsporing items are read through `hfdesk.sharing.releasable_items(..., "authority")`: the
internal ones never leave this function, only their number does ("interne notater findes").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from hfdesk import sharing, vocab
from hfdesk.documents.snapshot import _organisation
from hfdesk.domain import citizens as citizen_domain
from hfdesk.domain import screening as domain
from hfdesk.errors import NotFound
from hfdesk.store import actors, citizens, housing, screening
from hfdesk.store.database import Store

AUDIENCE = "authority"


def _actor_name(store: Store, actor_id: str | None) -> str:
    if not actor_id:
        return ""
    try:
        a = actors.get(store, actor_id)
    except NotFound:
        return ""
    return " · ".join(p for p in (a.get("name"), a.get("organisation")) if p)


def screening_snapshot(store: Store, citizen_id: str, *, assessment_id: str | None = None,
                       printed_at: datetime | None = None, today: date | None = None,
                       audience: str = AUDIENCE) -> dict[str, Any]:
    v = vocab.default()
    today = today or date.today()
    c = citizens.get(store, citizen_id)
    if assessment_id:
        assessment = screening.get(store, assessment_id)
        if assessment["citizen_id"] != citizen_id:
            raise NotFound("Vurderingen hører ikke til denne borger.")
    else:
        assessment = screening.latest(store, citizen_id)
    part: dict[str, Any] | None = None
    if assessment is not None:
        items = sharing.assessment_items(assessment)
        released = sharing.releasable_items(items, audience)
        order = [x.code for x in v.codes("concern_domain", include_inactive=True)]
        rank = {code: i for i, code in enumerate(order)}
        domains = sorted((i for i in released if i["item_kind"] == "domain"),
                         key=lambda d: (rank.get(d["domain"], len(rank)), d["domain"]))
        part = {
            "assessed_on": assessment["assessed_on"],
            "worker_name": assessment["worker_name"],
            "phase_label": v.label("screening_phase", assessment.get("phase")),
            "target_subgroup_label": v.label("target_subgroup", assessment.get("target_subgroup")),
            "duration_label": v.label("homelessness_duration",
                                      assessment.get("homelessness_duration")),
            "summary": next(({"text": i["text"], "sharing": i["sharing"]} for i in released
                             if i["item_kind"] == "summary"), None),
            "domains": [{
                "sharing": d.get("sharing"),
                "domain_label": v.label("concern_domain", d["domain"]),
                "concern_label": domain.concern_label(d.get("concern")),
                "concern": d.get("concern"),
                "risk_signals": [v.label("risk_signal", s) for s in d.get("risk_signals") or []]
                + list(d.get("risk_signals_added") or []),
                "protective_factors": [v.label("protective_factor", s)
                                       for s in d.get("protective_factors") or []]
                + list(d.get("protective_added") or []),
                "judgement": d.get("judgement"),
                "youth_view": d.get("youth_view"),
            } for d in domains],
            "actions": [{
                "sharing": a.get("sharing"), "what": a.get("what"), "who": a.get("who"),
                "due_date": a.get("due_date"), "done_date": a.get("done_date"),
                "onward": " · ".join(p for p in (_actor_name(store, a.get("onward_actor_id")),
                                                 a.get("onward_text") or "") if p),
            } for a in released if a["item_kind"] == "action"],
            "internal_count": sharing.withheld_count(items, audience),
        }
    h = housing.current(store, citizen_id)
    return {
        "organisation": _organisation(store),
        "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {"legal_name": c["legal_name"], "preferred_name": c.get("preferred_name"),
                    "cpr": c.get("cpr"), "birth_date": c.get("birth_date"),
                    "age": citizen_domain.age(c, today)},
        "housing_now": None if h is None else {
            "situation_label": v.label("housing_situation", h["housing_situation"]),
            "since": h["start_date"]},
        "assessment": part,
        "audience": audience,
    }
