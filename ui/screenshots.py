"""Screenshots of the real app on the demo database, for the README and for looking at.

    python -m ui.screenshots --out docs/screenshots [--scales 1,1.5] [--review build/screenshots]

Builds a fresh demo database in a temporary folder, then for each scale starts the app in its own
process with QT_SCALE_FACTOR set (under Xvfb with the xcb platform when Xvfb is installed, else
offscreen), opens the main window unlocked on that database at 1280×800 logical pixels and saves
the start page, every tab for a well-populated citizen and the unlock dialog as PNG files named
`<shot>_<percent>.png` (start_100.png, overview_150.png …), plus the first-start guide and the
help window (F1 on the Bolig tab).

The commit set (every shot at 100 % plus overview and journal at 150 %) goes to --out; all the
others go to --review (outside the repository's tracked files) so they can be looked at too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PASSPHRASE = "demo-hfdesk-skærmbilleder"
WORKER = "Anne Holm"
SIZE = (1280, 800)
SHOWN_DB_PATH = "/home/anne/.local/share/hfdesk/hfdesk.db"  # shown in the unlock dialog
TAB_SHOTS = {"overview": "overview", "screening": "screening", "plan": "plan",
             "network": "network", "housing": "housing", "journal": "journal",
             "documents": "documents"}
COMMITTED_ABOVE_100 = ("overview", "journal")
XVFB_SCREEN = "1920x1200x24"


def percent(scale: float) -> int:
    return round(scale * 100)


def shot_name(shot: str, scale: float) -> str:
    return f"{shot}_{percent(scale)}.png"


def committed(name: str) -> bool:
    shot, _sep, pct = name.removesuffix(".png").rpartition("_")
    return pct == "100" or shot in COMMITTED_ABOVE_100


# the database -------------------------------------------------------------------------------
def build_demo(folder: Path, lang: str) -> tuple[Path, str]:
    """A demo database in `folder` and the id of a well-populated citizen to show."""
    from hfdesk import demo, i18n
    from hfdesk.store.database import create_store

    i18n.install(lang)
    path = folder / "hfdesk.db"
    store = create_store(path, PASSPHRASE, worker_name=WORKER, demo=True)
    try:
        demo.generate(store, size="worker")
        citizen_id = pick_citizen(store)
        save_printout(store, citizen_id)
    finally:
        store.close()
    return path, citizen_id


def save_printout(store: Any, citizen_id: str) -> None:
    """The summary sheet saved in Dokumenter, as "Gem i Dokumenter" in the preview does."""
    from datetime import date, datetime

    from hfdesk.documents.layout import default_file_name
    from hfdesk.documents.snapshot import summary_snapshot
    from hfdesk.documents.summary import build_summary
    from hfdesk.i18n import _
    from hfdesk.store import documents

    pdf = build_summary(summary_snapshot(store, citizen_id, printed_at=datetime.now()))
    documents.save(store, citizen_id, kind="summary", title=_("Summary sheet"),
                   file_name=default_file_name("stamblad", date.today(), citizen_id[:8]),
                   mime="application/pdf", content=pdf, source="printed")


def pick_citizen(store: Any) -> str:
    """An adult or young person in an active CTI course with housing, events, decisions,
    planned appointments and plenty of notes: the richest Overblik of the caseload."""
    from datetime import date

    from hfdesk.store import citizens, courses, housing, journal

    today = date.today()
    best: tuple[float, str] | None = None
    for brief in citizens.list_brief(store):
        cid = brief["id"]
        course = courses.current(store, cid)
        if course is None:
            continue
        state = courses.state(store, course, today)
        score = 0.0
        if getattr(state, "status", "") not in ("ended", "phase_zero"):
            score += 40
        if course.get("method") == "cti":
            score += 20
        score += 6 * min(4, len(courses.events(store, course["id"])))
        score += 6 * min(3, len(courses.segments(store, course["id"])))
        score += 15 if housing.current(store, cid) else 0
        score += 10 * min(2, len(journal.for_citizen(store, cid, status="planned")))
        score += min(40, len(journal.for_citizen(store, cid, limit=200)) / 5)
        if best is None or score > best[0]:
            best = (score, cid)
    if best is None:
        raise SystemExit("The demo database has no citizen with a course.")
    return best[1]


# the display --------------------------------------------------------------------------------
class Display:
    """Xvfb on a free display number when installed; otherwise nothing (offscreen)."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.display = ""

    def start(self) -> dict[str, str]:
        xvfb = shutil.which("Xvfb")
        if xvfb is None:
            print("Xvfb is not installed: taking the screenshots offscreen.", file=sys.stderr)
            return {"QT_QPA_PLATFORM": "offscreen"}
        for number in range(99, 110):
            if Path(f"/tmp/.X{number}-lock").exists():
                continue
            proc = subprocess.Popen([xvfb, f":{number}", "-screen", "0", XVFB_SCREEN,
                                     "-nolisten", "tcp"], stdout=subprocess.DEVNULL,
                                    stderr=subprocess.DEVNULL)
            socket = Path(f"/tmp/.X11-unix/X{number}")
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and proc.poll() is None and not socket.exists():
                time.sleep(0.05)
            if proc.poll() is None and socket.exists():
                self.proc, self.display = proc, f":{number}"
                return {"QT_QPA_PLATFORM": "xcb", "DISPLAY": self.display}
            self._end(proc)
        print("Xvfb did not start: taking the screenshots offscreen.", file=sys.stderr)
        return {"QT_QPA_PLATFORM": "offscreen"}

    @staticmethod
    def _end(proc: subprocess.Popen[bytes]) -> None:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()

    def stop(self) -> None:
        if self.proc is not None:
            self._end(self.proc)
            self.proc = None


