"""Boligsøgning: validation of the housing search log and the figures derived from it. No I/O.

Records (each validated here, stored by `hfdesk.store.housing_search`):
- activity      a search action: date, channel, landlord, where, type, rent, outcome, minutes;
- registration  a waiting-list registration (opskrivning) with its renewal date and fee;
- economy       dated income source, income after tax and fixed costs (only for affordability);
- offer         an offer with its conditions, deadlines, decision and why it was lost;
- money         money for moving in (indskudslån, depositum, flyttehjælp …), kept apart;
- stay          a housing segment; tenancies carry contract type, own contract, contract date,
                move-in date (the first night there) and how the stay ended.

Amounts are typed in Danish kroner ("4.000,50") and stored as integer øre, never as floats.
Figures are derived every time, never typed: days to housing, channels tried, open
applications, registrations due, offers lost and why. Losing a home opens a new search; nothing
here ends a course.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from hfdesk.domain.dates import age_on, fmt, parse_date, to_date
from hfdesk.domain.text import NOTE_MAX, clean, flag
from hfdesk.errors import ValidationError

# --- money ----------------------------------------------------------------------------------

MAX_RENT_KR = 100_000
MAX_DEPOSIT_KR = 500_000
MAX_INCOME_KR = 200_000
MAX_FEE_KR = 10_000
_MONEY = re.compile(r"-?\d{1,3}(\.\d{3})*(,\d{1,2})?|-?\d+(,\d{1,2})?")


def parse_money(value: Any, *, field: str, label: str,
                max_kr: int = MAX_DEPOSIT_KR) -> int | None:
    """Kroner as typed ("4.000,50", "4000,5", "4000 kr.") or a Decimal/int → øre; empty → None.

    Negative and absurd amounts are refused with a Danish message saying what to write.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(f"{label}: skriv et beløb i kroner, fx 4.000,50.", field=field)
    if isinstance(value, int | Decimal | float):
        try:
            amount = Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(f"{label}: skriv et beløb i kroner, fx 4.000,50.",
                                  field=field) from None
        if not amount.is_finite():
            raise ValidationError(f"{label}: skriv et beløb i kroner, fx 4.000,50.", field=field)
    else:
        s = str(value).strip().lower().replace("\u00a0", "").replace("\u202f", "")
        s = s.removesuffix("kr.").removesuffix("kr").strip().replace(" ", "")
        if not s:
            return None
        if not _MONEY.fullmatch(s):
            raise ValidationError(
                f"{label}: «{str(value).strip()[:20]}» er ikke et beløb. Skriv kroner med "
                "decimalkomma, fx 4.000,50 eller 4000.", field=field)
        amount = Decimal(s.replace(".", "").replace(",", "."))
    if amount < 0:
        raise ValidationError(f"{label} kan ikke være negativ. Skriv beløbet uden minus.",
                              field=field)
    if amount > max_kr:
        raise ValidationError(
            f"{label} på {fmt_kr(int(amount * 100)) if amount < 10**12 else 'over en milliard'}"
            f" er urealistisk høj (højst {fmt_kr(max_kr * 100)}). Tjek beløbet – skrev du "
            "det i øre eller med et ekstra nul?", field=field)
    return int((amount * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def kr(ore: int | None) -> Decimal | None:
    """Øre → kroner as an exact Decimal (for JSON and editors)."""
    return None if ore is None else (Decimal(int(ore)) / 100).quantize(Decimal("0.01"))


def fmt_kr(ore: int | None, locale: str = "da_DK") -> str:
    """4.000,00 kr. (babel, with its non-breaking space); "" for None."""
    if ore is None:
        return ""
    from babel.numbers import format_currency

    return format_currency(Decimal(int(ore)) / 100, "DKK", locale=locale)


def affordability_text(disposable_ore: int | None) -> str:
    """The affordability line as printed: "Rådighedsbeløb efter husleje: 2.350,00 kr./md."."""
    if disposable_ore is None:
        return "Rådighedsbeløb efter husleje: kan ikke beregnes (indkomst eller husleje mangler)."
    return f"Rådighedsbeløb efter husleje: {fmt_kr(disposable_ore)}/md."


# --- field specs ----------------------------------------------------------------------------

@dataclass(frozen=True)
class F:
    kind: str                 # date, text, note, code, codes, money, int, bool, id
    label: str
    vocab: str | None = None  # for code(s)
    required: bool = False
    max: int = 0              # money: kroner; int: largest value; text: length
    column: str | None = None  # money: the øre column


ACTIVITY = {
    "activity_date": F("date", "Datoen", required=True),
    "channel": F("code", "Kanalen", "housing_channel", required=True),
    "channel_text": F("text", "Kanalen (andet)", max=200),
    "actor_id": F("id", "Udlejer eller organisation"),
    "place": F("text", "Adresse eller annonce", max=500),
    "housing_type": F("code", "Boligtypen", "housing_type"),
    "rent": F("money", "Huslejen", max=MAX_RENT_KR, column="rent_ore"),
    "deposit": F("money", "Depositummet", max=MAX_DEPOSIT_KR, column="deposit_ore"),
    "prepaid_rent": F("money", "Den forudbetalte leje", max=MAX_DEPOSIT_KR,
                      column="prepaid_rent_ore"),
    "size_m2": F("int", "Størrelsen (m²)", max=1000),
    "wishes_met": F("text", "Ønsker der opfyldes", max=500),
    "wishes_missed": F("text", "Ønsker der ikke opfyldes", max=500),
    "outcome": F("code", "Udfaldet", "housing_search_outcome", required=True),
    "reason": F("note", "Begrundelsen", max=2000),
    "minutes": F("int", "Tidsforbruget (minutter)", max=1440),
}
REGISTRATION = {
    "actor_id": F("id", "Organisationen"),
    "organisation": F("text", "Organisationen", max=200),
    "list_type": F("code", "Ventelisten", "waiting_list_type", required=True),
    "list_name": F("text", "Listens navn", max=200),
    "registered_date": F("date", "Opskrivningsdatoen", required=True),
    "position": F("text", "Nummer eller placering", max=100),
    "renewal_due": F("date", "Genopskrivningsdatoen"),
    "fee": F("money", "Opskrivningsgebyret", max=MAX_FEE_KR, column="fee_ore"),
    "ended_date": F("date", "Afmeldingsdatoen"),
    "notes": F("note", "Noterne", max=NOTE_MAX),
}
ECONOMY = {
    "valid_from": F("date", "Fra-datoen", required=True),
    "income_source": F("code", "Indkomstkilden", "income_source", required=True),
    "income_text": F("text", "Indkomstkilden (andet)", max=200),
    "income_after_tax": F("money", "Indkomsten efter skat", max=MAX_INCOME_KR,
                          column="income_after_tax_ore"),
    "fixed_costs": F("money", "De faste udgifter", max=MAX_RENT_KR, column="fixed_costs_ore"),
    "notes": F("note", "Noterne", max=NOTE_MAX),
}
PROFILE = {
    "wishes": F("note", "Ønskerne", max=5000),
    "needs": F("note", "Behovene", max=5000),
}
OFFER = {
    "activity_id": F("id", "Søgningen"),
    "actor_id": F("id", "Udlejer eller organisation"),
    "offer_date": F("date", "Tilbuddets dato", required=True),
    "address": F("text", "Adressen", max=500),
    "housing_type": F("code", "Boligtypen", "housing_type"),
    "contract_type": F("code", "Kontrakttypen", "contract_type"),
    "rent": F("money", "Huslejen", max=MAX_RENT_KR, column="rent_ore"),
    "deposit": F("money", "Depositummet", max=MAX_DEPOSIT_KR, column="deposit_ore"),
    "prepaid_rent": F("money", "Den forudbetalte leje", max=MAX_DEPOSIT_KR,
                      column="prepaid_rent_ore"),
    "conditions": F("codes", "Betingelserne", "offer_condition"),
    "answer_deadline": F("date", "Svarfristen"),
    "signing_deadline": F("date", "Underskriftsfristen"),
    "move_in_date": F("date", "Indflytningsdatoen"),
    "decision": F("code", "Beslutningen", "offer_outcome"),
    "lost_reason": F("code", "Årsagen", "offer_lost_reason"),
    "reason": F("note", "Begrundelsen", max=2000),
    "notes": F("note", "Noterne", max=NOTE_MAX),
}
MONEY = {
    "offer_id": F("id", "Tilbuddet"),
    "money_type": F("code", "Ansøgningstypen", "move_in_money_type", required=True),
    "money_text": F("text", "Ansøgningstypen (andet)", max=200),
    "applied_date": F("date", "Ansøgningsdatoen", required=True),
    "amount": F("money", "Beløbet", max=MAX_DEPOSIT_KR, column="amount_ore"),
    "urgent": F("bool", "Haster"),
    "decided_date": F("date", "Afgørelsesdatoen"),
    "outcome": F("code", "Afgørelsen", "move_in_money_outcome"),
    "granted": F("money", "Det bevilgede beløb", max=MAX_DEPOSIT_KR, column="granted_ore"),
    "refusal_reason": F("note", "Begrundelsen for afslag", max=2000),
    "notes": F("note", "Noterne", max=NOTE_MAX),
}
STAY = {
    "housing_situation": F("code", "Hvor borgeren bor", "housing_situation", required=True),
    "start_date": F("date", "Fra-datoen"),
    "end_date": F("date", "Slutdatoen"),
    "homelessness_nat": F("code", "Hjemløshedssituationen", "homelessness_situation_nat"),
    "address": F("text", "Adressen", max=500),
    "notes": F("note", "Noterne", max=NOTE_MAX),
    "housing_type": F("code", "Boligtypen", "housing_type"),
    "contract_type": F("code", "Kontrakttypen", "contract_type"),
    "own_contract": F("bool", "Kontrakt i eget navn"),
    "guardian_signed": F("bool", "Værgen har underskrevet"),
    "contract_date": F("date", "Kontraktens dato"),
    "move_in_date": F("date", "Indflytningsdatoen"),
    "rent": F("money", "Huslejen", max=MAX_RENT_KR, column="rent_ore"),
    "landlord_actor_id": F("id", "Udlejeren"),
    "offer_id": F("id", "Tilbuddet"),
    "end_reason": F("code", "Årsagen til at opholdet sluttede", "housing_end_reason"),
    "end_reason_text": F("text", "Årsagen (andet)", max=500),
}
SPECS = {"housing_activity": ACTIVITY, "housing_registration": REGISTRATION,
         "housing_economy": ECONOMY, "housing_profile": PROFILE, "housing_offer": OFFER,
         "housing_money": MONEY, "housing_segment": STAY}
# Input names of money fields → their øre columns (and back, for decoding stored rows).
MONEY_COLUMNS = {name: f.column for spec in SPECS.values() for name, f in spec.items()
                 if f.kind == "money" and f.column}


def _d(value: Any, key: str) -> date | None:
    return value if isinstance(value, date) else parse_date(value, field=key)


def _field(key: str, f: F, value: Any, vocab: Any, on: date | None) -> tuple[str, Any]:
    col = f.column or key
    if f.kind == "date":
        d = _d(value, key)
        if d is None and f.required:
            raise ValidationError(f"{f.label} skal udfyldes (fx 12.03.2026).", field=key)
        return col, d.isoformat() if d else None
    if f.kind in ("text", "note"):
        return col, clean(value, field=key, label=f.label, max_len=f.max or 500,
                          required=f.required, multiline=f.kind == "note")
    if f.kind == "code":
        if value in (None, ""):
            if f.required:
                raise ValidationError(f"{f.label}: vælg en værdi fra listen.", field=key)
            return col, None
        if vocab is not None:
            vocab.check(str(f.vocab), value, on=on, field=key)
        return col, str(value)
    if f.kind == "codes":
        items = [] if value in (None, "") else list(value)
        for item in items:
            if vocab is not None:
                vocab.check(str(f.vocab), item, on=on, field=key)
        return col, sorted(set(items))
    if f.kind == "money":
        return col, parse_money(value, field=key, label=f.label, max_kr=f.max)
    if f.kind == "int":
        if value in (None, ""):
            return col, None
        try:
            n = int(str(value).strip()) if not isinstance(value, int) else value
        except ValueError:
            raise ValidationError(f"{f.label}: skriv et helt tal, fx 30.", field=key) from None
        if isinstance(value, bool) or n < 0 or n > f.max:
            raise ValidationError(f"{f.label} skal være et tal mellem 0 og {f.max}.", field=key)
        return col, n
    if f.kind == "bool":
        return col, None if value is None else flag(value)
    if f.kind == "id":
        return col, (str(value).strip() or None) if value not in (None, "") else None
    raise AssertionError(f.kind)


def validate(kind: str, data: Mapping[str, Any], *, vocab: Any = None, partial: bool = False,
             current: Mapping[str, Any] | None = None, context: Mapping[str, Any] | None = None,
             today: date | None = None) -> dict[str, Any]:
    """Clean one record's fields (input names) into stored columns. Raises ValidationError.

    `current` is the stored row (for partial updates: cross-field checks see the merged
    record); `context` carries what the store knows (birth_date, offer_date of a linked offer).
    """
    spec = SPECS[kind]
    keys = [k for k in spec if k in data] if partial else list(spec)
    # Codes are checked on the record's own date: a dated list (income_source) changes names.
    on = None
    for date_key in ("activity_date", "valid_from", "offer_date", "applied_date",
                     "registered_date", "start_date", "move_in_date"):
        if date_key in data and data.get(date_key) not in (None, ""):
            try:
                on = _d(data[date_key], date_key)
            except ValidationError:
                on = None
            break
    out: dict[str, Any] = {}
    first_error: ValidationError | None = None
    for key in keys:
        try:
            col, val = _field(key, spec[key], data.get(key), vocab, on)
        except ValidationError as exc:
            first_error = first_error or exc
            continue
        out[col] = val
    if first_error is not None:
        raise first_error
    merged = {**(current or {}), **out}
    ctx = {**(context or {}), "partial": partial}
    CHECKS[kind](merged, out, ctx, today or date.today())
    return out


# --- cross-field checks ---------------------------------------------------------------------

def _before(later_key: str, later_label: str, earlier_label: str, later: Any, earlier: Any,
            hint: str = "Vælg en dato efter.") -> None:
    a, b = to_date(later), to_date(earlier)
    if a and b and a < b:
        raise ValidationError(
            f"{later_label} ({fmt(a)}) ligger før {earlier_label} ({fmt(b)}). {hint}",
            field=later_key)


def _other_text(rec: Mapping[str, Any], code_key: str, text_key: str, what: str) -> None:
    if rec.get(code_key) == "other" and not rec.get(text_key):
        raise ValidationError(f"Skriv {what}, når du vælger «Andet».", field=text_key)


def _check_activity(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                    today: date) -> None:
    _other_text(rec, "channel", "channel_text", "hvilken kanal")
    when = to_date(rec.get("activity_date"))
    if when and when > today + timedelta(days=366):
        raise ValidationError(f"Datoen ({fmt(when)}) ligger mere end et år frem. Tjek årstallet.",
                              field="activity_date")


def _check_registration(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                        today: date) -> None:
    if not rec.get("actor_id") and not rec.get("organisation"):
        raise ValidationError("Vælg boligorganisationen, eller skriv dens navn.",
                              field="organisation")
    _before("renewal_due", "Genopskrivningsdatoen", "opskrivningsdatoen",
            rec.get("renewal_due"), rec.get("registered_date"))
    _before("ended_date", "Afmeldingsdatoen", "opskrivningsdatoen",
            rec.get("ended_date"), rec.get("registered_date"))
    _other_text(rec, "list_type", "list_name", "listens navn")


def _check_economy(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                   today: date) -> None:
    _other_text(rec, "income_source", "income_text", "indkomstkilden")


def _check_profile(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                   today: date) -> None:
    return None


def _check_offer(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                 today: date) -> None:
    for key, label in (("answer_deadline", "Svarfristen"),
                       ("signing_deadline", "Underskriftsfristen"),
                       ("move_in_date", "Indflytningsdatoen")):
        _before(key, label, "tilbuddets dato", rec.get(key), rec.get("offer_date"))
    if rec.get("decision") in (None, ""):
        rec["decision"] = "pending"
        if "decision" in out or not ctx.get("partial"):
            out["decision"] = "pending"
    if rec.get("decision") == "lost" and not rec.get("lost_reason"):
        raise ValidationError("Vælg hvorfor tilbuddet gik tabt.", field="lost_reason")
    if rec.get("lost_reason") == "other" and not rec.get("reason"):
        raise ValidationError("Skriv begrundelsen, når årsagen er «Andet».", field="reason")


def _check_money(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                 today: date) -> None:
    _other_text(rec, "money_type", "money_text", "hvad der søges om")
    if "urgent" in out and out["urgent"] is None:
        out["urgent"] = False
    _before("decided_date", "Afgørelsesdatoen", "ansøgningsdatoen",
            rec.get("decided_date"), rec.get("applied_date"))
    if rec.get("outcome") in (None, ""):
        rec["outcome"] = "pending"
        if "outcome" in out or not ctx.get("partial"):
            out["outcome"] = "pending"
    if rec.get("outcome") in ("granted", "partly_granted", "refused") and \
            not rec.get("decided_date"):
        raise ValidationError("Skriv datoen for afgørelsen.", field="decided_date")
    g, a = rec.get("granted_ore"), rec.get("amount_ore")
    if g is not None and a is not None and g > a:
        raise ValidationError(
            f"Det bevilgede beløb ({fmt_kr(g)}) er større end det ansøgte ({fmt_kr(a)}). "
            "Tjek beløbene.", field="granted")


def _check_stay(rec: dict[str, Any], out: dict[str, Any], ctx: dict[str, Any],
                today: date) -> None:
    # The stay begins the first night there: a tenancy's move-in date is its start.
    if rec.get("move_in_date") and (not rec.get("start_date") or "move_in_date" in out):
        rec["start_date"] = rec["move_in_date"]
        out["start_date"] = rec["move_in_date"]
    if not rec.get("start_date"):
        raise ValidationError("Skriv fra hvilken dato (for en bolig: indflytningsdatoen).",
                              field="start_date")
    _before("move_in_date", "Indflytningsdatoen", "kontraktens dato",
            rec.get("move_in_date") or rec.get("start_date"), rec.get("contract_date"))
    if ctx.get("offer_date"):
        _before("move_in_date", "Indflytningsdatoen", "tilbuddets dato",
                rec.get("move_in_date") or rec.get("start_date"), ctx["offer_date"])
    _before("end_date", "Slutdatoen", "opholdets start", rec.get("end_date"),
            rec.get("start_date"))
    if rec.get("end_reason") and not rec.get("end_date"):
        raise ValidationError("Skriv slutdatoen, når du angiver hvorfor opholdet sluttede.",
                              field="end_date")
    _other_text(rec, "end_reason", "end_reason_text", "hvorfor opholdet sluttede")
    birth = to_date(ctx.get("birth_date"))
    signed = to_date(rec.get("contract_date")) or to_date(rec.get("start_date"))
    if rec.get("own_contract") and birth and signed:
        age = age_on(birth, signed)
        if age is not None and age < 18 and not rec.get("guardian_signed"):
            raise ValidationError(
                f"Borgeren er {age} år på kontraktens dato ({fmt(signed)}): en lejekontrakt i "
                "eget navn kræver værgens underskrift. Sæt flueben ved «Værgen har "
                "underskrevet», når det er sket.", field="guardian_signed")


CHECKS = {"housing_activity": _check_activity, "housing_registration": _check_registration,
          "housing_economy": _check_economy, "housing_profile": _check_profile,
          "housing_offer": _check_offer, "housing_money": _check_money,
          "housing_segment": _check_stay}


def overlap_problem(new: Mapping[str, Any], others: Iterable[Mapping[str, Any]],
                    situation_label: Any = None) -> str | None:
    """A Danish message when the stay [start, end) overlaps another stay; else None.

    An open stay that began earlier is not an overlap: the new stay ends it (the history is one
    sequence). A stay that begins inside a finished one, or an open-ended stay that would run
    over a later one, is.
    """
    start = to_date(new.get("start_date"))
    end = to_date(new.get("end_date"))
    if start is None:
        return None
    label = situation_label or (lambda code: str(code))
    for o in others:
        if o.get("id") and o.get("id") == new.get("id"):
            continue
        o_start = to_date(o.get("start_date"))
        o_end = to_date(o.get("end_date"))
        if o_start is None:
            continue
        what = f"«{label(o.get('housing_situation'))}» fra {fmt(o_start)}"
        if o_start == start:
            return (f"Der er allerede et ophold, der begynder {fmt(start)} ({what}). Ret det "
                    "eksisterende ophold i stedet, eller vælg en anden dato.")
        if o_start < start:
            if o_end is not None and o_end > start:
                return (f"Opholdet overlapper med {what} til {fmt(o_end)}. Vælg en fra-dato "
                        f"fra {fmt(o_end)}, eller ret det andet ophold.")
            continue
        # o_start > start: the new stay must end by then.
        if end is None or end > o_start:
            return (f"Opholdet overlapper med {what}. Skriv en slutdato senest {fmt(o_start)}, "
                    "eller ret datoerne.")
    return None


# --- derived figures ------------------------------------------------------------------------

ORDINARY_CONTRACTS = frozenset({"permanent", "fixed_term"})
# Housed, but not an ordinary tenancy of one's own: they never count as "housed" for the search.
NOT_ORDINARY = frozenset({"placement", "placement_own_room", "with_parents_settled",
                          "residential_107_108"})
OPEN_OUTCOMES = frozenset({"applied", "viewing"})
LOST_DECISIONS = frozenset({"lost", "withdrawn"})
RENEWAL_SOON = timedelta(days=30)
SIGNING_SOON = timedelta(days=7)


def is_ordinary_tenancy(stay: Mapping[str, Any], housed: frozenset[str]) -> bool:
    """A housed stay of an ordinary tenancy: a contract in one's own name, or a fremleje."""
    situation = stay.get("housing_situation")
    if situation not in housed or situation in NOT_ORDINARY:
        return False
    if stay.get("contract_type") == "sublet":
        return True
    return bool(stay.get("own_contract")) and stay.get("contract_type") in ORDINARY_CONTRACTS


def move_in_of(stay: Mapping[str, Any]) -> date | None:
    return to_date(stay.get("move_in_date")) or to_date(stay.get("start_date"))


def economy_on(rows: Sequence[Mapping[str, Any]], day: date | None) -> Mapping[str, Any] | None:
    """The economy record valid on `day` (latest valid_from ≤ day), else the newest one."""
    dated = sorted((r for r in rows if to_date(r.get("valid_from"))),
                   key=lambda r: str(r.get("valid_from")))
    if not dated:
        return None
    if day is not None:
        valid = [r for r in dated if to_date(r.get("valid_from")) <= day]  # type: ignore[operator]
        if valid:
            return valid[-1]
    return dated[-1]


def disposable(income_after_tax_ore: int | None, rent_ore: int | None,
               fixed_costs_ore: int | None) -> int | None:
    """Income after tax minus rent and fixed costs, per month, in øre (may be negative)."""
    if income_after_tax_ore is None or rent_ore is None:
        return None
    return int(income_after_tax_ore) - int(rent_ore) - int(fixed_costs_ore or 0)


def offer_disposable(offer: Mapping[str, Any],
                     economy: Sequence[Mapping[str, Any]]) -> int | None:
    e = economy_on(economy, to_date(offer.get("offer_date")))
    if e is None:
        return None
    return disposable(e.get("income_after_tax_ore"), offer.get("rent_ore"),
                      e.get("fixed_costs_ore"))


@dataclass(frozen=True)
class ChannelFigure:
    channel: str
    count: int
    first: date | None
    last: date | None
    outcomes: dict[str, int]


@dataclass(frozen=True)
class LostHome:
    move_in: date | None
    lost: date
    reason: str | None
    rehoused: date | None
    days_to_rehousing: int | None


@dataclass(frozen=True)
class HousingFigures:
    anchor_start: date | None            # course start
    anchor_referral: date | None         # the henvendelse
    first_move_in: date | None
    days_from_start: int | None
    days_from_referral: int | None
    housed_now: bool
    search_since: date | None            # when the current search began (None when housed)
    days_searching: int | None
    homes_lost: list[LostHome]
    channels: list[ChannelFigure]
    open_applications: list[Mapping[str, Any]]
    pending_offers: list[Mapping[str, Any]]
    registrations_due: list[Mapping[str, Any]]
    offers_lost: list[Mapping[str, Any]]
    offers_declined: list[Mapping[str, Any]]
    lost_reasons: dict[str, int]
    offers_at_risk: list[Mapping[str, Any]]
    minutes_total: int
    activities: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def offer_at_risk(offer: Mapping[str, Any], money: Iterable[Mapping[str, Any]],
                  today: date) -> bool:
    """A pending offer whose signing deadline is near (or passed) with money still undecided."""
    if (offer.get("decision") or "pending") != "pending":
        return False
    deadline = to_date(offer.get("signing_deadline")) or to_date(offer.get("answer_deadline"))
    if deadline is None or deadline - today > SIGNING_SOON:
        return False
    return any(m.get("offer_id") == offer.get("id") and (m.get("outcome") or "pending") ==
               "pending" for m in money)


def figures(*, course: Mapping[str, Any] | None, stays: Sequence[Mapping[str, Any]],
            activities: Sequence[Mapping[str, Any]] = (),
            registrations: Sequence[Mapping[str, Any]] = (),
            offers: Sequence[Mapping[str, Any]] = (),
            money: Sequence[Mapping[str, Any]] = (),
            housed: frozenset[str], today: date | None = None) -> HousingFigures:
    """Everything the Bolig tab, the Overblik and the printouts show, from the records."""
    today = today or date.today()
    start = to_date((course or {}).get("start_date"))
    referral = to_date((course or {}).get("referral_date"))
    anchor = referral or start
    ordered = sorted(stays, key=lambda s: (str(s.get("start_date")), str(s.get("created_at"))))
    tenancies = [s for s in ordered if is_ordinary_tenancy(s, housed)]
    first = next((s for s in tenancies
                  if anchor is None or (move_in_of(s) or date.min) >= anchor), None)
    first_move_in = move_in_of(first) if first else None
    days_start = (first_move_in - start).days if first_move_in and start else None
    days_ref = (first_move_in - referral).days if first_move_in and referral else None

    current = next((s for s in reversed(ordered)
                    if (to_date(s.get("start_date")) or date.max) <= today), None)
    housed_now = bool(current and is_ordinary_tenancy(current, housed)
                      and not (to_date(current.get("end_date")) or date.max) <= today)

    lost: list[LostHome] = []
    for t in tenancies:
        end = to_date(t.get("end_date"))
        if end is None or end > today or t.get("end_reason") == "moved_on":
            continue
        later = [s for s in tenancies if (move_in_of(s) or date.min) >= end and s is not t]
        nxt = move_in_of(later[0]) if later else None
        lost.append(LostHome(move_in_of(t), end, t.get("end_reason"), nxt,
                             (nxt - end).days if nxt else None))

    search_since: date | None = None
    if not housed_now:
        ended = [to_date(t.get("end_date")) for t in tenancies if t.get("end_date")]
        ended_d = [d for d in ended if d is not None and d <= today]
        if ended_d:
            search_since = max(ended_d)
        else:
            dates = [to_date(a.get("activity_date")) for a in activities]
            firsts = [d for d in [anchor, *dates] if d is not None]
            search_since = min(firsts) if firsts else None
    days_searching = (today - search_since).days if search_since else None

    by_channel: dict[str, list[Mapping[str, Any]]] = {}
    for a in activities:
        by_channel.setdefault(str(a.get("channel")), []).append(a)
    channels = []
    for ch, rows in by_channel.items():
        ds = sorted(d for d in (to_date(r.get("activity_date")) for r in rows) if d)
        channels.append(ChannelFigure(ch, len(rows), ds[0] if ds else None,
                                      ds[-1] if ds else None,
                                      dict(Counter(str(r.get("outcome")) for r in rows))))
    channels.sort(key=lambda c: (c.first or date.max, c.channel))

    open_apps = [a for a in activities if a.get("outcome") in OPEN_OUTCOMES]
    pending = [o for o in offers if (o.get("decision") or "pending") == "pending"]
    due = [r for r in registrations if not r.get("ended_date") and r.get("renewal_due")
           and to_date(r["renewal_due"]) - today <= RENEWAL_SOON]  # type: ignore[operator]
    due.sort(key=lambda r: str(r.get("renewal_due")))
    offers_lost = [o for o in offers if o.get("decision") in LOST_DECISIONS]
    declined = [o for o in offers if o.get("decision") == "declined"]
    reasons = Counter(str(o.get("lost_reason") or "unknown")
                      for o in offers_lost + declined)
    at_risk = [o for o in offers if offer_at_risk(o, money, today)]
    minutes = sum(int(a.get("minutes") or 0) for a in activities)
    return HousingFigures(
        anchor_start=start, anchor_referral=referral, first_move_in=first_move_in,
        days_from_start=days_start, days_from_referral=days_ref, housed_now=housed_now,
        search_since=search_since, days_searching=days_searching, homes_lost=lost,
        channels=channels, open_applications=open_apps, pending_offers=pending,
        registrations_due=due, offers_lost=offers_lost, offers_declined=declined,
        lost_reasons=dict(reasons), offers_at_risk=at_risk, minutes_total=minutes,
        activities=len(activities))
