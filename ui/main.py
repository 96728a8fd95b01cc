"""The `hfdesk` launcher. No module-level PySide6 import: the CLI must run without Qt.

No arguments → the app; `--self-test` → the installation check (core and Qt, ui/selftest.py);
anything else → `hfdesk.cli`.
"""

from __future__ import annotations

import sys


def self_test() -> int:
    """`hfdesk-cli --self-test`: the core checks and the Qt ones (ui/selftest.py)."""
    from ui import selftest

    return selftest.run()


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
