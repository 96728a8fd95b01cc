"""Overdragelse: what the next person needs to carry on (DOMAIN §9), built from a course.

Pure builder on `hfdesk.store.handovers.snapshot`: only the sections the worker chose, only
released opsporing items, no one the young person marked "Må ikke kontaktes", never the word
"hjemløs". A handover without a recipient is a draft for the municipality's own case handling;
one to an outside recipient says on which basis it was sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, Paragraph

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
    signature_lines,
    styles,
    table,
)
from hfdesk.domain.cpr import mask

__all__ = ["TITLE", "build_handover"]

TITLE = "Overdragelse"
COME_BACK = ("Du kan altid vende tilbage. Hvis noget går skævt, eller du bare vil snakke, så "
             "ring eller skriv – også efter forløbet er slut. Vi hjælper dig videre til den, der "
             "kan hjælpe nu.")


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _kr(ore: object) -> str | None:
    if not isinstance(ore, int):
        return None
    return f"{ore / 100:,.2f} kr./md.".replace(",", "X").replace(".", ",").replace("X", ".")


def _spec(snapshot: Mapping[str, Any], locale: str) -> PageSpec:
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("legal_name"), True) or "Ikke oplyst"
    cpr = clean_text(citizen.get("cpr"), True)
    printed = snapshot.get("printed_at")
    try:
        at = datetime.fromisoformat(str(printed)) if printed else None
    except ValueError:
        at = None
    return PageSpec(
        organisation=clean_text(snapshot.get("organisation"), True), title=TITLE,
        citizen_line=" · ".join(p for p in (name, mask(cpr) if cpr else "") if p),
        confidential=True, printed_by=clean_text(snapshot.get("printed_by"), True),
        printed_at=at, demo=bool(snapshot.get("demo")), language=locale,
        subject="Overdragelse – fortroligt")


def build_handover(snapshot: Mapping[str, Any], *, locale: str = "da",
                   options: Mapping[str, Any] | None = None) -> bytes:
    spec = _spec(snapshot, locale)
    st = styles()
    sections = list(_seq(snapshot.get("sections")))
    recipient = _m(snapshot.get("recipient"))
    course = _m(snapshot.get("course"))
    basis = _m(snapshot.get("basis"))
    name = clean_text(recipient.get("name"), True)
    org = clean_text(recipient.get("organisation"), True)
    to = org if name and org and name.casefold() in org.casefold() else \
        " · ".join(p for p in (name, org) if p)
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    if snapshot.get("draft") or not to:
        story.append(notice("Udkast til kommunens egen sagsbehandling – ikke sendt til andre."))
    reason = str(snapshot.get("reason_label") or "").replace(" (angiv)", "") or None
    if snapshot.get("reason_text"):
        reason = f"{reason}: {snapshot.get('reason_text')}"
    story.append(key_value_table([
        ("Til", to or "Kommunens egen sag (udkast)"),
        ("Grund", reason),
        ("Metode", course.get("method_label")),
        ("Forløb", " – ".join(p for p in (fmt_date(course.get("start_date"), locale),
                                          fmt_date(course.get("end_date"), locale)) if p)),
        ("Status", course.get("status_label")),
        ("Sagsnummer", course.get("case_number")),
        ("Grundlag for videregivelse", _basis_text(basis) if snapshot.get("outside") else
         "Kommunens egen sagsbehandling"),
    ], missing="Ikke oplyst"))
    if snapshot.get("underretning_needed"):
        muni = snapshot.get("new_municipality") or "den nye kommune"
        story.append(notice(f"Den unge er under 18 og flytter til {muni}: send en underretning "
                            "til den nye kommune (Barnets lov kap. 16). Hjælpen fortsætter, "
                            "indtil den nye kommune har truffet afgørelse."))
    for section in sections:
        story.extend(_SECTION[section](snapshot, locale) if section in _SECTION else [])
    story.append(signature_lines(["Dato og underskrift, medarbejder",
                                  "Dato og underskrift, modtager"]))
    return build_pdf(spec, story)


def _basis_text(basis: Mapping[str, Any]) -> str:
    if not basis:
        return "Ikke angivet"
    text = str(basis.get("label") or "")
    if basis.get("reason"):
        text += f". Begrundelse: {basis.get('reason')}"
    return text


def _h(text: str) -> Paragraph:
    return Paragraph(markup(text), styles()["H2"])


def _summary(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    s = _m(snapshot.get("summary"))
    out: list[Flowable] = [_h("Med den unges egne ord")]
    out.append(para(s.get("youth_words"), "Body", empty="Ikke skrevet."))
    if s.get("wish"):
        out.append(Paragraph("Ønsker, håb og drømme", styles()["H3"]))
        out.append(para(s.get("wish"), "Body"))
    if s.get("housing_wishes"):
        out.append(Paragraph("Ønsker til bolig", styles()["H3"]))
        out.append(para(s.get("housing_wishes"), "Body"))
    released = [_m(r) for r in _seq(s.get("released"))]
    if released:
        out.append(Paragraph("Frigivne punkter fra opsporingen", styles()["H3"]))
        out.append(table(["Dato", "Punkt"], [[fmt_date(r.get("date"), locale), r.get("text")]
                                             for r in released], (0.18, 0.82)))
    return out


def _housing(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    h = snapshot.get("housing")
    out: list[Flowable] = [_h("Bolig nu og lejeforhold")]
    if not h:
        return [*out, para("Ingen boligoplysninger registreret.", "Body")]
    h = _m(h)
    own = h.get("own_contract")
    out.append(key_value_table([
        ("Bor nu", h.get("situation_label")),
        ("Siden", fmt_date(h.get("since"), locale)),
        ("Adresse", h.get("address")),
        ("Kontrakt", h.get("contract_label")),
        ("Egen kontrakt", "Ja" if own else ("Nej" if own is not None else None)),
        ("Udlejer", h.get("landlord")),
        ("Indflytning", fmt_date(h.get("move_in_date"), locale)),
        ("Husleje", _kr(h.get("rent_ore"))),
    ], missing="–"))
    return out


def _goals(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    g = _m(snapshot.get("goals"))
    out: list[Flowable] = [_h("Mål: nået og åbne")]
    if not g.get("has_plan"):
        return [*out, para("Der er ingen plan for forløbet, så der er ingen mål at overdrage.",
                           "Body")]
    for title, rows in (("Nået", _seq(g.get("achieved"))), ("Åbne", _seq(g.get("open")))):
        out.append(Paragraph(title, styles()["H3"]))
        if not rows:
            out.append(para("Ingen.", "Small"))
            continue
        out.append(table(["Mål", "Område", "Næste skridt"], [
            [_m(r).get("text"), _m(r).get("life_area_label"),
             "; ".join(f"{_m(a).get('what')} ({_m(a).get('who')}"
                       + (f", {fmt_date(_m(a).get('due_date'), locale)}"
                          if _m(a).get("due_date") else "") + ")"
                       for a in _seq(_m(r).get("actions"))) or None]
            for r in rows], (0.4, 0.2, 0.4)))
    return out


def _people(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    rows = [_m(p) for p in _seq(snapshot.get("people"))]
    out: list[Flowable] = [_h("Hvem gør hvad nu")]
    if not rows:
        return [*out, para("Ingen personer eller aktører registreret.", "Body")]
    out.append(table(["Navn", "Rolle", "Hvad de gør", "Den unges aftale om kontakt",
                      "Telefon"],
                     [[p.get("name"), p.get("role"), p.get("brings"), p.get("permission_label"),
                       p.get("phone")] for p in rows], (0.23, 0.17, 0.26, 0.18, 0.16)))
    return out


def _agreements(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    rows = [_m(a) for a in _seq(snapshot.get("agreements"))]
    out: list[Flowable] = [_h("Åbne aftaler")]
    if not rows:
        return [*out, para("Ingen åbne aftaler.", "Body")]
    out.append(table(["Aftale", "Hvem", "Senest"],
                     [[a.get("what"), a.get("owner"), fmt_date(a.get("due_date"), locale)]
                      for a in rows], (0.55, 0.27, 0.18)))
    return out


def _practical(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    p = _m(snapshot.get("practical"))
    out: list[Flowable] = [_h("Praktiske forhold")]
    out.append(key_value_table([("Forsørgelse", p.get("income_label"))], missing="Ikke oplyst"))
    appts = [_m(a) for a in _seq(p.get("appointments"))]
    out.append(Paragraph("Aftaler i kalenderen", styles()["H3"]))
    if appts:
        out.append(table(["Tidspunkt", "Hvad"], [[fmt_datetime(a.get("at"), locale),
                                                   a.get("what")] for a in appts], (0.3, 0.7)))
    else:
        out.append(para("Ingen planlagte aftaler.", "Small"))
    dl = [_m(d) for d in _seq(p.get("deadlines"))]
    out.append(Paragraph("Frister fra boligsøgningen", styles()["H3"]))
    if dl:
        out.append(table(["Dato", "Hvad"], [[fmt_date(d.get("date"), locale), d.get("what")]
                                            for d in dl], (0.2, 0.8)))
    else:
        out.append(para("Ingen frister.", "Small"))
    return out


def _followon(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    rows = [_m(f) for f in _seq(snapshot.get("followon"))]
    out: list[Flowable] = [_h("Opfølgende støtte")]
    if not rows:
        return [*out, para("Der er ikke registreret opfølgende støtte.", "Body")]
    out.append(table(["Støtte", "Status", "Dato"],
                     [[f.get("what"), f.get("status_label"), fmt_date(f.get("date"), locale)]
                      for f in rows], (0.5, 0.3, 0.2)))
    return out


def _contact(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    c = _m(snapshot.get("contact"))
    return [_h("Sådan fanger du den tidligere medarbejder"),
            key_value_table([("Navn", c.get("name")), ("Sted", c.get("organisation")),
                             ("Telefon og tider", c.get("phone")),
                             ("E-mail", c.get("email"))],
                            missing="Kontakt via kommunen")]


def _come_back(snapshot: Mapping[str, Any], locale: str) -> list[Flowable]:
    return [_h("Du kan altid vende tilbage"), para(COME_BACK, "Body")]


_SECTION = {"summary": _summary, "housing": _housing, "goals": _goals, "people": _people,
            "agreements": _agreements, "practical": _practical, "followon": _followon,
            "contact": _contact, "come_back": _come_back}
