"""Følgebrev til en ansøgning om penge til indflytning (indskudslån, depositum, flyttehjælp).

One page for the ydelsescenter: which home, from which landlord, what it costs, what is applied
for, and — boxed at the top — the landlord's deadline, because offers are lost when the money
comes too late. The CPR number is printed in full: the recipient is the authority and needs it.

`deposit_note_snapshot(store, offer_id)` reads the store; `build_deposit_note(snapshot)` is pure.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    fmt_date_long,
    key_value_table,
    markup,
    notice,
    para,
    signature_lines,
    styles,
)
from hfdesk.domain import housing_search as domain

NOT_GIVEN = "Ikke oplyst"


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _money(ore: Any) -> str:
    return domain.fmt_kr(ore) if isinstance(ore, int) else ""


def deposit_note_snapshot(store: Any, offer_id: str, *, printed_at: datetime | None = None,
                          today: date | None = None) -> dict[str, Any]:
    from hfdesk import vocab
    from hfdesk.store import citizens, settings
    from hfdesk.store import housing_search as hs

    v = vocab.default()
    offer = hs.require(store, "housing_offer", offer_id)
    cid = offer["citizen_id"]
    c = citizens.get(store, cid)
    economy = hs.list_for(store, "housing_economy", cid)
    e = domain.economy_on(economy, date.fromisoformat(offer["offer_date"]))
    money = [m for m in hs.list_for(store, "housing_money", cid) if m.get("offer_id") == offer_id]
    return {
        "organisation": " · ".join(p for p in (settings.get(store, "organisation"),
                                                settings.get(store, "unit")) if p) or "hfdesk",
        "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {"name": c["legal_name"], "cpr": c.get("cpr"),
                    "protected_address": bool(c.get("protected_address"))},
        "offer": {"date": offer["offer_date"], "address": offer.get("address"),
                  "landlord": offer.get("actor_name"),
                  "type": v.label("housing_type", offer.get("housing_type")),
                  "contract": v.label("contract_type", offer.get("contract_type")),
                  "rent": offer.get("rent_ore"), "deposit": offer.get("deposit_ore"),
                  "prepaid_rent": offer.get("prepaid_rent_ore"),
                  "answer_deadline": offer.get("answer_deadline"),
                  "signing_deadline": offer.get("signing_deadline"),
                  "move_in_date": offer.get("move_in_date")},
        "applications": [{"type": m.get("money_text") or v.label("move_in_money_type",
                                                                m["money_type"]),
                          "applied": m["applied_date"], "amount": m.get("amount_ore"),
                          "urgent": bool(m.get("urgent")),
                          "outcome": v.label("move_in_money_outcome", m.get("outcome"))}
                         for m in money],
        "economy": None if e is None else {
            "source": e.get("income_text") or v.label("income_source", e["income_source"]),
            "income": e.get("income_after_tax_ore"), "fixed": e.get("fixed_costs_ore")},
        "disposable": domain.offer_disposable(offer, economy),
    }


def build_deposit_note(snapshot: Mapping[str, Any], *, locale: str = "da") -> bytes:
    citizen = _m(snapshot.get("citizen"))
    offer = _m(snapshot.get("offer"))
    name = clean_text(citizen.get("name"), True) or NOT_GIVEN
    cpr = clean_text(citizen.get("cpr"), True)
    printed_at = snapshot.get("printed_at")
    apps = [_m(a) for a in snapshot.get("applications") or []]
    kinds = ", ".join(clean_text(a.get("type"), True) for a in apps if a.get("type"))
    title = "Følgebrev – penge til indflytning"
    spec = PageSpec(
        organisation=clean_text(snapshot.get("organisation"), True), title=title,
        citizen_line=" · ".join(p for p in (name, cpr) if p), confidential=True,
        printed_by=clean_text(snapshot.get("printed_by"), True),
        printed_at=printed_at if isinstance(printed_at, datetime) else None,
        demo=bool(snapshot.get("demo")), language=locale, subject=title)
    st = styles()
    story: list[Flowable] = [Paragraph(markup(title), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"]),
                             para("Til: Ydelseskontoret / borgerservice", "Body")]
    deadline = offer.get("signing_deadline") or offer.get("answer_deadline")
    if deadline:
        what = "Lejekontrakten skal underskrives" if offer.get("signing_deadline") else \
            "Udlejeren skal have svar"
        story.append(notice(
            f"Udlejerens frist: {what} senest {fmt_date_long(deadline, locale)}. Kommer "
            "afgørelsen senere, går boligen tabt. Vi beder derfor om en hurtig afgørelse."))
    else:
        story.append(notice("Udlejeren har ikke givet en skriftlig frist. Tilbud går tabt, når "
                            "pengene kommer for sent – vi beder om en hurtig afgørelse."))
    story.append(para(
        f"{name} har fået tilbudt en bolig og søger om {kinds.lower() or 'hjælp til indflytning'}"
        ". Boligen er forudsætningen for den videre støtte (Housing First). Her er de "
        "oplysninger, afgørelsen typisk bygger på.", "Body"))

    story.append(Paragraph("Boligen", st["H2"]))
    story.append(key_value_table([(label, value) for label, value in [
        ("Adresse", offer.get("address")),
        ("Udlejer", offer.get("landlord")),
        ("Boligtype", offer.get("type")),
        ("Kontrakt", offer.get("contract")),
        ("Husleje pr. måned", _money(offer.get("rent"))),
        ("Depositum", _money(offer.get("deposit"))),
        ("Forudbetalt leje", _money(offer.get("prepaid_rent"))),
        ("Tilbud modtaget", fmt_date(offer.get("date"), locale)),
        ("Svarfrist", fmt_date(offer.get("answer_deadline"), locale)),
        ("Underskriftsfrist", fmt_date(offer.get("signing_deadline"), locale)),
        ("Forventet indflytning", fmt_date(offer.get("move_in_date"), locale)),
    ] if clean_text(value) or label in ("Adresse", "Husleje pr. måned")], missing=NOT_GIVEN))

    story.append(Paragraph("Ansøgningen", st["H2"]))
    if apps:
        for a in apps:
            story.append(key_value_table([
                ("Der søges om", a.get("type")),
                ("Beløb", _money(a.get("amount"))),
                ("Søgt", fmt_date(a.get("applied"), locale)),
                ("Haster", "Ja – se fristen øverst" if a.get("urgent") else "Nej"),
            ], missing=NOT_GIVEN))
    else:
        story.append(para("Ansøgningen er endnu ikke registreret.", "Small"))

    story.append(Paragraph("Kan borgeren sidde for huslejen?", st["H2"]))
    e = _m(snapshot.get("economy"))
    if e:
        story.append(key_value_table([
            ("Indkomstkilde", e.get("source")),
            ("Indkomst efter skat pr. måned", _money(e.get("income"))),
            ("Faste udgifter pr. måned", _money(e.get("fixed"))),
        ], missing=NOT_GIVEN))
    disposable = snapshot.get("disposable")
    story.append(Paragraph(f"<b>{markup(domain.affordability_text(disposable if isinstance(disposable, int) else None))}</b>", st["Body"]))

    story.append(para(
        f"Kontakt: {clean_text(snapshot.get('printed_by'), True) or NOT_GIVEN}, "
        f"{clean_text(snapshot.get('organisation'), True)}", "Small"))
    story.append(signature_lines(["Dato og underskrift, medarbejder"]))
    return build_pdf(spec, story)
