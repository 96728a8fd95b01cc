"""Henvendelser (referrals), underretninger and contact attempts: validation and deadlines. No I/O.

A henvendelse exists before, or without, a course. Rules that follow from the law (DOMAIN §13):

- A henvendelse from a professional about someone under 18 is an **underretning** (Barnets lov
  kap. 16). It is marked as one on entry, cannot be unmarked while that holds, and cannot be
  closed (given an outcome) until its forwarding to Børn og Familie is recorded (date, how,
  receipt). The worker's own underretninger (§ 133, also about a young person's own or expected
  child) are logged the same way. Nothing here looks at consent or contact permission: they never
  block an underretning.
- If the person did not know of the henvendelse, a date to inform them is set (GDPR art. 14).
- No contact attempt after 3 working days, or no outcome after 14 days: the henvendelse waits.
- Never became a course: listed for deletion 6 months after it came in — except underretninger,
  which stay until their forwarding is recorded and they are marked transferred to the journal.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from hfdesk.domain import cpr as cprmod
from hfdesk.domain.courses import add_months
from hfdesk.domain.dates import age_on, fmt, parse_date, to_date
from hfdesk.domain.text import NAME_MAX, NOTE_MAX, clean, flag
from hfdesk.errors import ValidationError
from hfdesk.vocab.parse import is_code

OUTCOMES = ("course_started", "declined", "no_contact", "short_advice_person", "advice_referrer",
            "passed_on", "outside_target_group", "open_counselling")
ADVICE_OUTCOMES = frozenset({"short_advice_person", "advice_referrer", "open_counselling"})
CHANNELS = ("home_visit", "phone", "sms", "mail", "other_place", "returned", "other")
# received: a professional's concern about someone under 18; own: the worker's own (§ 133);
# own_child: the worker's own, about a young person's own or expected child.
UNDERRETNING_KINDS = ("received", "own", "own_child")
NON_PROFESSIONAL_SOURCES = frozenset({"self_referral"})
MAX_DOMAINS = 50
CONTACT_WORKING_DAYS = 3
OUTCOME_DAYS = 14
DELETE_AFTER_MONTHS = 6
ADULT_AGE = 18

FIELDS = ("received_date", "person_name", "person_cpr", "person_phone", "person_age",
          "person_birth_date", "source", "source_text", "referrer_actor_id", "referrer_name",
          "from_professional", "underretning", "concern_domains", "concern_other",
          "description", "person_knows", "inform_by", "informed_date", "outcome",
          "outcome_date", "outcome_text", "onward_actor_id", "notes")
_DATES = {"received_date": "Modtaget", "person_birth_date": "Fødselsdato",
          "inform_by": "Oplyses senest", "informed_date": "Oplyst den",
          "outcome_date": "Udfaldsdato"}


def _date(value: Any, key: str, today: date) -> str | None:
    d = value if isinstance(value, date) else parse_date(value, field=key, today=today)
    return d.isoformat() if d else None


def _tristate(value: Any) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().lower() in {"unknown", "ved ikke", "none"}:
        return None
    return flag(value)


def _age(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        n = int(str(value).strip())
    except ValueError as exc:
        raise ValidationError("Skriv alderen i hele år, fx 17.", field="person_age") from exc
    if not 0 <= n <= 120:
        raise ValidationError("Alderen skal være mellem 0 og 120 år.", field="person_age")
    return n


def _domains(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        value = [v for v in value.replace(";", ",").split(",")]
    if not isinstance(value, list | tuple | set | frozenset):
        raise ValidationError("Bekymringsdomænerne skal angives som en liste.",
                              field="concern_domains")
    out: list[str] = []
    for v in value:
        code = str(v).strip()
        if not code:
            continue
        # An unknown but well-formed code (a municipality's own, an old import) is kept.
        if not is_code(code):
            raise ValidationError(f"«{code[:40]}» er ikke et domæne. Vælg domæner fra listen.",
                                  field="concern_domains")
        if code not in out:
            out.append(code)
    if len(out) > MAX_DOMAINS:
        raise ValidationError(f"Højst {MAX_DOMAINS} domæner.", field="concern_domains")
    return out


def validate(data: Mapping[str, Any], *, partial: bool = False,
             current: Mapping[str, Any] | None = None, today: date | None = None,
             sources: frozenset[str] | None = None,
             outcomes: frozenset[str] | None = None) -> dict[str, Any]:
    """Clean a henvendelse's fields; the rules across fields are checked on the merged record.
    Returns the values to store (with person_cpr_digits when the CPR was given)."""
    today = today or date.today()
    keys = [k for k in FIELDS if k in data] if partial else list(FIELDS)
    out: dict[str, Any] = {}
    for key in keys:
        v = data.get(key)
        if key in _DATES:
            if key == "person_birth_date" and v in (None, "") and out.get(key):
                continue  # taken from the CPR number just above
            out[key] = _date(v, key, today)
        elif key == "person_name":
            out[key] = clean(v, field=key, label="Navn", max_len=NAME_MAX)
        elif key == "person_cpr":
            try:
                parsed = cprmod.parse(None if v is None else str(v), today=today)
            except ValidationError as exc:
                raise ValidationError(exc.message, field=key) from exc
            out[key] = parsed.formatted if parsed else None
            out["person_cpr_digits"] = parsed.digits if parsed else None
            if parsed and parsed.birth_date and not data.get("person_birth_date") \
                    and not (current or {}).get("person_birth_date"):
                out["person_birth_date"] = parsed.birth_date.isoformat()
        elif key == "person_phone":
            p = clean(v, field=key, label="Telefon", max_len=40)
            if p and not any(c.isdigit() for c in p):
                raise ValidationError("Telefonnummeret skal indeholde cifre.", field=key)
            out[key] = p
        elif key == "person_age":
            out[key] = _age(v)
        elif key == "source":
            code = str(v or "").strip()
            if not code or (sources is not None and code not in sources) or not is_code(code):
                raise ValidationError("Vælg hvor henvendelsen kom fra.", field=key)
            out[key] = code
        elif key == "outcome":
            code = str(v or "").strip() or None
            if code is not None and (not is_code(code)
                                     or code not in (outcomes or frozenset(OUTCOMES))):
                raise ValidationError("Vælg et udfald fra listen.", field=key)
            out[key] = code
        elif key == "underretning":
            kind = str(v or "").strip() or None
            if kind is not None and kind not in UNDERRETNING_KINDS:
                raise ValidationError("Vælg om det er en modtaget underretning eller din egen.",
                                      field=key)
            out[key] = kind
        elif key == "from_professional":
            out[key] = flag(v) if v is not None else None
        elif key == "person_knows":
            out[key] = _tristate(v)
        elif key == "concern_domains":
            out[key] = _domains(v)
        elif key in ("referrer_actor_id", "onward_actor_id"):
            out[key] = str(v).strip() or None if v else None
        elif key in ("description", "notes", "outcome_text"):
            out[key] = clean(v, field=key, label={"description": "Beskrivelsen",
                                                  "notes": "Noter",
                                                  "outcome_text": "Teksten om udfaldet"}[key],
                             max_len=NOTE_MAX, multiline=True)
        elif key == "source_text":
            out[key] = clean(v, field=key, label="Teksten om kilden", max_len=500)
        elif key == "concern_other":
            out[key] = clean(v, field=key, label="Teksten om andet", max_len=500)
        else:  # referrer_name
            out[key] = clean(v, field=key, label="Henviserens navn", max_len=NAME_MAX)
    merged = {**(current or {}), **out}
    if merged.get("from_professional") is None:
        merged["from_professional"] = merged.get("source") not in NON_PROFESSIONAL_SOURCES
        if "from_professional" in keys or not partial:
            out["from_professional"] = merged["from_professional"]
    _check(merged, out, keys, today, partial)
    return out


def under_18(ref: Mapping[str, Any], on: date | None = None) -> bool | None:
    """Whether the person was under 18 when the henvendelse came in; None when unknown."""
    received = to_date(ref.get("received_date")) or on or date.today()
    birth = to_date(ref.get("person_birth_date"))
    if birth is None and ref.get("person_cpr_digits"):
        try:
            parsed = cprmod.parse(str(ref["person_cpr_digits"]))
        except ValidationError:
            parsed = None
        birth = parsed.birth_date if parsed else None
    if birth is not None:
        age = age_on(birth, received)
        return age is not None and age < ADULT_AGE
    if ref.get("person_age") not in (None, ""):
        return int(ref["person_age"]) < ADULT_AGE
    return None


def must_be_underretning(ref: Mapping[str, Any]) -> bool:
    """A professional's henvendelse about someone under 18 is an underretning by law."""
    return bool(ref.get("from_professional")) and under_18(ref) is True


