"""Opsporingsvurdering (the screening assessment): validation, profile and comparison. No I/O.

Per domain of the opsporingscirkel: concern ja / nej / ikke afdækket, risk signals and protective
factors (ticked from the catalogue or added in words), the worker's judgement and the young
person's own view ("Med egne ord"). There is deliberately no score, level, weight or ranking
anywhere (OPSPORING §7, DOMAIN §3.7): the profile is the domains side by side, and the comparison
says what changed between two assessments, nothing more.

Every item (the summary, each domain row, each action) carries a sharing flag: `internal`
(default; not shared, still part of the case and visible to the person on request) or
`released`. Who may read which items is decided in one place, `hfdesk.sharing`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hfdesk.domain.dates import fmt, parse_date, to_date
from hfdesk.domain.text import NAME_MAX, NOTE_MAX, clean
from hfdesk.errors import ValidationError
from hfdesk.vocab.parse import is_code

DOMAINS = ("housing", "economy", "family_upbringing", "mental_vulnerability", "substance_use",
           "school_work", "development_behaviour", "friends_network", "crime", "disability",
           "other")
PHASES = ("identification", "dialogue", "actions")
TARGET_SUBGROUPS = ("homeless", "at_risk", "unknown")
DURATIONS = ("under_1_month", "months_1_2", "months_3_5", "half_to_1_year", "year_plus",
             "unknown")
CONCERNS = ("yes", "no", "not_assessed")
CONCERN_LABELS = {"yes": "Ja", "no": "Nej", "not_assessed": "Ikke afdækket"}
SHARING = ("internal", "released")
MAX_CODES = 100
MAX_ADDED = 30
ADDED_MAX_LEN = 300

ASSESSMENT_FIELDS = ("assessed_on", "worker_name", "phase", "target_subgroup",
                     "homelessness_duration", "summary", "course_id")
DOMAIN_FIELDS = ("concern", "risk_signals", "risk_signals_added", "protective_factors",
                 "protective_added", "judgement", "youth_view")
ACTION_FIELDS = ("what", "who", "due_date", "onward_actor_id", "onward_text", "done_date")


def _code(value: Any, allowed: Iterable[str] | None, key: str, message: str) -> str | None:
    code = str(value or "").strip() or None
    if code is None:
        return None
    if not is_code(code) or (allowed is not None and code not in set(allowed)):
        raise ValidationError(message, field=key)
    return code


def _codes(value: Any, key: str, label: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError(f"{label} skal angives som en liste.", field=key)
    out: list[str] = []
    for v in value:
        code = str(v).strip()
        # Well-formed but unknown codes (a municipality's own, an import) are kept and shown.
        if not is_code(code):
            raise ValidationError(f"«{code[:40]}» er ikke en kode fra kataloget. Vælg fra listen, "
                                  "eller skriv det som et tilføjet tegn.", field=key)
        if code not in out:
            out.append(code)
    if len(out) > MAX_CODES:
        raise ValidationError(f"{label}: højst {MAX_CODES}.", field=key)
    return out


def _added(value: Any, key: str, label: str) -> list[str]:
    """Free-text signals: a list, or one per line."""
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = value.splitlines()
    if not isinstance(value, list | tuple):
        raise ValidationError(f"{label} skal skrives ét pr. linje.", field=key)
    out: list[str] = []
    for v in value:
        text = clean(v, field=key, label=label, max_len=ADDED_MAX_LEN)
        if text and text not in out:
            out.append(text)
    if len(out) > MAX_ADDED:
        raise ValidationError(f"{label}: højst {MAX_ADDED} linjer.", field=key)
    return out


def validate_assessment(data: Mapping[str, Any], *, partial: bool = False,
                        today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    keys = [k for k in ASSESSMENT_FIELDS if k in data] if partial else list(ASSESSMENT_FIELDS)
    out: dict[str, Any] = {}
    for key in keys:
        v = data.get(key)
        if key == "assessed_on":
            d = v if isinstance(v, date) else parse_date(v, field=key, today=today)
            if d is None:
                raise ValidationError("Skriv datoen for vurderingen.", field=key)
            if d > today:
                raise ValidationError(f"Vurderingens dato ({fmt(d)}) ligger i fremtiden. Skriv "
                                      "den dag, vurderingen blev lavet.", field=key)
            out[key] = d.isoformat()
        elif key == "worker_name":
            out[key] = clean(v, field=key, label="Medarbejderens navn", max_len=NAME_MAX,
                             required=True)
        elif key == "phase":
            out[key] = _code(v, PHASES, key, "Vælg en fase: bekymring identificeret, dialog med "
                                             "den unge eller indsatser sat i gang.")
        elif key == "target_subgroup":
            out[key] = _code(v, TARGET_SUBGROUPS, key,
                             "Vælg delmålgruppe: i hjemløshed eller i risiko for hjemløshed.")
        elif key == "homelessness_duration":
            out[key] = _code(v, DURATIONS, key, "Vælg hjemløshedens varighed fra listen.")
        elif key == "summary":
            out[key] = clean(v, field=key, label="Sammenfatningen", max_len=NOTE_MAX,
                             multiline=True)
        else:  # course_id
            out[key] = str(v).strip() or None if v else None
    return out


def validate_domain_code(domain: Any) -> str:
    code = str(domain or "").strip()
    if not is_code(code):
        raise ValidationError("Vælg et domæne fra opsporingscirklen.", field="domain")
    return code


def validate_domain(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """A domain row. Everything may be empty: a draft with empty domains saves."""
    keys = [k for k in DOMAIN_FIELDS if k in data] if partial else list(DOMAIN_FIELDS)
    out: dict[str, Any] = {}
    for key in keys:
        v = data.get(key)
        if key == "concern":
            out[key] = _code(v, CONCERNS, key, "Vælg bekymring: ja, nej eller ikke afdækket.")
        elif key == "risk_signals":
            out[key] = _codes(v, key, "Risikotegn")
        elif key == "protective_factors":
            out[key] = _codes(v, key, "Beskyttende faktorer")
        elif key == "risk_signals_added":
            out[key] = _added(v, key, "Tilføjede risikotegn")
        elif key == "protective_added":
            out[key] = _added(v, key, "Tilføjede beskyttende faktorer")
        elif key == "judgement":
            out[key] = clean(v, field=key, label="Vurderingen", max_len=NOTE_MAX, multiline=True)
        else:  # youth_view
            out[key] = clean(v, field=key, label="Den unges eget syn", max_len=NOTE_MAX,
                             multiline=True)
    return out


def validate_action(data: Mapping[str, Any], *, partial: bool = False,
                    today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    keys = [k for k in ACTION_FIELDS if k in data] if partial else list(ACTION_FIELDS)
    out: dict[str, Any] = {}
    for key in keys:
        v = data.get(key)
        if key == "what":
            out[key] = clean(v, field=key, label="Hvad der skal ske", max_len=2000,
                             multiline=True, required=True)
        elif key == "who":
            out[key] = clean(v, field=key, label="Hvem", max_len=NAME_MAX)
        elif key in ("due_date", "done_date"):
            d = v if isinstance(v, date) else parse_date(v, field=key, today=today)
            out[key] = d.isoformat() if d else None
        elif key == "onward_actor_id":
            out[key] = str(v).strip() or None if v else None
        else:  # onward_text
            out[key] = clean(v, field=key, label="Videre henvisning", max_len=500)
    return out


def is_empty_domain(row: Mapping[str, Any]) -> bool:
    return not any(row.get(k) for k in DOMAIN_FIELDS)


# --- profile and comparison (no score, no level, no ranking) ---------------------------------


def profile(domains: Iterable[Mapping[str, Any]],
            order: Iterable[str] = DOMAINS) -> list[dict[str, Any]]:
    """One row per domain in the catalogue's order, then unknown domains as stored."""
    by_code = {str(d.get("domain")): d for d in domains}
    codes = [c for c in order] + sorted(c for c in by_code if c not in set(order))
    rows = []
    for code in codes:
        d = by_code.get(code, {})
        rows.append({
            "domain": code, "concern": d.get("concern"),
            "risk_signals": list(d.get("risk_signals") or []),
            "risk_signals_added": list(d.get("risk_signals_added") or []),
            "protective_factors": list(d.get("protective_factors") or []),
            "protective_added": list(d.get("protective_added") or []),
            "sharing": d.get("sharing") or "internal", "known": code in set(order),
            "recorded": bool(d) and not is_empty_domain(d),
        })
    return rows


