"""Danish date typing and sane ranges. No I/O.

Workers type "12.3", "12/3-26", "12.03.2026" or "12-03-2026"; ISO "2026-03-12" is accepted too.
A missing year means this year; a two-digit year means 20xx up to next year, else 19xx.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from hfdesk.errors import ValidationError

MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DANISH = re.compile(r"(\d{1,2})[./-](\d{1,2})(?:[./-](\d{2}|\d{4}))?\.?")
_TIME = re.compile(r"(\d{1,2})[.:](\d{2})")


def parse_date(text: str | None, *, field: str = "date", today: date | None = None) -> date | None:
    """Parse a typed date; empty → None. Raises ValidationError with a Danish message."""
    if text is None:
        return None
    s = str(text).strip()
    if not s:
        return None
    today = today or date.today()
    m = _ISO.fullmatch(s)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = _DANISH.fullmatch(s)
        if not m:
            raise ValidationError(
                f"«{s[:20]}» er ikke en dato. Skriv fx 12.03.2026, 12.3 eller 12/3-26.",
                field=field,
            )
        d, mo = int(m.group(1)), int(m.group(2))
        ytext = m.group(3)
        if ytext is None:
            y = today.year
        elif len(ytext) == 2:
            y = 2000 + int(ytext)
            if y > today.year + 1:
                y -= 100
        else:
            y = int(ytext)
    try:
        result = date(y, mo, d)
    except ValueError as exc:
        raise ValidationError(
            f"{d:02d}.{mo:02d}.{y} findes ikke i kalenderen. Tjek dag og måned.", field=field
        ) from exc
    return check_range(result, field=field)


def check_range(value: date, *, field: str = "date") -> date:
    if value < MIN_DATE or value > MAX_DATE:
        raise ValidationError(
            f"Datoen {value.strftime('%d.%m.%Y')} ligger uden for 1900–2100. Tjek årstallet.",
            field=field,
        )
    return value


def to_date(value: str | date | None) -> date | None:
    """A stored ISO date (or datetime) back to a date; None stays None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def parse_time(text: str | None, *, field: str = "time") -> tuple[int, int] | None:
    if text is None or not str(text).strip():
        return None
    m = _TIME.fullmatch(str(text).strip())
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValidationError("Skriv klokkeslættet som fx 14.30.", field=field)
    return int(m.group(1)), int(m.group(2))


def age_on(birth: date | None, on: date) -> int | None:
    if birth is None:
        return None
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def fmt(value: str | date | None) -> str:
    """12.03.2026 for tables and messages ("" for None)."""
    d = to_date(value) if not isinstance(value, date) else value
    return d.strftime("%d.%m.%Y") if d else ""
