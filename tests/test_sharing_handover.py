"""Overdragelse: built from a course, checked at sending, stored as sent; what never appears in
it; the consent form and the information sheet, read back with pypdf."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hfdesk import cli, reminders
from hfdesk.documents.consent_form import build_consent_form, consent_form_snapshot
from hfdesk.documents.handover import build_handover
from hfdesk.documents.info_sheet import build_info_sheet
from hfdesk.errors import DisclosureRefused, ValidationError
from hfdesk.store import (
    actors,
    citizens,
    consents,
    courses,
    handovers,
    housing,
    network,
    plans,
    screening,
)
from hfdesk.store.database import Store, open_store

TODAY = date.today()


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)


def _course(store: Store, cid: str) -> str:
    return courses.create(store, cid, {"method": "icm", "start_date": "2026-01-05"})


def _provider(store: Store) -> str:
    return actors.create(store, {"actor_type": "civil_society", "name": "Ungeboliger Nord"})


def test_handover_for_a_course_with_no_plan(store: Store, citizen_id: str) -> None:
    co = _course(store, citizen_id)
    hid, content = handovers.hand_over(store, co, {"reason": "worker_change"})
    h = handovers.get(store, hid)
    assert h["status"] == "sent" and h["basis"] == "own_case" and not h["outside"]
    assert h["content"]["goals"] == {"has_plan": False, "achieved": [], "open": []}
    text = text_of(build_handover(content))
    assert "ingen plan for forløbet" in text and "Udkast til kommunens egen" in text
    assert "Du kan altid vende tilbage" in text


def test_outside_handover_without_basis_is_refused_and_nothing_stored(
        store: Store, citizen_id: str) -> None:
    co = _course(store, citizen_id)
    with pytest.raises(DisclosureRefused) as exc:
        handovers.hand_over(store, co, {"recipient_actor_id": _provider(store)})
    assert "Ungeboliger Nord" in exc.value.message and "samtykke" in exc.value.message
    assert handovers.for_citizen(store, citizen_id) == []
    assert consents.disclosures(store, citizen_id) == []


def test_consent_withdrawn_between_drafting_and_sending(store: Store, citizen_id: str) -> None:
    co = _course(store, citizen_id)
    aid = _provider(store)
    kid = consents.record(store, citizen_id, {
        "kind": "videregivelse", "form": "written", "given_date": TODAY - timedelta(days=2),
        "recipients": [{"actor_id": aid, "name": "Ungeboliger Nord"}],
        "scope": ["course", "housing", "plan", "network", "economy"]})
    hid = handovers.draft(store, co, {"recipient_actor_id": aid, "reason": "course_end"})
    consents.withdraw(store, kid)
    with pytest.raises(DisclosureRefused, match="trukket tilbage"):
        handovers.send(store, hid)
    assert handovers.get(store, hid)["status"] == "draft"
    # Another basis with a reason still works, and is stored with what was sent.
    content = handovers.send(store, hid, basis="vaerdispring",
                             reason="Den unge står uden støtte i morgen")
    h = handovers.get(store, hid)
    assert h["status"] == "sent" and h["basis"] == "vaerdispring" and h["sent_at"]
    assert h["disclosure_id"] and content["basis"]["reason"].startswith("Den unge")
    with pytest.raises(Exception, match="allerede sendt"):
        handovers.send(store, hid)


def test_consent_given_sends_and_records_a_disclosure(store: Store, citizen_id: str) -> None:
    co = _course(store, citizen_id)
    aid = _provider(store)
    kid = consents.record(store, citizen_id, {
        "kind": "videregivelse", "form": "written", "given_date": TODAY - timedelta(days=2),
        "recipients": [{"actor_id": aid, "name": "Ungeboliger Nord"}],
        "scope": ["housing", "course"]})
    hid, content = handovers.hand_over(store, co, {"recipient_actor_id": aid,
                                                   "sections": "housing,contact"})
    h = handovers.get(store, hid)
    assert h["consent_id"] == kid and h["sections"] == ["housing", "contact"]
    [d] = consents.disclosures(store, citizen_id)
    assert d["document"] == "handover" and d["document_id"] == hid
    text = text_of(build_handover(content))
    assert "Samtykke givet" in text and "Ungeboliger Nord" in text


def test_what_never_appears_in_a_handover(store: Store, citizen_id: str) -> None:
    co = _course(store, citizen_id)
    housing.add_segment(store, citizen_id, {"housing_situation": "other_homeless",
                                            "start_date": "2026-02-01"})
    network.add(store, citizen_id, {"name": "Lone Nabo", "relation": "friend",
                                    "closeness": "close"})
    pid = network.add(store, citizen_id, {"name": "Kim Farlig", "relation": "father"})
    network.set_permission(store, pid, "not_allowed")
    aid = screening.create(store, citizen_id)
    did, _ = screening.set_domain(store, aid, "economy", {"concern": "yes",
                                                        "judgement": "Intern bekymring om gæld"})
    rid, _ = screening.set_domain(store, aid, "housing", {"concern": "yes",
                                                        "judgement": "Frigivet: sover hos venner"})
    screening.release(store, "screening_domain", rid)
    plan = plans.ensure(store, citizen_id, co)
    plans.add_goal(store, plan, {"text": "Egen bolig", "life_area": "housing"})
    _hid, content = handovers.hand_over(store, co, {"reason": "course_end",
                                                    "youth_words": "Jeg vil klare mig selv."})
    text = text_of(build_handover(content))
    assert "hjemløs" not in text.casefold()
    assert "Kim Farlig" not in text and "Må ikke kontaktes" not in text
    assert "Intern bekymring" not in text and "Frigivet: sover hos venner" in text
    assert "Lone Nabo" in text and "Egen bolig" in text and "Jeg vil klare mig selv." in text


def test_moving_municipality_with_a_minor_prompts_an_underretning(store: Store) -> None:
    born = date(TODAY.year - 16, 1, 1)
    cid, _ = citizens.create(store, {"legal_name": "Ung Flytter", "birth_date": born})
    co = _course(store, cid)
    with pytest.raises(ValidationError, match="kommune"):
        handovers.draft(store, co, {"reason": "moving_municipality"})
    hid, content = handovers.hand_over(store, co, {"reason": "moving_municipality",
                                                   "new_municipality": "Aarhus"})
    assert handovers.get(store, hid)["underretning_needed"]
    assert "send en underretning" in text_of(build_handover(content))
    due = [i for i in reminders.due(store) if i["kind"] == "underretning_new_municipality"]
    assert due and "Aarhus" in due[0]["label"]
    handovers.record_underretning(store, hid)
    assert not [i for i in reminders.due(store) if i["kind"] == "underretning_new_municipality"]


@pytest.mark.parametrize(("data", "field"), [
    ({"reason": "flugt"}, "reason"), ({"reason": "other"}, "reason_text"),
    ({"sections": "summary,hemmelig"}, "sections"), ({"sections": [1]}, "sections"),
    ({"recipient_actor_id": "findes-ikke"}, "recipient_actor_id"),
    ({"youth_words": "x" * 200_000}, "youth_words"),
])
def test_bad_handover_input(store: Store, citizen_id: str, data: dict[str, Any],
                            field: str) -> None:
    co = _course(store, citizen_id)
    with pytest.raises(ValidationError) as exc:
        handovers.draft(store, co, data)
    assert exc.value.field == field
    assert handovers.for_citizen(store, citizen_id) == []


def test_consent_form_and_info_sheet(store: Store, citizen_id: str) -> None:
    aid = _provider(store)
    consents.record(store, citizen_id, {
        "kind": "videregivelse", "form": "written", "given_date": TODAY,
        "recipients": [{"actor_id": aid, "name": "Ungeboliger Nord"}], "scope": ["course"]})
    text = text_of(build_consent_form(consent_form_snapshot(store, citizen_id)))
    assert "Indhentning" in text and "Videregivelse" in text and "Ungeboliger Nord" in text
    assert "120394" not in text and "Dato og underskrift, den unge" in text
    info = text_of(build_info_sheet({}))
    assert "Sådan bruger vi dine oplysninger" in info and "Datatilsynet" in info
    assert "hjemløs" not in info.casefold()


def test_cli_handover(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "h.db"
    monkeypatch.setenv("HFDESK_PASSPHRASE", "korrekt hest batteri")
    assert cli.main(["init", "--db", str(db), "--worker-name", "Anne Holm"]) == 0
    with open_store(db, "korrekt hest batteri") as s:
        cid, _ = citizens.create(s, {"legal_name": "Mia Jensen"})
        co = _course(s, cid)
        aid = _provider(s)
    out = tmp_path / "h.pdf"
    base = ["print", "handover", "--course", co, "--db", str(db), "--out", str(out)]
    assert cli.main([*base, "--to", aid]) == 11 and not out.exists()
    err = capsys.readouterr().err
    assert "afvist" in err and "Ungeboliger Nord" in err
    assert cli.main([*base, "--to", aid, "--basis", "lovhjemmel", "--reason",
                     "Efter forvaltningsloven § 28, stk. 2, nr. 3 af hensyn til den unge"]) == 0
    assert "Lovhjemmel: forvaltningsloven § 28" in text_of(out.read_bytes())
    assert cli.main([*base, "--sections", "summary,nope"]) != 0
    assert cli.main([*base, "--sections", "goals,come_back"]) == 0
    assert cli.main(["print", "handover", "--db", str(db), "--out", str(out)]) != 0
    assert cli.main(["print", "info-sheet", "--out", str(tmp_path / "i.pdf")]) == 0
    assert cli.main(["print", "consent-form", "--citizen", cid, "--db", str(db),
                     "--out", str(tmp_path / "c.pdf")]) == 0
    with open_store(db, "korrekt hest batteri") as s:
        hs = handovers.for_citizen(s, cid)
        assert sorted(h["basis"] for h in hs) == ["lovhjemmel", "own_case"]
