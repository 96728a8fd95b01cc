"""Indsatsplan in a real encrypted store: goals, actions, frozen versions, reviews that do not
reopen a version, the authority marking, links, released items only, bad input, reminders."""

from __future__ import annotations

import json
from datetime import date

import pytest

from hfdesk import reminders
from hfdesk.domain import plans as domain
from hfdesk.errors import ValidationError
from hfdesk.store import citizens, database, plans, screening
from hfdesk.store.database import Store

TODAY = date(2026, 3, 12)


def make_plan(store: Store, citizen_id: str) -> tuple[str, str]:
    pid = plans.ensure(store, citizen_id)
    plans.update_plan(store, pid, {"wish": "Et sted at bo og en uddannelse"})
    gid = plans.add_goal(store, pid, {"text": "Jeg vil have min egen bolig",
                                      "life_area": "housing", "priority": 1}, today=TODAY)
    plans.add_action(store, gid, {"what": "Skrive mig op", "who_kind": "youth",
                                  "due_date": "2026-04-01"}, today=TODAY)
    return pid, gid


def finish(store: Store, pid: str) -> int:
    return plans.finish_version(store, pid, {"participants": "Mia, Anne",
                                             "youth_agreement": "agree",
                                             "youth_view": "Det er min plan"}, today=TODAY)


def test_one_plan_per_course_and_default_follow_up(store: Store, citizen_id: str) -> None:
    pid, gid = make_plan(store, citizen_id)
    assert plans.ensure(store, citizen_id) == pid
    goal = plans.goals(store, pid)[0]
    assert goal["follow_up"] == "2026-06-12"  # three months ahead
    assert goal["status"] == "active"


def test_finished_version_is_frozen_and_changes_start_a_draft(store: Store,
                                                              citizen_id: str) -> None:
    pid, gid = make_plan(store, citizen_id)
    assert plans.state(store, pid).label() == "Kladde"
    assert finish(store, pid) == 1
    assert plans.state(store, pid).label() == "Version 1 færdiggjort 12.03.2026"
    with pytest.raises(ValidationError, match="uændret"):
        finish(store, pid)
    with pytest.raises(ValidationError, match="kan ikke ændres"):
        plans.update_version(store, pid, 1, {"participants": "x"})
    with pytest.raises(Exception, match="finished"):  # the schema's trigger
        store.db.execute("UPDATE plan_versions SET participants = 'x'")
    plans.update_goal(store, gid, {"text": "Jeg vil bo tæt på min søster"}, today=TODAY)
    assert plans.state(store, pid).draft
    v1 = plans.version(store, pid, 1)
    assert v1["content"][0]["text"] == "Jeg vil have min egen bolig"
    assert finish(store, pid) == 2
    assert any("søster" in line for line in plans.compare(store, pid, 1, 2))
    assert plans.version(store, pid, 1)["content"][0]["text"] == "Jeg vil have min egen bolig"


def test_reviews_do_not_reopen_a_version(store: Store, citizen_id: str) -> None:
    pid, gid = make_plan(store, citizen_id)
    finish(store, pid)
    plans.add_review(store, pid, "2026-03-12", {gid: {"outcome": "Skrevet op to steder",
                                                       "status": "active",
                                                       "next_date": "2026-05-01"}}, today=TODAY)
    plans.add_review(store, pid, "2026-03-12", {gid: {"outcome": "Fik en bolig",
                                                       "status": "achieved"}}, today=TODAY)
    full = plans.full(store, pid)
    assert not full["state"].draft and full["state"].number == 1
    assert full["goals"][0]["current_status"] == "achieved"
    assert len(full["reviews"]) == 2


def test_bad_input_is_refused_in_danish_and_nothing_written(store: Store,
                                                            citizen_id: str) -> None:
    pid, gid = make_plan(store, citizen_id)
    before = len(plans.goals(store, pid))
    with pytest.raises(ValidationError, match="livsområde") as e:
        plans.add_goal(store, pid, {"text": "Et mål uden område"}, today=TODAY)
    assert e.value.field == "life_area" and "bevaret" in str(e.value)
    with pytest.raises(ValidationError, match="hvem"):
        plans.add_action(store, gid, {"what": "Ringe til jobcentret"}, today=TODAY)
    with pytest.raises(ValidationError, match="overstået"):
        plans.add_goal(store, pid, {"text": "Job", "life_area": "labour_market",
                                    "follow_up": "01.01.2026"}, today=TODAY)
    with pytest.raises(ValidationError, match="aktøren"):
        plans.add_action(store, gid, {"what": "Møde", "who_kind": "actor"}, today=TODAY)
    assert len(plans.goals(store, pid)) == before
    assert len(plans.actions(store, gid)) == 1
    with pytest.raises(ValidationError, match="ingen mål"):
        plans.finish_version(store, plans.ensure(store, _other(store)), {"participants": "x", "youth_agreement": "agree"}, today=TODAY)


def _other(store: Store) -> str:
    cid, _ = citizens.create(store, {"legal_name": "Ali Hansen"})
    return cid


