"""Drafts: typed-but-invalid input kept until it is fixed, so a crash loses no word."""

from __future__ import annotations

import json
from typing import Any

from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store


def put(store: Store, form_key: str, data: dict[str, Any], citizen_id: str | None = None) -> None:
    with store.db.atomic():
        store.db.execute(
            "INSERT INTO drafts(form_key, citizen_id, data, saved_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(form_key) DO UPDATE SET data = excluded.data, saved_at = excluded.saved_at",
            [form_key, citizen_id, json.dumps(data, ensure_ascii=False), utc_now()])


def get(store: Store, form_key: str) -> dict[str, Any] | None:
    row = store.db.execute("SELECT data FROM drafts WHERE form_key = ?", [form_key]).fetchone()
    return json.loads(row[0]) if row else None


def clear(store: Store, form_key: str) -> None:
    with store.db.atomic():
        store.db.execute("DELETE FROM drafts WHERE form_key = ?", [form_key])
