"""UI figures for `make bench`: start-up, unlock to window, open a citizen.

    python -m ui.bench_ui --db PATH --passphrase-env HFDESK_PASSPHRASE

prints JSON {"startup_ratio", "unlock_to_window_ms", "unlock_to_window_cold_ms",
"open_citizen_ms", "backup_mb_per_s", "max_ui_block_ms", …}:
- startup_ratio: time until the unlock prompt is shown / time until a bare QWidget is shown,
  each measured from process start in fresh subprocesses (median of several runs);
- unlock_to_window_ms: the real unlock window is shown and the passphrase typed into it (the
  first keystroke starts ui.unlock.warm_up, as for a worker, who takes seconds to type it);
  measured from Enter (UnlockDialog.submit) to the main window shown and its events processed:
  key unwrapped, database opened, window built;
- unlock_to_window_cold_ms: the same from a fresh process without typing first, so the imports
  of the store and the main window are part of it (the figure before the warm-up existed);
- open_citizen_ms: opening a citizen until the Overblik tab has painted;
- backup_mb_per_s, max_ui_block_ms: File → Back up (ExchangeActions.backup, as the menu runs
  it) of the benchmark database, and the longest the UI thread went without handling events
  meanwhile (a 10 ms timer's largest gap beyond its interval).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BARE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication(["bare"])
w = QWidget()
w.show()
app.processEvents()
print("shown", flush=True)
"""
UNLOCK = """
import sys
from ui.app import prepare
app = prepare("da")
from ui.unlock import UnlockDialog
d = UnlockDialog(sys.argv[1])
d.show()
app.processEvents()
print("shown", flush=True)
"""


