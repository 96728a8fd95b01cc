"""Import of transfer packages and full or delta exports, and the receipt that ends a transfer.

The package is opened and checked completely (names, sizes, every member's hash, every
citizen document's shape) before the database is touched; the merge then runs in one
transaction. Merge rules per record:
- not here: inserted;
- identical: nothing;
- the local version is an earlier version of the incoming one: the incoming one replaces it
  (the local one is kept in the record's history);
- the incoming version is an earlier version of the local one: the local one stays;
- otherwise (changed on both sides since it left): the local one stays, the incoming one is
  stored beside it as a conflict for the worker to settle.
Importing the same package twice changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3

from hfdesk.errors import UserError
from hfdesk.exchange import export, package
from hfdesk.store import audit, exchange, records
from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

RECEIPT_FORMAT = "hfdesk-receipt"
RECEIPT_VERSION = 1


@dataclass
class ImportResult:
    package_id: str
    kind: str
    citizens: list[str] = field(default_factory=list)
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_local: int = 0
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    deleted: int = 0
    already: bool = False
    demo: bool = False


def open_for(store: Store | None, path: Path, passphrase: str | None) -> package.Reader:
    private = store.worker_private_key() if store is not None else None
    return package.open_package(Path(path), passphrase=passphrase, private=private,
                                formats=(export.FORMAT,), version=export.VERSION)


def refusal(store: Store, path: Path, exc: UserError) -> None:
    """The one write a refused package may cause: an audit row recording the refusal."""
    try:
        audit.log_now(store, "import", purpose=f"afvist: {Path(path).name}"[:200])
    except sqlcipher3.DatabaseError:
        pass


def check_demo(store: Store, manifest: dict[str, Any]) -> None:
    demo = bool(manifest.get("demo"))
    if demo and not store.is_demo:
        raise UserError("Pakken indeholder demodata og kan ikke indlæses i en rigtig database.")
    if store.is_demo and not demo:
        raise UserError("Pakken indeholder rigtige borgere og kan ikke indlæses i en "
                        "demodatabase.")


def _validate(reader: package.Reader) -> None:
    """Every document's shape, before anything is written."""
    m = reader.manifest
    if m.get("profile", "full") != "full":
        raise package.refuse("et FFB-udtræk kan ikke indlæses; det er kun til kommunen.")
    known = set(records.TABLES)
    for name in reader.names():
        # PDFs and monitoring CSVs are for the municipality's archive; an import rebuilds them
        # from the records, so they are checked (hashes) but not read.
        if name.startswith(("blobs/", "documents/", "monitoring/")):
            continue
        if name == "global.json":
            data = reader.json(name)
            if not isinstance(data, dict) or not isinstance(data.get("records"), dict):
                raise package.refuse("global.json har ikke den forventede form.")
            _check_records(data["records"], known, name)
            continue
        if not (name.startswith("citizens/") and name.endswith(".json")):
            raise package.refuse(f"ukendt element {name[:60]}.")
        doc = reader.json(name)
        if (not isinstance(doc, dict) or doc.get("format") != export.DOC_FORMAT
                or not isinstance(doc.get("version"), int)):
            raise package.refuse(f"{name[:60]} er ikke et borgerdokument.")
        if doc["version"] > export.VERSION:
            raise package.refuse("den er skrevet af en nyere version af hfdesk.")
        if bool(doc.get("demo")) != bool(m.get("demo")):
            raise package.refuse("demo-mærkningen passer ikke til manifestet.")
        _check_records(doc.get("records"), known, name)
        if not isinstance(doc.get("versions", []), list) or not isinstance(
                doc.get("audit", []), list):
            raise package.refuse(f"{name[:60]} har ikke den forventede form.")
        # Audit rows join this database's hash chain: each must be the row it claims to be.
        if not all(isinstance(r, dict) and exchange.audit_row_sound(r)
                   for r in doc.get("audit", [])):
            raise package.refuse(f"revisionsloggen i {name[:60]} er ændret.")


