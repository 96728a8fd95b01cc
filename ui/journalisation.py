"""Journalisation, indsigt and deletion in the app.

- "Kopiér til fagsystem" on every journal card and in Dokumenter: the note (or a summary of the
  document) goes to the clipboard as plain text, a question asks whether it was pasted into the
  municipality's system, and only a yes marks it "overført til journal". The clipboard is
  cleared after 60 seconds, but only if it still holds what hfdesk put there.
- "Ikke overført til journal" (Ctrl+Shift+J): the caseload, one row per citizen, and what is
  missing for the one selected.
- "Sletning af afsluttede forløb": ready / mangler journalisering / not yet due, with a confirm.
- "Indsigt…": the access log and the records extract for the open citizen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import N_, _, format_date

CLEAR_AFTER_MS = 60_000
COPY_PURPOSE = "kopieret til fagsystem"


def local_day(stamp: str | None) -> date | None:
    if not stamp:
        return None
    try:
        return datetime.fromisoformat(stamp).astimezone().date()
    except ValueError:
        return None


def status_text(record: dict[str, Any]) -> str:
    day = local_day(record.get("transferred_at"))
    if day is None:
        return _("Not transferred")
    return _("Transferred to the journal %(date)s") % {"date": format_date(day, "medium")}


# --- the clipboard -------------------------------------------------------------------------

class ClipboardGuard(QObject):
    """Puts text on the clipboard and takes it off again after a while, only if still ours.

    One per application: a journal card is rebuilt on every refresh, and the timer must
    outlive it."""

    cleared = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.text: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear)

    def put(self, text: str, clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        QGuiApplication.clipboard().setText(text)
        self.text = text
        self.timer.start(max(int(clear_after_ms), 0))

    def clear(self) -> None:
        board = QGuiApplication.clipboard()
        if self.text is not None and board.text() == self.text:
            board.clear()
        self.text = None
        self.cleared.emit()


_guard: ClipboardGuard | None = None


def clipboard_guard() -> ClipboardGuard:
    global _guard
    if _guard is None:
        _guard = ClipboardGuard(QGuiApplication.instance())
    return _guard


class TransferConfirm(QDialog):
    """"Did you paste it?" Yes marks the note or document as transferred; No changes nothing."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TransferConfirm")
        self.setWindowTitle(_("Copy to case system"))
        what = _("The note") if kind == "journal_entry" else _("The document summary")
        text = QLabel(_("%(what)s is on the clipboard as plain text. Paste it into the "
                        "municipality's case system.\n\nHas it been pasted? Then it is marked "
                        "as transferred to the journal. The clipboard is cleared in 60 "
                        "seconds.") % {"what": what})
        text.setWordWrap(True)
        text.setMinimumWidth(440)
        self.buttons = QDialogButtonBox(self)
        self.yes = self.buttons.addButton(_("Yes, mark as transferred"),
                                          QDialogButtonBox.ButtonRole.AcceptRole)
        self.no = self.buttons.addButton(_("Not yet"), QDialogButtonBox.ButtonRole.RejectRole)
        self.yes.setObjectName("transfer_yes")
        self.no.setObjectName("transfer_no")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.buttons)


