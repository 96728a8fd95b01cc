"""The caseload-wide reminders are computed with a few set-based queries; their results are the
same as the per-citizen walk they replaced (kept here as the reference)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hfdesk import reminders
from hfdesk.domain import courses as course_domain
from hfdesk.domain.dates import to_date
from hfdesk.store import citizens, courses, journal, settings
from hfdesk.store.database import Store

TODAY = date(2026, 6, 30)
CORE = ("course_close_deceased", "contact", "decision_review", "appointment")


def reference(store: Store, today: date) -> list[dict[str, Any]]:
    """The per-citizen loop of hfdesk.reminders.due before it became set-based."""
    thresholds = settings.get(store, "contact_thresholds") or {}
    items: list[dict[str, Any]] = []
    for c in citizens.list_brief(store):
        cid = c["id"]
        course = courses.current(store, cid)
        if course is None or course.get("end_decision_date"):
            continue
        evs = courses.events(store, course["id"])
        if any(e["kind"] == "death" for e in evs):
            items.append({"kind": "course_close_deceased", "citizen_id": cid,
                          "course_id": course["id"], "date": today.isoformat(),
                          "severity": "soon", "label": "Forløbet skal afsluttes (dødsfald)"})
            continue
        st = course_domain.state(course, evs, today)
        if st.status == "active":
            limit = course_domain.contact_threshold(course, st, thresholds)
            paused = course_domain.paused_periods(evs, today)
            last = journal.last_contact(store, cid)
            since = course_domain.days_since(last, paused, today)
            start = to_date(course.get("start_date")) or to_date(course.get("transition_date"))
            if since is None and start:
                since = course_domain.days_since(start, paused, today)
            if since is not None and since >= limit:
                items.append({"kind": "contact", "citizen_id": cid, "course_id": course["id"],
                              "date": today.isoformat(), "severity": "overdue",
                              "label": f"Ingen kontakt i {since} dage (grænse {limit})"})
        for seg in courses.segments(store, course["id"]):
            review = to_date(seg.get("next_review"))
            if review and review - today <= reminders.SOON:
                items.append({"kind": "decision_review", "citizen_id": cid,
                              "course_id": course["id"], "date": review.isoformat(),
                              "severity": reminders._severity(review, today),
                              "label": "Afgørelsen skal revurderes"})
    day = today.isoformat()
    deceased = {i["citizen_id"] for i in items if i["kind"] == "course_close_deceased"}
    for appt in journal.planned(store, today):
        if appt["occurred_at"][:10] != day or appt["citizen_id"] in deceased:
            continue
        items.append({"kind": "appointment", "citizen_id": appt["citizen_id"],
                      "course_id": appt.get("course_id"), "date": appt["occurred_at"],
                      "severity": "ok", "label": f"Aftale kl. {appt['occurred_at'][11:16]}"})
    items.sort(key=lambda i: (reminders.SEVERITY_ORDER[i["severity"]], i["date"]))
    return items


def caseload(store: Store) -> None:
    def person(name: str) -> str:
        return citizens.create(store, {"legal_name": name})[0]

    a = person("Ada Holm")  # ICM, last contact long ago, a review soon
    k = courses.create(store, a, {"method": "icm", "start_date": "2026-01-05"})
    courses.add_segment(store, k, {"legal_basis": "sel_85", "next_review": "2026-07-05"},
                        ["sel_85"])
    journal.add(store, a, {"occurred_at": "2026-05-01", "entry_type": "home_visit"})
    journal.add(store, a, {"occurred_at": "2026-06-20", "entry_type": "partner_contact"})
    journal.add(store, a, {"occurred_at": "2026-06-25", "entry_type": "home_visit",
                           "status": "no_show", "missed_reason": "ill"})
    b = person("Bo Berg")  # an ended course and a newer open CTI course, in phase 1
    courses.create(store, b, {"method": "icm", "start_date": "2025-01-05",
                              "end_decision_date": "2025-12-01", "end_type": "planned"})
    courses.create(store, b, {"method": "cti", "start_date": "2026-06-01",
                              "transition_date": "2026-06-10"})
    journal.add(store, b, {"occurred_at": "2026-06-15", "entry_type": "phone"})
    c = person("Cai Dahl")  # deceased
    k = courses.create(store, c, {"method": "act", "start_date": "2026-02-01"})
    courses.add_event(store, k, {"kind": "death", "event_date": "2026-06-01"})
    d = person("Dea Ebbe")  # paused for a month, no notes at all
    k = courses.create(store, d, {"method": "ordinary_85", "start_date": "2026-04-01"})
    courses.add_event(store, k, {"kind": "paused", "event_date": "2026-05-01",
                                 "end_date": "2026-06-01"})
    courses.add_segment(store, k, {"legal_basis": "sel_85", "next_review": "2026-05-01"},
                        ["sel_85"])
    courses.add_segment(store, k, {"legal_basis": "sel_85", "period_start": "2026-04-01",
                                   "next_review": "2026-09-01"}, ["sel_85"])
    e = person("Eik Fog")  # phase zero: no start yet
    courses.create(store, e, {"method": "icm", "referral_date": "2026-06-01"})
    f = person("Fie Gram")  # no course, but appointments today and tomorrow
    journal.add(store, f, {"occurred_at": "2026-06-30", "occurred_time": "09:30",
                           "entry_type": "phone", "status": "planned"})
    journal.add(store, f, {"occurred_at": "2026-07-01", "entry_type": "phone",
                           "status": "planned"})
    journal.add(store, c, {"occurred_at": "2026-06-30", "occurred_time": "10:00",
                           "entry_type": "phone", "status": "planned"})
    g = person("Gry Hald")  # only ended courses
    courses.create(store, g, {"method": "icm", "start_date": "2025-01-05",
                              "end_decision_date": "2025-06-01", "end_type": "unplanned"})


def test_set_based_reminders_match_the_per_citizen_walk(store: Store) -> None:
    caseload(store)
    for day in (TODAY, date(2026, 4, 15), date(2026, 12, 24)):
        new = [i for i in reminders.due(store, day) if i["kind"] in CORE]
        assert new == reference(store, day)
    kinds = {i["kind"] for i in reminders.due(store, TODAY)}
    assert set(CORE) <= kinds


def test_last_contacts_equals_last_contact(store: Store) -> None:
    caseload(store)
    every = journal.last_contacts(store)
    for c in citizens.list_brief(store):
        assert every.get(c["id"]) == journal.last_contact(store, c["id"])
    current = courses.current_all(store)
    for c in citizens.list_brief(store):
        assert current.get(c["id"]) == courses.current(store, c["id"])
