"""The plan for the authority (Indsatsplan or, only when so marked by a myndighedsrådgiver, the
authority plan's own title), and the one snapshot all plan printouts are built from.

`plan_snapshot(store, ...)` reads the store once; `build_plan(snapshot)` is pure (data → PDF).
The title is decided from the snapshot's `authority_type` and the printing worker's role by
`hfdesk.domain.plans.title`, in the builder itself, so a support worker can never produce a
document titled "Handleplan", whatever the snapshot carries.

Snapshot shape::

    {"organisation", "printed_by", "printed_role", "printed_at", "demo", "worker_phone",
     "citizen": {"legal_name", "preferred_name", "cpr", "age"},
     "plan": {"authority_type", "wish", "method_note", "recommendation_label",
              "recommendation_reason"},
     "state_label", "method_label", "legal_basis": [str],
     "links": [{"type_label", "department", "system", "reference", "last_seen"}],
     "version": None or {"number", "finished_on", "finished_by", "participants",
                         "agreement_label", "youth_view", "custody_took_part",
                         "custody_agreed"},
     "changes": [str], "previous_number",
     "goals": [{"text", "life_area", "life_area_label", "priority_label", "status_label",
                "follow_up", "linked": [str],
                "actions": [{"what", "who", "due_date", "status_label"}],
                "reviews": [{"review_date", "outcome", "status_label", "next_date"}]}],
     "next_meeting", "helpers": [{"name", "role", "phone"}],
     "housing_now", "events": [{"date", "label"}], "released": [{"text", "date"}]}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    key_value_table,
    markup,
    notice,
    para,
    signature_lines,
    styles,
    table,
)
from hfdesk.domain import plans as domain
from hfdesk.domain.cpr import mask

__all__ = ["build_plan", "plan_snapshot", "plan_title"]

NOT_GIVEN = "Ikke oplyst"


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def plan_title(snapshot: Mapping[str, Any]) -> str:
    return domain.title(_m(snapshot.get("plan")).get("authority_type"),
                        snapshot.get("printed_role"))


# --- snapshot -------------------------------------------------------------------------------

def plan_snapshot(store: Any, citizen_id: str, *, course_id: str | None = None,
                  version: int | None = None, printed_at: datetime | None = None,
                  today: date | None = None) -> dict[str, Any]:
    from hfdesk import sharing, vocab
    from hfdesk.documents.snapshot import _organisation
    from hfdesk.domain import citizens as citizen_domain
    from hfdesk.errors import UserError
    from hfdesk.store import citizens, courses, housing, journal, screening
    from hfdesk.store import plans as store_plans

    v = vocab.default()
    today = today or date.today()
    c = citizens.get(store, citizen_id)
    plan = store_plans.find(store, citizen_id, course_id)
    if plan is None:
        raise UserError("Borgeren har ingen plan for forløbet endnu. Opret planen under "
                        "fanen Plan.")
    full = store_plans.full(store, plan["id"])
    live = {g["id"]: g for g in full["goals"]}
    chosen: dict[str, Any] | None = None
    changes: list[str] = []
    prev_number = None
    if version is not None:
        chosen = store_plans.version(store, plan["id"], int(version))
        goals_src = chosen["content"]
    else:
        goals_src = [{**g, "actions": g["actions"]} for g in full["goals"]]
        if full["versions"] and not full["state"].draft:
            chosen = full["versions"][-1]
    if chosen is not None and int(chosen["number"]) > 1:
        prev_number = int(chosen["number"]) - 1
        changes = store_plans.compare(store, plan["id"], prev_number, int(chosen["number"]))

    def who(a: Mapping[str, Any]) -> str:
        if a.get("who_kind") == "youth":
            return c.get("preferred_name") or c["legal_name"]
        if a.get("who_kind") == "worker":
            return a.get("who_name") or store.worker_name or "Medarbejderen"
        return a.get("who_name") or "Aktør"

    goals = []
    for g in goals_src:
        reviews = live.get(g["id"], {}).get("reviews", [])
        status = live[g["id"]]["current_status"] if g["id"] in live else g["status"]
        nxt = live[g["id"]]["next_date"] if g["id"] in live else g.get("follow_up")
        goals.append({
            "text": g["text"], "life_area": g["life_area"],
            "life_area_label": v.label("life_area", g["life_area"]),
            "priority_label": domain.PRIORITY_LABELS.get(int(g.get("priority") or 2), ""),
            "status": status, "status_label": v.label("goal_status", status),
            "follow_up": nxt,
            "linked": store_plans.linked_texts(store, g),
            "actions": [{"what": a["what"], "who": who(a), "due_date": a.get("due_date"),
                         "status_label": v.label("action_status", a.get("status"))}
                        for a in g.get("actions", [])],
            "reviews": [{"review_date": r["review_date"], "outcome": r.get("outcome"),
                         "status_label": v.label("goal_status", r["status"]),
                         "next_date": r.get("next_date")} for r in reviews],
        })
    course = courses.get(store, plan["course_id"]) if plan.get("course_id") else None
    legal = []
    events = []
    if course:
        legal = [v.label("legal_basis", s["legal_basis"])
                 for s in courses.segments(store, course["id"])]
        events = [{"date": e["event_date"], "label": v.label("course_event_kind", e["kind"])}
                  for e in courses.events(store, course["id"])]
    helpers: list[dict[str, Any]] = [{"name": store.worker_name, "role": "Min støtteperson",
                                      "phone": None}]
    seen = {store.worker_name}
    for g in full["goals"]:
        for a in g["actions"]:
            if a["who_kind"] == "actor" and a.get("who_name") and a["who_name"] not in seen:
                seen.add(a["who_name"])
                helpers.append({"name": a["who_name"], "role": "", "phone": None})
    released = []
    for a in screening.for_citizen(store, citizen_id):
        items = sharing.releasable_items(sharing.assessment_items(screening.get(store, a["id"])),
                                         "authority")
        for i in items:
            released.append({"date": a["assessed_on"],
                             "text": i.get("text") or i.get("what") or i.get("judgement")
                             or v.label("concern_domain", i.get("domain"))})
    upcoming = [p for p in journal.planned(store, today) if p["citizen_id"] == citizen_id]
    next_follow = domain.next_follow_up(
        [{"current_status": g["status"], "next_date": g["follow_up"]} for g in goals])
    next_meeting = upcoming[0]["occurred_at"][:10] if upcoming else (
        next_follow.isoformat() if next_follow else None)
    h = housing.current(store, citizen_id)
    ver = None
    if chosen is not None:
        ver = {"number": chosen["number"], "finished_on": chosen["finished_on"],
               "finished_by": chosen["finished_by"], "participants": chosen.get("participants"),
               "agreement_label": v.label("plan_agreement", chosen["youth_agreement"]),
               "youth_view": chosen.get("youth_view"),
               "custody_took_part": chosen.get("custody_took_part"),
               "custody_agreed": chosen.get("custody_agreed")}
    state_label = (f"Version {chosen['number']} færdiggjort {fmt_date(chosen['finished_on'])}"
                   if version is not None and chosen else full["state"].label())
    return {
        "organisation": _organisation(store),
        "printed_by": store.worker_name, "printed_role": store.role,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {"legal_name": c["legal_name"], "preferred_name": c.get("preferred_name"),
                    "cpr": c.get("cpr"), "age": citizen_domain.age(c, today)},
        "plan": {"authority_type": plan.get("authority_type"), "wish": plan.get("wish"),
                 "method_note": plan.get("method_note"),
                 "recommendation": plan.get("recommendation"),
                 "recommendation_label": v.label("recommendation", plan.get("recommendation"))
                 if plan.get("recommendation") else None,
                 "recommendation_reason": plan.get("recommendation_reason")},
        "state_label": state_label,
        "method_label": v.label("support_method", course["method"]) if course else None,
        "legal_basis": legal,
        "links": [{"type_label": v.label("plan_type", k["plan_type"]),
                   "department": k.get("department"), "system": k.get("system"),
                   "reference": k.get("reference"), "last_seen": k.get("last_seen")}
                  for k in full["links"]],
        "version": ver, "changes": changes, "previous_number": prev_number,
        "goals": goals, "reviews_count": len(full["reviews"]),
        "next_meeting": next_meeting, "helpers": helpers,
        "housing_now": None if h is None else {
            "situation_label": v.label("housing_situation", h["housing_situation"]),
            "since": h["start_date"]},
        "events": events, "released": released,
    }


# --- the authority plan -------------------------------------------------------------------

def _spec(snapshot: Mapping[str, Any], title: str, locale: str, subject: str) -> PageSpec:
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("legal_name"), True) or NOT_GIVEN
    cpr = clean_text(citizen.get("cpr"), True)
    printed_at = snapshot.get("printed_at")
    return PageSpec(
        organisation=clean_text(snapshot.get("organisation"), True), title=title,
        citizen_line=" · ".join(p for p in (name, mask(cpr) if cpr else "") if p),
        confidential=True, printed_by=clean_text(snapshot.get("printed_by"), True),
        printed_at=printed_at if isinstance(printed_at, datetime) else None,
        demo=bool(snapshot.get("demo")), language=locale, subject=subject)


def goal_blocks(goals: Sequence[Any], locale: str = "da", *,
                with_reviews: bool = True) -> list[Flowable]:
    """Goals grouped by life area, each with its actions table and review history."""
    st = styles()
    out: list[Flowable] = []
    area = None
    for n, g in enumerate((_m(x) for x in goals), 1):
        if g.get("life_area_label") != area:
            area = g.get("life_area_label")
            out.append(Paragraph(markup(area or NOT_GIVEN), st["H2"]))
        head = Paragraph(f"Mål {n}: {markup(g.get('text'))}", st["H3"])
        facts = key_value_table([
            ("Status", g.get("status_label")), ("Prioritet", g.get("priority_label")),
            ("Næste opfølgning", fmt_date(g.get("follow_up"), locale)),
            ("Knyttet til opsporingen", "\n".join(f"• {t}" for t in _seq(g.get("linked")))),
        ], missing="–")
        out.append(KeepTogether([head, facts]))
        acts = [_m(a) for a in _seq(g.get("actions"))]
        if acts:
            out.append(table(["Handling", "Hvem", "Senest", "Status"],
                             [[a.get("what"), a.get("who"), fmt_date(a.get("due_date"), locale),
                               a.get("status_label")] for a in acts],
                             (0.5, 0.2, 0.14, 0.16)))
        else:
            out.append(para("Ingen handlinger endnu.", "Small"))
        revs = [_m(r) for r in _seq(g.get("reviews"))]
        if with_reviews and revs:
            out.append(table(["Opfølgning", "Hvad skete der", "Ny status", "Næste"],
                             [[fmt_date(r.get("review_date"), locale), r.get("outcome"),
                               r.get("status_label"), fmt_date(r.get("next_date"), locale)]
                              for r in revs], (0.16, 0.52, 0.16, 0.16)))
    return out


def build_plan(snapshot: Mapping[str, Any], *, locale: str = "da",
               options: Mapping[str, Any] | None = None) -> bytes:
    title = plan_title(snapshot)
    spec = _spec(snapshot, title, locale, f"{title} – fortroligt")
    st = styles()
    plan = _m(snapshot.get("plan"))
    story: list[Flowable] = [Paragraph(markup(title), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    ver = _m(snapshot.get("version"))
    story.append(key_value_table([
        ("Planens stand", snapshot.get("state_label")),
        ("Metode", snapshot.get("method_label")),
        ("Lovgrundlag for støtten", "\n".join(_seq(snapshot.get("legal_basis")))),
        ("Om metoden", plan.get("method_note")),
    ], missing=NOT_GIVEN))
    if title == domain.WORKING_TITLE:
        story.append(para("Indsatsplanen er støttens arbejdsplan sammen med den unge. Den er "
                          "ikke en myndighedsplan; myndighedens planer står herunder.", "Small"))
    story.append(Paragraph("Planer hos myndigheden", st["H2"]))
    links = [_m(k) for k in _seq(snapshot.get("links"))]
    if links:
        story.append(table(["Plan", "Afdeling", "System", "Reference", "Sidst set"],
                           [[k.get("type_label"), k.get("department"), k.get("system"),
                             k.get("reference"), fmt_date(k.get("last_seen"), locale)]
                            for k in links], (0.3, 0.2, 0.16, 0.2, 0.14)))
    else:
        story.append(para("Ingen myndighedsplaner er registreret.", "Small"))
    story.append(Paragraph("Den unges ønsker, håb og drømme", st["H2"]))
    story.append(para(plan.get("wish"), "Body", empty="Ikke skrevet endnu."))
    goals = _seq(snapshot.get("goals"))
    if goals:
        story.extend(goal_blocks(goals, locale))
    else:
        story.append(para("Planen har ingen mål endnu.", "Body"))
    changes = _seq(snapshot.get("changes"))
    if changes:
        story.append(Paragraph(f"Ændringer siden version {snapshot.get('previous_number')}",
                               st["H2"]))
        story.append(para("\n".join(f"• {c}" for c in changes), "Body"))
    story.append(Paragraph("Version og deltagere", st["H2"]))
    if ver:
        custody = ver.get("custody_took_part")
        story.append(key_value_table([
            ("Version", f"{ver.get('number')} færdiggjort {fmt_date(ver.get('finished_on'))} "
                        f"af {clean_text(ver.get('finished_by'), True)}"),
            ("Deltagere", ver.get("participants")),
            ("Den unges syn på planen", ver.get("agreement_label")),
            ("Med den unges ord", ver.get("youth_view")),
            ("Forældremyndighed deltog", None if custody is None else
             ("Ja" if custody else "Nej")),
            ("Forældremyndighed enig", None if ver.get("custody_agreed") is None else
             ("Ja" if ver.get("custody_agreed") else "Nej")),
        ], missing="–"))
    else:
        story.append(notice("Planen er en kladde: ingen version er færdiggjort endnu."))
    story.append(signature_lines(["Den unge", "Medarbejder"]))
    return build_pdf(spec, story)
