"""Shared fixtures: a fresh, real, encrypted database per test in tmp_path.

QT_QPA_PLATFORM is set before anything can import Qt, so UI tests run without a display.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402

from hfdesk.store import citizens, database  # noqa: E402

# The machine is slow and tests never assert on time.
settings.register_profile("hfdesk", deadline=None)
settings.load_profile("hfdesk")

PASSPHRASE = "korrekt hest batteri"


@pytest.fixture
def passphrase() -> str:
    return PASSPHRASE


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "hfdesk.db"


@pytest.fixture
def store(db_path: Path, passphrase: str) -> Iterator[database.Store]:
    s = database.create_store(db_path, passphrase, worker_name="Anne Holm")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def citizen_id(store: database.Store) -> str:
    cid, _warnings = citizens.create(
        store, {"legal_name": "Mia Louise Jensen", "preferred_name": "Mia", "cpr": "120394-1234"}
    )
    return cid
