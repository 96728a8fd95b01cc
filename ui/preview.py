"""Preview of a printout: the PDF rendered from memory, then print, store or save it.

The PDF never touches the disk unless the worker explicitly chooses "Gem som fil…": QPdfDocument
reads it from a QBuffer over a QByteArray. Printing rasterises one page at a time (at most
300 dpi, onto white because QtPdf renders transparent pages) in a worker thread; the GUI thread
paints each finished page onto the QPrinter, which must not be touched from another thread.
Every print, store and save writes an audit row.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QObject,
    QPointF,
    QRectF,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
    QThread,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QImage,
    QKeySequence,
    QPageLayout,
    QPageSize,
    QPainter,
    QPixmap,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _, format_time
from hfdesk.store import audit, documents
from hfdesk.store.database import Store
from ui.bus import Bus
from ui.widgets.sizes import chars

MAX_PRINT_DPI = 300
ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 6.0


# ------------------------------------------------------------------------------- helpers


def load_pdf(pdf_bytes: bytes, parent: QObject | None = None) -> tuple[QPdfDocument, QBuffer]:
    """A QPdfDocument reading from memory. Keep the returned buffer alive as long as the document."""
    doc = QPdfDocument(parent)
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf_bytes))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    doc.load(buffer)
    return doc, buffer


def render_on_white(doc: QPdfDocument, page: int, dpi: float) -> QImage:
    """One page at `dpi`, painted onto an opaque white image (render() leaves it transparent)."""
    points = doc.pagePointSize(page)
    size = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
    rendered = doc.render(page, size)
    out = QImage(size, QImage.Format.Format_RGB32)
    out.setDotsPerMeterX(round(dpi / 0.0254))
    out.setDotsPerMeterY(round(dpi / 0.0254))
    out.fill(Qt.GlobalColor.white)
    if not rendered.isNull():
        painter = QPainter(out)
        painter.drawImage(0, 0, rendered)
        painter.end()
    return out


def _set_quiet_buttons(*buttons: QPushButton) -> None:
    # Enter must never print or save by accident: no button in these dialogs is a default.
    for button in buttons:
        button.setAutoDefault(False)
        button.setDefault(False)


def save_as_file(parent: QWidget, store: Store, citizen_id: str, data: bytes, file_name: str,
                 *, file_filter: str | None = None) -> str | None:
    """Warn that the copy is unencrypted, ask where, write it, audit the path. Returns the path."""
    answer = QMessageBox.warning(
        parent,
        _("Save unencrypted file"),
        _("The file will be saved unencrypted. Anyone with access to the folder can read it.\n\n"
          "Send it only by secure mail or Digital Post, and delete the file when it has been "
          "sent."),
        QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel,
    )
    if answer != QMessageBox.StandardButton.Ok:
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    default = str(Path(folder) / file_name) if folder else file_name
    if file_filter is None:
        file_filter = _("PDF files (*.pdf)")
    path, _chosen = QFileDialog.getSaveFileName(parent, _("Save as file"), default, file_filter)
    if not path:
        return None
    try:
        Path(path).write_bytes(data)
    except OSError as exc:
        QMessageBox.critical(
            parent, _("The file was not saved"),
            _("The file could not be saved in %(folder)s (%(reason)s). Choose another folder.")
            % {"folder": str(Path(path).parent), "reason": exc.strerror or str(exc)},
        )
        return None
    audit.log_now(store, "save_file", record_kind="document", citizen_id=citizen_id,
                  purpose=path)
    return path


# ------------------------------------------------------------------------------- printing


class _PageRenderer(QObject):
    """Lives in the worker thread: owns its own QPdfDocument and renders one page per request."""

    rendered = Signal(int, QImage)
    failed = Signal(str)

    def __init__(self, pdf_bytes: bytes, dpi: float) -> None:
        super().__init__()
        self._bytes = pdf_bytes
        self._dpi = dpi
        self._doc: QPdfDocument | None = None
        self._buffer: QBuffer | None = None

    @Slot(int)
    def render_page(self, index: int) -> None:
        if self._doc is None:
            self._doc, self._buffer = load_pdf(self._bytes, self)
        if self._doc.status() != QPdfDocument.Status.Ready:
            self.failed.emit(_("The document could not be read for printing."))
            return
        self.rendered.emit(index, render_on_white(self._doc, index, self._dpi))


class PrintJob(QObject):
    """Drives one print: asks the worker for page i, paints it, then asks for page i + 1.

    Only one rendered page is in memory at a time, however long the document.
    """

    request = Signal(int)
    finished = Signal(int)  # pages sent to the printer
    failed = Signal(str)

    def __init__(self, pdf_bytes: bytes, printer: QPrinter, pages: list[int],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer
        self.pages = pages
        self.dpi = float(min(printer.resolution(), MAX_PRINT_DPI))
        self.sent = 0
        self.cancelled = False
        self.aborted = False
        self.done = False
        self._painter: QPainter | None = None
        self._thread = QThread()
        self._thread.setObjectName("hfdesk-print")
        self._renderer = _PageRenderer(pdf_bytes, self.dpi)
        self._renderer.moveToThread(self._thread)
        self._thread.finished.connect(self._renderer.deleteLater)
        self.request.connect(self._renderer.render_page)
        self._renderer.rendered.connect(self._paint)
        self._renderer.failed.connect(self._fail)

    def start(self) -> None:
        self._thread.start()
        self.request.emit(self.pages[0])

    def cancel(self) -> None:
        if self.done:
            return
        self.cancelled = True
        if self._painter is not None and self._painter.isActive():
            self.aborted = self.printer.abort()
        self._finish()

    @Slot(int, QImage)
    def _paint(self, index: int, image: QImage) -> None:
        if self.done or self.cancelled:
            return
        if self._painter is None:
            self._painter = QPainter()
            if not self._painter.begin(self.printer):
                self._painter = None
                self._fail(_("The printer could not be started. Check that it is switched on "
                             "and connected, and try again."))
                return
        else:
            self.printer.newPage()
        painter = self._painter
        target = QRectF(painter.viewport())
        scaled = QSizeF(image.size()).scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        at = QPointF(target.x() + (target.width() - scaled.width()) / 2, target.y())
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(QRectF(at, scaled), image)
        painter.restore()
        self.sent += 1
        position = self.pages.index(index) + 1
        if position < len(self.pages):
            self.request.emit(self.pages[position])
        else:
            self._finish()

    @Slot(str)
    def _fail(self, message: str) -> None:
        if self.done:
            return
        self.cancelled = True
        if self._painter is not None and self._painter.isActive():
            self.aborted = self.printer.abort()
        self._finish()
        self.failed.emit(message)

    def _finish(self) -> None:
        if self.done:
            return
        self.done = True
        if self._painter is not None and self._painter.isActive():
            self._painter.end()
        self._painter = None
        self._thread.quit()
        self._thread.wait()
        self.finished.emit(0 if self.cancelled else self.sent)


# ------------------------------------------------------------------------------- dialog


class PreviewDialog(QDialog):
    """A printout before it leaves the program: look, zoom, print, store in Dokumenter, save."""

    printed = Signal(int)  # pages printed (0 when cancelled or failed)
    stored = Signal(str)  # id of the document row written by "Gem i Dokumenter"

    def __init__(self, store: Store, bus: Bus | None, citizen_id: str, kind: str, title: str,
                 pdf_bytes: bytes, file_name: str, parent: QWidget | None = None, *,
                 document_id: str | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id = citizen_id
        self.kind = kind
        self.title = title
        self.pdf_bytes = bytes(pdf_bytes)
        self.file_name = file_name
        self.document_id = document_id  # set when the PDF already lives in Dokumenter
        self.printer: QPrinter | None = None
        self.job: PrintJob | None = None
        self.progress: QProgressDialog | None = None

        self.setObjectName("PreviewDialog")
        self.setWindowTitle(_("Preview: %(title)s") % {"title": title})
        self.setSizeGripEnabled(True)
        self.resize(820, 940)

        self.document, self._buffer = load_pdf(self.pdf_bytes, self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        self.zoom_out_button = QPushButton(_("Zoom out"), self)
        self.zoom_out_button.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_out_button.setToolTip(_("Zoom out (%(key)s)") % {
            "key": QKeySequence(QKeySequence.StandardKey.ZoomOut).toString(
                QKeySequence.SequenceFormat.NativeText)})
        self.zoom_in_button = QPushButton(_("Zoom in"), self)
        self.zoom_in_button.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn))
        self.zoom_in_button.setToolTip(_("Zoom in (%(key)s)") % {
            "key": QKeySequence(QKeySequence.StandardKey.ZoomIn).toString(
                QKeySequence.SequenceFormat.NativeText)})
        self.fit_button = QPushButton(_("Fit width"), self)
        self.fit_button.setShortcut(QKeySequence("Ctrl+0"))
        self.fit_button.setToolTip(_("Fit the page to the window width (Ctrl+0)"))
        self.zoom_label = QLabel(self)
        self.zoom_label.setMinimumWidth(chars(self.zoom_label, 4))
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pageLabel")

        self.print_button = QPushButton(_("Print…"), self)
        self.print_button.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
        self.print_button.setToolTip(_("Print through the system print dialog (%(key)s)") % {
            "key": QKeySequence(QKeySequence.StandardKey.Print).toString(
                QKeySequence.SequenceFormat.NativeText)})
        self.store_button = QPushButton(_("Save in Documents"), self)
        self.store_button.setToolTip(
            _("Keep the PDF encrypted in the database, under the citizen's Documents tab"))
        self.save_file_button = QPushButton(_("Save as file…"), self)
        self.save_file_button.setToolTip(_("Save an unencrypted copy on the disk"))
        self.close_button = QPushButton(_("Close"), self)
        _set_quiet_buttons(self.zoom_out_button, self.zoom_in_button, self.fit_button,
                           self.print_button, self.store_button, self.save_file_button,
                           self.close_button)
        if document_id is not None:
            self.store_button.setEnabled(False)
            self.store_button.setText(_("Saved in Documents"))

        self.status_label = QLabel(self)
        self.status_label.setObjectName("statusLabel")
        self.status_label.setProperty("role", "muted")
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding,
                                        QSizePolicy.Policy.Preferred)

        top = QHBoxLayout()
        top.addWidget(self.zoom_out_button)
        top.addWidget(self.zoom_in_button)
        top.addWidget(self.fit_button)
        top.addWidget(self.zoom_label)
        top.addStretch(1)
        top.addWidget(self.page_label)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status_label, 1)
        bottom.addWidget(self.print_button)
        bottom.addWidget(self.store_button)
        bottom.addWidget(self.save_file_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.fit_button.clicked.connect(self.fit_width)
        self.print_button.clicked.connect(self.print_document)
        self.store_button.clicked.connect(self.save_to_documents)
        self.save_file_button.clicked.connect(self.save_as_file)
        self.close_button.clicked.connect(self.reject)
        self.document.statusChanged.connect(self._document_status)
        self.document.pageCountChanged.connect(self._update_page_label)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self.view.zoomFactorChanged.connect(self._update_zoom_label)
        self.view.zoomModeChanged.connect(self._update_zoom_label)
        self.view.viewport().installEventFilter(self)

        self.setTabOrder(self.view, self.print_button)
        self.setTabOrder(self.print_button, self.store_button)
        self.setTabOrder(self.store_button, self.save_file_button)
        self.setTabOrder(self.save_file_button, self.close_button)
        self._document_status(self.document.status())
        self._update_zoom_label()
        self.view.setFocus()

    # state ------------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def is_ready(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready and self.page_count > 0

    def _document_status(self, status: QPdfDocument.Status) -> None:
        ready = status == QPdfDocument.Status.Ready
        for button in (self.print_button, self.zoom_in_button, self.zoom_out_button,
                       self.fit_button):
            button.setEnabled(ready and self.job is None)
        if status == QPdfDocument.Status.Error:
            self.status_label.setText(
                _("The document cannot be shown: the PDF is damaged or incomplete."))
        self._update_page_label()

    def _update_page_label(self, *_args: object) -> None:
        total = self.page_count if self.document.status() == QPdfDocument.Status.Ready else 0
        if total == 0:
            self.page_label.setText("")
            return
        current = min(self.view.pageNavigator().currentPage(), total - 1) + 1
        self.page_label.setText(_("Page %(current)d of %(total)d")
                                % {"current": current, "total": total})

    # zoom -------------------------------------------------------------------------------
    def effective_zoom(self) -> float:
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or not self.is_ready():
            return float(self.view.zoomFactor())
        # FitToWidth / FitInView: derive the factor QPdfView is actually using.
        points = self.document.pagePointSize(0)
        scale = self.view.logicalDpiX() / 72.0
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        if points.width() <= 0 or width <= 0:
            return 1.0
        factor = width / (points.width() * scale)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitInView:
            height = self.view.viewport().height() - margins.top() - margins.bottom()
            factor = min(factor, height / (points.height() * scale))
        return float(factor)

    def _set_zoom(self, factor: float) -> None:
        factor = max(ZOOM_MIN, min(ZOOM_MAX, factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self._update_zoom_label()

    def zoom_in(self) -> None:
        self._set_zoom(self.effective_zoom() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.effective_zoom() / ZOOM_STEP)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self._update_zoom_label()

    def _update_zoom_label(self, *_args: object) -> None:
        self.zoom_label.setText(f"{round(self.effective_zoom() * 100)} %")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt name)
        # Fit-to-width changes the real zoom whenever the view changes size.
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self._update_zoom_label()
        return super().eventFilter(watched, event)

    # print ------------------------------------------------------------------------------
    def make_printer(self) -> QPrinter:
        """The printer, kept for the dialog's life so a second print remembers the choices."""
        if self.printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setDocName(self.file_name)
            printer.setFullPage(True)  # the PDF carries its own margins
            if self.is_ready():
                points = self.document.pagePointSize(0)
                orientation = (QPageLayout.Orientation.Landscape
                               if points.width() > points.height()
                               else QPageLayout.Orientation.Portrait)
                printer.setPageSize(QPageSize(QSizeF(min(points.width(), points.height()),
                                                     max(points.width(), points.height())),
                                              QPageSize.Unit.Point))
                printer.setPageOrientation(orientation)
            self.printer = printer
        return self.printer

    def print_document(self) -> None:
        if self.job is not None or not self.is_ready():
            return
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print %(title)s") % {"title": self.title})
        dialog.setMinMax(1, self.page_count)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.start_print(printer)

    def start_print(self, printer: QPrinter) -> None:
        """Print the pages the printer's range selects (all when none is set)."""
        total = self.page_count
        first, last = 1, total
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = max(1, printer.fromPage())
            last = min(total, printer.toPage() or total)
        pages = list(range(first - 1, last))
        if printer.printRange() == QPrinter.PrintRange.CurrentPage:
            pages = [min(self.view.pageNavigator().currentPage(), total - 1)]
        if not pages:
            return
        self.job = PrintJob(self.pdf_bytes, printer, pages, self)
        self.job.finished.connect(self._print_finished)
        self.job.failed.connect(self._print_failed)
        self.progress = QProgressDialog(_("Printing %(title)s…") % {"title": self.title},
                                        _("Cancel"), 0, len(pages), self)
        self.progress.setWindowTitle(_("Printing"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.progress.setValue(0)
        self.progress.canceled.connect(self.job.cancel)
        self.progress.rejected.connect(self.job.cancel)  # Esc in the progress dialog
        self.job.request.connect(self._print_progress)
        self._document_status(self.document.status())
        self.status_label.setText(_("Printing…"))
        self.job.start()

    def _print_progress(self, index: int) -> None:
        progress, job = self.progress, self.job
        if progress is not None and job is not None:
            progress.setLabelText(
                _("Printing page %(current)d of %(total)d…")
                % {"current": job.sent + 1, "total": len(job.pages)})
            # Last: a window-modal QProgressDialog.setValue() processes events, and the job
            # may finish (and drop self.progress) inside it.
            progress.setValue(job.sent)

    def _print_finished(self, pages: int) -> None:
        job, self.job = self.job, None
        if self.progress is not None:
            # hide(), not close(): closing a progress dialog emits canceled() and rejected().
            self.progress.hide()
            self.progress.deleteLater()
            self.progress = None
        # A cancelled job whose pages could not be taken back still left the room: audit it.
        if job is not None and job.sent > 0 and not job.aborted:
            printer = job.printer
            name = printer.printerName() or printer.outputFileName()
            audit.log_now(self.store, "print", record_kind="document",
                          citizen_id=self.citizen_id, purpose=name or None)
            message = _("Sent to %(printer)s at %(time)s") % {
                "printer": name or _("the printer"), "time": format_time(datetime.now())}
            self.status_label.setText(message)
            if self.bus is not None:
                self.bus.status.emit(message)
        elif job is not None and job.cancelled:
            self.status_label.setText(_("Printing was cancelled."))
        self._document_status(self.document.status())
        if job is not None:
            job.deleteLater()
        self.printed.emit(pages)

    def _print_failed(self, message: str) -> None:
        self.status_label.setText(message)
        QMessageBox.warning(self, _("Printing failed"), message)

    # store and save ------------------------------------------------------------------------
    def save_to_documents(self) -> str | None:
        if self.document_id is not None:
            return self.document_id
        try:
            did = documents.save(self.store, self.citizen_id, kind=self.kind, title=self.title,
                                 file_name=self.file_name, mime="application/pdf",
                                 content=self.pdf_bytes, source="printed", recipient=None)
        except UserError as exc:
            QMessageBox.warning(self, _("Not saved in Documents"), exc.message)
            return None
        self.document_id = did
        self.store_button.setEnabled(False)
        self.store_button.setText(_("Saved in Documents"))
        message = _("Saved in Documents at %(time)s") % {"time": format_time(datetime.now())}
        self.status_label.setText(message)
        if self.bus is not None:
            self.bus.changed.emit("document", did, self.citizen_id)
            self.bus.status.emit(message)
        self.stored.emit(did)
        return did

    def save_as_file(self) -> str | None:
        path = save_as_file(self, self.store, self.citizen_id, self.pdf_bytes, self.file_name)
        if path:
            message = _("Saved as %(path)s") % {"path": path}
            self.status_label.setText(message)
            if self.bus is not None:
                self.bus.status.emit(message)
        return path

    # closing ----------------------------------------------------------------------------
    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.cancel()
        super().done(result)


class ImageViewer(QDialog):
    """An attached scan or photo (PNG/JPEG), shown at a readable size; Esc closes."""

    def __init__(self, store: Store, citizen_id: str, title: str, data: bytes, file_name: str,
                 mime: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.citizen_id = citizen_id
        self.data = bytes(data)
        self.file_name = file_name
        self.mime = mime
        self.setObjectName("ImageViewer")
        self.setWindowTitle(title)
        self.setSizeGripEnabled(True)
        self.image = QImage.fromData(self.data)
        self.label = QLabel(self)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scroll = QScrollArea(self)
        self.scroll.setWidget(self.label)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.scale = 1.0
        if self.image.isNull():
            self.label.setText(_("The image cannot be shown: the file is damaged or incomplete."))
            self.label.adjustSize()
        else:
            self.scale = min(1.0, 760 / max(1, self.image.width()),
                             860 / max(1, self.image.height()))
            self._show_scaled()

        self.zoom_out_button = QPushButton(_("Zoom out"), self)
        self.zoom_out_button.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_in_button = QPushButton(_("Zoom in"), self)
        self.zoom_in_button.setShortcut(QKeySequence(QKeySequence.StandardKey.ZoomIn))
        self.save_file_button = QPushButton(_("Save as file…"), self)
        self.save_file_button.setToolTip(_("Save an unencrypted copy on the disk"))
        self.close_button = QPushButton(_("Close"), self)
        _set_quiet_buttons(self.zoom_out_button, self.zoom_in_button, self.save_file_button,
                           self.close_button)
        for button in (self.zoom_in_button, self.zoom_out_button):
            button.setEnabled(not self.image.isNull())

        bottom = QHBoxLayout()
        bottom.addWidget(self.zoom_out_button)
        bottom.addWidget(self.zoom_in_button)
        bottom.addStretch(1)
        bottom.addWidget(self.save_file_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scroll, 1)
        layout.addLayout(bottom)
        self.zoom_in_button.clicked.connect(lambda: self._zoom(ZOOM_STEP))
        self.zoom_out_button.clicked.connect(lambda: self._zoom(1 / ZOOM_STEP))
        self.save_file_button.clicked.connect(self.save_as_file)
        self.close_button.clicked.connect(self.reject)
        self.resize(820, 940)

    def _show_scaled(self) -> None:
        size = QSize(max(1, round(self.image.width() * self.scale)),
                     max(1, round(self.image.height() * self.scale)))
        self.label.setPixmap(QPixmap.fromImage(self.image.scaled(
            size, Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)))
        self.label.resize(size)

    def _zoom(self, step: float) -> None:
        self.scale = max(0.05, min(ZOOM_MAX, self.scale * step))
        self._show_scaled()

    def save_as_file(self) -> str | None:
        suffix = Path(self.file_name).suffix.lower().lstrip(".") or "png"
        kind = _("Images (*.%(suffix)s)") % {"suffix": suffix}
        return save_as_file(self, self.store, self.citizen_id, self.data, self.file_name,
                            file_filter=kind)
