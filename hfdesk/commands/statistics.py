"""`hfdesk stats` (CSV files), `hfdesk print statistics` and `hfdesk print fidelity`.

Statistics are aggregate exports: one audit row without a citizen says what left and whether the
ids were pseudonymised. The fidelity self-assessment holds no citizen data.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.errors import UserError, ValidationError
from hfdesk.store.database import Store


def period_from(args: argparse.Namespace) -> Any:
    from hfdesk.domain.dates import parse_date
    from hfdesk.statistics import Period

    try:
        start = parse_date(getattr(args, "date_from", None), field="from")
        end = parse_date(getattr(args, "date_to", None), field="to")
    except ValidationError as exc:
        raise UserError(f"--from/--to: {exc.message}") from exc
    if start and end and start > end:
        raise UserError("--from ligger efter --to. Byt om på datoerne.")
    return Period(start, end)


def _organisation(store: Store) -> str:
    from hfdesk.store import settings

    org = settings.get(store, "organisation") or ""
    unit = settings.get(store, "unit") or ""
    return " · ".join(p for p in (org, unit) if p) or "hfdesk"


def statistics_pdf(store: Store, period: Any = None) -> bytes:
    from hfdesk import statistics
    from hfdesk.documents.statistics import build_statistics

    tables = statistics.build(store, period=period)
    return build_statistics(tables, organisation=_organisation(store),
                            printed_by=store.worker_name,
                            printed_at=datetime.now().replace(microsecond=0),
                            demo=store.is_demo)


@printer("statistics")
def print_statistics(store: Store | None, args: argparse.Namespace) -> Printed:
    assert store is not None
    # cmd_print writes the print and save_file rows (no citizen): the aggregate export's audit.
    return Printed(statistics_pdf(store, period_from(args)), None, "statistics")


def fidelity_pdf(store: Store, round_id: str | None = None) -> bytes:
    from hfdesk.documents.fidelity import build_fidelity
    from hfdesk.store import fidelity

    return build_fidelity(fidelity.snapshot(store, round_id),
                          organisation=_organisation(store), printed_by=store.worker_name,
                          printed_at=datetime.now().replace(microsecond=0), demo=store.is_demo)


@printer("fidelity")
def print_fidelity(store: Store | None, args: argparse.Namespace) -> Printed:
    assert store is not None
    round_id = getattr(args, "round", None) or None
    return Printed(fidelity_pdf(store, round_id), None, "fidelity_round", round_id)


@lister("fidelity")
def list_fidelity(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import fidelity

    return fidelity.list_rounds(store)


def write_stats(store: Store, out: Path, *, pseudonymise: bool, period: Any = None) -> list[str]:
    """Write the CSV files into `out` (created if missing) and audit the export once.

    Used by `hfdesk stats` and by "Gem som CSV-filer…" in the statistics window.
    """
    from hfdesk import statistics
    from hfdesk.store import statistics as q

    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Mappen {out} kan ikke oprettes: {exc.strerror}.") from exc
    files = statistics.monitoring_csvs(store, pseudonymise=pseudonymise, period=period)
    for name, data in files.items():
        try:
            (out / name).write_bytes(data)
        except OSError as exc:
            raise UserError(f"Filen {out / name} kan ikke skrives: {exc.strerror}.") from exc
    q.log_export(store, what=f"{len(files)} CSV-filer til {out.name}", pseudonymised=pseudonymise)
    return sorted(files)


def cmd_stats(args: argparse.Namespace) -> int:
    from hfdesk.cli import _open

    out = Path(args.out)
    period = period_from(args)
    with _open(args) as store:
        files = write_stats(store, out, pseudonymise=args.pseudonymise, period=period)
    ids = "pseudonymiserede id'er" if args.pseudonymise else "rigtige id'er"
    sys.stderr.write(
        f"Advarsel: filerne i {out} er ikke krypteret. forloeb.csv har én række pr. forløb med "
        f"{ids} og er personoplysninger. Send dem kun sikkert, og slet dem efter brug.\n")
    print(f"Skrevet: {len(files)} filer i {out}")
    return 0


def add_parsers(sub: Any, common: argparse.ArgumentParser) -> None:
    s = sub.add_parser("stats", parents=[common],
                       help="statistik for egen sagsstamme som CSV (én fil pr. tabel)")
    s.add_argument("--out", required=True, help="mappe til CSV-filerne")
    s.add_argument("--pseudonymise", action="store_true",
                   help="erstat id'er med faste pseudonymer (stadig personoplysninger)")
    s.add_argument("--from", dest="date_from", help="periodens første dag")
    s.add_argument("--to", dest="date_to", help="periodens sidste dag")
    s.set_defaults(func=cmd_stats)
