"""All SQL for backups, exports, transfers and imports.

Generic over `records.TABLES`: which rows belong to a citizen is worked out from the schema
(a `citizen_id` column, or a foreign key to a table that has one), so a table added by a later
migration is exported, transferred and imported without editing this file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import sqlcipher3

from hfdesk.store import records
from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

# Local bookkeeping that never travels: the receiving database numbers its own changes.
LOCAL_ONLY = ("change_seq",)


# --- schema introspection ------------------------------------------------------------------

def columns(store: Store, table: str) -> list[str]:
    return [str(r[1]) for r in store.db.execute(f"PRAGMA table_info({table})").fetchall()]


def foreign_keys(store: Store, table: str) -> list[tuple[str, str]]:
    """(column, parent table) for each foreign key of `table`."""
    return [(str(r[3]), str(r[2]))
            for r in store.db.execute(f"PRAGMA foreign_key_list({table})").fetchall()]


def existing_kinds(store: Store) -> dict[str, str]:
    names = {str(r[0]) for r in store.db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
    return {k: t for k, t in records.TABLES.items() if t in names}


def _citizen_predicate(store: Store, table: str, seen: frozenset[str] = frozenset()) -> str | None:
    """SQL that is true for rows of `table` belonging to the citizen bound as ?; None when the
    table has no path to a citizen (e.g. actors)."""
    if table == "citizens":
        return "id = ?"
    cols = columns(store, table)
    if "citizen_id" in cols:
        return "citizen_id = ?"
    for col, parent in foreign_keys(store, table):
        if parent in seen or parent == "actors":
            continue
        inner = _citizen_predicate(store, parent, seen | {table})
        if inner is not None:
            return f"{col} IN (SELECT id FROM {parent} WHERE {inner})"
    return None


def _unattached_predicate(store: Store, table: str,
                          seen: frozenset[str] = frozenset()) -> str | None:
    """Rows of a citizen-linked table that belong to no citizen (a referral without one)."""
    if table == "citizens":
        return None
    cols = columns(store, table)
    if "citizen_id" in cols:
        return "citizen_id IS NULL"
    for col, parent in foreign_keys(store, table):
        if parent in seen or parent == "actors":
            continue
        if _citizen_predicate(store, parent) is None:
            continue
        inner = _unattached_predicate(store, parent, seen | {table})
        return f"{col} IN (SELECT id FROM {parent} WHERE {inner})" if inner else None
    return "1"  # no path at all: a global table


def ordered_kinds(store: Store) -> list[str]:
    """Kinds ordered parents first, so inserts satisfy foreign keys."""
    kinds = existing_kinds(store)
    by_table = {t: k for k, t in kinds.items()}
    done: list[str] = []

    def visit(kind: str, stack: tuple[str, ...] = ()) -> None:
        if kind in done or kind in stack:
            return
        for _col, parent in foreign_keys(store, kinds[kind]):
            if parent in by_table and by_table[parent] != kind:
                visit(by_table[parent], (*stack, kind))
        done.append(kind)

    for k in kinds:
        visit(k)
    return done


def is_global(store: Store, kind: str) -> bool:
    return _citizen_predicate(store, records.TABLES[kind]) is None


# --- reading -------------------------------------------------------------------------------

def _citizen_expr(store: Store, table: str, alias: str,
                  seen: frozenset[str] = frozenset()) -> str | None:
    """An SQL expression giving the citizen id of a row of `table` (aliased `alias`)."""
    if table == "citizens":
        return f"{alias}.id"
    if "citizen_id" in columns(store, table):
        return f"{alias}.citizen_id"
    for col, parent in foreign_keys(store, table):
        if parent in seen or parent == "actors":
            continue
        inner_alias = f"p{len(seen)}"
        inner = _citizen_expr(store, parent, inner_alias, seen | {table})
        if inner is not None:
            return (f"(SELECT {inner} FROM {parent} {inner_alias} "
                    f"WHERE {inner_alias}.id = {alias}.{col})")
    return None


_PLANS: dict[tuple[str, int], list[tuple[str, str, str | None, str | None]]] = {}


def plan(store: Store) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, table, citizen predicate, citizen expression) per kind, parents first; worked out
    from the schema once per schema version (an export asks for it per citizen)."""
    version = int(store.db.execute("PRAGMA schema_version").fetchone()[0])
    key = (str(store.path), version)
    if key not in _PLANS:
        _PLANS[key] = [(k, records.TABLES[k], _citizen_predicate(store, records.TABLES[k]),
                        _citizen_expr(store, records.TABLES[k], "t"))
                       for k in ordered_kinds(store)]
    return _PLANS[key]


