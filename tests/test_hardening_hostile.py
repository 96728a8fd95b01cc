"""The known hostile shapes, over every member of exports, transfers and backups.

tests/test_exchange_hostile.py covers single cases; here each shape is applied systematically:
truncation at every member boundary, a flipped byte in each member, a zip bomb and path
traversal in a backup, and a newer version in every place a version is written.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hfdesk.errors import KeyFileError, UserError
from hfdesk.exchange import backup, export, importer, package
from hfdesk.store import database, exchange, keyfile
from hfdesk.store.database import Store
from tests.conftest import receiver_store, sender_store

PASS = "korrekt hest batteri"


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


@pytest.fixture(scope="module")
def source(folder: Path) -> Iterator[Store]:
    s = sender_store(folder / "a.db")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def target(folder: Path) -> Iterator[Store]:
    s = receiver_store(folder / "b.db")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def packages(source: Store, folder: Path) -> dict[str, bytes]:
    out = {}
    for name, lock in (("plain", package.lock_plain()),
                       ("passphrase", package.lock_passphrase(PASS)),
                       ("key", package.lock_key(source.worker_public_key()))):
        path = folder / f"{name}.zip"
        export.export(source, path, lock=lock)
        out[name] = path.read_bytes()
    path = folder / "backup.zip"
    backup.backup(source, path)
    out["backup"] = path.read_bytes()
    return out


def boundaries(data: bytes) -> list[int]:
    """Every place one member ends and the next begins, the start of each member's data,
    the central directory and the end record."""
    cuts = set()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            start = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
            body = start + 30 + name_len + extra_len
            cuts.update({start, start + 1, start + 30, body, body + info.compress_size,
                         body + info.compress_size // 2})
        eocd = data.rfind(b"PK\x05\x06")
        cd_offset = struct.unpack("<I", data[eocd + 16:eocd + 20])[0]
        cuts.update({cd_offset, cd_offset + 10, eocd, eocd + 10, len(data) - 1})
    return sorted(c for c in cuts if 0 < c < len(data))


def member_bodies(data: bytes) -> dict[str, tuple[int, int]]:
    """name → (start, length) of each member's stored bytes."""
    out = {}
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for info in zf.infolist():
            start = info.header_offset
            name_len, extra_len = struct.unpack("<HH", data[start + 26:start + 30])
            out[info.filename] = (start + 30 + name_len + extra_len, info.compress_size)
    return out


def refused_import(target: Store, path: Path, passphrase: str | None = PASS) -> str:
    before = exchange.counts(target)
    with pytest.raises(UserError) as err:
        importer.import_package(target, path, passphrase=passphrase)
    after = exchange.counts(target)
    assert {k: v for k, v in after.items() if k != "audit"} == \
           {k: v for k, v in before.items() if k != "audit"}
    assert after["audit"] - before["audit"] <= 1
    assert "Traceback" not in err.value.message
    return err.value.message


def refused_restore(path: Path, out: Path) -> str:
    with pytest.raises(UserError) as err:
        backup.restore(path, out, passphrase=PASS)
    assert not out.exists() and not keyfile.key_path_for(out).exists()
    assert not list(out.parent.glob(out.name + "*.part"))
    return err.value.message


@pytest.mark.parametrize("kind", ["plain", "passphrase", "key"])
def test_export_truncated_at_every_member_boundary(kind: str, packages: dict[str, bytes],
                                                   target: Store, source: Store,
                                                   folder: Path) -> None:
    data = packages[kind]
    cuts = boundaries(data)
    assert len(cuts) > 10
    for cut in cuts:
        bad = folder / f"cut-{kind}.zip"
        bad.write_bytes(data[:cut])
        if kind == "key":
            # Sealed to the source's worker key: only the source can open it.
            refused_import(source, bad, None)
        else:
            refused_import(target, bad, PASS if kind == "passphrase" else None)


