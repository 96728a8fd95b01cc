"""hypothesis fuzzing of every parser and importer: backups, exports and transfers, vocabulary
overrides, the plain config and the settings, key files.

Each property: whatever the bytes or the structure, the code raises only the project's own
Danish errors (`hfdesk.errors.UserError` and its subclasses) or succeeds, and a refusal changes
no citizen data. 30 examples each in `make test`; `HFDESK_FUZZ=stress` (used by `make stress`)
runs 1,000 each.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from hfdesk import paths, vocab
from hfdesk.errors import UserError, ValidationError
from hfdesk.exchange import backup, export, importer, package
from hfdesk.store import audit, citizens, database, exchange, keyfile, records
from hfdesk.store import settings as app_settings
from hfdesk.store.database import Store
from hfdesk.vocab import parse
from tests.conftest import receiver_store, sender_store

PASS = "korrekt hest batteri"
EXAMPLES = 1000 if os.environ.get("HFDESK_FUZZ") == "stress" else 30
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow, HealthCheck.data_too_large])

# JSON values of every shape, small enough to stay fast.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner,
                                                                max_size=4),
    max_leaves=12)


def digest(store: Store) -> str:
    """Every row of every citizen-data table, hashed: "no citizen data changed"."""
    h = hashlib.sha256()
    for kind, table in sorted(exchange.existing_kinds(store).items()):
        h.update(kind.encode())
        for row in store.db.execute(f"SELECT * FROM {table} ORDER BY id"):  # noqa: S608
            h.update(repr(row).encode())
    return h.hexdigest()


# --- fixtures: one source and one target per module (hypothesis reuses them) ---------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def source(folder: Path) -> Iterator[Store]:
    s = sender_store(folder / "source.db")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def target(folder: Path) -> Iterator[Store]:
    s = receiver_store(folder / "target.db")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def plain_export(source: Store, folder: Path) -> bytes:
    out = folder / "plain.zip"
    export.export(source, out, lock=package.lock_plain())
    return out.read_bytes()


@pytest.fixture(scope="module")
def locked_export(source: Store, folder: Path) -> bytes:
    out = folder / "locked.zip"
    export.export(source, out, lock=package.lock_passphrase(PASS))
    return out.read_bytes()


@pytest.fixture(scope="module")
def backup_zip(source: Store, folder: Path) -> bytes:
    out = folder / "backup.zip"
    backup.backup(source, out)
    return out.read_bytes()


# --- byte-level mutations ---------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """Flips, cuts, splices and overwrites anywhere in the file."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        how = draw(st.sampled_from(("flip", "cut", "insert", "overwrite", "zero_tail")))
        if not out:
            break
        pos = draw(st.integers(0, len(out) - 1))
        if how == "flip":
            out[pos] ^= draw(st.integers(1, 255))
        elif how == "cut":
            del out[pos:]
        elif how == "insert":
            out[pos:pos] = draw(st.binary(min_size=1, max_size=64))
        elif how == "overwrite":
            chunk = draw(st.binary(min_size=1, max_size=64))
            out[pos:pos + len(chunk)] = chunk
        else:
            out[pos:] = bytes(len(out) - pos)
    return bytes(out)


def _import_refused_or_ok(target: Store, path: Path, passphrase: str | None) -> None:
    before = digest(target)
    try:
        importer.import_package(target, path, passphrase=passphrase)
    except UserError as exc:
        assert exc.message and "Traceback" not in exc.message
        assert digest(target) == before
    lines, broken = database.integrity(target)
    assert lines == ["ok"] and broken == 0
    assert audit.verify(target).ok


def test_fuzz_plain_export_bytes(target: Store, plain_export: bytes, folder: Path) -> None:
    @FUZZ
    @given(data=mutated(plain_export))
    def run(data: bytes) -> None:
        path = folder / "m-plain.zip"
        path.write_bytes(data)
        _import_refused_or_ok(target, path, None)
    run()


def test_fuzz_locked_export_bytes(target: Store, locked_export: bytes, folder: Path) -> None:
    @FUZZ
    @given(data=mutated(locked_export))
    def run(data: bytes) -> None:
        path = folder / "m-locked.zip"
        path.write_bytes(data)
        _import_refused_or_ok(target, path, PASS)
    run()


