"""Udskrift af alle oplysninger (aktindsigt): everything hfdesk holds about one citizen.

Partsaktindsigt (forvaltningsloven § 9) and GDPR art. 15 cover "internal" notes too: internal in
hfdesk means not shared, never hidden from the person. The extract is generic over the schema
(`hfdesk.store.exchange.citizen_rows`), so an area added later is included without editing this
file. Passages the worker proposes to exempt (forvaltningsloven § 15 b) are marked with the
reason; in a released copy (`released_to`) their text is replaced by the marking. Attached
documents are listed, not reproduced.

`extract_snapshot(store, citizen_id)` reads the store; `build_records_extract(snapshot)` is pure.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from hfdesk import vocab
from hfdesk.documents.access_report import noun
from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    fmt_datetime,
    key_value_table,
    markup,
    notice,
    para,
    styles,
    table,
)
from hfdesk.domain.cpr import mask
from hfdesk.store.database import Store

__all__ = ["TITLE", "build_records_extract", "extract_snapshot"]

TITLE = "Udskrift af alle oplysninger (aktindsigt)"
EXEMPT_LAW = "forvaltningsloven § 15 b"
RELEASED_TO = {"citizen": "Den unge selv", "custody_holder": "Forældremyndighedsindehaver"}

SECTIONS: dict[str, str] = {
    "citizen": "Stamoplysninger", "course": "Forløb", "support_segment": "Bevillinger",
    "course_event": "Hændelser i forløbet", "journal_entry": "Journalnotater",
    "journal_addition": "Tilføjelser til journalnotater", "referral": "Henvendelser",
    "referral_contact": "Kontaktforsøg", "screening_assessment": "Opsporingsvurderinger",
    "screening_domain": "Opsporing: domæner", "screening_action": "Opsporing: indsatser",
    "plan": "Planer", "plan_goal": "Planens mål", "plan_action": "Planens handlinger",
    "plan_version": "Færdiggjorte planversioner", "plan_review": "Opfølgninger på planen",
    "plan_review_goal": "Opfølgning pr. mål", "plan_link": "Myndighedsplaner",
    "network_person": "Netværket", "network_meeting": "Netværksmøder",
    "meeting_participant": "Deltagere i møder", "meeting_agreement": "Aftaler fra møder",
    "meeting_goal_review": "Mål gennemgået på møder", "housing_segment": "Hvor du har boet",
    "housing_activity": "Boligsøgning", "housing_registration": "Skrevet op til bolig",
    "housing_economy": "Økonomi (til boligsøgning)", "housing_profile": "Dine ønsker til bolig",
    "housing_offer": "Tilbud om bolig", "housing_money": "Penge til indflytning",
    "document": "Dokumenter (liste)", "consent": "Samtykker", "disclosure": "Videregivelser",
    "handover": "Overdragelser", "followon_support": "Opfølgende støtte",
}
# Shown in their own sections at the end, not as records.
_OWN = ("exemption", "extract_release")
FIELD_LABELS: dict[str, str] = {
    "created_at": "Registreret", "legal_name": "Navn", "preferred_name": "Kaldenavn",
    "cpr": "CPR-nummer", "birth_date": "Fødselsdato", "gender": "Køn", "phone": "Telefon",
    "email": "E-mail", "address": "Adresse", "notes": "Noter", "note": "Notat",
    "occurred_at": "Tidspunkt", "entry_type": "Type", "status": "Status",
    "duration_min": "Varighed (min.)", "life_areas": "Livsområder", "source": "Kilde",
    "transferred_at": "Overført til journal", "transferred_by": "Overført af",
    "method": "Metode", "start_date": "Start", "referral_date": "Henvist",
    "end_decision_date": "Afsluttet", "title": "Titel", "kind": "Slags",
    "recipient": "Modtager", "file_name": "Filnavn", "size": "Størrelse (bytes)",
    "text": "Tekst", "summary": "Sammenfatning", "judgement": "Vurdering",
    "youth_view": "Dit eget syn", "sharing": "Deling", "wish": "Dit ønske",
    "what": "Hvad", "who": "Hvem", "due_date": "Senest", "name": "Navn",
    "relation": "Relation", "description": "Beskrivelse", "reason": "Begrundelse",
    "citizen_present": "Borgeren var med", "interpreter_used": "Tolk brugt",
    "interpreter_needed": "Behov for tolk", "protected_address": "Navne- og adressebeskyttelse",
    "custody_holders": "Forældremyndighed", "language": "Sprog", "case_number": "Sagsnummer",
    "missed_reason": "Grund til afbud", "informed_date": "Orienteret",
    "end_recommended_date": "Indstillet til afslutning", "end_type": "Slags afslutning",
    "end_reasons": "Grunde til afslutningen", "legal_basis": "Lovgrundlag",
    "decision_date": "Afgørelsens dato", "period_start": "Fra", "period_end": "Til",
    "network_meeting_reminder": "Påmindelse om netværksmøde",
    "event_date": "Dato", "new_municipality": "Ny kommune",
}
# Columns whose code list has another name than the column.
COLUMN_LISTS = {"method": "support_method", "housing_situation": "housing_situation",
                "relation": "network_relation", "channel": "housing_channel"}
_SKIP_FIELDS = {"id", "updated_at", "updated_by", "origin", "revision", "change_seq",
                "citizen_id", "cpr_digits", "person_cpr_digits", "content", "cpr_kind",
                "show_worker_names"}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")
SHARING = {"internal": "Intern (ikke delt med andre; du kan altid se den)",
           "released": "Frigivet"}


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ('[', '{', '"'):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _value_text(v: Any, kind: str, col: str, value: Any,
                flags: frozenset[str] = frozenset()) -> str:
    value = _decode(value)
    if value is None or value == "" or value == []:
        return ""
    if col in flags and value in (0, 1):
        return "Ja" if value else "Nej"
    if isinstance(value, str) and _DATE.match(value):
        return fmt_date(value)
    if isinstance(value, str) and _STAMP.match(value):
        # Stored timestamps with a zone are UTC; a note's "occurred_at" is local wall time.
        return fmt_datetime(datetime.fromisoformat(value.replace("Z", "+00:00")))
    if isinstance(value, bytes):
        return f"(fil, {len(value)} bytes)"
    if isinstance(value, list):
        return ", ".join(_value_text(v, kind, col, x) for x in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {x}" for k, x in value.items() if x not in (None, "", []))
    if col == "sharing":
        return SHARING.get(str(value), str(value))
    text = str(value)
    for name in (COLUMN_LISTS.get(col, col), col, f"{kind}_{col}", f"{kind.split('_')[0]}_{col}",
                 col[:-1] if col.endswith("s") else col):
        if name in v.lists and v.get(name, text) is not None:
            return v.label(name, text)
    return text


def extract_snapshot(store: Store, citizen_id: str, *, released_to: str | None = None,
                     printed_at: datetime | None = None) -> dict[str, Any]:
    from hfdesk.documents.snapshot import _organisation
    from hfdesk.store import citizens, exchange, journalisation, records

    c = citizens.get(store, citizen_id)
    v = vocab.default()
    exempt = {(e["record_kind"], e["record_id"], e["field"]): e["reason"]
              for e in journalisation.exemptions(store, citizen_id)}
    rows = exchange.citizen_rows(store, citizen_id)
    order = [k for k in SECTIONS if k in rows] + sorted(
        k for k in rows if k not in SECTIONS and k not in _OWN)
    sections: list[dict[str, Any]] = []
    for kind in order:
        items = []
        flags = journalisation.flag_columns(store, records.TABLES[kind])
        for r in rows[kind]:
            fields = []
            for col, raw in r.items():
                if col in _SKIP_FIELDS or col.endswith("_id"):
                    continue
                text = _value_text(v, kind, col, raw, flags)
                reason = exempt.get((kind, r["id"], col))
                if not text and reason is None:
                    continue
                fields.append({"label": FIELD_LABELS.get(col, col.replace("_", " ").capitalize()),
                               "text": text, "exempt": reason})
            items.append({"kind": kind, "id": r["id"], "fields": fields})
        sections.append({"kind": kind, "title": SECTIONS.get(kind, noun(kind)), "items": items})
    return {
        "organisation": _organisation(store),
        "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {"legal_name": c["legal_name"], "cpr": c.get("cpr")},
        "released_to": released_to,
        "sections": sections,
        "exemptions": [{"section": SECTIONS.get(k, noun(k)), "field": f, "reason": why}
                       for (k, _rid, f), why in exempt.items()],
        "releases": [{"released_on": x["released_on"],
                      "released_to": RELEASED_TO.get(x["released_to"], x["released_to"]),
                      "recipient_name": x.get("recipient_name"), "exempted": x["exempted"]}
                     for x in journalisation.releases(store, citizen_id)],
    }


def exempted_count(snapshot: Mapping[str, Any]) -> int:
    return sum(1 for s in _seq(snapshot.get("sections")) for i in _seq(_m(s).get("items"))
               for f in _seq(_m(i).get("fields")) if _m(f).get("exempt"))


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _passages(n: int) -> str:
    return "1 passage er" if n == 1 else f"{n} passager er"


def _item_heading(item: Mapping[str, Any], n: int) -> str:
    fields = {f.get("label"): f.get("text") for f in map(_m, _seq(item.get("fields")))}
    for label in ("Tidspunkt", "Dato", "Afgørelsens dato", "Titel", "Navn", "Hvad", "Start",
                  "Henvist", "Registreret"):
        if fields.get(label):
            return f"{n}. {clean_text(fields[label], True)[:80]}"
    return f"{n}."


def build_records_extract(snapshot: Mapping[str, Any], *, locale: str = "da",
                          options: Mapping[str, Any] | None = None) -> bytes:
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("legal_name"), True) or "Ikke oplyst"
    cpr = clean_text(citizen.get("cpr"), True)
    released = snapshot.get("released_to")
    line = " · ".join(p for p in (name, mask(cpr) if cpr else "") if p)
    spec = PageSpec.from_snapshot(snapshot, title=TITLE, citizen_line=line,
                                  subject="Aktindsigt – fortroligt", locale=locale)
    st = styles()
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    story.append(para(
        "Her er alt, hvad hfdesk har registreret om dig, også interne notater: \"intern\" betyder, "
        "at noget ikke er delt med andre, aldrig at det er skjult for dig. Dokumenter, der er "
        "gemt i sagen, står på en liste; du kan bede om en kopi af dem.", "Body"))
    n_exempt = exempted_count(snapshot)
    if released in RELEASED_TO:
        story.append(para(f"Udleveret til: {RELEASED_TO[released]}.", "Small"))
        if n_exempt:
            story.append(notice(
                f"{_passages(n_exempt)} undtaget efter {EXEMPT_LAW}. Ved hver af dem står "
                "begrundelsen. Du kan klage over undtagelsen til kommunen."))
    elif n_exempt:
        story.append(notice(
            f"Udkast til myndigheden: {_passages(n_exempt)} foreslået undtaget efter "
            f"{EXEMPT_LAW} (markeret nedenfor med begrundelsen). Myndigheden afgør, om de "
            "undtages, før udskriften udleveres."))
    for section in map(_m, _seq(snapshot.get("sections"))):
        items = [_m(i) for i in _seq(section.get("items"))]
        if not items:
            continue
        title: Flowable | None = Paragraph(markup(section.get("title")), st["H2"])
        for n, item in enumerate(items, start=1):
            pairs: list[tuple[str, object]] = []
            long_texts: list[Flowable] = []
            for f in map(_m, _seq(item.get("fields"))):
                label = clean_text(f.get("label"), True)
                text = clean_text(f.get("text"))
                why = clean_text(f.get("exempt"))
                mark = ""
                if why:
                    mark = f"[{'Undtaget' if released else 'Foreslået undtaget'} efter " \
                           f"{EXEMPT_LAW}: {why}]"
                    text = "" if released else text
                if len(text) > 300:
                    # Long free text in paragraphs, never in a table cell.
                    long_texts.append(Paragraph(f"<b>{markup(label)}</b>", st["Label"]))
                    long_texts.append(para(text, "Note"))
                    if mark:
                        long_texts.append(Paragraph(f"<b>{markup(mark)}</b>", st["Label"]))
                elif mark:
                    pairs.append((label, f"{text}\n{mark}".strip()))
                else:
                    pairs.append((label, text))
            block: list[Flowable] = []
            if title is not None:  # the heading stays with its first record
                block.append(title)
                title = None
            if len(items) > 1 or section.get("kind") != "citizen":
                block.append(Paragraph(markup(_item_heading(item, n)), st["H3"]))
            block.append(key_value_table(pairs, missing="–"))
            story.append(KeepTogether(block))
            story.extend(long_texts)
    story.append(Paragraph("Udleveringer af denne udskrift", st["H2"]))
    rels = [_m(r) for r in _seq(snapshot.get("releases"))]
    if rels:
        story.append(table(["Dato", "Udleveret til", "Navn", "Undtagne passager"],
                           [[fmt_date(r.get("released_on"), locale), r.get("released_to"),
                             r.get("recipient_name"), str(r.get("exempted") or 0)]
                            for r in rels], (0.18, 0.34, 0.3, 0.18)))
    else:
        story.append(para("Udskriften er ikke udleveret før.", "Small"))
    story.append(para(f"Udskrevet {fmt_datetime(spec.printed_at, locale)}.", "Small"))
    return build_pdf(spec, story)
