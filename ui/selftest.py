"""The Qt half of `hfdesk-cli --self-test` (the core half is `hfdesk/selftest.py`).

Runs without a display (offscreen) and checks what a bundle loses when a plugin or data file
is left out: Qt's own Danish button texts, QtPdf reading the self-test's PDF with æ, ø and å,
and the SVG icon engine and image plugin drawing the shipped icons.
"""

from __future__ import annotations

import os
from pathlib import Path

from hfdesk import selftest
from hfdesk.selftest import Context, SelfTestFailure


def _app() -> object:
    from ui import app as app_module

    return app_module.prepare("da")


def check_qt_translations(ctx: Context) -> None:
    from PySide6.QtWidgets import QDialogButtonBox

    _app()
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    button = box.button(QDialogButtonBox.StandardButton.Cancel)
    text = button.text().replace("&", "") if button is not None else ""
    box.deleteLater()
    if text != "Annuller":
        raise SelfTestFailure(f"Qt's danske knaptekster mangler (qtbase_da.qm): knappen hedder "
                              f"\"{text}\" i stedet for \"Annuller\".")


def check_qtpdf(ctx: Context) -> None:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    _app()
    if not ctx.pdf:
        raise SelfTestFailure("Der er ingen PDF at vise, fordi PDF-tjekket fejlede.")
    buffer = QBuffer()
    buffer.setData(QByteArray(ctx.pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    try:
        if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
            raise SelfTestFailure("QtPdf kunne ikke åbne PDF'en, så forhåndsvisningen virker "
                                  "ikke (QtPdf-modulet mangler eller er i stykker).")
        text = document.getAllText(0).text()
        if "æ ø å" not in text:
            raise SelfTestFailure("QtPdf læser ikke æ, ø og å korrekt fra PDF'en.")
        image = document.render(0, QSize(200, 280))
        if image.isNull():
            raise SelfTestFailure("QtPdf kunne ikke tegne PDF'ens første side.")
    finally:
        document.close()
        buffer.close()


def icons_dir() -> Path:
    from hfdesk.paths import resources_dir

    return resources_dir() / "icons"


def check_svg_icons(ctx: Context) -> None:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon, QImage, QImageReader, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app()
    files = sorted(icons_dir().glob("*.svg"))
    if not files:
        raise SelfTestFailure(f"Ikonerne mangler i {icons_dir()}.")
    formats = {bytes(f.data()).decode() for f in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise SelfTestFailure("Qt's SVG-billedmodul (imageformats/qsvg) mangler.")
    for path in files:
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            raise SelfTestFailure(f"Ikonet {path.name} kan ikke læses.")
        image = QImage(QSize(32, 32), QImage.Format.Format_ARGB32)
        image.fill(0)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        if all(image.pixel(x, y) == 0 for x in range(32) for y in range(32)):
            raise SelfTestFailure(f"Ikonet {path.name} bliver tegnet tomt.")
        # QIcon goes through the SVG icon engine plugin (iconengines/qsvgicon), which a bundle
        # loses silently: the icons are then blank everywhere.
        if QIcon(str(path)).pixmap(QSize(24, 24)).isNull():
            raise SelfTestFailure(f"Ikonet {path.name} kan ikke vises: Qt's SVG-ikonmotor "
                                  "(iconengines/qsvgicon) mangler.")


def check_platform(ctx: Context) -> None:
    from PySide6.QtGui import QGuiApplication

    _app()
    ctx.notes.append(f"Qt-platform: {QGuiApplication.platformName()}")


QT_CHECKS: list[selftest.Check] = [
    ("Qt's danske knapper", check_qt_translations),
    ("Forhåndsvisning med QtPdf", check_qtpdf),
    ("SVG-ikoner", check_svg_icons),
    ("Qt-platform", check_platform),
]


def run() -> int:
    # No display is needed: IT runs this over ssh or in a build job.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return selftest.run(QT_CHECKS)
