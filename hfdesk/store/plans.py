"""Indsatsplan in the store: the plan per course, goals, actions, versions, reviews, links.

Every write is one transaction with its audit row (field names only). Validation is in
`hfdesk.domain.plans`; a refused write leaves the database as it was. Finished versions are
frozen twice: this module refuses to change them, and a trigger in the schema refuses any
UPDATE of a plan_versions row. Opsporing items can be linked to a goal only once released
(`hfdesk.sharing`); documents read them through the sharing rule again.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from hfdesk import sharing, vocab
from hfdesk.domain import plans as domain
from hfdesk.domain.dates import age_on, to_date
from hfdesk.errors import NotFound, ValidationError
from hfdesk.store import audit, courses, records
from hfdesk.store.database import Store

FROZEN = ("Version {n} er færdiggjort og kan ikke ændres. Ret i kladden, og færdiggør en ny "
          "version.")


def _life_areas() -> list[str]:
    return [c.code for c in vocab.default().codes("life_area", include_inactive=False)]


def _today(today: date | None) -> date:
    return today or date.today()


def _decode_goal(row: dict[str, Any]) -> dict[str, Any]:
    row["linked_items"] = records.decode_json_list(row.get("linked_items"))
    return row


def _decode_version(row: dict[str, Any]) -> dict[str, Any]:
    row["content"] = json.loads(row["content"]) if isinstance(row["content"], str) \
        else row["content"]
    for key in ("custody_took_part", "custody_agreed"):
        if row.get(key) is not None:
            row[key] = bool(row[key])
    return row


def _log(store: Store, action: str, kind: str, rid: str, citizen_id: str,
         fields: list[str] | None = None) -> None:
    audit.log(store, action, record_kind=kind, record_id=rid, citizen_id=citizen_id,
              fields=fields)


# --- the plan ---------------------------------------------------------------------------------

def get(store: Store, plan_id: str) -> dict[str, Any]:
    return records.get(store, "plan", plan_id)


def for_citizen(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM plans WHERE citizen_id = ? ORDER BY created_at",
                       [citizen_id])


def find(store: Store, citizen_id: str, course_id: str | None = None) -> dict[str, Any] | None:
    """The plan of the course (the current course when none is named), or None."""
    if course_id is None:
        course = courses.current(store, citizen_id)
        course_id = course["id"] if course else None
    if course_id is None:
        rows = store.query("SELECT * FROM plans WHERE citizen_id = ? AND course_id IS NULL",
                           [citizen_id])
    else:
        rows = store.query("SELECT * FROM plans WHERE citizen_id = ? AND course_id = ?",
                           [citizen_id, course_id])
    return rows[0] if rows else None


def ensure(store: Store, citizen_id: str, course_id: str | None = None) -> str:
    """The plan of the course, created (empty) on first use: one plan per course."""
    records.get(store, "citizen", citizen_id)
    if course_id is None:
        course = courses.current(store, citizen_id)
        course_id = course["id"] if course else None
    found = find(store, citizen_id, course_id)
    if found:
        return str(found["id"])
    with store.db.atomic():
        pid = records.insert(store, "plan", {"citizen_id": citizen_id, "course_id": course_id})
        _log(store, "create", "plan", pid, citizen_id, ["course_id"] if course_id else [])
    return pid


def update_plan(store: Store, plan_id: str, changes: Mapping[str, Any],
                session: audit.EditSession | None = None) -> list[str]:
    """The overall wish, method note and the statusnotat's recommendation."""
    plan = get(store, plan_id)
    values: dict[str, Any] = {}
    from hfdesk.domain.text import NOTE_MAX, clean

    for key, label in (("wish", "Ønsker, håb og drømme"), ("method_note", "Metode"),
                       ("recommendation_reason", "Begrundelse")):
        if key in changes:
            values[key] = clean(changes[key], field=key, label=label, max_len=NOTE_MAX,
                                multiline=True)
    if "recommendation" in changes:
        rec = changes["recommendation"] or None
        if rec is not None and rec not in domain.RECOMMENDATIONS:
            raise ValidationError("Vælg en anbefaling: fortsæt, ændr eller afslut.",
                                  field="recommendation")
        values["recommendation"] = rec
    with store.db.atomic():
        changed = records.update(store, "plan", plan_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", "plan", plan_id,
                                                    plan["citizen_id"], changed)
    return changed


