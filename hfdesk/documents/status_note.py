"""Statusnotat til myndighed: goals and their reviews, released opsporing items, events,
housing now, and the worker's recommendation (fortsæt / ændr / afslut, with reasons).

Pure builder on the plan snapshot (`hfdesk.documents.plan.plan_snapshot`). Opsporing content
arrives already filtered through `hfdesk.sharing` (released items only) and is filtered here
again by nothing more: the snapshot carries only released texts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from hfdesk.documents.layout import (
    build_pdf,
    fmt_date,
    key_value_table,
    markup,
    para,
    signature_lines,
    styles,
    table,
)
from hfdesk.documents.plan import _spec, goal_blocks

__all__ = ["TITLE", "build_status_note"]

TITLE = "Statusnotat til myndighed"


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def build_status_note(snapshot: Mapping[str, Any], *, locale: str = "da",
                      options: Mapping[str, Any] | None = None) -> bytes:
    spec = _spec(snapshot, TITLE, locale, "Statusnotat – fortroligt")
    st = styles()
    plan = _m(snapshot.get("plan"))
    housing = _m(snapshot.get("housing_now"))
    stay = housing.get("situation_label")
    if stay and housing.get("since"):
        stay = f"{stay} (siden {fmt_date(housing.get('since'), locale)})"
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    story.append(key_value_table([
        ("Metode", snapshot.get("method_label")),
        ("Lovgrundlag", "\n".join(_seq(snapshot.get("legal_basis")))),
        ("Planens stand", snapshot.get("state_label")),
        ("Bor nu", stay),
        ("Næste opfølgning", fmt_date(snapshot.get("next_meeting"), locale)),
    ], missing="Ikke oplyst"))
    story.append(Paragraph("Anbefaling", st["H2"]))
    story.append(key_value_table([
        ("Medarbejderen anbefaler", plan.get("recommendation_label")),
        ("Begrundelse", plan.get("recommendation_reason")),
    ], missing="Ikke angivet"))
    story.append(Paragraph("Den unges ønsker, håb og drømme", st["H2"]))
    story.append(para(plan.get("wish"), "Body", empty="Ikke skrevet endnu."))
    goals = _seq(snapshot.get("goals"))
    story.append(Paragraph("Mål og opfølgning", st["H2"]))
    if goals:
        story.extend(goal_blocks(goals, locale))
    else:
        story.append(para("Planen har ingen mål endnu.", "Body"))
    story.append(Paragraph("Frigivne punkter fra opsporingen", st["H2"]))
    released = [_m(r) for r in _seq(snapshot.get("released"))]
    if released:
        story.append(table(["Dato", "Punkt"], [[fmt_date(r.get("date"), locale), r.get("text")]
                                               for r in released], (0.18, 0.82)))
    else:
        story.append(para("Ingen punkter er frigivet.", "Small"))
    story.append(Paragraph("Hændelser i forløbet", st["H2"]))
    events = [_m(e) for e in _seq(snapshot.get("events"))]
    if events:
        story.append(table(["Dato", "Hændelse"], [[fmt_date(e.get("date"), locale),
                                                   e.get("label")] for e in events],
                           (0.18, 0.82)))
    else:
        story.append(para("Ingen hændelser registreret.", "Small"))
    story.append(signature_lines(["Medarbejder"], per_row=2))
    return build_pdf(spec, story)
