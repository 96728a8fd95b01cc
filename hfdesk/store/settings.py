"""Settings kept inside the encrypted database (everything but language and last path)."""

from __future__ import annotations

import json
from typing import Any

from hfdesk.store import audit
from hfdesk.store.database import Store

DEFAULTS: dict[str, Any] = {
    "organisation": "",
    "municipality": "",
    "sts_org_code": "",
    "kle_codes": {},
    "neutral_letterhead": "",
    "unit": "",
    "contact_thresholds": {"cti_1": 7, "icm": 7, "cti_2": 14, "default": 21},
    "vocab_override_dir": "",
    "backup_dir": "",
}


def get(store: Store, name: str) -> Any:
    row = store.db.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
    return json.loads(row[0]) if row else DEFAULTS.get(name)


def all_settings(store: Store) -> dict[str, Any]:
    out = dict(DEFAULTS)
    for name, value in store.db.execute("SELECT name, value FROM settings"):
        out[name] = json.loads(value)
    return out


def set_many(store: Store, values: dict[str, Any]) -> None:
    with store.db.atomic():
        for name, value in values.items():
            store.db.execute(
                "INSERT INTO settings(name, value) VALUES (?, ?) "
                "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
                [name, json.dumps(value, ensure_ascii=False)])
        audit.log(store, "settings", fields=list(values))


def set_worker(store: Store, *, name: str, role: str) -> None:
    """The worker's own name and role (kept in meta, beside the worker id)."""
    from hfdesk.domain import worker

    name, role = worker.validate(name, role)
    changed = [k for k, v in (("worker_name", name), ("role", role)) if store.meta.get(k) != v]
    if not changed:
        return
    with store.db.atomic():
        store.set_meta("worker_name", name)
        store.set_meta("role", role)
        audit.log(store, "settings", fields=changed)
