"""The preview: a real ReportLab PDF rendered from memory, then printed, stored and saved."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt, QThread
from PySide6.QtGui import QColor
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from hfdesk import i18n
from hfdesk.store import documents
from hfdesk.store.database import Store
from ui.bus import Bus
from ui.preview import MAX_PRINT_DPI, PreviewDialog, load_pdf, render_on_white


def make_pdf(pages: int = 3, title: str = "Stamblad") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 22)
        c.drawString(72, 760, f"{title} - side {n}")
        c.setFont("Helvetica", 11)
        for line in range(30):
            c.drawString(72, 720 - line * 18, f"Linje {line + 1}: boligsøgning og netværksmøde")
        c.showPage()
    c.save()
    return buf.getvalue()


@pytest.fixture(autouse=True)
def danish() -> Iterator[None]:
    i18n.install("da")
    yield
    i18n.install("da")


@pytest.fixture
def pdf_bytes() -> bytes:
    return make_pdf(3)


@pytest.fixture
def bus() -> Bus:
    return Bus()


@pytest.fixture
def dialog(qtbot: Any, store: Store, bus: Bus, citizen_id: str, pdf_bytes: bytes) -> PreviewDialog:
    dlg = PreviewDialog(store, bus, citizen_id, "summary", "Stamblad", pdf_bytes,
                        "stamblad_2026-03-12_3f2a9c1b.pdf")
    qtbot.addWidget(dlg)
    dlg.show()
    dlg.activateWindow()
    qtbot.waitActive(dlg)
    qtbot.waitUntil(lambda: dlg.document.status() == QPdfDocument.Status.Ready, timeout=10000)
    qtbot.waitUntil(lambda: dlg.page_count == 3, timeout=10000)
    return dlg


def audit_rows(store: Store, action: str) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM audit WHERE action = ? ORDER BY seq", [action])


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def dark_pixels(dlg: PreviewDialog) -> int:
    image = dlg.view.viewport().grab().toImage()
    step = 7
    return sum(
        1
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
        if QColor(image.pixel(x, y)).lightness() < 80
    )


def test_opens_from_memory_and_shows_page_count(dialog: PreviewDialog, qtbot: Any) -> None:
    assert dialog.page_label.text() == "Side 1 af 3"
    assert dialog.windowTitle() == "Forhåndsvisning: Stamblad"
    assert dialog.print_button.text() == "Udskriv…"
    # QPdfView renders asynchronously: wait until the text of page 1 is actually painted.
    qtbot.waitUntil(lambda: dark_pixels(dialog) > 20, timeout=10000)
    # The PDF was read from a QBuffer, not a file.
    assert dialog._buffer.data().size() == len(dialog.pdf_bytes)


def test_page_label_follows_scrolling(dialog: PreviewDialog, qtbot: Any) -> None:
    bar = dialog.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: dialog.page_label.text() == "Side 3 af 3")


def test_zoom_in_and_out(dialog: PreviewDialog) -> None:
    before = dialog.effective_zoom()
    dialog.zoom_in_button.click()
    assert dialog.effective_zoom() == pytest.approx(before * 1.25, rel=0.02)
    assert dialog.zoom_label.text() == f"{round(before * 125)} %"
    dialog.zoom_out_button.click()
    dialog.zoom_out_button.click()
    assert dialog.effective_zoom() == pytest.approx(before / 1.25, rel=0.02)
    dialog.fit_button.click()
    assert dialog.effective_zoom() == pytest.approx(before, rel=0.02)


def test_escape_closes(dialog: PreviewDialog, qtbot: Any) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_rendered_page_is_opaque_white(pdf_bytes: bytes, qtbot: Any) -> None:
    doc, _buffer = load_pdf(pdf_bytes)
    assert doc.status() == QPdfDocument.Status.Ready
    image = render_on_white(doc, 0, 50)
    assert image.width() == round(595.28 * 50 / 72)
    corner = QColor(image.pixel(1, 1))
    assert (corner.red(), corner.green(), corner.blue(), corner.alpha()) == (255, 255, 255, 255)
    # The raw render is transparent: that is why it is painted onto white.
    assert doc.render(0, image.size()).pixelColor(1, 1).alpha() == 0


def test_save_in_documents(dialog: PreviewDialog, store: Store, bus: Bus, citizen_id: str,
                           pdf_bytes: bytes, qtbot: Any) -> None:
    changed: list[tuple[str, str, str]] = []
    statuses: list[str] = []
    bus.changed.connect(lambda *a: changed.append(a))
    bus.status.connect(statuses.append)
    assert dialog.store_button.text() == "Gem i Dokumenter"
    qtbot.mouseClick(dialog.store_button, Qt.MouseButton.LeftButton)

    rows = documents.for_citizen(store, citizen_id)
    assert len(rows) == 1
    row = rows[0]
    assert (row["kind"], row["title"], row["source"], row["mime"]) == (
        "summary", "Stamblad", "printed", "application/pdf")
    assert row["file_name"] == "stamblad_2026-03-12_3f2a9c1b.pdf"
    assert row["size"] == len(pdf_bytes)
    _meta, content = documents.content(store, row["id"])
    assert content == pdf_bytes
    created = [r for r in audit_rows(store, "create") if r["record_kind"] == "document"]
    assert [r["record_id"] for r in created] == [row["id"]]
    assert created[0]["citizen_id"] == citizen_id
    assert changed == [("document", row["id"], citizen_id)]
    assert statuses and statuses[-1].startswith("Gemt i Dokumenter kl. ")
    # Stored once: the button is spent.
    assert not dialog.store_button.isEnabled()
    dialog.save_to_documents()
    assert len(documents.for_citizen(store, citizen_id)) == 1


def test_save_as_file_warns_then_writes_and_audits(
    dialog: PreviewDialog, store: Store, citizen_id: str, pdf_bytes: bytes, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    asked: list[str] = []
    target = tmp_path / "ud" / "stamblad.pdf"
    target.parent.mkdir()

    def warning(_parent: Any, _title: str, text: str, *_a: Any) -> QMessageBox.StandardButton:
        warnings.append(text)
        return QMessageBox.StandardButton.Ok

    def get_save(_parent: Any, _caption: str, default: str, _filter: str) -> tuple[str, str]:
        asked.append(default)
        return str(target), _filter

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", get_save)
    dialog.save_file_button.click()

    assert len(warnings) == 1
    assert "ukrypteret" in warnings[0]
    assert "sikker mail" in warnings[0] and "Digital Post" in warnings[0]
    assert asked and asked[0].endswith("stamblad_2026-03-12_3f2a9c1b.pdf")
    assert target.read_bytes() == pdf_bytes
    rows = audit_rows(store, "save_file")
    assert len(rows) == 1
    assert (rows[0]["purpose"], rows[0]["citizen_id"], rows[0]["record_kind"]) == (
        str(target), citizen_id, "document")
    assert documents.for_citizen(store, citizen_id) == []


def test_save_as_file_cancelled_at_the_warning_writes_nothing(
    dialog: PreviewDialog, store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *_a: QMessageBox.StandardButton.Cancel)

    def never(*_a: Any) -> tuple[str, str]:
        raise AssertionError("no file dialog after cancelling the warning")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", never)
    assert dialog.save_as_file() is None
    assert audit_rows(store, "save_file") == []
    assert list(tmp_path.glob("**/*.pdf")) == []


def _accept_print_dialog(monkeypatch: pytest.MonkeyPatch) -> list[QPrintDialog]:
    shown: list[QPrintDialog] = []

    def exec_(self: QPrintDialog) -> int:
        shown.append(self)
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(QPrintDialog, "exec", exec_)
    return shown


def test_print_to_pdf_printer(dialog: PreviewDialog, store: Store, citizen_id: str,
                              tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    shown = _accept_print_dialog(monkeypatch)
    out = tmp_path / "printed.pdf"
    dialog.printer = pdf_printer(out)
    results: list[int] = []
    dialog.printed.connect(results.append)

    qtbot.keyClick(dialog, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # Ctrl+P
    qtbot.waitUntil(lambda: len(shown) == 1)  # a button shortcut clicks after its animation
    qtbot.waitUntil(lambda: results != [], timeout=60000)

    assert results == [3]
    assert dialog.job is None and dialog.progress is None
    reader = PdfReader(str(out))
    assert len(reader.pages) == 3
    # Each page went to the printer as an opaque image painted onto white.
    printed, _buffer = load_pdf(out.read_bytes())
    corner = printed.render(0, QSize(60, 85)).pixelColor(2, 2)
    assert (corner.alpha(), corner.red(), corner.green(), corner.blue()) == (255, 255, 255, 255)
    rows = audit_rows(store, "print")
    assert len(rows) == 1
    assert (rows[0]["purpose"], rows[0]["citizen_id"]) == (str(out), citizen_id)
    assert dialog.print_button.isEnabled()


def test_print_resolution_is_capped_and_range_respected(
    dialog: PreviewDialog, store: Store, tmp_path: Path, qtbot: Any,
) -> None:
    out = tmp_path / "range.pdf"
    printer = pdf_printer(out)
    assert printer.resolution() > MAX_PRINT_DPI
    printer.setPrintRange(QPrinter.PrintRange.PageRange)
    printer.setFromTo(2, 3)
    results: list[int] = []
    dialog.printed.connect(results.append)
    dialog.start_print(printer)
    assert dialog.job is not None
    assert dialog.job.dpi == MAX_PRINT_DPI
    # Pages are rasterised off the GUI thread; only painting happens here.
    assert dialog.job._renderer.thread() is not QThread.currentThread()
    assert dialog.progress is not None and dialog.progress.maximum() == 2
    assert dialog.job.pages == [1, 2]
    qtbot.waitUntil(lambda: results != [], timeout=60000)
    assert results == [2]
    assert len(PdfReader(str(out)).pages) == 2
    assert len(audit_rows(store, "print")) == 1


def test_print_low_resolution_printer_keeps_its_resolution(
    dialog: PreviewDialog, tmp_path: Path, qtbot: Any,
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "low.pdf"))
    results: list[int] = []
    dialog.printed.connect(results.append)
    dialog.start_print(printer)
    assert dialog.job is not None
    assert dialog.job.dpi == min(printer.resolution(), MAX_PRINT_DPI) < MAX_PRINT_DPI
    qtbot.waitUntil(lambda: results != [], timeout=60000)
    assert results == [3]


def test_print_cancelled_before_the_first_page(
    dialog: PreviewDialog, store: Store, tmp_path: Path, qtbot: Any,
) -> None:
    results: list[int] = []
    dialog.printed.connect(results.append)
    dialog.start_print(pdf_printer(tmp_path / "cancelled.pdf"))
    assert dialog.progress is not None
    qtbot.keyClick(dialog.progress, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: results != [])
    assert results == [0]
    assert dialog.job is None
    assert audit_rows(store, "print") == []
    assert dialog.status_label.text() == "Udskriften blev annulleret."
    assert dialog.print_button.isEnabled()


def test_print_dialog_cancelled_prints_nothing(
    dialog: PreviewDialog, store: Store, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(QPrintDialog, "exec",
                        lambda _self: int(QDialog.DialogCode.Rejected.value))
    dialog.print_document()
    assert dialog.job is None
    assert audit_rows(store, "print") == []


def test_damaged_pdf_says_so_and_cannot_print(qtbot: Any, store: Store, bus: Bus,
                                              citizen_id: str) -> None:
    broken = make_pdf(1)[:200]
    dlg = PreviewDialog(store, bus, citizen_id, "summary", "Stamblad", broken, "x.pdf")
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitUntil(lambda: dlg.document.status() in (QPdfDocument.Status.Error,
                                                      QPdfDocument.Status.Ready))
    assert dlg.document.status() == QPdfDocument.Status.Error
    assert "kan ikke vises" in dlg.status_label.text()
    assert not dlg.print_button.isEnabled()
    assert dlg.page_label.text() == ""


def test_opened_from_documents_cannot_be_stored_twice(qtbot: Any, store: Store, bus: Bus,
                                                      citizen_id: str, pdf_bytes: bytes) -> None:
    did = documents.save(store, citizen_id, kind="summary", title="Stamblad",
                         file_name="s.pdf", mime="application/pdf", content=pdf_bytes,
                         source="printed")
    dlg = PreviewDialog(store, bus, citizen_id, "summary", "Stamblad", pdf_bytes, "s.pdf",
                        document_id=did)
    qtbot.addWidget(dlg)
    assert not dlg.store_button.isEnabled()
    assert dlg.store_button.text() == "Gemt i Dokumenter"
    assert dlg.save_to_documents() == did
    assert len(documents.for_citizen(store, citizen_id)) == 1


def test_english(qtbot: Any, store: Store, bus: Bus, citizen_id: str, pdf_bytes: bytes) -> None:
    i18n.install("en")
    dlg = PreviewDialog(store, bus, citizen_id, "summary", "Summary", pdf_bytes, "s.pdf")
    qtbot.addWidget(dlg)
    qtbot.waitUntil(lambda: dlg.page_count == 3)
    assert dlg.page_label.text() == "Page 1 of 3"
    assert dlg.print_button.text() == "Print…"
    assert dlg.store_button.text() == "Save in Documents"
