"""Netværksmøder: planning, bad input, holding, minutes approval, agreements and reminders."""

from __future__ import annotations

from datetime import date

import pytest

from hfdesk import reminders
from hfdesk.errors import ValidationError
from hfdesk.store import actors, courses, meetings, network


@pytest.fixture
def course_id(store, citizen_id) -> str:
    return courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-05"})


@pytest.fixture
def people(store, citizen_id) -> dict[str, str]:
    aid = actors.create(store, {"actor_type": "authority_caseworker", "name": "Karen Møller"})
    return {
        "mother": network.add(store, citizen_id, {"name": "Lone", "relation": "mother",
                                                  "closeness": "close"}),
        "friend": network.add(store, citizen_id, {"name": "Jonas", "relation": "friend",
                                                  "contact_permission": "allowed"}),
        "karen": network.add(store, citizen_id, {"actor_id": aid}),
        "actor": aid,
    }


def _plan(store, citizen_id, people, **extra):
    data = {"meeting_date": "10.02.2026", "meeting_time": "13.00", "place": "Værestedet",
            "purpose": "Bolig og job", **extra}
    return meetings.plan(store, citizen_id, data,
                         [{"person_id": people["mother"], "chosen_by_youth": True},
                          {"person_id": people["friend"], "chosen_by_youth": True},
                          {"person_id": people["karen"]}], today=date(2026, 2, 1))


def test_plan_meeting_with_participants_and_default_next(store, citizen_id, course_id,
                                                         people) -> None:
    mid = _plan(store, citizen_id, people)
    m = meetings.get(store, mid)
    assert m["meeting_at"] == "2026-02-10T13:00"
    assert m["next_meeting_date"] == "2026-05-10"
    assert m["course_id"] == course_id
    ps = meetings.participants(store, mid)
    assert [p["name"] for p in ps][:2] == ["Lone", "Jonas"]
    assert ps[0]["role"] == "Mor" and ps[0]["chosen_by_youth"]


def test_meeting_without_participants_is_refused(store, citizen_id, course_id) -> None:
    with pytest.raises(ValidationError) as e:
        meetings.plan(store, citizen_id, {"meeting_date": "10.02.2026"}, [])
    assert "mindst én deltager" in str(e.value)
    assert meetings.for_citizen(store, citizen_id) == []


def test_meeting_before_course_start_is_refused(store, citizen_id, course_id, people) -> None:
    with pytest.raises(ValidationError) as e:
        _plan(store, citizen_id, people, meeting_date="01.12.2025")
    assert "før forløbets start" in str(e.value) and "05.01.2026" in str(e.value)
    assert meetings.for_citizen(store, citizen_id) == []


@pytest.mark.parametrize("link", ["meet dot dk", "www.meet.dk/x", "ftp://x.dk", "https://"])
def test_bad_video_link_is_refused(store, citizen_id, course_id, people, link) -> None:
    with pytest.raises(ValidationError) as e:
        _plan(store, citizen_id, people, video_link=link)
    assert "ikke et link" in str(e.value) and e.value.field == "video_link"


def test_interpreter_is_never_family(store, citizen_id, course_id, people) -> None:
    with pytest.raises(ValidationError) as e:
        _plan(store, citizen_id, people, interpreter_language="Arabisk",
              interpreter_name="Lone")
    assert "aldrig være familie" in str(e.value)
    mid = _plan(store, citizen_id, people, interpreter_language="Kalaallisut",
                interpreter_name="Tolkebureau Nord", interpreter_booked=True,
                interpreter_mode="video")
    assert meetings.get(store, mid)["interpreter_booked"] is True


def test_participant_removed_after_invitation(store, citizen_id, course_id, people) -> None:
    mid = _plan(store, citizen_id, people)
    network.remove(store, people["friend"], date(2026, 2, 5))
    assert any("fjernet fra netværket" in p for p in meetings.problems(store, mid))
    dist = dict((p["name"], d) for p, d in meetings.distribution(store, mid, "invite",
                                                                 date(2026, 2, 6)))
    assert not dist["Jonas"].allowed
    # Kept on the meeting, not deleted.
    assert "Jonas" in [p["name"] for p in meetings.participants(store, mid)]
    with pytest.raises(ValidationError) as e:
        meetings.add_participant(store, mid, {"person_id": people["friend"]})
    assert "fjernet fra netværket" in str(e.value)


def test_distribution_follows_permissions_and_approval(store, citizen_id, course_id,
                                                       people) -> None:
    mid = _plan(store, citizen_id, people)
    invite = {p["name"]: d for p, d in meetings.distribution(store, mid, "invite")}
    assert not invite["Lone"].allowed          # ask first, no yes yet
    assert invite["Jonas"].allowed              # må kontaktes
    assert invite["Karen Møller"].allowed       # the authority
    lone = next(p for p in meetings.participants(store, mid) if p["name"] == "Lone")
    meetings.update_participant(store, lone["id"], {"consent_given": True})
    invite = {p["name"]: d for p, d in meetings.distribution(store, mid, "invite")}
    assert invite["Lone"].allowed
    minutes = meetings.distribution(store, mid, "minutes")
    assert not any(d.allowed for _p, d in minutes)  # not approved: stays in the case
    meetings.approve_minutes(store, mid, True, "Godt møde", today=date(2026, 2, 11))
    minutes = {p["name"]: d for p, d in meetings.distribution(store, mid, "minutes")}
    assert minutes["Jonas"].allowed and minutes["Karen Møller"].allowed


