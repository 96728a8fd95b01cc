"""The start page "Min sagsstamme i dag" on a prepared caseload: the right reminders, grouped by
kind and sorted by urgency, each in words (Frist overskredet / Snart / OK), each opening the right
place (the citizen on the right tab, a henvendelse in its window); computed after the first
paint; `hfdesk due --json` lists the same. Dates are relative to today."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from hfdesk import reminders
from hfdesk.store import citizens, courses, housing_search, journal, referrals
from hfdesk.store.database import Store

TODAY = date.today()
WORDS = {"Frist overskredet", "Snart", "OK"}
STATUS, WHEN, WHO, WHAT = range(4)  # the start page's columns


def d(days: int) -> date:
    return TODAY + timedelta(days=days)


def caseload(store: Store) -> dict[str, str]:
    ada, _w = citizens.create(store, {"legal_name": "Ada Holm"})
    courses.create(store, ada, {"method": "icm", "start_date": d(-100)})  # no contact, no opstart
    bo, _w = citizens.create(store, {"legal_name": "Bo Berg"})
    courses.create(store, bo, {"method": "icm", "start_date": d(-20)})  # opstart due in 10 days
    journal.add(store, bo, {"occurred_at": d(-2), "entry_type": "home_visit"})
    journal.add(store, bo, {"occurred_at": TODAY, "occurred_time": "23:59",
                            "entry_type": "home_visit", "status": "planned"})
    cai, _w = citizens.create(store, {"legal_name": "Cai Dahl"})
    courses.create(store, cai, {"method": "icm", "start_date": d(-10)})
    journal.add(store, cai, {"occurred_at": d(-1), "entry_type": "phone"})
    housing_search.add_registration(store, cai, {
        "organisation": "Demo Boligselskab", "list_type": "almen_youth",
        "registered_date": d(-300), "renewal_due": d(5)})
    rid = referrals.create(store, {"received_date": d(-20), "person_name": "Ukendt Ung",
                                   "source": "jobcentre", "concern_domains": ["housing"]},
                           today=TODAY)
    return {"ada": ada, "bo": bo, "cai": cai, "referral": rid}


def lines(page: Any) -> list[tuple[str, Any]]:
    return page.rows()


def test_start_page_groups_words_and_opens_the_right_place(window: Any, qtbot: Any,
                                                           store: Store) -> None:
    ids = caseload(store)
    window.show_start()
    page = window.start_page
    qtbot.waitUntil(lambda: page.computed)  # deferred until painted, then computed
    page.refresh_now()
    rows = lines(page)
    groups = [page.tree.topLevelItem(i).text(0) for i in range(page.tree.topLevelItemCount())]
    assert groups[0].startswith("Dagens aftaler")  # today's appointments first
    kinds = {i["kind"] for i in page.items}
    assert {"appointment", "contact", "measurement_due", "housing_registration",
            "referral_waiting"} <= kinds
    # Every line says its urgency in words, and each group is sorted by urgency then date.
    for _group, row in rows:
        assert row.text(STATUS) in WORDS
        assert row.text(WHAT)  # what and why
    order = {"Frist overskredet": 0, "Snart": 1, "OK": 2}
    for g in range(page.tree.topLevelItemCount()):
        group = page.tree.topLevelItem(g)
        ranks = [order[group.child(r).text(STATUS)] for r in range(group.childCount())]
        assert ranks == sorted(ranks)
    # Groups: the most urgent first (after today's appointments).
    firsts = [min(order[page.tree.topLevelItem(g).child(r).text(STATUS)]
                  for r in range(page.tree.topLevelItem(g).childCount()))
              for g in range(1, page.tree.topLevelItemCount())]
    assert firsts == sorted(firsts)

    def row_for(kind: str, citizen: str | None) -> Any:
        for item in page.items:
            if item["kind"] == kind and (citizen is None or item.get("citizen_id") == citizen):
                label = item["label"]
                break
        else:
            raise AssertionError(kind)
        return next(r for _g, r in rows if r.text(WHAT) == label
                    and (citizen is None or r.data(0, Qt.ItemDataRole.UserRole)[0] == citizen))

    measurement_row = row_for("measurement_due", ids["ada"])
    assert measurement_row.text(STATUS) == "Frist overskredet"
    assert "Opstartsmåling mangler" in measurement_row.text(WHAT)
    assert row_for("measurement_due", ids["bo"]).text(STATUS) == "Snart"

    # Enter on a line opens the citizen on the tab where the work is done.
    for kind, who, tab in (("measurement_due", "ada", "measurements"),
                           ("contact", "ada", "journal"),
                           ("housing_registration", "cai", "housing"),
                           ("appointment", "bo", "journal")):
        window.show_start()
        qtbot.waitUntil(lambda: page.isVisible())
        page.refresh_now()
        rows = lines(page)
        row = row_for(kind, ids[who])
        page.tree.setFocus()
        page.tree.setCurrentItem(row)
        qtbot.keyClick(page.tree, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda who=who: window.citizen_id == ids[who])
        assert window.citizen_page.current_tab() is window.citizen_page.tab(tab), kind

    # A henvendelse without a citizen opens its own window.
    window.show_start()
    page.refresh_now()
    rows = lines(page)
    row = row_for("referral_waiting", None)
    assert row.text(WHO) == "Henvendelse"
    page.tree.setCurrentItem(row)
    page.tree.setFocus()
    qtbot.keyClick(page.tree, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.inbox.dialog is not None)
    from ui.referral_dialog import ReferralDialog

    assert isinstance(page.inbox.dialog, ReferralDialog)
    page.inbox.dialog.close()


def test_reminders_wait_for_the_first_paint(ui_bus: Any, qtbot: Any, store: Store) -> None:
    from ui.start_page import StartPage

    caseload(store)
    page = StartPage(store, ui_bus)
    qtbot.addWidget(page)
    page.refresh()
    assert not page.computed  # nothing walked the caseload before the page was painted
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.computed)
    assert page.tree.topLevelItemCount() > 1


def test_empty_caseload_says_so(window: Any, qtbot: Any) -> None:
    page = window.start_page
    page.refresh_now()
    assert page.tree.topLevelItemCount() == 1
    assert page.tree.topLevelItem(0).text(0) == "Der er intet at følge op på i dag."


def test_cli_due_json_lists_the_same(store: Store, db_path: Path, passphrase: str) -> None:
    caseload(store)
    expected = json.loads(json.dumps(reminders.due(store, TODAY), default=str))
    store.close()
    env = {**os.environ, "HFDESK_PASSPHRASE": passphrase}
    out = subprocess.run([sys.executable, "-m", "hfdesk", "due", "--db", str(db_path),
                          "--json"], capture_output=True, text=True, env=env, check=True)
    got = json.loads(out.stdout)
    assert [(i["kind"], i["citizen_id"], i["date"], i["severity"]) for i in got] == \
        [(i["kind"], i["citizen_id"], i["date"], i["severity"]) for i in expected]


def test_targets_of_lines() -> None:
    from ui.start_page import target

    assert target({"kind": "measurement_due", "citizen_id": "c1", "open": "measurements"}) == \
        ("c1", "measurements", "", "")
    assert target({"kind": "contact", "citizen_id": "c1"}) == ("c1", "journal", "", "")
    assert target({"kind": "odd", "citizen_id": "c1", "open": "nowhere"}) == \
        ("c1", "overview", "", "")
    assert target({"kind": "referral_waiting", "citizen_id": None, "referral_id": "r1"}) == \
        ("", "", "r1", "")
    assert target({"kind": "fidelity_round", "open": "fidelity"}) == ("", "", "", "fidelity")
