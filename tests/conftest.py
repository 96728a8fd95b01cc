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


def sender_store(path: Path) -> database.Store:
    """A worker's database with two citizens (names, CPR, a long free text, a journal note):
    the source of the packages the hostile-file and fuzz tests take apart."""
    from hfdesk.store import journal

    s = database.create_store(path, PASSPHRASE, worker_name="Anne Holm")
    for name, cpr in (("Mia Louise Jensen", "120394-1234"), ("Ole Olsen", "010190-1111")):
        cid, _w = citizens.create(s, {"legal_name": name, "cpr": cpr, "notes": "noter " * 200})
        journal.add(s, cid, {"occurred_at": "2026-03-12", "entry_type": "home_visit",
                             "note": "Besøg i hjemmet."})
    return s


def receiver_store(path: Path) -> database.Store:
    """Another worker's database with one citizen of its own, which a refused import must
    leave exactly as it was."""
    s = database.create_store(path, PASSPHRASE, worker_name="Bo Berg")
    citizens.create(s, {"legal_name": "Egen Borger"})
    return s
