"""Timeline labels never overlap (seen at 150 % in the screenshots: "Afgørelse 24.01" over
"Start"), and the left list gives a citizen's name and age the whole width."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ui.timeline import ROWS_ABOVE, ROWS_BELOW, CourseTimeline, place_labels


def overlapping(boxes: list[tuple[Any, int, float, float]]) -> list[tuple[Any, Any]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[0] == b[0] and a[1] == b[1] and a[2] < b[3] and b[2] < a[3]:
                out.append((a, b))
    return out


def test_place_labels_uses_free_rows_then_pushes_right() -> None:
    items = [(100.0, 80.0), (104.0, 80.0), (108.0, 40.0), (112.0, 60.0)]
    placed = place_labels(items, 600.0, 3)
    assert [row for row, _left in placed] == [0, 1, 2, 2]
    assert placed[3][1] >= placed[2][1] + 40 + 8  # pushed right of the row that ended first
    boxes = [("x", row, left, left + w) for (row, left), (_c, w) in zip(placed, items,
                                                                         strict=True)]
    assert not overlapping(boxes)
    # a label at the right edge stays inside the widget
    ((_row, left),) = place_labels([(595.0, 50.0)], 600.0, 3)
    assert left + 50 <= 598


def test_crowded_course_draws_no_label_over_another(ui_app: Any, qtbot: Any) -> None:
    today = date(2026, 3, 12)
    start = today - timedelta(days=200)
    course = {"method": "icm", "referral_date": (start - timedelta(days=30)).isoformat(),
              "start_date": start.isoformat(), "end_decision_date": None}
    segments = [{"decision_date": (start + timedelta(days=d)).isoformat(),
                 "next_review": (start + timedelta(days=d + 180)).isoformat()}
                for d in (0, 2, 4)]
    events = [{"event_date": (today - timedelta(days=d)).isoformat(), "kind": "pause"}
              for d in (0, 3, 6, 9)]
    timeline = CourseTimeline()
    qtbot.addWidget(timeline)
    timeline.resize(700, timeline.sizeHint().height())
    timeline.set_course(course, None, events, segments, today)
    timeline.show()
    qtbot.waitExposed(timeline)
    fm = timeline.fontMetrics()
    layout = timeline.label_layout()
    assert len(layout) == 1 + 1 + 3 + 3 + 4  # today, referral, decisions, reviews, events
    boxes = [(top, row, left, left + fm.horizontalAdvance(timeline.mark_text(m)))
             for m, top, row, left in layout]
    assert not overlapping(boxes)
    assert all(0 <= row < (ROWS_ABOVE if top else ROWS_BELOW) for _m, top, row, _l in layout)
    assert all(0 <= left and right <= timeline.width() for _t, _r, left, right in boxes)
    # the widget is tall enough for every row of labels in the font it has
    assert timeline.sizeHint().height() >= (ROWS_ABOVE + ROWS_BELOW) * fm.height() + 26


def test_citizen_rows_span_the_list(window: Any, store: Any, citizen_id: str) -> None:
    tree = window.panel.tree
    window.panel.all_citizens.setChecked(True)  # Mia has no course yet, so not "active"
    window.panel.reload()
    rows = [tree.topLevelItem(i).child(j) for i in range(tree.topLevelItemCount())
            for j in range(tree.topLevelItem(i).childCount())]
    citizen_rows = [r for r in rows if r.text(0).startswith("Mia Jensen")]
    # One column: the name and age get the whole width, nothing is reserved for a status.
    assert citizen_rows and tree.columnCount() == 1