@pytest.fixture(scope="module")
def transfer_to_source(source: Store, folder: Path) -> bytes:
    out = folder / "sealed.zip"
    export.export(source, out, lock=package.lock_key(source.worker_public_key()))
    return out.read_bytes()


def test_fuzz_sealed_package_bytes(source: Store, transfer_to_source: bytes,
                                   folder: Path) -> None:
    # A package sealed to a worker's key, read by that worker (the transfer's recipient).
    @FUZZ
    @given(data=mutated(transfer_to_source))
    def run(data: bytes) -> None:
        path = folder / "m-sealed.zip"
        path.write_bytes(data)
        _import_refused_or_ok(source, path, None)
    run()


def test_fuzz_receipts(source: Store, folder: Path) -> None:
    @FUZZ
    @given(data=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode())
           | st.dictionaries(st.sampled_from(["format", "version", "package_id", "citizens"]),
                             json_values).map(
               lambda d: json.dumps({"format": "hfdesk-receipt", **d}).encode()))
    def run(data: bytes) -> None:
        path = folder / "kvittering.json"
        path.write_bytes(data)
        before = digest(source)
        with pytest.raises(UserError):
            importer.apply_receipt(source, path)  # this database sent nothing: always refused
        assert digest(source) == before
    run()


# --- structure-aware: a consistent (re-hashed) package with hostile content ------------------


def _members(zip_bytes: bytes) -> tuple[dict[str, bytes], bytes]:
    with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}, zf.comment


def _repack(members: dict[str, bytes], comment: bytes, rehash: bool = True) -> bytes:
    manifest = json.loads(members["manifest.json"])
    if rehash and isinstance(manifest, dict):
        manifest["members"] = {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                               for n, d in members.items() if n != "manifest.json"}
        members = {**members, "manifest.json": json.dumps(manifest).encode()}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.comment = comment
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value[:6]):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = doc
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return doc


@st.composite
def hostile_package(draw: st.DrawFn, zip_bytes: bytes) -> bytes:
    members, comment = _members(zip_bytes)
    json_names = sorted(n for n in members if n.endswith(".json"))
    for _ in range(draw(st.integers(1, 3))):
        name = draw(st.sampled_from(json_names))
        doc = json.loads(members[name])
        where = draw(st.sampled_from(_paths(doc)))
        how = draw(st.sampled_from(("replace", "delete", "add")))
        if how == "delete" and where:
            parent = doc
            for step in where[:-1]:
                parent = parent[step]
            del parent[where[-1]]
        elif how == "add":
            target = doc
            for step in where:
                target = target[step]
            if isinstance(target, dict):
                target[draw(st.text(max_size=12))] = draw(json_values)
            elif isinstance(target, list):
                target.append(draw(json_values))
            else:
                doc = _set(doc, where, draw(json_values))
        else:
            doc = _set(doc, where, draw(json_values))
        members[name] = json.dumps(doc).encode()
    return _repack(members, comment, rehash=draw(st.booleans()) or True)


def test_fuzz_export_structure(target: Store, plain_export: bytes, folder: Path) -> None:
    @FUZZ
    @given(data=hostile_package(plain_export))
    def run(data: bytes) -> None:
        path = folder / "h-plain.zip"
        path.write_bytes(data)
        _import_refused_or_ok(target, path, None)
    run()


@st.composite
def foreign_zip(draw: st.DrawFn) -> bytes:
    """A zip that claims to be a package, with made-up members and a consistent manifest."""
    names = draw(st.lists(st.from_regex(r"[a-z./\\]{1,20}", fullmatch=True) | st.sampled_from(
        ["global.json", "citizens/x.json", "hfdesk.db", "hfdesk.db.key", "../x", "/abs"]),
        max_size=5, unique=True))
    members = {n: draw(st.binary(max_size=200)) for n in names if n != "manifest.json"}
    manifest = {"format": draw(st.sampled_from(["hfdesk-export", "hfdesk-backup", "x"])),
                "version": draw(st.integers(-1, 3) | json_values),
                "members": {n: {"sha256": hashlib.sha256(d).hexdigest(), "size": len(d)}
                            for n, d in members.items()}}
    if draw(st.booleans()):
        manifest.update(draw(st.dictionaries(st.sampled_from(
            ["demo", "profile", "kind", "package_id", "counts", "audit_head", "audit_count"]),
            json_values, max_size=3)))
    comment = draw(st.sampled_from([b'{"format":"hfdesk-package","lock":"plain"}',
                                    b'{"format":"hfdesk-package","lock":"other"}', b"", b"{"]))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.comment = comment
        for name, data in members.items():
            zf.writestr(name, data)
        zf.writestr("manifest.json", json.dumps(manifest))
    return buf.getvalue()


