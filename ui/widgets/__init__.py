"""Bound field editors: each has `value()`, `set_value()` and an `edited` signal (user edits only).

The autosave (ui/autosave.py) listens to `edited`, reads `value()` and writes back with
`set_value()` for undo and draft restore, so every editor behaves the same to it.
"""

from ui.widgets.chips import ChipSelector
from ui.widgets.custody import CustodyHoldersEdit
from ui.widgets.fields import (
    CheckField,
    CodeCombo,
    CprEdit,
    DateEdit,
    MoneyEdit,
    NoteEdit,
    TextEdit,
    TimeEdit,
)
from ui.widgets.status_chip import StatusChip

__all__ = ["CheckField", "ChipSelector", "CodeCombo", "CprEdit", "CustodyHoldersEdit", "DateEdit",
           "MoneyEdit", "NoteEdit", "StatusChip", "TextEdit", "TimeEdit"]
