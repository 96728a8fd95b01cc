"""Deling: consents (samtykker), recorded disclosures, follow-on support, the informed date, and
the area's reminders (consents expiring, follow-on support in CTI phases 2 and 3, the transition
checklist at 16, 17 and 17½, a course ended without a handover, an underretning to a new
municipality).

Every write is one transaction with its audit row (field names only). Validation is in
`hfdesk.domain.consents`; the disclosure rule is `hfdesk.disclosure`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from hfdesk.domain import consents as domain
from hfdesk.domain.dates import age_on, fmt, parse_date, to_date
from hfdesk.domain.text import NOTE_MAX, clean
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.database import Store

KIND = "consent"


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["recipients"] = [r for r in records.decode_json_list(row.get("recipients"))
                         if isinstance(r, dict)]
    row["scope"] = [s for s in records.decode_json_list(row.get("scope")) if isinstance(s, str)]
    return row


def birth_date(store: Store, citizen_id: str) -> date | None:
    rows = store.query("SELECT birth_date FROM citizens WHERE id = ?", [citizen_id])
    return to_date(rows[0]["birth_date"]) if rows else None


def _course_end(store: Store, citizen_id: str) -> date | None:
    rows = store.query("SELECT max(end_decision_date) AS d FROM courses WHERE citizen_id = ? "
                       "AND end_decision_date IS NOT NULL AND NOT EXISTS (SELECT 1 FROM courses "
                       "k WHERE k.citizen_id = ? AND k.end_decision_date IS NULL)",
                       [citizen_id, citizen_id])
    return to_date(rows[0]["d"]) if rows and rows[0]["d"] else None


def record(store: Store, citizen_id: str, data: Mapping[str, Any], *,
           today: date | None = None) -> str:
    """Record a consent. Raises ValidationError (nothing written)."""
    records.get(store, "citizen", citizen_id)
    today = today or date.today()
    values = domain.validate(data, today=today, birth_date=birth_date(store, citizen_id),
                             course_end=_course_end(store, citizen_id))
    with store.db.atomic():
        rid = records.insert(store, KIND, {**values, "citizen_id": citizen_id})
        audit.log(store, "create", record_kind=KIND, record_id=rid, citizen_id=citizen_id,
                  fields=[k for k, v in values.items() if v not in (None, "", [])])
    return rid


def withdraw(store: Store, consent_id: str, *, when: Any = None, note: str | None = None,
             today: date | None = None) -> date:
    """The consent no longer counts from `when` (default today): handovers not yet sent are
    checked again when they are sent, so the withdrawal takes effect at once."""
    c = get(store, consent_id)
    d = domain.validate_withdrawal(c, when, today=today)
    values = {"withdrawn_date": d.isoformat(),
              "withdrawn_note": clean(note, field="withdrawn_note", label="Note",
                                      max_len=NOTE_MAX, multiline=True)}
    with store.db.atomic():
        changed = records.update(store, KIND, consent_id, values)
        audit.log(store, "change", record_kind=KIND, record_id=consent_id,
                  citizen_id=c["citizen_id"], fields=changed, purpose="samtykke trukket tilbage")
    return d


def get(store: Store, consent_id: str) -> dict[str, Any]:
    return _decode(records.get(store, KIND, consent_id))


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """Newest first."""
    return [_decode(r) for r in store.query(
        "SELECT * FROM consents WHERE citizen_id = ? ORDER BY given_date DESC, created_at DESC",
        [citizen_id])]


def with_state(store: Store, citizen_id: str, today: date | None = None) -> list[dict[str, Any]]:
    birth = birth_date(store, citizen_id)
    out = []
    for c in for_citizen(store, citizen_id):
        st = domain.state(c, birth_date=birth, today=today)
        out.append({**c, "state": st.code, "state_label": st.label})
    return out


# --- the informed date (GDPR art. 13/14) --------------------------------------------------------

def set_informed(store: Store, citizen_id: str, when: Any, *,
                 session: audit.EditSession | None = None, today: date | None = None) -> None:
    today = today or date.today()
    d = when if isinstance(when, date) else parse_date(when, field="informed_date", today=today)
    if d and d > today:
        raise ValidationError("Datoen for, hvornår den unge blev orienteret, kan ikke ligge i "
                              "fremtiden.", field="informed_date")
    with store.db.atomic():
        changed = records.update(store, "citizen", citizen_id,
                                 {"informed_date": d.isoformat() if d else None})
        if changed:
            (session or audit.EditSession()).record(store, "change", "citizen", citizen_id,
                                                    citizen_id, changed)


def informed_date(store: Store, citizen_id: str) -> str | None:
    rows = store.query("SELECT informed_date FROM citizens WHERE id = ?", [citizen_id])
    return rows[0]["informed_date"] if rows else None


# --- disclosures (written by hfdesk.disclosure only) -------------------------------------------

def add_disclosure(store: Store, citizen_id: str, values: Mapping[str, Any]) -> str:
    """One disclosure and its audit row (the basis code in the purpose; the reason stays in the
    record, never in the audit)."""
    with store.db.atomic():
        rid = records.insert(store, "disclosure", {**values, "citizen_id": citizen_id})
        audit.log(store, "disclose", record_kind="disclosure", record_id=rid,
                  citizen_id=citizen_id,
                  purpose=f"{values.get('document')}: grundlag {values.get('basis')}",
                  fields=[k for k, v in values.items() if v not in (None, "", [])])
    return rid


def disclosures(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    rows = store.query("SELECT * FROM disclosures WHERE citizen_id = ? ORDER BY disclosed_at DESC",
                       [citizen_id])
    for r in rows:
        r["areas"] = records.decode_json_list(r.get("areas"))
    return rows


def consents_for_many(store: Store, citizen_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Consents of many citizens in one query (the export checks a whole caseload)."""
    out: dict[str, list[dict[str, Any]]] = {cid: [] for cid in citizen_ids}
    wanted = set(citizen_ids)
    for r in store.query("SELECT * FROM consents WHERE kind = 'videregivelse'"):
        if r["citizen_id"] in wanted:
            out[r["citizen_id"]].append(_decode(r))
    return out


