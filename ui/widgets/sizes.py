"""Sizes from the font instead of pixels, so a field keeps its lines and characters when the
system font is larger (accessibility settings) or the screen is scaled."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QPlainTextEdit, QTextEdit, QWidget


def text_lines(widget: QWidget, lines: float) -> int:
    """The height that shows `lines` lines of text in `widget` (a text box or a list), with
    half a line to spare so the last line is never cut by the frame."""
    height = widget.fontMetrics().lineSpacing() * (lines + 0.5)
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        height += 2 * widget.document().documentMargin()
    if isinstance(widget, QFrame):
        height += 2 * widget.frameWidth()
    if isinstance(widget, QAbstractScrollArea):
        margins = widget.viewportMargins()
        height += margins.top() + margins.bottom()
    return math.ceil(height)


def list_rows(widget: QWidget, rows: float) -> int:
    """The height of a list, tree or table showing `rows` rows under its header."""
    row = widget.fontMetrics().lineSpacing() + widget.fontMetrics().lineSpacing() // 3
    return math.ceil(row * (rows + 1) + 2 * (widget.frameWidth()
                                              if isinstance(widget, QFrame) else 0))


def chars(widget: QWidget, count: float) -> int:
    """The width of a field that shows `count` digits (plus its frame and padding)."""
    metrics = widget.fontMetrics()
    return math.ceil(metrics.horizontalAdvance("0") * count + metrics.height())


def em(widget: QWidget, count: float) -> int:
    """`count` times the font's average character width: widths of panels and dialogs."""
    return math.ceil(widget.fontMetrics().averageCharWidth() * count)
