"""Free-text cleaning shared by every form: control characters out, lengths bounded.

Text is stored as typed (no HTML escaping on the way in); printouts escape where they render.
"""

from __future__ import annotations

import re

from hfdesk.errors import ValidationError

# C0 and C1 controls (tab and newlines are kept for multiline text), and lone surrogates
# (undecodable bytes from a command line), which SQLite cannot store as UTF-8.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
NAME_MAX = 200
SHORT_MAX = 500
NOTE_MAX = 100_000


def clean(value: object, *, field: str, label: str, max_len: int = SHORT_MAX,
          required: bool = False, multiline: bool = False) -> str | None:
    if value is None:
        text = ""
    else:
        text = str(value)
    text = _CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    if not multiline:
        text = " ".join(text.split())
    else:
        text = text.strip()
    if not text:
        if required:
            raise ValidationError(f"{label} skal udfyldes.", field=field)
        return None
    if len(text) > max_len:
        raise ValidationError(
            f"{label} er for lang ({len(text):,} tegn). Højst {max_len:,} tegn.".replace(",", "."),
            field=field,
        )
    return text


def flag(value: object) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "ja", "yes"}
    return bool(value)
