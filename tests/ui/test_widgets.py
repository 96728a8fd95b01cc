"""Field editors: Danish dates, CPR, money with a decimal comma, chips."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hfdesk.errors import ValidationError


def test_date_edit_accepts_danish_typing(ui_app: Any, qtbot: Any) -> None:
    from ui.widgets import DateEdit

    edit = DateEdit()
    qtbot.addWidget(edit)
    year = date.today().year
    for typed, expected in (("12.3", date(year, 3, 12)), ("12/3-26", date(2026, 3, 12)),
                            ("12.03.2026", date(2026, 3, 12)), ("", None)):
        edit.setText(typed)
        assert edit.date() == expected, typed
    edit.setText("12/3-26")
    edit.editingFinished.emit()
    assert edit.text() == "12.03.2026"
    edit.set_value("2026-03-12")
    assert edit.text() == "12.03.2026"
    edit.setText("31.02.2026")
    with pytest.raises(ValidationError, match="findes ikke"):
        edit.date()


def test_money_takes_a_decimal_comma(ui_app: Any, qtbot: Any) -> None:
    from ui.widgets import MoneyEdit
    from ui.widgets.fields import parse_money

    assert parse_money("4.000,50") == Decimal("4000.50")
    assert parse_money("4000,5 kr.") == Decimal("4000.5")
    assert parse_money("") is None
    with pytest.raises(ValidationError, match="decimal|komma"):
        parse_money("4,000.50")
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    edit.setText("2350")
    edit.editingFinished.emit()
    assert edit.text() == "2.350,00"
    assert edit.amount() == Decimal("2350")


def test_chips_and_codes(ui_app: Any, qtbot: Any) -> None:
    from ui import labels
    from ui.widgets import ChipSelector, CodeCombo

    chips = ChipSelector(labels.codes("life_area"))
    qtbot.addWidget(chips)
    assert "Rusmidler" in [b.text() for b in chips.buttons().values()]
    chips.set_value(["housing", "economy"])
    assert chips.value() == ["economy", "housing"]
    combo = CodeCombo(labels.codes("journal_status"))
    qtbot.addWidget(combo)
    combo.set_value("retired_code")  # an unknown stored code shows as the code
    assert combo.value() == "retired_code" and combo.currentText() == "retired_code"
