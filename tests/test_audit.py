"""The audit log: append-only, hash-chained, and free of values, note text and CPR."""

from __future__ import annotations

import json

import pytest

from hfdesk.errors import ValidationError
from hfdesk.store import audit, citizens, courses, journal, settings
from hfdesk.store.database import DatabaseError, Store

NOTE = "Borgeren fortalte om Zanzibarkrydstogt og Pelikanhaven i detaljer"
CPR = "070583-4619"


def busy(store: Store, citizen_id: str) -> None:
    """A handful of ordinary operations, each audited."""
    citizens.update(store, citizen_id, {"phone": "20 30 40 50"})
    citizens.open_citizen(store, citizen_id, purpose="Opfølgning")
    courses.create(store, citizen_id, {"method": "cti", "start_date": "01.02.2026"})
    journal.add(store, citizen_id, {"occurred_at": "2026-03-12", "entry_type": "phone",
                                    "note": "Kort opkald."})
    settings.set_many(store, {"municipality": "Aarhus"})


def raw(store: Store, sql: str, params: list[object] | None = None) -> None:
    store.db.execute(sql, params or [])
    store.db.conn.commit()


def drop_triggers(store: Store) -> None:
    """An attacker with raw SQL access removes the append-only guards first."""
    raw(store, "DROP TRIGGER audit_no_delete")
    raw(store, "DROP TRIGGER audit_only_stub")


def rows(store: Store) -> list[dict[str, object]]:
    return store.query("SELECT * FROM audit ORDER BY seq")


def test_chain_verifies_after_operations(store: Store, citizen_id: str) -> None:
    busy(store, citizen_id)
    result = audit.verify(store)
    assert result.ok, result.problems
    assert result.count == len(rows(store)) >= 6
    assert (result.count, result.head) == audit.head(store)
    assert [r["seq"] for r in rows(store)] == list(range(1, result.count + 1))


def test_chain_verifies_after_reopen(store: Store, citizen_id: str, db_path,
                                     passphrase: str) -> None:
    from hfdesk.store import database

    busy(store, citizen_id)
    store.close()
    with database.open_store(db_path, passphrase) as again:
        audit.log_now(again, "unlock")
        assert audit.verify(again).ok


def test_empty_log_verifies(store: Store) -> None:
    result = audit.verify(store)
    assert result.ok and result.count == 0 and result.head == audit.GENESIS


@pytest.mark.parametrize("column,value", [
    ("worker_id", "someone-else"),
    ("action", "print"),
    ("citizen_id", "another-citizen"),
    ("fields", '["note"]'),
    ("at", "2020-01-01T00:00:00+00:00"),
])
def test_edited_row_is_detected(store: Store, citizen_id: str, column: str,
                                value: str) -> None:
    busy(store, citizen_id)
    drop_triggers(store)
    raw(store, f"UPDATE audit SET {column} = ? WHERE seq = 3", [value])
    result = audit.verify(store)
    assert not result.ok
    assert any("række 3" in p for p in result.problems)


def test_fake_stub_cannot_hide_an_edit(store: Store, citizen_id: str) -> None:
    # Stubbing is allowed by the trigger (that is how deletion works), but a "stub" that still
    # carries content is an edit in disguise.
    busy(store, citizen_id)
    raw(store, "UPDATE audit SET stub = 1, worker_id = 'someone-else' WHERE seq = 2")
    result = audit.verify(store)
    assert not result.ok
    assert any("række 2" in p for p in result.problems)


def test_deleted_middle_row_is_detected(store: Store, citizen_id: str) -> None:
    busy(store, citizen_id)
    drop_triggers(store)
    raw(store, "DELETE FROM audit WHERE seq = 3")
    result = audit.verify(store)
    assert not result.ok
    assert any("mangler" in p for p in result.problems)
    assert any("kæden er brudt" in p for p in result.problems)


def test_cut_tail_is_detected_by_head(store: Store, citizen_id: str) -> None:
    busy(store, citizen_id)
    total = len(rows(store))
    drop_triggers(store)
    raw(store, "DELETE FROM audit WHERE seq > ?", [total - 2])
    result = audit.verify(store)
    assert not result.ok
    assert result.count == total - 2
    assert any("fjernet fra enden" in p for p in result.problems)


def test_rolled_back_transaction_does_not_break_chain(store: Store, citizen_id: str) -> None:
    with pytest.raises(RuntimeError), store.db.atomic():
        audit.log(store, "change", record_kind="citizen", record_id=citizen_id,
                  citizen_id=citizen_id, fields=["phone"])
        raise RuntimeError("disk full")
    citizens.update(store, citizen_id, {"phone": "11 22 33 44"})
    result = audit.verify(store)
    assert result.ok, result.problems


def test_triggers_refuse_update_and_delete(store: Store, citizen_id: str) -> None:
    busy(store, citizen_id)
    before = rows(store)
    for sql in (
        "DELETE FROM audit WHERE seq = 1",
        "DELETE FROM audit",
        "UPDATE audit SET action = 'print' WHERE seq = 1",
        "UPDATE audit SET worker_id = 'x'",
        "UPDATE audit SET stub = 1, hash = 'x' WHERE seq = 1",
        "UPDATE audit SET stub = 1, prev_hash = 'x' WHERE seq = 1",
        "UPDATE audit SET stub = 1, content_hash = 'x' WHERE seq = 1",
        "UPDATE audit SET stub = 1, seq = 99 WHERE seq = 1",
    ):
        with pytest.raises(DatabaseError, match="append-only"), store.db.atomic():
            store.db.execute(sql)
    assert rows(store) == before
    assert audit.verify(store).ok


