"""Kopiér til fagsystem, "Ikke overført til journal", deletion and indsigt in the app."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from hfdesk.store import citizens, courses, documents, journal, journalisation
from hfdesk.store.database import Store
from ui.journalisation import (
    AccessDialog,
    NotJournalisedDialog,
    RetentionDialog,
    TransferConfirm,
    clipboard_guard,
    copy_to_case_system,
)

PDF = b"%PDF-1.4\n%fake\n"
SHOTS = Path(os.environ.get("HFDESK_SHOTS", "/tmp/hfdesk_journalisation_shots"))


def _grab(widget: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(SHOTS / f"{name}.png"))


def _note(store: Store, cid: str, day: str = "2026-02-01") -> str:
    return journal.add(store, cid, {"occurred_at": day, "entry_type": "home_visit",
                                    "note": "Mia viste lejligheden frem"})


def test_card_copy_marks_on_confirm_and_clears_the_clipboard(window: Any, store: Store,
                                                             citizen_id: str,
                                                             qtbot: Any) -> None:
    eid = _note(store, citizen_id)
    window.panel.reload()
    window.open_citizen(citizen_id)
    window.show_tab("journal")
    tab = window.citizen_page.journal
    status = tab.findChild(QWidget, "transfer_status")
    assert status is not None and status.text() == "Ikke overført"
    button = tab.findChild(QWidget, "copy_to_case_system")
    _grab(window, "journal_tab")

    # "Not yet": the text is on the clipboard, nothing is marked.
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(TransferConfirm)
    assert dialog is not None and dialog.isVisible()
    _grab(dialog, "transfer_confirm")
    text = QGuiApplication.clipboard().text()
    assert "Mia viste lejligheden frem" in text
    assert "Hjemmebesøg" in text and "Bostøttemedarbejder" in text
    assert "120394-xxxx" in text and "120394-1234" not in text
    qtbot.mouseClick(dialog.no, Qt.MouseButton.LeftButton)
    assert journalisation.status(store, "journal_entry", eid)["transferred_at"] is None

    # Yes: marked, and the card says so; the clipboard empties after the (short) timeout.
    dialog = copy_to_case_system(store, window.bus, "journal_entry", eid, window,
                                 clear_after_ms=150)
    assert dialog is not None
    qtbot.mouseClick(dialog.yes, Qt.MouseButton.LeftButton)
    assert journalisation.status(store, "journal_entry", eid)["transferred_at"]
    qtbot.waitUntil(lambda: tab.findChild(QWidget, "transfer_status") is not None and
                    tab.findChild(QWidget, "transfer_status").text().startswith(
                        "Overført til journal"))
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == "", timeout=3000)
    _grab(window, "journal_tab_transferred")
    rows = store.query("SELECT action, purpose FROM audit WHERE record_id = ?", [eid])
    assert ("export", "kopieret til fagsystem") in [(r["action"], r["purpose"]) for r in rows]


def test_clipboard_is_left_alone_when_it_holds_something_else(ui_app: Any, qtbot: Any) -> None:
    guard = clipboard_guard()
    guard.put("fra hfdesk", clear_after_ms=100)
    QGuiApplication.clipboard().setText("noget andet, brugeren kopierede")
    with qtbot.waitSignal(guard.cleared, timeout=3000):
        pass
    assert QGuiApplication.clipboard().text() == "noget andet, brugeren kopierede"


def test_documents_tab_copy_and_status(window: Any, store: Store, citizen_id: str,
                                       qtbot: Any) -> None:
    did = documents.save(store, citizen_id, kind="plan", title="Indsatsplan",
                         file_name="plan.pdf", mime="application/pdf", content=PDF,
                         source="printed")
    window.open_citizen(citizen_id)
    window.show_tab("documents")
    tab = window.citizen_page.documents
    assert tab.table.item(0, 6).text() == "Ikke overført"
    dialog = tab.copy_selected()
    assert dialog is not None
    assert "Indsatsplan" in QGuiApplication.clipboard().text()
    dialog.accept()
    qtbot.waitUntil(lambda: tab.table.item(0, 6).text().startswith("Overført til journal"))
    assert journalisation.status(store, "document", did)["transferred_by"] == "Anne Holm"
    _grab(tab, "documents_tab")


def test_not_journalised_window_from_the_menu(window: Any, store: Store, citizen_id: str,
                                              qtbot: Any) -> None:
    other, _ = citizens.create(store, {"legal_name": "Ali Kjaer"})
    _note(store, citizen_id)
    _note(store, citizen_id, "2026-03-01")
    _note(store, other)
    window.act_not_journalised.trigger()
    dialog = window.findChild(NotJournalisedDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.citizens.rowCount() == 2
    names = {dialog.citizens.item(r, 0).text() for r in range(2)}
    assert names == {"Mia", "Ali Kjaer"}
    dialog.citizens.selectRow(dialog.ids.index(citizen_id))
    assert dialog.items.rowCount() == 2
    _grab(dialog, "not_journalised")
    confirm = dialog.copy_selected()
    assert confirm is not None
    confirm.accept()
    qtbot.waitUntil(lambda: dialog.items.rowCount() == 1)
    assert journalisation.missing_counts(store)[citizen_id]["notes"] == 1
    # The setting for the reminder lives here too.
    dialog.days.setValue(3)
    assert journalisation.reminder_days(store) == 3
    # In visit mode the caseload list is out of reach.
    dialog.reject()
    window.open_citizen(citizen_id)
    window.visit.enter()
    assert not window.act_not_journalised.isEnabled()


def test_retention_window_refuses_then_deletes(window: Any, store: Store, citizen_id: str,
                                               qtbot: Any) -> None:
    missing, _ = citizens.create(store, {"legal_name": "Mangler Noget"})
    for cid in (citizen_id, missing):
        course = courses.create(store, cid, {"method": "cti", "start_date": "2025-01-06"})
        _note(store, cid, "2025-02-01")
        courses.update(store, course, {"end_decision_date": "2025-06-01", "end_type": "planned"})
    for item in journalisation.untransferred(store, citizen_id):
        journalisation.mark(store, item["kind"], item["id"])
    window.act_retention.trigger()
    dialog = window.findChild(RetentionDialog)
    assert dialog is not None
    statuses = [dialog.table.item(r, 3).text() for r in range(dialog.table.rowCount())]
    assert statuses[0] == "Klar til sletning"
    assert statuses[1].startswith("Mangler journalisering")
    _grab(dialog, "retention")

    dialog.table.selectRow(1)
    asked: list[str] = []
    assert not dialog.delete_selected(confirm=lambda q: asked.append(q) or True)
    assert asked == [] and "Mangler journalisering" in dialog.message.text()
    assert citizens.get(store, missing)

    dialog.table.selectRow(0)
    assert not dialog.delete_selected(confirm=lambda q: False)  # "No" changes nothing
    assert citizens.get(store, citizen_id)
    assert dialog.delete_selected(confirm=lambda q: True)
    assert [c["id"] for c in citizens.list_brief(store)] == [missing]
    assert dialog.table.rowCount() == 1


def test_access_dialog_previews_log_and_extract(window: Any, store: Store, citizen_id: str,
                                                qtbot: Any) -> None:
    _note(store, citizen_id)
    window.open_citizen(citizen_id)
    window.act_access.trigger()
    dialog = window.findChild(AccessDialog)
    assert dialog is not None
    _grab(dialog, "access_dialog")
    dialog.names.setChecked(True)
    assert journalisation.show_worker_names(store, citizen_id)
    # Propose an exemption: an empty reason is refused next to the field, nothing is stored.
    assert dialog.note_choice.count() == 1
    assert dialog.propose_exemption() is None
    assert dialog.exempt_error.isVisible() and journalisation.exemptions(store, citizen_id) == []
    qtbot.keyClicks(dialog.reason, "Tredjepart naevnt")
    assert dialog.propose_exemption()
    assert dialog.exemptions.rowCount() == 1
    assert dialog.exemptions.item(0, 1).text() == "Tredjepart naevnt"
    _grab(dialog, "access_dialog_exemption")
    preview = dialog.show_log()
    assert preview is not None
    qtbot.waitUntil(lambda: preview.isVisible())
    qtbot.wait(300)  # QPdfView paints asynchronously
    _grab(preview, "access_preview")
    preview.close()
    dialog.release.setCurrentIndex(1)
    dialog.recipient.setText("Mia")
    extract = dialog.show_extract()
    assert extract is not None
    extract.close()
    rel = journalisation.releases(store, citizen_id)
    assert [(r["released_to"], r["exempted"]) for r in rel] == [("citizen", 1)]
    dialog.exemptions.selectRow(0)
    dialog.remove_selected_exemption()
    assert journalisation.exemptions(store, citizen_id) == []
    kinds = [r["record_kind"] for r in store.query(
        "SELECT record_kind FROM audit WHERE citizen_id = ? AND action = 'print'",
        [citizen_id])]
    assert "access_report" in kinds and "records_extract" in kinds
