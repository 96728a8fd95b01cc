"""Headless commands: the contract scripts and municipal IT use. Never imports `ui`.

Ids are record UUIDs, never CPR numbers. The passphrase comes from HFDESK_PASSPHRASE or
--passphrase-file (or a prompt on a terminal). Errors go to stderr in Danish with a non-zero exit.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from hfdesk.errors import UserError

EXIT_USAGE = 64


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # argparse's English usage errors become a Danish hint, still with a non-zero exit.
        self.print_usage(sys.stderr)
        sys.stderr.write(f"hfdesk: forkert brug: {message}\nSe 'hfdesk --help'.\n")
        raise SystemExit(EXIT_USAGE)


def _read_secret(path: str | None, env: str, prompt: str) -> str:
    if path:
        try:
            return Path(path).read_text("utf-8").rstrip("\r\n")
        except OSError as exc:
            raise UserError(f"Filen {path} kan ikke læses: {exc.strerror}.") from exc
    if os.environ.get(env):
        return os.environ[env]
    if sys.stdin is not None and sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise UserError(f"Adgangssætningen mangler. Sæt {env} eller brug --passphrase-file.")


def _passphrase(args: argparse.Namespace) -> str:
    return _read_secret(getattr(args, "passphrase_file", None), "HFDESK_PASSPHRASE",
                        "Adgangssætning: ")


def _new_passphrase(args: argparse.Namespace) -> str:
    return _read_secret(getattr(args, "new_passphrase_file", None), "HFDESK_NEW_PASSPHRASE",
                        "Ny adgangssætning: ")


def _db_path(args: argparse.Namespace) -> Path:
    from hfdesk.paths import default_db_path

    return Path(args.db) if args.db else default_db_path()


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from hfdesk.store.database import open_store

    return open_store(_db_path(args), _passphrase(args))


def _emit(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


# --- commands ------------------------------------------------------------------------------

def cmd_init(args: argparse.Namespace) -> int:
    from hfdesk.store.database import create_store

    create_store(_db_path(args), _passphrase(args), worker_name=args.worker_name,
                 role=args.role).close()
    print(f"Databasen er oprettet: {_db_path(args)}")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from hfdesk import demo
    from hfdesk.paths import default_db_path
    from hfdesk.store.database import create_store

    path = Path(args.db)
    if path.resolve() == default_db_path().resolve():
        raise UserError("Demodata skrives aldrig i den rigtige database. Vælg en anden --db.")
    if path.exists():
        raise UserError(f"{path} findes allerede. Slet den, eller vælg en anden sti til demoen.")
    store = create_store(path, _passphrase(args), worker_name=args.worker_name or "Anne Holm",
                         role=args.role, demo=True)
    try:
        counts = demo.generate(store, size=args.size)
    finally:
        store.close()
    print(f"Demodatabasen er skrevet til {path}: " + ", ".join(
        f"{k} {v}" for k, v in counts.items()))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from hfdesk.store import audit, database, migrations, records

    with _open(args) as store:
        integrity, fk = database.integrity(store)
        chain = audit.verify(store)
        counts = {table: records.count(store, kind) for kind, table in records.TABLES.items()}
        counts["audit"] = chain.count
        result = {
            "ok": integrity == ["ok"] and not fk and chain.ok,
            "schema_version": migrations.schema_version(),
            "integrity": integrity[:10],
            "foreign_key_problems": fk,
            "audit_chain_ok": chain.ok,
            "audit_head": chain.head,
            "audit_problems": chain.problems[:20],
            "demo": store.is_demo,
            "counts": counts,
        }
    if args.json:
        _emit(result)
    else:
        print("OK" if result["ok"] else "FEJL")
        print(f"Skema: {result['schema_version']}  Integritet: {', '.join(integrity[:3])}")
        print(f"Revisionslog: {'OK' if chain.ok else 'BRUDT'} ({chain.count} rækker)")
        for p in chain.problems[:20]:
            print(f"  - {p}")
        for kind, n in counts.items():
            print(f"  {kind}: {n}")
    return 0 if result["ok"] else 1


def cmd_list(args: argparse.Namespace) -> int:
    from hfdesk import commands

    with _open(args) as store:
        rows = commands.LISTERS[args.kind](store, args)
    if args.json:
        _emit(rows)
    else:
        for r in rows:
            print("  ".join(str(r.get(k) or "") for k in list(r)[:4]))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from hfdesk import reminders

    with _open(args) as store:
        items = reminders.due(store)
    if args.json:
        _emit(items)
    else:
        for i in items:
            print(f"{i['date'][:10]}  {i['severity']:8}  {i['label']}")
    return 0


def cmd_print(args: argparse.Namespace) -> int:
    from hfdesk import commands
    from hfdesk.store import audit

    out = Path(args.out)
    spec = commands.PRINTERS[args.document]
    if not spec.needs_store:
        printed = spec.build(None, args)
        _write(out, printed.pdf)
    else:
        with _open(args) as store:
            printed = spec.build(store, args)
            # A printout for a recipient outside the municipality needs a recorded basis,
            # checked (and written as a disclosure) before the file exists.
            from hfdesk import disclosure

            disclosure.check_print(store, args.document, getattr(args, "date_to", None),
                                   printed.citizen_id, basis=getattr(args, "basis", None),
                                   reason=getattr(args, "reason", None),
                                   document_id=printed.record_id)
            _write(out, printed.pdf)
            with store.db.atomic():
                audit.log(store, "print", record_kind=printed.record_kind,
                          record_id=printed.record_id, citizen_id=printed.citizen_id,
                          purpose="cli")
                audit.log(store, "save_file", record_kind=printed.record_kind,
                          record_id=printed.record_id, citizen_id=printed.citizen_id,
                          purpose=out.name)
    sys.stderr.write(
        f"Advarsel: {out} er ikke krypteret. Send den kun med sikker mail eller Digital Post, "
        "og slet den, når den er brugt.\n")
    print(f"Udskrevet: {out} ({len(printed.pdf):,} bytes)".replace(",", "."))
    return 0


def _write(out: Path, pdf: bytes) -> None:
    try:
        out.write_bytes(pdf)
    except OSError as exc:
        raise UserError(f"Filen {out} kan ikke skrives: {exc.strerror}.") from exc


def cmd_passphrase(args: argparse.Namespace) -> int:
    from hfdesk.store import audit
    from hfdesk.store.database import change_passphrase

    with _open(args) as store:
        change_passphrase(store, _passphrase(args), _new_passphrase(args))
        audit.log_now(store, "passphrase")
    print("Adgangssætningen er ændret. Databasen er ikke krypteret om; kun nøglefilen.")
    return 0


def cmd_recover(args: argparse.Namespace) -> int:
    from hfdesk.store import audit, keyfile
    from hfdesk.store.database import recover

    reason = (args.reason or "").strip()
    if not reason:
        raise UserError("Skriv en begrundelse med --reason; gendannelsen bliver logget.")
    try:
        private = keyfile.load_private_key(Path(args.recovery_key).read_bytes())
    except OSError as exc:
        raise UserError(f"Gendannelsesnøglen {args.recovery_key} kan ikke læses.") from exc
    with recover(_db_path(args), private, _new_passphrase(args)) as store:
        audit.log_now(store, "recover", purpose=reason[:500])
    print("Adgangen er gendannet med kommunens nøgle. Brug den nye adgangssætning fremover.")
    return 0


def cmd_set_recovery_key(args: argparse.Namespace) -> int:
    from hfdesk.store import audit, keyfile
    from hfdesk.store.database import set_recovery_key

    try:
        public = keyfile.load_public_key(Path(args.file).read_bytes())
    except OSError as exc:
        raise UserError(f"Filen {args.file} kan ikke læses: {exc.strerror}.") from exc
    with _open(args) as store:
        set_recovery_key(store, public)
        audit.log_now(store, "settings", fields=["recovery_key"])
    print("Kommunens gendannelsesnøgle er sat. Nøglefilen kan nu åbnes med den.")
    return 0


def cmd_public_key(args: argparse.Namespace) -> int:
    from hfdesk.store import keyfile

    with _open(args) as store:
        sys.stdout.write(keyfile.public_key_to_pem(store.worker_public_key()).decode("ascii"))
    return 0


def cmd_recovery_keypair(args: argparse.Namespace) -> int:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from hfdesk.store import keyfile

    priv, pub = Path(args.private), Path(args.public)
    if priv.exists() or pub.exists():
        raise UserError("Nøglefilerne findes allerede; vælg nye navne, så intet overskrives.")
    key = X25519PrivateKey.generate()
    fd = os.open(priv, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(keyfile.private_key_to_pem(key))
    pub.write_bytes(keyfile.public_key_to_pem(key.public_key()))
    print(f"Privat nøgle: {priv} (opbevares sikkert hos kommunen)\nOffentlig nøgle: {pub}")
    return 0


# --- parser --------------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    from hfdesk import commands

    commands.load()
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", help="databasefil (standard: brugerens datamappe)")
    common.add_argument("--passphrase-file", help="fil med adgangssætningen")
    p = _Parser(prog="hfdesk", description="hfdesk – kommandolinjen")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("init", parents=[common], help="opret en ny, tom database")
    s.add_argument("--worker-name", required=True)
    s.add_argument("--role", default="bostoettemedarbejder")
    s.set_defaults(func=cmd_init)

    s = sub.add_parser("demo", parents=[common], help="skriv en syntetisk demodatabase")
    s.add_argument("--size", choices=("worker", "municipality"), default="worker")
    s.add_argument("--worker-name")
    s.add_argument("--role", default="bostoettemedarbejder")
    s.set_defaults(func=cmd_demo)

    s = sub.add_parser("check", parents=[common], help="tjek integritet, skema og revisionslog")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_check)

    s = sub.add_parser("list", parents=[common], help="list poster af en slags som JSON/tekst")
    s.add_argument("kind", choices=sorted(commands.LISTERS))
    s.add_argument("--citizen")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_list)

    s = sub.add_parser("due", parents=[common], help="hvad der er forfaldent i dag")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_due)

    s = sub.add_parser("print", parents=[common], help="udskriv et dokument til PDF")
    s.add_argument("document", choices=sorted(commands.PRINTERS))
    s.add_argument("--citizen")
    for record in ("course", "assessment", "meeting", "version", "offer", "measurement"):
        s.add_argument(f"--{record}", help=f"en bestemt post ({record}) i stedet for den aktuelle")
    s.add_argument("--external", action="store_true", help="udgaven til eksterne modtagere")
    s.add_argument("--lang", choices=("da", "en"), default="da", help="sprog (plan-youth)")
    s.add_argument("--for", dest="for_person", help="referatet til én deltager (person- eller "
                   "aktør-id): kun de aftaler, der angår personen")
    s.add_argument("--round", help="en bestemt fidelitetsrunde (fidelity)")
    s.add_argument("--from", dest="date_from", help="periodens første dag (statistics)")
    s.add_argument("--to", dest="date_to", help="periodens sidste dag (statistics); ellers "
                   "modtagerens aktør-id, når udskriften sendes uden for kommunen (handover m.fl.)")
    s.add_argument("--released-to", choices=("citizen", "custody_holder"),
                   help="records-extract: udleveret til den unge eller forældremyndighedsindehaver"
                        " (udleveringen registreres; undtagne passager fjernes)")
    s.add_argument("--recipient-name", help="records-extract: modtagerens navn")
    s.add_argument("--basis", help="grundlag for videregivelse uden samtykke: lovhjemmel, "
                   "underretningspligt eller vaerdispring (kræver --reason)")
    s.add_argument("--reason", help="begrundelsen for grundlaget (lovhjemmel: med paragraf)")
    s.add_argument("--sections", help="handover: afsnit adskilt af komma (standard: alle)")
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_print)

    s = sub.add_parser("passphrase", parents=[common], help="skift adgangssætning")
    s.add_argument("--new-passphrase-file")
    s.set_defaults(func=cmd_passphrase)

    s = sub.add_parser("recover", parents=[common], help="gendan adgang med kommunens nøgle")
    s.add_argument("--recovery-key", required=True)
    s.add_argument("--reason")
    s.add_argument("--new-passphrase-file")
    s.set_defaults(func=cmd_recover)

    s = sub.add_parser("set-recovery-key", parents=[common],
                       help="sæt kommunens offentlige gendannelsesnøgle")
    s.add_argument("file")
    s.set_defaults(func=cmd_set_recovery_key)

    s = sub.add_parser("public-key", parents=[common], help="vis medarbejderens offentlige nøgle")
    s.set_defaults(func=cmd_public_key)

    s = sub.add_parser("make-recovery-keypair",
                       help="lav et nøglepar til kommunens gendannelse (kommunens IT)")
    s.add_argument("--private", required=True)
    s.add_argument("--public", required=True)
    s.set_defaults(func=cmd_recovery_keypair)

    from hfdesk.exchange import commands as exchange_commands

    exchange_commands.add_parsers(sub, common)
    from hfdesk.commands import statistics as statistics_commands

    statistics_commands.add_parsers(sub, common)
    from hfdesk.commands import journalisation as journalisation_commands

    journalisation_commands.add_parsers(sub, common)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    if list(argv if argv is not None else sys.argv[1:]) == ["--self-test"]:
        # Without the UI only the core half runs; `hfdesk-cli --self-test` adds the Qt checks.
        from hfdesk import selftest

        return selftest.run()
    args = build_parser().parse_args(list(argv) if argv is not None else None)
    try:
        return int(args.func(args))
    except UserError as exc:
        from hfdesk.domain.cpr import mask_in_text

        sys.stderr.write(f"hfdesk: {mask_in_text(exc.message)}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("hfdesk: afbrudt.\n")
        return 130
    except BrokenPipeError:
        # `hfdesk due | head`: the reader left; not an error, and no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
