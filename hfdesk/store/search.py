"""Search: notes through FTS5, folded so å, æ and ø stay distinct while other accents fold.

SQLite's own diacritics removal would fold å into a ("Århus" = "Arhus"), so the index is built
with `remove_diacritics 0` over text we fold ourselves (André → andre, Århus stays århus).
Names and CPR numbers are matched in memory by the caller (ui) from `citizens.list_brief`.
"""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

from hfdesk.store.database import Store

_KEEP = {"å": "\ue000", "Å": "\ue001"}
_BACK = {v: k.lower() for k, v in _KEEP.items()}
NOTE_LIMIT = 50
MIN_NOTE_QUERY = 3


@functools.lru_cache(maxsize=16384)
def fold(text: str) -> str:
    # Composed first: a decomposed "A" + ring (macOS, some PDFs) must stay å, not fold to a.
    text = unicodedata.normalize("NFC", text)
    for k, v in _KEEP.items():
        text = text.replace(k, v)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    for k, v in _BACK.items():
        stripped = stripped.replace(k, v)
    return unicodedata.normalize("NFC", stripped).casefold()


def index_entry(store: Store, entry_id: str, citizen_id: str, text: str, *,
                new: bool = False) -> None:
    """(Re)index a note. The index row shares the journal row's rowid, so replacing it is a
    rowid lookup rather than a scan of every indexed note."""
    row = store.db.execute("SELECT rowid FROM journal_entries WHERE id = ?", [entry_id]).fetchone()
    if row is None:
        return
    if not new:
        store.db.execute("DELETE FROM journal_fts WHERE rowid = ?", [row[0]])
    if text.strip():
        store.db.execute(
            "INSERT INTO journal_fts(rowid, body, entry_id, citizen_id) VALUES (?, ?, ?, ?)",
            [row[0], fold(text), entry_id, citizen_id])


def _fts_query(query: str) -> str | None:
    # A NUL ends FTS5's string early ("unterminated string"), and a lone surrogate cannot be
    # encoded for SQLite: controls and surrogates become spaces, like quotes.
    cleaned = "".join(" " if c == '"' or unicodedata.category(c) in ("Cc", "Cs") else c
                      for c in fold(query))
    words = [w for w in cleaned.split() if w]
    if not words:
        return None
    # Each word as a quoted prefix: user text never reaches FTS5 syntax unquoted.
    return " ".join(f'"{w}"*' for w in words)


# Below this many matches, reading and sorting them all is cheapest; above it, walking the
# time index newest first stops after about LIMIT × (notes / matches) index entries.
_SORT_BELOW = 150  # measured: the two cost the same near 150 matches (municipality demo)


def notes(store: Store, query: str, limit: int = NOTE_LIMIT) -> list[dict[str, Any]]:
    """Journal notes matching the query, newest first, with the matching line."""
    if len(query.strip()) < MIN_NOTE_QUERY:
        return []
    q = _fts_query(query)
    if q is None:
        return []
    # Bounded either way: a short prefix ("and") matches 12,000 notes, and reading every one
    # of them to sort by date took 0.2 s. Counting the matches costs only the FTS doclist.
    count = store.query("SELECT count(*) AS n FROM journal_fts WHERE journal_fts MATCH ?",
                        [q])[0]["n"]
    if not count:
        return []
    if count < _SORT_BELOW:
        sql = ("SELECT j.id AS entry_id, j.citizen_id, j.occurred_at, j.note "
               "FROM journal_fts f JOIN journal_entries j ON j.rowid = f.rowid "
               "WHERE journal_fts MATCH ? ORDER BY j.occurred_at DESC, j.rowid DESC LIMIT ?")
        rows = store.query(sql, [q, limit])
    else:
        # The time index (migration 0013_speed) holds occurred_at and rowid, so the walk reads
        # no note until the 50 newest matches are known; then only those 50 are read.
        hits = store.query(
            "SELECT j.rowid AS rid FROM journal_entries j INDEXED BY journal_time "
            "WHERE j.rowid IN (SELECT rowid FROM journal_fts WHERE journal_fts MATCH ?) "
            "ORDER BY j.occurred_at DESC, j.rowid DESC LIMIT ?", [q, limit])
        order = [h["rid"] for h in hits]
        marks = ", ".join("?" for _ in order)
        found = {r.pop("rid"): r for r in store.query(
            "SELECT rowid AS rid, id AS entry_id, citizen_id, occurred_at, note "
            f"FROM journal_entries WHERE rowid IN ({marks})", order)}
        rows = [found[rid] for rid in order if rid in found]
    words = fold(query).split()
    for r in rows:
        r["line"] = matching_line(r.pop("note") or "", words)
    return rows


def matching_line(note: str, words: list[str]) -> str:
    for line in note.splitlines():
        folded = fold(line)
        if any(w in folded for w in words):
            return line.strip()[:200]
    return note.strip().splitlines()[0][:200] if note.strip() else ""


@functools.lru_cache(maxsize=16384)
def _name_words(legal_name: str, preferred_name: str) -> str:
    """The folded name words as " w1 w2 … ": a word starts with w where " " + w occurs.
    Folded once per name, not once per citizen per keystroke."""
    return " " + " ".join(fold(f"{legal_name} {preferred_name}").split()) + " "


def _cpr_digits(query: str) -> str | None:
    digits = query.replace("-", "").replace(" ", "")
    return digits if digits.isdigit() else None


def name_matches(brief: dict[str, Any], query: str) -> bool:
    """In-memory match of a citizen on name words (prefix) or CPR digits."""
    return bool(match_names([brief], query))


def match_names(briefs: list[dict[str, Any]], query: str) -> list[dict[str, Any]]:
    """The citizens whose name words start with every query word (folded), or whose CPR
    starts with the query's digits (with or without the dash). The query is parsed once."""
    q = query.strip()
    if not q:
        return list(briefs)
    digits = _cpr_digits(q)
    if digits is not None:
        return [b for b in briefs
                if b.get("cpr_digits") and str(b["cpr_digits"]).startswith(digits)]
    # A space cannot be part of a folded word, so " " + word matches at word starts only.
    keys = [" " + w for w in fold(q).split()]
    words = _name_words
    if len(keys) == 1:
        key = keys[0]
        return [b for b in briefs
                if key in words(b.get("legal_name") or "", b.get("preferred_name") or "")]
    return [b for b in briefs
            if all(k in words(b.get("legal_name") or "", b.get("preferred_name") or "")
                   for k in keys)]
