"""Samtykker (consents): validation and the derived state. No I/O.

A consent is one of two kinds (DOMAIN §13): ``indhentning`` — collecting information from others
(retssikkerhedsloven § 11 a) — or ``videregivelse`` — passing information on outside the
authority (forvaltningsloven § 28). It names its recipients (from whom / to whom), its scope
(areas; from the opsporing only released items ever leave), who gave it (the young person, or a
custody holder for an under-18, recorded separately), its form (written, or oral and noted by
whom, with what the person was told), its date and its expiry. Consent is never the basis for the
authority's own case handling, so nothing here is checked for that.

A custody holder's consent lapses the day the young person turns 18; a withdrawal takes effect
at once (`hfdesk.disclosure` reads the state at the moment of sending, not of drafting).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hfdesk.domain.courses import add_months
from hfdesk.domain.dates import age_on, fmt, parse_date, to_date
from hfdesk.domain.text import NAME_MAX, NOTE_MAX, clean
from hfdesk.errors import ValidationError

KINDS = ("indhentning", "videregivelse")
GIVEN_BY = ("youth", "custody_holder")
FORMS = ("written", "oral")
SCOPES = ("course", "plan", "housing", "economy", "network", "screening", "journal")
DEFAULT_MONTHS = 12
EXPIRING_DAYS = 30
MAX_RECIPIENTS = 20
KIND_LABELS = {"indhentning": "indhentning af oplysninger",
               "videregivelse": "videregivelse af oplysninger"}


def _day(value: Any, field: str, today: date) -> date | None:
    if isinstance(value, date):
        return value
    return parse_date(value, field=field, today=today)


def eighteenth_birthday(birth: date | None) -> date | None:
    if birth is None:
        return None
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # born 29 February
        return date(birth.year + 18, 3, 1)


def default_expiry(given: date, course_end: date | None = None) -> date:
    """The course end, or 12 months after the consent was given, whichever comes first."""
    twelve = add_months(given, DEFAULT_MONTHS)
    if course_end and given <= course_end < twelve:
        return course_end
    return twelve


def _recipients(value: Any) -> list[dict[str, str]]:
    if value in (None, "", []):
        return []
    if isinstance(value, Mapping) or isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ValidationError("Modtagerne skal angives som en liste.", field="recipients")
    out: list[dict[str, str]] = []
    for item in value:
        if isinstance(item, str):
            item = {"name": item}
        if not isinstance(item, Mapping):
            raise ValidationError("En modtager skal have et navn.", field="recipients")
        name = clean(item.get("name"), field="recipients", label="Modtagerens navn",
                     max_len=NAME_MAX)
        actor = clean(item.get("actor_id"), field="recipients", label="Aktør", max_len=64)
        if not name and not actor:
            continue
        entry = {"name": name or ""}
        if actor:
            entry["actor_id"] = actor
        org = clean(item.get("organisation"), field="recipients", label="Organisation",
                    max_len=NAME_MAX)
        if org:
            entry["organisation"] = org
        out.append(entry)
    if len(out) > MAX_RECIPIENTS:
        raise ValidationError(f"Højst {MAX_RECIPIENTS} modtagere i ét samtykke. Lav et samtykke "
                              "mere til resten.", field="recipients")
    return out


def _scope(value: Any) -> list[str]:
    if value in (None, "", []):
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError("Vælg de områder, samtykket omfatter.", field="scope")
    out = []
    for code in value:
        if code not in SCOPES:
            raise ValidationError("Vælg områderne fra listen.", field="scope")
        if code not in out:
            out.append(code)
    return [c for c in SCOPES if c in out]


def validate(data: Mapping[str, Any], *, today: date | None = None,
             birth_date: date | None = None, course_end: date | None = None) -> dict[str, Any]:
    """Clean a new consent. Raises ValidationError (Danish, names the field) and writes nothing.

    `birth_date` decides whether a custody holder may consent (only for an under-18);
    `course_end` is the default expiry when it comes before 12 months.
    """
    today = today or date.today()
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValidationError("Vælg om samtykket gælder indhentning eller videregivelse.",
                              field="kind")
    given_by = data.get("given_by") or "youth"
    if given_by not in GIVEN_BY:
        raise ValidationError("Vælg hvem der har givet samtykket: den unge eller en "
                              "forældremyndighedsindehaver.", field="given_by")
    form = data.get("form")
    if form not in FORMS:
        raise ValidationError("Vælg om samtykket er givet skriftligt eller mundtligt.",
                              field="form")
    given = _day(data.get("given_date"), "given_date", today)
    if given is None:
        raise ValidationError("Skriv datoen, samtykket blev givet.", field="given_date")
    if given > today:
        raise ValidationError(
            f"Et samtykke kan ikke være givet i fremtiden ({fmt(given)}). Skriv den dato, hvor "
            "samtykket faktisk blev givet, og registrér det først, når det er givet.",
            field="given_date")
    custody_name = clean(data.get("custody_holder_name"), field="custody_holder_name",
                         label="Forældremyndighedsindehaverens navn", max_len=NAME_MAX)
    if given_by == "custody_holder":
        if not custody_name:
            raise ValidationError("Skriv navnet på den forældremyndighedsindehaver, der har givet "
                                  "samtykket.", field="custody_holder_name")
        age = age_on(birth_date, given)
        if age is not None and age >= 18:
            raise ValidationError(
                "Den unge var fyldt 18, da samtykket blev givet. En forældremyndighedsindehaver "
                "kan kun give samtykke for en under 18; det er den unge selv, der skal give det.",
                field="given_by")
    else:
        custody_name = None
    recipients = _recipients(data.get("recipients"))
    if not recipients:
        who = "hvem oplysningerne må indhentes fra" if kind == "indhentning" else \
            "hvem oplysningerne må videregives til"
        raise ValidationError(f"Skriv {who}.", field="recipients")
    scope = _scope(data.get("scope"))
    if not scope:
        raise ValidationError("Vælg mindst ét område, samtykket omfatter.", field="scope")
    noted_by = clean(data.get("noted_by"), field="noted_by", label="Noteret af",
                     max_len=NAME_MAX)
    if form == "oral" and not noted_by:
        raise ValidationError("Et mundtligt samtykke skal noteres: skriv hvem der noterede det.",
                              field="noted_by")
    told = clean(data.get("told"), field="told", label="Hvad personen fik at vide",
                 max_len=NOTE_MAX, multiline=True)
    if form == "oral" and not told:
        raise ValidationError("Skriv kort, hvad personen fik at vide om samtykket (hvad, til "
                              "hvem, hvor længe, og at det kan trækkes tilbage).", field="told")
    expires = _day(data.get("expires"), "expires", today) if data.get("expires") else None
    if expires is None:
        expires = default_expiry(given, course_end)
    if expires <= given:
        raise ValidationError("Udløbsdatoen skal ligge efter datoen, samtykket blev givet.",
                              field="expires")
    if expires > add_months(given, 36):
        raise ValidationError("Et samtykke kan højst gælde i tre år. Forny det hellere "
                              "sammen med den unge.", field="expires")
    return {
        "kind": kind, "given_by": given_by, "custody_holder_name": custody_name,
        "recipients": recipients, "scope": scope,
        "purpose": clean(data.get("purpose"), field="purpose", label="Formål", max_len=500),
        "form": form, "noted_by": noted_by, "told": told,
        "given_date": given.isoformat(), "expires": expires.isoformat(),
        "notes": clean(data.get("notes"), field="notes", label="Noter", max_len=NOTE_MAX,
                       multiline=True),
    }


def validate_withdrawal(consent: Mapping[str, Any], when: Any, *,
                        today: date | None = None) -> date:
    today = today or date.today()
    d = _day(when, "withdrawn_date", today) or today
    if consent.get("withdrawn_date"):
        raise ValidationError(f"Samtykket er allerede trukket tilbage "
                              f"({fmt(consent.get('withdrawn_date'))}).", field="withdrawn_date")
    if d > today:
        raise ValidationError("En tilbagetrækning registreres, når den sker: datoen kan ikke "
                              "ligge i fremtiden.", field="withdrawn_date")
    given = to_date(consent.get("given_date"))
    if given and d < given:
        raise ValidationError("Samtykket kan ikke være trukket tilbage, før det blev givet.",
                              field="withdrawn_date")
    return d


# --- state ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ConsentState:
    code: str        # active | expired | withdrawn | lapsed_18
    label: str       # Danish, for lists and refusals
    ends: date | None  # the day it stops counting (exclusive end: valid while today < ends)

    @property
    def active(self) -> bool:
        return self.code == "active"


def effective_end(consent: Mapping[str, Any], birth_date: date | None) -> date | None:
    """The first day the consent no longer counts: the day after expiry, the withdrawal, or —
    for a custody holder's consent — the 18th birthday, whichever comes first."""
    ends = []
    expires = to_date(consent.get("expires"))
    if expires:
        ends.append(expires + timedelta(days=1))
    withdrawn = to_date(consent.get("withdrawn_date"))
    if withdrawn:
        ends.append(withdrawn)
    if consent.get("given_by") == "custody_holder":
        eighteen = eighteenth_birthday(birth_date)
        if eighteen:
            ends.append(eighteen)
    return min(ends) if ends else None


