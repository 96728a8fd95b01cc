"""The plan printouts read back from the PDF: the authority plan (title follows the marking and
the printing role), the young person's plan (no CPR, labels or screening content), the
statusnotat, versions that differ, and a 40-goal/200-action plan across pages."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from hfdesk.documents.plan import build_plan, plan_snapshot
from hfdesk.documents.plan_youth import build_plan_youth
from hfdesk.documents.status_note import build_status_note
from hfdesk.store import citizens, database, plans, screening
from hfdesk.store.database import Store

TODAY = date(2026, 3, 12)
ROOT = Path(__file__).resolve().parents[1]


def text_of(pdf: bytes) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def seeded(store: Store, citizen_id: str) -> str:
    pid = plans.ensure(store, citizen_id)
    plans.update_plan(store, pid, {"wish": "Min egen lejlighed og en kæreste"})
    g1 = plans.add_goal(store, pid, {"text": "Jeg vil have min egen bolig",
                                     "life_area": "housing"}, today=TODAY)
    plans.add_action(store, g1, {"what": "Skrive mig op hos boligselskabet",
                                 "who_kind": "youth"}, today=TODAY)
    g2 = plans.add_goal(store, pid, {"text": "Jeg vil drikke mindre", "life_area": "substance"},
                        today=TODAY)
    plans.add_action(store, g2, {"what": "Møde i rådgivningen", "who_kind": "actor",
                                 "who_name": "Ungerådgivningen"}, today=TODAY)
    plans.add_link(store, pid, {"plan_type": "sel_141", "department": "Ungeenheden",
                                "reference": "H-77"}, today=TODAY)
    aid = screening.create(store, citizen_id, {"assessed_on": "2026-02-01",
                                               "worker_name": "Anne",
                                               "summary": "HEMMELIG OPSPORING"})
    act = screening.add_action(store, aid, {"what": "Frigivet aftale om bolig"})
    screening.release(store, "screening_action", act)
    plans.update_goal(store, g1, {"linked_items": [{"kind": "action", "id": act}]})
    return pid


def test_authority_plan_and_versions_differ(store: Store, citizen_id: str) -> None:
    pid = seeded(store, citizen_id)
    plans.finish_version(store, pid, {"participants": "Mia og Anne", "youth_agreement": "partly",
                                      "youth_view": "Jeg er mest enig"}, today=TODAY)
    g = plans.goals(store, pid)[0]
    plans.update_goal(store, g["id"], {"text": "Jeg vil bo tæt på min søster"}, today=TODAY)
    plans.finish_version(store, pid, {"participants": "Mia og Anne", "youth_agreement": "agree"},
                         today=TODAY)
    v1 = flat(text_of(build_plan(plan_snapshot(store, citizen_id, version=1))))
    v2 = flat(text_of(build_plan(plan_snapshot(store, citizen_id, version=2))))
    assert v1.startswith("Fortroligt") or "Indsatsplan" in v1
    assert "Indsatsplan" in v1 and "Handleplan" not in v1
    assert "egen bolig" in v1 and "søster" not in v1
    assert "søster" in v2 and "Ændringer siden version 1" in v2
    assert "H-77" in v2 and "Frigivet aftale om bolig" in v2
    assert "HEMMELIG" not in v2 and "120394-1234" not in v2


def test_support_worker_never_prints_handleplan(store: Store, citizen_id: str) -> None:
    pid = seeded(store, citizen_id)
    # Even a snapshot that says "sel_141" prints as Indsatsplan for a support worker.
    snap = plan_snapshot(store, citizen_id)
    snap["plan"]["authority_type"] = "sel_141"
    text = text_of(build_plan(snap))
    assert "handleplan" not in text.lower().replace("§ 141-handleplan", "")
    assert "Indsatsplan" in text
    assert pid


def test_authority_marked_plan_printed_by_myndighed(tmp_path: Path) -> None:
    s = database.create_store(tmp_path / "m.db", "korrekt hest batteri", worker_name="Lis",
                              role="myndighedsraadgiver")
    try:
        cid, _ = citizens.create(s, {"legal_name": "Mia Jensen"})
        pid = plans.ensure(s, cid)
        plans.mark_authority(s, pid, "sel_141")
        plans.add_goal(s, pid, {"text": "Bolig", "life_area": "housing"}, today=TODAY)
        text = flat(text_of(build_plan(plan_snapshot(s, cid))))
        assert "Handleplan efter servicelovens § 141" in text
    finally:
        s.close()


def test_youth_version_has_no_labels_cpr_or_screening(store: Store, citizen_id: str) -> None:
    seeded(store, citizen_id)
    pdf = build_plan_youth(plan_snapshot(store, citizen_id))
    text = flat(text_of(pdf))
    low = text.lower()
    assert "Mine mål" in text and "Hvem hjælper mig" in text and "Næste møde" in text
    assert "Min plan – Mia" in text and "Mia Louise Jensen" not in text
    for word in ("120394", "hjemløs", "misbrug", "rusmidler", "handleplan", "opsporing",
                 "hemmelig", "frigivet aftale", "fortroligt", "bostøtteteam"):
        assert word not in low, word
    en = flat(text_of(build_plan_youth(plan_snapshot(store, citizen_id), locale="en")))
    assert "My goals" in en and "Who helps me" in en


def test_status_note_prints(store: Store, citizen_id: str) -> None:
    pid = seeded(store, citizen_id)
    plans.update_plan(store, pid, {"recommendation": "continue",
                                   "recommendation_reason": "Mia er i gang med at søge bolig"})
    g = plans.goals(store, pid)[0]
    plans.add_review(store, pid, TODAY, {g["id"]: {"outcome": "Skrevet op to steder",
                                                    "status": "active"}}, today=TODAY)
    text = flat(text_of(build_status_note(plan_snapshot(store, citizen_id))))
    assert "Statusnotat til myndighed" in text and "Fortsæt" in text
    assert "Skrevet op to steder" in text and "Frigivet aftale om bolig" in text
    assert "HEMMELIG" not in text


def test_forty_goals_two_hundred_actions_repeat_headers(store: Store, citizen_id: str) -> None:
    pid = plans.ensure(store, citizen_id)
    areas = ["housing", "economy", "education", "network"]
    for i in range(40):
        gid = plans.add_goal(store, pid, {"text": f"Mål nummer {i + 1} med æøå",
                                          "life_area": areas[i % 4]}, today=TODAY)
        for k in range(5):
            plans.add_action(store, gid, {"what": f"Handling {i + 1}.{k + 1} " + "ord " * 12,
                                          "who_kind": "worker"}, today=TODAY)
    pdf = build_plan(plan_snapshot(store, citizen_id))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) > 5
    text = flat(text_of(pdf))
    assert "Mål nummer 40 med æøå" in text and "Handling 40.5" in text
    pages_with_head = sum(1 for p in reader.pages if "Handling Hvem Senest Status"
                          in flat(p.extract_text()))
    assert pages_with_head >= len(reader.pages) - 2
    assert "Indsatsplan" in flat(reader.pages[-1].extract_text())


def test_cli_lists_and_prints(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    s = database.create_store(db, "korrekt hest batteri", worker_name="Anne")
    cid, _ = citizens.create(s, {"legal_name": "Mia Jensen", "preferred_name": "Mia"})
    seeded(s, cid)
    s.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("HFDESK_")}
    env.update(PYTHONPATH=str(ROOT), HFDESK_PASSPHRASE="korrekt hest batteri")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "hfdesk", *args, "--db", str(db)],
                              env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=600)

    r = run("list", "plans", "--citizen", cid, "--json")
    assert r.returncode == 0, r.stderr
    assert '"state": "draft"' in r.stdout.replace('":"', '": "') or "draft" in r.stdout
    for doc, extra in (("plan", []), ("plan-youth", ["--lang", "en"]), ("status-note", [])):
        out = tmp_path / f"{doc}.pdf"
        r = run("print", doc, "--citizen", cid, *extra, "--out", str(out))
        assert r.returncode == 0, r.stderr
        assert out.read_bytes().startswith(b"%PDF")
    r = run("print", "plan", "--citizen", cid, "--version", "7", "--out",
            str(tmp_path / "x.pdf"))
    assert r.returncode != 0 and "version 7" in r.stderr