def mark_authority(store: Store, plan_id: str, plan_type: str | None) -> None:
    """Mark (or unmark) the plan as an authority plan. Only a myndighedsrådgiver may."""
    plan = get(store, plan_id)
    if store.role != domain.AUTHORITY_ROLE:
        raise ValidationError(
            "Kun en myndighedsrådgiver kan markere planen som en myndighedsplan (fx "
            "§ 141-handleplan). Som bostøttemedarbejder er planen indsatsplanen for støtten; "
            "henvis i stedet til myndighedens plan under 'Planer hos myndigheden'.",
            field="authority_type")
    if plan_type is not None and plan_type not in domain.PLAN_TYPES:
        raise ValidationError("Vælg en plantype fra listen.", field="authority_type")
    with store.db.atomic():
        changed = records.update(store, "plan", plan_id, {
            "authority_type": plan_type,
            "authority_marked_by": store.worker_name if plan_type else None,
            "authority_marked_role": store.role if plan_type else None})
        if changed:
            _log(store, "change", "plan", plan_id, plan["citizen_id"], changed)


def _citizen_of_plan(store: Store, plan_id: str) -> str:
    return str(get(store, plan_id)["citizen_id"])


# --- goals and actions --------------------------------------------------------------------

def goals(store: Store, plan_id: str) -> list[dict[str, Any]]:
    return [_decode_goal(r) for r in store.query(
        "SELECT * FROM plan_goals WHERE plan_id = ? ORDER BY sort_order, created_at",
        [plan_id])]


def actions(store: Store, goal_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM plan_actions WHERE goal_id = ? ORDER BY sort_order, "
                       "created_at", [goal_id])


def add_goal(store: Store, plan_id: str, data: Mapping[str, Any], *,
             today: date | None = None) -> str:
    citizen_id = _citizen_of_plan(store, plan_id)
    values = domain.validate_goal(data, life_areas=_life_areas(), today=_today(today))
    linked = _check_links(store, citizen_id, data.get("linked_items") or [])
    with store.db.atomic():
        n = store.db.execute("SELECT coalesce(max(sort_order), 0) FROM plan_goals "
                             "WHERE plan_id = ?", [plan_id]).fetchone()[0]
        gid = records.insert(store, "plan_goal", {**values, "plan_id": plan_id,
                                                  "sort_order": int(n) + 1,
                                                  "linked_items": linked})
        _log(store, "create", "plan_goal", gid, citizen_id,
             [k for k, v in values.items() if v not in (None, "", [])])
    return gid


def _goal(store: Store, goal_id: str) -> tuple[dict[str, Any], str]:
    g = _decode_goal(records.get(store, "plan_goal", goal_id))
    return g, _citizen_of_plan(store, g["plan_id"])


def update_goal(store: Store, goal_id: str, changes: Mapping[str, Any],
                session: audit.EditSession | None = None, *,
                today: date | None = None) -> list[str]:
    """Change the draft goal. A finished version keeps its copy; the plan becomes a draft."""
    current, citizen_id = _goal(store, goal_id)
    changes = dict(changes)
    if changes.get("follow_up") in (current.get("follow_up"),):
        changes.pop("follow_up")
    values = domain.validate_goal(changes, life_areas=_life_areas(), today=_today(today),
                                  partial=True)
    if "linked_items" in values:
        values["linked_items"] = _check_links(store, citizen_id, values["linked_items"])
    with store.db.atomic():
        changed = records.update(store, "plan_goal", goal_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", "plan_goal", goal_id,
                                                    citizen_id, changed)
    return changed


def delete_goal(store: Store, goal_id: str) -> None:
    _g, citizen_id = _goal(store, goal_id)
    with store.db.atomic():
        ids = [a["id"] for a in actions(store, goal_id)]
        records.purge_versions(store, "plan_action", ids)
        records.delete(store, "plan_goal", goal_id)
        _log(store, "delete", "plan_goal", goal_id, citizen_id)


def move_goal(store: Store, goal_id: str, step: int) -> None:
    """Keyboard reordering: move a goal up (-1) or down (+1) among the plan's goals."""
    g, citizen_id = _goal(store, goal_id)
    order = [x["id"] for x in goals(store, g["plan_id"])]
    i = order.index(goal_id)
    j = max(0, min(len(order) - 1, i + step))
    if i == j:
        return
    order.insert(j, order.pop(i))
    with store.db.atomic():
        for n, gid in enumerate(order, 1):
            records.update(store, "plan_goal", gid, {"sort_order": n})
        _log(store, "change", "plan_goal", goal_id, citizen_id, ["sort_order"])


