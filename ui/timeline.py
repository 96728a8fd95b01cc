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


class CourseTimeline(QWidget):
    painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bands: list[Band] = []
        self.marks: list[Mark] = []
        self.today = date.today()
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName("course_timeline")

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(600, 150)

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

        bar_top, bar_h = 52.0, 26.0
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
        # marks: milestones/decisions/reviews above, events below, labels staggered
        above = sorted((m for m in self.marks if m.kind != "event"), key=lambda m: m.day)
        below = sorted((m for m in self.marks if m.kind == "event"), key=lambda m: m.day)
        self._draw_marks(p, above, x, top=True, bar_top=bar_top, bar_h=bar_h, fm=fm,
                         color=text_color, accent=accent)
        self._draw_marks(p, below, x, top=False, bar_top=bar_top, bar_h=bar_h, fm=fm,
                         color=text_color, accent=accent)
        # today
        tx = x(self.today)
        p.setPen(QPen(QColor(style.OVERDUE), 2))
        p.drawLine(QPointF(tx, bar_top - 8), QPointF(tx, bar_top + bar_h + 8))
        today_label = _("Today")
        p.drawText(QPointF(tx - fm.horizontalAdvance(today_label) / 2, bar_top + bar_h + 8
                           + fm.ascent() + 2), today_label)
        p.end()
        self.painted.emit()

    def _draw_marks(self, p: QPainter, marks: list[Mark], x: Any, *, top: bool, bar_top: float,
                    bar_h: float, fm: QFontMetrics, color: QColor, accent: QColor) -> None:
        from hfdesk.domain.dates import fmt

        last_end = [-1e9, -1e9]
        for m in marks:
            mx = x(m.day)
            text = f"{m.label} {fmt(m.day)[:5]}" if m.kind != "milestone" else m.label
            width = fm.horizontalAdvance(text)
            row = 0 if mx - width / 2 > last_end[0] + 6 else 1
            last_end[row] = mx + width / 2
            if top:
                y_text = bar_top - 10 - row * (fm.height() + 1)
                y_mark = bar_top - 4
            else:
                y_text = bar_top + bar_h + 26 + row * (fm.height() + 1) + fm.ascent()
                y_mark = bar_top + bar_h + 4
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
                p.drawLine(QPointF(mx, y_mark - 4), QPointF(mx, bar_top + bar_h))
            p.setPen(color)
            left = max(2.0, min(mx - width / 2, self.width() - width - 2))
            p.drawText(QPointF(left, y_text), text)
