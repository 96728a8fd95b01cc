"""Demo Indsatsplaner: plans in several states over the demo caseload — a draft just begun,
finished versions, versions followed up twice without a new version, a changed plan that is a
draft again, a second version — with links to authority plans, reviews and a recommendation.
Deterministic for one seed and one `today`.

Called once from `hfdesk.demo.generate`, after the citizens and courses exist. Every write
goes through the store's public functions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hfdesk.store import citizens, courses, plans, records
from hfdesk.store.database import Store

KINDS = ("plan", "plan_goal", "plan_action", "plan_version", "plan_review", "plan_review_goal",
         "plan_link")
WISHES = (
    "Jeg vil have mit eget sted, hvor jeg kan lukke døren, og så vil jeg tilbage i skole.",
    "Jeg drømmer om at blive kok og have en lejlighed tæt på min søster.",
    "Jeg vil have ro i hovedet og et job, så jeg selv kan betale min husleje.",
    "Et sted at bo med min hund, og venner jeg kan stole på.",
)
GOALS = (
    ("housing", "Jeg vil have min egen bolig inden sommer",
     [("Skrive mig op hos boligselskaberne", "youth", None),
      ("Søge indskudslån i kommunen", "worker", None)]),
    ("education", "Jeg vil starte på FGU efter nytår",
     [("Møde med UU-vejlederen", "actor", "UU-vejleder")]),
    ("economy", "Jeg vil have styr på min gæld",
     [("Lave et budget sammen", "worker", None),
      ("Ringe til Gældsrådgivningen", "actor", "Gældsrådgivningen")]),
    ("network", "Jeg vil se min søster hver uge", [("Aftale faste dage", "youth", None)]),
    ("mental_health", "Jeg vil sove bedre om natten",
     [("Tid hos egen læge", "youth", None)]),
    ("labour_market", "Jeg vil have et fritidsjob",
     [("Møde på jobcentret", "actor", "Jobcenter, ungeteamet")]),
)
PARTICIPANTS = ("Den unge og kontaktpersonen", "Den unge, kontaktpersonen og rådgiveren",
                "Den unge, mor og kontaktpersonen")


def generate(store: Store, *, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Plans for up to twelve young people with an active course. Returns counts per kind."""
    today = today or date.today()
    rng = random.Random(seed * 17 + 5)
    done = 0
    with store.db.atomic():
        for row in citizens.list_brief(store):
            if done >= 12:
                break
            course = courses.current(store, row["id"])
            if course is None or course.get("end_decision_date") or not course.get("start_date"):
                continue
            _plan(store, row["id"], course["id"], done % 5, rng, today)
            done += 1
    return {k: records.count(store, k) for k in KINDS}


def _finish(store: Store, pid: str, rng: random.Random, on: date) -> None:
    plans.finish_version(store, pid, {
        "finished_on": on, "participants": rng.choice(PARTICIPANTS),
        "youth_agreement": rng.choice(("agree", "agree", "partly", "disagree")),
        "youth_view": rng.choice(("Det er min plan.", "Jeg er enig, men det går for langsomt.",
                                  "Boligen er det vigtigste for mig.")),
        "custody_took_part": True, "custody_agreed": True}, today=on)


def _plan(store: Store, cid: str, course_id: str, state: int, rng: random.Random,
          today: date) -> None:
    pid = plans.ensure(store, cid, course_id)
    plans.update_plan(store, pid, {"wish": rng.choice(WISHES),
                                   "method_note": "Housing First: boligen først, støtte så "
                                                  "længe der er behov."})
    goal_ids: list[str] = []
    for area, text, acts in rng.sample(GOALS, rng.randint(2, 4)):
        gid = plans.add_goal(store, pid, {"text": text, "life_area": area,
                                          "priority": rng.randint(1, 3)}, today=today)
        goal_ids.append(gid)
        for what, who, name in acts:
            data: dict[str, Any] = {"what": what, "who_kind": who, "who_name": name,
                                    "due_date": today + timedelta(days=rng.randint(7, 80))}
            plans.add_action(store, gid, data, today=today)
    if rng.random() < 0.7:
        plans.add_link(store, pid, {"plan_type": rng.choice(("sel_141", "kip", "min_plan")),
                                    "department": rng.choice(("Ungeenheden", "Jobcentret",
                                                              "UU")),
                                    "system": rng.choice(("DUBU", "Momentum", "Novax")),
                                    "reference": f"P-{rng.randint(1000, 9999)}",
                                    "last_seen": today - timedelta(days=rng.randint(5, 60))},
                      today=today)
    if state == 0:
        return  # a draft just begun
    _finish(store, pid, rng, today)
    if state >= 2:
        for outcome, status in (("Vi har talt om det, det går fremad.", "active"),
                                ("Det lykkedes!", "achieved")):
            plans.add_review(store, pid, today, {
                goal_ids[0]: {"outcome": outcome, "status": status},
                goal_ids[1]: {"outcome": "Ikke startet endnu.", "status": "active"}},
                participants="Den unge og kontaktpersonen", today=today)
    if state >= 3:
        plans.update_goal(store, goal_ids[1], {"text": "Jeg vil starte på en uddannelse, "
                                                       "der passer til mig"}, today=today)
    if state == 4:
        _finish(store, pid, rng, today)
    plans.update_plan(store, pid, {"recommendation": "continue",
                                   "recommendation_reason": "Den unge er i gang og har "
                                                            "brug for støtten et stykke tid "
                                                            "endnu."})