def _check(merged: dict[str, Any], out: dict[str, Any], keys: list[str], today: date,
           partial: bool) -> None:
    received = to_date(merged.get("received_date"))
    if "received_date" in keys and received is None:
        raise ValidationError("Skriv datoen, henvendelsen kom ind.", field="received_date")
    if received and received > today + timedelta(days=1):
        raise ValidationError(f"Modtaget-datoen ({fmt(received)}) ligger i fremtiden. "
                              "Skriv den dag, henvendelsen kom ind.", field="received_date")
    if merged.get("source") == "other" and not merged.get("source_text"):
        raise ValidationError("Skriv hvem henvendelsen kom fra, når kilden er «Andet».",
                              field="source_text")
    if "other" in (merged.get("concern_domains") or []) and not merged.get("concern_other"):
        raise ValidationError("Skriv hvad bekymringen går på, når domænet er «Andet».",
                              field="concern_other")
    birth = to_date(merged.get("person_birth_date"))
    if birth and birth > today:
        raise ValidationError("Fødselsdatoen ligger i fremtiden.", field="person_birth_date")
    if must_be_underretning(merged) and not merged.get("underretning"):
        if "underretning" in keys and partial:
            raise ValidationError(
                "En fagpersons bekymring for en under 18-årig er en underretning (Barnets lov "
                "kap. 16) og kan ikke gøres til en almindelig henvendelse.", field="underretning")
        # Marked on entry: a professional's concern about someone under 18.
        merged["underretning"] = "received"
        out["underretning"] = "received"
    outcome_date = to_date(merged.get("outcome_date"))
    if received and outcome_date and outcome_date < received:
        raise ValidationError(f"Udfaldsdatoen ({fmt(outcome_date)}) ligger før henvendelsen "
                              f"({fmt(received)}). Vælg en dato efter.", field="outcome_date")
    if merged.get("outcome") and merged.get("underretning") and not merged.get("forwarded_date"):
        raise ValidationError(
            "En underretning kan ikke afsluttes, før videresendelsen til Børn og Familie er "
            "registreret (dato, hvordan og kvittering).", field="outcome")
    if merged.get("outcome") == "passed_on" and not (merged.get("onward_actor_id")
                                                     or merged.get("outcome_text")):
        raise ValidationError("Skriv hvem henvendelsen er formidlet videre til.",
                              field="outcome_text")
    if merged.get("outcome") and not merged.get("outcome_date"):
        merged["outcome_date"] = today.isoformat()
        out["outcome_date"] = today.isoformat()
    if merged.get("person_knows") is False and not merged.get("inform_by") \
            and not merged.get("informed_date") and received:
        # GDPR art. 14: the person is told within a month at the latest.
        inform = received + timedelta(days=30)
        merged["inform_by"] = inform.isoformat()
        out["inform_by"] = inform.isoformat()


