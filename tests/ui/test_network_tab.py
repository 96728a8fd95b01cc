"""Netværk og møder driven with the keyboard: a network is built, a meeting planned, held, its
minutes approved and printed, and an agreement followed to done at the next meeting. The
permission rule shows in the distribution for each of the four values."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

from hfdesk.store import actors, courses, meetings, network

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


def test_network_meeting_minutes_and_agreement(window: Any, qtbot: Any,
                                               citizen_id: str) -> None:
    store = window.store
    start = date.today() - timedelta(days=120)
    courses.create(store, citizen_id, {"method": "icm", "start_date": start.isoformat()})
    aid = actors.create(store, {"actor_type": "authority_caseworker", "name": "Karen Møller"})
    window.open_citizen(citizen_id)
    window.show_tab("network")
    tab = window.citizen_page.network
    qtbot.waitUntil(lambda: tab.network_list.isVisible())
    ed = tab.person

    # Build the network: one person per permission value, and the authority from the register.
    for name, relation, closeness, permission in (
            ("Lone", "mother", "close", "ask_first"), ("Jonas", "friend", "middle", "allowed"),
            ("Maja", "sibling", "close", "only_with_me"),
            ("Per", "father", "distant", "not_allowed")):
        retype(qtbot, ed.name, name)
        pick(ed.relation, relation)
        pick(ed.closeness, closeness)
        pick(ed.permission, permission)
        retype(qtbot, ed.brings, f"{name} hjælper")
        ed.name.setFocus()
        qtbot.keyClick(ed.name, Qt.Key.Key_Return, CTRL)
        assert not ed.error.isVisible(), ed.error.text()
        assert ed.name.text() == ""
    pick(ed.actor, aid)
    pick(ed.permission, "not_allowed")
    qtbot.keyClick(ed.name, Qt.Key.Key_Return, CTRL)
    assert not ed.error.isVisible(), ed.error.text()
    assert tab.network_list.count() == 5
    assert len(tab.map.persons) == 5
    assert not tab.network_list.item(0).icon().isNull()

    # Bad input: a legal role that has expired shows a warning; nothing is lost.
    retype(qtbot, ed.name, "Ib")
    pick(ed.legal_role, "fuldmagtshaver")
    retype(qtbot, ed.legal_expires, (date.today() - timedelta(days=3)).strftime("%d.%m.%Y"))
    qtbot.keyClick(ed.name, Qt.Key.Key_Return, CTRL)
    assert any("⚠" in tab.network_list.item(i).text() for i in range(tab.network_list.count()))

    # Plan a meeting with the keyboard.
    editor = tab.open_meeting(new=True)
    qtbot.waitUntil(editor.isVisible)
    editor.activateWindow()
    qtbot.waitUntil(editor.isActiveWindow)
    when = date.today() + timedelta(days=7)
    retype(qtbot, editor.date, when.strftime("%d.%m.%Y"))
    retype(qtbot, editor.time, "13.00")
    retype(qtbot, editor.video_link, "meet dot dk")
    retype(qtbot, editor.purpose, "Bolig og job")
    # No participants yet, and a link that is not a link: Danish messages, typing kept.
    qtbot.keyClick(editor.purpose, Qt.Key.Key_S, CTRL)
    assert editor.error.isVisible() and editor.meeting_id is None
    assert editor.purpose.text() == "Bolig og job"
    for r in range(editor.people.rowCount()):
        name = editor.people.item(r, 0)
        if name.text().split(" ")[0] in ("Lone", "Jonas", "Maja", "Per", "Karen"):
            editor.people.setCurrentCell(r, 0)
            editor.people.setFocus()
            qtbot.keyClick(editor.people, Qt.Key.Key_Space)
            editor.people.setCurrentCell(r, 1)
            qtbot.keyClick(editor.people, Qt.Key.Key_Space)
    qtbot.keyClick(editor.purpose, Qt.Key.Key_S, CTRL)
    assert "ikke et link" in editor.error.text()
    assert editor.meeting_id is None
    retype(qtbot, editor.video_link, "https://moede.example.dk/abc")
    qtbot.keyClick(editor.purpose, Qt.Key.Key_S, CTRL)
    assert not editor.error.isVisible(), editor.error.text()
    mid = editor.meeting_id
    assert mid and len(meetings.participants(store, mid)) == 5
    assert tab.meeting_list.count() == 1

    # The permission rule decides who gets the invitation; the authority is never blocked.
    invite = {p["name"]: d for p, d in meetings.distribution(store, mid, "invite")}
    assert not invite["Lone"].allowed and invite["Jonas"].allowed
    assert invite["Maja"].allowed and not invite["Per"].allowed
    assert invite["Karen Møller"].allowed
    assert invite["Karen Møller"].advice == "Tal med myndighedsrådgiveren"
    assert editor.print_invitation() is not None

    # An agreement without an owner is refused; with one it is kept.
    retype(qtbot, editor.agreement_what, "Søg indskudslån")
    qtbot.keyClick(editor.agreement_what, Qt.Key.Key_Return)
    editor.add_agreement_button.click()
    assert "ansvaret" in editor.agreement_error.text()
    assert editor.agreement_what.text() == "Søg indskudslån"
    pick(editor.agreement_owner, "person:" + network.for_citizen(store, citizen_id)[0]["id"])
    retype(qtbot, editor.agreement_due, (when + timedelta(days=14)).strftime("%d.%m.%Y"))
    editor.add_agreement_button.click()
    assert not editor.agreement_error.isVisible(), editor.agreement_error.text()
    assert editor.agreements.count() == 1

    # Hold it: attendance, wishes, approval, print the minutes.
    editor.held.setFocus()
    qtbot.keyClick(editor.held, Qt.Key.Key_Space)
    pick(editor.youth_attendance, "in_person")
    retype(qtbot, editor.youth_wishes, "Jeg vil have min egen bolig")
    editor.approved.setFocus()
    qtbot.keyClick(editor.approved, Qt.Key.Key_Space)
    qtbot.keyClick(editor.purpose, Qt.Key.Key_S, CTRL)
    assert not editor.error.isVisible(), editor.error.text()
    m = meetings.get(store, mid)
    assert m["held"] and m["minutes_approved"] and m["youth_wishes"]
    minutes = {p["name"]: d for p, d in meetings.distribution(store, mid, "minutes")}
    assert minutes["Jonas"].allowed and not minutes["Maja"].allowed
    assert not minutes["Per"].allowed and minutes["Karen Møller"].allowed
    dialog = editor.print_minutes()
    assert dialog is not None
    dialog.close()
    editor.accept()
    assert tab.agreement_list.count() == 1

    # The next meeting: the open agreement is on its agenda and is ticked done there.
    nxt = tab.open_meeting(new=True)
    qtbot.waitUntil(nxt.isVisible)
    nxt.activateWindow()
    qtbot.waitUntil(nxt.isActiveWindow)
    retype(qtbot, nxt.date, (when + timedelta(days=90)).strftime("%d.%m.%Y"))
    retype(qtbot, nxt.place, "Værestedet")
    nxt.people.setCurrentCell(0, 0)
    nxt.people.setFocus()
    qtbot.keyClick(nxt.people, Qt.Key.Key_Space)
    qtbot.keyClick(nxt.place, Qt.Key.Key_S, CTRL)
    assert not nxt.error.isVisible(), nxt.error.text()
    assert nxt.earlier.count() == 1
    nxt.earlier.setCurrentRow(0)
    nxt.earlier.setFocus()
    qtbot.keyClick(nxt.earlier, Qt.Key.Key_Space)
    qtbot.keyClick(nxt.place, Qt.Key.Key_S, CTRL)
    assert not nxt.error.isVisible(), nxt.error.text()
    assert meetings.open_agreements(store, citizen_id) == []
    assert meetings.agreements(store, citizen_id)[0]["done_meeting_id"] == nxt.meeting_id
    nxt.accept()
    assert tab.agreement_list.count() == 0
    assert tab.meeting_list.count() == 2
    assert "Bolig og job" in tab.meeting_list.item(1).text()  # upcoming first
