"""UI figures for `make bench`: start-up, unlock to window, open a citizen.

    python -m ui.bench_ui --db PATH --passphrase-env HFDESK_PASSPHRASE

prints JSON {"startup_ratio", "unlock_to_window_ms", "open_citizen_ms"}:
- startup_ratio: time until the unlock prompt is shown / time until a bare QWidget is shown,
  each measured from process start in fresh subprocesses (median of several runs);
- unlock_to_window_ms: passphrase → key unwrapped, database opened, main window shown;
- open_citizen_ms: opening a citizen until the Overblik tab has painted.
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


def in_process(db: Path, passphrase: str) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.app import prepare

    app = prepare("da")
    from PySide6.QtCore import QElapsedTimer

    timer = QElapsedTimer()
    timer.start()
    from hfdesk.store import citizens, database
    from ui.bus import Bus
    from ui.main_window import MainWindow

    store = database.open_store(db, passphrase)
    window = MainWindow(store, Bus())
    window.show()
    app.processEvents()
    unlock_ms = timer.nsecsElapsed() / 1e6
    result: dict[str, float] = {"unlock_to_window_ms": round(unlock_ms, 1)}
    brief = citizens.list_brief(store)
    chosen = next((b for b in brief if b.get("active")), brief[0] if brief else None)
    if chosen is not None:
        painted: list[bool] = []
        window.citizen_page.overview.painted.connect(lambda: painted.append(True))
        timer.restart()
        window.open_citizen(chosen["id"])
        deadline = time.monotonic() + 30
        while not painted and time.monotonic() < deadline:
            app.processEvents()
        result["open_citizen_ms"] = round(timer.nsecsElapsed() / 1e6, 1)
    window.close()
    store.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.bench_ui")
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--passphrase-env", default="HFDESK_PASSPHRASE")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    passphrase = os.environ.get(args.passphrase_env)
    if not passphrase:
        print(f"Sæt adgangssætningen i miljøvariablen {args.passphrase_env}.", file=sys.stderr)
        return 2
    out: dict[str, Any] = {"startup_ratio": round(startup_ratio(args.db, args.runs), 3)}
    out.update(in_process(args.db, passphrase))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
