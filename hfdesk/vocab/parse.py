"""Validate parsed TOML into code lists, and merge a municipality's override onto a shipped list.

Every check raises `ValidationError` with a Danish message that names the file (`origin`), the
code, and what to write instead: the reader is a developer for shipped files and a municipal
administrator for overrides, and neither should need to read Python to fix a comma.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from hfdesk.errors import ValidationError
from hfdesk.vocab.model import Code, VocabList

CODE_RE = re.compile(r"[a-z][a-z0-9_]*")
MAX_CODE_LEN = 64
MAX_LABEL_LEN = 200
MAX_TEXT_LEN = 1000  # description, source and extra strings
MAX_GROUP_LEN = 40
MAX_CODES = 1000
MAX_EXTRAS = 40
MAX_EXTRA_ITEMS = 100
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

LIST_KEYS = frozenset({"name", "description", "multi"})
TOP_KEYS = frozenset({"list", "codes"})
CORE_KEYS = frozenset(
    {
        "code",
        "label_da",
        "label_en",
        "source",
        "sort_order",
        "valid_from",
        "valid_to",
        "group",
        "is_active",
    }
)
# What a municipality may change on a shipped code. Everything else (group, nat, law, …) carries
# meaning that statistics and exports rely on, so it stays as shipped.
OVERRIDABLE_KEYS = frozenset(
    {"code", "label_da", "label_en", "sort_order", "valid_to", "is_active"}
)
# Keys people reach for when they want to delete or rename; stored data would lose its meaning,
# so they get a message explaining the supported route instead of being taken as extras.
REMOVE_OR_RENAME_KEYS = frozenset(
    {
        "remove",
        "removed",
        "delete",
        "deleted",
        "rename",
        "rename_to",
        "renamed_to",
        "new_code",
        "old_code",
        "replace",
        "replaced_by",
    }
)
_BIDI_AND_INVISIBLE = frozenset(
    [*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200B, 0xFEFF, 0x2028, 0x2029]
)
_DA_TRANSLIT = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "ae", "Ø": "oe", "Å": "aa"})


def is_code(value: object) -> bool:
    """True for a well-formed code: a str of a–z, 0–9 and _, starting with a letter, ≤ 64 chars."""
    return (
        isinstance(value, str)
        and len(value) <= MAX_CODE_LEN
        and CODE_RE.fullmatch(value) is not None
    )


def suggest_code(text: str) -> str:
    """A well-formed code close to `text`, for the "(fx …)" hint in a message."""
    s = unicodedata.normalize("NFKD", text.translate(_DA_TRANSLIT)).lower()
    s = re.sub(r"[^a-z0-9]+", "_", s.encode("ascii", "ignore").decode("ascii")).strip("_")
    if not s:
        return "min_kode"
    if not s[0].isalpha():
        s = "kode_" + s
    return s[:MAX_CODE_LEN].rstrip("_")


def _show(value: object) -> str:
    # repr() escapes control characters, so a hostile value cannot garble the message itself.
    text = value if isinstance(value, str) else str(value)
    short = text[:40]
    return repr(short)[:-1] + "…'" if len(text) > 40 else repr(short)


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "et heltal"
    if isinstance(value, float):
        return "et decimaltal"
    if isinstance(value, str):
        return "tekst"
    if isinstance(value, datetime):
        return "et tidspunkt"
    if isinstance(value, date):
        return "en dato"
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, dict):
        return "en tabel"
    return type(value).__name__


def _bad_char(text: str, *, allow_newlines: bool) -> str | None:
    for ch in text:
        if allow_newlines and ch in "\n\t":
            continue
        if ord(ch) in _BIDI_AND_INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs", "Co"):
            return f"U+{ord(ch):04X}"
    return None


def _text(
    value: object, key: str, where: str, *, max_len: int, allow_newlines: bool = False
) -> str:
    if not isinstance(value, str):
        raise ValidationError(
            f'{where}: {key} skal være tekst i anførselstegn (fx {key} = "…"), ikke {_kind(value)}.',
            field=key,
        )
    # NFC so that "å" typed on a Mac (a + ring) and on Windows compare and sort alike.
    text = unicodedata.normalize("NFC", value).strip()
    if not text:
        raise ValidationError(f"{where}: {key} er tom. Skriv en tekst.", field=key)
    if len(text) > max_len:
        raise ValidationError(
            f"{where}: {key} er for lang ({len(text)} tegn; højst {max_len}). Forkort teksten.",
            field=key,
        )
    bad = _bad_char(text, allow_newlines=allow_newlines)
    if bad is not None:
        raise ValidationError(
            f"{where}: {key} indeholder et usynligt styretegn ({bad}). Skriv teksten igen uden det.",
            field=key,
        )
    return text


def _int(value: object, key: str, where: str) -> int:
    # bool is an int subclass in Python; `sort_order = true` is a mistake, not 1.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            f"{where}: {key} skal være et heltal uden anførselstegn (fx {key} = 10), ikke {_kind(value)}.",
            field=key,
        )
    if not -1_000_000 <= value <= 1_000_000:
        raise ValidationError(
            f"{where}: {key} = {value} er uden for det tilladte (-1000000 til 1000000).", field=key
        )
    return value


def _bool(value: object, key: str, where: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(
            f"{where}: {key} skal være true eller false uden anførselstegn, ikke {_kind(value)}.",
            field=key,
        )
    return value


def _date(value: object, key: str, where: str) -> date:
    hint = f'Skriv fx {key} = "2024-01-01" (år-måned-dag).'
    if isinstance(value, datetime):
        raise ValidationError(f"{where}: {key} må ikke have et klokkeslæt. {hint}", field=key)
    if isinstance(value, date):
        result = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            result = date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError(
                f"{where}: {key} = {_show(value)} findes ikke i kalenderen. Tjek måned og dag.",
                field=key,
            ) from None
    else:
        raise ValidationError(f"{where}: {key} = {_show(value)} er ikke en dato. {hint}", field=key)
    if not MIN_DATE <= result <= MAX_DATE:
        raise ValidationError(
            f"{where}: {key} = {result.isoformat()} ligger uden for 1900–2100. Tjek årstallet.",
            field=key,
        )
    return result


def _extra_value(value: object, key: str, where: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return _int(value, key, where)
    if isinstance(value, str):
        return _text(value, key, where, max_len=MAX_TEXT_LEN)
    if isinstance(value, list):
        if len(value) > MAX_EXTRA_ITEMS:
            raise ValidationError(
                f"{where}: listen i {key} har {len(value)} elementer; højst {MAX_EXTRA_ITEMS}.",
                field=key,
            )
        items = []
        for item in value:
            if isinstance(item, list | dict):
                raise ValidationError(
                    f"{where}: {key} må kun indeholde tekst, tal og true/false – ikke lister i lister.",
                    field=key,
                )
            items.append(_extra_value(item, key, where))
        return tuple(items)
    raise ValidationError(
        f"{where}: {key} skal være tekst, et heltal, true/false eller en liste af dem, ikke {_kind(value)}.",
        field=key,
    )


def _check_code_value(raw: Mapping[str, Any], origin: str, index: int) -> str:
    where = f"{origin}, [[codes]] nr. {index}"
    if "code" not in raw:
        raise ValidationError(f'{where}: mangler code (fx code = "min_kode").', field="code")
    value = raw["code"]
    if not isinstance(value, str):
        raise ValidationError(
            f'{where}: code skal være tekst i anførselstegn (fx code = "{suggest_code(str(value))}"), '
            f"ikke {_kind(value)}.",
            field="code",
        )
    if len(value) > MAX_CODE_LEN:
        raise ValidationError(
            f"{origin}: koden {_show(value)} er for lang ({len(value)} tegn; højst {MAX_CODE_LEN}). "
            f"Brug fx {suggest_code(value)[:30]}.",
            field="code",
        )
    if not is_code(value):
        first_ok = value[:1].isalpha()
        rule = "små bogstaver, tal og _" + ("" if first_ok else " og begynde med et bogstav")
        raise ValidationError(
            f"{origin}: koden {_show(value)} skal være {rule} (fx {suggest_code(value)}).",
            field="code",
        )
    return value


def _reject_remove_or_rename(raw: Mapping[str, Any], code: str, where: str) -> None:
    for key in raw:
        if key in REMOVE_OR_RENAME_KEYS:
            raise ValidationError(
                f"{where}: en kode kan ikke slettes eller omdøbes (feltet {key}), for den står i "
                f"gemte data. Tag koden ud af brug med is_active = false eller valid_to = "
                f'"ÅÅÅÅ-MM-DD", og tilføj en ny kode, hvis der skal være en anden.',
                field=key,
            )


def _parse_code(
    raw: object,
    origin: str,
    index: int,
    *,
    default_source: str | None = None,
    default_sort_order: int | None = None,
) -> Code:
    """A complete code definition. Defaults are given only for codes a municipality adds."""
    if not isinstance(raw, dict):
        raise ValidationError(
            f"{origin}, [[codes]] nr. {index}: skal være en [[codes]]-sektion med code, label_da, "
            f"label_en …, ikke {_kind(raw)}."
        )
    table: dict[str, Any] = raw
    code = _check_code_value(table, origin, index)
    where = f"{origin}, koden {_show(code)}"
    _reject_remove_or_rename(table, code, where)
    is_override = default_source is not None

    def need(key: str) -> Any:
        if key not in table:
            raise ValidationError(f"{where}: mangler {key}.", field=key)
        return table[key]

    label_da = _text(need("label_da"), "label_da", where, max_len=MAX_LABEL_LEN)
    if is_override and "label_en" not in raw:
        label_en = label_da  # a municipality may not have an English label; show the Danish one
    else:
        label_en = _text(need("label_en"), "label_en", where, max_len=MAX_LABEL_LEN)
    if is_override and "source" not in raw:
        source = default_source or ""
    else:
        source = _text(need("source"), "source", where, max_len=MAX_TEXT_LEN)
    if default_sort_order is not None and "sort_order" not in raw:
        sort_order = default_sort_order
    else:
        sort_order = _int(need("sort_order"), "sort_order", where)
    valid_from = _date(raw["valid_from"], "valid_from", where) if "valid_from" in raw else None
    valid_to = _date(raw["valid_to"], "valid_to", where) if "valid_to" in raw else None
    group = _text(raw["group"], "group", where, max_len=MAX_GROUP_LEN) if "group" in raw else None
    is_active = _bool(raw["is_active"], "is_active", where) if "is_active" in raw else True

    extras: dict[str, Any] = {}
    for key, value in raw.items():
        if key in CORE_KEYS:
            continue
        if not is_code(key):
            raise ValidationError(
                f"{where}: feltnavnet {_show(key)} skal være små bogstaver, tal og _ "
                f"(fx {suggest_code(str(key))}).",
                field=str(key),
            )
        extras[key] = _extra_value(value, key, where)
    if len(extras) > MAX_EXTRAS:
        raise ValidationError(f"{where}: har {len(extras)} ekstra felter; højst {MAX_EXTRAS}.")
    return Code(
        code=code,
        label_da=label_da,
        label_en=label_en,
        source=source,
        sort_order=sort_order,
        valid_from=valid_from,
        valid_to=valid_to,
        group=group,
        extra=MappingProxyType(extras),
        is_active=is_active,
    )


def _header(
    data: Mapping[str, Any], origin: str, expected_name: str | None, *, override: bool
) -> tuple[str, str | None, bool | None]:
    if not isinstance(data, Mapping) or not data:
        raise ValidationError(
            f"{origin}: filen er tom. Den skal have en [list]-sektion med name og mindst én "
            "[[codes]]-sektion."
        )
    for key in data:
        if key not in TOP_KEYS:
            raise ValidationError(
                f"{origin}: ukendt felt eller sektion {_show(key)} øverst i filen. Der må kun stå "
                "[list] og [[codes]]; husk at hvert felt skal stå under en af dem."
            )
    head = data.get("list")
    if not isinstance(head, dict):
        what = "mangler" if head is None else f"skal være en sektion, ikke {_kind(head)}, i"
        raise ValidationError(
            f'{origin}: {what} [list] med name = "…" og description = "…" øverst i filen.'
        )
    for key in head:
        if key == "codes" or key in CORE_KEYS:
            # TOML puts every key after [list] into [list] until the next header: a common slip.
            raise ValidationError(
                f"{origin}: feltet {_show(key)} står under [list]. Koderne skal stå i "
                "[[codes]]-sektioner (to klammer) efter [list]; skriv [[codes]] på linjen før."
            )
        if key not in LIST_KEYS:
            raise ValidationError(
                f"{origin}: [list] har et ukendt felt {_show(key)}. Tilladt er name, description "
                "og multi."
            )
    if "name" not in head:
        raise ValidationError(
            f'{origin}: [list] mangler name (fx name = "{expected_name or "min_liste"}").'
        )
    name = head["name"]
    if not is_code(name):
        raise ValidationError(
            f"{origin}: [list] name = {_show(name)} skal være små bogstaver, tal og _ "
            f"(fx {suggest_code(str(name))})."
        )
    if expected_name is not None and name != expected_name:
        raise ValidationError(
            f"{origin}: [list] name = {_show(name)} passer ikke med filnavnet. Skriv "
            f'name = "{expected_name}", eller kald filen {name}.toml.'
        )
    if "description" in head:
        description: str | None = _text(
            head["description"],
            "description",
            f"{origin}, [list]",
            max_len=MAX_TEXT_LEN,
            allow_newlines=True,
        )
    elif override:
        description = None
    else:
        raise ValidationError(
            f'{origin}: [list] mangler description = "…" (hvad listen bruges til).'
        )
    multi = _bool(head["multi"], "multi", f"{origin}, [list]") if "multi" in head else None
    return name, description, multi


def _raw_codes(data: Mapping[str, Any], origin: str) -> list[Any]:
    raw = data.get("codes")
    if raw is None:
        raise ValidationError(
            f'{origin}: der er ingen koder. Tilføj mindst én [[codes]]-sektion med code = "…".'
        )
    if not isinstance(raw, list):
        raise ValidationError(
            f"{origin}: koderne skal stå i [[codes]]-sektioner (to klammer), ikke som {_kind(raw)}."
        )
    if not raw:
        raise ValidationError(f"{origin}: der er ingen koder. Tilføj mindst én [[codes]]-sektion.")
    if len(raw) > MAX_CODES:
        raise ValidationError(f"{origin}: listen har {len(raw)} koder; højst {MAX_CODES}.")
    return raw


def _overlaps(a: Code, b: Code) -> bool:
    if not (a.is_active and b.is_active):
        return False
    a_from, b_from = a.valid_from or MIN_DATE, b.valid_from or MIN_DATE
    a_to, b_to = a.valid_to or MAX_DATE, b.valid_to or MAX_DATE
    return a_from <= b_to and b_from <= a_to


def _check_list(codes: list[Code], origin: str) -> None:
    """Whole-list rules, run after a merge too, since an override can break them."""
    for c in codes:
        if c.valid_from and c.valid_to and c.valid_from > c.valid_to:
            raise ValidationError(
                f"{origin}, koden {_show(c.code)}: valid_from ({c.valid_from.isoformat()}) ligger "
                f"efter valid_to ({c.valid_to.isoformat()}). Ret datoerne.",
                field="valid_to",
            )
    # The same label on two codes that can be chosen at the same time makes the choice a guess
    # (and is how a "rename" by adding a twin code shows up). A retired code may share its label
    # with its successor.
    for attr in ("label_da", "label_en"):
        seen: dict[str, list[Code]] = {}
        for c in codes:
            key = getattr(c, attr).casefold()
            for other in seen.get(key, ()):
                if _overlaps(other, c):
                    raise ValidationError(
                        f"{origin}: {attr} {_show(getattr(c, attr))} bruges af både koden "
                        f"{_show(other.code)} og {_show(c.code)}. Giv dem hver sin tekst – eller, "
                        f"hvis den nye kode skal afløse den gamle, sæt is_active = false på "
                        f"{_show(other.code)}.",
                        field=attr,
                    )
            seen.setdefault(key, []).append(c)


def parse_list(
    data: Mapping[str, Any], *, origin: str, expected_name: str | None = None
) -> VocabList:
    """A shipped list from parsed TOML. Raises ValidationError naming `origin`."""
    name, description, multi = _header(data, origin, expected_name, override=False)
    codes: list[Code] = []
    seen: set[str] = set()
    for index, raw in enumerate(_raw_codes(data, origin), start=1):
        code = _parse_code(raw, origin, index)
        if code.code in seen:
            raise ValidationError(
                f"{origin}: koden {_show(code.code)} står der mere end én gang. Slet den ene.",
                field="code",
            )
        seen.add(code.code)
        codes.append(code)
    _check_list(codes, origin)
    return VocabList(
        name=name,
        description=description or "",
        multi=bool(multi),
        entries=tuple(codes),
        files=(origin,),
    )


def _merge_existing(base: Code, raw: Mapping[str, Any], where: str) -> Code:
    _reject_remove_or_rename(raw, base.code, where)
    for key in raw:
        if key not in OVERRIDABLE_KEYS:
            raise ValidationError(
                f"{where}: koden følger med hfdesk, så feltet {_show(key)} kan ikke ændres i "
                "kommunens fil. Kun label_da, label_en, sort_order, valid_to og is_active kan ændres.",
                field=str(key),
            )
    changes: dict[str, Any] = {}
    for key in ("label_da", "label_en"):
        if key in raw:
            changes[key] = _text(raw[key], key, where, max_len=MAX_LABEL_LEN)
    if "sort_order" in raw:
        changes["sort_order"] = _int(raw["sort_order"], "sort_order", where)
    if "valid_to" in raw:
        valid_to = _date(raw["valid_to"], "valid_to", where)
        # An override may retire a code earlier, never revive one the law has ended.
        if base.valid_to is not None and valid_to > base.valid_to:
            raise ValidationError(
                f"{where}: valid_to kan ikke sættes senere end hfdesks egen slutdato "
                f"({base.valid_to.isoformat()}).",
                field="valid_to",
            )
        changes["valid_to"] = valid_to
    if "is_active" in raw:
        is_active = _bool(raw["is_active"], "is_active", where)
        if is_active and not base.is_active:
            raise ValidationError(
                f"{where}: koden er taget ud af brug i hfdesk og kan ikke genåbnes med "
                "is_active = true.",
                field="is_active",
            )
        changes["is_active"] = is_active
    return dataclasses.replace(base, **changes)


def merge_override(base: VocabList, data: Mapping[str, Any], *, origin: str) -> VocabList:
    """`base` with a municipality's changes. Adds and adjusts codes; never removes or renames.

    Raises ValidationError naming `origin`; the caller then keeps `base` unchanged.
    """
    _, description, multi = _header(data, origin, base.name, override=True)
    if multi is not None and multi != base.multi:
        raise ValidationError(
            f"{origin}: multi kan ikke ændres for listen {base.name} (den er "
            f"{'true' if base.multi else 'false'} i hfdesk). Slet linjen med multi."
        )
    by_code: dict[str, Code] = {c.code: c for c in base.entries}
    next_order = max((c.sort_order for c in base.entries), default=0)
    touched: set[str] = set()
    for index, raw in enumerate(_raw_codes(data, origin), start=1):
        if not isinstance(raw, dict):
            raise ValidationError(
                f"{origin}, [[codes]] nr. {index}: skal være en [[codes]]-sektion, ikke {_kind(raw)}."
            )
        code = _check_code_value(raw, origin, index)
        if code in touched:
            raise ValidationError(
                f"{origin}: koden {_show(code)} står der mere end én gang. Saml ændringerne ét sted.",
                field="code",
            )
        touched.add(code)
        where = f"{origin}, koden {_show(code)}"
        if code in by_code:
            by_code[code] = _merge_existing(by_code[code], raw, where)
        else:
            # New codes go last unless the file says otherwise, so the shipped order stays.
            next_order += 10
            by_code[code] = _parse_code(
                raw,
                origin,
                index,
                default_source="Kommunal tilføjelse",
                default_sort_order=next_order,
            )
    codes = list(by_code.values())
    _check_list(codes, origin)
    return VocabList(
        name=base.name,
        description=description if description is not None else base.description,
        multi=base.multi,
        entries=tuple(codes),
        files=(*base.files, origin),
    )
