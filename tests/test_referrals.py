"""Henvendelser and underretninger on a real encrypted store: entry, deadlines, forwarding, the
one step into a citizen and a course, deletion, and bad input leaving the database unchanged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from hfdesk import reminders
from hfdesk.domain import referrals as domain
from hfdesk.errors import ValidationError
from hfdesk.store import audit, citizens, courses, records, referrals
from hfdesk.store.database import Store

TODAY = date(2026, 3, 12)  # a Thursday
TABLES = ("referrals", "referral_contacts", "citizens", "courses", "record_versions", "audit",
          "tombstones")


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {t: store.query(f"SELECT * FROM {t} ORDER BY rowid") for t in TABLES}


@pytest.fixture
def unchanged(store: Store) -> Iterator[None]:
    before = snapshot(store)
    yield
    assert snapshot(store) == before


def new(store: Store, **data: Any) -> str:
    base: dict[str, Any] = {"received_date": TODAY, "person_name": "Ali Kaya",
                            "source": "jobcentre", "concern_domains": ["housing"]}
    base.update(data)
    return referrals.create(store, base, today=TODAY)


# --- entry ---------------------------------------------------------------------------------


def test_a_referral_exists_without_a_citizen(store: Store) -> None:
    rid = new(store, person_age=20, person_phone="20 30 40 50",
              concern_domains=["housing", "school_work", "housing"], description="Sover hos\nvenner")
    row = referrals.get(store, rid)
    assert row["citizen_id"] is None and row["course_id"] is None
    assert row["concern_domains"] == ["housing", "school_work"]
    assert row["underretning"] is None
    assert row["from_professional"] is True
    assert [r["id"] for r in referrals.inbox(store)] == [rid]
    log = store.query("SELECT action, record_kind, fields FROM audit WHERE record_id = ?", [rid])
    assert log[0]["action"] == "create" and "Sover" not in str(log)


def test_a_professional_concern_about_someone_under_18_is_an_underretning(store: Store) -> None:
    rid = new(store, person_age=16, source="school_education")
    assert referrals.get(store, rid)["underretning"] == "received"
    # From the CPR number's birth date as well.
    rid2 = new(store, person_cpr="120310-4234", source="youth_guidance")
    row = referrals.get(store, rid2)
    assert row["person_birth_date"] == "2010-03-12" and row["underretning"] == "received"
    # The young person's own henvendelse is not an underretning.
    own = new(store, person_age=16, source="self_referral")
    assert referrals.get(store, own)["underretning"] is None
    # An adult is not either.
    assert referrals.get(store, new(store, person_age=19))["underretning"] is None
    with pytest.raises(ValidationError) as exc:
        referrals.update(store, rid, {"underretning": None}, today=TODAY)
    assert exc.value.field == "underretning" and "Barnets lov" in exc.value.message


def test_the_workers_own_underretning_is_logged_the_same_way(store: Store) -> None:
    rid = new(store, person_age=21, source="other", source_text="Egen bekymring",
              underretning="own_child", description="Den unge venter barn og har ingen bolig.")
    assert referrals.get(store, rid)["underretning"] == "own_child"
    items = [i for i in reminders.due(store, TODAY) if i.get("referral_id") == rid]
    assert any(i["kind"] == "underretning" for i in items)


def test_an_underretning_cannot_be_closed_without_a_forwarding_record(store: Store) -> None:
    rid = new(store, person_age=15)
    with pytest.raises(ValidationError) as exc:
        referrals.update(store, rid, {"outcome": "short_advice_person"}, today=TODAY)
    assert exc.value.field == "outcome" and "videresendelsen" in exc.value.message
    with pytest.raises(ValidationError) as exc:
        referrals.record_forwarding(store, rid, {"forwarded_date": "12.3.26"}, today=TODAY)
    assert exc.value.field == "forwarded_how"
    assert referrals.get(store, rid)["forwarded_date"] is None
    referrals.record_forwarding(store, rid, {"forwarded_date": "12.3.26",
                                             "forwarded_how": "Sikker mail",
                                             "forwarded_receipt": "Kvittering <OK>"},
                                today=TODAY)
    referrals.update(store, rid, {"outcome": "short_advice_person"}, today=TODAY)
    row = referrals.get(store, rid)
    assert row["outcome"] == "short_advice_person" and row["outcome_date"] == "2026-03-12"
    assert not any(i["kind"] == "underretning" for i in reminders.due(store, TODAY))
    assert referrals.inbox(store) == []


def test_forwarding_refuses_wrong_dates(store: Store) -> None:
    rid = new(store, person_age=15)
    for bad, phrase in (("11.3.26", "før"), ("13.3.26", "fremtiden"), ("", "Skriv datoen"),
                        ("31.02.26", "findes ikke")):
        with pytest.raises(ValidationError) as exc:
            referrals.record_forwarding(store, rid, {"forwarded_date": bad,
                                                     "forwarded_how": "mail"}, today=TODAY)
        assert phrase in exc.value.message
    plain = new(store, person_age=30)
    with pytest.raises(ValidationError):
        referrals.record_forwarding(store, plain, {"forwarded_date": "12.3.26",
                                                   "forwarded_how": "mail"}, today=TODAY)


# --- deadlines -----------------------------------------------------------------------------


def test_working_days_skip_the_weekend() -> None:
    assert domain.add_working_days(date(2026, 3, 12), 3) == date(2026, 3, 17)  # Thu → Tue
    assert domain.add_working_days(date(2026, 3, 14), 1) == date(2026, 3, 16)  # Sat → Mon


def test_waiting_without_contact_attempt_or_outcome(store: Store) -> None:
    rid = new(store, person_age=20)
    row = referrals.get(store, rid)
    assert domain.waiting(row, [], date(2026, 3, 17)) is None
    assert "kontaktforsøg" in (domain.waiting(row, [], date(2026, 3, 18)) or "")
    referrals.add_contact(store, rid, {"attempt_date": "13.3.26", "channel": "phone",
                                       "result": "Ingen svar"}, today=date(2026, 3, 18))
    attempts = referrals.contacts(store, rid)
    assert domain.waiting(row, attempts, date(2026, 3, 18)) is None
    assert "udfald" in (domain.waiting(row, attempts, date(2026, 3, 27)) or "")
    kinds = {i["kind"] for i in reminders.due(store, date(2026, 3, 27))}
    assert "referral_waiting" in kinds


def test_person_not_told_gets_a_date_to_inform(store: Store) -> None:
    rid = new(store, person_age=20, person_knows=False)
    row = referrals.get(store, rid)
    assert row["inform_by"] == "2026-04-11"
    due = [i for i in reminders.due(store, date(2026, 4, 12)) if i["kind"] == "referral_inform"]
    assert due and due[0]["severity"] == "overdue"
    referrals.update(store, rid, {"informed_date": "1.4.26"}, today=date(2026, 4, 12))
    assert not [i for i in reminders.due(store, date(2026, 4, 12))
                if i["kind"] == "referral_inform"]


def test_deletion_after_six_months_except_underretninger(store: Store) -> None:
    plain = new(store, person_age=20)
    under = new(store, person_age=16)
    later = date(2026, 9, 13)
    ids = [r["id"] for r in referrals.deletion_candidates(store, later)]
    assert ids == [plain]
    with pytest.raises(ValidationError):
        referrals.delete(store, under)
    referrals.record_forwarding(store, under, {"forwarded_date": TODAY, "forwarded_how": "mail"},
                                today=TODAY)
    assert under not in [r["id"] for r in referrals.deletion_candidates(store, later)]
    referrals.mark_transferred(store, under)
    assert under in [r["id"] for r in referrals.deletion_candidates(store, later)]
    referrals.add_contact(store, plain, {"attempt_date": TODAY, "channel": "sms"}, today=TODAY)
    referrals.delete(store, plain)
    assert records.count(store, "referral") == 1 and records.count(store, "referral_contact") == 0
    assert audit.verify(store).ok


# --- into a citizen and a course -------------------------------------------------------------


def test_referral_becomes_citizen_and_course_in_one_step(store: Store) -> None:
    rid = new(store, person_cpr="120304-1234", person_phone="20304050", person_age=None)
    cid, course_id = referrals.to_citizen_and_course(store, rid, today=TODAY)
    c = citizens.get(store, cid)
    assert c["legal_name"] == "Ali Kaya" and c["cpr"] == "120304-1234"
    assert c["phone"] == "20304050"
    course = courses.get(store, course_id)
    assert course["status"] == "phase_zero" and course["referral_date"] == "2026-03-12"
    assert courses.state(store, course, TODAY).phase_label == "Fase nul · afventer afgørelse"
    row = referrals.get(store, rid)
    assert (row["citizen_id"], row["course_id"], row["outcome"]) == (cid, course_id,
                                                                       "course_started")
    assert referrals.for_citizen(store, cid)[0]["id"] == rid
    with pytest.raises(ValidationError):
        referrals.to_citizen_and_course(store, rid, today=TODAY)


def test_to_citizen_refused_leaves_nothing_behind(store: Store) -> None:
    nameless = new(store, person_name="", person_age=30)
    under = new(store, person_age=16)
    before = snapshot(store)
    with pytest.raises(ValidationError):
        referrals.to_citizen_and_course(store, nameless, today=TODAY)
    with pytest.raises(ValidationError):
        referrals.to_citizen_and_course(store, under, today=TODAY)
    with pytest.raises(ValidationError):
        referrals.to_citizen_and_course(store, new(store, person_age=30), method="nonsense",
                                        today=TODAY)
    assert records.count(store, "citizen") == 0 and records.count(store, "course") == 0
    del before


def test_advice_only_contacts_stay_counted(store: Store) -> None:
    rid = new(store, person_age=22)
    referrals.update(store, rid, {"outcome": "advice_referrer"}, today=TODAY)
    assert referrals.get(store, rid)["outcome"] == "advice_referrer"
    assert records.count(store, "citizen") == 0


def test_deleting_a_citizen_purges_their_referrals_and_versions(store: Store,
                                                                citizen_id: str) -> None:
    rid = referrals.create(store, {"received_date": TODAY, "source": "jobcentre",
                                   "person_name": "Mia", "person_age": 30},
                           citizen_id=citizen_id, today=TODAY)
    referrals.update(store, rid, {"description": "ny tekst"}, today=TODAY)
    referrals.add_contact(store, rid, {"attempt_date": TODAY, "channel": "phone"}, today=TODAY)
    other = new(store, person_age=30)
    citizens.delete(store, citizen_id, reason="test")
    assert [r["id"] for r in referrals.list_all(store)] == [other]
    assert store.query("SELECT count(*) AS n FROM record_versions WHERE record_id = ?",
                       [rid])[0]["n"] == 0
    assert audit.verify(store).ok


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize("data,field,phrase", [
    ({"received_date": ""}, "received_date", "Skriv datoen"),
    ({"received_date": "32.1.26"}, "received_date", "findes ikke"),
    ({"received_date": "1.1.2027"}, "received_date", "fremtiden"),
    ({"source": ""}, "source", "Vælg hvor"),
    ({"source": "<script>"}, "source", "Vælg hvor"),
    ({"source": "other"}, "source_text", "Andet"),
    ({"person_age": "sytten"}, "person_age", "hele år"),
    ({"person_age": 500}, "person_age", "mellem"),
    ({"person_cpr": "12345"}, "person_cpr", ""),
    ({"person_phone": "ring til mor"}, "person_phone", "cifre"),
    ({"person_name": "x" * 5000}, "person_name", "for lang"),
    ({"description": "d" * 100_001}, "description", "for lang"),
    ({"concern_domains": "housing; <b>"}, "concern_domains", "ikke et domæne"),
    ({"concern_domains": ["other"]}, "concern_other", "Andet"),
    ({"concern_domains": 7}, "concern_domains", "liste"),
    ({"outcome": "made_up"}, "outcome", "Vælg et udfald"),
    ({"outcome": "passed_on"}, "outcome_text", "formidlet"),
    ({"underretning": "maybe"}, "underretning", "underretning"),
    ({"person_birth_date": "1.1.2030"}, "person_birth_date", "fremtiden"),
])
def test_bad_referral_refused(store: Store, data: dict[str, Any], field: str, phrase: str,
                              unchanged: None) -> None:
    base: dict[str, Any] = {"received_date": TODAY, "person_name": "Ali", "source": "jobcentre",
                            "person_age": 20}
    base.update(data)
    with pytest.raises(ValidationError) as exc:
        referrals.create(store, base, today=TODAY)
    assert exc.value.field == field
    assert phrase in exc.value.message


def test_hostile_text_is_kept_as_typed_without_controls(store: Store) -> None:
    rid = new(store, person_name="<b>Ali</b>\x00\x1b[31m Kaya\u0085", person_age=20,
              description="linje 1\r\nlinje 2\x07 & <script>")
    row = referrals.get(store, rid)
    assert row["person_name"] == "<b>Ali</b>[31m Kaya"
    assert row["description"] == "linje 1\nlinje 2 & <script>"


@pytest.mark.parametrize("data,field", [
    ({"attempt_date": "", "channel": "phone"}, "attempt_date"),
    ({"attempt_date": "1.3.26", "channel": "phone"}, "attempt_date"),
    ({"attempt_date": "12.3.26", "channel": "pigeon"}, "channel"),
    ({"attempt_date": "12.3.26", "channel": "phone", "result": "r" * 3000}, "result"),
    ({"attempt_date": "12.3.26", "channel": "other", "result": "  "}, "result"),
])
def test_bad_contact_attempt_refused(store: Store, data: dict[str, Any], field: str) -> None:
    rid = new(store, person_age=20)
    before = snapshot(store)
    with pytest.raises(ValidationError) as exc:
        referrals.add_contact(store, rid, data, today=TODAY)
    assert exc.value.field == field
    assert snapshot(store) == before


@hsettings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(st.sampled_from(domain.FIELDS),
                            st.one_of(st.none(), st.text(max_size=40), st.integers(-5, 200),
                                      st.lists(st.text(max_size=10), max_size=4), st.booleans())))
def test_validate_never_crashes(data: dict[str, Any]) -> None:
    """Any input gives values or a Danish ValidationError naming a field, nothing else."""
    try:
        out = domain.validate(data, partial=True, today=TODAY)
    except ValidationError as exc:
        assert exc.message and exc.field
    else:
        assert set(out) <= {*domain.FIELDS, "person_cpr_digits"}


def test_reminder_for_a_referral_without_citizen_has_no_citizen(store: Store) -> None:
    new(store, person_age=16, received_date=TODAY - timedelta(days=1))
    items = [i for i in reminders.due(store, TODAY) if i["kind"] == "underretning"]
    assert items and items[0]["citizen_id"] is None and items[0]["severity"] == "overdue"
