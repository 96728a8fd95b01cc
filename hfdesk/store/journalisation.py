"""Journalisation status ("overført til journal"), § 15 b exemptions and extract releases.

hfdesk is a working copy, not the case file (offentlighedslovens journaliseringspligt): every
journal note and every document carries when it was transferred to the municipality's journal
and by whom. Planned appointments are not notes yet and need no transfer. The lists here are
set-based (one query over the caseload), because the start page asks for 2,000 citizens at once.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hfdesk.domain.dates import fmt, to_date
from hfdesk.domain.text import clean
from hfdesk.errors import NotFound, ValidationError
from hfdesk.store import audit, records, settings
from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

# kind → table of what must reach the journal. "Mangler journalisering" counts both.
KINDS = {"journal_entry": "journal_entries", "document": "documents"}
# A note counts once it is written: planned appointments are not notes yet.
_NOTE_WHERE = "transferred_at IS NULL AND status != 'planned'"
REMINDER_DAYS = "journal_reminder_days"
RELEASED_TO = {"citizen": "den unge selv", "custody_holder": "forældremyndighedsindehaver"}


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError("Kun journalnotater og dokumenter overføres til journal.",
                              field="kind")
    return KINDS[kind]


def status(store: Store, kind: str, record_id: str) -> dict[str, Any]:
    """{transferred_at, transferred_by} of one note or document (both None when not yet)."""
    table = _check_kind(kind)
    row = store.db.execute(f"SELECT transferred_at, transferred_by FROM {table} WHERE id = ?",
                           [record_id]).fetchone()
    if row is None:
        raise NotFound("Posten findes ikke (den kan være slettet).")
    return {"transferred_at": row[0], "transferred_by": row[1]}


def mark(store: Store, kind: str, record_id: str, *, transferred: bool = True) -> None:
    """Mark a note or document as transferred to the journal (now, by this worker), or undo."""
    _check_kind(kind)
    row = records.get(store, kind, record_id)
    if transferred and row.get("transferred_at"):
        return  # already transferred: keep the first date
    if not transferred and not row.get("transferred_at"):
        return
    values = ({"transferred_at": utc_now(), "transferred_by": store.worker_name or store.role}
              if transferred else {"transferred_at": None, "transferred_by": None})
    with store.db.atomic():
        records.update(store, kind, record_id, values)
        audit.log(store, "change", record_kind=kind, record_id=record_id,
                  citizen_id=row["citizen_id"], fields=["transferred_at", "transferred_by"],
                  purpose="overført til journal" if transferred else "overførsel fortrudt")


def document_meta(store: Store, document_id: str) -> dict[str, Any]:
    """A document's row without its bytes (which may be 50 MB)."""
    rows = store.query(
        "SELECT id, citizen_id, kind, title, file_name, mime, source, recipient, size, "
        "created_at, transferred_at, transferred_by FROM documents WHERE id = ?", [document_id])
    if not rows:
        raise NotFound("Dokumentet findes ikke (det kan være slettet).")
    return rows[0]


def untransferred(store: Store, citizen_id: str | None = None) -> list[dict[str, Any]]:
    """What has not reached the journal yet, oldest first; for one citizen or the caseload.

    Each item: {kind, id, citizen_id, date, what, title}. Note text is not included (the
    caseload list must not spread notes across the screen); callers open the note instead.
    """
    where_c = " AND citizen_id = ?" if citizen_id else ""
    params = [citizen_id] if citizen_id else []
    notes = store.query(
        "SELECT 'journal_entry' AS kind, id, citizen_id, occurred_at AS date, entry_type AS what,"
        f" NULL AS title FROM journal_entries WHERE {_NOTE_WHERE}{where_c}", params)
    docs = store.query(
        "SELECT 'document' AS kind, id, citizen_id, created_at AS date, kind AS what, title"
        f" FROM documents WHERE transferred_at IS NULL{where_c}", params)
    return sorted(notes + docs, key=lambda r: (str(r["date"]), r["id"]))


