"""The export dialog's choices, restore with the recovery key, the conflicts window and the
read-only view of a citizen moved to a colleague."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from PySide6.QtWidgets import QMessageBox

from hfdesk.exchange import export, importer, package
from hfdesk.store import audit, citizens, database, exchange, keyfile

PASS = "korrekt hest batteri"


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    from ui import exchange_dialogs

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(exchange_dialogs.QMessageBox, "information",
                        lambda _p, title, text: seen.append(("info", text)))
    monkeypatch.setattr(exchange_dialogs.QMessageBox, "warning",
                        lambda _p, title, text, *a: seen.append(("warning", text))
                        or QMessageBox.StandardButton.No)
    monkeypatch.setattr(exchange_dialogs.QMessageBox, "question",
                        lambda *_a: QMessageBox.StandardButton.No)
    return seen


def _wait(qtbot: Any, job: Any) -> None:
    assert job is not None
    qtbot.waitUntil(lambda: job.finished and not job.timer.isActive(), timeout=60_000)


def _dialog(window: Any, out: Path) -> Any:
    from ui.exchange_dialogs import ExportDialog

    d = ExportDialog(window, window.store, window.citizen_id)
    d.out.setText(str(out))
    return d


def test_export_dialog_own_passphrase_is_checked(window: Any, citizen_id: str,
                                                 tmp_path: Path, passphrase: str) -> None:
    d = _dialog(window, tmp_path / "e.zip")
    assert d.lock_db.isChecked() and d.scope_full.isChecked() and d.since.value() == 0
    d.own.setText("forkert forkert forkert")
    d.submit()
    assert d.choice is None and d.error.isVisibleTo(d)
    d.own.setText(passphrase)
    d.submit()
    assert d.choice is not None and d.choice.lock_mode == "database"
    assert d.choice.since_seq is None and d.choice.citizen_id is None
    d.deleteLater()


def test_export_dialog_other_passphrase_twice_and_scope(window: Any, citizen_id: str,
                                                        tmp_path: Path, qtbot: Any,
                                                        messages: list) -> None:
    window.open_citizen(citizen_id)
    d = _dialog(window, tmp_path / "e.zip")
    d.scope_citizen.setChecked(True)
    d.lock_other.setChecked(True)
    d.other1.setText("en anden lang saetning")
    d.other2.setText("en anden lang saetnin")
    d.submit()
    assert d.choice is None and "ikke ens" in d.error.text().lower() or d.error.text()
    d.other2.setText("en anden lang saetning")
    d.submit()
    choice = d.choice
    assert choice is not None and choice.citizen_id == citizen_id
    _wait(qtbot, window.exchange.export(choice=choice))
    m = package.open_package(tmp_path / "e.zip", passphrase="en anden lang saetning",
                             formats=(export.FORMAT,), version=export.VERSION)
    with m:
        assert m.manifest["kind"] == "citizen" and m.manifest["citizens"] == 1
    assert messages[-1][0] == "info"
    d.deleteLater()


def test_export_dialog_delta_ffb_and_key(window: Any, citizen_id: str, tmp_path: Path,
                                         qtbot: Any, messages: list) -> None:
    other = X25519PrivateKey.generate()
    (tmp_path / "k.pem").write_bytes(keyfile.public_key_to_pem(other.public_key()))
    d = _dialog(window, tmp_path / "d.zip")
    d.scope_delta.setChecked(True)
    d.since.setValue(0)
    d.ffb.setChecked(True)
    assert not d.documents.isEnabled()
    d.lock_key.setChecked(True)
    d.key_file.setText(str(tmp_path / "nope.pem"))
    d.submit()
    assert d.choice is None
    d.key_file.setText(str(tmp_path / "k.pem"))
    d.submit()
    assert d.choice is not None and d.choice.profile == "ffb" and d.choice.since_seq == 0
    _wait(qtbot, window.exchange.export(choice=d.choice))
    with package.open_package(tmp_path / "d.zip", private=other, formats=(export.FORMAT,),
                              version=export.VERSION) as reader:
        assert reader.manifest["profile"] == "ffb" and reader.manifest["kind"] == "delta"
    d.deleteLater()


def test_plain_export_needs_a_tick_and_a_confirmation(window: Any, citizen_id: str,
                                                      tmp_path: Path, qtbot: Any,
                                                      messages: list,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    d = _dialog(window, tmp_path / "p.zip")
    d.lock_plain.setChecked(True)
    assert d.plain_warning.isVisibleTo(d)
    d.submit()
    assert d.choice is None and d.error.text()
    d.plain_ok.setChecked(True)
    monkeypatch.setattr(d, "confirm_plain", lambda: False)
    d.submit()
    assert d.choice is None
    monkeypatch.setattr(d, "confirm_plain", lambda: True)
    d.submit()
    assert d.choice is not None and d.choice.lock_mode == "plain"
    _wait(qtbot, window.exchange.export(choice=d.choice))
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        assert "manifest.json" in zf.namelist()
    d.deleteLater()
    # the next export offers the delta from where this one ended
    again = _dialog(window, tmp_path / "q.zip")
    assert again.since.value() == exchange.last_export_seq(window.store) > 0
    again.deleteLater()


def test_restore_with_recovery_key_from_the_app(window: Any, tmp_path: Path, qtbot: Any,
                                                messages: list) -> None:
    from hfdesk.exchange import backup
    from ui.exchange_dialogs import RestoreDialog

    recovery = X25519PrivateKey.generate()
    src = database.create_store(tmp_path / "src.db", PASS, worker_name="Cai Carl",
                                recovery=recovery.public_key())
    try:
        citizens.create(src, {"legal_name": "Ny Borger"})
        backup.backup(src, tmp_path / "b.zip")
    finally:
        src.close()
    (tmp_path / "kommune.pem").write_bytes(recovery.private_bytes(
        *_pem_private()))
    d = RestoreDialog(window)
    d.source.setText(str(tmp_path / "b.zip"))
    d.target.setText(str(tmp_path / "r.db"))
    d.by_key.setChecked(True)
    d.key_file.setText(str(tmp_path / "kommune.pem"))
    d.new1.setText("en helt ny lang saetning")
    d.new2.setText("en helt ny lang saetning")
    d.submit()
    assert d.choice is None and d.error.text()  # a reason is required
    d.reason.setText("medarbejder stoppet")
    d.submit()
    assert d.choice is not None
    live = window.store.path
    _wait(qtbot, window.exchange.restore(choice=d.choice))
    assert messages[-1][0] == "info" and str(tmp_path / "r.db") in messages[-1][1]
    assert window.store.path == live  # the replacement question was answered no
    with database.open_store(tmp_path / "r.db", "en helt ny lang saetning") as restored:
        actions = [r["action"] for r in restored.query("SELECT action FROM audit")]
        assert "recover" in actions and audit.verify(restored).ok
    d.deleteLater()


def _pem_private() -> tuple[Any, Any, Any]:
    from cryptography.hazmat.primitives import serialization

    return (serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption())


def test_conflicts_window_keep_mine_and_take_incoming(window: Any, citizen_id: str,
                                                      tmp_path: Path, qtbot: Any,
                                                      messages: list) -> None:
    store = window.store
    # a colleague's copy of the database, changed there and here
    out = tmp_path / "mine.zip"
    export.export(store, out, lock=package.lock_passphrase(PASS))
    with database.create_store(tmp_path / "b.db", PASS, worker_name="Bo Berg") as b:
        importer.import_package(b, out, passphrase=PASS)
        citizens.update(b, citizen_id, {"phone": "11111111", "email": "x@example.org"})
        theirs = tmp_path / "theirs.zip"
        export.export(b, theirs, lock=package.lock_passphrase(PASS))
    citizens.update(store, citizen_id, {"phone": "22222222", "email": "y@example.org"})
    _wait(qtbot, window.exchange.import_(str(theirs), passphrase=PASS))
    win = window.exchange.conflicts_window
    assert win.isVisible() and len(win.items) == 1
    top = win.tree.topLevelItem(0)
    assert "Mia" in top.text(0)
    fields = {top.child(i).text(0): (top.child(i).text(1), top.child(i).text(2))
              for i in range(top.childCount())}
    assert fields["Telefon"] == ("22222222", "11111111")
    win.tree.setCurrentItem(top.child(0))
    win.take.click()
    assert citizens.get(store, citizen_id)["phone"] == "11111111"
    assert win.items == [] and win.empty.isVisibleTo(win)
    assert exchange.conflicts(store) == []
    # the menu reaches the same window
    names = {a.objectName() for a in window.actions()}
    assert "import_conflicts" in names


def test_moved_citizen_is_shown_read_only(window: Any, citizen_id: str, tmp_path: Path,
                                          qtbot: Any, messages: list) -> None:
    other = X25519PrivateKey.generate()
    (tmp_path / "k.pem").write_bytes(keyfile.public_key_to_pem(other.public_key()))
    window.open_citizen(citizen_id)
    assert window.act_details.isEnabled()
    _wait(qtbot, window.exchange.transfer(str(tmp_path / "k.pem"), str(tmp_path / "t.zip")))
    page = window.citizen_page
    assert page.moved_banner.isVisibleTo(page)
    assert "flyttet til en kollega" in page.moved_banner.text()
    assert not any(slot.isEnabled() for slot in page._slots.values())
    assert not window.act_details.isEnabled()
    window.show_start()
    window.open_citizen(citizen_id)
    assert page.moved_banner.isVisibleTo(page) and not window.act_details.isEnabled()
    # another citizen is editable again
    other_id, _ = citizens.create(window.store, {"legal_name": "Ole Olsen"})
    window.open_citizen(other_id)
    assert not page.moved_banner.isVisibleTo(page) and window.act_details.isEnabled()
    assert all(slot.isEnabled() for slot in page._slots.values())
