"""Settings kept inside the encrypted database (everything but language and last path)."""

from __future__ import annotations

import json
from typing import Any

from hfdesk.errors import ValidationError
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
    # Journalisation and retention (hfdesk/store/journalisation.py, hfdesk/retention.py).
    "journal_reminder_days": 7,
    "retention_months": 3,
    "journal_copy_full_cpr": False,
    # Lock the window after this many idle minutes (ui/autolock.py); 0 = only Ctrl+L and sleep.
    "auto_lock_minutes": 5,
}


def get(store: Store, name: str) -> Any:
    row = store.db.execute("SELECT value FROM settings WHERE name = ?", [name]).fetchone()
    return json.loads(row[0]) if row else DEFAULTS.get(name)


def all_settings(store: Store) -> dict[str, Any]:
    out = dict(DEFAULTS)
    for name, value in store.db.execute("SELECT name, value FROM settings"):
        out[name] = json.loads(value)
    return out


# What the values inside the dict settings must be (the readers do arithmetic or print them).
_DICT_VALUES: dict[str, type] = {"contact_thresholds": int, "kle_codes": str}


def _check_type(name: str, value: Any) -> None:
    """A known setting keeps the type of its default: a damaged or hand-made value (a list as
    the unit, text as a threshold) must not break every later save, print or reminder."""
    if name not in DEFAULTS:
        return
    want = type(DEFAULTS[name])
    ok = type(value) is want  # exact: True is not a number of days
    if ok and want is dict:
        inner = _DICT_VALUES.get(name, object)
        ok = all(isinstance(k, str) and isinstance(v, inner) and not isinstance(v, bool)
                 for k, v in value.items())
    if not ok:
        raise ValidationError(f"Indstillingen {name} har en forkert værdi. Intet er gemt.",
                              field=name)


def set_many(store: Store, values: dict[str, Any]) -> None:
    for name, value in values.items():
        _check_type(name, value)
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
