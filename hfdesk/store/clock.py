"""Time stamps. Stored times are UTC ISO-8601; `change_seq`, not clocks, orders changes."""

from __future__ import annotations

from datetime import UTC, date, datetime


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def today() -> date:
    return date.today()


def local_now() -> datetime:
    return datetime.now().replace(microsecond=0)