def test_backup_truncated_at_every_member_boundary(packages: dict[str, bytes],
                                                   folder: Path) -> None:
    data = packages["backup"]
    for i, cut in enumerate(boundaries(data)):
        bad = folder / "cut-backup.zip"
        bad.write_bytes(data[:cut])
        refused_restore(bad, folder / f"restored-cut-{i}.db")


@pytest.mark.parametrize("kind", ["plain", "passphrase", "backup"])
def test_a_flipped_byte_in_each_member(kind: str, packages: dict[str, bytes], target: Store,
                                       folder: Path) -> None:
    data = packages[kind]
    bodies = member_bodies(data)
    assert "manifest.json" in bodies
    for name, (start, length) in bodies.items():
        for where in {start, start + length // 2, start + length - 1}:
            flipped = bytearray(data)
            flipped[where] ^= 0x20
            if kind != "passphrase" and _same_content(data, bytes(flipped), name):
                continue  # only unused padding bits of the deflate stream changed
            bad = folder / f"flip-{kind}.zip"
            bad.write_bytes(bytes(flipped))
            if kind == "backup":
                refused_restore(bad, folder / f"restored-flip-{name.replace('/', '_')}.db")
            else:
                refused_import(target, bad, PASS if kind == "passphrase" else None)


def _same_content(original: bytes, flipped: bytes, name: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(
                io.BytesIO(flipped)) as b:
            return a.read(name) == b.read(name)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return False
    except Exception:  # zlib.error and friends: the content is damaged
        return False


def _rewrite(data: bytes, change: dict[str, bytes | None],
             extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(
            buf, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.comment = zin.comment
        for info in zin.infolist():
            body = change.get(info.filename, zin.read(info.filename))
            if body is not None:
                zout.writestr(info.filename, body)
        for name, body in (extra or {}).items():
            zout.writestr(name, body)
    return buf.getvalue()


def test_backup_zip_bomb_and_path_traversal(packages: dict[str, bytes], folder: Path) -> None:
    data = packages["backup"]
    bomb = folder / "bomb-backup.zip"
    bomb.write_bytes(_rewrite(data, {}, {"bomb.bin": b"\0" * (64 * 1024 * 1024)}))
    assert "zip-bombe" in refused_restore(bomb, folder / "restored-bomb.db")
    for i, evil in enumerate(["../hfdesk.db", "/etc/passwd", "..\\x", "a/../../x", "C:/x"]):
        bad = folder / "evil-backup.zip"
        bad.write_bytes(_rewrite(data, {}, {evil: b"x"}))
        assert "ulovligt filnavn" in refused_restore(bad, folder / f"restored-evil-{i}.db")


def test_a_bomb_disguised_as_the_database_member(packages: dict[str, bytes],
                                                 folder: Path) -> None:
    # The member the restore extracts itself, not an extra one: still refused before writing.
    data = packages["backup"]
    bad = folder / "bomb-db.zip"
    bad.write_bytes(_rewrite(data, {backup.DB_MEMBER: b"\0" * (64 * 1024 * 1024)}))
    message = refused_restore(bad, folder / "restored-bomb-db.db")
    assert "zip-bombe" in message or "kontrolsum" in message


def _manifest_edit(data: bytes, **changes: object) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    manifest.update(changes)
    return _rewrite(data, {"manifest.json": json.dumps(manifest).encode()})


def test_newer_version_everywhere(packages: dict[str, bytes], target: Store, source: Store,
                                  folder: Path) -> None:
    # A backup from a newer hfdesk.
    bad = folder / "newer-backup.zip"
    bad.write_bytes(_manifest_edit(packages["backup"], version=backup.VERSION + 1))
    assert "nyere version" in refused_restore(bad, folder / "restored-newer.db")
    # An export whose citizen documents are newer (re-hashed, so only the version differs).
    with zipfile.ZipFile(io.BytesIO(packages["plain"])) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        name = next(n for n in manifest["members"] if n.startswith("citizens/"))
        doc = json.loads(zf.read(name))
    doc["version"] = export.VERSION + 1
    body = json.dumps(doc).encode()
    import hashlib

    manifest["members"][name] = {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
    bad = folder / "newer-doc.zip"
    bad.write_bytes(_rewrite(packages["plain"], {name: body,
                                                 "manifest.json": json.dumps(manifest).encode()}))
    assert "nyere version" in refused_import(target, bad, None)
    # A key file from a newer hfdesk.
    kdata = json.loads(keyfile.key_path_for(source.path).read_text("utf-8"))
    kdata["version"] = keyfile.VERSION + 1
    kpath = folder / "newer.db.key"
    kpath.write_text(json.dumps(kdata), "utf-8")
    with pytest.raises(KeyFileError) as err:
        keyfile.KeyFile.load(kpath)
    assert "nyere version" in err.value.message


def test_an_absurd_scrypt_cost_is_refused_without_running_it(source: Store,
                                                             folder: Path) -> None:
    # A tampered key file must not make unlocking hang or eat the memory.
    kdata = json.loads(keyfile.key_path_for(source.path).read_text("utf-8"))
    for n, r, p in ((2**40, 8, 1), (2**15, 10**6, 1), (2**15, 8, 10**6), (3, 8, 1),
                    (2**15, 8, 0), ("32768", 8, 1), (2**15, True, 1)):
        kdata["passphrase"].update({"n": n, "r": r, "p": p})
        kpath = folder / "cost.db.key"
        kpath.write_text(json.dumps(kdata), "utf-8")
        with pytest.raises(KeyFileError):
            keyfile.KeyFile.load(kpath).unwrap(PASS)


def test_restore_of_an_export_and_import_of_a_backup_are_refused(
        packages: dict[str, bytes], target: Store, folder: Path) -> None:
    swapped = folder / "export-as-backup.zip"
    swapped.write_bytes(packages["plain"])
    refused_restore(swapped, folder / "restored-swapped.db")
    swapped.write_bytes(packages["backup"])
    refused_import(target, swapped, None)


@pytest.mark.parametrize("case", ["no_citizen_id", "version_without_kind", "version_is_text",
                                  "value_is_an_object"])
def test_consistent_package_with_malformed_rows(case: str, packages: dict[str, bytes],
                                                folder: Path, tmp_path: Path) -> None:
    # Hashes match (re-hashed by hand), the rows do not: refused, nothing changed.
    import hashlib
    import uuid

    with zipfile.ZipFile(io.BytesIO(packages["plain"])) as zf:
        members = {i.filename: zf.read(i.filename) for i in zf.infolist()}
    name = next(n for n in members if n.startswith("citizens/"))
    doc = json.loads(members[name])
    if case == "no_citizen_id":
        del doc["citizen_id"]
    elif case == "version_without_kind":
        doc["versions"] = [{"data": "{}"}]
    elif case == "version_is_text":
        doc["versions"] = ["x"]
    else:
        doc["records"]["citizen"][0]["legal_name"] = {"a": 1}
    members[name] = json.dumps(doc).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["package_id"] = str(uuid.uuid4())
    manifest["members"] = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                           for n, d in members.items() if n != "manifest.json"}
    members["manifest.json"] = json.dumps(manifest).encode()
    bad = tmp_path / "malformed.zip"
    bad.write_bytes(_rewrite(packages["plain"], members))
    fresh = database.create_store(tmp_path / "fresh.db", PASS, worker_name="Ny Kollega")
    try:
        refused_import(fresh, bad, None)
    finally:
        fresh.close()


@pytest.mark.parametrize("receipt", [
    {"version": {}}, {"citizens": 5}, {"version": "x"}, {"version": 1e400},
    {"package_id": [1], "citizens": [{}]}, {"version": 99},
])
def test_malformed_receipts(receipt: dict[str, object], source: Store, tmp_path: Path) -> None:
    path = tmp_path / "kvittering.json"
    path.write_text(json.dumps({"format": importer.RECEIPT_FORMAT, **receipt}), "utf-8")
    before = exchange.counts(source)
    with pytest.raises(UserError):
        importer.apply_receipt(source, path)
    assert exchange.counts(source) == before
