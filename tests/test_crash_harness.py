"""The crash harness in small: 10 SIGKILLs of a writer saving like the app, then checks.

`make stress` runs the same harness with 200+ kills and passphrase changes under kills
(tools/crash_harness.py explains what each kill checks).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).resolve().parents[1] / "tools" / "crash_harness.py"


def test_ten_kills_lose_nothing(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(HARNESS), "--kills", "10", "--passphrase-kills", "3", "--json",
         "--dir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, check=False)
    assert done.stdout.strip(), done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["kills"] == 10 and summary["passphrase_kills"] == 3
    assert summary["corruptions"] == 0, summary["problems"]
    assert summary["lost_committed_saves"] == 0, summary["problems"]
    assert summary["key_file_failures"] == 0, summary["problems"]
    assert summary["problems"] == [], summary["problems"]
    assert summary["commits_logged"] > 0  # the writer really saved between the kills
    assert summary["kills_while_saving"] >= 6  # most kills land among the saves
    assert done.returncode == 0


def test_side_log_ignores_a_torn_last_line(tmp_path: Path) -> None:
    sys.path.insert(0, str(HARNESS.parent))
    try:
        import crash_harness
    finally:
        sys.path.remove(str(HARNESS.parent))
    log = tmp_path / "x.log"
    crash_harness.SideLog(log).write(seq=1, op="commit")
    with log.open("ab") as fh:
        fh.write(b'{"seq": 2, "op": "comm')
    assert [e["seq"] for e in crash_harness.read_log(log)] == [1]
