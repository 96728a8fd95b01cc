"""A pending migration on an existing file: backup first, then apply, foreign keys checked."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from hfdesk.errors import UserError
from hfdesk.store import citizens, database, migrations


@contextlib.contextmanager
def registered(name: str, fn: Callable[[Database], None]) -> Iterator[None]:
    """One more migration for the duration of a test, as a later release would add it."""
    migrations.migrations(name=name)(fn)
    migrations.KNOWN.append(name)
    try:
        yield
    finally:
        migrations.migrations._migrations.pop()
        migrations.KNOWN.remove(name)


def _make_db(db_path: Path, passphrase: str) -> str:
    with database.create_store(db_path, passphrase, worker_name="Anne Holm") as store:
        cid, _ = citizens.create(store, {"legal_name": "Mia Louise Jensen"})
    return cid


def test_pending_migration_backs_up_first_then_applies(tmp_path: Path, passphrase: str) -> None:
    db_path = tmp_path / "hfdesk.db"
    cid = _make_db(db_path, passphrase)

    def add_column(db: Database) -> None:
        db.execute("ALTER TABLE citizens ADD COLUMN test_column TEXT")

    with registered("9999_test_column", add_column):
        with database.open_store(db_path, passphrase) as store:
            cols = {r["name"] for r in store.query("PRAGMA table_info(citizens)")}
            assert "test_column" in cols
            key = store.key
    backup = db_path.with_name(f"{db_path.name}.before-9999_test_column.bak")
    assert backup.exists()
    # The backup is encrypted with the same key and holds the data as it was before.
    assert b"Mia Louise Jensen" not in backup.read_bytes()
    with database.open_with_key(backup, key, lock=False) as old:
        assert citizens.get(old, cid)["legal_name"] == "Mia Louise Jensen"
        assert "test_column" not in {r["name"] for r in old.query("PRAGMA table_info(citizens)")}


def test_failing_migration_rolls_back_and_keeps_data(tmp_path: Path, passphrase: str) -> None:
    db_path = tmp_path / "hfdesk.db"
    cid = _make_db(db_path, passphrase)

    def broken(db: Database) -> None:
        db.execute("ALTER TABLE citizens ADD COLUMN half_done TEXT")
        raise UserError("migration failed on purpose")

    with registered("9998_broken", broken), pytest.raises(UserError):
        database.open_store(db_path, passphrase)
    with database.open_store(db_path, passphrase) as store:
        cols = {r["name"] for r in store.query("PRAGMA table_info(citizens)")}
        assert "half_done" not in cols
        assert citizens.get(store, cid)["legal_name"] == "Mia Louise Jensen"
