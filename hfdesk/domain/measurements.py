"""Individdokumentation (measurements): the catalogue's shape, answers, order and consistency.

No I/O. A measurement is an opstart, a status (every three months from the last one) or an
afslutning of one course. Its items come from a catalogue (resources/measurements.toml, which a
municipality may replace); their categories are vocabularies. Every item also takes two explicit
answers that are not codes of its list, "Ved ikke" (`unknown`) and "Ikke spurgt" (`not_asked`):
they mean different things in the figures, and neither is the same as a blank (not answered yet).

Answers are kept with where they came from: `derived` (prefilled from the records, see
`hfdesk.measurements_prefill`) or `typed` by the worker, plus the derived value itself, so a
correction never hides what the records said.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from hfdesk.domain.dates import parse_date, to_date
from hfdesk.domain.text import clean
from hfdesk.errors import ValidationError

KINDS = ("opstart", "status", "afslutning")
KIND_LABELS = {"opstart": "Opstart", "status": "Status", "afslutning": "Afslutning"}
SOURCES = ("derived", "typed")
UNKNOWN = "unknown"
NOT_ASKED = "not_asked"
SPECIAL = (UNKNOWN, NOT_ASKED)
SPECIAL_LABELS = {UNKNOWN: "Ved ikke", NOT_ASKED: "Ikke spurgt"}
ITEM_TYPES = ("choice", "multi", "number", "diagnosis")
AUDIENCES = ("all", "youth")
NUMBER_MAX = 1000
# Codes in a multi list that mean "nothing of this": they cannot be ticked with anything else.
NONE_CODES = ("none",)
INFORMANTS = ("citizen", "clinician", "both")


@dataclass(frozen=True)
class Item:
    key: str
    section: str
    label: str
    type: str
    kinds: tuple[str, ...]
    vocab: str | None = None
    audience: str = "all"
    derive: str | None = None
    when: tuple[str, str] | None = None
    help: str = ""
    source: str = ""


@dataclass(frozen=True)
class Catalogue:
    name: str
    version: int
    items: tuple[Item, ...]
    sections: tuple[tuple[str, str], ...]
    youth_under_age: int = 30
    status_months: int = 3
    opstart_due_days: int = 30
    reminder_window_days: int = 180
    selfreport_enabled: bool = False
    by_key: Mapping[str, Item] = field(default_factory=dict, compare=False)

    def item(self, key: str) -> Item:
        try:
            return self.by_key[key]
        except KeyError:
            raise ValidationError(f"Spørgsmålet {key!r} findes ikke i målingens katalog.",
                                  field=key) from None

    def section_title(self, key: str) -> str:
        return dict(self.sections).get(key, key)


def _err(origin: str, msg: str) -> ValidationError:
    return ValidationError(f"{origin}: {msg}")


def parse_catalogue(data: Mapping[str, Any], *, origin: str,
                    has_list: Callable[[str], bool]) -> Catalogue:
    """Check a catalogue read from TOML; every problem is a Danish message naming the item."""
    head = data.get("catalogue")
    if not isinstance(head, Mapping):
        raise _err(origin, "der mangler en [catalogue]-sektion med name og version.")
    sections_raw = data.get("sections") or []
    items_raw = data.get("items")
    if not isinstance(items_raw, list) or not items_raw:
        raise _err(origin, "kataloget har ingen [[items]].")
    sections: list[tuple[str, str]] = []
    for s in sections_raw:
        if not isinstance(s, Mapping) or not isinstance(s.get("key"), str):
            raise _err(origin, "hver [[sections]] skal have key og title.")
        sections.append((s["key"], str(s.get("title") or s["key"])))
    known_sections = {k for k, _t in sections}
    selfreport = data.get("selfreport") or {}
    enabled = bool(selfreport.get("enabled", False)) if isinstance(selfreport, Mapping) else False
    items: list[Item] = []
    seen: set[str] = set()
    for raw in items_raw:
        if not isinstance(raw, Mapping):
            raise _err(origin, "et [[items]] er ikke en tabel.")
        key = raw.get("key")
        if not isinstance(key, str) or not key.replace("_", "").isalnum() or not key.islower():
            raise _err(origin, f"spørgsmålet {key!r} skal have en key med små bogstaver, tal "
                               "og _.")
        where = f"spørgsmålet {key!r}"
        if key in seen:
            raise _err(origin, f"{where} står to gange.")
        seen.add(key)
        kind = raw.get("type")
        if kind not in ITEM_TYPES:
            raise _err(origin, f"{where} har type {kind!r}; brug choice, multi, number eller "
                               "diagnosis.")
        kinds = tuple(raw.get("kinds") or ())
        if not kinds or any(k not in KINDS for k in kinds):
            raise _err(origin, f"{where}: kinds skal være en liste med opstart, status og/eller "
                               "afslutning.")
        vocab_name = raw.get("vocab")
        if kind != "number":
            if not isinstance(vocab_name, str) or not has_list(vocab_name):
                raise _err(origin, f"{where} peger på kodelisten {vocab_name!r}, som ikke "
                                   "findes.")
        section = str(raw.get("section") or "")
        if section not in known_sections:
            raise _err(origin, f"{where} står i afsnittet {section!r}, som ikke er beskrevet "
                               "under [[sections]].")
        audience = str(raw.get("audience") or "all")
        if audience not in AUDIENCES:
            raise _err(origin, f"{where}: audience skal være all eller youth.")
        when = None
        if raw.get("when"):
            parts = str(raw["when"]).split("=", 1)
            if len(parts) != 2:
                raise _err(origin, f"{where}: when skal skrives som spørgsmål=kode.")
            when = (parts[0].strip(), parts[1].strip())
        items.append(Item(key=key, section=section, label=str(raw.get("label") or key),
                          type=str(kind), kinds=kinds,
                          vocab=vocab_name if isinstance(vocab_name, str) else None,
                          audience=audience, derive=raw.get("derive") or None, when=when,
                          help=str(raw.get("help") or ""), source=str(raw.get("source") or "")))
    for it in items:
        if it.when and it.when[0] not in seen:
            raise _err(origin, f"spørgsmålet {it.key!r} afhænger af {it.when[0]!r}, som ikke "
                               "findes.")
    if not enabled:
        # Off by default: the self-report items stay in the file but are never asked.
        items = [i for i in items if i.section != "selfreport"]

    def _int(name: str, default: int, low: int, high: int) -> int:
        value = head.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise _err(origin, f"{name} skal være et helt tal mellem {low} og {high}.")
        return value

    return Catalogue(
        name=str(head.get("name") or "katalog"), version=_int("version", 1, 1, 10_000),
        items=tuple(items), sections=tuple(sections),
        youth_under_age=_int("youth_under_age", 30, 1, 120),
        status_months=_int("status_months", 3, 1, 24),
        opstart_due_days=_int("opstart_due_days", 30, 0, 365),
        reminder_window_days=_int("reminder_window_days", 180, 1, 3650),
        selfreport_enabled=enabled, by_key={i.key: i for i in items})


def is_youth(age: int | None, catalogue: Catalogue) -> bool:
    # Age unknown: the youth items are shown, since leaving them out would lose answers.
    return age is None or age < catalogue.youth_under_age


def items_for(catalogue: Catalogue, kind: str, *, age: int | None = None,
              answers: Mapping[str, Any] | None = None) -> list[Item]:
    """The items asked in a measurement of this kind, for this age, given the answers so far."""
    youth = is_youth(age, catalogue)
    out = []
    for it in catalogue.items:
        if kind not in it.kinds or (it.audience == "youth" and not youth):
            continue
        if it.when and answers is not None:
            other = answers.get(it.when[0])
            if value_of(other) != it.when[1]:
                continue
        out.append(it)
    return out


def value_of(answer: Any) -> Any:
    return answer.get("value") if isinstance(answer, Mapping) else answer


# --- answers ----------------------------------------------------------------------------------

def validate_answer(item: Item, value: Any, *, codes: Sequence[str],
                    requires_text: Iterable[str] = (), text: Any = None,
                    today: date | None = None) -> tuple[Any, str | None]:
    """The stored form of an answer, and its free text. `codes` are the list's valid codes."""
    label = item.label
    note = clean(text, field=item.key, label=f"Teksten til '{label}'")
    if value in SPECIAL:
        return value, None
    if value is None or value == "" or value == []:
        return None, None
    needs_text = set(requires_text)
    if item.type == "choice":
        if not isinstance(value, str) or value not in codes:
            raise ValidationError(f"Vælg et svar fra listen ved '{label}'.", field=item.key)
        if value in needs_text and not note:
            raise ValidationError(f"Skriv hvad 'Andet' dækker over ved '{label}'.",
                                  field=item.key)
        return value, note if value in needs_text else None
    if item.type == "number":
        try:
            n = int(str(value).strip())
        except (TypeError, ValueError):
            raise ValidationError(f"Skriv et helt tal ved '{label}', fx 2.",
                                  field=item.key) from None
        if not 0 <= n <= NUMBER_MAX:
            raise ValidationError(f"'{label}' skal være mellem 0 og {NUMBER_MAX}.",
                                  field=item.key)
        return n, None
    if item.type == "multi":
        chosen = _codes_list(value, codes, item)
        if any(c in needs_text for c in chosen) and not note:
            raise ValidationError(f"Skriv hvad 'Andet' dækker over ved '{label}'.",
                                  field=item.key)
        return chosen, note if any(c in needs_text for c in chosen) else None
    # diagnosis: only as disclosed by the citizen or a clinician, with the date.
    if not isinstance(value, Mapping):
        raise ValidationError(f"'{label}' skal have diagnoser, hvem der har oplyst dem, og "
                              "hvornår.", field=item.key)
    chosen = _codes_list(value.get("codes"), codes, item)
    if not chosen:
        return None, None
    informant = value.get("informant")
    if informant not in INFORMANTS:
        raise ValidationError("Skriv hvem der har oplyst diagnosen: borgeren eller en "
                              "behandler. Skriv ikke dit eget gæt.", field=item.key)
    raw_when = value.get("date")
    when = raw_when if isinstance(raw_when, date) else parse_date(
        raw_when, field=item.key, today=today)
    if when is None:
        raise ValidationError("Skriv hvornår diagnosen blev oplyst.", field=item.key)
    if today is not None and when > today:
        raise ValidationError("Datoen for hvornår diagnosen blev oplyst ligger i fremtiden.",
                              field=item.key)
    if any(c in needs_text for c in chosen) and not note:
        raise ValidationError(f"Skriv hvad 'Andet' dækker over ved '{label}'.", field=item.key)
    return ({"codes": chosen, "informant": informant, "date": when.isoformat()},
            note if any(c in needs_text for c in chosen) else None)


