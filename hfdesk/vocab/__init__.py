"""Code lists ("vocabularies"): shipped defaults in resources/vocab/*.toml plus municipality overrides.

A list file::

    [list]
    name = "gender"                      # = the file name without .toml
    description = "Køn."
    multi = false                        # optional: the list is usually multi-select

    [[codes]]
    code = "woman"                       # stored in the database; never renamed or removed
    label_da = "Kvinde"
    label_en = "Woman"
    source = "DOMAIN §7.2 / 001"
    sort_order = 10
    valid_from = "2024-01-01"            # optional, inclusive
    valid_to = "2030-12-31"              # optional, inclusive
    group = "H"                          # optional
    nat = 3                              # any other key lands in Code.extra

A municipality puts a file with the same name in its override folder. It may add codes (only
code and label_da are required), relabel a shipped code, change its sort_order, or retire it with
valid_to / is_active = false. It may not remove or rename a code, or change what a code means
(group, nat, law, …): stored data and exports depend on it. A file that breaks a rule is skipped
as a whole, with a Danish message in `Vocabularies.warnings`, and the shipped list is used.
"""

from __future__ import annotations

import functools
import logging
import re
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from hfdesk.errors import ValidationError
from hfdesk.vocab.model import Code, VocabList, Vocabularies
from hfdesk.vocab.parse import CODE_RE, is_code, merge_override, parse_list

__all__ = [
    "CODE_RE",
    "MAX_FILE_BYTES",
    "Code",
    "VocabList",
    "Vocabularies",
    "default",
    "is_code",
    "load",
    "read_toml",
    "shipped_dir",
]

log = logging.getLogger(__name__)

# The largest shipped list is a few kB; the cap keeps a wrong or hostile file from eating memory.
MAX_FILE_BYTES = 512 * 1024
_SKIPPED = " Filen er sprunget over; hfdesks egne koder bruges for den liste."
_TOML_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


def shipped_dir() -> Path:
    """resources/vocab beside the package, or inside a PyInstaller bundle when frozen."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "vocab"
    return Path(__file__).resolve().parents[2] / "resources" / "vocab"


def read_toml(path: Path, display: str) -> dict[str, Any]:
    """Parse one TOML file; any problem becomes a ValidationError naming `display`."""
    try:
        if not path.is_file():
            raise ValidationError(
                f"{display}: er ikke en almindelig fil. Læg kodelister som .toml-filer i mappen."
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ValidationError(
            f"{display}: filen kan ikke læses ({exc.strerror or type(exc).__name__}). Tjek at "
            "den findes, og at du har adgang til den."
        ) from None
    if len(raw) > MAX_FILE_BYTES:
        raise ValidationError(
            f"{display}: filen er for stor (over {MAX_FILE_BYTES // 1024} kB). En kodeliste fylder "
            "normalt under 20 kB – tjek at det er den rigtige fil."
        )
    try:
        # utf-8-sig: Windows Notepad may put a byte-order mark first; it is not an error.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            f"{display}: filen er ikke gemt som UTF-8. Åbn den i en teksteditor og gem den igen "
            "med kodningen UTF-8."
        ) from None
    if not text.strip():
        raise ValidationError(
            f"{display}: filen er tom. Den skal have en [list]-sektion med name og mindst én "
            "[[codes]]-sektion."
        )
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        pos = _TOML_POS.search(str(exc))
        at = f" (linje {pos.group(1)}, kolonne {pos.group(2)})" if pos else ""
        raise ValidationError(
            f"{display}: filen kan ikke læses som TOML{at}. Tjek anførselstegn, = og "
            "[[codes]]-overskrifter omkring stedet."
        ) from None
    except RecursionError:
        raise ValidationError(
            f"{display}: filen er indlejret for dybt til at være en kodeliste."
        ) from None


def _shipped_display(path: Path) -> str:
    # "resources/vocab/gender.toml": short, and the same on every machine and in a bundle.
    return "/".join(path.parts[-3:])


def _load_shipped(directory: Path) -> dict[str, VocabList]:
    shown = _shipped_display(directory / "x")[: -len("/x")]
    if not directory.is_dir():
        raise ValidationError(f"{shown}: mappen med kodelister mangler. Installér hfdesk igen.")
    lists: dict[str, VocabList] = {}
    for path in sorted(directory.glob("*.toml")):
        display = _shipped_display(path)
        lists[path.stem] = parse_list(
            read_toml(path, display), origin=display, expected_name=path.stem
        )
    if not lists:
        raise ValidationError(f"{shown}: der er ingen kodelister i mappen. Installér hfdesk igen.")
    return lists


def _apply_overrides(
    lists: dict[str, VocabList], directory: Path, warnings: list[str]
) -> dict[str, VocabList]:
    try:
        if not directory.is_dir():
            warnings.append(
                f"{directory}: mappen med kommunens kodelister findes ikke. hfdesks egne "
                "kodelister bruges."
            )
            return lists
        paths = sorted(directory.iterdir())
    except OSError as exc:
        warnings.append(
            f"{directory}: mappen med kommunens kodelister kan ikke læses "
            f"({exc.strerror or type(exc).__name__}). hfdesks egne kodelister bruges."
        )
        return lists
    merged = dict(lists)
    for path in paths:
        # Dotfiles include macOS "._gender.toml" resource forks left on USB sticks and shares.
        if path.name.startswith(".") or path.suffix.lower() != ".toml":
            continue
        display = str(path)
        try:
            base = merged.get(path.stem)
            if base is None:
                hint = (
                    f" Filnavnet skal skrives med små bogstaver: {path.stem.lower()}.toml."
                    if path.stem.lower() in merged
                    else " Filen skal hedde som en af hfdesks lister, fx gender.toml eller "
                    "life_area.toml."
                )
                raise ValidationError(
                    f"{display}: hfdesk har ingen kodeliste ved navn {path.stem!r}.{hint}"
                )
            merged[path.stem] = merge_override(base, read_toml(path, display), origin=display)
        except ValidationError as exc:
            warnings.append(exc.message + _SKIPPED)
        except Exception:
            # Last resort: whatever a municipality's file holds, the app must still start.
            log.exception("unexpected error in vocabulary override %s", display)
            warnings.append(f"{display}: uventet fejl under indlæsning af filen." + _SKIPPED)
    return merged


def load(override_dir: Path | str | None = None, *, shipped: Path | None = None) -> Vocabularies:
    """The shipped lists (errors raise ValidationError: they are ours to fix) merged with the
    municipality's override folder (errors become `warnings`, the file is skipped).

    An empty string means "no override folder" (the setting's default), never the working
    directory. `shipped` replaces the shipped folder, for tests.
    """
    lists = _load_shipped(shipped if shipped is not None else shipped_dir())
    warnings: list[str] = []
    if isinstance(override_dir, str) and not override_dir.strip():
        override_dir = None
    if override_dir is not None:
        lists = _apply_overrides(lists, Path(override_dir), warnings)
    for message in warnings:
        log.warning("%s", message)
    return Vocabularies(lists=_frozen(lists), warnings=tuple(warnings))


def _frozen(lists: dict[str, VocabList]) -> Mapping[str, VocabList]:
    return MappingProxyType(dict(sorted(lists.items())))


@functools.cache
def default() -> Vocabularies:
    """The shipped lists, loaded once per process. `default.cache_clear()` reloads them."""
    return load()
