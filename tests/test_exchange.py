"""Export, import, transfer and receipt: round trips, merge rules, delta, FFB, demo rules."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from hfdesk import demo
from hfdesk.errors import LockedRecord, UserError
from hfdesk.exchange import export, ffb, importer, package
from hfdesk.store import citizens, database, documents, exchange, records
from hfdesk.store.database import Store

PASS = "korrekt hest batteri"
SCHEMA_DIR = Path(export.__file__).parent / "schema"
PDF = b"%PDF-1.4\n% hfdesk test\n" + bytes(range(256)) * 40


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMA_DIR / name).read_text("utf-8"))


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[Store]:
    s = database.create_store(tmp_path / "demo.db", PASS, worker_name="Demo Medarbejder",
                              demo=True)
    demo.generate(s, "worker")
    try:
        yield s
    finally:
        s.close()


def _new(tmp_path: Path, name: str, *, demo_db: bool = False) -> Store:
    return database.create_store(tmp_path / name, PASS, worker_name="Bo Berg", demo=demo_db)


def _comparable(store: Store, citizen_id: str) -> dict[str, list[dict[str, Any]]]:
    rows = exchange.citizen_rows(store, citizen_id)
    return {k: sorted(({c: v for c, v in r.items() if c != "change_seq"} for r in items),
                      key=lambda r: r["id"]) for k, items in rows.items()}


def _richest(store: Store) -> str:
    best = max(exchange.citizen_ids(store),
               key=lambda c: sum(len(v) for v in exchange.citizen_rows(store, c).values()))
    return best


def test_round_trip_one_citizen_every_record_equal(demo_store: Store, tmp_path: Path) -> None:
    cid = _richest(demo_store)
    documents.save(demo_store, cid, kind="statusnotat", title="Statusnotat", file_name="s.pdf",
                   mime="application/pdf", content=PDF, source="print")
    out = tmp_path / "one.zip"
    manifest = export.export(demo_store, out, lock=package.lock_passphrase(PASS), citizen_id=cid)
    assert manifest["demo"] is True and manifest["citizens"] == 1
    with _new(tmp_path, "empty.db", demo_db=True) as target:
        result = importer.import_package(target, out, passphrase=PASS)
        assert result.citizens == [cid] and not result.conflicts
        assert _comparable(target, cid) == _comparable(demo_store, cid)
        assert len(_comparable(target, cid)) >= 5  # several areas travelled
        assert exchange.foreign_audit(target, cid)  # the citizen's audit rows came along
        # the actors the citizen's records point at came too, so every reference resolves
        assert database.integrity(target) == (["ok"], 0)


def test_export_documents_validate_against_schema(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "all.zip"
    documents.save(demo_store, _richest(demo_store), kind="statusnotat", title="Statusnotat",
                   file_name="s.pdf", mime="application/pdf", content=PDF, source="print")
    export.export(demo_store, out, lock=package.lock_passphrase(PASS), full=True)
    schema = _schema("citizen.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    with package.open_package(out, passphrase=PASS, formats=(export.FORMAT,),
                              version=export.VERSION) as reader:
        docs = list(package.iter_json(reader, "citizens/"))
        assert len(docs) == 25
        for _name, doc in docs:
            jsonschema.validate(doc, schema)
        m = reader.manifest
        assert m["counts"]["citizens"] == 25 and m["by"]["worker_name"] == "Demo Medarbejder"
        journal = m["documents"]
        assert all({"title", "date", "cpr", "case_number", "document_type", "kle_code"}
                   <= set(d) for d in journal)
        assert any(d["document_type"] == "statusnotat" for d in journal)
        assert any(n.startswith("blobs/document/") for n in reader.names())


def test_kle_code_comes_from_settings(store: Store, citizen_id: str, tmp_path: Path) -> None:
    from hfdesk.store import settings

    settings.set_many(store, {"kle_codes": {"borgerdata": "27.36.12"}})
    out = tmp_path / "e.zip"
    m = export.export(store, out, lock=package.lock_passphrase(PASS))
    assert m["documents"][0]["kle_code"] == "27.36.12"
    assert m["documents"][0]["cpr"] == "120394-1234"


def test_import_twice_changes_nothing(store: Store, citizen_id: str, tmp_path: Path) -> None:
    out = tmp_path / "e.zip"
    export.export(store, out, lock=package.lock_passphrase(PASS))
    with _new(tmp_path, "b.db") as b:
        first = importer.import_package(b, out, passphrase=PASS)
        assert first.inserted >= 1
        before = (exchange.counts(b), records.current_change_seq(b))
        second = importer.import_package(b, out, passphrase=PASS)
        assert second.already
        assert (exchange.counts(b), records.current_change_seq(b)) == before
        # a fresh export of the same data is also a no-op
        out2 = tmp_path / "e2.zip"
        export.export(store, out2, lock=package.lock_passphrase(PASS))
        third = importer.import_package(b, out2, passphrase=PASS)
        assert third.inserted == 0 and third.updated == 0 and not third.conflicts


def test_changed_on_both_sides_keeps_local_and_lists_conflict(
        store: Store, citizen_id: str, tmp_path: Path) -> None:
    out = tmp_path / "e.zip"
    export.export(store, out, lock=package.lock_passphrase(PASS))
    with _new(tmp_path, "b.db") as b:
        importer.import_package(b, out, passphrase=PASS)
        citizens.update(store, citizen_id, {"phone": "11111111"})
        citizens.update(b, citizen_id, {"phone": "22222222"})
        out2 = tmp_path / "e2.zip"
        export.export(store, out2, lock=package.lock_passphrase(PASS))
        result = importer.import_package(b, out2, passphrase=PASS)
        assert [c["record_id"] for c in result.conflicts] == [citizen_id]
        assert citizens.get(b, citizen_id)["phone"] == "22222222"
        listed = exchange.conflicts(b)
        assert len(listed) == 1
        assert exchange.conflict_data(b, listed[0]["id"])["phone"] == "11111111"
        # importing it again does not add the conflict twice
        importer.import_package(b, out2, passphrase=PASS)
        assert len(exchange.conflicts(b)) == 1


def test_newer_incoming_replaces_unchanged_local(store: Store, citizen_id: str,
                                                 tmp_path: Path) -> None:
    out = tmp_path / "e.zip"
    export.export(store, out, lock=package.lock_passphrase(PASS))
    with _new(tmp_path, "b.db") as b:
        importer.import_package(b, out, passphrase=PASS)
        citizens.update(store, citizen_id, {"phone": "11111111"})
        out2 = tmp_path / "e2.zip"
        export.export(store, out2, lock=package.lock_passphrase(PASS))
        result = importer.import_package(b, out2, passphrase=PASS)
        assert result.updated == 1 and not result.conflicts
        assert citizens.get(b, citizen_id)["phone"] == "11111111"
        # and an older package after that keeps the newer local record
        result = importer.import_package(b, out, passphrase=PASS)
        assert result.already


def test_delta_carries_changes_and_tombstones(store: Store, tmp_path: Path) -> None:
    a, _ = citizens.create(store, {"legal_name": "Ada Andersen"})
    c, _ = citizens.create(store, {"legal_name": "Carl Carlsen"})
    full = tmp_path / "full.zip"
    m = export.export(store, full, lock=package.lock_passphrase(PASS))
    seq = m["until_seq"]
    citizens.update(store, a, {"phone": "12345678"})
    citizens.delete(store, c, reason="test")
    delta = tmp_path / "delta.zip"
    md = export.export(store, delta, lock=package.lock_passphrase(PASS), since_seq=seq)
    assert md["kind"] == "delta" and md["citizens"] == 1
    with package.open_package(delta, passphrase=PASS, formats=(export.FORMAT,),
                              version=export.VERSION) as reader:
        glob = reader.json("global.json")
        assert [t["record_id"] for t in glob["tombstones"]] == [c]
        doc = reader.json(f"citizens/{a}.json")
        assert [r["id"] for r in doc["records"]["citizen"]] == [a]
    with _new(tmp_path, "b.db") as b:
        importer.import_package(b, full, passphrase=PASS)
        result = importer.import_package(b, delta, passphrase=PASS)
        assert citizens.get(b, a)["phone"] == "12345678"
        assert result.updated == 1


def test_transfer_and_receipt_leave_exactly_one_copy(store: Store, citizen_id: str,
                                                     tmp_path: Path) -> None:
    documents.save(store, citizen_id, kind="statusnotat", title="Statusnotat",
                   file_name="s.pdf", mime="application/pdf", content=PDF, source="print")
    with _new(tmp_path, "colleague.db") as b:
        pkg = tmp_path / "move.zip"
        export.transfer(store, citizen_id, b.worker_public_key(), pkg)
        assert exchange.moved(store, citizen_id)
        with pytest.raises(LockedRecord, match="flyttet til en kollega"):
            citizens.update(store, citizen_id, {"phone": "99999999"})
        receipt = tmp_path / "receipt.json"
        result = importer.import_package(b, pkg, receipt_out=receipt)
        assert result.kind == "transfer" and result.citizens == [citizen_id]
        assert documents.for_citizen(b, citizen_id)
        removed = importer.apply_receipt(store, receipt)
        assert removed == [citizen_id]
        assert exchange.citizen_ids(store) == [] and exchange.citizen_ids(b) == [citizen_id]
        assert citizens.get(b, citizen_id)["legal_name"] == "Mia Louise Jensen"
        with pytest.raises(UserError, match="Kvitteringen"):
            importer.apply_receipt(store, receipt)


def test_transfer_package_opens_only_for_the_recipient(store: Store, citizen_id: str,
                                                       tmp_path: Path) -> None:
    with _new(tmp_path, "b.db") as b, _new(tmp_path, "c.db") as c:
        pkg = tmp_path / "move.zip"
        export.transfer(store, citizen_id, b.worker_public_key(), pkg)
        before = exchange.counts(c)
        with pytest.raises(UserError, match="anden medarbejders"):
            importer.import_package(c, pkg)
        after = exchange.counts(c)
        assert {k: v for k, v in after.items() if k != "audit"} == \
               {k: v for k, v in before.items() if k != "audit"}
        assert after["audit"] == before["audit"] + 1


def test_demo_rules(demo_store: Store, store: Store, tmp_path: Path) -> None:
    out = tmp_path / "demo.zip"
    export.export(demo_store, out, lock=package.lock_passphrase(PASS))
    with pytest.raises(UserError, match="demodata"):
        importer.import_package(store, out, passphrase=PASS)
    assert exchange.citizen_ids(store) == []
    with pytest.raises(UserError, match="FFB"):
        export.export(demo_store, tmp_path / "ffb.zip", lock=package.lock_passphrase(PASS),
                      profile="ffb")


def test_encrypted_demo_export_has_no_names_or_cpr(demo_store: Store, tmp_path: Path) -> None:
    out = tmp_path / "demo.zip"
    export.export(demo_store, out, lock=package.lock_passphrase(PASS))
    data = out.read_bytes()
    for c in citizens.list_all(demo_store):
        assert c["legal_name"].encode("utf-8") not in data
        if c.get("cpr"):
            assert c["cpr"].encode() not in data
            assert c["cpr"].replace("-", "").encode() not in data


def test_ffb_profile_has_no_free_text(store: Store, tmp_path: Path) -> None:
    from hfdesk.store import courses

    cid, _ = citizens.create(store, {"legal_name": "Mia Louise Jensen", "cpr": "120394-1234",
                                     "notes": "Fri tekst om borgeren", "address": "Vej 1"})
    courses.create(store, cid, {"method": "cti", "case_number": "SAG-1",
                                "start_date": "2026-01-05"})
    out = tmp_path / "ffb.zip"
    m = export.export(store, out, lock=package.lock_passphrase(PASS), profile="ffb")
    assert m["profile"] == "ffb"
    schema = _schema("ffb.schema.json")
    with package.open_package(out, passphrase=PASS, formats=(export.FORMAT,),
                              version=export.VERSION) as reader:
        docs = [d for _n, d in package.iter_json(reader, "citizens/")]
        assert reader.names() == [f"citizens/{cid}.json"]
    doc = docs[0]
    jsonschema.validate(doc, schema)
    assert doc["cpr"] == "120394-1234"
    assert doc["records"]["course"][0]["method"] == "cti"
    text = json.dumps(doc, ensure_ascii=False)
    for free in ("Fri tekst", "Vej 1", "Mia", "Jensen", "SAG-1"):
        assert free not in text

    def walk(v: Any) -> None:
        if isinstance(v, dict):
            for x in v.values():
                walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
        elif isinstance(v, str):
            assert " " not in v and not re.search(r"[A-ZÆØÅæøå]", v.replace("T", "")
                                                  .replace("Z", "")), v
    walk(doc["records"])


def test_ffb_structured_detector() -> None:
    assert ffb.structured("2026-01-05") and ffb.structured("cti")
    assert ffb.structured("2026-01-05T10:00:00Z")
    assert not ffb.structured("Borgeren er glad")
    assert not ffb.structured("hjemløs")
    assert not ffb.structured("x" * 100)


def test_new_table_is_covered_without_editing_exchange(store: Store, citizen_id: str,
                                                       tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # Any kind in records.TABLES is exported: every area that lands is covered automatically.
    kinds = exchange.ordered_kinds(store)
    assert set(kinds) == {k for k, t in records.TABLES.items()
                          if t in exchange.existing_kinds(store).values()}
    assert kinds.index("citizen") < kinds.index("course") < kinds.index("support_segment")


def test_export_streams_citizen_by_citizen(demo_store: Store, tmp_path: Path) -> None:
    seen: list[int] = []
    export.export(demo_store, tmp_path / "e.zip", lock=package.lock_passphrase(PASS),
                  progress=lambda _s, done, total: seen.append(done))
    # one step per citizen, then the monitoring CSVs and the end
    assert seen[0] == 0 and seen[-1] == 25 and seen[:25] == list(range(25))


# --- the command line ------------------------------------------------------------------------

def _run(*args: str, **env: str) -> Any:
    import os
    import subprocess
    import sys

    e = {k: v for k, v in os.environ.items() if not k.startswith("HFDESK_")}
    e["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    e["HFDESK_PASSPHRASE"] = PASS
    e.update(env)
    return subprocess.run([sys.executable, "-m", "hfdesk", *args], env=e, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=600)


def test_cli_backup_restore_export_transfer_import_receipt(tmp_path: Path) -> None:
    a, b = tmp_path / "a.db", tmp_path / "b.db"
    for db, name in ((a, "Anne Holm"), (b, "Bo Berg")):
        r = _run("init", "--db", str(db), "--worker-name", name)
        assert r.returncode == 0, r.stderr
    with database.open_store(a, PASS) as s:
        cid, _ = citizens.create(s, {"legal_name": "Mia Louise Jensen", "cpr": "120394-1234"})
    r = _run("backup", "--db", str(a), "--out", str(tmp_path / "b.zip"))
    assert r.returncode == 0, r.stderr
    r = _run("restore", str(tmp_path / "b.zip"), "--db", str(a))
    assert r.returncode != 0 and "ny fil" in r.stderr
    r = _run("restore", str(tmp_path / "b.zip"), "--db", str(tmp_path / "r.db"))
    assert r.returncode == 0, r.stderr
    r = _run("export", "--db", str(a), "--out", str(tmp_path / "e.zip"), "--full")
    assert r.returncode == 0, r.stderr
    r = _run("import", str(tmp_path / "e.zip"), "--db", str(tmp_path / "n.db"),
             "--worker-name", "Ny Bærbar")
    assert r.returncode == 0, r.stderr
    r = _run("import", str(tmp_path / "e.zip"), "--db", str(tmp_path / "n.db"))
    assert r.returncode == 0 and "allerede" in r.stdout
    r = _run("public-key", "--db", str(b))
    (tmp_path / "b.pub").write_text(r.stdout)
    r = _run("transfer", "--db", str(a), "--citizen", cid, "--to-key", str(tmp_path / "b.pub"),
             "--out", str(tmp_path / "t.zip"))
    assert r.returncode == 0, r.stderr
    r = _run("import", str(tmp_path / "t.zip"), "--db", str(b), "--receipt-out",
             str(tmp_path / "k.json"))
    assert r.returncode == 0, r.stderr
    r = _run("receipt", str(tmp_path / "k.json"), "--db", str(a))
    assert r.returncode == 0, r.stderr
    with database.open_store(a, PASS) as s:
        assert exchange.citizen_ids(s) == []
    with database.open_store(b, PASS) as s:
        assert exchange.citizen_ids(s) == [cid]
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04" + b"x" * 100)
    r = _run("import", str(bad), "--db", str(b))
    assert r.returncode != 0 and "afvises" in r.stderr and "Traceback" not in r.stderr


def test_2000_citizens_stream_and_nothing_is_cut_off(store: Store, tmp_path: Path) -> None:
    import tracemalloc
    import zipfile

    with store.db.atomic():
        for i in range(2000):
            records.insert(store, "citizen", {"legal_name": f"Person {i}", "notes": "x" * 20_000})
    out = tmp_path / "big.zip"
    tracemalloc.start()
    try:
        m = export.export(store, out, lock=package.lock_plain())
        _cur, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert m["citizens"] == 2000
    # 40 MB of notes: the export never holds them all at once
    assert peak < 20 * 1024 * 1024
    with zipfile.ZipFile(out) as zf:
        assert sum(n.startswith("citizens/") for n in zf.namelist()) == 2000


def test_outside_export_carries_released_opsporing_items_only(demo_store: Store,
                                                               tmp_path: Path) -> None:
    def sharing_flags(out: Path) -> list[str]:
        with package.open_package(out, passphrase=PASS, formats=(export.FORMAT,),
                                  version=export.VERSION) as reader:
            return [row["sharing"] for _name, doc in package.iter_json(reader, "citizens/")
                    for items in doc["records"].values() for row in items if "sharing" in row]

    own = tmp_path / "own.zip"
    export.export(demo_store, own, lock=package.lock_passphrase(PASS), documents=False)
    outside = tmp_path / "outside.zip"
    export.export(demo_store, outside, lock=package.lock_passphrase(PASS), documents=False,
                  outside=True)
    own_flags, outside_flags = sharing_flags(own), sharing_flags(outside)
    assert "internal" in own_flags  # the municipality's own copy is complete
    assert outside_flags and set(outside_flags) == {"released"}
