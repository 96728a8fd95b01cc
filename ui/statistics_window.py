"""Statistik: the caseload's tables and two charts, from the same core data as CSV and PDF.

Everything shown comes from `hfdesk.statistics` after the suppression rule (cells of 1–4 are
"<5"), so the screen shows exactly what a printout or a CSV file would. The charts are drawn
with QPainter from `hfdesk.statistics.charts` (no QtCharts: it would add to the bundle).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import ValidationError
from hfdesk.i18n import _
from hfdesk.statistics.charts import Chart
from hfdesk.store.database import Store

BAR_COLOURS = ("#9aa7b8", "#2f4f6f")
INK = "#1a1a1a"
MUTED = "#555555"


class ChartWidget(QWidget):
    """One bar chart (one or two series) with the text of each bar, a legend with words, and
    an optional median/quartile box — the same content as the PDF chart."""

    def __init__(self, chart: Chart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chart = chart
        self.setMinimumSize(560, 300)
        self.setAccessibleName(chart.title)
        texts = "; ".join(f"{c}: " + ", ".join(f"{s.name} {s.texts[i]}" for s in chart.series)
                          for i, c in enumerate(chart.categories))
        self.setAccessibleDescription(f"{chart.subtitle}. {texts}")

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        c = self.chart
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        w, h = self.width(), self.height()
        base = QFont(self.font())
        bold = QFont(base)
        bold.setBold(True)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() * 0.85, 7.0))
        p.setPen(QColor(INK))
        p.setFont(bold)
        p.drawText(QRectF(8, 4, w - 16, 20), Qt.AlignmentFlag.AlignLeft, c.title)
        p.setFont(small)
        p.setPen(QColor(MUTED))
        p.drawText(QRectF(8, 24, w - 16, 18), Qt.AlignmentFlag.AlignLeft, c.subtitle)
        p.drawText(QRectF(8, h - 20, w - 16, 18), Qt.AlignmentFlag.AlignLeft, c.note)
        if c.is_empty:
            p.setFont(base)
            p.drawText(QRectF(0, 0, w, h), Qt.AlignmentFlag.AlignCenter,
                       _("No data to show for the period."))
            p.end()
            return
        box_h = 30 if c.box else 0
        left, top = 52.0, 66.0
        right = w - 150.0
        bottom = h - 48.0 - box_h
        plot_w, plot_h = max(right - left, 50.0), max(bottom - top, 40.0)
        top_value = c.axis_max
        p.setPen(QColor(MUTED))
        p.drawText(QRectF(8, 44, 300, 18), Qt.AlignmentFlag.AlignLeft, c.unit)
        # Axis and four grid lines with their values.
        for k in range(5):
            y = bottom - plot_h * k / 4
            p.setPen(QPen(QColor("#e2e2e2"), 1))
            p.drawLine(int(left), int(y), int(left + plot_w), int(y))
            p.setPen(QColor(MUTED))
            p.drawText(QRectF(0, y - 8, left - 6, 16),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       f"{top_value * k / 4:g}".replace(".", ","))
        p.setPen(QPen(QColor(INK), 1))
        p.drawLine(int(left), int(bottom), int(left + plot_w), int(bottom))
        n_cat = max(len(c.categories), 1)
        n_ser = max(len(c.series), 1)
        group_w = plot_w / n_cat
        bar_w = group_w * 0.7 / n_ser
        for i, cat in enumerate(c.categories):
            gx = left + group_w * i + group_w * 0.15
            for j, s in enumerate(c.series):
                value = s.values[i] if i < len(s.values) else 0.0
                bh = plot_h * value / top_value
                x = gx + bar_w * j
                colour = BAR_COLOURS[j % 2] if n_ser > 1 else BAR_COLOURS[1]
                p.fillRect(QRectF(x, bottom - bh, bar_w - 2, bh), QColor(colour))
                p.setPen(QColor(INK))
                p.setFont(small)
                p.drawText(QRectF(x - 10, bottom - bh - 18, bar_w + 18, 16),
                           Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
                           s.texts[i] if i < len(s.texts) else "")
            p.setPen(QColor(INK))
            p.drawText(QRectF(left + group_w * i, bottom + 4, group_w, 18),
                       Qt.AlignmentFlag.AlignHCenter, cat)
        # Legend: a swatch and the series name (never colour alone).
        for j, s in enumerate(c.series):
            colour = BAR_COLOURS[j % 2] if n_ser > 1 else BAR_COLOURS[1]
            y = top + 20 * j
            p.fillRect(QRectF(right + 16, y, 12, 12), QColor(colour))
            p.setPen(QColor(INK))
            p.drawText(QRectF(right + 34, y - 2, 120, 16), Qt.AlignmentFlag.AlignLeft, s.name)
        if c.box and c.box_texts:
            lo, med, hi = c.box
            y = bottom + 26
            p.setFont(small)
            label = _("Median %(m)s days (quartiles %(lo)s–%(hi)s)") % {
                "m": c.box_texts[1], "lo": c.box_texts[0], "hi": c.box_texts[2]}
            if lo is not None and med is not None and hi is not None:
                span = max(hi * 1.15, 1.0)
                sx = plot_w / span
                p.setPen(QPen(QColor("#c8c8c8"), 1))
                p.drawLine(int(left), int(y + 7), int(left + plot_w), int(y + 7))
                p.setPen(QPen(QColor(INK), 1))
                p.fillRect(QRectF(left + lo * sx, y, max((hi - lo) * sx, 1.0), 14),
                           QColor("#dfe5ec"))
                p.drawRect(QRectF(left + lo * sx, y, max((hi - lo) * sx, 1.0), 14))
                p.setPen(QPen(QColor(INK), 2))
                p.drawLine(int(left + med * sx), int(y - 2), int(left + med * sx), int(y + 16))
                p.drawText(QRectF(right + 16, y - 2, 140, 32), Qt.TextFlag.TextWordWrap, label)
            else:
                p.drawText(QRectF(left, y, plot_w, 16), Qt.AlignmentFlag.AlignLeft, label)
        p.end()


def _table_widget(table: Any) -> QWidget:
    box = QWidget()
    lay = QVBoxLayout(box)
    head = QLabel(f"<b>{table.title}</b>")
    info = QLabel(f"{table.n_text} · {_('Period')}: {table.period}")
    info.setProperty("role", "muted")
    lay.addWidget(head)
    lay.addWidget(info)
    if table.source:
        src = QLabel(table.source)
        src.setWordWrap(True)
        src.setProperty("role", "muted")
        lay.addWidget(src)
    if table.is_empty:
        empty = QLabel(table.empty_text)
        empty.setObjectName("empty_state")
        lay.addWidget(empty)
        lay.addStretch(1)
        return box
    grid = QTableWidget(len(table.rows), len(table.columns))
    grid.setObjectName(f"table_{table.key}")
    grid.setHorizontalHeaderLabels(table.columns)
    grid.verticalHeader().setVisible(False)
    grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    for r, row in enumerate(table.rendered()):
        for k, text in enumerate(row):
            item = QTableWidgetItem(text)
            if k > 0:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.setItem(r, k, item)
    grid.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for k in range(1, len(table.columns)):
        grid.horizontalHeader().setSectionResizeMode(k, QHeaderView.ResizeMode.ResizeToContents)
    lay.addWidget(grid, 1)
    return box


class StatisticsWindow(QDialog):
    """The statistics for the worker's own caseload, with a period and a print button."""

    def __init__(self, store: Store, bus: Any = None, parent: QWidget | None = None, *,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.today = today
        self.tables: Any = None
        self.setObjectName("StatisticsWindow")
        self.setWindowTitle(_("Statistics for my caseload"))
        self.resize(1000, 760)
        self.setSizeGripEnabled(True)

        self.from_edit = QLineEdit()
        self.from_edit.setObjectName("period_from")
        self.from_edit.setPlaceholderText(_("from, e.g. 1.1.2026"))
        self.to_edit = QLineEdit()
        self.to_edit.setObjectName("period_to")
        self.to_edit.setPlaceholderText(_("to (empty: today)"))
        self.update_button = QPushButton(_("Update"))
        self.update_button.setDefault(True)
        self.error = QLabel()
        self.error.setObjectName("period_error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("print_statistics")
        self.csv_button = QPushButton(_("Save as CSV files…"))
        self.csv_button.setObjectName("save_statistics_csv")
        self.csv_button.setToolTip(_("One file per table, for Excel; ids are pseudonymised"))
        self.close_button = QPushButton(_("Close"))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period:")))
        top.addWidget(self.from_edit)
        top.addWidget(QLabel("–"))
        top.addWidget(self.to_edit)
        top.addWidget(self.update_button)
        top.addStretch(1)
        top.addWidget(self.print_button)
        top.addWidget(self.csv_button)
        top.addWidget(self.close_button)
        self.notice = QLabel(_("Figures for 1–4 people or courses are shown as “<5”, on screen "
                               "as in print and CSV. No names, ids or free text."))
        self.notice.setWordWrap(True)
        self.notice.setProperty("role", "muted")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("statistics_tabs")
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.error)
        lay.addWidget(self.notice)
        lay.addWidget(self.tabs, 1)
        self.update_button.clicked.connect(self.refresh)
        self.from_edit.returnPressed.connect(self.refresh)
        self.to_edit.returnPressed.connect(self.refresh)
        self.print_button.clicked.connect(self.print_preview)
        self.csv_button.clicked.connect(lambda: self.save_csv())
        self.close_button.clicked.connect(self.close)
        self.refresh()

    def period(self) -> Any:
        from hfdesk.domain.dates import parse_date
        from hfdesk.statistics import Period

        start = parse_date(self.from_edit.text(), field="from")
        end = parse_date(self.to_edit.text(), field="to")
        if start and end and start > end:
            raise ValidationError(_("The start of the period lies after its end."), field="from")
        return Period(start, end)

    def refresh(self) -> None:
        from hfdesk import statistics
        from hfdesk.statistics.charts import housing_chart, time_to_housing_chart

        try:
            period = self.period()
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        self.error.setText("")
        self.tables = statistics.build(self.store, period=period, today=self.today)
        current = self.tabs.currentIndex()
        while self.tabs.count():
            w = self.tabs.widget(0)
            self.tabs.removeTab(0)
            w.deleteLater()
        charts = QWidget()
        cl = QVBoxLayout(charts)
        self.housing_chart = ChartWidget(housing_chart(self.tables))
        self.housing_chart.setObjectName("housing_chart")
        self.time_chart = ChartWidget(time_to_housing_chart(self.tables))
        self.time_chart.setObjectName("time_chart")
        cl.addWidget(self.housing_chart)
        cl.addWidget(self.time_chart)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts)
        self.tabs.addTab(scroll, _("Charts"))
        for t in self.tables.tables:
            self.tabs.addTab(_table_widget(t), t.title if len(t.title) < 28
                             else t.title[:26] + "…")
            self.tabs.setTabToolTip(self.tabs.count() - 1, t.title)
        self.tabs.setCurrentIndex(max(current, 0))

    def print_preview(self) -> Any:
        from hfdesk.commands.statistics import statistics_pdf
        from hfdesk.documents.layout import default_file_name
        from ui.preview import PreviewDialog

        try:
            period = self.period()
        except ValidationError as exc:
            self.error.setText(exc.message)
            return None
        pdf = statistics_pdf(self.store, period)
        dialog = PreviewDialog(self.store, self.bus, "", "statistics", _("Statistics"), pdf,
                               default_file_name("statistik", date.today(), "alle"), self)
        dialog.store_button.setEnabled(False)
        dialog.store_button.setToolTip(_("Statistics belong to no citizen."))
        dialog.open()
        return dialog


    def save_csv(self, folder: str | None = None) -> list[str]:
        """Write the CSV files (pseudonymised) to a folder the worker picks, after the warning
        that they leave the encryption. `folder` skips the dialogs (tests)."""
        from pathlib import Path

        from hfdesk.commands.statistics import write_stats
        from hfdesk.errors import UserError

        try:
            period = self.period()
        except ValidationError as exc:
            self.error.setText(exc.message)
            return []
        if folder is None:
            answer = QMessageBox.warning(
                self, _("Save unencrypted file"),
                _("The file will be saved unencrypted. Anyone with access to the folder can "
                  "read it.\n\nSend it only by secure mail or Digital Post, and delete the file "
                  "when it has been sent."),
                QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel)
            if answer != QMessageBox.StandardButton.Ok:
                return []
            folder = QFileDialog.getExistingDirectory(self, _("Save as CSV files…"))
            if not folder:
                return []
        try:
            names = write_stats(self.store, Path(folder), pseudonymise=True, period=period)
        except UserError as exc:
            self.error.setText(exc.message)
            return []
        self.error.setText("")
        if self.bus is not None:
            self.bus.status.emit(_("%(n)d CSV files saved in %(folder)s") % {
                "n": len(names), "folder": folder})
        return names


def open_statistics(window: Any) -> StatisticsWindow:
    """From the main window's menu: one window, audited as a view of aggregate figures."""
    from hfdesk.store import audit

    audit.log_now(window.store, "view_area", record_kind="statistics", purpose="statistik")
    dialog = StatisticsWindow(window.store, window.bus, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.statistics_window = dialog
    return dialog


def open_fidelity(window: Any) -> Any:
    from ui.fidelity_window import FidelityWindow

    dialog = FidelityWindow(window.store, window.bus, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.fidelity_window = dialog
    return dialog


def add_statistics_actions(window: Any, menu: Any) -> list[Any]:
    """Add "Statistik…" and "Fidelitet…" to a menu (called from MainWindow._build_menus)."""
    menu.addSeparator()
    window.act_statistics = window._action(menu, _("Statistics…"),
                                           lambda: open_statistics(window), None, "statistics")
    window.act_fidelity = window._action(menu, _("Fidelity self-assessment…"),
                                         lambda: open_fidelity(window), None, "fidelity")
    return [window.act_statistics, window.act_fidelity]
