"""The `hfdesk` launcher. No module-level PySide6 import: the CLI must run without Qt.

No arguments → the app; `--self-test` → a minimal Qt check; anything else → `hfdesk.cli`.
"""

from __future__ import annotations

import sys


def self_test() -> int:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtPdf import QPdfDocument
    from PySide6.QtWidgets import QApplication, QWidget

    app = QApplication.instance() or QApplication(["hfdesk"])
    widget = QWidget()
    document = QPdfDocument(widget)
    ok = document.status() == QPdfDocument.Status.Null
    widget.deleteLater()
    del app
    print("ok" if ok else "fejl: QtPdf svarer ikke som ventet")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    app_args = {"--db", "--lang"}
    if not args or args[0].split("=")[0] in app_args:
        from ui import app

        return app.run(args)
    if args == ["--self-test"]:
        return self_test()
    from hfdesk import cli

    return int(cli.main(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
