"""Samtykker on a real encrypted store: validation, state (expired, withdrawn, a custody holder's
lapsing at 18), the informed date, and the area's reminders."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import reminders
from hfdesk.domain import consents as domain
from hfdesk.errors import ValidationError
from hfdesk.store import actors, citizens, consents, courses, handovers
from hfdesk.store.database import Store

TODAY = date(2026, 6, 15)


def _consent(**over: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"kind": "videregivelse", "form": "written",
                            "given_date": TODAY - timedelta(days=10),
                            "recipients": [{"name": "Ungeboliger Nord"}],
                            "scope": ["course", "housing"]}
    data.update(over)
    return data


def test_recorded_consent_is_active_with_default_expiry(store: Store, citizen_id: str) -> None:
    rid = consents.record(store, citizen_id, _consent(), today=TODAY)
    c = consents.get(store, rid)
    assert c["expires"] == date(2027, 6, 5).isoformat()  # 12 months after it was given
    assert c["recipients"] == [{"name": "Ungeboliger Nord"}]
    [row] = consents.with_state(store, citizen_id, TODAY)
    assert row["state"] == "active"
    log = store.query("SELECT * FROM audit WHERE record_id = ?", [rid])
    assert log[0]["action"] == "create" and "Ungeboliger" not in str(log)


def test_consent_dated_in_the_future_is_refused(store: Store, citizen_id: str) -> None:
    with pytest.raises(ValidationError) as exc:
        consents.record(store, citizen_id, _consent(given_date=TODAY + timedelta(days=1)),
                        today=TODAY)
    assert "fremtiden" in exc.value.message and exc.value.field == "given_date"
    assert consents.for_citizen(store, citizen_id) == []


def test_default_expiry_is_the_course_end_when_earlier() -> None:
    assert domain.default_expiry(TODAY, TODAY + timedelta(days=40)) == TODAY + timedelta(days=40)
    assert domain.default_expiry(TODAY, None) == date(2027, 6, 15)
    assert domain.default_expiry(TODAY, TODAY - timedelta(days=1)) == date(2027, 6, 15)


def test_expired_and_withdrawn_states(store: Store, citizen_id: str) -> None:
    old = consents.record(store, citizen_id, _consent(
        given_date=TODAY - timedelta(days=400), expires=TODAY - timedelta(days=35)), today=TODAY)
    wid = consents.record(store, citizen_id, _consent(), today=TODAY)
    consents.withdraw(store, wid, when=TODAY, today=TODAY)
    states = {c["id"]: c["state"] for c in consents.with_state(store, citizen_id, TODAY)}
    assert states == {old: "expired", wid: "withdrawn"}
    with pytest.raises(ValidationError, match="allerede trukket tilbage"):
        consents.withdraw(store, wid, today=TODAY)
    other = consents.record(store, citizen_id, _consent(), today=TODAY)
    with pytest.raises(ValidationError, match="fremtiden"):
        consents.withdraw(store, other, when=TODAY + timedelta(days=2), today=TODAY)
    with pytest.raises(ValidationError, match="før det blev givet"):
        consents.withdraw(store, other, when=TODAY - timedelta(days=30), today=TODAY)


def test_custody_holder_consent_lapses_at_18(store: Store) -> None:
    cid, _ = citizens.create(store, {"legal_name": "Sofie Ung", "birth_date": "2008-07-01"})
    rid = consents.record(store, cid, _consent(given_by="custody_holder",
                                               custody_holder_name="Lone Ung"), today=TODAY)
    assert consents.with_state(store, cid, TODAY)[0]["state"] == "active"
    later = date(2026, 7, 2)
    assert consents.with_state(store, cid, later)[0]["state"] == "lapsed_18"
    assert domain.effective_end(consents.get(store, rid), date(2008, 7, 1)) == date(2026, 7, 1)
    with pytest.raises(ValidationError, match="navnet"):
        consents.record(store, cid, _consent(given_by="custody_holder"), today=TODAY)


def test_custody_holder_cannot_consent_for_an_adult(store: Store, citizen_id: str) -> None:
    # citizen_id was born 1994
    with pytest.raises(ValidationError, match="fyldt 18") as exc:
        consents.record(store, citizen_id, _consent(given_by="custody_holder",
                                                    custody_holder_name="Lone"), today=TODAY)
    assert exc.value.field == "given_by"


@pytest.mark.parametrize(("over", "field"), [
    ({"kind": "alt"}, "kind"), ({"form": None}, "form"), ({"given_date": ""}, "given_date"),
    ({"given_date": "31.02.2026"}, "given_date"), ({"recipients": []}, "recipients"),
    ({"scope": []}, "scope"), ({"scope": ["hemmeligt"]}, "scope"),
    ({"form": "oral"}, "noted_by"), ({"form": "oral", "noted_by": "Anne"}, "told"),
    ({"expires": "01.01.2020"}, "expires"), ({"expires": "01.01.2035"}, "expires"),
    ({"given_by": "mormor"}, "given_by"), ({"recipients": [{"name": "x" * 5000}]}, "recipients"),
    ({"recipients": [{"name": f"M{i}"} for i in range(30)]}, "recipients"),
])
def test_bad_consents_are_refused_with_the_field(over: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        domain.validate(_consent(**over), today=TODAY, birth_date=date(2000, 1, 1))
    assert exc.value.field == field and exc.value.message


def test_oral_consent_keeps_who_noted_it_and_what_was_said() -> None:
    v = domain.validate(_consent(form="oral", noted_by="Anne Holm",
                                 told="Vi sender din plan til bostøtten.\x00"), today=TODAY)
    assert v["noted_by"] == "Anne Holm" and v["told"] == "Vi sender din plan til bostøtten."


@given(st.dictionaries(st.sampled_from(["kind", "form", "given_date", "recipients", "scope",
                                        "given_by", "expires", "noted_by", "told",
                                        "custody_holder_name"]),
                       st.one_of(st.none(), st.text(max_size=40), st.integers(),
                                 st.lists(st.text(max_size=10), max_size=3))))
def test_validator_only_ever_raises_validation_error(data: dict[str, Any]) -> None:
    try:
        v = domain.validate(data, today=TODAY, birth_date=date(2000, 1, 1))
    except ValidationError as exc:
        assert exc.message
    else:
        assert v["kind"] in domain.KINDS and v["given_date"] <= TODAY.isoformat()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)))
def test_a_consent_is_never_dated_after_today(given_on: date) -> None:
    try:
        v = domain.validate(_consent(given_date=given_on), today=TODAY)
    except ValidationError as exc:
        assert given_on > TODAY and "fremtiden" in exc.message
    else:
        assert given_on <= TODAY and v["expires"] > v["given_date"]


def test_informed_date(store: Store, citizen_id: str) -> None:
    consents.set_informed(store, citizen_id, "3.6.2026", today=TODAY)
    assert consents.informed_date(store, citizen_id) == "2026-06-03"
    with pytest.raises(ValidationError, match="fremtiden"):
        consents.set_informed(store, citizen_id, TODAY + timedelta(days=3), today=TODAY)
    consents.set_informed(store, citizen_id, "", today=TODAY)
    assert consents.informed_date(store, citizen_id) is None


def _kinds(store: Store, today: date) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for i in reminders.due(store, today):
        out.setdefault(i["kind"], []).append(i)
    return out


def test_consent_expiring_comes_due_30_days_before(store: Store, citizen_id: str) -> None:
    courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-01"})
    consents.record(store, citizen_id, _consent(expires=TODAY + timedelta(days=20)), today=TODAY)
    due = _kinds(store, TODAY)["consent_expiring"]
    assert due[0]["open"] == "sharing" and due[0]["severity"] == "soon"
    assert "forny" in due[0]["label"]
    assert "consent_expiring" not in _kinds(store, TODAY - timedelta(days=20))
    # Renewed: a newer consent of the same kind takes the reminder away.
    consents.record(store, citizen_id, _consent(), today=TODAY)
    assert "consent_expiring" not in _kinds(store, TODAY)


def test_followon_support_reminders_in_cti_phases_2_and_3(store: Store, citizen_id: str) -> None:
    co = courses.create(store, citizen_id, {"method": "cti", "start_date": "2026-01-10",
                                            "transition_date": "2026-01-10"})
    phase2 = date(2026, 4, 12)
    due = _kinds(store, phase2)["followon_support"]
    assert "søg opfølgende støtte nu" in due[0]["label"] and due[0]["course_id"] == co
    consents.record_followon(store, citizen_id, {"what": "SEL § 85", "status": "applied"},
                             course_id=co, today=phase2)
    assert "followon_support" not in _kinds(store, phase2)
    phase3 = date(2026, 7, 12)
    assert "fase 3" in _kinds(store, phase3)["followon_support"][0]["label"]
    consents.record_followon(store, citizen_id, {"what": "SEL § 85", "status": "granted"},
                             course_id=co, today=phase3)
    assert "followon_support" not in _kinds(store, phase3)


def test_birthday_checklist_at_16_17_and_17_and_a_half(store: Store) -> None:
    cid, _ = citizens.create(store, {"legal_name": "Emil Ung", "birth_date": "2010-03-01"})
    courses.create(store, cid, {"method": "icm", "start_date": "2025-06-01"})
    at16 = _kinds(store, date(2026, 2, 20))["birthday_checklist"]
    assert "ungeplan" in at16[0]["label"] and at16[0]["open"] == "sharing"
    assert "ungestøtte" in _kinds(store, date(2027, 3, 1))["birthday_checklist"][0]["label"]
    half = _kinds(store, date(2027, 9, 1))["birthday_checklist"][0]["label"]
    assert "samtykker" in half and "voksenpsykiatri" in half
    assert "birthday_checklist" not in _kinds(store, date(2026, 9, 1))


def test_course_ended_without_handover(store: Store, citizen_id: str) -> None:
    co = courses.create(store, citizen_id, {"method": "icm", "start_date": "2025-06-01"})
    courses.update(store, co, {"end_decision_date": "2026-06-01", "end_type": "planned",
                               "status": "ended"})
    due = _kinds(store, TODAY)["handover_missing"]
    assert due[0]["course_id"] == co
    handovers.hand_over(store, co, {"reason": "course_end"}, today=TODAY)
    assert "handover_missing" not in _kinds(store, TODAY)


def test_reminders_use_few_queries_for_many_citizens(store: Store) -> None:
    aid = actors.create(store, {"actor_type": "landlord", "name": "Udlejer"})
    for n in range(30):
        cid, _ = citizens.create(store, {"legal_name": f"Borger {n}", "birth_date": "2009-06-01"})
        courses.create(store, cid, {"method": "cti", "start_date": "2026-01-10",
                                    "transition_date": "2026-01-10"})
        consents.record(store, cid, _consent(recipients=[{"actor_id": aid, "name": "U"}],
                                             expires=TODAY + timedelta(days=5)), today=TODAY)
    calls: list[str] = []
    real = store.query

    def counting(sql: str, params: Any = ()) -> Any:
        calls.append(sql)
        return real(sql, params)

    store.query = counting  # type: ignore[method-assign]
    try:
        items = consents.reminders(store, TODAY)
    finally:
        store.query = real  # type: ignore[method-assign]
    assert len([i for i in items if i["kind"] == "consent_expiring"]) == 30
    assert len(calls) <= 10


def test_core_tuples_match_the_sharing_vocabularies() -> None:
    from hfdesk import disclosure, vocab

    def codes(name: str) -> set[str]:
        return {c.code for c in vocab.default().codes(name, include_inactive=True)}

    assert set(domain.SCOPES) == codes("consent_scope") == set(disclosure.ALL_AREAS)
    assert set(handovers.REASONS) == codes("handover_reason")
    assert set(handovers.SECTIONS) == codes("handover_section") == set(handovers.SECTION_AREAS)
    assert set(consents.FOLLOWON_STATUSES) == codes("followon_status")
    assert set(disclosure.basis_codes()) == codes("disclosure_basis")
