"""File menu: back up, restore, export, import, and move a citizen to a colleague.

Long work runs in a worker thread; a window-modal progress dialog shows each step and a clear
final message says what happened. The work itself is hfdesk.exchange (Qt-free).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _


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
        from hfdesk.exchange import backup

        if out is None:
            out, _f = QFileDialog.getSaveFileName(
                self.window, _("Back up"), backup.backup_name(_now()), "Zip (*.zip)")
        if not out:
            return None

        def done(manifest: Any) -> None:
            warning = backup.same_disk_warning(self.store.path, Path(out).parent)
            text = _("The backup is written and checked: %(file)s") % {"file": out}
            if warning:
                text += "\n\n" + warning
            self._info(_("Back up"), text)

        self.job = Job(self.window, _("Back up"),
                       lambda p: backup.backup(self.store, Path(out), progress=p), done).start()
        return self.job

    def restore(self, source: str | None = None, target: str | None = None,
                passphrase: str | None = None) -> Job | None:
        from hfdesk.exchange import backup

        if source is None:
            source, _f = QFileDialog.getOpenFileName(self.window, _("Restore"), "",
                                                     "Zip (*.zip)")
        if not source:
            return None
        if target is None:
            target, _f = QFileDialog.getSaveFileName(
                self.window, _("Restore to a new database file"), "", "hfdesk (*.db)")
        if not target:
            return None
        if passphrase is None:
            passphrase = _ask_secret(self.window, _("Restore"),
                                     _("The passphrase the backup was made with:"))
        if not passphrase:
            return None

        def done(manifest: Any) -> None:
            self._info(_("Restore"), _(
                "The backup from %(created)s is restored and checked: %(file)s. Open it from "
                "the start screen; your current database is untouched.") % {
                "created": manifest.get("created", ""), "file": target})

        self.job = Job(self.window, _("Restore"), lambda _p: backup.restore(
            Path(source), Path(target), passphrase=passphrase), done).start()
        return self.job

    # export and import ------------------------------------------------------------------
    def export(self, out: str | None = None, passphrase: str | None = None) -> Job | None:
        from hfdesk.exchange import export, package

        if out is None:
            out, _f = QFileDialog.getSaveFileName(self.window, _("Export"), "eksport.zip",
                                                  "Zip (*.zip)")
        if not out:
            return None
        if passphrase is None:
            passphrase = _ask_secret(self.window, _("Export"), _(
                "Lock the export with a passphrase (your own, or one agreed with the "
                "recipient):"))
        if not passphrase:
            return None

        def done(manifest: Any) -> None:
            self._info(_("Export"), _("The export is written: %(file)s (%(n)s citizens).") % {
                "file": out, "n": manifest["citizens"]})

        self.job = Job(self.window, _("Export"), lambda p: export.export(
            self.store, Path(out), lock=package.lock_passphrase(passphrase), progress=p),
            done).start()
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

        self.job = Job(self.window, _("Import"), lambda _p: importer.import_package(
            self.store, Path(source), passphrase=passphrase,
            receipt_out=Path(receipt) if receipt else None), done).start()
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
    return actions
