"""Citizen: validation and derived values. No I/O."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from hfdesk.domain import cpr as cprmod
from hfdesk.domain.dates import age_on, parse_date, to_date
from hfdesk.domain.text import NAME_MAX, NOTE_MAX, clean, flag
from hfdesk.errors import ValidationError

GENDERS = ("woman", "man", "other", "not_stated")
FIELDS = (
    "legal_name", "preferred_name", "cpr", "birth_date", "gender", "phone", "email", "address",
    "protected_address", "language", "interpreter_needed", "interpreter_language",
    "custody_holders", "notes", "informed_date",
)


def validate(data: Mapping[str, Any], *, today: date | None = None,
             partial: bool = False) -> tuple[dict[str, Any], list[str]]:
    """Clean a citizen's fields. Returns (values to store, warnings). Raises ValidationError."""
    out: dict[str, Any] = {}
    warnings: list[str] = []
    today = today or date.today()
    keys = [k for k in FIELDS if k in data] if partial else list(FIELDS)

    for key in keys:
        v = data.get(key)
        if key == "legal_name":
            out[key] = clean(v, field=key, label="Navn", max_len=NAME_MAX, required=True)
        elif key == "preferred_name":
            out[key] = clean(v, field=key, label="Kaldenavn", max_len=NAME_MAX)
        elif key == "cpr":
            parsed = cprmod.parse(v, today=today)
            out["cpr"] = parsed.formatted if parsed else None
            out["cpr_digits"] = parsed.digits if parsed else None
            out["cpr_kind"] = parsed.kind if parsed else None
            if parsed and parsed.warning:
                warnings.append(parsed.warning)
            if parsed and parsed.birth_date and not data.get("birth_date"):
                out["birth_date"] = parsed.birth_date.isoformat()
        elif key == "birth_date":
            if v in (None, "") and "birth_date" in out:
                continue
            d = to_date(v) if isinstance(v, date) else parse_date(v, field=key, today=today)
            if d and d > today:
                raise ValidationError("Fødselsdatoen ligger i fremtiden.", field=key)
            out[key] = d.isoformat() if d else None
        elif key == "informed_date":
            # "Orienteret (dato)": when the person was told what is recorded (GDPR art. 13/14).
            d = to_date(v) if isinstance(v, date) else parse_date(v, field=key, today=today)
            if d and d > today:
                raise ValidationError("Datoen for, hvornår borgeren blev orienteret, kan ikke "
                                      "ligge i fremtiden.", field=key)
            out[key] = d.isoformat() if d else None
        elif key == "gender":
            if v not in (None, "") and v not in GENDERS:
                raise ValidationError(
                    "Vælg køn: kvinde, mand, andet eller ønsker ikke at oplyse.", field=key)
            out[key] = v or None
        elif key == "email":
            e = clean(v, field=key, label="E-mail", max_len=254)
            if e and ("@" not in e or " " in e):
                raise ValidationError("E-mailadressen skal indeholde @, fx navn@eksempel.dk.",
                                      field=key)
            out[key] = e
        elif key == "phone":
            p = clean(v, field=key, label="Telefon", max_len=40)
            if p and not any(c.isdigit() for c in p):
                raise ValidationError("Telefonnummeret skal indeholde cifre.", field=key)
            out[key] = p
        elif key in ("protected_address", "interpreter_needed"):
            out[key] = flag(v)
        elif key == "custody_holders":
            out[key] = _custody(v)
        elif key in ("address", "notes"):
            out[key] = clean(v, field=key, label="Adresse" if key == "address" else "Noter",
                             max_len=NOTE_MAX if key == "notes" else 500, multiline=True)
        else:
            out[key] = clean(v, field=key, label="Sprog", max_len=100)
    return out, warnings


def _custody(value: Any) -> list[dict[str, str]]:
    if not value:
        return []
    if not isinstance(value, list):
        raise ValidationError("Forældremyndighedsindehavere skal angives som en liste.",
                              field="custody_holders")
    holders = []
    for item in value[:10]:
        if not isinstance(item, Mapping):
            continue
        name = clean(item.get("name"), field="custody_holders", label="Navn", max_len=NAME_MAX)
        if name:
            holders.append({"name": name, "contact": clean(
                item.get("contact"), field="custody_holders", label="Kontakt") or ""})
    return holders


def age(row: Mapping[str, Any], on: date | None = None) -> int | None:
    return age_on(to_date(row.get("birth_date")), on or date.today())


def display_name(row: Mapping[str, Any]) -> str:
    """The name the worker uses: preferred name with surname, else the legal name."""
    legal = str(row.get("legal_name") or "")
    preferred = row.get("preferred_name")
    if preferred:
        parts = legal.split()
        return f"{preferred} {parts[-1]}" if len(parts) > 1 and parts[-1] != preferred else preferred
    return legal
