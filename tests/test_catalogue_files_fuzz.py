"""The two data files a municipality may replace — the measurement catalogue and the fidelity
instrument — read back from empty, wrong, huge, hostile and truncated input: never an unhandled
exception, always a Danish message, and the shipped catalogue still in use."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfdesk import measurements_catalogue as mc
from hfdesk.domain import fidelity
from hfdesk.errors import ValidationError

EXAMPLES = 1000 if os.environ.get("HFDESK_FUZZ") == "stress" else 30
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])
SHIPPED = mc.shipped_path().read_bytes()
FIDELITY = (mc.shipped_path().parent / "fidelity.toml").read_text(encoding="utf-8")

# Values a hand-edited TOML file can hold, nested a little.
toml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                               max_size=4),
    max_leaves=12)


def read(path: Path) -> tuple[Any, str | None]:
    mc._cached.cache_clear()
    return mc.for_path(str(path))


def assert_skipped(path: Path) -> None:
    found, warning = read(path)
    assert found is mc.default()
    assert warning and "sprunget over" in warning


@pytest.mark.parametrize("content", [b"", b"\xff\xfe not utf-8", b"[catalogue\n", b"== ==",
                                     b"[catalogue]\nname = 1\n", b"items = 3\n"])
def test_empty_and_wrong_files_are_skipped_with_a_danish_warning(tmp_path: Path,
                                                                content: bytes) -> None:
    path = tmp_path / "vores.toml"
    path.write_bytes(content)
    assert_skipped(path)


def test_missing_folder_and_huge_files_are_skipped(tmp_path: Path) -> None:
    assert_skipped(tmp_path / "findes-ikke.toml")
    assert_skipped(tmp_path)  # a folder where a file should be
    huge = tmp_path / "stor.toml"
    huge.write_bytes(SHIPPED + b"\n# " + b"x" * (5 * 1024 * 1024))
    assert_skipped(huge)


def test_the_shipped_catalogue_truncated_anywhere_is_skipped_or_complete(tmp_path: Path) -> None:
    path = tmp_path / "afkortet.toml"
    step = max(1, len(SHIPPED) // 60)
    for cut in range(0, len(SHIPPED), step):
        path.write_bytes(SHIPPED[:cut])
        found, warning = read(path)
        # A cut that happens to leave valid TOML may be a smaller, valid catalogue; anything
        # else falls back to ours with the warning.
        assert (found is mc.default() and warning) or (warning is None and found.items)


@FUZZ
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    found, warning = read(path)
    assert found is mc.default() and warning


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["catalogue", "sections", "items", "self_report"]),
                            toml_values, max_size=4))
def test_arbitrary_structures_give_a_validation_error(data: dict[str, Any]) -> None:
    from hfdesk.domain.measurements import parse_catalogue

    try:
        parse_catalogue(data, origin="vores.toml", has_list=lambda _n: True)
    except ValidationError as exc:
        assert exc.message.startswith("vores.toml")


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["instruments", "scale", "items"]), toml_values,
                            max_size=3))
def test_fidelity_instrument_structures_give_a_validation_error(data: dict[str, Any]) -> None:
    try:
        fidelity.parse(data, origin="vores.toml")
    except ValidationError as exc:
        assert exc.message.startswith("vores.toml")


def test_the_fidelity_instrument_truncated_anywhere_never_crashes() -> None:
    step = max(1, len(FIDELITY) // 60)
    for cut in range(0, len(FIDELITY), step):
        try:
            data = tomllib.loads(FIDELITY[:cut])
        except tomllib.TOMLDecodeError:
            continue  # the file reader turns this into its own Danish message
        try:
            fidelity.parse(data, origin="vores.toml")
        except ValidationError as exc:
            assert exc.message.startswith("vores.toml")
