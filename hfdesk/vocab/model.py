"""The in-memory shape of the code lists: immutable, so a loaded set can be shared freely."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any

from hfdesk.errors import ValidationError

_EMPTY: Mapping[str, Any] = MappingProxyType({})


def _day(on: date | None) -> date:
    # A datetime is a date subclass but refuses to compare with a plain date, so strip the time.
    if on is None:
        return date.today()
    if isinstance(on, datetime):
        return on.date()
    return on


@dataclass(frozen=True, slots=True)
class Code:
    """One entry of a code list. `code` is what the database stores; labels are only shown."""

    code: str
    label_da: str
    label_en: str
    source: str
    sort_order: int
    valid_from: date | None = None
    valid_to: date | None = None
    group: str | None = None
    # Read-only view of list-specific keys (nat, law, paragraph, citizen_contact, …); lists in it
    # are tuples. Not part of the hash: a mapping cannot be hashed, and `code` identifies anyway.
    extra: Mapping[str, Any] = field(default_factory=lambda: _EMPTY, hash=False)
    is_active: bool = True

    def label(self, lang: str = "da") -> str:
        return self.label_en if _is_english(lang) else self.label_da

    @property
    def requires_text(self) -> bool:
        """True for "Andet"-like codes that need a free-text explanation next to them."""
        return self.extra.get("requires_text") is True

    def is_valid_on(self, on: date | None = None) -> bool:
        """Active, and `on` (default today) lies within valid_from…valid_to, both inclusive."""
        day = _day(on)
        if not self.is_active:
            return False
        if self.valid_from is not None and day < self.valid_from:
            return False
        return self.valid_to is None or day <= self.valid_to


def _is_english(lang: object) -> bool:
    return isinstance(lang, str) and lang.strip().lower().startswith("en")


@dataclass(frozen=True, slots=True)
class VocabList:
    """A named code list. `entries` holds every code ever shipped or added, in display order."""

    name: str
    description: str
    multi: bool
    entries: tuple[Code, ...]
    # Files the list was built from (shipped first, then the municipality's), for support.
    files: tuple[str, ...] = ()
    _index: Mapping[str, Code] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        ordered = tuple(sorted(self.entries, key=lambda c: (c.sort_order, c.code)))
        object.__setattr__(self, "entries", ordered)
        object.__setattr__(self, "_index", MappingProxyType({c.code: c for c in ordered}))

    def get(self, code: object) -> Code | None:
        return self._index.get(code) if isinstance(code, str) else None

    def codes(self, on: date | None = None, include_inactive: bool = False) -> list[Code]:
        """Codes to offer on `on` (default today), by sort_order.

        include_inactive=True returns every code regardless of dates and is_active (for an
        administration view, or to show a stored code that has since been retired).
        """
        if include_inactive:
            return list(self.entries)
        day = _day(on)
        return [c for c in self.entries if c.is_valid_on(day)]


@dataclass(frozen=True, slots=True)
class Vocabularies:
    """All code lists, plus Danish warnings about municipality files that were skipped."""

    lists: Mapping[str, VocabList]
    warnings: tuple[str, ...] = ()

    def _list(self, list_name: object) -> VocabList | None:
        return self.lists.get(list_name) if isinstance(list_name, str) else None

    def get(self, list_name: str, code: str | None) -> Code | None:
        vl = self._list(list_name)
        return vl.get(code) if vl is not None else None

    def label(self, list_name: str, code: str | None, lang: str = "da") -> str:
        """The label to show for a stored code. Never raises: an unknown list or code (an old
        import, a removed municipality code) shows the code itself rather than nothing."""
        if code is None:
            return ""
        found = self.get(list_name, code)
        if found is None:
            return code if isinstance(code, str) else str(code)
        return found.label(lang)

    def codes(
        self, list_name: str, on: date | None = None, include_inactive: bool = False
    ) -> list[Code]:
        vl = self._list(list_name)
        if vl is None:
            # The list names are constants in the code: a typo is a bug that a test must catch.
            raise KeyError(f"unknown code list {list_name!r}")
        return vl.codes(on, include_inactive)

    def is_valid(self, list_name: str, code: str | None, on: date | None = None) -> bool:
        found = self.get(list_name, code)
        return found is not None and found.is_valid_on(on)

    def check(
        self, list_name: str, code: str, *, on: date | None = None, field: str | None = None
    ) -> str:
        """Return `code` if it may be used on `on`; else raise ValidationError in Danish."""
        found = self.get(list_name, code)
        if found is None:
            shown = code[:40] if isinstance(code, str) else repr(code)[:40]
            raise ValidationError(
                f"«{shown}» er ikke en kendt værdi i kodelisten {list_name}. Vælg en værdi fra listen.",
                field=field,
            )
        if not found.is_valid_on(on):
            when = _day(on).strftime("%d.%m.%Y")
            raise ValidationError(
                f"«{found.label_da}» kan ikke vælges pr. {when}; den er udgået eller endnu ikke "
                "gældende. Vælg en anden værdi.",
                field=field,
            )
        return found.code
