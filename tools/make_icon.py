"""Render resources/icons/hfdesk.svg into hfdesk.ico (Windows executable icon) and hfdesk.png.

Run after changing the SVG: `QT_QPA_PLATFORM=offscreen .venv/bin/python tools/make_icon.py`.
The .ico holds PNG-compressed images (allowed since Windows Vista), so no Pillow is needed.
"""

# ruff: noqa: TID251  (a build tool, not the core: it renders with Qt)
from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, png in pngs.items():
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["make_icon"])
    icons = ROOT / "resources" / "icons"
    svg = icons / "hfdesk.svg"
    pngs = {size: render_png(svg, size) for size in SIZES}
    (icons / "hfdesk.ico").write_bytes(ico_bytes(pngs))
    (icons / "hfdesk.png").write_bytes(pngs[256])
    del app
    print(f"Skrevet: {icons / 'hfdesk.ico'} og {icons / 'hfdesk.png'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
