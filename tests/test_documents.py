"""The shared page layout and the stamblad, read back from the PDF as a reader would see it."""

from __future__ import annotations

import copy
import io
import re
from datetime import date, datetime
from typing import Any

import pytest
from pypdf import PdfReader

from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    default_file_name,
    fmt_date,
    fmt_date_long,
    fmt_datetime,
    key_value_table,
    para,
    signature_lines,
    table,
)
from hfdesk.documents.summary import build_summary

FULL_CPR = "120394-1234"
PRINTED_AT = datetime(2026, 3, 12, 14, 32)


def snapshot(**overrides: Any) -> dict[str, Any]:
    snap: dict[str, Any] = {
        "organisation": "Demo-kommune · Housing First-teamet",
        "printed_by": "Anne Holm",
        "printed_at": PRINTED_AT,
        "demo": False,
        "citizen": {
            "legal_name": "Mia Søgaard Jensen",
            "preferred_name": "Mia",
            "cpr": FULL_CPR,
            "birth_date": "1994-03-12",
            "age": 31,
            "gender_label": "Kvinde",
            "phone": "+45 12 34 56 78",
            "email": "mia@example.org",
            "address": "Åboulevarden 17, 2. th., 8000 Aarhus C",
            "protected_address": False,
            "language": "Dansk",
            "interpreter_needed": False,
            "custody_holders": [],
        },
        "course": {
            "case_number": "27.12.04-G01-123-26",
            "method_label": "CTI",
            "status_label": "Aktivt",
            "referral_date": "2025-10-20",
            "start_date": "2025-11-20",
            "transition_date": "2026-01-05",
            "phase_label": "CTI fase 2 af 3",
            "day_number": 112,
            "phases": [
                {"label": "Fase nul", "start": "2025-11-20", "end": "2026-01-04"},
                {"label": "CTI fase 1", "start": "2026-01-05", "end": "2026-02-28"},
                {"label": "CTI fase 2", "start": "2026-03-01", "end": None},
            ],
            "segments": [
                {
                    "legal_basis_label": "§ 85 (bostøtte)",
                    "decision_date": "2025-11-15",
                    "period_start": "2025-11-20",
                    "period_end": "2026-05-20",
                    "next_review": "2026-04-20",
                    "provider_wish": "Ønsker fortsat samme bostøttemedarbejder",
                    "provider_wish_followed": True,
                }
            ],
            "events": [
                {
                    "kind_label": "Indflytning",
                    "date": "2026-01-05",
                    "end_date": None,
                    "notes": "Flyttet ind i egen lejlighed.",
                }
            ],
            "end": None,
        },
        "housing_now": {
            "situation_label": "Egen lejebolig",
            "since": "2026-01-05",
            "address": "Åboulevarden 17, 2. th., 8000 Aarhus C",
        },
        "journal": [
            {
                "occurred_at": "2026-03-10T10:15:00",
                "type_label": "Hjemmebesøg",
                "status_label": "Afsluttet",
                "duration_min": 60,
                "note": "Talte om budget og husleje.\nMia vil selv ringe til boligselskabet.",
                "locked": True,
                "additions": [{"written_at": "2026-03-11T09:00:00", "text": "Mia har ringet."}],
            },
            {
                "occurred_at": "2026-03-03T13:00:00",
                "type_label": "Telefonsamtale",
                "status_label": "Afsluttet",
                "duration_min": 15,
                "note": "Aftalt møde næste uge.",
                "locked": False,
                "additions": [],
            },
        ],
        "audience": "authority",
    }
    snap.update(overrides)
    return snap


def pdf_text(data: bytes) -> tuple[list[str], PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() or "" for page in reader.pages], reader


def all_text(data: bytes) -> str:
    pages, _ = pdf_text(data)
    # Text extraction may break a line where the layout wraps it; compare on joined words.
    return " ".join(" ".join(pages).split())


# --------------------------------------------------------------------------------- the stamblad