def citizen_names(store: Store) -> dict[str, str]:
    return {r["id"]: r["legal_name"] for r in store.query("SELECT id, legal_name FROM citizens")}


def actor_row(store: Store, actor_id: str | None) -> dict[str, Any] | None:
    """The actor with this id, or None (an export's recipient may be a name, not an id)."""
    if not actor_id:
        return None
    rows = store.query("SELECT id, name, organisation, actor_type FROM actors WHERE id = ?",
                       [actor_id])
    return rows[0] if rows else None


def birth_dates(store: Store) -> dict[str, date | None]:
    return {r["id"]: to_date(r["birth_date"])
            for r in store.query("SELECT id, birth_date FROM citizens")}


# --- follow-on support ---------------------------------------------------------------------------

FOLLOWON_STATUSES = ("not_applied", "applied", "assessing", "granted", "refused", "not_needed")


def record_followon(store: Store, citizen_id: str, data: Mapping[str, Any], *,
                    course_id: str | None = None, today: date | None = None) -> str:
    """Follow-on support requested and its status (DOMAIN §9: a decision can take months)."""
    records.get(store, "citizen", citizen_id)
    today = today or date.today()
    status = data.get("status") or "applied"
    if status not in FOLLOWON_STATUSES:
        raise ValidationError("Vælg en status for den opfølgende støtte.", field="status")
    d = data.get("status_date")
    when = d if isinstance(d, date) else (parse_date(d, field="status_date", today=today)
                                         if d else today)
    if when is None or when > today:
        raise ValidationError("Datoen for status kan ikke ligge i fremtiden.",
                              field="status_date")
    values = {"what": clean(data.get("what"), field="what", label="Hvilken støtte",
                            required=True, max_len=500),
              "status": status, "status_date": when.isoformat(), "course_id": course_id,
              "notes": clean(data.get("notes"), field="notes", label="Noter",
                             max_len=NOTE_MAX, multiline=True)}
    with store.db.atomic():
        rid = records.insert(store, "followon_support", {**values, "citizen_id": citizen_id})
        audit.log(store, "create", record_kind="followon_support", record_id=rid,
                  citizen_id=citizen_id, fields=[k for k, v in values.items() if v])
    return rid


