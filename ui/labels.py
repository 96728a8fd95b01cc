"""Code-list labels for the screens, in the current language.

A thin adapter over `hfdesk.vocab`: the screens ask for a label or the codes to offer, never
for the lists' file format. An unknown code shows as the code itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from hfdesk import i18n


@lru_cache(maxsize=1)
def _vocab() -> Any:
    from hfdesk import vocab

    return vocab.default()


def label(list_name: str, code: str | None) -> str:
    if not code:
        return ""
    try:
        return str(_vocab().label(list_name, code, i18n.current()))
    except (KeyError, AttributeError):
        return str(code)


def codes(list_name: str) -> list[tuple[str, str]]:
    """(code, label) pairs to offer in a picker, in the list's order."""
    try:
        return [(c.code, c.label(i18n.current())) for c in _vocab().codes(list_name)]
    except KeyError:
        return []


def code_set(list_name: str) -> frozenset[str]:
    return frozenset(code for code, _label in codes(list_name))