def state(consent: Mapping[str, Any], *, birth_date: date | None = None,
          today: date | None = None) -> ConsentState:
    today = today or date.today()
    withdrawn = to_date(consent.get("withdrawn_date"))
    end = effective_end(consent, birth_date)
    if withdrawn and withdrawn <= today:
        return ConsentState("withdrawn", f"Trukket tilbage {fmt(withdrawn)}", end)
    eighteen = eighteenth_birthday(birth_date)
    if consent.get("given_by") == "custody_holder" and eighteen and eighteen <= today:
        return ConsentState("lapsed_18", f"Bortfaldet – den unge fyldte 18 {fmt(eighteen)}", end)
    if end and end <= today:
        return ConsentState("expired", f"Udløbet {fmt(consent.get('expires'))}", end)
    return ConsentState("active", f"Gælder til {fmt(end - timedelta(days=1)) if end else '–'}",
                        end)


def _norm(name: Any) -> str:
    return " ".join(str(name or "").casefold().split())


def names_recipient(consent: Mapping[str, Any], recipient: Mapping[str, Any]) -> bool:
    """Does the consent name this recipient (by actor id, or by name when no id is known)?"""
    actor = recipient.get("actor_id") or recipient.get("id")
    name = _norm(recipient.get("name"))
    org = _norm(recipient.get("organisation"))
    for r in consent.get("recipients") or []:
        if actor and r.get("actor_id") == actor:
            return True
        rn = _norm(r.get("name"))
        if rn and rn in (name, org):
            return True
    return False