_LINKS: dict[tuple[str, int], dict[str, list[tuple[str, str]]]] = {}


def _links(store: Store) -> dict[str, list[tuple[str, str]]]:
    version = int(store.db.execute("PRAGMA schema_version").fetchone()[0])
    key = (str(store.path), version)
    if key not in _LINKS:
        _LINKS[key] = {k: foreign_keys(store, t) for k, t in existing_kinds(store).items()}
    return _LINKS[key]


def citizen_ids(store: Store, since_seq: int | None = None) -> list[str]:
    """Every citizen id (or those with any change after `since_seq`), oldest first."""
    every = [str(r[0]) for r in store.db.execute(
        "SELECT id FROM citizens ORDER BY created_at, id").fetchall()]
    if since_seq is None:
        return every
    changed: set[str] = set()
    for _kind, table, _pred, expr in plan(store):
        if expr is None:
            continue
        changed.update(str(r[0]) for r in store.db.execute(
            f"SELECT DISTINCT {expr} FROM {table} t WHERE t.change_seq > ?", [since_seq]
        ).fetchall() if r[0] is not None)
    return [c for c in every if c in changed]


def citizen_rows(store: Store, citizen_id: str,
                 since_seq: int | None = None) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for kind, table, pred, _expr in plan(store):
        if pred is None:
            continue
        sql = f"SELECT * FROM {table} WHERE ({pred})"
        params: list[Any] = [citizen_id]
        if since_seq is not None:
            sql += " AND change_seq > ?"
            params.append(since_seq)
        rows = store.query(sql + " ORDER BY created_at, id", params)
        if rows:
            out[kind] = rows
    return out


