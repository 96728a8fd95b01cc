"""Statistik for egen sagsstamme: the tables and two charts, as PDF bytes.

Pure builder on `hfdesk.statistics.Tables`; every cell arrives through `core.render`, so the
suppression rule ("<5") holds here as in the CSV files. No names, ids or free text.
"""

from __future__ import annotations

from datetime import datetime

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer

from hfdesk.documents.layout import (
    CONTENT_WIDTH,
    FONT,
    FONT_BOLD,
    INK,
    MUTED,
    PageSpec,
    build_pdf,
    para,
    register_fonts,
    styles,
    table,
)
from hfdesk.statistics.charts import Chart, housing_chart, time_to_housing_chart
from hfdesk.statistics.tables import Tables

__all__ = ["TITLE", "build_statistics", "chart_drawing"]

TITLE = "Statistik for egen sagsstamme"
BAR_FILLS = (colors.HexColor("#9aa7b8"), colors.HexColor("#2f4f6f"))


def chart_drawing(chart: Chart, width: float = CONTENT_WIDTH, height: float = 190) -> Drawing:
    """A bar chart (one or two series) with the value text on each bar, and an optional
    median/quartile box under the axis — drawn with reportlab.graphics."""
    register_fonts()
    d = Drawing(width, height)
    d.add(String(0, height - 12, chart.title, fontName=FONT_BOLD, fontSize=10, fillColor=INK))
    d.add(String(0, height - 25, chart.subtitle, fontName=FONT, fontSize=7.5, fillColor=MUTED))
    if chart.is_empty:
        d.add(String(0, height / 2, "Ingen data at vise i perioden.", fontName=FONT,
                     fontSize=9, fillColor=MUTED))
        return d
    box_h = 24 if chart.box else 0
    bc = VerticalBarChart()
    bc.x, bc.y = 40, 30 + box_h
    bc.width, bc.height = width - 150, height - 80 - box_h
    bc.data = [s.values for s in chart.series]
    bc.categoryAxis.categoryNames = chart.categories
    bc.categoryAxis.labels.fontName = FONT
    bc.categoryAxis.labels.fontSize = 7.5
    bc.valueAxis.labels.fontName = FONT
    bc.valueAxis.labels.fontSize = 7
    bc.valueAxis.valueMin = 0
    bc.valueAxis.valueMax = chart.axis_max
    bc.valueAxis.valueStep = chart.axis_max / 4
    bc.valueAxis.labelTextFormat = lambda v: f"{v:g}".replace(".", ",")
    bc.barLabelArray = [s.texts for s in chart.series]
    bc.barLabelFormat = "values"
    bc.barLabels.fontName = FONT
    bc.barLabels.fontSize = 7
    bc.barLabels.nudge = 6
    bc.barSpacing = 2
    for i, _s in enumerate(chart.series):
        bc.bars[i].fillColor = BAR_FILLS[i % len(BAR_FILLS)] if len(chart.series) > 1 \
            else BAR_FILLS[1]
        bc.bars[i].strokeColor = None
    d.add(bc)
    d.add(String(bc.x - 30, bc.y + bc.height + 6, chart.unit, fontName=FONT, fontSize=7,
                 fillColor=MUTED))
    # Legend by hand: a swatch and the series name, so it is readable without colour too.
    lx = bc.x + bc.width + 14
    for i, s in enumerate(chart.series):
        y = bc.y + bc.height - 14 * i - 8
        fill = BAR_FILLS[i % len(BAR_FILLS)] if len(chart.series) > 1 else BAR_FILLS[1]
        d.add(Rect(lx, y, 9, 9, fillColor=fill, strokeColor=None))
        d.add(String(lx + 13, y + 1, s.name, fontName=FONT, fontSize=8, fillColor=INK))
    if chart.box and chart.box_texts:
        lo, med, hi = chart.box
        texts = chart.box_texts
        y = 16
        if lo is None or med is None or hi is None:
            d.add(String(bc.x, y + 4, f"Median {texts[1]} dage · kvartiler {texts[0]}–{texts[2]}",
                         fontName=FONT, fontSize=7.5, fillColor=INK))
        else:
            # A horizontal box on its own day scale under the histogram.
            span = max(hi * 1.15, 1.0)
            sx = bc.width / span
            d.add(Line(bc.x, y + 6, bc.x + bc.width, y + 6, strokeColor=colors.HexColor("#c8c8c8"),
                       strokeWidth=0.5))
            d.add(Rect(bc.x + lo * sx, y, max((hi - lo) * sx, 1.0), 12,
                       fillColor=colors.HexColor("#dfe5ec"), strokeColor=INK, strokeWidth=0.6))
            d.add(Line(bc.x + med * sx, y - 2, bc.x + med * sx, y + 14, strokeColor=INK,
                       strokeWidth=1.6))
            d.add(String(bc.x + bc.width + 14, y + 3,
                         f"Median {texts[1]} dage (kvartiler {texts[0]}–{texts[2]})",
                         fontName=FONT, fontSize=7, fillColor=INK))
    if chart.note:
        d.add(String(0, 1, chart.note, fontName=FONT, fontSize=7, fillColor=MUTED))
    return d


def _table_block(t: object) -> list[Flowable]:
    from hfdesk.statistics.core import Table

    assert isinstance(t, Table)
    out: list[Flowable] = [para(t.title, "H2"),
                           para(f"{t.n_text} · Periode: {t.period}", "Small")]
    if t.source:
        out.append(para(t.source, "Small"))
    if t.is_empty:
        out.append(para(t.empty_text, "Body"))
        return out
    first = 0.28 if len(t.columns) > 5 else 0.40 if len(t.columns) > 3 else 0.55
    rest = (1 - first) / (len(t.columns) - 1)
    # Sub-rows (a code under its group) keep their indent: Paragraph drops leading spaces.
    indent = ParagraphStyle("StatIndent", parent=styles()["TableCell"], leftIndent=10)
    rows: list[list[object]] = [
        [para(row[0].strip(), indent) if row[0].startswith("  ") else row[0], *row[1:]]
        for row in t.rendered()]
    out.append(table(t.columns, rows, [first] + [rest] * (len(t.columns) - 1)))
    return out


def build_statistics(tables: Tables, *, organisation: str = "", printed_by: str = "",
                     printed_at: datetime | None = None, demo: bool = False) -> bytes:
    spec = PageSpec(organisation=organisation, title=TITLE, confidential=True,
                    printed_by=printed_by, printed_at=printed_at, demo=demo,
                    subject="Statistik", citizen_line=f"Periode: {tables.period_text}")
    flow: list[Flowable] = [
        para(TITLE, "Title"), para(f"Periode: {tables.period_text}", "CitizenLine"),
        para("Tallene er beregnet af hfdesk ud fra de registreringer, der er i databasen. Alle "
             "tal med 1–4 personer eller forløb er vist som «<5», også medianer og andele "
             "beregnet på færre end 5. Der er ingen navne, id'er eller fritekst i udskriften.",
             "Small"),
        Spacer(1, 6),
        KeepTogether([chart_drawing(housing_chart(tables))]),
        Spacer(1, 8),
        KeepTogether([chart_drawing(time_to_housing_chart(tables))]),
    ]
    for t in tables.tables:
        flow.append(KeepTogether(_table_block(t)))
    return build_pdf(spec, flow)
