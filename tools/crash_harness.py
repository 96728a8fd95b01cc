"""Crash harness: kill a writer with SIGKILL at random moments and prove nothing was lost.

    python tools/crash_harness.py --kills 200                 # saves under kills
    python tools/crash_harness.py --passphrase-kills 50       # passphrase changes under kills
    python tools/crash_harness.py --kills 10 --json           # a summary for tests

A *writer* is a separate Python process that opens a real encrypted store (passphrase → key
file → SQLCipher) and saves the way the app does: citizen autosaves (one audit EditSession per
"form"), new journal notes, plan edits and housing-search rows. Around every commit it appends a
line to a side log and fsyncs it: an "intent" before the save and a "commit" after it. A commit
line is the writer's promise "this is saved" (what the status bar's "Gemt kl." tells the worker).

The harness kills the writer with SIGKILL at a random moment (while opening, mid-transaction,
between commit and the log line, …), then opens the database itself and checks
- `integrity()` (quick_check "ok", no broken foreign keys) and `cipher_integrity_check`,
- the audit chain (`audit.verify`),
- every save the writer reported as committed is there with its content (SHA-256). A save whose
  intent was logged but not its commit may be there or not: either is right.
Then it starts the next writer on the same files, so damage would accumulate across kills.

The passphrase mode alternates the passphrase between two values while being killed; after each
kill the key file must open with the old or the new passphrase, never neither, and the database
must open with the key it gives.

Not linted by `make test`'s ruff run (tools/ is outside it) but kept ruff-clean.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import select
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PASSPHRASE = "korrekt hest batteri"
PASSPHRASE_B = "en anden lang sætning"
CITIZENS = 3


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SideLog:
    """Append-only JSON lines, each fsynced before the writer goes on."""

    def __init__(self, path: Path) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def write(self, **entry: Any) -> None:
        line = (json.dumps(entry, ensure_ascii=True, sort_keys=True) + "\n").encode("ascii")
        view = memoryview(line)
        while view:
            view = view[os.write(self.fd, view):]
        os.fsync(self.fd)


def read_log(path: Path) -> list[dict[str, Any]]:
    """The lines that were written completely (a kill can cut the last one)."""
    out = []
    if not path.exists():
        return out
    for raw in path.read_bytes().split(b"\n"):
        if not raw.strip():
            continue
        try:
            out.append(json.loads(raw))
        except ValueError:
            continue
    return out


# --- the writer (runs in its own process) ---------------------------------------------------


def setup(db: Path) -> dict[str, Any]:
    """A fresh database with a few citizens, a course-less plan each; returns their ids."""
    from hfdesk.store import citizens, database, plans

    store = database.create_store(db, PASSPHRASE, worker_name="Crash Test")
    try:
        ids = []
        for i in range(CITIZENS):
            cid, _w = citizens.create(store, {"legal_name": f"Test Person {i}",
                                              "preferred_name": f"T{i}"})
            ids.append({"citizen": cid, "plan": plans.ensure(store, cid)})
    finally:
        store.close()
    return {"citizens": ids}


def writer(db: Path, log_path: Path, ids_path: Path, start_seq: int, seed: int) -> None:
    from hfdesk.store import audit, citizens, database, housing_search, journal, plans

    rng = random.Random(seed)
    ids = json.loads(ids_path.read_text("utf-8"))["citizens"]
    log = SideLog(log_path)
    store = database.open_store(db, PASSPHRASE)
    print("ready", flush=True)
    seq = start_seq
    sessions: dict[str, audit.EditSession] = {}
    while True:
        seq += 1
        who = rng.choice(ids)
        cid = who["citizen"]
        op = rng.choice(("citizen", "citizen", "journal", "plan", "housing"))
        # A new "form" now and then: a new EditSession writes a new audit row.
        if rng.random() < 0.2:
            sessions.pop(op + cid, None)
        session = sessions.setdefault(op + cid, audit.EditSession())
        filler = "ord " * rng.randint(1, 400)
        text = f"[{seq}] {op} æøå {filler}".strip()
        if op == "citizen":
            log.write(seq=seq, op="intent", kind="citizen", id=cid, field="notes", sha=sha(text))
            citizens.update(store, cid, {"notes": text}, session)
            log.write(seq=seq, op="commit", kind="citizen", id=cid, field="notes", sha=sha(text))
        elif op == "plan":
            pid = who["plan"]
            log.write(seq=seq, op="intent", kind="plan", id=pid, field="wish", sha=sha(text))
            plans.update_plan(store, pid, {"wish": text}, session)
            log.write(seq=seq, op="commit", kind="plan", id=pid, field="wish", sha=sha(text))
        elif op == "journal":
            log.write(seq=seq, op="intent", kind="journal_entry", id=None, field="note",
                      sha=sha(text))
            eid = journal.add(store, cid, {"occurred_at": "2026-03-12",
                                           "entry_type": "home_visit", "note": text})
            log.write(seq=seq, op="commit", kind="journal_entry", id=eid, field="note",
                      sha=sha(text))
        else:
            place = text[:480].rstrip()  # the validator trims; promise what is kept
            log.write(seq=seq, op="intent", kind="housing_activity", id=None, field="place",
                      sha=sha(place))
            rid = housing_search.add_activity(store, cid, {
                "activity_date": "01.02.2026", "channel": "housing_portal",
                "outcome": "applied", "place": place})
            log.write(seq=seq, op="commit", kind="housing_activity", id=rid, field="place",
                      sha=sha(place))
        if rng.random() < 0.1:
            citizens.open_citizen(store, cid)  # a read: one audit row in its own transaction


def passphrase_writer(db: Path, log_path: Path, start_seq: int) -> None:
    """Change the passphrase back and forth; log each change once it returned."""
    from hfdesk.store import database, keyfile

    log = SideLog(log_path)
    kf = keyfile.KeyFile.load(keyfile.key_path_for(db))
    current = None
    for candidate in (PASSPHRASE, PASSPHRASE_B):
        with contextlib.suppress(Exception):
            kf.unwrap(candidate)
            current = candidate
            break
    if current is None:
        raise SystemExit("key file opens with neither passphrase")
    store = database.open_store(db, current)
    print("ready", flush=True)
    seq = start_seq
    while True:
        seq += 1
        new = PASSPHRASE_B if current == PASSPHRASE else PASSPHRASE
        log.write(seq=seq, op="intent", passphrase=new)
        database.change_passphrase(store, current, new)
        log.write(seq=seq, op="commit", passphrase=new)
        current = new


# --- the checks (in the harness process) ----------------------------------------------------


@dataclass
class Summary:
    kills: int = 0
    passphrase_kills: int = 0
    kills_while_saving: int = 0
    commits_logged: int = 0
    corruptions: int = 0
    lost_committed_saves: int = 0
    key_file_failures: int = 0
    committed_saves_checked: int = 0
    unreported_saves_found: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items()}


def _field_value(store: Any, kind: str, rid: str, name: str) -> str | None:
    from hfdesk.errors import NotFound
    from hfdesk.store import records

    try:
        row = records.get(store, kind, rid)
    except NotFound:
        return None
    value = row.get(name)
    return None if value is None else str(value)


def check(db: Path, log_path: Path, summary: Summary, passphrase: str = PASSPHRASE) -> int:
    """Open the database after a kill and check it; returns the highest seq in the log."""
    from hfdesk.errors import UserError
    from hfdesk.store import audit, database

    entries = read_log(log_path)
    try:
        store = database.open_store(db, passphrase)
    except UserError as exc:
        summary.corruptions += 1
        summary.problems.append(f"cannot open: {exc.message}")
        return max((e["seq"] for e in entries), default=0)
    try:
        lines, broken = database.integrity(store)
        cipher = [r[0] for r in store.db.execute("PRAGMA cipher_integrity_check").fetchall()]
        chain = audit.verify(store)
        if lines != ["ok"] or broken or cipher or not chain.ok:
            summary.corruptions += 1
            summary.problems.append(f"integrity {lines[:3]} fk={broken} cipher={cipher[:3]} "
                                    f"audit={chain.problems[:3]}")
        # What the writer promised: the last commit per (kind, id, field). An intent logged
        # after it (its commit line missing) may have landed too.
        promised: dict[tuple[str, str, str], str] = {}
        pending: dict[tuple[str, str, str], str] = {}
        last_intent: dict[str, Any] | None = None
        for e in entries:
            if e["op"] == "intent":
                last_intent = e
            elif e["op"] == "commit":
                key = (e["kind"], e["id"], e["field"])
                promised[key] = e["sha"]
                pending.pop(key, None)
                last_intent = None
            elif e["op"] == "resolved":
                promised[(e["kind"], e["id"], e["field"])] = e["sha"]
        if last_intent is not None and last_intent.get("id"):
            pending[(last_intent["kind"], last_intent["id"], last_intent["field"])] = \
                last_intent["sha"]
        log = SideLog(log_path)
        for key, want in promised.items():
            summary.committed_saves_checked += 1
            value = _field_value(store, *key)
            got = sha(value) if value is not None else None
            if got == want:
                continue
            if key in pending and got == pending[key]:
                summary.unreported_saves_found += 1
                # Saved though never reported: from now on this is what must be there.
                log.write(seq=last_intent["seq"] if last_intent else 0, op="resolved",
                          kind=key[0], id=key[1], field=key[2], sha=got)
                continue
            summary.lost_committed_saves += 1
            summary.problems.append(f"lost {key[0]} {key[1][:8]} {key[2]}")
    finally:
        store.close()
    return max((e["seq"] for e in entries), default=0)


def check_keyfile(db: Path, log_path: Path, summary: Summary) -> int:
    """The key file opens with the old or the new passphrase, and its key opens the database."""
    from hfdesk.errors import UserError
    from hfdesk.store import audit, database, keyfile

    entries = read_log(log_path)
    committed = [e for e in entries if e["op"] == "commit"]
    intents = [e for e in entries if e["op"] == "intent"]
    expected = {committed[-1]["passphrase"] if committed else PASSPHRASE}
    if intents and (not committed or intents[-1]["seq"] > committed[-1]["seq"]):
        expected.add(intents[-1]["passphrase"])
    try:
        kf = keyfile.KeyFile.load(keyfile.key_path_for(db))
    except UserError as exc:
        summary.key_file_failures += 1
        summary.problems.append(f"key file: {exc.message}")
        return len(entries)
    key = None
    for candidate in sorted(expected):
        with contextlib.suppress(UserError):
            key = kf.unwrap(candidate)
            break
    if key is None:
        summary.key_file_failures += 1
        summary.problems.append(f"key file opens with neither of {len(expected)} passphrases")
        return max((e["seq"] for e in entries), default=0)
    try:
        store = database.open_with_key(db, key)
    except UserError as exc:
        summary.corruptions += 1
        summary.problems.append(f"cannot open with the key: {exc.message}")
        return max((e["seq"] for e in entries), default=0)
    try:
        lines, broken = database.integrity(store)
        if lines != ["ok"] or broken or not audit.verify(store).ok:
            summary.corruptions += 1
            summary.problems.append("integrity after passphrase change")
    finally:
        store.close()
    return max((e["seq"] for e in entries), default=0)


def _spawn(args: list[str]) -> subprocess.Popen[bytes]:
    env = dict(os.environ)
    env.pop("HFDESK_FUZZ", None)
    return subprocess.Popen([sys.executable, str(Path(__file__).resolve()), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)


def _kill_at_random(proc: subprocess.Popen[bytes], rng: random.Random, max_s: float,
                    summary: Summary) -> str:
    """SIGKILL at a random moment. One kill in ten comes while the writer is still starting
    (importing, unwrapping the key, opening); the others come a random time after the writer
    said "ready", so a slow, busy machine still gets its kills in the middle of the saves."""
    ready = False
    if rng.random() < 0.1:
        time.sleep(rng.uniform(0.0, 0.5))
    else:
        assert proc.stdout is not None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            waiting, _w, _x = select.select([proc.stdout], [], [], 1.0)
            if waiting:
                line = proc.stdout.readline()
                if line.strip() == b"ready":
                    ready = True
                    break
                if not line:
                    break
        time.sleep(rng.uniform(0.0, max_s))
    alive = proc.poll() is None
    if alive:
        proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate()
    if ready or b"ready" in out:
        summary.kills_while_saving += 1
    if not alive:
        return err.decode("utf-8", "replace")[-2000:]  # it died by itself: that is a bug
    return ""


def run(kills: int, passphrase_kills: int, folder: Path, seed: int, max_s: float,
        progress: bool) -> Summary:
    rng = random.Random(seed)
    summary = Summary()
    if kills:
        db = folder / "crash.db"
        log_path = folder / "crash.log"
        ids_path = folder / "ids.json"
        ids_path.write_text(json.dumps(setup(db)), "utf-8")
        seq = 0
        for i in range(kills):
            proc = _spawn(["writer", str(db), str(log_path), str(ids_path), str(seq + 1),
                           str(rng.randrange(1 << 30))])
            crashed = _kill_at_random(proc, rng, max_s, summary)
            if crashed:
                summary.problems.append(f"writer died by itself: {crashed}")
            summary.kills += 1
            seq = check(db, log_path, summary) + 1
            if progress and (i + 1) % 10 == 0:
                print(f"  {i + 1}/{kills} kills, {summary.corruptions} corruptions, "
                      f"{summary.lost_committed_saves} lost", file=sys.stderr, flush=True)
    if passphrase_kills:
        db = folder / "pass.db"
        log_path = folder / "pass.log"
        setup(db)
        seq = 0
        for i in range(passphrase_kills):
            proc = _spawn(["passphrase-writer", str(db), str(log_path), str(seq + 1)])
            crashed = _kill_at_random(proc, rng, max_s * 2, summary)
            if crashed:
                summary.problems.append(f"passphrase writer died by itself: {crashed}")
            summary.passphrase_kills += 1
            seq = check_keyfile(db, log_path, summary) + 1
            if progress and (i + 1) % 10 == 0:
                print(f"  {i + 1}/{passphrase_kills} passphrase kills, "
                      f"{summary.key_file_failures} key file failures",
                      file=sys.stderr, flush=True)
    return summary


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "writer":
        writer(Path(argv[1]), Path(argv[2]), Path(argv[3]), int(argv[4]), int(argv[5]))
        return 0
    if argv and argv[0] == "passphrase-writer":
        passphrase_writer(Path(argv[1]), Path(argv[2]), int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--passphrase-kills", type=int, default=0)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--max-seconds", type=float, default=1.5,
                        help="the longest random wait before a kill")
    parser.add_argument("--dir", type=Path, default=None, help="keep the files here")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    with tempfile.TemporaryDirectory(prefix="hfdesk-crash-") as tmp:
        folder = args.dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        summary = run(args.kills, args.passphrase_kills, folder, seed, args.max_seconds,
                      progress=not args.json)
        elapsed = time.monotonic() - started
        summary.commits_logged = sum(
            1 for name in ("crash.log", "pass.log") for e in read_log(folder / name)
            if e["op"] == "commit")
    result = {**summary.as_dict(), "seed": seed, "seconds": round(elapsed, 1)}
    if args.json:
        print(json.dumps(result))
    else:
        print(f"Crash harness (seed {seed}, {elapsed:.0f} s): {summary.kills} kills under "
              f"saves, {summary.passphrase_kills} kills under passphrase changes "
              f"({summary.kills_while_saving} after the writer was open; "
              f"{summary.commits_logged} commits reported)")
        print(f"  corruptions: {summary.corruptions}")
        print(f"  lost committed saves: {summary.lost_committed_saves} "
              f"(of {summary.committed_saves_checked} checks; "
              f"{summary.unreported_saves_found} saves landed before their log line)")
        print(f"  key file opening with neither passphrase: {summary.key_file_failures}")
        for p in summary.problems[:20]:
            print(f"  problem: {p}")
    bad = (summary.corruptions or summary.lost_committed_saves or summary.key_file_failures
           or summary.problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
