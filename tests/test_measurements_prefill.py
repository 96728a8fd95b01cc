"""The prefill rules against hand-computed cases (pure functions, no database)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from hfdesk import measurements_catalogue, vocab
from hfdesk import measurements_prefill as pf

ON = date(2026, 6, 30)


def entry(day: str, kind: str = "home_visit", status: str = "done", minutes: int | None = None,
          present: bool = True, areas: list[str] | None = None,
          reason: str | None = None) -> dict[str, Any]:
    return {"occurred_at": f"{day}T10:00:00", "entry_type": kind, "status": status,
            "duration_min": minutes, "citizen_present": present, "life_areas": areas or [],
            "missed_reason": reason}


def data(journal: list[dict[str, Any]] | None = None, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"on": ON, "since": date(2026, 3, 31), "journal": journal or [],
                            "course": {"start_date": "2026-01-05"}}
    base.update(extra)
    return base


def test_visit_frequency_bins_count_the_last_30_days() -> None:
    # The window is 01.06 to 30.06, both inclusive (30 days).
    visits = [entry("2026-05-31"), entry("2026-06-01"), entry("2026-06-15"),
              entry("2026-06-30"), entry("2026-06-10", kind="phone"),
              entry("2026-06-11", status="no_show"), entry("2026-06-12", present=False)]
    found = pf.visit_frequency(data(visits))
    assert found.value == "weekly"  # 3 visits: 01.06, 15.06, 30.06
    assert found.basis == "3 besøg fra 01.06.2026 til 30.06.2026"
    assert pf.visit_frequency(data(visits[:2])).value == "monthly_or_less"  # 1 visit
    assert pf.visit_frequency(data([entry("2026-06-01"), entry("2026-06-20")])).value == \
        "fortnightly"
    seven = [entry(f"2026-06-{d:02d}") for d in (2, 5, 9, 12, 16, 19, 23)]
    assert pf.visit_frequency(data(seven)).value == "few_per_week"
    twenty = [entry(f"2026-06-{d:02d}") for d in range(1, 21)]
    assert pf.visit_frequency(data(twenty)).value == "daily"
    assert pf.visit_frequency(data([])).value == "monthly_or_less"


def test_visit_length_is_the_median_binned() -> None:
    visits = [entry("2026-06-01", minutes=30), entry("2026-06-08", minutes=50),
              entry("2026-06-15", minutes=45), entry("2026-06-16", kind="phone", minutes=5)]
    found = pf.visit_length(data(visits))
    assert found is not None
    assert found.value == "m31_45"  # median of 30, 45, 50 = 45
    assert "Median 45 min. over 3 besøg" in found.basis
    even = [entry("2026-06-01", minutes=60), entry("2026-06-08", minutes=61)]
    found = pf.visit_length(data(even))
    assert found is not None and found.value == "m61_90"  # median 60.5 > 60
    assert "60,5" in found.basis
    assert pf.visit_length(data([entry("2026-06-01")])) is None  # no minutes noted


def test_phone_frequency_over_three_months() -> None:
    calls = [entry(f"2026-{m:02d}-{d:02d}", kind="phone") for m in (4, 5, 6)
             for d in (3, 10, 17, 24)]  # 12 in the 92 days back from 30.06
    assert pf.phone_frequency(data(calls)).value == "weekly"
    assert pf.phone_frequency(data(calls[:5])).value == "fortnightly"
    assert pf.phone_frequency(data(calls[:4])).value == "monthly_or_less"


def test_appointments_kept_nearest_category_and_reasons() -> None:
    rows = [entry("2026-06-01"), entry("2026-06-08"), entry("2026-06-15", status="no_show",
                                                            reason="ill"),
            entry("2026-06-22", status="no_show", reason="away"),
            entry("2026-06-23", status="cancelled")]
    kept = pf.appointments_kept(data(rows))
    assert kept is not None and kept.value == "every_second"  # 2 of 4
    assert kept.basis.startswith("2 af 4 aftaler holdt")
    reasons = pf.missed_reasons(data(rows))
    assert reasons is not None and reasons.value == ["away", "ill"]
    assert pf.appointments_kept(data(rows[:2])).value == "all"  # type: ignore[union-attr]
    three_of_four = rows[:2] + [entry("2026-06-20"), rows[2]]
    assert pf.appointments_kept(data(three_of_four)).value == "all"  # type: ignore[union-attr]
    one_of_five = [entry("2026-06-01")] + [entry(f"2026-06-1{d}", status="no_show")
                                           for d in range(4)]
    assert pf.appointments_kept(data(one_of_five)).value == "every_fourth"  # type: ignore[union-attr]
    assert pf.appointments_kept(data([entry("2026-06-01", status="no_show")])).value == "none"  # type: ignore[union-attr]
    assert pf.appointments_kept(data([])) is None
    assert pf.missed_reasons(data(rows[:2])) is None


def test_no_contact_over_three_weeks_counts_from_window_or_course_start() -> None:
    # Window 30.04 (exclusive) → 30.06: contacts 10.05, 25.05, 10.06, 25.06 → longest gap 16.
    rows = [entry("2026-05-10"), entry("2026-05-25", kind="phone"), entry("2026-06-10"),
            entry("2026-06-25")]
    found = pf.no_contact_3_weeks(data(rows))
    assert found.value == "no"
    assert found.basis.endswith(": 16 dage")
    gap = [entry("2026-05-10"), entry("2026-06-25")]  # 46 days
    assert pf.no_contact_3_weeks(data(gap)).value == "yes"
    # A course that started 20.06: the gap is counted from the start, not two months back.
    late = data([entry("2026-06-25")], course={"start_date": "2026-06-20"})
    found = pf.no_contact_3_weeks(late)
    assert found.value == "no" and found.basis.endswith(": 6 dage")


def test_life_areas_and_meetings_since_the_last_measurement() -> None:
    rows = [entry("2026-03-31", areas=["housing"]),  # on the day of the last one: not counted
            entry("2026-04-02", areas=["economy", "housing"]), entry("2026-06-01", areas=[]),
            entry("2026-06-02", kind="phone", areas=["mental_health"])]
    found = pf.life_areas_worked(data(rows, life_area_order=["housing", "economy",
                                                             "mental_health"]))
    assert found is not None
    assert found.value == ["housing", "economy", "mental_health"]
    assert found.basis == "Emner på 2 notater fra 01.04.2026 til 30.06.2026"
    assert pf.life_areas_worked(data([entry("2026-06-01")])) is None
    meetings = [{"meeting_at": "2026-04-10T10:00", "held": 1},
                {"meeting_at": "2026-05-10T10:00", "held": 0},
                {"meeting_at": "2026-03-01T10:00", "held": 1},
                {"meeting_at": "2026-06-30T09:00", "held": 1}]
    assert pf.meetings_held(data(meetings=meetings)).value == 2


def test_housing_situation_and_housing_at_end_from_the_history() -> None:
    housing = [{"start_date": "2026-01-01", "end_date": "2026-06-30",
                "housing_situation": "shelter_110"},
               {"start_date": "2026-06-30", "end_date": None,
                "housing_situation": "almen_youth"}]
    group = {"shelter_110": "N", "almen_youth": "H"}.get
    d = data(housing=housing, housing_group=group)
    found = pf.housing_situation(d)
    assert found is not None and found.value == "almen_youth"  # moved in on the day
    assert found.basis == "Boligforløbet: almen_youth fra 30.06.2026"
    end = pf.housing_at_end(d)
    assert end is not None and end.value == "housed"
    before = dict(d, on=date(2026, 6, 29))
    assert pf.housing_situation(before).value == "shelter_110"  # type: ignore[union-attr]
    assert pf.housing_at_end(before).value == "not_housed"  # type: ignore[union-attr]
    assert pf.housing_situation(dict(d, on=date(2025, 12, 31))) is None


def test_plans_and_end_data() -> None:
    plan = {"goals": 2, "versions": [{"number": 1, "finished_on": "2026-02-01"},
                                     {"number": 2, "finished_on": "2026-07-15"}],
            "link_types": ["kip"], "authority_type": None}
    found = pf.support_plan(data(plan=plan))
    assert found.value == "yes" and found.basis == \
        "Indsatsplan version 1 færdiggjort 01.02.2026"  # version 2 lies after the date
    assert pf.support_plan(data(plan={"goals": 3})).basis == "Indsatsplan som kladde med 3 mål"
    assert pf.support_plan(data(plan={})).value == "no"
    assert pf.education_plan(data(plan=plan)).value == "yes"  # type: ignore[union-attr]
    assert pf.plan_141(data(plan=plan)) is None  # not known: left to the worker
    assert pf.plan_141(data(plan={"authority_type": "sel_141"})).value == "yes"  # type: ignore[union-attr]
    course = {"end_type": "unplanned", "end_reasons": ["contact_lost"],
              "end_decision_date": "2026-06-20"}
    assert pf.end_type(data(course=course)).value == "unplanned"  # type: ignore[union-attr]
    assert pf.end_reasons(data(course=course)).value == ["contact_lost"]  # type: ignore[union-attr]
    assert pf.end_type(data()) is None


_entries = st.lists(st.builds(
    entry, st.dates(date(2025, 1, 1), date(2026, 7, 31)).map(date.isoformat),
    st.sampled_from(["home_visit", "outreach", "phone", "sms_mail", "video", "partner_contact",
                     "meeting", "escort"]),
    st.sampled_from(["done", "planned", "cancelled", "no_show"]),
    st.one_of(st.none(), st.integers(0, 1440)), st.booleans(),
    st.lists(st.sampled_from(["housing", "economy", "network"]), max_size=3),
    st.one_of(st.none(), st.sampled_from(["ill", "away", "unknown"]))), max_size=60)


@given(_entries)
def test_every_derived_code_is_on_its_list(journal: list[dict[str, Any]]) -> None:
    cat = measurements_catalogue.default()
    found = pf.derive(cat.items, data(journal, housing=[], meetings=[], plan={}))
    for key, d in found.items():
        item = cat.item(key)
        if item.vocab is None:
            assert isinstance(d.value, int) and d.value >= 0
            continue
        codes = {c.code for c in vocab.default().codes(item.vocab, include_inactive=True)}
        values = d.value if isinstance(d.value, list) else [d.value]
        assert set(values) <= codes, (key, d.value)
        assert d.basis