def add_action(store: Store, goal_id: str, data: Mapping[str, Any], *,
               today: date | None = None) -> str:
    _g, citizen_id = _goal(store, goal_id)
    values = domain.validate_action(data, today=_today(today))
    with store.db.atomic():
        n = store.db.execute("SELECT coalesce(max(sort_order), 0) FROM plan_actions "
                             "WHERE goal_id = ?", [goal_id]).fetchone()[0]
        aid = records.insert(store, "plan_action", {**values, "goal_id": goal_id,
                                                    "sort_order": int(n) + 1})
        _log(store, "create", "plan_action", aid, citizen_id,
             [k for k, v in values.items() if v not in (None, "")])
    return aid


def update_action(store: Store, action_id: str, changes: Mapping[str, Any],
                  session: audit.EditSession | None = None, *,
                  today: date | None = None) -> list[str]:
    current = records.get(store, "plan_action", action_id)
    _g, citizen_id = _goal(store, current["goal_id"])
    merged = {**{k: current[k] for k in ("who_kind", "who_name")}, **changes}
    if "who_kind" not in changes and "who_name" not in changes:
        merged.pop("who_kind"), merged.pop("who_name")
    due_changed = "due_date" in changes and changes["due_date"] != current.get("due_date")
    values = domain.validate_action(merged, today=_today(today), partial=True,
                                    check_past=due_changed)
    with store.db.atomic():
        changed = records.update(store, "plan_action", action_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", "plan_action", action_id,
                                                    citizen_id, changed)
    return changed


def delete_action(store: Store, action_id: str) -> None:
    current = records.get(store, "plan_action", action_id)
    _g, citizen_id = _goal(store, current["goal_id"])
    with store.db.atomic():
        records.delete(store, "plan_action", action_id)
        _log(store, "delete", "plan_action", action_id, citizen_id)


# --- released opsporing items linked to goals ------------------------------------------------

_ITEM_TABLES = {"summary": "screening_assessments", "domain": "screening_domains",
                "action": "screening_actions"}


def _item(store: Store, kind: str, item_id: str) -> dict[str, Any] | None:
    table = _ITEM_TABLES.get(kind)
    if table is None:
        return None
    rows = store.query(f"SELECT * FROM {table} WHERE id = ?", [item_id])
    return rows[0] if rows else None


def _check_links(store: Store, citizen_id: str, items: Any) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for i in items or []:
        kind, item_id = str(i.get("kind")), str(i.get("id"))
        row = _item(store, kind, item_id)
        owner = None
        if row is not None:
            owner = row.get("citizen_id")
            if owner is None:
                a = store.query("SELECT citizen_id FROM screening_assessments WHERE id = ?",
                                [row.get("assessment_id")])
                owner = a[0]["citizen_id"] if a else None
        if row is None or owner != citizen_id or not sharing.is_released(row):
            raise ValidationError(
                "Kun punkter fra opsporingen, der er frigivet sammen med den unge, kan knyttes "
                "til et mål. Frigiv punktet under Opsporing først.", field="linked_items")
        out.append({"kind": kind, "id": item_id})
    return out


def released_items(store: Store, citizen_id: str) -> list[dict[str, Any]]:
    """The opsporing items that may be linked to goals (released ones only)."""
    from hfdesk.store import screening

    out: list[dict[str, Any]] = []
    for a in screening.for_citizen(store, citizen_id):
        full = screening.get(store, a["id"])
        for item in sharing.releasable_items(sharing.assessment_items(full), "authority"):
            text = item.get("text") or item.get("what") or vocab.default().label(
                "concern_domain", item.get("domain"))
            out.append({"kind": item["item_kind"], "id": item["id"], "text": text,
                        "assessed_on": a["assessed_on"]})
    return out


def linked_texts(store: Store, goal: Mapping[str, Any]) -> list[str]:
    """The linked items' texts, re-read through the sharing rule (released only)."""
    texts = []
    for i in goal.get("linked_items") or []:
        row = _item(store, i["kind"], i["id"])
        if row is None or not sharing.may_read(row, "authority"):
            continue
        texts.append(str(row.get("summary") or row.get("what") or row.get("judgement")
                         or vocab.default().label("concern_domain", row.get("domain"))))
    return texts


# --- links to authority plans held elsewhere ------------------------------------------------

def links(store: Store, plan_id: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM plan_links WHERE plan_id = ? ORDER BY "
                       "coalesce(last_seen, '') DESC, created_at", [plan_id])


