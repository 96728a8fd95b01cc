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

def _columns(db: Any, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute(f"PRAGMA table_info({table})").fetchall()]


def _foreign_keys(db: Any, table: str) -> list[tuple[str, str]]:
    return [(str(r[3]), str(r[2]))
            for r in db.execute(f"PRAGMA foreign_key_list({table})").fetchall()]


def columns(store: Store, table: str) -> list[str]:
    return _columns(store.db, table)


def foreign_keys(store: Store, table: str) -> list[tuple[str, str]]:
    """(column, parent table) for each foreign key of `table`."""
    return _foreign_keys(store.db, table)


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
    return _citizen_expr_db(store.db, table, alias, seen)


def _citizen_expr_db(db: Any, table: str, alias: str,
                     seen: frozenset[str] = frozenset()) -> str | None:
    if table == "citizens":
        return f"{alias}.id"
    if "citizen_id" in _columns(db, table):
        return f"{alias}.citizen_id"
    for col, parent in _foreign_keys(db, table):
        if parent in seen or parent == "actors":
            continue
        inner_alias = f"p{len(seen)}"
        inner = _citizen_expr_db(db, parent, inner_alias, seen | {table})
        if inner is not None:
            return (f"(SELECT {inner} FROM {parent} {inner_alias} "
                    f"WHERE {inner_alias}.id = {alias}.{col})")
    return None


def ensure_moved_guards(db: Any) -> int:
    """Make every record table that reaches a citizen (a `citizen_id` column, or a foreign key
    to a table that has one) refuse inserts, updates and deletes for a citizen marked as moved.

    Worked out from the schema, so a table another area adds later is covered too: called by
    migration 0010 and after every later migration. Returns how many triggers were created
    (0 when all are in place, the usual case at open)."""
    tables = [str(r[0]) for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        " AND name NOT LIKE 'exchange_%'").fetchall()]
    have = {str(r[0]) for r in db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()}
    made = 0
    for table in tables:
        if "change_seq" not in _columns(db, table):
            continue  # not a record table (audit, drafts, search index)
        for event, row in (("insert", "NEW"), ("update", "OLD"), ("delete", "OLD")):
            name = f"{table}_moved_{event}"
            if name in have:
                continue
            expr = _citizen_expr_db(db, table, row)
            if expr is None:
                break  # a global table (actors)
            db.execute(
                f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {event.upper()} ON {table} "
                f"WHEN EXISTS (SELECT 1 FROM exchange_moved WHERE citizen_id = {expr}) "
                "BEGIN SELECT RAISE(ABORT, 'hfdesk: citizen moved'); END")
            made += 1
    return made


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


def remember_export_seq(store: Store, until_seq: int) -> None:
    """The change number the last full or delta export reached: the next delta starts there."""
    store.set_meta("exchange_last_until_seq", str(int(until_seq)))


def last_export_seq(store: Store) -> int | None:
    row = store.db.execute(
        "SELECT value FROM meta WHERE name = 'exchange_last_until_seq'").fetchone()
    return int(row[0]) if row else None


def package_seen(store: Store, package_id: str, direction: str) -> bool:
    return store.db.execute(
        "SELECT 1 FROM exchange_log WHERE package_id = ? AND direction = ?",
        [package_id, direction]).fetchone() is not None


def conflicts(store: Store) -> list[dict[str, Any]]:
    """Conflicts not yet settled by the worker."""
    return store.query(
        "SELECT id, record_kind, record_id, citizen_id, package_id, received_at FROM "
        "exchange_conflicts WHERE settled IS NULL ORDER BY received_at, id")


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


def audit_row_sound(row: dict[str, Any]) -> bool:
    """An incoming audit row is internally consistent: its content hash matches its content
    and its chain hash matches (previous hash, content hash)."""
    from hfdesk.store import audit

    try:
        return (audit._content_hash(row) == row.get("content_hash")
                and audit._chain_hash(str(row.get("prev_hash")), str(row.get("content_hash")))
                == row.get("hash"))
    except (TypeError, ValueError, AttributeError):
        return False


