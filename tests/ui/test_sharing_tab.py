"""Deling in the app (issue 8, "Done when 1"): a consent is recorded, a handover is made and
printed, a handover to an outside recipient without a basis is refused in Danish, and another
basis with a reason works and leaves an audit row carrying the basis."""

from __future__ import annotations

import io
import os
from datetime import date, timedelta
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit

from hfdesk.store import actors, consents, courses, handovers

CTRL = Qt.KeyboardModifier.ControlModifier


def pick(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def retype(qtbot: Any, edit: QLineEdit | QPlainTextEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def _open(window: Any, qtbot: Any, citizen_id: str) -> Any:
    window.open_citizen(citizen_id)
    window.show_tab("sharing")
    tab = window.citizen_page.tab("sharing")
    qtbot.waitUntil(lambda: tab.consent_table.isVisible())
    return tab


def test_consent_handover_refusal_and_other_basis(window: Any, qtbot: Any,
                                                  citizen_id: str) -> None:
    store = window.store
    courses.create(store, citizen_id, {"method": "icm",
                                       "start_date": (date.today() - timedelta(days=200))
                                       .isoformat()})
    provider = actors.create(store, {"actor_type": "civil_society", "name": "Ungeboliger Nord"})
    landlord = actors.create(store, {"actor_type": "landlord", "name": "Udlejer Ny Vej"})
    tab = _open(window, qtbot, citizen_id)

    # 1. Record a consent with the keyboard: videregivelse to the provider.
    form = tab.consent_form
    pick(form.kind, "videregivelse")
    pick(form.recipient_actor, provider)
    for code in ("course", "housing", "plan", "network", "economy"):
        form.scope[code].setChecked(True)
    pick(form.form, "written")
    form.given_date.setFocus()
    qtbot.keyClick(form.given_date, Qt.Key.Key_Return, CTRL)
    assert not form.error.isVisible(), form.error.text()
    assert tab.consent_table.rowCount() == 1
    assert "Ungeboliger Nord" in tab.consent_table.item(0, 2).text()

    # A consent dated in the future is refused beside the form, in Danish.
    pick(form.recipient_actor, provider)
    form.scope["course"].setChecked(True)
    retype(qtbot, form.given_date, (date.today() + timedelta(days=3)).strftime("%d.%m.%Y"))
    qtbot.keyClick(form.given_date, Qt.Key.Key_Return, CTRL)
    assert form.error.isVisible() and "fremtiden" in form.error.text()
    assert tab.consent_table.rowCount() == 1

    # 2. A handover to the provider, on the consent: made and printed through the preview.
    dialog = tab.new_handover()
    assert dialog is not None
    pick(dialog.reason, "cti_phase3")
    pick(dialog.recipient, provider)
    retype(qtbot, dialog.youth_words, "Jeg vil gerne have hjaelp til post og penge.")
    retype(qtbot, dialog.worker_contact, "12 34 56 78, hverdage")
    assert dialog.basis.isEnabled()
    assert dialog.make(), dialog.error.text()
    QApplication.processEvents()
    preview = tab.dialogs[-1]
    assert preview.kind == "handover" and preview.isVisible()
    text = text_of(preview.pdf_bytes)
    assert "Ungeboliger Nord" in text and "Samtykke givet" in text and "hjemløs" not in text
    assert "12 34 56 78, hverdage" in text
    preview.close()
    assert tab.handover_table.rowCount() == 1

    # 3. To the landlord without a basis: refused, the dialog stays open with the reason.
    dialog = tab.new_handover()
    assert dialog is not None
    pick(dialog.reason, "course_end")
    pick(dialog.recipient, landlord)
    assert not dialog.make()
    assert dialog.isVisible() and dialog.error.isVisible()
    message = dialog.error.text()
    assert "Udlejer Ny Vej" in message and "afvist" in message and "samtykke" in message
    assert len(handovers.for_citizen(store, citizen_id)) == 1

    # 4. Another basis with a reason works; the disclosure is an audit row with the basis.
    pick(dialog.basis, "vaerdispring")
    retype(qtbot, dialog.basis_reason, "Akut risiko for udsaettelse i denne uge")
    assert dialog.make(), dialog.error.text()
    QApplication.processEvents()
    assert tab.dialogs[-1].kind == "handover"
    tab.dialogs[-1].close()
    hs = handovers.for_citizen(store, citizen_id)
    assert {h["basis"] for h in hs} == {"consent", "vaerdispring"}
    [d] = [d for d in consents.disclosures(store, citizen_id) if d["basis"] == "vaerdispring"]
    rows = store.query("SELECT * FROM audit WHERE action = 'disclose' AND record_id = ?",
                       [d["id"]])
    assert rows and rows[0]["citizen_id"] == citizen_id and "vaerdispring" in rows[0]["purpose"]
    assert tab.handover_table.rowCount() == 2

    if os.environ.get("HFDESK_GRAB"):
        window.citizen_page.grab().save(os.environ["HFDESK_GRAB"])


def test_withdraw_informed_date_and_printouts(window: Any, qtbot: Any, citizen_id: str) -> None:
    store = window.store
    courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-05"})
    kid = consents.record(store, citizen_id, {
        "kind": "indhentning", "form": "oral", "noted_by": "Anne Holm",
        "told": "Vi spoerger jobcentret.", "given_date": date.today(),
        "recipients": [{"name": "Jobcentret"}], "scope": ["economy"]})
    tab = _open(window, qtbot, citizen_id)
    assert tab.consent_table.rowCount() == 1
    tab.consent_table.selectRow(0)
    tab.withdraw()
    assert consents.get(store, kid)["withdrawn_date"] == date.today().isoformat()
    assert "Trukket tilbage" in tab.consent_table.item(0, 5).text()

    retype(qtbot, tab.informed, "1.1.2026")
    tab.autosave.flush()
    assert consents.informed_date(store, citizen_id) == "2026-01-01"

    info = tab.print_info_sheet()
    assert "Sådan bruger vi dine oplysninger" in text_of(info.pdf_bytes)
    info.close()
    form = tab.print_consent_form()
    assert "Samtykkeerklæring" in text_of(form.pdf_bytes)
    form.close()

    retype(qtbot, tab.followon_what, "SEL 85")
    pick(tab.followon_status, "applied")
    tab.save_followon()
    assert "SEL 85" in tab.followon_list.text()


def test_moving_municipality_prefills_and_tracks_the_underretning(window: Any,
                                                                  qtbot: Any) -> None:
    from hfdesk.store import citizens

    store = window.store
    born = date(date.today().year - 16, 1, 1)
    cid, _ = citizens.create(store, {"legal_name": "Ung Flytter", "birth_date": born})
    co = courses.create(store, cid, {"method": "icm", "start_date": "2026-01-05"})
    courses.add_event(store, co, {"kind": "moved_municipality", "event_date": date.today(),
                                  "new_municipality": "Aarhus"})
    tab = _open(window, qtbot, cid)
    dialog = tab.new_handover()
    assert dialog is not None
    assert dialog.reason.value() == "moving_municipality"
    assert dialog.new_municipality.value() == "Aarhus"
    assert not dialog.basis.isEnabled()  # no recipient: the municipality's own case
    assert dialog.make(), dialog.error.text()
    QApplication.processEvents()
    assert "send en underretning" in text_of(tab.dialogs[-1].pdf_bytes)
    tab.dialogs[-1].close()
    assert tab.handover_table.item(0, 4).text() == "Ikke sendt endnu"
    tab.handover_table.selectRow(0)
    tab.record_underretning()
    [h] = handovers.for_citizen(store, cid)
    assert h["underretning_date"] == date.today().isoformat()
    assert tab.handover_table.item(0, 4).text() != "Ikke sendt endnu"
