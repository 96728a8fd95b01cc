"""The measurement catalogue: resources/measurements.toml, or a municipality's replacement.

The shipped file is ours: a problem in it raises. A municipality's file (the setting
"measurement_catalogue" holds its path) that cannot be read or breaks a rule is skipped with a
Danish warning, and the shipped catalogue is used, so the app always starts.
"""

from __future__ import annotations

import functools
import logging
import sys
from pathlib import Path

from hfdesk import vocab
from hfdesk.domain.measurements import Catalogue, parse_catalogue
from hfdesk.errors import ValidationError

log = logging.getLogger(__name__)


def shipped_path() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "measurements.toml"
    return Path(__file__).resolve().parents[1] / "resources" / "measurements.toml"


def load(path: Path | str | None = None) -> Catalogue:
    """Parse one catalogue file; problems raise ValidationError with a Danish message."""
    p = Path(path) if path else shipped_path()
    display = "resources/measurements.toml" if path is None else str(p)
    data = vocab.read_toml(p, display)
    lists = vocab.default()
    return parse_catalogue(data, origin=display, has_list=lambda n: _has(lists, n))


def _has(lists: vocab.Vocabularies, name: str) -> bool:
    try:
        lists.codes(name, include_inactive=True)
    except Exception:
        return False
    return True


@functools.cache
def default() -> Catalogue:
    return load()


def for_path(path: str | None) -> tuple[Catalogue, str | None]:
    """The municipality's catalogue when set and valid, else the shipped one and a warning."""
    if not path or not str(path).strip():
        return default(), None
    try:
        return _cached(str(path)), None
    except ValidationError as exc:
        message = exc.message + " Katalogfilen er sprunget over; hfdesks eget katalog bruges."
        log.warning("%s", message)
        return default(), message


@functools.lru_cache(maxsize=4)
def _cached(path: str) -> Catalogue:
    return load(path)
