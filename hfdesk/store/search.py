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


def notes(store: Store, query: str, limit: int = NOTE_LIMIT) -> list[dict[str, Any]]:
    """Journal notes matching the query, newest first, with the matching line."""
    if len(query.strip()) < MIN_NOTE_QUERY:
        return []
    q = _fts_query(query)
    if q is None:
        return []
    rows = store.query(
        "SELECT j.id AS entry_id, j.citizen_id, j.occurred_at, j.note "
        "FROM journal_fts f JOIN journal_entries j ON j.rowid = f.rowid "
        "WHERE journal_fts MATCH ? ORDER BY j.occurred_at DESC LIMIT ?", [q, limit])
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


def name_matches(brief: dict[str, Any], query: str) -> bool:
    """In-memory match of a citizen on name words (prefix) or CPR digits."""
    q = query.strip()
    if not q:
        return True
    digits = q.replace("-", "").replace(" ", "")
    if digits.isdigit():
        return bool(brief.get("cpr_digits")) and str(brief["cpr_digits"]).startswith(digits)
    names = fold(f"{brief.get('legal_name') or ''} {brief.get('preferred_name') or ''}").split()
    return all(any(n.startswith(w) for n in names) for w in fold(q).split())
