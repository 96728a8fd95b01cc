"""Opsporingsvurderinger on a real encrypted store: drafts, unknown codes, release as an audit
row, comparison without any score, the CLI, and the code lists in step with the core."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import cli, vocab
from hfdesk.domain import referrals as referral_domain
from hfdesk.domain import screening as domain
from hfdesk.errors import ValidationError
from hfdesk.store import audit, citizens, screening
from hfdesk.store.database import Store

TODAY = date(2026, 3, 12)


def codes(name: str) -> set[str]:
    return {c.code for c in vocab.default().codes(name, include_inactive=True)}


def test_core_tuples_match_the_opsporing_lists() -> None:
    assert set(domain.DOMAINS) == codes("concern_domain")
    assert set(domain.PHASES) == codes("screening_phase")
    assert set(domain.TARGET_SUBGROUPS) == codes("target_subgroup")
    assert set(domain.DURATIONS) == codes("homelessness_duration")
    assert set(referral_domain.OUTCOMES) == codes("referral_outcome")
    assert set(referral_domain.CHANNELS) == codes("contact_attempt_channel")


def test_signals_and_factors_are_keyed_to_a_domain() -> None:
    v = vocab.default()
    domains = codes("concern_domain")
    for name in ("risk_signal", "protective_factor"):
        entries = v.codes(name, include_inactive=True)
        assert entries
        for c in entries:
            assert c.extra.get("domain") in domains, (name, c.code)
    # No invented signals where no source names any (OPSPORING §3).
    assert not [c for c in v.codes("risk_signal") if c.extra["domain"] in ("disability", "other")]


def test_no_score_level_or_rank_anywhere() -> None:
    for name in ("concern_domain", "risk_signal", "protective_factor"):
        for c in vocab.default().codes(name, include_inactive=True):
            assert not {"score", "weight", "points", "level", "rank"} & set(c.extra)


def test_assessment_with_empty_domains_saves(store: Store, citizen_id: str) -> None:
    aid = screening.create(store, citizen_id, today=TODAY)
    a = screening.get(store, aid)
    assert a["assessed_on"] == "2026-03-12" and a["worker_name"] == "Anne Holm"
    assert a["sharing"] == "internal" and a["domains"] == [] and a["actions"] == []
    did, changed = screening.set_domain(store, aid, "housing", {})
    assert changed == []
    row = screening.domain_row(store, aid, "housing")
    assert row is not None and row["concern"] is None and row["sharing"] == "internal"
    assert did == row["id"]


def test_domain_row_ticks_adds_and_keeps_unknown_codes(store: Store, citizen_id: str) -> None:
    aid = screening.create(store, citizen_id, {"phase": "dialogue"}, today=TODAY)
    screening.set_domain(store, aid, "housing", {
        "concern": "yes", "risk_signals": ["housing_sofa_surfing", "municipal_own_code"],
        "risk_signals_added": "Sover i en bil\n\nSover i en bil\n<b>fed</b>",
        "protective_factors": ["housing_access"], "youth_view": "Jeg vil have mit eget sted.",
        "judgement": "Bekymringen er tydelig."})
    screening.set_domain(store, aid, "kommunens_eget_domaene", {"concern": "no"})
    row = screening.domain_row(store, aid, "housing")
    assert row["risk_signals"] == ["housing_sofa_surfing", "municipal_own_code"]
    assert row["risk_signals_added"] == ["Sover i en bil", "<b>fed</b>"]
    prof = domain.profile(screening.domains(store, aid))
    assert [p["domain"] for p in prof][-1] == "kommunens_eget_domaene"
    assert prof[-1]["known"] is False and prof[-1]["concern"] == "no"
    assert len(prof) == len(domain.DOMAINS) + 1
    assert vocab.default().label("concern_domain", "kommunens_eget_domaene") == \
        "kommunens_eget_domaene"


def test_release_is_an_audit_row_with_date_and_worker(store: Store, citizen_id: str) -> None:
    aid = screening.create(store, citizen_id, today=TODAY)
    did, _ = screening.set_domain(store, aid, "economy", {"concern": "yes",
                                                        "judgement": "Gæld til forældre"})
    screening.release(store, "screening_domain", did)
    row = screening.domain_row(store, aid, "economy")
    assert row["sharing"] == "released" and row["released_by"] == "Anne Holm"
    assert row["released_at"]
    log = store.query("SELECT * FROM audit WHERE record_id = ? ORDER BY seq", [did])
    assert log[-1]["purpose"] == "frigivet" and json.loads(log[-1]["fields"]) == ["sharing"]
    assert log[-1]["worker_id"] == store.worker_id and log[-1]["at"]
    assert "Gæld" not in json.dumps(log)
    screening.make_internal(store, "screening_domain", did)
    assert screening.domain_row(store, aid, "economy")["sharing"] == "internal"
    assert audit.verify(store).ok
    with pytest.raises(ValueError):
        screening.release(store, "citizen", citizen_id)


def test_actions_with_onward_referral(store: Store, citizen_id: str) -> None:
    from hfdesk.store import actors

    uu = actors.create(store, {"actor_type": "school", "name": "UU Øst"})
    aid = screening.create(store, citizen_id, today=TODAY)
    xid = screening.add_action(store, aid, {"what": "Netværksmøde", "who": "Anne",
                                            "due_date": "1.4.26", "onward_actor_id": uu})
    assert screening.actions(store, aid)[0]["due_date"] == "2026-04-01"
    screening.update_action(store, xid, {"done_date": "2.4.26"})
    with pytest.raises(ValidationError) as exc:
        screening.add_action(store, aid, {"what": ""})
    assert exc.value.field == "what"
    with pytest.raises(ValidationError):
        screening.add_action(store, aid, {"what": "x", "onward_actor_id": "nope"})
    screening.delete_action(store, xid)
    assert screening.actions(store, aid) == []


def test_compare_two_assessments(store: Store, citizen_id: str) -> None:
    first = screening.create(store, citizen_id, {"assessed_on": "1.1.26"}, today=TODAY)
    screening.set_domain(store, first, "housing", {"concern": "yes",
                                                   "risk_signals": ["housing_sofa_surfing"]})
    screening.set_domain(store, first, "crime", {"concern": "not_assessed"})
    second = screening.create(store, citizen_id, {"assessed_on": "1.3.26"}, today=TODAY)
    screening.set_domain(store, second, "housing", {
        "concern": "yes", "risk_signals": [], "protective_factors": ["housing_access"],
        "protective_added": ["Søster har et værelse"]})
    screening.set_domain(store, second, "crime", {"concern": "no"})
    changes = {c.domain: c for c in domain.compare(screening.domains(store, first),
                                                   screening.domains(store, second))}
    assert changes["housing"].signals_removed == ("housing_sofa_surfing",)
    assert changes["housing"].protective_added == ("housing_access", "+Søster har et værelse")
    assert changes["crime"].concern_before == "not_assessed"
    assert changes["crime"].concern_after == "no" and changes["crime"].changed
    assert not changes["economy"].changed
    assert [a["id"] for a in screening.for_citizen(store, citizen_id)] == [second, first]
    assert screening.latest(store, citizen_id)["id"] == second


@pytest.mark.parametrize("data,field", [
    ({"assessed_on": ""}, "assessed_on"),
    ({"assessed_on": "1.1.2030"}, "assessed_on"),
    ({"worker_name": "  "}, "worker_name"),
    ({"phase": "level_3"}, "phase"),
    ({"target_subgroup": "x"}, "target_subgroup"),
    ({"homelessness_duration": "forever"}, "homelessness_duration"),
    ({"summary": "s" * 100_001}, "summary"),
])
def test_bad_assessment_refused(store: Store, citizen_id: str, data: dict[str, Any],
                                field: str) -> None:
    before = store.query("SELECT count(*) AS n FROM audit")
    with pytest.raises(ValidationError) as exc:
        screening.create(store, citizen_id, data, today=TODAY)
    assert exc.value.field == field and exc.value.message
    assert store.query("SELECT count(*) AS n FROM audit") == before
    assert screening.for_citizen(store, citizen_id) == []


@pytest.mark.parametrize("code,data,field", [
    ("", {}, "domain"),
    ("<script>", {}, "domain"),
    ("housing", {"concern": "maybe"}, "concern"),
    ("housing", {"concern": "3"}, "concern"),
    ("housing", {"risk_signals": "housing_sofa_surfing"}, "risk_signals"),
    ("housing", {"risk_signals": ["Sover i bil"]}, "risk_signals"),
    ("housing", {"risk_signals_added": ["x" * 301]}, "risk_signals_added"),
    ("housing", {"protective_added": [str(i) for i in range(40)]}, "protective_added"),
    ("housing", {"youth_view": "y" * 100_001}, "youth_view"),
])
def test_bad_domain_row_refused(store: Store, citizen_id: str, code: str, data: dict[str, Any],
                                field: str) -> None:
    aid = screening.create(store, citizen_id, today=TODAY)
    with pytest.raises(ValidationError) as exc:
        screening.set_domain(store, aid, code, data)
    assert exc.value.field == field
    assert screening.domains(store, aid) == []


@given(st.dictionaries(st.sampled_from(domain.DOMAIN_FIELDS),
                       st.one_of(st.none(), st.text(max_size=30),
                                 st.lists(st.text(max_size=12), max_size=5), st.integers())))
def test_validate_domain_never_crashes(data: dict[str, Any]) -> None:
    try:
        out = domain.validate_domain(data, partial=True)
    except ValidationError as exc:
        assert exc.field in domain.DOMAIN_FIELDS and exc.message
    else:
        assert set(out) <= set(domain.DOMAIN_FIELDS)


def test_deleting_the_citizen_purges_assessments(store: Store, citizen_id: str) -> None:
    aid = screening.create(store, citizen_id, today=TODAY)
    did, _ = screening.set_domain(store, aid, "housing", {"concern": "yes"})
    screening.set_domain(store, aid, "housing", {"concern": "no"})
    xid = screening.add_action(store, aid, {"what": "Ring"})
    screening.update_action(store, xid, {"who": "Anne"})
    citizens.delete(store, citizen_id, reason="test")
    assert store.query("SELECT count(*) AS n FROM record_versions")[0]["n"] == 0
    assert store.query("SELECT count(*) AS n FROM screening_domains")[0]["n"] == 0
    assert audit.verify(store).ok


# --- command line ----------------------------------------------------------------------------


@pytest.fixture
def cli_env(store: Store, db_path: Path, passphrase: str,
            monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    return store


def _run(store: Store, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, Any]:
    store.close()
    code = cli.main([*argv, "--db", str(store.path)])
    out = capsys.readouterr()
    try:
        return code, json.loads(out.out)
    except json.JSONDecodeError:
        return code, out


def test_cli_lists_referrals_and_assessments(cli_env: Store, citizen_id: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from hfdesk.store import referrals

    store = cli_env
    referrals.create(store, {"received_date": date.today(), "source": "jobcentre",
                             "person_name": "Ali", "person_age": 16})
    aid = screening.create(store, citizen_id)
    screening.set_domain(store, aid, "housing", {"concern": "yes"})
    code, rows = _run(store, capsys, "list", "referrals", "--json")
    assert code == 0 and rows[0]["underretning"] == "received" and rows[0]["status"] == "forward"
    from hfdesk.store import database

    store2 = database.open_store(store.path, "korrekt hest batteri")
    code, rows = _run(store2, capsys, "list", "assessments", "--citizen", citizen_id, "--json")
    assert code == 0 and rows[0]["id"] == aid and rows[0]["concern"] == {"housing": "yes"}
    assert "score" not in json.dumps(rows)
    code = cli.main(["list", "assessments", "--db", str(store.path), "--json"])
    assert code != 0 and "--citizen" in capsys.readouterr().err


def test_cli_prints_screening_and_blank_form(cli_env: Store, citizen_id: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    store = cli_env
    aid = screening.create(store, citizen_id)
    out = tmp_path / "resume.pdf"
    code, _ = _run(store, capsys, "print", "screening", "--citizen", citizen_id,
                   "--assessment", aid, "--out", str(out))
    assert code == 0
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Opsporingsresumé til myndighed" in text and "Mia Louise Jensen" in text
    form = tmp_path / "form.pdf"
    assert cli.main(["print", "referral-form", "--out", str(form)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(form).pages)
    assert "underretning" in text and "Boligforhold" in text
