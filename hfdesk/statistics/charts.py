"""What the two charts draw, from the same tables the CSV and the screen use.

Both the Qt drawing (ui/statistics_window.py) and the PDF (reportlab.graphics) take a `Chart`:
categories, one or two series of values and the text to write on each bar. A suppressed cell
draws no bar and says "<5"; nothing here can show a count the tables would hide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from hfdesk.statistics.core import Label, Stat, Table, number, render
from hfdesk.statistics.tables import Tables

CHART_NOTE = "<5: 1–4 forløb. (skjult): skjult, så en <5-celle ikke kan regnes ud."


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float]      # 0 where suppressed or empty
    texts: list[str]         # what to write on/above each bar ("<5", "45 %", …)


@dataclass(frozen=True)
class Chart:
    title: str
    subtitle: str            # n and period
    categories: list[str]
    series: list[Series]
    unit: str                # axis label
    note: str = ""
    # Optional summary for a box marker: (lower quartile, median, upper quartile), suppressed
    # values as None.
    box: tuple[float | None, float | None, float | None] | None = None
    box_texts: tuple[str, str, str] | None = None

    @property
    def axis_max(self) -> float:
        """A round top for the value axis (1, 2, 2.5 or 5 × 10^k) with room for the labels."""
        top = max([v for s in self.series for v in s.values] + [1.0]) * 1.15
        step = 10 ** math.floor(math.log10(top))
        for m in (1, 2, 2.5, 5, 10):
            if m * step >= top:
                return float(m * step)
        return float(10 * step)

    @property
    def is_empty(self) -> bool:
        return not any(v for s in self.series for v in s.values) and not any(
            t not in ("0", "0 %", "–", "") for s in self.series for t in s.texts)


def _column(table: Table, rows: list[int], col: int) -> tuple[list[float], list[str]]:
    """Values and texts of one column of a table, after primary and secondary suppression."""
    shown = table.rendered()
    return ([table.visible_number(r, col) or 0.0 for r in rows],
            [shown[r][col] for r in rows])


def housing_chart(tables: Tables) -> Chart:
    """Share of courses in a home / not in a home / unknown, at start and now (or latest)."""
    t = tables.by_key("boligsituation")
    labels = {g.upper(): g for g, _a, _b in tables.housing_groups}
    rows = [r for r, row in enumerate(t.rows)
            if isinstance(row[0], Label) and row[0].text in labels]
    cats = [labels[t.rows[r][0].text] for r in rows] if rows else list(labels.values())  # type: ignore[union-attr]
    later = "Seneste måling" if "målinger" in tables.housing_source else "Nu"
    start_v, start_t = _column(t, rows, 2) if rows else ([0.0] * len(cats), ["–"] * len(cats))
    late_v, late_t = _column(t, rows, 4) if rows else ([0.0] * len(cats), ["–"] * len(cats))
    return Chart(
        title="Boligsituation ved start og " + later.lower(),
        subtitle=f"{t.n_text} · {t.period}", categories=cats,
        series=[Series("Ved start", start_v, start_t), Series(later, late_v, late_t)],
        unit="Andel af forløb (%)",
        note=f"Kilde: {tables.housing_source}. " + CHART_NOTE)


def time_to_housing_chart(tables: Tables) -> Chart:
    """Histogram of days from course start to the first own home, with quartiles and median."""
    t = tables.by_key("tid_til_bolig")
    hist = tables.by_key("tid_til_bolig_fordeling")
    cats = [name for name, _k in tables.histogram]
    if hist.rows:
        values, texts = _column(hist, list(range(len(hist.rows))), 1)
    else:
        values, texts = [0.0] * len(cats), ["0"] * len(cats)
    box = None
    box_texts = None
    if t.rows:
        row = t.rows[0]
        cells = (row[3], row[2], row[4])
        assert all(isinstance(c, Stat) for c in cells)
        box = (number(cells[0]), number(cells[1]), number(cells[2]))
        box_texts = (render(cells[0]), render(cells[1]), render(cells[2]))
    return Chart(
        title="Dage fra forløbsstart til egen bolig",
        subtitle=f"{t.n_text} · {t.period}", categories=cats,
        series=[Series("Forløb", values, texts)],
        unit="Antal forløb", box=box, box_texts=box_texts,
        note="Median og kvartiler (boks). " + CHART_NOTE)
