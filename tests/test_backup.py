"""Backups: encrypted copy + key file + manifest, verified; restore to a new file only."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hfdesk import demo
from hfdesk.errors import UserError, WrongPassphrase
from hfdesk.exchange import backup
from hfdesk.store import audit, citizens, database, exchange
from hfdesk.store.database import Store

PASS = "korrekt hest batteri"
NEW_PASS = "en helt ny lang sætning"


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    recovery = X25519PrivateKey.generate()
    s = database.create_store(tmp_path / "demo.db", PASS, worker_name="Demo Medarbejder",
                              demo=True, recovery=recovery.public_key())
    s.meta["_recovery"] = recovery.private_bytes_raw().hex()
    demo.generate(s, "worker")
    try:
        yield s
    finally:
        s.close()


def test_backup_manifest_and_members(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    manifest = backup.backup(demo_store, out)
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        stored = json.loads(zf.read("manifest.json"))
    assert names == {"hfdesk.db", "hfdesk.db.key", "manifest.json"}
    assert stored["format"] == "hfdesk-backup" and stored["version"] == 1
    assert stored["demo"] is True and manifest["demo"] is True
    assert stored["counts"]["citizens"] == 25
    assert set(stored["members"]) == {"hfdesk.db", "hfdesk.db.key"}
    assert all(len(m["sha256"]) == 64 for m in stored["members"].values())
    for key in ("created", "app_version", "audit_head", "audit_count"):
        assert key in stored
    # The backup itself is audited in the live database.
    assert audit.head(demo_store)[0] == stored["audit_count"] + 1


def test_backup_never_contains_names_or_cpr(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    backup.backup(demo_store, out)
    data = out.read_bytes()
    people = citizens.list_all(demo_store)
    assert people
    for c in people:
        assert c["legal_name"].encode("utf-8") not in data
        if c.get("cpr"):
            assert c["cpr"].encode() not in data
            assert c["cpr"].replace("-", "").encode() not in data


def test_backup_refuses_existing_file(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    out.write_bytes(b"x")
    with pytest.raises(UserError, match="findes allerede"):
        backup.backup(store, out)


def test_restore_to_new_file_verifies_and_matches(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    backup.backup(demo_store, out)
    target = tmp_path / "restored" / "hfdesk.db"
    manifest = backup.restore(out, target, passphrase=PASS)
    with database.open_store(target, PASS) as restored:
        counts = exchange.counts(restored)
        assert {k: v for k, v in counts.items() if k != "audit"} == {
            k: v for k, v in manifest["counts"].items() if k != "audit"}
        assert restored.is_demo
        assert audit.verify(restored).ok
    with pytest.raises(UserError, match="ny fil"):
        backup.restore(out, target, passphrase=PASS)


def test_restore_wrong_passphrase_places_nothing(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    backup.backup(demo_store, out)
    target = tmp_path / "r.db"
    with pytest.raises(WrongPassphrase):
        backup.restore(out, target, passphrase="forkert forkert")
    assert not target.exists()
    assert not list(tmp_path.glob("r.db*"))


def test_restore_with_recovery_key_is_audited(demo_store: Store, tmp_path: Path) -> None:
    private = X25519PrivateKey.from_private_bytes(bytes.fromhex(demo_store.meta["_recovery"]))
    out = tmp_path / "b.zip"
    backup.backup(demo_store, out)
    target = tmp_path / "r.db"
    with pytest.raises(UserError, match="begrundelse"):
        backup.restore(out, target, recovery=private, new_passphrase=NEW_PASS, reason=" ")
    backup.restore(out, target, recovery=private, new_passphrase=NEW_PASS,
                   reason="medarbejder stoppet")
    with database.open_store(target, NEW_PASS) as restored:
        actions = [r["action"] for r in restored.query(
            "SELECT action FROM audit ORDER BY seq DESC LIMIT 2")]
        assert "recover" in actions and "restore" in actions
        assert audit.verify(restored).ok


def test_restore_refuses_tampered_backup(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    backup.backup(demo_store, out)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(bad, "w") as dst:
        dst.comment = src.comment
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "hfdesk.db":
                data = data[:5000] + bytes([data[5000] ^ 1]) + data[5001:]
            dst.writestr(info.filename, data)
    with pytest.raises(UserError, match="afvises"):
        backup.restore(bad, tmp_path / "r.db", passphrase=PASS)
    assert not (tmp_path / "r.db").exists()


def _names(start: datetime, days: int, per_day: int = 1) -> list[str]:
    out = []
    for d in range(days):
        for h in range(per_day):
            out.append(backup.backup_name(start - timedelta(days=d, hours=h)))
    return out


def test_rotation_keeps_7_daily_and_4_weekly() -> None:
    names = _names(datetime(2026, 6, 30, 20, 0), 90, per_day=2)
    keep, drop = backup.rotation(names)
    assert len(keep) == 11
    assert set(keep) | set(drop) == set(names) and not set(keep) & set(drop)
    days = {n[14:22] for n in keep}
    assert len(days) == 11
    # the newest of each of the last seven days
    for d in range(7):
        when = datetime(2026, 6, 30, 20, 0) - timedelta(days=d)
        assert backup.backup_name(when) in keep


def test_rotation_few_backups_keeps_all_and_unknown_names() -> None:
    names = _names(datetime(2026, 6, 30, 20, 0), 3) + ["notes.txt"]
    keep, drop = backup.rotation(names)
    assert drop == [] and set(keep) == set(names)


def test_rotate_deletes_files(tmp_path: Path) -> None:
    for n in _names(datetime(2026, 6, 30, 20, 0), 60):
        (tmp_path / n).write_bytes(b"")
    gone = backup.rotate(tmp_path)
    assert len(list(tmp_path.glob("*.zip"))) == 11
    assert len(gone) == 49


def test_automatic_backup_writes_verifies_and_rotates(store: Store, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    for n in _names(datetime(2026, 6, 29, 20, 0), 40):
        (folder / n).write_bytes(b"")
    assert backup.due_today(folder, now=datetime(2026, 6, 30, 9, 0))
    result = backup.automatic(store, folder, now=datetime(2026, 6, 30, 9, 0))
    assert result["path"].exists() and result["warning"]  # tmp_path: same disk as the db
    assert not backup.due_today(folder, now=datetime(2026, 6, 30, 12, 0))
    assert len(list(folder.glob("*.zip"))) == 11
    with pytest.raises(UserError, match="backupmappe"):
        backup.automatic(store, None)


def test_replace_live_keeps_the_old_database_beside_it(store: Store, tmp_path: Path) -> None:
    from hfdesk.store import keyfile

    cid, _ = citizens.create(store, {"legal_name": "Mia Jensen"})
    out = tmp_path / "b.zip"
    backup.backup(store, out)
    restored = tmp_path / "restored.db"
    backup.restore(out, restored, passphrase=PASS)
    citizens.create(store, {"legal_name": "Kun I Den Gamle"})
    live = store.path
    store.close()
    kept = backup.replace_live(live, restored)
    assert kept.exists() and keyfile.key_path_for(kept).exists()
    assert not restored.exists()
    with database.open_store(live, PASS) as now:
        assert [c["id"] for c in citizens.list_all(now)] == [cid]
        assert audit.verify(now).ok
    with database.open_store(kept, PASS) as old:
        assert len(citizens.list_all(old)) == 2
    with pytest.raises(UserError, match="findes ikke"):
        backup.replace_live(live, restored)
