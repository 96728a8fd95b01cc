"""Prefill a measurement from the records ("derive, don't ask", DOMAIN §7.8). Pure functions.

The store gathers the records (`hfdesk.store.measurements.prefill_data`); the functions here turn
them into proposed answers, each with a plain Danish basis the worker can check ("6 besøg fra
02.11.2026 til 01.12.2026"). Nothing here is final: the worker confirms or corrects, and the
derived value is kept beside a correction.

Windows are counted back from the measurement date, inclusive of that day:
- visits in the last month: 30 days; typical length and phone/sms/mail: 92 days (three months);
  appointments kept and > 3 weeks without contact: 61 days (two months), never before the course
  started; life areas and network meetings: since the previous measurement (or the course start).
- Visits are the face-to-face contact types (home visit, outreach, escort, meeting) with the
  citizen present; phone/sms/mail counts phone, sms/mail and video.
- Bins, from the count in the window: visits ≥ 20 "Dagligt", ≥ 7 "et par gange om ugen", ≥ 3
  "én gang om ugen", 2 "hver 14. dag", else "én gang om måneden eller sjældnere"; phone ≥ 65
  "Dagligt", ≥ 10 "ugentligt", ≥ 5 "hver 14. dag", else monthly or less. Appointments kept: the
  share of held among held and missed, to the nearest of all (1) / every second (½) / every
  fourth (¼) / none (0). Visit length: the median of the visits' minutes.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hfdesk.domain.dates import fmt, to_date

VISIT_TYPES = frozenset({"home_visit", "outreach", "escort", "meeting"})
PHONE_TYPES = frozenset({"phone", "sms_mail", "video"})
CONTACT_TYPES = VISIT_TYPES | PHONE_TYPES
MONTH_DAYS = 30
TWO_MONTHS_DAYS = 61
THREE_MONTHS_DAYS = 92
NO_CONTACT_DAYS = 21
LENGTH_BINS = ((5, "m1_5"), (15, "m6_15"), (30, "m16_30"), (45, "m31_45"), (60, "m46_60"),
               (90, "m61_90"))


@dataclass(frozen=True)
class Derived:
    value: Any
    basis: str


def _day(entry: Mapping[str, Any]) -> date | None:
    return to_date(str(entry.get("occurred_at") or "")[:10] or None)


def _window(entries: Iterable[Mapping[str, Any]], start: date, on: date) -> list[Mapping[str, Any]]:
    """Entries with start < day ≤ on."""
    out = []
    for e in entries:
        d = _day(e)
        if d is not None and start < d <= on:
            out.append(e)
    return out


def _done(e: Mapping[str, Any]) -> bool:
    return e.get("status") == "done"


def _present(e: Mapping[str, Any]) -> bool:
    return bool(e.get("citizen_present", True))


def _period(start: date, on: date) -> str:
    return f"fra {fmt(start + timedelta(days=1))} til {fmt(on)}"


# --- one rule per derivable item ------------------------------------------------------------

def housing_situation(data: Mapping[str, Any]) -> Derived | None:
    on: date = data["on"]
    seg = segment_on(data.get("housing") or [], on)
    if seg is None:
        return None
    label = data.get("label", lambda _l, c: c)("housing_situation", seg["housing_situation"])
    return Derived(seg["housing_situation"],
                   f"Boligforløbet: {label} fra {fmt(seg.get('start_date'))}")


def segment_on(segments: Sequence[Mapping[str, Any]], on: date) -> Mapping[str, Any] | None:
    """The housing segment covering the day (end dates are exclusive: the next one starts)."""
    best = None
    for s in segments:
        start, end = to_date(s.get("start_date")), to_date(s.get("end_date"))
        if start is None or start > on or (end is not None and end <= on):
            continue
        if best is None or start >= to_date(best.get("start_date")):  # type: ignore[operator]
            best = s
    return best


def visit_frequency(data: Mapping[str, Any]) -> Derived:
    on: date = data["on"]
    start = on - timedelta(days=MONTH_DAYS)
    n = sum(1 for e in _window(data.get("journal") or [], start, on)
            if _done(e) and _present(e) and e.get("entry_type") in VISIT_TYPES)
    code = ("daily" if n >= 20 else "few_per_week" if n >= 7 else "weekly" if n >= 3
            else "fortnightly" if n == 2 else "monthly_or_less")
    return Derived(code, f"{n} besøg {_period(start, on)}")


def visit_length(data: Mapping[str, Any]) -> Derived | None:
    on: date = data["on"]
    start = on - timedelta(days=THREE_MONTHS_DAYS)
    minutes = [int(e["duration_min"]) for e in _window(data.get("journal") or [], start, on)
               if _done(e) and _present(e) and e.get("entry_type") in VISIT_TYPES
               and isinstance(e.get("duration_min"), int) and e["duration_min"] > 0]
    if not minutes:
        return None
    median = statistics.median(minutes)
    code = next((c for limit, c in LENGTH_BINS if median <= limit), "over_90")
    shown = f"{median:g}".replace(".", ",")
    return Derived(code, f"Median {shown} min. over {len(minutes)} besøg {_period(start, on)}")


def phone_frequency(data: Mapping[str, Any]) -> Derived:
    on: date = data["on"]
    start = on - timedelta(days=THREE_MONTHS_DAYS)
    n = sum(1 for e in _window(data.get("journal") or [], start, on)
            if _done(e) and e.get("entry_type") in PHONE_TYPES)
    code = ("daily" if n >= 65 else "weekly" if n >= 10 else "fortnightly" if n >= 5
            else "monthly_or_less")
    return Derived(code, f"{n} gange telefon, sms, mail eller video {_period(start, on)}")


def _two_months(data: Mapping[str, Any]) -> date:
    on: date = data["on"]
    start = on - timedelta(days=TWO_MONTHS_DAYS)
    course_start = course_start_of(data.get("course") or {})
    if course_start is not None and course_start - timedelta(days=1) > start:
        start = course_start - timedelta(days=1)
    return start


def course_start_of(course: Mapping[str, Any]) -> date | None:
    return to_date(course.get("start_date")) or to_date(course.get("transition_date")) \
        or to_date(course.get("referral_date"))


def appointments_kept(data: Mapping[str, Any]) -> Derived | None:
    on: date = data["on"]
    start = _two_months(data)
    rows = [e for e in _window(data.get("journal") or [], start, on)
            if e.get("entry_type") in CONTACT_TYPES]
    held = sum(1 for e in rows if _done(e) and _present(e))
    missed = sum(1 for e in rows if e.get("status") == "no_show")
    if held + missed == 0:
        return None
    share = held / (held + missed)
    code = ("all" if share >= 0.75 else "every_second" if share >= 0.375
            else "every_fourth" if share >= 0.125 else "none")
    return Derived(code, f"{held} af {held + missed} aftaler holdt {_period(start, on)}")


def missed_reasons(data: Mapping[str, Any]) -> Derived | None:
    on: date = data["on"]
    start = _two_months(data)
    reasons: list[str] = []
    missed = 0
    for e in _window(data.get("journal") or [], start, on):
        if e.get("status") != "no_show":
            continue
        missed += 1
        r = e.get("missed_reason")
        if r and r not in reasons:
            reasons.append(str(r))
    if not reasons:
        return None
    return Derived(sorted(reasons), f"Årsager noteret ved {missed} udeblivelser "
                                    f"{_period(start, on)}")


def no_contact_3_weeks(data: Mapping[str, Any]) -> Derived:
    on: date = data["on"]
    start = _two_months(data)
    days = sorted({d for e in _window(data.get("journal") or [], start, on)
                   if _done(e) and _present(e) and e.get("entry_type") in CONTACT_TYPES
                   and (d := _day(e)) is not None})
    points = [start, *days, on]
    longest = max((b - a).days for a, b in zip(points, points[1:], strict=False))
    return Derived("yes" if longest > NO_CONTACT_DAYS else "no",
                   f"Længste periode uden kontakt {_period(start, on)}: {longest} dage")


def life_areas_worked(data: Mapping[str, Any]) -> Derived | None:
    on: date = data["on"]
    since: date = data.get("since") or on - timedelta(days=THREE_MONTHS_DAYS)
    areas: set[str] = set()
    notes = 0
    for e in _window(data.get("journal") or [], since, on):
        if _done(e) and e.get("life_areas"):
            notes += 1
            areas.update(str(a) for a in e["life_areas"])
    if not areas:
        return None
    order = data.get("life_area_order") or []
    rank = {c: i for i, c in enumerate(order)}
    return Derived(sorted(areas, key=lambda c: (rank.get(c, len(rank)), c)),
                   f"Emner på {notes} notater {_period(since, on)}")


def meetings_held(data: Mapping[str, Any]) -> Derived:
    on: date = data["on"]
    since: date = data.get("since") or on - timedelta(days=THREE_MONTHS_DAYS)
    n = sum(1 for m in data.get("meetings") or []
            if m.get("held") and (d := to_date(str(m.get("meeting_at") or "")[:10] or None))
            and since < d <= on)
    return Derived(n, f"{n} holdte netværksmøder {_period(since, on)}")


def support_plan(data: Mapping[str, Any]) -> Derived:
    plan = data.get("plan") or {}
    on: date = data["on"]
    versions = [v for v in plan.get("versions") or []
                if (d := to_date(v.get("finished_on"))) is not None and d <= on]
    if versions:
        last = max(versions, key=lambda v: int(v.get("number") or 0))
        return Derived("yes", f"Indsatsplan version {last.get('number')} færdiggjort "
                              f"{fmt(last.get('finished_on'))}")
    goals = int(plan.get("goals") or 0)
    if goals:
        return Derived("yes", f"Indsatsplan som kladde med {goals} mål")
    return Derived("no", "Ingen indsatsplan med mål for forløbet")


def _authority_plan(data: Mapping[str, Any], code: str, what: str) -> Derived | None:
    plan = data.get("plan") or {}
    types = set(plan.get("link_types") or [])
    if plan.get("authority_type"):
        types.add(str(plan["authority_type"]))
    if code not in types:
        return None
    return Derived("yes", f"{what} registreret under Plan")


def plan_141(data: Mapping[str, Any]) -> Derived | None:
    return _authority_plan(data, "sel_141", "§ 141-handleplan")


def holistic_plan(data: Mapping[str, Any]) -> Derived | None:
    return _authority_plan(data, "helhedsorienteret", "Helhedsorienteret plan")


def education_plan(data: Mapping[str, Any]) -> Derived | None:
    return _authority_plan(data, "kip", "KIP/uddannelsesplan")


def end_type(data: Mapping[str, Any]) -> Derived | None:
    course = data.get("course") or {}
    t = course.get("end_type")
    if not t:
        return None
    return Derived(t, f"Forløbet: afsluttet {fmt(course.get('end_decision_date'))}")


def end_reasons(data: Mapping[str, Any]) -> Derived | None:
    course = data.get("course") or {}
    reasons = [str(r) for r in course.get("end_reasons") or []]
    if not reasons:
        return None
    return Derived(reasons, "Forløbets afslutningsårsager")


def housing_at_end(data: Mapping[str, Any]) -> Derived | None:
    found = housing_situation(data)
    if found is None:
        return None
    group: Callable[[str], str | None] = data.get("housing_group") or (lambda _c: None)
    g = group(str(found.value))
    if g not in ("H", "N"):
        return None
    return Derived("housed" if g == "H" else "not_housed", found.basis)


RULES: dict[str, Callable[[Mapping[str, Any]], Derived | None]] = {
    "housing_situation": housing_situation,
    "visit_frequency": visit_frequency,
    "visit_length": visit_length,
    "phone_frequency": phone_frequency,
    "appointments_kept": appointments_kept,
    "missed_reasons": missed_reasons,
    "no_contact_3_weeks": no_contact_3_weeks,
    "life_areas_worked": life_areas_worked,
    "meetings_held": meetings_held,
    "support_plan": support_plan,
    "plan_141": plan_141,
    "holistic_plan": holistic_plan,
    "education_plan": education_plan,
    "end_type": end_type,
    "end_reasons": end_reasons,
    "housing_at_end": housing_at_end,
}


def derive(items: Iterable[Any], data: Mapping[str, Any]) -> dict[str, Derived]:
    """Proposed answers for the catalogue items that name a rule; unknown rules are skipped."""
    out: dict[str, Derived] = {}
    for item in items:
        rule = RULES.get(getattr(item, "derive", None) or "")
        if rule is None:
            continue
        found = rule(data)
        if found is not None:
            out[item.key] = found
    return out
