"""Individdokumentation in a real encrypted store: prefill at creation, confirm and correct with
derived and typed kept apart, order of measurements, contradictions, bad input, reminders,
printing, the catalogue as data."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import measurements_catalogue, vocab
from hfdesk.domain import measurements as domain
from hfdesk.errors import ValidationError
from hfdesk.store import courses, housing, journal, measurements, records, settings
from hfdesk.store.database import Store

TODAY = date(2026, 6, 30)


def course(store: Store, citizen_id: str, **extra: Any) -> str:
    return courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-05",
                                              **extra})


def records_for(store: Store, citizen_id: str) -> None:
    housing.add_segment(store, citizen_id, {"start_date": "2025-12-01",
                                            "housing_situation": "shelter_110"})
    housing.add_segment(store, citizen_id, {"start_date": "2026-05-15",
                                            "housing_situation": "almen_youth"})
    for day, minutes in (("2026-06-02", 40), ("2026-06-09", 50), ("2026-06-16", 45),
                         ("2026-06-23", 60)):
        journal.add(store, citizen_id, {"occurred_at": day, "entry_type": "home_visit",
                                        "duration_min": minutes, "life_areas": ["housing"]})
    journal.add(store, citizen_id, {"occurred_at": "2026-06-26", "entry_type": "home_visit",
                                    "status": "no_show", "missed_reason": "ill"})


def test_prefill_confirm_and_correct_keep_derived_and_typed_apart(store: Store,
                                                                  citizen_id: str) -> None:
    course(store, citizen_id)
    records_for(store, citizen_id)
    opstart = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    first = measurements.get(store, opstart)
    assert first["answers"]["housing_situation"]["value"] == "shelter_110"
    mid = measurements.create(store, citizen_id, "status", "30.6.2026", today=TODAY)
    m = measurements.get(store, mid)
    a = m["answers"]
    assert a["housing_situation"]["value"] == "almen_youth"
    assert a["housing_situation"]["source"] == "derived"
    assert not a["housing_situation"]["confirmed"]
    assert a["visit_frequency"]["value"] == "weekly"  # 4 visits in June
    assert a["visit_frequency"]["derived_basis"] == "4 besøg fra 01.06.2026 til 30.06.2026"
    assert a["visit_length"]["value"] == "m46_60"  # median of 40, 45, 50, 60 = 47.5
    assert a["appointments_kept"]["value"] == "all"  # 4 of 5
    assert a["missed_reasons"]["value"] == ["ill"]
    assert a["life_areas_worked"]["value"] == ["housing"]
    assert a["meetings_held"]["value"] == 0
    assert domain.source_text(a["visit_frequency"]) == "Udfyldt fra journalen"
    # Confirm one, correct another.
    assert measurements.confirm(store, mid, ["visit_frequency"]) == 1
    measurements.set_answer(store, mid, "visit_length", "m31_45", today=TODAY)
    a = measurements.get(store, mid)["answers"]
    assert a["visit_frequency"]["confirmed"] and a["visit_frequency"]["source"] == "derived"
    assert domain.source_text(a["visit_frequency"]) == "Udfyldt fra journalen, bekræftet"
    assert a["visit_length"]["source"] == "typed"
    assert a["visit_length"]["value"] == "m31_45"
    assert a["visit_length"]["derived_value"] == "m46_60"
    assert domain.source_text(a["visit_length"]) == "Rettet"
    # Typing the derived value again makes it a confirmed derived answer.
    measurements.set_answer(store, mid, "visit_length", "m46_60", today=TODAY)
    a = measurements.get(store, mid)["answers"]
    assert a["visit_length"]["source"] == "derived" and a["visit_length"]["confirmed"]
    # A typed answer with no derived value.
    measurements.set_answer(store, mid, "economy", "reasonable", today=TODAY)
    a = measurements.get(store, mid)["answers"]
    assert a["economy"]["source"] == "typed" and a["economy"]["derived_value"] is None
    assert domain.source_text(a["economy"]) == "Indtastet"


def test_unknown_and_not_asked_are_distinct_answers(store: Store, citizen_id: str) -> None:
    course(store, citizen_id)
    mid = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    measurements.set_answer(store, mid, "physical_health", "unknown", today=TODAY)
    measurements.set_answer(store, mid, "mental_health", "not_asked", today=TODAY)
    measurements.set_answer(store, mid, "substance", "unknown", today=TODAY)
    a = measurements.get(store, mid)["answers"]
    assert a["physical_health"]["value"] == "unknown"
    assert a["mental_health"]["value"] == "not_asked"
    cat = measurements.catalogue(store)
    assert domain.answer_text(cat.item("physical_health"), a["physical_health"],
                              measurements.label) == "Ved ikke"
    assert domain.answer_text(cat.item("mental_health"), a["mental_health"],
                              measurements.label) == "Ikke spurgt"
    assert "economy" not in a  # blank: not answered yet, which is neither


def test_diagnoses_only_as_disclosed(store: Store, citizen_id: str) -> None:
    course(store, citizen_id)
    mid = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    with pytest.raises(ValidationError, match="hvem der har oplyst"):
        measurements.set_answer(store, mid, "diagnoses", {"codes": ["adhd"]}, today=TODAY)
    with pytest.raises(ValidationError, match="hvornår"):
        measurements.set_answer(store, mid, "diagnoses",
                                {"codes": ["adhd"], "informant": "citizen"}, today=TODAY)
    with pytest.raises(ValidationError, match="fremtiden"):
        measurements.set_answer(store, mid, "diagnoses", {
            "codes": ["adhd"], "informant": "citizen", "date": "2026-12-01"}, today=TODAY)
    measurements.set_answer(store, mid, "diagnoses", {
        "codes": ["depression", "adhd"], "informant": "clinician", "date": "3.1.2026"},
        today=TODAY)
    a = measurements.get(store, mid)["answers"]["diagnoses"]
    assert a["value"] == {"codes": ["adhd", "depression"], "informant": "clinician",
                          "date": "2026-01-03"}
    text = domain.answer_text(measurements.catalogue(store).item("diagnoses"), a,
                              measurements.label)
    assert text == "ADHD; Depression – oplyst af behandler, 03.01.2026"


def test_out_of_order_and_no_course_are_refused(store: Store, citizen_id: str) -> None:
    with pytest.raises(ValidationError, match="høre til et forløb"):
        measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    course(store, citizen_id)
    with pytest.raises(ValidationError, match="ingen opstartsmåling"):
        measurements.create(store, citizen_id, "status", "2026-04-10", today=TODAY)
    with pytest.raises(ValidationError, match="før forløbet begyndte"):
        measurements.create(store, citizen_id, "opstart", "2026-01-01", today=TODAY)
    with pytest.raises(ValidationError, match="fremtiden"):
        measurements.create(store, citizen_id, "opstart", "2026-07-01", today=TODAY)
    with pytest.raises(ValidationError, match="opstart, status eller afslutning"):
        measurements.create(store, citizen_id, "midtvejs", "2026-02-01", today=TODAY)
    measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    with pytest.raises(ValidationError, match="allerede en opstartsmåling"):
        measurements.create(store, citizen_id, "opstart", "2026-01-12", today=TODAY)
    with pytest.raises(ValidationError, match="før opstartsmålingen"):
        measurements.create(store, citizen_id, "status", "2026-01-08", today=TODAY)
    measurements.create(store, citizen_id, "status", "2026-04-10", today=TODAY)
    with pytest.raises(ValidationError, match="før den seneste statusmåling"):
        measurements.create(store, citizen_id, "afslutning", "2026-04-01", today=TODAY)
    measurements.create(store, citizen_id, "afslutning", "2026-06-01", today=TODAY)
    with pytest.raises(ValidationError, match="allerede en afslutningsmåling"):
        measurements.create(store, citizen_id, "afslutning", "2026-06-20", today=TODAY)
    with pytest.raises(ValidationError, match="efter afslutningen"):
        measurements.create(store, citizen_id, "status", "2026-06-20", today=TODAY)
    n = len(measurements.for_citizen(store, citizen_id))
    assert n == 3  # nothing refused was stored


def test_contradictory_answers_are_refused(store: Store, citizen_id: str) -> None:
    course(store, citizen_id, end_decision_date="2026-06-01", end_type="planned")
    housing.add_segment(store, citizen_id, {"start_date": "2026-01-01",
                                            "housing_situation": "shelter_110"})
    mid = measurements.create(store, citizen_id, "afslutning", "2026-06-01", today=TODAY)
    a = measurements.get(store, mid)["answers"]
    assert a["housing_at_end"]["value"] == "not_housed"
    assert a["end_type"]["value"] == "planned"
    measurements.confirm(store, mid)
    with pytest.raises(ValidationError, match="modsiger hinanden"):
        measurements.set_answer(store, mid, "housing_at_end", "housed", today=TODAY)
    with pytest.raises(ValidationError, match="planlagt afsluttet"):
        measurements.set_answer(store, mid, "end_timing", "never_started", today=TODAY)
    assert measurements.get(store, mid)["answers"]["housing_at_end"]["value"] == "not_housed"
    # Cleared, the housing situation can be corrected, and then "har en bolig" fits it.
    measurements.set_answer(store, mid, "housing_at_end", None, today=TODAY)
    measurements.set_answer(store, mid, "housing_situation", "private_flat", today=TODAY)
    measurements.set_answer(store, mid, "housing_at_end", "housed", today=TODAY)
    with pytest.raises(ValidationError, match="modsiger"):
        measurements.set_answer(store, mid, "housing_situation", "shelter_110", today=TODAY)


def test_same_day_measurements_cannot_disagree_on_housing(store: Store,
                                                          citizen_id: str) -> None:
    course(store, citizen_id)
    op = measurements.create(store, citizen_id, "opstart", "2026-02-01", today=TODAY)
    measurements.set_answer(store, op, "housing_situation", "shelter_110", today=TODAY)
    st_ = measurements.create(store, citizen_id, "status", "2026-02-01", today=TODAY)
    with pytest.raises(ValidationError, match="samme dag"):
        measurements.set_answer(store, st_, "housing_situation", "almen_family", today=TODAY)
    measurements.set_answer(store, st_, "housing_situation", "temp_family_friends", today=TODAY)


def test_bad_answers(store: Store, citizen_id: str) -> None:
    course(store, citizen_id)
    mid = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    with pytest.raises(ValidationError, match="fra listen"):
        measurements.set_answer(store, mid, "economy", "rich", today=TODAY)
    with pytest.raises(ValidationError, match="findes ikke"):
        measurements.set_answer(store, mid, "shoe_size", "42", today=TODAY)
    with pytest.raises(ValidationError, match="sammen med andre"):
        measurements.set_answer(store, mid, "other_services", ["none", "mentor"], today=TODAY)
    with pytest.raises(ValidationError, match="Andet"):
        measurements.set_answer(store, mid, "employment_status", "other", today=TODAY)
    measurements.set_answer(store, mid, "employment_status", "other", text="Frivilligt job",
                            today=TODAY)
    with pytest.raises(ValidationError, match="for lang"):
        measurements.set_answer(store, mid, "employment_status", "other", text="x" * 600,
                                today=TODAY)
    with pytest.raises(ValidationError):
        measurements.set_answer(store, mid, "employment_status", "<script>", today=TODAY)
    assert measurements.get(store, mid)["answers"]["employment_status"]["text"] == \
        "Frivilligt job"


@given(st.one_of(st.none(), st.text(max_size=30), st.integers(), st.lists(st.text(max_size=5)),
                 st.dictionaries(st.text(max_size=5), st.text(max_size=5))))
def test_validate_answer_never_crashes(value: Any) -> None:
    cat = measurements_catalogue.default()
    for key in ("economy", "substance", "meetings_held", "diagnoses"):
        item = cat.item(key)
        codes = [c.code for c in vocab.default().codes(item.vocab)] if item.vocab else []
        try:
            stored, _text = domain.validate_answer(item, value, codes=codes, today=TODAY)
        except ValidationError as exc:
            assert exc.message
            continue
        assert stored is None or stored in domain.SPECIAL or isinstance(stored, str | int | list
                                                                         | dict)


def test_youth_items_follow_age(store: Store, citizen_id: str) -> None:
    cat = measurements_catalogue.default()
    young = {i.key for i in domain.items_for(cat, "status", age=19)}
    old = {i.key for i in domain.items_for(cat, "status", age=45)}
    assert {"trauma", "family_conflict"} <= young
    assert "trauma" not in old and "economy" in old
    assert "end_type" not in young
    ends = domain.items_for(cat, "afslutning", age=45, answers={"end_type": {"value":
                                                                             "planned"}})
    assert "end_timing" not in {i.key for i in ends}
    ends = domain.items_for(cat, "afslutning", age=45, answers={"end_type": {"value":
                                                                             "unplanned"}})
    assert "end_timing" in {i.key for i in ends}


def test_self_report_is_off_and_no_wellbeing_items_are_shipped() -> None:
    cat = measurements_catalogue.default()
    assert not cat.selfreport_enabled
    assert not [i for i in cat.items if i.section == "selfreport"]
    text = measurements_catalogue.shipped_path().read_text(encoding="utf-8").lower()
    assert "optimistisk" not in text and "følt sig nyttig" not in text


def test_catalogue_is_data_and_a_bad_replacement_is_skipped(store: Store, citizen_id: str,
                                                           tmp_path: Path) -> None:
    mine = tmp_path / "vores.toml"
    mine.write_text('[catalogue]\nname = "Vores"\nversion = 2\n'
                    '[[sections]]\nkey = "a"\ntitle = "A"\n'
                    '[[items]]\nkey = "economy"\nsection = "a"\nlabel = "Økonomi"\n'
                    'type = "choice"\nvocab = "profile_economy"\nkinds = ["opstart"]\n',
                    encoding="utf-8")
    settings.set_many(store, {"measurement_catalogue": str(mine)})
    cat = measurements.catalogue(store)
    assert cat.name == "Vores" and [i.key for i in cat.items] == ["economy"]
    course(store, citizen_id)
    mid = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    assert records.get(store, "measurement", mid)["catalogue"] == "Vores v2"
    bad = tmp_path / "bad.toml"
    bad.write_text('[catalogue]\nname = "x"\n[[sections]]\nkey = "a"\ntitle = "A"\n'
                   '[[items]]\nkey = "q"\nsection = "a"\ntype = "choice"\nvocab = "nope"\n'
                   'kinds = ["opstart"]\n', encoding="utf-8")
    found, warning = measurements_catalogue.for_path(str(bad))
    assert found is measurements_catalogue.default()
    assert warning is not None and "'nope'" in warning and "sprunget over" in warning
    for text in ("", "[catalogue]\n", "not toml ==="):
        bad.write_text(text, encoding="utf-8")
        measurements_catalogue._cached.cache_clear()
        _found, warning = measurements_catalogue.for_path(str(bad))
        assert warning


def test_reminders_measurement_due(store: Store, citizen_id: str) -> None:
    from hfdesk import reminders
    from hfdesk.store import citizens

    course(store, citizen_id)
    due = [i for i in reminders.due(store, TODAY) if i["kind"] == "measurement_due"]
    assert [(i["date"], i["severity"], i["open"]) for i in due] == \
        [("2026-02-04", "overdue", "measurements")]
    assert "Opstartsmåling mangler" in due[0]["label"]
    measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    measurements.create(store, citizen_id, "status", "2026-04-20", today=TODAY)
    due = [i for i in reminders.due(store, TODAY) if i["kind"] == "measurement_due"]
    assert [(i["date"], i["severity"]) for i in due] == [("2026-07-20", "ok")] or not due
    due = [i for i in reminders.due(store, date(2026, 7, 10)) if i["kind"] == "measurement_due"]
    assert [(i["date"], i["severity"]) for i in due] == [("2026-07-20", "soon")]
    assert "Statusmåling" in due[0]["label"]
    # An ended course asks for the afslutning; once it exists, nothing is due.
    other, _w = citizens.create(store, {"legal_name": "Ole Berg"})
    cid = course(store, other, end_decision_date="2026-06-10", end_type="unplanned")
    due = [i for i in reminders.due(store, TODAY) if i["citizen_id"] == other
           and i["kind"] == "measurement_due"]
    assert [(i["date"], i["severity"]) for i in due] == [("2026-06-10", "overdue")]
    measurements.create(store, other, "afslutning", "2026-06-12", course_id=cid, today=TODAY)
    assert not [i for i in reminders.due(store, TODAY) if i["citizen_id"] == other
                and i["kind"] == "measurement_due"]


def test_print_measurement(store: Store, citizen_id: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from hfdesk.commands import PRINTERS, load

    load()
    course(store, citizen_id)
    with pytest.raises(Exception, match="ingen målinger endnu"):
        PRINTERS["measurement"].build(store, argparse.Namespace(citizen=citizen_id,
                                                                measurement=None))
    records_for(store, citizen_id)
    mid = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    measurements.set_answer(store, mid, "physical_health", "not_asked", today=TODAY)
    measurements.set_answer(store, mid, "housing_situation", "temp_family_friends",
                            today=TODAY)
    printed = PRINTERS["measurement"].build(store, argparse.Namespace(
        citizen=citizen_id, measurement=None))
    assert printed.record_kind == "measurement" and printed.record_id == mid
    out = tmp_path / "m.pdf"
    out.write_bytes(printed.pdf)
    text = "".join(p.extract_text() for p in PdfReader(str(out)).pages)
    assert "Individdokumentation" in text and "Opstart" in text
    assert "Ikke spurgt" in text
    assert "Rettet" in text and "§ 110-boform" in text  # the derived value beside it
    with pytest.raises(Exception, match="Målingen findes ikke"):
        PRINTERS["measurement"].build(store, argparse.Namespace(citizen=citizen_id,
                                                                measurement="nope"))


def test_delete_and_export_shape(store: Store, citizen_id: str) -> None:
    course(store, citizen_id)
    mid = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    measurements.set_answer(store, mid, "economy", "reasonable", today=TODAY)
    row = store.query("SELECT value FROM measurement_answers WHERE item = 'economy'")[0]
    assert json.loads(row["value"]) == "reasonable"  # codes are stored, never labels
    measurements.delete(store, mid)
    assert not measurements.for_citizen(store, citizen_id)
    assert not store.query("SELECT 1 FROM measurement_answers")


def test_refresh_derived_follows_the_records_but_keeps_the_workers_answers(
        store: Store, citizen_id: str) -> None:
    course(store, citizen_id)
    records_for(store, citizen_id)
    measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    mid = measurements.create(store, citizen_id, "status", "2026-06-30", today=TODAY)
    measurements.confirm(store, mid, ["visit_length"])
    measurements.set_answer(store, mid, "phone_frequency", "no_phone", today=TODAY)
    for day in ("2026-06-24", "2026-06-25", "2026-06-27", "2026-06-28", "2026-06-29"):
        journal.add(store, citizen_id, {"occurred_at": day, "entry_type": "outreach",
                                        "duration_min": 10})
    for n in range(10):
        journal.add(store, citizen_id, {"occurred_at": f"2026-06-{n + 1:02d}",
                                        "entry_type": "phone"})
    changed = measurements.refresh_derived(store, mid)
    assert {"visit_frequency", "visit_length", "phone_frequency"} <= set(changed)
    a = measurements.get(store, mid)["answers"]
    assert a["visit_frequency"]["value"] == "few_per_week"  # unconfirmed: follows (9 visits)
    assert a["visit_length"]["value"] == "m46_60"  # confirmed: kept …
    # … with the new proposal beside it (median of 10 ×5, 40, 45, 50, 60 = 10), now "Rettet".
    assert a["visit_length"]["derived_value"] == "m6_15"
    assert domain.source_text(a["visit_length"]) == "Rettet"
    assert a["phone_frequency"]["value"] == "no_phone"  # typed: kept
    assert a["phone_frequency"]["derived_value"] == "weekly"


def test_deleting_the_citizen_takes_the_measurements(store: Store, citizen_id: str) -> None:
    from hfdesk.store import citizens

    course(store, citizen_id)
    mid = measurements.create(store, citizen_id, "opstart", "2026-01-10", today=TODAY)
    measurements.set_answer(store, mid, "economy", "reasonable", today=TODAY)
    measurements.set_answer(store, mid, "economy", "satisfactory", today=TODAY)
    citizens.delete(store, citizen_id, reason="Test")
    assert not store.query("SELECT 1 FROM measurements")
    assert not store.query("SELECT 1 FROM measurement_answers")
    assert not store.query("SELECT 1 FROM record_versions WHERE record_kind LIKE 'measurement%'")