def test_fuzz_foreign_packages(target: Store, folder: Path) -> None:
    @FUZZ
    @given(data=foreign_zip())
    def run(data: bytes) -> None:
        path = folder / "foreign.zip"
        path.write_bytes(data)
        _import_refused_or_ok(target, path, PASS)
        out = folder / "restored-foreign.db"
        try:
            backup.restore(path, out, passphrase=PASS)
        except UserError:
            assert not out.exists() and not keyfile.key_path_for(out).exists()
    run()


# --- backups ---------------------------------------------------------------------------------


def test_fuzz_backup_restore(backup_zip: bytes, folder: Path) -> None:
    counter = iter(range(10**9))

    @FUZZ
    @given(data=mutated(backup_zip))
    def run(data: bytes) -> None:
        path = folder / "m-backup.zip"
        path.write_bytes(data)
        out = folder / f"restored-{next(counter)}.db"
        try:
            backup.restore(path, out, passphrase=PASS)
        except UserError as exc:
            assert exc.message
            # Refused: nothing is left behind that could be mistaken for a database.
            assert not out.exists() and not keyfile.key_path_for(out).exists()
            assert not list(folder.glob(out.name + "*part"))
            return
        # A flip in a spot nothing reads (e.g. a zip timestamp): then it must be sound.
        with database.open_store(out, PASS) as s:
            assert database.integrity(s) == (["ok"], 0) and audit.verify(s).ok
    run()


def test_fuzz_backup_structure(backup_zip: bytes, folder: Path) -> None:
    counter = iter(range(10**9))

    @FUZZ
    @given(manifest_changes=st.dictionaries(
        st.sampled_from(["format", "version", "counts", "audit_head", "audit_count", "demo",
                         "members", "database_id"]), json_values, min_size=1, max_size=3),
           key_bytes=st.none() | st.binary(max_size=300))
    def run(manifest_changes: dict[str, Any], key_bytes: bytes | None) -> None:
        members, comment = _members(backup_zip)
        m = json.loads(members["manifest.json"])
        m.update(manifest_changes)
        members["manifest.json"] = json.dumps(m).encode()
        if key_bytes is not None:
            members[backup.KEY_MEMBER] = key_bytes
        path = folder / "s-backup.zip"
        path.write_bytes(_repack(members, comment, rehash=key_bytes is not None
                                 and "members" not in manifest_changes))
        out = folder / f"srestored-{next(counter)}.db"
        try:
            backup.restore(path, out, passphrase=PASS)
        except UserError:
            assert not out.exists() and not keyfile.key_path_for(out).exists()
            return
        with database.open_store(out, PASS) as s:
            assert database.integrity(s) == (["ok"], 0)
    run()


# --- key files ---------------------------------------------------------------------------


def test_fuzz_key_file_bytes(source: Store, folder: Path) -> None:
    real = keyfile.key_path_for(source.path).read_bytes()

    @FUZZ
    @given(data=mutated(real) | st.binary(max_size=400))
    def run(data: bytes) -> None:
        path = folder / "fuzz.db.key"
        path.write_bytes(data)
        try:
            key = keyfile.KeyFile.load(path).unwrap(PASS)
        except UserError:
            return
        assert key == source.key  # a flip in whitespace, say: still the same key
    run()


def test_fuzz_key_file_fields(source: Store, folder: Path) -> None:
    real = json.loads(keyfile.key_path_for(source.path).read_text("utf-8"))

    @FUZZ
    @given(where=st.sampled_from(_paths(real)[1:]), value=json_values)
    def run(where: tuple[Any, ...], value: Any) -> None:
        doc = json.loads(json.dumps(real))
        _set(doc, where, value)
        path = folder / "fields.db.key"
        path.write_text(json.dumps(doc), "utf-8")
        try:
            key = keyfile.KeyFile.load(path).unwrap(PASS)
        except UserError:
            return
        assert key == source.key
    run()


# --- vocabulary overrides ------------------------------------------------------------------

toml_scalars = (st.text(max_size=30) | st.integers(-5, 2000) | st.booleans()
                | st.dates() | st.floats(allow_nan=False, allow_infinity=False))
