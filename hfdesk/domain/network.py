"""Netværk og netværksmøder: validation and derived facts. No I/O.

Records (validated here, stored by `hfdesk.store.network` and `hfdesk.store.meetings`):
- network_person       someone around the young person: a private person, a professional linked
                       from the actors register, a peer worker, or a legal role (værge,
                       fuldmagtshaver, bisidder) with scope and expiry; closeness; what the person
                       brings and what is hard, in the young person's words; contact permission
                       with its date (see `hfdesk.permissions`);
- network_meeting      date and time, place or video link, purpose, agenda, interpreter, the
                       young person's wishes, approval of the minutes, the next meeting;
- meeting_participant  who was invited (from the network or the actors register), "valgt af den
                       unge", attendance;
- meeting_agreement    what, who, by when; tracked until done;
- meeting_goal_review  a goal reviewed (linked to a plan goal once plans exist).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from hfdesk.domain.dates import fmt, parse_date, parse_time, to_date
from hfdesk.domain.housing_search import F, _field
from hfdesk.errors import ValidationError

NEXT_MEETING_MONTHS = 3
NO_MEETING_DAYS = 92  # "hver tredje måned" [000 L1552–1554]
AGREEMENT_SOON = timedelta(days=14)
PERSON_TYPES = ("private", "professional", "peer", "legal")
AGREEMENT_STATUSES = ("open", "done", "dropped")
# Interpreters are never family or children (DOMAIN §13).
FAMILY_RELATIONS = frozenset({"mother", "father", "parent", "sibling", "grandparent",
                              "uncle_aunt", "partner", "foster_family", "custody_holder"})

PERSON = {
    "person_type": F("code", "Persontypen"),
    "name": F("text", "Navnet", required=True, max=200),
    "relation": F("code", "Relationen", "network_relation"),
    "actor_id": F("id", "Aktøren"),
    "actor_type": F("text", "Aktørtypen", max=100),
    "organisation": F("text", "Organisationen", max=200),
    "legal_role": F("code", "Den juridiske rolle", "legal_role"),
    "legal_scope": F("text", "Omfanget", max=500),
    "legal_expires": F("date", "Udløbsdatoen"),
    "custody_holder": F("bool", "Har forældremyndigheden"),
    "closeness": F("code", "Hvor tæt", "closeness"),
    "brings": F("note", "Hvad personen giver (med den unges ord)", max=2000),
    "hard": F("note", "Hvad der er svært (med den unges ord)", max=2000),
    "phone": F("text", "Telefonnummeret", max=50),
    "email": F("text", "E-mailen", max=200),
    "notes": F("note", "Noterne", max=5000),
    "contact_permission": F("code", "Kontakttilladelsen", "contact_permission"),
    "permission_date": F("date", "Datoen for kontakttilladelsen"),
    "removed_date": F("date", "Fjernet fra netværket"),
}
MEETING = {
    "meeting_date": F("date", "Mødets dato", required=True),
    "meeting_time": F("text", "Klokkeslættet", max=5),
    "place": F("text", "Stedet", max=500),
    "video_link": F("text", "Videolinket", max=1000),
    "purpose": F("note", "Formålet", max=2000),
    "agenda": F("note", "Dagsordenen", max=5000),
    "youth_wishes": F("note", "Den unges ønsker til mødet", max=5000),
    "youth_attendance": F("code", "Den unges deltagelse", "meeting_attendance"),
    "interpreter_language": F("text", "Tolkens sprog", max=100),
    "interpreter_name": F("text", "Tolkens navn", max=200),
    "interpreter_booked": F("bool", "Tolken er bestilt"),
    "interpreter_mode": F("code", "Tolkens deltagelse", "interpreter_mode"),
    "held": F("bool", "Mødet er holdt"),
    "minutes_approved": F("bool", "Den unge har godkendt referatet"),
    "approved_date": F("date", "Godkendt dato"),
    "youth_remarks": F("note", "Den unges bemærkninger til referatet", max=5000),
    "next_meeting_date": F("date", "Næste møde"),
    "notes": F("note", "Noterne", max=20000),
}
PARTICIPANT = {
    "person_id": F("id", "Personen"),
    "actor_id": F("id", "Aktøren"),
    "name": F("text", "Navnet", max=200),
    "role": F("text", "Rollen", max=200),
    "chosen_by_youth": F("bool", "Valgt af den unge"),
    "consent_given": F("bool", "Den unge har sagt ja til at sende"),
    "consent_date": F("date", "Datoen for ja"),
    "attendance": F("code", "Deltagelsen", "meeting_attendance"),
}
AGREEMENT = {
    "what": F("note", "Aftalen", required=True, max=2000),
    "owner_name": F("text", "Hvem", max=200),
    "owner_person_id": F("id", "Hvem (netværk)"),
    "owner_actor_id": F("id", "Hvem (aktør)"),
    "owner_is_youth": F("bool", "Den unge selv"),
    "due_date": F("date", "Senest"),
    "status": F("code", "Status"),
    "done_date": F("date", "Færdig dato"),
    "done_meeting_id": F("id", "Mødet"),
    "meeting_id": F("id", "Mødet"),
}
GOAL_REVIEW = {
    "plan_goal_id": F("id", "Planmålet"),
    "goal": F("text", "Målet", required=True, max=500),
    "review": F("note", "Opfølgningen", max=5000),
}
SPECS = {"network_person": PERSON, "network_meeting": MEETING,
         "meeting_participant": PARTICIPANT, "meeting_agreement": AGREEMENT,
         "meeting_goal_review": GOAL_REVIEW}
_LOCAL_CODES = {"person_type": PERSON_TYPES, "status": AGREEMENT_STATUSES}


def validate(kind: str, data: Mapping[str, Any], *, vocab: Any = None, partial: bool = False,
             current: Mapping[str, Any] | None = None,
             context: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Clean one record's fields into stored columns. Raises ValidationError (Danish)."""
    spec = SPECS[kind]
    keys = [k for k in spec if k in data] if partial else list(spec)
    out: dict[str, Any] = {}
    for key in keys:
        value = data.get(key)
        if key in _LOCAL_CODES:
            if value in (None, ""):
                continue
            if value not in _LOCAL_CODES[key]:
                raise ValidationError(f"{spec[key].label}: vælg en værdi fra listen.", field=key)
            out[key] = str(value)
            continue
        col, val = _field(key, spec[key], value, vocab, None)
        out[col] = val
    merged = {**(current or {}), **out}
    CHECKS[kind](merged, out, dict(context or {}), bool(partial))
    return out


