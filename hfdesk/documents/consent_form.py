"""Samtykkeerklæring: a pre-filled consent form to sign at a visit (DOMAIN §13).

Indhentning (collecting information from others) and videregivelse (passing information on) are
separate parts, each with its own recipients, areas, period and signature, because a young
person may say yes to one and no to the other. Under 18, a custody holder signs separately.
Pure builder on `consent_form_snapshot`; it carries the name and birth date, never the CPR
number, and no opsporing content.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table, TableStyle

from hfdesk.documents.layout import (
    CONTENT_WIDTH,
    INK,
    TABLE_FONT,
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    key_value_table,
    markup,
    para,
    signature_lines,
    styles,
)

__all__ = ["TITLE", "build_consent_form", "consent_form_snapshot"]

TITLE = "Samtykkeerklæring"
BOX = "\u2610"
TICKED = "\u2612"
LINE_GAP = 7 * mm
RIGHTS = ("Du bestemmer selv, om du vil give samtykke. Det har ingen betydning for den hjælp, du "
          "har ret til, hvis du siger nej. Du kan altid trække dit samtykke tilbage – mundtligt "
          "eller skriftligt – og så gælder det fra den dag. Det, der allerede er sendt eller "
          "hentet, kan ikke kaldes tilbage.")


def consent_form_snapshot(store: Any, citizen_id: str, *, today: date | None = None,
                          printed_at: datetime | None = None) -> dict[str, Any]:
    from hfdesk import vocab
    from hfdesk.documents.snapshot import _organisation
    from hfdesk.domain import citizens as cdomain
    from hfdesk.domain import consents as domain
    from hfdesk.store import citizens, consents, courses

    today = today or date.today()
    v = vocab.default()
    c = citizens.get(store, citizen_id)
    course = courses.current(store, citizen_id)
    end = course.get("end_decision_date") if course else None
    age = cdomain.age(c, today)
    recipients: dict[str, list[str]] = {"indhentning": [], "videregivelse": []}
    for k in consents.with_state(store, citizen_id, today):
        if k["state"] != "active":
            continue
        for r in k["recipients"]:
            name = " · ".join(p for p in (r.get("name"), r.get("organisation")) if p)
            if name and name not in recipients[k["kind"]]:
                recipients[k["kind"]].append(name)
    return {
        "organisation": _organisation(store), "printed_by": store.worker_name,
        "printed_at": printed_at or datetime.now().replace(microsecond=0),
        "demo": store.is_demo,
        "citizen": {"legal_name": c["legal_name"], "preferred_name": c.get("preferred_name"),
                    "birth_date": c.get("birth_date"), "age": age,
                    "custody_holders": [h.get("name") for h in c.get("custody_holders") or []]},
        "minor": age is not None and age < 18,
        "scopes": [(code.code, code.label_da) for code in v.codes("consent_scope")],
        "recipients": recipients,
        "expires": domain.default_expiry(today, date.fromisoformat(end) if end else None)
        .isoformat(),
        "worker": store.worker_name,
    }


def _m(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _lines(n: int) -> Table:
    t = Table([[""] for _ in range(n)], colWidths=[CONTENT_WIDTH], rowHeights=[LINE_GAP] * n)
    t.setStyle(TableStyle([TABLE_FONT, ("LINEBELOW", (0, 0), (-1, -1), 0.5, INK)]))
    return t


def _boxes(labels: Sequence[str]) -> Table:
    st = styles()
    cells = [Paragraph(markup(f"{BOX}  {lbl}"), st["Body"]) for lbl in labels]
    rows = [cells[i:i + 2] + [""] * (2 - len(cells[i:i + 2])) for i in range(0, len(cells), 2)]
    t = Table(rows, colWidths=[CONTENT_WIDTH / 2] * 2)
    t.setStyle(TableStyle([TABLE_FONT, ("VALIGN", (0, 0), (-1, -1), "TOP"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _part(title: str, intro: str, who_label: str, snapshot: Mapping[str, Any],
          names: Sequence[str]) -> list[Flowable]:
    st = styles()
    scopes = [label for _code, label in snapshot.get("scopes") or []]
    out: list[Flowable] = [Paragraph(markup(title), st["H2"]), para(intro, "Body")]
    out.append(Paragraph(markup(who_label), st["H3"]))
    for n in names:
        out.append(para(f"{TICKED}  {n}", "Body"))
    out.append(_lines(max(2, 4 - len(names))))
    out.append(Paragraph("Om hvad (sæt kryds)", st["H3"]))
    out.append(_boxes(scopes))
    out.append(para("Fra opsporingen kun de punkter, vi har talt om og frigivet sammen.",
                    "Small"))
    out.append(Paragraph("Hvorfor (formål)", st["H3"]))
    out.append(_lines(2))
    out.append(Spacer(1, 3 * mm))
    out.append(para(f"Samtykket gælder til og med {fmt_date(snapshot.get('expires'))} "
                    "(forløbets slutning eller højst 12 måneder), medmindre du trækker det "
                    "tilbage før.", "Body"))
    out.append(para(f"{BOX}  Ja, jeg giver samtykke        {BOX}  Nej, jeg giver ikke samtykke",
                    "Body"))
    labels = ["Dato og underskrift, den unge"]
    if snapshot.get("minor"):
        labels.append("Dato og underskrift, forældremyndighedsindehaver")
    out.append(signature_lines(labels))
    return out


def build_consent_form(snapshot: Mapping[str, Any], *, locale: str = "da",
                       options: Mapping[str, Any] | None = None) -> bytes:
    citizen = _m(snapshot.get("citizen"))
    name = clean_text(citizen.get("legal_name"), True)
    printed = snapshot.get("printed_at")
    spec = PageSpec(organisation=clean_text(snapshot.get("organisation"), True), title=TITLE,
                    citizen_line=name, confidential=True,
                    printed_by=clean_text(snapshot.get("printed_by"), True),
                    printed_at=printed if isinstance(printed, datetime) else None,
                    demo=bool(snapshot.get("demo")), language=locale,
                    subject="Samtykkeerklæring")
    st = styles()
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"]),
                             Paragraph(markup(name), st["CitizenLine"])]
    holders = ", ".join(h for h in citizen.get("custody_holders") or [] if h)
    story.append(key_value_table([
        ("Navn", name), ("Kaldes", citizen.get("preferred_name")),
        ("Fødselsdato", fmt_date(citizen.get("birth_date"))),
        ("Forældremyndighed", holders if snapshot.get("minor") else None),
        ("Medarbejder", snapshot.get("worker")),
    ], missing="–"))
    story.append(para(RIGHTS, "Body"))
    if snapshot.get("minor"):
        story.append(para("Du er under 18. Nogle ting kræver, at også den, der har "
                          "forældremyndigheden, giver samtykke. Det skrives under for sig. "
                          "Forældremyndighedens samtykke bortfalder, når du fylder 18; så er det "
                          "dig selv, der bestemmer.", "Body"))
    recipients = _m(snapshot.get("recipients"))
    story.extend(_part(
        "1. Indhentning – vi må hente oplysninger hos andre",
        "Med dit samtykke må vi spørge de steder, du sætter kryds ved eller skriver, om "
        "oplysninger, der er nødvendige for at hjælpe dig med bolig og støtte "
        "(retssikkerhedsloven § 11 a).", "Hvem vi må hente oplysninger hos",
        snapshot, list(recipients.get("indhentning") or [])))
    story.extend(_part(
        "2. Videregivelse – vi må give oplysninger videre",
        "Med dit samtykke må vi give oplysninger om dig videre til dem, du sætter kryds ved "
        "eller skriver – kun det, der står her, og kun til det formål (forvaltningsloven § 28).",
        "Hvem vi må give oplysninger til", snapshot,
        list(recipients.get("videregivelse") or [])))
    story.append(Paragraph("Noteres af medarbejderen", st["H2"]))
    story.append(key_value_table([("Givet", f"{BOX} skriftligt   {BOX} mundtligt"),
                                  ("Noteret af", None), ("Hvad den unge fik at vide", None)],
                                 missing=" "))
    return build_pdf(spec, story)
