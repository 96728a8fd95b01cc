"""Every window, dialog and tab in ui/ opens in Danish and in English, and Danish is applied.

Classes are found by walking ui/, so a new dialog is covered the day it is written. A class is
built from its constructor's parameter names (store, bus, citizen_id, db_path, parent, …); one
whose arguments cannot be made up here is skipped with the reason, never silently.
"""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QTranslator
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabBar,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QWidget,
)
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

import ui
from hfdesk import i18n
from hfdesk.store.database import Store
from ui.bus import Bus

ROOT = Path(__file__).resolve().parents[2]
DA_PO = ROOT / "translations" / "da" / "LC_MESSAGES" / "hfdesk.po"
LANGS = ("da", "en")
SKIP_MODULES = {"ui.main", "ui.screenshots", "ui.__main__"}


# ----------------------------------------------------------------------------- discovery


def _modules() -> tuple[list[Any], list[str]]:
    found, broken = [], []
    for info in pkgutil.walk_packages(ui.__path__, "ui."):
        if info.name in SKIP_MODULES:
            continue
        try:
            found.append(importlib.import_module(info.name))
        except Exception as exc:  # noqa: BLE001 - a colleague's module may be half-written
            broken.append(f"{info.name}: {exc!r}")
    return found, broken


MODULES, BROKEN = _modules()


def _classes() -> list[type[QWidget]]:
    seen: dict[str, type[QWidget]] = {}
    for module in MODULES:
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if (issubclass(cls, QWidget) and cls.__module__ == module.__name__
                    and not cls.__name__.startswith("_")):
                seen[f"{cls.__module__}.{cls.__qualname__}"] = cls
    return [seen[k] for k in sorted(seen)]


CLASSES = _classes()


def test_ui_modules_import() -> None:
    assert not BROKEN, BROKEN


def test_the_documents_area_is_covered() -> None:
    names = {c.__name__ for c in CLASSES}
    assert {"PreviewDialog", "ImageViewer", "DocumentsTab", "AttachDialog"} <= names


# ----------------------------------------------------------------------------- construction


def make_pdf() -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.drawString(72, 760, "Stamblad")
    c.showPage()
    c.save()
    return buf.getvalue()


def make_png() -> bytes:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


@dataclass
class Context:
    store: Store
    bus: Bus
    citizen_id: str
    db_path: Path
    tmp_path: Path

    def value(self, cls: type, name: str) -> Any:
        """A sensible argument for a constructor parameter, or KeyError."""
        special = SPECIAL.get((cls.__name__, name))
        if special is not None:
            return special(self)
        common: dict[str, Callable[[Context], Any]] = {
            "store": lambda c: c.store,
            "bus": lambda c: c.bus,
            "citizen_id": lambda c: c.citizen_id,
            "db_path": lambda c: c.db_path,
            "parent": lambda c: None,
            "on_unlock": lambda c: (lambda *_a: None),
            "text": lambda c: "hfdesk",
            "title": lambda c: "Stamblad",
            "file_name": lambda c: "stamblad.pdf",
            "kind": lambda c: "summary",
            "pdf_bytes": lambda c: make_pdf(),
        }
        return common[name](self)


def journal_entry(ctx: Context) -> dict[str, Any]:
    from hfdesk.store import journal

    eid = journal.add(ctx.store, ctx.citizen_id, {
        "occurred_at": "2026-03-12T10:00", "entry_type": "home_visit", "status": "done",
        "duration_min": 45, "life_areas": [], "note": "Besøg i lejligheden.",
    })
    return journal.get(ctx.store, eid)


SPECIAL: dict[tuple[str, str], Callable[[Context], Any]] = {
    ("EntryCard", "entry"): journal_entry,
    # The first start asks for a new database: a path where none exists yet.
    ("FirstStartDialog", "db_path"): lambda c: c.tmp_path / "new" / "hfdesk.db",
    ("ImageViewer", "data"): lambda c: make_png(),
    ("ImageViewer", "file_name"): lambda c: "scan.png",
    ("ImageViewer", "mime"): lambda c: "image/png",
    ("ChipSelector", "items"): lambda c: [("substance", "Rusmidler"), ("housing", "Bolig")],
    ("CodeCombo", "items"): lambda c: [("a", "Aktiv"), ("b", "Afsluttet")],
}


def build(cls: type[QWidget], ctx: Context) -> QWidget:
    kwargs: dict[str, Any] = {}
    for name, param in inspect.signature(cls.__init__).parameters.items():
        if name == "self" or param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        try:
            kwargs[name] = ctx.value(cls, name)
        except KeyError:
            if param.default is inspect.Parameter.empty:
                pytest.skip(f"{cls.__name__}: no test value for required parameter {name!r}")
    return cls(**kwargs)


# ----------------------------------------------------------------------------- what is shown