def chain_imported(store: Store, origin: str, row: dict[str, Any], *,
                   by: dict[str, Any] | None = None) -> bool:
    """Append an audit row that came with a transferred citizen to this database's own hash
    chain, as an "imported" row carrying who did what, when, in which role and unit, and the
    original row's hash. A row that came back here, or came before, is not added twice.
    `by` ({worker_id, worker_name, unit}) names the sender for rows written before audit rows
    carried a name and unit. Returns True when a row was appended."""
    from hfdesk.store import audit

    if row.get("imported_from"):  # it travelled before: keep the first origin
        source, seq = str(row["imported_from"]), row.get("imported_seq")
        action, digest = row.get("imported_action"), row.get("imported_hash")
    else:
        source, seq = origin, row.get("seq")
        action, digest = row.get("action"), row.get("hash")
    if source == store.origin:
        return False  # this database's own row, already in the chain
    if store.db.execute("SELECT 1 FROM audit WHERE imported_from = ? AND imported_seq = ?",
                        [source, seq]).fetchone():
        return False
    sender = by if by and by.get("worker_id") == row.get("worker_id") else {}
    count, prev = audit.head(store)
    new: dict[str, Any] = {
        "seq": count + 1, "at": row.get("at"), "worker_id": row.get("worker_id") or "",
        "role": row.get("role") or "", "action": "imported",
        "record_kind": row.get("record_kind"), "record_id": row.get("record_id"),
        "citizen_id": row.get("citizen_id"), "purpose": row.get("purpose"),
        "fields": row.get("fields"), "imported_from": source, "imported_seq": seq,
        "imported_hash": digest, "imported_action": action,
    }
    have = set(columns(store, "audit"))
    for col in ("unit", "worker_name"):  # migration 0009 (the access report)
        if col in have:
            new[col] = row.get(col) or sender.get(col) or None
    new["content_hash"] = audit._content_hash(new)
    new["prev_hash"] = prev
    new["hash"] = audit._chain_hash(prev, new["content_hash"])
    store.db.execute(f"INSERT INTO audit ({', '.join(new)}) VALUES "
                     f"({', '.join('?' for _ in new)})", list(new.values()))
    store.set_meta("audit_count", str(new["seq"]))
    store.set_meta("audit_head", new["hash"])
    return True


