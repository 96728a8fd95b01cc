"""Indsigt i loggen: what was done with one citizen's data, when, by which role and unit, and why.

Datatilsynet (after the EU Court's C-579/21) holds that a citizen can see who accessed their
data. Each audit row becomes one plain-Danish line ("Plan udskrevet til myndighed"); rows that
came with a transferred case are marked as received. Worker names appear only when the
municipality has decided so for this citizen (`citizens.show_worker_names`).

`access_snapshot(store, citizen_id)` reads the store; `build_access_report(snapshot)` is pure.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from hfdesk import vocab
from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    fmt_date_long,
    fmt_datetime,
    markup,
    notice,
    para,
    styles,
    table,
)
from hfdesk.domain.cpr import mask
from hfdesk.store.database import Store

__all__ = ["TITLE", "access_snapshot", "build_access_report", "describe"]

TITLE = "Log over brugen af dine oplysninger"

# What a record kind is called in a sentence ("Journalnotat oprettet").
NOUNS: dict[str, str] = {
    "citizen": "Stamoplysninger", "course": "Forløb", "support_segment": "Bevilling",
    "course_event": "Hændelse i forløbet", "journal_entry": "Journalnotat",
    "journal_addition": "Tilføjelse til journalnotat", "document": "Dokument",
    "referral": "Henvendelse", "referral_contact": "Kontaktforsøg",
    "exemption": "Undtagelse fra aktindsigt", "extract_release": "Udlevering af oplysninger",
    "consent": "Samtykke", "disclosure": "Videregivelse", "handover": "Overdragelse",
    "followon_support": "Opfølgende støtte", "network_person": "Person i netværket",
}
_PREFIX_NOUNS = (("housing", "Boligoplysninger"), ("screening", "Opsporingsvurdering"),
                 ("plan", "Plan"), ("meeting", "Netværksmøde"), ("network", "Netværket"),
                 ("measurement", "Måling"))
# Printouts by kind: what was printed and for whom.
PRINTS: dict[str, str] = {
    "summary": "Stamblad udskrevet",
    "plan": "Plan udskrevet til myndighed",
    "plan_youth": "Plan udskrevet til dig",
    "status_note": "Statusnotat udskrevet til myndighed",
    "screening": "Opsporingsresumé udskrevet til myndighed",
    "housing_log": "Boligsøgningslog udskrevet",
    "housing_log_external": "Boligsøgning udskrevet til udlejer eller boligagent",
    "deposit_note": "Følgebrev om indskud udskrevet",
    "network_map": "Netværkskort udskrevet",
    "invitation": "Invitation til netværksmøde udskrevet",
    "minutes": "Referat af netværksmøde udskrevet",
    "access_report": "Denne log udskrevet",
    "records_extract": "Udskrift af alle oplysninger udskrevet",
    "handover": "Overdragelse udskrevet",
    "consent_form": "Samtykkeerklæring udskrevet",
    "document": "Dokument udskrevet",
}
ACTIONS: dict[str, str] = {
    "open_citizen": "Sagen åbnet og læst",
    "search_cpr": "Fundet ved søgning på CPR-nummer",
    "view_area": "{noun} åbnet og læst",
    "create": "{noun} oprettet",
    "change": "{noun} ændret",
    "delete": "{noun} slettet",
    "save_file": "Gemt som fil uden for databasen",
    "export": "Oplysninger eksporteret",
    "import": "Sagen modtaget fra en kollega",
    "imported": "Sagen modtaget fra en kollega",
}
_MEANINGLESS_PURPOSES = {"cli", "", None}


def noun(kind: str | None) -> str:
    if not kind:
        return "Oplysninger"
    if kind in NOUNS:
        return NOUNS[kind]
    for prefix, word in _PREFIX_NOUNS:
        if kind.startswith(prefix):
            return word
    return "Oplysninger"


def describe(row: Mapping[str, Any], disclosure: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """(what was done, for what purpose) in plain Danish for one audit row."""
    action = str(row.get("imported_action") or row.get("action") or "")
    kind = row.get("record_kind")
    purpose = row.get("purpose")
    fields = _fields(row.get("fields"))
    if action == "print":
        what = PRINTS.get(str(kind), f"{noun(kind)} udskrevet")
        return what, "" if purpose in _MEANINGLESS_PURPOSES else "Udskrift"
    if action == "disclose":
        d = disclosure or {}
        to = clean_text(d.get("recipient_name"), True) or "en modtager uden for kommunen"
        basis = d.get("basis_text") or ""
        what = f"Oplysninger videregivet til {to}"
        return what, basis or "Videregivelse med registreret grundlag"
    if action == "export" and kind == "records_extract":
        who = "dig" if "citizen" in str(purpose or "") else "forældremyndighedsindehaveren"
        return f"Udskrift af alle oplysninger udleveret til {who}", "Aktindsigt"
    if action == "change" and kind in ("journal_entry", "document") and \
            "transferred_at" in fields:
        if purpose == "overførsel fortrudt":
            return f"{noun(kind)}: overførsel til journal fortrudt", "Journalisering"
        return f"{noun(kind)} overført til kommunens journal", "Journalisering"
    if action == "export" and purpose == "kopieret til fagsystem":
        return f"{noun(kind)} kopieret til kommunens fagsystem", "Journalisering"
    if action == "save_file":
        return ACTIONS["save_file"], "Udskrift"
    if action == "export":
        return ACTIONS["export"], "Overførsel til kommunens system eller en kollega"
    template = ACTIONS.get(action)
    if template is None:
        return f"{noun(kind)}: {action}", ""
    purposes = {"open_citizen": "Sagsbehandling", "search_cpr": "Sagsbehandling",
                "view_area": "Sagsbehandling", "create": "Dokumentation",
                "change": "Dokumentation", "delete": "Sletning",
                "import": "Overdragelse af sagen", "imported": "Overdragelse af sagen"}
    return template.format(noun=noun(kind)), purposes.get(action, "")


def _fields(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    try:
        parsed = json.loads(value) if value else []
    except (TypeError, ValueError):
        return []
    return [str(v) for v in parsed] if isinstance(parsed, list) else []


def _disclosure(store: Store, record_id: str | None) -> dict[str, Any] | None:
    """The recipient and basis of a disclosure row, if the sharing area has recorded one."""
    from hfdesk.errors import UserError
    from hfdesk.store import records

    if not record_id or "disclosure" not in records.TABLES:
        return None
    try:
        d = records.get(store, "disclosure", record_id)
    except (UserError, KeyError):
        return None
    v = vocab.default()
    basis = str(d.get("basis") or "")
    text = ""
    if d.get("consent_id") and "consent" in records.TABLES:
        try:
            consent = records.get(store, "consent", str(d["consent_id"]))
            text = f"På grundlag af samtykke af {fmt_date_long(consent.get('given_date'))}"
        except (UserError, KeyError):
            text = "På grundlag af samtykke"
    elif basis:
        label = v.label("disclosure_basis", basis)
        paragraph = clean_text(d.get("paragraph"), True)
        text = f"Grundlag: {label}" + (f" ({paragraph})" if paragraph else "")
    return {"recipient_name": d.get("recipient_name"), "basis_text": text}


def access_snapshot(store: Store, citizen_id: str, *,
                    printed_at: datetime | None = None) -> dict[str, Any]:
    from hfdesk.documents.snapshot import _organisation
    from hfdesk.store import citizens, exchange, journalisation

    c = citizens.get(store, citizen_id)
    names = journalisation.show_worker_names(store, citizen_id)
    v = vocab.default()

    def who(row: Mapping[str, Any]) -> dict[str, str]:
        role = str(row.get("role") or "")
        name = row.get("worker_name") or (store.worker_name
                                          if row.get("worker_id") == store.worker_id else "")
        return {"role": v.label("role", role) if role else "",
                "unit": str(row.get("unit") or row.get("imported_unit") or ""),
                "name": str(name or "") if names else ""}

    lines: list[dict[str, Any]] = []
    local = journalisation.audit_rows(store, citizen_id)
    seen = {row.get("hash") for row in local}
    for row in local:
        d = _disclosure(store, row.get("record_id")) if row.get("action") == "disclose" else None
        what, purpose = describe(row, d)
        lines.append({"at": row["at"], "what": what, "purpose": purpose,
                      "received": row.get("action") == "imported", **who(row)})
    # Rows that came with a transferred case (those kept apart by older imports too); the ones
    # already in the local chain are not listed twice.
    for row in exchange.foreign_audit(store, citizen_id):
        if row.get("stub") or row.get("hash") in seen:
            continue
        what, purpose = describe(row)
        lines.append({"at": row.get("at") or "", "what": what, "purpose": purpose,
                      "received": True, **who(row)})
    lines.sort(key=lambda x: str(x["at"]))
    return {
        "organisation": _organisation(store),
        "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {"legal_name": c["legal_name"], "preferred_name": c.get("preferred_name"),
                    "cpr": c.get("cpr")},
        "show_names": names,
        "lines": lines,
    }


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def build_access_report(snapshot: Mapping[str, Any], *, locale: str = "da",
                        options: Mapping[str, Any] | None = None) -> bytes:
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("legal_name"), True) or "Ikke oplyst"
    cpr = clean_text(citizen.get("cpr"), True)
    line = " · ".join(p for p in (name, mask(cpr) if cpr else "") if p)
    spec = PageSpec.from_snapshot(snapshot, title=TITLE, citizen_line=line,
                                  subject="Indsigt i loggen – fortroligt", locale=locale)
    st = styles()
    lines = [_m(x) for x in _seq(snapshot.get("lines"))]
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    story.append(para(
        "Her står, hvad der er gjort med oplysningerne om dig i hfdesk: hvornår, af hvilken "
        "rolle og enhed, og til hvilket formål. Hver gang nogen åbner, ændrer, udskriver eller "
        "sender dine oplysninger videre, bliver det skrevet i en log, som ikke kan ændres "
        "bagefter. Også denne udskrift er skrevet i loggen.", "Body"))
    if snapshot.get("show_names"):
        story.append(para("Kommunen har besluttet, at medarbejdernes navne vises i din sag.",
                          "Small"))
    else:
        story.append(para("Medarbejdernes navne vises ikke; du kan se deres rolle og enhed. "
                          "Kommunen kan beslutte at oplyse navnene i din sag.", "Small"))
    if any(x.get("received") for x in lines):
        story.append(para("Linjer mærket \"modtaget\" er skrevet hos en tidligere medarbejder "
                          "og fulgte med, da sagen blev overdraget.", "Small"))
    if not lines:
        story.append(notice("Der er ingen registreringer om dig i loggen."))
        return build_pdf(spec, story)
    first, last = lines[0].get("at"), lines[-1].get("at")
    story.append(para(f"{len(lines)} registreringer fra {fmt_date(first, locale)} til "
                      f"{fmt_date(last, locale)}.", "Small"))
    show_names = bool(snapshot.get("show_names"))
    header = ["Tidspunkt", "Hvad", "Hvem", "Formål"]
    rows = []
    for x in lines:
        who = " · ".join(p for p in (clean_text(x.get("name"), True) if show_names else "",
                                     clean_text(x.get("role"), True),
                                     clean_text(x.get("unit"), True)) if p)
        what = clean_text(x.get("what"), True)
        if x.get("received"):
            what += " (modtaget)"
        rows.append([fmt_datetime(_dt(x.get("at")), locale), what, who or "–",
                     clean_text(x.get("purpose"), True) or "–"])
    story.append(table(header, rows, (0.22, 0.37, 0.23, 0.18)))
    return build_pdf(spec, story)


def _dt(value: Any) -> Any:
    if isinstance(value, str) and value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value
