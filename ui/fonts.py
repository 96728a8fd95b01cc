"""DejaVu fonts shipped in resources/fonts, registered with Qt.

Offscreen and on bare machines there may be no system fonts at all, and then every glyph is a
box without any error; the shipped fonts make æ, ø and å render everywhere.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

FAMILY = "DejaVu Sans"


def fonts_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return base / "resources" / "fonts"


_registered: list[int] = []


def register(app: QGuiApplication) -> None:
    system_families = set(QFontDatabase.families())
    if not _registered:
        for ttf in sorted(fonts_dir().glob("*.ttf")):
            _registered.append(QFontDatabase.addApplicationFont(str(ttf)))
    bare = QGuiApplication.platformName() in ("offscreen", "minimal") or len(system_families) < 3
    if bare:
        font = QFont(FAMILY)
        font.setPointSizeF(max(app.font().pointSizeF(), 9.5))
        app.setFont(font)
