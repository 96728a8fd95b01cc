"""Statistics for the worker's own caseload: the evaluations' tables, CSV files and charts.

    tables = statistics.build(store, period=Period(start, end))
    files = statistics.monitoring_csvs(store, pseudonymise=True)   # name -> CSV bytes

Everything goes through `hfdesk.store.statistics` (set-based reads of structured columns only)
and `hfdesk.statistics.tables` (pure computations); `core.render` applies the suppression rule
(cells of 1–4 become "<5") to every cell of every output. Pseudonyms are HMAC-SHA256 of the id
with a per-database secret: stable from run to run, but still personal data.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
from datetime import date

from hfdesk import vocab
from hfdesk.statistics.core import (
    EMPTY,
    HIDDEN,
    NOTICE,
    SUPPRESSED,
    Period,
    Table,
    is_small,
    median,
    quantile,
    render,
)
from hfdesk.statistics.tables import CourseFacts, Data, Tables, compute
from hfdesk.store import statistics as q
from hfdesk.store.database import Store

__all__ = ["EMPTY", "HIDDEN", "NOTICE", "SUPPRESSED", "CourseFacts", "Data", "Period", "Table", "Tables", "build",
           "csv_bytes", "fetch", "is_small", "median", "monitoring_csvs", "pseudonym",
           "quantile", "render"]

# UTF-8 with BOM and ";" so Danish Excel opens the file with æøå and columns right.
CSV_ENCODING = "utf-8-sig"
CSV_DELIMITER = ";"


def fetch(store: Store) -> Data:
    return Data(courses=q.courses(store), citizens=q.citizens(store), stays=q.stays(store),
                referrals=q.referrals(store), plans=q.plans(store),
                early=q.early_contacts(store), journal=q.journal_completeness(store),
                measurements=q.measurement_housing(store), span=q.date_span(store))


def build(store: Store, *, period: Period | None = None, today: date | None = None) -> Tables:
    """All tables for the caseload in `period` (default: everything), on `today`."""
    return compute(fetch(store), period or Period(), today or date.today(), vocab.default())


def pseudonym(secret: bytes, record_id: str) -> str:
    """A stable pseudonym for an id: the same id and database always give the same one."""
    digest = hmac.new(secret, record_id.encode("utf-8"), hashlib.sha256).hexdigest()
    return "P-" + digest[:16]


def csv_bytes(table: Table) -> bytes:
    """One table as CSV for Danish Excel: a header block (title, period, n, source), then the
    rendered (suppressed) cells."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    w.writerow([table.title])
    w.writerow(["Periode", table.period])
    w.writerow(["n", table.n_text.removeprefix("n = ")])
    if table.source:
        w.writerow(["Kilde", table.source])
    w.writerow([NOTICE])
    w.writerow([])
    w.writerow(table.columns)
    if table.is_empty:
        w.writerow([table.empty_text])
    for row in table.rendered():
        w.writerow([c.strip() for c in row])
    return out.getvalue().encode(CSV_ENCODING)


def _courses_csv(tables: Tables, secret: bytes | None, voc: vocab.Vocabularies) -> bytes:
    """One row per course: codes, months and day counts only — no names, notes or dates of
    birth. Ids are pseudonymised when `secret` is given. Record-level, so personal data."""
    out = io.StringIO()
    w = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    w.writerow(["Forløb", "Borger", "Metode", "Startmåned", "Status", "Afslutningsmåned",
                "Afslutningstype", "Boligsituation ved start", "Seneste boligsituation",
                "Dage til egen bolig", "Kontakter første 3 mdr."])

    def ident(value: str) -> str:
        return pseudonym(secret, value) if secret else value

    for f in tables.courses:
        w.writerow([ident(f.id), ident(f.citizen_id), f.method,
                    f.start.strftime("%Y-%m") if f.start else "", f.status,
                    f.end.strftime("%Y-%m") if f.end else "", f.end_type or "",
                    f.housing_start or "", f.housing_latest or "",
                    "" if f.days_to_housing is None else f.days_to_housing,
                    "" if f.contacts_3m is None else f.contacts_3m])
    return out.getvalue().encode(CSV_ENCODING)


def monitoring_csvs(store: Store, *, pseudonymise: bool = True, period: Period | None = None,
                    today: date | None = None) -> dict[str, bytes]:
    """File name -> CSV bytes: one file per table, plus `forloeb.csv` (one row per course).

    The aggregate files carry no ids; the per-course file carries course and citizen ids,
    pseudonymised by default. Reading is not audited here: the caller (stats command, export)
    writes the one audit row for what it hands out.
    """
    tables = build(store, period=period, today=today)
    files = {f"{t.key}.csv": csv_bytes(t) for t in tables.tables}
    secret = q.pseudonym_secret(store) if pseudonymise else None
    files["forloeb.csv"] = _courses_csv(tables, secret, vocab.default())
    return files