code_tables = st.dictionaries(
    st.sampled_from(sorted(parse.CORE_KEYS | parse.REMOVE_OR_RENAME_KEYS | {"nat", "x"})),
    toml_scalars | st.lists(toml_scalars, max_size=3), max_size=6)
override_docs = st.fixed_dictionaries(
    {}, optional={"list": st.dictionaries(st.sampled_from(["name", "description", "multi", "x"]),
                                          toml_scalars, max_size=3),
                  "codes": st.lists(code_tables, max_size=4) | toml_scalars})


def test_fuzz_vocab_merge_override() -> None:
    base = vocab.default().lists["gender"]

    @FUZZ
    @given(doc=override_docs, use_real_codes=st.booleans(), data=st.data())
    def run(doc: dict[str, Any], use_real_codes: bool, data: st.DataObject) -> None:
        if use_real_codes and isinstance(doc.get("codes"), list):
            for table in doc["codes"]:
                table["code"] = data.draw(st.sampled_from([c.code for c in base.entries]))
        doc.setdefault("list", {})
        if isinstance(doc["list"], dict) and data.draw(st.booleans()):
            doc["list"]["name"] = "gender"
        try:
            merged = parse.merge_override(base, doc, origin="gender.toml")
        except ValidationError as exc:
            assert exc.message.startswith("gender.toml")
            return
        assert {c.code for c in base.entries} <= {c.code for c in merged.entries}
    run()


def test_fuzz_vocab_parse_list() -> None:
    @FUZZ
    @given(doc=override_docs)
    def run(doc: dict[str, Any]) -> None:
        try:
            parse.parse_list(doc, origin="x.toml")
        except ValidationError:
            pass
    run()


def test_fuzz_vocab_override_files(folder: Path) -> None:
    real = (vocab.shipped_dir() / "gender.toml").read_bytes()
    over = folder / "vocab_override"
    over.mkdir(exist_ok=True)

    @FUZZ
    @given(data=mutated(real) | st.binary(max_size=300)
           | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
    def run(data: bytes) -> None:
        (over / "gender.toml").write_bytes(data)
        loaded = vocab.load(over)  # never raises: a bad override is skipped with a warning
        assert loaded.lists["gender"].entries
        for message in loaded.warnings:
            assert "uventet fejl" not in message, message  # an unhandled error inside
    run()


# --- the plain config and the settings -----------------------------------------------------


def test_fuzz_plain_config(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    conf = folder / "conf"
    conf.mkdir(exist_ok=True)
    monkeypatch.setenv("HFDESK_CONFIG_DIR", str(conf))

    @FUZZ
    @given(data=st.binary(max_size=200) | json_values.map(lambda v: json.dumps(v).encode())
           | st.dictionaries(st.sampled_from(["language", "last_db_path", "x"]), json_values)
           .map(lambda v: json.dumps(v).encode()))
    def run(data: bytes) -> None:
        (conf / "config.json").write_bytes(data)
        cfg = paths.load_config()
        assert set(cfg) <= {"language", "last_db_path"}
        assert all(isinstance(v, str) for v in cfg.values())
        from hfdesk import i18n

        i18n.install(cfg.get("language", i18n.DEFAULT))
        Path(cfg.get("last_db_path") or "x")
    try:
        run()
    finally:
        from hfdesk import i18n

        i18n.install("da")


def test_fuzz_settings_round_trip(target: Store) -> None:
    @FUZZ
    @given(values=st.dictionaries(st.sampled_from(sorted(app_settings.DEFAULTS)), json_values,
                                  min_size=1, max_size=3))
    def run(values: dict[str, Any]) -> None:
        before = digest(target)
        stored = app_settings.all_settings(target)
        assume(all(not (isinstance(v, float) and v != v) for v in values.values()))
        try:
            app_settings.set_many(target, values)
        except ValidationError as exc:
            assert exc.field in values
            assert app_settings.all_settings(target) == stored  # nothing saved
        else:
            for name, value in values.items():
                assert app_settings.get(target, name) == json.loads(json.dumps(value))
        assert digest(target) == before
        citizens.create(target, {"legal_name": "Ny Borger"})  # saving still works
    try:
        run()
    finally:
        app_settings.set_many(target, dict(app_settings.DEFAULTS))
    assert records.count(target, "citizen") >= 1