def _codes_list(value: Any, codes: Sequence[str], item: Item) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple):
        raise ValidationError(f"Vælg et eller flere svar fra listen ved '{item.label}'.",
                              field=item.key)
    chosen: list[str] = []
    for c in value:
        if not isinstance(c, str) or c not in codes:
            raise ValidationError(f"Vælg kun svar fra listen ved '{item.label}'.",
                                  field=item.key)
        if c not in chosen:
            chosen.append(c)
    none = [c for c in chosen if c in NONE_CODES]
    if none and len(chosen) > 1:
        raise ValidationError(f"'{item.label}': 'Ingen' kan ikke vælges sammen med andre svar.",
                              field=item.key)
    order = {c: i for i, c in enumerate(codes)}
    return sorted(chosen, key=lambda c: order.get(c, 0))


def same_value(a: Any, b: Any) -> bool:
    if isinstance(a, list) and isinstance(b, list):
        return sorted(map(str, a)) == sorted(map(str, b))
    return bool(a == b)


# --- order of measurements within a course ----------------------------------------------------

def check_new(kind: str, on: date, *, course: Mapping[str, Any] | None,
              existing: Sequence[Mapping[str, Any]], today: date) -> None:
    """Refuse a measurement that is out of order, outside its course, or in the future."""
    if kind not in KINDS:
        raise ValidationError("Vælg opstart, status eller afslutning.", field="kind")
    if course is None:
        raise ValidationError("Målingen skal høre til et forløb. Opret forløbet under Overblik "
                              "først.", field="course_id")
    check_date(on, course=course, today=today)
    by_kind: dict[str, list[date]] = {k: [] for k in KINDS}
    for m in existing:
        d = to_date(m.get("measured_on"))
        if d is not None and m.get("kind") in by_kind:
            by_kind[str(m["kind"])].append(d)
    opstart = min(by_kind["opstart"]) if by_kind["opstart"] else None
    end = min(by_kind["afslutning"]) if by_kind["afslutning"] else None
    from hfdesk.domain.dates import fmt

    if kind == "opstart":
        if opstart is not None:
            raise ValidationError(f"Forløbet har allerede en opstartsmåling ({fmt(opstart)}). "
                                  "Ret den i stedet for at lave en ny.", field="kind")
        later = [d for k in ("status", "afslutning") for d in by_kind[k] if d < on]
        if later:
            raise ValidationError("Opstartsmålingen skal ligge før forløbets status- og "
                                  "afslutningsmålinger.", field="measured_on")
        return
    # An afslutning needs no opstart: a course can end before it really began.
    if opstart is None and kind == "status":
        raise ValidationError("Der er ingen opstartsmåling for forløbet endnu. Lav "
                              "opstartsmålingen først, og derefter status.", field="kind")
    if opstart is not None and on < opstart:
        raise ValidationError(f"Målingen ligger før opstartsmålingen ({fmt(opstart)}). Tjek "
                              "datoen.", field="measured_on")
    if end is not None:
        if kind == "afslutning":
            raise ValidationError(f"Forløbet har allerede en afslutningsmåling ({fmt(end)}). "
                                  "Ret den i stedet for at lave en ny.", field="kind")
        raise ValidationError(f"Forløbet er afsluttet med en måling {fmt(end)}. En "
                              "statusmåling kan ikke komme efter afslutningen.", field="kind")
    if kind == "afslutning":
        last = max(by_kind["status"], default=None)
        if last is not None and on < last:
            raise ValidationError(f"Afslutningen ligger før den seneste statusmåling "
                                  f"({fmt(last)}). Tjek datoen.", field="measured_on")


