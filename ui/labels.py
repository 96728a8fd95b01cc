"""Code-list labels for the screens, in the current language.

A thin adapter over `hfdesk.vocab`: the screens ask for a label or the codes to offer, never
for the lists' file format. An unknown code shows as the code itself.
"""

from __future__ import annotations

import re
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


class CodeItems(list[tuple[str, str]]):
    """(code, label) pairs that remember their list, so a CodeCombo can explain the codes."""

    def __init__(self, list_name: str, items: list[tuple[str, str]]) -> None:
        super().__init__(items)
        self.list_name = list_name


def codes(list_name: str) -> CodeItems:
    """(code, label) pairs to offer in a picker, in the list's order."""
    try:
        return CodeItems(list_name, [(c.code, c.label(i18n.current()))
                                     for c in _vocab().codes(list_name)])
    except KeyError:
        return CodeItems(list_name, [])


# Sentences in a list's description that are notes for developers ("group: H = i bolig",
# "citizen_contact = tæller som kontakt") are no help to the worker.
_TECHNICAL = re.compile(r"\b[a-z_]+ ?(=|: [A-Z] =)|§\d+\.\d+\)")


def help_text(list_name: str) -> str:
    """The list's description for a tooltip, without the developer notes."""
    vl = getattr(_vocab(), "lists", {}).get(list_name)
    if vl is None or not vl.description:
        return ""
    sentences = re.split(r"(?<=[.!?])\s+", vl.description.strip())
    return " ".join(s for s in sentences if s and not _TECHNICAL.search(s))


def code_help(list_name: str, code: str) -> str:
    """One code's tooltip: its label (long ones are cut off in a picker) and the law it cites."""
    found = _vocab().get(list_name, code)
    if found is None:
        return ""
    text = found.label(i18n.current())
    law = " ".join(str(found.extra.get(k)) for k in ("law", "paragraph") if found.extra.get(k))
    return f"{text} ({law})" if law else text


def code_set(list_name: str) -> frozenset[str]:
    return frozenset(code for code, _label in codes(list_name))
