"""The unlock prompt starts light, and the first keystroke warms up what the window needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from ui.app import prepare
app = prepare("da")
from ui.unlock import UnlockDialog
import PySide6.QtCore as core
dialog = UnlockDialog(sys.argv[1])
dialog.show()
app.processEvents()
shown = {"qt_namespace": "Qt" in vars(core), "main_window": "ui.main_window" in sys.modules}
from PySide6.QtTest import QTest
from ui import unlock
QTest.keyClicks(dialog.passphrase, "k")
thread = unlock.warm_up()
thread.join(120)
typed = {"main_window": "ui.main_window" in sys.modules,
         "database": "hfdesk.store.database" in sys.modules, "alive": thread.is_alive()}
print(json.dumps({"shown": shown, "typed": typed}))
"""


def test_prompt_is_light_and_typing_warms_up(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HFDESK_CONFIG_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "x.db")], cwd=ROOT,
                         env=env, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    # The Qt namespace costs a third of a bare window's start (its enums are built on first use).
    assert result["shown"] == {"qt_namespace": False, "main_window": False}
    assert result["typed"] == {"main_window": True, "database": True, "alive": False}
