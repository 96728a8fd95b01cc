"""Invitation til netværksmøde: when, where (or the video link), why, the agenda, who comes.

Pure builder over `hfdesk.documents.network_common.meeting_snapshot`. Open agreements from
earlier meetings go on the agenda. Private participants are told that they have no statutory
duty of confidentiality and asked to keep what they hear to themselves. Neutral letterhead: the
young person and private participants take it home.
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

__all__ = ["TITLE", "CONFIDENTIALITY", "build_invitation"]

TITLE = "Invitation til netværksmøde"
CONFIDENTIALITY = ("Til dig, der deltager som privatperson: Du har ikke tavshedspligt efter "
                   "loven, som de fagfolk, der deltager, har. Vi beder dig om at holde det, du "
                   "hører på mødet, for dig selv.")


def build_invitation(snapshot: Mapping[str, Any], *, locale: str = "da") -> bytes:
    spec = page_spec(snapshot, TITLE, neutral=True, subject=TITLE)
    st = styles()
    mt = m(snapshot.get("meeting"))
    citizen = m(snapshot.get("citizen"))
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"])]
    name = clean_text(citizen.get("name"), True)
    story.append(para(f"{name} inviterer til et netværksmøde. Det er {name}, der har valgt, "
                      "hvem der bliver inviteret.", "Body"))
    interp = m(mt.get("interpreter"))
    interp_text = ""
    if interp.get("language"):
        interp_text = f"{clean_text(interp.get('language'), True)}"
        if interp.get("mode"):
            interp_text += f" ({clean_text(interp.get('mode'), True).lower()})"
        interp_text += ", bestilt" if interp.get("booked") else ", ikke bestilt endnu"
    story.append(key_value_table([
        ("Tidspunkt", fmt_datetime(mt.get("meeting_at"), locale)),
        ("Sted", mt.get("place")),
        ("Videolink", mt.get("video_link")),
        ("Formål", mt.get("purpose")),
        ("Tolk", interp_text),
    ], missing=NOT_GIVEN))
    story.append(Paragraph("Dagsorden", st["H2"]))
    agenda = clean_text(mt.get("agenda"))
    if agenda:
        story.append(para(agenda, "Body"))
    earlier = [m(a) for a in seq(snapshot.get("earlier_agreements"))]
    if earlier:
        story.append(Paragraph("Åbne aftaler fra tidligere møder", st["H3"]))
        story.append(table(["Aftale", "Hvem", "Senest"],
                           [[a.get("what"), a.get("owner"), fmt_date(a.get("due_date"), locale)]
                            for a in earlier], (0.6, 0.24, 0.16)))
    if not agenda and not earlier:
        story.append(para("Dagsordenen aftales på mødet.", "Body"))
    story.append(Paragraph("Deltagere", st["H2"]))
    people = [m(p) for p in seq(snapshot.get("participants")) if not m(p).get("removed")]
    story.append(table(["Navn", "Rolle", "Valgt af den unge"],
                       [[p.get("name"), p.get("role"), "Ja" if p.get("chosen_by_youth") else ""]
                        for p in people], (0.4, 0.4, 0.2)))
    if any(p.get("private") for p in people):
        story.append(notice(CONFIDENTIALITY))
    story.append(para("Kan du ikke komme, så giv besked, så den unge ved det.", "Small"))
    return build_pdf(spec, story)
