"""The documents an export carries per citizen, as PDFs: the current plan, the statusnotat,
the minutes of held network meetings, and sent handovers.

Built with the same snapshot functions and pure builders as the printouts
(`hfdesk/commands/plans.py`, `network.py`), one citizen at a time, so an export never holds
more than one citizen's documents. A delta export carries a document only when something it is
built from changed. The handover module may be absent (an older build): then there are none.
Each document comes with what a municipal archive needs to journalise it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from hfdesk.store.database import Store

# Document types, as used for the `kle_codes` setting and in the manifest.
PLAN = "plan"
STATUS_NOTE = "statusnotat"
MINUTES = "referat"
HANDOVER = "overdragelse"
TYPES = (PLAN, STATUS_NOTE, MINUTES, HANDOVER)
_PLAN_KINDS = ("plan", "plan_goal", "plan_action", "plan_version", "plan_review",
               "plan_review_goal", "plan_link")
_MEETING_KINDS = ("meeting_participant", "meeting_agreement", "meeting_goal_review")


@dataclass
class Doc:
    name: str  # file name inside documents/<citizen id>/
    document_type: str
    title: str
    date: str
    pdf: bytes
    case_number: str | None = None


def _day(value: Any) -> str:
    return str(value or "")[:10] or date.today().isoformat()


def _changed(rows: dict[str, list[dict[str, Any]]], kinds: tuple[str, ...]) -> bool:
    return any(rows.get(k) for k in kinds)


def citizen_documents(store: Store, citizen_id: str, rows: dict[str, list[dict[str, Any]]], *,
                      delta: bool, skipped: list[dict[str, Any]]) -> Iterator[Doc]:
    """Yield the citizen's documents one at a time. `rows` are the exported rows (in a delta,
    only the changed ones). A document that cannot be built is listed in `skipped` with the
    reason, never silently left out."""
    yield from _plan_docs(store, citizen_id, rows, delta, skipped)
    yield from _minutes(store, citizen_id, rows, delta, skipped)
    yield from _handovers(store, citizen_id, rows, delta, skipped)


def _skip(skipped: list[dict[str, Any]], citizen_id: str, kind: str, exc: Exception) -> None:
    reason = getattr(exc, "message", None) or f"{type(exc).__name__}: {exc}"
    skipped.append({"citizen_id": citizen_id, "document_type": kind, "reason": reason[:300]})


def _plan_docs(store: Store, cid: str, rows: dict[str, list[dict[str, Any]]], delta: bool,
               skipped: list[dict[str, Any]]) -> Iterator[Doc]:
    from hfdesk.store import plans

    # A full export already holds every plan row of the citizen: no plan, no query.
    if not (rows.get("plan") if not delta else _changed(rows, _PLAN_KINDS)):
        return
    current = plans.find(store, cid, None)
    if current is None:
        return
    from hfdesk.documents.plan import build_plan, plan_snapshot, plan_title
    from hfdesk.documents.status_note import TITLE, build_status_note
    from hfdesk.store import courses

    try:
        snap = plan_snapshot(store, cid)
    except Exception as exc:  # noqa: BLE001 (listed in the manifest, the export goes on)
        _skip(skipped, cid, PLAN, exc)
        return
    case = None
    if current.get("course_id"):
        try:
            case = courses.get(store, current["course_id"]).get("case_number")
        except Exception:  # noqa: BLE001, S110 (the plan still travels without a case number)
            case = None
    version = snap.get("version") or {}
    when = _day(version.get("finished_on") or current.get("updated_at"))
    try:
        yield Doc("plan.pdf", PLAN, plan_title(snap), when, build_plan(snap), case)
    except Exception as exc:  # noqa: BLE001
        _skip(skipped, cid, PLAN, exc)
    # The statusnotat is written once there is something to report: a review or the
    # worker's recommendation.
    plan = snap.get("plan") or {}
    if snap.get("reviews_count") or plan.get("recommendation"):
        try:
            yield Doc("statusnotat.pdf", STATUS_NOTE, TITLE, _day(current.get("updated_at")),
                      build_status_note(snap), case)
        except Exception as exc:  # noqa: BLE001
            _skip(skipped, cid, STATUS_NOTE, exc)


def _minutes(store: Store, cid: str, rows: dict[str, list[dict[str, Any]]], delta: bool,
             skipped: list[dict[str, Any]]) -> Iterator[Doc]:
    from hfdesk.store import meetings

    if delta:
        wanted = {r["id"] for r in rows.get("network_meeting", [])}
        wanted |= {str(r["meeting_id"]) for k in _MEETING_KINDS for r in rows.get(k, [])
                   if r.get("meeting_id")}
        if not wanted:
            return
        held = [mt for mt in meetings.for_citizen(store, cid) if mt["id"] in wanted]
    else:  # a full export holds every meeting row already
        held = list(rows.get("network_meeting", []))
    from hfdesk.documents.minutes import build_minutes
    from hfdesk.documents.network_common import meeting_snapshot

    for mt in sorted(held, key=lambda m: str(m.get("meeting_at") or "")):
        if not mt.get("held"):
            continue
        when = _day(mt.get("meeting_at"))
        try:
            pdf = build_minutes(meeting_snapshot(store, mt["id"]))
        except Exception as exc:  # noqa: BLE001
            _skip(skipped, cid, MINUTES, exc)
            continue
        from hfdesk.documents.layout import fmt_date

        yield Doc(f"referat-{when}-{mt['id'][:8]}.pdf", MINUTES,
                  f"Referat af netværksmøde {fmt_date(when)}", when, pdf)


def _handovers(store: Store, cid: str, rows: dict[str, list[dict[str, Any]]], delta: bool,
               skipped: list[dict[str, Any]]) -> Iterator[Doc]:
    try:
        from hfdesk.documents.handover import TITLE, build_handover
        from hfdesk.store import handovers
    except ImportError:  # the sharing area has not landed in this build
        return
    # Full or delta, the exported rows name every handover that should travel.
    sent = [r["id"] for r in rows.get("handover", []) if r.get("status") == "sent"]
    for hid in sent:
        h = handovers.get(store, hid)
        if not isinstance(h.get("content"), dict):
            continue  # a draft is not a document yet; a sent one is frozen in `content`
        when = _day(h.get("sent_at"))
        try:
            pdf = build_handover(h["content"])
        except Exception as exc:  # noqa: BLE001
            _skip(skipped, cid, HANDOVER, exc)
            continue
        yield Doc(f"overdragelse-{when}-{h['id'][:8]}.pdf", HANDOVER, TITLE, when, pdf,
                  (h["content"].get("course") or {}).get("case_number")
                  if isinstance(h["content"].get("course"), dict) else None)