def missing_scope(consent: Mapping[str, Any], areas: Iterable[str]) -> list[str]:
    have = set(consent.get("scope") or [])
    return [a for a in areas if a not in have]


def covering(consents: Sequence[Mapping[str, Any]], recipient: Mapping[str, Any],
             areas: Sequence[str], *, birth_date: date | None = None,
             today: date | None = None) -> tuple[Mapping[str, Any] | None, list[str]]:
    """(the consent covering a videregivelse to `recipient` of `areas`, or None; why not)."""
    today = today or date.today()
    why: list[str] = []
    for c in consents:
        if c.get("kind") != "videregivelse":
            continue
        if not names_recipient(c, recipient):
            continue
        st = state(c, birth_date=birth_date, today=today)
        if not st.active:
            why.append(f"samtykket fra {fmt(c.get('given_date'))} er {st.label.lower()}")
            continue
        gaps = missing_scope(c, areas)
        if gaps:
            why.append(f"samtykket fra {fmt(c.get('given_date'))} omfatter ikke "
                       + ", ".join(SCOPE_LABELS.get(g, g) for g in gaps))
            continue
        return c, []
    return None, why


SCOPE_LABELS = {"course": "forløb og støtte", "plan": "plan og mål",
                "housing": "bolig og lejeforhold", "economy": "økonomi og ydelser",
                "network": "netværk og aftaler", "screening": "frigivne punkter fra opsporingen",
                "journal": "journalnotater"}
