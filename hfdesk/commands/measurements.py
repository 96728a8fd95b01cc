"""`list` and `print` kinds of the individdokumentation (measurements)."""

from __future__ import annotations

import argparse
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.store.database import Store


@lister("measurements")
def list_measurements(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    """Per measurement: kind, date, course, and each answer with its source (codes, never
    labels); --citizen narrows to one citizen."""
    from hfdesk.store import citizens, measurements

    if getattr(args, "citizen", None):
        citizens.get(store, args.citizen)
        ids = [args.citizen]
    else:
        ids = [c["id"] for c in citizens.list_brief(store)]
    out = []
    for cid in ids:
        for row in measurements.for_citizen(store, cid):
            m = measurements.get(store, row["id"])
            out.append({"id": m["id"], "citizen_id": cid, "course_id": m["course_id"],
                        "kind": m["kind"], "measured_on": m["measured_on"],
                        "catalogue": m.get("catalogue"),
                        "answers": {k: {"value": a["value"], "source": a["source"],
                                        "confirmed": a["confirmed"],
                                        "derived_value": a["derived_value"]}
                                    for k, a in sorted(m["answers"].items())}})
    return out


@printer("measurement")
def print_measurement(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.measurement import build_measurement, measurement_snapshot
    from hfdesk.errors import UserError
    from hfdesk.store import citizens

    assert store is not None
    if not args.citizen:
        raise UserError("Individdokumentationen kræver --citizen ID.")
    citizens.get(store, args.citizen)
    snap = measurement_snapshot(store, args.citizen, getattr(args, "measurement", None))
    return Printed(build_measurement(snap), args.citizen, "measurement",
                   snap["measurement_id"])
