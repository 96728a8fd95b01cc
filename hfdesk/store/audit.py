"""The audit log: append-only, hash-chained, with no values, free text or CPR in it.

Each row stores
- content_hash = SHA-256 of its canonical content (who, when, action, what, field names), and
- hash = SHA-256(prev_hash ‖ content_hash).
An edited row breaks its content_hash, a deleted row breaks the chain, and a cut tail no longer
matches the head (count and hash) kept in `meta` and written into every backup and export
manifest. A deleted citizen's rows can be stripped to a stub (content gone, both hashes kept),
which leaves the chain verifiable.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

GENESIS = "0" * 64
ACTIONS = (
    "open_citizen", "view_area", "search_cpr", "create", "change", "print", "save_file",
    "export", "import", "delete", "backup", "restore", "recover", "passphrase", "unlock",
    "settings", "imported", "disclose",
)
_CONTENT = ("seq", "at", "worker_id", "role", "action", "record_kind", "record_id",
            "citizen_id", "purpose", "fields")
# Where a row received with a transferred citizen came from (migration 0010): hashed only when
# set, so every row written before those columns existed keeps the hash it has.
IMPORTED = ("imported_from", "imported_seq", "imported_hash", "imported_action")
# Who acted, for the access report (migration 0009): the unit and the worker's name at the time.
# Hashed only when set, like IMPORTED, so rows written before 0009 keep their hashes.
WORKER = ("unit", "worker_name")
# What strip_citizen leaves: a stub carries no content, so a "stub" cannot hide an edit.
_STUB = {"at": "", "worker_id": "", "role": "", "action": "stub", "record_kind": None,
         "record_id": None, "citizen_id": None, "purpose": None, "fields": None,
         "unit": None, "worker_name": None}


def _content_hash(row: dict[str, Any]) -> str:
    content = {k: row.get(k) for k in _CONTENT}
    content.update({k: row[k] for k in IMPORTED if row.get(k) is not None})
    content.update({k: row[k] for k in WORKER if row.get(k) is not None})
    canonical = json.dumps(content, sort_keys=True,
                           ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def _chain_hash(prev_hash: str, content_hash: str) -> str:
    return hashlib.sha256((prev_hash + content_hash).encode("ascii")).hexdigest()


def head(store: Store) -> tuple[int, str]:
    """(count, hash) of the last row, as recorded beside the chain.

    Read from the database, not the in-memory meta: after a rolled-back transaction the cache
    would still hold the head of a row that was never committed, and every later row would
    chain onto it.
    """
    stored = dict(store.db.execute(
        "SELECT name, value FROM meta WHERE name IN ('audit_count', 'audit_head')").fetchall())
    return int(stored.get("audit_count", "0")), stored.get("audit_head", GENESIS)


def _unit(store: Store) -> str | None:
    row = store.db.execute("SELECT value FROM settings WHERE name = 'unit'").fetchone()
    return (json.loads(row[0]) or None) if row else None


def log(
    store: Store, action: str, *, record_kind: str | None = None, record_id: str | None = None,
    citizen_id: str | None = None, purpose: str | None = None,
    fields: Iterable[str] | None = None,
) -> int:
    """Append one row. Call inside the transaction of the change it describes."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    count, prev = head(store)
    row: dict[str, Any] = {
        "seq": count + 1, "at": utc_now(), "worker_id": store.worker_id, "role": store.role,
        "action": action, "record_kind": record_kind, "record_id": record_id,
        "citizen_id": citizen_id, "purpose": purpose,
        "fields": json.dumps(sorted(set(fields))) if fields is not None else None,
        "unit": _unit(store), "worker_name": store.worker_name or None,
    }
    row["content_hash"] = _content_hash(row)
    row["prev_hash"] = prev
    row["hash"] = _chain_hash(prev, row["content_hash"])
    cols = ", ".join(row)
    store.db.execute(
        f"INSERT INTO audit ({cols}) VALUES ({', '.join('?' for _ in row)})", list(row.values())
    )
    store.set_meta("audit_count", str(row["seq"]))
    store.set_meta("audit_head", row["hash"])
    return int(row["seq"])


def log_now(store: Store, action: str, **kwargs: Any) -> int:
    """Log in a transaction of its own (reads, prints, searches: no change to wrap)."""
    with store.db.atomic():
        return log(store, action, **kwargs)


@dataclass
class VerifyResult:
    ok: bool
    count: int
    head: str
    problems: list[str] = field(default_factory=list)


def verify(store: Store) -> VerifyResult:
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 0
    n = 0
    for r in store.query("SELECT * FROM audit ORDER BY seq"):
        n += 1
        expected_seq += 1
        if r["seq"] != expected_seq:
            problems.append(f"række {expected_seq} mangler (næste er {r['seq']})")
            expected_seq = r["seq"]
        if r["stub"]:
            if any(r[k] != v for k, v in _STUB.items()):
                problems.append(f"række {r['seq']} er ændret")
        elif _content_hash(r) != r["content_hash"]:
            problems.append(f"række {r['seq']} er ændret")
        if r["prev_hash"] != prev:
            problems.append(f"kæden er brudt før række {r['seq']}")
        if _chain_hash(r["prev_hash"], r["content_hash"]) != r["hash"]:
            problems.append(f"række {r['seq']} har en forkert hash")
        prev = r["hash"]
    count, head_hash = head(store)
    if (n, prev) != (count, head_hash):
        problems.append(
            f"loggen slutter ved række {n}, men der er registreret {count} rækker "
            "(rækker er fjernet fra enden)"
        )
    return VerifyResult(ok=not problems, count=n, head=prev, problems=problems)


def strip_citizen(store: Store, citizen_id: str) -> int:
    """Reduce a deleted citizen's rows to stubs; the chain still verifies."""
    cur = store.db.execute(
        "UPDATE audit SET stub = 1, at = '', worker_id = '', role = '', action = 'stub', "
        "record_kind = NULL, record_id = NULL, citizen_id = NULL, purpose = NULL, fields = NULL, "
        "unit = NULL, worker_name = NULL "
        "WHERE citizen_id = ?",
        [citizen_id],
    )
    return int(cur.rowcount)


def rows_for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """The citizen's access log (Datatilsynet: a citizen may see who accessed their data)."""
    return store.query(
        "SELECT seq, at, worker_id, role, action, record_kind, purpose, fields FROM audit "
        "WHERE citizen_id = ? ORDER BY seq",
        [citizen_id],
    )


class EditSession:
    """One audit row per record per editing session, not one per autosave.

    The first save of a record in the session writes a row with its changed fields; later
    autosaves write again only when they touch fields not yet recorded in this session.
    """

    def __init__(self, purpose: str | None = None) -> None:
        self.purpose = purpose
        self._seen: dict[tuple[str, str], set[str]] = {}

    def record(
        self, store: Store, action: str, kind: str, record_id: str, citizen_id: str | None,
        fields: Iterable[str],
    ) -> None:
        names = set(fields)
        seen = self._seen.setdefault((kind, record_id), set())
        if action == "change" and seen and names <= seen:
            return
        new = names - seen if action == "change" and seen else names
        seen |= names
        log(store, action, record_kind=kind, record_id=record_id, citizen_id=citizen_id,
            purpose=self.purpose, fields=new)