def add_link(store: Store, plan_id: str, data: Mapping[str, Any], *,
             today: date | None = None) -> str:
    citizen_id = _citizen_of_plan(store, plan_id)
    values = domain.validate_link(data, today=_today(today))
    with store.db.atomic():
        lid = records.insert(store, "plan_link", {**values, "plan_id": plan_id})
        _log(store, "create", "plan_link", lid, citizen_id,
             [k for k, v in values.items() if v])
    return lid


def delete_link(store: Store, link_id: str) -> None:
    row = records.get(store, "plan_link", link_id)
    citizen_id = _citizen_of_plan(store, row["plan_id"])
    with store.db.atomic():
        records.delete(store, "plan_link", link_id)
        _log(store, "delete", "plan_link", link_id, citizen_id)


# --- versions -----------------------------------------------------------------------------

def live_content(store: Store, plan_id: str) -> list[dict[str, Any]]:
    gs = goals(store, plan_id)
    return domain.content(gs, {g["id"]: actions(store, g["id"]) for g in gs})


def versions(store: Store, plan_id: str) -> list[dict[str, Any]]:
    return [_decode_version(r) for r in store.query(
        "SELECT * FROM plan_versions WHERE plan_id = ? ORDER BY number", [plan_id])]


def version(store: Store, plan_id: str, number: int) -> dict[str, Any]:
    rows = store.query("SELECT * FROM plan_versions WHERE plan_id = ? AND number = ?",
                       [plan_id, int(number)])
    if not rows:
        raise NotFound(f"Planen har ingen version {number}.")
    return _decode_version(rows[0])


def state(store: Store, plan_id: str) -> domain.PlanState:
    return domain.state(live_content(store, plan_id), versions(store, plan_id))


def finish_version(store: Store, plan_id: str, data: Mapping[str, Any], *,
                   today: date | None = None) -> int:
    """"Færdiggør version": freeze the draft's goals and actions. Returns the version number."""
    today = _today(today)
    plan = get(store, plan_id)
    citizen = records.get(store, "citizen", plan["citizen_id"])
    age = age_on(to_date(citizen.get("birth_date")), today)
    live = live_content(store, plan_id)
    values = domain.validate_finish(data, under_18=age is not None and age < 18, today=today,
                                    goal_count=len(live))
    existing = versions(store, plan_id)
    st = domain.state(live, existing)
    if existing and not st.draft:
        raise ValidationError(f"Planen er uændret siden version {st.number}. Der er intet nyt "
                              "at færdiggøre; registrér i stedet en opfølgning.",
                              field="goals")
    number = (st.number or 0) + 1
    with store.db.atomic():
        vid = records.insert(store, "plan_version", {
            **values, "plan_id": plan_id, "number": number, "finished_by": store.worker_name,
            "content": json.dumps(live, ensure_ascii=False)})
        _log(store, "create", "plan_version", vid, plan["citizen_id"],
             [k for k, v in values.items() if v not in (None, "")])
    return number


def update_version(store: Store, plan_id: str, number: int, changes: Mapping[str, Any]) -> None:
    """Finished versions never change: always refused."""
    version(store, plan_id, number)
    raise ValidationError(FROZEN.format(n=number), field="version")


def compare(store: Store, plan_id: str, a: int, b: int) -> list[str]:
    v = vocab.default()
    return domain.compare(version(store, plan_id, a)["content"],
                          version(store, plan_id, b)["content"],
                          lambda code: v.label("life_area", code))


# --- reviews ------------------------------------------------------------------------------

def add_review(store: Store, plan_id: str, review_date: Any,
               per_goal: Mapping[str, Mapping[str, Any]], *, participants: str | None = None,
               note: str | None = None, today: date | None = None) -> str:
    """Opfølgning: for each goal what happened, new status and next date. No new version."""
    from hfdesk.domain.dates import parse_date
    from hfdesk.domain.text import NOTE_MAX, clean

    today = _today(today)
    plan = get(store, plan_id)
    when = review_date if isinstance(review_date, date) else parse_date(
        review_date, field="review_date", today=today)
    when = when or today
    if when > today:
        raise ValidationError("En opfølgning registreres på dagen eller bagefter, ikke i "
                              "fremtiden.", field="review_date")
    own = {g["id"] for g in goals(store, plan_id)}
    if not per_goal:
        raise ValidationError("Skriv mindst ét mål i opfølgningen.", field="goals")
    items = {}
    for gid, d in per_goal.items():
        if gid not in own:
            raise ValidationError("Målet hører ikke til denne plan.", field="goals")
        items[gid] = domain.validate_review_goal(d, today=today)
    st = state(store, plan_id)
    with store.db.atomic():
        rid = records.insert(store, "plan_review", {
            "plan_id": plan_id, "review_date": when.isoformat(), "version_number": st.number,
            "participants": clean(participants, field="participants", label="Deltagere"),
            "note": clean(note, field="note", label="Note", max_len=NOTE_MAX, multiline=True)})
        for gid, values in items.items():
            records.insert(store, "plan_review_goal", {**values, "review_id": rid,
                                                       "goal_id": gid})
        _log(store, "create", "plan_review", rid, plan["citizen_id"],
             ["review_date", "goals"])
    return rid