def check_date(on: date, *, course: Mapping[str, Any], today: date) -> None:
    if on > today:
        raise ValidationError("En måling dateres på dagen eller bagud, ikke i fremtiden.",
                              field="measured_on")
    start = to_date(course.get("referral_date")) or to_date(course.get("start_date"))
    from hfdesk.domain.dates import fmt

    if start and on < start:
        raise ValidationError(f"Målingen ligger før forløbet begyndte ({fmt(start)}). Tjek "
                              "datoen.", field="measured_on")
    ended = to_date(course.get("end_decision_date"))
    if ended and (on - ended).days > 365:
        raise ValidationError("Målingen ligger over et år efter forløbets afslutning. Tjek "
                              "datoen.", field="measured_on")


def choose_kind(existing: Sequence[Mapping[str, Any]], course: Mapping[str, Any] | None) -> str:
    """The sensible next measurement: opstart first, afslutning once the course has ended."""
    kinds = {m.get("kind") for m in existing}
    if "opstart" not in kinds:
        return "opstart"
    if course is not None and course.get("end_decision_date") and "afslutning" not in kinds:
        return "afslutning"
    return "status"


# --- consistency across answers ------------------------------------------------------------

def check_consistency(answers: Mapping[str, Any], *, housing_group: Callable[[str], str | None],
                      same_day: Sequence[Mapping[str, Any]] = ()) -> None:
    """Contradictions a worker can fix: housed and homeless the same day, "planned" with an
    unplanned timing. `same_day` are the other measurements of the course on the same date."""
    situation = value_of(answers.get("housing_situation"))
    at_end = value_of(answers.get("housing_at_end"))
    group = housing_group(situation) if isinstance(situation, str) else None
    if at_end == "housed" and group == "N":
        raise ValidationError("Svarene modsiger hinanden: 'Borgeren har en bolig' og en "
                              "hjemløshedssituation (fx § 110-boform) samme dag. Ret det ene "
                              "svar.", field="housing_at_end")
    if at_end == "not_housed" and group == "H":
        raise ValidationError("Svarene modsiger hinanden: 'Borgeren har ikke en bolig' og en "
                              "boligsituation i egen bolig samme dag. Ret det ene svar.",
                              field="housing_at_end")
    if group in ("H", "N"):
        for other in same_day:
            o = value_of((other.get("answers") or {}).get("housing_situation"))
            og = housing_group(o) if isinstance(o, str) else None
            if og in ("H", "N") and og != group:
                raise ValidationError(
                    "Svarene modsiger hinanden: en anden måling samme dag siger, at borgeren "
                    + ("ikke har en bolig." if og == "N" else "bor i egen bolig.")
                    + " Ret boligsituationen i den ene måling.", field="housing_situation")
    end_type = value_of(answers.get("end_type"))
    if end_type == "planned" and value_of(answers.get("end_timing")) not in (None, *SPECIAL):
        raise ValidationError("Forløbet er angivet som planlagt afsluttet; 'Hvornår forløbet "
                              "sluttede uplanlagt' skal stå tomt.", field="end_timing")


