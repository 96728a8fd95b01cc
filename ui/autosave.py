"""Debounced autosave per form, drafts for invalid input, and undo across autosaves.

One `FormAutosave` per open form:
- every user edit restarts an ~800 ms timer; when it fires, the changed fields are saved through
  the form's save function, with one `audit.EditSession` for the whole time the form is open;
- a field the store refuses (ValidationError with `field`) keeps its typed text, shows the
  Danish message beside it and is kept as an encrypted draft (`hfdesk.store.drafts`); the other
  fields are saved anyway, so one bad date never blocks the rest;
- a draft is restored when the form opens again;
- Ctrl+Z undoes the last saved step (re-applying the earlier values and saving them again), and
  first throws away edits that are not saved yet; Ctrl+Shift+Z redoes.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from hfdesk import i18n
from hfdesk.errors import UserError, ValidationError
from hfdesk.i18n import _

DELAY_MS = 800
FORM = "__form__"
# save(changes, values, excluded) -> False when nothing could be saved yet (e.g. a new record
# that cannot be created while a required field is invalid); anything else means saved.
SaveFunction = Callable[[dict[str, Any], dict[str, Any], set[str]], Any]

_forms: weakref.WeakSet[FormAutosave] = weakref.WeakSet()
_last_edited: list[weakref.ReferenceType[FormAutosave]] = []


def saved_message(now: datetime | None = None) -> str:
    return _("Saved at %(time)s") % {"time": i18n.format_time(now or datetime.now())}


class FormAutosave(QObject):
    def __init__(
        self, *, store: Any, bus: Any, form_key: str, citizen_id: str | None,
        root: QWidget, fields: Mapping[str, Any], errors: Mapping[str, QLabel],
        save: SaveFunction, form_error: QLabel | None = None,
        aliases: Mapping[str, str] | None = None, delay_ms: int = DELAY_MS,
    ) -> None:
        super().__init__(root)
        from hfdesk.store import audit

        self.store = store
        self.bus = bus
        self.form_key = form_key
        self.citizen_id = citizen_id
        self.root = root
        self.fields = dict(fields)
        self.errors = dict(errors)
        self.form_error = form_error
        self.aliases = dict(aliases or {})
        self._save = save
        self.session = audit.EditSession()
        self._saved: dict[str, Any] = {}
        self._undo: list[dict[str, Any]] = []
        self._redo: list[dict[str, Any]] = []
        self._has_draft = False
        self._invalid: set[str] = set()
        self._loading = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.flush)
        for editor in self.fields.values():
            editor.edited.connect(self._edited)
            editor.installEventFilter(self)
            for child in editor.findChildren(QWidget):
                child.installEventFilter(self)
        _forms.add(self)

    # loading ------------------------------------------------------------------------------
    def load(self, values: Mapping[str, Any], *, restore_draft: bool = True) -> None:
        """Show saved values; then the draft, if one was kept, which is checked again."""
        self.timer.stop()
        self._loading = True
        try:
            for name, editor in self.fields.items():
                editor.set_value(values.get(name))
        finally:
            self._loading = False
        self._saved = self.values()
        self._undo.clear()
        self._redo.clear()
        self._invalid.clear()
        self._show_errors({})
        self._has_draft = False
        if restore_draft:
            from hfdesk.store import drafts

            draft = drafts.get(self.store, self.form_key)
            if draft:
                self._has_draft = True
                self._loading = True
                try:
                    for name, value in draft.items():
                        if name in self.fields:
                            self.fields[name].set_value(value)
                finally:
                    self._loading = False
                self.flush()

    def set_form_key(self, form_key: str) -> None:
        """A new record got its id: later drafts go under its own key."""
        if form_key != self.form_key and self._has_draft:
            from hfdesk.store import drafts

            drafts.clear(self.store, self.form_key)
            self._has_draft = False
        self.form_key = form_key

    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.fields.items()}

    def has_pending(self) -> bool:
        return self.timer.isActive() or self._changes() != {}

    def _changes(self) -> dict[str, Any]:
        current = self.values()
        return {k: v for k, v in current.items() if v != self._saved.get(k)}

    # saving ---------------------------------------------------------------------------------
    def _edited(self) -> None:
        if self._loading:
            return
        self._redo.clear()
        _last_edited[:] = [weakref.ref(self)]
        self.timer.start()

    def flush(self, *, record_undo: bool = True) -> bool:
        """Save what changed now. True when everything typed is saved (no invalid field)."""
        self.timer.stop()
        current = self.values()
        changes = {k: v for k, v in current.items() if v != self._saved.get(k)}
        if not changes:
            self._show_errors({})
            self._update_draft({}, current)
            return True
        pending = dict(changes)
        errors: dict[str, str] = {}
        saved_ok = False
        while pending:
            excluded = set(errors)
            effective = {**current, **{k: self._saved.get(k) for k in excluded}}
            try:
                result = self._save(pending, effective, excluded)
            except ValidationError as exc:
                name = self.aliases.get(exc.field or "", exc.field or "")
                if name in pending and name not in errors:
                    errors[name] = exc.message
                    pending.pop(name)
                    continue
                errors[FORM] = exc.message
                break
            except UserError as exc:
                errors[FORM] = exc.message
                break
            saved_ok = result is not False
            break
        if saved_ok and pending:
            if record_undo:
                self._undo.append({k: self._saved.get(k) for k in pending})
            self._saved.update({k: current[k] for k in pending})
            if self.bus is not None:
                self.bus.status.emit(saved_message())
        self._show_errors(errors)
        self._update_draft(errors, current)
        return not errors

    def _update_draft(self, errors: Mapping[str, str], current: Mapping[str, Any]) -> None:
        from hfdesk.store import drafts

        unsaved = {k: v for k, v in current.items() if v != self._saved.get(k)}
        if errors and unsaved:
            try:
                drafts.put(self.store, self.form_key, unsaved, self.citizen_id)
            except UserError:
                return  # a full disk: the typed text stays in the field, the message beside it
            self._has_draft = True
        elif self._has_draft:
            drafts.clear(self.store, self.form_key)
            self._has_draft = False

    def _show_errors(self, errors: Mapping[str, str]) -> None:
        self._invalid = {k for k in errors if k != FORM}
        for name, label in self.errors.items():
            message = errors.get(name)
            label.setText(message or "")
            label.setVisible(bool(message))
        if self.form_error is not None:
            message = errors.get(FORM)
            self.form_error.setText(message or "")
            self.form_error.setVisible(bool(message))

    def error_for(self, name: str) -> str:
        label = self.errors.get(name)
        return label.text() if label is not None and label.isVisibleTo(self.root) else ""

    # undo -----------------------------------------------------------------------------------
    def _apply(self, values: Mapping[str, Any]) -> None:
        self._loading = True
        try:
            for name, value in values.items():
                if name in self.fields:
                    self.fields[name].set_value(value)
        finally:
            self._loading = False

    def undo(self) -> bool:
        self.timer.stop()
        unsaved = self._changes()
        if unsaved:
            self._apply({k: self._saved.get(k) for k in unsaved})
            self.flush(record_undo=False)
            return True
        if not self._undo:
            return False
        previous = self._undo.pop()
        self._redo.append({k: self._saved.get(k) for k in previous})
        self._apply(previous)
        self.flush(record_undo=False)
        return True

    def redo(self) -> bool:
        self.timer.stop()
        if not self._redo or self._changes():
            return False
        step = self._redo.pop()
        self._undo.append({k: self._saved.get(k) for k in step})
        self._apply(step)
        self.flush(record_undo=False)
        return True

    def can_undo(self) -> bool:
        return bool(self._undo) or bool(self._changes())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress) and isinstance(
                event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Undo) or event.matches(
                    QKeySequence.StandardKey.Redo):
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()
                elif event.matches(QKeySequence.StandardKey.Undo):
                    self.undo()
                else:
                    self.redo()
                return True
        if kind == QEvent.Type.FocusOut and self.timer.isActive():
            # Leaving a field saves at once; a crash a moment later loses nothing.
            self.flush()
        return False

    def close(self) -> None:
        """Save what is typed (or keep it as a draft) and forget the form."""
        if self.has_pending():
            self.flush()
        self.timer.stop()
        _forms.discard(self)


def active_form() -> FormAutosave | None:
    """The form holding the keyboard focus, else the one edited last."""
    focus = QApplication.focusWidget()
    if focus is not None:
        for form in list(_forms):
            try:
                if form.root.isAncestorOf(focus) and form.root.isVisible():
                    return form
            except RuntimeError:
                continue
    for ref in _last_edited:
        form = ref()
        if form is not None and form in _forms:
            return form
    return None


def forget_forms(root: QWidget) -> None:
    """Stop the timers of the forms inside `root` (after their last flush)."""
    for form in list(_forms):
        try:
            inside = form.root is root or root.isAncestorOf(form.root)
        except RuntimeError:
            inside = True
        if inside:
            form.timer.stop()
            _forms.discard(form)


def flush_all() -> None:
    for form in list(_forms):
        try:
            if getattr(form.store, "suspended", False):
                continue  # locked: flushed at the lock, and the key is gone until unlock
            if form.has_pending():
                form.flush()
        except RuntimeError:
            _forms.discard(form)
