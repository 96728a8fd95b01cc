"""The housing printouts, read back as a reader sees them, and the housing CLI kinds.

The external search log goes to a landlord or a boligagent: it must carry no social details.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hfdesk.documents.deposit_note import build_deposit_note, deposit_note_snapshot
from hfdesk.documents.housing_log import build_housing_log, housing_log_snapshot
from hfdesk.store import actors, citizens, courses, database, settings
from hfdesk.store import housing_search as hs
from hfdesk.store.database import Store

ROOT = Path(__file__).resolve().parents[1]
PRINTED_AT = datetime(2026, 3, 12, 14, 32)
TODAY = date(2026, 3, 12)
SOCIAL = ("120394", "CTI", "ICM", "§ 110", "boform", "Kontanthjælp", "Rådighedsbeløb",
          "Indskudslån", "Depositum", "huslejerestance", "Udsat", "Fortroligt", "Bostøtteteamet",
          "angst", "Behov", "kontanthjælp", "Boligforløb", "Penge til indflytning",
          "kom ikke på plads", "Afslag på", "Midlertidigt hos", "forsorgshjem",
          "Herberget", "Økonomi", "SU", "hjemløs")


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


@pytest.fixture
def case(store: Store, citizen_id: str) -> dict[str, str]:
    settings.set_many(store, {"organisation": "Demo-kommune, Bostøtteteamet",
                              "municipality": "Demo-kommune"})
    courses.create(store, citizen_id, {"method": "cti", "referral_date": "2025-09-01",
                                       "start_date": "2025-10-01"})
    org = actors.create(store, {"actor_type": "housing_org", "name": "Demo Boligselskab"})
    landlord = actors.create(store, {"actor_type": "landlord", "name": "Bent Udlejer"})
    hs.add_stay(store, citizen_id, {"housing_situation": "shelter_110",
                                    "start_date": "01.08.2025", "notes": "Herberget Lindely"})
    hs.set_profile(store, citizen_id, {"wishes": "Egen lejlighed tæt på min søster i Århus",
                                       "needs": "Har angst for trapper med mange naboer"})
    hs.add_economy(store, citizen_id, {"valid_from": "01.08.2025", "income_source":
                                       "cash_benefit", "income_after_tax": "7.450",
                                       "fixed_costs": "1.250"})
    hs.add_registration(store, citizen_id, {"actor_id": org, "list_type": "almen_youth",
                                            "registered_date": "05.09.2025",
                                            "renewal_due": "05.09.2026", "position": "nr. 412"})
    hs.add_activity(store, citizen_id, {"activity_date": "10.09.2025", "channel":
                                        "housing_portal", "place": "Boligportal annonce 88231",
                                        "housing_type": "private_room", "rent": "3.200",
                                        "outcome": "no_answer", "minutes": 15})
    hs.add_activity(store, citizen_id, {"activity_date": "12.09.2025", "channel":
                                        "private_landlord", "actor_id": landlord,
                                        "place": "Vestergade 9, kælder", "rent": "4.100",
                                        "outcome": "refused_by_landlord", "minutes": 30,
                                        "reason": "Udlejer kendte til tidligere huslejerestance"})
    lost = hs.add_offer(store, citizen_id, {"offer_date": "01.10.2025", "address":
                                            "Birkealle 2, 1. tv.", "housing_type": "almen_youth",
                                            "rent": "3.900", "deposit": "11.700",
                                            "conditions": ["education_requirement"],
                                            "signing_deadline": "08.10.2025"})
    hs.add_money(store, citizen_id, {"offer_id": lost, "money_type": "deposit_loan",
                                     "applied_date": "02.10.2025", "amount": "11.700",
                                     "outcome": "granted", "decided_date": "15.10.2025",
                                     "granted": "11.700"})
    hs.update(store, "housing_offer", lost, {"decision": "lost", "lost_reason":
                                             "money_too_late", "reason":
                                             "Indskudslånet kom efter fristen"})
    offer = hs.add_offer(store, citizen_id, {"offer_date": "20.02.2026", "address":
                                             "Lærkevej 4, st.", "housing_type": "almen_youth",
                                             "contract_type": "permanent", "rent": "3.850",
                                             "deposit": "11.550", "signing_deadline":
                                             "16.03.2026", "move_in_date": "01.04.2026",
                                             "actor_id": org})
    hs.add_money(store, citizen_id, {"offer_id": offer, "money_type": "deposit_loan",
                                     "applied_date": "21.02.2026", "amount": "11.550",
                                     "urgent": True})
    return {"offer": offer, "lost": lost}


def test_internal_housing_log(store: Store, citizen_id: str, case: dict[str, str]) -> None:
    snap = housing_log_snapshot(store, citizen_id, printed_at=PRINTED_AT, today=TODAY)
    text = flat(text_of(build_housing_log(snap)))
    for needle in ("Boligsøgning – dokumentation", "Mia Louise Jensen", "120394-xxxx",
                   "Fortroligt", "Kanaler afprøvet", "Boligportal", "Privat udlejer",
                   "Bent Udlejer", "Afslag fra udlejer", "Demo Boligselskab", "nr. 412",
                   "Birkealle 2", "Tabt", "kom ikke på plads i tide",
                   "Rådighedsbeløb efter husleje: 2.350,00 kr./md.", "Egen lejlighed",
                   "Har angst", "Boligforløb", "§ 110-boform", "Penge til indflytning",
                   "Søger bolig siden", "Side 1 af"):
        assert needle in text, needle
    assert "120394-1234" not in text


def test_external_housing_log_has_no_social_details(store: Store, citizen_id: str,
                                                    case: dict[str, str]) -> None:
    snap = housing_log_snapshot(store, citizen_id, external=True, printed_at=PRINTED_AT,
                                today=TODAY)
    # The snapshot itself does not carry them, so no builder can print them by mistake.
    for key in ("needs", "course", "figures", "economy", "money", "stays"):
        assert key not in snap
    assert "cpr" not in snap["citizen"]
    pdf = build_housing_log(snap)
    text = flat(text_of(pdf))
    for needle in ("Boligsøgning – oversigt", "Mia Louise Jensen", "Demo-kommune",
                   "Boligportal", "Vestergade 9", "Birkealle 2", "Egen lejlighed tæt på min "
                   "søster", "Demo Boligselskab", "nr. 412", "Tabt", "Kontakt: Anne Holm"):
        assert needle in text, needle
    for secret in SOCIAL:
        assert secret not in text, secret
    assert "Udlejer kendte" not in text  # free-text reasons stay internal
    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None and meta.title == "Boligsøgning – oversigt"


def test_deposit_note(store: Store, citizen_id: str, case: dict[str, str]) -> None:
    pdf = build_deposit_note(deposit_note_snapshot(store, case["offer"],
                                                   printed_at=PRINTED_AT, today=TODAY))
    text = flat(text_of(pdf))
    for needle in ("Følgebrev", "120394-1234", "Lærkevej 4", "Demo Boligselskab",
                   "Udlejerens frist: Lejekontrakten skal underskrives senest 16. mar. 2026",
                   "3.850,00 kr.", "11.550,00 kr.", "Indskudslån (almen bolig)",
                   "Ja – se fristen øverst",
                   "Rådighedsbeløb efter husleje: 2.350,00 kr./md.", "Kontanthjælp",
                   "Dato og underskrift, medarbejder"):
        assert needle in text, needle
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1


def test_hostile_text_prints(store: Store, citizen_id: str) -> None:
    hs.set_profile(store, citizen_id, {"wishes": "<b>ikke fed</b> & </para> \x07"})
    hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026", "channel": "other",
                                        "channel_text": "<script>", "outcome": "applied",
                                        "reason": "x" * 2000})
    for external in (False, True):
        text = text_of(build_housing_log(housing_log_snapshot(store, citizen_id,
                                                              external=external)))
        assert "<b>ikke fed</b> &" in text


# --- the CLI ----------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("HFDESK_")}
    e.update(PYTHONPATH=str(ROOT), HFDESK_PASSPHRASE="korrekt hest batteri")
    return subprocess.run([sys.executable, "-m", "hfdesk", *args], env=e, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=600)


def test_cli_list_and_print(tmp_path: Path) -> None:
    path = tmp_path / "cli.db"
    with database.create_store(path, "korrekt hest batteri", worker_name="Anne Holm") as store:
        cid, _ = citizens.create(store, {"legal_name": "Mia Louise Jensen",
                                         "cpr": "120394-1234"})
        ids: dict[str, Any] = {}
        ids["offer"] = hs.add_offer(store, cid, {"offer_date": "20.02.2026", "rent": "3.850",
                                                 "address": "Lærkevej 4"})
        hs.add_activity(store, cid, {"activity_date": "10.02.2026", "channel": "network",
                                     "outcome": "applied", "rent": "4.000,50"})
    r = run("list", "housing", "--citizen", cid, "--db", str(path), "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["kind"] for x in rows] == ["activity", "figures"]
    assert rows[0]["rent"] == "4000.50" and rows[0]["channel"] == "network"
    r = run("list", "offers", "--citizen", cid, "--db", str(path), "--json")
    offers = json.loads(r.stdout)
    assert offers[0]["id"] == ids["offer"] and offers[0]["rent"] == "3850.00"
    assert offers[0]["decision"] == "pending"
    for extra in ([], ["--external"]):
        out = tmp_path / f"log{len(extra)}.pdf"
        r = run("print", "housing-log", "--citizen", cid, *extra, "--out", str(out), "--db",
                str(path))
        assert r.returncode == 0, r.stderr
        text = text_of(out.read_bytes())
        assert ("120394" in text) is (not extra)
    out = tmp_path / "note.pdf"
    r = run("print", "deposit-note", "--offer", ids["offer"], "--out", str(out), "--db",
            str(path))
    assert r.returncode == 0, r.stderr
    assert "Lærkevej 4" in text_of(out.read_bytes())
    r = run("print", "deposit-note", "--out", str(out), "--db", str(path))
    assert r.returncode != 0 and "--offer" in r.stderr
    r = run("print", "deposit-note", "--offer", "nope", "--out", str(out), "--db", str(path))
    assert r.returncode != 0 and "findes ikke" in r.stderr
