"""`list` and `print` kinds of Deling og overdragelse: consents, handovers, the consent form, the
information sheet and the handover.

`print handover --course ID --to ACTOR_ID` checks the disclosure rule (`hfdesk.disclosure`)
before anything is written and is refused, naming what is missing, without a basis; without
`--to` it is a draft for the municipality's own case handling, which is never blocked.
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
        raise UserError(f"{what} kræver --citizen ID.")
    citizens.get(store, args.citizen)
    return str(args.citizen)


@lister("consents")
def list_consents(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import consents

    cid = _citizen(store, args, "Samtykker")
    return [{"id": c["id"], "kind": c["kind"], "given_by": c["given_by"],
             "custody_holder_name": c.get("custody_holder_name"),
             "recipients": c["recipients"], "scope": c["scope"], "form": c["form"],
             "given_date": c["given_date"], "expires": c["expires"],
             "withdrawn_date": c.get("withdrawn_date"), "state": c["state"],
             "state_label": c["state_label"]} for c in consents.with_state(store, cid)]


@lister("handovers")
def list_handovers(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import handovers

    cid = _citizen(store, args, "Overdragelser")
    return [{"id": h["id"], "course_id": h.get("course_id"), "reason": h["reason"],
             "recipient_name": h.get("recipient_name"),
             "recipient_organisation": h.get("recipient_organisation"),
             "outside": h["outside"], "sections": h["sections"], "status": h["status"],
             "sent_at": h.get("sent_at"), "basis": h.get("basis"),
             "underretning_needed": h["underretning_needed"],
             "underretning_date": h.get("underretning_date")}
            for h in handovers.for_citizen(store, cid)]


@lister("disclosures")
def list_disclosures(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import consents

    cid = _citizen(store, args, "Videregivelser")
    return [{k: d.get(k) for k in ("id", "disclosed_at", "audience", "document", "document_id",
                                   "recipient_name", "areas", "basis", "consent_id",
                                   "paragraph", "reason")}
            for d in consents.disclosures(store, cid)]


@printer("consent-form")
def print_consent_form(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.consent_form import build_consent_form, consent_form_snapshot

    assert store is not None
    cid = _citizen(store, args, "Samtykkeerklæringen")
    return Printed(build_consent_form(consent_form_snapshot(store, cid)), cid, "consent_form")


@printer("info-sheet", needs_store=False)
def print_info_sheet(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.info_sheet import build_info_sheet

    return Printed(build_info_sheet({}), None, "info_sheet")


@printer("handover")
def print_handover(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.handover import build_handover
    from hfdesk.errors import UserError
    from hfdesk.store import courses, handovers

    assert store is not None
    if not getattr(args, "course", None):
        raise UserError("Overdragelsen laves fra et forløb: brug --course ID (se 'hfdesk list "
                        "courses --citizen ID').")
    courses.get(store, args.course)
    data: dict[str, Any] = {"sections": getattr(args, "sections", None)}
    to = getattr(args, "date_to", None)
    if to:
        data["recipient_actor_id"] = to
    hid, content = handovers.hand_over(store, args.course, data,
                                       basis=getattr(args, "basis", None),
                                       reason=getattr(args, "reason", None))
    return Printed(build_handover(content), content_citizen(store, hid), "handover", hid)


def content_citizen(store: Store, handover_id: str) -> str:
    from hfdesk.store import handovers

    return str(handovers.get(store, handover_id)["citizen_id"])
