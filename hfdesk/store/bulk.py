"""Bulk writes for large imports and the demo generator: many records, few transactions.

`add_journal_entries` keeps journal.add's bookkeeping (validation, record stamps and change_seq
through records.insert, the search index) but writes one audit row per batch instead of one per
entry, so a 100,000-note import is a minute, not an audit log of 100,000 rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from hfdesk.domain import journal as journal_domain
from hfdesk.store import audit, records, search
from hfdesk.store.database import Store

BATCH = 5000


def add_journal_entries(
    store: Store, entries: Iterable[tuple[str, Mapping[str, Any]]], *,
    life_areas: frozenset[str] | None = None, purpose: str = "import", batch_size: int = BATCH,
) -> list[str]:
    """Insert (citizen_id, data) pairs as journal entries; returns their ids in order.

    `data` is what journal.add takes, plus an optional `transferred_at` (UTC ISO time the note
    was marked "overført til journal"). Each batch is one transaction with one "import" audit
    row; a ValidationError rolls back the batch it occurs in (earlier batches stay).
    """
    ids: list[str] = []
    batch: list[tuple[str, Mapping[str, Any]]] = []

    def flush() -> None:
        if not batch:
            return
        fields: set[str] = set()
        with store.db.atomic():
            for citizen_id, data in batch:
                values = journal_domain.validate(data, life_areas=life_areas)
                if data.get("transferred_at"):
                    values["transferred_at"] = str(data["transferred_at"])
                eid = records.insert(store, "journal_entry", {**values, "citizen_id": citizen_id})
                search.index_entry(store, eid, citizen_id, values.get("note") or "",
                                   new=True)
                fields.update(k for k, v in values.items() if v not in (None, "", []))
                ids.append(eid)
            audit.log(store, "import", record_kind="journal_entry", purpose=purpose,
                      fields=fields)
        batch.clear()

    for item in entries:
        batch.append(item)
        if len(batch) >= batch_size:
            flush()
    flush()
    return ids