# the child: one scale, one process ----------------------------------------------------------
def settle(ms: int = 250) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: Any, path: Path) -> None:
    settle()
    pixmap = widget.grab()
    if pixmap.isNull() or not pixmap.save(str(path), "PNG", 0):  # quality 0: zlib level 9
        raise SystemExit(f"Could not save {path}.")
    print(path.name, flush=True)


def child(db: Path, citizen_id: str, out: Path, scale: float, lang: str) -> int:
    from ui.app import prepare

    app = prepare(lang)
    from ui.unlock import UnlockDialog

    unlock = UnlockDialog(Path(SHOWN_DB_PATH))
    unlock.show()
    unlock.passphrase.setFocus()
    save(unlock, out / shot_name("unlock", scale))
    unlock.close()
    unlock.deleteLater()
    from ui.first_start import FirstStartWizard

    # The guided first start on an empty data folder (ui/first_start.py), on its first page.
    guide = FirstStartWizard(Path(SHOWN_DB_PATH))
    guide.show()
    save(guide, out / shot_name("first_start", scale))
    guide.close()
    guide.deleteLater()

    # Unlock as the dialog would, with the passphrase given here rather than typed.
    from hfdesk.store.database import open_store
    from ui import autosave
    from ui.bus import Bus
    from ui.citizen_page import TAB_NAMES
    from ui.main_window import MainWindow

    store = open_store(db, os.environ.get("HFDESK_PASSPHRASE", PASSPHRASE))
    try:
        window = MainWindow(store, Bus())
        window.resize(*SIZE)
        window.show()
        window.activateWindow()
        settle(400)
        window.resize(*SIZE)  # a window manager-less X server may have placed it oddly
        save(window, out / shot_name("start", scale))
        window.open_citizen(citizen_id)
        for name in TAB_NAMES:
            window.show_tab(name)
            save(window, out / shot_name(TAB_SHOTS.get(name, name), scale))
        window.show_tab("housing")
        window.show_help()  # F1 on the Bolig tab opens its help page
        save(window.help_window, out / shot_name("help", scale))
        window.help_window.close()
        autosave.flush_all()
        window.close()
        settle(50)
    finally:
        store.close()
    app.processEvents()
    return 0


