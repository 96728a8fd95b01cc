"""One accent colour, status chips with text, nothing else: the platform style does the rest."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#1f5f8b"
OVERDUE = "#b3261e"
SOON = "#9a6700"
MUTED = "#5f6368"

STYLESHEET = f"""
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {OVERDUE}; }}
QLabel[role="title"] {{ font-size: 15pt; font-weight: 600; }}
QLabel[role="section"] {{ font-weight: 600; margin-top: 6px; }}
QLabel[chip="overdue"] {{ border: 1px solid {OVERDUE}; color: {OVERDUE}; border-radius: 8px;
    padding: 0px 6px; }}
QLabel[chip="soon"] {{ border: 1px solid {SOON}; color: {SOON}; border-radius: 8px;
    padding: 0px 6px; }}
QLabel[chip="ok"] {{ border: 1px solid palette(mid); border-radius: 8px; padding: 0px 6px; }}
QLabel[chip="tag"] {{ border: 1px solid palette(mid); border-radius: 8px; padding: 0px 6px; }}
QPushButton[chip="true"] {{ border: 1px solid palette(mid); border-radius: 10px;
    padding: 2px 10px; }}
QPushButton[chip="true"]:checked {{ border: 1px solid {ACCENT}; background: {ACCENT};
    color: white; }}
QPushButton[chip="true"]:focus {{ border: 2px solid {ACCENT}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border-radius: 4px;
    padding: 4px 14px; border: 1px solid {ACCENT}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid #0b3550; }}
QFrame[card="true"] {{ border: 1px solid palette(midlight); border-radius: 6px;
    background: palette(base); }}
QFrame[banner="true"] {{ border: 1px solid {ACCENT}; border-radius: 6px; }}
"""


def apply(app: QApplication) -> None:
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
