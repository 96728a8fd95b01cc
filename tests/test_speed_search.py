"""Search at municipality scale: the bounded note query and the one-pass name match give the
same answers as the plain definitions (every match sorted newest first; fold and prefix)."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from hfdesk.store import journal, search
from hfdesk.store.database import Store


def _add(store: Store, citizen_id: str, note: str, when: str) -> str:
    return journal.add(store, citizen_id, {"occurred_at": when, "entry_type": "home_visit",
                                           "note": note})


def _reference(store: Store, query: str) -> list[str]:
    """Every match, sorted newest first (ties: newest row), the first 50: the definition."""
    rows = store.query(
        "SELECT j.id, j.occurred_at, j.rowid AS rid FROM journal_fts f "
        "JOIN journal_entries j ON j.rowid = f.rowid WHERE journal_fts MATCH ?",
        [search._fts_query(query)])
    rows.sort(key=lambda r: (r["occurred_at"], r["rid"]), reverse=True)
    return [r["id"] for r in rows[:search.NOTE_LIMIT]]


@pytest.fixture
def many_notes(store: Store, citizen_id: str) -> Store:
    rng = random.Random(7)
    words = ("andre", "andet", "budget", "bolig", "skole")
    for i in range(400):
        day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00"
        note = " ".join(rng.choice(words) for _ in range(3)) + (" sjælden" if i % 97 == 0 else "")
        _add(store, citizen_id, note, day)
    return store


@pytest.mark.parametrize("query", ["and", "andr", "budget", "sjælden", "bol skole", "zzz"])
def test_bounded_note_search_is_the_newest_50(many_notes: Store, query: str,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _reference(many_notes, query)
    for threshold in (0, 10**9):  # the index walk, then read-and-sort
        monkeypatch.setattr(search, "_SORT_BELOW", threshold)
        hits = search.notes(many_notes, query)
        assert [h["entry_id"] for h in hits] == expected, (query, threshold)
        assert all(h["line"] for h in hits)


def _plain_match(brief: dict[str, Any], query: str) -> bool:
    """The definition: every folded query word starts a folded name word; digits match CPR."""
    q = query.strip()
    if not q:
        return True
    digits = q.replace("-", "").replace(" ", "")
    if digits.isdigit():
        return bool(brief.get("cpr_digits")) and str(brief["cpr_digits"]).startswith(digits)
    names = search.fold(f"{brief.get('legal_name') or ''} "
                        f"{brief.get('preferred_name') or ''}").split()
    return all(any(n.startswith(w) for n in names) for w in search.fold(q).split())


NAMES = ["André Ørsted", "Åse Aagaard", "Mia Louise Jensen", "Ali Karimi", "Zoë Ñúñez", ""]


@hsettings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200)
@given(query=st.one_of(st.text(max_size=12), st.sampled_from(
    ["a", "an", "andre", "ors", "ørs", "å", "aa", "mia jen", "1203", "120394-1", " ", "zoe"])),
    preferred=st.sampled_from(["", "Mia", "Ali", "Åse"]))
def test_match_names_is_the_plain_match(query: str, preferred: str) -> None:
    briefs = [{"id": str(i), "legal_name": n, "preferred_name": preferred or None,
               "cpr_digits": "1203941234" if i % 2 else None} for i, n in enumerate(NAMES)]
    expected = [b["id"] for b in briefs if _plain_match(b, query)]
    assert [b["id"] for b in search.match_names(briefs, query)] == expected
    assert [b["id"] for b in briefs if search.name_matches(b, query)] == expected
