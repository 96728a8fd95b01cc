"""The benchmark: a municipality-sized demo database and the figures a worker feels.

    python -m bench.run [--regenerate] [--rounds N]

Creates bench/data/municipality.db (about 2,000 citizens and 100,000 journal notes) once, or
reuses it while the generator version is unchanged, and measures on a fresh copy of it, so each
run starts from the same file:

- unlock (open_store), and loading the citizen list;
- search per keystroke over "andre", "århus", "jensen", "1203" typed letter by letter: the
  in-memory name/CPR match over citizens.list_brief plus note search from 3 characters;
- opening a citizen (the core part: citizen, current course and state, housing, 20 notes);
- saving: 100 × (citizens.update of a note field + journal.update of a note);
- printing a stamblad, when the documents module has one;
- peak memory of this process (the generator runs in a child process);
- the UI figures from ui.bench_ui, when it exists (in a subprocess).

Results are printed as a table and written to bench/results.json.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import inspect
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
SOURCE = DATA / "municipality.db"
SOURCE_META = DATA / "municipality.json"
WORK = DATA / "work.db"
RESULTS = BENCH / "results.json"
PASSPHRASE = "bench-passphrase-1"
SEED = 2026
WORDS = ("andre", "århus", "jensen", "1203")
KEYS = ("startup_ratio", "unlock_to_window_ms", "search_p95_ms", "search_median_ms",
        "open_citizen_ms", "save_p95_ms", "save_median_ms", "print_summary_ms", "peak_rss_mb")
UI_KEYS = ("startup_ratio", "unlock_to_window_ms")


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def _files(db: Path) -> list[Path]:
    return [db, *(db.with_name(db.name + s) for s in (".key", "-wal", "-shm", ".lock"))]


# --- the database --------------------------------------------------------------------------------

def _generate() -> None:
    """Child process: create the municipality database and write its meta file."""
    from hfdesk import demo
    from hfdesk.store.database import create_store

    for f in _files(SOURCE):
        f.unlink(missing_ok=True)
    SOURCE_META.unlink(missing_ok=True)
    DATA.mkdir(parents=True, exist_ok=True)
    today = date.today()
    start = time.perf_counter()
    store = create_store(SOURCE, PASSPHRASE, worker_name="Bench Demo", demo=True)
    try:
        counts = demo.generate(store, size="municipality", seed=SEED, today=today)
    finally:
        store.close()
    seconds = time.perf_counter() - start
    SOURCE_META.write_text(json.dumps({
        "generator_version": demo.GENERATOR_VERSION, "seed": SEED, "today": today.isoformat(),
        "generate_s": round(seconds, 1), "generated_counts": counts,
    }, indent=2), "utf-8")


def ensure_source(regenerate: bool) -> dict[str, Any]:
    from hfdesk import demo

    meta: dict[str, Any] = {}
    if SOURCE_META.exists():
        try:
            meta = json.loads(SOURCE_META.read_text("utf-8"))
        except ValueError:
            meta = {}
    fresh = (not regenerate and SOURCE.exists() and SOURCE.with_name(SOURCE.name + ".key").exists()
             and meta.get("generator_version") == demo.GENERATOR_VERSION)
    if fresh:
        print(f"Genbruger {SOURCE.relative_to(ROOT)} (genereret {meta.get('today')}, "
              f"{meta.get('generate_s')} s).")
        return meta
    print("Genererer kommunedatabasen (ca. 2.000 borgere, 100.000 notater) …", flush=True)
    subprocess.run([sys.executable, "-m", "bench.run", "--generate-only"], cwd=ROOT, check=True,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    meta = json.loads(SOURCE_META.read_text("utf-8"))
    print(f"  færdig på {meta['generate_s']} s: {meta['generated_counts']}")
    return meta


def fresh_copy() -> Path:
    """A closed database is a plain file; copy it (and its key file) so every run starts alike."""
    for f in _files(WORK):
        f.unlink(missing_ok=True)
    for src, dst in zip(_files(SOURCE)[:3], _files(WORK)[:3], strict=True):
        if src.exists():
            shutil.copyfile(src, dst)
    return WORK


# --- the measurements ----------------------------------------------------------------------------

def measure_core(db: Path, rounds: int) -> dict[str, Any]:
    from hfdesk.errors import LockedRecord
    from hfdesk.store import citizens, courses, housing, journal, search
    from hfdesk.store.database import open_store

    out: dict[str, Any] = {}
    t, store = _timed(lambda: open_store(db, PASSPHRASE))
    out["open_store_ms"] = _ms(t)
    try:
        t, brief = _timed(lambda: citizens.list_brief(store))
        out["list_brief_ms"] = _ms(t)

        # Search, keystroke by keystroke.
        samples: list[float] = []
        per_word: dict[str, float] = {}
        for _ in range(rounds):
            for word in WORDS:
                for k in range(1, len(word) + 1):
                    prefix = word[:k]

                    def keystroke(prefix: str = prefix) -> int:
                        names = [b for b in brief if search.name_matches(b, prefix)]
                        notes = search.notes(store, prefix)
                        return len(names) + len(notes)

                    t, _ = _timed(keystroke)
                    samples.append(t)
                    per_word[word] = max(per_word.get(word, 0.0), t)
        out["search_p95_ms"] = _ms(_p95(samples))
        out["search_median_ms"] = _ms(statistics.median(samples))
        out["search_worst_ms"] = {w: _ms(v) for w, v in per_word.items()}

        # Open a citizen (the core part of what the citizen page reads).
        rng = random.Random(1)
        ids = [b["id"] for b in brief]
        opened: list[float] = []
        for cid in rng.sample(ids, min(30, len(ids))):
            def open_one(cid: str = cid) -> None:
                citizens.open_citizen(store, cid)
                cur = courses.current(store, cid)
                if cur:
                    courses.state(store, cur)
                housing.current(store, cid)
                journal.for_citizen(store, cid, limit=20)

            t, _ = _timed(open_one)
            opened.append(t)
        out["open_citizen_ms"] = _ms(statistics.median(opened))
        out["open_citizen_p95_ms"] = _ms(_p95(opened))

        # Save: a citizen's note field and a journal note, 100 times.
        editable = [e["id"] for e in journal.planned(store)]
        rng.shuffle(editable)
        entries: list[str] = []
        for eid in editable:
            if len(entries) >= 100:
                break
            if not journal.get(store, eid)["locked"]:
                entries.append(eid)
        added = 0
        while len(entries) < 100:  # the generated notes lock after 7 days: write new ones
            entries.append(journal.add(store, rng.choice(ids), {
                "occurred_at": date.today(), "entry_type": "phone", "status": "planned",
                "note": "Bench: planlagt opkald."}))
            added += 1
        out["save_notes_added"] = added
        saves: list[float] = []
        citizen_saves: list[float] = []
        journal_saves: list[float] = []
        for i, eid in enumerate(entries):
            cid = rng.choice(ids)
            t1, _ = _timed(lambda cid=cid, i=i: citizens.update(
                store, cid, {"notes": f"Foretrækker sms. (bench {i})"}))
            try:
                t2, _ = _timed(lambda eid=eid, i=i: journal.update(
                    store, eid, {"note": f"Aftalt hjemmebesøg; vi ser på budgettet. ({i})"}))
            except LockedRecord:
                continue
            citizen_saves.append(t1)
            journal_saves.append(t2)
            saves.append(t1 + t2)
        out["save_p95_ms"] = _ms(_p95(saves))
        out["save_median_ms"] = _ms(statistics.median(saves))
        out["save_citizen_median_ms"] = _ms(statistics.median(citizen_saves))
        out["save_journal_median_ms"] = _ms(statistics.median(journal_saves))

        out["print_summary_ms"] = measure_print(store, rng.sample(ids, min(5, len(ids))))
    finally:
        store.close()
    return out


def _optional(module: str, name: str) -> Callable[..., Any] | None:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def measure_print(store: Any, ids: list[str]) -> float | None:
    build = _optional("hfdesk.documents.summary", "build_summary")
    snapshot = _optional("hfdesk.documents.snapshot", "summary_snapshot")
    if build is None or snapshot is None:
        print("Bemærk: hfdesk.documents.summary.build_summary eller "
              "hfdesk.documents.snapshot.summary_snapshot findes ikke; print_summary_ms springes "
              "over.")
        return None
    kwargs = {"locale": "da"} if "locale" in inspect.signature(build).parameters else {}
    times = []
    for cid in ids:
        t, pdf = _timed(lambda cid=cid: build(snapshot(store, cid), **kwargs))
        assert isinstance(pdf, bytes | bytearray) and pdf[:4] == b"%PDF"
        times.append(t)
    return _ms(statistics.median(times))


def measure_ui(db: Path) -> dict[str, Any]:
    if importlib.util.find_spec("ui") is None or importlib.util.find_spec("ui.bench_ui") is None:
        print("Bemærk: ui.bench_ui findes ikke; UI-tallene skrives som null.")
        return {}
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HFDESK_PASSPHRASE": PASSPHRASE}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "ui.bench_ui", "--db", str(db),
             "--passphrase-env", "HFDESK_PASSPHRASE"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        print("Bemærk: ui.bench_ui svarede ikke inden for 10 minutter; UI-tallene er null.")
        return {}
    for line in reversed(proc.stdout.splitlines()):
        if line.strip().startswith("{"):
            try:
                return dict(json.loads(line))
            except ValueError:
                break
    print(f"Bemærk: ui.bench_ui fejlede (kode {proc.returncode}); UI-tallene er null.\n"
          f"{proc.stderr.strip()[-2000:]}")
    return {}


def machine() -> dict[str, Any]:
    import sqlcipher3

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    conn = sqlcipher3.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()
        sqlite = conn.execute("select sqlite_version()").fetchone()[0]
    finally:
        conn.close()
    return {"platform": platform.platform(), "python": platform.python_version(), "cpu": cpu,
            "cpus": os.cpu_count(), "sqlite": sqlite,
            "sqlcipher": cipher[0] if cipher else None}


# --- output --------------------------------------------------------------------------------------

ROWS = (
    ("Åbning (open_store: nøgle + database)", "open_store_ms", "ms"),
    ("Indlæs borgerlisten (list_brief)", "list_brief_ms", "ms"),
    ("Søgning pr. tastetryk, median", "search_median_ms", "ms"),
    ("Søgning pr. tastetryk, p95", "search_p95_ms", "ms"),
    ("Åbn borger (kerne), median", "open_citizen_ms", "ms"),
    ("Åbn borger (kerne), p95", "open_citizen_p95_ms", "ms"),
    ("Gem (borger + notat), median", "save_median_ms", "ms"),
    ("Gem (borger + notat), p95", "save_p95_ms", "ms"),
    ("  heraf citizens.update, median", "save_citizen_median_ms", "ms"),
    ("  heraf journal.update, median", "save_journal_median_ms", "ms"),
    ("Udskriv stamblad (snapshot + PDF)", "print_summary_ms", "ms"),
    ("Maks. hukommelse (denne proces)", "peak_rss_mb", "MB"),
    ("UI: opstart / tom QWidget", "startup_ratio", "×"),
    ("UI: adgangssætning → vindue", "unlock_to_window_ms", "ms"),
    ("UI: åbn borger til malet overblik", "ui_open_citizen_ms", "ms"),
)


def print_table(figures: dict[str, Any], meta: dict[str, Any]) -> None:
    counts = meta.get("generated_counts") or {}
    print()
    print(f"hfdesk bench · {counts.get('citizen', '?')} borgere · "
          f"{counts.get('journal_entry', '?')} notater · genereret på {meta.get('generate_s')} s")
    print("-" * 64)
    for label, key, unit in ROWS:
        value = figures.get(key)
        shown = "–" if value is None else f"{value:.2f}" if unit == "×" else f"{value:.1f}"
        print(f"{label:<44}{shown:>14} {unit}")
    worst = figures.get("search_worst_ms") or {}
    if worst:
        print("Langsomste tastetryk pr. ord: " + ", ".join(f"{w} {v} ms" for w, v in worst.items()))
    print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run")
    parser.add_argument("--regenerate", action="store_true", help="byg databasen forfra")
    parser.add_argument("--rounds", type=int, default=3, help="runder af søgeordene (standard 3)")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--no-ui", action="store_true", help="spring UI-målingerne over")
    args = parser.parse_args(argv)
    if args.generate_only:
        _generate()
        return 0

    meta = ensure_source(args.regenerate)
    db = fresh_copy()
    core = measure_core(db, max(1, args.rounds))
    core["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    ui = {} if args.no_ui else measure_ui(db)
    figures = {**core, "ui_open_citizen_ms": ui.get("open_citizen_ms")}
    for key in UI_KEYS:
        figures[key] = ui.get(key)

    results: dict[str, Any] = {key: figures.get(key) for key in KEYS}
    # The open_citizen_ms is "to a painted Overblik": the UI's figure when it ran.
    if figures.get("ui_open_citizen_ms") is not None:
        results["open_citizen_ms"] = figures["ui_open_citizen_ms"]
    results["open_citizen_core_ms"] = core.get("open_citizen_ms")
    results["generated_counts"] = meta.get("generated_counts")
    results["generate_s"] = meta.get("generate_s")
    results["machine"] = machine()
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", "utf-8")
    print_table(figures, meta)
    print(f"Skrevet: {RESULTS.relative_to(ROOT)}")
    for f in _files(WORK):
        f.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
