"""Creating, opening, locking, rekeying and recovering the encrypted database."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hfdesk.errors import (
    DatabaseLocked,
    KeyFileError,
    NewerDatabase,
    NotADatabase,
    UserError,
    ValidationError,
    WrongPassphrase,
)
from hfdesk.store import citizens, database, journal, keyfile, migrations
from hfdesk.store.database import Store

ROOT = Path(__file__).resolve().parent.parent
NEW_PASS = "ny lang adgangssætning"
DANISH = ("æ", "ø", "å", "Æ", "Ø", "Å")


def danish(message: str) -> bool:
    """A worker-facing message: Danish words, not an exception's repr."""
    words = ("databasen", "nøglefil", "adgangssætning", "gendan", "filen", "mappen", "skriv",
             "vælg", "navn", "rolle", "hfdesk")
    low = message.lower()
    return any(w in low for w in words) and "Traceback" not in message


def add_people(store: Store, n: int = 30) -> list[str]:
    ids = []
    for i in range(n):
        cid, _ = citizens.create(store, {"legal_name": f"Person Nummer {i}",
                                         "notes": f"Noter om person {i}. " * 50})
        ids.append(cid)
    return ids


def reopen(db_path: Path, passphrase: str) -> Store:
    return database.open_store(db_path, passphrase)


def sidecars(db_path: Path) -> None:
    for ext in ("-wal", "-shm"):
        Path(str(db_path) + ext).unlink(missing_ok=True)


# --- create and open ---------------------------------------------------------------------------


def test_create_open_round_trip(store: Store, db_path: Path, passphrase: str,
                                citizen_id: str) -> None:
    assert store.worker_name == "Anne Holm"
    assert store.role == "bostoettemedarbejder"
    origin, worker = store.origin, store.worker_id
    store.close()
    assert keyfile.key_path_for(db_path).exists()
    with reopen(db_path, passphrase) as again:
        assert again.origin == origin
        assert again.worker_id == worker
        assert again.worker_name == "Anne Holm"
        row = citizens.get(again, citizen_id)
        assert row["legal_name"] == "Mia Louise Jensen"
        assert row["cpr"] == "120394-1234"
        assert row["birth_date"] == "1994-03-12"
        assert again.query("PRAGMA journal_mode")[0]["journal_mode"] == "wal"
        assert again.query("PRAGMA foreign_keys")[0]["foreign_keys"] == 1


def test_create_refuses_existing_database(store: Store, db_path: Path, passphrase: str) -> None:
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(UserError) as exc:
        database.create_store(db_path, passphrase, worker_name="Bo")
    assert "allerede" in exc.value.message
    assert db_path.read_bytes() == before
    reopen(db_path, passphrase).close()


def test_wrong_passphrase(store: Store, db_path: Path) -> None:
    store.close()
    with pytest.raises(WrongPassphrase) as exc:
        reopen(db_path, "forkert hest batteri")
    assert "Adgangssætningen er forkert" in exc.value.message
    assert danish(exc.value.message)


def test_missing_database_file(tmp_path: Path, passphrase: str) -> None:
    with pytest.raises(NotADatabase) as exc:
        reopen(tmp_path / "findes-ikke.db", passphrase)
    assert "ingen database" in exc.value.message


def test_missing_key_file(store: Store, db_path: Path, passphrase: str) -> None:
    store.close()
    keyfile.key_path_for(db_path).unlink()
    with pytest.raises(KeyFileError) as exc:
        reopen(db_path, passphrase)
    assert "mangler" in exc.value.message
    assert danish(exc.value.message)