@dataclass(frozen=True)
class DomainChange:
    domain: str
    concern_before: str | None
    concern_after: str | None
    signals_added: tuple[str, ...] = ()
    signals_removed: tuple[str, ...] = ()
    protective_added: tuple[str, ...] = ()
    protective_removed: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return (self.concern_before != self.concern_after or bool(self.signals_added)
                or bool(self.signals_removed) or bool(self.protective_added)
                or bool(self.protective_removed))


def _all_signals(row: Mapping[str, Any], codes: str, added: str) -> list[str]:
    return list(row.get(codes) or []) + [f"+{t}" for t in row.get(added) or []]


def compare(before: Iterable[Mapping[str, Any]], after: Iterable[Mapping[str, Any]],
            order: Iterable[str] = DOMAINS) -> list[DomainChange]:
    """What changed per domain from one assessment to the next (added text is prefixed "+")."""
    a = {r["domain"]: r for r in profile(before, order)}
    b = {r["domain"]: r for r in profile(after, order)}
    out = []
    for code in list(dict.fromkeys([*a, *b])):
        ra, rb = a.get(code, {}), b.get(code, {})
        sa = _all_signals(ra, "risk_signals", "risk_signals_added")
        sb = _all_signals(rb, "risk_signals", "risk_signals_added")
        pa = _all_signals(ra, "protective_factors", "protective_added")
        pb = _all_signals(rb, "protective_factors", "protective_added")
        out.append(DomainChange(
            domain=code, concern_before=ra.get("concern"), concern_after=rb.get("concern"),
            signals_added=tuple(s for s in sb if s not in sa),
            signals_removed=tuple(s for s in sa if s not in sb),
            protective_added=tuple(s for s in pb if s not in pa),
            protective_removed=tuple(s for s in pa if s not in pb)))
    return out


def latest(assessments: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    rows = sorted(assessments, key=lambda a: (str(a.get("assessed_on") or ""),
                                              str(a.get("created_at") or "")))
    return rows[-1] if rows else None


def concern_label(code: str | None) -> str:
    if code is None:
        return "–"
    return CONCERN_LABELS.get(code, code)


def assessed_date(row: Mapping[str, Any]) -> date | None:
    return to_date(row.get("assessed_on"))