def test_summary_shows_title_name_masked_cpr_and_page_furniture() -> None:
    data = build_summary(snapshot())
    assert data.startswith(b"%PDF-")
    text = all_text(data)
    assert "Stamblad" in text
    assert "Mia Søgaard Jensen" in text
    assert "120394-xxxx" in text
    assert FULL_CPR not in text and "1203941234" not in text
    assert "Side 1 af" in text
    assert "Fortroligt" in text
    assert "Udskrevet af Anne Holm 12.03.2026 kl. 14.32" in text
    assert "Demo-kommune" in text
    assert "DEMO" not in text


def test_summary_sections_and_danish_dates() -> None:
    text = all_text(build_summary(snapshot()))
    for heading in ("Borger", "Forløb", "Bolig nu", "Seneste journalnotater", "Faser"):
        assert heading in text
    assert "CTI fase 2 af 3" in text
    assert "Dag 112" in text
    assert "§ 85 (bostøtte)" in text
    assert "20.04.2026" in text  # next review, table format
    assert "10.03.2026 kl. 10.15" in text
    assert "Tilføjelse 11.03.2026:" in text
    assert "Afsluttet, låst" in text
    assert "60 min" in text
    assert "Åboulevarden 17" in text


def test_full_cpr_only_when_asked() -> None:
    text = all_text(build_summary(snapshot(), options={"full_cpr": True}))
    assert FULL_CPR in text
    assert "120394-xxxx" not in text


def test_demo_mark_on_every_page() -> None:
    snap = snapshot(demo=True, journal=snapshot()["journal"] * 40)
    pages, _ = pdf_text(build_summary(snap))
    assert len(pages) > 1
    for page in pages:
        assert "DEMO – fiktive data" in page


def test_protected_address_hides_every_address_and_says_so() -> None:
    snap = snapshot()
    snap["citizen"]["protected_address"] = True
    text = all_text(build_summary(snap))
    assert "Åboulevarden" not in text
    assert "Adressebeskyttet" in text
    assert "Navne- og adressebeskyttelse" in text


def test_hostile_text_prints_literally() -> None:
    nasty = "<script>alert(1)</script> & <b>fed</b> &amp; \x00\x07bell\x1b[31m ]]> <para>"
    snap = snapshot()
    snap["citizen"]["legal_name"] = "Ali <Khan> & Co"
    snap["citizen"]["phone"] = nasty
    snap["course"]["events"][0]["notes"] = nasty
    snap["journal"][0]["note"] = nasty
    snap["journal"][0]["type_label"] = nasty
    snap["journal"][0]["additions"][0]["text"] = nasty
    snap["organisation"] = "Kommune <&>\x00"
    text = all_text(build_summary(snap))
    assert "<script>alert(1)</script>" in text
    assert "<b>fed</b>" in text
    assert "&amp;" in text
    assert "Ali <Khan> & Co" in text
    assert "\x00" not in text and "\x07" not in text


def test_huge_notes_and_many_entries_paginate_with_correct_total() -> None:
    long_note = ("Lang note med æøå og ord. " * 800)[:20_000]
    unbroken = "x" * 20_000  # no spaces at all: must still wrap, not overflow or crash
    journal = [
        {
            "occurred_at": f"2026-03-{1 + i % 28:02d}T09:{i % 60:02d}:00",
            "type_label": "Hjemmebesøg",
            "status_label": "Afsluttet",
            "duration_min": 30,
            "note": long_note if i == 0 else unbroken if i == 1 else f"Notat nr. {i}",
            "locked": False,
            "additions": [{"written_at": "2026-03-12", "text": long_note}] if i == 2 else [],
        }
        for i in range(300)
    ]
    snap = snapshot(journal=journal)
    snap["citizen"]["address"] = "Vej " * 3000  # a huge value inside a table cell
    snap["course"]["events"][0]["notes"] = unbroken
    pages, reader = pdf_text(build_summary(snap))
    total = len(reader.pages)
    assert total > 10
    last = " ".join(pages[-1].split())
    assert f"Side {total} af {total}" in last
    assert f"Side 1 af {total}" in " ".join(pages[0].split())
    assert "Notat nr. 299" in " ".join(" ".join(pages).split())


def test_empty_parts_build() -> None:
    snap = snapshot(course=None, housing_now=None, journal=[])
    text = all_text(build_summary(snap))
    assert "Borgeren har intet forløb registreret." in text
    assert "Ingen boligsituation registreret." in text
    assert "Ingen journalnotater." in text