def _time_to_shown(code: str, *args: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.strip() == "shown":
            elapsed = time.perf_counter() - start
            break
    else:
        raise RuntimeError("the window was never shown")
    proc.wait(timeout=60)
    return elapsed


def startup_ratio(db: Path, runs: int = 5) -> float:
    _time_to_shown(BARE)  # warm the file cache for both
    _time_to_shown(UNLOCK, str(db))
    bare, unlock = [], []
    for _ in range(runs):
        bare.append(_time_to_shown(BARE))
        unlock.append(_time_to_shown(UNLOCK, str(db)))
    return statistics.median(unlock) / statistics.median(bare)


# The longest we wait for the warm-up: a person types a passphrase of four or five words
# (about 25 characters) in about that long.
TYPING_S = 5.0


def cold_unlock(db: Path, passphrase: str) -> dict[str, float]:
    """Passphrase → window in a fresh process, imports included (nothing typed first)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import prepare

    app = prepare("da")
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    cpu = time.process_time()
    timer.start()
    from hfdesk.store import database
    from ui.bus import Bus
    from ui.main_window import MainWindow

    store = database.open_store(db, passphrase)
    window = MainWindow(store, Bus())
    window.show()
    app.processEvents()
    result = {"unlock_to_window_cold_ms": round(timer.nsecsElapsed() / 1e6, 1),
              "unlock_to_window_cold_cpu_ms": round((time.process_time() - cpu) * 1000, 1)}
    window.close()
    store.close()
    return result


def _unlock_typed(app: Any, db: Path, passphrase: str) -> tuple[Any, Any, dict[str, float]]:
    """The unlock window as the app shows it, the passphrase typed, Enter → window shown."""
    from PySide6.QtCore import QElapsedTimer
    from PySide6.QtTest import QTest

    from ui import unlock

    dialog = unlock.UnlockDialog(db)
    dialog.show()
    app.processEvents()
    QTest.keyClicks(dialog.passphrase, passphrase[:1])
    warm = unlock.warm_up()
    started = time.monotonic()
    while warm.is_alive() and time.monotonic() - started < TYPING_S:
        app.processEvents()
        warm.join(0.01)
    QTest.keyClicks(dialog.passphrase, passphrase[1:])
    timer = QElapsedTimer()
    cpu = time.process_time()
    timer.start()
    dialog.submit()  # what Enter does
    store = dialog.store
    if store is None:
        raise RuntimeError(dialog.error.text())
    dialog.hide()
    dialog.deleteLater()
    # As ui.app.run does after ask_for_store.
    from ui.bus import Bus
    from ui.main_window import MainWindow

    window = MainWindow(store, Bus())
    window.show()
    app.processEvents()
    figures = {"unlock_to_window_ms": round(timer.nsecsElapsed() / 1e6, 1),
               # CPU time of this process (all threads) meanwhile: what the figure would be on
               # a machine with nothing else running; shown beside it, never instead of it.
               "unlock_to_window_cpu_ms": round((time.process_time() - cpu) * 1000, 1),
               "warm_up_ms": round((time.monotonic() - started) * 1000, 1)}
    return store, window, figures


def measure_backup(app: Any, window: Any, db: Path) -> dict[str, float]:
    """File → Back up as the menu runs it, with the UI thread's longest stall meanwhile."""
    import tempfile

    from PySide6.QtCore import QEventLoop, QTimer

    from ui import exchange_dialogs

    loop = QEventLoop()
    problems: list[str] = []
    # The job's closing message boxes are modal; the bench notes the outcome instead.
    window.exchange._info = lambda *_a: loop.quit()

    def warn(_parent: Any, _title: str, text: str) -> None:
        problems.append(text)
        loop.quit()

    original_warning = exchange_dialogs.QMessageBox.warning
    exchange_dialogs.QMessageBox.warning = warn  # type: ignore[method-assign]
    gaps: list[float] = []
    last = [time.perf_counter()]
    interval_ms = 10

    def tick() -> None:
        now = time.perf_counter()
        gaps.append((now - last[0]) * 1000 - interval_ms)
        last[0] = now

    ticker = QTimer()
    ticker.setInterval(interval_ms)
    ticker.timeout.connect(tick)
    try:
        with tempfile.TemporaryDirectory(prefix="hfdesk-bench-") as folder:
            out = Path(folder) / "bench-backup.zip"
            size_mb = db.stat().st_size / 1e6
            start = time.perf_counter()
            ticker.start()
            last[0] = time.perf_counter()
            job = window.exchange.backup(str(out))
            QTimer.singleShot(600_000, loop.quit)
            if job is not None:
                loop.exec()
            seconds = time.perf_counter() - start
            ticker.stop()
    finally:
        exchange_dialogs.QMessageBox.warning = original_warning  # type: ignore[method-assign]
    if problems or job is None:
        print(f"Bemærk: backuppen fejlede: {problems}", file=sys.stderr)
        return {}
    return {"backup_mb_per_s": round(size_mb / seconds, 1), "backup_s": round(seconds, 2),
            "max_ui_block_ms": round(max(gaps, default=0.0), 1)}


def in_process(db: Path, passphrase: str) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import prepare

    app = prepare("da")
    from PySide6.QtCore import QElapsedTimer

    store, window, result = _unlock_typed(app, db, passphrase)
    from hfdesk.store import citizens

    # What the window does after its first paint ("I dag", the start page's reminders) settles
    # before the worker picks a citizen; that is not part of opening one. Settled: twenty event
    # loop passes in a row with nothing that took 5 ms (or 20 s, whichever comes first).
    quiet, give_up = 0, time.monotonic() + 20
    while quiet < 20 and time.monotonic() < give_up:
        started = time.perf_counter()
        app.processEvents()
        quiet = quiet + 1 if time.perf_counter() - started < 0.005 else 0
        time.sleep(0.01)
    timer = QElapsedTimer()
    brief = citizens.list_brief(store)
    chosen = next((b for b in brief if b.get("active")), brief[0] if brief else None)
    if chosen is not None:
        painted: list[bool] = []
        window.citizen_page.overview.painted.connect(lambda: painted.append(True))
        cpu = time.process_time()
        timer.start()
        window.open_citizen(chosen["id"])
        deadline = time.monotonic() + 30
        while not painted and time.monotonic() < deadline:
            app.processEvents()
        result["open_citizen_ms"] = round(timer.nsecsElapsed() / 1e6, 1)
        result["open_citizen_cpu_ms"] = round((time.process_time() - cpu) * 1000, 1)
    result.update(measure_backup(app, window, db))
    window.close()
    store.close()
    import resource

    result["ui_peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.bench_ui")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--passphrase-env", default="HFDESK_PASSPHRASE")
    parser.add_argument("--runs", type=int, default=9)  # medians of 9: steadier on a busy machine
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    passphrase = os.environ.get(args.passphrase_env)
    if not passphrase:
        print(f"Sæt adgangssætningen i miljøvariablen {args.passphrase_env}.", file=sys.stderr)
        return 2
    if args.cold:
        print(json.dumps(cold_unlock(args.db, passphrase)))
        return 0
    out: dict[str, Any] = {"startup_ratio": round(startup_ratio(args.db, args.runs), 3)}
    out.update(_cold_in_subprocess(args.db, args.passphrase_env))
    out.update(in_process(args.db, passphrase))
    print(json.dumps(out))
    return 0


def _cold_in_subprocess(db: Path, passphrase_env: str) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run([sys.executable, "-m", "ui.bench_ui", "--db", str(db),
                           "--passphrase-env", passphrase_env, "--cold"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith("{"):
            return dict(json.loads(line))
    return {}


if __name__ == "__main__":
    raise SystemExit(main())
