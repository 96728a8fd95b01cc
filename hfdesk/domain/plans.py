"""Indsatsplan: validation, versions, reviews and the plan's title. No I/O.

A plan belongs to one course. Its goals and actions are the live draft; "Færdiggør version"
freezes a copy of them (`content`) with the date, who took part and the young person's view.
Changing a goal or an action after that simply makes the draft differ from the last version:
the plan is a draft again, and the finished version stays exactly as it was.

Reviews (opfølgning) never reopen a version: they record, per goal, what happened, the new
status and the next date. A goal's current status is that of its latest review.

The title: a support worker's plan is always "Indsatsplan". Only a plan a myndighedsrådgiver
has marked as an authority plan, printed by a myndighedsrådgiver, carries that plan's title.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hfdesk.domain.dates import fmt, parse_date, to_date
from hfdesk.domain.text import NOTE_MAX, clean
from hfdesk.errors import ValidationError

GOAL_STATUSES = ("active", "achieved", "dropped", "changed")
ACTION_STATUSES = ("open", "done", "dropped")
AGREEMENTS = ("agree", "partly", "disagree")
RECOMMENDATIONS = ("continue", "change", "end")
PLAN_TYPES = ("sel_141", "barnets_plan", "ungeplan", "helhedsorienteret", "kip", "min_plan",
              "other")
WHO_KINDS = ("youth", "worker", "actor")
WHO_LABELS = {"youth": "Den unge", "worker": "Medarbejderen", "actor": "Aktør"}
PRIORITIES = (1, 2, 3)
PRIORITY_LABELS = {1: "Høj", 2: "Middel", 3: "Lav"}
AUTHORITY_ROLE = "myndighedsraadgiver"
WORKING_TITLE = "Indsatsplan"
# The printed title of a plan marked as an authority plan of this type.
AUTHORITY_TITLES = {
    "sel_141": "Handleplan efter servicelovens § 141",
    "barnets_plan": "Barnets plan",
    "ungeplan": "Ungeplan",
    "helhedsorienteret": "Helhedsorienteret plan",
    "kip": "Uddannelsesplan (KIP)",
    "min_plan": "Min plan",
    "other": "Plan",
}
FOLLOW_UP_MONTHS = 3
GOAL_MAX = 2000
KEPT = " Det, du har skrevet, er bevaret som kladde."


def add_months(day: date, months: int) -> date:
    m = day.month - 1 + months
    y, m = day.year + m // 12, m % 12 + 1
    return date(y, m, min(day.day, calendar.monthrange(y, m)[1]))


def default_follow_up(today: date) -> date:
    return add_months(today, FOLLOW_UP_MONTHS)


def title(authority_type: str | None, role: str | None) -> str:
    """The document title. A support worker never gets an authority plan's title."""
    if authority_type and role == AUTHORITY_ROLE:
        return AUTHORITY_TITLES.get(authority_type, WORKING_TITLE)
    return WORKING_TITLE


def _future_date(value: Any, *, field: str, label: str, today: date,
                 required: bool = False) -> str | None:
    d = parse_date(value, field=field, today=today) if not isinstance(value, date) else value
    if d is None:
        if required:
            raise ValidationError(f"{label} skal udfyldes." + KEPT, field=field)
        return None
    if d < today:
        raise ValidationError(
            f"{label} {fmt(d)} er allerede overstået. Vælg en dato fra i dag ({fmt(today)}) "
            "og frem." + KEPT, field=field)
    return d.isoformat()


