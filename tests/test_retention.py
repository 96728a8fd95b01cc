"""Retention and deletion: refused while anything is untransferred (nothing lost), and after
journalisation the citizen leaves the database completely while the audit chain verifies."""

from __future__ import annotations

import json
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlcipher3
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import cli, retention
from hfdesk.errors import UserError
from hfdesk.store import (
    audit,
    citizens,
    courses,
    database,
    documents,
    drafts,
    erasure,
    journal,
    journalisation,
    network,
    plans,
    referrals,
    search,
    settings,
)
from hfdesk.store.database import Store

PDF = b"%PDF-1.4\n%Qvistgaard\n"
NAME, FIRST, LAST = "Xylofon Qvistgaard", "Xylofon", "Qvistgaard"
CPR = "120394-1234"
NOTE_WORD = "Zebrafinkeburet"
TODAY = date(2026, 12, 1)


def _closed_citizen(store: Store, *, ended: str = "2026-06-01") -> str:
    """A citizen with data in many areas, versions, a draft, an index row; course closed."""
    cid, _ = citizens.create(store, {"legal_name": NAME, "preferred_name": FIRST, "cpr": CPR,
                                     "address": "Gyvelvej 17"})
    citizens.update(store, cid, {"address": "Ravnsborggade 99"})  # a version with the old one
    course = courses.create(store, cid, {"method": "cti", "start_date": "2026-01-05"})
    eid = journal.add(store, cid, {"occurred_at": "2026-02-01", "entry_type": "home_visit",
                                   "note": f"{FIRST} viste {NOTE_WORD} frem"})
    journal.update(store, eid, {"note": f"{FIRST} {LAST} viste {NOTE_WORD} frem igen"})
    journal.add_addition(store, eid, f"Tilføjelse: {NOTE_WORD} er flyttet")
    documents.save(store, cid, kind="plan", title=f"Plan for {NAME}", file_name="plan.pdf",
                   mime="application/pdf", content=PDF, source="printed")
    drafts.put(store, "journal:new", {"note": f"halvfærdig om {LAST}"}, citizen_id=cid)
    network.add(store, cid, {"name": "Lone Qvistgaard", "relation": "mother"})
    referrals.create(store, {"received_date": "2026-01-02", "source": "jobcentre",
                             "person_name": NAME, "person_age": 30}, citizen_id=cid,
                     today=date(2026, 1, 2))
    plans.ensure(store, cid)
    journalisation.add_exemption(store, cid, record_kind="journal_entry", record_id=eid,
                                 field="note", reason=f"Tredjepart nævnt sammen med {LAST}")
    courses.update(store, course, {"end_decision_date": ended, "end_type": "planned"})
    return cid


def _transfer_all(store: Store, cid: str) -> None:
    for item in journalisation.untransferred(store, cid):
        journalisation.mark(store, item["kind"], item["id"])


