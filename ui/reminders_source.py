"""What is due, from the one core reminders module, computed once per change of the data.

The list, the start page and the citizen header all ask; the caseload is only walked again
when something was saved (the store's change number moved) or the day changed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

_cache: dict[str, Any] = {}


def due(store: Any, today: date | None = None) -> list[dict[str, Any]]:
    try:
        from hfdesk import reminders
    except ImportError:
        return []
    from hfdesk.store.records import current_change_seq

    day = today or date.today()
    key = (id(store), str(store.path), current_change_seq(store), day)
    if _cache.get("key") != key:
        _cache["key"] = key
        _cache["items"] = list(reminders.due(store, today=day))
    return list(_cache["items"])


def urgent(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Overdue first, then soon; "ok" items are left to the start page."""
    order = {"overdue": 0, "soon": 1}
    chosen = [i for i in items if i.get("severity") in order]
    return sorted(chosen, key=lambda i: (order[i["severity"]], str(i.get("date") or "")))
