"""Fidelity self-assessment: the instrument as data, scores 1–4 and "ikke relevant", dated
rounds, comparison with section means that leave "ikke relevant" out, print, no citizen data."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk.domain import fidelity as domain
from hfdesk.errors import NotFound, ValidationError
from hfdesk.store import fidelity
from hfdesk.store.database import Store

TODAY = date(2026, 6, 30)


def test_shipped_instrument_has_the_sixteen_items_of_domain_8() -> None:
    inst = fidelity.instrument()
    assert len(inst.items) == 16
    assert [s.title for s in inst.sections][:3] == ["Opsporing", "Plan", "Bolig"]
    assert inst.values == (4, 3, 2, 1)
    assert inst.scale_label(4) == "I høj grad"
    assert inst.item("familiemaegling_brug") is not None


@pytest.mark.parametrize("bad", [
    {},
    {"instruments": []},
    {"instruments": [{"key": "x", "version": "1", "title": "T", "scale": [], "items": []}]},
    {"instruments": [{"key": "x", "version": "1", "title": "T",
                      "scale": [{"value": 1, "label": "a"}, {"value": 2, "label": "b"}],
                      "sections": [{"key": "s", "title": "S"}],
                      "items": [{"key": "i", "section": "other", "text": "t"}]}]},
    {"instruments": [{"key": "x", "version": "1", "title": "T",
                      "scale": [{"value": 9, "label": "a"}, {"value": 2, "label": "b"}],
                      "sections": [{"key": "s", "title": "S"}],
                      "items": [{"key": "i", "section": "s", "text": "t"}]}]},
])
def test_broken_instrument_files_are_refused_in_danish(bad: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as err:
        domain.parse(bad)
    assert "fidelity.toml" in err.value.message


def test_rounds_scores_and_comparison_by_hand(store: Store) -> None:
    r1 = fidelity.create_round(store, {"round_date": "01.03.2026", "title": "Runde 1"},
                               today=TODAY)
    r2 = fidelity.create_round(store, {"round_date": "01.06.2026"}, today=TODAY)
    fidelity.set_score(store, r1, "opsporing_samarbejde", 4)
    fidelity.set_score(store, r1, "opsporing_velfungerende", "2")
    fidelity.set_score(store, r1, "opsporing_risiko", "ikke relevant")
    fidelity.set_score(store, r2, "opsporing_samarbejde", 3, comment="Bedre aftaler")
    fidelity.set_score(store, r2, "opsporing_velfungerende", 3)
    fidelity.set_score(store, r2, "opsporing_risiko", 4)
    snap = fidelity.snapshot(store)
    comp = snap["comparison"]
    assert [r["id"] for r in comp.rounds] == [r1, r2]          # oldest first
    rows = {text: cells for _kind, text, cells in comp.rows}
    assert rows["Gennemsnit, opsporing"] == ["3,00 (n=2)", "3,33 (n=3)"]
    assert rows["De unge får identificeret risiko- og beskyttelsesfaktorer for hjemløshed"] \
        == ["Ikke relevant", "4"]
    assert rows["Gennemsnit, plan"] == ["–", "–"]              # nothing rated: no division
    assert rows["Gennemsnit i alt"] == ["3,00 (n=2)", "3,33 (n=3)"]
    assert fidelity.scores(store, r2)["opsporing_samarbejde"]["comment"] == "Bedre aftaler"
    # Up to a chosen round only.
    assert [r["id"] for r in fidelity.snapshot(store, r1)["rounds"]] == [r1]
    # Clearing a score.
    fidelity.set_score(store, r1, "opsporing_velfungerende", "")
    rows = {t: c for _k, t, c in fidelity.snapshot(store)["comparison"].rows}
    assert rows["Gennemsnit, opsporing"][0] == "4,00 (n=1)"


@pytest.mark.parametrize("bad", [0, 5, "7", "fire", -1, 2.5, True, "x" * 10_000])
def test_scores_outside_the_scale_are_refused(store: Store, bad: Any) -> None:
    rid = fidelity.create_round(store, today=TODAY)
    with pytest.raises(ValidationError) as err:
        fidelity.set_score(store, rid, "bolig_mulig", bad)
    assert "ikke relevant" in err.value.message
    assert fidelity.scores(store, rid) == {}


def test_unknown_item_round_and_bad_dates(store: Store) -> None:
    rid = fidelity.create_round(store, today=TODAY)
    with pytest.raises(ValidationError):
        fidelity.set_score(store, rid, "no_such_item", 3)
    with pytest.raises(NotFound):
        fidelity.set_score(store, "no-such-round", "bolig_mulig", 3)
    with pytest.raises(ValidationError):
        fidelity.update_round(store, rid, {"round_date": "31.02.2026"})
    with pytest.raises(ValidationError):
        fidelity.update_round(store, rid, {"round_date": ""})
    with pytest.raises(ValidationError):
        fidelity.update_round(store, rid, {"title": "x" * 500})
    assert fidelity.get_round(store, rid)["round_date"] == TODAY.isoformat()


@given(st.one_of(st.none(), st.integers(-5, 9), st.text(max_size=12)))
def test_validate_score_accepts_exactly_the_scale(value: Any) -> None:
    inst = fidelity.instrument()
    try:
        score, nr = domain.validate_score(inst, "bolig_mulig", value)
    except ValidationError:
        return
    if nr:
        assert score is None
    elif score is not None:
        assert score in (1, 2, 3, 4)


@given(st.lists(st.one_of(st.none(), st.integers(1, 4)), max_size=20))
def test_mean_leaves_out_not_relevant_and_never_divides_by_zero(scores: list[Any]) -> None:
    value, n = domain.mean(scores)
    rated = [s for s in scores if s is not None]
    assert n == len(rated)
    if rated:
        assert value == pytest.approx(sum(rated) / len(rated))
    else:
        assert value is None


def test_fidelity_holds_no_citizen_data_and_audits_without_citizen(store: Store) -> None:
    rid = fidelity.create_round(store, today=TODAY)
    fidelity.set_score(store, rid, "bolig_mulig", 3)
    cols = {r["name"] for r in store.query("PRAGMA table_info(fidelity_rounds)")} | {
        r["name"] for r in store.query("PRAGMA table_info(fidelity_scores)")}
    assert "citizen_id" not in cols
    rows = store.query("SELECT citizen_id FROM audit WHERE record_kind LIKE 'fidelity%'")
    assert rows and all(r["citizen_id"] is None for r in rows)


def test_delete_round_removes_its_scores(store: Store) -> None:
    rid = fidelity.create_round(store, today=TODAY)
    fidelity.set_score(store, rid, "bolig_mulig", 3)
    fidelity.delete_round(store, rid)
    assert fidelity.list_rounds(store) == []
    assert store.query("SELECT COUNT(*) AS n FROM fidelity_scores")[0]["n"] == 0


def test_print_fidelity_pdf_and_cli(store: Store, db_path: Path, passphrase: str,
                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    from hfdesk import cli
    from hfdesk.commands.statistics import fidelity_pdf

    empty = fidelity_pdf(store)
    assert "ingen fidelitetsrunder" in PdfReader(io.BytesIO(empty)).pages[0].extract_text()
    r1 = fidelity.create_round(store, {"round_date": "01.03.2026", "title": "Forår"},
                               today=TODAY)
    fidelity.set_score(store, r1, "bolig_mulig", 2)
    r2 = fidelity.create_round(store, {"round_date": "01.06.2026", "title": "Sommer"},
                               today=TODAY)
    fidelity.set_score(store, r2, "bolig_mulig", 4)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(fidelity_pdf(store))).pages)
    assert "Sammenligning af runder" in text and "Forår" in text and "Sommer" in text
    store.close()
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    out = tmp_path / "f.pdf"
    assert cli.main(["print", "fidelity", "--db", str(db_path), "--round", r1,
                     "--out", str(out)]) == 0
    text = "".join(p.extract_text() for p in PdfReader(out).pages)
    assert "Forår" in text and "Sommer" not in text
    assert cli.main(["print", "fidelity", "--db", str(db_path), "--round", "nope",
                     "--out", str(out)]) != 0
