"""A full disk, a read-only folder or a file where a folder should be, during save, backup,
export and passphrase change: a clear Danish message and the previous state intact. And the
warning for a database in a synced or network folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from hfdesk import paths
from hfdesk.errors import UserError
from hfdesk.exchange import backup, export, package
from hfdesk.store import audit, citizens, database, exchange, journal, keyfile, plans
from hfdesk.store.database import Store

ROOT = os.name != "nt" and os.geteuid() == 0  # root ignores permission bits


def snapshot(store: Store) -> dict[str, int]:
    return exchange.counts(store)


def fill_the_disk(store: Store) -> None:
    """SQLITE_FULL from the real database: no page may be added from now on."""
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")


def test_full_disk_on_save_keeps_what_was_saved(store: Store, citizen_id: str) -> None:
    journal.add(store, citizen_id, {"occurred_at": "2026-03-12", "entry_type": "home_visit",
                                    "note": "Første notat."})
    before = snapshot(store)
    head = audit.head(store)
    fill_the_disk(store)
    big = "Et langt notat om besøget. " * 2000
    with pytest.raises(UserError) as err:
        for _ in range(20):  # the last free bytes of a page may take one or two
            journal.add(store, citizen_id, {"occurred_at": "2026-03-13",
                                            "entry_type": "home_visit", "note": big})
    assert "plads" in err.value.message and "Traceback" not in err.value.message
    store.db.execute("PRAGMA max_page_count = 1073741823")
    # Whatever got in before the disk filled is whole; nothing half-written.
    assert database.integrity(store) == (["ok"], 0)
    assert audit.verify(store).ok
    assert snapshot(store)["journal_entries"] >= before["journal_entries"]
    assert audit.head(store)[0] >= head[0]
    # And the app goes on: the next save works once there is room.
    citizens.update(store, citizen_id, {"phone": "22 33 44 55"})
    assert citizens.get(store, citizen_id)["phone"] == "22 33 44 55"


def test_full_disk_on_an_edit_leaves_the_old_text(store: Store, citizen_id: str) -> None:
    pid = plans.ensure(store, citizen_id)
    plans.update_plan(store, pid, {"wish": "Egen bolig."})
    fill_the_disk(store)
    with pytest.raises(UserError):
        for i in range(20):
            plans.update_plan(store, pid, {"wish": f"{i} " + "Egen bolig med have. " * 2000})
    store.db.execute("PRAGMA max_page_count = 1073741823")
    assert plans.get(store, pid)["wish"] in ("Egen bolig.",) or \
        plans.get(store, pid)["wish"].endswith("Egen bolig med have.")
    assert database.integrity(store) == (["ok"], 0) and audit.verify(store).ok


def test_the_autosave_draft_survives_a_full_disk(store: Store, citizen_id: str) -> None:
    from hfdesk.store import drafts

    fill_the_disk(store)
    with pytest.raises(UserError) as err:
        for i in range(20):
            drafts.put(store, f"form-{i}", {"note": "x" * 50_000}, citizen_id)
    assert "plads" in err.value.message


def _blocked_folder(tmp_path: Path) -> Path:
    """A file where the folder should be: refused the same way for root and everyone."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    return blocker


def test_backup_into_a_blocked_folder(store: Store, citizen_id: str, tmp_path: Path) -> None:
    before = snapshot(store)
    out = _blocked_folder(tmp_path) / "hfdesk-backup-20260101-120000.zip"
    with pytest.raises(UserError) as err:
        backup.backup(store, out)
    assert "kan ikke" in err.value.message or "mappe" in err.value.message
    assert snapshot(store) == before
    assert database.integrity(store) == (["ok"], 0)
    with pytest.raises(UserError):
        backup.automatic(store, tmp_path / "not-a-folder" / "sub")


def test_export_into_a_blocked_folder(store: Store, citizen_id: str, tmp_path: Path) -> None:
    before = snapshot(store)
    out = _blocked_folder(tmp_path) / "eksport.zip"
    with pytest.raises(UserError) as err:
        export.export(store, out, lock=package.lock_passphrase("korrekt hest batteri"))
    assert "eksport.zip" in err.value.message or "mappe" in err.value.message
    assert snapshot(store) == before
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.skipif(ROOT, reason="root writes into read-only folders")
def test_read_only_folders(store: Store, citizen_id: str, tmp_path: Path,
                           passphrase: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserError):
            backup.backup(store, folder / "hfdesk-backup-20260101-120000.zip")
        with pytest.raises(UserError):
            export.export(store, folder / "eksport.zip", lock=package.lock_plain())
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)


def test_passphrase_change_that_cannot_write_keeps_the_old_key_file(
        store: Store, passphrase: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kpath = keyfile.key_path_for(store.path)
    old = kpath.read_bytes()

    def no_room(*_args: object, **_kw: object) -> int:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "write", no_room)
    with pytest.raises(UserError) as err:
        database.change_passphrase(store, passphrase, "en helt ny lang sætning")
    monkeypatch.undo()
    assert "Nøglefilen kunne ikke gemmes" in err.value.message
    assert kpath.read_bytes() == old
    assert not kpath.with_name(kpath.name + ".tmp").exists()
    assert keyfile.KeyFile.load(kpath).unwrap(passphrase) == store.key


# --- a database in a synced or network folder ------------------------------------------------


@pytest.mark.parametrize("path", [
    "/home/anne/OneDrive - Aarhus Kommune/hfdesk/hfdesk.db",
    "/Users/anne/Dropbox/hfdesk.db",
    "/Users/anne/Library/Mobile Documents/com~apple~CloudDocs/hfdesk.db",
    "/home/anne/Google Drive/hfdesk.db",
    "C:\\Users\\anne\\OneDrive\\hfdesk.db",
    "\\\\server\\share\\hfdesk.db",
    "//server/share/hfdesk.db",
])
def test_synced_or_network_paths_get_a_warning(path: str) -> None:
    message = paths.storage_warning(path, mounts="")
    assert message is not None and "hfdesk.db" not in message.split(":")[0]
    assert "synkroniseres" in message or "netværksdrev" in message


def test_network_filesystems_from_proc_mounts(tmp_path: Path) -> None:
    mounts = ("sysfs /sys sysfs rw 0 0\n"
              "//nas/home /mnt/home cifs rw,relatime 0 0\n"
              "nas:/export /srv/nfs nfs4 rw 0 0\n"
              "/dev/sda1 / ext4 rw 0 0\n")
    assert paths.storage_warning("/mnt/home/anne/hfdesk.db", mounts=mounts)
    assert paths.storage_warning("/srv/nfs/hfdesk.db", mounts=mounts)
    assert paths.storage_warning("/home/anne/hfdesk.db", mounts=mounts) is None
    assert paths.storage_warning(str(tmp_path / "hfdesk.db")) is None  # this machine's disk
