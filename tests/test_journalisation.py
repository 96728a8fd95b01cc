"""Journalisation status: mark/unmark, the lists, the reminder, exemptions and releases."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import reminders
from hfdesk.errors import LockedRecord, NotFound, ValidationError
from hfdesk.store import audit, citizens, documents, journal, journalisation, settings
from hfdesk.store.database import Store

PDF = b"%PDF-1.4\n%fake but magic-correct\n"


def _note(store: Store, cid: str, day: str, **extra: object) -> str:
    return journal.add(store, cid, {"occurred_at": day, "entry_type": "phone",
                                    "note": "Talte om boligen", **extra})


def _doc(store: Store, cid: str) -> str:
    return documents.save(store, cid, kind="plan", title="Indsatsplan", file_name="p.pdf",
                          mime="application/pdf", content=PDF, source="printed")


def test_mark_and_unmark_note_and_document(store: Store, citizen_id: str) -> None:
    eid = _note(store, citizen_id, date.today().isoformat())
    did = _doc(store, citizen_id)
    assert journalisation.status(store, "journal_entry", eid) == {
        "transferred_at": None, "transferred_by": None}
    assert {i["id"] for i in journalisation.untransferred(store, citizen_id)} == {eid, did}

    journalisation.mark(store, "journal_entry", eid)
    journalisation.mark(store, "document", did)
    st_note = journalisation.status(store, "journal_entry", eid)
    assert st_note["transferred_at"] and st_note["transferred_by"] == "Anne Holm"
    assert journalisation.status(store, "document", did)["transferred_by"] == "Anne Holm"
    assert journalisation.untransferred(store, citizen_id) == []
    assert journalisation.missing_counts(store) == {}
    # A transferred note is final: corrections are dated additions.
    assert journal.get(store, eid)["locked"]
    with pytest.raises(LockedRecord):
        journal.update(store, eid, {"note": "ændret"})
    # Marking twice keeps the first date.
    first = st_note["transferred_at"]
    journalisation.mark(store, "journal_entry", eid)
    assert journalisation.status(store, "journal_entry", eid)["transferred_at"] == first

    journalisation.mark(store, "document", did, transferred=False)
    assert [i["id"] for i in journalisation.untransferred(store)] == [did]
    rows = [r for r in store.query("SELECT * FROM audit WHERE record_id IN (?, ?)", [eid, did])
            if r["action"] == "change"]
    assert len(rows) == 3
    assert all("transferred_at" in json.loads(r["fields"]) for r in rows)
    assert audit.verify(store).ok


def test_planned_appointments_need_no_transfer(store: Store, citizen_id: str) -> None:
    _note(store, citizen_id, "2030-01-10", status="planned")
    assert journalisation.untransferred(store, citizen_id) == []


def test_caseload_counts_and_reminder_one_line_per_citizen(store: Store,
                                                           citizen_id: str) -> None:
    other, _ = citizens.create(store, {"legal_name": "Anden Borger"})
    for day in ("2026-01-02", "2026-01-03", "2026-01-04"):
        _note(store, citizen_id, day)
    _note(store, other, "2026-11-30")  # too recent for the reminder
    _doc(store, other)
    counts = journalisation.missing_counts(store)
    assert counts[citizen_id] == {"notes": 3, "documents": 0}
    assert counts[other] == {"notes": 1, "documents": 1}

    items = journalisation.reminders(store, date(2026, 12, 1))
    assert len(items) == 1
    item = items[0]
    assert item["kind"] == "not_journalised" and item["citizen_id"] == citizen_id
    assert item["open"] == "journal"
    assert item["label"].startswith("3 notater ikke overført til journal")
    assert item["severity"] == "overdue"
    # The setting moves the line; a deceased citizen's reminders are skipped.
    settings.set_many(store, {"journal_reminder_days": 0})
    assert {i["citizen_id"] for i in journalisation.reminders(store, date(2026, 12, 1))} == {
        citizen_id, other}
    assert journalisation.reminders(store, date(2026, 12, 1), skip=frozenset({citizen_id,
                                                                              other})) == []
    assert any(i["kind"] == "not_journalised" for i in reminders.due(store, date(2026, 12, 1)))


def test_bad_kind_and_unknown_record(store: Store, citizen_id: str) -> None:
    with pytest.raises(ValidationError):
        journalisation.mark(store, "plan", "x")
    with pytest.raises(NotFound):
        journalisation.mark(store, "journal_entry", "no-such-id")
    with pytest.raises(NotFound):
        journalisation.status(store, "document", "no-such-id")


def test_exemptions_are_checked_and_stored(store: Store, citizen_id: str) -> None:
    eid = _note(store, citizen_id, "2026-03-01")
    other, _ = citizens.create(store, {"legal_name": "Anden Borger"})
    ex = journalisation.add_exemption(store, citizen_id, record_kind="journal_entry",
                                      record_id=eid, field="note",
                                      reason="Oplysninger om en tredjepersons helbred")
    # The same passage again updates the reason rather than doubling the marking.
    assert journalisation.add_exemption(store, citizen_id, record_kind="journal_entry",
                                        record_id=eid, field="note", reason="Ny grund") == ex
    rows = journalisation.exemptions(store, citizen_id)
    assert [(r["field"], r["reason"]) for r in rows] == [("note", "Ny grund")]
    for bad in (dict(record_kind="journal_entry", record_id=eid, field="nope", reason="x"),
                dict(record_kind="journal_entry", record_id=eid, field="id", reason="x"),
                dict(record_kind="journal_entry", record_id=eid, field="note", reason="  "),
                dict(record_kind="journal_entry", record_id=eid, field="note",
                     reason="x" * 5000),
                dict(record_kind="no_kind", record_id=eid, field="note", reason="x")):
        with pytest.raises(ValidationError):
            journalisation.add_exemption(store, citizen_id, **bad)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="hører ikke"):
        journalisation.add_exemption(store, other, record_kind="journal_entry", record_id=eid,
                                     field="note", reason="forkert borger")
    journalisation.remove_exemption(store, ex)
    assert journalisation.exemptions(store, citizen_id) == []


@given(st.text(max_size=300))
def test_exemption_reason_is_cleaned_or_refused(tmp_path_factory: pytest.TempPathFactory,
                                                reason: str) -> None:
    from hfdesk.store import database

    path = tmp_path_factory.mktemp("ex") / "h.db"
    with database.create_store(path, "korrekt hest batteri", worker_name="Anne Holm") as s:
        cid, _ = citizens.create(s, {"legal_name": "Mia"})
        try:
            journalisation.add_exemption(s, cid, record_kind="citizen", record_id=cid,
                                         field="legal_name", reason=reason)
        except ValidationError as exc:
            assert exc.message and exc.field == "reason"
            assert journalisation.exemptions(s, cid) == []
        else:
            stored = journalisation.exemptions(s, cid)[0]["reason"]
            assert stored and "\x00" not in stored


def test_release_is_recorded_and_checked(store: Store, citizen_id: str) -> None:
    rid = journalisation.record_release(store, citizen_id, released_to="custody_holder",
                                        exempted=2, recipient_name="Lone Jensen")
    rel = journalisation.releases(store, citizen_id)
    assert [(r["id"], r["released_to"], r["exempted"]) for r in rel] == [
        (rid, "custody_holder", 2)]
    with pytest.raises(ValidationError):
        journalisation.record_release(store, citizen_id, released_to="naboen", exempted=0)
    assert len(journalisation.releases(store, citizen_id)) == 1


def test_audit_rows_carry_unit_and_name_and_old_rows_verify(store: Store,
                                                             citizen_id: str) -> None:
    settings.set_many(store, {"unit": "Bostøtten Nord"})
    citizens.open_citizen(store, citizen_id)
    last = store.query("SELECT * FROM audit ORDER BY seq DESC LIMIT 1")[0]
    assert last["unit"] == "Bostøtten Nord"
    assert last["worker_name"] == "Anne Holm"
    assert last["worker_id"] == store.worker_id and last["role"] == "bostoettemedarbejder"
    # Rows written before migration 0009 have neither column and still verify.
    first = store.query("SELECT * FROM audit ORDER BY seq LIMIT 1")[0]
    assert first["unit"] is None
    assert audit.verify(store).ok


def test_cli_list_and_exempt(db_path, passphrase: str, monkeypatch: pytest.MonkeyPatch,
                             capsys: pytest.CaptureFixture[str]) -> None:
    from hfdesk import cli
    from hfdesk.store import database

    with database.create_store(db_path, passphrase, worker_name="Anne Holm") as s:
        cid, _ = citizens.create(s, {"legal_name": "Mia"})
        eid = _note(s, cid, "2026-03-01")
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    assert cli.main(["list", "not-journalised", "--db", str(db_path), "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [(i["kind"], i["id"]) for i in listed] == [("journal_entry", eid)]
    assert cli.main(["exempt", "--db", str(db_path), "--citizen", cid, "--kind",
                     "journal_entry", "--record", eid, "--field", "note", "--reason",
                     "Tredjepart"]) == 0
    capsys.readouterr()
    assert cli.main(["exempt", "--db", str(db_path), "--citizen", cid, "--kind",
                     "journal_entry", "--record", eid, "--field", "nope", "--reason", "x"]) != 0
    assert "feltet nope" in capsys.readouterr().err
    assert cli.main(["delete-citizen", "--db", str(db_path), "--citizen", "no-such",
                     "--yes"]) != 0
    with database.open_store(db_path, passphrase) as s:
        assert len(journalisation.exemptions(s, cid)) == 1
        assert citizens.get(s, cid)


def test_clipboard_text_masks_cpr_unless_configured(store: Store, citizen_id: str) -> None:
    from hfdesk import journal_copy

    eid = journal.add(store, citizen_id, {"occurred_at": "2026-03-01", "occurred_time": "14.30",
                                          "entry_type": "phone", "duration_min": 20,
                                          "note": "Ringede\x00 om boligen\r\nAftalte besøg"})
    journal.add_addition(store, eid, "Besøget blev flyttet")
    cid, text = journal_copy.text_for(store, "journal_entry", eid)
    assert cid == citizen_id
    assert text.startswith("Journalnotat 01.03.2026 kl. 14.30\nType: Telefon")
    assert "Varighed: 20 min." in text and "Skrevet af: Anne Holm, Bostøttemedarbejder" in text
    assert "CPR 120394-xxxx" in text and "1234" not in text
    assert "Ringede om boligen\nAftalte besøg" in text and "\x00" not in text
    assert "Tilføjelse" in text and "Besøget blev flyttet" in text
    settings.set_many(store, {"journal_copy_full_cpr": True})
    assert "CPR 120394-1234" in journal_copy.text_for(store, "journal_entry", eid)[1]
    did = _doc(store, citizen_id)
    doc_text = journal_copy.text_for(store, "document", did)[1]
    assert doc_text.startswith("Dokument ") and "Indsatsplan" in doc_text
    assert "p.pdf" in doc_text