def check_link(value: Any) -> str | None:
    """A video link must be a web address (https://…); anything else is refused in Danish."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    parsed = urlparse(text)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or " " in text \
            or "." not in parsed.netloc:
        raise ValidationError(
            f"Videolinket «{text[:40]}» er ikke et link. Kopiér hele adressen fra "
            "mødeinvitationen, så den begynder med https://.", field="video_link")
    return text


def _check_person(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                  partial: bool) -> None:
    if not partial:
        out.setdefault("person_type", rec.get("person_type") or "private")
        rec.setdefault("person_type", out["person_type"])
        if not rec.get("contact_permission"):
            out["contact_permission"] = rec["contact_permission"] = "ask_first"
    if rec.get("person_type") == "professional" and not rec.get("actor_id") and \
            not rec.get("organisation"):
        raise ValidationError("En fagperson vælges fra aktørregistret, eller skriv "
                              "organisationen.", field="actor_id")
    if rec.get("person_type") == "legal" and not rec.get("legal_role"):
        raise ValidationError("Vælg den juridiske rolle (værge, fuldmagtshaver eller bisidder).",
                              field="legal_role")
    if rec.get("relation") == "custody_holder" and not rec.get("custody_holder"):
        out["custody_holder"] = rec["custody_holder"] = True
    if out.get("contact_permission") and not rec.get("permission_date"):
        out["permission_date"] = rec["permission_date"] = (ctx.get("today")
                                                           or date.today()).isoformat()
    for key in ("custody_holder",):
        if key in out and out[key] is None:
            out[key] = False


def combine(day: Any, time_text: Any) -> str:
    """Date and "14.30" → ISO "2026-03-12T14:30" (local time, minutes)."""
    d = day if isinstance(day, date) else to_date(day)
    assert d is not None
    hm = parse_time(time_text, field="meeting_time") if time_text not in (None, "") else None
    h, m = hm if hm else (0, 0)
    return datetime(d.year, d.month, d.day, h, m).isoformat(timespec="minutes")


def _check_meeting(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                   partial: bool) -> None:
    if "video_link" in out:
        out["video_link"] = rec["video_link"] = check_link(out["video_link"])
    if "meeting_date" in out or "meeting_time" in out:
        day = out.get("meeting_date") or rec.get("meeting_date") or \
            (str(rec.get("meeting_at") or "")[:10] or None)
        if not day:
            raise ValidationError("Mødets dato skal udfyldes (fx 12.03.2026).",
                                  field="meeting_date")
        time_text = out.get("meeting_time")
        if time_text is None and rec.get("meeting_at") and "meeting_time" not in out:
            time_text = str(rec["meeting_at"])[11:16].replace(":", ".") or None
        out["meeting_at"] = rec["meeting_at"] = combine(day, time_text)
    out.pop("meeting_date", None)
    out.pop("meeting_time", None)
    when = to_date(rec.get("meeting_at"))
    start = to_date(ctx.get("course_start"))
    if when and start and when < start:
        raise ValidationError(
            f"Mødet ({fmt(when)}) ligger før forløbets start ({fmt(start)}). Tjek datoen, eller "
            "vælg det rigtige forløb. Det, du har skrevet, er bevaret.", field="meeting_date")
    if when and not partial and not rec.get("next_meeting_date"):
        out["next_meeting_date"] = rec["next_meeting_date"] = next_meeting(when).isoformat()
    nxt = to_date(rec.get("next_meeting_date"))
    if when and nxt and nxt <= when:
        raise ValidationError(f"Næste møde ({fmt(nxt)}) skal ligge efter dette møde "
                              f"({fmt(when)}).", field="next_meeting_date")
    if rec.get("interpreter_language") and rec.get("interpreter_name"):
        family = ctx.get("family_names") or ()
        name = str(rec["interpreter_name"]).strip().casefold()
        if name in {str(n).strip().casefold() for n in family}:
            raise ValidationError(
                f"{rec['interpreter_name']} er i den unges familie. En tolk må aldrig være "
                "familie eller børn: bestil en professionel tolk.", field="interpreter_name")
    if rec.get("minutes_approved") and not rec.get("approved_date"):
        out["approved_date"] = rec["approved_date"] = (ctx.get("today")
                                                       or date.today()).isoformat()
    for key in ("interpreter_booked", "held", "minutes_approved"):
        if key in out and out[key] is None:
            out[key] = False


def _check_participant(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                       partial: bool) -> None:
    if not rec.get("person_id") and not rec.get("actor_id") and not rec.get("name"):
        raise ValidationError("Vælg en person fra netværket eller aktørregistret.",
                              field="person_id")
    if rec.get("consent_given") and not rec.get("consent_date"):
        out["consent_date"] = rec["consent_date"] = (ctx.get("today")
                                                     or date.today()).isoformat()
    for key in ("chosen_by_youth", "consent_given"):
        if key in out and out[key] is None:
            out[key] = False


def _check_agreement(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                     partial: bool) -> None:
    if not (rec.get("owner_name") or rec.get("owner_person_id") or rec.get("owner_actor_id")
            or rec.get("owner_is_youth")):
        raise ValidationError("Skriv hvem der har ansvaret for aftalen. En aftale uden en "
                              "ansvarlig bliver ikke fulgt op. Det, du har skrevet, er bevaret.",
                              field="owner_name")
    if not partial and not rec.get("status"):
        out["status"] = rec["status"] = "open"
    if rec.get("status") == "done" and not rec.get("done_date"):
        out["done_date"] = rec["done_date"] = (ctx.get("today") or date.today()).isoformat()
    if rec.get("status") == "open" and rec.get("done_date") and "status" in out:
        out["done_date"] = rec["done_date"] = None
    if "owner_is_youth" in out and out["owner_is_youth"] is None:
        out["owner_is_youth"] = False


def _check_goal(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                partial: bool) -> None:
    return None


CHECKS = {"network_person": _check_person, "network_meeting": _check_meeting,
          "meeting_participant": _check_participant, "meeting_agreement": _check_agreement,
          "meeting_goal_review": _check_goal}


def next_meeting(held_on: date, months: int = NEXT_MEETING_MONTHS) -> date:
    """Three months ahead by default; the 31st falls back to the month's last day."""
    y, m = divmod(held_on.month - 1 + months, 12)
    year, month = held_on.year + y, m + 1
    day = held_on.day
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def agreement_overdue(a: Mapping[str, Any], today: date) -> bool:
    due = to_date(a.get("due_date"))
    return a.get("status") == "open" and due is not None and due < today


def concerns(a: Mapping[str, Any], person_id: str) -> bool:
    """Does an agreement concern this person (network person or actor id)?"""
    return person_id in (a.get("owner_person_id"), a.get("owner_actor_id"))



def parse_meeting_date(text: Any) -> date | None:
    return parse_date(text, field="meeting_date") if not isinstance(text, date) else text
