"""Erasing one citizen from the database file: every area, versions, index, drafts, audit.

Which rows belong to the citizen is read from the schema, never from a hand-kept list: every
table with a `citizen_id` column, or with a foreign key leading to one (the same rule the
exchange package uses, `hfdesk.store.exchange`), so a table another area adds later is erased
too. Afterwards `compact()` checkpoints the WAL and VACUUMs (secure_delete is on), so the
file's bytes no longer hold the deleted pages. Backups keep their copy until they rotate out.
"""

from __future__ import annotations

from typing import Any

from hfdesk.store import audit, exchange, records
from hfdesk.store.database import Store

# Never erased by citizen: the bookkeeping of the file itself. The audit is stripped to stubs
# (the hash chain must still verify); record_versions and tombstones are handled by record id.
_SKIP = {"citizens", "audit", "record_versions", "tombstones", "meta", "settings",
         "migrations", "_hfdesk_migrations"}
DELETE_PURPOSE = "sletning efter journalisering og opbevaringsperiode"


def _tables(store: Store) -> tuple[list[str], list[str]]:
    """(ordinary tables, FTS5 tables) of the schema; FTS shadow tables are left to FTS5."""
    rows = store.db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%'").fetchall()
    virtual = [str(n) for n, sql in rows if str(sql or "").upper().startswith("CREATE VIRTUAL")]
    shadow = tuple(f"{v}_" for v in virtual)
    plain = [str(n) for n, _sql in rows
             if str(n) not in virtual and not str(n).startswith(shadow) and str(n) not in _SKIP]
    return plain, virtual


def _depth(predicate: str) -> int:
    return predicate.count("IN (SELECT")


def _predicate(store: Store, table: str, seen: frozenset[str] = frozenset()) -> str | None:
    """SQL true for rows of `table` that belong to the citizen (every ? is the citizen id).

    Unlike the export's rule (the first path found), every foreign-key path counts: a meeting
    participant reaches the citizen through the meeting even when its person link is empty."""
    if table == "citizens":
        return "id = ?"
    if "citizen_id" in exchange.columns(store, table):
        return "citizen_id = ?"
    paths = []
    for col, parent in exchange.foreign_keys(store, table):
        if parent in seen or parent == "actors" or parent == table:
            continue
        inner = _predicate(store, parent, seen | {table})
        if inner is not None:
            paths.append(f"{col} IN (SELECT id FROM {parent} WHERE {inner})")
    return " OR ".join(f"({p})" for p in paths) if paths else None


def citizen_tables(store: Store) -> list[tuple[str, str]]:
    """(table, predicate) for every table holding rows of the citizen, children (deepest
    predicates) first so parents still exist while their children are found."""
    plain, _virtual = _tables(store)
    found: list[tuple[str, str]] = []
    for table in plain:
        pred = _predicate(store, table)
        if pred is not None:
            found.append((table, pred))
    return sorted(found, key=lambda tp: (-_depth(tp[1]), tp[0]))


def _params(pred: str, citizen_id: str) -> list[str]:
    return [citizen_id] * pred.count("?")


def footprint(store: Store, citizen_id: str) -> dict[str, int]:
    """How many rows the citizen has per table (what an erasure would remove)."""
    out: dict[str, int] = {}
    for table, pred in citizen_tables(store):
        n = int(store.db.execute(f"SELECT count(*) FROM {table} WHERE {pred}",
                                 _params(pred, citizen_id)).fetchone()[0])
        if n:
            out[table] = n
    return out


def purge_citizen(store: Store, citizen_id: str, *, purpose: str = DELETE_PURPOSE,
                  thorough: bool = True) -> int:
    """Delete the citizen and every row about them in one transaction; strip their audit rows.

    The audit keeps who deleted a citizen, when and why, but no id: the tombstone carries the
    id for sync, and nothing in the log points at the erased person. `thorough` (retention)
    also removes unlinked henvendelser with the same CPR number and rewrites the search index
    so no deleted word stays in it; a move to a colleague skips both. Returns rows deleted.
    """
    citizen = records.get(store, "citizen", citizen_id)
    by_table = {t: k for k, t in records.TABLES.items()}
    plain, virtual = _tables(store)
    deleted = 0
    with store.db.atomic():
        # Rows are removed children first, but a table added by another area may point at a
        # parent without ON DELETE: check foreign keys at commit, when all of them are gone.
        store.db.execute("PRAGMA defer_foreign_keys = ON")
        for table, pred in citizen_tables(store):
            kind = by_table.get(table)
            if kind is not None:
                ids = [str(r[0]) for r in store.db.execute(
                    f"SELECT id FROM {table} WHERE {pred}", _params(pred, citizen_id)).fetchall()]
                _purge_versions(store, kind, ids)
            cur = store.db.execute(f"DELETE FROM {table} WHERE {pred}", _params(pred, citizen_id))
            deleted += max(int(cur.rowcount), 0)
        # A henvendelse about the same person that never got linked still carries the CPR.
        digits = citizen.get("cpr_digits")
        if thorough and digits and "referrals" in plain:
            ids = [str(r[0]) for r in store.db.execute(
                "SELECT id FROM referrals WHERE person_cpr_digits = ?", [digits]).fetchall()]
            for rid in ids:
                records.delete(store, "referral", rid)
            deleted += len(ids)
        for vt in virtual:
            if "citizen_id" in exchange.columns(store, vt):
                store.db.execute(f"DELETE FROM {vt} WHERE citizen_id = ?", [citizen_id])
                # FTS5 keeps deleted terms in older index segments until they are merged:
                # 'optimize' rewrites the index, so the words leave the file too.
                if thorough:
                    store.db.execute(f"INSERT INTO {vt}({vt}) VALUES ('optimize')")
        records.delete(store, "citizen", citizen_id)
        audit.strip_citizen(store, citizen_id)
        audit.log(store, "delete", record_kind="citizen", purpose=purpose)
    return deleted + 1


def _purge_versions(store: Store, kind: str, ids: list[str]) -> None:
    for batch in exchange.iter_batches(ids, 400):
        store.db.execute(
            "DELETE FROM record_versions WHERE record_kind = ? AND record_id IN "
            f"({', '.join('?' for _ in batch)})", [kind, *batch])


def compact(store: Store) -> None:
    """Write the deletions into the file itself and drop freed pages: checkpoint the WAL,
    VACUUM (secure_delete zeroes what is freed), then truncate the WAL."""
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.execute("VACUUM")
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def dump_text(store: Store) -> str:
    """Every row of every table (FTS shadow tables and record_versions included) as text.

    The proof that an erased citizen is gone: the file is encrypted, so the test greps what
    the decrypted database holds, table by table, instead of the file's bytes."""
    names = [str(r[0]) for r in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()]
    parts: list[str] = []
    for name in names:
        for row in store.db.execute(f'SELECT * FROM "{name}"').fetchall():
            parts.append(name + ": " + " | ".join(_text(v) for v in row))
    return "\n".join(parts)


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        # Blobs (FTS index segments, attachments) as Latin-1, so stored words stay greppable.
        return value.decode("latin-1")
    return str(value)
