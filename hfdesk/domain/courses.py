"""Courses (forløb): validation, CTI phases, the current phase, days since contact. No I/O.

CTI runs from the transition date (move-in, discharge, release, leaving the boform) in three
phases of three months. "Sat i bero" periods shift the phases that have not ended. The worker can
override a phase's dates with a reason. Nothing here closes a course: losing a home never ends
one, and the end is the authority's decision.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hfdesk.domain.dates import parse_date, to_date
from hfdesk.domain.text import NOTE_MAX, clean
from hfdesk.errors import ValidationError

METHODS = ("cti", "icm", "act", "preventive", "ordinary_85", "other")
STATUSES = ("phase_zero", "active", "paused", "ended")
END_TYPES = ("planned", "unplanned", "deceased")
EVENT_KINDS = ("admission", "discharge", "incarceration", "release", "paused",
               "moved_municipality", "death")
CTI_PHASES = 3
CTI_PHASE_MONTHS = 3
DEFAULT_THRESHOLDS = {"cti_1": 7, "icm": 7, "cti_2": 14, "default": 21}


def add_months(d: date, months: int) -> date:
    m = d.month - 1 + months
    y = d.year + m // 12
    m = m % 12 + 1
    return date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


@dataclass(frozen=True)
class Phase:
    number: int
    start: date
    end: date  # exclusive
    reason: str | None = None

    @property
    def label(self) -> str:
        return f"Fase {self.number}"


def paused_periods(events: Iterable[Mapping[str, Any]], today: date) -> list[tuple[date, date]]:
    """(start, end exclusive) of each "sat i bero"; an open one runs to today."""
    periods = []
    for e in events:
        if e.get("kind") != "paused":
            continue
        start = to_date(e.get("event_date"))
        if start is None:
            continue
        end = to_date(e.get("end_date")) or today + timedelta(days=1)
        if end > start:
            periods.append((start, end))
    return sorted(periods)


def _overlap(a: tuple[date, date], b: tuple[date, date]) -> int:
    return max(0, (min(a[1], b[1]) - max(a[0], b[0])).days)


def cti_phases(transition: date | None, paused: list[tuple[date, date]],
               overrides: Iterable[Mapping[str, Any]] = ()) -> list[Phase]:
    if transition is None:
        return []
    by_number = {int(o["phase"]): o for o in overrides if o.get("phase")}
    phases: list[Phase] = []
    start = transition
    for n in range(1, CTI_PHASES + 1):
        o = by_number.get(n)
        if o and o.get("start"):
            start = to_date(o["start"]) or start
        end = add_months(start, CTI_PHASE_MONTHS)
        # Extend by paused days inside the phase; re-check since extending can meet more pause.
        # Runs to the fixed point: extra only grows and is bounded by the paused days.
        extra = 0
        while True:
            new_extra = sum(_overlap((start, end + timedelta(days=extra)), p) for p in paused)
            if new_extra == extra:
                break
            extra = new_extra
        end = end + timedelta(days=extra)
        if o and o.get("end"):
            end = to_date(o["end"]) or end
        phases.append(Phase(n, start, end, (o or {}).get("reason")))
        start = end
    return phases


@dataclass(frozen=True)
class CourseState:
    status: str
    phase: Phase | None
    phase_label: str
    day_number: int | None
    phases: list[Phase]


def state(course: Mapping[str, Any], events: Iterable[Mapping[str, Any]],
          today: date | None = None) -> CourseState:
    today = today or date.today()
    events = list(events)
    paused = paused_periods(events, today)
    method = course.get("method")
    status = str(course.get("status") or "phase_zero")
    start = to_date(course.get("start_date")) or to_date(course.get("transition_date"))
    if course.get("end_decision_date"):
        status = "ended"
    elif any(p[0] <= today < p[1] for p in paused):
        status = "paused"
    phases = cti_phases(to_date(course.get("transition_date")), paused,
                        course.get("phase_overrides") or []) if method == "cti" else []
    if status == "phase_zero" and start and start <= today:
        status = "active"
    day = (today - start).days + 1 if start and start <= today else None
    current = next((p for p in phases if p.start <= today < p.end), None)
    method_label = {"cti": "CTI", "icm": "ICM", "act": "ACT"}.get(str(method), "")
    if status == "ended":
        label = "Afsluttet"
    elif status == "phase_zero" and not start:
        label = "Fase nul · afventer afgørelse"
    elif method == "cti":
        if current:
            label = f"CTI · fase {current.number} af {CTI_PHASES}"
        elif phases and today >= phases[-1].end:
            label = "CTI · efter fase 3"
        else:
            label = "CTI · før overgang"
    else:
        label = method_label or "Bostøtte"
    if status == "paused":
        label += " · sat i bero"
    return CourseState(status, current, label, day, phases)


def contact_threshold(course: Mapping[str, Any], st: CourseState,
                      thresholds: Mapping[str, int] | None = None) -> int:
    t = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    if course.get("method") == "cti" and st.phase:
        return int(t.get(f"cti_{st.phase.number}", t["default"]))
    if course.get("method") == "icm":
        return int(t["icm"])
    return int(t["default"])


def days_since(last_contact: date | None, paused: list[tuple[date, date]],
               today: date | None = None) -> int | None:
    """Days since last contact with the citizen, not counting days "sat i bero"."""
    today = today or date.today()
    if last_contact is None:
        return None
    total = (today - last_contact).days
    return max(0, total - sum(_overlap((last_contact, today), p) for p in paused))


# --- validation -----------------------------------------------------------------------------

COURSE_FIELDS = ("case_number", "method", "status", "referral_date", "start_date",
                 "transition_date", "transition_kind", "phase_overrides", "authority_actor_id",
                 "end_recommended_date", "end_decision_date", "end_type", "end_reasons",
                 "end_reason_text", "transition_target", "notes")
_DATE_FIELDS = {"referral_date", "start_date", "transition_date", "end_recommended_date",
                "end_decision_date"}
_LABELS = {"referral_date": "Henvendelsesdato", "start_date": "Startdato",
           "transition_date": "Overgangsdato", "end_recommended_date": "Indstillingsdato",
           "end_decision_date": "Afgørelsesdato"}


def _date_field(value: Any, key: str) -> str | None:
    d = value if isinstance(value, date) else parse_date(value, field=key)
    return d.isoformat() if d else None


def validate(data: Mapping[str, Any], *, partial: bool = False,
             current: Mapping[str, Any] | None = None) -> dict[str, Any]:
    keys = [k for k in COURSE_FIELDS if k in data] if partial else list(COURSE_FIELDS)
    out: dict[str, Any] = {}
    for key in keys:
        v = data.get(key)
        if key in _DATE_FIELDS:
            out[key] = _date_field(v, key)
        elif key == "method":
            if v not in METHODS:
                raise ValidationError("Vælg en metode: CTI, ICM, ACT, forebyggende, § 85 "
                                      "eller andet.", field=key)
            out[key] = v
        elif key == "status":
            if (v or "phase_zero") not in STATUSES:
                raise ValidationError("Ukendt status for forløbet.", field=key)
            out[key] = v or "phase_zero"
        elif key == "end_type":
            if v not in (None, "") and v not in END_TYPES:
                raise ValidationError("Vælg afslutningstype: planlagt, ikke planlagt eller død.",
                                      field=key)
            out[key] = v or None
        elif key in ("end_reasons", "phase_overrides"):
            out[key] = list(v or [])
            if key == "phase_overrides":
                for o in out[key]:
                    if not clean(o.get("reason"), field=key, label="Begrundelse"):
                        raise ValidationError(
                            "Skriv en begrundelse, når en fases datoer ændres.", field=key)
        elif key in ("notes", "end_reason_text"):
            out[key] = clean(v, field=key, label="Tekst", max_len=NOTE_MAX, multiline=True)
        else:
            out[key] = clean(v, field=key, label="Feltet", max_len=200)
    merged = {**(current or {}), **out}
    _check_order(merged)
    return out


def _check_order(c: Mapping[str, Any]) -> None:
    start = to_date(c.get("start_date"))
    for key in ("end_recommended_date", "end_decision_date"):
        end = to_date(c.get(key))
        if start and end and end < start:
            raise ValidationError(
                f"{_LABELS[key]} ({end.strftime('%d.%m.%Y')}) ligger før forløbets start "
                f"({start.strftime('%d.%m.%Y')}). Vælg en dato efter starten.", field=key)
    if c.get("end_decision_date") and not c.get("end_type"):
        raise ValidationError("Vælg afslutningstype, når afgørelsen om afslutning registreres.",
                              field="end_type")


SEGMENT_FIELDS = ("legal_basis", "decision_date", "period_start", "period_end", "next_review",
                  "provider_wish", "provider_wish_followed", "provider_wish_reason", "notes")


def validate_segment(data: Mapping[str, Any], legal_bases: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if data.get("legal_basis") not in set(legal_bases):
        raise ValidationError("Vælg et lovgrundlag fra listen.", field="legal_basis")
    out["legal_basis"] = data["legal_basis"]
    for key in ("decision_date", "period_start", "period_end", "next_review"):
        out[key] = _date_field(data.get(key), key)
    if out["period_start"] and out["period_end"] and out["period_end"] < out["period_start"]:
        raise ValidationError("Periodens slut ligger før dens start.", field="period_end")
    out["provider_wish"] = clean(data.get("provider_wish"), field="provider_wish",
                                 label="Ønske om leverandør")
    f = data.get("provider_wish_followed")
    out["provider_wish_followed"] = None if f is None else bool(f)
    out["provider_wish_reason"] = clean(data.get("provider_wish_reason"),
                                        field="provider_wish_reason", label="Begrundelse",
                                        max_len=NOTE_MAX, multiline=True)
    if out["provider_wish_followed"] is False and not out["provider_wish_reason"]:
        raise ValidationError("Skriv begrundelsen, når borgerens ønske om leverandør ikke "
                              "følges (SEL § 85 a, stk. 2).", field="provider_wish_reason")
    out["notes"] = clean(data.get("notes"), field="notes", label="Noter", max_len=NOTE_MAX,
                         multiline=True)
    return out
