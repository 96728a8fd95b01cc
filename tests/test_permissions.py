"""The contact-permission rule (DOMAIN §5, §13): all four values, and who is never blocked."""

from __future__ import annotations

from datetime import date

import pytest

from hfdesk import permissions
from hfdesk.permissions import ADVICE, decide

ON = date(2026, 6, 1)


def person(permission: str, **extra: object) -> dict[str, object]:
    return {"name": "Lone", "person_type": "private", "contact_permission": permission, **extra}


@pytest.mark.parametrize("action", ["contact", "invite", "minutes", "handover"])
def test_allowed_allows_everything(action: str) -> None:
    assert decide(person("allowed"), action, on=ON).allowed


@pytest.mark.parametrize("action", ["contact", "invite", "minutes", "handover"])
def test_ask_first_needs_a_recorded_yes(action: str) -> None:
    refused = decide(person("ask_first"), action, on=ON)
    assert not refused.allowed and "Spørg mig først" in refused.reason
    assert decide(person("ask_first"), action, consent=True, on=ON).allowed


def test_ask_first_is_the_default() -> None:
    assert permissions.DEFAULT == "ask_first"
    assert not decide({"name": "X"}, "invite", on=ON).allowed


def test_only_with_me_allows_only_meetings_the_young_person_attends() -> None:
    p = person("only_with_me")
    assert decide(p, "invite", youth_attends=True, on=ON).allowed
    assert not decide(p, "invite", youth_attends=False, on=ON).allowed
    for action in ("minutes", "handover", "contact"):
        assert not decide(p, action, youth_attends=True, consent=True, on=ON).allowed


@pytest.mark.parametrize("action", ["contact", "invite", "minutes", "handover"])
def test_not_allowed_refuses_and_says_why(action: str) -> None:
    d = decide(person("not_allowed"), action, consent=True, youth_attends=True, on=ON)
    assert not d.allowed and "Må ikke kontaktes" in d.reason


@pytest.mark.parametrize("permission", permissions.PERMISSIONS)
@pytest.mark.parametrize("action", ["contact", "invite", "minutes", "handover"])
def test_the_authority_is_never_blocked(permission: str, action: str) -> None:
    d = decide(person(permission, actor_type="authority_caseworker", person_type="professional"),
               action, on=ON)
    assert d.allowed
    assert d.advice == (None if permission == "allowed" else ADVICE)


@pytest.mark.parametrize("permission", permissions.PERMISSIONS)
def test_an_underretning_is_never_blocked(permission: str) -> None:
    d = decide(person(permission), "underretning", on=ON)
    assert d.allowed


@pytest.mark.parametrize("permission", permissions.PERMISSIONS)
def test_custody_holder_of_a_minor_is_never_blocked(permission: str) -> None:
    p = person(permission, custody_holder=True)
    d = decide(p, "minutes", citizen_is_minor=True, on=ON)
    assert d.allowed
    if permission != "allowed":
        assert d.advice == ADVICE
    # Once the young person is 18 the custody holder is an ordinary private person.
    assert decide(p, "minutes", citizen_is_minor=False, on=ON).allowed == (
        permission == "allowed")


def test_a_draft_for_the_case_is_always_allowed() -> None:
    assert decide(person("not_allowed"), "draft", on=ON).allowed


def test_expired_fuldmagt_blocks_minutes_with_a_danish_reason() -> None:
    p = person("allowed", legal_role="fuldmagtshaver", legal_expires="2026-01-31")
    d = decide(p, "minutes", on=ON)
    assert not d.allowed and "Fuldmagten" in d.reason and "31.01.2026" in d.reason
    assert decide(p, "minutes", on=date(2026, 1, 15)).allowed


def test_removed_person_is_refused() -> None:
    assert not decide(person("allowed", removed_date="2026-05-01"), "invite", on=ON).allowed
