"""The netværkskort, the invitation and the minutes, read back from the PDF; CLI refusals."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from hfdesk import cli
from hfdesk.documents.invitation import build_invitation
from hfdesk.documents.minutes import build_minutes
from hfdesk.documents.network_common import meeting_snapshot, network_snapshot
from hfdesk.documents.network_map import build_network_map
from hfdesk.store import actors, courses, meetings, network

PRINTED_AT = datetime(2026, 3, 12, 14, 32)


def flat(pdf: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())


@pytest.fixture
def setup(store, citizen_id) -> dict[str, str]:
    courses.create(store, citizen_id, {"method": "icm", "start_date": "2026-01-05"})
    aid = actors.create(store, {"actor_type": "jobcentre", "name": "Hanne Thygesen"})
    ids = {
        "lone": network.add(store, citizen_id, {"name": "Lone Ærø", "relation": "mother",
                                                "closeness": "close", "brings": "Hun lytter",
                                                "hard": "Skænderier om penge"}),
        "jonas": network.add(store, citizen_id, {"name": "Jonas", "relation": "friend",
                                                 "closeness": "distant",
                                                 "contact_permission": "not_allowed"}),
        "hanne": network.add(store, citizen_id, {"actor_id": aid, "closeness": "middle",
                                                 "contact_permission": "allowed"}),
        "actor": aid,
    }
    mid = meetings.plan(store, citizen_id, {"meeting_date": "10.02.2026", "meeting_time": "13.00",
                                            "place": "Værestedet", "purpose": "Bolig og job",
                                            "agenda": "1. Bolig"},
                        [{"person_id": ids["lone"], "chosen_by_youth": True},
                         {"person_id": ids["hanne"]}], today=date(2026, 2, 1))
    meetings.hold(store, mid, youth_wishes="Jeg vil have min egen bolig",
                  today=date(2026, 2, 10))
    meetings.add_agreement(store, citizen_id, {"meeting_id": mid, "what": "Søg indskudslån",
                                               "owner_person_id": ids["hanne"],
                                               "due_date": "01.03.2026"})
    meetings.add_agreement(store, citizen_id, {"meeting_id": mid, "what": "Ring til mormor",
                                               "owner_is_youth": True})
    ids["meeting"] = mid
    ids["citizen"] = citizen_id
    return ids


def test_network_map_has_everyone_and_the_rings(store, setup) -> None:
    text = flat(build_network_map(network_snapshot(store, setup["citizen"],
                                                   printed_at=PRINTED_AT)))
    for word in ("Netværkskort", "Lone Ærø", "Jonas", "Hanne Thygesen", "Tæt", "Mellem",
                 "Fjern", "Må ikke kontaktes", "Spørg mig først", "Hun lytter"):
        assert word in text, word


def test_invitation_tells_private_participants_about_confidentiality(store, setup) -> None:
    text = flat(build_invitation(meeting_snapshot(store, setup["meeting"])))
    assert "ikke tavshedspligt" in text and "Værestedet" in text and "10.02.2026" in text
    assert "Lone Ærø" in text


def test_minutes_unapproved_stay_in_the_case(store, setup) -> None:
    text = flat(build_minutes(meeting_snapshot(store, setup["meeting"])))
    assert "ikke godkendt" in text and "Søg indskudslån" in text and "Ring til mormor" in text
    assert "Jeg vil have min egen bolig" in text and "10.05.2026" in text


def test_minutes_for_one_person_carry_only_their_agreements(store, setup) -> None:
    text = flat(build_minutes(meeting_snapshot(store, setup["meeting"],
                                               for_person=setup["actor"])))
    assert "Søg indskudslån" in text and "Ring til mormor" not in text
    assert "Jeg vil have min egen bolig" not in text


def _run(db_path, passphrase, monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("HFDESK_PASSPHRASE", passphrase)
    rc = cli.main([args[0], "--db", str(db_path), *args[1:]])
    out = capsys.readouterr()
    return rc, out.out, out.err


def test_cli_lists_and_prints(store, setup, db_path, passphrase, monkeypatch, capsys,
                              tmp_path) -> None:
    meetings.approve_minutes(store, setup["meeting"], True, today=date(2026, 2, 11))
    store.close()
    rc, out, _ = _run(db_path, passphrase, monkeypatch, capsys, "list", "network", "--citizen",
                      setup["citizen"], "--json")
    assert rc == 0 and {p["name"] for p in json.loads(out)} >= {"Lone Ærø", "Hanne Thygesen"}
    rc, out, _ = _run(db_path, passphrase, monkeypatch, capsys, "list", "meetings", "--citizen",
                      setup["citizen"], "--json")
    assert rc == 0 and json.loads(out)[0]["id"] == setup["meeting"]
    for doc, extra in (("network", ["--citizen", setup["citizen"]]),
                       ("invitation", ["--meeting", setup["meeting"]]),
                       ("minutes", ["--meeting", setup["meeting"], "--for", setup["actor"]])):
        target = tmp_path / f"{doc}.pdf"
        rc, _o, err = _run(db_path, passphrase, monkeypatch, capsys, "print", doc, *extra,
                           "--out", str(target))
        assert rc == 0, err
        assert target.read_bytes().startswith(b"%PDF")
    # Lone said "ask me first" and no yes is recorded: her copy is refused, with the reason.
    rc, _o, err = _run(db_path, passphrase, monkeypatch, capsys, "print", "minutes",
                       "--meeting", setup["meeting"], "--for", setup["lone"],
                       "--out", str(tmp_path / "x.pdf"))
    assert rc != 0 and "Spørg mig først" in err
    assert not (tmp_path / "x.pdf").exists()
