"""Overdragelse (handover) from a course: drafted, checked, and stored as sent.

A handover names its reason, its recipient (a person and organisation, from the actors register
or typed) and the sections the worker chooses. What is sent is frozen into `content` with when,
to whom and on which basis. A recipient outside the municipality goes through
`hfdesk.disclosure.check` at the moment of sending — so a consent withdrawn after the draft was
made stops it. Only released opsporing items are ever included (`hfdesk.sharing`); people the young
person has marked "Må ikke kontaktes" are left out of every section (`hfdesk.permissions`).
Moving municipality with an under-18 needs an underretning to the new municipality: the
handover notes it, and a reminder stays until it is recorded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from hfdesk import disclosure, sharing, vocab
from hfdesk.domain.dates import age_on, parse_date, to_date
from hfdesk.domain.text import NAME_MAX, NOTE_MAX, clean
from hfdesk.errors import UserError, ValidationError
from hfdesk.store import audit, consents, records
from hfdesk.store.database import Store

KIND = "handover"
REASONS = ("cti_phase3", "course_end", "turning_18", "moving_municipality", "worker_change",
           "death", "other")
SECTIONS = ("summary", "housing", "goals", "people", "agreements", "practical", "followon",
            "contact", "come_back")
SECTION_AREAS: dict[str, tuple[str, ...]] = {
    "summary": ("course",), "housing": ("housing",), "goals": ("plan",),
    "people": ("network",), "agreements": ("network",), "practical": ("economy", "housing"),
    "followon": ("course",), "contact": (), "come_back": (),
}


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["sections"] = [s for s in records.decode_json_list(row.get("sections"))
                       if isinstance(s, str)]
    row["outside"] = bool(row.get("outside"))
    row["underretning_needed"] = bool(row.get("underretning_needed"))
    if isinstance(row.get("content"), str):
        try:
            row["content"] = json.loads(row["content"])
        except ValueError:
            row["content"] = None
    return row


def areas_for(sections: Sequence[str]) -> tuple[str, ...]:
    out: list[str] = []
    for s in sections:
        for a in SECTION_AREAS.get(s, ()):
            if a not in out:
                out.append(a)
    return tuple(out)


def parse_sections(value: Any) -> list[str]:
    """A list, or "summary,housing" from the command line; empty → every section."""
    if value in (None, "", []):
        return list(SECTIONS)
    if isinstance(value, str):
        value = [v.strip() for v in value.replace(";", ",").split(",") if v.strip()]
    if not isinstance(value, list | tuple | set):
        raise ValidationError("Vælg de afsnit, overdragelsen skal have.", field="sections")
    bad = [str(v)[:30] for v in value if v not in SECTIONS]
    if bad:
        raise ValidationError(f"Ukendt afsnit: {', '.join(bad)}. Brug nogle af: "
                              f"{', '.join(SECTIONS)}.", field="sections")
    chosen = [s for s in SECTIONS if s in set(value)]
    if not chosen:
        raise ValidationError("Vælg mindst ét afsnit.", field="sections")
    return chosen


def default_reason(store: Store, course: Mapping[str, Any], today: date) -> str:
    from hfdesk.store import courses

    if course.get("end_decision_date"):
        return "course_end"
    if courses.is_deceased(store, course["citizen_id"]):
        return "death"
    st = courses.state(store, course, today)
    if st.phase is not None and st.phase.number == 3:
        return "cti_phase3"
    return "other"


def _recipient(store: Store, data: Mapping[str, Any]) -> dict[str, Any]:
    actor_id = data.get("recipient_actor_id") or None
    name = clean(data.get("recipient_name"), field="recipient_name", label="Modtagerens navn",
                 max_len=NAME_MAX)
    org = clean(data.get("recipient_organisation"), field="recipient_organisation",
                label="Organisation", max_len=NAME_MAX)
    if actor_id:
        rows = store.query("SELECT id, name, organisation, actor_type FROM actors WHERE id = ?",
                           [actor_id])
        if not rows:
            raise ValidationError("Modtageren findes ikke i aktørregistret. Vælg en anden.",
                                  field="recipient_actor_id")
        a = rows[0]
        return {"recipient_actor_id": a["id"], "recipient_name": name or a["name"],
                "recipient_organisation": org or a.get("organisation"),
                "outside": disclosure.audience_for(a) == "outside"}
    if name or org:
        outside = data.get("outside")
        return {"recipient_actor_id": None, "recipient_name": name,
                "recipient_organisation": org, "outside": True if outside is None
                else bool(outside)}
    # No recipient: a draft for the municipality's own case handling.
    return {"recipient_actor_id": None, "recipient_name": None, "recipient_organisation": None,
            "outside": False}


def validate(store: Store, course_id: str, data: Mapping[str, Any], *,
             today: date | None = None) -> dict[str, Any]:
    from hfdesk.store import courses

    today = today or date.today()
    course = courses.get(store, course_id)
    reason = data.get("reason") or default_reason(store, course, today)
    if reason not in REASONS:
        raise ValidationError("Vælg en grund til overdragelsen fra listen.", field="reason")
    reason_text = clean(data.get("reason_text"), field="reason_text", label="Grund",
                        max_len=500)
    if reason == "other" and not reason_text and data.get("reason"):
        raise ValidationError("Skriv grunden til overdragelsen, når du vælger «Andet».",
                              field="reason_text")
    new_muni = clean(data.get("new_municipality"), field="new_municipality",
                     label="Ny kommune", max_len=100)
    if reason == "moving_municipality" and not new_muni:
        raise ValidationError("Skriv hvilken kommune den unge flytter til.",
                              field="new_municipality")
    birth = consents.birth_date(store, course["citizen_id"])
    age = age_on(birth, today)
    return {
        "course_id": course_id, "citizen_id": course["citizen_id"], "reason": reason,
        "reason_text": reason_text, **_recipient(store, data),
        "sections": parse_sections(data.get("sections")),
        "youth_words": clean(data.get("youth_words"), field="youth_words",
                             label="Med den unges egne ord", max_len=NOTE_MAX, multiline=True),
        "new_municipality": new_muni,
        "underretning_needed": reason == "moving_municipality" and age is not None and age < 18,
    }


def draft(store: Store, course_id: str, data: Mapping[str, Any], *,
          today: date | None = None) -> str:
    values = validate(store, course_id, data, today=today)
    with store.db.atomic():
        hid = records.insert(store, KIND, {**values, "status": "draft"})
        audit.log(store, "create", record_kind=KIND, record_id=hid,
                  citizen_id=values["citizen_id"],
                  fields=[k for k, v in values.items() if v not in (None, "", [], False)])
    return hid


def get(store: Store, handover_id: str) -> dict[str, Any]:
    return _decode(records.get(store, KIND, handover_id))


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return [_decode(r) for r in store.query(
        "SELECT * FROM handovers WHERE citizen_id = ? ORDER BY coalesce(sent_at, created_at) "
        "DESC", [citizen_id])]


def for_course(store: Store, course_id: str) -> list[dict[str, Any]]:
    return [_decode(r) for r in store.query(
        "SELECT * FROM handovers WHERE course_id = ? ORDER BY created_at DESC", [course_id])]


def _recipient_of(h: Mapping[str, Any]) -> dict[str, Any] | None:
    if not (h.get("recipient_actor_id") or h.get("recipient_name")
            or h.get("recipient_organisation")):
        return None
    return {"actor_id": h.get("recipient_actor_id"), "name": h.get("recipient_name"),
            "organisation": h.get("recipient_organisation")}


def check(store: Store, h: Mapping[str, Any], *, basis: str | None = None,
          reason: Any = None, paragraph: Any = None,
          today: date | None = None) -> disclosure.Basis:
    """The disclosure check for this handover, without recording anything."""
    audience = "outside" if h.get("outside") else "authority"
    return disclosure.check(store, h["citizen_id"], audience=audience,
                            recipient=_recipient_of(h), areas=areas_for(h["sections"]),
                            basis=basis, reason=reason, paragraph=paragraph,
                            document="handover", document_id=h.get("id"), today=today,
                            log=False)


def send(store: Store, handover_id: str, *, basis: str | None = None, reason: Any = None,
         paragraph: Any = None, today: date | None = None,
         printed_at: datetime | None = None) -> dict[str, Any]:
    """Check, freeze and mark as sent. Returns the content (the document's snapshot).
    Raises DisclosureRefused naming what is missing; then nothing changes."""
    h = get(store, handover_id)
    if h["status"] == "sent":
        raise UserError("Overdragelsen er allerede sendt og kan ikke sendes igen. Lav en ny, "
                        "hvis der skal sendes mere.")
    b = check(store, h, basis=basis, reason=reason, paragraph=paragraph, today=today)
    content = snapshot(store, h, basis=b, today=today, printed_at=printed_at)
    with store.db.atomic():
        if h["outside"]:
            b = disclosure.record(store, h["citizen_id"], b, audience="outside",
                                  recipient=_recipient_of(h), document="handover",
                                  document_id=handover_id)
            content["basis"]["disclosure_id"] = b.disclosure_id
        changed = records.update(store, KIND, handover_id, {
            "status": "sent", "sent_at": datetime.now().replace(microsecond=0).isoformat(sep=" "),
            "basis": b.code, "consent_id": b.consent_id, "basis_paragraph": b.paragraph,
            "basis_reason": b.reason, "disclosure_id": b.disclosure_id,
            "content": json.dumps(content, ensure_ascii=False, default=str)})
        audit.log(store, "change", record_kind=KIND, record_id=handover_id,
                  citizen_id=h["citizen_id"], fields=changed, purpose="overdragelse sendt")
    return content


def hand_over(store: Store, course_id: str, data: Mapping[str, Any], *,
              basis: str | None = None, reason: Any = None, paragraph: Any = None,
              today: date | None = None) -> tuple[str, dict[str, Any]]:
    """Make and send a handover in one step; a refusal writes nothing at all."""
    values = validate(store, course_id, data, today=today)
    check(store, values, basis=basis, reason=reason, paragraph=paragraph, today=today)
    with store.db.atomic():
        hid = draft(store, course_id, data, today=today)
        content = send(store, hid, basis=basis, reason=reason, paragraph=paragraph,
                       today=today)
    return hid, content


def record_underretning(store: Store, handover_id: str, when: Any = None, *,
                        today: date | None = None) -> None:
    """The underretning to the new municipality has been sent (Barnets lov kap. 16)."""
    h = get(store, handover_id)
    today = today or date.today()
    d = when if isinstance(when, date) else (parse_date(when, field="underretning_date",
                                                        today=today) if when else today)
    if d is None or d > today:
        raise ValidationError("Datoen for underretningen kan ikke ligge i fremtiden.",
                              field="underretning_date")
    with store.db.atomic():
        changed = records.update(store, KIND, handover_id,
                                 {"underretning_date": d.isoformat()})
        audit.log(store, "change", record_kind=KIND, record_id=handover_id,
                  citizen_id=h["citizen_id"], fields=changed,
                  purpose="underretning til ny kommune")


# --- what the document says -----------------------------------------------------------------

_NEUTRAL = "Ingen fast bolig"


def _neutral(label: str | None) -> str | None:
    """Situation labels go to other people: never "hjemløs" on a handover."""
    if label and "hjemløs" in label.casefold():
        return _NEUTRAL
    return label


def _excluded_people(store: Store, citizen_id: str) -> tuple[set[str], set[str]]:
    """(person ids, names) the young person has said must not be contacted."""
    rows = store.query("SELECT id, name FROM network_persons WHERE citizen_id = ? AND "
                       "contact_permission = 'not_allowed'", [citizen_id])
    return {r["id"] for r in rows}, {str(r["name"]).casefold() for r in rows}


def snapshot(store: Store, h: Mapping[str, Any], *, basis: disclosure.Basis | None = None,
             today: date | None = None, printed_at: datetime | None = None) -> dict[str, Any]:
    """Plain data for `hfdesk.documents.handover`: only what the chosen sections need."""
    from hfdesk.documents.snapshot import _organisation
    from hfdesk.domain import citizens as citizen_domain
    from hfdesk.store import citizens, courses, settings

    v = vocab.default()
    today = today or date.today()
    cid = h["citizen_id"]
    c = citizens.get(store, cid)
    course = courses.get(store, h["course_id"]) if h.get("course_id") else None
    sections = list(h.get("sections") or SECTIONS)
    outside = bool(h.get("outside"))
    st = courses.state(store, course, today) if course else None
    excluded_ids, excluded_names = _excluded_people(store, cid)
    out: dict[str, Any] = {
        "organisation": _organisation(store), "printed_by": store.worker_name,
        "printed_at": (printed_at or datetime.now().replace(microsecond=0)).isoformat(sep=" "),
        "demo": store.is_demo, "draft": h.get("status") != "sent" and not basis,
        "outside": outside, "sections": sections,
        "citizen": {"legal_name": c["legal_name"], "preferred_name": c.get("preferred_name"),
                    "cpr": c.get("cpr"), "age": citizen_domain.age(c, today),
                    "protected_address": c.get("protected_address")},
        "reason": h.get("reason"), "reason_label": v.label("handover_reason", h.get("reason")),
        "reason_text": h.get("reason_text"),
        "recipient": {"name": h.get("recipient_name"),
                      "organisation": h.get("recipient_organisation")},
        "course": None if course is None else {
            "method_label": v.label("support_method", course["method"]),
            "start_date": course.get("start_date") or course.get("transition_date"),
            "end_date": course.get("end_decision_date"),
            # A method without phases (ACT) has its own name as phase: say the status instead.
            "status_label": None if st is None else (
                st.phase_label if st.phase_label != course["method"].upper()
                else v.label("course_status", st.status)),
            "case_number": course.get("case_number")},
        "basis": None if basis is None else {"code": basis.code, "label": basis.label,
                                             "paragraph": basis.paragraph,
                                             "reason": basis.reason,
                                             "consent_id": basis.consent_id},
        "new_municipality": h.get("new_municipality"),
        "underretning_needed": bool(h.get("underretning_needed")),
    }
    if "summary" in sections:
        out["summary"] = _summary(store, cid, h, basis, outside)
    if "housing" in sections:
        out["housing"] = _housing(store, cid, outside or bool(c.get("protected_address")))
    if "goals" in sections:
        out["goals"] = _goals(store, cid, h.get("course_id"))
    if "people" in sections:
        out["people"] = _people(store, cid, excluded_ids, excluded_names, h.get("course_id"))
    if "agreements" in sections:
        out["agreements"] = _agreements(store, cid, excluded_ids, excluded_names)
    if "practical" in sections:
        out["practical"] = _practical(store, cid, today)
    if "followon" in sections:
        out["followon"] = [{"what": f["what"], "status_label": v.label("followon_status",
                                                                          f["status"]),
                            "date": f["status_date"]} for f in consents.followon(store, cid)]
    if "contact" in sections or "come_back" in sections:
        out["contact"] = {"name": store.worker_name, "organisation": _organisation(store),
                          "phone": settings.get(store, "worker_phone"),
                          "email": settings.get(store, "worker_email")}
    return out


def _summary(store: Store, cid: str, h: Mapping[str, Any], basis: disclosure.Basis | None,
             outside: bool) -> dict[str, Any]:
    from hfdesk.store import housing_search, plans, screening

    plan = plans.find(store, cid, h.get("course_id"))
    released: list[dict[str, Any]] = []
    # Released opsporing items go to the municipality's own case handling; outside only when
    # a consent explicitly covers them (the consent scope "screening").
    allow = not outside
    if outside and basis is not None and basis.consent_id:
        c = consents.get(store, basis.consent_id)
        allow = "screening" in c.get("scope", [])
    if allow:
        v = vocab.default()
        for a in screening.for_citizen(store, cid):
            for i in sharing.releasable_items(
                    sharing.assessment_items(screening.get(store, a["id"])), "authority"):
                released.append({"date": a["assessed_on"], "text": i.get("text") or
                                 i.get("what") or i.get("judgement") or
                                 v.label("concern_domain", i.get("domain"))})
    wishes = housing_search.profile(store, cid).get("wishes")
    return {"youth_words": h.get("youth_words"),
            "wish": plan.get("wish") if plan else None,
            "housing_wishes": wishes, "released": released}


def _housing(store: Store, cid: str, hide_address: bool) -> dict[str, Any] | None:
    from hfdesk.store import housing

    seg = housing.current(store, cid)
    if seg is None:
        return None
    v = vocab.default()
    return {"situation_label": _neutral(v.label("housing_situation", seg["housing_situation"])),
            "since": seg.get("start_date"),
            "address": None if hide_address else seg.get("address"),
            "contract_label": v.label("contract_type", seg["contract_type"])
            if seg.get("contract_type") else None,
            "own_contract": seg.get("own_contract"),
            "landlord": seg.get("landlord_name"),
            "move_in_date": seg.get("move_in_date"),
            "rent_ore": seg.get("rent_ore")}


def _goals(store: Store, cid: str, course_id: str | None) -> dict[str, Any]:
    from hfdesk.store import plans

    plan = plans.find(store, cid, course_id)
    if plan is None:
        return {"has_plan": False, "achieved": [], "open": []}
    full = plans.full(store, plan["id"])
    v = vocab.default()

    def row(g: Mapping[str, Any]) -> dict[str, Any]:
        return {"text": g["text"], "life_area_label": v.label("life_area", g["life_area"]),
                "next_date": g.get("next_date"),
                "actions": [{"what": a["what"], "who": a.get("who_name") or
                             ("den unge" if a.get("who_kind") == "youth" else "medarbejderen"),
                             "due_date": a.get("due_date")} for a in g["actions"]
                            if a.get("status") != "done"]}
    return {"has_plan": True,
            "achieved": [row(g) for g in full["goals"] if g["current_status"] == "achieved"],
            "open": [row(g) for g in full["goals"] if g["current_status"] == "active"]}


def _people(store: Store, cid: str, excluded_ids: set[str], excluded_names: set[str],
            course_id: str | None) -> list[dict[str, Any]]:
    from hfdesk.store import network, plans

    v = vocab.default()
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for p in network.for_citizen(store, cid):
        if p["id"] in excluded_ids or p.get("contact_permission") == "not_allowed":
            continue
        role = (v.label("network_relation", p["relation"]) if p.get("relation") else
                v.label("legal_role", p["legal_role"]) if p.get("legal_role") else
                (p.get("organisation") or ""))
        out.append({"name": p["name"], "role": role, "organisation": p.get("organisation"),
                    "phone": p.get("phone"), "brings": p.get("brings"),
                    "permission_label": v.label("contact_permission",
                                                p.get("contact_permission") or "ask_first")})
        seen.add(str(p["name"]).casefold())
    plan = plans.find(store, cid, course_id)
    if plan is not None:
        for g in plans.full(store, plan["id"])["goals"]:
            for a in g["actions"]:
                who = a.get("who_name")
                if a.get("who_kind") != "actor" or not who or a.get("status") == "done":
                    continue
                key = str(who).casefold()
                if key in excluded_names:
                    continue
                if key in seen:
                    continue
                seen.add(key)
                out.append({"name": who, "role": "Aktør i planen", "organisation": None,
                            "phone": None, "brings": a["what"], "permission_label": None})
    return out


def _agreements(store: Store, cid: str, excluded_ids: set[str],
                excluded_names: set[str]) -> list[dict[str, Any]]:
    from hfdesk.store import meetings

    out = []
    for a in meetings.open_agreements(store, cid):
        if a.get("owner_person_id") in excluded_ids or \
                str(a.get("owner_name") or "").casefold() in excluded_names:
            continue
        out.append({"what": a["what"], "owner": a["owner_name"], "due_date": a.get("due_date")})
    return out


def _practical(store: Store, cid: str, today: date) -> dict[str, Any]:
    from hfdesk.store import housing_search

    v = vocab.default()
    economy = housing_search.list_for(store, "housing_economy", cid)
    latest = economy[-1] if economy else None
    appts = store.query("SELECT occurred_at, entry_type FROM journal_entries WHERE citizen_id = ?"
                        " AND status = 'planned' AND occurred_at >= ? ORDER BY occurred_at "
                        "LIMIT 10", [cid, today.isoformat()])
    deadlines: list[dict[str, Any]] = []
    for o in housing_search.list_for(store, "housing_offer", cid):
        if o.get("decision") != "pending":
            continue
        for key, what in (("answer_deadline", "Svarfrist på boligtilbud"),
                          ("signing_deadline", "Underskrift af lejekontrakt")):
            d = to_date(o.get(key))
            if d and d >= today:
                where = f" ({o['address']})" if o.get("address") else ""
                deadlines.append({"date": d.isoformat(), "what": what + where})
    for r in housing_search.list_for(store, "housing_registration", cid):
        d = to_date(r.get("renewal_due"))
        if d and not r.get("ended_date"):
            name = r.get("list_name") or r.get("organisation") or "venteliste"
            deadlines.append({"date": d.isoformat(), "what": f"Forny opskrivning: {name}"})
    for m in housing_search.list_for(store, "housing_money", cid):
        if m.get("outcome") == "pending":
            deadlines.append({"date": m.get("applied_date"),
                              "what": "Afventer afgørelse: "
                                      + v.label("move_in_money_type", m.get("money_type"))})
    deadlines.sort(key=lambda d: str(d["date"]))
    return {"income_label": v.label("income_source", latest["income_source"])
            if latest else None,
            "appointments": [{"at": a["occurred_at"],
                              "what": v.label("journal_entry_type", a["entry_type"])}
                             for a in appts],
            "deadlines": deadlines}
