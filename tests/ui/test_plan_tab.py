"""The Plan tab driven from the keyboard: a plan made, finished, followed up twice without a new
version, changed and finished again; the two versions print and differ; a statusnotat prints.
Bad input (a goal without a life area, an action without an owner, a past follow-up date) gives
the core's Danish message and keeps what was typed."""

from __future__ import annotations

import io
from typing import Any

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from hfdesk.store import courses, plans
from tests.ui.conftest import choose, type_in
from ui.printing_plan import plan_pdf

CTRL = Qt.KeyboardModifier.ControlModifier




def enter(qtbot: Any, edit: QLineEdit) -> None:
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def text_of(pdf: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


def test_plan_made_finished_reviewed_changed_and_printed(window: Any, qtbot: Any,
                                                         citizen_id: str) -> None:
    store = window.store
    courses.create(store, citizen_id, {"method": "cti", "referral_date": "2026-01-05",
                                       "start_date": "2026-02-02"})
    window.open_citizen(citizen_id)
    window.show_tab("plan")
    tab = window.citizen_page.plan
    qtbot.waitUntil(lambda: tab.isVisible())

    # Bad input: no life area. The Danish message shows; the typed goal stays.
    type_in(qtbot, tab.goal_text, "Jeg vil have min egen bolig")
    enter(qtbot, tab.goal_text)
    assert "livsområde" in tab.message.text()
    assert tab.goal_text.text() == "Jeg vil have min egen bolig"
    choose(qtbot, tab.goal_area, "housing")
    type_in(qtbot, tab.goal_follow_up, "01.01.2020")
    enter(qtbot, tab.goal_follow_up)
    assert "overstået" in tab.message.text() and tab.goal_text.text()
    type_in(qtbot, tab.goal_follow_up, "")
    enter(qtbot, tab.goal_follow_up)
    assert tab.message.text() == "" and tab.goal_text.text() == ""
    choose(qtbot, tab.goal_area, "education")
    type_in(qtbot, tab.goal_text, "Jeg vil starte på FGU")
    enter(qtbot, tab.goal_text)
    plan_id = tab.plan_id
    assert plan_id and len(plans.goals(store, plan_id)) == 2

    # An action without an owner is refused; with one it lands under the selected goal.
    type_in(qtbot, tab.action_what, "Møde med UU-vejlederen")
    enter(qtbot, tab.action_what)
    assert "hvem" in tab.message.text().lower() and tab.action_what.text()
    choose(qtbot, tab.action_who, "actor")
    type_in(qtbot, tab.action_who_name, "UU Øst")
    enter(qtbot, tab.action_what)
    assert tab.message.text() == ""
    goal_edu = plans.goals(store, plan_id)[1]["id"]
    assert [a["who_name"] for a in plans.actions(store, goal_edu)] == ["UU Øst"]

    # Keyboard reordering: Ctrl+Up moves the selected goal first.
    tab.tree.setFocus()
    qtbot.keyClick(tab.tree, Qt.Key.Key_Up, CTRL)
    assert plans.goals(store, plan_id)[0]["id"] == goal_edu

    # The wish at the top.
    tab.wish.setFocus()
    qtbot.keyClicks(tab.wish, "Et sted at bo og en uddannelse")
    tab.save_wish_button.setFocus()
    qtbot.keyClick(tab.save_wish_button, Qt.Key.Key_Space)
    assert plans.get(store, plan_id)["wish"] == "Et sted at bo og en uddannelse"

    # Færdiggør version.
    assert tab.state_label.text() == "Kladde"
    type_in(qtbot, tab.finish_participants, "Mia og Anne")
    choose(qtbot, tab.finish_agreement, "partly")
    type_in(qtbot, tab.finish_view, "Boligen først")
    enter(qtbot, tab.finish_view)
    assert tab.message.text() == ""
    assert tab.state_label.text().startswith("Version 1 færdiggjort")

    # Two follow-ups, no new version.
    for outcome, status in (("Har været til møde", "active"), ("Er startet", "achieved")):
        type_in(qtbot, tab.review_outcome, outcome)
        choose(qtbot, tab.review_status, status)
        enter(qtbot, tab.review_next)
        assert tab.message.text() == ""
    assert tab.state_label.text().startswith("Version 1 færdiggjort")
    assert len(plans.versions(store, plan_id)) == 1
    assert plans.full(store, plan_id)["goals"][0]["current_status"] == "achieved"

    # Changing a goal makes a draft; finishing again makes version 2.
    choose(qtbot, tab.goal_area, "network")
    type_in(qtbot, tab.goal_text, "Jeg vil se min søster hver uge")
    enter(qtbot, tab.goal_text)
    assert tab.state_label.text() == "Kladde"
    type_in(qtbot, tab.finish_participants, "Mia og Anne")
    choose(qtbot, tab.finish_agreement, "agree")
    enter(qtbot, tab.finish_view)
    assert tab.state_label.text().startswith("Version 2 færdiggjort")
    tab.compare_button.setFocus()
    qtbot.keyClick(tab.compare_button, Qt.Key.Key_Space)
    assert "søster" in tab.compare_text.text()

    # A link to the authority's own plan; a support worker cannot mark the plan as one.
    assert not tab.authority.isVisibleTo(tab)
    choose(qtbot, tab.link_type, "sel_141")
    type_in(qtbot, tab.link_department, "Ungeenheden")
    type_in(qtbot, tab.link_reference, "H-77")
    type_in(qtbot, tab.link_seen, "01.02.2026")
    enter(qtbot, tab.link_seen)
    assert tab.message.text() == "" and tab.links.count() == 1
    assert tab.state_label.text().startswith("Version 2 færdiggjort")

    # The two versions print and differ; the statusnotat prints.
    v1 = text_of(plan_pdf(store, citizen_id, "plan", version=1)[0])
    v2 = text_of(plan_pdf(store, citizen_id, "plan", version=2)[0])
    assert "Indsatsplan" in v1 and "søster" not in v1
    assert "søster" in v2 and "Ændringer siden version 1" in v2 and "H-77" in v2
    assert "Handleplan" not in v2
    note = text_of(plan_pdf(store, citizen_id, "status_note")[0])
    assert "Statusnotat til myndighed" in note and "Er startet" in note
    dialog = tab.print_kind("plan_youth")
    assert dialog is not None and "Min plan" in dialog.title
    dialog.close()
