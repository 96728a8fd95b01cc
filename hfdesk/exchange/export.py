"""Exports and transfers: one zip, one JSON document per citizen, written citizen by citizen.

Each citizen document holds every record of every area (generic over `records.TABLES`), the
records' earlier versions (so an import can tell "older" from "changed on both sides"), and
the citizen's audit rows. Blobs (attached documents) are members of their own. The manifest
says what, for whom, when and by whom, and carries the journalisation metadata a municipal
archive needs for each document.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey

from hfdesk import __version__ as app_version
from hfdesk.errors import UserError
from hfdesk.exchange import package
from hfdesk.store import audit, exchange, records, settings
from hfdesk.store.database import Store

FORMAT = "hfdesk-export"
VERSION = 2  # 2: documents/ (PDFs) and monitoring/ (CSVs) members; imports read 1 and 2
DOC_FORMAT = "hfdesk-citizen"
Progress = Callable[[str, int, int], None]

_MIME_EXT = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}


def _noop(_step: str, _done: int, _total: int) -> None:
    return None


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row_out(writer: package.Writer, kind: str, row: dict[str, Any]) -> dict[str, Any]:
    """A row as JSON: blobs become members of their own, referenced by name and hash."""
    out = {k: v for k, v in row.items() if k not in exchange.LOCAL_ONLY}
    for col, value in row.items():
        if isinstance(value, bytes | bytearray | memoryview):
            ext = _MIME_EXT.get(str(row.get("mime")), "bin")
            name = f"blobs/{kind}/{row['id']}-{col}.{ext}"
            writer.add_bytes(name, bytes(value), compress=ext not in ("png", "jpg"))
            out[col] = {"$member": name}
    return out


def _released_only(rows: dict[str, list[dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    """What an outside recipient may get: opsporing items (rows with a sharing flag) only when
    released, by the one rule in hfdesk.sharing."""
    from hfdesk import sharing

    return {kind: [r for r in items if "sharing" not in r or sharing.may_read(r, "export")]
            for kind, items in rows.items()}


def citizen_document(store: Store, writer: package.Writer, citizen_id: str, *,
                     since_seq: int | None, demo: bool,
                     outside: bool = False) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the JSON document, the raw rows by kind) for one citizen. An export for a recipient
    outside the municipality carries released opsporing items only."""
    rows = exchange.citizen_rows(store, citizen_id, since_seq)
    if outside:
        rows = _released_only(rows)
    doc: dict[str, Any] = {
        "format": DOC_FORMAT, "version": VERSION, "citizen_id": citizen_id, "demo": demo,
        "records": {kind: [_row_out(writer, kind, r) for r in items]
                    for kind, items in rows.items()},
        "versions": [v for kind, items in rows.items()
                     for v in exchange.versions_for(store, kind, [r["id"] for r in items])],
        "audit": exchange.audit_rows(store, citizen_id),
    }
    return doc, rows


def _journal_entries(store: Store, citizen_id: str, rows: dict[str, Any], member: str,
                     kle: dict[str, Any]) -> list[dict[str, Any]]:
    """What a municipal archive needs to journalise each document in the package."""
    citizen = (rows.get("citizen") or [{}])[0]
    cases = [r.get("case_number") for items in rows.values() for r in items
             if r.get("case_number")]
    if not citizen or not cases:  # a delta without the citizen's row or course: look them up
        from hfdesk.store import courses

        citizen = citizen or records.get(store, "citizen", citizen_id)
        cases = cases or [c["case_number"] for c in courses.for_citizen(store, citizen_id)
                          if c.get("case_number")]
    cpr = citizen.get("cpr") or None
    base = {"citizen_id": citizen_id, "cpr": cpr, "case_number": cases[0] if cases else None}
    out = [{**base, "member": member, "title": "Borgerdata fra hfdesk",
            "date": _now()[:10], "document_type": "borgerdata",
            "kle_code": kle.get("borgerdata")}]
    for r in rows.get("document", []):
        out.append({**base, "member": f"blobs/document/{r['id']}-content."
                    + _MIME_EXT.get(str(r.get("mime")), "bin"),
                    "title": r.get("title"), "date": str(r.get("created_at", ""))[:10],
                    "document_type": r.get("kind"), "kle_code": kle.get(str(r.get("kind")))})
    return out


