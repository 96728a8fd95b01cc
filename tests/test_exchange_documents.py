"""Exports carry the citizens' documents as PDFs (plan, statusnotat, minutes, handovers) with
journalisation data per document, and the monitoring CSVs; delta exports only what changed."""

from __future__ import annotations

import importlib.util
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hfdesk import demo
from hfdesk.exchange import documents as export_docs
from hfdesk.exchange import export, importer, package
from hfdesk.store import citizens, database, plans, settings
from hfdesk.store.database import Store

PASS = "korrekt hest batteri"
KLE = {"borgerdata": "27.36.00", "plan": "27.36.04", "statusnotat": "27.36.08",
       "referat": "27.36.12", "overdragelse": "27.36.16"}


@pytest.fixture(scope="module")
def demo_export(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Path, dict]]:
    tmp = tmp_path_factory.mktemp("docs")
    s = database.create_store(tmp / "demo.db", PASS, worker_name="Demo Medarbejder", demo=True)
    demo.generate(s, "worker")
    settings.set_many(s, {"kle_codes": KLE})
    out = tmp / "full.zip"
    manifest = export.export(s, out, lock=package.lock_passphrase(PASS))
    try:
        yield s, out, manifest
    finally:
        s.close()


def _open(path: Path) -> package.Reader:
    return package.open_package(path, passphrase=PASS, formats=(export.FORMAT,),
                                version=export.VERSION)


def test_full_export_carries_plan_statusnotat_and_minutes_as_pdfs(
        demo_export: tuple[Store, Path, dict]) -> None:
    store, out, manifest = demo_export
    docs = [d for d in manifest["documents"] if d["member"].startswith("documents/")]
    kinds = {d["document_type"] for d in docs}
    assert {"plan", "statusnotat", "referat"} <= kinds
    with_plan = {c["id"] for c in citizens.list_all(store) if plans.find(store, c["id"], None)}
    assert {d["citizen_id"] for d in docs if d["document_type"] == "plan"} == with_plan
    with _open(out) as reader:
        for d in docs:
            pdf = reader.read(d["member"], limit=package.MAX_MEMBER_BYTES)
            assert pdf.startswith(b"%PDF")
            assert d["member"].startswith(f"documents/{d['citizen_id']}/")
    assert manifest["documents_skipped"] == []


def test_each_document_carries_journalisation_data(demo_export: tuple[Store, Path, dict]) -> None:
    store, _out, manifest = demo_export
    by_id = {c["id"]: c for c in citizens.list_all(store)}
    for d in manifest["documents"]:
        assert {"title", "date", "citizen_id", "cpr", "case_number", "document_type",
                "kle_code"} <= set(d)
        assert d["title"] and len(d["date"]) == 10
        assert d["cpr"] == (by_id[d["citizen_id"]].get("cpr") or None)
        assert d["kle_code"] == KLE.get(d["document_type"])
    assert any(d["case_number"] for d in manifest["documents"]
               if d["document_type"] == "plan")


@pytest.mark.skipif(importlib.util.find_spec("hfdesk.store.handovers") is None,
                    reason="the sharing area has not landed")
def test_sent_handovers_travel(demo_export: tuple[Store, Path, dict]) -> None:
    _store, _out, manifest = demo_export
    handovers = [d for d in manifest["documents"] if d["document_type"] == "overdragelse"]
    assert handovers and all(d["kle_code"] == KLE["overdragelse"] for d in handovers)


def test_monitoring_csvs_in_full_export(demo_export: tuple[Store, Path, dict]) -> None:
    _store, out, manifest = demo_export
    if importlib.util.find_spec("hfdesk.statistics") is None:
        assert manifest["monitoring"] == []
        return
    assert manifest["monitoring"] and all(m.startswith("monitoring/") and m.endswith(".csv")
                                          for m in manifest["monitoring"])
    with _open(out) as reader:
        assert set(manifest["monitoring"]) <= set(reader.names())


def test_export_with_documents_still_imports_and_validates(
        demo_export: tuple[Store, Path, dict], tmp_path: Path) -> None:
    store, out, _m = demo_export
    with database.create_store(tmp_path / "n.db", PASS, worker_name="Ny Bærbar",
                               demo=True) as target:
        result = importer.import_package(target, out, passphrase=PASS)
        assert len(result.citizens) == len(citizens.list_all(store))


