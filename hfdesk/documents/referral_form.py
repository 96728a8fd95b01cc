"""A blank henvendelsesskema partner actors (UU, jobcenter, skoler) fill in by hand.

Pure: `build_referral_form(snapshot)` with the domains (labels from the concern_domain list) as
tick boxes and a reminder that a concern about someone under 18 is an underretning. It carries
no personal data and no opsporing items, so it needs no store and no sharing decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from hfdesk.documents.layout import (
    CONTENT_WIDTH,
    INK,
    TABLE_FONT,
    PageSpec,
    build_pdf,
    clean_text,
    markup,
    notice,
    para,
    styles,
)

__all__ = ["TITLE", "build_referral_form", "referral_form_snapshot"]

TITLE = "Henvendelse om en ung"
BOX = "\u2610"  # ☐ (DejaVu Sans has it)
LINE_GAP = 7 * mm


def referral_form_snapshot(organisation: str = "", *, printed_at: datetime | None = None,
                           demo: bool = False) -> dict[str, Any]:
    """The shipped domain labels (plus the municipality's overrides when loaded)."""
    from hfdesk import vocab

    v = vocab.default()
    return {"organisation": organisation, "printed_at": printed_at, "demo": demo,
            "domains": [c.label_da for c in v.codes("concern_domain")],
            "sources": [c.label_da for c in v.codes("referral_source")]}


def _write_lines(n: int) -> Table:
    """Ruled lines to write on."""
    t = Table([[""] for _ in range(n)], colWidths=[CONTENT_WIDTH], rowHeights=[LINE_GAP] * n)
    t.setStyle(TableStyle([TABLE_FONT, ("LINEBELOW", (0, 0), (-1, -1), 0.5, INK)]))
    return t


def _fields(labels: Sequence[str]) -> Table:
    """Label | ruled line to write on, one row each."""
    st = styles()
    rows = [[Paragraph(markup(lbl), st["Label"]), ""] for lbl in labels]
    t = Table(rows, colWidths=[CONTENT_WIDTH * 0.3, CONTENT_WIDTH * 0.7],
              rowHeights=[LINE_GAP] * len(rows))
    t.setStyle(TableStyle([TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                           ("LINEBELOW", (1, 0), (1, -1), 0.5, INK),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return t


def _boxes(labels: Sequence[str], columns: int = 2) -> Table:
    st = styles()
    cells = [para(f"{BOX}  {clean_text(lbl, True)}", st["TableCell"]) for lbl in labels]
    while len(cells) % columns:
        cells.append("")
    rows = [cells[i:i + columns] for i in range(0, len(cells), columns)]
    t = Table(rows, colWidths=[CONTENT_WIDTH / columns] * columns, hAlign="LEFT")
    t.setStyle(TableStyle([TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return t


def build_referral_form(snapshot: Mapping[str, Any] | None = None, *, locale: str = "da") -> bytes:
    snap = dict(snapshot or referral_form_snapshot())
    printed_at = snap.get("printed_at")
    spec = PageSpec(
        organisation=clean_text(snap.get("organisation"), True) or "Housing First for unge",
        title=TITLE, confidential=True, printed_at=printed_at if isinstance(
            printed_at, datetime) else None, demo=bool(snap.get("demo")), language=locale,
        subject="Henvendelsesskema – udfyldes i hånden")
    st = styles()
    domains = [str(d) for d in snap.get("domains") or []]
    story: list[Flowable] = [
        Paragraph(markup(TITLE), st["Title"]),
        para("Til UU, jobcenter, skoler og andre samarbejdspartnere. Udfyld skemaet, når du er "
             "bekymret for, om en ung mellem 14 og 25 år har eller mister et sted at bo. Send det "
             "sikkert (sikker mail eller Digital Post) eller ring til os.", "Body"),
        notice("Er den unge under 18 år, er din bekymring en underretning (Barnets lov kap. 16). "
               "Send den samme dag til Børn og Familie – også selv om du sender dette skema til "
               "os. Samtykke er ikke nødvendigt for at underrette."),
        Paragraph("Den unge", st["H2"]),
        _fields(["Navn", "CPR-nr. eller fødselsdato", "Telefon", "Bor/opholder sig nu"]),
        Spacer(1, 4),
        para(f"Ved den unge, at du henvender dig?   {BOX} Ja   {BOX} Nej   {BOX} Ved ikke",
             "Body"),
        para("Ved den unge det ikke, skal vi oplyse den unge om henvendelsen.", "Small"),
        Paragraph("Hvad er du bekymret for?", st["H2"]),
        para("Sæt kryds ved de områder, bekymringen handler om. Der gives ingen point; det er "
             "dine ord, der tæller.", "Small"),
        _boxes(domains),
        Paragraph("Beskriv bekymringen med dine egne ord", st["H3"]),
        _write_lines(5),
        Paragraph("Fra", st["H2"]),
        _fields(["Navn og arbejdssted", "Telefon og e-mail", "Dato"]),
    ]
    return build_pdf(spec, story)