def test_delete_citizen_strips_rows_to_stubs(store: Store, citizen_id: str) -> None:
    other, _ = citizens.create(store, {"legal_name": "Anden Borger"})
    busy(store, citizen_id)
    citizens.open_citizen(store, other)
    theirs = [r["seq"] for r in rows(store) if r["citizen_id"] == citizen_id]
    assert len(theirs) >= 5
    citizens.delete(store, citizen_id, reason="Borgerens anmodning om sletning")
    result = audit.verify(store)
    assert result.ok, result.problems
    after = rows(store)
    for r in after:
        assert citizen_id not in json.dumps(r, default=str), r
    stubs = {r["seq"] for r in after if r["stub"]}
    assert set(theirs) <= stubs
    # Other citizens' rows are untouched; the deletion itself is logged (by whom and why).
    assert audit.rows_for_citizen(store, other)
    assert audit.rows_for_citizen(store, citizen_id) == []
    last = after[-1]
    assert last["action"] == "delete" and last["record_kind"] == "citizen"
    assert last["worker_id"] == store.worker_id
    # New rows still chain on.
    citizens.open_citizen(store, other)
    assert audit.verify(store).ok


def test_audit_holds_no_values_text_or_cpr(store: Store) -> None:
    cid, _ = citizens.create(store, {
        "legal_name": "Quintessa Bjørnfeldt", "preferred_name": "Quin", "cpr": CPR,
        "phone": "31 41 59 26", "email": "quin@eksempel.dk", "address": "Gyvelvej 17",
        "notes": "Allergisk over for Pelikanhaven",
    })
    citizens.update(store, cid, {"address": "Ravnsborggade 99"})
    citizens.open_citizen(store, cid, found_by_cpr=True)
    eid = journal.add(store, cid, {"occurred_at": "2026-03-12", "entry_type": "home_visit",
                                   "note": NOTE, "life_areas": ["health"]})
    journal.update(store, eid, {"note": NOTE + " Zanzibarkrydstogt igen."})
    journal.add_addition(store, eid, "Tilføjelse om Xylofonmøde")
    forbidden = ["Quintessa", "Bjørnfeldt", "Quin@", "0705834619", CPR, "070583", "4619",
                 "31 41 59 26", "quin@eksempel.dk", "Gyvelvej", "Ravnsborggade", "Pelikanhaven",
                 "Zanzibarkrydstogt", "Xylofonmøde", "health", "home_visit"]
    all_rows = rows(store)
    assert len(all_rows) >= 6
    for r in all_rows:
        for column, value in r.items():
            text = str(value)
            for word in forbidden:
                assert word.lower() not in text.lower(), (column, word, r)
    # Field *names* are recorded, which is the point.
    fields = [json.loads(str(r["fields"])) for r in all_rows if r["fields"]]
    assert any("cpr" in f for f in fields)
    assert any("note" in f for f in fields)


def test_edit_session_one_row_per_record_until_new_fields(store: Store,
                                                          citizen_id: str) -> None:
    session = audit.EditSession(purpose="Opdatering af kontaktoplysninger")
    start = audit.head(store)[0]
    for i in range(5):  # autosaves of the same field
        citizens.update(store, citizen_id, {"phone": f"2000000{i}"}, session=session)
    assert audit.head(store)[0] == start + 1
    citizens.update(store, citizen_id, {"phone": "30000000", "email": "mia@eksempel.dk"},
                    session=session)
    assert audit.head(store)[0] == start + 2
    citizens.update(store, citizen_id, {"email": "mia2@eksempel.dk"}, session=session)
    citizens.update(store, citizen_id, {"phone": "30000001", "email": "mia3@eksempel.dk"},
                    session=session)
    assert audit.head(store)[0] == start + 2
    new_rows = rows(store)[start:]
    assert [json.loads(str(r["fields"])) for r in new_rows] == [["phone"], ["email"]]
    assert all(r["purpose"] == "Opdatering af kontaktoplysninger" for r in new_rows)
    # A second record in the same session gets its own row.
    other, _ = citizens.create(store, {"legal_name": "Anden Borger"})
    before = audit.head(store)[0]
    citizens.update(store, other, {"phone": "40000000"}, session=session)
    assert audit.head(store)[0] == before + 1
    # Without a session every change is a row; a save with no change is none.
    citizens.update(store, citizen_id, {"phone": "50000000"})
    citizens.update(store, citizen_id, {"phone": "50000000"})
    assert audit.head(store)[0] == before + 2
    assert audit.verify(store).ok


def test_refused_change_writes_no_audit_row(store: Store, citizen_id: str) -> None:
    before = rows(store)
    with pytest.raises(ValidationError):
        citizens.update(store, citizen_id, {"legal_name": ""})
    assert rows(store) == before


def test_unknown_action_is_a_programming_error(store: Store) -> None:
    with pytest.raises(ValueError):
        audit.log_now(store, "peek")
    assert audit.verify(store).count == 0
