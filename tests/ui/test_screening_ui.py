"""Opsporing with the keyboard alone: a henvendelse is received, followed up, turned into a citizen
and a course, and assessed twice; an underretning is forwarded and shows as done."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from hfdesk.store import citizens, courses, referrals, screening
from tests.ui.conftest import focused, press, shortcut, type_text

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def activate(qtbot: Any, button: Any) -> None:
    """Focus a button and press Space, as Tab + Space would."""
    button.setFocus()
    qtbot.waitUntil(lambda: button.hasFocus())
    qtbot.keyClick(button, Qt.Key.Key_Space)


def new_referral(window: Any, qtbot: Any, name: str, age: str) -> Any:
    from ui.referral_dialog import ReferralDialog

    shortcut(qtbot, window, Qt.Key.Key_H, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(window.dialog, ReferralDialog))
    dialog = window.dialog
    qtbot.waitUntil(lambda: focused(dialog) is dialog.editors["received_date"])
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.editors["person_name"]
    type_text(qtbot, dialog, name)
    for _ in range(3):  # CPR, phone, age
        press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.editors["person_age"]
    type_text(qtbot, dialog, age)
    return dialog


def test_referral_to_course_and_two_assessments_with_the_keyboard(window: Any, qtbot: Any,
                                                                   store: Any) -> None:
    from ui.referral_dialog import ReferralDialog

    # Received: an adult, from the jobcentre (the first source), about housing.
    dialog = new_referral(window, qtbot, "Ali Kaya", "20")
    chips = dialog.editors["concern_domains"].buttons()
    activate(qtbot, chips["housing"])
    activate(qtbot, chips["school_work"])
    dialog.editors["description"].setFocus()
    type_text(qtbot, dialog, "Sover hos venner. <Ingen> adresse & ingen skole.")
    press(qtbot, dialog, Qt.Key.Key_Return, CTRL)  # nothing happens in the note itself
    activate(qtbot, dialog.editors["from_professional"])  # toggle off …
    activate(qtbot, dialog.editors["from_professional"])  # … and on again
    dialog.editors["person_name"].setFocus()
    press(qtbot, dialog, Qt.Key.Key_Return)  # the default button: create
    qtbot.waitUntil(lambda: window.dialog is None)
    [row] = referrals.list_all(store)
    assert (row["person_name"], row["person_age"], row["source"]) == ("Ali Kaya", 20,
                                                                       "jobcentre")
    assert row["concern_domains"] == ["housing", "school_work"]
    assert row["description"] == "Sover hos venner. <Ingen> adresse & ingen skole."
    assert row["underretning"] is None and row["citizen_id"] is None

    # It shows in the start page's inbox; Enter opens it.
    inbox = window.start_page.inbox
    window.start_page.refresh()
    qtbot.waitUntil(lambda: inbox.tree.topLevelItemCount() == 1)
    inbox.tree.setFocus()
    inbox.tree.setCurrentItem(inbox.tree.topLevelItem(0))
    qtbot.keyClick(inbox.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(inbox.dialog, ReferralDialog))
    dialog = inbox.dialog
    # Followed up: a phone call today, reached.
    dialog.att_date.setFocus()
    type_text(qtbot, dialog, date.today().strftime("%d.%m.%Y"))
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.att_channel
    press(qtbot, dialog, Qt.Key.Key_Down)  # Opsøgt på bopælen → Ringet
    press(qtbot, dialog, Qt.Key.Key_Tab)
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Space)  # reached
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "Aftalt møde på torsdag")
    activate(qtbot, dialog.findChild(type(dialog.fwd_button), "attempt_add"))
    qtbot.waitUntil(lambda: len(referrals.contacts(store, row["id"])) == 1)
    attempt = referrals.contacts(store, row["id"])[0]
    assert (attempt["channel"], attempt["reached"]) == ("phone", True)
    assert dialog.attempts.topLevelItemCount() == 1

    # Into a citizen and a course in one step.
    activate(qtbot, dialog.to_course)
    qtbot.waitUntil(lambda: dialog.created_citizen is not None)
    assert dialog.course_error.text() == ""
    qtbot.keyClick(focused(dialog), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: window.citizen_id == dialog.created_citizen)
    cid = window.citizen_id
    assert citizens.get(store, cid)["legal_name"] == "Ali Kaya"
    course = courses.current(store, cid)
    assert course is not None and course["status"] == "phase_zero"
    assert referrals.get(store, row["id"])["outcome"] == "course_started"

    # Ctrl+2: the Opsporing tab; the henvendelse is listed there.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.citizen_page.tabs.setFocus()
    shortcut(qtbot, window, Qt.Key.Key_2)
    tab = window.citizen_page.screening
    qtbot.waitUntil(lambda: window.citizen_page.current_tab() is tab)
    assert tab.referral_list.topLevelItem(0).data(0, Qt.ItemDataRole.UserRole) == row["id"]

    # First assessment: J on Boligforhold, Down, N on Økonomi; Enter writes the young
    # person's own view for the current row.
    activate(qtbot, tab.assessment_new)
    qtbot.waitUntil(lambda: tab.assessment_id is not None and tab.grid.hasFocus())
    first = tab.assessment_id
    assert tab.grid.currentRow() == 0
    qtbot.keyClick(tab.grid, Qt.Key.Key_J)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Down)
    qtbot.keyClick(tab.grid, Qt.Key.Key_N)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Up)
    qtbot.keyClick(tab.grid, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.youth_view.hasFocus())
    qtbot.keyClicks(tab.youth_view, "Jeg vil have mit eget sted.")
    press(qtbot, tab, Qt.Key.Key_Tab)  # leaving the field saves at once
    qtbot.waitUntil(lambda: (screening.domain_row(store, first, "housing") or {}).get(
        "youth_view") == "Jeg vil have mit eget sted.")
    assert screening.domain_row(store, first, "economy")["concern"] == "no"
    assert screening.domain_row(store, first, "housing")["concern"] == "yes"
    # Tick a risk signal with the keyboard: the first chip of Boligforhold.
    risk = tab.risks.buttons()["housing_sofa_surfing"]
    activate(qtbot, risk)
    qtbot.waitUntil(lambda: screening.domain_row(store, first, "housing")["risk_signals"] ==
                    ["housing_sofa_surfing"], timeout=3000)
    # Frigiv the domain: one audit row.
    assert tab.domain_share.text.text() == "Intern"
    activate(qtbot, tab.domain_share.button)
    qtbot.waitUntil(lambda: screening.domain_row(store, first, "housing")["sharing"] ==
                    "released")
    assert tab.domain_share.text.text() == "Frigivet"
    # An action.
    tab.action_what.setFocus()
    type_text(qtbot, tab, "Skrive op til ungdomsbolig")
    press(qtbot, tab, Qt.Key.Key_Tab)
    type_text(qtbot, tab, "Anne")
    activate(qtbot, tab.action_add)
    qtbot.waitUntil(lambda: len(screening.actions(store, first)) == 1)

    # Second assessment, later the same day: Boligforhold no longer a concern.
    activate(qtbot, tab.assessment_new)
    qtbot.waitUntil(lambda: tab.assessment_id not in (None, first) and tab.grid.hasFocus())
    second = tab.assessment_id
    qtbot.keyClick(tab.grid, Qt.Key.Key_I)
    qtbot.waitUntil(lambda: (screening.domain_row(store, second, "housing") or {}).get(
        "concern") == "not_assessed")
    assert [a["id"] for a in screening.for_citizen(store, cid)][:2] in ([second, first],
                                                                         [first, second])

    # Compare the two.
    activate(qtbot, tab.compare_toggle)
    qtbot.waitUntil(lambda: tab.compare_box.isVisible())
    tab.compare_a.setCurrentIndex(tab.compare_a.findData(first))
    tab.compare_b.setCurrentIndex(tab.compare_b.findData(second))
    housing_row = [tab.compare_table.item(r, 0).text()
                   for r in range(tab.compare_table.rowCount())].index("Boligforhold")
    assert tab.compare_table.item(housing_row, 1).text() == "Ja"
    assert tab.compare_table.item(housing_row, 2).text() == "Ikke afdækket"
    assert tab.compare_table.item(housing_row, 3).text().startswith("Ændret")


def test_underretning_is_forwarded_and_shows_as_done(window: Any, qtbot: Any,
                                                     store: Any) -> None:
    from ui.referral_dialog import ReferralDialog

    dialog = new_referral(window, qtbot, "Sara Lund", "16")
    press(qtbot, dialog, Qt.Key.Key_Tab)  # birth date
    press(qtbot, dialog, Qt.Key.Key_Tab)  # source: type to pick "Skole/uddannelse"
    assert focused(dialog) is dialog.editors["source"]
    type_text(qtbot, dialog, "Sk")
    assert dialog.editors["source"].value() == "school_education"
    dialog.editors["person_name"].setFocus()
    press(qtbot, dialog, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.dialog is None)
    [row] = referrals.list_all(store)
    assert row["underretning"] == "received"

    window.show_start()
    inbox = window.start_page.inbox
    first = inbox.tree.topLevelItem(0)
    assert first.text(3) == "Send til Børn og Familie"
    inbox.tree.setFocus()
    inbox.tree.setCurrentItem(first)
    qtbot.keyClick(inbox.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(inbox.dialog, ReferralDialog))
    dialog = inbox.dialog
    assert dialog.notice.isVisibleTo(dialog) and "underretning" in dialog.notice.text()
    # Closing it without a forwarding record is refused, with a message beside the outcome.
    outcome = dialog.editors["outcome"]
    outcome.setFocus()
    press(qtbot, dialog, Qt.Key.Key_Down)
    dialog.autosave.flush()
    assert "videresendelsen" in dialog.errors["outcome"].text()
    assert referrals.get(store, row["id"])["outcome"] is None
    # Forward it: date, how, receipt, Record.
    dialog.fwd_date.setFocus()
    type_text(qtbot, dialog, date.today().strftime("%d.%m.%Y"))
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "Sikker mail")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    type_text(qtbot, dialog, "Kvittering 4711")
    press(qtbot, dialog, Qt.Key.Key_Tab)
    assert focused(dialog) is dialog.fwd_button
    qtbot.keyClick(dialog.fwd_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: referrals.get(store, row["id"])["forwarded_date"] is not None)
    saved = referrals.get(store, row["id"])
    assert (saved["forwarded_how"], saved["forwarded_receipt"]) == ("Sikker mail",
                                                                     "Kvittering 4711")
    assert "Videresendt" in dialog.forward_state.text()
    assert not dialog.notice.isVisibleTo(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: inbox.dialog is None)
    # Done: it left the top of the start page (no citizen yet, so it stays in the inbox,
    # now as an open henvendelse rather than one to forward).
    texts = [inbox.tree.topLevelItem(i).text(3) for i in range(inbox.tree.topLevelItemCount())]
    assert "Send til Børn og Familie" not in texts
    from ui import reminders_source

    assert not [i for i in reminders_source.due(store) if i["kind"] == "underretning"]


def test_print_screening_and_referral_form_open_the_preview(window: Any, qtbot: Any, store: Any,
                                                            citizen_id: str) -> None:
    from tests.ui.conftest import close_widget
    from ui.preview import PreviewDialog

    aid = screening.create(store, citizen_id)
    screening.set_domain(store, aid, "housing", {"concern": "yes"})
    window.open_citizen(citizen_id)
    window.show_tab("screening")
    window.print_screening()
    window.print_referral_form()
    previews = window.findChildren(PreviewDialog)
    assert len(previews) == 2 and all(p.isVisible() for p in previews)
    assert not previews[-1].store_button.isEnabled()
    for p in previews:
        close_widget(p)


def test_visit_mode_hides_the_opsporing_tab(window: Any, qtbot: Any, store: Any,
                                            citizen_id: str) -> None:
    aid = screening.create(store, citizen_id)
    screening.set_domain(store, aid, "economy", {"concern": "yes", "judgement": "INTERN NOTE"})
    window.open_citizen(citizen_id)
    window.show_tab("screening")
    QApplication.processEvents()
    window.visit.enter()
    QApplication.processEvents()
    assert not any("INTERN NOTE" in t for t in window.visible_texts())
    window.visit.leave(ask=False)


def test_screenshot_of_the_tab(window: Any, qtbot: Any, store: Any, citizen_id: str,
                               tmp_path: Path) -> None:
    first = screening.create(store, citizen_id, {"assessed_on": "1.1.26", "phase": "dialogue"})
    screening.set_domain(store, first, "housing", {"concern": "yes",
                                                   "risk_signals": ["housing_sofa_surfing"]})
    second = screening.create(store, citizen_id, {"phase": "actions"})
    screening.set_domain(store, second, "housing", {"concern": "yes",
                                                    "youth_view": "Jeg vil bo tæt på min søster"})
    screening.set_domain(store, second, "weird_municipal_code", {"concern": "no"})
    window.open_citizen(citizen_id)
    window.show_tab("screening")
    tab = window.citizen_page.screening
    qtbot.waitUntil(lambda: tab.assessment_id == second)
    labels_shown = [tab.grid.item(r, 0).text() for r in range(tab.grid.rowCount())]
    assert labels_shown[-1] == "weird_municipal_code"  # unknown domain kept and shown
    image = window.grab()
    assert not image.isNull()
    image.save(str(tmp_path / "opsporing.png"))
