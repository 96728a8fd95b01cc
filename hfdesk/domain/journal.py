"""Journal entries: validation and the lock rule. No I/O.

A note can be edited until it is marked "overført til journal" or is 7 days old; after that it is
final (notatpligt) and corrected by a dated addition, with the original kept visible.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from hfdesk.domain.dates import check_range, parse_date, parse_time
from hfdesk.domain.text import NOTE_MAX, clean, flag
from hfdesk.errors import ValidationError

ENTRY_TYPES = ("home_visit", "outreach", "phone", "sms_mail", "video", "escort", "meeting",
               "partner_contact")
# Contact *with the citizen*; a talk with a partner about them does not reset the count.
CITIZEN_CONTACT_TYPES = frozenset(ENTRY_TYPES) - {"partner_contact"}
STATUSES = ("planned", "done", "cancelled", "no_show")
EDIT_WINDOW = timedelta(days=7)
FIELDS = ("occurred_at", "entry_type", "status", "missed_reason", "citizen_present",
          "interpreter_used", "duration_min", "life_areas", "note", "source", "course_id")


def parse_occurred(value: Any, time_text: str | None = None) -> str:
    if isinstance(value, datetime):
        check_range(value.date(), field="occurred_at")
        return value.replace(microsecond=0, tzinfo=None).isoformat(timespec="minutes")
    text = str(value or "").strip()
    if "T" in text:
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            pass
        else:
            check_range(parsed.date(), field="occurred_at")
            return parsed.replace(tzinfo=None).isoformat(timespec="minutes")
    d = value if isinstance(value, date) else parse_date(text, field="occurred_at")
    if d is None:
        raise ValidationError("Skriv datoen for kontakten.", field="occurred_at")
    hm = parse_time(time_text, field="occurred_time") or (0, 0)
    return datetime(d.year, d.month, d.day, *hm).isoformat(timespec="minutes")


def validate(data: Mapping[str, Any], *, partial: bool = False,
             life_areas: frozenset[str] | None = None) -> dict[str, Any]:
    keys = [k for k in FIELDS if k in data] if partial else list(FIELDS)
    out: dict[str, Any] = {}
    for key in keys:
        v = data.get(key)
        if key == "occurred_at":
            out[key] = parse_occurred(v, data.get("occurred_time"))
        elif key == "entry_type":
            if v not in ENTRY_TYPES:
                raise ValidationError("Vælg en kontakttype, fx hjemmebesøg eller telefon.",
                                      field=key)
            out[key] = v
        elif key == "status":
            if (v or "done") not in STATUSES:
                raise ValidationError("Vælg status: planlagt, gennemført, aflyst eller udeblevet.",
                                      field=key)
            out[key] = v or "done"
        elif key in ("citizen_present", "interpreter_used"):
            out[key] = flag(v) if v is not None else key == "citizen_present"
        elif key == "duration_min":
            if v in (None, ""):
                out[key] = None
            else:
                try:
                    minutes = int(str(v).strip())
                except ValueError as exc:
                    raise ValidationError("Varighed skrives i hele minutter, fx 45.",
                                          field=key) from exc
                if not 0 <= minutes <= 24 * 60:
                    raise ValidationError("Varigheden skal være mellem 0 og 1440 minutter.",
                                          field=key)
                out[key] = minutes
        elif key == "life_areas":
            areas = [str(a) for a in (v or [])]
            if life_areas is not None:
                unknown = [a for a in areas if a not in life_areas]
                if unknown:
                    raise ValidationError(f"Ukendt livsområde: {unknown[0][:40]}.", field=key)
            out[key] = sorted(set(areas))
        elif key == "note":
            out[key] = clean(v, field=key, label="Notatet", max_len=NOTE_MAX,
                             multiline=True) or ""
        elif key == "course_id":
            out[key] = v or None
        else:
            out[key] = clean(v, field=key, label="Feltet", max_len=500)
    if out.get("status") == "no_show" and "missed_reason" in keys and not out.get("missed_reason"):
        raise ValidationError("Skriv årsagen, når borgeren er udeblevet.", field="missed_reason")
    return out


def is_locked(entry: Mapping[str, Any], now: datetime | None = None) -> bool:
    if entry.get("transferred_at"):
        return True
    created = str(entry.get("created_at") or "")
    if not created:
        return False
    now = now or datetime.now().astimezone()
    try:
        created_dt = datetime.fromisoformat(created)
    except ValueError:
        return False
    if created_dt.tzinfo is None:
        created_dt = created_dt.astimezone()
    return now - created_dt >= EDIT_WINDOW


def counts_as_contact(entry: Mapping[str, Any]) -> bool:
    return (entry.get("status") == "done" and entry.get("entry_type") in CITIZEN_CONTACT_TYPES
            and bool(entry.get("citizen_present", 1)))
