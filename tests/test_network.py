"""Netværket: persons, professionals from the actors register, legal roles, permissions."""

from __future__ import annotations

from datetime import date

import pytest

from hfdesk.errors import ValidationError
from hfdesk.store import actors, audit, citizens, network


def test_private_person_defaults_to_ask_first_with_a_date(store, citizen_id) -> None:
    pid = network.add(store, citizen_id, {"name": "Lone", "relation": "mother",
                                          "closeness": "close", "brings": "Hun lytter",
                                          "hard": "Vi skændes om penge"},
                      today=date(2026, 3, 1))
    p = network.get(store, pid)
    assert p["contact_permission"] == "ask_first"
    assert p["permission_date"] == "2026-03-01"
    assert p["brings"] == "Hun lytter"
    rows = audit.rows_for_citizen(store, citizen_id)
    assert any(r["record_kind"] == "network_person" for r in rows)
    # Fields only, never the text.
    assert not any("lytter" in str(r) for r in rows)


def test_professional_from_actors_keeps_name_and_type(store, citizen_id) -> None:
    aid = actors.create(store, {"actor_type": "authority_caseworker", "name": "Karen Møller",
                                "organisation": "Ungeenheden"})
    pid = network.add(store, citizen_id, {"actor_id": aid, "closeness": "middle"})
    p = network.get(store, pid)
    assert p["name"] == "Karen Møller" and p["person_type"] == "professional"
    assert p["actor_type"] == "authority_caseworker" and p["organisation"] == "Ungeenheden"
    p["contact_permission"] = "not_allowed"
    d = network.decide(store, p, "minutes")
    assert d.allowed and d.advice == "Tal med myndighedsrådgiveren"


def test_legal_role_needs_its_role(store, citizen_id) -> None:
    with pytest.raises(ValidationError) as e:
        network.add(store, citizen_id, {"name": "Ib", "person_type": "legal"})
    assert "juridiske rolle" in str(e.value)
    pid = network.add(store, citizen_id, {"name": "Ib", "person_type": "legal",
                                          "legal_role": "fuldmagtshaver",
                                          "legal_scope": "Boligsager",
                                          "legal_expires": "31.01.2026"})
    assert network.warnings(network.get(store, pid), date(2026, 6, 1))


def test_set_permission_and_custody_holder_of_minor(store) -> None:
    cid, _w = citizens.create(store, {"legal_name": "Sofie Hansen", "birth_date": "2010-05-05"})
    pid = network.add(store, cid, {"name": "Per", "relation": "custody_holder"})
    network.set_permission(store, pid, "not_allowed", on=date(2026, 2, 2))
    p = network.get(store, pid)
    assert p["contact_permission"] == "not_allowed" and p["permission_date"] == "2026-02-02"
    assert p["custody_holder"] is True
    d = network.decide(store, p, "invite", on=date(2026, 2, 2))
    assert d.allowed and d.advice == "Tal med myndighedsrådgiveren"


def test_bad_code_and_missing_name_are_refused(store, citizen_id) -> None:
    with pytest.raises(ValidationError):
        network.add(store, citizen_id, {"name": "", "relation": "mother"})
    with pytest.raises(ValidationError):
        network.add(store, citizen_id, {"name": "X", "contact_permission": "maybe"})
    assert network.for_citizen(store, citizen_id) == []


def test_removed_person_leaves_the_list_but_is_kept(store, citizen_id) -> None:
    pid = network.add(store, citizen_id, {"name": "Jonas", "relation": "friend"})
    network.remove(store, pid, date(2026, 4, 1))
    assert network.for_citizen(store, citizen_id) == []
    assert network.for_citizen(store, citizen_id, include_removed=True)[0]["id"] == pid


def test_deleting_the_citizen_removes_the_network(store, citizen_id) -> None:
    network.add(store, citizen_id, {"name": "Lone", "relation": "mother"})
    citizens.delete(store, citizen_id, reason="test")
    assert store.query("SELECT count(*) AS n FROM network_persons")[0]["n"] == 0
