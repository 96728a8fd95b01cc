"""Statistics: a small known caseload built through the store APIs, figures against hand counts,
the suppression rule (1–4 hidden, 5 shown), empty and one-citizen databases, no free text."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import statistics
from hfdesk.statistics import core
from hfdesk.statistics.charts import housing_chart, time_to_housing_chart
from hfdesk.statistics.core import Count, Period, Share, Stat
from hfdesk.store import citizens, courses, journal, plans, referrals
from hfdesk.store import housing_search as hs
from hfdesk.store.database import Store

TODAY = date(2026, 6, 30)
NAMES = ["Asta Holm", "Bo Berg", "Cira Dahl", "Dan Eng", "Eva Fjord", "Finn Gade"]
SECRET_NOTE = "Hemmelig note om Asta og hendes mor"


def _cells(files: dict[str, bytes], name: str) -> list[list[str]]:
    text = files[name].decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def _row(table: Any, label: str) -> list[str]:
    for row in table.rendered():
        if row[0].strip() == label:
            return row
    raise AssertionError(f"no row {label!r} in {table.key}: {table.rendered()}")


@pytest.fixture
def known(store: Store) -> dict[str, Any]:
    return build_known(store)


def build_known(store: Store) -> dict[str, Any]:
    """Six citizens, one course each, all starting 05.01.2026 from a § 110 boform.

    A–E: CTI, each moves into an own tenancy 10/20/30/40/50 days after the start (median 30,
    quartiles 20 and 40). F: ICM, still at the boform. A and B ended as planned (cti_completed),
    C unplanned (moved_municipality, contact_lost). A–E have a plan with a goal. A has three
    home visits in the first three months, one phone call, and a visit after three months.
    Henvendelser: five from the jobcentre, five self-referrals.
    """
    ids: dict[str, Any] = {"citizens": [], "courses": []}
    for n, name in enumerate(NAMES):
        cid, _w = citizens.create(store, {"legal_name": name, "birth_date": "01.02.2004"})
        ids["citizens"].append(cid)
        method = "icm" if n == 5 else "cti"
        course = courses.create(store, cid, {"method": method, "referral_date": "01.12.2025",
                                             "start_date": "05.01.2026"})
        ids["courses"].append(course)
        hs.add_stay(store, cid, {"housing_situation": "shelter_110", "start_date": "01.12.2025"})
        if n < 5:
            day = date(2026, 1, 5).toordinal() + 10 * (n + 1)
            move_in = date.fromordinal(day)
            hs.add_stay(store, cid, {"housing_situation": "almen_youth",
                                     "contract_type": "permanent", "own_contract": True,
                                     "contract_date": "01.01.2026",
                                     "move_in_date": move_in.strftime("%d.%m.%Y")})
            pid = plans.ensure(store, cid)
            plans.add_goal(store, pid, {"text": "Min egen bolig", "life_area": "housing",
                                        "priority": 1}, today=date(2026, 1, 10))
    for n in (0, 1):
        courses.update(store, ids["courses"][n], {
            "end_decision_date": "01.05.2026", "end_type": "planned",
            "end_reasons": ["cti_completed"]})
    courses.update(store, ids["courses"][2], {
        "end_decision_date": "15.04.2026", "end_type": "unplanned",
        "end_reasons": ["moved_municipality", "contact_lost"]})
    a = ids["citizens"][0]
    for when in ("2026-01-10", "2026-02-10", "2026-03-10"):
        journal.add(store, a, {"occurred_at": when, "entry_type": "home_visit",
                               "note": SECRET_NOTE})
    journal.add(store, a, {"occurred_at": "2026-02-20", "entry_type": "phone",
                           "note": SECRET_NOTE})
    journal.add(store, a, {"occurred_at": "2026-04-20", "entry_type": "home_visit",
                           "note": SECRET_NOTE})
    for _k in range(5):
        referrals.create(store, {"received_date": "10.03.2026", "person_name": "Gorm Hansen",
                                 "source": "jobcentre", "concern_domains": ["housing"],
                                 "description": SECRET_NOTE}, today=TODAY)
    for _k in range(5):
        referrals.create(store, {"received_date": "11.03.2026", "person_name": "Ida Ravn",
                                 "source": "self_referral", "concern_domains": ["housing"]},
                         today=TODAY)
    return ids


# --- the pure rules -------------------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_counts_of_one_to_four_are_suppressed(n: int) -> None:
    assert core.render(Count(n)) == "<5"
    assert core.render(Share(n, 100)) == "<5"
    assert core.render(Stat(12.0, n)) == "<5"
    assert core.number(Count(n)) is None


def test_five_and_zero_are_shown() -> None:
    assert core.render(Count(5)) == "5"
    assert core.render(Count(0)) == "0"
    assert core.render(Share(5, 10)) == "50 %"
    assert core.render(Share(0, 10)) == "0 %"
    assert core.render(Share(5, 4)) == "<5"         # a share of a whole under 5
    assert core.render(Stat(30.0, 5)) == "30"
    assert core.render(Share(0, 0)) == "–"          # no division by zero
    assert core.render(Stat(None, 0)) == "–"


def test_median_and_quartiles_by_hand() -> None:
    assert core.median([]) is None
    assert core.median([7]) == 7
    assert core.median([10, 20, 30, 40, 50]) == 30
    assert core.median([1, 2, 3, 4]) == 2.5
    assert core.quantile([10, 20, 30, 40, 50], 0.25) == 20
    assert core.quantile([10, 20, 30, 40, 50], 0.75) == 40


def test_secondary_suppression_hides_what_would_give_a_small_cell_away() -> None:
    from hfdesk.statistics.core import Label, Table

    t = Table("x", "X", ["", "A", "B", "I alt"], n=20, rows=[
        [Label("r1"), Count(3), Count(7), Count(10)],
        [Label("r2"), Count(6), Count(4), Count(10)],
        [Label("I alt"), Count(9), Count(11), Count(20)]])
    t.lines = [((r, 3), [(r, 1), (r, 2)]) for r in range(3)]
    t.lines += [((2, c), [(0, c), (1, c)]) for c in (1, 2, 3)]
    shown = t.rendered()
    # 3 and 4 are "<5"; 7 and 6 are hidden so neither can be computed from a total.
    assert shown[0][1:3] == ["<5", "(skjult)"] and shown[1][1:3] == ["(skjult)", "<5"]
    assert shown[2] == ["I alt", "9", "11", "20"]
    for r in range(3):           # no equation is left with exactly one unknown
        unknown = [c for c in (1, 2, 3) if shown[r][c] in ("<5", "(skjult)")]
        assert len(unknown) != 1
    # Without small cells nothing is hidden.
    t.rows[0][1:3] = [Count(5), Count(5)]
    t.rows[1][1:3] = [Count(6), Count(5)]
    assert "(skjult)" not in str(t.rendered())


@given(st.lists(st.integers(0, 30), min_size=2, max_size=6))
def test_no_single_unknown_is_left_in_a_line(parts: list[int]) -> None:
    from hfdesk.statistics.core import Label, Table

    t = Table("x", "X", ["", "n"], n=sum(parts),
              rows=[[Label(str(i)), Count(p)] for i, p in enumerate(parts)])
    t.lines = [(None, [(i, 1) for i in range(len(parts))])]
    shown = [row[1] for row in t.rendered()]
    unknown = sum(1 for x in shown if x in ("<5", "(skjult)"))
    total_unknown = core.is_small(t.n)
    assert unknown + int(total_unknown) != 1 or all(
        p == 0 for p, x in zip(parts, shown, strict=True) if x not in ("<5", "(skjult)"))


@given(st.integers(min_value=-10, max_value=10**6))
def test_suppression_is_exactly_one_to_four(n: int) -> None:
    text = core.render(Count(n))
    assert (text == "<5") == (1 <= n <= 4)
    if text != "<5":
        assert text == str(n)


@given(st.integers(0, 10**4), st.integers(0, 10**4))
def test_share_never_reveals_small_parts_or_wholes(part: int, whole: int) -> None:
    text = core.render(Share(part, whole))
    if whole == 0:
        assert text == "–"
    elif 1 <= part <= 4 or whole < 5:
        assert text == "<5"
    else:
        assert text.endswith(" %")


@given(st.lists(st.integers(-10**6, 10**6), min_size=1, max_size=60))
def test_median_lies_between_quartiles_and_in_range(values: list[int]) -> None:
    med = core.median(values)
    lo, hi = core.quantile(values, 0.25), core.quantile(values, 0.75)
    assert med is not None and lo is not None and hi is not None
    assert min(values) <= lo <= med <= hi <= max(values)
    ordered = sorted(values)
    if len(values) % 2:
        assert med == ordered[len(values) // 2]
    else:
        assert med == (ordered[len(values) // 2 - 1] + ordered[len(values) // 2]) / 2


@given(st.lists(st.integers(0, 2000), max_size=4))
def test_stat_of_fewer_than_five_values_is_never_shown(values: list[int]) -> None:
    text = core.render(Stat(core.median(values), len(values)))
    assert text in ("<5", "–")


# --- the known caseload ---------------------------------------------------------------------

def test_known_caseload_matches_hand_counts(store: Store, known: dict[str, Any]) -> None:
    t = statistics.build(store, today=TODAY)
    methods = t.by_key("forloeb_metode")
    assert methods.n == 6
    # 5 CTI (2 active, 3 ended) and 1 ICM: the total 6 is shown, so the CTI 5 would give the
    # ICM 1 away by subtraction and is hidden as well (secondary suppression).
    assert _row(methods, "CTI (Critical Time Intervention)")[1:] == ["(skjult)", "0", "<5",
                                                                     "<5"]
    assert _row(methods, "ICM (Intensive Case Management)")[1] == "<5"
    assert _row(methods, "I alt")[1:] == ["6", "0", "<5", "<5"]

    caseload = t.by_key("sagsstamme_norm")
    assert caseload.n == 3                           # D, E (CTI) and F (ICM) are active
    assert _row(caseload, "CTI (Critical Time Intervention)")[1:] == ["<5", "10"]

    housing = t.by_key("boligsituation")
    assert housing.n == 6
    assert "boligforløbet" in housing.source.lower()
    assert _row(housing, "IKKE I BOLIG (HJEMLØS)")[1:3] == ["6", "100 %"]
    assert _row(housing, "§ 110-boform")[1:3] == ["6", "100 %"]
    # Latest: 5 housed, 1 at the boform of 6 — the 5 (and its only sub-row) are hidden.
    assert _row(housing, "IKKE I BOLIG (HJEMLØS)")[3] == "<5"
    assert _row(housing, "I BOLIG")[3:5] == ["(skjult)", "(skjult)"]
    assert _row(housing, "Almen ungdomsbolig")[3:5] == ["(skjult)", "(skjult)"]
    assert [f.housing_latest for f in t.courses].count("almen_youth") == 5

    days = t.by_key("tid_til_bolig")
    assert days.n == 5
    assert _row(days, "Forløbets start")[1:] == ["5", "30", "20", "40"]
    # From the henvendelse (01.12.2025): 35 more days each → 65, 75 … 105.
    assert _row(days, "Henvendelsen")[1:] == ["5", "65", "55", "75"]
    assert _row(days, "Endnu ikke i egen bolig")[1] == "<5"
    hist = dict(t.histogram)
    assert hist["0–30 dage"] == 3 and hist["31–90 dage"] == 2

    ends = t.by_key("afslutninger")
    assert ends.n == 3
    assert _row(ends, "Afsluttede forløb")[1:3] == ["<5", "<5"]
    assert _row(ends, "Ni måneders CTI-forløb afsluttes")[1] == "<5"

    dur = t.by_key("varighed")
    assert dur.n == 3 and _row(dur, "Planlagt afsluttet")[1:3] == ["<5", "<5"]

    refs = t.by_key("henvendelser_kilde")
    assert refs.n == 10
    assert _row(refs, "Jobcenter/beskæftigelse")[1:] == ["5", "50 %"]   # 5 is kept
    assert _row(refs, "Selvhenvendelse")[1:] == ["5", "50 %"]

    plan = t.by_key("plandaekning")
    assert plan.n == 6
    assert _row(plan, "Indsatsplan med mindst ét mål")[1:] == ["(skjult)", "(skjult)"]
    assert _row(plan, "Ingen plan")[1] == "<5"

    facts = {f.citizen_id: f for f in t.courses}
    a = facts[known["citizens"][0]]
    assert (a.contacts_3m, a.visits_3m) == (4, 3)   # the April visit is after three months
    assert facts[known["citizens"][5]].days_to_housing is None


def test_duration_of_five_planned_ends_by_hand(store: Store) -> None:
    days = [30, 60, 91, 122, 152]
    for n, d in enumerate(days):
        cid, _w = citizens.create(store, {"legal_name": f"Person {n}"})
        course = courses.create(store, cid, {"method": "icm", "start_date": "01.01.2026"})
        end = date.fromordinal(date(2026, 1, 1).toordinal() + d)
        courses.update(store, course, {"end_decision_date": end.strftime("%d.%m.%Y"),
                                       "end_type": "planned", "end_reasons": ["no_longer_needed"]})
    t = statistics.build(store, today=TODAY)
    row = _row(t.by_key("varighed"), "Planlagt afsluttet")
    # Median 91 days = 2.99 months; quartiles 60 and 122 days; 3 within three months → "<5".
    assert row[1:] == ["5", "3,0", "2,0", "4,0", "<5"]
    ends = t.by_key("afslutninger")
    assert _row(ends, "Afsluttede forløb")[1] == "5"
    assert _row(ends, "Borgeren har ikke længere behov for bostøtte")[1] == "5"
    assert _row(t.by_key("forloeb_metode"), "ICM (Intensive Case Management)")[1:] == [
        "5", "0", "0", "5"]


def test_period_filters_courses_and_referrals(store: Store, known: dict[str, Any]) -> None:
    t = statistics.build(store, period=Period(date(2026, 3, 11), date(2026, 3, 31)),
                         today=TODAY)
    assert t.by_key("henvendelser_kilde").n == 5
    assert t.by_key("afslutninger").n == 0
    assert "11.03.2026–31.03.2026" in t.period_text
    later = statistics.build(store, period=Period(date(2027, 1, 1), None), today=TODAY)
    assert later.by_key("forloeb_metode").n == 0


def test_measurements_replace_the_housing_history_when_present(store: Store,
                                                               known: dict[str, Any]) -> None:
    measurements = pytest.importorskip("hfdesk.store.measurements")
    cid = known["citizens"][5]
    mid = measurements.create(store, cid, "opstart", "05.01.2026", today=TODAY)
    measurements.set_answer(store, mid, "housing_situation", "temp_family_friends", today=TODAY)
    t = statistics.build(store, today=TODAY)
    facts = {f.citizen_id: f for f in t.courses}
    assert facts[cid].housing_start == "temp_family_friends"
    assert facts[cid].housing_from_measurements
    assert "målinger" in t.by_key("boligsituation").source


def test_csv_files_are_excel_danish_and_carry_n_and_period(store: Store,
                                                           known: dict[str, Any]) -> None:
    files = statistics.monitoring_csvs(store, pseudonymise=True, today=TODAY)
    assert "forloeb_metode.csv" in files and "forloeb.csv" in files
    for data in files.values():
        assert data.startswith(b"\xef\xbb\xbf")     # UTF-8 BOM
    rows = _cells(files, "tid_til_bolig.csv")
    assert rows[0] == ["Dage til egen bolig"]
    assert rows[1][0] == "Periode" and rows[2] == ["n", "5 forløb"]
    assert ["Forløbets start", "5", "30", "20", "40"] in rows


def test_pseudonyms_are_stable_and_hide_ids(store: Store, known: dict[str, Any]) -> None:
    one = statistics.monitoring_csvs(store, pseudonymise=True, today=TODAY)["forloeb.csv"]
    two = statistics.monitoring_csvs(store, pseudonymise=True, today=TODAY)["forloeb.csv"]
    assert one == two
    text = one.decode("utf-8-sig")
    for cid in known["citizens"] + known["courses"]:
        assert cid not in text
    plain = statistics.monitoring_csvs(store, pseudonymise=False, today=TODAY)["forloeb.csv"]
    assert known["courses"][0] in plain.decode("utf-8-sig")


def test_pseudonyms_differ_between_databases(tmp_path: Path) -> None:
    assert statistics.pseudonym(b"a" * 32, "x") != statistics.pseudonym(b"b" * 32, "x")
    assert statistics.pseudonym(b"a" * 32, "x") == statistics.pseudonym(b"a" * 32, "x")


def test_no_free_text_or_names_in_any_output(store: Store, known: dict[str, Any]) -> None:
    from hfdesk.commands.statistics import statistics_pdf

    files = statistics.monitoring_csvs(store, pseudonymise=False, today=TODAY)
    blob = b"".join(files.values()).decode("utf-8-sig")
    for text in [SECRET_NOTE, "Hemmelig", "Gorm", "Min egen bolig", *NAMES, "Asta", "Cira",
                 "Finn", "Fjord"]:
        assert text not in blob
    pdf = statistics_pdf(store)
    from pypdf import PdfReader

    words = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for text in [SECRET_NOTE, "Gorm", "Min egen bolig", *NAMES]:
        assert text not in words
    assert "<5" in words


def test_empty_database_gives_honest_empty_tables(store: Store) -> None:
    from hfdesk.commands.statistics import statistics_pdf

    t = statistics.build(store, today=TODAY)
    assert all(table.n == 0 and table.is_empty for table in t.tables)
    assert "ingen data" in t.period_text
    files = statistics.monitoring_csvs(store, today=TODAY)
    assert "Ingen data i perioden." in files["forloeb_metode.csv"].decode("utf-8-sig")
    assert housing_chart(t).is_empty and time_to_housing_chart(t).is_empty
    assert statistics_pdf(store).startswith(b"%PDF")


def test_one_citizen_is_all_suppressed(store: Store, citizen_id: str) -> None:
    course = courses.create(store, citizen_id, {"method": "cti", "start_date": "05.01.2026"})
    courses.update(store, course, {"end_decision_date": "05.02.2026", "end_type": "unplanned",
                                   "end_reasons": ["declines_support"]})
    hs.add_stay(store, citizen_id, {"housing_situation": "shelter_110",
                                    "start_date": "01.01.2026"})
    t = statistics.build(store, today=TODAY)
    for table in t.tables:
        for row in table.rendered():
            for cell in row[1:]:
                assert cell in ("<5", "0", "0 %", "–", ""), (table.key, row)
    files = statistics.monitoring_csvs(store, today=TODAY)
    assert "Mia" not in b"".join(files.values()).decode("utf-8-sig")
    chart = housing_chart(t)
    assert all(text in ("<5", "0 %", "–") for s in chart.series for text in s.texts)


def test_stats_command_writes_files_and_audits(tmp_path: Path, db_path: Path, passphrase: str,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    from hfdesk import cli
    from hfdesk.store import database

    s = database.create_store(db_path, passphrase, worker_name="Anne Holm")
    s.close()
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    out = tmp_path / "stat"
    assert cli.main(["stats", "--db", str(db_path), "--out", str(out), "--pseudonymise"]) == 0
    assert (out / "forloeb_metode.csv").exists() and (out / "forloeb.csv").exists()
    assert cli.main(["print", "statistics", "--db", str(db_path), "--out",
                     str(tmp_path / "s.pdf"), "--from", "1.1.2026", "--to", "30.6.2026"]) == 0
    assert (tmp_path / "s.pdf").read_bytes().startswith(b"%PDF")
    assert cli.main(["stats", "--db", str(db_path), "--out", str(out), "--from",
                     "31.02.2026"]) != 0
    assert cli.main(["stats", "--db", str(db_path), "--out", str(out), "--from", "2.2.2026",
                     "--to", "1.1.2026"]) != 0
    with database.open_store(db_path, passphrase) as s2:
        rows = s2.query("SELECT action, record_kind, citizen_id, purpose FROM audit "
                        "WHERE record_kind = 'statistics'")
    assert [r["action"] for r in rows] == ["export", "print", "save_file"]
    assert all(r["citizen_id"] is None for r in rows)
    assert "pseudonymiseret" in rows[0]["purpose"]


def test_demo_caseload_renders_tables_and_charts(tmp_path: Path, passphrase: str) -> None:
    """The worker demo has every area filled in (the municipality caseload is the same
    generator at scale; it was run by hand, see the README)."""
    from hfdesk import demo
    from hfdesk.commands.statistics import statistics_pdf
    from hfdesk.store import database

    with database.create_store(tmp_path / "demo.db", passphrase, worker_name="Anne Holm",
                               demo=True) as s:
        demo.generate(s, size="worker")
        t = statistics.build(s)
        assert t.by_key("forloeb_metode").n > 0
        assert not housing_chart(t).is_empty
        assert time_to_housing_chart(t).categories
        files = statistics.monitoring_csvs(s)
        notes = [r["note"] for r in s.query(
            "SELECT note FROM journal_entries WHERE length(note) > 25 LIMIT 50")]
        names = [r["legal_name"] for r in s.query("SELECT legal_name FROM citizens")]
        blob = b"".join(files.values()).decode("utf-8-sig")
        for text in notes + names:
            assert text not in blob
        assert statistics_pdf(s).startswith(b"%PDF")
