"""Netværkskort: the young person in the middle, rings for closeness, to work on on paper.

`build_network_map(snapshot)` is pure (snapshot from
`hfdesk.documents.network_common.network_snapshot`). The drawing (reportlab.graphics) puts each
person on the ring of their closeness (tæt / mellem / fjern), with a marker for the contact
permission that also reads in black and white (a letter in the marker). Below it, a table with
what each person brings and what is hard, in the young person's words, and the permissions with
their dates. People named here can ask to see what is written about them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.platypus import Flowable, Paragraph, Spacer

from hfdesk.documents.layout import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    build_pdf,
    clean_text,
    fmt_date,
    markup,
    para,
    styles,
    table,
)
from hfdesk.documents.network_common import m, page_spec, seq

__all__ = ["MARKERS", "TITLE", "build_network_map", "map_drawing", "ring_offset"]

TITLE = "Netværkskort"
RINGS = (("close", "Tæt"), ("middle", "Mellem"), ("distant", "Fjern"))
# permission → (fill colour, letter): the letter keeps the map readable in black and white.
MARKERS = {"allowed": (colors.HexColor("#2e7d32"), "K"),
           "ask_first": (colors.HexColor("#f9a825"), "S"),
           "only_with_me": (colors.HexColor("#1565c0"), "M"),
           "not_allowed": (colors.HexColor("#c62828"), "X")}
LEGEND = (("K", "Må kontaktes"), ("S", "Spørg mig først"), ("M", "Kun når jeg er med"),
          ("X", "Må ikke kontaktes"))


def _short(text: str, n: int) -> str:
    text = clean_text(text, True)
    return text if len(text) <= n else text[: n - 1] + "…"


def ring_offset(n: int, ring: int) -> float:
    """The start angle that keeps every person clear of the ring's label at the top."""
    best, best_gap = 0.0, -1.0
    for k in range(36):
        start = math.radians(k * 10 + ring * 5)
        gap = min(abs(math.remainder(start + 2 * math.pi * i / n - math.pi / 2, 2 * math.pi))
                  for i in range(n))
        if gap > best_gap + 1e-9:
            best, best_gap = start, gap
    return best


def map_drawing(persons: Sequence[Mapping[str, Any]], centre_name: str,
                width: float = CONTENT_WIDTH, height: float | None = None) -> Drawing:
    """The drawn map. Persons without a closeness are placed on the outer ring."""
    height = height or width * 0.95
    d = Drawing(width, height)
    cx, cy = width / 2, height / 2 + 6
    outer = min(width, height) / 2 - 30
    radii = [outer * f for f in (0.44, 0.72, 0.98)]
    shades = (colors.HexColor("#eef3f8"), colors.HexColor("#f5f8fb"), colors.white)
    for r, shade in zip(reversed(radii), reversed(shades), strict=True):
        d.add(Circle(cx, cy, r, fillColor=shade, strokeColor=colors.HexColor("#7a8a99"),
                     strokeWidth=0.8, strokeDashArray=[3, 3]))
    for (_code, label), r in zip(RINGS, radii, strict=True):
        d.add(String(cx, cy + r - 12, label, fontName=FONT_BOLD, fontSize=9,
                     fillColor=colors.HexColor("#5a6a79"), textAnchor="middle"))
    # the young person
    centre = clean_text(centre_name, True)
    if len(centre) > 9:
        centre = centre.split(" ")[0]
    groups: dict[int, list[Mapping[str, Any]]] = {0: [], 1: [], 2: []}
    index = {code: i for i, (code, _l) in enumerate(RINGS)}
    for p in persons:
        groups[index.get(str(p.get("closeness")), 2)].append(p)
    placed: list[tuple[float, float, Mapping[str, Any]]] = []
    for ring, people in groups.items():
        r = (radii[ring] + radii[ring - 1]) / 2 if ring else (radii[0] + 30) / 2
        offset = ring_offset(len(people), ring) if people else 0.0
        for i, p in enumerate(people):
            angle = offset + 2 * math.pi * i / len(people)
            placed.append((cx + r * math.cos(angle), cy + r * math.sin(angle), p))
    # Lines first, so no line crosses a name.
    for x, y, _p in placed:
        d.add(Line(cx, cy, x, y, strokeColor=colors.HexColor("#b0bec5"), strokeWidth=0.6))
    d.add(Circle(cx, cy, 30, fillColor=colors.HexColor("#263238"), strokeColor=INK))
    d.add(String(cx, cy - 4, _short(centre, 12), fontName=FONT_BOLD, fontSize=10,
                 fillColor=colors.white, textAnchor="middle"))
    for x, y, p in placed:
        fill, letter = MARKERS.get(str(p.get("permission")), MARKERS["ask_first"])
        d.add(Circle(x, y, 8, fillColor=fill, strokeColor=INK, strokeWidth=0.6))
        d.add(String(x, y - 3.2, letter, fontName=FONT_BOLD, fontSize=8.5,
                     fillColor=colors.white if letter != "S" else INK,
                     textAnchor="middle"))
        name = _short(str(p.get("name") or ""), 22)
        role = _short(str(p.get("role") or ""), 26)
        box_w = max(len(name) * 5.9, len(role) * 4.5) + 6
        box_h = 22 if role else 12
        d.add(Rect(x - box_w / 2, y - 11 - box_h, box_w, box_h, fillColor=colors.white,
                   strokeColor=colors.HexColor("#cfd8dc"), strokeWidth=0.4))
        d.add(String(x, y - 20, name, fontName=FONT_BOLD, fontSize=9.5, fillColor=INK,
                     textAnchor="middle"))
        if role:
            d.add(String(x, y - 30, role, fontName=FONT, fontSize=7.5,
                         fillColor=colors.HexColor("#37474f"), textAnchor="middle"))
    # legend
    lx = 4
    for letter, label in LEGEND:
        fill = next(f for f, ltr in MARKERS.values() if ltr == letter)
        d.add(Circle(lx + 7, 8, 6.5, fillColor=fill, strokeColor=INK, strokeWidth=0.5))
        d.add(String(lx + 7, 5, letter, fontName=FONT_BOLD, fontSize=7.5,
                     fillColor=colors.white if letter != "S" else INK, textAnchor="middle"))
        d.add(String(lx + 17, 5, label, fontName=FONT, fontSize=8, fillColor=INK))
        lx += 22 + len(label) * 4.6
    return d


