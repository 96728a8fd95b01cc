"""Demo Deling og overdragelse: consents (one active, one expired, one withdrawn, an oral
indhentning, a custody holder's for an under-18), a disclosure on another basis with its reason,
follow-on support, informed dates, and a handover sent on a consent — so every document prints
headless and a refusal can be seen (the landlord "Udlejer Ny Vej" has no consent).

Called once from `hfdesk.demo.generate`, after citizens, courses, plans and networks exist.
Deterministic for one seed and one `today`; every write goes through the store's functions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hfdesk import disclosure
from hfdesk.domain.courses import add_months
from hfdesk.domain.dates import age_on, to_date
from hfdesk.store import actors, citizens, consents, courses, handovers, records
from hfdesk.store.database import Store

# "actor": the provider and the landlord are added here, so the caseload count changes.
KINDS = ("consent", "disclosure", "handover", "followon_support", "actor")
PROVIDER = {"actor_type": "civil_society", "name": "Ungeboliger Nord",
            "organisation": "Ungeboliger Nord (bostøtte efter § 85)"}
LANDLORD = {"actor_type": "landlord", "name": "Udlejer Ny Vej", "organisation": "Ny Vej ApS"}


def _actor(store: Store, data: dict[str, Any]) -> str:
    for a in actors.list_all(store, data["actor_type"]):
        if a["name"] == data["name"]:
            return str(a["id"])
    return actors.create(store, data)


def generate(store: Store, *, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    rng = random.Random(seed * 31 + 8)
    provider = _actor(store, PROVIDER)
    _actor(store, LANDLORD)
    active: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for row in citizens.list_brief(store):
        course = courses.current(store, row["id"])
        if course and not course.get("end_decision_date") and course.get("start_date"):
            active.append((row, course))
    if not active:
        return {k: records.count(store, k) for k in KINDS}
    with store.db.atomic():
        for n, (row, course) in enumerate(active[:8]):
            cid = row["id"]
            start = to_date(course["start_date"]) or today
            consents.set_informed(store, cid, max(start, today - timedelta(days=300)),
                                  today=today)
            given = max(start, today - timedelta(days=rng.randint(20, 120)))
            consents.record(store, cid, {
                "kind": "videregivelse", "form": "written", "given_date": given,
                "recipients": [{"actor_id": provider, "name": PROVIDER["name"]}],
                "scope": ["course", "plan", "housing", "economy", "network"],
                "purpose": "Overdragelse til den opfølgende bostøtte"}, today=today)
            consents.record(store, cid, {
                "kind": "indhentning", "form": "oral", "given_date": given,
                "recipients": [{"name": "Jobcentret, ungeteamet"}], "scope": ["economy"],
                "noted_by": store.worker_name,
                "told": "Vi spørger jobcentret om din ydelse, så vi kan lægge et budget. Du kan "
                        "altid sige stop."}, today=today)
            if n == 0:
                _first(store, cid, course, provider, today)
            if n == 1:
                old = today - timedelta(days=430)
                consents.record(store, cid, {
                    "kind": "videregivelse", "form": "written", "given_date": old,
                    "expires": add_months(old, 12), "recipients": [{"name": "Boligsocialt team"}],
                    "scope": ["housing"]}, today=today)
            if n == 2:
                wid = consents.record(store, cid, {
                    "kind": "videregivelse", "form": "written",
                    "given_date": today - timedelta(days=40),
                    "recipients": [{"name": "Mor"}], "scope": ["plan"]}, today=today)
                consents.withdraw(store, wid, when=today - timedelta(days=5),
                                  note="Vil ikke have, at mor får planen lige nu.", today=today)
            birth = to_date(row.get("birth_date"))
            age = age_on(birth, today)
            if age is not None and age < 18:
                consents.record(store, cid, {
                    "kind": "videregivelse", "form": "written", "given_by": "custody_holder",
                    "custody_holder_name": "Forælder med forældremyndighed",
                    "given_date": today - timedelta(days=10),
                    "recipients": [{"actor_id": provider, "name": PROVIDER["name"]}],
                    "scope": ["course", "plan"]}, today=today)
    return {k: records.count(store, k) for k in KINDS}


def _first(store: Store, cid: str, course: dict[str, Any], provider: str, today: date) -> None:
    """The showcase citizen: follow-on support, another basis, and a handover sent."""
    consents.record_followon(store, cid, {"what": "Bostøtte efter SEL § 85", "status": "applied",
                                          "status_date": today - timedelta(days=12)},
                             course_id=course["id"], today=today)
    disclosure.check(store, cid, audience="outside",
                     recipient={"name": "Politiets forebyggelsesenhed"}, areas=("course",),
                     basis="vaerdispring", reason="Den unge var i akut fare; politiet skulle "
                     "vide, hvor hun kunne findes.", document="telefonopkald", today=today)
    handovers.hand_over(store, course["id"], {
        "reason": "cti_phase3", "recipient_actor_id": provider,
        "youth_words": "Jeg har fået min egen lejlighed, og jeg vil gerne have en, der kan "
                       "hjælpe med post og penge. Jeg vil ikke starte forfra med min historie."},
        today=today)
