"""Pure building blocks of every statistics table: cells, the suppression rule, medians.

A table holds typed cells (a count, a share, a statistic over n values, a label) and is rendered
to text in one place, `render`, which applies the suppression rule. So no output — CSV, PDF or
screen — can show a small cell by forgetting to suppress it.

The rule: a count of 1–4 people, a share whose part is 1–4 or whose whole is under 5, and a
median or quartile computed from fewer than 5 values are shown as "<5". Zero is shown: it
identifies no one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

SUPPRESS_BELOW = 5
SUPPRESSED = "<5"
EMPTY = "–"


def is_small(n: int) -> bool:
    """True for a cell that would point at 1–4 people."""
    return 0 < n < SUPPRESS_BELOW


def median(values: Sequence[float]) -> float | None:
    """The median, or None for no values (never a division by zero)."""
    return quantile(values, 0.5)


def quantile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated quantile (the same method as Excel's KVARTIL.MEDTAG / numpy's
    default), or None for no values."""
    if not values:
        return None
    ordered = sorted(float(v) for v in values)
    pos = (len(ordered) - 1) * min(max(q, 0.0), 1.0)
    lo = math.floor(pos)
    hi = math.ceil(pos)
    if lo == hi:
        return ordered[lo]
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass(frozen=True)
class Count:
    value: int


@dataclass(frozen=True)
class Share:
    """part of whole, shown as a percentage."""
    part: int
    whole: int


@dataclass(frozen=True)
class Stat:
    """A statistic (median, quartile, mean) computed from n values."""
    value: float | None
    n: int
    decimals: int = 0


@dataclass(frozen=True)
class Label:
    """A category label from a code list or a fixed heading — never free text."""
    text: str


Cell = Count | Share | Stat | Label


def fmt_number(value: float, decimals: int = 0) -> str:
    """Danish: decimal comma, no thousands separator (Excel reads it as a number)."""
    text = f"{value:.{decimals}f}"
    return text.replace(".", ",")


def render(cell: Cell) -> str:
    """The one place a cell becomes text, with the suppression rule applied."""
    if isinstance(cell, Label):
        return cell.text
    if isinstance(cell, Count):
        return SUPPRESSED if is_small(cell.value) else str(cell.value)
    if isinstance(cell, Share):
        if cell.whole <= 0:
            return EMPTY
        if is_small(cell.part) or cell.whole < SUPPRESS_BELOW:
            return SUPPRESSED
        return fmt_number(100.0 * cell.part / cell.whole) + " %"
    if cell.n <= 0 or cell.value is None:
        return EMPTY
    if cell.n < SUPPRESS_BELOW:
        return SUPPRESSED
    return fmt_number(cell.value, cell.decimals)


def number(cell: Cell) -> float | None:
    """The value a chart may draw: None where the rendered cell is suppressed or empty."""
    if isinstance(cell, Label):
        return None
    if render(cell) in (SUPPRESSED, EMPTY):
        return None
    if isinstance(cell, Count):
        return float(cell.value)
    if isinstance(cell, Share):
        return 100.0 * cell.part / cell.whole
    return cell.value


@dataclass(frozen=True)
class Period:
    start: date | None = None
    end: date | None = None

    def label(self, first: date | None = None, last: date | None = None) -> str:
        a = self.start or first
        b = self.end or last
        if not (self.start or self.end) and first is None:
            return "hele perioden (ingen data)"
        text = f"{a.strftime('%d.%m.%Y') if a else '…'}–{b.strftime('%d.%m.%Y') if b else '…'}"
        return text if (self.start or self.end) else f"hele perioden ({text})"

    def contains(self, day: date | None) -> bool:
        if day is None:
            return False
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    def overlaps(self, first: date | None, last: date | None) -> bool:
        """A course from `first` to `last` (None = still open) touches the period."""
        if first is None:
            return False
        return ((self.end is None or first <= self.end)
                and (last is None or self.start is None or last >= self.start))


Pos = tuple[int, int]            # (row, column) of a cell in Table.rows
HIDDEN = "(skjult)"
NOTICE = ("Celler med 1–4 er vist som <5. «(skjult)» er et tal, der er skjult, for at en "
          "<5-celle ikke kan regnes ud fra totalerne.")


@dataclass
class Table:
    """One statistics table: a CSV file, a section of the PDF, a tab of the window.

    `lines` say which cells add up: (total, components), where the total is a cell or the
    table's n (shown in its heading). They drive the secondary suppression; `links` hide a
    share together with the count it is the share of.
    """
    key: str                     # file stem, ASCII
    title: str                   # Danish heading
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    n: int = 0                   # how many courses / henvendelser / citizens the table counts
    unit: str = "forløb"
    period: str = ""
    source: str = ""             # where the figures come from, in words
    empty_text: str = "Ingen data i perioden."
    lines: list[tuple[Pos | None, list[Pos]]] = field(default_factory=list)
    links: dict[Pos, list[Pos]] = field(default_factory=dict)

    def _count(self, pos: Pos) -> int | None:
        r, c = pos
        if r >= len(self.rows) or c >= len(self.rows[r]):
            return None
        cell = self.rows[r][c]
        return cell.value if isinstance(cell, Count) else None

    def hidden(self) -> set[Pos]:
        """Cells hidden by the secondary suppression.

        A line (a row or column that adds up to a shown total) with exactly one "<5" cell
        would give that cell away by subtraction. Then the smallest other non-zero cell of the
        line is hidden too (or the line's total, when there is none), until no line has a
        single unknown. The table's n counts as a shown total when it is 5 or more.
        """
        small = {(r, c) for r, row in enumerate(self.rows) for c, cell in enumerate(row)
                 if isinstance(cell, Count) and is_small(cell.value)}
        hidden: set[Pos] = set()
        # Each line is an equation total = sum(components). With exactly one unknown term it
        # can be solved, so one more term is hidden; repeat until no equation has one unknown.
        for _round in range(len(self.rows) * 8 + 8):   # bounded; each pass hides one more cell
            changed = False
            for total, comps in self.lines:
                unknown = small | hidden
                total_unknown = is_small(self.n) if total is None else total in unknown
                open_ = [p for p in comps if p in unknown]
                if len(open_) + int(total_unknown) != 1:
                    continue
                rest = [p for p in comps if p not in unknown and (self._count(p) or 0) > 0]
                if rest:
                    hidden.add(min(rest, key=lambda p: (self._count(p) or 0, p)))
                elif total is not None and not total_unknown:
                    hidden.add(total)
                else:
                    continue
                changed = True
            if not changed:
                break
        for pos in list(hidden):
            hidden.update(self.links.get(pos, []))
        return hidden

    def rendered(self) -> list[list[str]]:
        hidden = self.hidden()
        return [[HIDDEN if (r, c) in hidden else render(cell) for c, cell in enumerate(row)]
                for r, row in enumerate(self.rows)]

    def visible_number(self, r: int, c: int) -> float | None:
        """What a chart may draw for a cell: None where the table shows "<5" or "(skjult)"."""
        if (r, c) in self.hidden():
            return None
        return number(self.rows[r][c])

    @property
    def n_text(self) -> str:
        return f"n = {render(Count(self.n))} {self.unit}"

    @property
    def is_empty(self) -> bool:
        return self.n == 0 or not self.rows