def missing_counts(store: Store, citizen_ids: list[str] | None = None,
                   before: str | None = None) -> dict[str, dict[str, int]]:
    """{citizen_id: {"notes": n, "documents": m}} for citizens with anything untransferred.

    `before` (ISO date) counts only notes that happened before that day (the reminder)."""
    out: dict[str, dict[str, int]] = {}
    note_sql = f"SELECT citizen_id, count(*) FROM journal_entries WHERE {_NOTE_WHERE}"
    params: list[Any] = []
    if before:
        note_sql += " AND occurred_at < ?"
        params.append(before)
    for cid, n in store.db.execute(note_sql + " GROUP BY citizen_id", params).fetchall():
        out.setdefault(cid, {"notes": 0, "documents": 0})["notes"] = int(n)
    if before is None:
        for cid, n in store.db.execute(
                "SELECT citizen_id, count(*) FROM documents WHERE transferred_at IS NULL "
                "GROUP BY citizen_id").fetchall():
            out.setdefault(cid, {"notes": 0, "documents": 0})["documents"] = int(n)
    if citizen_ids is not None:
        wanted = set(citizen_ids)
        out = {k: v for k, v in out.items() if k in wanted}
    return out


def reminder_days(store: Store) -> int:
    value = settings.get(store, REMINDER_DAYS)
    try:
        days = int(value if value is not None else 7)
    except (TypeError, ValueError):
        days = 7
    return max(days, 0)


