"""Retention: when a closed course's citizen may be deleted, and the deletion itself.

hfdesk is a working copy. Once every course of a citizen is closed, every note and document has
been transferred to the municipality's journal, and the retention period has passed (setting
`retention_months`, default 3 months after the last course's end), the citizen is listed as
ready for deletion. One with anything untransferred shows as "Mangler journalisering" and
cannot be deleted: the refusal names how many notes and documents are missing, and nothing is
changed. Deletion erases the citizen from the database file (`hfdesk.store.erasure`).
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from hfdesk.domain.dates import fmt, to_date
from hfdesk.errors import UserError
from hfdesk.store import erasure, exchange, journalisation, records, settings
from hfdesk.store.database import Store

SETTING = "retention_months"
DEFAULT_MONTHS = 3
READY, MISSING, NOT_DUE = "ready", "missing", "not_due"
STATUS_LABELS = {READY: "Klar til sletning", MISSING: "Mangler journalisering",
                 NOT_DUE: "Endnu ikke"}


def add_months(day: date, months: int) -> date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months(store: Store) -> int:
    raw = settings.get(store, SETTING)
    try:
        value = int(raw if raw is not None else DEFAULT_MONTHS)
    except (TypeError, ValueError):
        value = DEFAULT_MONTHS
    return max(value, 0)


@dataclass(frozen=True)
class Candidate:
    citizen_id: str
    name: str
    ended: str  # ISO date of the last course's end decision
    due: str  # ISO date from which deletion is allowed
    notes_missing: int
    documents_missing: int
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "status_label": self.status_label}


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def missing_text(notes: int, docs: int) -> str:
    parts = []
    if notes:
        parts.append(_plural(notes, "notat", "notater"))
    if docs:
        parts.append(_plural(docs, "dokument", "dokumenter"))
    return " og ".join(parts)


def overview(store: Store, today: date | None = None) -> list[Candidate]:
    """Every citizen whose courses are all closed: ready, missing journalisation, or not due."""
    today = today or date.today()
    period = months(store)
    closed = journalisation.closed_citizens(store)
    missing = journalisation.missing_counts(store, [c["id"] for c in closed])
    out: list[Candidate] = []
    for c in closed:
        ended = to_date(c["ended"]) or today
        due = add_months(ended, period)
        counts = missing.get(c["id"], {"notes": 0, "documents": 0})
        if counts["notes"] or counts["documents"]:
            st = MISSING
        elif due > today:
            st = NOT_DUE
        else:
            st = READY
        out.append(Candidate(
            citizen_id=c["id"], name=c.get("preferred_name") or c["legal_name"],
            ended=ended.isoformat(), due=due.isoformat(), notes_missing=counts["notes"],
            documents_missing=counts["documents"], status=st))
    return out


def candidate(store: Store, citizen_id: str, today: date | None = None) -> Candidate | None:
    for c in overview(store, today):
        if c.citizen_id == citizen_id:
            return c
    return None


def check_deletable(store: Store, citizen_id: str, today: date | None = None) -> Candidate:
    """The candidate when it may be deleted now; otherwise a Danish refusal saying why."""
    records.get(store, "citizen", citizen_id)
    today = today or date.today()
    if exchange.moved(store, citizen_id):
        raise UserError("Borgeren er flyttet til en kollega og venter på kvitteringen; "
                        "kvitteringen fjerner borgeren her.")
    if journalisation.has_open_course(store, citizen_id):
        raise UserError("Borgeren kan ikke slettes: et forløb er stadig åbent. Afslut forløbet "
                        "(afgørelsens dato), og overfør notater og dokumenter til journal først.")
    c = candidate(store, citizen_id, today)
    if c is None:
        raise UserError("Borgeren kan ikke slettes her: der er intet afsluttet forløb. En "
                        "henvendelse uden forløb slettes fra Opsporing.")
    if c.status == MISSING:
        raise UserError(
            f"Mangler journalisering: {missing_text(c.notes_missing, c.documents_missing)} er "
            "ikke overført til journal. Overfør dem (\"Kopiér til fagsystem\") før sletning; "
            "intet er slettet.")
    if c.status == NOT_DUE:
        raise UserError(f"Opbevaringsperioden er ikke udløbet: borgeren kan slettes fra "
                        f"{fmt(c.due)} ({months(store)} måneder efter forløbets afslutning).")
    return c


def delete_citizen(store: Store, citizen_id: str, today: date | None = None) -> dict[str, Any]:
    """Refuse (UserError, nothing changed) or erase the citizen and compact the file."""
    c = check_deletable(store, citizen_id, today)
    rows = erasure.purge_citizen(store, citizen_id)
    erasure.compact(store)
    return {"citizen_id": citizen_id, "rows_deleted": rows, "ended": c.ended}
