"""«Sådan bruger vi dine oplysninger»: the duty to inform (GDPR art. 13 and 14) in plain Danish
for a young person, to hand over at the first meeting or after a referral they did not know of.

No citizen data: it needs no store (the municipality's name is filled in when known). A neutral
letterhead, because it goes home with the young person.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from hfdesk.documents.layout import (
    PageSpec,
    build_pdf,
    clean_text,
    markup,
    para,
    styles,
)

__all__ = ["TITLE", "build_info_sheet"]

TITLE = "Sådan bruger vi dine oplysninger"

SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hvem er vi?", (
        "{org} har ansvaret for de oplysninger, vi skriver om dig (vi er «dataansvarlige»). "
        "Din kontaktperson er den medarbejder, der har givet dig dette papir.",)),
    ("Hvad skriver vi ned?", (
        "Det, der er nødvendigt for at hjælpe dig med en bolig og med støtte: dit navn, "
        "CPR-nummer, hvordan du kan kontaktes, hvor du bor nu, din plan og dine mål, aftaler, "
        "hvem der er i dit netværk, og korte notater fra vores møder.",
        "Nogle oplysninger er følsomme, fx om helbred. Dem skriver vi kun, når det er "
        "nødvendigt, og så skriver vi, hvem der har sagt det.")),
    ("Hvorfor?", (
        "For at kunne give dig den støtte, du har ret til efter serviceloven eller barnets lov. "
        "Det er kommunens opgave, og derfor må vi behandle oplysningerne (databeskyttelses"
        "forordningen artikel 6, stk. 1, litra e, og artikel 9, stk. 2, litra b og h).",)),
    ("Hvor kommer oplysningerne fra?", (
        "Mest fra dig. Nogle gange fra andre – fx jobcentret, en boligorganisation eller en, der "
        "har kontaktet os, fordi de var bekymrede for dig. Så fortæller vi dig det. Vi henter "
        "kun oplysninger hos andre, når du har sagt ja, eller når loven giver lov.",)),
    ("Hvem får oplysningerne?", (
        "Vi giver kun oplysninger videre til andre uden for kommunen, når du har givet "
        "samtykke, eller når loven kræver eller tillader det – fx hvis vi er bekymrede for et "
        "barn eller en ung under 18 (underretningspligt). Vi skriver altid ned, hvad vi har "
        "sendt, til hvem og hvorfor.",)),
    ("Hvor længe gemmer vi dem?", (
        "Så længe vi hjælper dig. Når forløbet er slut, bliver det vigtige gemt i kommunens "
        "journal efter reglerne, og vores arbejdskopi bliver slettet.",)),
    ("Dine rettigheder", (
        "Du må se, hvad vi har skrevet om dig, og hvem der har kigget i det (indsigt).",
        "Du kan bede os rette noget, der er forkert, og gøre indsigelse mod det, vi gør.",
        "Du kan altid trække et samtykke tilbage. Så gælder det fra den dag.",
        "Er du utilfreds, kan du klage til Datatilsynet (www.datatilsynet.dk). Kommunen har "
        "også en databeskyttelsesrådgiver, du kan kontakte.")),
    ("Spørg os", (
        "Hvis der er noget, du ikke forstår, så spørg. Du må gerne tage en, du stoler på, med.",)),
)


def build_info_sheet(snapshot: Mapping[str, Any] | None = None, *, locale: str = "da",
                     options: Mapping[str, Any] | None = None) -> bytes:
    snapshot = snapshot or {}
    org = clean_text(snapshot.get("organisation"), True) or "Kommunen"
    printed = snapshot.get("printed_at")
    spec = PageSpec(organisation=org, title=TITLE, confidential=False, neutral=True,
                    printed_at=printed if isinstance(printed, datetime) else None,
                    demo=bool(snapshot.get("demo")), language=locale,
                    subject="Oplysningspligt (databeskyttelsesforordningen art. 13 og 14)",
                    neutral_heading="Til dig")
    st = styles()
    story: list[Flowable] = [Paragraph(markup(TITLE), st["Title"])]
    story.append(para("Når vi hjælper dig, skriver vi nogle ting ned om dig. Her kan du læse, "
                      "hvad vi skriver, hvorfor, og hvad du selv bestemmer.", "Body"))
    for heading, paragraphs in SECTIONS:
        story.append(Paragraph(markup(heading), st["H2"]))
        for text in paragraphs:
            story.append(para(text.replace("{org}", org), "Body"))
    story.append(para("Kommune og kontaktperson: ______________________________________",
                      "Body"))
    return build_pdf(spec, story)
