"""The guided first start (ui/first_start.py): from an empty data folder to a working main
window, the restore path for a new laptop, and the demo caseload in a file of its own."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from hfdesk.exchange import backup
from hfdesk.store import citizens, database, keyfile, settings
from tests.ui.conftest import close_widget

PASS = "korrekt hest batteri"


def _wizard(qtbot: Any, db_path: Path) -> Any:
    from ui.first_start import FirstStartWizard

    wizard = FirstStartWizard(db_path)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _recovery_pair(folder: Path) -> tuple[Any, Path]:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    private = X25519PrivateKey.generate()
    public = folder / "kommune.pub.pem"
    public.write_bytes(keyfile.public_key_to_pem(private.public_key()))
    return private, public


def _close_store(wizard: Any) -> None:
    for store in (wizard.store, wizard.demo_store):
        if store is not None:
            store.close()


def _main_window(qtbot: Any, store: Any) -> Any:
    from ui.bus import Bus
    from ui.main_window import MainWindow

    window = MainWindow(store, Bus())
    window.show()
    qtbot.waitExposed(window)
    return window


def test_first_start_from_an_empty_folder_to_the_main_window(
        ui_app: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui import first_start as fs

    db_path = tmp_path / "data" / "hfdesk.db"
    private, public = _recovery_pair(tmp_path)
    wizard = _wizard(qtbot, db_path)
    assert wizard.currentId() == fs.PAGE_WELCOME
    assert wizard.welcome.new_db.isChecked()
    wizard.next()

    assert wizard.currentId() == fs.PAGE_ORGANISATION
    wizard.organisation.organisation.setFocus()
    qtbot.keyClicks(wizard.organisation.organisation, "Bostotten Nord")
    qtbot.keyClicks(wizard.organisation.municipality, "Demo Kommune")
    wizard.next()

    # No key file: the guide says plainly what that means, and still lets the worker go on.
    assert wizard.currentId() == fs.PAGE_RECOVERY
    assert wizard.recovery.warning.isVisibleTo(wizard)
    assert "tabt" in wizard.recovery.warning.text()
    wizard.recovery.path.setText(str(tmp_path / "findes-ikke.pem"))
    assert not wizard.recovery.warning.isVisibleTo(wizard)
    wizard.next()
    assert wizard.currentId() == fs.PAGE_RECOVERY  # an unreadable file is refused
    assert wizard.recovery.error.isVisibleTo(wizard)
    wizard.recovery.path.setText(str(public))
    wizard.next()

    assert wizard.currentId() == fs.PAGE_WORKER
    wizard.next()
    assert wizard.currentId() == fs.PAGE_WORKER  # the name is needed
    assert wizard.worker.error.isVisibleTo(wizard)
    qtbot.keyClicks(wizard.worker.name, "Anne Holm")
    wizard.worker.role.setCurrentIndex(wizard.worker.role.findData("bostoettemedarbejder"))
    wizard.next()

    assert wizard.currentId() == fs.PAGE_PASSPHRASE
    qtbot.keyClicks(wizard.passphrase.passphrase, "kort")
    weak_hint = wizard.passphrase.hint.text()
    wizard.passphrase.passphrase.clear()
    qtbot.keyClicks(wizard.passphrase.passphrase, PASS)
    assert wizard.passphrase.hint.text() != weak_hint
    qtbot.keyClicks(wizard.passphrase.repeat, PASS + " x")
    wizard.next()
    assert wizard.currentId() == fs.PAGE_PASSPHRASE  # the two must match
    assert wizard.passphrase.error.isVisibleTo(wizard)
    qtbot.keyClicks(wizard.passphrase.repeat, PASS)
    wizard.next()

    # A backup folder beside the database (same disk) is allowed but warned about.
    assert wizard.currentId() == fs.PAGE_BACKUP
    assert wizard.backup.warning.isVisibleTo(wizard)  # no folder yet
    folder = tmp_path / "backups"
    wizard.backup.folder.setText(str(folder))
    assert wizard.backup.warning.isVisibleTo(wizard)
    assert "samme disk" in wizard.backup.warning.text()
    wizard.next()

    assert wizard.currentId() == fs.PAGE_FINISH
    assert not db_path.exists()  # nothing is written before the last page
    assert "Bostotten Nord" in wizard.finish.summary.text()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.store is not None, wizard.finish.error.text()
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert wizard.demo_store is None
    store = wizard.store
    window = None
    try:
        assert store.worker_name == "Anne Holm"
        assert settings.get(store, "organisation") == "Bostotten Nord"
        assert settings.get(store, "municipality") == "Demo Kommune"
        assert settings.get(store, "backup_dir") == str(folder)
        kf = keyfile.KeyFile.load(keyfile.key_path_for(db_path))
        assert kf.has_recovery
        assert kf.unwrap_with_recovery(private) == store.key  # IT's key opens it
        window = _main_window(qtbot, store)
        assert "DEMO" not in window.windowTitle()
        assert "Bostotten Nord" in window.who_label.text()
        window.new_citizen()
        assert window.dialog is not None  # the working main window opens its forms
        window.dialog.reject()
    finally:
        if window is not None:
            close_widget(window)
        store.close()
    with database.open_store(db_path, PASS) as again:
        assert again.worker_name == "Anne Holm"


def test_first_start_restores_a_backup_on_a_new_laptop(
        ui_app: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui import first_start as fs

    old_path = tmp_path / "old" / "hfdesk.db"
    with database.create_store(old_path, PASS, worker_name="Anne Holm") as old:
        cid, _w = citizens.create(old, {"legal_name": "Mia Louise Jensen",
                                        "preferred_name": "Mia", "cpr": "120394-1234"})
        settings.set_many(old, {"organisation": "Bostotten Nord"})
        zip_path = tmp_path / "usb" / backup.backup_name(datetime(2026, 6, 1, 17, 0, 0))
        zip_path.parent.mkdir()
        backup.backup(old, zip_path)

    db_path = tmp_path / "new" / "hfdesk.db"
    wizard = _wizard(qtbot, db_path)
    wizard.welcome.restore.setChecked(True)
    wizard.next()
    assert wizard.currentId() == fs.PAGE_RESTORE

    # Wrong passphrase and a missing file: refused beside the field, nothing written.
    wizard.restore.source.setText(str(zip_path))
    qtbot.keyClicks(wizard.restore.passphrase, "forkert saetning her")
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.store is None
    assert wizard.restore.error.isVisibleTo(wizard)
    assert not db_path.exists()
    wizard.restore.source.setText(str(tmp_path / "mangler.zip"))
    wizard.restore.passphrase.clear()
    qtbot.keyClicks(wizard.restore.passphrase, PASS)
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.store is None
    assert "mangler.zip" in wizard.restore.error.text()

    wizard.restore.source.setText(str(zip_path))
    wizard.button(QWizard.WizardButton.FinishButton).click()
    assert wizard.store is not None, wizard.restore.error.text()
    store = wizard.store
    window = None
    try:
        assert db_path.exists() and keyfile.key_path_for(db_path).exists()
        assert settings.get(store, "organisation") == "Bostotten Nord"
        window = _main_window(qtbot, store)
        window.open_citizen(cid)
        assert window.citizen_id == cid
        assert window.citizen_page.facts is not None
    finally:
        if window is not None:
            close_widget(window)
        store.close()


def test_first_start_opens_the_demo_as_a_separate_file_marked_demo(
        ui_app: Any, qtbot: Any, tmp_path: Path) -> None:
    from ui import first_start as fs

    db_path = tmp_path / "data" / "hfdesk.db"
    wizard = _wizard(qtbot, db_path)
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.worker.name.setText("Anne Holm")
    wizard.next()
    wizard.passphrase.passphrase.setText(PASS)
    wizard.passphrase.repeat.setText(PASS)
    wizard.next()
    wizard.next()
    assert wizard.currentId() == fs.PAGE_FINISH
    wizard.finish.demo.setFocus()
    qtbot.keyClick(wizard.finish.demo, Qt.Key.Key_Space)
    assert wizard.finish.demo.isChecked()
    wizard.button(QWizard.WizardButton.FinishButton).click()
    try:
        assert wizard.store is not None and wizard.demo_store is not None
        assert not wizard.store.is_demo
        assert wizard.demo_store.is_demo
        assert wizard.demo_store.path == fs.demo_path_for(db_path) != db_path
        window = _main_window(qtbot, wizard.demo_store)
        try:
            assert "DEMO" in window.windowTitle()
        finally:
            close_widget(window)
    finally:
        _close_store(wizard)


def test_changing_the_language_starts_the_guide_again(ui_app: Any, qtbot: Any,
                                                      tmp_path: Path) -> None:
    from ui import first_start as fs

    wizard = _wizard(qtbot, tmp_path / "hfdesk.db")
    wizard.welcome.language.setCurrentIndex(wizard.welcome.language.findData("en"))
    assert wizard.restart_language == "en"
    assert wizard.result() == fs.RESTART
    assert not (tmp_path / "hfdesk.db").exists()


def test_settings_warn_about_a_backup_folder_on_the_same_disk(
        ui_app: Any, ui_bus: Any, qtbot: Any, store: Any, tmp_path: Path) -> None:
    """Everything the guide asks can be changed later; the backup warning comes along."""
    from ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(store, ui_bus)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.backup_warning.isHidden()  # no folder chosen yet (on the Mapper page)
    dialog.backup_dir.setText(str(tmp_path / "backups"))
    assert "samme disk" in dialog.backup_warning.text()
    dialog.organisation.setText("Bostotten Nord")
    dialog.save()
    assert settings.get(store, "backup_dir") == str(tmp_path / "backups")
    assert settings.get(store, "organisation") == "Bostotten Nord"


def test_the_app_opens_the_guide_on_an_empty_folder_and_the_demo_beside(
        ui_app: Any, tmp_path: Path, monkeypatch: Any) -> None:
    """ui.app.run: no database → the guide; its stores open in two windows, one titled DEMO."""
    from types import SimpleNamespace

    from hfdesk import paths
    from ui import app as app_module
    from ui import first_start

    data = tmp_path / "data"
    monkeypatch.setenv("HFDESK_DATA_DIR", str(data))
    asked: list[Path] = []

    def guide(db_path: Path, parent: Any = None) -> Any:
        asked.append(db_path)
        store = database.create_store(db_path, PASS, worker_name="Anne Holm")
        demo_store = database.create_store(first_start.demo_path_for(db_path), PASS,
                                           worker_name="Anne Holm", demo=True)
        return SimpleNamespace(store=store, demo_store=demo_store)

    titles: list[str] = []
    real_prepare = app_module.prepare

    class App:
        def __init__(self, real: Any) -> None:
            self.real = real

        def exec(self) -> int:
            from PySide6.QtWidgets import QApplication, QMainWindow

            titles.extend(sorted(w.windowTitle() for w in QApplication.topLevelWidgets()
                                 if isinstance(w, QMainWindow) and w.isVisible()))
            for w in QApplication.topLevelWidgets():
                if isinstance(w, QMainWindow) and w.isVisible():
                    w.close()
            return 0

    monkeypatch.setattr(first_start, "run_first_start", guide)
    monkeypatch.setattr(app_module, "prepare", lambda lang: App(real_prepare(lang)))
    assert app_module.run([]) == 0
    assert asked == [paths.default_db_path()]
    assert titles == ["hfdesk", "hfdesk · DEMO"]
    assert paths.load_config()["last_db_path"] == str(paths.default_db_path())


def test_every_page_of_the_guide_is_named_for_screen_readers(ui_app: Any, qtbot: Any,
                                                            tmp_path: Path) -> None:
    from tests.ui.test_firstday_focus_chain import tab_trap, unnamed
    from ui import first_start as fs

    wizard = _wizard(qtbot, tmp_path / "hfdesk.db")
    seen = []
    for page_id in (fs.PAGE_WELCOME, fs.PAGE_ORGANISATION, fs.PAGE_RECOVERY, fs.PAGE_WORKER,
                    fs.PAGE_PASSPHRASE, fs.PAGE_BACKUP, fs.PAGE_FINISH, fs.PAGE_RESTORE):
        page = wizard.page(page_id)
        wizard.setStartId(page_id)
        wizard.restart()
        assert wizard.currentId() == page_id
        assert unnamed(wizard) == [], page.title()
        assert tab_trap(wizard) == [], page.title()
        seen.append(page.title())
    assert len(set(seen)) == 8