def _check_records(recs: Any, known: set[str], name: str) -> None:
    if not isinstance(recs, dict):
        raise package.refuse(f"{name[:60]} har ikke den forventede form.")
    for kind, rows in recs.items():
        if kind not in known:
            raise package.refuse(f"{name[:60]} indeholder en ukendt slags post ({kind[:40]}); "
                                 "opdater hfdesk.")
        if not isinstance(rows, list) or not all(
                isinstance(r, dict) and isinstance(r.get("id"), str) for r in rows):
            raise package.refuse(f"{name[:60]} har ikke den forventede form.")


def _materialise(reader: package.Reader, row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for col, value in row.items():
        if isinstance(value, dict) and "$member" in value:
            out[col] = reader.read(str(value["$member"]), limit=package.MAX_MEMBER_BYTES)
    return out


def _stamp(row: dict[str, Any]) -> tuple[int, str]:
    return int(row.get("revision") or 0), str(row.get("updated_at") or "")


def _merge_rows(store: Store, reader: package.Reader, kinds_order: list[str],
                recs: dict[str, list[dict[str, Any]]], versions: list[dict[str, Any]],
                citizen_id: str | None, result: ImportResult) -> None:
    incoming_stamps: dict[tuple[str, str], set[tuple[int, str]]] = {}
    for v in versions:
        try:
            data = json.loads(v["data"])
        except (ValueError, TypeError, KeyError):
            continue
        incoming_stamps.setdefault((v["record_kind"], v["record_id"]), set()).add(_stamp(data))
    for kind in kinds_order:
        for raw in recs.get(kind, []):
            row = _materialise(reader, raw)
            local = exchange.local_row(store, kind, row["id"])
            if local is None:
                exchange.insert_row(store, kind, row)
                result.inserted += 1
                continue
            cols = set(local)
            if exchange.row_hash({k: v for k, v in row.items() if k in cols}) == \
                    exchange.row_hash(local):
                result.unchanged += 1
            elif _stamp(local) in incoming_stamps.get((kind, row["id"]), set()):
                exchange.replace_row(store, kind, row, local)
                result.updated += 1
            elif _stamp(row) in exchange.local_version_stamps(store, kind, row["id"]):
                result.kept_local += 1
            else:
                if exchange.add_conflict(store, kind, row, citizen_id, result.package_id):
                    result.conflicts.append({"record_kind": kind, "record_id": row["id"],
                                             "citizen_id": citizen_id})
    for v in versions:
        if v.get("record_kind") in records.TABLES:
            exchange.add_version(store, v)


def _noop(_step: str, _done: int, _total: int) -> None:
    return None


def import_package(store: Store, path: Path, *, passphrase: str | None = None,
                   receipt_out: Path | None = None,
                   progress: export.Progress = _noop) -> ImportResult:
    progress("Kontrollerer pakken", 0, 0)
    try:
        reader = open_for(store, path, passphrase)
    except UserError as exc:
        refusal(store, path, exc)
        raise
    with reader:
        m = reader.manifest
        try:
            check_demo(store, m)
            _validate(reader)
        except UserError as exc:
            refusal(store, path, exc)
            raise
        result = ImportResult(package_id=str(m.get("package_id")), kind=str(m.get("kind")),
                              demo=bool(m.get("demo")))
        if exchange.package_seen(store, result.package_id, "in"):
            result.already = True
            result.citizens = [n[len("citizens/"):-5] for n in reader.names()
                               if n.startswith("citizens/")]
        else:
            _apply(store, reader, result, progress)
    if receipt_out is not None and result.kind == "transfer":
        write_receipt(store, Path(receipt_out), result)
    return result


def _apply(store: Store, reader: package.Reader, result: ImportResult,
           progress: export.Progress = _noop) -> None:
    order = exchange.ordered_kinds(store)
    names = [n for n in reader.names() if n.startswith("citizens/")]
    origin = str(reader.manifest.get("database_id", ""))
    by = reader.manifest.get("by") if isinstance(reader.manifest.get("by"), dict) else {}
    try:
        with store.db.atomic():
            glob: dict[str, Any] = {}
            if "global.json" in reader.names():
                glob = reader.json("global.json")
                # Global records (actors) first, so citizens' records can point at them.
                _merge_rows(store, reader, order, glob.get("records", {}), [], None, result)
            for i, name in enumerate(names):
                progress("Indlæser borgere", i, len(names))
                doc = reader.json(name)
                cid = str(doc["citizen_id"])
                _merge_rows(store, reader, order, doc.get("records", {}),
                            doc.get("versions", []), cid, result)
                for row in doc.get("audit", []):
                    exchange.chain_imported(store, origin, row, by=by)
                result.citizens.append(cid)
                audit.log(store, "import", record_kind="citizen", record_id=cid,
                          citizen_id=cid, purpose=result.kind)
            for t in glob.get("tombstones", []):
                if isinstance(t, dict) and exchange.apply_tombstone(store, t):
                    result.deleted += 1
            exchange.log_exchange(store, direction="in", package_id=result.package_id,
                                  kind=result.kind, counterpart=origin,
                                  citizens=len(result.citizens), demo=result.demo)
    except sqlcipher3.IntegrityError as exc:
        if "citizen moved" in str(exc):
            raise UserError("Pakken kunne ikke indlæses: den ændrer en borger, der er flyttet "
                            "til en kollega og venter på kvittering. Intet er ændret.") from exc
        raise UserError("Pakken kunne ikke indlæses: den passer ikke til databasens poster "
                        f"({exc}). Intet er ændret.") from exc
    except (sqlcipher3.InterfaceError, sqlcipher3.OperationalError, KeyError, TypeError,
            AttributeError, ValueError) as exc:
        # A hand-made package whose hashes match but whose rows do not (a missing citizen_id,
        # a version that is not a record, a value of the wrong type): the transaction is rolled
        # back, so nothing changed. Found by tests/test_hardening_fuzz.py. (A full disk is a
        # UserError already: store transactions translate it.)
        raise package.refuse("indholdet har ikke den forventede form.") from exc


def write_receipt(store: Store, out: Path, result: ImportResult) -> None:
    data = {"format": RECEIPT_FORMAT, "version": RECEIPT_VERSION,
            "package_id": result.package_id, "citizens": result.citizens,
            "received_by": store.origin, "received_at": utc_now()}
    out.write_text(json.dumps(data, indent=1), "utf-8")


def apply_receipt(store: Store, path: Path) -> list[str]:
    """On the sender: remove the citizens a colleague has confirmed receiving."""
    from hfdesk.store import citizens

    try:
        raw = Path(path).read_bytes()
        if len(raw) > 1024 * 1024:
            raise ValueError("size")
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("format") != RECEIPT_FORMAT:
            raise ValueError("format")
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise UserError(f"{Path(path).name} er ikke en hfdesk-kvittering.") from exc
    version, cited = data.get("version", 0), data.get("citizens", [])
    if type(version) is not int or not isinstance(cited, list):  # a damaged or hand-made file
        raise UserError(f"{Path(path).name} er ikke en gyldig hfdesk-kvittering.")
    if version > RECEIPT_VERSION:
        raise UserError("Kvitteringen er skrevet af en nyere version af hfdesk.")
    moved = exchange.moved_for_package(store, str(data.get("package_id")))
    wanted = [c for c in cited if isinstance(c, str) and c in moved]
    if not wanted:
        raise UserError("Kvitteringen hører ikke til en flytning fra denne database "
                        "(eller borgeren er allerede fjernet).")
    for cid in wanted:
        with store.db.atomic():
            exchange.unmark_moved(store, cid)
            citizens.delete(store, cid, reason="flyttet til kollega (kvittering modtaget)")
    return wanted
