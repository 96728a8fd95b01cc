"""Housing history: dated segments. The current place of stay is the latest segment."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hfdesk.domain.dates import parse_date
from hfdesk.domain.text import NOTE_MAX, clean
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.database import Store

KIND = "housing_segment"


def add_segment(store: Store, citizen_id: str, data: Mapping[str, Any],
                situations: frozenset[str] | None = None) -> str:
    records.get(store, "citizen", citizen_id)
    situation = data.get("housing_situation")
    if not situation or (situations is not None and situation not in situations):
        raise ValidationError("Vælg hvor borgeren bor/opholder sig fra listen.",
                              field="housing_situation")
    start = data.get("start_date")
    start_d = start if isinstance(start, date) else parse_date(start, field="start_date")
    if start_d is None:
        raise ValidationError("Skriv fra hvilken dato.", field="start_date")
    values = {
        "housing_situation": situation, "start_date": start_d.isoformat(),
        "homelessness_nat": data.get("homelessness_nat") or None,
        "address": clean(data.get("address"), field="address", label="Adresse", max_len=500),
        "notes": clean(data.get("notes"), field="notes", label="Noter", max_len=NOTE_MAX,
                       multiline=True),
    }
    with store.db.atomic():
        # The previous open segment ends where the new one starts.
        for prev in store.query(
                "SELECT id FROM housing_segments WHERE citizen_id = ? AND end_date IS NULL "
                "AND start_date <= ?", [citizen_id, values["start_date"]]):
            records.update(store, KIND, prev["id"], {"end_date": values["start_date"]})
        hid = records.insert(store, KIND, {**values, "citizen_id": citizen_id})
        audit.log(store, "create", record_kind=KIND, record_id=hid, citizen_id=citizen_id,
                  fields=[k for k, v in values.items() if v])
    return hid


def history(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM housing_segments WHERE citizen_id = ? "
                       "ORDER BY start_date DESC, created_at DESC", [citizen_id])


def current(store: Store, citizen_id: str) -> dict[str, Any] | None:
    h = history(store, citizen_id)
    return h[0] if h else None
