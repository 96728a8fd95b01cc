"""The one "changed" signal views listen to; no view calls another view."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Bus(QObject):
    # kind (English area name, e.g. "citizen", "journal_entry"), record id, citizen id or "".
    changed = Signal(str, str, str)
    # Status bar text, e.g. "Gemt kl. 14.32".
    status = Signal(str)
