"""Refresh the translation catalogues from the code.

    python tools/i18n_update.py           re-extract translations/hfdesk.pot, merge it into
                                          da/ and en/, copy Qt's qtbase_da.qm, list what Danish
                                          still lacks
    python tools/i18n_update.py --check   change nothing; exit 1 when the .pot is out of date
                                          or a Danish entry is missing or fuzzy
    python tools/i18n_update.py --fill F.json
                                          update, then set the Danish msgstr of each
                                          {"msgid": "msgstr"} pair in F.json; under a file lock,
                                          so several people refreshing at once lose nothing

The same extraction as `pybabel extract -F babel.cfg -k _ -k N_ -k ngettext:1,2 ui hfdesk`,
done through babel's API so it runs from any working directory. New msgids arrive in the .po
files untranslated (never fuzzy-guessed): translate them in translations/da/LC_MESSAGES/hfdesk.po
and run tests/test_catalogue.py. No Qt import here; the app reads the .po files directly.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "translations"
POT = TRANSLATIONS / "hfdesk.pot"
DOMAIN = "hfdesk"
LANGUAGES = ("da", "en")
SOURCES = ("ui", "hfdesk")
KEYWORDS: dict[str, tuple[int, ...] | None] = {"_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("**.py", "python")]
COMMENT_TAGS = ("TRANSLATORS:",)
WIDTH = 100


def po_path(lang: str) -> Path:
    return TRANSLATIONS / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _version() -> str:
    try:
        import tomllib

        data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
        return str(data["project"]["version"])
    except (OSError, KeyError, ValueError):
        return "0"


def extract(root: Path = ROOT, sources: Iterable[str] = SOURCES) -> Catalog:
    """A fresh template catalogue from the code."""
    catalog = Catalog(project="hfdesk", version=_version(), charset="utf-8",
                      copyright_holder="hfdesk", msgid_bugs_address="")
    for source in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
            root / source, method_map=METHOD_MAP, keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS, strip_comment_tags=True,
        ):
            catalog.add(message, None, [(f"{source}/{filename}", lineno)],
                        auto_comments=comments, context=context)
    return catalog


def msgid_key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def msgids(catalog: Catalog) -> set[str]:
    return {msgid_key(m.id) for m in catalog if m.id}


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fh:
        write_po(fh, catalog, width=WIDTH, ignore_obsolete=True,
                 omit_header=False, sort_output=False, include_previous=False)


def missing_danish(catalog: Catalog) -> list[str]:
    """Msgids whose Danish translation is empty or fuzzy."""
    out = []
    for m in catalog:
        if not m.id:
            continue
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        if m.fuzzy or not all(strings):
            out.append(msgid_key(m.id))
    return out


def qt_catalogue() -> Path | None:
    """Qt's own Danish catalogue for standard buttons, found without importing Qt."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        qm = Path(location) / "Qt" / "translations" / "qtbase_da.qm"
        if qm.exists():
            return qm
    return None


TEAMS = {"da": "Dansk", "en": "English"}


def _set_header(catalog: Catalog, lang: str) -> None:
    catalog.fuzzy = False  # the header is maintained here, not guessed
    catalog.project, catalog.version = "hfdesk", _version()
    catalog.copyright_holder = "hfdesk"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = "hfdesk"
    catalog.revision_date = datetime.now(UTC)
    catalog.language_team = TEAMS.get(lang, lang)
    catalog.header_comment = (
        f"# {TEAMS.get(lang, lang)} catalogue for hfdesk.\n"
        "# Refresh with: python tools/i18n_update.py (never edit the .pot by hand)."
    )


def update() -> int:
    template = extract()
    write(POT, template)
    for lang in LANGUAGES:
        path = po_path(lang)
        catalog = read(path, lang) if path.exists() else Catalog(locale=lang, project="hfdesk",
                                                                   version=_version())
        # No fuzzy matching: a guessed translation looks done and is often wrong.
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        _set_header(catalog, lang)
        write(path, catalog)
    qm = qt_catalogue()
    if qm is not None:
        shutil.copyfile(qm, TRANSLATIONS / "qtbase_da.qm")
    todo = missing_danish(read(po_path("da"), "da"))
    print(f"{len(template)} msgids in {POT.relative_to(ROOT)}")
    if todo:
        print(f"{len(todo)} Danish entries to translate in {po_path('da').relative_to(ROOT)}:")
        for msgid in todo:
            print(f"  {msgid!r}")
    return 0


def fill(pairs: dict[str, str]) -> int:
    """Set Danish translations from msgid -> msgstr pairs; unknown msgids are reported."""
    path = po_path("da")
    catalog = read(path, "da")
    unknown = []
    for msgid, msgstr in pairs.items():
        message = catalog.get(msgid)
        if message is None:
            unknown.append(msgid)
            continue
        message.string = msgstr
        message.flags.discard("fuzzy")
    write(path, catalog)
    for msgid in unknown:
        print(f"  not in the code (skipped): {msgid!r}")
    return 0


def check() -> int:
    problems = []
    fresh = msgids(extract())
    stored = msgids(read(POT)) if POT.exists() else set()
    if fresh != stored:
        added, gone = sorted(fresh - stored), sorted(stored - fresh)
        problems.append(f"{POT.name} is out of date: {len(added)} new, {len(gone)} gone "
                        f"(run python tools/i18n_update.py)")
        problems += [f"  new: {m!r}" for m in added] + [f"  gone: {m!r}" for m in gone]
    da = po_path("da")
    if not da.exists():
        problems.append(f"{da} is missing")
    else:
        catalog = read(da, "da")
        lacking = sorted((fresh - msgids(catalog)) | set(missing_danish(catalog)))
        problems += [f"  Danish missing or fuzzy: {m!r}" for m in lacking]
    for line in problems:
        print(line)
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report only; exit 1 on problems")
    parser.add_argument("--fill", type=Path, help="JSON object of msgid -> Danish msgstr")
    args = parser.parse_args(argv)
    if args.check:
        return check()
    from filelock import FileLock

    with FileLock(str(TRANSLATIONS / ".update.lock")):
        if args.fill is None:
            return update()
        import json

        pairs = json.loads(args.fill.read_text(encoding="utf-8"))
        update()
        return fill(pairs)


if __name__ == "__main__":
    sys.exit(main())
