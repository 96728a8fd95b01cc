"""Language: gettext through babel, and dates and money formatted for an explicit locale.

Msgids are English; `translations/<lang>/LC_MESSAGES/hfdesk.po` holds the catalogues. The .po
files are compiled in memory at start, so no build step and no stale .mo can get out of step.
Danish is the default and the working language.
"""

from __future__ import annotations

import ast
import sys
from datetime import date, datetime
from gettext import NullTranslations
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # in annotations only: decimal costs the unlock prompt 3–6 ms to import
    from decimal import Decimal

# Babel is imported inside the functions that format with it: babel.messages and babel.support
# pull in babel.dates, and the unlock window must start without it (start-up stays close to a bare
# Qt window). The catalogue is read by the small .po reader below, which is all gettext needs.

LANGUAGES = {"da": "da_DK", "en": "en_GB"}
DEFAULT = "da"
_state: dict[str, object] = {"lang": DEFAULT, "translations": NullTranslations()}


def translations_dir() -> Path:
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parents[1]))
    return base / "translations"


class PoTranslations(NullTranslations):
    """gettext from a .po file read in memory; fuzzy and empty entries fall back to the msgid."""

    def __init__(self, messages: dict[str, str], plurals: dict[str, list[str]]) -> None:
        super().__init__()
        self._messages = messages
        self._plurals = plurals

    def gettext(self, message: str) -> str:
        return self._messages.get(message) or message

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        forms = self._plurals.get(msgid1)
        index = 0 if n == 1 else 1  # Danish and English: nplurals=2; plural=(n != 1)
        if forms and len(forms) > index and forms[index]:
            return forms[index]
        return msgid1 if n == 1 else msgid2


def read_po_messages(text: str) -> tuple[dict[str, str], dict[str, list[str]]]:
    """(singular msgid → msgstr, plural msgid → [msgstr[0], msgstr[1], …]) without fuzzy ones."""
    messages: dict[str, str] = {}
    plurals: dict[str, list[str]] = {}
    entry: dict[str, object] = {}
    fuzzy = False
    key: str | None = None

    def flush() -> None:
        nonlocal entry, fuzzy, key
        msgid = entry.get("msgid")
        if isinstance(msgid, str) and msgid and not fuzzy and "msgctxt" not in entry:
            if "msgid_plural" in entry:
                forms = entry.get("plural_forms")
                if isinstance(forms, dict):
                    plurals[msgid] = [forms.get(i, "") for i in range(max(forms, default=-1) + 1)]
            else:
                messages[msgid] = str(entry.get("msgstr") or "")
        entry, fuzzy, key = {}, False, None

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#,"):
            if entry:
                flush()
            fuzzy = "fuzzy" in line
            continue
        if line.startswith("#"):
            continue
        if line.startswith('"'):
            value = _po_string(line)
            if key is None:
                continue
            if key.startswith("msgstr["):
                forms = entry.setdefault("plural_forms", {})
                assert isinstance(forms, dict)
                n = int(key[7:-1])
                forms[n] = forms.get(n, "") + value
            else:
                entry[key] = str(entry.get(key, "")) + value
            continue
        word, _, rest = line.partition(" ")
        if word in ("msgid", "msgctxt") and ("msgstr" in entry or "plural_forms" in entry):
            flush()
        value = _po_string(rest.strip()) if rest.strip() else ""
        key = word
        if word.startswith("msgstr["):
            forms = entry.setdefault("plural_forms", {})
            assert isinstance(forms, dict)
            forms[int(word[7:-1])] = value
        else:
            entry[word] = value
    flush()
    return messages, plurals


def _po_string(quoted: str) -> str:
    """A .po string literal's text. Most have no escapes: sliced, not parsed, since parsing all
    4,000 lines took a fifth of the unlock window's start-up."""
    inner = quoted[1:-1]
    if (len(quoted) >= 2 and quoted[0] == '"' and quoted[-1] == '"' and "\\" not in inner
            and '"' not in inner):
        return inner
    return str(ast.literal_eval(quoted))


def load_catalog(lang: str) -> NullTranslations:
    po = translations_dir() / lang / "LC_MESSAGES" / "hfdesk.po"
    if not po.exists():
        return NullTranslations()
    messages, plurals = read_po_messages(po.read_text(encoding="utf-8"))
    return PoTranslations(messages, plurals)


def install(lang: str = DEFAULT) -> None:
    lang = lang if lang in LANGUAGES else DEFAULT
    _state["lang"] = lang
    _state["translations"] = load_catalog(lang) if lang != "en" else NullTranslations()


def current() -> str:
    return str(_state["lang"])


def locale() -> str:
    return LANGUAGES[current()]


def _(message: str) -> str:
    return _state["translations"].gettext(message)  # type: ignore[union-attr,no-any-return]


def ngettext(singular: str, plural: str, n: int) -> str:
    return _state["translations"].ngettext(singular, plural, n)  # type: ignore[union-attr,no-any-return]


def N_(message: str) -> str:
    """Mark for extraction at module level; translate with _() where it is shown."""
    return message


def format_date(value: date | None, style: str = "short") -> str:
    """short: 12.03.2026 (tables); medium: 12. mar. 2026 (running text)."""
    if value is None:
        return ""
    from babel.dates import format_date as babel_date

    if style == "short":
        return value.strftime("%d.%m.%Y") if current() == "da" else babel_date(
            value, "dd/MM/yyyy", locale=locale())
    return babel_date(value, "medium", locale=locale())


def format_datetime(value: datetime | None) -> str:
    if value is None:
        return ""
    if current() == "da":
        return value.strftime("%d.%m.%Y kl. %H.%M")
    from babel.dates import format_datetime as babel_datetime

    return babel_datetime(value, "dd/MM/yyyy HH:mm", locale=locale())


def format_time(value: datetime) -> str:
    return value.strftime("%H.%M") if current() == "da" else value.strftime("%H:%M")


def format_money(amount: Decimal | float | int) -> str:
    """4.000,00 kr. in Danish (babel, with its non-breaking spaces)."""
    from babel.numbers import format_currency

    return format_currency(amount, "DKK", locale=locale())


def format_number(value: Decimal | float | int) -> str:
    from babel.numbers import format_decimal

    return format_decimal(value, locale=locale())


def display_name(lang: str) -> str:
    from babel import Locale

    return Locale.parse(LANGUAGES[lang]).get_display_name(LANGUAGES[lang]) or lang
