"""Settling import conflicts: a record changed both here and elsewhere since it left.

The import kept the local version and stored the incoming one beside it
(`exchange_conflicts`); the worker decides per conflict: "Behold min" or "Brug den indkomne".
Either way the decision is one transaction with one audit row naming the fields that differed.
"""

from __future__ import annotations

from typing import Any

from hfdesk.store import audit, exchange
from hfdesk.store.database import Store

CHOICES = {"local": "importkonflikt afgjort: behold min",
           "incoming": "importkonflikt afgjort: brug den indkomne"}


def pending(store: Store) -> list[dict[str, Any]]:
    """Unsettled conflicts with their field differences (local vs incoming)."""
    return exchange.conflict_details(store)


def settle(store: Store, conflict_id: int, choice: str) -> None:
    details = {c["id"]: c for c in exchange.conflict_details(store)}
    fields = [d[0] for d in details[conflict_id]["differences"]] \
        if conflict_id in details else []
    with store.db.atomic():
        c = exchange.settle_conflict(store, conflict_id, choice)
        audit.log(store, "change", record_kind=c["record_kind"], record_id=c["record_id"],
                  citizen_id=c.get("citizen_id"), purpose=CHOICES[choice], fields=fields)