def copy_to_case_system(store: Any, bus: Any, kind: str, record_id: str,
                        parent: QWidget | None = None, *,
                        clear_after_ms: int = CLEAR_AFTER_MS) -> TransferConfirm | None:
    """Copy, ask, and mark on yes. Returns the (open, non-blocking) question."""
    from hfdesk import journal_copy
    from hfdesk.store import audit, journalisation

    try:
        citizen_id, text = journal_copy.text_for(store, kind, record_id)
    except UserError as exc:
        QMessageBox.warning(parent, _("Copy to case system"), exc.message)
        return None
    # Into the municipality's own case system: not a disclosure, but it leaves hfdesk.
    audit.log_now(store, "export", record_kind=kind, record_id=record_id,
                  citizen_id=citizen_id, purpose=COPY_PURPOSE)
    clipboard_guard().put(text, clear_after_ms)
    dialog = TransferConfirm(kind, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def done(result: int) -> None:
        if result != QDialog.DialogCode.Accepted:
            return
        try:
            journalisation.mark(store, kind, record_id)
        except UserError as exc:
            QMessageBox.warning(parent, _("Copy to case system"), exc.message)
            return
        if bus is not None:
            bus.changed.emit(kind, record_id, citizen_id)
            bus.status.emit(_("Marked as transferred to the journal."))

    dialog.finished.connect(done)
    dialog.open()
    return dialog


def transfer_widgets(store: Any, bus: Any, kind: str, record: dict[str, Any],
                     parent: QWidget) -> list[QWidget]:
    """The status label and the copy button for a journal card (none for a planned visit)."""
    if kind == "journal_entry" and record.get("status") == "planned":
        return []
    label = QLabel(status_text(record), parent)
    label.setObjectName("transfer_status")
    label.setProperty("chip", "tag")
    button = QPushButton(_("Copy to case system"), parent)
    button.setObjectName("copy_to_case_system")
    button.setToolTip(_("Copy the note as plain text for the municipality's case system; it "
                        "is marked as transferred when you confirm the paste."))
    button.setAutoDefault(False)
    # The question belongs to the window: a journal refresh rebuilds the card under it.
    button.clicked.connect(
        lambda: copy_to_case_system(store, bus, kind, record["id"], parent.window()))
    return [label, button]


# --- caseload: not transferred ---------------------------------------------------------------

def _table(columns: tuple[str, ...], parent: QWidget) -> QTableWidget:
    t = QTableWidget(0, len(columns), parent)
    t.setHorizontalHeaderLabels([_(c) for c in columns])
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setTabKeyNavigation(False)
    t.verticalHeader().setVisible(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return t


def _names(store: Any) -> dict[str, str]:
    from hfdesk.store import citizens

    return {c["id"]: c.get("preferred_name") or c["legal_name"]
            for c in citizens.list_brief(store)}


class NotJournalisedDialog(QDialog):
    """Every citizen with notes or documents not yet in the journal; the selected one's list."""

    citizen_requested = Signal(str)
    CITIZEN_COLUMNS = (N_("Citizen"), N_("Journal notes"), N_("Documents"))
    ITEM_COLUMNS = (N_("What"), N_("Date"))

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None, *,
                 clear_after_ms: int = CLEAR_AFTER_MS) -> None:
        super().__init__(parent)
        from hfdesk.store import journalisation, settings

        self.store, self.bus, self.clear_after_ms = store, bus, clear_after_ms
        self.setObjectName("NotJournalisedDialog")
        self.setWindowTitle(_("Not transferred to the journal"))
        self.resize(720, 560)
        intro = QLabel(_("hfdesk is a working copy: what a decision rests on must reach the "
                         "municipality's journal. Copy each note to the case system; it is "
                         "marked when you confirm the paste."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.citizens = _table(self.CITIZEN_COLUMNS, self)
        self.citizens.setObjectName("citizens_table")
        self.items = _table(self.ITEM_COLUMNS, self)
        self.items.setObjectName("items_table")
        self.copy_button = QPushButton(_("Copy to case system"), self)
        self.copy_button.setObjectName("copy_to_case_system")
        self.open_button = QPushButton(_("Open citizen"), self)
        for b in (self.copy_button, self.open_button):
            b.setAutoDefault(False)
        self.days = QSpinBox(self)
        self.days.setRange(0, 365)
        self.days.setValue(journalisation.reminder_days(store))
        self.days.setSuffix(_(" days"))
        self.full_cpr = QCheckBox(_("Whole CPR number in the copy (the case system needs it)"),
                                  self)
        self.full_cpr.setChecked(bool(settings.get(store, "journal_copy_full_cpr")))
        self.empty = QLabel(_("Everything has been transferred to the journal."), self)
        self.empty.setProperty("role", "muted")
        form = QFormLayout()
        form.addRow(_("Remind about notes older than:"), self.days)
        form.addRow("", self.full_cpr)
        buttons = QHBoxLayout()
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.citizens, 1)
        layout.addWidget(self.items, 2)
        layout.addLayout(buttons)
        layout.addLayout(form)
        layout.addWidget(close)
        self.citizens.itemSelectionChanged.connect(self._show_items)
        self.items.activated.connect(lambda _i: self.copy_selected())
        self.copy_button.clicked.connect(self.copy_selected)
        self.open_button.clicked.connect(self._open)
        self.days.valueChanged.connect(
            lambda n: settings.set_many(store, {"journal_reminder_days": int(n)}))
        self.full_cpr.toggled.connect(
            lambda on: settings.set_many(store, {"journal_copy_full_cpr": bool(on)}))
        if bus is not None:
            bus.changed.connect(self._changed)
        self.ids: list[str] = []
        self.rows: list[dict[str, Any]] = []
        self.refresh()

    def refresh(self) -> None:
        from hfdesk.store import journalisation

        keep = self.current_citizen()
        names = _names(self.store)
        counts = journalisation.missing_counts(self.store)
        self.ids = sorted(counts, key=lambda c: names.get(c, "").lower())
        self.citizens.setRowCount(len(self.ids))
        for r, cid in enumerate(self.ids):
            for c, text in enumerate((names.get(cid, "?"), str(counts[cid]["notes"]),
                                      str(counts[cid]["documents"]))):
                self.citizens.setItem(r, c, QTableWidgetItem(text))
        self.empty.setVisible(not self.ids)
        if self.ids:
            self.citizens.selectRow(self.ids.index(keep) if keep in self.ids else 0)
        self._show_items()

    def current_citizen(self) -> str | None:
        row = self.citizens.currentRow()
        return self.ids[row] if 0 <= row < len(self.ids) else None

    def _show_items(self) -> None:
        from hfdesk import vocab
        from hfdesk.store import journalisation
        from ui.documents_tab import kind_label

        cid = self.current_citizen()
        self.rows = journalisation.untransferred(self.store, cid) if cid else []
        v = vocab.default()
        self.items.setRowCount(len(self.rows))
        for r, item in enumerate(self.rows):
            if item["kind"] == "journal_entry":
                what = _("Note: %(type)s") % {"type": v.label("journal_entry_type",
                                                              item["what"])}
                day = date.fromisoformat(str(item["date"])[:10])
            else:
                what = _("Document: %(title)s (%(kind)s)") % {
                    "title": item.get("title") or "", "kind": kind_label(item["what"])}
                day = local_day(item["date"]) or date.today()
            self.items.setItem(r, 0, QTableWidgetItem(what))
            self.items.setItem(r, 1, QTableWidgetItem(format_date(day)))
        if self.rows:
            self.items.selectRow(0)
        self.copy_button.setEnabled(bool(self.rows))
        self.open_button.setEnabled(cid is not None)

    def copy_selected(self) -> TransferConfirm | None:
        row = self.items.currentRow()
        if not 0 <= row < len(self.rows):
            return None
        item = self.rows[row]
        return copy_to_case_system(self.store, self.bus, item["kind"], item["id"], self,
                                   clear_after_ms=self.clear_after_ms)

    def _open(self) -> None:
        cid = self.current_citizen()
        if cid:
            self.citizen_requested.emit(cid)
            self.accept()

    def _changed(self, kind: str, _record_id: str, _citizen_id: str) -> None:
        if kind in ("journal_entry", "document", "citizen"):
            self.refresh()


# --- retention ------------------------------------------------------------------------------

class RetentionDialog(QDialog):
    """Closed courses: ready for deletion, missing journalisation, or not yet due."""

    deleted = Signal(str)
    COLUMNS = (N_("Citizen"), N_("Course ended"), N_("Can be deleted from"), N_("Status"))

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hfdesk import retention

        self.store, self.bus = store, bus
        self.setObjectName("RetentionDialog")
        self.setWindowTitle(_("Deletion of closed courses"))
        self.resize(760, 460)
        intro = QLabel(_("A citizen whose courses are all closed can be deleted once every note "
                         "and document is transferred to the journal and the retention period "
                         "has passed. Deletion removes everything about the citizen from this "
                         "computer; copies in backups remain until the backups rotate out."))
        intro.setWordWrap(True)
        intro.setProperty("role", "muted")
        self.table = _table(self.COLUMNS, self)
        self.table.setObjectName("retention_table")
        self.months = QSpinBox(self)
        self.months.setRange(0, 120)
        self.months.setValue(retention.months(store))
        self.months.setSuffix(_(" months after the end"))
        self.delete_button = QPushButton(_("Delete citizen…"), self)
        self.delete_button.setObjectName("delete_citizen")
        self.delete_button.setAutoDefault(False)
        self.message = QLabel(self)
        self.message.setObjectName("retention_message")
        self.message.setWordWrap(True)
        self.message.setProperty("role", "error")
        self.message.hide()
        form = QFormLayout()
        form.addRow(_("Retention period:"), self.months)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.delete_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addWidget(close)
        self.table.itemSelectionChanged.connect(self._update)
        self.delete_button.clicked.connect(lambda: self.delete_selected())
        self.months.valueChanged.connect(self._months_changed)
        self.items: list[Any] = []
        self.refresh()

    def _months_changed(self, n: int) -> None:
        from hfdesk import retention
        from hfdesk.store import settings

        settings.set_many(self.store, {retention.SETTING: int(n)})
        self.refresh()

    def refresh(self) -> None:
        from hfdesk import retention

        self.items = retention.overview(self.store)
        order = {retention.READY: 0, retention.MISSING: 1, retention.NOT_DUE: 2}
        self.items.sort(key=lambda c: (order[c.status], c.due))
        self.table.setRowCount(len(self.items))
        for r, c in enumerate(self.items):
            if c.status == retention.MISSING:
                st = _("Missing journalisation (notes: %(notes)d, documents: %(docs)d)") % {
                    "notes": c.notes_missing, "docs": c.documents_missing}
            elif c.status == retention.READY:
                st = _("Ready for deletion")
            else:
                st = _("Not yet due")
            cells = (c.name, format_date(date.fromisoformat(c.ended)),
                     format_date(date.fromisoformat(c.due)), st)
            for col, text in enumerate(cells):
                self.table.setItem(r, col, QTableWidgetItem(text))
        if self.items:
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        row = self.table.currentRow()
        self.delete_button.setEnabled(0 <= row < len(self.items))

    def delete_selected(self, confirm: Callable[[str], bool] | None = None) -> bool:
        """Confirm, then delete; a refusal (missing journalisation) is shown, nothing changes."""
        from hfdesk import retention

        row = self.table.currentRow()
        if not 0 <= row < len(self.items):
            return False
        c = self.items[row]
        try:
            retention.check_deletable(self.store, c.citizen_id)
        except UserError as exc:
            self._say(exc.message)
            return False
        question = _("Delete %(name)s and everything about the citizen from this computer? "
                     "This cannot be undone. Copies in backups remain until they rotate out."
                     ) % {"name": c.name}
        ask = confirm or self._ask
        if not ask(question):
            return False
        # Erasing and compacting a large file takes seconds (VACUUM rewrites it): say so.
        self._say(_("Deleting and cleaning the database file…"))
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        QApplication.processEvents()
        try:
            retention.delete_citizen(self.store, c.citizen_id)
        except UserError as exc:
            self._say(exc.message)
            return False
        finally:
            QApplication.restoreOverrideCursor()
        self._say("")
        if self.bus is not None:
            self.bus.changed.emit("citizen", c.citizen_id, c.citizen_id)
            self.bus.status.emit(_("The citizen has been deleted."))
        self.deleted.emit(c.citizen_id)
        self.refresh()
        return True

    def _ask(self, question: str) -> bool:
        answer = QMessageBox.question(
            self, _("Delete citizen"), question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))


# --- indsigt ----------------------------------------------------------------------------------

RELEASE_CHOICES = (("", N_("Draft for the authority (not released)")),
                   ("citizen", N_("Released to the young person")),
                   ("custody_holder", N_("Released to a custody holder")))


class AccessDialog(QDialog):
    """Indsigt for the open citizen: the access log, the records extract and the passages
    proposed for exemption from it."""

    EXEMPT_COLUMNS = (N_("Passage"), N_("Reason"))

    def __init__(self, store: Any, bus: Any, citizen_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from hfdesk.store import journalisation

        self.store, self.bus, self.citizen_id = store, bus, citizen_id
        self.preview: QDialog | None = None
        self.setObjectName("AccessDialog")
        self.setWindowTitle(_("Access (indsigt)"))
        self.names = QCheckBox(_("Show workers' names in the log (the municipality has "
                                 "decided so in this case)"), self)
        self.names.setChecked(journalisation.show_worker_names(store, citizen_id))
        self.names.toggled.connect(
            lambda on: journalisation.set_show_worker_names(store, citizen_id, on))
        self.log_button = QPushButton(_("Access log…"), self)
        self.log_button.setObjectName("access_log")
        self.release = QComboBox(self)
        for code, label in RELEASE_CHOICES:
            self.release.addItem(_(label), code)
        self.recipient = QLineEdit(self)
        self.recipient.setMaxLength(200)
        self.recipient.setPlaceholderText(_("Name of the person it is released to"))
        self.extract_button = QPushButton(_("Records extract…"), self)
        self.extract_button.setObjectName("records_extract")
        for b in (self.log_button, self.extract_button):
            b.setAutoDefault(False)
        hint = QLabel(_("The extract holds everything, internal notes too. Passages proposed "
                        "for exemption (forvaltningsloven § 15 b) are marked; in a released "
                        "copy their text is left out and the release is logged."))
        hint.setWordWrap(True)
        hint.setProperty("role", "muted")
        form = QFormLayout()
        form.addRow(self.names)
        form.addRow(self.log_button)
        form.addRow(_("Extract:"), self.release)
        form.addRow(_("Recipient:"), self.recipient)
        form.addRow(self.extract_button)
        # Passages proposed for exemption (journal notes here; any field with `hfdesk exempt`).
        exempt_title = QLabel(_("Proposed exemptions (forvaltningsloven § 15 b)"), self)
        exempt_title.setProperty("role", "section")
        self.exemptions = _table(self.EXEMPT_COLUMNS, self)
        self.exemptions.setObjectName("exemptions_table")
        self.exemptions.setMaximumHeight(140)
        self.note_choice = QComboBox(self)
        self.note_choice.setObjectName("exempt_note")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("exempt_reason")
        self.reason.setMaxLength(2000)
        self.reason.setPlaceholderText(_("Why the passage should be exempted"))
        self.add_exempt = QPushButton(_("Propose exemption"), self)
        self.add_exempt.setObjectName("exempt_add")
        self.remove_exempt = QPushButton(_("Remove"), self)
        self.remove_exempt.setObjectName("exempt_remove")
        for b in (self.add_exempt, self.remove_exempt):
            b.setAutoDefault(False)
        self.exempt_error = QLabel(self)
        self.exempt_error.setWordWrap(True)
        self.exempt_error.setProperty("role", "error")
        self.exempt_error.hide()
        exempt_form = QFormLayout()
        exempt_form.addRow(_("Note:"), self.note_choice)
        exempt_form.addRow(_("Reason:"), self.reason)
        exempt_buttons = QHBoxLayout()
        exempt_buttons.addWidget(self.add_exempt)
        exempt_buttons.addWidget(self.remove_exempt)
        exempt_buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(exempt_title)
        layout.addWidget(self.exemptions)
        layout.addLayout(exempt_form)
        layout.addWidget(self.exempt_error)
        layout.addLayout(exempt_buttons)
        layout.addWidget(close)
        self.log_button.clicked.connect(self.show_log)
        self.extract_button.clicked.connect(self.show_extract)
        self.add_exempt.clicked.connect(self.propose_exemption)
        self.remove_exempt.clicked.connect(self.remove_selected_exemption)
        self.exemption_rows: list[dict[str, Any]] = []
        self._load_notes()
        self.refresh_exemptions()

    def _load_notes(self) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import journal

        self.note_text: dict[str, str] = {}
        for e in journal.for_citizen(self.store, self.citizen_id, limit=500):
            if e.get("status") == "planned":
                continue
            words = " ".join(str(e.get("note") or "").split())
            label = f"{fmt(str(e['occurred_at'])[:10])} · {words[:50]}"
            self.note_text[e["id"]] = label
            self.note_choice.addItem(label, e["id"])
        self.add_exempt.setEnabled(self.note_choice.count() > 0)

    def refresh_exemptions(self) -> None:
        from hfdesk.store import journalisation

        self.exemption_rows = journalisation.exemptions(self.store, self.citizen_id)
        self.exemptions.setRowCount(len(self.exemption_rows))
        for r, e in enumerate(self.exemption_rows):
            where = (self.note_text.get(e["record_id"]) if e["record_kind"] == "journal_entry"
                     else None) or f"{e['record_kind']} · {e['field']}"
            self.exemptions.setItem(r, 0, QTableWidgetItem(where))
            self.exemptions.setItem(r, 1, QTableWidgetItem(e["reason"]))
        self.remove_exempt.setEnabled(bool(self.exemption_rows))

    def propose_exemption(self) -> str | None:
        from hfdesk.store import journalisation

        record_id = self.note_choice.currentData()
        if not record_id:
            return None
        try:
            eid = journalisation.add_exemption(self.store, self.citizen_id,
                                               record_kind="journal_entry", record_id=record_id,
                                               field="note", reason=self.reason.text())
        except UserError as exc:
            self.exempt_error.setText(exc.message)
            self.exempt_error.setVisible(True)
            return None
        self.exempt_error.setVisible(False)
        self.reason.clear()
        self.refresh_exemptions()
        return eid

    def remove_selected_exemption(self) -> None:
        from hfdesk.store import journalisation

        row = self.exemptions.currentRow()
        if 0 <= row < len(self.exemption_rows):
            journalisation.remove_exemption(self.store, self.exemption_rows[row]["id"])
            self.refresh_exemptions()

    def _preview(self, kind: str, title: str, pdf: bytes, file_stem: str) -> QDialog | None:
        from hfdesk.documents.layout import default_file_name

        try:
            from ui.preview import PreviewDialog
        except ImportError:
            QMessageBox.information(self, _("Print"),
                                    _("The print preview is not available in this build."))
            return None
        dialog = PreviewDialog(self.store, self.bus, self.citizen_id, kind, title, pdf,
                               default_file_name(file_stem, date.today(), self.citizen_id[:8]),
                               self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.preview = dialog
        return dialog

    def show_log(self) -> QDialog | None:
        from hfdesk.documents.access_report import access_snapshot, build_access_report
        from hfdesk.store import audit

        # Making the report is itself in the log (and so in the next report).
        audit.log_now(self.store, "print", record_kind="access_report",
                      citizen_id=self.citizen_id, purpose="app")
        pdf = build_access_report(access_snapshot(self.store, self.citizen_id))
        return self._preview("access_log", _("Access log"), pdf, "log")

    def show_extract(self) -> QDialog | None:
        from hfdesk.documents.records_extract import (
            build_records_extract,
            exempted_count,
            extract_snapshot,
        )
        from hfdesk.store import audit, journalisation

        released = self.release.currentData() or None
        snap = extract_snapshot(self.store, self.citizen_id, released_to=released)
        try:
            if released:
                journalisation.record_release(self.store, self.citizen_id, released_to=released,
                                              exempted=exempted_count(snap),
                                              recipient_name=self.recipient.text())
                snap = extract_snapshot(self.store, self.citizen_id, released_to=released)
        except UserError as exc:
            QMessageBox.warning(self, _("Records extract"), exc.message)
            return None
        audit.log_now(self.store, "print", record_kind="records_extract",
                      citizen_id=self.citizen_id, purpose="app")
        return self._preview("other", _("Records extract"), build_records_extract(snap),
                             "aktindsigt")


# --- the menu -----------------------------------------------------------------------------------

def add_journalisation_actions(window: Any, menu: Any) -> None:
    """Entries in the Functions menu (called from MainWindow._build_menus)."""

    def not_journalised() -> None:
        dialog = NotJournalisedDialog(window.store, window.bus, window)
        dialog.citizen_requested.connect(lambda cid: (window.open_citizen(cid),
                                                      window.show_tab("journal")))
        window._open_dialog(dialog)

    def deletion() -> None:
        dialog = RetentionDialog(window.store, window.bus, window)
        dialog.deleted.connect(lambda _cid: (window.panel.reload(), window.show_start()))
        window._open_dialog(dialog)

    def access() -> None:
        if window.citizen_id is None:
            window.bus.status.emit(_("Open a citizen first."))
            return
        window._open_dialog(AccessDialog(window.store, window.bus, window.citizen_id, window))

    menu.addSeparator()
    window.act_not_journalised = window._action(
        menu, _("Not transferred to the journal…"), not_journalised, "Ctrl+Shift+J",
        "not_journalised")
    window.act_retention = window._action(menu, _("Deletion of closed courses…"), deletion,
                                          None, "retention")
    window.act_access = window._action(menu, _("Access (indsigt) for the citizen…"), access,
                                       None, "access_report")