def reviews(store: Store, plan_id: str) -> list[dict[str, Any]]:
    """Reviews oldest first, each with its `goals` rows."""
    out = store.query("SELECT * FROM plan_reviews WHERE plan_id = ? ORDER BY review_date, "
                      "created_at", [plan_id])
    for r in out:
        r["goals"] = store.query("SELECT * FROM plan_review_goals WHERE review_id = ?",
                                 [r["id"]])
    return out


def goal_reviews(store: Store, goal_id: str) -> list[dict[str, Any]]:
    return store.query(
        "SELECT q.*, r.review_date FROM plan_review_goals q JOIN plan_reviews r "
        "ON r.id = q.review_id WHERE q.goal_id = ? ORDER BY r.review_date, r.created_at",
        [goal_id])


def full(store: Store, plan_id: str) -> dict[str, Any]:
    """The plan with goals (actions, reviews, current status, next date), versions, links."""
    plan = dict(get(store, plan_id))
    gs = goals(store, plan_id)
    for g in gs:
        g["actions"] = actions(store, g["id"])
        g["reviews"] = goal_reviews(store, g["id"])
        g["current_status"], g["next_date"] = domain.current_goal_status(g, g["reviews"])
    plan["goals"] = gs
    plan["versions"] = versions(store, plan_id)
    plan["reviews"] = reviews(store, plan_id)
    plan["links"] = links(store, plan_id)
    plan["state"] = domain.state(domain.content(gs, {g["id"]: g["actions"] for g in gs}),
                                 plan["versions"])
    return plan


# --- reminders ------------------------------------------------------------------------------

STATUS_NOTE_MONTHS = 3


def status_note_due(store: Store, citizen_id: str, plan_created_at: str) -> date:
    """Three months after the last statusnotat printed, saved or stored (or the plan's start)."""
    from hfdesk.domain.courses import add_months

    row = store.db.execute(
        "SELECT max(x) FROM (SELECT max(created_at) AS x FROM documents "
        "WHERE citizen_id = ? AND kind = 'status_note' UNION ALL SELECT max(at) FROM audit "
        "WHERE citizen_id = ? AND record_kind = 'status_note' AND action IN "
        "('print', 'save_file'))", [citizen_id, citizen_id]).fetchone()
    last = (row[0] if row and row[0] else None) or plan_created_at
    return add_months(date.fromisoformat(str(last)[:10]), STATUS_NOTE_MONTHS)


def reminders(store: Store, today: date, skip: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Plans with a goal whose follow-up is due within two weeks (or overdue), and plans
    whose three-monthly statusnotat to the authority is due."""
    from hfdesk.reminders import SOON

    items: list[dict[str, Any]] = []
    for p in store.query("SELECT p.id, p.citizen_id, p.course_id, p.created_at FROM plans p "
                         "LEFT JOIN courses c ON c.id = p.course_id "
                         "WHERE c.end_decision_date IS NULL"):
        if p["citizen_id"] in skip:
            continue
        note_due = status_note_due(store, p["citizen_id"], p["created_at"])
        if note_due - today <= SOON:
            items.append({"kind": "status_note", "citizen_id": p["citizen_id"],
                          "course_id": p["course_id"], "date": note_due.isoformat(),
                          "severity": "overdue" if note_due < today else "soon",
                          "label": "Statusnotat til myndighed"})
        gs = goals(store, p["id"])
        for g in gs:
            g["current_status"], g["next_date"] = domain.current_goal_status(
                g, goal_reviews(store, g["id"]))
        when = domain.next_follow_up(gs)
        if when is None or when - today > SOON:
            continue
        items.append({"kind": "plan_review", "citizen_id": p["citizen_id"],
                      "course_id": p["course_id"], "date": when.isoformat(),
                      "severity": "overdue" if when < today else "soon",
                      "label": "Opfølgning på planen"})
    return items