# --- display ----------------------------------------------------------------------------------

def answer_text(item: Item, answer: Mapping[str, Any] | None,
                label: Callable[[str, str], str]) -> str:
    """One line for the form and the printout; '' when not answered yet."""
    if not answer:
        return ""
    return value_text(item, answer.get("value"), label, answer.get("text"))


def value_text(item: Item, value: Any, label: Callable[[str, str], str],
               text: Any = None) -> str:
    from hfdesk.domain.dates import fmt

    if value is None or value == [] or value == "":
        return ""
    if value in SPECIAL:
        return SPECIAL_LABELS[str(value)]
    extra = f" ({text})" if text else ""
    if item.type == "number":
        return str(value)
    if item.type == "choice":
        return label(item.vocab or "", str(value)) + extra
    if item.type == "multi":
        return "; ".join(label(item.vocab or "", str(c)) for c in value) + extra
    if isinstance(value, Mapping):
        who = {"citizen": "borgeren", "clinician": "behandler",
               "both": "borgeren og behandler"}.get(str(value.get("informant")), "?")
        names = "; ".join(label(item.vocab or "", str(c)) for c in value.get("codes") or [])
        return f"{names}{extra} – oplyst af {who}, {fmt(value.get('date'))}"
    return str(value)


def source_text(answer: Mapping[str, Any] | None) -> str:
    """'Udfyldt fra journalen' / '… bekræftet' / 'Rettet (journalen: …)' / 'Indtastet'."""
    if not answer or answer.get("value") is None:
        return ""
    if answer.get("source") == "derived":
        return "Udfyldt fra journalen, bekræftet" if answer.get("confirmed") \
            else "Udfyldt fra journalen"
    if answer.get("derived_value") is not None:
        return "Rettet"
    return "Indtastet"
