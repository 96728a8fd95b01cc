"""The plain text "Kopiér til fagsystem" puts on the clipboard, for pasting into the
municipality's case system: date, type, worker role, text; the CPR number masked unless the
municipality has set `journal_copy_full_cpr` (its system may need the whole number to find the
case). Plain text only: case systems strip formatting, and a paste must read the same anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hfdesk import vocab
from hfdesk.domain.cpr import mask
from hfdesk.domain.dates import fmt
from hfdesk.store import citizens, journal, journalisation, settings
from hfdesk.store.database import Store

# Clipboard managers and some case systems choke on NUL and other control characters.
_KEEP = {"\n", "\t"}


def _plain(text: object) -> str:
    s = str(text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in s if c in _KEEP or (ord(c) >= 32 and ord(c) != 127)).strip()


def _citizen_line(citizen: Mapping[str, Any], full_cpr: bool) -> str:
    cpr = citizen.get("cpr") or ""
    shown = cpr if full_cpr else mask(cpr)
    return "Borger: " + ", ".join(p for p in (_plain(citizen.get("legal_name")),
                                              f"CPR {shown}" if shown else "") if p)


def entry_text(entry: Mapping[str, Any], citizen: Mapping[str, Any], *, role_label: str,
               worker_name: str = "", full_cpr: bool = False,
               additions: Sequence[Mapping[str, Any]] = ()) -> str:
    v = vocab.default()
    when = str(entry.get("occurred_at") or "")
    clock = when[11:16].replace(":", ".")
    head = [f"Journalnotat {fmt(when[:10])}" + (f" kl. {clock}" if clock and clock != "00.00"
                                                 else ""),
            f"Type: {v.label('journal_entry_type', entry.get('entry_type'))}",
            f"Status: {v.label('journal_status', entry.get('status'))}"]
    if entry.get("duration_min"):
        head.append(f"Varighed: {int(entry['duration_min'])} min.")
    if entry.get("source"):
        head.append(f"Kilde: {_plain(entry['source'])}")
    head.append(_citizen_line(citizen, full_cpr))
    head.append("Skrevet af: " + ", ".join(p for p in (_plain(worker_name), role_label) if p))
    body = [_plain(entry.get("note"))]
    for a in additions:
        body.append(f"Tilføjelse {fmt(str(a.get('written_at') or '')[:10])}: "
                    f"{_plain(a.get('text'))}")
    return "\n".join(head) + "\n\n" + "\n\n".join(b for b in body if b) + "\n"


def document_text(doc: Mapping[str, Any], citizen: Mapping[str, Any], *, role_label: str,
                  worker_name: str = "", full_cpr: bool = False, kind_label: str = "") -> str:
    lines = [f"Dokument {fmt(str(doc.get('created_at') or '')[:10])}: "
             f"{_plain(doc.get('title'))}",
             f"Type: {kind_label or _plain(doc.get('kind'))}",
             f"Fil: {_plain(doc.get('file_name'))} ({doc.get('mime')})"]
    if doc.get("recipient"):
        lines.append(f"Modtager: {_plain(doc['recipient'])}")
    lines.append(_citizen_line(citizen, full_cpr))
    lines.append("Registreret af: " + ", ".join(p for p in (_plain(worker_name), role_label)
                                                 if p))
    lines.append("Selve filen vedlægges sagen fra hfdesk (Dokumenter › Gem som fil).")
    return "\n".join(lines) + "\n"


def text_for(store: Store, kind: str, record_id: str) -> tuple[str, str]:
    """(citizen id, clipboard text) for a journal note or a document."""
    full = bool(settings.get(store, "journal_copy_full_cpr"))
    role = vocab.default().label("role", store.role)
    if kind == "journal_entry":
        entry = journal.get(store, record_id)
        citizen = citizens.get(store, entry["citizen_id"])
        return entry["citizen_id"], entry_text(
            entry, citizen, role_label=role, worker_name=store.worker_name, full_cpr=full,
            additions=journal.additions(store, record_id))
    if kind == "document":
        doc = journalisation.document_meta(store, record_id)
        citizen = citizens.get(store, doc["citizen_id"])
        return doc["citizen_id"], document_text(doc, citizen, role_label=role,
                                                worker_name=store.worker_name, full_cpr=full)
    raise ValueError(kind)
