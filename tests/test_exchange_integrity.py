"""A moved citizen is read-only on every record table (also tables added after 0007), a citizen
tombstone in a delta deletes the citizen, imported audit rows join the hash chain, and
conflicts are settled through the store."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hfdesk.errors import LockedRecord, NotFound, UserError
from hfdesk.exchange import export, importer, package
from hfdesk.store import audit, citizens, courses, database, exchange, records
from hfdesk.store.database import Store

PASS = "korrekt hest batteri"


def _new(tmp_path: Path, name: str) -> Store:
    return database.create_store(tmp_path / name, PASS, worker_name="Bo Berg")


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Store]:
    s = _new(tmp_path, "other.db")
    try:
        yield s
    finally:
        s.close()


# --- the moved-citizen guard -------------------------------------------------------------------

def test_every_record_table_reaching_a_citizen_is_guarded(store: Store) -> None:
    tables = [r["name"] for r in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    triggers = {r["name"] for r in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for kind in exchange.ordered_kinds(store):
        table = records.TABLES[kind]
        if exchange.is_global(store, kind) or table not in tables:
            continue
        for event in ("insert", "update", "delete"):
            assert f"{table}_moved_{event}" in triggers, (table, event)
    assert exchange.ensure_moved_guards(store.db) == 0  # nothing left to add at open


def test_moved_citizen_is_read_only_with_a_danish_message(store: Store, citizen_id: str,
                                                          other: Store,
                                                          tmp_path: Path) -> None:
    course_id = courses.create(store, citizen_id, {"method": "cti",
                                                   "start_date": "2026-01-05"})
    export.transfer(store, citizen_id, other.worker_public_key(), tmp_path / "t.zip")
    before = (exchange.counts(store), records.current_change_seq(store))
    with pytest.raises(LockedRecord, match="Borgeren er flyttet til en kollega"):
        citizens.update(store, citizen_id, {"phone": "99999999"})
    with pytest.raises(LockedRecord, match="flyttet"):
        courses.update(store, course_id if isinstance(course_id, str) else course_id[0],
                       {"case_number": "X-1"})
    with pytest.raises(LockedRecord, match="flyttet"):
        courses.create(store, citizen_id, {"method": "cti", "start_date": "2026-02-05"})
    with pytest.raises(LockedRecord):
        citizens.delete(store, citizen_id, reason="forsøg")
    after = (exchange.counts(store), records.current_change_seq(store))
    assert after == before  # nothing half-written, not even a change number


def test_table_added_after_0007_is_guarded(store: Store, citizen_id: str, other: Store,
                                           tmp_path: Path) -> None:
    # A later area adds two record tables: one with citizen_id, one reaching it through a
    # foreign key. The guard is worked out from the schema, with no edit to the exchange code.
    store.db.executescript(
        """
        CREATE TABLE later_things (id TEXT PRIMARY KEY, change_seq INTEGER NOT NULL,
            citizen_id TEXT NOT NULL REFERENCES citizens(id) ON DELETE CASCADE, what TEXT);
        CREATE TABLE later_parts (id TEXT PRIMARY KEY, change_seq INTEGER NOT NULL,
            thing_id TEXT NOT NULL REFERENCES later_things(id) ON DELETE CASCADE, what TEXT);
        """)
    assert exchange.ensure_moved_guards(store.db) == 6
    store.db.execute("INSERT INTO later_things VALUES ('t1', 1, ?, 'a')", [citizen_id])
    store.db.execute("INSERT INTO later_parts VALUES ('p1', 1, 't1', 'a')")
    export.transfer(store, citizen_id, other.worker_public_key(), tmp_path / "t.zip")
    for sql in ("UPDATE later_things SET what = 'b' WHERE id = 't1'",
                "INSERT INTO later_things VALUES ('t2', 2, '" + citizen_id + "', 'a')",
                "DELETE FROM later_things WHERE id = 't1'",
                "UPDATE later_parts SET what = 'b' WHERE id = 'p1'",
                "INSERT INTO later_parts VALUES ('p2', 2, 't1', 'a')",
                "DELETE FROM later_parts WHERE id = 'p1'"):
        with pytest.raises(database.DatabaseError, match="citizen moved"):
            store.db.execute(sql)


def test_receipt_still_removes_a_moved_citizen(store: Store, citizen_id: str, other: Store,
                                               tmp_path: Path) -> None:
    export.transfer(store, citizen_id, other.worker_public_key(), tmp_path / "t.zip")
    importer.import_package(other, tmp_path / "t.zip", receipt_out=tmp_path / "r.json")
    assert importer.apply_receipt(store, tmp_path / "r.json") == [citizen_id]
    with pytest.raises(NotFound):
        citizens.get(store, citizen_id)


# --- tombstones --------------------------------------------------------------------------------

def test_citizen_tombstone_in_a_delta_deletes_the_citizen_everywhere(store: Store,
                                                                    tmp_path: Path) -> None:
    cid, _ = citizens.create(store, {"legal_name": "Carl Carlsen", "cpr": "120394-1234"})
    courses.create(store, cid, {"method": "cti", "start_date": "2026-01-05"})
    keep, _ = citizens.create(store, {"legal_name": "Ada Andersen"})
    full = tmp_path / "full.zip"
    m = export.export(store, full, lock=package.lock_passphrase(PASS))
    with _new(tmp_path, "b.db") as b:
        importer.import_package(b, full, passphrase=PASS)
        assert courses.for_citizen(b, cid)
        citizens.delete(store, cid, reason="sletning")
        delta = tmp_path / "delta.zip"
        export.export(store, delta, lock=package.lock_passphrase(PASS), since_seq=m["until_seq"])
        result = importer.import_package(b, delta, passphrase=PASS)
        assert result.deleted >= 1
        with pytest.raises(NotFound):
            citizens.get(b, cid)
        assert courses.for_citizen(b, cid) == []
        assert citizens.get(b, keep)["legal_name"] == "Ada Andersen"
        assert b.query("SELECT count(*) AS n FROM audit WHERE citizen_id = ?", [cid])[0]["n"] == 0
        assert audit.verify(b).ok
        tomb = b.query("SELECT origin FROM tombstones WHERE record_kind = 'citizen' AND "
                       "record_id = ?", [cid])
        assert tomb and tomb[0]["origin"] == store.origin  # passed on as it came
        # the same delta again changes nothing
        again = importer.import_package(b, delta, passphrase=PASS)
        assert again.already


# --- imported audit rows -----------------------------------------------------------------------

def test_imported_audit_rows_join_the_chain(store: Store, citizen_id: str, other: Store,
                                            tmp_path: Path) -> None:
    citizens.open_citizen(store, citizen_id)
    own = audit.rows_for_citizen(store, citizen_id)
    export.transfer(store, citizen_id, other.worker_public_key(), tmp_path / "t.zip")
    importer.import_package(other, tmp_path / "t.zip")
    rows = other.query("SELECT * FROM audit WHERE action = 'imported' AND citizen_id = ? "
                       "ORDER BY seq", [citizen_id])
    assert len(rows) >= len(own)
    originals = {r["hash"] for r in store.query("SELECT hash FROM audit WHERE citizen_id = ?",
                                                [citizen_id])}
    assert {r["imported_hash"] for r in rows} <= originals
    assert all(r["imported_from"] == store.origin for r in rows)
    assert all(r["worker_id"] == store.worker_id and r["role"] == store.role for r in rows)
    assert {r["imported_action"] for r in rows} >= {"create", "open_citizen"}
    assert any(r.get("worker_name") == store.worker_name for r in rows)
    check = audit.verify(other)
    assert check.ok, check.problems
    # a row edited after the import breaks the chain (the hashes include where it came from)
    other.db.execute("DROP TRIGGER audit_only_stub")
    other.db.execute("UPDATE audit SET imported_action = 'print' WHERE seq = ?",
                     [rows[0]["seq"]])
    assert not audit.verify(other).ok


def test_imported_rows_are_not_added_twice_and_not_back_home(
        store: Store, citizen_id: str, other: Store, tmp_path: Path) -> None:
    export.transfer(store, citizen_id, other.worker_public_key(), tmp_path / "t.zip")
    importer.import_package(other, tmp_path / "t.zip", receipt_out=tmp_path / "r.json")
    n = other.query("SELECT count(*) AS n FROM audit WHERE action = 'imported'")[0]["n"]
    # a full export of the other database, back into a third one and again: no duplicates
    out = tmp_path / "o.zip"
    export.export(other, out, lock=package.lock_passphrase(PASS))
    with _new(tmp_path, "third.db") as third:
        importer.import_package(third, out, passphrase=PASS)
        first = third.query("SELECT count(*) AS n FROM audit WHERE action = 'imported'")[0]["n"]
        assert first >= n
        out2 = tmp_path / "o2.zip"
        export.export(other, out2, lock=package.lock_passphrase(PASS))
        importer.import_package(third, out2, passphrase=PASS)
        # only the row the second export itself wrote in `other` is new
        hashes = [r["imported_hash"] for r in third.query(
            "SELECT imported_hash FROM audit WHERE action = 'imported'")]
        assert len(hashes) == len(set(hashes)) == first + 1
        # rows that first came from `store` keep that origin after travelling twice
        origins = {r["imported_from"] for r in third.query(
            "SELECT imported_from FROM audit WHERE action = 'imported'")}
        assert store.origin in origins
        assert audit.verify(third).ok


def test_a_hand_edited_audit_row_is_refused_before_anything_changes(
        store: Store, citizen_id: str, other: Store, tmp_path: Path) -> None:
    plain = tmp_path / "p.zip"
    export.export(store, plain, lock=package.lock_plain())
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(plain) as zin:
        manifest = json.loads(zin.read("manifest.json"))
        member = f"citizens/{citizen_id}.json"
        doc = json.loads(zin.read(member))
        doc["audit"][0]["worker_id"] = "someone-else"
        body = json.dumps(doc).encode()
        manifest["members"][member]["sha256"] = hashlib.sha256(body).hexdigest()
        with zipfile.ZipFile(bad, "w") as zout:
            zout.comment = zin.comment
            for info in zin.infolist():
                data = zin.read(info.filename)
                if info.filename == member:
                    data = body
                elif info.filename == "manifest.json":
                    data = json.dumps(manifest).encode()
                zout.writestr(info.filename, data)
    before = exchange.counts(other)
    with pytest.raises(UserError, match="revisionsloggen"):
        importer.import_package(other, bad)
    after = exchange.counts(other)
    assert after["audit"] == before["audit"] + 1  # the refusal only
    assert exchange.citizen_ids(other) == []


# --- conflicts ---------------------------------------------------------------------------------

def _conflict(store: Store, citizen_id: str, b: Store, tmp_path: Path) -> int:
    out = tmp_path / "e.zip"
    export.export(store, out, lock=package.lock_passphrase(PASS))
    importer.import_package(b, out, passphrase=PASS)
    citizens.update(store, citizen_id, {"phone": "11111111"})
    citizens.update(b, citizen_id, {"phone": "22222222"})
    out2 = tmp_path / "e2.zip"
    export.export(store, out2, lock=package.lock_passphrase(PASS))
    importer.import_package(b, out2, passphrase=PASS)
    [c] = exchange.conflict_details(b)
    assert ("phone", "22222222", "11111111") in c["differences"]
    assert c["citizen_name"] and c["record_kind"] == "citizen"
    return int(c["id"])


def test_settle_conflict_with_the_incoming_version(store: Store, citizen_id: str,
                                                   other: Store, tmp_path: Path) -> None:
    from hfdesk.exchange import conflicts as settle

    cid = _conflict(store, citizen_id, other, tmp_path)
    settle.settle(other, cid, "incoming")
    assert citizens.get(other, citizen_id)["phone"] == "11111111"
    assert exchange.conflicts(other) == []
    assert any(v["data"]["phone"] == "22222222"
               for v in records.versions(other, "citizen", citizen_id))
    last = other.query("SELECT action, purpose, fields FROM audit ORDER BY seq DESC LIMIT 1")[0]
    assert last["action"] == "change" and "indkomne" in last["purpose"]
    assert "phone" in json.loads(last["fields"])
    with pytest.raises(NotFound):
        settle.settle(other, cid, "local")
    assert audit.verify(other).ok


def test_settle_conflict_keeping_mine_lets_the_other_side_catch_up(
        store: Store, citizen_id: str, other: Store, tmp_path: Path) -> None:
    from hfdesk.exchange import conflicts as settle

    cid = _conflict(store, citizen_id, other, tmp_path)
    settle.settle(other, cid, "local")
    assert citizens.get(other, citizen_id)["phone"] == "22222222"
    assert exchange.conflicts(other) == []
    # importing the same incoming version again does not bring the conflict back
    out3 = tmp_path / "e3.zip"
    export.export(store, out3, lock=package.lock_passphrase(PASS))
    importer.import_package(other, out3, passphrase=PASS)
    assert exchange.conflicts(other) == []
    # and the first side, importing ours, fast-forwards to it instead of conflicting
    back = tmp_path / "back.zip"
    export.export(other, back, lock=package.lock_passphrase(PASS))
    result = importer.import_package(store, back, passphrase=PASS)
    assert not result.conflicts
    assert citizens.get(store, citizen_id)["phone"] == "22222222"


def test_cli_lists_and_settles_conflicts(store: Store, citizen_id: str, other: Store,
                                         tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from hfdesk import cli

    conflict = _conflict(store, citizen_id, other, tmp_path)
    path = other.path
    other.close()
    monkeypatch.setenv("HFDESK_PASSPHRASE", PASS)
    assert cli.main(["conflicts", "--db", str(path)]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in listed] == [conflict]
    assert ["phone", "22222222", "11111111"] in listed[0]["differences"]
    assert cli.main(["conflicts", "--db", str(path), "--settle", str(conflict)]) != 0
    assert "--use" in capsys.readouterr().err
    assert cli.main(["conflicts", "--db", str(path), "--settle", str(conflict),
                     "--use", "incoming"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    with database.open_store(path, PASS) as reopened:
        assert citizens.get(reopened, citizen_id)["phone"] == "11111111"


def test_import_touching_a_moved_citizen_is_refused_calmly(store: Store, citizen_id: str,
                                                           other: Store,
                                                           tmp_path: Path) -> None:
    # The municipality's copy changes the citizen after it was moved away from here.
    full = tmp_path / "full.zip"
    export.export(store, full, lock=package.lock_passphrase(PASS))
    importer.import_package(other, full, passphrase=PASS)
    citizens.update(other, citizen_id, {"phone": "33333333"})
    back = tmp_path / "back.zip"
    export.export(other, back, lock=package.lock_passphrase(PASS))
    export.transfer(store, citizen_id, other.worker_public_key(), tmp_path / "t.zip")
    before = exchange.counts(store)
    with pytest.raises(UserError, match="flyttet til en kollega"):
        importer.import_package(store, back, passphrase=PASS)
    assert {k: v for k, v in exchange.counts(store).items() if k != "audit"} == \
        {k: v for k, v in before.items() if k != "audit"}
