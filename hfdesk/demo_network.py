"""Demo netværk og møder: networks, past and upcoming meetings, open and done agreements.

Deterministic for one seed and one `today`. Called once from `hfdesk.demo.generate` after the
citizens, courses and actors exist; every write goes through the store's public functions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hfdesk.domain import citizens as citizen_domain
from hfdesk.domain.dates import to_date
from hfdesk.errors import ValidationError
from hfdesk.store import actors, citizens, courses, meetings, network
from hfdesk.store.database import Store

KINDS = ("network_person", "network_meeting", "meeting_agreement")
FIRST = ("Lone", "Henrik", "Maja", "Jonas", "Aisha", "Peter", "Nanna", "Kim", "Bente", "Ole")
PRIVATE = (
    ("mother", "close", "Hun er der altid, når jeg ringer.", "Vi skændes om penge."),
    ("sibling", "close", "Min søster forstår mig.", ""),
    ("friend", "middle", "Vi ser fodbold sammen.", "Han drikker meget."),
    ("partner", "close", "Hun giver mig ro.", ""),
    ("father", "distant", "", "Vi har ikke talt sammen i et år."),
    ("grandparent", "middle", "Mormor laver mad til mig om søndagen.", ""),
)
PERMISSIONS = ("ask_first", "allowed", "ask_first", "only_with_me", "not_allowed", "allowed")
AGREEMENTS = (
    "Søge om indskudslån hos ydelsescentret",
    "Ringe til boligselskabet om ventelisten",
    "Følge med til første samtale på jobcentret",
    "Finde et tilbud om gældsrådgivning",
    "Sige til, hvis der kommer en sanktion, så boligen ikke går tabt",
    "Booke tid hos egen læge",
)


def generate(store: Store, *, seed: int = 2026, today: date | None = None,
             limit: int = 12) -> dict[str, int]:
    today = today or date.today()
    rng = random.Random(seed + 6)
    counts = dict.fromkeys(KINDS, 0)
    actor_rows = actors.list_all(store)
    authority = [a["id"] for a in actor_rows if a["actor_type"] == "authority_caseworker"]
    others = [a["id"] for a in actor_rows if a["actor_type"] in ("jobcentre", "psychiatry",
                                                                  "school", "housing_org")]
    done = 0
    for c in citizens.list_all(store):
        if done >= limit:
            break
        if (citizen_domain.age(c, today) or 99) > 25:
            continue
        course = courses.current(store, c["id"])
        start = to_date((course or {}).get("start_date")) or \
            to_date((course or {}).get("transition_date"))
        if not course or course.get("end_decision_date") or not start or \
                start > today - timedelta(days=30):
            continue
        try:
            _one(store, c["id"], course["id"], start, today, rng, authority, others, counts,
                 expired_fuldmagt=done == 0)
        except ValidationError:
            continue
        done += 1
    return counts


def _one(store: Store, cid: str, course_id: str, start: date, today: date, rng: random.Random,
         authority: list[str], others: list[str], counts: dict[str, int], *,
         expired_fuldmagt: bool) -> None:
    people: list[str] = []
    names = rng.sample(FIRST, 4)
    for i, (relation, closeness, brings, hard) in enumerate(rng.sample(PRIVATE, 4)):
        people.append(network.add(store, cid, {
            "name": names[i], "relation": relation, "closeness": closeness,
            "brings": brings or None, "hard": hard or None,
            "contact_permission": PERMISSIONS[i % len(PERMISSIONS)],
            "permission_date": start + timedelta(days=7)}, today=today))
    pros: list[str] = []
    for aid in ([rng.choice(authority)] if authority else []) + \
            (rng.sample(others, min(2, len(others))) if others else []):
        pros.append(network.add(store, cid, {"actor_id": aid, "closeness": "middle",
                                             "contact_permission": "allowed"}, today=today))
    if expired_fuldmagt:
        people.append(network.add(store, cid, {
            "name": "Ib Larsen", "person_type": "legal", "legal_role": "fuldmagtshaver",
            "legal_scope": "Boligsager og ydelser", "closeness": "distant",
            "legal_expires": today - timedelta(days=20), "contact_permission": "allowed"},
            today=today))
    counts["network_person"] += len(people) + len(pros)
    invited: list[dict[str, Any]] = [{"person_id": p, "chosen_by_youth": True}
                                     for p in people[:2]]
    invited += [{"person_id": p, "chosen_by_youth": i == 0} for i, p in enumerate(pros)]
    past_day = max(start + timedelta(days=14), today - timedelta(days=rng.randint(35, 80)))
    past = meetings.plan(store, cid, {
        "meeting_date": past_day, "meeting_time": "13.00", "place": "Værestedet, mødelokale 2",
        "purpose": "Overblik over bolig, job og økonomi",
        "agenda": "1. Hvordan går det?\n2. Bolig\n3. Job og uddannelse\n4. Aftaler"},
        invited, today=past_day)
    parts = meetings.participants(store, past)
    meetings.hold(store, past, attendance={p["id"]: rng.choice(
        ("in_person", "in_person", "video", "phone", "cancelled")) for p in parts},
        youth_wishes="Jeg vil gerne have min egen lejlighed og et arbejde.", today=past_day)
    meetings.add_goal_review(store, past, {"goal": "Egen bolig", "review": "Skrevet op to steder"})
    meetings.approve_minutes(store, past, True, today=past_day + timedelta(days=2))
    owners = pros + people[:1]
    made = []
    for k, what in enumerate(rng.sample(AGREEMENTS, 3)):
        made.append(meetings.add_agreement(store, cid, {
            "meeting_id": past, "what": what, "owner_person_id": owners[k % len(owners)],
            "due_date": (past_day + timedelta(days=14)) if k == 1 else
            (today + timedelta(days=rng.randint(10, 45)))}, today=past_day))
    meetings.mark_done(store, made[0], today=past_day + timedelta(days=10))
    counts["network_meeting"] += 1
    counts["meeting_agreement"] += len(made)
    upcoming = today + timedelta(days=rng.randint(7, 40))
    meetings.plan(store, cid, {
        "meeting_date": upcoming, "meeting_time": "10.00",
        "video_link": "https://moede.kommune.example/netvaerk" if rng.random() < 0.3 else None,
        "place": None if rng.random() < 0.3 else "Jobcentret, 2. sal",
        "purpose": "Opfølgning på aftalerne", "agenda": "1. Aftaler fra sidste møde\n2. Bolig"},
        invited, today=today)
    counts["network_meeting"] += 1
    if rng.random() < 0.5:
        meetings.set_meeting_reminder(store, course_id, True)