def _damaged_key_files(original: bytes) -> dict[str, bytes]:
    data = json.loads(original)
    pw = data["passphrase"]
    return {
        "garbage": os.urandom(300),
        "empty": b"",
        "truncated json": original[: len(original) // 2],
        "not utf-8": b"\xff\xfe" + original,
        "json list": b"[1, 2, 3]",
        "json null": b"null",
        "json string": b'"hfdesk-key"',
        "wrong fields": json.dumps({"hello": "world"}).encode(),
        "wrong format": json.dumps({**data, "format": "other"}).encode(),
        "missing passphrase": json.dumps({k: v for k, v in data.items()
                                          if k != "passphrase"}).encode(),
        "passphrase not object": json.dumps({**data, "passphrase": "x"}).encode(),
        "bad base64 salt": json.dumps({**data, "passphrase": {**pw, "salt": "!!!"}}).encode(),
        "missing nonce": json.dumps({**data, "passphrase": {k: v for k, v in pw.items()
                                                            if k != "nonce"}}).encode(),
        "scrypt n not number": json.dumps({**data, "passphrase": {**pw, "n": "abc"}}).encode(),
        "scrypt n invalid": json.dumps({**data, "passphrase": {**pw, "n": 3}}).encode(),
        "version not number": json.dumps({**data, "version": "x"}).encode(),
        "newer version": json.dumps({**data, "version": 99}).encode(),
        "short ciphertext": json.dumps({**data, "passphrase": {**pw, "ciphertext": "AAAA"}}).encode(),
    }


DAMAGES = list(_damaged_key_files(json.dumps({"passphrase": {}}).encode()))


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_key_file(store: Store, db_path: Path, passphrase: str, damage: str) -> None:
    store.close()
    kpath = keyfile.key_path_for(db_path)
    original = kpath.read_bytes()
    db_before = db_path.read_bytes()
    kpath.write_bytes(_damaged_key_files(original)[damage])
    with pytest.raises(UserError) as exc:
        reopen(db_path, passphrase)
    # A wrong-length or tampered ciphertext may read as a wrong passphrase; anything else is
    # a damaged key file. Never a raw exception.
    if damage == "short ciphertext":
        assert isinstance(exc.value, KeyFileError | WrongPassphrase)
    else:
        assert isinstance(exc.value, KeyFileError), type(exc.value)
    assert danish(exc.value.message)
    assert db_path.read_bytes() == db_before
    kpath.write_bytes(original)
    reopen(db_path, passphrase).close()


@pytest.mark.parametrize("content", ["random", "text", "empty", "plain sqlite"])
def test_not_a_database(store: Store, db_path: Path, passphrase: str, content: str) -> None:
    store.close()
    sidecars(db_path)
    db_path.unlink()
    if content == "random":
        db_path.write_bytes(os.urandom(64 * 1024))
    elif content == "text":
        db_path.write_text("Dette er et brev, ikke en database.\n" * 200, "utf-8")
    elif content == "empty":
        db_path.write_bytes(b"")
    else:
        plain = sqlite3.connect(db_path)
        plain.execute("CREATE TABLE citizens (legal_name TEXT)")
        plain.execute("INSERT INTO citizens VALUES ('Ukrypteret')")
        plain.commit()
        plain.close()
    before = db_path.read_bytes()
    with pytest.raises(NotADatabase) as exc:
        reopen(db_path, passphrase)
    assert danish(exc.value.message)
    # Refused, not "repaired": the file is exactly as it was.
    assert db_path.read_bytes() == before
    # ... and the refusal left no lock behind.
    with pytest.raises(NotADatabase):
        reopen(db_path, passphrase)


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_truncated_database(store: Store, db_path: Path, passphrase: str,
                            fraction: float) -> None:
    add_people(store, 60)
    store.close()
    sidecars(db_path)
    kpath = keyfile.key_path_for(db_path)
    key_before = kpath.read_bytes()
    size = db_path.stat().st_size
    assert size > 64 * 1024
    with db_path.open("r+b") as f:
        f.truncate(int(size * fraction))
    with pytest.raises(UserError) as exc:
        s = reopen(db_path, passphrase)
        try:  # if opening succeeds, reading everything must still fail as a UserError
            citizens.list_all(s)
            journal.for_citizen(s, "x")
        finally:
            s.close()
    assert danish(exc.value.message)
    assert kpath.read_bytes() == key_before


# --- locking -------------------------------------------------------------------------------


def test_second_open_is_refused(store: Store, db_path: Path, passphrase: str) -> None:
    with pytest.raises(DatabaseLocked) as exc:
        reopen(db_path, passphrase)
    assert "allerede åben" in exc.value.message
    # The first instance is unharmed.
    citizens.create(store, {"legal_name": "Stadig Her"})
    store.close()
    with reopen(db_path, passphrase) as again:
        assert [c["legal_name"] for c in citizens.list_all(again)] == ["Stadig Her"]


def test_open_after_close_twice(store: Store, db_path: Path, passphrase: str) -> None:
    store.close()
    for _ in range(2):
        reopen(db_path, passphrase).close()


def test_crash_leaves_no_stale_lock(store: Store, db_path: Path, passphrase: str) -> None:
    store.close()
    code = (
        "import os, sys\n"
        "from hfdesk.store import database, citizens\n"
        "s = database.open_store(sys.argv[1], sys.argv[2])\n"
        "citizens.create(s, {'legal_name': 'Før Nedbrud'})\n"
        "print('open', flush=True)\n"
        "os._exit(1)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", code, str(db_path), passphrase], env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "open" in proc.stdout
    with reopen(db_path, passphrase) as again:
        # The committed write survived the crash, and the lock did not.
        assert [c["legal_name"] for c in citizens.list_all(again)] == ["Før Nedbrud"]


def test_lock_held_by_another_process(store: Store, db_path: Path, passphrase: str) -> None:
    store.close()
    code = (
        "import sys, time\n"
        "from hfdesk.store import database\n"
        "s = database.open_store(sys.argv[1], sys.argv[2])\n"
        "print('open', flush=True)\n"
        "sys.stdin.readline()\n"
        "s.close()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", code, str(db_path), passphrase], env=env,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
        with pytest.raises(DatabaseLocked):
            reopen(db_path, passphrase)
    finally:
        assert proc.stdin is not None
        proc.stdin.write("\n")
        proc.stdin.flush()
        proc.wait(timeout=120)
    reopen(db_path, passphrase).close()


# --- passphrase and recovery ---------------------------------------------------------------


def test_change_passphrase(store: Store, db_path: Path, passphrase: str,
                           citizen_id: str) -> None:
    database.change_passphrase(store, passphrase, NEW_PASS)
    store.close()
    with pytest.raises(WrongPassphrase):
        reopen(db_path, passphrase)
    with reopen(db_path, NEW_PASS) as again:
        assert citizens.get(again, citizen_id)["legal_name"] == "Mia Louise Jensen"


def test_change_passphrase_refuses_wrong_old_and_weak_new(store: Store, db_path: Path,
                                                         passphrase: str) -> None:
    kpath = keyfile.key_path_for(db_path)
    before = kpath.read_bytes()
    with pytest.raises(WrongPassphrase):
        database.change_passphrase(store, "ikke den gamle", NEW_PASS)
    with pytest.raises(ValidationError) as exc:
        database.change_passphrase(store, passphrase, "kort")
    assert exc.value.field == "passphrase"
    assert kpath.read_bytes() == before


def test_recovery(db_path: Path, passphrase: str) -> None:
    private = X25519PrivateKey.generate()
    s = database.create_store(db_path, passphrase, worker_name="Anne Holm",
                              recovery=private.public_key())
    cid, _ = citizens.create(s, {"legal_name": "Gendannet Person", "cpr": "010180-1111"})
    s.close()
    # The passphrase is forgotten; the municipality's private key sets a new one.
    with database.recover(db_path, private, NEW_PASS) as s:
        assert citizens.get(s, cid)["legal_name"] == "Gendannet Person"
    with pytest.raises(WrongPassphrase):
        reopen(db_path, passphrase)
    with reopen(db_path, NEW_PASS) as s:
        assert citizens.get(s, cid)["cpr"] == "010180-1111"


def test_recovery_with_wrong_private_key(db_path: Path, passphrase: str) -> None:
    private = X25519PrivateKey.generate()
    database.create_store(db_path, passphrase, worker_name="Anne Holm",
                           recovery=private.public_key()).close()
    kpath = keyfile.key_path_for(db_path)
    before = kpath.read_bytes()
    with pytest.raises(KeyFileError) as exc:
        database.recover(db_path, X25519PrivateKey.generate(), NEW_PASS)
    assert "Gendannelsesnøglen passer ikke" in exc.value.message
    assert kpath.read_bytes() == before
    reopen(db_path, passphrase).close()


def test_recovery_without_recovery_key(store: Store, db_path: Path) -> None:
    store.close()
    with pytest.raises(KeyFileError) as exc:
        database.recover(db_path, X25519PrivateKey.generate(), NEW_PASS)
    assert "ingen gendannelsesnøgle" in exc.value.message


def test_recovery_refuses_weak_new_passphrase(db_path: Path, passphrase: str) -> None:
    private = X25519PrivateKey.generate()
    database.create_store(db_path, passphrase, worker_name="Anne Holm",
                          recovery=private.public_key()).close()
    with pytest.raises(ValidationError):
        database.recover(db_path, private, "kort")
    reopen(db_path, passphrase).close()


def test_set_recovery_key_later(store: Store, db_path: Path, citizen_id: str) -> None:
    private = X25519PrivateKey.generate()
    assert not keyfile.KeyFile.load(keyfile.key_path_for(db_path)).has_recovery
    database.set_recovery_key(store, private.public_key())
    assert keyfile.KeyFile.load(keyfile.key_path_for(db_path)).has_recovery
    store.close()
    with database.recover(db_path, private, NEW_PASS) as s:
        assert citizens.get(s, citizen_id)["preferred_name"] == "Mia"
    reopen(db_path, NEW_PASS).close()


def test_recovery_key_pem_round_trip() -> None:
    private = X25519PrivateKey.generate()
    pub = keyfile.load_public_key(keyfile.public_key_to_pem(private.public_key()))
    assert pub.public_bytes_raw() == private.public_key().public_bytes_raw()
    priv = keyfile.load_private_key(keyfile.private_key_to_pem(private))
    assert priv.private_bytes_raw() == private.private_bytes_raw()
    for junk in (b"", b"not a key", b"-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"):
        with pytest.raises(UserError):
            keyfile.load_public_key(junk)
        with pytest.raises(UserError):
            keyfile.load_private_key(junk)


# --- refusing to create --------------------------------------------------------------------


@pytest.mark.parametrize("kwargs,field", [
    ({"passphrase": "kort"}, "passphrase"),
    ({"passphrase": ""}, "passphrase"),
    ({"passphrase": "aaaaaaaaaaaaaaaa"}, "passphrase"),
    ({"worker_name": ""}, "worker_name"),
    ({"worker_name": "   \t "}, "worker_name"),
    ({"worker_name": "x" * 201}, "worker_name"),
    ({"role": "chef"}, "role"),
    ({"role": ""}, "role"),
])
def test_create_refuses_bad_input(tmp_path: Path, passphrase: str, kwargs: dict[str, str],
                                  field: str) -> None:
    args = {"passphrase": passphrase, "worker_name": "Anne Holm", "role": "teamleder", **kwargs}
    with pytest.raises(ValidationError) as exc:
        database.create_store(tmp_path / "hfdesk.db", args.pop("passphrase"), **args)
    assert exc.value.field == field
    assert danish(exc.value.message) or "tegn" in exc.value.message
    assert list(tmp_path.iterdir()) == []


def test_create_in_read_only_folder(tmp_path: Path, passphrase: str) -> None:
    folder = tmp_path / "laast"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user (root) for whom a 0o500 folder is still writable")
        with pytest.raises(UserError) as exc:
            database.create_store(folder / "hfdesk.db", passphrase, worker_name="Anne Holm")
        assert danish(exc.value.message)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_create_where_a_file_blocks_the_folder(tmp_path: Path, passphrase: str) -> None:
    blocker = tmp_path / "ikke-en-mappe"
    blocker.write_text("x", "utf-8")
    with pytest.raises(UserError) as exc:
        database.create_store(blocker / "hfdesk.db", passphrase, worker_name="Anne Holm")
    assert "Mappen" in exc.value.message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ikke-en-mappe"]


# --- nothing in the clear ------------------------------------------------------------------

SECRET_NAMES = ("Quintessa Bjørnfeldt-Ravnsborg", "Zebulon Æblegrød")
SECRET_CPRS = ("070583-4619", "240199-7723")
SECRET_NOTE = "Hemmeligtnotatord Xylofonbesøg"


def _needles() -> list[bytes]:
    out: list[bytes] = []
    texts = [*SECRET_NAMES, *(n.split()[0] for n in SECRET_NAMES), *SECRET_CPRS,
             *(c.replace("-", "") for c in SECRET_CPRS), *SECRET_NOTE.split()]
    for t in texts:
        for enc in ("utf-8", "utf-16-le", "utf-16-be"):
            out.append(t.encode(enc))
        out.append(t.lower().encode("utf-8"))
    return out


def _files_leaking(folder: Path) -> list[str]:
    leaks = []
    for f in sorted(folder.iterdir()):
        if not f.is_file():
            continue
        data = f.read_bytes()
        for needle in _needles():
            if needle in data:
                leaks.append(f"{f.name}: {needle!r}")
    return leaks


def _add_secrets(store: Store) -> None:
    for name, cpr in zip(SECRET_NAMES, SECRET_CPRS, strict=True):
        cid, _ = citizens.create(store, {"legal_name": name, "cpr": cpr})
        journal.add(store, cid, {"occurred_at": "2026-03-12", "entry_type": "home_visit",
                                 "note": f"{SECRET_NOTE} hos {name}"})


def test_nothing_in_the_clear_while_open(store: Store, db_path: Path) -> None:
    _add_secrets(store)
    wal = Path(str(db_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0
    assert _files_leaking(db_path.parent) == []


def test_nothing_in_the_clear_after_close(store: Store, db_path: Path, passphrase: str) -> None:
    _add_secrets(store)
    store.close()
    assert _files_leaking(db_path.parent) == []
    assert keyfile.key_path_for(db_path).exists()
    # And the passphrase itself is not in the key file either.
    assert passphrase.encode() not in keyfile.key_path_for(db_path).read_bytes()
    with reopen(db_path, passphrase) as again:
        names = {c["legal_name"] for c in citizens.list_all(again)}
    assert names == set(SECRET_NAMES)


def test_leak_check_would_see_plaintext(tmp_path: Path) -> None:
    # The scan itself works: a plain SQLite file with the same data is caught.
    plain = sqlite3.connect(tmp_path / "plain.db")
    plain.execute("CREATE TABLE t (name TEXT, cpr TEXT)")
    plain.execute("INSERT INTO t VALUES (?, ?)", [SECRET_NAMES[0], SECRET_CPRS[0]])
    plain.commit()
    plain.close()
    assert _files_leaking(tmp_path)


# --- migrations ----------------------------------------------------------------------------


def test_schema_version(store: Store) -> None:
    assert migrations.schema_version() == migrations.KNOWN[-1]
    assert migrations.KNOWN[0] == "0001_core"
    assert migrations.applied_names(store.db) == migrations.KNOWN


def test_newer_database_is_refused(store: Store, db_path: Path, passphrase: str) -> None:
    store.db.execute(
        "INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES (?, ?, ?)",
        [migrations.MIGRATION_SET, "0099_from_the_future", "2030-01-01 00:00:00"],
    )
    store.db.conn.commit()
    store.close()
    with pytest.raises(NewerDatabase) as exc:
        reopen(db_path, passphrase)
    assert "nyere version" in exc.value.message
    # The refusal released the lock: the same error again, not DatabaseLocked.
    with pytest.raises(NewerDatabase):
        reopen(db_path, passphrase)


def test_reopen_runs_no_migration_and_makes_no_backup(store: Store, db_path: Path,
                                                      passphrase: str) -> None:
    store.close()
    reopen(db_path, passphrase).close()
    assert not list(db_path.parent.glob("*.bak"))


def test_recovery_failing_to_save_key_file_releases_lock(
        db_path: Path, passphrase: str, monkeypatch: pytest.MonkeyPatch) -> None:
    private = X25519PrivateKey.generate()
    database.create_store(db_path, passphrase, worker_name="Anne Holm",
                          recovery=private.public_key()).close()
    before = keyfile.key_path_for(db_path).read_bytes()

    def disk_full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(keyfile.os, "replace", disk_full)
        with pytest.raises(UserError) as exc:
            database.recover(db_path, private, NEW_PASS)
    assert "Nøglefilen kunne ikke gemmes" in exc.value.message
    assert keyfile.key_path_for(db_path).read_bytes() == before
    # Not "already open": the failed attempt let go of the database.
    with database.recover(db_path, private, NEW_PASS):
        pass
    reopen(db_path, NEW_PASS).close()


def test_integrity_of_a_fresh_store(store: Store, citizen_id: str) -> None:
    assert database.integrity(store) == (["ok"], 0)
