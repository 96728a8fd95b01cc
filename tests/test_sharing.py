"""The one sharing rule: internal items reach no audience; released items only the authority
and the export; the youth's own printouts and external recipients never get screening content."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import sharing

ITEMS: list[dict[str, Any]] = [
    {"id": "a", "sharing": "internal", "text": "intern"},
    {"id": "b", "sharing": "released", "text": "frigivet"},
    {"id": "c", "text": "no flag"},
    {"id": "d", "sharing": "RELEASED"},
    {"id": "e", "sharing": None},
    {"id": "f", "sharing": "may_enter_plan"},
]


@pytest.mark.parametrize("audience", sharing.AUDIENCES)
def test_internal_items_reach_no_audience(audience: str) -> None:
    got = sharing.releasable_items(ITEMS, audience)
    assert all(i["sharing"] == "released" for i in got)
    assert not any(i["id"] in {"a", "c", "d", "e", "f"} for i in got)


def test_released_items_reach_only_authority_and_export() -> None:
    assert [i["id"] for i in sharing.releasable_items(ITEMS, "authority")] == ["b"]
    assert [i["id"] for i in sharing.releasable_items(ITEMS, "export")] == ["b"]
    assert sharing.releasable_items(ITEMS, "youth") == []
    assert sharing.releasable_items(ITEMS, "external") == []
    assert sharing.may_read(ITEMS[1], "authority") and not sharing.may_read(ITEMS[1], "youth")


def test_unknown_audience_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        sharing.releasable_items(ITEMS, "landlord")
    with pytest.raises(ValueError):
        sharing.may_read(ITEMS[0], "")


def test_withheld_count_and_assessment_items() -> None:
    assessment = {"id": "x", "summary": "Sammenfatning", "sharing": "internal",
                  "domains": [{"id": "d1", "domain": "housing", "concern": "yes",
                               "sharing": "released"},
                              {"id": "d2", "domain": "crime", "sharing": "released"},
                              {"id": "d3", "domain": "economy", "judgement": "x",
                               "sharing": "internal"}],
                  "actions": [{"id": "x1", "what": "Ring", "sharing": "internal"}]}
    items = sharing.assessment_items(assessment)
    assert [(i["item_kind"], i["id"]) for i in items] == [
        ("summary", "x"), ("domain", "d1"), ("domain", "d3"), ("action", "x1")]
    assert [i["id"] for i in sharing.releasable_items(items, "authority")] == ["d1"]
    assert sharing.withheld_count(items, "authority") == 3
    assert sharing.withheld_count(items, "youth") == 4


@given(st.lists(st.fixed_dictionaries({"sharing": st.one_of(
    st.none(), st.sampled_from(["internal", "released", "Released", ""]), st.text(max_size=8))}),
    max_size=20), st.sampled_from(sharing.AUDIENCES))
def test_rule_holds_for_any_items(items: list[dict[str, Any]], audience: str) -> None:
    got = sharing.releasable_items(items, audience)
    if audience in ("authority", "export"):
        assert got == [i for i in items if i["sharing"] == "released"]
    else:
        assert got == []
    assert sharing.withheld_count(items, audience) == len(items) - len(got)


def test_every_document_builder_reads_opsporing_through_sharing() -> None:
    """Builders that touch screening content import the rule; the youth-facing and external
    ones must not contain screening content at all."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "hfdesk"
    for path in [*(root / "documents").glob("*.py"), *(root / "exchange").glob("*.py")]:
        text = path.read_text("utf-8")
        if "store import screening" in text or "screening.get(" in text \
                or "screening_domains" in text:
            assert "sharing" in text, f"{path.name} reads opsporing items without hfdesk.sharing"
