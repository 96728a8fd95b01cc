"""Settings, printing, and every window and dialog opening in Danish and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from hfdesk import i18n
from hfdesk.store import courses, settings
from tests.ui.conftest import close_widget


def test_settings_dialog_saves_into_the_database(window: Any, qtbot: Any, store: Any) -> None:
    from ui.settings_dialog import SettingsDialog

    window.open_settings()
    dialog = window.dialog
    assert isinstance(dialog, SettingsDialog)
    dialog.organisation.setText("Demo-kommune Bostøtte")
    dialog.thresholds["cti_1"].setValue(5)
    dialog.worker_name.setText("Anne K. Holm")
    dialog.save()
    assert settings.get(store, "organisation") == "Demo-kommune Bostøtte"
    assert settings.get(store, "contact_thresholds")["cti_1"] == 5
    assert store.worker_name == "Anne K. Holm"
    assert "Demo-kommune Bostøtte" in window.who_label.text()


def test_settings_changes_the_passphrase(window: Any, store: Any, passphrase: str) -> None:
    from hfdesk.store.keyfile import KeyFile, key_path_for

    window.open_settings()
    dialog = window.dialog
    dialog.old_pw.setText(passphrase)
    dialog.new_pw.setText("en helt ny sætning")
    dialog.repeat_pw.setText("en helt ny sætning")
    dialog._change_passphrase()
    assert KeyFile.load(key_path_for(store.path)).unwrap("en helt ny sætning") == store.key
    dialog.reject()


def test_print_summary_opens_the_preview(window: Any, qtbot: Any, store: Any,
                                         citizen_id: str) -> None:
    from ui.preview import PreviewDialog

    courses.create(store, citizen_id, {"method": "cti", "referral_date": "2026-01-05"})
    window.open_citizen(citizen_id)
    window.print_summary()
    previews = [w for w in window.findChildren(PreviewDialog)]
    assert previews and previews[-1].isVisible()
    for preview in previews:
        close_widget(preview)


@pytest.fixture(params=["da", "en"])
def language(request: Any, ui_app: Any) -> Iterator[str]:
    from ui.app import prepare

    prepare(request.param)
    yield request.param
    prepare("da")


def test_every_window_opens_in_both_languages(language: str, qtbot: Any, store: Any,
                                             citizen_id: str, ui_bus: Any, db_path: Any) -> None:
    from ui.citizen_form import CitizenFormDialog
    from ui.course_form import CourseFormDialog
    from ui.main_window import MainWindow
    from ui.passphrase_prompt import PassphrasePrompt
    from ui.settings_dialog import SettingsDialog
    from ui.unlock import FirstStartDialog, UnlockDialog

    assert i18n.current() == language
    course_id = courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-05"})
    win = MainWindow(store, ui_bus)
    win.show()
    win.open_citizen(citizen_id)
    for tab in ("overview", "screening", "plan", "network", "housing", "journal", "documents"):
        win.show_tab(tab)
        QApplication.processEvents()
    dialogs = [FirstStartDialog(db_path.with_name("new.db")), UnlockDialog(db_path),
               CitizenFormDialog(store, ui_bus), CitizenFormDialog(store, ui_bus, citizen_id),
               CourseFormDialog(store, ui_bus, citizen_id),
               CourseFormDialog(store, ui_bus, citizen_id, course_id),
               SettingsDialog(store, ui_bus), PassphrasePrompt(store, "x")]
    for dialog in dialogs:
        dialog.show()
        QApplication.processEvents()
        assert dialog.windowTitle()
        dialog.reject()
        close_widget(dialog)
    menus = [a.text() for a in win.menuBar().actions()]
    assert ("&Filer" in menus) == (language == "da") or language == "en"
    close_widget(win)
