"""The opsporingsresumé and the blank henvendelsesskema, read back from the PDF: æøå, hostile
and huge text, released items only, and the line that says internal notes exist."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hfdesk.documents.referral_form import build_referral_form, referral_form_snapshot
from hfdesk.documents.screening_snapshot import screening_snapshot
from hfdesk.documents.screening_summary import build_screening_summary
from hfdesk.store import citizens, housing, screening
from hfdesk.store.database import Store

PRINTED_AT = datetime(2026, 3, 12, 14, 32)


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def base_snapshot(**assessment: Any) -> dict[str, Any]:
    a: dict[str, Any] = {
        "assessed_on": "2026-03-01", "worker_name": "Anne Holm", "phase_label": "Dialog med den unge",
        "target_subgroup_label": "I risiko for hjemløshed", "duration_label": "1-2 måneder",
        "summary": {"text": "Frigivet sammenfatning om Søren", "sharing": "released"},
        "domains": [
            {"sharing": "released", "domain_label": "Boligforhold", "concern": "yes",
             "concern_label": "Ja", "risk_signals": ["Sover hos venner (sofasurfer)"],
             "protective_factors": ["Adgang til bolig"], "judgement": "Åbenlys bekymring",
             "youth_view": "Jeg vil bo tæt på min søster"},
            {"sharing": "internal", "domain_label": "Økonomi", "concern": "yes",
             "concern_label": "Ja", "judgement": "HEMMELIG INTERN VURDERING"},
        ],
        "actions": [{"sharing": "released", "what": "Skriv op til ungdomsbolig", "who": "Anne",
                     "due_date": "2026-04-01", "onward": "UU Øst"},
                    {"sharing": "internal", "what": "INTERN HANDLING"}],
        "internal_count": 0,
    }
    a.update(assessment)
    return {"organisation": "Demo-kommune · Bostøtteteamet", "printed_by": "Anne Holm",
            "printed_at": PRINTED_AT, "demo": False,
            "citizen": {"legal_name": "Søren Ærø Åberg", "cpr": "120304-1234"},
            "housing_now": {"situation_label": "Midlertidigt hos familie/venner",
                            "since": "2026-01-04"},
            "assessment": a}


def test_summary_prints_released_items_only_and_says_internal_exist() -> None:
    text = flat(text_of(build_screening_summary(base_snapshot())))
    assert "Opsporingsresumé til myndighed" in text
    assert "Søren Ærø Åberg" in text and "120304-xxxx" in text and "1234" not in text
    assert "Boligforhold" in text and "Jeg vil bo tæt på min søster" in text
    assert "Skriv op til ungdomsbolig" in text and "UU Øst" in text
    assert "Frigivet sammenfatning om Søren" in text
    assert "HEMMELIG" not in text and "INTERN HANDLING" not in text and "Økonomi" not in text
    assert "interne notater" in text and "(2)" in text
    assert "Midlertidigt hos familie/venner" in text


def test_summary_with_internal_summary_and_nothing_released() -> None:
    snap = base_snapshot(summary={"text": "INTERN SAMMENFATNING", "sharing": "internal"},
                         domains=[], actions=[], internal_count=4)
    text = flat(text_of(build_screening_summary(snap)))
    assert "INTERN" not in text
    assert "Ingen domæner er frigivet" in text and "Ingen indsatser er frigivet" in text
    assert "interne notater" in text


def test_summary_without_assessment_and_with_broken_snapshot() -> None:
    assert "ingen opsporingsvurdering" in text_of(build_screening_summary(
        {"citizen": {"legal_name": "Mia"}}))
    text = text_of(build_screening_summary({"assessment": {"domains": "oops", "actions": None,
                                                           "internal_count": "x"}}))
    assert "Opsporingsresumé" in text


def test_hostile_and_huge_text_prints() -> None:
    huge = "Lang vurdering med æøå. " * 3000
    snap = base_snapshot(domains=[{
        "sharing": "released", "domain_label": "<b>Bolig</b> & \x00ting\x1b", "concern": "yes",
        "concern_label": "Ja", "risk_signals": ["<script>alert(1)</script>"] * 40,
        "judgement": huge, "youth_view": "a < b & c > d"}])
    pdf = build_screening_summary(snap)
    text = flat(text_of(pdf))
    assert "<b>Bolig</b> & ting" in text and "<script>alert(1)</script>" in text
    assert "a < b & c > d" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages) > 5


def test_snapshot_reads_through_sharing(store: Store, citizen_id: str) -> None:
    housing.add_segment(store, citizen_id, {"housing_situation": "shelter_110",
                                            "start_date": "2026-02-01"})
    aid = screening.create(store, citizen_id, {"phase": "actions",
                                               "summary": "INTERN SAMMENFATNING"})
    did, _ = screening.set_domain(store, aid, "housing", {
        "concern": "yes", "risk_signals": ["housing_sofa_surfing"],
        "youth_view": "Med mine egne ord"})
    screening.set_domain(store, aid, "economy", {"concern": "yes", "judgement": "INTERN GÆLD"})
    screening.set_domain(store, aid, "crime", {})  # empty draft row: no item
    screening.release(store, "screening_domain", did)
    snap = screening_snapshot(store, citizen_id, printed_at=PRINTED_AT)
    a = snap["assessment"]
    assert [d["domain_label"] for d in a["domains"]] == ["Boligforhold"]
    assert a["summary"] is None and a["internal_count"] == 2
    assert a["phase_label"] == "Indsatser sat i gang"
    assert "INTERN" not in repr(snap)
    assert snap["housing_now"]["situation_label"]
    text = flat(text_of(build_screening_summary(snap)))
    assert "Sover skiftevis hos venner eller familie (sofasurfer)" in text
    assert "Med mine egne ord" in text and "(2)" in text
    # The youth audience gets nothing at all.
    youth = screening_snapshot(store, citizen_id, audience="youth")
    assert youth["assessment"]["domains"] == [] and youth["assessment"]["actions"] == []
    other, _ = citizens.create(store, {"legal_name": "Ole"})
    from hfdesk.errors import NotFound

    with pytest.raises(NotFound):
        screening_snapshot(store, other, assessment_id=aid)


def test_referral_form_has_domains_as_boxes_and_the_underretning_reminder() -> None:
    pdf = build_referral_form(referral_form_snapshot("Demo-kommune", printed_at=PRINTED_AT))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = flat(text_of(pdf))
    for label in ("Boligforhold", "Familie/rammer og opvækst", "Psykisk sårbarhed",
                  "Rusmiddelproblematik/afhængighed", "Funktionsnedsættelse", "Andet"):
        assert f"\u2610 {label}" in text or label in text
    assert "\u2610" in text
    assert "under 18 år" in text and "underretning" in text and "Børn og Familie" in text
    assert "Demo-kommune" in text
    assert build_referral_form() == build_referral_form()  # deterministic


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm not installed")
def test_both_printouts_render_to_images(tmp_path: Path) -> None:
    for name, pdf in (("resume", build_screening_summary(base_snapshot())),
                      ("form", build_referral_form())):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / f"{name}.pdf"),
                        str(tmp_path / name)], check=True, capture_output=True)
        pngs = sorted(tmp_path.glob(f"{name}-*.png"))
        assert pngs and all(p.stat().st_size > 1000 for p in pngs)
