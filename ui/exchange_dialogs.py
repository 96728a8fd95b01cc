"""File menu: back up, restore, export, import, and move a citizen to a colleague.

Long work runs in a worker thread; a window-modal progress dialog shows each step and a clear
final message says what happened. The work itself is hfdesk.exchange (Qt-free).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import N_, _


class Job:
    """Run `work(progress)` in a thread, show its progress, call `done(result)` or show the
    error. `progress(step, done, total)` may be called from the thread."""

    def __init__(self, parent: QWidget, title: str, work: Callable[[Any], Any],
                 done: Callable[[Any], None]) -> None:
        self.parent = parent
        self.work = work
        self.done = done
        self.result: Any = None
        self.error: str | None = None
        self.state = (title, 0, 0)
        self.finished = False
        self.dialog = QProgressDialog(title, "", 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setCancelButton(None)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(0)
        self.timer = QTimer(parent)
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        self.thread = threading.Thread(target=self._run, name="hfdesk-exchange", daemon=True)

    def start(self) -> Job:
        from ui import autosave

        autosave.flush_all()
        self.dialog.show()
        self.thread.start()
        self.timer.start()
        return self

    def _progress(self, step: str, done: int, total: int) -> None:
        self.state = (step, done, total)

    def _run(self) -> None:
        try:
            self.result = self.work(self._progress)
        except UserError as exc:
            self.error = exc.message
        except Exception as exc:  # noqa: BLE001 (shown to the worker, never a traceback)
            self.error = _("The work stopped with an error: %(error)s") % {"error": exc}
        finally:
            self.finished = True

    def _poll(self) -> None:
        step, done, total = self.state
        self.dialog.setLabelText(step)
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if not self.finished:
            return
        self.timer.stop()
        self.dialog.reset()
        self.dialog.hide()
        self.dialog.deleteLater()
        if self.error is not None:
            QMessageBox.warning(self.parent, _("Not done"), self.error)
        else:
            self.done(self.result)


def _ask_secret(parent: QWidget, title: str, label: str) -> str | None:
    text, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Password)
    return text if ok and text else None


class ExchangeActions:
    """The File menu's exchange entries, bound to the main window."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.job: Job | None = None

    @property
    def store(self) -> Any:
        return self.window.store

    def _blocked(self) -> bool:
        """Nothing leaves the laptop while someone else is in the room (visit mode)."""
        visit = getattr(self.window, "visit", None)
        return bool(visit is not None and visit.active)

    def _info(self, title: str, text: str) -> None:
        QMessageBox.information(self.window, title, text)

    # backup and restore -----------------------------------------------------------------
    def backup(self, out: str | None = None) -> Job | None:
        if out is None:
            from hfdesk.exchange import backup

            out, _f = QFileDialog.getSaveFileName(
                self.window, _("Back up"), backup.backup_name(_now()), "Zip (*.zip)")
        if not out:
            return None

        def done(manifest: Any) -> None:
            from hfdesk.exchange import backup  # imported by the job's thread by now

            warning = backup.same_disk_warning(self.store.path, Path(out).parent)
            text = _("The backup is written and checked: %(file)s") % {"file": out}
            if warning:
                text += "\n\n" + warning
            self._info(_("Back up"), text)

        store = self.store
        self.job = Job(self.window, _("Back up"),
                       lambda p: _backup_in_thread(store, Path(out), p), done).start()
        return self.job

    def restore(self, source: str | None = None, target: str | None = None,
                passphrase: str | None = None, choice: RestoreChoice | None = None
                ) -> Job | None:
        """Restore a backup to a new file (checked before it is put in place); then, only
        after an explicit yes, put it in place of the live database."""
        from hfdesk.exchange import backup

        if choice is None and source and target and passphrase:
            choice = RestoreChoice(source=source, target=target, passphrase=passphrase)
        if choice is None:
            dialog = RestoreDialog(self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
                return None
            choice = dialog.choice
        picked = choice

        def work(_p: Any) -> Any:
            if picked.recovery_key:
                from hfdesk.store import keyfile

                try:
                    private = keyfile.load_private_key(Path(picked.recovery_key).read_bytes())
                except OSError as exc:
                    raise UserError(_("The key file cannot be read: %(error)s") % {
                        "error": exc.strerror}) from exc
                return backup.restore(Path(picked.source), Path(picked.target),
                                      recovery=private, new_passphrase=picked.new_passphrase,
                                      reason=picked.reason)
            return backup.restore(Path(picked.source), Path(picked.target),
                                  passphrase=picked.passphrase)

        def done(manifest: Any) -> None:
            self._info(_("Restore"), _(
                "The backup from %(created)s is restored and checked: %(file)s. Your current "
                "database is untouched.") % {"created": manifest.get("created", ""),
                                             "file": picked.target})
            self.offer_replace(Path(picked.target))

        self.job = Job(self.window, _("Restore"), work, done).start()
        return self.job

    def offer_replace(self, restored: Path) -> bool:
        """Ask, and only on an explicit yes put the restored copy in place of the live
        database (the live one is kept beside it); hfdesk then closes to open it anew."""
        from hfdesk.exchange import backup
        from ui import autosave

        answer = QMessageBox.question(
            self.window, _("Replace the database?"), _(
                "Use the restored copy instead of the database you have open now? The current "
                "database is kept beside it under a new name. hfdesk closes afterwards; start "
                "it again and unlock with the restored database's passphrase."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        autosave.flush_all()
        live = Path(self.store.path)
        self.window.hide()
        self.store.close()
        try:
            kept = backup.replace_live(live, restored)
        except UserError as exc:
            QMessageBox.warning(self.window, _("Not done"), exc.message)
            self.quit_app()
            return False
        self._info(_("Restore"), _(
            "The restored database is now in place. The previous one is kept as %(file)s. "
            "hfdesk closes now.") % {"file": kept.name})
        self.quit_app()
        return True

    def quit_app(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        if app is not None:
            app.quit()

    # conflicts ----------------------------------------------------------------------------
    def conflicts(self) -> ConflictsWindow:
        win = getattr(self, "conflicts_window", None)
        if win is None:
            win = ConflictsWindow(self.window, self.store)
            self.conflicts_window = win
        win.reload()
        win.show()
        win.raise_()
        return win

    # export and import ------------------------------------------------------------------
    def export(self, out: str | None = None, passphrase: str | None = None,
               choice: ExportChoice | None = None) -> Job | None:
        """Export with the worker's choices (scope, profile, protection). `out` and
        `passphrase` together skip the dialog: a full export locked with that passphrase."""
        from hfdesk.exchange import export

        if choice is None and out is not None and passphrase is not None:
            choice = ExportChoice(out=out, lock_mode="other", passphrase=passphrase)
        if choice is None:
            dialog = ExportDialog(self.window, self.store, self.window.citizen_id)
            if dialog.exec() != QDialog.DialogCode.Accepted or dialog.choice is None:
                return None
            choice = dialog.choice
        try:
            lock = choice.lock()
        except (UserError, OSError) as exc:
            QMessageBox.warning(self.window, _("Not done"), getattr(exc, "message", str(exc)))
            return None
        target = choice.out

        def done(manifest: Any) -> None:
            text = _("The export is written: %(file)s (%(n)s citizens).") % {
                "file": target, "n": manifest["citizens"]}
            text += "\n\n" + _("Next delta export: since change number %(seq)s.") % {
                "seq": manifest["until_seq"]}
            if manifest.get("documents_skipped"):
                text += "\n\n" + _("%(n)s documents could not be made; the manifest lists "
                                    "them.") % {"n": len(manifest["documents_skipped"])}
            self._info(_("Export"), text)

        self.job = Job(self.window, _("Export"), lambda p: export.export(
            self.store, Path(target), lock=lock, since_seq=choice.since_seq,
            citizen_id=choice.citizen_id, profile=choice.profile,
            recipient=choice.recipient or "kommunens eget system",
            documents=choice.documents, progress=p), done).start()
        return self.job

    def import_(self, source: str | None = None, passphrase: str | None = None,
                receipt: str | None = None) -> Job | None:
        from hfdesk.exchange import importer, package

        if source is None:
            source, _f = QFileDialog.getOpenFileName(self.window, _("Import"), "",
                                                     "Zip (*.zip)")
        if not source:
            return None
        try:
            lock = package.comment_of(Path(source)).get("lock")
        except UserError as exc:
            QMessageBox.warning(self.window, _("Not done"), exc.message)
            return None
        if lock == "passphrase" and passphrase is None:
            passphrase = _ask_secret(self.window, _("Import"),
                                     _("The passphrase the package is locked with:"))
            if not passphrase:
                return None
        if lock == "key" and receipt is None:
            receipt = str(Path(source).with_name(Path(source).stem + "-kvittering.json"))

        def done(result: Any) -> None:
            if result.already:
                text = _("The package was imported before; nothing changed.")
            else:
                text = _("Imported %(n)s citizens: %(new)s new records, %(upd)s updated.") % {
                    "n": len(result.citizens), "new": result.inserted, "upd": result.updated}
            if result.conflicts:
                text += "\n\n" + _(
                    "%(n)s records were changed both here and elsewhere. Your version is "
                    "kept; the other one is saved beside it.") % {"n": len(result.conflicts)}
            if receipt and result.kind == "transfer":
                text += "\n\n" + _("Send this receipt to your colleague: %(file)s") % {
                    "file": receipt}
            self.window.panel.reload()
            self._info(_("Import"), text)
            if result.conflicts:
                self.conflicts()

        self.job = Job(self.window, _("Import"), lambda p: importer.import_package(
            self.store, Path(source), passphrase=passphrase,
            receipt_out=Path(receipt) if receipt else None, progress=p), done).start()
        return self.job

    # transfer -----------------------------------------------------------------------------
    def transfer(self, key_file: str | None = None, out: str | None = None) -> Job | None:
        from hfdesk.exchange import export
        from hfdesk.store import keyfile

        cid = self.window.citizen_id
        if cid is None:
            self._info(_("Move citizen to colleague"), _("Open the citizen first."))
            return None
        if key_file is None:
            key_file, _f = QFileDialog.getOpenFileName(
                self.window, _("The colleague's public key"), "", "PEM (*.pem *.pub *.txt)")
        if not key_file:
            return None
        if out is None:
            out, _f = QFileDialog.getSaveFileName(self.window, _("Move citizen to colleague"),
                                                  "flyt.zip", "Zip (*.zip)")
        if not out:
            return None
        try:
            recipient = keyfile.load_public_key(Path(key_file).read_bytes())
        except (UserError, OSError) as exc:
            QMessageBox.warning(self.window, _("Not done"), getattr(exc, "message", str(exc)))
            return None

        def done(_manifest: Any) -> None:
            show_moved_state(self.window)
            self._info(_("Move citizen to colleague"), _(
                "The package is written: %(file)s. The citizen is read-only here until your "
                "colleague's receipt is imported.") % {"file": out})

        self.job = Job(self.window, _("Move citizen to colleague"), lambda p: export.transfer(
            self.store, cid, recipient, Path(out), progress=p), done).start()
        return self.job

    def receipt(self, path: str | None = None) -> None:
        from hfdesk.exchange import importer

        if path is None:
            path, _f = QFileDialog.getOpenFileName(self.window, _("Receipt from colleague"),
                                                   "", "JSON (*.json)")
        if not path:
            return
        try:
            removed = importer.apply_receipt(self.store, Path(path))
        except UserError as exc:
            QMessageBox.warning(self.window, _("Not done"), exc.message)
            return
        self.window.panel.reload()
        self.window.show_start()
        self._info(_("Receipt from colleague"), _(
            "The receipt is accepted; %(n)s citizens are removed here.") % {"n": len(removed)})


class AutoBackup:
    """Backups without asking: once a day while the app is open (in the background, so typing
    is never blocked) and on exit, into the backup folder from Settings; rotated."""

    CHECK_MS = 60 * 60 * 1000

    def __init__(self, window: Any) -> None:
        from PySide6.QtWidgets import QApplication

        self.window = window
        self.running: threading.Thread | None = None
        self.last: str | None = None
        self.timer = QTimer(window)
        self.timer.setInterval(self.CHECK_MS)
        self.timer.timeout.connect(self.daily)
        self.timer.start()
        QTimer.singleShot(5 * 60 * 1000, self.daily)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.on_exit)

    def _folder(self) -> str:
        from hfdesk.store import settings

        try:
            return str(settings.get(self.window.store, "backup_dir") or "")
        except Exception:  # noqa: BLE001 (a closed store: nothing to back up)
            return ""

    def daily(self) -> None:
        from hfdesk.exchange import backup

        folder = self._folder()
        if not folder or (self.running is not None and self.running.is_alive()):
            return
        if Path(folder).is_dir() and not backup.due_today(folder):
            return

        def work() -> None:
            try:
                result = backup.automatic(self.window.store, folder)
                self.last = _("Daily backup written: %(file)s") % {
                    "file": Path(result["path"]).name}
                if result["warning"]:
                    self.last += " " + result["warning"]
            except UserError as exc:
                self.last = exc.message

        self.running = threading.Thread(target=work, name="hfdesk-auto-backup", daemon=True)
        self.running.start()
        QTimer.singleShot(1000, self._report)

    def _report(self) -> None:
        if self.running is not None and self.running.is_alive():
            QTimer.singleShot(1000, self._report)
            return
        if self.last:
            self.window.bus.status.emit(self.last)

    def on_exit(self) -> None:
        from hfdesk.exchange import backup

        folder = self._folder()
        if not folder:
            return
        if self.running is not None:
            self.running.join(timeout=120)
        try:
            backup.automatic(self.window.store, folder)
        except Exception:  # noqa: BLE001, S110 (never stop the app from closing)
            pass


def _backup_in_thread(store: Any, out: Path, progress: Any) -> Any:
    """The backup, imported and run in the job's thread: hfdesk.exchange pulls in pyzipper and
    pycryptodome (0.2–0.5 s), which on the UI thread froze the window as the backup started."""
    from hfdesk.exchange import backup

    return backup.backup(store, out, progress=progress)


def _now() -> Any:
    from datetime import datetime

    return datetime.now()


def add_file_actions(window: Any, menu: Any) -> ExchangeActions:
    """Add the entries to the File menu (called from MainWindow._build_menus)."""
    actions = ExchangeActions(window)
    window.exchange = actions
    window.auto_backup = AutoBackup(window)

    def guarded(fn: Callable[[], Any]) -> Callable[[], None]:
        def run() -> None:
            if not actions._blocked():
                fn()
        return run

    menu.addSeparator()
    window._action(menu, _("Back up…"), guarded(actions.backup), None, "backup")
    window._action(menu, _("Restore…"), guarded(actions.restore), None, "restore")
    window._action(menu, _("Export…"), guarded(actions.export), None, "export")
    window._action(menu, _("Import…"), guarded(actions.import_), None, "import")
    window._action(menu, _("Move citizen to colleague…"), guarded(actions.transfer), None,
                   "transfer")
    window._action(menu, _("Receipt from colleague…"), guarded(actions.receipt), None,
                   "receipt")
    window._action(menu, _("Import conflicts…"), guarded(actions.conflicts), None,
                   "import_conflicts")
    return actions


# --- export choices ----------------------------------------------------------------------------

@dataclass
class ExportChoice:
    """What the export dialog decided. `lock()` turns the protection into a package lock."""

    out: str
    since_seq: int | None = None
    citizen_id: str | None = None
    profile: str = "full"
    documents: bool = True
    lock_mode: str = "database"  # database | other | key | plain
    passphrase: str | None = None
    key_file: str | None = None
    recipient: str = ""

    def lock(self) -> Any:
        from hfdesk.exchange import package
        from hfdesk.store import keyfile

        if self.lock_mode == "key":
            try:
                data = Path(self.key_file or "").read_bytes()
            except OSError as exc:
                raise UserError(_("The key file cannot be read: %(error)s") % {
                    "error": exc.strerror}) from exc
            return package.lock_key(keyfile.load_public_key(data))
        if self.lock_mode == "plain":
            return package.lock_plain()
        return package.lock_passphrase(self.passphrase or "")


def _browse_row(edit: QLineEdit, pick: Callable[[], str]) -> QWidget:
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    box.addWidget(edit, 1)
    button = QPushButton(_("Choose…"))

    def choose() -> None:
        chosen = pick()
        if chosen:
            edit.setText(chosen)

    button.clicked.connect(choose)
    box.addWidget(button)
    return row


def _password() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class ExportDialog(QDialog):
    """What to export (everything, changes since a change number, or the open citizen), the
    FFB profile, and how the file is protected. Plain files only after a warning."""

    def __init__(self, parent: QWidget, store: Any, citizen_id: str | None) -> None:
        super().__init__(parent)
        self.store = store
        self.citizen_id = citizen_id
        self.choice: ExportChoice | None = None
        self.setWindowTitle(_("Export"))
        form = QFormLayout()
        self.out = QLineEdit(str(Path.home() / "eksport.zip"))
        self.out.setObjectName("export_out")
        form.addRow(_("File"), _browse_row(self.out, lambda: QFileDialog.getSaveFileName(
            self, _("Export"), self.out.text(), "Zip (*.zip)")[0]))

        self.scope_full = QRadioButton(_("Everything (full export)"))
        self.scope_delta = QRadioButton(_("Changes since change number"))
        self.scope_citizen = QRadioButton(_("Only the open citizen"))
        self.scope_full.setChecked(True)
        self.scope_citizen.setEnabled(citizen_id is not None)
        self.since = QSpinBox()
        self.since.setRange(0, 2_000_000_000)
        self.since.setObjectName("export_since")
        from hfdesk.store import exchange

        last = exchange.last_export_seq(store)
        if last is not None:  # the next delta starts where the last export ended
            self.since.setValue(last)
        scope = QButtonGroup(self)
        for b in (self.scope_full, self.scope_delta, self.scope_citizen):
            scope.addButton(b)
        delta_row = QWidget()
        dbox = QHBoxLayout(delta_row)
        dbox.setContentsMargins(0, 0, 0, 0)
        dbox.addWidget(self.scope_delta)
        dbox.addWidget(self.since)
        dbox.addStretch(1)
        scope_box = QVBoxLayout()
        scope_box.addWidget(self.scope_full)
        scope_box.addWidget(delta_row)
        scope_box.addWidget(self.scope_citizen)
        form.addRow(_("What"), _wrap(scope_box))

        self.ffb = QCheckBox(_("FFB profile: only CPR, organisation, dates and codes, no free "
                               "text"))
        self.documents = QCheckBox(_("Include plan, status note, minutes and handovers as PDF"))
        self.documents.setChecked(True)
        self.ffb.toggled.connect(lambda on: self.documents.setEnabled(not on))
        form.addRow(_("Profile"), _wrap_widgets(self.ffb, self.documents))
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(_("the municipality's own system"))
        form.addRow(_("Recipient"), self.recipient)

        self.lock_db = QRadioButton(_("Your own passphrase (the database's)"))
        self.lock_other = QRadioButton(_("Another passphrase"))
        self.lock_key = QRadioButton(_("A recipient's public key file"))
        self.lock_plain = QRadioButton(_("Not encrypted"))
        self.lock_db.setChecked(True)
        locks = QButtonGroup(self)
        for b in (self.lock_db, self.lock_other, self.lock_key, self.lock_plain):
            locks.addButton(b)
        self.own = _password()
        self.own.setObjectName("export_own_passphrase")
        self.other1 = _password()
        self.other2 = _password()
        self.other1.setObjectName("export_other1")
        self.other2.setObjectName("export_other2")
        self.key_file = QLineEdit()
        self.key_file.setObjectName("export_key_file")
        self.plain_ok = QCheckBox(_("I understand that the file is NOT encrypted and holds "
                                    "personal data"))
        self.plain_warning = QLabel(_(
            "A file that is not encrypted may only go straight into the municipality's "
            "system. Delete it afterwards."))
        self.plain_warning.setWordWrap(True)
        self.plain_warning.setProperty("role", "warning")
        lock_form = QFormLayout()
        lock_form.addRow(self.lock_db, self.own)
        lock_form.addRow(self.lock_other, self.other1)
        lock_form.addRow(_("Repeat"), self.other2)
        lock_form.addRow(self.lock_key, _browse_row(
            self.key_file, lambda: QFileDialog.getOpenFileName(
                self, _("The recipient's public key"), "", "PEM (*.pem *.pub *.txt)")[0]))
        lock_form.addRow(self.lock_plain, self.plain_ok)
        lock_form.addRow("", self.plain_warning)
        form.addRow(_("Protection"), _wrap(lock_form))
        for b in (self.lock_db, self.lock_other, self.lock_key, self.lock_plain):
            b.toggled.connect(self._sync)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setObjectName("export_error")
        self.error.setVisible(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Export"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._sync()
        self.own.setFocus()

    def _sync(self) -> None:
        self.own.setEnabled(self.lock_db.isChecked())
        self.other1.setEnabled(self.lock_other.isChecked())
        self.other2.setEnabled(self.lock_other.isChecked())
        self.key_file.setEnabled(self.lock_key.isChecked())
        self.plain_ok.setEnabled(self.lock_plain.isChecked())
        self.plain_warning.setVisible(self.lock_plain.isChecked())

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def confirm_plain(self) -> bool:
        answer = QMessageBox.warning(
            self, _("Not encrypted"), _(
                "The export will NOT be encrypted. Anyone who gets the file can read every "
                "citizen's data in it. Write it anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def submit(self) -> None:
        from hfdesk.store import keyfile
        from ui.passphrase_prompt import passphrase_is_right

        out = self.out.text().strip()
        if not out:
            return self._fail(_("Choose where the export is written."))
        if Path(out).exists():
            return self._fail(_("%(file)s already exists. Choose a new file name; nothing is "
                                "overwritten.") % {"file": out})
        choice = ExportChoice(out=out, recipient=self.recipient.text().strip(),
                              profile="ffb" if self.ffb.isChecked() else "full",
                              documents=self.documents.isChecked() and not self.ffb.isChecked())
        if self.scope_delta.isChecked():
            choice.since_seq = int(self.since.value())
        elif self.scope_citizen.isChecked():
            choice.citizen_id = self.citizen_id
        if self.lock_db.isChecked():
            try:
                right = passphrase_is_right(self.store, self.own.text())
            except UserError as exc:
                return self._fail(exc.message)
            if not right:
                return self._fail(_("That is not the database's passphrase."))
            choice.lock_mode, choice.passphrase = "database", self.own.text()
        elif self.lock_other.isChecked():
            if self.other1.text() != self.other2.text():
                return self._fail(_("The two passphrases are not the same."))
            weak = keyfile.check_passphrase_strength(self.other1.text())
            if weak:
                return self._fail(weak)
            choice.lock_mode, choice.passphrase = "other", self.other1.text()
        elif self.lock_key.isChecked():
            choice.lock_mode, choice.key_file = "key", self.key_file.text().strip()
            try:
                choice.lock()
            except UserError as exc:
                return self._fail(exc.message)
        else:
            if not self.plain_ok.isChecked():
                return self._fail(_("Tick that you understand the file is not encrypted, or "
                                    "choose a protection."))
            if not self.confirm_plain():
                return None
            choice.lock_mode = "plain"
        self.choice = choice
        self.accept()
        return None


def _wrap(layout: Any) -> QWidget:
    w = QWidget()
    w.setLayout(layout)
    layout.setContentsMargins(0, 0, 0, 0)
    return w


def _wrap_widgets(*widgets: QWidget) -> QWidget:
    box = QVBoxLayout()
    for widget in widgets:
        box.addWidget(widget)
    return _wrap(box)


# --- restore -----------------------------------------------------------------------------------

@dataclass
class RestoreChoice:
    source: str
    target: str
    passphrase: str | None = None
    recovery_key: str | None = None
    reason: str | None = None
    new_passphrase: str | None = None


class RestoreDialog(QDialog):
    """A backup, a new file to restore it to, and how to open it: the passphrase it was made
    with, or the municipality's recovery key with a reason (audited) and a new passphrase."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.choice: RestoreChoice | None = None
        self.setWindowTitle(_("Restore"))
        form = QFormLayout()
        self.source = QLineEdit()
        self.source.setObjectName("restore_source")
        self.source.setMinimumWidth(340)
        form.addRow(_("Backup"), _browse_row(self.source, lambda: QFileDialog.getOpenFileName(
            self, _("Restore"), "", "Zip (*.zip)")[0]))
        self.target = QLineEdit()
        self.target.setObjectName("restore_target")
        self.target.setMinimumWidth(340)
        form.addRow(_("Restore to a new file"), _browse_row(
            self.target, lambda: QFileDialog.getSaveFileName(
                self, _("Restore to a new database file"), "", "hfdesk (*.db)")[0]))
        self.by_pass = QRadioButton(_("The passphrase the backup was made with"))
        self.by_key = QRadioButton(_("The municipality's recovery key"))
        self.by_pass.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.by_pass)
        group.addButton(self.by_key)
        self.passphrase = _password()
        self.passphrase.setObjectName("restore_passphrase")
        self.key_file = QLineEdit()
        self.key_file.setObjectName("restore_key_file")
        self.reason = QLineEdit()
        self.reason.setObjectName("restore_reason")
        self.reason.setPlaceholderText(_("Why the recovery key is used (logged)"))
        self.new1 = _password()
        self.new2 = _password()
        self.new1.setObjectName("restore_new1")
        self.new2.setObjectName("restore_new2")
        form.addRow(self.by_pass, self.passphrase)
        form.addRow(self.by_key, _browse_row(self.key_file, lambda: QFileDialog.getOpenFileName(
            self, _("The municipality's recovery key"), "", "PEM (*.pem *.key *.txt)")[0]))
        form.addRow(_("Reason"), self.reason)
        form.addRow(_("New passphrase"), self.new1)
        form.addRow(_("Repeat"), self.new2)
        self.by_pass.toggled.connect(self._sync)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setProperty("role", "error")
        self.error.setObjectName("restore_error")
        self.error.setVisible(False)
        note = QLabel(_("The backup is restored to a new file and checked. Your open database "
                        "is only replaced if you say so afterwards."))
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Restore"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._sync()

    def _sync(self) -> None:
        by_key = self.by_key.isChecked()
        self.passphrase.setEnabled(not by_key)
        for w in (self.key_file, self.reason, self.new1, self.new2):
            w.setEnabled(by_key)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def submit(self) -> None:
        from hfdesk.store import keyfile

        source, target = self.source.text().strip(), self.target.text().strip()
        if not source or not Path(source).is_file():
            return self._fail(_("Choose the backup file."))
        if not target:
            return self._fail(_("Choose a new file to restore to."))
        if Path(target).exists() or keyfile.key_path_for(Path(target)).exists():
            return self._fail(_("%(file)s already exists. A backup is only restored to a new "
                                "file.") % {"file": target})
        choice = RestoreChoice(source=source, target=target)
        if self.by_pass.isChecked():
            if not self.passphrase.text():
                return self._fail(_("Type the passphrase the backup was made with."))
            choice.passphrase = self.passphrase.text()
        else:
            if not Path(self.key_file.text().strip()).is_file():
                return self._fail(_("Choose the municipality's recovery key file."))
            if not self.reason.text().strip():
                return self._fail(_("Write why the recovery key is used; it is logged."))
            if self.new1.text() != self.new2.text():
                return self._fail(_("The two passphrases are not the same."))
            weak = keyfile.check_passphrase_strength(self.new1.text())
            if weak:
                return self._fail(weak)
            choice.recovery_key = self.key_file.text().strip()
            choice.reason = self.reason.text().strip()
            choice.new_passphrase = self.new1.text()
        self.choice = choice
        self.accept()
        return None


# --- import conflicts --------------------------------------------------------------------------

class ConflictsWindow(QDialog):
    """Records changed both here and elsewhere: per conflict the fields that differ, yours
    beside the incoming one, and "Behold min" / "Brug den indkomne"."""

    def __init__(self, parent: Any, store: Any) -> None:
        super().__init__(parent)
        self.window = parent
        self.store = store
        self.setWindowTitle(_("Import conflicts"))
        self.setModal(False)
        self.resize(760, 460)
        intro = QLabel(_("These records were changed both here and in the imported package. "
                         "Your version is in use until you choose."))
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("conflicts_tree")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels([_("Field"), _("Mine"), _("Incoming")])
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setWordWrap(True)
        self.empty = QLabel(_("No conflicts to settle."))
        self.empty.setObjectName("conflicts_empty")
        self.keep = QPushButton(_("Keep mine"))
        self.take = QPushButton(_("Use the incoming"))
        self.keep.setObjectName("conflict_keep")
        self.take.setObjectName("conflict_take")
        self.keep.clicked.connect(lambda: self.settle("local"))
        self.take.clicked.connect(lambda: self.settle("incoming"))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        row = QHBoxLayout()
        row.addWidget(self.keep)
        row.addWidget(self.take)
        row.addStretch(1)
        row.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.tree.currentItemChanged.connect(lambda *_a: self._sync())
        self.items: list[dict[str, Any]] = []

    def reload(self) -> None:
        from hfdesk.exchange import conflicts

        self.items = conflicts.pending(self.store)
        self.tree.clear()
        for c in self.items:
            who = c.get("citizen_name") or _("No citizen")
            top = QTreeWidgetItem([f"{who} · {_kind_label(c['record_kind'])}",
                                   _("received %(when)s") % {
                                       "when": str(c.get("received_at", ""))[:16]
                                       .replace("T", " ")}, ""])
            top.setData(0, Qt.ItemDataRole.UserRole, c["id"])
            for field, mine, theirs in c["differences"]:
                child = QTreeWidgetItem([_field_label(field), _cell(mine), _cell(theirs)])
                child.setData(0, Qt.ItemDataRole.UserRole, c["id"])
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for col in range(3):
            self.tree.resizeColumnToContents(col)
        self.empty.setVisible(not self.items)
        self.tree.setVisible(bool(self.items))
        if self.items:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        self._sync()

    def selected(self) -> int | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        value = item.data(0, Qt.ItemDataRole.UserRole)
        return int(value) if value is not None else None

    def _sync(self) -> None:
        on = self.selected() is not None
        self.keep.setEnabled(on)
        self.take.setEnabled(on)

    def settle(self, choice: str, conflict_id: int | None = None) -> bool:
        from hfdesk.exchange import conflicts

        cid = conflict_id if conflict_id is not None else self.selected()
        if cid is None:
            return False
        row = next((c for c in self.items if c["id"] == cid), None)
        try:
            conflicts.settle(self.store, cid, choice)
        except UserError as exc:
            QMessageBox.warning(self, _("Not done"), exc.message)
            self.reload()
            return False
        if row is not None:
            bus = getattr(self.window, "bus", None)
            if bus is not None:
                bus.changed.emit(row["record_kind"], row["record_id"],
                                 row.get("citizen_id") or "")
        self.reload()
        return True


def _cell(value: Any) -> str:
    if value is None or value == "":
        return "—"
    text = str(value)
    return text if len(text) <= 300 else text[:300] + "…"


_KIND_LABELS = {"citizen": N_("Citizen details"), "course": N_("Course"),
                "journal_entry": N_("Journal note"), "plan": N_("Plan"),
                "plan_goal": N_("Plan goal"), "network_person": N_("Network person"),
                "network_meeting": N_("Network meeting"), "document": N_("Document"),
                "actor": N_("Actor")}


_FIELD_LABELS = {"legal_name": N_("Legal name"), "preferred_name": N_("Preferred name"),
                 "cpr": N_("CPR number"), "phone": N_("Phone"), "email": N_("Email"),
                 "address": N_("Address"), "notes": N_("Notes"), "birth_date": N_("Birth date"),
                 "case_number": N_("Case number"), "start_date": N_("Start date"),
                 "body": N_("Text"), "title": N_("Title"), "name": N_("Name")}


def _field_label(field: str) -> str:
    return _(_FIELD_LABELS[field]) if field in _FIELD_LABELS else field.replace("_", " ")


def _kind_label(kind: str) -> str:
    return _(_KIND_LABELS[kind]) if kind in _KIND_LABELS else kind.replace("_", " ")


# --- moved citizens ----------------------------------------------------------------------------

def show_moved_state(window: Any) -> bool:
    """A citizen moved to a colleague (waiting for the receipt) is shown read-only: a calm
    banner, the tabs' content disabled, and the actions that would change them switched off.
    Returns True when the open citizen is moved."""
    from hfdesk.store import exchange

    page = getattr(window, "citizen_page", None)
    cid = getattr(window, "citizen_id", None)
    if page is None:
        return False
    moved = None
    if cid is not None:
        try:
            moved = exchange.moved(window.store, cid)
        except Exception:  # noqa: BLE001 (a locked store: leave the page as it is)
            return False
    banner = getattr(page, "moved_banner", None)
    if banner is None:
        banner = QLabel()
        banner.setObjectName("moved_banner")
        banner.setWordWrap(True)
        banner.setProperty("role", "warning")
        page.layout().insertWidget(1, banner)
        page.moved_banner = banner
    banner.setText(_("The citizen has been moved to a colleague and cannot be changed here. "
                     "The copy is removed when the colleague's receipt is imported.")
                   if moved else "")
    banner.setVisible(bool(moved))
    for slot in getattr(page, "_slots", {}).values():
        slot.setEnabled(not moved)
    for name in ("act_details", "act_new_course", "act_edit_course", "act_journal",
                 "act_referral"):
        action = getattr(window, name, None)
        if action is not None and cid is not None:
            action.setEnabled(not moved)
    return bool(moved)
