"""The young person's own plan: "Mine mål", "Hvem hjælper mig", "Næste møde".

Pure builder on the same snapshot as the authority plan (`hfdesk.documents.plan.plan_snapshot`),
but it reads only what belongs on a sheet the young person takes home: the preferred name, the
wish, the goals and actions in plain first-person language. A neutral letterhead (no
organisation, no "fortroligt"), no CPR, no life-area labels (they can read as labels such as
"misbrug"), no diagnoses, no screening content of any kind (`hfdesk.sharing`: audience "youth"
gets nothing), no authority plan names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    markup,
    para,
    styles,
    table,
)

__all__ = ["build_plan_youth"]

WORDS = {
    "da": {"title": "Min plan", "wish": "Det drømmer jeg om", "goals": "Mine mål",
           "helpers": "Hvem hjælper mig", "next": "Næste møde", "what": "Det gør vi",
           "who": "Hvem", "when": "Hvornår", "me": "Mig", "none": "Vi har ikke skrevet mål "
           "endnu.", "no_meeting": "Vi aftaler næste møde sammen.", "done": "Nået",
           "follow": "Vi snakker om det igen", "heading": "Min plan", "reached": "✓ Nået",
           "name": "Navn", "role": "Hvad de gør", "phone": "Telefon"},
    "en": {"title": "My plan", "wish": "What I dream of", "goals": "My goals",
           "helpers": "Who helps me", "next": "Next meeting", "what": "What we do",
           "who": "Who", "when": "When", "me": "Me", "none": "We have not written any goals "
           "yet.", "no_meeting": "We will agree on the next meeting together.",
           "done": "Reached", "follow": "We talk about it again", "heading": "My plan",
           "reached": "✓ Reached", "name": "Name", "role": "What they do", "phone": "Phone"},
}
ROLE_EN = {"Min støtteperson": "My support worker"}


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def build_plan_youth(snapshot: Mapping[str, Any], *, locale: str = "da",
                     options: Mapping[str, Any] | None = None) -> bytes:
    w = WORDS.get(locale, WORDS["da"])
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("preferred_name"), True) or \
        clean_text(citizen.get("legal_name"), True).split(" ")[0]
    printed_at = snapshot.get("printed_at")
    spec = PageSpec(organisation="", title=w["title"], citizen_line=name, confidential=False,
                    neutral=True, neutral_heading=w["heading"],
                    printed_by=clean_text(snapshot.get("printed_by"), True),
                    printed_at=printed_at if isinstance(printed_at, datetime) else None,
                    demo=bool(snapshot.get("demo")), language=locale, subject=w["title"])
    st = styles()
    story: list[Flowable] = [Paragraph(markup(f"{w['title']} – {name}"), st["Title"])]
    wish = clean_text(_m(snapshot.get("plan")).get("wish"))
    if wish:
        story.append(Paragraph(markup(w["wish"]), st["H2"]))
        story.append(para(wish, "Body"))
    story.append(Paragraph(markup(w["goals"]), st["H2"]))
    goals = [_m(g) for g in _seq(snapshot.get("goals"))
             if _m(g).get("status") not in ("dropped", "changed")]
    if not goals:
        story.append(para(w["none"], "Body"))
    for n, g in enumerate(goals, 1):
        head = f"{n}. {markup(g.get('text'))}"
        if g.get("status") == "achieved":
            head += f"  <b>{markup(w['reached'])}</b>"
        block: list[Flowable] = [Paragraph(head, st["H3"])]
        acts = [_m(a) for a in _seq(g.get("actions"))]
        if acts:
            block.append(table([w["what"], w["who"], w["when"]],
                               [[a.get("what"), a.get("who"), fmt_date(a.get("due_date"),
                                                                       locale)]
                                for a in acts], (0.6, 0.22, 0.18)))
        if g.get("follow_up") and g.get("status") == "active":
            block.append(para(f"{w['follow']}: {fmt_date(g.get('follow_up'), locale)}",
                              "Small"))
        story.append(KeepTogether(block))
    story.append(Paragraph(markup(w["helpers"]), st["H2"]))
    helpers = [_m(h) for h in _seq(snapshot.get("helpers"))]
    story.append(table([w["name"], w["role"], w["phone"]],
                       [[h.get("name"), ROLE_EN.get(h.get("role") or "", h.get("role"))
                         if locale == "en" else h.get("role"), h.get("phone")]
                        for h in helpers], (0.4, 0.35, 0.25)))
    story.append(Paragraph(markup(w["next"]), st["H2"]))
    nxt = snapshot.get("next_meeting")
    story.append(para(fmt_date(nxt, locale) if nxt else w["no_meeting"], "Body"))
    return build_pdf(spec, story)
