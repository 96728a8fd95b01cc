"""The network map on screen: the young person in the middle, rings for closeness, and the
permission marker per person (the same colours and letters as the printed netværkskort)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from hfdesk.documents.network_map import ring_offset
from hfdesk.i18n import _
from ui import labels

COLOURS = {"allowed": ("#2e7d32", "K"), "ask_first": ("#f9a825", "S"),
           "only_with_me": ("#1565c0", "M"), "not_allowed": ("#c62828", "X")}
RINGS = ("close", "middle", "distant")


def permission_icon(permission: str | None, size: int = 16) -> QIcon:
    """A coloured dot with a letter: readable without colour, too."""
    colour, letter = COLOURS.get(str(permission), COLOURS["ask_first"])
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setBrush(QColor(colour))
    p.setPen(QPen(QColor("#1a1a1a"), 1))
    p.drawEllipse(1, 1, size - 2, size - 2)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 0.6))
    p.setFont(font)
    p.setPen(QColor("#1a1a1a" if letter == "S" else "#ffffff"))
    p.drawText(QRectF(0, 0, size, size), Qt.AlignmentFlag.AlignCenter, letter)
    p.end()
    return QIcon(pix)


class NetworkMapView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("network_map")
        self.persons: list[dict[str, Any]] = []
        self.centre = ""
        self.setMinimumSize(260, 260)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(_("Network map"))

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt API)
        return QSize(380, 380)

    def show_network(self, centre: str, persons: Sequence[dict[str, Any]]) -> None:
        self.centre = centre
        self.persons = list(persons)
        self.setAccessibleDescription(", ".join(str(p.get("name")) for p in self.persons))
        self.update()

    def paintEvent(self, _event: Any) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = self.width(), self.height()
        cx, cy = w / 2, h / 2
        outer = min(w, h) / 2 - 12
        radii = [outer * f for f in (0.44, 0.72, 0.98)]
        p.setPen(QPen(QColor("#7a8a99"), 1, Qt.PenStyle.DashLine))
        for r, shade in zip(reversed(radii), ("#ffffff", "#f5f8fb", "#eef3f8"), strict=True):
            p.setBrush(QBrush(QColor(shade)))
            p.drawEllipse(QPointF(cx, cy), r, r)
        names = [labels.label("closeness", code) for code in RINGS]
        small = QFont()
        small.setPointSizeF(max(7.0, small.pointSizeF() - 1.5))
        p.setFont(small)
        p.setPen(QColor("#5a6a79"))
        for r, label in zip(radii, names, strict=True):
            p.drawText(QRectF(cx - 40, cy - r + 2, 80, 14), Qt.AlignmentFlag.AlignCenter, label)
        p.setBrush(QColor("#263238"))
        p.setPen(QPen(QColor("#1a1a1a"), 1))
        p.drawEllipse(QPointF(cx, cy), 26, 26)
        p.setPen(QColor("#ffffff"))
        centre = self.centre.split(" ")[0] if len(self.centre) > 9 else self.centre
        p.drawText(QRectF(cx - 26, cy - 10, 52, 20), Qt.AlignmentFlag.AlignCenter, centre)
        groups: dict[int, list[dict[str, Any]]] = {0: [], 1: [], 2: []}
        for person in self.persons:
            ring = RINGS.index(person["closeness"]) if person.get("closeness") in RINGS else 2
            groups[ring].append(person)
        bold = QFont(small)
        bold.setBold(True)
        for ring, people in groups.items():
            r = (radii[ring] + radii[ring - 1]) / 2 if ring else (radii[0] + 26) / 2
            for i, person in enumerate(people):
                angle = ring_offset(len(people), ring) + 2 * math.pi * i / len(people)
                x, y = cx + r * math.cos(angle), cy - r * math.sin(angle)
                p.setPen(QPen(QColor("#b0bec5"), 1))
                p.drawLine(QPointF(cx, cy), QPointF(x, y))
                permission_icon(person.get("contact_permission")).paint(
                    p, int(x - 8), int(y - 8), 16, 16)
                p.setFont(bold)
                p.setPen(QColor("#1a1a1a"))
                name = str(person.get("name") or "")
                name = name if len(name) <= 16 else name[:15] + "…"
                p.drawText(QRectF(x - 60, y + 8, 120, 16), Qt.AlignmentFlag.AlignCenter, name)
        p.end()