def test_almost_empty_snapshot_builds() -> None:
    text = all_text(build_summary({}))
    assert "Stamblad" in text
    assert "Ikke oplyst" in text
    assert "Side 1 af 1" in text


def test_none_values_everywhere_build() -> None:
    snap = snapshot()
    for part in (snap["citizen"], snap["course"], snap["housing_now"]):
        for key in list(part):
            part[key] = None
    snap["journal"] = [{k: None for k in snap["journal"][0]}]
    snap["printed_at"] = None
    text = all_text(build_summary(snap))
    assert "Ikke oplyst" in text
    assert "Side 1 af" in text


def test_same_snapshot_gives_identical_bytes() -> None:
    snap = snapshot(demo=True)
    first = build_summary(snap)
    second = build_summary(copy.deepcopy(snap))
    assert first == second


def test_metadata_title_author_and_language() -> None:
    _, reader = pdf_text(build_summary(snapshot()))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Stamblad"
    assert meta.author == "Anne Holm"
    assert meta.creator == "hfdesk"
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "da-DK"
    # The name does not belong in metadata: file managers show it without opening the PDF.
    assert "Mia" not in str(meta)


def test_fonts_are_embedded_dejavu() -> None:
    _, reader = pdf_text(build_summary(snapshot()))
    fonts: set[str] = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts
    assert all("DejaVu" in f for f in fonts), fonts


# ------------------------------------------------------------------------------------- layout


def test_layout_helpers_build_a_signed_neutral_page() -> None:
    spec = PageSpec(
        organisation="Socialforvaltningen, Hjemløseenheden",
        title="Min plan",
        citizen_line="Mia",
        printed_by="Anne Holm",
        printed_at=PRINTED_AT,
        neutral=True,
    )
    flowables = [
        para("Mine mål <3 & drømme\nLinje to", "Body"),
        table(["Mål", "Hvornår"], [["Egen bolig", None], ["Job", "2026"]], [0.7, 0.3]),
        key_value_table([("Navn", "Mia"), ("Telefon", "")]),
        signature_lines(["Dato og underskrift, Mia", "Dato og underskrift, Anne"]),
    ]
    text = all_text(build_pdf(spec, flowables))
    assert "Mine mål <3 & drømme" in text
    assert "Fortroligt" not in text
    assert "Hjemløseenheden" not in text
    assert "Personligt" in text
    assert "Ikke oplyst" in text
    assert "Dato og underskrift, Anne" in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2026, 3, 12), "12.03.2026"),
        ("2026-03-12", "12.03.2026"),
        (datetime(2026, 3, 12, 14, 32), "12.03.2026"),
        ("2026-03-12T14:32:00", "12.03.2026"),
        (None, ""),
        ("", ""),
        ("ikke en dato", "ikke en dato"),
    ],
)
def test_fmt_date(value: Any, expected: str) -> None:
    assert fmt_date(value, "da") == expected


def test_fmt_date_long_and_datetime() -> None:
    assert fmt_date_long(date(2026, 3, 12)) == "12. mar. 2026"
    assert fmt_date_long("2026-11-22") == "22. nov. 2026"
    assert fmt_datetime(datetime(2026, 3, 12, 14, 32)) == "12.03.2026 kl. 14.32"
    assert fmt_datetime("2026-03-12T14:32:59") == "12.03.2026 kl. 14.32"
    assert fmt_datetime(date(2026, 3, 12)) == "12.03.2026"
    assert fmt_datetime(None) == ""


def test_default_file_name_has_no_name() -> None:
    name = default_file_name("stamblad", date(2026, 12, 1), "3f2a9c1b-7d0e-4c4e-9a53-0b5c8d1e2f3a")
    assert name == "stamblad_2026-12-01_3f2a9c1b.pdf"
    assert re.fullmatch(r"[a-z0-9-]+_\d{4}-\d{2}-\d{2}_[a-z0-9]+\.pdf", name)
    assert "mia" not in name.lower() and "jensen" not in name.lower()
    assert default_file_name("Mødereferat / udkast", date(2026, 1, 2), "AB../cd") == (
        "moedereferat-udkast_2026-01-02_abcd.pdf"
    )
