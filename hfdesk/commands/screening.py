"""`list` and `print` kinds of opsporing: referrals, assessments, the opsporingsresumé and the
blank henvendelsesskema."""

from __future__ import annotations

import argparse
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.store.database import Store


@lister("referrals")
def list_referrals(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.domain import referrals as domain
    from hfdesk.store import citizens, referrals

    if getattr(args, "citizen", None):
        citizens.get(store, args.citizen)
        rows = referrals.for_citizen(store, args.citizen)
    else:
        rows = referrals.list_all(store)
    attempts = referrals.contacts_by_referral(store)
    return [{"id": r["id"], "received_date": r["received_date"],
             "status": domain.status(r, attempts.get(r["id"], [])),
             "citizen_id": r.get("citizen_id"), "course_id": r.get("course_id"),
             "source": r["source"], "underretning": r.get("underretning"),
             "forwarded_date": r.get("forwarded_date"), "concern_domains": r["concern_domains"],
             "outcome": r.get("outcome"), "contact_attempts": len(attempts.get(r["id"], [])),
             "waiting": domain.waiting(r, attempts.get(r["id"], []))} for r in rows]


@lister("assessments")
def list_assessments(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.errors import UserError
    from hfdesk.store import citizens, screening

    if not getattr(args, "citizen", None):
        raise UserError("Opsporingsvurderinger listes pr. borger: brug --citizen ID.")
    citizens.get(store, args.citizen)
    out = []
    for a in screening.for_citizen(store, args.citizen):
        full = screening.get(store, a["id"])
        out.append({"id": a["id"], "assessed_on": a["assessed_on"],
                    "worker_name": a["worker_name"], "phase": a.get("phase"),
                    "target_subgroup": a.get("target_subgroup"),
                    "homelessness_duration": a.get("homelessness_duration"),
                    # The profile: the concern per domain. No score, level or ranking.
                    "concern": {d["domain"]: d.get("concern") for d in full["domains"]},
                    "actions": len(full["actions"]),
                    "released_items": sum(1 for x in [a, *full["domains"], *full["actions"]]
                                          if x.get("sharing") == "released")})
    return out


@printer("screening")
def print_screening(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.screening_snapshot import screening_snapshot
    from hfdesk.documents.screening_summary import build_screening_summary
    from hfdesk.errors import UserError
    from hfdesk.store import citizens

    assert store is not None
    if not args.citizen:
        raise UserError("Opsporingsresuméet kræver --citizen ID.")
    citizens.get(store, args.citizen)
    pdf = build_screening_summary(screening_snapshot(store, args.citizen,
                                                     assessment_id=args.assessment))
    return Printed(pdf, args.citizen, "screening", args.assessment)


@printer("referral-form", needs_store=False)
def print_referral_form(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.referral_form import build_referral_form

    return Printed(build_referral_form(), None, "referral_form")
