"""The painted course timeline: henvendelse → fase nul → CTI phases (or open-ended) → end.

Today is marked; decisions (◆) and their review dates (○) above the bar, events (▲) below.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from hfdesk.i18n import _
from ui import labels, style


@dataclass
class Band:
    start: date
    end: date
    label: str
    shade: int  # 0 = fase nul (grey), 1..3 = phases, 4 = open-ended
    open_ended: bool = False


@dataclass
class Mark:
    day: date
    label: str
    kind: str  # milestone | decision | review | event


def _d(value: Any) -> date | None:
    from hfdesk.domain.dates import to_date

    try:
        return to_date(value)
    except ValueError:
        return None


def build(course: dict[str, Any] | None, state: Any, events: list[dict[str, Any]],
          segments: list[dict[str, Any]], today: date) -> tuple[list[Band], list[Mark]]:
    if course is None:
        return [], []
    bands: list[Band] = []
    marks: list[Mark] = []
    referral = _d(course.get("referral_date"))
    start = _d(course.get("start_date"))
    transition = _d(course.get("transition_date"))
    end = _d(course.get("end_decision_date"))
    active_from = transition if course.get("method") == "cti" and transition else start
    if referral:
        marks.append(Mark(referral, _("Referral"), "milestone"))
    zero_end = active_from or end or today
    if referral and zero_end > referral:
        bands.append(Band(referral, zero_end, _("Phase zero"), 0))
    if state is not None and state.phases:
        for phase in state.phases:
            bands.append(Band(phase.start, phase.end, _("Phase %(n)d") % {"n": phase.number},
                              phase.number))
    elif active_from:
        method = labels.label("support_method", course.get("method")).split(" (")[0]
        until = end or max(today, active_from) + timedelta(days=45)
        bands.append(Band(active_from, until, method or _("Support"), 4, open_ended=end is None))
    if start and course.get("method") == "cti" and transition and start != transition:
        marks.append(Mark(start, _("Start"), "milestone"))
    if course.get("end_recommended_date"):
        day = _d(course["end_recommended_date"])
        if day:
            marks.append(Mark(day, _("Recommendation"), "milestone"))
    if end:
        marks.append(Mark(end, _("End"), "milestone"))
    for seg in segments:
        decided = _d(seg.get("decision_date"))
        if decided:
            marks.append(Mark(decided, _("Decision"), "decision"))
        review = _d(seg.get("next_review"))
        if review:
            marks.append(Mark(review, _("Review"), "review"))
    for ev in events:
        day = _d(ev.get("event_date"))
        if day:
            marks.append(Mark(day, labels.label("course_event_kind", ev.get("kind")), "event"))
    return bands, marks


ROWS_ABOVE = 3  # label rows above the bar (milestones, decisions, reviews)
ROWS_BELOW = 3  # label rows below the bar (today, events)
GAP = 8.0  # at least this much room between two labels in one row


def place_labels(items: list[tuple[float, float]], width: float, rows: int, gap: float = GAP,
                 taken: list[tuple[int, float, float]] | None = None) -> list[tuple[int, float]]:
    """Rows and left edges for labels centred on x (items: (x, text width), sorted by x).

    Each label goes into the first row where it touches no other label (`taken` holds spans
    already used: (row, left, right)); when every row is full there it is pushed right of the row
    that ends first, so labels never overlap while the widget has room.
    """
    spans: list[list[tuple[float, float]]] = [[] for _ in range(rows)]
    for row, a, b in taken or []:
        spans[row].append((a, b))
    placed: list[tuple[int, float]] = []
    for centre, text_width in items:
        left = max(2.0, min(centre - text_width / 2, width - text_width - 2))

        def free(r: int, at: float, w: float = text_width) -> bool:
            return all(at + w + gap <= a or at >= b + gap for a, b in spans[r])

        row = next((r for r in range(rows) if free(r, left)), None)
        if row is None:
            row = min(range(rows), key=lambda r: max((b for _a, b in spans[r]), default=-1e9))
            end = max((b for _a, b in spans[row]), default=-1e9)
            left = min(end + gap, max(2.0, width - text_width - 2))
        spans[row].append((left, left + text_width))
        placed.append((row, left))
    return placed


class CourseTimeline(QWidget):
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bands: list[Band] = []
        self.marks: list[Mark] = []
        self.today = date.today()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName("course_timeline")

    def _metrics(self) -> tuple[float, float, float]:
        """(line height, bar top, bar height) from the font, so larger text gets more room."""
        fm = self.fontMetrics()
        line = float(fm.height() + 2)
        bar_h = float(max(26, fm.height() + 10))
        return line, 14.0 + ROWS_ABOVE * line, bar_h

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        line, bar_top, bar_h = self._metrics()
        return QSize(600, int(bar_top + bar_h + 14 + ROWS_BELOW * line + 4))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(200, self.sizeHint().height())

    def set_course(self, course: dict[str, Any] | None, state: Any,
                   events: list[dict[str, Any]], segments: list[dict[str, Any]],
                   today: date | None = None) -> None:
        self.today = today or date.today()
        self.bands, self.marks = build(course, state, events, segments, self.today)
        self.setAccessibleDescription(", ".join(
            [b.label for b in self.bands] + [m.label for m in self.marks]))
        self.update()

    def _range(self) -> tuple[date, date]:
        days = [self.today] + [b.start for b in self.bands] + [b.end for b in self.bands] + [
            m.day for m in self.marks]
        lo, hi = min(days), max(days)
        pad = max(7, (hi - lo).days // 20)
        return lo - timedelta(days=pad), hi + timedelta(days=pad)

    @staticmethod
    def mark_text(m: Mark) -> str:
        from hfdesk.domain.dates import fmt

        return f"{m.label} {fmt(m.day)[:5]}" if m.kind not in ("milestone", "today") else m.label

    def label_layout(self) -> list[tuple[Mark, bool, int, float]]:
        """Every label as (mark, above the bar?, row, left edge): what paintEvent draws."""
        if not self.bands and not self.marks:
            return []
        fm = self.fontMetrics()
        lo, hi = self._range()
        left, right = 12.0, float(self.width() - 12)
        span = max(1, (hi - lo).days)

        def x(day: date) -> float:
            return left + (right - left) * (day - lo).days / span

        width = float(self.width())
        # "I dag" right under its line first; the events around it.
        today = Mark(self.today, _("Today"), "today")
        today_w = float(fm.horizontalAdvance(today.label))
        today_left = max(2.0, min(x(self.today) - today_w / 2, width - today_w - 2))
        out: list[tuple[Mark, bool, int, float]] = [(today, False, 0, today_left)]
        above = sorted((m for m in self.marks if m.kind != "event"), key=lambda m: m.day)
        below = sorted((m for m in self.marks if m.kind == "event"), key=lambda m: m.day)
        for marks, top, rows in ((above, True, ROWS_ABOVE), (below, False, ROWS_BELOW)):
            items = [(x(m.day), float(fm.horizontalAdvance(self.mark_text(m)))) for m in marks]
            taken = [] if top else [(0, today_left, today_left + today_w)]
            for m, (row, at) in zip(marks, place_labels(items, width, rows, taken=taken),
                                    strict=True):
                out.append((m, top, row, at))
        return out

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text_color = pal.windowText().color()
        muted = QColor(style.MUTED)
        accent = QColor(style.ACCENT)
        fm = QFontMetrics(self.font())
        if not self.bands and not self.marks:
            p.setPen(muted)
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                       _("The timeline appears when the citizen has a course."))
            p.end()
            self.painted.emit()
            return
        lo, hi = self._range()
        left, right = 12.0, float(self.width() - 12)
        span = max(1, (hi - lo).days)

        def x(day: date) -> float:
            return left + (right - left) * (day - lo).days / span

        line, bar_top, bar_h = self._metrics()
        # bands
        for band in self.bands:
            x0, x1 = x(band.start), x(band.end)
            rect = QRectF(x0, bar_top, max(2.0, x1 - x0 - 2), bar_h)
            if band.shade == 0:
                fill = QColor(pal.midlight().color())
            else:
                fill = QColor(accent)
                fill.setAlphaF({1: 0.85, 2: 0.6, 3: 0.4, 4: 0.55}[band.shade])
            path = QPainterPath()
            path.addRoundedRect(rect, 4, 4)
            p.fillPath(path, QBrush(fill))
            if band.open_ended:
                p.setPen(QPen(accent, 2, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(rect.right(), bar_top + bar_h / 2),
                           QPointF(min(right, rect.right() + 30), bar_top + bar_h / 2))
            p.setPen(QColor("white") if band.shade in (1, 2, 4) else text_color)
            label = fm.elidedText(band.label, Qt.TextElideMode.ElideRight, int(rect.width()) - 8)
            p.drawText(rect.adjusted(6, 0, -4, 0), Qt.AlignmentFlag.AlignVCenter, label)
        # today's line, then the marks and their labels (placed so that none overlap)
        tx = x(self.today)
        p.setPen(QPen(QColor(style.OVERDUE), 2))
        p.drawLine(QPointF(tx, bar_top - 8), QPointF(tx, bar_top + bar_h + 8))
        bar_bottom = bar_top + bar_h
        for m, top, row, at in self.label_layout():
            mx = x(m.day)
            if top:
                y_text = bar_top - 10 - row * line
                y_mark = bar_top - 4
            else:
                y_text = bar_bottom + 14 + row * line + fm.ascent()
                y_mark = bar_bottom + 4
            self._draw_mark(p, m, mx, y_mark, bar_bottom, text_color, accent)
            p.setPen(QColor(style.OVERDUE) if m.kind == "today" else text_color)
            p.drawText(QPointF(at, y_text), self.mark_text(m))
        p.end()
        self.painted.emit()

    @staticmethod
    def _draw_mark(p: QPainter, m: Mark, mx: float, y_mark: float, bar_bottom: float,
                   color: QColor, accent: QColor) -> None:
        if m.kind == "today":
            return
        p.setPen(QPen(color, 1))
        p.setBrush(QBrush(accent if m.kind in ("decision", "event") else QColor("white")))
        if m.kind == "decision":
            path = QPainterPath()
            path.moveTo(mx, y_mark - 5)
            path.lineTo(mx + 4, y_mark - 1)
            path.lineTo(mx, y_mark + 3)
            path.lineTo(mx - 4, y_mark - 1)
            path.closeSubpath()
            p.drawPath(path)
        elif m.kind == "review":
            p.drawEllipse(QPointF(mx, y_mark - 1), 3.5, 3.5)
        elif m.kind == "event":
            path = QPainterPath()
            path.moveTo(mx, y_mark)
            path.lineTo(mx + 5, y_mark + 8)
            path.lineTo(mx - 5, y_mark + 8)
            path.closeSubpath()
            p.drawPath(path)
        else:
            p.drawLine(QPointF(mx, y_mark - 4), QPointF(mx, bar_bottom))
