"""The one rule deciding whether a person in the young person's network may be contacted.

The young person sets a contact permission per person (DOMAIN §5):

- ``allowed``       Må kontaktes
- ``ask_first``     Spørg mig først (default): a recorded yes is needed before an invitation,
                    minutes or a handover is sent to the person;
- ``only_with_me``  Kun når jeg er med: invitations to meetings the young person attends, nothing
                    else;
- ``not_allowed``   Må ikke kontaktes: never invited, sent minutes or handed over to.

Printing a draft for the case is always allowed. Permissions never block the authority, an
underretning, or the custody holder of a minor (DOMAIN §13): there the answer is "allowed" with
the advice "Tal med myndighedsrådgiveren" instead of a refusal. A legal role (værge,
fuldmagtshaver) that has expired is no basis for sending minutes or a handover.

Pure: no I/O. Every caller (store, printouts, UI) asks `decide`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from hfdesk.domain.dates import fmt, to_date

PERMISSIONS = ("allowed", "ask_first", "only_with_me", "not_allowed")
DEFAULT = "ask_first"
ACTIONS = ("contact", "invite", "minutes", "handover", "underretning", "draft")
ADVICE = "Tal med myndighedsrådgiveren"
AUTHORITY_TYPES = frozenset({"authority_caseworker"})
LABELS = {"allowed": "Må kontaktes", "ask_first": "Spørg mig først",
          "only_with_me": "Kun når jeg er med", "not_allowed": "Må ikke kontaktes"}
_WHAT = {"contact": "kontaktes", "invite": "inviteres", "minutes": "få referatet",
         "handover": "få en overdragelse"}


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str              # Danish, for the worker: why (or why not)
    advice: str | None = None  # "Tal med myndighedsrådgiveren" where the rule cannot block

    def __bool__(self) -> bool:
        return self.allowed


def is_authority(person: Mapping[str, Any]) -> bool:
    return (person.get("actor_type") in AUTHORITY_TYPES
            or person.get("person_type") == "authority")


def legal_role_expired(person: Mapping[str, Any], on: date) -> bool:
    expires = to_date(person.get("legal_expires"))
    return bool(person.get("legal_role") and expires and expires < on)


def decide(person: Mapping[str, Any], action: str, *, youth_attends: bool = False,
           consent: bool = False, citizen_is_minor: bool = False,
           on: date | None = None) -> Decision:
    """May `person` be reached by `action`? `consent` is a recorded yes from the young person
    for this very sending; `youth_attends` whether the young person takes part in the meeting."""
    if action not in ACTIONS:
        raise ValueError(action)
    on = on or date.today()
    name = str(person.get("name") or "Personen")
    if action == "draft":
        return Decision(True, "Et udkast til sagen må altid udskrives.")
    permission = person.get("contact_permission") or DEFAULT
    label = LABELS.get(permission, permission)
    if action == "underretning":
        return Decision(True, "En underretning blokeres aldrig af kontakttilladelsen.",
                        ADVICE if permission != "allowed" else None)
    if is_authority(person):
        return Decision(True, "Myndighedsrådgiveren blokeres aldrig af kontakttilladelsen.",
                        ADVICE if permission != "allowed" else None)
    if person.get("custody_holder") and citizen_is_minor:
        return Decision(True, f"{name} har forældremyndigheden over en mindreårig og kan ikke "
                        "udelukkes af kontakttilladelsen.",
                        ADVICE if permission != "allowed" else None)
    if person.get("removed_date"):
        return Decision(False, f"{name} er fjernet fra netværket "
                        f"({fmt(person.get('removed_date'))}) og {_WHAT[action]} ikke.")
    if action in ("minutes", "handover") and legal_role_expired(person, on) and \
            person.get("legal_role") in ("fuldmagtshaver", "vaerge"):
        role = "Fuldmagten" if person.get("legal_role") == "fuldmagtshaver" else "Værgemålet"
        return Decision(False, f"{role} for {name} udløb {fmt(person.get('legal_expires'))}. "
                        "Få en ny fra den unge, før der sendes noget i den egenskab.")
    if permission == "allowed":
        return Decision(True, f"{name}: {label}.")
    if permission == "not_allowed":
        return Decision(False, f"{name}: «{label}». Den unge har sagt nej, så {name} må ikke "
                        f"{_WHAT[action]}.")
    if permission == "only_with_me":
        if action == "invite" and youth_attends:
            return Decision(True, f"{name}: «{label}», og den unge deltager i mødet.")
        if action == "invite":
            return Decision(False, f"{name}: «{label}». Personen må kun inviteres til møder, "
                            "den unge selv deltager i.")
        return Decision(False, f"{name}: «{label}». Personen må kun møde den unge sammen med "
                        f"den unge og må ikke {_WHAT[action]}.")
    # ask_first and any unknown value: the safe default.
    if consent:
        return Decision(True, f"{name}: «Spørg mig først», og den unge har sagt ja.")
    return Decision(False, f"{name}: «Spørg mig først». Spørg den unge, og registrér et ja, før "
                    f"{name} kan {_WHAT[action]}.")
