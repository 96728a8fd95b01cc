"""What the three network printouts share: reading the store once into plain snapshots.

`network_snapshot` and `meeting_snapshot` read the store; the builders in
`hfdesk.documents.network_map`, `.invitation` and `.minutes` are pure (data in, PDF bytes out).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from hfdesk.documents.layout import PageSpec, clean_text

NOT_GIVEN = "Ikke oplyst"


def m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def page_spec(snapshot: Mapping[str, Any], title: str, *, neutral: bool = False,
              subject: str = "") -> PageSpec:
    citizen = m(snapshot.get("citizen"))
    printed_at = snapshot.get("printed_at")
    return PageSpec(
        organisation=clean_text(snapshot.get("organisation"), True) or "hfdesk",
        title=title,
        citizen_line=clean_text(citizen.get("name"), True),
        confidential=not neutral,
        printed_by=clean_text(snapshot.get("printed_by"), True),
        printed_at=printed_at if isinstance(printed_at, datetime) else None,
        demo=bool(snapshot.get("demo")),
        neutral=neutral,
        neutral_heading=clean_text(snapshot.get("neutral_heading"), True),
        subject=subject or title,
    )


def _base(store: Any, citizen_id: str, printed_at: datetime | None) -> dict[str, Any]:
    from hfdesk.store import citizens, settings

    c = citizens.get(store, citizen_id)
    return {
        "organisation": " · ".join(p for p in (settings.get(store, "organisation"),
                                                settings.get(store, "unit")) if p) or "hfdesk",
        "neutral_heading": settings.get(store, "neutral_letterhead")
        or settings.get(store, "municipality") or "",
        "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {"id": citizen_id, "name": c.get("preferred_name") or c["legal_name"],
                    "legal_name": c["legal_name"]},
    }


def network_snapshot(store: Any, citizen_id: str, *, printed_at: datetime | None = None,
                     today: date | None = None) -> dict[str, Any]:
    from hfdesk import vocab
    from hfdesk.store import network

    v = vocab.default()
    today = today or date.today()
    snap = _base(store, citizen_id, printed_at)
    persons = []
    for p in network.for_citizen(store, citizen_id):
        role = (v.label("legal_role", p["legal_role"]) if p.get("legal_role") else
                v.label("network_relation", p["relation"]) if p.get("relation") else
                v.label("actor_type", p["actor_type"]) if p.get("actor_type") else "")
        persons.append({
            "id": p["id"], "name": p["name"], "role": role,
            "organisation": p.get("organisation"),
            "closeness": p.get("closeness"),
            "closeness_label": v.label("closeness", p["closeness"]) if p.get("closeness")
            else "",
            "permission": p.get("contact_permission") or "ask_first",
            "permission_label": v.label("contact_permission",
                                        p.get("contact_permission") or "ask_first"),
            "permission_date": p.get("permission_date"),
            "brings": p.get("brings"), "hard": p.get("hard"),
            "legal_scope": p.get("legal_scope"), "legal_expires": p.get("legal_expires"),
            "warnings": network.warnings(p, today),
        })
    snap["persons"] = persons
    return snap


def meeting_snapshot(store: Any, meeting_id: str, *, printed_at: datetime | None = None,
                     for_person: str | None = None) -> dict[str, Any]:
    from hfdesk import vocab
    from hfdesk.domain import network as ndomain
    from hfdesk.store import meetings

    v = vocab.default()
    mt = meetings.get(store, meeting_id)
    snap = _base(store, mt["citizen_id"], printed_at)
    parts = meetings.participants(store, meeting_id)
    snap["meeting"] = {
        "id": mt["id"], "meeting_at": mt["meeting_at"], "place": mt.get("place"),
        "video_link": mt.get("video_link"), "purpose": mt.get("purpose"),
        "agenda": mt.get("agenda"), "youth_wishes": mt.get("youth_wishes"),
        "youth_attendance": v.label("meeting_attendance", mt["youth_attendance"])
        if mt.get("youth_attendance") else "",
        "held": mt["held"], "approved": mt["minutes_approved"],
        "approved_date": mt.get("approved_date"), "youth_remarks": mt.get("youth_remarks"),
        "next_meeting_date": mt.get("next_meeting_date"),
        "interpreter": {"language": mt.get("interpreter_language"),
                        "name": mt.get("interpreter_name"),
                        "booked": mt.get("interpreter_booked"),
                        "mode": v.label("interpreter_mode", mt["interpreter_mode"])
                        if mt.get("interpreter_mode") else ""},
    }
    snap["participants"] = [{
        "id": p["id"], "person_id": p.get("person_id"), "actor_id": p.get("actor_id"),
        "name": p["name"], "role": p.get("role"), "chosen_by_youth": p["chosen_by_youth"],
        "private": p.get("person_type") in ("private", "legal") and not p.get("actor_id"),
        "removed": bool(p.get("person_removed")),
        "attendance": v.label("meeting_attendance", p["attendance"])
        if p.get("attendance") else "",
    } for p in parts]
    snap["goals"] = [{"goal": g["goal"], "review": g.get("review")}
                     for g in meetings.goal_reviews(store, meeting_id)]

    def agr(a: Mapping[str, Any]) -> dict[str, Any]:
        return {"what": a["what"], "owner": a["owner_name"], "due_date": a.get("due_date"),
                "status": a["status"], "done_date": a.get("done_date"),
                "owner_person_id": a.get("owner_person_id"),
                "owner_actor_id": a.get("owner_actor_id")}
    made = [agr(a) for a in meetings.agreements(store, mt["citizen_id"], meeting_id=meeting_id)]
    earlier = [agr(a) for a in meetings.agenda_agreements(store, meeting_id)]
    done_here = [agr(a) for a in meetings.agreements(store, mt["citizen_id"], status="done")
                 if a.get("done_meeting_id") == meeting_id]
    if for_person:
        mine = next((p for p in snap["participants"]
                     if for_person in (p["person_id"], p["actor_id"], p["id"])), None)
        ids = {for_person} | ({mine["person_id"], mine["actor_id"]} - {None} if mine else set())

        def concerns(a: Mapping[str, Any]) -> bool:
            return any(ndomain.concerns(a, i) for i in ids)
        made = [a for a in made if concerns(a)]
        earlier = [a for a in earlier if concerns(a)]
        done_here = [a for a in done_here if concerns(a)]
        snap["for"] = mine["name"] if mine else NOT_GIVEN
    snap["agreements"] = made
    snap["earlier_agreements"] = earlier
    snap["done_here"] = done_here
    snap["problems"] = meetings.problems(store, meeting_id)
    return snap
