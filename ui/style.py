"""One accent colour, status chips with text, nothing else: the platform style does the rest."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from hfdesk.paths import resources_dir

ACCENT = "#1f5f8b"
OVERDUE = "#b3261e"
SOON = "#9a6700"
MUTED = "#5f6368"
FOCUS_DARK = "#0b3550"
# The focused combo box's arrow (a style sheet replaces the native one); forward slashes for Qt.
ARROW = (resources_dir() / "icons" / "arrow-down.svg").as_posix()

# Paddings and margins are in em (they follow the system font size); borders and corner radii
# stay in px (QT_SCALE_FACTOR scales them, and em radii are drawn wrongly under xcb). Keyboard focus is always visible: an accent frame on fields, lists, buttons, check boxes
# and radio buttons (the platform's own focus mark is faint, and invisible in some themes).
# Spin boxes and date fields keep the platform frame, which follows the Highlight colour. The
# general focus rules come first so the chip and primary buttons' own rules win over them.
STYLESHEET = f"""
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QAbstractItemView:focus {{
    border: 2px solid {ACCENT}; border-radius: 2px; }}
QPushButton {{ border: 1px solid palette(mid); border-radius: 3px; padding: 0.25em 0.9em;
    background: palette(button); }}
QPushButton:hover {{ border-color: {ACCENT}; }}
QPushButton:pressed {{ background: palette(midlight); }}
QPushButton:focus {{ border: 2px solid {ACCENT}; }}
QToolButton:focus {{ border: 2px solid {ACCENT}; border-radius: 3px; }}
QCheckBox, QRadioButton {{ border: 2px solid transparent; border-radius: 2px; }}
QCheckBox:focus, QRadioButton:focus {{ border-color: {ACCENT}; }}
QComboBox {{ border: 1px solid palette(mid); border-radius: 2px; padding: 0.15em 0.35em;
    background: palette(button); }}
QComboBox:editable {{ background: palette(base); }}
QComboBox:focus {{ border: 2px solid {ACCENT}; }}
QComboBox::drop-down {{ border: none; width: 1.3em; }}
QComboBox::down-arrow {{ image: url({ARROW}); width: 0.7em; height: 0.7em; }}
QComboBox::down-arrow:disabled {{ image: none; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {OVERDUE}; }}
QLabel[role="title"] {{ font-size: 15pt; font-weight: 600; }}
QLabel[role="section"] {{ font-weight: 600; margin-top: 0.4em; }}
QLabel[chip="overdue"] {{ border: 1px solid {OVERDUE}; color: {OVERDUE}; border-radius: 8px;
    padding: 0em 0.45em; }}
QLabel[chip="soon"] {{ border: 1px solid {SOON}; color: {SOON}; border-radius: 8px;
    padding: 0em 0.45em; }}
QLabel[chip="ok"] {{ border: 1px solid palette(mid); border-radius: 8px; padding: 0em 0.45em; }}
QLabel[chip="tag"] {{ border: 1px solid palette(mid); border-radius: 8px; padding: 0em 0.45em; }}
QPushButton[chip="true"] {{ border: 1px solid palette(mid); border-radius: 10px;
    padding: 0.15em 0.75em; }}
QPushButton[chip="true"]:checked {{ border: 1px solid {ACCENT}; background: {ACCENT};
    color: white; }}
QPushButton[chip="true"]:focus {{ border: 2px solid {ACCENT}; }}
QPushButton[chip="true"]:checked:focus {{ border: 2px solid {FOCUS_DARK}; }}
QPushButton[primary="true"] {{ background: {ACCENT}; color: white; border-radius: 4px;
    padding: 0.3em 1em; border: 1px solid {ACCENT}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {FOCUS_DARK}; }}
QFrame[card="true"] {{ border: 1px solid palette(midlight); border-radius: 6px;
    background: palette(base); }}
QFrame[banner="true"] {{ border: 1px solid {ACCENT}; border-radius: 6px; }}
"""


# A dark or high-contrast theme keeps its own highlight, and the sheet's colours turn light so
# status text, focus frames and muted lines stay readable on a dark background.
ON_DARK = {ACCENT: "#8cc4ec", MUTED: "#c4c7c5", OVERDUE: "#ff8a80", SOON: "#ffcc66",
           FOCUS_DARK: "#d6ecff"}


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def apply(app: QApplication) -> None:
    palette = app.palette()
    # The title follows the system font size (a style sheet knows no relative font sizes).
    base = app.font().pointSizeF()
    title = f"{max(base * 1.5, 12):.1f}pt" if base > 0 else "15pt"
    sheet = STYLESHEET.replace("font-size: 15pt", f"font-size: {title}")
    if is_dark(palette):
        for light, dark in ON_DARK.items():
            sheet = sheet.replace(light, dark)
        app.setStyleSheet(sheet)
        return
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    app.setPalette(palette)
    app.setStyleSheet(sheet)
