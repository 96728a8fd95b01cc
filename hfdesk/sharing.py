"""The one sharing rule for opsporing items. Every document builder and export reads them here.

An opsporing item (an assessment's summary, a domain row, an action) is `internal` by default:
not shared, though still part of the case and visible to the person on request (aktindsigt),
so it is written for the young person to read. A worker may release it (`released`), an explicit
and audited act done with the young person. Then, and only then, it may appear in documents
for the authority (plan, statusnotat, handover, the opsporingsresumé) and in the export.

Audiences:

- ``authority`` — documents for the myndighed and the municipality's own case handling;
- ``export`` — the municipality's export/transfer;
- ``youth`` — the young person's own printouts: never any screening content, released or not
  (a sheet on a kitchen table is no place for concern domains);
- ``external`` — landlords, private network members, partner actors: never.

Anything else is a programming error and raises, so a new document cannot silently get a
default it did not ask for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

AUDIENCES = ("authority", "youth", "external", "export")
RELEASED_TO = frozenset({"authority", "export"})
INTERNAL = "internal"
RELEASED = "released"

Item = TypeVar("Item", bound=Mapping[str, Any])


def _check(audience: str) -> None:
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; use one of {AUDIENCES}")


def is_released(item: Mapping[str, Any]) -> bool:
    """Only an explicit "released" counts; a missing, empty or unknown flag means internal."""
    return item.get("sharing") == RELEASED


def releasable_items(items: Iterable[Item], audience: str) -> list[Item]:
    """The items `audience` may read: released ones for authority and export, none otherwise."""
    _check(audience)
    if audience not in RELEASED_TO:
        return []
    return [item for item in items if is_released(item)]


def may_read(item: Mapping[str, Any], audience: str) -> bool:
    _check(audience)
    return audience in RELEASED_TO and is_released(item)


def withheld_count(items: Iterable[Mapping[str, Any]], audience: str) -> int:
    """How many items exist that `audience` may not read (for "interne notater findes")."""
    items = list(items)
    return len(items) - len(releasable_items(items, audience))


def assessment_items(assessment: Mapping[str, Any]) -> list[dict[str, Any]]:
    """An assessment flattened into its items, each tagged with `item_kind`
    ("summary", "domain", "action"). Empty domain rows and an empty summary are no items."""
    items: list[dict[str, Any]] = []
    if assessment.get("summary"):
        items.append({"item_kind": "summary", "id": assessment.get("id"),
                      "text": assessment.get("summary"), "sharing": assessment.get("sharing")})
    for d in assessment.get("domains") or []:
        if any(d.get(k) for k in ("concern", "risk_signals", "risk_signals_added",
                                  "protective_factors", "protective_added", "judgement",
                                  "youth_view")):
            items.append({**d, "item_kind": "domain"})
    for a in assessment.get("actions") or []:
        items.append({**a, "item_kind": "action"})
    return items
