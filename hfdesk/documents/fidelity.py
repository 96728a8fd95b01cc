"""Fidelitet – teamets selvevaluering: the chosen round and the comparison across rounds.

Pure builder on `hfdesk.store.fidelity.snapshot`. Team-level: no citizen appears anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, Spacer

from hfdesk.documents.layout import PageSpec, build_pdf, fmt_date, key_value_table, para, table
from hfdesk.domain import fidelity as domain

__all__ = ["TITLE", "build_fidelity"]

TITLE = "Fidelitet – teamets selvevaluering"
MAX_COLUMNS = 6   # rounds side by side on A4; older ones are left out of the comparison


def build_fidelity(snap: Mapping[str, Any], *, organisation: str = "", printed_by: str = "",
                   printed_at: datetime | None = None, demo: bool = False) -> bytes:
    inst: domain.Instrument = snap["instrument"]
    chosen = snap.get("chosen")
    spec = PageSpec(organisation=organisation, title=TITLE, confidential=False,
                    printed_by=printed_by, printed_at=printed_at, demo=demo,
                    subject="Fidelitet", citizen_line=inst.title)
    scale = " · ".join(f"{v} = {label.lower()}" for v, label in inst.scale)
    flow: list[Flowable] = [
        para(TITLE, "Title"), para(inst.title, "CitizenLine"),
        para(inst.description, "Body"),
        para(f"Skala: {scale}; «ikke relevant» tæller ikke med i gennemsnittene.", "Small"),
        Spacer(1, 6)]
    if not chosen:
        flow.append(para("Der er endnu ingen fidelitetsrunder. Opret en runde i vinduet "
                         "Fidelitet.", "Body"))
        return build_pdf(spec, flow)
    flow += [para("Runden", "H2"), key_value_table([
        ("Dato", fmt_date(chosen.get("round_date"))),
        ("Titel", chosen.get("title")),
        ("Vurderet af", chosen.get("rated_by")),
        ("Instrument", f"{inst.title}, version {inst.version}"),
        ("Kommentar", chosen.get("comment")),
    ])]
    scores = snap.get("chosen_scores") or {}
    for sec in inst.sections:
        items = inst.items_in(sec.key)
        if not items:
            continue
        flow.append(para(sec.title, "H3"))
        rows = []
        for it in items:
            s = scores.get(it.key, {})
            sc, nr = s.get("score"), bool(s.get("not_relevant"))
            answer = domain.cell(sc, nr)
            if sc is not None:
                answer = f"{sc} – {inst.scale_label(sc)}"
            rows.append([it.text, answer, s.get("comment") or ""])
        flow.append(table(["Punkt", "Vurdering", "Kommentar"], rows, [0.52, 0.18, 0.30]))

    comp: domain.Comparison = snap["comparison"]
    rounds = comp.rounds[-MAX_COLUMNS:]
    skip = len(comp.rounds) - len(rounds)
    flow += [Spacer(1, 6), para("Sammenligning af runder", "H2")]
    if skip:
        flow.append(para(f"De {skip} ældste runder er udeladt her for pladsens skyld.", "Small"))
    header = ["Punkt", *[domain.round_label(r) for r in rounds]]
    body = []
    for kind, text, cells in comp.rows:
        cells = cells[skip:]
        if kind == "section":
            body.append([para(text, "TableHead"), *[Spacer(1, 1) for _ in cells]])
        elif kind in ("mean", "total"):
            body.append([para(text, "TableHead"), *[para(c, "TableHead") for c in cells]])
        else:
            body.append([text, *cells])
    first = 0.46 if rounds else 1.0
    rest = (1 - first) / max(len(rounds), 1)
    flow.append(table(header, body, [first, *([rest] * len(rounds))]))
    return build_pdf(spec, flow)
