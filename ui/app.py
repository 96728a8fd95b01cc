"""Start-up: args → paths → i18n and Qt's own translations → fonts → unlock → main window.

Only what the unlock window needs is imported before unlock (no reportlab, sqlite-utils,
babel.dates or stdnum): the main window and the store are imported after the passphrase.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from hfdesk import i18n, paths
from ui import fonts, style

QT_LOCALES = {"da": (QLocale.Language.Danish, QLocale.Country.Denmark),
              "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom)}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hfdesk", add_help=True)
    parser.add_argument("--db", type=Path, help="the database file (default: your data folder)")
    parser.add_argument("--lang", choices=sorted(i18n.LANGUAGES), help="da or en")
    return parser.parse_args(argv or [])


def app_translations_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return base / "translations"


def install_qt_translator(app: QApplication, lang: str) -> QTranslator | None:
    """Qt's own strings (OK, Cancel, Yes, No) in the app's language, before the first widget."""
    for old in app.findChildren(QTranslator, "qtbase"):
        app.removeTranslator(old)
        old.deleteLater()
    if lang == "en":
        return None
    translator = QTranslator(app)
    translator.setObjectName("qtbase")
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{lang}", qt_dir) or translator.load(
            f"qtbase_{lang}", str(app_translations_dir())):
        app.installTranslator(translator)
        return translator
    return None


def prepare(lang: str) -> QApplication:
    """The QApplication with language, locale, fonts and style set; no widget exists yet."""
    i18n.install(lang)
    app = QApplication.instance() or QApplication(["hfdesk"])
    assert isinstance(app, QApplication)
    app.setApplicationName("hfdesk")
    app.setApplicationDisplayName("hfdesk")
    install_qt_translator(app, i18n.current())
    language, country = QT_LOCALES[i18n.current()]
    QLocale.setDefault(QLocale(language, country))
    fonts.register(app)
    style.apply(app)
    return app


def resolve_db_path(args: argparse.Namespace, config: dict[str, Any]) -> Path:
    if args.db:
        return Path(args.db).expanduser()
    if config.get("last_db_path"):
        return Path(config["last_db_path"]).expanduser()
    return paths.default_db_path()


def save_config(values: dict[str, Any]) -> None:
    try:
        paths.save_config(values)
    except OSError:
        pass  # a read-only home folder must not stop the app; the defaults apply next time


def run(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    config = paths.load_config()
    lang = args.lang or config.get("language") or i18n.DEFAULT
    app = prepare(lang)
    from hfdesk import applog

    if applog.install() is not None:  # crash reports: the stack only, never the message
        sys.excepthook = applog.crash_report
    db_path = resolve_db_path(args, config)

    demo_store = None
    if db_path.exists():
        from ui.unlock import ask_for_store

        store = ask_for_store(db_path)
    else:
        # An empty data folder: the guided first start (ui/first_start.py).
        from ui.first_start import run_first_start

        guide = run_first_start(db_path)
        store = guide.store if guide is not None else None
        demo_store = guide.demo_store if guide is not None else None
    if store is None:
        return 0
    save_config({"last_db_path": str(db_path)})

    from ui.bus import Bus
    from ui.main_window import MainWindow

    bus = Bus()
    window = MainWindow(store, bus)
    window.show()
    # The demo caseload opens in a window of its own, titled DEMO, so practice never mixes
    # with the real caseload.
    demo_window = MainWindow(demo_store, Bus()) if demo_store is not None else None
    if demo_window is not None:
        demo_window.show()
    try:
        return int(app.exec())
    finally:
        store.close()
        if demo_store is not None:
            demo_store.close()
