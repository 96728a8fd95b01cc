"""The Målinger tab: an opstart and a status made from the keyboard, prefilled from the records
and marked so; one answer confirmed, one corrected (the records' value stays beside it), "Ved
ikke" and "Ikke spurgt" as separate answers, printed; out-of-order input gives the core's Danish
message. Dates are relative to today (tests never depend on the clock's date)."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt

from hfdesk.store import courses, housing, journal, measurements
from hfdesk.store.database import Store
from tests.ui.conftest import choose, type_in

TODAY = date.today()


def d(days_ago: int) -> date:
    return TODAY - timedelta(days=days_ago)




def prepare(store: Store, citizen_id: str) -> None:
    courses.create(store, citizen_id, {"method": "icm", "start_date": d(200)})
    housing.add_segment(store, citizen_id, {"start_date": d(300),
                                            "housing_situation": "shelter_110"})
    housing.add_segment(store, citizen_id, {"start_date": d(40),
                                            "housing_situation": "almen_youth"})
    for ago, minutes in ((3, 40), (10, 50), (17, 45), (24, 60)):
        journal.add(store, citizen_id, {"occurred_at": d(ago), "entry_type": "home_visit",
                                        "duration_min": minutes, "life_areas": ["housing"]})


def open_tab(window: Any, qtbot: Any, citizen_id: str) -> Any:
    window.open_citizen(citizen_id)
    window.citizen_page.show_tab("measurements")
    tab = window.citizen_page.tab("measurements")
    qtbot.waitUntil(tab.isVisible)
    return tab


def test_prefill_confirm_correct_and_print(window: Any, qtbot: Any, store: Store,
                                           citizen_id: str) -> None:
    prepare(store, citizen_id)
    tab = open_tab(window, qtbot, citizen_id)
    assert tab.empty.isVisible()
    assert tab.kind.value() == "opstart"  # chosen sensibly: no opstart yet
    type_in(qtbot, tab.date, d(190).strftime("%d.%m.%Y"))
    tab.new_button.setFocus()
    qtbot.keyClick(tab.new_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.measurement is not None)
    assert tab.kind.value() == "status"  # the next one is a status
    assert "§ 110" in tab.editors["housing_situation"].currentText()
    assert tab.sources["housing_situation"].text().startswith("Udfyldt fra journalen: ")
    assert tab.confirm_buttons["housing_situation"].isVisibleTo(tab)

    type_in(qtbot, tab.date, TODAY.strftime("%d.%m.%Y"))
    tab.new_button.setFocus()
    qtbot.keyClick(tab.new_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: tab.measurement is not None and
                    tab.measurement["kind"] == "status")
    assert tab.list.topLevelItemCount() == 2
    source = tab.sources["visit_frequency"].text()
    assert source.startswith("Udfyldt fra journalen: 4 besøg")
    assert tab.editors["visit_frequency"].value() == "weekly"
    # Confirm one with its button (Space on the focused button).
    button = tab.confirm_buttons["visit_frequency"]
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "bekræftet" in tab.sources["visit_frequency"].text())
    assert not tab.confirm_buttons["visit_frequency"].isVisibleTo(tab)
    # Correct another: the records' value stays beside it.
    choose(qtbot, tab.editors["visit_length"], "m31_45")
    qtbot.waitUntil(lambda: tab.sources["visit_length"].text().startswith("Rettet"), timeout=5000)
    assert "46-60 minutter" in tab.sources["visit_length"].text()
    # "Ved ikke" and "Ikke spurgt" are two answers.
    choose(qtbot, tab.editors["economy"], "unknown")
    choose(qtbot, tab.editors["network"], "not_asked")
    qtbot.waitUntil(lambda: "network" in (measurements.get(store, tab.measurement_id)
                                          ["answers"]), timeout=5000)
    answers = measurements.get(store, tab.measurement_id)["answers"]
    assert answers["economy"]["value"] == "unknown"
    assert answers["network"]["value"] == "not_asked"
    assert answers["visit_length"]["source"] == "typed"
    assert answers["visit_length"]["derived_value"] == "m46_60"
    assert answers["visit_frequency"]["confirmed"]
    # Confirm all the rest.
    tab.confirm_all.setFocus()
    qtbot.keyClick(tab.confirm_all, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not tab.confirm_all.isEnabled())
    assert "0 ikke bekræftet" in tab.summary.text() or "(0" in tab.summary.text()

    dialog = tab.print_measurement()
    assert dialog is not None
    qtbot.waitUntil(dialog.is_ready)
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(dialog.pdf_bytes)).pages)
    assert "Rettet" in text and "Ikke spurgt" in text and "Ved ikke" in text
    assert "Journalen: 46-60 minutter" in text
    dialog.close()


def test_out_of_order_shows_the_core_message(window: Any, qtbot: Any, store: Store,
                                            citizen_id: str) -> None:
    prepare(store, citizen_id)
    tab = open_tab(window, qtbot, citizen_id)
    choose(qtbot, tab.kind, "status")
    type_in(qtbot, tab.date, TODAY.strftime("%d.%m.%Y"))
    tab.new_button.click()
    assert tab.new_error.isVisibleTo(tab)
    assert "ingen opstartsmåling" in tab.new_error.text()
    assert not measurements.for_citizen(store, citizen_id)
    choose(qtbot, tab.kind, "opstart")
    type_in(qtbot, tab.date, "31.02.2026")
    tab.new_button.click()
    assert "findes ikke" in tab.new_error.text() or "kalenderen" in tab.new_error.text()
    assert not measurements.for_citizen(store, citizen_id)


def test_diagnosis_needs_who_and_when(window: Any, qtbot: Any, store: Store,
                                      citizen_id: str) -> None:
    prepare(store, citizen_id)
    measurements.create(store, citizen_id, "opstart", d(190))
    tab = open_tab(window, qtbot, citizen_id)
    editor = tab.editors["diagnoses"]
    editor.chips.buttons()["adhd"].click()
    qtbot.waitUntil(lambda: tab.errors["diagnoses"].isVisibleTo(tab), timeout=5000)
    assert "borgeren eller en behandler" in tab.errors["diagnoses"].text()
    choose(qtbot, editor.informant, "citizen")
    type_in(qtbot, editor.date, d(100).strftime("%d.%m.%Y"))
    qtbot.waitUntil(lambda: "diagnoses" in measurements.get(
        store, tab.measurement_id)["answers"], timeout=5000)
    value = measurements.get(store, tab.measurement_id)["answers"]["diagnoses"]["value"]
    assert value == {"codes": ["adhd"], "informant": "citizen", "date": d(100).isoformat()}
    assert not tab.errors["diagnoses"].isVisibleTo(tab)


def test_update_from_the_records(window: Any, qtbot: Any, store: Store,
                                 citizen_id: str) -> None:
    prepare(store, citizen_id)
    measurements.create(store, citizen_id, "opstart", d(190))
    mid = measurements.create(store, citizen_id, "status", d(0))
    tab = open_tab(window, qtbot, citizen_id)
    assert tab.measurement_id == mid
    assert tab.sources["visit_frequency"].text().startswith("Udfyldt fra journalen: 4 besøg")
    for ago in (1, 2, 4, 5, 6):
        journal.add(store, citizen_id, {"occurred_at": d(ago), "entry_type": "outreach"})
    tab.update_button.setFocus()
    qtbot.keyClick(tab.update_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: "9 besøg" in tab.sources["visit_frequency"].text())
    assert tab.editors["visit_frequency"].value() == "few_per_week"