# optimising ---------------------------------------------------------------------------------
def png_header(path: Path) -> bytes:
    """The signature, width and height: a smaller file must still be the same picture size."""
    with path.open("rb") as fh:
        head = fh.read(24)
    return head[:8] + head[16:24] if head[:8] == b"\x89PNG\r\n\x1a\n" else b"?"


def optimise(path: Path) -> None:
    """Lossless: pngcrush or optipng when installed, else ImageMagick's convert -strip."""
    smaller = path.with_suffix(".tmp.png")
    commands = []
    if shutil.which("pngcrush"):
        commands.append(["pngcrush", "-q", "-brute", "-rem", "alla", str(path), str(smaller)])
    if shutil.which("optipng"):
        commands.append(["optipng", "-quiet", "-o5", "-strip", "all", "-out", str(smaller),
                         str(path)])
    if shutil.which("convert"):
        commands.append(["convert", str(path), "-strip", f"png:{smaller}"])
    for command in commands:
        smaller.unlink(missing_ok=True)
        try:
            done = subprocess.run(command, capture_output=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired):
            continue
        if (done.returncode == 0 and smaller.exists() and smaller.stat().st_size > 0
                and png_header(smaller) == png_header(path)
                and smaller.stat().st_size < path.stat().st_size):
            os.replace(smaller, path)
            break
    smaller.unlink(missing_ok=True)


# the parent -----------------------------------------------------------------------------------
def run_scale(db: Path, citizen_id: str, folder: Path, scale: float, display: dict[str, str],
              lang: str, config: Path) -> bool:
    env = {**os.environ, **display, "QT_SCALE_FACTOR": f"{scale:g}",
           "HFDESK_PASSPHRASE": PASSPHRASE, "HFDESK_CONFIG_DIR": str(config),
           "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    env.pop("QT_SCREEN_SCALE_FACTORS", None)  # one factor for the whole run, nothing else
    done = subprocess.run(
        [sys.executable, "-m", "ui.screenshots", "--child", "--db", str(db),
         "--citizen", citizen_id, "--out", str(folder), "--scale", f"{scale:g}", "--lang", lang],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
    return done.returncode == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--review", type=Path, default=ROOT / "build" / "screenshots",
                        help="where the shots that are not committed go")
    parser.add_argument("--scales", default="1,1.5")
    parser.add_argument("--lang", default="da")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--citizen", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child(args.db, args.citizen, args.out, args.scale, args.lang)

    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    out, review = args.out.resolve(), args.review.resolve()
    out.mkdir(parents=True, exist_ok=True)
    review.mkdir(parents=True, exist_ok=True)
    # Only the window shots this script makes (name_100.png, name_150.png); printout pages
    # such as plan_youth.png live beside them and are made elsewhere.
    for old in [*out.glob("*_[0-9][0-9][0-9].png"), *review.glob("*_[0-9][0-9][0-9].png")]:
        old.unlink()
    display = Display()
    with tempfile.TemporaryDirectory(prefix="hfdesk-shots-") as tmp:
        folder = Path(tmp)
        print("Building the demo database…", flush=True)
        db, citizen_id = build_demo(folder, args.lang)
        shots = folder / "shots"
        shots.mkdir()
        try:
            env = display.start()
            for scale in scales:
                ok = run_scale(db, citizen_id, shots, scale, env, args.lang, folder / "config")
                if not ok and env.get("QT_QPA_PLATFORM") != "offscreen":
                    print(f"The {percent(scale)} % run failed under Xvfb; trying offscreen.",
                          file=sys.stderr)
                    ok = run_scale(db, citizen_id, shots, scale, {"QT_QPA_PLATFORM": "offscreen"},
                                   args.lang, folder / "config")
                if not ok:
                    return 1
        finally:
            display.stop()
        for png in sorted(shots.glob("*.png")):
            target = (out if committed(png.name) else review) / png.name
            shutil.move(str(png), target)
            if target.parent == out:
                optimise(target)
    kept = sorted(p.name for p in out.glob("*.png"))
    size = sum(p.stat().st_size for p in out.glob("*.png"))
    print(f"{len(kept)} screenshots in {out} ({size // 1024} KB); the rest in {review}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
