"""Fidelitet: the team's self-assessment rounds, scored item by item, and compared.

Team-level: no citizen is shown or stored. Each choice saves at once (one store call, one audit
row); the comparison tab shows one column per round with the mean per section, "ikke relevant"
left out.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hfdesk.domain import fidelity as domain
from hfdesk.errors import UserError, ValidationError
from hfdesk.i18n import _
from hfdesk.store.database import Store


class FidelityWindow(QDialog):
    def __init__(self, store: Store, bus: Any = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hfdesk.store import fidelity

        self.store = store
        self.bus = bus
        self.round_id: str | None = None
        self._loading = False
        self.setObjectName("FidelityWindow")
        self.setWindowTitle(_("Fidelity self-assessment"))
        self.resize(1100, 760)
        self.setSizeGripEnabled(True)
        self.instrument = fidelity.instrument()

        self.rounds = QListWidget()
        self.rounds.setObjectName("fidelity_rounds")
        self.new_button = QPushButton(_("New round"))
        self.new_button.setObjectName("new_round")
        self.delete_button = QPushButton(_("Delete round…"))
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.addWidget(QLabel(_("Rounds")))
        ll.addWidget(self.rounds, 1)
        ll.addWidget(self.new_button)
        ll.addWidget(self.delete_button)

        self.date_edit = QLineEdit()
        self.date_edit.setObjectName("round_date")
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("round_title")
        self.rated_by_edit = QLineEdit()
        self.comment_edit = QLineEdit()
        self.error = QLabel()
        self.error.setObjectName("fidelity_error")
        self.error.setProperty("role", "error")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Date"), self.date_edit)
        form.addRow(_("Title"), self.title_edit)
        form.addRow(_("Rated by"), self.rated_by_edit)
        form.addRow(_("Comment"), self.comment_edit)
        self.items = QTableWidget(0, 3)
        self.items.setObjectName("fidelity_items")
        self.items.setHorizontalHeaderLabels([_("Item"), _("Rating"), _("Comment")])
        self.items.verticalHeader().setVisible(False)
        self.items.setWordWrap(True)
        self.items.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        hh = self.items.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        hh.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        hh.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        self.items.setColumnWidth(2, 220)
        scale = " · ".join(f"{v} = {label.lower()}" for v, label in self.instrument.scale)
        round_page = QWidget()
        rl = QVBoxLayout(round_page)
        desc = QLabel(self.instrument.description + "\n" + scale)
        desc.setWordWrap(True)
        desc.setProperty("role", "muted")
        rl.addWidget(desc)
        rl.addLayout(form)
        rl.addWidget(self.error)
        rl.addWidget(self.items, 1)

        self.compare = QTableWidget(0, 0)
        self.compare.setObjectName("fidelity_comparison")
        self.compare.verticalHeader().setVisible(False)
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare.setWordWrap(True)
        self.compare.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)
        self.tabs = QTabWidget()
        self.tabs.addTab(round_page, _("Round"))
        self.tabs.addTab(self.compare, _("Comparison"))

        self.empty = QLabel(_("No rounds yet. Press “New round” to rate the team's fidelity."))
        self.empty.setObjectName("empty_state")
        self.empty.setWordWrap(True)
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setObjectName("print_fidelity")
        self.close_button = QPushButton(_("Close"))
        right = QWidget()
        rr = QVBoxLayout(right)
        rr.addWidget(QLabel(f"<b>{self.instrument.title}</b>"))
        rr.addWidget(self.empty)
        rr.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        rr.addLayout(buttons)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        split.setSizes([220, 880])
        lay = QVBoxLayout(self)
        lay.addWidget(split)

        self.rounds.currentItemChanged.connect(self._round_chosen)
        self.new_button.clicked.connect(self.new_round)
        self.delete_button.clicked.connect(self.delete_round)
        for edit, key in ((self.date_edit, "round_date"), (self.title_edit, "title"),
                          (self.rated_by_edit, "rated_by"), (self.comment_edit, "comment")):
            edit.editingFinished.connect(lambda e=edit, k=key: self._save_field(k, e.text()))
        self.print_button.clicked.connect(self.print_preview)
        self.close_button.clicked.connect(self.close)
        self.reload()

    # ----------------------------------------------------------------------------------------
    def _status(self, text: str) -> None:
        if self.bus is not None:
            self.bus.status.emit(text)

    def reload(self, select: str | None = None) -> None:
        from hfdesk.store import fidelity

        rounds = fidelity.list_rounds(self.store)
        self._loading = True
        self.rounds.clear()
        for r in reversed(rounds):   # newest first
            item = QListWidgetItem(domain.round_label(r))
            item.setData(Qt.ItemDataRole.UserRole, r["id"])
            self.rounds.addItem(item)
        self._loading = False
        has = bool(rounds)
        self.empty.setVisible(not has)
        self.tabs.setVisible(has)
        self.delete_button.setEnabled(has)
        self.print_button.setEnabled(has)
        target = select or self.round_id
        row = next((i for i in range(self.rounds.count())
                    if self.rounds.item(i).data(Qt.ItemDataRole.UserRole) == target), 0)
        if has:
            self._loading = True
            self.rounds.setCurrentRow(row)
            self._loading = False
            self._round_chosen(self.rounds.currentItem(), None)
        self._fill_comparison()

    def _round_chosen(self, item: QListWidgetItem | None, _prev: Any) -> None:
        if self._loading or item is None:
            return
        self.round_id = str(item.data(Qt.ItemDataRole.UserRole))
        self._fill_round()

    def _fill_round(self) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import fidelity

        assert self.round_id is not None
        r = fidelity.get_round(self.store, self.round_id)
        scores = fidelity.scores(self.store, self.round_id)
        self._loading = True
        self.date_edit.setText(fmt(r.get("round_date")))
        self.title_edit.setText(r.get("title") or "")
        self.rated_by_edit.setText(r.get("rated_by") or "")
        self.comment_edit.setText(r.get("comment") or "")
        self.error.setText("")
        rows: list[tuple[str, Any]] = []
        for sec in self.instrument.sections:
            rows.append(("section", sec))
            rows.extend(("item", it) for it in self.instrument.items_in(sec.key))
        # Start from an empty grid: old cell widgets and spans would otherwise linger.
        self.items.clearSpans()
        self.items.setRowCount(0)
        self.items.setRowCount(len(rows))
        self.combos: dict[str, QComboBox] = {}
        for n, (kind, obj) in enumerate(rows):
            if kind == "section":
                head = QTableWidgetItem(obj.title)
                font = head.font()
                font.setBold(True)
                head.setFont(font)
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.items.setItem(n, 0, head)
                self.items.setSpan(n, 0, 1, 3)
                continue
            text = QTableWidgetItem(obj.text)
            text.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.items.setItem(n, 0, text)
            combo = QComboBox()
            combo.setObjectName(f"score_{obj.key}")
            combo.setAccessibleName(obj.text)
            combo.addItem(_("Not rated"), None)
            for v, label in self.instrument.scale:
                combo.addItem(f"{v} – {label}", v)
            combo.addItem(domain.NOT_RELEVANT_LABEL, domain.NOT_RELEVANT)
            s = scores.get(obj.key, {})
            if s.get("not_relevant"):
                combo.setCurrentIndex(combo.count() - 1)
            elif s.get("score") is not None:
                combo.setCurrentIndex(max(combo.findData(s["score"]), 0))
            combo.currentIndexChanged.connect(lambda _i, k=obj.key: self._save_score(k))
            self.items.setCellWidget(n, 1, combo)
            self.combos[obj.key] = combo
            note = QLineEdit(s.get("comment") or "")
            note.setObjectName(f"comment_{obj.key}")
            note.editingFinished.connect(lambda k=obj.key, e=note: self._save_score(k, e.text()))
            self.items.setCellWidget(n, 2, note)
        self.items.resizeRowsToContents()
        self._loading = False

    def _fill_comparison(self) -> None:
        from hfdesk.store import fidelity

        snap = fidelity.snapshot(self.store)
        comp = snap["comparison"]
        self.compare.clear()
        self.compare.setColumnCount(1 + len(comp.rounds))
        self.compare.setHorizontalHeaderLabels(
            [_("Item"), *[domain.round_label(r) for r in comp.rounds]])
        self.compare.setRowCount(len(comp.rows))
        for n, (kind, text, cells) in enumerate(comp.rows):
            for k, value in enumerate([text, *cells]):
                item = QTableWidgetItem(value)
                if kind != "item":
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.compare.setItem(n, k, item)
        hh = self.compare.horizontalHeader()
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for k in range(1, self.compare.columnCount()):
            hh.setSectionResizeMode(k, QHeaderView.ResizeMode.ResizeToContents)
        self.compare.resizeRowsToContents()

    # ----------------------------------------------------------------------------------------
    def new_round(self) -> str | None:
        from hfdesk.store import fidelity

        try:
            rid = fidelity.create_round(self.store, {"round_date": date.today()})
        except UserError as exc:
            self.error.setText(exc.message)
            return None
        self._status(_("New fidelity round created."))
        self.round_id = rid
        self.reload(select=rid)
        self.tabs.setCurrentIndex(0)
        return rid

    def delete_round(self) -> None:
        from hfdesk.store import fidelity

        if self.round_id is None:
            return
        answer = QMessageBox.question(
            self, _("Delete round"), _("Delete this fidelity round and all its ratings?"))
        if answer != QMessageBox.StandardButton.Yes:
            return
        fidelity.delete_round(self.store, self.round_id)
        self.round_id = None
        self.reload()

    def _save_field(self, key: str, text: str) -> None:
        from hfdesk.store import fidelity

        if self._loading or self.round_id is None:
            return
        try:
            changed = fidelity.update_round(self.store, self.round_id, {key: text})
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        self.error.setText("")
        if changed:
            self._status(_("Saved."))
            self.reload(select=self.round_id)

    def _save_score(self, item: str, comment: str | None = None) -> None:
        from hfdesk.store import fidelity

        if self._loading or self.round_id is None:
            return
        value = self.combos[item].currentData()
        try:
            changed = fidelity.set_score(self.store, self.round_id, item, value, comment=comment)
        except ValidationError as exc:
            self.error.setText(exc.message)
            return
        self.error.setText("")
        if changed:
            self._status(_("Saved."))
            self._fill_comparison()

    def print_preview(self) -> Any:
        from hfdesk.commands.statistics import fidelity_pdf
        from hfdesk.documents.layout import default_file_name
        from ui.preview import PreviewDialog

        pdf = fidelity_pdf(self.store, self.round_id)
        dialog = PreviewDialog(self.store, self.bus, "", "fidelity", _("Fidelity"), pdf,
                               default_file_name("fidelitet", date.today(),
                                                 (self.round_id or "alle")[:8]), self)
        dialog.store_button.setEnabled(False)
        dialog.store_button.setToolTip(_("The fidelity assessment belongs to no citizen."))
        dialog.open()
        return dialog
