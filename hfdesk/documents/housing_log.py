"""Boligsøgningsoversigt: documentation of a housing search, in two variants.

- internal (the default): for a boligindstilling or a dispensation request to the authority —
  channels with dates and outcomes, waiting lists, offers and why they did not work, the young
  person's wishes and needs, days to housing, the housing history and money for moving in;
- external (`external=True`): for a landlord or a boligagent. It carries no social details: no
  CPR number, no course or method, no housing history (where the person has stayed), no income,
  no money applications, no free-text reasons or needs, and a neutral letterhead.

`housing_log_snapshot(store, citizen_id, external=…)` reads the store once and leaves out what
the external variant must not carry, so the builder cannot print it even by mistake.
`build_housing_log(snapshot)` is pure: plain data in, PDF bytes out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    para,
    styles,
    table,
)
from hfdesk.domain import housing_search as domain
from hfdesk.domain.cpr import mask

NOT_GIVEN = "Ikke oplyst"
# Reasons an offer did not work that say nothing about the person's social situation.
EXTERNAL_REASONS = frozenset({"deadline_passed", "education_requirement", "local_rules",
                              "not_suitable"})


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _amount(ore: Any) -> str:
    """3.850,00 (no currency: the column header says kr.), so a cell never wraps mid-amount."""
    if not isinstance(ore, int):
        return ""
    from babel.numbers import format_decimal

    return format_decimal(domain.kr(ore), format="#,##0.00", locale="da_DK")


def _days(n: Any) -> str:
    if not isinstance(n, int):
        return ""
    return "1 dag" if n == 1 else f"{n} dage"


# --- snapshot -------------------------------------------------------------------------------

def housing_log_snapshot(store: Any, citizen_id: str, *, external: bool = False,
                         printed_at: datetime | None = None,
                         today: date | None = None) -> dict[str, Any]:
    from hfdesk import vocab
    from hfdesk.store import citizens, courses, settings
    from hfdesk.store import housing_search as hs

    v = vocab.default()
    today = today or date.today()
    c = citizens.get(store, citizen_id)
    f = hs.figures(store, citizen_id, today)
    lab = v.label
    activities = sorted(hs.list_for(store, "housing_activity", citizen_id),
                        key=lambda a: (str(a["activity_date"]), str(a["created_at"])))
    offers = sorted(hs.offers_with_affordability(store, citizen_id, today),
                    key=lambda o: str(o["offer_date"]))
    regs = sorted(hs.list_for(store, "housing_registration", citizen_id),
                  key=lambda r: str(r["registered_date"]))
    profile = hs.profile(store, citizen_id)

    def channel(a: Mapping[str, Any]) -> str:
        label = lab("housing_channel", a.get("channel"))
        return f"{label}: {a['channel_text']}" if a.get("channel_text") else label

    snap: dict[str, Any] = {
        "external": external,
        "organisation": " · ".join(p for p in (settings.get(store, "organisation"),
                                                settings.get(store, "unit")) if p) or "hfdesk",
        "neutral_heading": settings.get(store, "neutral_letterhead")
        or settings.get(store, "municipality") or "",
        "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "today": today,
        "citizen": {"name": c["legal_name"], "preferred_name": c.get("preferred_name")},
        "wishes": profile.get("wishes"),
        "summary": {
            "search_since": f.search_since, "days_searching": f.days_searching,
            "housed_now": f.housed_now, "channels": len(f.channels),
            "activities": f.activities, "registrations": len(regs),
            "offers": len(offers),
        },
        "channels": [{"label": lab("housing_channel", ch.channel), "count": ch.count,
                      "first": ch.first, "last": ch.last,
                      "outcomes": ", ".join(f"{lab('housing_search_outcome', k)} {n}"
                                            for k, n in sorted(ch.outcomes.items()))}
                     for ch in f.channels],
        "activities": [{"date": a["activity_date"], "channel": channel(a),
                        "where": " · ".join(p for p in (a.get("actor_name"), a.get("place"))
                                            if p),
                        "type": lab("housing_type", a.get("housing_type")),
                        "rent": a.get("rent_ore"),
                        "outcome": lab("housing_search_outcome", a.get("outcome")),
                        "reason": None if external else a.get("reason"),
                        "minutes": None if external else a.get("minutes")}
                       for a in activities],
        "registrations": [{"organisation": r.get("organisation") or "",
                           "list": lab("waiting_list_type", r.get("list_type"))
                           + (f" ({r['list_name']})" if r.get("list_name") else ""),
                           "registered": r["registered_date"], "position": r.get("position"),
                           "renewal_due": r.get("renewal_due"), "ended": r.get("ended_date")}
                          for r in regs],
        "offers": [{"date": o["offer_date"], "address": o.get("address"),
                    "landlord": o.get("actor_name"),
                    "type": lab("housing_type", o.get("housing_type")),
                    "rent": o.get("rent_ore"),
                    "conditions": ", ".join(lab("offer_condition", x) for x in o["conditions"]),
                    "decision": lab("offer_outcome", o.get("decision")),
                    "lost_reason": lab("offer_lost_reason", o.get("lost_reason"))
                    if o.get("lost_reason") and (not external or o["lost_reason"]
                                                 in EXTERNAL_REASONS) else "",
                    "reason": None if external else o.get("reason"),
                    "disposable": None if external else o.get("disposable_ore")}
                   for o in offers],
    }
    if external:
        return snap
    course = courses.current(store, citizen_id)
    economy = hs.list_for(store, "housing_economy", citizen_id)
    snap.update({
        "citizen": {**snap["citizen"], "cpr": c.get("cpr")},
        "needs": profile.get("needs"),
        "course": None if course is None else {
            "method": lab("support_method", course.get("method")),
            "referral_date": course.get("referral_date"),
            "start_date": course.get("start_date")},
        "figures": {"first_move_in": f.first_move_in, "days_from_start": f.days_from_start,
                    "days_from_referral": f.days_from_referral,
                    "minutes_total": f.minutes_total,
                    "homes_lost": [{"move_in": h.move_in, "lost": h.lost,
                                    "reason": lab("housing_end_reason", h.reason),
                                    "rehoused": h.rehoused, "days": h.days_to_rehousing}
                                   for h in f.homes_lost]},
        "economy": [{"from": e["valid_from"],
                     "source": e.get("income_text") or lab("income_source", e["income_source"]),
                     "income": e.get("income_after_tax_ore"),
                     "fixed": e.get("fixed_costs_ore")} for e in economy],
        "money": [{"type": m.get("money_text") or lab("move_in_money_type", m["money_type"]),
                   "applied": m["applied_date"], "amount": m.get("amount_ore"),
                   "outcome": lab("move_in_money_outcome", m.get("outcome")),
                   "decided": m.get("decided_date"), "granted": m.get("granted_ore")}
                  for m in sorted(hs.list_for(store, "housing_money", citizen_id),
                                  key=lambda m: str(m["applied_date"]))],
        "stays": [{"from": s["start_date"], "to": s.get("end_date"),
                   "where": lab("housing_situation", s["housing_situation"]),
                   "contract": lab("contract_type", s.get("contract_type")),
                   "own": s.get("own_contract"),
                   "end_reason": lab("housing_end_reason", s.get("end_reason"))}
                  for s in sorted(hs.stays(store, citizen_id),
                                  key=lambda s: str(s["start_date"]))],
    })
    return snap


# --- builder --------------------------------------------------------------------------------

def _h2(text: str) -> Paragraph:
    return Paragraph(markup(text), styles()["H2"])


def build_housing_log(snapshot: Mapping[str, Any], *, locale: str = "da") -> bytes:
    """The search documentation as PDF bytes. Pure: same snapshot, same bytes."""
    external = bool(snapshot.get("external"))
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("name"), True) or NOT_GIVEN
    cpr = clean_text(citizen.get("cpr"), True)
    printed_at = snapshot.get("printed_at")
    title = "Boligsøgning – oversigt" if external else "Boligsøgning – dokumentation"
    spec = PageSpec(
        organisation=clean_text(snapshot.get("organisation"), True),
        title=title,
        citizen_line=name if external else " · ".join(p for p in (name, mask(cpr) if cpr
                                                                    else "") if p),
        confidential=not external,
        printed_by=clean_text(snapshot.get("printed_by"), True),
        printed_at=printed_at if isinstance(printed_at, datetime) else None,
        demo=bool(snapshot.get("demo")),
        neutral=external,
        neutral_heading=clean_text(snapshot.get("neutral_heading"), True) or "Boligsøgning",
        language=locale,
        subject=title,
    )
    st = styles()
    story: list[Flowable] = [Paragraph(markup(title), st["Title"]),
                             Paragraph(markup(spec.citizen_line), st["CitizenLine"])]
    s = _m(snapshot.get("summary"))
    if external:
        story.append(para(
            f"Oversigten viser, hvor og hvornår der er søgt bolig til {name}, og hvordan det "
            "gik. Den er lavet til udlejere og boligagenter og indeholder kun oplysninger om "
            "selve boligsøgningen.", "Body"))
    else:
        story.append(para(
            "Dokumentation af boligsøgningen: alle kanaler med datoer og udfald, opskrivninger, "
            "tilbud og hvorfor de ikke lykkedes, og den unges egne ønsker. Kan bruges til en "
            "boligindstilling, en ansøgning om dispensation eller til en boligagent.", "Body"))

    pairs: list[tuple[str, object]] = []
    if s.get("housed_now"):
        pairs.append(("Status", "Har fået bolig"))
    elif s.get("search_since"):
        pairs.append(("Søger bolig siden", f"{fmt_date_long(s['search_since'], locale)} "
                                           f"({_days(s.get('days_searching'))})"))
    pairs += [("Kanaler afprøvet", str(s.get("channels") or 0)),
              ("Søgninger i alt", str(s.get("activities") or 0)),
              ("Opskrivninger", str(s.get("registrations") or 0)),
              ("Tilbud", str(s.get("offers") or 0))]
    if not external:
        course = _m(snapshot.get("course"))
        fig = _m(snapshot.get("figures"))
        if course:
            pairs.insert(0, ("Forløb", " · ".join(p for p in (
                clean_text(course.get("method"), True),
                f"henvendelse {fmt_date(course.get('referral_date'), locale)}"
                if course.get("referral_date") else "",
                f"start {fmt_date(course.get('start_date'), locale)}"
                if course.get("start_date") else "") if p)))
        if fig.get("first_move_in"):
            parts = [f"Første indflytning {fmt_date(fig['first_move_in'], locale)}"]
            if isinstance(fig.get("days_from_referral"), int):
                parts.append(f"{_days(fig['days_from_referral'])} fra henvendelsen")
            if isinstance(fig.get("days_from_start"), int):
                parts.append(f"{_days(fig['days_from_start'])} fra forløbets start")
            pairs.append(("Dage til bolig", " · ".join(parts)))
        else:
            pairs.append(("Dage til bolig", "Endnu ikke flyttet ind i egen bolig"))
        if fig.get("minutes_total"):
            hours = int(fig["minutes_total"]) / 60
            pairs.append(("Tid brugt på søgningen", f"{hours:.1f} timer".replace(".", ",")))
    story += [_h2("Overblik"), key_value_table(pairs, missing=NOT_GIVEN)]

    story.append(_h2("Den unges ønsker til boligen (med egne ord)"))
    story.append(para(snapshot.get("wishes"), "Body", empty="Ikke skrevet endnu."))
    if not external:
        story.append(Paragraph("Behov og hensyn (internt)", st["H3"]))
        story.append(para(snapshot.get("needs"), "Body", empty="Ikke skrevet endnu."))

    story.append(_h2("Kanaler afprøvet"))
    chans = [_m(c) for c in _seq(snapshot.get("channels"))]
    if chans:
        story.append(table(["Kanal", "Antal", "Første", "Seneste", "Udfald"],
                           [[c.get("label"), str(c.get("count")), fmt_date(c.get("first")),
                             fmt_date(c.get("last")), c.get("outcomes")] for c in chans],
                           [0.26, 0.08, 0.15, 0.15, 0.36]))
    else:
        story.append(para("Ingen søgninger registreret.", "Small"))

    story.append(_h2("Søgelog"))
    acts = [_m(a) for a in _seq(snapshot.get("activities"))]
    if acts:
        story.append(table(["Dato", "Kanal", "Hvor", "Boligtype", "Husleje kr./md.", "Udfald"],
                           [[fmt_date(a.get("date")), a.get("channel"), a.get("where"),
                             a.get("type"), _amount(a.get("rent")), a.get("outcome")]
                            for a in acts], [0.15, 0.17, 0.25, 0.15, 0.13, 0.15]))
        notes = [a for a in acts if clean_text(a.get("reason"))]
        if notes and not external:
            story.append(Paragraph("Begrundelser", st["H3"]))
            for a in notes:
                story.append(Paragraph(
                    f"<b>{markup(fmt_date(a.get('date')))} · {markup(a.get('channel'))}:</b> "
                    f"{markup(a.get('reason'))}", st["Note"]))
    else:
        story.append(para("Ingen søgninger registreret.", "Small"))

    story.append(_h2("Opskrivninger på ventelister"))
    regs = [_m(r) for r in _seq(snapshot.get("registrations"))]
    if regs:
        story.append(table(["Organisation", "Venteliste", "Skrevet op", "Nr./placering",
                            "Genopskrivning"],
                           [[r.get("organisation"), r.get("list"), fmt_date(r.get("registered")),
                             r.get("position"),
                             (f"afmeldt {fmt_date(r.get('ended'))}" if r.get("ended")
                              else fmt_date(r.get("renewal_due")))] for r in regs],
                           [0.24, 0.22, 0.15, 0.17, 0.22]))
    else:
        story.append(para("Ikke skrevet op på nogen venteliste.", "Small"))

    story.append(_h2("Tilbud"))
    offers = [_m(o) for o in _seq(snapshot.get("offers"))]
    if offers:
        story.append(table(["Dato", "Adresse", "Boligtype", "Husleje kr./md.", "Betingelser",
                            "Udfald"],
                           [[fmt_date(o.get("date")), o.get("address"), o.get("type"),
                             _amount(o.get("rent")), o.get("conditions"),
                             ": ".join(p for p in (o.get("decision"), o.get("lost_reason"))
                                       if p)] for o in offers],
                           [0.14, 0.17, 0.17, 0.12, 0.18, 0.22]))
        if not external:
            for o in offers:
                bits = []
                if isinstance(o.get("disposable"), int):
                    bits.append(domain.affordability_text(o["disposable"]))
                if clean_text(o.get("reason")):
                    bits.append(clean_text(o.get("reason")))
                if bits:
                    story.append(Paragraph(
                        f"<b>{markup(fmt_date(o.get('date')))} · "
                        f"{markup(o.get('address') or 'tilbud')}:</b> "
                        f"{markup(' '.join(bits))}", st["Note"]))
    else:
        story.append(para("Ingen tilbud endnu.", "Small"))

    if not external:
        money = [_m(m) for m in _seq(snapshot.get("money"))]
        story.append(_h2("Penge til indflytning"))
        if money:
            story.append(table(["Type", "Søgt", "Beløb kr.", "Afgørelse", "Afgjort",
                                "Bevilget kr."],
                               [[m.get("type"), fmt_date(m.get("applied")),
                                 _amount(m.get("amount")), m.get("outcome"),
                                 fmt_date(m.get("decided")), _amount(m.get("granted"))]
                                for m in money], [0.25, 0.15, 0.14, 0.16, 0.15, 0.15]))
        else:
            story.append(para("Ingen ansøgninger.", "Small"))
        economy = [_m(e) for e in _seq(snapshot.get("economy"))]
        if economy:
            story.append(Paragraph("Økonomi (kun til rådighedsberegningen)", st["H3"]))
            story.append(table(["Fra", "Indkomstkilde", "Indkomst efter skat kr./md.",
                                "Faste udgifter kr./md."],
                               [[fmt_date(e.get("from")), e.get("source"),
                                 _amount(e.get("income")), _amount(e.get("fixed"))]
                                for e in economy], [0.15, 0.35, 0.25, 0.25]))
        stays = [_m(x) for x in _seq(snapshot.get("stays"))]
        story.append(_h2("Boligforløb"))
        if stays:
            story.append(table(["Fra", "Til", "Hvor", "Kontrakt", "Sluttede fordi"],
                               [[fmt_date(x.get("from")), fmt_date(x.get("to")) or "nu",
                                 x.get("where"),
                                 " · ".join(p for p in (x.get("contract"),
                                                        "eget navn" if x.get("own") else "")
                                            if p),
                                 x.get("end_reason")] for x in stays],
                               [0.15, 0.15, 0.3, 0.2, 0.2]))
        else:
            story.append(para("Intet registreret.", "Small"))
        lost = [_m(h) for h in _seq(_m(snapshot.get("figures")).get("homes_lost"))]
        for h in lost:
            why = clean_text(h.get("reason")) or "årsag ikke oplyst"
            text = (f"Boligen fra {fmt_date(h.get('move_in'))} blev mistet "
                    f"{fmt_date(h.get('lost'))} ({why}). Støtten fortsatte, og en ny søgning "
                    "begyndte.")
            if h.get("rehoused"):
                text += (f" Ny bolig {fmt_date(h.get('rehoused'))}, "
                         f"{_days(h.get('days'))} senere.")
            story.append(para(text, "Note"))
    story.append(para(
        f"Kontakt: {clean_text(snapshot.get('printed_by'), True) or NOT_GIVEN}", "Small"))
    return build_pdf(spec, story)
