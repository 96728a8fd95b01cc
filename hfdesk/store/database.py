"""Opening, creating and locking the worker's encrypted database.

SQLCipher through `sqlcipher3`, registered as sqlite-utils' `pysqlite3` module before sqlite-utils
is imported (otherwise sqlite-utils binds the stdlib module and misses sqlcipher3's error classes).
Connections open with the raw 32-byte key, never a passphrase, so opening is fast; the key lives
in memory only.
"""

from __future__ import annotations

import contextlib
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3

sys.modules.setdefault("pysqlite3", sqlcipher3)
sys.modules.setdefault("pysqlite3.dbapi2", sqlcipher3.dbapi2)

import filelock  # noqa: E402
from cryptography.hazmat.primitives.asymmetric.x25519 import (  # noqa: E402
    X25519PrivateKey,
    X25519PublicKey,
)
from sqlite_utils import Database  # noqa: E402

from hfdesk.domain import worker  # noqa: E402
from hfdesk.errors import DatabaseLocked, NotADatabase, UserError, ValidationError  # noqa: E402
from hfdesk.store import keyfile  # noqa: E402
from hfdesk.store.clock import utc_now  # noqa: E402

DatabaseError = sqlcipher3.DatabaseError
ROLES = worker.ROLES


def storage_error(exc: sqlcipher3.OperationalError) -> UserError | None:
    """SQLite's "the disk said no" as a Danish message, or None for any other error.

    SQLite rolls the transaction back on these, so what was saved before stays as it was."""
    text = str(exc).lower()
    if "full" in text:  # SQLITE_FULL: the disk (or the page limit) is full
        return UserError("Der er ikke plads på disken, så den sidste ændring blev ikke gemt. "
                         "Det, der allerede var gemt, er uændret. Frigør plads, og prøv igen.")
    if "readonly" in text or "read-only" in text:
        return UserError("Databasen kan ikke skrives lige nu (filen eller mappen er "
                         "skrivebeskyttet), så den sidste ændring blev ikke gemt. Det, der "
                         "allerede var gemt, er uændret.")
    if "disk i/o" in text:
        return UserError("Disken svarede med en fejl, så den sidste ændring blev ikke gemt. "
                         "Det, der allerede var gemt, er uændret. Tjek disken, og tag en backup.")
    return None


class _Database(Database):
    """sqlite-utils' Database whose transactions turn a full or read-only disk into a
    UserError (after the rollback), so every store function says it in Danish."""

    @contextlib.contextmanager
    def atomic(self) -> Iterator[None]:
        try:
            with super().atomic():
                yield
        except sqlcipher3.OperationalError as exc:
            translated = storage_error(exc)
            if translated is None:
                raise
            raise translated from exc


