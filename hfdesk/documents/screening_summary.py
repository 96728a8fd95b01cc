"""Opsporingsresumé til myndighed: the domains of concern and needs, released items only.

`build_screening_summary(snapshot)` is pure (data → PDF bytes). It reads the assessment's items
through `hfdesk.sharing.releasable_items(..., "authority")` itself, so even a snapshot that
carried internal items by mistake prints none of them; it says how many internal notes exist.
No score, level or ranking: the domains are listed in the catalogue's order.

Snapshot shape (see `hfdesk.documents.screening_snapshot`)::

    {"organisation", "printed_by", "printed_at", "demo",
     "citizen": {"legal_name", "preferred_name", "cpr", "birth_date", "age"},
     "housing_now": None or {"situation_label", "since"},
     "assessment": None or {
        "assessed_on", "worker_name", "phase_label", "target_subgroup_label", "duration_label",
        "summary": None or {"text", "sharing"},
        "domains": [{"sharing", "domain_label", "concern_label", "risk_signals": [str],
                     "protective_factors": [str], "judgement", "youth_view"}],
        "actions": [{"sharing", "what", "who", "due_date", "done_date", "onward"}],
        "internal_count": int}}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from hfdesk import sharing
from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    key_value_table,
    markup,
    notice,
    para,
    styles,
    table,
)
from hfdesk.domain.cpr import mask

__all__ = ["TITLE", "build_screening_summary"]

TITLE = "Opsporingsresumé til myndighed"
NOT_GIVEN = "Ikke oplyst"
AUDIENCE = "authority"


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _lines(values: object) -> str:
    return "\n".join(f"• {clean_text(v, True)}" for v in _seq(values) if clean_text(v, True))


def _domain_block(d: Mapping[str, Any], locale: str) -> list[Flowable]:
    st = styles()
    head = f"{markup(d.get('domain_label') or NOT_GIVEN)} · bekymring: " \
           f"{markup(d.get('concern_label') or '–')}"
    pairs: list[tuple[str, object]] = [
        ("Den unges eget syn", d.get("youth_view")),
        ("Risikotegn", _lines(d.get("risk_signals"))),
        ("Beskyttende faktorer", _lines(d.get("protective_factors"))),
    ]
    block: list[Flowable] = [Paragraph(head, st["H3"]),
                             key_value_table(pairs, missing="Ingen registreret")]
    judgement = clean_text(d.get("judgement"))
    out: list[Flowable] = [KeepTogether(block)]
    if judgement:
        # Free text of any length goes in paragraphs, never in a table cell.
        out.append(Paragraph("<b>Medarbejderens vurdering</b>", st["Label"]))
        out.append(para(judgement, "Note"))
    return out


def build_screening_summary(snapshot: Mapping[str, Any], *, locale: str = "da",
                            options: Mapping[str, Any] | None = None) -> bytes:
    opts = dict(options or {})
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("legal_name"), True) or NOT_GIVEN
    cpr = clean_text(citizen.get("cpr"), True)
    cpr_text = (cpr if opts.get("full_cpr") else mask(cpr)) if cpr else ""
    line = " · ".join(p for p in (name, cpr_text) if p)
    spec = PageSpec.from_snapshot(snapshot, title=TITLE, citizen_line=line,
                                  subject="Opsporingsresumé – fortroligt", locale=locale)
    st = styles()
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    a = _m(snapshot.get("assessment"))
    if not a:
        story.append(para("Der er ingen opsporingsvurdering for borgeren.", "Body"))
        return build_pdf(spec, story)
    housing = _m(snapshot.get("housing_now"))
    stay = clean_text(housing.get("situation_label"), True)
    if stay and housing.get("since"):
        stay = f"{stay} (siden {fmt_date(housing.get('since'), locale)})"
    story.append(key_value_table([
        ("Vurderet", fmt_date(a.get("assessed_on"), locale)),
        ("Vurderet af", a.get("worker_name")),
        ("Fase", a.get("phase_label")),
        ("Delmålgruppe", a.get("target_subgroup_label")),
        ("Hjemløshedens varighed", a.get("duration_label")),
        ("Opholder sig nu", stay),
    ], missing=NOT_GIVEN))
    story.append(para("Resuméet viser kun de punkter, der er frigivet sammen med den unge. "
                      "Der er ingen point, niveauer eller rangordning: domænerne står i "
                      "opsporingscirklens rækkefølge.", "Small"))

    summary = _m(a.get("summary"))
    summary_items = sharing.releasable_items([summary] if summary.get("text") else [], AUDIENCE)
    if summary_items:
        story.append(Paragraph("Sammenfatning", st["H2"]))
        story.append(para(summary_items[0]["text"], "Body"))

    domains = [_m(d) for d in sharing.releasable_items([_m(x) for x in _seq(a.get("domains"))],
                                                       AUDIENCE)]
    story.append(Paragraph("Domæner med bekymring og behov", st["H2"]))
    concern = [d for d in domains if d.get("concern") == "yes"]
    rest = [d for d in domains if d.get("concern") != "yes"]
    if not domains:
        story.append(para("Ingen domæner er frigivet.", "Small"))
    for d in concern + rest:
        story.extend(_domain_block(d, locale))

    actions = [_m(x) for x in sharing.releasable_items([_m(x) for x in _seq(a.get("actions"))],
                                                       AUDIENCE)]
    story.append(Paragraph("Aftalte indsatser", st["H2"]))
    if actions:
        story.append(table(
            ["Hvad", "Hvem", "Senest", "Videre henvisning"],
            [[x.get("what"), x.get("who"), fmt_date(x.get("due_date"), locale), x.get("onward")]
             for x in actions],
            (0.42, 0.18, 0.14, 0.26)))
    else:
        story.append(para("Ingen indsatser er frigivet.", "Small"))

    internal = a.get("internal_count")
    try:
        n_internal = int(internal) if internal not in (None, "") else 0
    except (TypeError, ValueError):
        n_internal = 0
    withheld = n_internal + sharing.withheld_count(
        [_m(x) for x in (*_seq(a.get("domains")), *_seq(a.get("actions")),
                         *([summary] if summary.get("text") else []))], AUDIENCE)
    if withheld:
        story.append(notice(
            f"Der findes interne notater i opsporingen ({withheld}), som ikke er frigivet og "
            "derfor ikke står her. Den unge kan få aktindsigt i dem."))
    else:
        story.append(para("Der er ingen interne notater ud over det, der står her.", "Small"))
    return build_pdf(spec, story)
