"""Line, note, date, CPR, money, code and check editors with one small interface."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QWidget

from hfdesk.errors import ValidationError
from hfdesk.i18n import _
from ui.widgets.sizes import chars


class TextEdit(QLineEdit):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.textEdited.connect(lambda _text: self.edited.emit())

    def value(self) -> str:
        return self.text()

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


class NoteEdit(QPlainTextEdit):
    """Multi-line text; Tab moves on (reading order), Ctrl+Enter is left to the form."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self._quiet = False
        self.textChanged.connect(self._changed)

    def _changed(self) -> None:
        if not self._quiet:
            self.edited.emit()

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        if text == self.toPlainText():
            return
        self._quiet = True
        try:
            self.setPlainText(text)
        finally:
            self._quiet = False


class DateEdit(TextEdit):
    """Danish date typing ("12.3", "12/3-26", "12.03.2026"); empty is allowed.

    The value is the typed text, so a half-typed date can be kept as a draft; the store's
    validation parses it (hfdesk.domain.dates.parse_date) and says what is wrong.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("dd.mm.yyyy"))
        self.setMaxLength(20)
        self.setMaximumWidth(chars(self, 12))  # from the font: a large font still fits
        self.editingFinished.connect(self._normalise)

    def set_value(self, value: Any) -> None:
        self.setText(self.display(value))

    @staticmethod
    def display(value: Any) -> str:
        if value in (None, ""):
            return ""
        if isinstance(value, date):
            return value.strftime("%d.%m.%Y")
        text = str(value)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", text):
            return date.fromisoformat(text[:10]).strftime("%d.%m.%Y")
        return text

    def date(self) -> date | None:
        from hfdesk.domain.dates import parse_date

        return parse_date(self.text())

    def _normalise(self) -> None:
        try:
            parsed = self.date()
        except ValidationError:
            return
        shown = parsed.strftime("%d.%m.%Y") if parsed else ""
        if shown != self.text():
            self.setText(shown)
            self.edited.emit()


class TimeEdit(TextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("hh.mm"))
        self.setMaxLength(5)
        self.setMaximumWidth(chars(self, 7))


class CprEdit(TextEdit):
    """CPR number with or without the dash; the store validates (and warns on modulus 11)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("ddmmyy-xxxx"))
        self.setMaxLength(20)
        self.setMaximumWidth(chars(self, 16))


def parse_money(text: str) -> Decimal | None:
    """Danish money typing: "4.000,50", "4000,5", "4000" (kr. allowed); empty → None."""
    s = text.strip().lower().removesuffix("kr.").removesuffix("kr").strip().replace(" ", "")
    s = s.replace("\u00a0", "")
    if not s:
        return None
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*(,\d{1,2})?|-?\d+(,\d{1,2})?", s):
        try:
            return Decimal(s.replace(".", "").replace(",", "."))
        except InvalidOperation:
            pass
    raise ValidationError(_("Write the amount in kroner with a decimal comma, e.g. 4.000,50."),
                          field="amount")


class MoneyEdit(TextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(_("0,00"))
        self.setMaximumWidth(chars(self, 15))
        self.editingFinished.connect(self._normalise)

    def amount(self) -> Decimal | None:
        return parse_money(self.text())

    def set_value(self, value: Any) -> None:
        if isinstance(value, Decimal | int | float):
            self.setText(format_money_plain(Decimal(str(value))))
        else:
            super().set_value(value)

    def _normalise(self) -> None:
        try:
            amount = self.amount()
        except ValidationError:
            return
        shown = format_money_plain(amount) if amount is not None else ""
        if shown != self.text():
            self.setText(shown)
            self.edited.emit()


def format_money_plain(amount: Decimal) -> str:
    """4000.5 → 4.000,50 (no currency; the label says kr.)."""
    text = f"{amount:,.2f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


class CodeCombo(QComboBox):
    """A code list picker; the value is the stored code, never the label."""

    edited = Signal()

    def __init__(self, items: list[tuple[str, str]], *, empty: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quiet = False
        # A long label (an actor's full name, a legal basis) must not set the form's minimum
        # width: the box shows at least 16 characters and grows with the layout; the list and
        # the item's tooltip show the whole label.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)
        if empty is not None:
            self.addItem(empty, None)
        for code, label in items:
            self.addItem(label, code)
        list_name = getattr(items, "list_name", None)
        if list_name:
            self._explain(list_name)
        self.currentIndexChanged.connect(self._changed)

    def _explain(self, list_name: str) -> None:
        """Tooltips from the code list: what the field means, and each code in full."""
        from ui import labels

        about = labels.help_text(list_name)
        if about:
            self.setToolTip(about)
            self.setAccessibleDescription(about)
        for index in range(self.count()):
            code = self.itemData(index)
            text = labels.code_help(list_name, code) if code is not None else ""
            if text:
                self.setItemData(index, text, Qt.ItemDataRole.ToolTipRole)

    def _changed(self, _index: int) -> None:
        if not self._quiet:
            self.edited.emit()

    def value(self) -> str | None:
        data = self.currentData()
        return None if data is None else str(data)

    def set_value(self, value: Any) -> None:
        self._quiet = True
        try:
            index = self.findData(value)
            if index < 0 and value not in (None, ""):
                self.addItem(str(value), value)  # an unknown stored code shows as the code
                index = self.count() - 1
            self.setCurrentIndex(max(index, 0))
        finally:
            self._quiet = False


class CheckField(QCheckBox):
    edited = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.clicked.connect(lambda _checked: self.edited.emit())

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.setChecked(bool(value))