def foreign_audit(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """The citizen's audit rows received from other databases: those in the chain, and those
    kept apart by imports made before migration 0010."""
    rows = store.query("SELECT * FROM audit WHERE citizen_id = ? AND action = 'imported'"
                       " ORDER BY seq", [citizen_id])
    return rows + [json.loads(r[0]) for r in store.db.execute(
        "SELECT data FROM exchange_audit WHERE citizen_id = ? ORDER BY origin, seq",
        [citizen_id]).fetchall()]


def apply_tombstone(store: Store, t: dict[str, Any]) -> bool:
    """Apply a deletion from another database. A citizen's tombstone deletes the citizen with
    everything about them (every area), as the worker's own deletion does."""
    from hfdesk.store import citizens

    kind = str(t["record_kind"])
    if kind not in existing_kinds(store):
        return False
    rid = str(t["record_id"])
    present = local_row(store, kind, rid) is not None
    if present and kind == "citizen":
        citizens.delete(store, rid, reason="slettet i en indlæst pakke")
        store.db.execute("DELETE FROM exchange_conflicts WHERE citizen_id = ?", [rid])
    elif present:
        store.db.execute(f"DELETE FROM {records.TABLES[kind]} WHERE id = ?", [rid])
        records.purge_versions(store, kind, [rid])
    known = store.db.execute("SELECT 1 FROM tombstones WHERE record_kind = ? AND record_id = ?",
                             [kind, rid]).fetchone() is not None
    if present or not known:
        # The tombstone keeps who deleted it where, so a later delta passes it on unchanged.
        store.db.execute(
            "INSERT OR REPLACE INTO tombstones(record_kind, record_id, deleted_at, deleted_by,"
            " origin, change_seq) VALUES (?, ?, ?, ?, ?, ?)",
            [kind, rid, t["deleted_at"], t["deleted_by"], t["origin"],
             records.next_change_seq(store)])
    return present


# --- settling conflicts -------------------------------------------------------------------

def conflict_details(store: Store) -> list[dict[str, Any]]:
    """Unsettled conflicts with what differs: [{id, record_kind, record_id, citizen_id,
    citizen_name, received_at, local, incoming, differences: [(field, local, incoming)]}]."""
    out = []
    for c in conflicts(store):
        incoming = conflict_data(store, c["id"])
        local = (local_row(store, c["record_kind"], c["record_id"])
                 if c["record_kind"] in records.TABLES else None)
        name = None
        if c.get("citizen_id"):
            row = store.db.execute("SELECT preferred_name, legal_name FROM citizens WHERE id = ?",
                                   [c["citizen_id"]]).fetchone()
            name = (row[0] or row[1]) if row else None
        skip = {"change_seq", "revision", "updated_at", "updated_by", "origin", "created_at"}
        diffs = []
        for col in sorted(set(incoming) | set(local or {})):
            if col in skip:
                continue
            a = (local or {}).get(col)
            b = incoming.get(col)
            if isinstance(a, bytes):
                a = a.hex()
            if a != b:
                diffs.append((col, a, b))
        out.append({**c, "citizen_name": name, "local": local, "incoming": incoming,
                    "differences": diffs})
    return out


def settle_conflict(store: Store, conflict_id: int, choice: str) -> dict[str, Any]:
    """Settle one conflict: "local" keeps this database's version (and records the incoming
    one as superseded, so the other side fast-forwards to ours), "incoming" takes the other
    one (ours is kept in the record's history). Call inside a transaction; audited by the
    caller. Returns the conflict row."""
    from hfdesk.errors import NotFound, ValidationError

    if choice not in ("local", "incoming"):
        raise ValidationError("Vælg 'Behold min' eller 'Brug den indkomne'.", field="choice")
    rows = store.query("SELECT * FROM exchange_conflicts WHERE id = ? AND settled IS NULL",
                       [conflict_id])
    if not rows:
        raise NotFound("Konflikten er allerede afgjort eller findes ikke længere.")
    c = rows[0]
    kind, rid = c["record_kind"], c["record_id"]
    incoming = json.loads(c["incoming"])
    local = local_row(store, kind, rid) if kind in records.TABLES else None
    if local is None:
        raise NotFound("Posten findes ikke længere her; konflikten kan ikke afgøres.")
    table = records.TABLES[kind]
    have = set(columns(store, table))
    if choice == "incoming":
        for col, value in list(incoming.items()):
            if isinstance(local.get(col), bytes) and isinstance(value, str):
                incoming[col] = bytes.fromhex(value)
        replace_row(store, kind, incoming, local)
    else:
        store.db.execute(
            "INSERT INTO record_versions(record_kind, record_id, revision, data, saved_at,"
            " saved_by) VALUES (?, ?, ?, ?, ?, ?)",
            [kind, rid, incoming.get("revision") or 0, json.dumps(incoming, ensure_ascii=False),
             utc_now(), store.worker_id])
        revision = max(int(local.get("revision") or 0), int(incoming.get("revision") or 0)) + 1
        sets = {"revision": revision, "updated_at": utc_now(), "updated_by": store.worker_id,
                "change_seq": records.next_change_seq(store)}
        sets = {k: v for k, v in sets.items() if k in have}
        store.db.execute(f"UPDATE {table} SET {', '.join(f'{k} = ?' for k in sets)} WHERE id = ?",
                         [*sets.values(), rid])
    store.db.execute("UPDATE exchange_conflicts SET settled = ?, settled_at = ? WHERE id = ?",
                     [choice, utc_now(), conflict_id])
    return c


def iter_batches(items: list[str], size: int = 200) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
