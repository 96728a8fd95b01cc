"""What is due, derived from the data every time (never stored twice).

Each area adds its own reminders here. Items are plain dicts so the CLI can print them as JSON:
{kind, citizen_id, course_id, date, severity ("overdue" | "soon" | "ok"), label (Danish)}, and
optionally "open" (the citizen tab where the work is done, see ui/citizen_page.py TAB_NAMES).
The caseload-wide part below uses a few set-based queries, never several per citizen: it runs
over 2,000 citizens at start (tests/test_reminders_caseload.py keeps the old walk as reference).
A deceased citizen gets no reminder addressed to them, only "close the course".
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hfdesk.domain import courses as course_domain
from hfdesk.domain.dates import to_date
from hfdesk.store import citizens, courses, journal, settings
from hfdesk.store.database import Store

SOON = timedelta(days=14)
SEVERITY_ORDER = {"overdue": 0, "soon": 1, "ok": 2}


def _severity(when: date, today: date) -> str:
    if when < today:
        return "overdue"
    return "soon" if when - today <= SOON else "ok"


def due(store: Store, today: date | None = None) -> list[dict[str, Any]]:
    today = today or date.today()
    thresholds = settings.get(store, "contact_thresholds") or {}
    items: list[dict[str, Any]] = []
    # The whole caseload in four set-based queries (not several per citizen): this runs at
    # start and on every change, over 2,000 citizens.
    current = courses.current_all(store)
    events = courses.events_of_open(store)
    segments = courses.segments_of_open(store)
    last_contacts = journal.last_contacts(store)
    for c in citizens.list_brief(store):
        cid = c["id"]
        course = current.get(cid)
        if course is None or course.get("end_decision_date"):
            continue
        evs = events.get(course["id"], [])
        if any(e["kind"] == "death" for e in evs):
            items.append({"kind": "course_close_deceased", "citizen_id": cid,
                          "course_id": course["id"], "date": today.isoformat(),
                          "severity": "soon",
                          "label": "Forløbet skal afsluttes (dødsfald)"})
            continue
        st = course_domain.state(course, evs, today)
        if st.status == "active":
            limit = course_domain.contact_threshold(course, st, thresholds)
            paused = course_domain.paused_periods(evs, today)
            last = last_contacts.get(cid)
            since = course_domain.days_since(last, paused, today)
            start = to_date(course.get("start_date")) or to_date(course.get("transition_date"))
            if since is None and start:
                since = course_domain.days_since(start, paused, today)
            if since is not None and since >= limit:
                items.append({"kind": "contact", "citizen_id": cid, "course_id": course["id"],
                              "date": today.isoformat(), "severity": "overdue",
                              "label": f"Ingen kontakt i {since} dage (grænse {limit})"})
        for seg in segments.get(course["id"], []):
            review = to_date(seg.get("next_review"))
            if review and review - today <= SOON:
                items.append({"kind": "decision_review", "citizen_id": cid,
                              "course_id": course["id"], "date": review.isoformat(),
                              "severity": _severity(review, today),
                              "label": "Afgørelsen skal revurderes"})
    day = today.isoformat()
    deceased = {i["citizen_id"] for i in items if i["kind"] == "course_close_deceased"}
    for appt in journal.planned_on(store, today):
        if appt["occurred_at"][:10] != day or appt["citizen_id"] in deceased:
            continue
        items.append({"kind": "appointment", "citizen_id": appt["citizen_id"],
                      "course_id": appt.get("course_id"), "date": appt["occurred_at"],
                      "severity": "ok", "label": f"Aftale kl. {appt['occurred_at'][11:16]}"})
    from hfdesk.store import housing_search

    items.extend(housing_search.reminders(store, today, skip=frozenset(deceased)))
    from hfdesk.store import referrals

    items.extend(referrals.reminders(store, today))
    from hfdesk.store import meetings

    items.extend(meetings.reminders(store, today, skip=frozenset(deceased)))
    from hfdesk.store import plans

    items.extend(plans.reminders(store, today, skip=frozenset(deceased)))
    from hfdesk.store import journalisation

    items.extend(journalisation.reminders(store, today, skip=frozenset(deceased)))
    from hfdesk.store import consents

    items.extend(consents.reminders(store, today, skip=frozenset(deceased)))
    from hfdesk.store import measurements

    items.extend(measurements.reminders(store, today, skip=frozenset(deceased)))
    items.sort(key=lambda i: (SEVERITY_ORDER[i["severity"]], i["date"]))
    return items
