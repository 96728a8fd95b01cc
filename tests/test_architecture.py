"""The core stays Qt-free, and SQL stays in hfdesk/store."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = ROOT / "hfdesk"
STORE = CORE / "store"
FORBIDDEN = ("PySide6", "ui", "shiboken6")
EXECUTE_CALLS = {"execute", "executemany", "executescript"}
SQL_START = re.compile(
    r"^\s*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|PRAGMA|WITH|REPLACE|VACUUM|ATTACH)\b",
    re.IGNORECASE,
)


def _core_files() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if "__pycache__" not in p.parts)


def _forbidden(module: str | None) -> bool:
    if not module:
        return False
    return module.split(".")[0] in FORBIDDEN


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module a file imports: import, from-import, importlib/__import__ with a literal."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.append((node.lineno, node.module))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name in ("import_module", "__import__", "find_spec", "import_string"):
                for arg in node.args[:1]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        found.append((node.lineno, arg.value))
    return found


def _parse(path: Path) -> ast.AST:
    return ast.parse(path.read_text("utf-8"), filename=str(path))


def test_core_files_exist() -> None:
    names = {p.relative_to(CORE).as_posix() for p in _core_files()}
    assert {"errors.py", "store/database.py", "domain/cpr.py"} <= names


@pytest.mark.parametrize("path", _core_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_core_never_imports_qt_or_ui(path: Path) -> None:
    bad = [f"{path.relative_to(ROOT)}:{line}: {mod}"
           for line, mod in _imports(_parse(path)) if _forbidden(mod)]
    assert not bad, "hfdesk/ is the Qt-free core; these imports belong in ui/:\n" + "\n".join(bad)


def test_import_detector_catches_every_form() -> None:
    src = (
        "import PySide6.QtWidgets\n"
        "from PySide6 import QtCore\n"
        "from ui.main import main\n"
        "import ui\n"
        "import importlib\n"
        "importlib.import_module('PySide6.QtGui')\n"
        "__import__('ui.bus')\n"
        "from importlib import import_module\n"
        "import_module('PySide6')\n"
        "import uitools\n"
        "from hfdesk.store import database\n"
    )
    mods = sorted(m for _line, m in _imports(ast.parse(src)) if _forbidden(m))
    assert mods == sorted(["PySide6.QtWidgets", "PySide6", "ui.main", "ui", "PySide6.QtGui",
                           "ui.bus", "PySide6"])


def _sql_calls(path: Path, root: Path = ROOT) -> list[str]:
    rel = path.relative_to(root)
    text = path.read_text("utf-8")
    bad = [f"{rel}:{i}: {line.strip()}" for i, line in enumerate(text.splitlines(), 1)
           if re.search(r"\.execute(many|script)?\(", line)]
    for node in ast.walk(_parse(path)):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr in EXECUTE_CALLS:
            bad.append(f"{rel}:{node.lineno}: .{node.func.attr}(…)")
        elif node.func.attr == "query" and node.args:
            arg = node.args[0]
            if (isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                    and SQL_START.match(arg.value)):
                bad.append(f"{rel}:{node.lineno}: .query({arg.value[:40]!r}…)")
    return sorted(set(bad))


@pytest.mark.parametrize(
    "path", [p for p in _core_files() if STORE not in p.parents],
    ids=lambda p: p.relative_to(ROOT).as_posix(),
)
def test_no_sql_outside_store(path: Path) -> None:
    bad = _sql_calls(path)
    assert not bad, "SQL belongs in hfdesk/store only:\n" + "\n".join(bad)


def test_sql_detector_catches_execute(tmp_path: Path) -> None:
    f = tmp_path / "x.py"
    f.write_text(
        "def f(store, name):\n"
        "    store.db.execute('DELETE FROM citizens')\n"
        "    store.query('SELECT * FROM citizens')\n"
        "    store.query(name)\n",
        "utf-8",
    )
    bad = _sql_calls(f, tmp_path)
    assert any(".execute(" in b for b in bad)
    assert any(".query('SELECT" in b for b in bad)
    assert not any("query(name" in b for b in bad)


def test_store_is_where_sql_lives() -> None:
    # The check above would be vacuous if it could not find the store's own SQL.
    assert any(_sql_calls(p) for p in STORE.glob("*.py"))
