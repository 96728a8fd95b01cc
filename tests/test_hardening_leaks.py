"""No personal data outside the encrypted database: a leak scan over everything a run writes.

One run of the real pipeline into a folder of its own (data, config, temp and log folders all
pointed there): the demo generator, every printer, a backup, an encrypted export, a transfer,
`hfdesk check`, and a crash report. Then every file in that folder is scanned for the demo
citizens' full names and CPR numbers (with and without the dash), in the raw bytes and inside
every zip member that can be read without a password:
- the database, its WAL/SHM, key and lock files, the config, the log, temp files, backups and
  encrypted exports must not contain them;
- the printouts are meant for paper and do contain names: only their FILE NAMES are scanned.
"""

from __future__ import annotations

import io
import logging
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from hfdesk import applog, cli, commands
from hfdesk.documents.layout import default_file_name
from hfdesk.errors import UserError
from hfdesk.store import citizens, database

PASS = "demo-hfdesk"


def needles_of(db: Path) -> list[bytes]:
    with database.open_store(db, PASS) as store:
        rows = store.query("SELECT legal_name, cpr FROM citizens")
    out: set[bytes] = set()
    for r in rows:
        name = (r["legal_name"] or "").strip()
        if len(name.split()) >= 2:  # a full name; a lone first name is too common a word
            out.add(name.encode("utf-8"))
        cpr = (r["cpr"] or "").strip()
        if cpr:
            out.add(cpr.encode())
            out.add(cpr.replace("-", "").encode())
    assert len(out) > 20
    return sorted(out)


def readable_contents(path: Path) -> Iterator[tuple[str, bytes]]:
    data = path.read_bytes()
    yield path.name, data
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                for info in zf.infolist():
                    try:
                        yield f"{path.name}:{info.filename}", zf.read(info.filename)
                    except (RuntimeError, NotImplementedError, zipfile.BadZipFile):
                        continue  # encrypted: that is the point
        except zipfile.BadZipFile:
            pass


@pytest.fixture(scope="module")
def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("leakscan")
    mp = pytest.MonkeyPatch()
    for name in ("data", "config", "tmp", "printouts", "backups", "exports", "control"):
        (root / name).mkdir()
    mp.setenv("HFDESK_DATA_DIR", str(root / "data"))
    mp.setenv("HFDESK_CONFIG_DIR", str(root / "config"))
    mp.setenv("HFDESK_PASSPHRASE", PASS)
    mp.setenv("TMPDIR", str(root / "tmp"))
    mp.setattr(tempfile, "tempdir", str(root / "tmp"))
    applog.uninstall()
    assert applog.install() == root / "data" / "logs" / "hfdesk.log"
    try:
        yield root
    finally:
        applog.uninstall()
        mp.undo()


