"""Start-up shortcuts keep their answers: the .po string fast path reads what ast would."""

from __future__ import annotations

import ast

from hypothesis import given
from hypothesis import strategies as st

from hfdesk import i18n


def _quoted(text: str) -> str:
    return '"' + (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
                  .replace("\t", "\\t")) + '"'


@given(st.lists(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from(
    ['"', "\\", "\n", "\t", "æ", "ø", "å", "%(n)d"]), max_size=40).map("".join))
def test_po_string_reads_what_literal_eval_reads(text: str) -> None:
    quoted = _quoted(text)
    assert i18n._po_string(quoted) == ast.literal_eval(quoted) == text


def test_the_shipped_catalogues_read_the_same() -> None:
    for lang in ("da", "en"):
        po = i18n.translations_dir() / lang / "LC_MESSAGES" / "hfdesk.po"
        for raw in po.read_text("utf-8").splitlines():
            line = raw.strip()
            quoted = line if line.startswith('"') else line.partition(" ")[2].strip() \
                if line.startswith("msg") else ""
            if quoted:
                assert i18n._po_string(quoted) == ast.literal_eval(quoted)