def _english_patterns() -> list[tuple[str, re.Pattern[str]]]:
    """Each msgid whose Danish differs, as a pattern matching the English text on screen."""
    if not DA_PO.exists():
        return []
    with DA_PO.open("rb") as fh:
        catalog = read_po(fh, locale="da")
    out = []
    for m in catalog:
        if not m.id or m.fuzzy:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for msgid, msgstr in zip(ids, strings, strict=False):
            if not msgstr or msgstr == msgid:
                continue
            parts = re.split(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]", msgid)
            pattern = ".+?".join(re.escape(p.replace("%%", "%")) for p in parts)
            out.append((msgid, re.compile(pattern, re.DOTALL)))
    return out


ENGLISH = _english_patterns()


def shown_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for w in [root, *root.findChildren(QWidget)]:
        if w is not root and not w.isVisibleTo(root):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        if isinstance(w, QLineEdit):
            texts.append(w.placeholderText())
        if isinstance(w, QGroupBox):
            texts.append(w.title())
        if isinstance(w, QTabBar):
            texts += [w.tabText(i) for i in range(w.count()) if w.isTabVisible(i)]
        if isinstance(w, QTableWidget):
            texts += [w.horizontalHeaderItem(c).text() for c in range(w.columnCount())
                      if w.horizontalHeaderItem(c) is not None]
        if isinstance(w, QTreeWidget) and w.headerItem() is not None and not w.isHeaderHidden():
            texts += [w.headerItem().text(c) for c in range(w.columnCount())]
        if w.toolTip():
            texts.append(w.toolTip())
    for action in root.findChildren(QAction):
        if action.isVisible():
            texts += [action.text(), action.toolTip()]
    return [t for t in texts if t and t.strip()]


def untranslated(texts: list[str]) -> list[tuple[str, str]]:
    return [(text, msgid) for text in texts for msgid, pattern in ENGLISH
            if pattern.fullmatch(text)]


# ----------------------------------------------------------------------------- fixtures


@pytest.fixture
def context(store: Store, citizen_id: str, db_path: Path, tmp_path: Path) -> Context:
    return Context(store=store, bus=Bus(), citizen_id=citizen_id, db_path=db_path,
                   tmp_path=tmp_path)


@pytest.fixture
def language(request: pytest.FixtureRequest, qapp: QApplication) -> Iterator[str]:
    """The app's catalogue and Qt's own qtbase catalogue, as the app installs them."""
    lang = request.param
    i18n.install(lang)
    translator = None
    if lang == "da":
        translator = QTranslator()
        assert translator.load(str(ROOT / "translations" / "qtbase_da.qm"))
        QCoreApplication.installTranslator(translator)
    yield lang
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
    i18n.install("da")


# ----------------------------------------------------------------------------- the test


@pytest.mark.parametrize("language", LANGS, indirect=True)
@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: f"{c.__module__}.{c.__qualname__}")
def test_opens_in_every_language(cls: type[QWidget], language: str, context: Context,
                                 qtbot: Any) -> None:
    widget = build(cls, context)
    qtbot.addWidget(widget)
    if hasattr(widget, "set_citizen"):
        widget.set_citizen(context.citizen_id)
    widget.resize(max(widget.width(), 900), max(widget.height(), 600))
    widget.show()
    qtbot.waitExposed(widget)
    if isinstance(getattr(widget, "document", None), QPdfDocument):
        qtbot.waitUntil(lambda: widget.document.status() == QPdfDocument.Status.Ready)
    qtbot.wait(20)
    texts = shown_texts(widget)
    if language == "da":
        assert untranslated(texts) == [], f"English text shown in Danish in {cls.__name__}"
    widget.close()


def test_the_check_catches_english(qtbot: Any, context: Context) -> None:
    """The Danish check itself works: an English build of a dialog fails it."""
    from ui.preview import PreviewDialog

    assert ENGLISH, "no Danish catalogue to check against"
    i18n.install("en")
    try:
        dialog = PreviewDialog(context.store, context.bus, context.citizen_id, "summary",
                               "Stamblad", make_pdf(), "s.pdf")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.page_count == 1)
        found = {msgid for _text, msgid in untranslated(shown_texts(dialog))}
        assert {"Print…", "Save in Documents", "Page %(current)d of %(total)d"} <= found
    finally:
        i18n.install("da")


@pytest.mark.parametrize("language", LANGS, indirect=True)
def test_main_window_with_a_citizen_on_every_tab(language: str, context: Context,
                                                 qtbot: Any) -> None:
    """The whole window, a citizen open and each tab shown in turn, in both languages."""
    main_window = pytest.importorskip("ui.main_window")
    window_cls = getattr(main_window, "MainWindow", None)
    if window_cls is None or not hasattr(window_cls, "open_citizen"):
        pytest.skip("ui.main_window.MainWindow.open_citizen is not there yet")
    from ui.documents_tab import DocumentsTab

    window = window_cls(context.store, context.bus)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    window.open_citizen(context.citizen_id)
    tabs = window.findChild(QTabWidget, "citizen_tabs")
    assert tabs is not None and tabs.count() >= 7
    problems: list[tuple[str, str]] = []
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        qtbot.wait(10)
        if language == "da":
            problems += untranslated(shown_texts(window))
    documents_tabs = window.findChildren(DocumentsTab)
    assert len(documents_tabs) == 1 and documents_tabs[0].citizen_id == context.citizen_id
    assert sorted(set(problems)) == []
    window.close()
