"""Hostile and broken packages are refused, in Danish, before any citizen data changes."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from hfdesk.errors import UserError
from hfdesk.exchange import export, importer, package
from hfdesk.store import citizens, database, exchange
from hfdesk.store.database import Store

PASS = "korrekt hest batteri"


@pytest.fixture
def source(tmp_path: Path) -> Iterator[Store]:
    s = database.create_store(tmp_path / "a.db", PASS, worker_name="Anne Holm")
    for name in ("Mia Jensen", "Ole Olsen"):
        citizens.create(s, {"legal_name": name, "notes": "noter " * 200})
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Store]:
    s = database.create_store(tmp_path / "b.db", PASS, worker_name="Bo Berg")
    citizens.create(s, {"legal_name": "Egen Borger"})
    try:
        yield s
    finally:
        s.close()


def _plain(source: Store, tmp_path: Path) -> Path:
    out = tmp_path / "plain.zip"
    export.export(source, out, lock=package.lock_plain())
    return out


def _rewrite(src: Path, dst: Path, change: Callable[[str, bytes], tuple[str, bytes] | None],
             extra: list[tuple[str, bytes]] = ()) -> Path:  # type: ignore[assignment]
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        zout.comment = zin.comment
        for info in zin.infolist():
            got = change(info.filename, zin.read(info.filename))
            if got is not None:
                zout.writestr(got[0], got[1])
        for name, data in extra:
            zout.writestr(name, data)
    return dst


def _refused(target: Store, path: Path, passphrase: str | None = PASS) -> str:
    before = exchange.counts(target)
    seq_before = target.query("SELECT value FROM meta WHERE name = 'change_seq'")
    with pytest.raises(UserError) as err:
        importer.import_package(target, path, passphrase=passphrase)
    after = exchange.counts(target)
    assert {k: v for k, v in after.items() if k != "audit"} == \
           {k: v for k, v in before.items() if k != "audit"}
    assert after["audit"] - before["audit"] <= 1
    assert target.query("SELECT value FROM meta WHERE name = 'change_seq'") == seq_before
    msg = err.value.message
    assert "Traceback" not in msg
    assert any(w in msg.lower() for w in ("filen", "pakken", "adgangssætning", "afvises",
                                          "demodata", "nøgle"))
    return msg


def test_truncated(source: Store, target: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.zip"
    export.export(source, out, lock=package.lock_passphrase(PASS))
    data = out.read_bytes()
    for cut in (len(data) // 2, len(data) - 30, 100):
        bad = tmp_path / f"cut{cut}.zip"
        bad.write_bytes(data[:cut])
        _refused(target, bad)


def test_flipped_byte_in_encrypted_member(source: Store, target: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.zip"
    export.export(source, out, lock=package.lock_passphrase(PASS))
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as zf:
        info = next(i for i in zf.infolist() if i.filename.startswith("citizens/"))
    pos = info.header_offset + 30 + len(info.filename.encode()) + 40
    data[pos] ^= 0x01
    bad = tmp_path / "flip.zip"
    bad.write_bytes(bytes(data))
    _refused(target, bad)


def test_flipped_byte_in_plain_member(source: Store, target: Store, tmp_path: Path) -> None:
    def flip(name: str, data: bytes) -> tuple[str, bytes]:
        if name.startswith("citizens/"):
            data = data.replace(b"noter", b"notes", 1)
        return name, data
    bad = _rewrite(_plain(source, tmp_path), tmp_path / "bad.zip", flip)
    assert "kontrolsum" in _refused(target, bad, None)


def test_manifest_hash_mismatch(source: Store, target: Store, tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            m = json.loads(data)
            first = sorted(m["members"])[0]
            m["members"][first]["sha256"] = "0" * 64
            data = json.dumps(m).encode()
        return name, data
    bad = _rewrite(_plain(source, tmp_path), tmp_path / "bad.zip", edit)
    assert "kontrolsum" in _refused(target, bad, None)


def test_missing_or_extra_member(source: Store, target: Store, tmp_path: Path) -> None:
    plain = _plain(source, tmp_path)
    bad = _rewrite(plain, tmp_path / "extra.zip", lambda n, d: (n, d),
                   extra=[("citizens/evil.json", b"{}")])
    _refused(target, bad, None)
    bad = _rewrite(plain, tmp_path / "missing.zip",
                   lambda n, d: None if n.startswith("citizens/") else (n, d))
    _refused(target, bad, None)


def test_wrong_passphrase(source: Store, target: Store, tmp_path: Path) -> None:
    out = tmp_path / "e.zip"
    export.export(source, out, lock=package.lock_passphrase(PASS))
    assert "dgangssætning" in _refused(target, out, "en helt anden sætning")


def test_foreign_files(target: Store, tmp_path: Path) -> None:
    random_bytes = tmp_path / "random.zip"
    random_bytes.write_bytes(bytes(range(256)) * 50)
    _refused(target, random_bytes)
    ordinary = tmp_path / "ordinary.zip"
    with zipfile.ZipFile(ordinary, "w") as zf:
        zf.writestr("manifest.json", "{}")
    _refused(target, ordinary)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(b"%PDF-1.4 not a zip")
    _refused(target, pdf)


def test_future_version(source: Store, target: Store, tmp_path: Path) -> None:
    def edit(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            m = json.loads(data)
            m["version"] = 99
            data = json.dumps(m).encode()
        return name, data
    bad = _rewrite(_plain(source, tmp_path), tmp_path / "bad.zip", edit)
    assert "nyere version" in _refused(target, bad, None)


@pytest.mark.parametrize("evil", ["../evil.json", "/etc/passwd", "citizens/../../x.json",
                                  "..\\..\\x.json", "C:/x.json", "citizens//x.json"])
def test_path_traversal_names(source: Store, target: Store, tmp_path: Path, evil: str) -> None:
    bad = _rewrite(_plain(source, tmp_path), tmp_path / "bad.zip", lambda n, d: (n, d),
                   extra=[(evil, b"{}")])
    assert "ulovligt filnavn" in _refused(target, bad, None)


def test_zip_bomb(source: Store, target: Store, tmp_path: Path) -> None:
    bomb = b"\0" * (64 * 1024 * 1024)
    bad = _rewrite(_plain(source, tmp_path), tmp_path / "bomb.zip", lambda n, d: (n, d),
                   extra=[("blobs/document/bomb.bin", bomb)])
    assert "zip-bombe" in _refused(target, bad, None)


def test_hand_edited_citizen_document(source: Store, target: Store, tmp_path: Path) -> None:
    # A consistent, re-hashed package whose content is malformed is refused before writing.
    def edit(name: str, data: bytes) -> tuple[str, bytes]:
        return name, data
    plain = _plain(source, tmp_path)
    with zipfile.ZipFile(plain) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        member = next(n for n in manifest["members"] if n.startswith("citizens/"))
        doc = json.loads(zf.read(member))
    doc["records"]["no_such_kind"] = [{"id": "x"}]
    body = json.dumps(doc).encode()
    import hashlib

    manifest["members"][member]["sha256"] = hashlib.sha256(body).hexdigest()

    def swap(name: str, data: bytes) -> tuple[str, bytes]:
        if name == member:
            return name, body
        if name == "manifest.json":
            return name, json.dumps(manifest).encode()
        return name, data
    bad = _rewrite(plain, tmp_path / "bad.zip", swap)
    assert "ukendt slags" in _refused(target, bad, None)


def test_refusal_writes_one_audit_row(source: Store, target: Store, tmp_path: Path) -> None:
    before = exchange.counts(target)["audit"]
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"PK\x03\x04garbage")
    with pytest.raises(UserError):
        importer.import_package(target, bad, passphrase=PASS)
    rows = target.query("SELECT action, purpose FROM audit ORDER BY seq DESC LIMIT 1")
    assert exchange.counts(target)["audit"] == before + 1
    assert rows[0]["action"] == "import" and rows[0]["purpose"].startswith("afvist")


def test_flipped_byte_in_a_pdf_or_csv_member_is_refused(target: Store, tmp_path: Path) -> None:
    # Members beside the citizen documents (PDFs, monitoring CSVs) are hash-checked too.
    s = database.create_store(tmp_path / "c.db", PASS, worker_name="Cai Carl")
    try:
        citizens.create(s, {"legal_name": "Mia Jensen"})
        plain = tmp_path / "p.zip"
        export.export(s, plain, lock=package.lock_plain())
    finally:
        s.close()
    extra = [("documents/" + "0" * 8 + "-0000-0000-0000-" + "0" * 12 + "/plan.pdf",
              b"%PDF-1.4 fake")]
    # an unlisted PDF is refused as not matching the manifest
    bad = _rewrite(plain, tmp_path / "extra.zip", lambda n, d: (n, d), extra=extra)
    _refused(target, bad, None)
    with zipfile.ZipFile(plain) as zf:
        csvs = [n for n in zf.namelist() if n.startswith("monitoring/")]
    if csvs:
        def flip(name: str, data: bytes) -> tuple[str, bytes]:
            if name == csvs[0]:
                data = data + b"x"
            return name, data
        bad = _rewrite(plain, tmp_path / "flip.zip", flip)
        assert "kontrolsum" in _refused(target, bad, None)


def test_unknown_top_level_member_is_refused(source: Store, target: Store,
                                             tmp_path: Path) -> None:
    plain = _plain(source, tmp_path)
    with zipfile.ZipFile(plain) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    import hashlib

    body = b"print('hello')"
    manifest["members"]["scripts/x.py"] = {"sha256": hashlib.sha256(body).hexdigest(),
                                           "size": len(body)}

    def swap(name: str, data: bytes) -> tuple[str, bytes]:
        if name == "manifest.json":
            return name, json.dumps(manifest).encode()
        return name, data
    bad = _rewrite(plain, tmp_path / "bad.zip", swap, extra=[("scripts/x.py", body)])
    assert "ukendt element" in _refused(target, bad, None)