def test_under_18_needs_custody_answers(store: Store) -> None:
    cid, _ = citizens.create(store, {"legal_name": "Noah Berg", "birth_date": "2009-05-01"})
    pid = plans.ensure(store, cid)
    plans.add_goal(store, pid, {"text": "Gå i skole", "life_area": "education"}, today=TODAY)
    with pytest.raises(ValidationError, match="under 18"):
        plans.finish_version(store, pid, {"participants": "Noah", "youth_agreement": "partly"},
                             today=TODAY)
    assert plans.finish_version(store, pid, {"participants": "Noah, mor",
                                             "youth_agreement": "partly",
                                             "custody_took_part": True,
                                             "custody_agreed": False}, today=TODAY) == 1
    assert plans.version(store, pid, 1)["custody_agreed"] is False


def test_only_a_myndighedsraadgiver_marks_an_authority_plan(store: Store, citizen_id: str,
                                                            tmp_path) -> None:
    pid, _gid = make_plan(store, citizen_id)
    with pytest.raises(ValidationError, match="myndighedsrådgiver"):
        plans.mark_authority(store, pid, "sel_141")
    assert domain.title("sel_141", "bostoettemedarbejder") == "Indsatsplan"
    s2 = database.create_store(tmp_path / "m.db", "korrekt hest batteri", worker_name="Lis",
                               role="myndighedsraadgiver")
    try:
        cid, _ = citizens.create(s2, {"legal_name": "Mia"})
        p2 = plans.ensure(s2, cid)
        plans.mark_authority(s2, p2, "sel_141")
        assert plans.get(s2, p2)["authority_type"] == "sel_141"
        assert "Handleplan" in domain.title("sel_141", s2.role)
    finally:
        s2.close()


def test_links_and_only_released_items_link_to_goals(store: Store, citizen_id: str) -> None:
    pid, gid = make_plan(store, citizen_id)
    plans.add_link(store, pid, {"plan_type": "sel_141", "department": "Ungeenheden",
                                "system": "DUBU", "reference": "H-123",
                                "last_seen": "2026-02-01"}, today=TODAY)
    assert plans.links(store, pid)[0]["reference"] == "H-123"
    aid = screening.create(store, citizen_id, {"assessed_on": "2026-02-01",
                                               "worker_name": "Anne"})
    act = screening.add_action(store, aid, {"what": "Skrive op til ungdomsbolig"})
    with pytest.raises(ValidationError, match="frigivet"):
        plans.update_goal(store, gid, {"linked_items": [{"kind": "action", "id": act}]})
    screening.release(store, "screening_action", act)
    plans.update_goal(store, gid, {"linked_items": [{"kind": "action", "id": act}]})
    goal = plans.goals(store, pid)[0]
    assert plans.linked_texts(store, goal) == ["Skrive op til ungdomsbolig"]
    screening.make_internal(store, "screening_action", act)
    assert plans.linked_texts(store, plans.goals(store, pid)[0]) == []


def test_reviews_come_due_as_reminders(store: Store, citizen_id: str) -> None:
    pid, gid = make_plan(store, citizen_id)
    due = [i for i in reminders.due(store, date(2026, 6, 5)) if i["kind"] == "plan_review"]
    assert due and due[0]["date"] == "2026-06-12" and due[0]["severity"] == "soon"
    assert not [i for i in reminders.due(store, date(2026, 4, 1)) if i["kind"] == "plan_review"]


def test_moving_goals_and_audit_rows(store: Store, citizen_id: str) -> None:
    pid, g1 = make_plan(store, citizen_id)
    g2 = plans.add_goal(store, pid, {"text": "Job", "life_area": "labour_market"}, today=TODAY)
    plans.move_goal(store, g2, -1)
    assert [g["id"] for g in plans.goals(store, pid)] == [g2, g1]
    kinds = {r[0] for r in store.db.execute("SELECT record_kind FROM audit").fetchall()}
    assert {"plan", "plan_goal", "plan_action"} <= kinds
    text = json.dumps([list(r) for r in store.db.execute("SELECT * FROM audit").fetchall()])
    assert "egen bolig" not in text  # field names only, never content


def test_demo_caseload_has_plans_in_several_states(tmp_path) -> None:
    from hfdesk import demo

    s = database.create_store(tmp_path / "d.db", "korrekt hest batteri", worker_name="Anne",
                              demo=True)
    try:
        counts = demo.generate(s, "worker", seed=2026, today=TODAY)
        assert counts["plan"] >= 5 and counts["plan_review"] >= 2
        labels = {plans.state(s, p["id"]).label().split(" ")[0]
                  for p in s.query("SELECT id FROM plans")}
        assert {"Kladde", "Version"} <= labels
        numbers = {v["number"] for v in s.query("SELECT number FROM plan_versions")}
        assert numbers == {1, 2}
    finally:
        s.close()


def test_status_note_comes_due_three_months_after_the_last(store, citizen_id) -> None:
    from datetime import date as _date

    from hfdesk.store import audit, plans

    plan_id = plans.ensure(store, citizen_id)
    created = plans.get(store, plan_id)["created_at"][:10]
    start = _date.fromisoformat(created)
    due = plans.status_note_due(store, citizen_id, created)
    assert (due.year * 12 + due.month) - (start.year * 12 + start.month) == 3
    items = [i for i in plans.reminders(store, due) if i["kind"] == "status_note"]
    assert items and items[0]["label"] == "Statusnotat til myndighed"
    # Printing one moves the next due date three months on from today.
    audit.log_now(store, "print", record_kind="status_note", citizen_id=citizen_id)
    assert plans.status_note_due(store, citizen_id, created) >= due
