"""The demo caseload generator: sane, deterministic, only in demo stores, and encrypted at rest."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from stdnum.dk.cpr import checksum

from hfdesk import demo, vocab
from hfdesk.domain.citizens import age
from hfdesk.domain.courses import METHODS
from hfdesk.domain.journal import ENTRY_TYPES
from hfdesk.errors import UserError
from hfdesk.store import audit, citizens, courses, database, housing, journal, records, search
from hfdesk.store.database import Store

PASSPHRASE = "demo-passphrase-1"
TODAY = date(2026, 6, 15)


def _demo_store(path: Path) -> Store:
    return database.create_store(path, PASSPHRASE, worker_name="Demo Medarbejder", demo=True)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, dict[str, int]]]:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = _demo_store(path)
    try:
        counts = demo.generate(store, "worker", seed=2026, today=TODAY)
        yield store, counts
    finally:
        store.close()


def test_counts_are_sane(generated: tuple[Store, dict[str, int]]) -> None:
    store, counts = generated
    assert counts["citizen"] >= 20
    assert counts["journal_entry"] >= 1000
    for kind, n in counts.items():
        assert n == records.count(store, kind), kind
        assert n > 0, kind
    assert counts["course"] >= counts["citizen"]  # every citizen has a course, some two


def test_caseload_uses_the_code_lists(generated: tuple[Store, dict[str, int]]) -> None:
    store, _ = generated
    v = vocab.default()
    for c in citizens.list_all(store):
        assert c["gender"] in {x.code for x in v.codes("gender", include_inactive=True)}
        if c["cpr_kind"] == "cpr":
            assert c["birth_date"] == demo_birth(c["cpr"])
        course_rows = courses.for_citizen(store, c["id"])
        assert course_rows, c["legal_name"]
        for course in course_rows:
            assert course["method"] in METHODS
            for seg in courses.segments(store, course["id"]):
                on = date.fromisoformat(seg["period_start"])
                assert v.is_valid("legal_basis", seg["legal_basis"], on), seg
            for reason in course["end_reasons"]:
                assert v.is_valid("end_reason", reason)
        for h in housing.history(store, c["id"]):
            assert v.is_valid("housing_situation", h["housing_situation"])
            if h["homelessness_nat"]:
                assert v.is_valid("homelessness_situation_nat", h["homelessness_nat"])
    for e in store.query("SELECT entry_type, life_areas, missed_reason FROM journal_entries"):
        assert e["entry_type"] in ENTRY_TYPES
        for area in records.decode_json_list(e["life_areas"]):
            assert v.is_valid("life_area", area)
        if e["missed_reason"]:
            assert v.is_valid("missed_reason", e["missed_reason"])


def demo_birth(cpr: str) -> str:
    from hfdesk.domain import cpr as cprmod

    parsed = cprmod.parse(cpr)
    assert parsed is not None and parsed.birth_date is not None
    return parsed.birth_date.isoformat()


def test_caseload_shows_the_rare_cases(generated: tuple[Store, dict[str, int]]) -> None:
    store, _ = generated
    rows = citizens.list_all(store)
    kinds = {c["cpr_kind"] for c in rows}
    assert {None, "cpr", "replacement"} <= kinds
    digits = [c["cpr_digits"] for c in rows if c["cpr_kind"] == "cpr"]
    passing = [d for d in digits if checksum(d) == 0]
    assert len(digits) > len(passing) > len(digits) // 2  # most pass modulus 11, some do not
    assert any(c["protected_address"] for c in rows)
    assert any(c["interpreter_needed"] for c in rows)
    assert any(c["preferred_name"] for c in rows)
    minors = [c for c in rows if age(c, TODAY) < 18]
    assert minors and all(c["custody_holders"] for c in minors)
    states = [courses.state(store, courses.current(store, c["id"]), TODAY) for c in rows]
    assert any(s.status == "paused" for s in states)
    assert any(s.status == "ended" for s in states)
    assert any(s.phase_label.startswith("Fase nul") for s in states)
    assert sum(courses.is_deceased(store, c["id"]) for c in rows) == 1
    ended = store.query("SELECT end_type FROM courses WHERE end_decision_date IS NOT NULL")
    assert {"planned", "unplanned", "deceased"} <= {r["end_type"] for r in ended}
    overdue = store.query("SELECT 1 FROM support_segments WHERE next_review < ?",
                          [TODAY.isoformat()])
    assert overdue


def test_journal_spans_a_year_and_plans_two_weeks(generated: tuple[Store, dict[str, int]]) -> None:
    store, _ = generated
    done = store.query("SELECT min(occurred_at) AS lo, max(occurred_at) AS hi FROM journal_entries"
                       " WHERE status != 'planned'")[0]
    assert done["lo"] >= (TODAY - timedelta(days=366)).isoformat()
    assert done["hi"] < TODAY.isoformat()
    planned = journal.planned(store, TODAY)
    assert planned
    assert all(p["occurred_at"][:10] <= (TODAY + timedelta(days=14)).isoformat() for p in planned)
    assert any(p["occurred_at"][:10] == TODAY.isoformat() for p in planned)
    statuses = {r["status"] for r in store.query("SELECT DISTINCT status FROM journal_entries")}
    assert statuses == {"planned", "done", "cancelled", "no_show"}
    no_show = store.query("SELECT missed_reason FROM journal_entries WHERE status = 'no_show'")
    assert all(r["missed_reason"] for r in no_show)


def test_notes_demonstrate_folded_search(generated: tuple[Store, dict[str, int]]) -> None:
    store, _ = generated
    andre = search.notes(store, "andre")
    assert any("André" in r["line"] for r in andre)
    assert search.notes(store, "århus")
    assert all("Arhus" not in r["line"] for r in search.notes(store, "arhus"))


def test_same_seed_same_caseload(tmp_path: Path,
                                 generated: tuple[Store, dict[str, int]]) -> None:
    store, counts = generated
    other = _demo_store(tmp_path / "again.db")
    try:
        again = demo.generate(other, "worker", seed=2026, today=TODAY)
        assert again == counts
        assert ([c["legal_name"] for c in citizens.list_all(other)]
                == [c["legal_name"] for c in citizens.list_all(store)])
        assert ([c["cpr"] for c in citizens.list_all(other)]
                == [c["cpr"] for c in citizens.list_all(store)])
        notes = "SELECT occurred_at, note FROM journal_entries ORDER BY occurred_at, note"
        assert other.query(notes) == store.query(notes)
    finally:
        other.close()


def test_other_seed_other_caseload(tmp_path: Path,
                                   generated: tuple[Store, dict[str, int]]) -> None:
    store, _ = generated
    other = _demo_store(tmp_path / "other.db")
    try:
        demo.generate(other, "worker", seed=7, today=TODAY)
        assert ({c["legal_name"] for c in citizens.list_all(other)}
                != {c["legal_name"] for c in citizens.list_all(store)})
    finally:
        other.close()


def test_refuses_a_real_store(store: Store) -> None:
    before = audit.head(store)
    with pytest.raises(UserError, match="demodatabase"):
        demo.generate(store, "worker", today=TODAY)
    assert records.count(store, "citizen") == 0
    assert audit.head(store) == before


def test_refuses_a_filled_demo_store_and_unknown_size(
        generated: tuple[Store, dict[str, int]]) -> None:
    store, counts = generated
    with pytest.raises(UserError):
        demo.generate(store, "worker", today=TODAY)
    with pytest.raises(UserError, match="størrelse"):
        demo.generate(store, "everyone", today=TODAY)
    assert records.count(store, "citizen") == counts["citizen"]


def test_audit_chain_verifies(generated: tuple[Store, dict[str, int]]) -> None:
    store, _ = generated
    result = audit.verify(store)
    assert result.ok, result.problems
    imports = store.query("SELECT purpose, fields FROM audit WHERE action = 'import'")
    assert imports and all(r["purpose"] == "demo" for r in imports)


def test_nothing_readable_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "secret.db"
    store = _demo_store(path)
    demo.generate(store, "worker", seed=11, today=TODAY)
    rows = citizens.list_all(store)
    secrets = [c["legal_name"].encode() for c in rows]
    secrets += [c["cpr"].encode() for c in rows if c["cpr"]]
    secrets += [c["cpr_digits"].encode() for c in rows if c["cpr_digits"]]
    secrets += [b"Hjemmebes\xc3\xb8g", b"Demo-kommune"]  # note text and settings, as a control
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + ".key")]

    def check() -> None:
        present = [f for f in files if f.exists()]
        assert path in present
        for f in present:
            data = f.read_bytes()
            for s in secrets:
                assert s not in data, f"{s!r} in {f.name}"

    check()  # while open, with the WAL
    store.close()
    check()


def test_no_contact_after_death_or_end(generated: tuple[Store, dict[str, int]]) -> None:
    store, _ = generated
    for c in citizens.list_all(store):
        rows = courses.for_citizen(store, c["id"])
        if any(r["end_decision_date"] is None for r in rows):
            continue
        last_end = max(r["end_decision_date"] for r in rows)
        deaths = [e["event_date"] for r in rows for e in courses.events(store, r["id"])
                  if e["kind"] == "death"]
        limit = min(deaths) if deaths else last_end
        for e in journal.for_citizen(store, c["id"]):
            assert e["occurred_at"][:10] <= limit, (c["legal_name"], e["occurred_at"], limit)
            assert e["status"] != "planned"
