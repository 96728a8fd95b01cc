"""`list` and `print` kinds of netværk og møder: the network, meetings, and three printouts.

`print invitation|minutes --for ID` is the copy sent to one participant: the contact rule in
`hfdesk.permissions` is asked first and a refusal says why. Without --for the printout is the
case's own copy, which may always be printed.
"""

from __future__ import annotations

import argparse
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.store.database import Store


def _citizen(store: Store, args: argparse.Namespace, what: str) -> str:
    from hfdesk.errors import UserError
    from hfdesk.store import citizens

    if not getattr(args, "citizen", None):
        raise UserError(f"{what} listes pr. borger: brug --citizen ID.")
    citizens.get(store, args.citizen)
    return str(args.citizen)


@lister("network")
def list_network(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import network

    cid = _citizen(store, args, "Netværket")
    return [{"id": p["id"], "name": p["name"], "person_type": p["person_type"],
             "relation": p.get("relation"), "actor_id": p.get("actor_id"),
             "organisation": p.get("organisation"), "legal_role": p.get("legal_role"),
             "legal_scope": p.get("legal_scope"), "legal_expires": p.get("legal_expires"),
             "custody_holder": p["custody_holder"], "closeness": p.get("closeness"),
             "contact_permission": p["contact_permission"],
             "permission_date": p.get("permission_date"),
             "warnings": network.warnings(p)} for p in network.for_citizen(store, cid)]


@lister("meetings")
def list_meetings(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import meetings

    cid = _citizen(store, args, "Netværksmøder")
    out = []
    for mt in meetings.for_citizen(store, cid):
        ps = meetings.participants(store, mt["id"])
        out.append({"id": mt["id"], "meeting_at": mt["meeting_at"], "place": mt.get("place"),
                    "video_link": mt.get("video_link"), "purpose": mt.get("purpose"),
                    "held": mt["held"], "minutes_approved": mt["minutes_approved"],
                    "next_meeting_date": mt.get("next_meeting_date"),
                    "participants": [{"id": p["id"], "name": p["name"], "role": p.get("role"),
                                      "person_id": p.get("person_id"),
                                      "actor_id": p.get("actor_id"),
                                      "chosen_by_youth": p["chosen_by_youth"],
                                      "attendance": p.get("attendance")} for p in ps],
                    "agreements": [{"id": a["id"], "what": a["what"], "owner": a["owner_name"],
                                    "due_date": a.get("due_date"), "status": a["status"]}
                                   for a in meetings.agreements(store, cid,
                                                                meeting_id=mt["id"])],
                    "problems": meetings.problems(store, mt["id"])})
    return out


@printer("network")
def print_network(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.network_common import network_snapshot
    from hfdesk.documents.network_map import build_network_map
    from hfdesk.errors import UserError
    from hfdesk.store import citizens

    assert store is not None
    if not args.citizen:
        raise UserError("Netværkskortet kræver --citizen ID.")
    citizens.get(store, args.citizen)
    return Printed(build_network_map(network_snapshot(store, args.citizen)), args.citizen,
                   "network_map")


def _check_recipient(store: Store, meeting_id: str, person: str, action: str) -> None:
    """Refuse a copy for someone the young person's permission excludes, and say why."""
    from hfdesk.errors import UserError
    from hfdesk.store import meetings

    for p, decision in meetings.distribution(store, meeting_id, action):
        if person in (p.get("person_id"), p.get("actor_id"), p["id"]):
            if not decision.allowed:
                raise UserError(decision.reason)
            return
    raise UserError("Personen deltager ikke i mødet. Brug et person- eller aktør-id fra "
                    "'hfdesk list meetings --citizen ID --json'.")


def _meeting(store: Store | None, args: argparse.Namespace, what: str) -> dict[str, Any]:
    from hfdesk.errors import UserError
    from hfdesk.store import meetings

    assert store is not None
    if not args.meeting:
        raise UserError(f"{what} kræver --meeting ID (se 'hfdesk list meetings').")
    return meetings.get(store, args.meeting)


@printer("invitation")
def print_invitation(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.invitation import build_invitation
    from hfdesk.documents.network_common import meeting_snapshot

    mt = _meeting(store, args, "Invitationen")
    assert store is not None
    person = getattr(args, "for_person", None)
    if person:
        _check_recipient(store, mt["id"], person, "invite")
    return Printed(build_invitation(meeting_snapshot(store, mt["id"])), mt["citizen_id"],
                   "invitation", mt["id"])


@printer("minutes")
def print_minutes(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.minutes import build_minutes
    from hfdesk.documents.network_common import meeting_snapshot

    mt = _meeting(store, args, "Referatet")
    assert store is not None
    person = getattr(args, "for_person", None)
    if person:
        _check_recipient(store, mt["id"], person, "minutes")
    return Printed(build_minutes(meeting_snapshot(store, mt["id"], for_person=person)),
                   mt["citizen_id"], "minutes", mt["id"])
