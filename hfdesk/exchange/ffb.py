"""The FFB profile: a projection without free text, shaped after KL's FFB reporting profile.

Only structured values leave: the citizen's CPR, the organisation (KOMBIT STS code), dates,
codes and ids. A value is kept only when it *looks* structured (a date, a timestamp, a code,
a UUID, a number, a yes/no), so a free-text field added by a later area can never slip through,
whatever its column is called. Journal notes, documents, names, addresses and contact details
never leave.
"""

from __future__ import annotations

import re
from typing import Any

PROFILE = "hfdesk-ffb"
VERSION = 1
# Whole areas that are free text or personal contact data by nature.
_SKIP_KINDS = {"journal_entry", "journal_addition", "document", "referral_contact", "actor"}
# Columns that are never codes even when their values happen to look like one.
_SKIP_COLUMNS = {"updated_by", "origin", "created_at", "updated_at", "revision", "change_seq",
                 "legal_name", "preferred_name", "phone", "email", "address", "notes",
                 "cpr_digits", "case_number"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
CODE = re.compile(r"^[a-z0-9]+(?:[_.:-][a-z0-9]+)*$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
CPR = re.compile(r"^\d{6}-?\d{4}$")
MAX_CODE = 60


def structured(value: Any) -> bool:
    if value is None or isinstance(value, bool | int | float):
        return True
    if not isinstance(value, str):
        return False
    return bool(DATE.match(value) or STAMP.match(value) or UUID.match(value)
                or (len(value) <= MAX_CODE and CODE.match(value)))


def _code_list(value: Any) -> list[str] | None:
    """A JSON list column of codes (e.g. target groups) survives when every item is a code."""
    if not isinstance(value, str) or not value.startswith("["):
        return None
    import json

    try:
        items = json.loads(value)
    except ValueError:
        return None
    if isinstance(items, list) and all(isinstance(i, str) and structured(i) for i in items):
        return items
    return None


def project(citizen_id: str, rows: dict[str, list[dict[str, Any]]],
            conf: dict[str, Any]) -> dict[str, Any]:
    citizen = (rows.get("citizen") or [{}])[0]
    cpr = citizen.get("cpr")
    out: dict[str, Any] = {
        "profile": PROFILE, "version": VERSION, "citizen_id": citizen_id,
        "cpr": cpr if isinstance(cpr, str) and CPR.match(cpr) else None,
        "birth_date": citizen.get("birth_date") if structured(citizen.get("birth_date"))
        else None,
        "organisation": conf.get("sts_org_code") or None,
        "records": {},
    }
    for kind, items in rows.items():
        if kind in _SKIP_KINDS or kind == "citizen":
            continue
        projected = []
        for r in items:
            item: dict[str, Any] = {}
            for col, value in r.items():
                if col in _SKIP_COLUMNS or isinstance(value, bytes):
                    continue
                codes = _code_list(value)
                if codes is not None:
                    item[col] = codes
                elif structured(value):
                    item[col] = value
            projected.append(item)
        out["records"][kind] = projected
    return out