def _connect(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        conn.close()
        raise NotADatabase(
            f"{path.name} kan ikke åbnes: filen er ikke en hfdesk-database, den er beskadiget, "
            "eller nøglefilen hører til en anden database. Gendan fra en backup."
        ) from exc
    return conn


def _set_pragmas(conn: sqlcipher3.Connection) -> None:
    # FULL: a laptop that dies on battery must not lose the last committed edit.
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA busy_timeout = 5000")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _take_lock(path: Path) -> filelock.BaseFileLock:
    # An OS advisory lock: the kernel drops it when the process dies, so no stale lock.
    lock = filelock.FileLock(str(path) + ".lock", timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout as exc:
        raise DatabaseLocked(
            "Databasen er allerede åben i et andet hfdesk-vindue. Luk det først."
        ) from exc
    except OSError as exc:
        raise UserError(
            f"Mappen {path.parent} kan ikke skrives i ({exc.strerror}). "
            "Vælg en mappe på din egen disk, hvor du har skriveadgang."
        ) from exc
    return lock


@dataclass
class Store:
    """An open, unlocked database. Area modules take it as their first argument."""

    path: Path
    db: Database
    # Kept out of repr: a traceback or log line must never show the key or the private key.
    key: bytes = field(repr=False)
    lock: filelock.BaseFileLock | None = field(repr=False)
    meta: dict[str, str] = field(default_factory=dict, repr=False)

    # identity -------------------------------------------------------------------------
    @property
    def origin(self) -> str:
        return self.meta["database_id"]

    @property
    def worker_id(self) -> str:
        return self.meta["worker_id"]

    @property
    def worker_name(self) -> str:
        return self.meta.get("worker_name", "")

    @property
    def role(self) -> str:
        return self.meta.get("role", "bostoettemedarbejder")

    @property
    def is_demo(self) -> bool:
        return self.meta.get("demo") == "1"

    @property
    def conn(self) -> sqlcipher3.Connection:
        return self.db.conn

    def set_meta(self, name: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta(name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            [name, value],
        )
        self.meta[name] = value

    def reload_meta(self) -> None:
        self.meta = {r[0]: r[1] for r in self.db.execute("SELECT name, value FROM meta")}

    def worker_private_key(self) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(bytes.fromhex(self.meta["worker_private_key"]))

    def worker_public_key(self) -> X25519PublicKey:
        return self.worker_private_key().public_key()

    def query(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        cur = self.db.execute(sql, params)
        cols = [c[0] for c in cur.description or ()]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def close(self) -> None:
        try:
            self.db.conn.close()
        finally:
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    # locking the app (Ctrl+L, idle, sleep) ----------------------------------------------
    @property
    def suspended(self) -> bool:
        return not self.key

    def suspend(self) -> None:
        """Forget the key: close the connection (SQLCipher wipes its key material and page
        cache) and drop every reference this object holds to the key and the worker's private
        key. The file lock stays held, so no other hfdesk opens the file meanwhile. Python
        cannot wipe the bytes objects themselves; with no reference left they are freed."""
        if self.suspended:
            return
        self.db.conn.close()
        self.key = b""
        self.meta.pop("worker_private_key", None)

    def resume(self, passphrase: str) -> None:
        """Unwrap the key with the passphrase again and reopen the same file. A wrong
        passphrase raises WrongPassphrase and leaves the store suspended."""
        key = keyfile.KeyFile.load(keyfile.key_path_for(self.path)).unwrap(passphrase)
        conn = _connect(self.path, key)
        try:
            _set_pragmas(conn)
            db = _Database(conn)
            meta = {r[0]: r[1] for r in db.execute("SELECT name, value FROM meta")}
            if meta.get("database_id") != self.meta.get("database_id"):
                raise NotADatabase("Nøglefilen hører ikke til den database, der var åben.")
        except BaseException:
            conn.close()
            raise
        self.db, self.key, self.meta = db, key, meta

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _open_with_key(path: Path, key: bytes, *, lock: bool = True, new: bool = False) -> Store:
    from hfdesk.store import migrations

    held = _take_lock(path) if lock else None
    conn = None
    try:
        conn = _connect(path, key)
        # Never write into an existing file that is not ours (e.g. an emptied file): checked
        # before the pragmas, since switching to WAL already writes a header.
        if not new and conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
        ).fetchone() is None:
            raise NotADatabase(f"{path.name} er ikke en hfdesk-database.")
        _set_pragmas(conn)
        db = _Database(conn)
        store = Store(path=path, db=db, key=key, lock=held)
        migrations.migrate(store)
        store.reload_meta()
        if not new and "database_id" not in store.meta:
            raise NotADatabase(f"{path.name} er ikke en hfdesk-database.")
        return store
    except BaseException:
        if conn is not None:
            conn.close()
        if held is not None:
            held.release()
        raise


def open_with_key(path: Path, key: bytes, *, lock: bool = True) -> Store:
    try:
        return _open_with_key(Path(path), key, lock=lock)
    except DatabaseError as exc:
        raise NotADatabase(
            f"{Path(path).name} er beskadiget ({exc}). Gendan den fra en backup."
        ) from exc


def open_store(path: Path, passphrase: str) -> Store:
    """Unlock with the passphrase: unwrap the key from the key file, then open with it."""
    path = Path(path)
    if not path.exists():
        raise NotADatabase(
            f"Der findes ingen database på {path}. Opret en ny, eller vælg den rigtige fil."
        )
    key = keyfile.KeyFile.load(keyfile.key_path_for(path)).unwrap(passphrase)
    return open_with_key(path, key)


def create_store(
    path: Path, passphrase: str, *, worker_name: str, role: str = "bostoettemedarbejder",
    recovery: X25519PublicKey | None = None, demo: bool = False,
) -> Store:
    """A new, empty, encrypted database with its key file and the worker's identity."""
    path = Path(path)
    worker_name, role = worker.validate(worker_name, role)
    weak = keyfile.check_passphrase_strength(passphrase)
    if weak:
        raise ValidationError(weak, field="passphrase")
    kpath = keyfile.key_path_for(path)
    if path.exists() or kpath.exists():
        raise UserError(
            f"Der ligger allerede en database på {path}. Vælg et andet navn, eller åbn den."
        )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(
            f"Mappen {path.parent} kan ikke oprettes ({exc.strerror}). Vælg en anden mappe."
        ) from exc
    key = keyfile.new_database_key()
    database_id = str(uuid.uuid4())
    store = None
    try:
        store = _open_new(path, key)
        worker_key = X25519PrivateKey.generate()
        with store.db.atomic():
            for name, value in {
                "database_id": database_id,
                "worker_id": str(uuid.uuid4()),
                "worker_name": worker_name,
                "role": role,
                "created_at": utc_now(),
                "demo": "1" if demo else "0",
                "worker_private_key": worker_key.private_bytes_raw().hex(),
            }.items():
                store.set_meta(name, value)
        keyfile.KeyFile.create(kpath, database_id, key, passphrase, recovery)
        return store
    except BaseException:
        if store is not None:
            store.close()
        for leftover in (path, kpath, Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            leftover.unlink(missing_ok=True)
        raise


def _open_new(path: Path, key: bytes) -> Store:
    try:
        return _open_with_key(path, key, new=True)
    except DatabaseError as exc:
        raise UserError(
            f"Databasen kunne ikke oprettes i {path.parent}: {exc}. "
            "Tjek at mappen findes, og at du har skriveadgang."
        ) from exc


def change_passphrase(store: Store, old: str, new: str) -> None:
    kf = keyfile.KeyFile.load(keyfile.key_path_for(store.path))
    if kf.unwrap(old) != store.key:
        raise UserError("Nøglefilen hører ikke til den åbne database.")
    weak = keyfile.check_passphrase_strength(new)
    if weak:
        raise ValidationError(weak, field="passphrase")
    kf.rewrap(store.key, new)


def recover(path: Path, private: X25519PrivateKey, new_passphrase: str) -> Store:
    """Set a new passphrase using the municipality's recovery private key."""
    path = Path(path)
    weak = keyfile.check_passphrase_strength(new_passphrase)
    if weak:
        raise ValidationError(weak, field="passphrase")
    kf = keyfile.KeyFile.load(keyfile.key_path_for(path))
    key = kf.unwrap_with_recovery(private)
    store = open_with_key(path, key)
    try:
        kf.rewrap(key, new_passphrase)
    except BaseException:
        store.close()  # otherwise the lock stays held and the next attempt says "already open"
        raise
    return store


def set_recovery_key(store: Store, public: X25519PublicKey | None) -> None:
    kf = keyfile.KeyFile.load(keyfile.key_path_for(store.path))
    kf.set_recovery(store.key, public)


def integrity(store: Store) -> tuple[list[str], int]:
    """SQLite's own checks, for `hfdesk check`: (quick_check lines, ["ok"] when sound;
    number of broken foreign-key references)."""
    lines = [str(r[0]) for r in store.db.execute("PRAGMA quick_check").fetchall()]
    broken = len(store.db.execute("PRAGMA foreign_key_check").fetchall())
    return lines, broken
