"""The translation catalogues: complete in Danish, placeholders intact, in step with the code."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message

from hfdesk import i18n

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "hfdesk.pot"
# %(name)s, %(n)d, %(x).1f … and the positional %s / %d a msgid should not use.
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?([diouxXeEfFgGcrsa%])")
QM_MAGIC = bytes.fromhex("3cb86418caef9c95cd211cbf60a1bddd")


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("i18n_update", ROOT / "tools" / "i18n_update.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _tool()


def _entries(catalog: Catalog) -> list[Message]:
    return [m for m in catalog if m.id]


def _key(message: Message) -> str:
    return str(tool.msgid_key(message.id))


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, tuple | list) else (value,)


def placeholders(text: str) -> list[tuple[str | None, str]]:
    return sorted(((name, conv) for name, conv in PLACEHOLDER.findall(text) if conv != "%"),
                  key=lambda p: (p[0] or "", p[1]))


def _dummy(conv: str) -> Any:
    return 1 if conv in "diouxXc" else 1.5 if conv in "eEfFgG" else "x"


@pytest.fixture(scope="module")
def pot() -> Catalog:
    return tool.read(POT)


@pytest.fixture(scope="module")
def danish() -> Catalog:
    return tool.read(tool.po_path("da"), "da")


@pytest.fixture(scope="module")
def english() -> Catalog:
    return tool.read(tool.po_path("en"), "en")


def test_catalogue_files_exist() -> None:
    assert POT.is_file()
    assert tool.po_path("da").is_file()
    assert tool.po_path("en").is_file()


def test_every_msgid_has_a_danish_translation(pot: Catalog, danish: Catalog) -> None:
    assert not danish.fuzzy, "the Danish catalogue header is marked fuzzy"
    missing, empty, fuzzy = [], [], []
    for entry in _entries(pot):
        translated = danish.get(entry.id)
        if translated is None:
            missing.append(_key(entry))
        elif translated.fuzzy:
            fuzzy.append(_key(entry))
        elif not all(s.strip() for s in _strings(translated.string)):
            empty.append(_key(entry))
    assert not missing, f"not in da/hfdesk.po (run tools/i18n_update.py): {missing}"
    assert not fuzzy, f"fuzzy Danish entries: {fuzzy}"
    assert not empty, f"untranslated Danish entries: {empty}"


def test_no_fuzzy_entries_at_all(danish: Catalog, english: Catalog) -> None:
    for catalog in (danish, english):
        assert [_key(m) for m in _entries(catalog) if m.fuzzy] == []


def test_danish_plurals_have_both_forms(danish: Catalog) -> None:
    for entry in _entries(danish):
        if isinstance(entry.id, tuple | list):
            forms = _strings(entry.string)
            assert len(forms) == danish.num_plurals == 2, _key(entry)


def test_placeholders_match(danish: Catalog) -> None:
    problems = []
    for entry in _entries(danish):
        ids = _strings(entry.id)
        expected = placeholders(ids[-1]) if len(ids) > 1 else placeholders(ids[0])
        names = {name for name, _c in placeholders(" ".join(ids))}
        for text in _strings(entry.string):
            if not text:
                continue
            got = placeholders(text)
            if len(ids) > 1:
                # A plural form may drop the number ("én dag") but never invent a name.
                if not {name for name, _c in got} <= names:
                    problems.append((_key(entry), text))
            elif got != expected:
                problems.append((_key(entry), text))
                continue
            # Formatting must work exactly as the code does it: `_(msgid) % {...}`.
            if expected:
                values = {name: _dummy(conv) for name, conv in placeholders(" ".join(ids))
                          if name}
                try:
                    text % values
                except (KeyError, ValueError, TypeError) as exc:
                    problems.append((_key(entry), f"{text!r}: {exc}"))
    assert not problems, problems


def test_no_positional_placeholders_in_msgids(pot: Catalog) -> None:
    # Translators reorder words; %(name)s lets them, %s does not.
    bad = [_key(m) for m in _entries(pot)
           for text in _strings(m.id) for name, _conv in placeholders(text) if name is None]
    assert bad == []


def test_pot_is_up_to_date_with_the_code(tmp_path: Path, pot: Catalog) -> None:
    """The documented pybabel command, re-run into a temp file, finds the same msgids."""
    fresh = tmp_path / "fresh.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "--quiet",
         "extract", "-F", "babel.cfg", "-k", "_", "-k", "N_", "-k", "ngettext:1,2",
         "-o", str(fresh), "ui", "hfdesk"],
        cwd=ROOT, check=True, capture_output=True,
    )
    extracted = tool.msgids(tool.read(fresh))
    stored = tool.msgids(pot)
    assert sorted(extracted - stored) == [], "new msgids: run python tools/i18n_update.py"
    assert sorted(stored - extracted) == [], "stale msgids: run python tools/i18n_update.py"
    assert tool.msgids(tool.extract()) == extracted  # the tool extracts what pybabel does


def test_po_files_cover_exactly_the_pot(pot: Catalog, danish: Catalog, english: Catalog) -> None:
    ids = tool.msgids(pot)
    assert tool.msgids(danish) == ids
    assert tool.msgids(english) == ids


def test_english_strings_are_empty_or_the_msgid(english: Catalog) -> None:
    for entry in _entries(english):
        for source, text in zip(_strings(entry.id), _strings(entry.string), strict=False):
            assert text in ("", source), _key(entry)


def test_qtbase_danish_catalogue_is_shipped() -> None:
    qm = TRANSLATIONS / "qtbase_da.qm"
    assert qm.is_file()
    assert qm.read_bytes()[:16] == QM_MAGIC


def test_check_mode_reports_no_problems(capsys: pytest.CaptureFixture[str]) -> None:
    assert tool.check() == 0, capsys.readouterr().out


def test_installing_a_language_applies_the_catalogue() -> None:
    try:
        i18n.install("da")
        assert i18n._("Page %(current)d of %(total)d") % {"current": 1, "total": 3} == \
            "Side 1 af 3"
        assert i18n._("Deadline passed") == "Frist overskredet"
        assert i18n.ngettext("last contact %(n)d day ago", "last contact %(n)d days ago",
                             4) % {"n": 4} == "sidste kontakt for 4 dage siden"
        i18n.install("en")
        assert i18n._("Deadline passed") == "Deadline passed"
    finally:
        i18n.install("da")
