"""Referat af netværksmøde: participants, the young person's wishes, goals reviewed, agreements,
the next meeting.

Pure builder over `hfdesk.documents.network_common.meeting_snapshot`. The minutes exist whether
or not the young person approves them: without approval the page says so, carries the young
person's remarks and stays in the case. The version for one participant
(`meeting_snapshot(..., for_person=ID)`) carries only the agreements concerning that person and
nothing of the young person's wishes, goals or remarks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from hfdesk.documents.layout import (
    build_pdf,
    clean_text,
    fmt_date,
    fmt_datetime,
    key_value_table,
    markup,
    notice,
    para,
    styles,
    table,
)
from hfdesk.documents.network_common import NOT_GIVEN, m, page_spec, seq

__all__ = ["TITLE", "build_minutes"]

TITLE = "Referat af netværksmøde"
_STATUS = {"open": "Åben", "done": "Færdig", "dropped": "Opgivet"}


def _agreements(rows: list[Mapping[str, Any]], locale: str) -> Flowable:
    return table(["Aftale", "Hvem", "Senest", "Status"],
                 [[a.get("what"), a.get("owner"), fmt_date(a.get("due_date"), locale),
                   _STATUS.get(str(a.get("status")), a.get("status"))] for a in rows],
                 (0.5, 0.22, 0.14, 0.14))


def build_minutes(snapshot: Mapping[str, Any], *, locale: str = "da") -> bytes:
    for_whom = snapshot.get("for")
    spec = page_spec(snapshot, TITLE, neutral=bool(for_whom), subject=TITLE)
    st = styles()
    mt = m(snapshot.get("meeting"))
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    if for_whom:
        story.append(para(f"Udgave til {clean_text(for_whom, True)}: kun de aftaler, der "
                          "angår dig.", "Small"))
    story.append(key_value_table([
        ("Tidspunkt", fmt_datetime(mt.get("meeting_at"), locale)),
        ("Sted", mt.get("place") or mt.get("video_link")),
        ("Formål", mt.get("purpose")),
    ], missing=NOT_GIVEN))
    if not mt.get("held"):
        story.append(notice("Mødet er ikke registreret som holdt endnu. Dette er et udkast."))
    if not for_whom:
        if mt.get("approved"):
            story.append(para(f"Den unge har godkendt referatet "
                              f"{fmt_date(mt.get('approved_date'), locale)}.", "Body"))
        else:
            story.append(notice("Den unge har ikke godkendt referatet. Det bliver i sagen og "
                                "sendes ikke ud."))
        remarks = clean_text(mt.get("youth_remarks"))
        if remarks:
            story.append(Paragraph("Den unges bemærkninger", st["H3"]))
            story.append(para(remarks, "Note"))
    story.append(Paragraph("Deltagere", st["H2"]))
    people = [m(p) for p in seq(snapshot.get("participants"))]
    rows = [[clean_text(mt.get("youth_name") or m(snapshot.get("citizen")).get("name"), True)
             + " (den unge)", "", mt.get("youth_attendance") or "Til stede"]]
    rows += [[p.get("name") + (" (ikke længere i netværket)" if p.get("removed") else ""),
              p.get("role"), p.get("attendance") or "Ikke registreret"] for p in people]
    story.append(table(["Navn", "Rolle", "Deltagelse"], rows, (0.38, 0.38, 0.24)))
    if not for_whom:
        story.append(Paragraph("Den unges ønsker til mødet", st["H2"]))
        story.append(para(mt.get("youth_wishes"), "Body", empty="Ingen skrevet."))
        goals = [m(g) for g in seq(snapshot.get("goals"))]
        story.append(Paragraph("Mål, der blev fulgt op på", st["H2"]))
        if goals:
            story.append(table(["Mål", "Opfølgning"],
                               [[g.get("goal"), g.get("review")] for g in goals], (0.35, 0.65)))
        else:
            story.append(para("Ingen mål registreret.", "Small"))
    done = [m(a) for a in seq(snapshot.get("done_here"))]
    if done:
        story.append(Paragraph("Aftaler fra tidligere møder, der er gjort færdige", st["H2"]))
        story.append(_agreements(done, locale))
    story.append(Paragraph("Aftaler", st["H2"]))
    made = [m(a) for a in seq(snapshot.get("agreements"))]
    if made:
        story.append(_agreements(made, locale))
    else:
        story.append(para("Ingen aftaler, der angår dig." if for_whom else
                          "Der blev ikke lavet nye aftaler.", "Body"))
    earlier = [m(a) for a in seq(snapshot.get("earlier_agreements"))]
    if earlier:
        story.append(Paragraph("Stadig åbne aftaler fra tidligere møder", st["H3"]))
        story.append(_agreements(earlier, locale))
    story.append(Paragraph("Næste møde", st["H2"]))
    story.append(para(fmt_date(mt.get("next_meeting_date"), locale), "Body",
                      empty="Ikke aftalt."))
    if not for_whom:
        for problem in seq(snapshot.get("problems")):
            story.append(para(problem, "Small"))
    return build_pdf(spec, story)