def _everything(store: Store) -> dict[str, int]:
    return {t: int(store.db.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("citizens", "journal_entries", "documents", "record_versions", "audit",
                      "drafts", "network_persons", "referrals", "exemptions")}


def test_overview_statuses(store: Store, citizen_id: str) -> None:
    courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-05"})
    missing = _closed_citizen(store)
    recent = _closed_citizen(store, ended="2026-11-01")
    _transfer_all(store, recent)
    ready = _closed_citizen(store, ended="2026-01-31")
    _transfer_all(store, ready)
    items = {c.citizen_id: c for c in retention.overview(store, TODAY)}
    assert citizen_id not in items  # an open course is never listed
    assert items[missing].status == retention.MISSING
    assert (items[missing].notes_missing, items[missing].documents_missing) == (1, 1)
    assert items[missing].status_label == "Mangler journalisering"
    assert items[recent].status == retention.NOT_DUE and items[recent].due == "2027-02-01"
    assert items[ready].status == retention.READY
    assert items[ready].due == "2026-04-30"  # 31 January + 3 months ends on the last day
    settings.set_many(store, {"retention_months": 12})
    assert retention.candidate(store, ready, TODAY).status == retention.NOT_DUE


def test_refused_with_untransferred_notes_nothing_lost(store: Store) -> None:
    cid = _closed_citizen(store)
    before = _everything(store)
    with pytest.raises(UserError) as exc:
        retention.delete_citizen(store, cid, TODAY)
    assert exc.value.message.startswith("Mangler journalisering: 1 notat og 1 dokument")
    assert _everything(store) == before
    assert citizens.get(store, cid)["legal_name"] == NAME
    assert search.notes(store, NOTE_WORD)


def test_refused_when_open_not_due_or_moved(store: Store, citizen_id: str) -> None:
    courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-05"})
    with pytest.raises(UserError, match="stadig åbent"):
        retention.delete_citizen(store, citizen_id, TODAY)
    lonely, _ = citizens.create(store, {"legal_name": "Uden Forløb"})
    with pytest.raises(UserError, match="intet afsluttet forløb"):
        retention.delete_citizen(store, lonely, TODAY)
    recent = _closed_citizen(store, ended="2026-11-01")
    _transfer_all(store, recent)
    with pytest.raises(UserError, match="01.02.2027"):
        retention.delete_citizen(store, recent, TODAY)
    assert citizens.get(store, recent)


def test_deletion_after_journalisation_erases_everything(db_path: Path, passphrase: str,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str],
                                                         tmp_path: Path) -> None:
    with database.create_store(db_path, passphrase, worker_name="Anne Holm") as store:
        keep, _ = citizens.create(store, {"legal_name": "Bliver Her", "cpr": "010203-4321"})
        journal.add(store, keep, {"occurred_at": "2026-02-01", "entry_type": "phone",
                                  "note": "Uberørt notat"})
        cid = _closed_citizen(store, ended="2026-01-15")
        _transfer_all(store, cid)
        assert erasure.footprint(store, cid)["journal_entries"] == 1
        assert NAME in erasure.dump_text(store)  # the check below can see the name
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    # Without --yes and without a terminal nothing happens.
    assert cli.main(["delete-citizen", "--db", str(db_path), "--citizen", cid]) != 0
    assert cli.main(["retention", "--db", str(db_path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(i["citizen_id"], i["status"]) for i in listed] == [(cid, "ready")]
    assert cli.main(["delete-citizen", "--db", str(db_path), "--citizen", cid, "--yes"]) == 0
    assert "backupper" in capsys.readouterr().out

    assert cli.main(["check", "--db", str(db_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["audit_chain_ok"] is True

    forbidden = [NAME, FIRST, LAST, CPR, CPR.replace("-", ""), NOTE_WORD, "Gyvelvej",
                 "Ravnsborggade"]
    with database.open_store(db_path, passphrase) as store:
        dump = erasure.dump_text(store)
        # The id survives only in the tombstone (so a colleague's copy learns of the deletion).
        assert [line.split(":")[0] for line in dump.splitlines() if cid in line] == [
            "tombstones"]
        assert "Bliver Her" in dump and "Uberørt notat" in dump
        for word in forbidden:
            # FTS stores folded, lower-case terms; check those too.
            for form in {word, word.lower(), search.fold(word)}:
                assert form not in dump, form
        assert citizens.get(store, keep)["legal_name"] == "Bliver Her"
        assert search.notes(store, NOTE_WORD) == []
        assert audit.verify(store).ok
        stubs = store.query("SELECT * FROM audit WHERE stub = 1")
        assert stubs and all(r["citizen_id"] is None and r["unit"] is None for r in stubs)
        assert store.db.execute("PRAGMA freelist_count").fetchone()[0] == 0
        # A plaintext export of the whole database holds none of it either.
        plain = tmp_path / "plain.db"
        store.db.execute(f"ATTACH DATABASE '{plain}' AS plaintext KEY ''")
        store.db.execute("SELECT sqlcipher_export('plaintext')")
        store.db.execute("DETACH DATABASE plaintext")
    raw = plain.read_bytes()
    with sqlite3.connect(plain) as dumped:
        lines = "\n".join(dumped.iterdump())
    assert "Bliver Her" in lines
    for word in forbidden:
        assert word.encode() not in raw and word.lower().encode() not in raw
        assert word not in lines
    assert not Path(str(db_path) + "-wal").exists() or \
        Path(str(db_path) + "-wal").stat().st_size == 0


def test_hand_edited_audit_row_is_detected_by_check(db_path: Path, passphrase: str,
                                                    citizen_id: str, store: Store,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    citizens.open_citizen(store, citizen_id)
    key = store.key
    store.close()
    # Someone with the key edits the file directly, around the append-only trigger.
    conn = sqlcipher3.connect(str(db_path))
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER audit_only_stub")
    conn.execute("UPDATE audit SET action = 'print' WHERE seq = 2")
    conn.commit()
    conn.close()
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    assert cli.main(["check", "--db", str(db_path), "--json"]) == 1
    result = json.loads(capsys.readouterr().out)
    assert result["audit_chain_ok"] is False
    assert any("række 2 er ændret" in p for p in result["audit_problems"])


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)),
       st.integers(min_value=0, max_value=240))
def test_add_months_lands_in_the_right_month(day: date, months: int) -> None:
    out = retention.add_months(day, months)
    assert (out.year * 12 + out.month) - (day.year * 12 + day.month) == months
    assert out.day == day.day or (out.day < day.day and (out + timedelta(days=1)).day == 1)
