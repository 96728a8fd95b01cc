"""Help (F1), the generated help pages, tooltips on coded fields, "Om hfdesk" and the
high-contrast style."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel

from hfdesk import vocab
from hfdesk.store import records
from tests.ui.conftest import shortcut

ROOT = Path(__file__).resolve().parents[2]


def test_f1_opens_the_page_for_the_tab_in_front(window: Any, citizen_id: str, qtbot: Any
                                                ) -> None:
    from ui.help_window import START_PAGE, TAB_PAGES

    shortcut(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)
    help_window = window.help_window
    assert help_window.isVisible()
    assert help_window.current_slug() == START_PAGE
    window.open_citizen(citizen_id)
    for tab in ("housing", "journal", "plan"):
        window.show_tab(tab)
        shortcut(qtbot, window, Qt.Key.Key_F1, Qt.KeyboardModifier.NoModifier)
        assert help_window.current_slug() == TAB_PAGES[tab]
        assert help_window.text.toPlainText().strip()
    help_window.close()


def test_every_tab_has_a_help_page_and_the_rules_are_there(ui_app: Any) -> None:
    from ui.citizen_page import TAB_NAMES
    from ui.help_window import TAB_PAGES, load_pages

    pages = {p.slug: p for p in load_pages()}
    for tab in TAB_NAMES:
        assert TAB_PAGES.get(tab) in pages, f"no help page for the {tab} tab"
    rules = pages["regler"].markdown
    for words in ("boligparathed", "boligen mistes", "egne ord", "intern", "underretning"):
        assert words in rules.lower()
    for page in pages.values():
        assert page.title and page.markdown.strip()
        assert "hjemløs" not in page.title.lower()


def test_the_code_page_lists_every_code_list_and_the_inventory_every_table(ui_app: Any) -> None:
    from ui import labels
    from ui.help_window import codes_markdown, records_markdown

    codes = codes_markdown()
    lists = vocab.default().lists
    for name in lists:
        assert (labels.help_text(name) or name) in codes
    assert "Rusmidler" in codes  # the life area substance, by its label
    inventory = records_markdown()
    for kind in records.TABLES:
        assert re.search(rf"\b{kind}\b", inventory), kind


def test_help_search_filters_the_pages(ui_app: Any, qtbot: Any) -> None:
    from ui.help_window import HelpWindow

    help_window = HelpWindow()
    qtbot.addWidget(help_window)
    help_window.show()
    help_window.search.setText("indskudslån")
    shown = [help_window.list.item(i).text() for i in range(help_window.list.count())
             if not help_window.list.item(i).isHidden()]
    assert "Bolig" in shown
    assert "Journal" not in shown
    help_window.search.setText("zzz-findes-ikke")
    assert all(help_window.list.item(i).isHidden() for i in range(help_window.list.count()))
    help_window.search.clear()
    assert not any(help_window.list.item(i).isHidden() for i in range(help_window.list.count()))


def test_coded_fields_explain_themselves(ui_app: Any) -> None:
    from ui import labels
    from ui.widgets import CodeCombo

    combo = CodeCombo(labels.codes("housing_situation"), empty="–")
    assert combo.toolTip() == "Boligsituation."  # the developer notes are left out
    assert combo.accessibleDescription() == combo.toolTip()
    assert combo.itemData(0, Qt.ItemDataRole.ToolTipRole) is None  # the empty choice
    assert combo.itemData(1, Qt.ItemDataRole.ToolTipRole) == combo.itemText(1)
    legal = CodeCombo(labels.codes("legal_basis"))
    assert any("§" in str(legal.itemData(i, Qt.ItemDataRole.ToolTipRole))
               for i in range(legal.count()))
    plain = CodeCombo([("a", "A")])  # not from a code list: nothing made up
    assert plain.toolTip() == ""


def test_about_lists_the_version_fonts_and_libraries(ui_app: Any, qtbot: Any) -> None:
    from hfdesk import __version__
    from ui.help_window import DEPENDENCIES, AboutDialog, libraries

    dialog = AboutDialog()
    qtbot.addWidget(dialog)
    text = dialog.text.toPlainText()
    version = dialog.findChild(QLabel, "about_version")
    assert version is not None and __version__ in version.text()
    assert "Bitstream Vera" in text  # the DejaVu licence text itself
    names = {name.lower() for name, _v, _l in libraries()}
    for dist in ("reportlab", "cryptography", "babel", "sqlcipher3"):
        assert dist in names
    assert all(lic for _n, _v, lic in libraries())
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"][
        "dependencies"]
    declared_names = {re.match(r"[A-Za-z0-9._-]+", d).group(0).lower() for d in declared}
    assert declared_names == set(DEPENDENCIES)


def test_a_dark_theme_gets_light_status_colours(ui_app: Any) -> None:
    from ui import style

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before_palette, before_sheet = app.palette(), app.styleSheet()
    dark = QPalette(before_palette)
    dark.setColor(QPalette.ColorRole.Window, QColor("#000000"))
    try:
        app.setPalette(dark)
        style.apply(app)
        sheet = app.styleSheet()
        assert style.ACCENT not in sheet and style.OVERDUE not in sheet
        assert ":focus" in sheet
    finally:
        app.setPalette(before_palette)
        app.setStyleSheet(before_sheet)


def test_the_title_follows_the_system_font_size(ui_app: Any) -> None:
    from ui import style

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before_font, before_sheet = app.font(), app.styleSheet()
    big = app.font()
    big.setPointSizeF(14)
    try:
        app.setFont(big)
        style.apply(app)
        assert "font-size: 21.0pt" in app.styleSheet()
    finally:
        app.setFont(before_font)
        app.setStyleSheet(before_sheet)