@pytest.fixture(scope="module")
def demo_run(run_folder: Path) -> Iterator[dict[str, object]]:
    root = run_folder
    db = root / "data" / "demo.db"  # never the default path: the CLI refuses demo data there
    assert cli.main(["demo", "--db", str(db), "--size", "worker"]) == 0
    from hfdesk import paths

    paths.save_config({"language": "da", "last_db_path": str(db)})
    with database.open_store(db, PASS) as store:
        ids = [c["id"] for c in citizens.list_brief(store)][:2]
    commands.load()
    printed = []
    for doc in sorted(commands.PRINTERS):
        for cid in ids:
            out = root / "printouts" / default_file_name(doc, date.today(), cid[:8])
            if cli.main(["print", doc, "--citizen", cid, "--out", str(out), "--db",
                         str(db)]) == 0:
                printed.append(out)
    assert cli.main(["backup", "--db", str(db), "--out",
                     str(root / "backups" / "hfdesk-backup-20261201-120000.zip")]) == 0
    assert cli.main(["export", "--db", str(db), "--out",
                     str(root / "exports" / "eksport.zip")]) == 0
    assert cli.main(["make-recovery-keypair", "--private", str(root / "tmp" / "k.pem"),
                     "--public", str(root / "exports" / "kollega.pub.pem")]) == 0
    (root / "tmp" / "k.pem").unlink()  # a private key is not what this scan is about
    assert cli.main(["transfer", "--db", str(db), "--citizen", ids[0], "--to-key",
                     str(root / "exports" / "kollega.pub.pem"), "--out",
                     str(root / "exports" / "flyt.zip")]) == 0
    assert cli.main(["check", "--db", str(db), "--json"]) == 0
    # The scan's own control: a --plain export holds names, and the scan must see them.
    assert cli.main(["export", "--db", str(db), "--plain", "--out",
                     str(root / "control" / "plain.zip")]) == 0
    # The log: a warning from the code, and a crash whose message quotes personal data.
    logging.getLogger("hfdesk.leakscan").warning("Borger %s åbnet, CPR %s", ids[0],
                                                 "120394-1234")
    with database.open_store(db, PASS) as store:
        row = store.query("SELECT legal_name, cpr FROM citizens WHERE cpr IS NOT NULL LIMIT 1")[0]
    try:
        raise ValueError(f"kunne ikke gemme {row['legal_name']} ({row['cpr']})")
    except ValueError as exc:
        applog.crash_report(type(exc), exc, exc.__traceback__)
    needles = needles_of(db)
    # Keep the database open with fresh writes while the scan runs: the WAL and SHM files
    # exist then and hold the newest pages (encrypted, like the rest).
    live = database.open_store(db, PASS)
    written = 0
    for c in live.query("SELECT id, legal_name FROM citizens LIMIT 5"):
        try:
            citizens.update(live, c["id"], {"notes": f"Besøg hos {c['legal_name']}."})
            written += 1
        except UserError:
            continue  # the citizen moved to a colleague above is read-only
    assert written
    try:
        yield {"db": db, "printed": printed, "needles": needles}
    finally:
        live.close()


def test_printers_ran(demo_run: dict[str, object]) -> None:
    assert len(demo_run["printed"]) >= 10  # type: ignore[arg-type]


def test_no_name_or_cpr_in_any_file_outside_the_database(run_folder: Path,
                                                         demo_run: dict[str, object]) -> None:
    needles: list[bytes] = demo_run["needles"]  # type: ignore[assignment]
    found = []
    scanned = 0
    for path in sorted(p for p in run_folder.rglob("*") if p.is_file()):
        rel = path.relative_to(run_folder)
        names = [str(rel).encode("utf-8")]
        found.extend(f"{rel} (file name)" for n in needles for x in names if n in x)
        if rel.parts[0] in ("printouts", "control"):
            continue  # meant for paper (or the control): only the names are checked
        for where, data in readable_contents(path):
            scanned += 1
            found.extend(f"{rel} [{where}] holds {n[:4]!r}…" for n in needles if n in data)
    assert scanned >= 8
    assert found == []


def test_the_expected_files_were_scanned(run_folder: Path, demo_run: dict[str, object]) -> None:
    names = {p.name for p in run_folder.rglob("*") if p.is_file()}
    assert {"demo.db", "demo.db-wal", "demo.db-shm", "demo.db.key", "config.json",
            "hfdesk.log", "eksport.zip",
            "flyt.zip", "hfdesk-backup-20261201-120000.zip"} <= names
    log = (run_folder / "data" / "logs" / "hfdesk.log").read_text("utf-8")
    assert "******-****" in log and "120394-1234" not in log
    assert "ValueError" in log and "kunne ikke gemme" not in log  # the stack, not the message


def test_default_file_names_never_hold_a_name() -> None:
    # The UI's "Gem som fil…" names: the kind (a constant), the date and a short record id.
    for stem in ("stamblad", "plan", "netvaerkskort", "boligsoegning"):
        assert default_file_name(stem, date(2026, 3, 1), "3f2a9c1b-0000") == \
            f"{stem}_2026-03-01_3f2a9c1b.pdf"


def test_the_scan_finds_names_where_they_are(run_folder: Path,
                                             demo_run: dict[str, object]) -> None:
    needles: list[bytes] = demo_run["needles"]  # type: ignore[assignment]
    hits = [n for _w, data in readable_contents(run_folder / "control" / "plain.zip")
            for n in needles if n in data]
    assert hits
