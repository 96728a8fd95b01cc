"""Dokumenter: every printout saved for the citizen and every attached file.

Printouts arrive here from the preview ("Gem i Dokumenter"); scans of signed plans, leases and
decision letters are attached as PDF, PNG or JPEG. Everything is stored encrypted inside the
database by `hfdesk.store.documents`; opening a document is audited there too.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import N_, _, format_date, format_number, format_time
from hfdesk.store import documents
from hfdesk.store.database import Store
from ui.bus import Bus
from ui.journalisation import copy_to_case_system, status_text
from ui.preview import ImageViewer, PreviewDialog

# Document kinds: printouts made by hfdesk, then the kinds a worker attaches.
KIND_LABELS: dict[str, str] = {
    "summary": N_("Summary sheet"),
    "plan": N_("Plan"),
    "youth_plan": N_("Plan for the young person"),
    "minutes": N_("Meeting minutes"),
    "handover": N_("Handover"),
    "access_log": N_("Access log"),
    "signed_plan": N_("Signed plan"),
    "lease": N_("Lease"),
    "decision_letter": N_("Decision letter"),
    "consent": N_("Consent"),
    "other": N_("Other document"),
}
ATTACH_KINDS = ("signed_plan", "lease", "decision_letter", "consent", "other")
SOURCE_LABELS = {"printed": N_("Printed"), "attached": N_("Attached")}
MIME_BY_SUFFIX = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
COLUMNS = (N_("Date"), N_("Title"), N_("Kind"), N_("Source"), N_("Recipient"), N_("Size"),
           N_("Journal"))


def kind_label(kind: str | None) -> str:
    if not kind:
        return ""
    return _(KIND_LABELS[kind]) if kind in KIND_LABELS else kind


def size_text(size: int | None) -> str:
    size = int(size or 0)
    if size < 1024:
        return _("%(size)s B") % {"size": format_number(size)}
    if size < 1024 * 1024:
        return _("%(size)s kB") % {"size": format_number(round(size / 1024))}
    return _("%(size)s MB") % {"size": format_number(round(size / (1024 * 1024), 1))}


def local_date(stamp: str | None) -> date | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp).astimezone().date()
    except ValueError:
        return None


class AttachDialog(QDialog):
    """Title and kind for a file about to be attached."""

    def __init__(self, file_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AttachDialog")
        self.setWindowTitle(_("Attach file"))
        self.file_label = QLabel(file_name, self)
        self.file_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_edit = QLineEdit(Path(file_name).stem.replace("_", " "), self)
        self.title_edit.setMaxLength(200)
        self.kind_combo = QComboBox(self)
        for code in ATTACH_KINDS:
            self.kind_combo.addItem(kind_label(code), code)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Attach"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(_("File:"), self.file_label)
        form.addRow(_("&Title:"), self.title_edit)
        form.addRow(_("&Kind:"), self.kind_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.title_edit.selectAll()
        self.title_edit.setFocus()

    @property
    def title(self) -> str:
        return self.title_edit.text().strip()

    @property
    def kind(self) -> str:
        return str(self.kind_combo.currentData())


class DocumentsTab(QWidget):
    """The citizen's documents: a table, open with Enter or a double-click, attach a file."""

    def __init__(self, store: Store, bus: Bus | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.rows: list[dict[str, Any]] = []
        self.open_dialogs: list[QDialog] = []
        self.setObjectName("DocumentsTab")

        self.heading = QLabel(_("Printouts saved for the citizen and attached files, "
                                "kept encrypted in the database."), self)
        self.heading.setWordWrap(True)
        self.heading.setProperty("role", "muted")
        self.attach_button = QPushButton(_("Attach file…"), self)
        self.attach_button.setToolTip(
            _("Attach a scanned signed plan, a lease or a decision letter (PDF, PNG or JPEG, "
              "at most 50 MB)"))
        self.open_button = QPushButton(_("Open"), self)
        self.open_button.setToolTip(_("Open the selected document (Enter)"))
        self.copy_button = QPushButton(_("Copy to case system"), self)
        self.copy_button.setObjectName("copy_to_case_system")
        self.copy_button.setToolTip(_("Copy a summary of the document for the municipality's "
                                      "case system; it is marked as transferred when you "
                                      "confirm the paste."))
        for button in (self.attach_button, self.open_button, self.copy_button):
            button.setAutoDefault(False)

        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setObjectName("documentsTable")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.empty_label = QLabel(self)
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setWordWrap(True)
        self.empty_label.setProperty("role", "muted")
        self.message_label = QLabel(self)
        self.message_label.setObjectName("messageLabel")
        self.message_label.setWordWrap(True)
        self.message_label.setProperty("role", "error")  # the app style colours it
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.hide()

        buttons = QHBoxLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(buttons)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_label)
        self.setTabOrder(self.attach_button, self.open_button)
        self.setTabOrder(self.open_button, self.table)

        self.attach_button.clicked.connect(self.choose_and_attach)
        self.open_button.clicked.connect(self.open_selected)
        self.copy_button.clicked.connect(self.copy_selected)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.itemSelectionChanged.connect(self._update_buttons)
        if bus is not None:
            bus.changed.connect(self._on_changed)
        self.set_citizen(None)

    # data -------------------------------------------------------------------------------
    def set_citizen(self, citizen_id: str | None) -> None:
        self.citizen_id = citizen_id
        self._show_message("")
        self.refresh()

    def refresh(self) -> None:
        self.rows = documents.for_citizen(self.store, self.citizen_id) if self.citizen_id else []
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            source = row.get("source") or ""
            cells = (
                format_date(local_date(row.get("created_at"))),
                row.get("title") or "",
                kind_label(row.get("kind")),
                _(SOURCE_LABELS[source]) if source in SOURCE_LABELS else source,
                row.get("recipient") or "",
                size_text(row.get("size")),
                status_text(row),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 0:
                    item.setData(Qt.ItemDataRole.UserRole, row["id"])
                if c == 5:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if c == 1:
                    item.setToolTip(row.get("file_name") or "")
                self.table.setItem(r, c, item)
        if self.rows and self.table.currentRow() < 0:
            self.table.setCurrentCell(0, 0)
        if self.citizen_id is None:
            self.empty_label.setText(_("Choose a citizen to see their documents."))
        else:
            self.empty_label.setText(_("No documents yet. Printouts saved with \"Save in "
                                       "Documents\" and attached files appear here."))
        self.empty_label.setVisible(not self.rows)
        self.table.setVisible(bool(self.rows))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.attach_button.setEnabled(self.citizen_id is not None)
        self.open_button.setEnabled(self.citizen_id is not None and self.current_row() >= 0)
        self.copy_button.setEnabled(self.open_button.isEnabled())

    def copy_selected(self) -> QDialog | None:
        row = self.current_row()
        if self.citizen_id is None or row < 0:
            return None
        return copy_to_case_system(self.store, self.bus, "document", self.rows[row]["id"], self)

    def current_row(self) -> int:
        row = self.table.currentRow()
        return row if 0 <= row < len(self.rows) else -1

    def _on_changed(self, kind: str, _record_id: str, citizen_id: str) -> None:
        if self.citizen_id and citizen_id == self.citizen_id and kind in ("document", "citizen"):
            self.refresh()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.message_label.setVisible(bool(text))

    # open -------------------------------------------------------------------------------
    def open_selected(self) -> QDialog | None:
        return self.open_row(self.current_row())

    def open_row(self, row: int) -> QDialog | None:
        if self.citizen_id is None or not 0 <= row < len(self.rows):
            return None
        try:
            meta, data = documents.content(self.store, self.rows[row]["id"])
        except UserError as exc:
            self._show_message(exc.message)
            self.refresh()
            return None
        dialog: QDialog
        if meta["mime"] == "application/pdf":
            dialog = PreviewDialog(self.store, self.bus, self.citizen_id, meta["kind"],
                                   meta["title"], data, meta["file_name"], self,
                                   document_id=meta["id"])
        else:
            dialog = ImageViewer(self.store, self.citizen_id, meta["title"], data,
                                 meta["file_name"], meta["mime"], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_dialogs.append(dialog)
        dialog.destroyed.connect(lambda *_a, d=dialog: self._forget(d))
        dialog.show()
        return dialog

    def _forget(self, dialog: QDialog) -> None:
        if dialog in self.open_dialogs:
            self.open_dialogs.remove(dialog)

    # attach -----------------------------------------------------------------------------
    def choose_and_attach(self) -> str | None:
        if self.citizen_id is None:
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _chosen = QFileDialog.getOpenFileName(
            self, _("Attach file"), folder,
            _("PDF and images (*.pdf *.png *.jpg *.jpeg);;All files (*)"))
        if not path:
            return None
        details = AttachDialog(Path(path).name, self)
        if details.exec() != QDialog.DialogCode.Accepted:
            return None
        return self.attach_file(Path(path), kind=details.kind,
                                title=details.title or Path(path).stem)

    def attach_file(self, path: Path, *, kind: str = "other", title: str | None = None) -> str | None:
        """Store the file encrypted; on a bad file say what is wrong and store nothing."""
        if self.citizen_id is None:
            return None
        path = Path(path)
        try:
            with path.open("rb") as fh:
                # One byte past the limit is enough for the store to refuse a huge file.
                content = fh.read(documents.MAX_BYTES + 1)
        except OSError as exc:
            self._show_message(
                _("The file %(name)s cannot be read (%(reason)s). Check that it still exists "
                  "and that you may open it.")
                % {"name": path.name, "reason": exc.strerror or str(exc)})
            return None
        if not content:
            self._show_message(_("The file %(name)s is empty. Choose the scanned file again.")
                               % {"name": path.name})
            return None
        mime = MIME_BY_SUFFIX.get(path.suffix.lower(), "application/octet-stream")
        try:
            did = documents.save(self.store, self.citizen_id, kind=kind,
                                 title=title or path.stem, file_name=path.name, mime=mime,
                                 content=content, source="attached", recipient=None)
        except UserError as exc:
            self._show_message(_("%(name)s was not attached. %(reason)s")
                               % {"name": path.name, "reason": exc.message})
            return None
        self._show_message("")
        message = _("Attached %(name)s at %(time)s") % {"name": path.name,
                                                         "time": format_time(datetime.now())}
        if self.bus is not None:
            self.bus.changed.emit("document", did, self.citizen_id)
            self.bus.status.emit(message)
        else:
            self.refresh()
        for r, row in enumerate(self.rows):
            if row["id"] == did:
                self.table.setCurrentCell(r, 0)
        return did