def global_rows(store: Store, since_seq: int | None = None,
                only_ids: dict[str, set[str]] | None = None) -> dict[str, list[dict[str, Any]]]:
    """Rows belonging to no citizen (actors, referrals without a citizen). With `only_ids`,
    just those ids per kind (the actors a transferred citizen's records point at)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for kind in ordered_kinds(store):
        table = records.TABLES[kind]
        if only_ids is not None:
            ids = sorted(only_ids.get(kind, ()))
            if not ids:
                continue
            rows = store.query(
                f"SELECT * FROM {table} WHERE id IN ({', '.join('?' for _ in ids)})", ids)
        else:
            pred = _unattached_predicate(store, table)
            if pred is None:
                continue
            sql = f"SELECT * FROM {table} WHERE ({pred})"
            params: list[Any] = []
            if since_seq is not None:
                sql += " AND change_seq > ?"
                params.append(since_seq)
            rows = store.query(sql + " ORDER BY created_at, id", params)
        if rows:
            out[kind] = rows
    return out


def referenced_globals(store: Store, rows: dict[str, list[dict[str, Any]]]) -> dict[str, set[str]]:
    """Ids in global tables (actors) that the given rows point at."""
    steps = plan(store)
    global_by_table = {t: k for k, t, pred, _e in steps if pred is None}
    links = _links(store)
    wanted: dict[str, set[str]] = {}
    for kind, items in rows.items():
        for col, parent in links.get(kind, []):
            pkind = global_by_table.get(parent)
            if pkind is None:
                continue
            for r in items:
                if r.get(col):
                    wanted.setdefault(pkind, set()).add(str(r[col]))
    return wanted


def versions_for(store: Store, kind: str, ids: list[str]) -> list[dict[str, Any]]:
    if not ids:
        return []
    out: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        out += store.query(
            "SELECT record_kind, record_id, revision, data, saved_at, saved_by FROM record_versions"
            f" WHERE record_kind = ? AND record_id IN ({', '.join('?' for _ in chunk)})"
            " ORDER BY seq", [kind, *chunk])
    return out


def audit_rows(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM audit WHERE citizen_id = ? ORDER BY seq", [citizen_id])


def tombstones(store: Store, since_seq: int | None = None) -> list[dict[str, Any]]:
    sql = "SELECT record_kind, record_id, deleted_at, deleted_by, origin, change_seq FROM tombstones"
    params: list[Any] = []
    if since_seq is not None:
        sql += " WHERE change_seq > ?"
        params.append(since_seq)
    return store.query(sql + " ORDER BY change_seq", params)


def counts(store: Store) -> dict[str, int]:
    out = {t: records.count(store, k) for k, t in existing_kinds(store).items()}
    out["audit"] = int(store.db.execute("SELECT count(*) FROM audit").fetchone()[0])
    out["tombstones"] = int(store.db.execute("SELECT count(*) FROM tombstones").fetchone()[0])
    return out


# --- verifying a copy (backups) ------------------------------------------------------------

def reader_connection(path: Path, key: bytes) -> sqlcipher3.Connection:
    """A separate connection to a live database: sees committed data only."""
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA busy_timeout = 5000")
    return conn


def verify_copy(path: Path, key: bytes) -> dict[str, Any]:
    """Open an encrypted copy read-only and run SQLCipher's and SQLite's own checks."""
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        cipher = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        quick = [str(r[0]) for r in conn.execute("PRAGMA quick_check").fetchall()]
        tables = {str(r[0]) for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()}
        found: dict[str, int] = {}
        for table in [*records.TABLES.values(), "audit", "tombstones"]:
            if table in tables:
                found[table] = int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
        meta = dict(conn.execute(
            "SELECT name, value FROM meta WHERE name IN ('audit_count', 'audit_head', 'demo',"
            " 'database_id')").fetchall())
    except sqlcipher3.DatabaseError as exc:
        return {"ok": False, "problems": [f"databasen kan ikke læses ({exc})"]}
    finally:
        conn.close()
    problems = [f"cipher_integrity_check: {c}" for c in cipher]
    if quick != ["ok"]:
        problems += [f"quick_check: {q}" for q in quick[:10]]
    return {"ok": not problems, "problems": problems, "counts": found, "meta": meta}


# --- exchange bookkeeping (migration 0007) ------------------------------------------------

def mark_moved(store: Store, citizen_id: str, package_id: str, recipient: str) -> None:
    store.db.execute(
        "INSERT OR REPLACE INTO exchange_moved(citizen_id, package_id, recipient, moved_at)"
        " VALUES (?, ?, ?, ?)", [citizen_id, package_id, recipient, utc_now()])


def moved(store: Store, citizen_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT * FROM exchange_moved WHERE citizen_id = ?", [citizen_id])
    return rows[0] if rows else None


def moved_for_package(store: Store, package_id: str) -> list[str]:
    return [str(r[0]) for r in store.db.execute(
        "SELECT citizen_id FROM exchange_moved WHERE package_id = ?", [package_id]).fetchall()]


def unmark_moved(store: Store, citizen_id: str) -> None:
    store.db.execute("DELETE FROM exchange_moved WHERE citizen_id = ?", [citizen_id])


def log_exchange(store: Store, *, direction: str, package_id: str, kind: str, counterpart: str,
                 citizens: int, demo: bool) -> None:
    store.db.execute(
        "INSERT OR IGNORE INTO exchange_log(package_id, direction, kind, counterpart, citizens,"
        " demo, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [package_id, direction, kind, counterpart, citizens, int(demo), utc_now()])


def package_seen(store: Store, package_id: str, direction: str) -> bool:
    return store.db.execute(
        "SELECT 1 FROM exchange_log WHERE package_id = ? AND direction = ?",
        [package_id, direction]).fetchone() is not None


def conflicts(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, record_kind, record_id, citizen_id, package_id, received_at FROM "
        "exchange_conflicts ORDER BY received_at, id")


def conflict_data(store: Store, conflict_id: int) -> dict[str, Any]:
    row = store.db.execute("SELECT incoming FROM exchange_conflicts WHERE id = ?",
                           [conflict_id]).fetchone()
    return json.loads(row[0]) if row else {}


# --- applying incoming rows ---------------------------------------------------------------

def row_hash(row: dict[str, Any]) -> str:
    clean = {k: v for k, v in row.items() if k not in LOCAL_ONLY}
    canonical = json.dumps(clean, sort_keys=True, ensure_ascii=True, separators=(",", ":"),
                           default=lambda b: b.hex() if isinstance(b, bytes) else str(b))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def local_row(store: Store, kind: str, record_id: str) -> dict[str, Any] | None:
    rows = store.query(f"SELECT * FROM {records.TABLES[kind]} WHERE id = ?", [record_id])
    return rows[0] if rows else None


def local_version_stamps(store: Store, kind: str, record_id: str) -> set[tuple[int, str]]:
    stamps: set[tuple[int, str]] = set()
    for r in store.db.execute(
            "SELECT data FROM record_versions WHERE record_kind = ? AND record_id = ?",
            [kind, record_id]).fetchall():
        data = json.loads(r[0])
        stamps.add((int(data.get("revision", 0)), str(data.get("updated_at", ""))))
    return stamps


def insert_row(store: Store, kind: str, row: dict[str, Any]) -> None:
    table = records.TABLES[kind]
    have = set(columns(store, table))
    data = {k: v for k, v in row.items() if k in have and k not in LOCAL_ONLY}
    data["change_seq"] = records.next_change_seq(store)
    store.db.execute("DELETE FROM tombstones WHERE record_kind = ? AND record_id = ?",
                     [kind, data["id"]])
    cols = ", ".join(data)
    store.db.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' for _ in data)})",
                     list(data.values()))


def replace_row(store: Store, kind: str, row: dict[str, Any], current: dict[str, Any]) -> None:
    """Fast-forward a local record to the incoming state, keeping the local one as a version."""
    table = records.TABLES[kind]
    have = set(columns(store, table))
    store.db.execute(
        "INSERT INTO record_versions(record_kind, record_id, revision, data, saved_at, saved_by)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [kind, current["id"], current["revision"],
         json.dumps({k: (v.hex() if isinstance(v, bytes) else v) for k, v in current.items()},
                    ensure_ascii=False), utc_now(), store.worker_id])
    data = {k: v for k, v in row.items() if k in have and k not in LOCAL_ONLY and k != "id"}
    data["change_seq"] = records.next_change_seq(store)
    sets = ", ".join(f"{k} = ?" for k in data)
    store.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", [*data.values(), row["id"]])


def add_version(store: Store, v: dict[str, Any]) -> None:
    exists = store.db.execute(
        "SELECT 1 FROM record_versions WHERE record_kind = ? AND record_id = ? AND revision = ?"
        " AND saved_at = ?", [v["record_kind"], v["record_id"], v["revision"], v["saved_at"]]
    ).fetchone()
    if not exists:
        store.db.execute(
            "INSERT INTO record_versions(record_kind, record_id, revision, data, saved_at,"
            " saved_by) VALUES (?, ?, ?, ?, ?, ?)",
            [v["record_kind"], v["record_id"], v["revision"], v["data"], v["saved_at"],
             v["saved_by"]])


def add_conflict(store: Store, kind: str, row: dict[str, Any], citizen_id: str | None,
                 package_id: str) -> bool:
    cur = store.db.execute(
        "INSERT OR IGNORE INTO exchange_conflicts(record_kind, record_id, citizen_id, package_id,"
        " incoming_hash, incoming, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [kind, row["id"], citizen_id, package_id, row_hash(row),
         json.dumps({k: (v.hex() if isinstance(v, bytes) else v) for k, v in row.items()},
                    ensure_ascii=False), utc_now()])
    return bool(cur.rowcount)


def add_foreign_audit(store: Store, origin: str, row: dict[str, Any]) -> None:
    store.db.execute(
        "INSERT OR IGNORE INTO exchange_audit(origin, seq, citizen_id, hash, data)"
        " VALUES (?, ?, ?, ?, ?)",
        [origin, row.get("seq"), row.get("citizen_id"), row.get("hash"),
         json.dumps(row, ensure_ascii=False)])


def foreign_audit(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return [json.loads(r[0]) for r in store.db.execute(
        "SELECT data FROM exchange_audit WHERE citizen_id = ? ORDER BY origin, seq",
        [citizen_id]).fetchall()]


def apply_tombstone(store: Store, t: dict[str, Any]) -> bool:
    kind = str(t["record_kind"])
    if kind not in existing_kinds(store):
        return False
    present = local_row(store, kind, str(t["record_id"])) is not None
    if present and kind != "citizen":
        store.db.execute(f"DELETE FROM {records.TABLES[kind]} WHERE id = ?", [t["record_id"]])
        records.purge_versions(store, kind, [str(t["record_id"])])
    if present and kind == "citizen":
        return False  # a citizen is removed by a receipt or by the worker, never silently
    store.db.execute(
        "INSERT OR IGNORE INTO tombstones(record_kind, record_id, deleted_at, deleted_by, origin,"
        " change_seq) VALUES (?, ?, ?, ?, ?, ?)",
        [kind, t["record_id"], t["deleted_at"], t["deleted_by"], t["origin"],
         records.next_change_seq(store)])
    return present


def iter_batches(items: list[str], size: int = 200) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
