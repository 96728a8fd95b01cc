"""Command-line subcommands: backup, restore, transfer, import, receipt, export, conflicts."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from hfdesk.errors import UserError


def _cli() -> Any:
    from hfdesk import cli

    return cli


def _progress(step: str, done: int, total: int) -> None:
    if sys.stderr.isatty():
        sys.stderr.write(f"\r{step}: {done}/{total}   ")
        if done >= total:
            sys.stderr.write("\n")


def _read_key(path: str, *, private: bool = False) -> Any:
    from hfdesk.store import keyfile

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise UserError(f"Nøglefilen {path} kan ikke læses: {exc.strerror}.") from exc
    return keyfile.load_private_key(data) if private else keyfile.load_public_key(data)


def cmd_backup(args: argparse.Namespace) -> int:
    from hfdesk.exchange import backup

    with _cli()._open(args) as store:
        manifest = backup.backup(store, Path(args.out), progress=_progress)
        warning = backup.same_disk_warning(store.path, Path(args.out).parent)
    if warning:
        sys.stderr.write(f"Advarsel: {warning}\n")
    print(f"Backup skrevet og kontrolleret: {args.out} "
          f"({sum(manifest['counts'].values())} rækker{', DEMO' if manifest['demo'] else ''})")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from hfdesk.exchange import backup

    cli = _cli()
    target = Path(args.db) if args.db else None
    if target is None:
        raise UserError("Angiv en ny databasefil med --db; en backup gendannes aldrig oven i "
                        "den rigtige database.")
    if args.recovery_key:
        manifest = backup.restore(Path(args.file), target,
                                  recovery=_read_key(args.recovery_key, private=True),
                                  new_passphrase=cli._new_passphrase(args), reason=args.reason)
    else:
        manifest = backup.restore(Path(args.file), target, passphrase=cli._passphrase(args))
    print(f"Backuppen fra {manifest['created']} er gendannet og kontrolleret: {target}")
    return 0


def _export_lock(args: argparse.Namespace) -> Any:
    from hfdesk.exchange import package

    chosen = [bool(args.to_key), bool(args.export_passphrase_file), bool(args.plain)]
    if sum(chosen) > 1:
        raise UserError("Vælg kun én af --to-key, --export-passphrase-file og --plain.")
    if args.to_key:
        return package.lock_key(_read_key(args.to_key)), "kollega/modtagernøgle"
    if args.export_passphrase_file:
        secret = _cli()._read_secret(args.export_passphrase_file, "HFDESK_EXPORT_PASSPHRASE",
                                     "Adgangssætning til eksporten: ")
        from hfdesk.store import keyfile

        weak = keyfile.check_passphrase_strength(secret)
        if weak:
            raise UserError(weak)
        return package.lock_passphrase(secret), "adgangssætning"
    if args.plain:
        sys.stderr.write("Advarsel: eksporten er IKKE krypteret. Den indeholder personoplysninger "
                         "og må kun flyttes direkte ind i kommunens system; slet den bagefter.\n")
        return package.lock_plain(), "ukrypteret"
    return package.lock_passphrase(_cli()._passphrase(args)), "databasens adgangssætning"


def cmd_export(args: argparse.Namespace) -> int:
    from hfdesk.exchange import export

    if args.full and args.since_seq is not None:
        raise UserError("Vælg enten --full eller --since-seq N.")
    lock, how = _export_lock(args)
    with _cli()._open(args) as store:
        from hfdesk import disclosure

        # Outside the municipality every citizen needs a recorded basis, checked before
        # anything is written; the municipality's own system is never blocked.
        checked = disclosure.check_export(store, citizen_id=args.citizen,
                                          outside=bool(getattr(args, "outside", False)),
                                          recipient=args.recipient,
                                          basis=getattr(args, "basis", None),
                                          reason=getattr(args, "reason", None))
        manifest = export.export(store, Path(args.out), lock=lock, since_seq=args.since_seq,
                                 citizen_id=args.citizen, profile=args.profile or "full",
                                 recipient=args.recipient or "kommunens eget system",
                                 documents=not args.no_documents,
                                 outside=bool(getattr(args, "outside", False)),
                                 progress=_progress)
        disclosure.record_export(store, checked)
    print(f"Eksport skrevet: {args.out} ({manifest['citizens']} borgere, {manifest['kind']}, "
          f"låst med {how}{', DEMO' if manifest['demo'] else ''}). "
          f"Næste delta: --since-seq {manifest['until_seq']}")
    return 0


def cmd_transfer(args: argparse.Namespace) -> int:
    from hfdesk.exchange import export

    recipient = _read_key(args.to_key)
    with _cli()._open(args) as store:
        export.transfer(store, args.citizen, recipient, Path(args.out), progress=_progress)
    print(f"Flyttepakken er skrevet: {args.out}. Borgeren er nu skrivebeskyttet her, indtil "
          "kollegaens kvittering er indlæst med 'hfdesk receipt'.")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from hfdesk.exchange import importer, package
    from hfdesk.store.database import create_store, open_store

    cli = _cli()
    path = cli._db_path(args)
    passphrase = cli._passphrase(args)
    export_pass = (cli._read_secret(args.export_passphrase_file, "HFDESK_EXPORT_PASSPHRASE", "")
                   if args.export_passphrase_file else passphrase)
    if path.exists():
        store = open_store(path, passphrase)
    else:
        if not args.worker_name:
            raise UserError(f"Der findes ingen database på {path}. Angiv --worker-name (og "
                            "--role) for at oprette den ved indlæsningen.")
        # Check the package before a new database is created for it.
        comment = package.comment_of(Path(args.file))
        if comment.get("lock") == "key":
            raise UserError("En flyttepakke er låst til en bestemt medarbejders database; den "
                            "kan ikke indlæses i en ny database.")
        with importer.open_for(None, Path(args.file), export_pass) as reader:
            demo = bool(reader.manifest.get("demo"))
        store = create_store(path, passphrase, worker_name=args.worker_name, role=args.role,
                             demo=demo)
    try:
        result = importer.import_package(store, Path(args.file), passphrase=export_pass,
                                         receipt_out=Path(args.receipt_out)
                                         if args.receipt_out else None,
                                         progress=_progress)
    finally:
        store.close()
    if result.already:
        print("Pakken er allerede indlæst; intet er ændret.")
    else:
        print(f"Indlæst: {len(result.citizens)} borgere; {result.inserted} nye poster, "
              f"{result.updated} opdateret, {result.unchanged} uændret, {result.kept_local} "
              f"lokale beholdt, {result.deleted} slettet.")
    for c in result.conflicts:
        print(f"  Konflikt: {c['record_kind']} {c['record_id'][:8]} (borger "
              f"{(c['citizen_id'] or '')[:8]}) - ændret begge steder; din version er beholdt.")
    if args.receipt_out and result.kind == "transfer":
        print(f"Kvittering skrevet: {args.receipt_out}. Send den til afsenderen.")
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    from hfdesk.exchange import importer

    with _cli()._open(args) as store:
        removed = importer.apply_receipt(store, Path(args.file))
    print(f"Kvitteringen er modtaget; {len(removed)} borger(e) er fjernet fra denne database.")
    return 0


def cmd_conflicts(args: argparse.Namespace) -> int:
    from hfdesk.exchange import conflicts

    with _cli()._open(args) as store:
        if args.settle is not None:
            if args.use not in ("mine", "incoming"):
                raise UserError("Angiv --use mine eller --use incoming sammen med --settle ID.")
            conflicts.settle(store, args.settle, "local" if args.use == "mine" else "incoming")
        rows = [{k: v for k, v in c.items() if k not in ("local", "incoming")}
                for c in conflicts.pending(store)]
    _cli()._emit(rows)
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("backup", parents=[common], help="skriv en kontrolleret backup")
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", parents=[common], help="gendan en backup til en ny fil")
    s.add_argument("file")
    s.add_argument("--recovery-key", help="kommunens private gendannelsesnøgle")
    s.add_argument("--reason")
    s.add_argument("--new-passphrase-file")
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("export", parents=[common], help="eksportér til kommunens system")
    s.add_argument("--out", required=True)
    s.add_argument("--full", action="store_true")
    s.add_argument("--since-seq", type=int)
    s.add_argument("--citizen")
    s.add_argument("--profile", choices=("ffb",))
    s.add_argument("--to-key")
    s.add_argument("--export-passphrase-file")
    s.add_argument("--plain", action="store_true")
    s.add_argument("--recipient", help="hvem eksporten er til (står i manifestet)")
    s.add_argument("--no-documents", action="store_true",
                   help="uden PDF'er af plan, statusnotat, referater og overdragelser")
    s.add_argument("--outside", action="store_true",
                   help="modtageren (--recipient: navn eller aktør-id) er uden for kommunen: "
                        "kræver samtykke eller --basis og --reason")
    s.add_argument("--basis", help="grundlag uden samtykke: lovhjemmel, underretningspligt, "
                   "vaerdispring")
    s.add_argument("--reason", help="begrundelsen for grundlaget")
    s.set_defaults(func=cmd_export)

    s = sub.add_parser("transfer", parents=[common], help="flyt en borger til en kollega")
    s.add_argument("--citizen", required=True)
    s.add_argument("--to-key", required=True)
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_transfer)

    s = sub.add_parser("import", parents=[common], help="indlæs en flyttepakke eller eksport")
    s.add_argument("file")
    s.add_argument("--receipt-out")
    s.add_argument("--export-passphrase-file")
    s.add_argument("--worker-name")
    s.add_argument("--role", default="bostoettemedarbejder")
    s.set_defaults(func=cmd_import)

    s = sub.add_parser("receipt", parents=[common], help="modtag kollegaens kvittering")
    s.add_argument("file")
    s.set_defaults(func=cmd_receipt)

    s = sub.add_parser("conflicts", parents=[common], help="list importkonflikter (JSON)")
    s.add_argument("--settle", type=int, help="afgør konflikten med dette id")
    s.add_argument("--use", choices=("mine", "incoming"),
                   help="behold din version (mine) eller brug den indkomne (incoming)")
    s.set_defaults(func=cmd_conflicts)


__all__ = ["add_parsers"]
