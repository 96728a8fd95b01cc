"""The Bolig tab driven like a worker on the phone: a search over several channels, a lost
offer, a deposit application and a move-in; days to housing right on the tab and the Overblik."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from hfdesk.store import courses
from hfdesk.store import housing_search as hs

CTRL = Qt.KeyboardModifier.ControlModifier


def pick(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code)
    assert index >= 0, code
    combo.setCurrentIndex(index)


def retype(qtbot: Any, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def ctrl_enter(qtbot: Any, widget: Any) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Return, CTRL)


def test_a_search_from_first_call_to_move_in(window: Any, qtbot: Any, citizen_id: str,
                                             tmp_path: Path) -> None:
    store = window.store
    courses.create(store, citizen_id, {"method": "cti", "referral_date": "2026-01-05",
                                       "start_date": "2026-02-02"})
    window.open_citizen(citizen_id)
    window.show_tab("housing")
    tab = window.citizen_page.housing
    log = tab.log
    qtbot.waitUntil(lambda: log.isVisible())

    # Three calls, three channels; each new row with Ctrl+Enter, the form ready for the next.
    for when, channel, place, rent, outcome in (
            ("12.01.2026", "housing_portal", "Boligportal 88231", "3.900", "no_answer"),
            ("14.01.2026", "private_landlord", "Vestergade 9", "4.250,50", "refused_by_landlord"),
            ("20.01.2026", "waiting_list", "", "", "applied")):
        retype(qtbot, log.date, when)
        pick(log.channel, channel)
        retype(qtbot, log.place, place)
        retype(qtbot, log.rent, rent)
        pick(log.outcome, outcome)
        retype(qtbot, log.minutes, "15")
        ctrl_enter(qtbot, log.minutes)
        assert not log.error.isVisible(), log.error.text()
        assert log.place.text() == ""  # ready for the next call
    rows = hs.list_for(store, "housing_activity", citizen_id)
    assert sorted((r["channel"], r["rent_ore"]) for r in rows) == [
        ("housing_portal", 390_000), ("private_landlord", 425_050), ("waiting_list", None)]
    assert log.table.rowCount() == 3
    assert log.table.item(1, 4).text() == "4.250,50\xa0kr."  # newest first

    # Filters by outcome and channel.
    pick(log.filter_outcome, "no_answer")
    assert log.table.rowCount() == 1 and log.table.item(0, 1).text() == "Boligportal"
    pick(log.filter_outcome, None)
    pick(log.filter_channel, "waiting_list")
    assert log.table.rowCount() == 1
    pick(log.filter_channel, None)

    # Bad input: a negative rent is refused with a Danish message; the typing stays.
    before = len(hs.list_for(store, "housing_activity", citizen_id))
    retype(qtbot, log.place, "Kælderværelse")
    retype(qtbot, log.rent, "-3000")
    ctrl_enter(qtbot, log.rent)
    assert log.error.isVisible() and "negativ" in log.error.text()
    assert log.place.text() == "Kælderværelse" and log.rent.text() == "-3000"
    assert len(hs.list_for(store, "housing_activity", citizen_id)) == before
    log.start_new()

    # Economy, for the affordability line.
    tab.sections.setCurrentIndex(4)
    economy = tab.economy
    retype(qtbot, economy.fields["valid_from"], "01.01.2026")
    pick(economy.fields["income_source"], "cash_benefit")
    retype(qtbot, economy.fields["income_after_tax"], "7.450")
    retype(qtbot, economy.fields["fixed_costs"], "1.250")
    ctrl_enter(qtbot, economy.fields["fixed_costs"])
    assert not economy.error.isVisible(), economy.error.text()

    # An offer that is lost because the deposit loan came too late.
    tab.sections.setCurrentWidget(tab.offers)
    offers = tab.offers
    retype(qtbot, offers.fields["offer_date"], "01.02.2026")
    retype(qtbot, offers.fields["address"], "Birkealle 2, 1. tv.")
    retype(qtbot, offers.fields["rent"], "3.900")
    retype(qtbot, offers.fields["signing_deadline"], "08.02.2026")
    ctrl_enter(qtbot, offers.fields["signing_deadline"])
    assert not offers.error.isVisible(), offers.error.text()
    assert offers.table.rowCount() == 1
    offers.table.selectRow(0)
    assert offers.editing is not None
    lost_id = offers.editing
    pick(offers.decision, "lost")
    ctrl_enter(qtbot, offers.decision)
    assert offers.error.isVisible() and "tabt" in offers.error.text()  # the reason is asked
    pick(offers.lost_reason, "money_too_late")
    ctrl_enter(qtbot, offers.lost_reason)
    assert not offers.error.isVisible(), offers.error.text()
    lost = hs.get(store, "housing_offer", lost_id)
    assert (lost["decision"], lost["lost_reason"]) == ("lost", "money_too_late")

    # A new offer with a deadline days away; the deposit application is still undecided.
    sign_by = date.today() + timedelta(days=3)
    retype(qtbot, offers.fields["offer_date"], "20.03.2026")
    retype(qtbot, offers.fields["address"], "Lærkevej 4, st.")
    retype(qtbot, offers.fields["rent"], "3.850")
    retype(qtbot, offers.fields["signing_deadline"], sign_by.strftime("%d.%m.%Y"))
    ctrl_enter(qtbot, offers.fields["signing_deadline"])
    new_offer = next(o for o in hs.list_for(store, "housing_offer", citizen_id)
                     if o["address"] == "Lærkevej 4, st.")

    tab.sections.setCurrentWidget(tab.money)
    money = tab.money
    pick(money.offer, new_offer["id"])
    pick(money.fields["money_type"], "deposit_loan")
    retype(qtbot, money.fields["applied_date"], "21.03.2026")
    retype(qtbot, money.fields["amount"], "11.550")
    ctrl_enter(qtbot, money.fields["amount"])
    assert not money.error.isVisible(), money.error.text()
    apps = hs.list_for(store, "housing_money", citizen_id)
    assert [(a["offer_id"], a["amount_ore"], a["outcome"], a["urgent"]) for a in apps] == [
        (new_offer["id"], 1_155_000, "pending", True)]

    tab.sections.setCurrentWidget(offers)
    row = next(r for r in range(offers.table.rowCount())
               if offers.table.item(r, 1).text() == "Lærkevej 4, st.")
    cell = offers.table.item(row, 6).text()
    # 7.450 − 3.850 − 1.250 = 2.350
    assert "Rådighedsbeløb efter husleje: 2.350,00\xa0kr./md." in cell
    assert "Fristen er tæt på" in cell
    assert "fristen tæt på" in tab.figures.text() or "frist" in tab.figures.text()

    # The move-in: the first night in an almen ungdomsbolig on a permanent contract.
    tab.sections.setCurrentWidget(tab.stays)
    stays = tab.stays
    pick(stays.situation, "almen_youth")
    pick(stays.fields["contract_type"], "permanent")
    retype(qtbot, stays.fields["contract_date"], "20.04.2026")
    retype(qtbot, stays.fields["move_in_date"], "15.04.2026")
    stays.fields["own_contract"].click()
    ctrl_enter(qtbot, stays.fields["move_in_date"])
    # Move-in before the contract: refused, said in Danish, nothing lost.
    assert stays.error.text() == ("Indflytningsdatoen (15.04.2026) ligger før kontraktens dato "
                                  "(20.04.2026). Vælg en dato efter.")
    assert not [s for s in hs.stays(store, citizen_id) if s["housing_situation"] ==
                "almen_youth"]
    retype(qtbot, stays.fields["contract_date"], "01.04.2026")
    ctrl_enter(qtbot, stays.fields["contract_date"])
    assert not stays.error.isVisible(), stays.error.text()
    home = [s for s in hs.stays(store, citizen_id) if s["housing_situation"] == "almen_youth"]
    assert len(home) == 1 and home[0]["move_in_date"] == "2026-04-15"
    assert home[0]["own_contract"] is True

    # Days to housing, hand-computed: Jan 5 → Apr 15 = 100 days; Feb 2 → Apr 15 = 72 days.
    f = hs.figures(store, citizen_id)
    assert (f.days_from_referral, f.days_from_start) == (100, 72)
    text = tab.figures.text()
    assert "Dage til bolig: 100 dage fra henvendelsen, 72 dage fra forløbets start" in text
    assert "kanaler afprøvet: 3" in text and "tabte tilbud: 1" in text
    window.show_tab("overview")
    overview = window.citizen_page.overview.housing_figures
    qtbot.waitUntil(lambda: "100 dage fra henvendelsen" in overview.text())

    # The printouts open in the preview from the tab.
    dialog = tab.print_housing_log(external=True)
    assert dialog is not None
    dialog.close()
    offers.table.selectRow(row)
    dialog = tab.print_deposit_note()
    assert dialog is not None
    dialog.close()
    QApplication.processEvents()


def test_a_lost_home_opens_a_new_search(window: Any, qtbot: Any, citizen_id: str) -> None:
    store = window.store
    course = courses.create(store, citizen_id, {"method": "icm", "referral_date": "2025-09-01",
                                                "start_date": "2025-10-01"})
    home = hs.add_stay(store, citizen_id, {"housing_situation": "private_flat",
                                           "contract_type": "permanent", "own_contract": True,
                                           "move_in_date": "2025-12-15"})
    window.open_citizen(citizen_id)
    window.show_tab("housing")
    tab = window.citizen_page.housing
    tab.sections.setCurrentWidget(tab.stays)
    stays = tab.stays
    stays.table.selectRow(0)
    assert stays.editing == home
    retype(qtbot, stays.fields["end_date"], "01.03.2026")
    pick(stays.fields["end_reason"], "evicted_arrears")
    ctrl_enter(qtbot, stays.fields["end_date"])
    assert not stays.error.isVisible(), stays.error.text()
    pick(stays.situation, "temp_family_friends")
    retype(qtbot, stays.start, "01.03.2026")
    ctrl_enter(qtbot, stays.start)
    assert not stays.error.isVisible(), stays.error.text()
    assert courses.get(store, course)["end_decision_date"] is None
    assert "Bolig mistet 01.03.2026 (Udsat pga. huslejerestance)" in tab.figures.text()
    assert "Søger bolig: dag" in tab.figures.text()