def followon(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM followon_support WHERE citizen_id = ? "
                       "ORDER BY status_date DESC, created_at DESC", [citizen_id])


# --- reminders ------------------------------------------------------------------------------------

CHECKLIST = {
    16: ("Den unge fylder 16: overvej ungeplan (Barnets lov § 108), og tal om, hvad der skal ske "
         "efter 18."),
    17: ("Den unge fylder 17: søg ungestøtte eller SEL § 85 a / § 85 nu, så der er en afgørelse "
         "før 18-årsdagen."),
    175: ("Et halvt år til 18: grundlag efter Barnets lov ophører ved 18; børne- og "
          "ungepsykiatri → voksenpsykiatri; forældremyndighedens samtykker bortfalder og skal "
          "gives af den unge selv."),
}
CHECKLIST_BEFORE = timedelta(days=30)
CHECKLIST_AFTER = timedelta(days=14)
HANDOVER_WINDOW = timedelta(days=60)
PHASE_WINDOW = timedelta(days=30)


def _milestones(birth: date) -> list[tuple[int, date]]:
    from hfdesk.domain.courses import add_months

    out = []
    for key, years, months in ((16, 16, 0), (17, 17, 0), (175, 17, 6)):
        try:
            d = birth.replace(year=birth.year + years)
        except ValueError:
            d = date(birth.year + years, 3, 1)
        out.append((key, add_months(d, months) if months else d))
    return out


