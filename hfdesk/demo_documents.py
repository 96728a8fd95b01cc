"""`make demo`: print the demo database's documents into a folder to look at.

Only for demo files: a live database is refused, so no real citizen's papers land on disk.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from hfdesk.errors import UserError


def write_documents(db: Path, out: Path, passphrase: str, limit: int = 5) -> list[Path]:
    from hfdesk.documents.layout import default_file_name
    from hfdesk.documents.snapshot import summary_snapshot
    from hfdesk.documents.summary import build_summary
    from hfdesk.store import audit, citizens
    from hfdesk.store.database import open_store

    written: list[Path] = []
    with open_store(db, passphrase) as store:
        if not store.is_demo:
            raise UserError("Kun demodatabaser kan udskrives samlet til en mappe.")
        out.mkdir(parents=True, exist_ok=True)
        for c in citizens.list_brief(store)[:limit]:
            pdf = build_summary(summary_snapshot(store, c["id"]))
            target = out / default_file_name("stamblad", date.today(), c["id"][:8])
            target.write_bytes(pdf)
            audit.log_now(store, "save_file", record_kind="summary", citizen_id=c["id"],
                          purpose=target.name)
            written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m hfdesk.demo_documents")
    p.add_argument("--db", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--limit", type=int, default=5)
    args = p.parse_args(argv)
    try:
        files = write_documents(Path(args.db), Path(args.out),
                                os.environ.get("HFDESK_PASSPHRASE", ""), args.limit)
    except UserError as exc:
        sys.stderr.write(f"hfdesk: {exc.message}\n")
        return exc.exit_code
    for f in files:
        print(f"Skrevet: {f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