def build_network_map(snapshot: Mapping[str, Any], *, locale: str = "da") -> bytes:
    spec = page_spec(snapshot, TITLE, subject="Netværkskort – fortroligt")
    st = styles()
    citizen = m(snapshot.get("citizen"))
    persons = [m(p) for p in seq(snapshot.get("persons"))]
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    story.append(map_drawing(persons, str(citizen.get("name") or "")))
    story.append(Spacer(1, 4))
    story.append(para("Tegn gerne videre på kortet sammen. Ringene viser, hvor tæt personen er "
                      "på dig. Bogstavet i prikken er din tilladelse til, at vi kontakter "
                      "personen.", "Small"))
    story.append(Paragraph("Personerne", st["H2"]))
    if persons:
        rows = []
        for p in persons:
            who = clean_text(p.get("name"), True)
            role = clean_text(p.get("role"), True)
            if p.get("organisation"):
                role = f"{role}, {clean_text(p.get('organisation'), True)}".strip(", ")
            if p.get("legal_scope") or p.get("legal_expires"):
                role += f" (omfang: {clean_text(p.get('legal_scope'), True) or '–'}; udløber " \
                        f"{fmt_date(p.get('legal_expires'), locale) or '–'})"
            perm = clean_text(p.get("permission_label"), True)
            if p.get("permission_date"):
                perm += f" ({fmt_date(p.get('permission_date'), locale)})"
            rows.append([f"{who}\n{role}" if role else who, p.get("closeness_label"), perm,
                         p.get("brings"), p.get("hard")])
        story.append(table(["Hvem", "Hvor tæt", "Kontakt", "Hvad personen giver",
                            "Hvad der er svært"], rows, (0.24, 0.1, 0.18, 0.24, 0.24)))
        warnings = [f"{clean_text(p.get('name'), True)}: {w}" for p in persons
                    for w in seq(p.get("warnings"))]
        for w in warnings:
            story.append(para(w, "Body"))
    else:
        story.append(para("Der er ingen personer i netværket endnu.", "Body"))
    story.append(para("Det, der står her, er skrevet med den unges ord. Personerne kan bede om "
                      "at se, hvad der står om dem.", "Small"))
    return build_pdf(spec, story)