def reminders(store: Store, today: date,
              skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """One line per citizen with notes older than N days (setting, default 7) not transferred."""
    cutoff = today - timedelta(days=reminder_days(store))
    rows = store.db.execute(
        "SELECT citizen_id, count(*), min(occurred_at) FROM journal_entries "
        f"WHERE {_NOTE_WHERE} AND occurred_at < ? GROUP BY citizen_id",
        [cutoff.isoformat()]).fetchall()
    items: list[dict[str, Any]] = []
    for cid, n, oldest in rows:
        if cid in skip:
            continue
        first = to_date(str(oldest)[:10]) or cutoff
        noun = "notat" if n == 1 else "notater"
        items.append({
            "kind": "not_journalised", "citizen_id": cid, "course_id": None,
            "date": (first + timedelta(days=reminder_days(store))).isoformat(),
            "severity": "overdue",
            "label": f"{n} {noun} ikke overført til journal (ældste {fmt(first)})",
            "open": "journal",
        })
    return items


# --- retention: who has only closed courses ------------------------------------------------

def closed_citizens(store: Store) -> list[dict[str, Any]]:
    """Citizens whose every course is closed: {id, legal_name, preferred_name, ended}."""
    return store.query(
        "SELECT c.id, c.legal_name, c.preferred_name, max(k.end_decision_date) AS ended "
        "FROM citizens c JOIN courses k ON k.citizen_id = c.id "
        "GROUP BY c.id HAVING sum(k.end_decision_date IS NULL) = 0 "
        "ORDER BY max(k.end_decision_date), c.id")


def has_open_course(store: Store, citizen_id: str) -> bool:
    return store.db.execute(
        "SELECT 1 FROM courses WHERE citizen_id = ? AND end_decision_date IS NULL",
        [citizen_id]).fetchone() is not None


# --- access report: names and the citizen's setting --------------------------------------

def show_worker_names(store: Store, citizen_id: str) -> bool:
    row = store.db.execute("SELECT show_worker_names FROM citizens WHERE id = ?",
                           [citizen_id]).fetchone()
    if row is None:
        raise NotFound("Borgeren findes ikke (den kan være slettet).")
    return bool(row[0])


def set_show_worker_names(store: Store, citizen_id: str, on: bool) -> None:
    """The municipality's decision in the individual case: names in the access report."""
    records.get(store, "citizen", citizen_id)
    with store.db.atomic():
        if records.update(store, "citizen", citizen_id, {"show_worker_names": bool(on)}):
            audit.log(store, "change", record_kind="citizen", record_id=citizen_id,
                      citizen_id=citizen_id, fields=["show_worker_names"])


def flag_columns(store: Store, table: str) -> frozenset[str]:
    """Yes/no columns of a table (INTEGER NOT NULL DEFAULT 0 or 1), printed as Ja/Nej."""
    return frozenset(str(r[1]) for r in store.db.execute(f"PRAGMA table_info({table})")
                     if str(r[2]).upper() == "INTEGER" and r[3] and str(r[4]) in ("0", "1"))


def audit_rows(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """The citizen's own audit rows, with who (id, name, role, unit): the access report's input."""
    return store.query("SELECT * FROM audit WHERE citizen_id = ? AND stub = 0 ORDER BY seq",
                       [citizen_id])


# --- § 15 b exemptions ---------------------------------------------------------------------

def add_exemption(store: Store, citizen_id: str, *, record_kind: str, record_id: str,
                  field: str, reason: str) -> str:
    """The worker's proposal to exempt one passage (a field of a record) from access."""
    if record_kind not in records.TABLES:
        raise ValidationError(f"Ukendt slags post: {record_kind}.", field="record_kind")
    row = records.get(store, record_kind, record_id)
    if field not in row or field in records.BOOKKEEPING or field == "citizen_id":
        raise ValidationError(f"Posten har ikke feltet {field}.", field="field")
    owner = row["id"] if record_kind == "citizen" else row.get("citizen_id")
    if owner is not None and owner != citizen_id:
        raise ValidationError("Posten hører ikke til denne borger.", field="record_id")
    text = clean(reason, field="reason", label="Begrundelsen", max_len=2000, multiline=True,
                 required=True)
    existing = store.query("SELECT id FROM exemptions WHERE record_kind = ? AND record_id = ? "
                           "AND field = ?", [record_kind, record_id, field])
    with store.db.atomic():
        if existing:
            eid = str(existing[0]["id"])
            records.update(store, "exemption", eid, {"reason": text})
            audit.log(store, "change", record_kind="exemption", record_id=eid,
                      citizen_id=citizen_id, fields=["reason"])
            return eid
        eid = records.insert(store, "exemption", {
            "citizen_id": citizen_id, "record_kind": record_kind, "record_id": record_id,
            "field": field, "reason": text})
        audit.log(store, "create", record_kind="exemption", record_id=eid,
                  citizen_id=citizen_id, fields=["record_kind", "field", "reason"])
    return eid


def remove_exemption(store: Store, exemption_id: str) -> None:
    row = records.get(store, "exemption", exemption_id)
    with store.db.atomic():
        records.delete(store, "exemption", exemption_id)
        audit.log(store, "delete", record_kind="exemption", record_id=exemption_id,
                  citizen_id=row["citizen_id"])


def exemptions(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM exemptions WHERE citizen_id = ? ORDER BY created_at, id",
                       [citizen_id])


# --- releases of the records extract -------------------------------------------------------

def record_release(store: Store, citizen_id: str, *, released_to: str, exempted: int,
                   recipient_name: str | None = None, on: date | None = None) -> str:
    if released_to not in RELEASED_TO:
        raise ValidationError("Udleveret til: vælg den unge selv (citizen) eller "
                              "forældremyndighedsindehaver (custody_holder).",
                              field="released_to")
    records.get(store, "citizen", citizen_id)
    name = clean(recipient_name, field="recipient_name", label="Modtagerens navn")
    with store.db.atomic():
        rid = records.insert(store, "extract_release", {
            "citizen_id": citizen_id, "released_to": released_to,
            "released_on": (on or date.today()).isoformat(), "recipient_name": name,
            "exempted": int(exempted)})
        audit.log(store, "export", record_kind="records_extract", record_id=rid,
                  citizen_id=citizen_id, purpose=f"aktindsigt: {released_to}")
    return rid


def releases(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM extract_releases WHERE citizen_id = ? "
                       "ORDER BY released_on, created_at", [citizen_id])