def test_encrypted_export_with_pdfs_has_no_names_or_cpr(
        demo_export: tuple[Store, Path, dict]) -> None:
    store, out, _m = demo_export
    data = out.read_bytes()
    for c in citizens.list_all(store):
        assert c["legal_name"].encode("utf-8") not in data
        if c.get("cpr"):
            assert c["cpr"].encode() not in data
            assert c["cpr"].replace("-", "").encode() not in data


def test_delta_carries_only_changed_documents(demo_export: tuple[Store, Path, dict],
                                              tmp_path: Path) -> None:
    store, _out, manifest = demo_export
    cid = next(c["id"] for c in citizens.list_all(store) if plans.find(store, c["id"], None))
    plan = plans.find(store, cid, None)
    assert plan is not None
    from hfdesk.store import records

    records.update(store, "plan", plan["id"], {"wish": "Et nyt ønske"})
    delta = tmp_path / "delta.zip"
    m = export.export(store, delta, lock=package.lock_passphrase(PASS),
                      since_seq=manifest["until_seq"])
    docs = [d for d in m["documents"] if d["member"].startswith("documents/")]
    assert {d["citizen_id"] for d in docs} == {cid}
    assert {d["document_type"] for d in docs} <= {"plan", "statusnotat"}
    assert m["monitoring"] == []  # only in full exports


def test_no_documents_in_ffb_transfer_or_when_turned_off(store: Store, citizen_id: str,
                                                        tmp_path: Path) -> None:
    m = export.export(store, tmp_path / "a.zip", lock=package.lock_plain(), documents=False)
    assert not [d for d in m["documents"] if d["member"].startswith("documents/")]
    with zipfile.ZipFile(tmp_path / "a.zip") as zf:
        assert not [n for n in zf.namelist() if n.startswith("documents/")]


def test_a_document_that_cannot_be_built_is_listed_not_dropped(
        demo_export: tuple[Store, Path, dict], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    store, _out, _m = demo_export
    import hfdesk.documents.plan as plan_doc

    def broken(_snap: object, **_kw: object) -> bytes:
        raise ValueError("kaput")

    monkeypatch.setattr(plan_doc, "build_plan", broken)
    cid = next(c["id"] for c in citizens.list_all(store) if plans.find(store, c["id"], None))
    m = export.export(store, tmp_path / "one.zip", lock=package.lock_passphrase(PASS),
                      citizen_id=cid)
    assert any(s["document_type"] == "plan" and "kaput" in s["reason"]
               for s in m["documents_skipped"])
    assert export_docs.TYPES == ("plan", "statusnotat", "referat", "overdragelse")


def test_transfer_and_ffb_never_carry_pdfs_and_transfer_bytes_hide_names(
        demo_export: tuple[Store, Path, dict], tmp_path: Path) -> None:
    store, _out, _m = demo_export
    cid = next(c["id"] for c in citizens.list_all(store) if plans.find(store, c["id"], None))
    person = citizens.get(store, cid)
    with database.create_store(tmp_path / "b.db", PASS, worker_name="Bo Berg",
                               demo=True) as b:
        m = export.transfer(store, cid, b.worker_public_key(), tmp_path / "t.zip")
    assert not [d for d in m["documents"] if d["member"].startswith("documents/")]
    data = (tmp_path / "t.zip").read_bytes()
    assert person["legal_name"].encode() not in data
    if person.get("cpr"):
        assert person["cpr"].encode() not in data
    from hfdesk.store import exchange

    exchange.unmark_moved(store, cid)  # the module's store stays usable for other tests


def test_the_next_delta_starts_where_the_last_export_ended(store: Store, citizen_id: str,
                                                          tmp_path: Path) -> None:
    from hfdesk.store import exchange

    assert exchange.last_export_seq(store) is None
    m = export.export(store, tmp_path / "a.zip", lock=package.lock_plain())
    assert exchange.last_export_seq(store) == m["until_seq"]
    export.export(store, tmp_path / "b.zip", lock=package.lock_plain(), citizen_id=citizen_id)
    assert exchange.last_export_seq(store) == m["until_seq"]  # one citizen: not a delta base


def test_manifest_validates_against_its_schema(demo_export: tuple[Store, Path, dict]) -> None:
    import json

    import jsonschema

    _store, out, _m = demo_export
    schema = json.loads((Path(export.__file__).parent / "schema" / "manifest.schema.json")
                        .read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    with _open(out) as reader:
        jsonschema.validate(reader.manifest, schema)
        assert all(d["member"] in reader.manifest["members"]
                   for d in reader.manifest["documents"]
                   if not d["member"].startswith("blobs/"))