def _document_entries(writer: package.Writer, store: Store, citizen_id: str,
                      rows: dict[str, Any], base: dict[str, Any], kle: dict[str, Any], *,
                      delta: bool, skipped: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Write the citizen's PDFs (plan, statusnotat, minutes, handovers) and return their
    journalisation entries."""
    from hfdesk.exchange import documents

    out = []
    for doc in documents.citizen_documents(store, citizen_id, rows, delta=delta,
                                           skipped=skipped):
        member = f"documents/{citizen_id}/{doc.name}"
        writer.add_bytes(member, doc.pdf, compress=False)
        out.append({**base, "member": member, "title": doc.title, "date": doc.date,
                    "case_number": doc.case_number or base["case_number"],
                    "document_type": doc.document_type,
                    "kle_code": kle.get(doc.document_type)})
    return out


def _monitoring(writer: package.Writer, store: Store) -> list[str]:
    """The statistics area's monitoring CSVs (pseudonymised), when that area is present."""
    try:
        from hfdesk.statistics import monitoring_csvs
    except ImportError:
        return []
    names = []
    for name, data in sorted(monitoring_csvs(store, pseudonymise=True).items()):
        member = f"monitoring/{name}"
        writer.add_bytes(member, data)
        names.append(member)
    return names


def export(store: Store, out: Path, *, lock: package.Lock, full: bool = True,
           since_seq: int | None = None, citizen_id: str | None = None,
           profile: str = "full", recipient: str = "kommunens eget system",
           kind: str | None = None, documents: bool = True, outside: bool = False,
           progress: Progress = _noop) -> dict[str, Any]:
    """Write an export package. Returns its manifest. `documents` adds the citizens' PDFs
    (plan, statusnotat, minutes, handovers) to a full-profile export, and a full export of
    the whole caseload carries the monitoring CSVs."""
    from hfdesk.exchange import ffb

    out = Path(out)
    if out.exists():
        raise UserError(f"{out} findes allerede. Vælg et nyt filnavn; intet overskrives.")
    if profile == "ffb" and store.is_demo:
        raise UserError("FFB-udtrækket laves aldrig af demodata. Brug en rigtig database.")
    if profile not in ("full", "ffb"):
        raise UserError(f"Ukendt profil: {profile}. Brug 'ffb' eller udelad --profile.")
    if citizen_id is not None:
        records.get(store, "citizen", citizen_id)
        ids = [citizen_id]
    else:
        ids = exchange.citizen_ids(store, since_seq)
    conf = settings.all_settings(store)
    kle = conf.get("kle_codes") or {}
    package_id = str(uuid.uuid4())
    writer = package.Writer(out, lock)
    journal: list[dict[str, Any]] = []
    referenced: dict[str, set[str]] = {}
    skipped: list[dict[str, Any]] = []
    monitoring: list[str] = []
    with_docs = documents and profile == "full" and kind != "transfer"
    try:
        for i, cid in enumerate(ids):
            progress("Eksporterer borgere", i, len(ids))
            member = f"citizens/{cid}.json"
            if profile == "ffb":
                rows = exchange.citizen_rows(store, cid, since_seq)
                writer.add_json(member, ffb.project(cid, rows, conf))
            else:
                doc, rows = citizen_document(store, writer, cid, since_seq=since_seq,
                                             demo=store.is_demo, outside=outside)
                writer.add_json(member, doc)
                for k, v in exchange.referenced_globals(store, rows).items():
                    referenced.setdefault(k, set()).update(v)
            entries = _journal_entries(store, cid, rows, member, kle)
            journal += entries
            if with_docs:
                journal += _document_entries(writer, store, cid, rows, entries[0], kle,
                                             delta=since_seq is not None, skipped=skipped)
            del rows
        if profile == "full":
            globals_ = (exchange.global_rows(store, since_seq) if citizen_id is None
                        else exchange.global_rows(store, only_ids=referenced))
            writer.add_json("global.json", {
                "records": {k: [_row_out(writer, k, r) for r in items]
                            for k, items in globals_.items()},
                "tombstones": exchange.tombstones(store, since_seq) if citizen_id is None
                else [],
            })
        if profile == "full" and citizen_id is None and since_seq is None \
                and kind != "transfer":
            progress("Skriver opfølgningstal", len(ids), len(ids))
            monitoring = _monitoring(writer, store)
        count, head = audit.head(store)
        manifest = {
            "format": FORMAT, "version": VERSION, "kind": kind or (
                "delta" if since_seq is not None else "citizen" if citizen_id else "full"),
            "profile": profile, "package_id": package_id, "created": _now(),
            "app_version": app_version, "database_id": store.origin, "demo": store.is_demo,
            "by": {"worker_id": store.worker_id, "worker_name": store.worker_name,
                   "role": store.role, "unit": conf.get("unit") or None},
            "for": recipient, "organisation": conf.get("organisation") or None,
            "sts_org_code": conf.get("sts_org_code") or None,
            "since_seq": since_seq, "until_seq": records.current_change_seq(store),
            "citizens": len(ids), "counts": {"citizens": len(ids)},
            "audit_count": count, "audit_head": head, "documents": journal,
            "documents_skipped": skipped, "monitoring": monitoring,
        }
        progress("Afslutter", len(ids), len(ids))
        writer.finish(manifest)
    except BaseException:
        writer.abort()
        raise
    with store.db.atomic():
        for cid in ids:
            audit.log(store, "export", record_kind="citizen", record_id=cid, citizen_id=cid,
                      purpose=recipient[:200])
        exchange.log_exchange(store, direction="out", package_id=package_id,
                              kind=manifest["kind"], counterpart=recipient[:200],
                              citizens=len(ids), demo=store.is_demo)
        if manifest["kind"] in ("full", "delta") and profile == "full":
            exchange.remember_export_seq(store, manifest["until_seq"])
    return manifest


def transfer(store: Store, citizen_id: str, recipient: X25519PublicKey, out: Path, *,
             progress: Progress = _noop) -> dict[str, Any]:
    """A package of one citizen sealed to a colleague's key; the local copy becomes read-only
    (marked moved) until the colleague's receipt removes it."""
    from hfdesk.store import keyfile

    if exchange.moved(store, citizen_id):
        raise UserError("Borgeren er allerede flyttet til en kollega og venter på kvittering.")
    fingerprint = keyfile.public_key_to_pem(recipient).decode("ascii").splitlines()[1][:24]
    manifest = export(store, out, lock=package.lock_key(recipient), citizen_id=citizen_id,
                      recipient=f"kollega ({fingerprint})", kind="transfer", progress=progress)
    with store.db.atomic():
        exchange.mark_moved(store, citizen_id, manifest["package_id"], fingerprint)
    return manifest
