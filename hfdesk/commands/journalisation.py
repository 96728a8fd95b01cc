"""Journalisation, indsigt and retention on the command line.

`hfdesk list not-journalised`, `hfdesk print access-report`, `hfdesk print records-extract
[--released-to citizen|custody_holder]`, and the subcommands `hfdesk retention`,
`hfdesk delete-citizen` and `hfdesk exempt` (added to the parser by `add_parsers`).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.errors import UserError
from hfdesk.store.database import Store


@lister("not-journalised")
def list_not_journalised(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import citizens, journalisation

    cid = getattr(args, "citizen", None)
    if cid:
        citizens.get(store, cid)
    return journalisation.untransferred(store, cid or None)


def _citizen(store: Store | None, args: argparse.Namespace, what: str) -> str:
    from hfdesk.store import citizens

    assert store is not None
    if not getattr(args, "citizen", None):
        raise UserError(f"{what} kræver --citizen ID.")
    citizens.get(store, args.citizen)
    return str(args.citizen)


@printer("access-report")
def print_access_report(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.access_report import access_snapshot, build_access_report

    cid = _citizen(store, args, "Loggen")
    assert store is not None
    return Printed(build_access_report(access_snapshot(store, cid)), cid, "access_report")


@printer("records-extract")
def print_records_extract(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.records_extract import (
        build_records_extract,
        exempted_count,
        extract_snapshot,
    )
    from hfdesk.store import journalisation

    cid = _citizen(store, args, "Udskriften")
    assert store is not None
    released = getattr(args, "released_to", None)
    snap = extract_snapshot(store, cid, released_to=released)
    if released:
        # The release is logged with the extract made for it, and that extract lists it.
        journalisation.record_release(store, cid, released_to=released,
                                      exempted=exempted_count(snap),
                                      recipient_name=getattr(args, "recipient_name", None))
        snap = extract_snapshot(store, cid, released_to=released)
    return Printed(build_records_extract(snap), cid, "records_extract")


# --- subcommands -----------------------------------------------------------------------------

def _cli() -> Any:
    from hfdesk import cli

    return cli


def cmd_retention(args: argparse.Namespace) -> int:
    from hfdesk import retention

    with _cli()._open(args) as store:
        items = [c.as_dict() for c in retention.overview(store, date.today())]
        period = retention.months(store)
    if args.json:
        _cli()._emit(items)
        return 0
    if not items:
        print("Ingen borgere med afsluttede forløb.")
    for label, status in (("Klar til sletning", retention.READY),
                          ("Mangler journalisering", retention.MISSING),
                          ("Endnu ikke (opbevaringsperioden løber)", retention.NOT_DUE)):
        group = [i for i in items if i["status"] == status]
        if not group:
            continue
        print(f"{label} ({len(group)}):")
        for i in group:
            extra = ""
            if status == retention.MISSING:
                extra = " – mangler " + retention.missing_text(i["notes_missing"],
                                                               i["documents_missing"])
            elif status == retention.NOT_DUE:
                extra = f" – kan slettes fra {i['due']}"
            print(f"  {i['citizen_id']}  {i['name']}  afsluttet {i['ended']}{extra}")
    print(f"Opbevaringsperiode: {period} måneder efter forløbets afslutning.")
    return 0


def cmd_delete_citizen(args: argparse.Namespace) -> int:
    from hfdesk import retention

    with _cli()._open(args) as store:
        c = retention.check_deletable(store, args.citizen)
        if not args.yes:
            if not (sys.stdin is not None and sys.stdin.isatty()):
                raise UserError("Sletning skal bekræftes: tilføj --yes (der er ingen fortrydelse).")
            answer = input(f"Slet {c.name} og alle oplysninger om borgeren? Skriv ja: ")
            if answer.strip().lower() != "ja":
                print("Intet er slettet.")
                return 1
        result = retention.delete_citizen(store, args.citizen)
    print(f"Borgeren er slettet ({result['rows_deleted']} rækker). Data findes stadig i "
          "backupper, indtil de roteres ud.")
    return 0


def cmd_exempt(args: argparse.Namespace) -> int:
    from hfdesk.store import journalisation

    with _cli()._open(args) as store:
        eid = journalisation.add_exemption(store, args.citizen, record_kind=args.kind,
                                           record_id=args.record, field=args.field,
                                           reason=args.reason)
    print(f"Undtagelsen er registreret ({eid}).")
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("retention", parents=[common],
                       help="afsluttede forløb: klar til sletning / mangler journalisering")
    s.add_argument("--json", action="store_true")
    s.set_defaults(func=cmd_retention)

    s = sub.add_parser("delete-citizen", parents=[common],
                       help="slet en borger, når alt er journaliseret og perioden er gået")
    s.add_argument("--citizen", required=True)
    s.add_argument("--yes", action="store_true", help="bekræft uden at spørge")
    s.set_defaults(func=cmd_delete_citizen)

    s = sub.add_parser("exempt", parents=[common],
                       help="foreslå en passage undtaget fra aktindsigt (fvl. § 15 b)")
    s.add_argument("--citizen", required=True)
    s.add_argument("--kind", required=True, help="slags post, fx journal_entry")
    s.add_argument("--record", required=True, help="postens id")
    s.add_argument("--field", required=True, help="feltet, fx note")
    s.add_argument("--reason", required=True)
    s.set_defaults(func=cmd_exempt)