def reminders(store: Store, today: date, skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """The area's share of hfdesk.reminders.due, in a handful of set-based queries."""
    from hfdesk.domain import courses as course_domain

    items: list[dict[str, Any]] = []
    births = birth_dates(store)
    # Open courses per citizen (the latest open one), in one query.
    open_course: dict[str, dict[str, Any]] = {}
    for c in store.query("SELECT id, citizen_id, method, status, start_date, transition_date, "
                         "phase_overrides, end_decision_date FROM courses "
                         "WHERE end_decision_date IS NULL ORDER BY coalesce(start_date, "
                         "referral_date, created_at)"):
        open_course[c["citizen_id"]] = c

    # 1. Consents expiring within 30 days (or just expired), unless renewed.
    soon = today + timedelta(days=domain.EXPIRING_DAYS)
    by_key: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in store.query("SELECT * FROM consents WHERE withdrawn_date IS NULL"):
        by_key.setdefault((r["citizen_id"], r["kind"], r["given_by"]), []).append(_decode(r))
    for (cid, kind, _given_by), rows in by_key.items():
        if cid in skip:
            continue
        birth = births.get(cid)
        ends = [(domain.effective_end(c, birth), c) for c in rows]
        ends = [(e, c) for e, c in ends if e is not None]
        if not ends:
            continue
        end, c = max(ends, key=lambda x: x[0])
        last_day = end - timedelta(days=1)
        if not (today - timedelta(days=domain.EXPIRING_DAYS) <= last_day <= soon):
            continue
        if cid not in open_course and last_day < today:
            continue
        who = "forældremyndighedens " if c["given_by"] == "custody_holder" else ""
        what = "udløb" if last_day < today else "udløber"
        items.append({"kind": "consent_expiring", "citizen_id": cid, "course_id": None,
                      "date": last_day.isoformat(),
                      "severity": "overdue" if last_day < today else "soon",
                      "label": f"Samtykke til {who}{domain.KIND_LABELS[kind]} {what} "
                               f"{fmt(last_day)}: forny det med den unge",
                      "open": "sharing"})

    # 2. Follow-on support: CTI phase 2 and phase 3 starts.
    cti = {cid: c for cid, c in open_course.items() if c["method"] == "cti" and
           c.get("transition_date") and cid not in skip}
    if cti:
        events: dict[str, list[dict[str, Any]]] = {}
        for e in store.query("SELECT e.course_id, e.kind, e.event_date, e.end_date "
                             "FROM course_events e JOIN courses c ON c.id = e.course_id "
                             "WHERE c.end_decision_date IS NULL AND c.method = 'cti'"):
            events.setdefault(e["course_id"], []).append(e)
        decided: dict[str, set[str]] = {}
        for f in store.query("SELECT citizen_id, status FROM followon_support"):
            decided.setdefault(f["citizen_id"], set()).add(f["status"])
        for cid, c in cti.items():
            course = {**c, "phase_overrides": records.decode_json_list(c.get("phase_overrides"))}
            st = course_domain.state(course, events.get(c["id"], []), today)
            phase = st.phase
            if phase is None or phase.number not in (2, 3):
                continue
            if today - phase.start > PHASE_WINDOW:
                continue
            have = decided.get(cid, set())
            if phase.number == 2 and have:
                continue
            if phase.number == 3 and have & {"granted", "refused", "not_needed"}:
                continue
            label = ("CTI fase 2 er begyndt: søg opfølgende støtte nu – en udredning og "
                     "afgørelse kan tage måneder" if phase.number == 2 else
                     "CTI fase 3 er begyndt: er den opfølgende støtte søgt og afgjort? "
                     "Forbered overdragelsen")
            items.append({"kind": "followon_support", "citizen_id": cid, "course_id": c["id"],
                          "date": phase.start.isoformat(), "severity": "soon",
                          "label": label, "open": "sharing"})

    # 3. The transition checklist at 16, 17 and 17½ (only with an open course).
    for cid, c in open_course.items():
        birth = births.get(cid)
        if cid in skip or birth is None:
            continue
        age = age_on(birth, today)
        if age is None or age < 15 or age >= 18:
            continue
        for key, when in _milestones(birth):
            if when - CHECKLIST_BEFORE <= today <= when + CHECKLIST_AFTER:
                items.append({"kind": "birthday_checklist", "citizen_id": cid,
                              "course_id": c["id"], "date": when.isoformat(),
                              "severity": "overdue" if when < today else "soon",
                              "label": CHECKLIST[key],
                              "open": "sharing"})

    # 4. A course ended (within the last 60 days) without a handover.
    for r in store.query(
            "SELECT c.id, c.citizen_id, c.end_decision_date FROM courses c "
            "WHERE c.end_decision_date IS NOT NULL AND c.end_decision_date >= ? "
            "AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.course_id = c.id) "
            "AND NOT EXISTS (SELECT 1 FROM courses k WHERE k.citizen_id = c.citizen_id "
            "AND k.end_decision_date IS NULL)", [(today - HANDOVER_WINDOW).isoformat()]):
        if r["citizen_id"] in skip:
            continue
        items.append({"kind": "handover_missing", "citizen_id": r["citizen_id"],
                      "course_id": r["id"], "date": r["end_decision_date"],
                      "severity": "soon",
                      "label": "Forløbet er afsluttet uden en overdragelse",
                      "open": "sharing"})

    # 5. An under-18 moving municipality: an underretning to the new municipality.
    for r in store.query("SELECT id, citizen_id, course_id, sent_at, created_at, "
                         "new_municipality FROM handovers WHERE underretning_needed = 1 "
                         "AND underretning_date IS NULL"):
        if r["citizen_id"] in skip:
            continue
        where = f" ({r['new_municipality']})" if r.get("new_municipality") else ""
        items.append({"kind": "underretning_new_municipality", "citizen_id": r["citizen_id"],
                      "course_id": r["course_id"],
                      "date": str(r.get("sent_at") or r["created_at"])[:10],
                      "severity": "overdue",
                      "label": f"Send en underretning til den nye kommune{where}: den unge er "
                               "under 18 (Barnets lov kap. 16)",
                      "open": "sharing"})
    return items
