"""`list` and `print` kinds of the core: citizens, courses, actors, and the stamblad."""

from __future__ import annotations

import argparse
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.store.database import Store


@lister("citizens")
def list_citizens(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.domain import citizens as cdomain
    from hfdesk.store import citizens

    return [{"id": c["id"], "name": c["legal_name"], "preferred_name": c.get("preferred_name"),
             "age": cdomain.age(c), "active": bool(c["active"])}
            for c in citizens.list_brief(store)]


@lister("courses")
def list_courses(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import citizens, courses

    ids = [args.citizen] if args.citizen else [c["id"] for c in citizens.list_brief(store)]
    rows = []
    for cid in ids:
        citizens.get(store, cid)
        for co in courses.for_citizen(store, cid):
            st = courses.state(store, co)
            rows.append({"id": co["id"], "citizen_id": cid, "method": co["method"],
                         "status": st.status, "phase": st.phase_label,
                         "start_date": co.get("start_date"),
                         "end_decision_date": co.get("end_decision_date")})
    return rows


@lister("actors")
def list_actors(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.store import actors

    return [{"id": a["id"], "name": a["name"], "actor_type": a["actor_type"],
             "organisation": a.get("organisation")} for a in actors.list_all(store)]


@printer("summary")
def print_summary(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.snapshot import summary_snapshot
    from hfdesk.documents.summary import build_summary
    from hfdesk.errors import UserError
    from hfdesk.store import citizens

    assert store is not None
    if not args.citizen:
        raise UserError("Stambladet kræver --citizen ID.")
    citizens.get(store, args.citizen)
    pdf = build_summary(summary_snapshot(store, args.citizen, course_id=args.course))
    return Printed(pdf, args.citizen, "summary", args.course)
