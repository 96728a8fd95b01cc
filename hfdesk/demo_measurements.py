"""Demo individdokumentation: opstart and status measurements over part of the demo caseload,
prefilled from the demo records, some confirmed, some corrected, some answered "Ved ikke" or
"Ikke spurgt" — and some missing on purpose, so "Målinger der skal laves" shows on the start
page. Deterministic for one seed and one `today`.

Called once from `hfdesk.demo.generate`, after the citizens, courses, journal, housing and plans
exist. Every write goes through the store's public functions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hfdesk.domain.courses import add_months
from hfdesk.domain.dates import to_date
from hfdesk.errors import ValidationError
from hfdesk.store import citizens, courses, measurements, records
from hfdesk.store.database import Store

KINDS = ("measurement", "measurement_answer")
PROFILE = ("physical_health", "mental_health", "treatment_use", "daily_functioning", "economy",
           "network")
LIMIT = 24


def generate(store: Store, *, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    rng = random.Random(seed * 31 + 11)
    cat = measurements.catalogue(store)
    done = 0
    with store.db.atomic():
        for row in citizens.list_brief(store):
            if done >= LIMIT:
                break
            for course in courses.for_citizen(store, row["id"]):
                start = to_date(course.get("start_date"))
                if start is None or start > today - timedelta(days=10):
                    continue
                _course(store, row["id"], course, start, done % 5, rng, today, cat.status_months)
                done += 1
                break
    return {k: records.count(store, k) for k in KINDS}


def _course(store: Store, cid: str, course: dict, start: date, pattern: int,
            rng: random.Random, today: date, months: int) -> None:
    """pattern 0: on cadence; 1: the status is overdue; 2: no opstart (a reminder shows);
    3: on cadence with corrections; 4: ended, with its afslutning."""
    if pattern == 2:
        return
    ended = to_date(course.get("end_decision_date"))
    last_day = min(today, ended) if ended else today
    on = start + timedelta(days=rng.randint(2, 20))
    if on > last_day:
        return
    kinds = [("opstart", on)]
    while pattern != 1:
        on = add_months(on, months) - timedelta(days=rng.randint(0, 10))
        if on > last_day:
            break
        kinds.append(("status", on))
    if ended and pattern in (0, 4):
        kinds.append(("afslutning", ended))
    for kind, when in kinds:
        try:
            mid = measurements.create(store, cid, kind, when, course_id=course["id"],
                                      today=today)
        except ValidationError:
            return  # a course whose demo dates do not allow it: leave it unmeasured
        _answer(store, mid, kind, pattern, rng, today)


def _answer(store: Store, mid: str, kind: str, pattern: int, rng: random.Random,
            today: date) -> None:
    m = measurements.get(store, mid)
    asked = {i.key: i for i in measurements.items(store, m)}
    for key in PROFILE:
        if key not in asked:
            continue
        roll = rng.random()
        if roll < 0.08:
            value = "unknown"
        elif roll < 0.14:
            value = "not_asked"
        else:
            value = rng.choice(measurements.codes_of(asked[key]))
        measurements.set_answer(store, mid, key, value, today=today)
    if "substance" in asked:
        measurements.set_answer(store, mid, "substance",
                                rng.choice([["none"], ["cannabis"], ["alcohol", "cannabis"],
                                            "unknown"]), today=today)
    # Most prefilled answers are confirmed; pattern 3 corrects the visit length, and a few
    # measurements are left with answers still waiting to be confirmed.
    if pattern == 3 and "visit_length" in m["answers"]:
        measurements.set_answer(store, mid, "visit_length", "m46_60", today=today)
    if rng.random() < 0.75:
        measurements.confirm(store, mid)