def validate_forwarding(data: Mapping[str, Any], received: date | None,
                        today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    d = data.get("forwarded_date")
    day = d if isinstance(d, date) else parse_date(d, field="forwarded_date", today=today)
    if day is None:
        raise ValidationError("Skriv datoen, underretningen blev sendt til Børn og Familie.",
                              field="forwarded_date")
    if received and day < received:
        raise ValidationError(f"Videresendelsen ({fmt(day)}) kan ikke ligge før underretningen "
                              f"kom ind ({fmt(received)}).", field="forwarded_date")
    if day > today:
        raise ValidationError("Videresendelsen kan ikke ligge i fremtiden. Registrér den, når "
                              "den er sendt.", field="forwarded_date")
    how = clean(data.get("forwarded_how"), field="forwarded_how", label="Hvordan",
                max_len=500, required=True)
    receipt = clean(data.get("forwarded_receipt"), field="forwarded_receipt",
                    label="Kvitteringen", max_len=500)
    return {"forwarded_date": day.isoformat(), "forwarded_how": how,
            "forwarded_receipt": receipt}


def validate_contact(data: Mapping[str, Any], received: date | None,
                     today: date | None = None,
                     channels: frozenset[str] | None = None) -> dict[str, Any]:
    today = today or date.today()
    d = data.get("attempt_date")
    day = d if isinstance(d, date) else parse_date(d, field="attempt_date", today=today)
    if day is None:
        raise ValidationError("Skriv datoen for kontaktforsøget.", field="attempt_date")
    if received and day < received:
        raise ValidationError(f"Kontaktforsøget ({fmt(day)}) ligger før henvendelsen kom ind "
                              f"({fmt(received)}).", field="attempt_date")
    if day > today:
        raise ValidationError("Et kontaktforsøg kan ikke ligge i fremtiden.", field="attempt_date")
    channel = str(data.get("channel") or "").strip()
    if channel not in (channels or frozenset(CHANNELS)):
        raise ValidationError("Vælg hvordan der blev forsøgt kontakt, fx ringet eller sms.",
                              field="channel")
    result = clean(data.get("result"), field="result", label="Resultatet", max_len=2000,
                   multiline=True)
    if channel == "other" and not result:
        raise ValidationError("Skriv hvordan der blev forsøgt kontakt, når det er «Andet».",
                              field="result")
    return {"attempt_date": day.isoformat(), "channel": channel,
            "reached": flag(data.get("reached")), "result": result}


# --- deadlines ---------------------------------------------------------------------------------


def add_working_days(start: date, n: int) -> date:
    """`n` working days (Monday–Friday) after `start`."""
    day = start
    left = n
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def is_closed(ref: Mapping[str, Any]) -> bool:
    return bool(ref.get("outcome"))


def waiting(ref: Mapping[str, Any], attempts: Iterable[Mapping[str, Any]],
            today: date | None = None) -> str | None:
    """Why an open henvendelse is waiting, in Danish; None when it is not."""
    today = today or date.today()
    if is_closed(ref):
        return None
    received = to_date(ref.get("received_date"))
    if received is None:
        return None
    if not list(attempts) and today > add_working_days(received, CONTACT_WORKING_DAYS):
        return f"Intet kontaktforsøg efter {CONTACT_WORKING_DAYS} arbejdsdage"
    if today > received + timedelta(days=OUTCOME_DAYS):
        return f"Intet udfald efter {OUTCOME_DAYS} dage"
    return None


def inform_due(ref: Mapping[str, Any]) -> date | None:
    """The date the person must be told of the henvendelse (GDPR art. 14), until they are."""
    if ref.get("informed_date") or ref.get("person_knows") in (1, True):
        return None
    return to_date(ref.get("inform_by"))


def needs_forwarding(ref: Mapping[str, Any]) -> bool:
    return bool(ref.get("underretning")) and not ref.get("forwarded_date")


def deletion_due(ref: Mapping[str, Any]) -> date | None:
    """When a henvendelse that never became a course is to be deleted; None when it stays."""
    if ref.get("course_id") or ref.get("outcome") == "course_started":
        return None
    if ref.get("underretning") and not (ref.get("forwarded_date")
                                        and ref.get("journal_transferred_at")):
        return None
    received = to_date(ref.get("received_date"))
    return add_months(received, DELETE_AFTER_MONTHS) if received else None


def status(ref: Mapping[str, Any], attempts: Iterable[Mapping[str, Any]],
           today: date | None = None) -> str:
    """One code for lists: forward | waiting | open | closed."""
    if needs_forwarding(ref):
        return "forward"
    if is_closed(ref):
        return "closed"
    return "waiting" if waiting(ref, attempts, today) else "open"


def display_name(ref: Mapping[str, Any]) -> str:
    name = str(ref.get("person_name") or "").strip()
    if name:
        return name
    return "Ukendt person"
