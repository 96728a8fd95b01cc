"""File menu: back up, export, import and move a citizen from the app, with progress."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hfdesk.store import database, exchange

PASS = "korrekt hest batteri"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    from ui import exchange_dialogs

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(exchange_dialogs.QMessageBox, "information",
                        lambda _p, title, text: seen.append(("info", text)))
    monkeypatch.setattr(exchange_dialogs.QMessageBox, "warning",
                        lambda _p, title, text: seen.append(("warning", text)))
    return seen


def _wait(qtbot: Any, job: Any) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job.finished and not job.timer.isActive(), timeout=60_000)


def test_menu_has_the_exchange_entries(window: Any) -> None:
    names = {a.objectName() for a in window.actions()}
    assert {"backup", "restore", "export", "import", "transfer", "receipt"} <= names
    texts = {a.text() for a in window.actions()}
    assert "Sikkerhedskopi…" in texts and "Flyt borger til kollega…" in texts


def test_backup_and_export_from_the_app(window: Any, qtbot: Any, citizen_id: str,
                                        tmp_path: Path, messages: list[tuple[str, str]]) -> None:
    _wait(qtbot, window.exchange.backup(str(tmp_path / "b.zip")))
    assert (tmp_path / "b.zip").exists()
    assert messages[-1][0] == "info" and "kontrolleret" in messages[-1][1]
    _wait(qtbot, window.exchange.export(str(tmp_path / "e.zip"), passphrase=PASS))
    assert (tmp_path / "e.zip").exists() and "1 borgere" in messages[-1][1]
    # exporting over an existing file is refused with a Danish message
    _wait(qtbot, window.exchange.export(str(tmp_path / "e.zip"), passphrase=PASS))
    assert messages[-1][0] == "warning" and "findes allerede" in messages[-1][1]


def test_transfer_and_import_from_the_app(window: Any, qtbot: Any, citizen_id: str,
                                          tmp_path: Path,
                                          messages: list[tuple[str, str]]) -> None:
    from hfdesk.store import keyfile

    other = database.create_store(tmp_path / "other.db", PASS, worker_name="Bo Berg")
    try:
        (tmp_path / "bo.pem").write_bytes(keyfile.public_key_to_pem(other.worker_public_key()))
        window.open_citizen(citizen_id)
        _wait(qtbot, window.exchange.transfer(str(tmp_path / "bo.pem"),
                                              str(tmp_path / "t.zip")))
        assert "skrivebeskyttet" in messages[-1][1]
        assert exchange.moved(window.store, citizen_id)
    finally:
        other.close()
    # the other way: an export from elsewhere imported into the open database
    src = database.create_store(tmp_path / "src.db", PASS, worker_name="Cai Carl")
    try:
        from hfdesk.exchange import export, package
        from hfdesk.store import citizens

        citizens.create(src, {"legal_name": "Ny Borger"})
        export.export(src, tmp_path / "in.zip", lock=package.lock_passphrase(PASS))
    finally:
        src.close()
    _wait(qtbot, window.exchange.import_(str(tmp_path / "in.zip"), passphrase=PASS))
    assert "Indlæst 1 borgere" in messages[-1][1]


def test_daily_backup_runs_in_the_background(window: Any, qtbot: Any, tmp_path: Path) -> None:
    from hfdesk.store import settings

    folder = tmp_path / "backups"
    settings.set_many(window.store, {"backup_dir": str(folder)})
    seen: list[str] = []
    window.bus.status.connect(seen.append)
    window.auto_backup.daily()
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
    assert len(list(folder.glob("hfdesk-backup-*.zip"))) == 1
    window.auto_backup.daily()  # already done today: nothing more
    assert window.auto_backup.running is not None
    window.auto_backup.running.join(5)
    assert len(list(folder.glob("hfdesk-backup-*.zip"))) == 1