def validate_goal(data: Mapping[str, Any], *, life_areas: Iterable[str], today: date,
                  partial: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not partial or "text" in data:
        out["text"] = clean(data.get("text"), field="text", label="Målet", max_len=GOAL_MAX,
                            required=True, multiline=True)
    if not partial or "life_area" in data:
        area = data.get("life_area")
        if not area:
            raise ValidationError("Vælg et livsområde for målet (fx Bolig/hjem eller "
                                  "Uddannelse)." + KEPT, field="life_area")
        if area not in set(life_areas):
            raise ValidationError(f"Livsområdet «{str(area)[:30]}» findes ikke på listen. "
                                  "Vælg et fra listen." + KEPT, field="life_area")
        out["life_area"] = area
    if not partial or "priority" in data:
        try:
            p = int(data.get("priority") or 2)
        except (TypeError, ValueError):
            p = 0
        if p not in PRIORITIES:
            raise ValidationError("Prioriteten skal være 1 (høj), 2 (middel) eller 3 (lav).",
                                  field="priority")
        out["priority"] = p
    if not partial or "status" in data:
        status = data.get("status") or "active"
        if status not in GOAL_STATUSES:
            raise ValidationError("Vælg en status: aktiv, nået, opgivet eller ændret.",
                                  field="status")
        out["status"] = status
    if not partial or "follow_up" in data:
        raw = data.get("follow_up")
        if raw in (None, "") and not partial:
            out["follow_up"] = default_follow_up(today).isoformat()
        else:
            out["follow_up"] = _future_date(raw, field="follow_up", label="Opfølgningsdatoen",
                                            today=today, required=True)
    if "linked_items" in data:
        items = data.get("linked_items") or []
        out["linked_items"] = [{"kind": str(i["kind"]), "id": str(i["id"])} for i in items]
    return out


def validate_action(data: Mapping[str, Any], *, today: date, partial: bool = False,
                    check_past: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not partial or "what" in data:
        out["what"] = clean(data.get("what"), field="what", label="Handlingen",
                            max_len=GOAL_MAX, required=True, multiline=True)
    if not partial or "who_kind" in data or "who_name" in data:
        kind = data.get("who_kind")
        name = clean(data.get("who_name"), field="who_name", label="Hvem")
        if not kind:
            raise ValidationError("Skriv hvem der gør det: den unge, medarbejderen eller en "
                                  "aktør." + KEPT, field="who_kind")
        if kind not in WHO_KINDS:
            raise ValidationError("Hvem: vælg den unge, medarbejderen eller en aktør.",
                                  field="who_kind")
        if kind == "actor" and not name:
            raise ValidationError("Skriv navnet på aktøren, der gør det (fx Jobcenter, "
                                  "UU-vejleder)." + KEPT, field="who_name")
        out["who_kind"], out["who_name"] = kind, name
    if not partial or "due_date" in data:
        raw = data.get("due_date")
        if check_past:
            out["due_date"] = _future_date(raw, field="due_date", label="Fristen", today=today)
        else:
            d = parse_date(raw, field="due_date", today=today) if not isinstance(raw, date) \
                else raw
            out["due_date"] = d.isoformat() if d else None
    if not partial or "status" in data:
        status = data.get("status") or "open"
        if status not in ACTION_STATUSES:
            raise ValidationError("Vælg en status: i gang, gjort eller droppet.", field="status")
        out["status"] = status
    return out


def validate_finish(data: Mapping[str, Any], *, under_18: bool, today: date,
                    goal_count: int) -> dict[str, Any]:
    if goal_count == 0:
        raise ValidationError("Planen har ingen mål endnu. Skriv mindst ét mål, før du "
                              "færdiggør en version.", field="goals")
    finished = parse_date(data.get("finished_on"), field="finished_on", today=today) \
        if not isinstance(data.get("finished_on"), date) else data["finished_on"]
    finished = finished or today
    if finished > today:
        raise ValidationError("En version kan ikke færdiggøres med en dato i fremtiden.",
                              field="finished_on")
    agreement = data.get("youth_agreement")
    if agreement not in AGREEMENTS:
        raise ValidationError("Skriv den unges syn på planen: enig, delvis enig eller uenig."
                              + KEPT, field="youth_agreement")
    out: dict[str, Any] = {
        "finished_on": finished.isoformat(),
        "participants": clean(data.get("participants"), field="participants",
                              label="Deltagere", required=True),
        "youth_agreement": agreement,
        "youth_view": clean(data.get("youth_view"), field="youth_view",
                            label="Den unges syn", max_len=NOTE_MAX, multiline=True),
        "custody_took_part": None, "custody_agreed": None,
    }
    if under_18:
        for key, label in (("custody_took_part", "om forældremyndighedens indehaver deltog"),
                           ("custody_agreed", "om forældremyndighedens indehaver er enig")):
            v = data.get(key)
            if v is None or v == "":
                raise ValidationError(f"Den unge er under 18: angiv {label}." + KEPT,
                                      field=key)
            out[key] = bool(v)
    return out


def validate_review_goal(data: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    status = data.get("status") or "active"
    if status not in GOAL_STATUSES:
        raise ValidationError("Vælg målets nye status: aktiv, nået, opgivet eller ændret.",
                              field="status")
    nxt = data.get("next_date")
    if status == "active" and nxt in (None, ""):
        nxt = default_follow_up(today)
    return {"outcome": clean(data.get("outcome"), field="outcome", label="Hvad skete der",
                             max_len=NOTE_MAX, multiline=True),
            "status": status,
            "next_date": _future_date(nxt, field="next_date", label="Næste opfølgning",
                                      today=today) if nxt not in (None, "") else None}


def validate_link(data: Mapping[str, Any], *, today: date) -> dict[str, Any]:
    t = data.get("plan_type")
    if t not in PLAN_TYPES:
        raise ValidationError("Vælg hvilken plan der henvises til (fx § 141-handleplan).",
                              field="plan_type")
    seen = data.get("last_seen")
    d = parse_date(seen, field="last_seen", today=today) if not isinstance(seen, date) else seen
    if d and d > today:
        raise ValidationError("Datoen for hvornår planen sidst er set kan ikke ligge i "
                              "fremtiden.", field="last_seen")
    if t == "other" and not clean(data.get("reference"), field="reference", label="Reference"):
        raise ValidationError("Anden plan: skriv hvilken plan det er under Reference.",
                              field="reference")
    return {"plan_type": t,
            "department": clean(data.get("department"), field="department", label="Afdeling"),
            "system": clean(data.get("system"), field="system", label="System"),
            "reference": clean(data.get("reference"), field="reference", label="Reference"),
            "last_seen": d.isoformat() if d else None}


# --- content, state and comparison ---------------------------------------------------------

def content(goals: Sequence[Mapping[str, Any]],
            actions: Mapping[str, Sequence[Mapping[str, Any]]]) -> list[dict[str, Any]]:
    """The comparable content of a plan: goals in order, each with its actions."""
    return [{"id": g["id"], "text": g["text"], "life_area": g["life_area"],
             "priority": g["priority"], "status": g["status"], "follow_up": g.get("follow_up"),
             "linked_items": list(g.get("linked_items") or []),
             "actions": [{"id": a["id"], "what": a["what"], "who_kind": a["who_kind"],
                          "who_name": a.get("who_name"), "due_date": a.get("due_date"),
                          "status": a["status"]} for a in actions.get(g["id"], [])]}
            for g in goals]


@dataclass(frozen=True)
class PlanState:
    draft: bool
    number: int | None          # the latest finished version
    finished_on: str | None

    def label(self) -> str:
        if self.draft or self.number is None:
            return "Kladde"
        return f"Version {self.number} færdiggjort {fmt(self.finished_on)}"


def state(live: list[dict[str, Any]], versions: Sequence[Mapping[str, Any]]) -> PlanState:
    if not versions:
        return PlanState(True, None, None)
    last = max(versions, key=lambda v: int(v["number"]))
    return PlanState(last["content"] != live, int(last["number"]), last["finished_on"])


def compare(old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]],
            area_label: Any = str) -> list[str]:
    """Plain Danish lines saying what changed between two versions' contents."""
    lines: list[str] = []
    before = {g["id"]: g for g in old}
    after = {g["id"]: g for g in new}
    for g in new:
        if g["id"] not in before:
            lines.append(f"Nyt mål: {g['text']} ({area_label(g['life_area'])})")
            continue
        b = before[g["id"]]
        if b["text"] != g["text"]:
            lines.append(f"Mål ændret: «{b['text']}» → «{g['text']}»")
        for key, label in (("life_area", "livsområde"), ("priority", "prioritet"),
                           ("status", "status"), ("follow_up", "opfølgning")):
            if b.get(key) != g.get(key):
                lines.append(f"«{g['text']}»: {label} ændret")
        b_actions = {a["id"]: a for a in b["actions"]}
        n_actions = {a["id"]: a for a in g["actions"]}
        for a in g["actions"]:
            if a["id"] not in b_actions:
                lines.append(f"Ny handling under «{g['text']}»: {a['what']}")
            elif b_actions[a["id"]] != a:
                lines.append(f"Handling ændret under «{g['text']}»: {a['what']}")
        for a in b["actions"]:
            if a["id"] not in n_actions:
                lines.append(f"Handling fjernet under «{g['text']}»: {a['what']}")
    for g in old:
        if g["id"] not in after:
            lines.append(f"Mål fjernet: {g['text']}")
    return lines


def current_goal_status(goal: Mapping[str, Any],
                        reviews: Sequence[Mapping[str, Any]]) -> tuple[str, str | None]:
    """(status, next follow-up date) after the goal's latest review (reviews oldest first)."""
    status, nxt = goal["status"], goal.get("follow_up")
    for r in reviews:
        status, nxt = r["status"], r.get("next_date")
    return status, nxt


def next_follow_up(goals: Iterable[Mapping[str, Any]]) -> date | None:
    """The earliest next follow-up among active goals (each with `current_status`/`next_date`)."""
    dates = [to_date(g.get("next_date")) for g in goals if g.get("current_status") == "active"]
    real = [d for d in dates if d]
    return min(real) if real else None
