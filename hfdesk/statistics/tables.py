"""The evaluations' tables, computed from plain rows (no store, no I/O, no free text).

`compute(data, period, today)` takes the rows `hfdesk.statistics.fetch` read through
`hfdesk.store.statistics` and returns `Tables`. Every table says its n, unit, period and source.
Definitions (what counts as housed, the first three months, …) are in the docstrings below and
in the README section "Statistik og fidelitet".
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hfdesk.domain import housing_search as hs
from hfdesk.domain.dates import to_date
from hfdesk.statistics.core import Count, Label, Period, Share, Stat, Table, quantile
from hfdesk.vocab import Vocabularies

GROUP_LABELS = {"H": "I bolig", "N": "Ikke i bolig (hjemløs)", "U": "Uoplyst"}
UNKNOWN = "Ikke registreret"
# Bins of the time-to-housing histogram, in days (upper bounds inclusive).
DAY_BINS: tuple[tuple[str, int | None], ...] = (
    ("0–30 dage", 30), ("31–90 dage", 90), ("91–180 dage", 180), ("181–365 dage", 365),
    ("Over 1 år", None))


@dataclass
class Data:
    """Everything the tables are computed from, as read by `hfdesk.store.statistics`."""
    courses: list[dict[str, Any]] = field(default_factory=list)
    citizens: list[dict[str, Any]] = field(default_factory=list)
    stays: list[dict[str, Any]] = field(default_factory=list)
    referrals: list[dict[str, Any]] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)
    early: list[dict[str, Any]] = field(default_factory=list)
    journal: dict[str, int] = field(default_factory=dict)
    measurements: list[dict[str, Any]] | None = None
    span: tuple[str | None, str | None] = (None, None)


@dataclass
class CourseFacts:
    """What the tables need to know about one course (derived once, used by several tables)."""
    id: str
    citizen_id: str
    method: str
    status: str                      # phase_zero | active | ended, on the period's last day
    start: date | None
    end: date | None
    end_type: str | None
    end_reasons: list[str]
    housing_start: str | None        # housing situation code at start
    housing_latest: str | None       # at the latest measurement / latest known
    days_to_housing: int | None      # from start to first move-in into an ordinary tenancy
    days_from_referral: int | None
    contacts_3m: int | None          # held contacts with the citizen in the first 3 months
    visits_3m: int | None
    housing_from_measurements: bool = False


@dataclass
class Tables:
    tables: list[Table]
    courses: list[CourseFacts]
    period_text: str
    housing_source: str              # "målinger" or "boligforløb"
    histogram: list[tuple[str, int]]  # time to housing, unsuppressed counts (charts suppress)
    housing_groups: list[tuple[str, int, int]]  # (group label, at start, latest)

    def by_key(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _stay_on(stays: Sequence[Mapping[str, Any]], day: date) -> Mapping[str, Any] | None:
    """The stay covering `day` (latest start on or before it, not ended before it)."""
    found = None
    for s in stays:
        start = to_date(s.get("start_date"))
        if start is None or start > day:
            continue
        end = to_date(s.get("end_date"))
        if end is not None and end < day:
            continue
        found = s
    return found


def _months_later(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, 28)


def _course_facts(data: Data, period: Period, today: date, housed: frozenset[str]
                  ) -> list[CourseFacts]:
    end_of = period.end or today
    stays_by: dict[str, list[dict[str, Any]]] = {}
    for s in data.stays:
        stays_by.setdefault(str(s["citizen_id"]), []).append(s)
    meas_by: dict[str, list[dict[str, Any]]] = {}
    for m in data.measurements or []:
        if to_date(m.get("measured_on")) and to_date(m["measured_on"]) <= end_of:  # type: ignore[operator]
            meas_by.setdefault(str(m["course_id"]), []).append(m)
    early = {str(r["course_id"]): r for r in data.early}
    out = []
    for c in data.courses:
        start = to_date(c.get("start_date"))
        first = start or to_date(c.get("referral_date")) or to_date(str(c.get("created_at"))[:10])
        end = to_date(c.get("end_decision_date"))
        if end is not None and end > end_of:
            end = None                      # ended after the period: open within it
        if not period.overlaps(first, end or end_of):
            continue
        status = "ended" if end else ("active" if start and start <= end_of else "phase_zero")
        stays = stays_by.get(str(c["citizen_id"]), [])
        anchor = start or to_date(c.get("referral_date"))
        at_start = _stay_on(stays, anchor) if anchor else None
        ms = meas_by.get(str(c["id"]), [])
        # Per course: its measurements when it has any, else its housing history.
        if ms:
            start_m = next((m for m in ms if m.get("kind") == "opstart"), None)
            h_start = (start_m or ms[0]).get("housing_situation")
            h_latest = ms[-1]["housing_situation"]
        else:
            h_start = at_start.get("housing_situation") if at_start else None
            latest_day = min(end or end_of, end_of)
            now = _stay_on(stays, latest_day)
            h_latest = now.get("housing_situation") if now else None
        # Time to housing, as the housing area defines it (hfdesk.domain.housing_search):
        # course start (or henvendelse) to the first move-in into an ordinary tenancy.
        fig = hs.figures(course=c, stays=[s for s in stays
                                          if (hs.move_in_of(s) or date.max) <= end_of],
                         housed=housed, today=end_of)
        homeless_at_start = not (at_start and hs.is_ordinary_tenancy(at_start, housed))
        e = early.get(str(c["id"]))
        observed = start is not None and (end is not None or _months_later(start, 3) <= end_of)
        reasons = c.get("end_reasons") or "[]"
        if isinstance(reasons, str):
            try:
                reasons = json.loads(reasons)
            except ValueError:
                reasons = []
        out.append(CourseFacts(
            id=str(c["id"]), citizen_id=str(c["citizen_id"]), method=str(c.get("method") or ""),
            status=status, start=start, end=end,
            end_type=c.get("end_type") if end else None,
            end_reasons=[str(r) for r in reasons] if end else [],
            housing_start=h_start, housing_latest=h_latest,
            days_to_housing=fig.days_from_start if homeless_at_start else None,
            days_from_referral=fig.days_from_referral if homeless_at_start else None,
            contacts_3m=int(e["contacts"]) if e and observed else None,
            visits_3m=int(e["visits"]) if e and observed else None,
            housing_from_measurements=bool(ms)))
    return out


def _spread_row(label: str, values: Sequence[int]) -> list[Any]:
    n = len(values)
    return [Label(label), Count(n), Stat(quantile(values, 0.5), n),
            Stat(quantile(values, 0.25), n), Stat(quantile(values, 0.75), n)]


def compute(data: Data, period: Period, today: date, voc: Vocabularies) -> Tables:
    housed = frozenset(c.code for c in voc.codes("housing_situation", include_inactive=True)
                       if c.group == "H")
    first, last = (to_date(d) for d in data.span)
    ptext = period.label(first, last or today)
    facts = _course_facts(data, period, today, housed)
    n_courses = len(facts)
    tables: list[Table] = []

    def lab(list_name: str, code: str | None) -> str:
        return voc.label(list_name, code) if code else UNKNOWN

    # 1. Courses by method and status ------------------------------------------------------
    methods = [c.code for c in voc.codes("support_method", include_inactive=True)]
    seen = Counter(f.method for f in facts)
    order = [m for m in methods if seen[m]] + sorted(m for m in seen if m not in methods)
    t = Table("forloeb_metode", "Forløb efter metode",
              ["Metode", "I alt", "Fase nul", "Aktive", "Afsluttede"], n=n_courses,
              period=ptext, source="Forløb, der var åbne i perioden; status på periodens sidste dag.")
    for m in order:
        fs = [f for f in facts if f.method == m]
        st = Counter(f.status for f in fs)
        t.rows.append([Label(lab("support_method", m)), Count(len(fs)), Count(st["phase_zero"]),
                       Count(st["active"]), Count(st["ended"])])
    if facts:
        st = Counter(f.status for f in facts)
        t.rows.append([Label("I alt"), Count(n_courses), Count(st["phase_zero"]),
                       Count(st["active"]), Count(st["ended"])])
        k = len(t.rows) - 1
        t.lines = [((r, 1), [(r, 2), (r, 3), (r, 4)]) for r in range(k + 1)]
        t.lines += [((k, c), [(r, c) for r in range(k)]) for c in range(1, 5)]
    tables.append(t)

    # 1b. Caseload against the method's norm (DOMAIN §10) -----------------------------------
    active_now = [f for f in facts if f.status == "active"]
    norms = {c.code: c.extra.get("caseload_norm")
             for c in voc.codes("support_method", include_inactive=True)}
    t = Table("sagsstamme_norm", "Sagsstamme og norm",
              ["Metode", "Aktive forløb", "Norm (højst pr. medarbejder)"], n=len(active_now),
              period=ptext,
              source="Aktive forløb på periodens sidste dag; normen er metodens (CTI 10, ICM og "
                     "ACT 8) fra kodelisten.")
    for m in order:
        k = sum(1 for f in active_now if f.method == m)
        norm = norms.get(m)
        if k or norm:
            t.rows.append([Label(lab("support_method", m)), Count(k),
                           Label(str(norm) if norm else "–")])
    if active_now:
        t.lines = [(None, [(r, 1) for r in range(len(t.rows))])]
    else:
        t.rows = []
    tables.append(t)

    # 2. Housing situation at start and latest ---------------------------------------------
    started = [f for f in facts if f.start is not None or f.housing_start is not None]
    n_meas = sum(1 for f in started if f.housing_from_measurements)
    from_meas = n_meas > 0
    history = ("boligforløbet (boligsituationen på forløbets startdato og på periodens sidste "
               "dag eller afslutningsdatoen)")
    if n_meas == len(started) and started:
        source = "målinger (individdokumentation): opstartsmålingen og den seneste måling"
    elif from_meas:
        source = (f"målinger (individdokumentation) for {n_meas} forløb, {history} for de "
                  f"{len(started) - n_meas} forløb uden målinger")
    else:
        source = history
    t = Table("boligsituation", "Boligsituation ved start og seneste måling" if from_meas
              else "Boligsituation ved start og nu",
              ["Boligsituation", "Ved start", "Andel ved start", "Seneste", "Andel seneste"],
              n=len(started), period=ptext, source=source[0].upper() + source[1:] + ".")
    groups: list[tuple[str, int, int]] = []
    group_rows: list[int] = []
    for g in ("H", "N", "U"):
        codes = [c.code for c in voc.codes("housing_situation", include_inactive=True)
                 if c.group == g]
        a = [f for f in started if f.housing_start in codes]
        b = [f for f in started if f.housing_latest in codes]
        if g == "U":
            # Anything not a known H or N code: none recorded, "ved ikke", "ikke spurgt".
            known = housed | frozenset(c.code for c in voc.codes(
                "housing_situation", include_inactive=True) if c.group == "N")
            a = [f for f in started if f.housing_start not in known]
            b = [f for f in started if f.housing_latest not in known]
        groups.append((GROUP_LABELS[g], len(a), len(b)))
        group_rows.append(len(t.rows))
        t.rows.append([Label(GROUP_LABELS[g].upper()), Count(len(a)), Share(len(a), len(started)),
                       Count(len(b)), Share(len(b), len(started))])
        for code in codes:
            na = sum(1 for f in started if f.housing_start == code)
            nb = sum(1 for f in started if f.housing_latest == code)
            if na or nb:
                t.rows.append([Label("  " + lab("housing_situation", code)), Count(na),
                               Share(na, len(started)), Count(nb), Share(nb, len(started))])
        if g != "U":
            # H and N codes list every member of the group, so their rows add up to it.
            subs = list(range(group_rows[-1] + 1, len(t.rows)))
            t.lines += [((group_rows[-1], c), [(r, c) for r in subs]) for c in (1, 3)]
    t.lines += [(None, [(r, c) for r in group_rows]) for c in (1, 3)]
    t.links = {(r, c): [(r, c + 1)] for r in range(len(t.rows)) for c in (1, 3)}
    if not started:
        t.rows = []
        t.lines = []
    tables.append(t)

    # 3. Days to housing -------------------------------------------------------------------
    homeless = [f for f in started if f.housing_start is None
                or f.housing_start not in housed or f.days_to_housing is not None]
    d_start = [f.days_to_housing for f in facts if f.days_to_housing is not None]
    d_ref = [f.days_from_referral for f in facts if f.days_from_referral is not None]
    t = Table("tid_til_bolig", "Dage til egen bolig",
              ["Målt fra", "n", "Median (dage)", "Nedre kvartil", "Øvre kvartil"],
              n=len(d_start), period=ptext,
              source="Forløb uden egen bolig ved start, der er flyttet ind i en almindelig "
                     "lejebolig (egen kontrakt eller fremleje; anbringelse og at bo hos "
                     "forældre tæller ikke), som i Bolig-fanen. Spredning: kvartiler.")
    if d_start or d_ref:
        t.rows.append(_spread_row("Forløbets start", d_start))
        t.rows.append(_spread_row("Henvendelsen", d_ref))
        t.rows.append([Label("Endnu ikke i egen bolig"),
                       Count(len([f for f in homeless if f.days_to_housing is None])),
                       Label(""), Label(""), Label("")])
    tables.append(t)
    hist: list[tuple[str, int]] = []
    lower = -10**9
    for name, upper in DAY_BINS:
        hist.append((name, sum(1 for d in d_start if d > lower and (upper is None or d <= upper))))
        lower = upper if upper is not None else lower
    t = Table("tid_til_bolig_fordeling", "Dage fra forløbsstart til egen bolig, fordeling",
              ["Dage", "Antal forløb", "Andel"], n=len(d_start), period=ptext,
              source="Samme forløb som tabellen \"Dage til egen bolig\".")
    if d_start:
        t.rows = [[Label(name), Count(k), Share(k, len(d_start))] for name, k in hist]
        t.lines = [(None, [(r, 1) for r in range(len(t.rows))])]
        t.links = {(r, 1): [(r, 2)] for r in range(len(t.rows))}
    tables.append(t)

    # 4. Planned and unplanned ends, with reasons --------------------------------------------
    ended = [f for f in facts if f.status == "ended"]
    types = [c.code for c in voc.codes("end_type", include_inactive=True)]
    t = Table("afslutninger", "Afslutninger: planlagte og uplanlagte, med årsager",
              ["Årsag", *[lab("end_type", c) for c in types], "Ikke angivet"],
              n=len(ended), period=ptext,
              source="Forløb afsluttet i perioden. Flere årsager kan være valgt pr. forløb, så "
                     "kolonnerne summerer ikke til antal forløb.")
    if ended:
        by_type = {c: [f for f in ended if f.end_type == c] for c in types}
        none = [f for f in ended if f.end_type not in types]
        t.rows.append([Label("Afsluttede forløb"), *[Count(len(v)) for v in by_type.values()],
                       Count(len(none))])
        t.lines = [(None, [(0, c) for c in range(1, len(types) + 2)])]
        for r in voc.codes("end_reason", include_inactive=True):
            cells = [Count(sum(1 for f in v if r.code in f.end_reasons))
                     for v in (*by_type.values(), none)]
            if any(c.value for c in cells):
                t.rows.append([Label(r.label()), *cells])
        cells = [Count(sum(1 for f in v if not f.end_reasons)) for v in (*by_type.values(), none)]
        t.rows.append([Label("Ingen årsag angivet"), *cells])
    tables.append(t)

    # 4b. Duration of ended courses --------------------------------------------------------
    dur = [f for f in ended if f.start is not None and f.end is not None]
    t = Table("varighed", "Varighed af afsluttede forløb",
              ["Afslutning", "n", "Median (måneder)", "Nedre kvartil", "Øvre kvartil",
               "Heraf inden for 3 måneder"], n=len(dur), period=ptext,
              source="Fra startdato til afgørelsen om afslutning; en måned regnes som 30,4 "
                     "dage. Forløb afsluttet i perioden.")
    if dur:
        for name, code in (("Planlagt afsluttet", "planned"), ("Uplanlagt afsluttet", "unplanned")):
            months = [((f.end - f.start).days / 30.4375) for f in dur  # type: ignore[operator]
                      if f.end_type == code]
            n = len(months)
            t.rows.append([Label(name), Count(n), Stat(quantile(months, 0.5), n, 1),
                           Stat(quantile(months, 0.25), n, 1), Stat(quantile(months, 0.75), n, 1),
                           Count(sum(1 for m in months if m <= 3.0))])
        t.links = {(r, 1): [(r, 2), (r, 3), (r, 4), (r, 5)] for r in range(len(t.rows))}
    tables.append(t)

    # 5. Henvendelser by source ------------------------------------------------------------
    refs = [r for r in data.referrals if period.contains(to_date(r.get("received_date")))]
    t = Table("henvendelser_kilde", "Henvendelser efter kilde", ["Kilde", "Antal", "Andel"],
              n=len(refs), unit="henvendelser", period=ptext,
              source="Henvendelser modtaget i perioden.")
    src = Counter(str(r.get("source") or "") for r in refs)
    known = [c.code for c in voc.codes("referral_source", include_inactive=True)]
    for code in [*known, *sorted(s for s in src if s not in known)]:
        if src[code]:
            t.rows.append([Label(lab("referral_source", code or None)), Count(src[code]),
                           Share(src[code], len(refs))])
    if refs:
        t.lines = [(None, [(r, 1) for r in range(len(t.rows))])]
        t.links = {(r, 1): [(r, 2)] for r in range(len(t.rows) + 1)}
        became = sum(1 for r in refs
                     if r.get("course_id") or r.get("outcome") == "course_started")
        t.rows.append([Label("Heraf blevet til et forløb"), Count(became), Share(became, len(refs))])
    tables.append(t)

    # 6. Plan coverage ---------------------------------------------------------------------
    active = [f for f in facts if f.status != "phase_zero"]
    plans_by = {str(p["course_id"]): p for p in data.plans if p.get("course_id")}
    t = Table("plandaekning", "Plandækning", ["Plan", "Antal forløb", "Andel"],
              n=len(active), period=ptext,
              source="Forløb, der var startet i perioden (ikke fase nul). Indsatsplan fra "
                     "Plan-fanen; myndighedsplaner registreret som sådan eller som henvisning.")
    if active:
        def cover(label: str, test: Any) -> None:
            k = sum(1 for f in active if (p := plans_by.get(f.id)) is not None and test(p))
            t.rows.append([Label(label), Count(k), Share(k, len(active))])
        cover("Indsatsplan med mindst ét mål", lambda p: int(p.get("goals") or 0) > 0)
        cover("Færdiggjort planversion", lambda p: int(p.get("versions") or 0) > 0)
        cover("Myndighedsplan (§ 141 m.fl.) registreret",
              lambda p: bool(p.get("authority_type")) or int(p.get("links") or 0) > 0)
        k = sum(1 for f in active if f.id not in plans_by
                or int(plans_by[f.id].get("goals") or 0) == 0)
        t.rows.append([Label("Ingen plan"), Count(k), Share(k, len(active))])
        # With a plan (row 0) and without (the last row) add up to the table's n.
        t.lines = [(None, [(0, 1), (len(t.rows) - 1, 1)])]
        t.links = {(r, 1): [(r, 2)] for r in range(len(t.rows))}
    tables.append(t)

    # 7. Visit intensity in the first three months --------------------------------------------
    observed = [f for f in facts if f.contacts_3m is not None]
    t = Table("besoeg_tre_maaneder",
              "Kontakt de første tre måneder: planlagt og uplanlagt afsluttede forløb",
              ["Forløb", "n", "Kontakter, median", "Nedre kvartil", "Øvre kvartil",
               "Besøg og møder, median"], n=len(observed), period=ptext,
              source="Gennemførte kontakter med borgeren til stede (journal) i de første tre "
                     "måneder fra startdatoen; kun forløb, hvis første tre måneder ligger inden "
                     "for perioden.")
    if observed:
        for name, test in (("Planlagt afsluttet", lambda f: f.end_type == "planned"),
                           ("Uplanlagt afsluttet", lambda f: f.end_type == "unplanned"),
                           ("Ikke afsluttet", lambda f: f.status != "ended")):
            fs = [f for f in observed if test(f)]
            c = [int(f.contacts_3m or 0) for f in fs]
            v = [int(f.visits_3m or 0) for f in fs]
            t.rows.append([*_spread_row(name, c), Stat(quantile(v, 0.5), len(v))])
        t.lines = [(None, [(r, 1) for r in range(len(t.rows))])]
        t.links = {(r, 1): [(r, 2), (r, 3), (r, 4), (r, 5)] for r in range(len(t.rows))}
    tables.append(t)

    # 8. Data completeness -----------------------------------------------------------------
    cit_ids = {f.citizen_id for f in facts}
    cits = [c for c in data.citizens if str(c["id"]) in cit_ids]
    t = Table("datakomplethed", "Datakomplethed", ["Oplysning", "Udfyldt", "I alt", "Andel"],
              n=n_courses, period=ptext,
              source="Hvor ofte oplysningerne bag tabellerne er registreret.")

    def comp(label: str, have: int, whole: int) -> None:
        t.rows.append([Label(label), Count(have), Count(whole), Share(have, whole)])
    if facts:
        comp("Forløb med startdato", sum(1 for f in facts if f.start), n_courses)
        comp("Forløb med boligsituation ved start",
             sum(1 for f in facts if f.housing_start), n_courses)
        comp("Forløb med seneste boligsituation",
             sum(1 for f in facts if f.housing_latest), n_courses)
        comp("Afsluttede forløb med afslutningstype",
             sum(1 for f in ended if f.end_type), len(ended))
        comp("Afsluttede forløb med årsag", sum(1 for f in ended if f.end_reasons), len(ended))
        comp("Borgere med fødselsdato", sum(1 for c in cits if c.get("birth_date")), len(cits))
        comp("Borgere med køn", sum(1 for c in cits if c.get("gender")), len(cits))
        j = data.journal
        comp("Gennemførte kontakter med varighed", j.get("with_duration", 0), j.get("total", 0))
        comp("Gennemførte kontakter med livsområde", j.get("with_life_areas", 0),
             j.get("total", 0))
    tables.append(t)

    return Tables(tables=tables, courses=facts, period_text=ptext,
                  housing_source=("målinger" if n_meas == len(started) and started
                                  else "målinger og boligforløb" if from_meas
                                  else "boligforløb"),
                  histogram=hist, housing_groups=groups)
