"""First start and unlock, driven with the keyboard; the unlock window imports little."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from hfdesk.store import database
from tests.ui.conftest import press, type_text

ROOT = Path(__file__).resolve().parents[2]


def test_first_start_creates_the_database(ui_app: Any, qtbot: Any, db_path: Path,
                                          passphrase: str) -> None:
    from ui.unlock import FirstStartDialog

    dialog = FirstStartDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setFocus()
    type_text(qtbot, dialog, "Anne Holm")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    press(qtbot, dialog, Qt.Key.Key_Down)  # role: myndighedsrådgiver
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, passphrase)
    assert dialog.hint.text()
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, passphrase)
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.store is not None, [e.text() for e in dialog.errors.values()]
    try:
        assert db_path.exists()
        assert dialog.store.worker_name == "Anne Holm"
        assert dialog.store.role == "myndighedsraadgiver"
    finally:
        dialog.store.close()


def test_first_start_refuses_different_passphrases(ui_app: Any, qtbot: Any,
                                                   db_path: Path) -> None:
    from ui.unlock import FirstStartDialog

    dialog = FirstStartDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Anne Holm")
    dialog.passphrase.setText("en lang sætning")
    dialog.repeat.setText("en anden sætning")
    dialog.submit()
    assert dialog.store is None
    assert dialog.errors["passphrase_repeat"].isVisibleTo(dialog)
    assert not db_path.exists()


def test_first_start_shows_a_weak_passphrase_beside_the_field(ui_app: Any, qtbot: Any,
                                                              db_path: Path) -> None:
    from ui.unlock import FirstStartDialog

    dialog = FirstStartDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Anne Holm")
    dialog.passphrase.setText("kort")
    dialog.repeat.setText("kort")
    dialog.submit()
    assert dialog.store is None
    assert "mindst 8 tegn" in dialog.errors["passphrase"].text()


def test_unlock_wrong_then_right(ui_app: Any, qtbot: Any, db_path: Path,
                                 passphrase: str) -> None:
    from ui.unlock import UnlockDialog

    database.create_store(db_path, passphrase, worker_name="Anne Holm").close()
    dialog = UnlockDialog(db_path)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.passphrase.setFocus()
    type_text(qtbot, dialog, "forkert sætning")
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.store is None
    assert dialog.error.isVisibleTo(dialog)
    assert "forkert" in dialog.error.text()
    dialog.passphrase.clear()
    type_text(qtbot, dialog, passphrase)
    press(qtbot, dialog, Qt.Key.Key_Return)
    assert dialog.store is not None
    dialog.store.close()


UNLOCK_SCRIPT = """
import json, sys
from ui.app import prepare
app = prepare("da")
from ui.unlock import UnlockDialog
dialog = UnlockDialog(sys.argv[1])
dialog.show()
app.processEvents()
print(json.dumps({m: m in sys.modules for m in
                  ("reportlab", "sqlite_utils", "babel.dates", "stdnum")}))
"""


def test_unlock_window_imports_only_what_it_needs(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "HFDESK_CONFIG_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", UNLOCK_SCRIPT, str(tmp_path / "x.db")],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert loaded == {"reportlab": False, "sqlite_utils": False, "babel.dates": False,
                      "stdnum": False}


def test_launcher_self_test_and_no_qt_at_import(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", "import sys, ui.main; "
                          "print('PySide6' in sys.modules); sys.exit(ui.main.main(['--self-test']))"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "False"
    assert lines[-1] == "Selvtesten er bestået."
