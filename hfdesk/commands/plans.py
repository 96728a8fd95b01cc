"""`list` and `print` kinds of the Indsatsplan: the plans, the authority plan, the young
person's plan and the statusnotat."""

from __future__ import annotations

import argparse
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.store.database import Store


@lister("plans")
def list_plans(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import citizens, plans

    if getattr(args, "citizen", None):
        citizens.get(store, args.citizen)
        ids = [args.citizen]
    else:
        ids = [c["id"] for c in citizens.list_brief(store)]
    out = []
    for cid in ids:
        for p in plans.for_citizen(store, cid):
            full = plans.full(store, p["id"])
            st = full["state"]
            nxt = [g["next_date"] for g in full["goals"]
                   if g["current_status"] == "active" and g["next_date"]]
            out.append({"id": p["id"], "citizen_id": cid, "course_id": p.get("course_id"),
                        "state": "draft" if st.draft else "finished",
                        "state_label": st.label(), "version": st.number,
                        "finished_on": st.finished_on,
                        "authority_type": p.get("authority_type"),
                        "wish": p.get("wish"),
                        "goals": [{"id": g["id"], "text": g["text"],
                                   "life_area": g["life_area"], "priority": g["priority"],
                                   "status": g["current_status"],
                                   "next_follow_up": g["next_date"],
                                   "actions": len(g["actions"])} for g in full["goals"]],
                        "versions": [v["number"] for v in full["versions"]],
                        "reviews": len(full["reviews"]),
                        "links": [{"plan_type": k["plan_type"], "reference": k.get("reference"),
                                   "last_seen": k.get("last_seen")} for k in full["links"]],
                        "next_follow_up": min(nxt) if nxt else None})
    return out


def _snapshot(store: Store | None, args: argparse.Namespace, what: str) -> dict[str, Any]:
    from hfdesk.documents.plan import plan_snapshot
    from hfdesk.errors import UserError
    from hfdesk.store import citizens

    assert store is not None
    if not args.citizen:
        raise UserError(f"{what} kræver --citizen ID.")
    citizens.get(store, args.citizen)
    version = getattr(args, "version", None)
    if version not in (None, ""):
        try:
            version = int(version)
        except ValueError:
            raise UserError("--version skal være et versionsnummer, fx 2.") from None
    return plan_snapshot(store, args.citizen, course_id=getattr(args, "course", None),
                         version=version)


@printer("plan")
def print_plan(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.plan import build_plan

    snap = _snapshot(store, args, "Planen")
    return Printed(build_plan(snap), args.citizen, "plan")


@printer("plan-youth")
def print_plan_youth(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.plan_youth import build_plan_youth

    snap = _snapshot(store, args, "Den unges plan")
    lang = getattr(args, "lang", None) or "da"
    return Printed(build_plan_youth(snap, locale=lang), args.citizen, "plan_youth")


@printer("status-note")
def print_status_note(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.status_note import build_status_note

    args.version = None
    snap = _snapshot(store, args, "Statusnotatet")
    return Printed(build_status_note(snap), args.citizen, "status_note")