def test_agreement_needs_an_owner(store, citizen_id, course_id, people) -> None:
    mid = _plan(store, citizen_id, people)
    with pytest.raises(ValidationError) as e:
        meetings.add_agreement(store, citizen_id, {"meeting_id": mid, "what": "Søge bolig"})
    assert "hvem der har ansvaret" in str(e.value)
    assert meetings.agreements(store, citizen_id) == []


def test_agreement_followed_to_done_at_next_meeting(store, citizen_id, course_id,
                                                    people) -> None:
    mid = _plan(store, citizen_id, people)
    ps = meetings.participants(store, mid)
    meetings.hold(store, mid, attendance={ps[0]["id"]: "in_person", ps[1]["id"]: "cancelled"},
                  youth_wishes="Jeg vil have min egen bolig", today=date(2026, 2, 10))
    aid = meetings.add_agreement(store, citizen_id, {"meeting_id": mid, "what": "Søg bolig",
                                                     "owner_person_id": people["karen"],
                                                     "due_date": "01.03.2026"})
    assert meetings.get_agreement_owner(store, aid) == "Karen Møller"
    nxt = _plan(store, citizen_id, people, meeting_date="10.05.2026")
    assert [a["id"] for a in meetings.agenda_agreements(store, nxt)] == [aid]
    items = reminders.due(store, date(2026, 3, 5))
    assert any(i["kind"] == "meeting_agreement" and i["severity"] == "overdue" for i in items)
    meetings.mark_done(store, aid, meeting_id=nxt, today=date(2026, 5, 10))
    assert meetings.open_agreements(store, citizen_id) == []
    assert meetings.agreements(store, citizen_id)[0]["done_meeting_id"] == nxt


def test_upcoming_meetings_first(store, citizen_id, course_id, people) -> None:
    past = _plan(store, citizen_id, people, meeting_date="10.02.2026")
    meetings.hold(store, past, today=date(2026, 2, 10))
    future = _plan(store, citizen_id, people, meeting_date="10.05.2026")
    order = [m["id"] for m in meetings.for_citizen(store, citizen_id, date(2026, 3, 1))]
    assert order == [future, past]


def test_no_meeting_reminder_is_opt_in(store, citizen_id, course_id) -> None:
    def kinds(day: date) -> list[str]:
        return [i["kind"] for i in reminders.due(store, day)]
    assert "network_meeting" not in kinds(date(2026, 6, 1))
    meetings.set_meeting_reminder(store, course_id, True)
    assert "network_meeting" in kinds(date(2026, 6, 1))


def test_goal_review_has_a_plan_goal_slot(store, citizen_id, course_id, people) -> None:
    mid = _plan(store, citizen_id, people)
    meetings.add_goal_review(store, mid, {"goal": "Egen bolig", "review": "På vej",
                                          "plan_goal_id": None})
    assert meetings.goal_reviews(store, mid)[0]["plan_goal_id"] is None


def test_goal_reviewed_at_a_meeting_is_the_plans_review(store, citizen_id, course_id,
                                                        people) -> None:
    from hfdesk.store import citizens, plans

    plan_id = plans.ensure(store, citizen_id, course_id)
    goal_id = plans.add_goal(store, plan_id, {"text": "Egen bolig", "life_area": "housing"},
                             today=date(2026, 1, 5))
    mid = _plan(store, citizen_id, people)  # held 10.02.2026, before today
    meetings.add_goal_review(store, mid, {"goal": "Egen bolig", "review": "Fik tilbud",
                                          "plan_goal_id": goal_id, "status": "achieved"})
    reviews = plans.reviews(store, plan_id)
    assert len(reviews) == 1 and reviews[0]["review_date"] == "2026-02-10"
    assert reviews[0]["goals"][0]["goal_id"] == goal_id
    assert reviews[0]["goals"][0]["status"] == "achieved"
    # Another citizen's goal is refused and nothing is written, the meeting's row included.
    other, _ = citizens.create(store, {"legal_name": "Ole Andersen"})
    other_goal = plans.add_goal(store, plans.ensure(store, other),
                                {"text": "Job", "life_area": "housing"}, today=date(2026, 1, 5))
    with pytest.raises(ValidationError):
        meetings.add_goal_review(store, mid, {"goal": "Job", "plan_goal_id": other_goal})
    assert len(meetings.goal_reviews(store, mid)) == 1
    assert len(plans.reviews(store, plan_id)) == 1
