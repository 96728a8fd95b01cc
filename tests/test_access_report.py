"""Indsigt: the access report and the records extract, read back with pypdf and rendered."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from hfdesk import cli
from hfdesk.documents.access_report import access_snapshot, build_access_report, describe
from hfdesk.documents.records_extract import build_records_extract, extract_snapshot
from hfdesk.store import (
    audit,
    citizens,
    consents,
    database,
    journal,
    journalisation,
    records,
    screening,
    settings,
)
from hfdesk.store.database import Store

AT = datetime(2026, 12, 1, 10, 30)


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages)


def _busy(store: Store, cid: str) -> str:
    settings.set_many(store, {"unit": "Bostøtten Nord"})
    citizens.open_citizen(store, cid)
    eid = journal.add(store, cid, {"occurred_at": "2026-11-02", "entry_type": "home_visit",
                                   "note": "Mia fortalte om sin søster"})
    journalisation.mark(store, "journal_entry", eid)
    with store.db.atomic():
        audit.log(store, "print", record_kind="plan", citizen_id=cid, purpose="cli")
    return eid


def test_each_row_becomes_a_danish_sentence() -> None:
    assert describe({"action": "print", "record_kind": "plan"})[0] == \
        "Plan udskrevet til myndighed"
    assert describe({"action": "create", "record_kind": "journal_entry"}) == (
        "Journalnotat oprettet", "Dokumentation")
    assert describe({"action": "open_citizen"})[0] == "Sagen åbnet og læst"
    assert describe({"action": "change", "record_kind": "document",
                     "fields": '["transferred_at", "transferred_by"]'})[0] == \
        "Dokument overført til kommunens journal"
    assert describe({"action": "disclose", "record_kind": "disclosure"},
                    {"recipient_name": "Herberget", "basis_text": "På grundlag af samtykke af "
                     "3. nov. 2026"}) == ("Oplysninger videregivet til Herberget",
                                          "På grundlag af samtykke af 3. nov. 2026")
    assert describe({"action": "housing_magic", "record_kind": "housing_offer"})[0] == \
        "Boligoplysninger: housing_magic"


def test_access_report_roles_units_and_names_only_when_decided(store: Store,
                                                               citizen_id: str) -> None:
    _busy(store, citizen_id)
    snap = access_snapshot(store, citizen_id, printed_at=AT)
    whats = [x["what"] for x in snap["lines"]]
    assert "Plan udskrevet til myndighed" in whats
    assert "Journalnotat overført til kommunens journal" in whats
    assert all(x["name"] == "" for x in snap["lines"])
    assert any(x["unit"] == "Bostøtten Nord" for x in snap["lines"])
    text = text_of(build_access_report(snap))
    assert "Log over brugen af dine oplysninger" in text
    assert "Bostøttemedarbejder" in text and "Bostøtten Nord" in text
    assert "Anne Holm" not in text.split("Udskrevet af")[0]  # only the footer names the printer
    assert "120394-xxxx" in text and "120394-1234" not in text

    journalisation.set_show_worker_names(store, citizen_id, True)
    snap = access_snapshot(store, citizen_id, printed_at=AT)
    assert {x["name"] for x in snap["lines"]} == {"Anne Holm"}
    body = text_of(build_access_report(snap)).split("Udskrevet af")[0]
    assert "Anne Holm" in body


def test_access_report_shows_a_disclosure_with_its_consent(store: Store,
                                                            citizen_id: str) -> None:
    if "disclosure" not in records.TABLES:
        pytest.skip("the sharing area is not in this build")
    with store.db.atomic():
        consent = records.insert(store, "consent", {
            "citizen_id": citizen_id, "kind": "disclosure", "given_by": "youth",
            "form": "written", "given_date": "2026-11-03", "expires": "2027-11-03"})
    consents.add_disclosure(store, citizen_id, {
        "disclosed_at": "2026-11-20T10:00:00+00:00", "audience": "external",
        "document": "handover", "recipient_name": "Herberget Nord", "basis": "consent",
        "consent_id": consent})
    snap = access_snapshot(store, citizen_id, printed_at=AT)
    line = next(x for x in snap["lines"] if x["what"].startswith("Oplysninger videregivet"))
    assert line["what"] == "Oplysninger videregivet til Herberget Nord"
    assert line["purpose"] == "På grundlag af samtykke af 3. nov. 2026"


def test_received_rows_come_along(store: Store, citizen_id: str) -> None:
    from hfdesk.store import exchange

    with store.db.atomic():
        assert exchange.chain_imported(store, "other-db", {
            "seq": 7, "at": "2026-05-01T08:00:00+00:00", "worker_id": "w2",
            "role": "myndighedsraadgiver", "unit": "Myndighed Syd", "action": "print",
            "record_kind": "status_note", "citizen_id": citizen_id, "hash": "h"})
    snap = access_snapshot(store, citizen_id, printed_at=AT)
    assert len([x for x in snap["lines"] if x["received"]]) == 1  # listed once
    line = snap["lines"][0]
    assert line["unit"] == "Myndighed Syd"
    assert line["received"] and line["role"] == "Myndighedsrådgiver"
    assert line["what"] == "Statusnotat udskrevet til myndighed"
    assert "(modtaget)" in text_of(build_access_report(snap))


def test_empty_and_hostile_snapshots_still_print() -> None:
    assert "Der er ingen registreringer" in text_of(build_access_report({}))
    hostile = {"citizen": {"legal_name": "<b>&amp; \x00"}, "lines": [
        {"at": "ikke en dato", "what": "<script>" * 200, "purpose": None, "role": None}]}
    assert "<script>" in text_of(build_access_report(hostile))
    assert text_of(build_records_extract({"sections": "nonsense", "releases": [None]}))


def test_records_extract_holds_everything_and_marks_exemptions(store: Store,
                                                               citizen_id: str) -> None:
    eid = _busy(store, citizen_id)
    aid = screening.create(store, citizen_id, {"assessed_on": "2026-11-01",
                                                "worker_name": "Anne Holm",
                                                "summary": "Intern vurdering af netværket"})
    assert aid
    journalisation.add_exemption(store, citizen_id, record_kind="journal_entry", record_id=eid,
                                 field="note", reason="Oplysninger om søsterens helbred")
    draft = text_of(build_records_extract(extract_snapshot(store, citizen_id, printed_at=AT)))
    assert "Mia fortalte om sin søster" in draft  # the worker sees the passage, marked
    assert "Foreslået undtaget efter forvaltningsloven § 15 b" in draft
    assert "Intern vurdering af netværket" in draft  # internal items are included
    assert "Journalnotater" in draft and "Opsporingsvurderinger" in draft

    released = extract_snapshot(store, citizen_id, released_to="citizen", printed_at=AT)
    text = text_of(build_records_extract(released))
    assert "Mia fortalte om sin søster" not in text
    assert "Undtaget efter forvaltningsloven § 15 b: Oplysninger om søsterens" in text


def _render(pdf: Path, out: Path) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out)], check=True)
    return sorted(out.parent.glob(out.name + "*.png"))


def test_cli_prints_audits_and_records_the_release(db_path: Path, passphrase: str,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    with database.create_store(db_path, passphrase, worker_name="Anne Holm") as store:
        cid, _ = citizens.create(store, {"legal_name": "Mia Louise Jensen", "cpr": "120394-1234"})
        eid = _busy(store, cid)
        journalisation.add_exemption(store, cid, record_kind="journal_entry", record_id=eid,
                                     field="note", reason="Tredjepart")
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    report, extract = tmp_path / "log.pdf", tmp_path / "udskrift.pdf"
    assert cli.main(["print", "access-report", "--citizen", cid, "--out", str(report),
                     "--db", str(db_path)]) == 0
    assert cli.main(["print", "records-extract", "--citizen", cid, "--out", str(extract),
                     "--released-to", "custody_holder", "--recipient-name", "Lone Jensen",
                     "--db", str(db_path)]) == 0
    assert cli.main(["print", "access-report", "--out", str(report), "--db",
                     str(db_path)]) != 0  # no citizen: a Danish refusal
    with database.open_store(db_path, passphrase) as store:
        rel = journalisation.releases(store, cid)
        assert [(r["released_to"], r["recipient_name"], r["exempted"]) for r in rel] == [
            ("custody_holder", "Lone Jensen", 1)]
        prints = [r["record_kind"] for r in audit.rows_for_citizen(store, cid)
                  if r["action"] == "print"]
        assert "access_report" in prints and "records_extract" in prints
        # The second report shows the first one being printed.
        snap = access_snapshot(store, cid)
        assert "Denne log udskrevet" in [x["what"] for x in snap["lines"]]
        assert any(x["what"].startswith("Udskrift af alle oplysninger udleveret")
                   for x in snap["lines"])
        assert audit.verify(store).ok
    text = text_of(extract.read_bytes())
    assert "Forældremyndighedsindehaver" in text and "Lone Jensen" in text
    assert _render(report, tmp_path / "log") and _render(extract, tmp_path / "udskrift")
