"""CPR numbers: parse, classify, mask. No I/O.

python-stdnum checks format, a real date and a birth date not in the future. Modulus 11 is only
a warning: numbers without a valid check digit have been issued since 1 October 2007.
Erstatningspersonnumre (replacement numbers, e.g. for people without a CPR number) are accepted as
their own kind: numbers with letters (never validated as dates), and CPR-kontoret's digits-only
form with the day raised by 60 (670394-1234 for someone born 07.03.94).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError as StdnumError

from hfdesk.errors import ValidationError

KIND_CPR = "cpr"
KIND_REPLACEMENT = "replacement"
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_REPLACEMENT = re.compile(r"[0-9A-Za-z]{6}-?[0-9A-Za-z]{4}")


@dataclass(frozen=True)
class Cpr:
    formatted: str  # DDMMYY-SSSS as entered for replacement numbers, normalised otherwise
    digits: str  # the ten characters without the dash, for search
    kind: str
    birth_date: date | None
    warning: str | None = None

    @property
    def masked(self) -> str:
        return mask(self.formatted)


def mask(value: str | None) -> str:
    """120394-xxxx: enough to tell two people apart on paper, not enough to misuse."""
    if not value:
        return ""
    compact = value.replace("-", "").replace(" ", "")
    if len(compact) != 10:
        return "xxxxxx-xxxx"
    return f"{compact[:6]}-xxxx"


_MASK_RE = re.compile(r"(?<![0-9])([0-9]{6})[- ]?([0-9]{4})(?![0-9])")


def mask_in_text(text: str) -> str:
    """Mask anything that looks like a CPR number, for log lines."""
    return _MASK_RE.sub(lambda m: f"{m.group(1)}-xxxx", text)


def _replacement_birth(compact: str) -> date | None:
    """CPR-kontoret's digits-only erstatningspersonnummer: the day's first digit raised by 6."""
    if compact[0] not in "6789":
        return None
    try:
        return stdnum_cpr.get_birth_date(str(int(compact[0]) - 6) + compact[1:])
    except StdnumError:
        return None


def parse(value: str | None, *, today: date | None = None) -> Cpr | None:
    """Parse a typed CPR number. Empty → None. Raises ValidationError with a Danish message."""
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    if _CONTROL.search(text) or len(text) > 20:
        raise ValidationError(
            "CPR-nummeret skal skrives som 10 cifre, fx 120394-1234.", field="cpr"
        )
    compact = text.replace(" ", "").replace("-", "")
    if _TEN_DIGITS.fullmatch(compact):
        kind = KIND_CPR
        try:
            birth = stdnum_cpr.get_birth_date(compact)
        except StdnumError as exc:
            birth = _replacement_birth(compact)
            if birth is None:
                raise ValidationError(
                    f"{compact[:6]} er ikke en rigtig dato (DDMMÅÅ). Tjek dag og måned.",
                    field="cpr",
                ) from exc
            kind = KIND_REPLACEMENT
        if birth > (today or date.today()):
            raise ValidationError(
                "Fødselsdatoen i CPR-nummeret ligger i fremtiden. Tjek år og 7. ciffer.",
                field="cpr",
            )
        if kind == KIND_REPLACEMENT:
            return Cpr(f"{compact[:6]}-{compact[6:]}", compact, KIND_REPLACEMENT, birth,
                       "Registreret som erstatningspersonnummer (fødselsdag + 60).")
        warning = None
        if stdnum_cpr.checksum(compact) != 0:
            warning = (
                "CPR-nummeret består ikke modulus 11-kontrollen. Det kan være korrekt "
                "(numre uden kontrolciffer er udstedt siden 2007) – tjek det mod et brev."
            )
        return Cpr(f"{compact[:6]}-{compact[6:]}", compact, KIND_CPR, birth, warning)
    if (_REPLACEMENT.fullmatch(compact) and any(c.isalpha() for c in compact)
            and any(c.isdigit() for c in compact)):
        upper = compact.upper()
        return Cpr(f"{upper[:6]}-{upper[6:]}", upper, KIND_REPLACEMENT, None,
                   "Registreret som erstatningspersonnummer.")
    if compact.isascii() and compact.isdigit() and len(compact) < 10:
        raise ValidationError(
            f"CPR-nummeret mangler {10 - len(compact)} ciffer/cifre. Skriv alle 10, "
            "fx 120394-1234, eller lad feltet stå tomt.",
            field="cpr",
        )
    raise ValidationError(
        "CPR-nummeret skal være 10 cifre (DDMMÅÅ-XXXX), eller et erstatningspersonnummer "
        "med bogstaver. Lad feltet stå tomt, hvis borgeren ikke har et.",
        field="cpr",
    )


def search_digits(query: str) -> str | None:
    """The digits of a query that could be (part of) a CPR number, for prefix search."""
    compact = query.strip().replace("-", "").replace(" ", "")
    return compact if compact.isdigit() and 1 <= len(compact) <= 10 else None
