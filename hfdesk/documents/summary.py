"""Stamblad: the one-document summary of a citizen and their course, for the authority.

`build_summary(snapshot)` is a pure function from plain data to PDF bytes. The snapshot is
assembled from the store by the caller (UI or CLI) with every code already turned into its
Danish label, so this module needs neither the database nor the vocabularies.

Snapshot shape (all keys may be missing or None; the printout then says "Ikke oplyst" or "–")::

    {
      "organisation": str, "printed_by": str, "printed_at": datetime, "demo": bool,
      "citizen": {
        "legal_name", "preferred_name", "cpr" (formatted "120394-1234" or None),
        "birth_date" (ISO or None), "age" (int | None), "gender_label", "phone", "email",
        "address", "protected_address": bool, "language", "interpreter_needed": bool,
        "custody_holders": [{"name", "contact"}],
      },
      "course": None or {
        "case_number", "method_label", "status_label", "referral_date", "start_date",
        "transition_date", "phase_label" ("CTI fase 2 af 3"), "day_number": int | None,
        "phases": [{"label", "start", "end"}],
        "segments": [{"legal_basis_label", "decision_date", "period_start", "period_end",
                      "next_review", "provider_wish", "provider_wish_followed": bool | None}],
        "events": [{"kind_label", "date", "end_date", "notes"}],
        "end": None or {"recommended_date", "decision_date", "end_type_label",
                        "reasons_labels": [str]},
      },
      "housing_now": None or {"situation_label", "since", "address"},
      "journal": [{"occurred_at" (ISO datetime), "type_label", "status_label",
                   "duration_min", "note", "locked": bool,
                   "additions": [{"written_at", "text"}]}],   # newest first, already limited
      "audience": "authority",
    }

Dates are ISO strings (or date/datetime objects). Options: {"full_cpr": True} prints the whole
CPR number; by default it is masked as 120394-xxxx.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypedDict

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer, Table, TableStyle

from hfdesk.documents.layout import (
    CONTENT_WIDTH,
    DASH,
    GRID,
    HEAD_FILL,
    TABLE_FONT,
    PageSpec,
    build_pdf,
    clean_text,
    fmt_date,
    fmt_datetime,
    key_value_table,
    markup,
    notice,
    para,
    styles,
    table,
)
from hfdesk.domain.cpr import mask

__all__ = [
    "AdditionSnapshot",
    "CitizenSnapshot",
    "CourseEndSnapshot",
    "CourseSnapshot",
    "CustodyHolderSnapshot",
    "EventSnapshot",
    "HousingNowSnapshot",
    "JournalEntrySnapshot",
    "PhaseSnapshot",
    "SegmentSnapshot",
    "SummarySnapshot",
    "build_summary",
]

DateLike = date | datetime | str | None

NOT_GIVEN = "Ikke oplyst"
PROTECTED = "Adressebeskyttet"


class CustodyHolderSnapshot(TypedDict, total=False):
    name: str | None
    contact: str | None


class CitizenSnapshot(TypedDict, total=False):
    legal_name: str | None
    preferred_name: str | None
    cpr: str | None
    birth_date: DateLike
    age: int | None
    gender_label: str | None
    phone: str | None
    email: str | None
    address: str | None
    protected_address: bool
    language: str | None
    interpreter_needed: bool | None
    custody_holders: list[CustodyHolderSnapshot]


class PhaseSnapshot(TypedDict, total=False):
    label: str | None
    start: DateLike
    end: DateLike


class SegmentSnapshot(TypedDict, total=False):
    legal_basis_label: str | None
    decision_date: DateLike
    period_start: DateLike
    period_end: DateLike
    next_review: DateLike
    provider_wish: str | None
    provider_wish_followed: bool | None


class EventSnapshot(TypedDict, total=False):
    kind_label: str | None
    date: DateLike
    end_date: DateLike
    notes: str | None


class CourseEndSnapshot(TypedDict, total=False):
    recommended_date: DateLike
    decision_date: DateLike
    end_type_label: str | None
    reasons_labels: list[str]


class CourseSnapshot(TypedDict, total=False):
    case_number: str | None
    method_label: str | None
    status_label: str | None
    referral_date: DateLike
    start_date: DateLike
    transition_date: DateLike
    phase_label: str | None
    day_number: int | None
    phases: list[PhaseSnapshot]
    segments: list[SegmentSnapshot]
    events: list[EventSnapshot]
    end: CourseEndSnapshot | None


class HousingNowSnapshot(TypedDict, total=False):
    situation_label: str | None
    since: DateLike
    address: str | None


class AdditionSnapshot(TypedDict, total=False):
    written_at: DateLike
    text: str | None


class JournalEntrySnapshot(TypedDict, total=False):
    occurred_at: DateLike
    type_label: str | None
    status_label: str | None
    duration_min: int | None
    note: str | None
    locked: bool
    additions: list[AdditionSnapshot]


class SummarySnapshot(TypedDict, total=False):
    organisation: str
    printed_by: str
    printed_at: datetime
    demo: bool
    citizen: CitizenSnapshot
    course: CourseSnapshot | None
    housing_now: HousingNowSnapshot | None
    journal: list[JournalEntrySnapshot]
    audience: str


# ---------------------------------------------------------------------------------- small bits


def _m(value: object) -> Mapping[str, Any]:
    """A sub-dict or an empty one: a snapshot with a part missing still prints."""
    return value if isinstance(value, Mapping) else {}


def _seq(value: object) -> Sequence[Any]:
    return value if isinstance(value, list | tuple) else ()


def _yes_no(value: object) -> str:
    if value is None:
        return ""
    return "Ja" if bool(value) else "Nej"


def _period(start: DateLike, end: DateLike, locale: str) -> str:
    a, b = fmt_date(start, locale), fmt_date(end, locale)
    if not a and not b:
        return ""
    return f"{a or '?'} – {b}" if b else f"Fra {a}"


def _minutes(value: object) -> str:
    if value is None or value == "":
        return ""
    try:
        return f"{int(str(value))} min"
    except ValueError:
        return clean_text(value, single_line=True)


def _citizen_name(citizen: Mapping[str, Any]) -> str:
    return clean_text(citizen.get("legal_name"), True) or clean_text(
        citizen.get("preferred_name"), True
    )


def _cpr_text(citizen: Mapping[str, Any], full: bool) -> str:
    raw = clean_text(citizen.get("cpr"), single_line=True)
    if not raw:
        return ""
    return raw if full else mask(raw)


def _protected(citizen: Mapping[str, Any]) -> bool:
    return bool(citizen.get("protected_address"))


def _none_registered(text: str) -> Paragraph:
    return para(text, "Small")


# ------------------------------------------------------------------------------------ sections


def _title_block(spec: PageSpec) -> list[Flowable]:
    st = styles()
    return [
        Paragraph(markup(spec.title), st["Title"]),
        Paragraph(markup(spec.citizen_line or NOT_GIVEN), st["CitizenLine"]),
    ]


def _citizen_section(citizen: Mapping[str, Any], *, full_cpr: bool, locale: str) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Paragraph("Borger", st["H2"])]
    protected = _protected(citizen)
    if protected:
        # The authority may know the address, but a sheet left on a desk must not carry it,
        # and whoever reads the paper must see at once why it is missing.
        out.append(
            notice(
                "Navne- og adressebeskyttelse: borgerens adresse udskrives ikke. "
                "Oplys aldrig adressen videre."
            )
        )
    age = citizen.get("age")
    birth = fmt_date(citizen.get("birth_date"), locale)
    if age is not None and clean_text(age):
        birth = f"{birth} ({clean_text(age)} år)" if birth else f"{clean_text(age)} år"
    holders = [
        " · ".join(
            p
            for p in (clean_text(_m(h).get("name"), True), clean_text(_m(h).get("contact"), True))
            if p
        )
        for h in _seq(citizen.get("custody_holders"))
    ]
    holders = [h for h in holders if h]
    preferred = clean_text(citizen.get("preferred_name"), True)
    pairs: list[tuple[str, object]] = [
        ("Navn", clean_text(citizen.get("legal_name"), True)),
        ("Kaldes", preferred if preferred != _citizen_name(citizen) else ""),
        ("CPR-nr.", _cpr_text(citizen, full_cpr)),
        ("Fødselsdato", birth),
        ("Køn", citizen.get("gender_label")),
        ("Telefon", citizen.get("phone")),
        ("E-mail", citizen.get("email")),
        ("Adresse", PROTECTED if protected else citizen.get("address")),
        ("Navne- og adressebeskyttelse", "Ja" if protected else "Nej"),
        ("Sprog", citizen.get("language")),
        ("Tolk", _yes_no(citizen.get("interpreter_needed"))),
    ]
    if holders:
        pairs.append(("Forældremyndighed", "\n".join(holders)))
    out.append(key_value_table(pairs, missing=NOT_GIVEN))
    return out


def _course_section(course: Mapping[str, Any] | None, *, locale: str) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Paragraph("Forløb", st["H2"])]
    if not course:
        out.append(_none_registered("Borgeren har intet forløb registreret."))
        return out
    day = course.get("day_number")
    day_text = f"Dag {clean_text(day)}" if day is not None and clean_text(day) else ""
    out.append(
        key_value_table(
            [
                ("Metode", course.get("method_label")),
                ("Status", course.get("status_label")),
                ("Fase", course.get("phase_label")),
                ("Dag i forløbet", day_text),
                ("Sagsnummer", course.get("case_number")),
                ("Henvist", fmt_date(course.get("referral_date"), locale)),
                ("Startet", fmt_date(course.get("start_date"), locale)),
                ("Overgang", fmt_date(course.get("transition_date"), locale)),
            ],
            missing=NOT_GIVEN,
        )
    )

    out.append(Paragraph("Faser", st["H3"]))
    phases = [_m(p) for p in _seq(course.get("phases"))]
    if phases:
        out.append(
            table(
                ["Fase", "Start", "Slut"],
                [
                    [
                        p.get("label"),
                        fmt_date(p.get("start"), locale),
                        fmt_date(p.get("end"), locale),
                    ]
                    for p in phases
                ],
                [0.5, 0.25, 0.25],
            )
        )
    else:
        out.append(_none_registered("Ingen faser registreret."))

    out.append(Paragraph("Støtte og afgørelser", st["H3"]))
    segments = [_m(s) for s in _seq(course.get("segments"))]
    if segments:
        rows = []
        for s in segments:
            wish = clean_text(s.get("provider_wish"))
            followed = s.get("provider_wish_followed")
            if wish and followed is not None:
                wish = f"{wish}\n(Fulgt: {_yes_no(followed).lower()})"
            elif followed is not None:
                wish = f"Fulgt: {_yes_no(followed).lower()}"
            rows.append(
                [
                    s.get("legal_basis_label"),
                    fmt_date(s.get("decision_date"), locale),
                    _period(s.get("period_start"), s.get("period_end"), locale),
                    fmt_date(s.get("next_review"), locale),
                    wish,
                ]
            )
        out.append(
            table(
                ["Lovgrundlag", "Afgørelse", "Periode", "Næste opfølgning", "Ønske om leverandør"],
                rows,
                [0.22, 0.14, 0.24, 0.16, 0.24],
            )
        )
    else:
        out.append(_none_registered("Ingen afgørelser registreret."))

    out.append(Paragraph("Hændelser", st["H3"]))
    events = [_m(e) for e in _seq(course.get("events"))]
    if events:
        out.append(
            table(
                ["Hændelse", "Dato", "Til", "Bemærkning"],
                [
                    [
                        e.get("kind_label"),
                        fmt_date(e.get("date"), locale),
                        fmt_date(e.get("end_date"), locale),
                        e.get("notes"),
                    ]
                    for e in events
                ],
                [0.25, 0.14, 0.14, 0.47],
            )
        )
    else:
        out.append(_none_registered("Ingen hændelser registreret."))

    end = course.get("end")
    if isinstance(end, Mapping) and end:
        reasons = [clean_text(r, True) for r in _seq(end.get("reasons_labels"))]
        out.append(Paragraph("Afslutning", st["H3"]))
        out.append(
            key_value_table(
                [
                    ("Anbefalet slutdato", fmt_date(end.get("recommended_date"), locale)),
                    ("Afgørelse", fmt_date(end.get("decision_date"), locale)),
                    ("Afslutningstype", end.get("end_type_label")),
                    ("Begrundelse", "\n".join(r for r in reasons if r)),
                ],
                missing=NOT_GIVEN,
            )
        )
    return out


def _housing_section(
    housing: Mapping[str, Any] | None, *, protected: bool, locale: str
) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [Paragraph("Bolig nu", st["H2"])]
    if not housing:
        out.append(_none_registered("Ingen boligsituation registreret."))
        return out
    # Where the citizen lives now is the very address the protection covers.
    address: object = PROTECTED if protected else housing.get("address")
    out.append(
        key_value_table(
            [
                ("Situation", housing.get("situation_label")),
                ("Siden", fmt_date(housing.get("since"), locale)),
                ("Adresse", address),
            ],
            missing=NOT_GIVEN,
        )
    )
    return out


_JOURNAL_WIDTHS = (0.27, 0.33, 0.25, 0.15)


def _journal_row(cells: Sequence[object], *, head: bool) -> Table:
    """One row on the journal's grid; entries are separate rows so notes can run between them.

    A note can be pages long and a table row cannot break across pages, so the note is a
    paragraph under its row instead of a cell in it.
    """
    st = styles()
    style = st["TableHead"] if head else st["TableCell"]
    col = [CONTENT_WIDTH * w for w in _JOURNAL_WIDTHS]
    row = [Paragraph(markup(c) or DASH, style) if not isinstance(c, Flowable) else c for c in cells]
    t = Table([row], colWidths=col, hAlign="LEFT")
    cmds: list[tuple[Any, ...]] = [
        TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BOX", (0, 0), (-1, -1), 0.4, GRID),
        ("INNERGRID", (0, 0), (-1, -1), 0.4, GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if head:
        cmds.append(("BACKGROUND", (0, 0), (-1, -1), HEAD_FILL))
    t.setStyle(TableStyle(cmds))
    return t


def _journal_section(entries: Sequence[Any], *, locale: str) -> list[Flowable]:
    st = styles()
    # The heading, the count, the column heads and a first entry belong on one page.
    out: list[Flowable] = [CondPageBreak(48 * mm), Paragraph("Seneste journalnotater", st["H2"])]
    items = [_m(e) for e in entries]
    if not items:
        out.append(_none_registered("Ingen journalnotater."))
        return out
    count = len(items)
    out.append(
        para(
            "Det seneste journalnotat." if count == 1 else f"De seneste {count} journalnotater.",
            "Small",
        )
    )
    head = _journal_row(["Dato", "Type", "Status", "Varighed"], head=True)
    for i, e in enumerate(items):
        status = clean_text(e.get("status_label"), True)
        if e.get("locked"):
            status = f"{status}, låst" if status else "Låst"
        row = _journal_row(
            [
                fmt_datetime(e.get("occurred_at"), locale),
                e.get("type_label"),
                status,
                _minutes(e.get("duration_min")),
            ],
            head=False,
        )
        note = clean_text(e.get("note"))
        # Room for the row and the first lines of its note, so a row is never left alone at
        # the foot of a page; KeepTogether would instead push a long note to a fresh page.
        if i == 0:
            out.append(head)
        else:
            out.append(CondPageBreak(32 * mm))
        out.append(row)
        out.append(Spacer(1, 3))
        out.append(para(note, "Note") if note else para("(Ingen notattekst)", "Small"))
        for a in _seq(e.get("additions")):
            add = _m(a)
            when = fmt_date(add.get("written_at"), locale) or "?"
            out.append(
                Paragraph(
                    f"<b>Tilføjelse {markup(when)}:</b> {markup(add.get('text')) or DASH}",
                    st["Addition"],
                )
            )
        out.append(Spacer(1, 8))
    return out


# ------------------------------------------------------------------------------------- builder


def build_summary(
    snapshot: SummarySnapshot | Mapping[str, Any],
    *,
    locale: str = "da",
    options: Mapping[str, Any] | None = None,
) -> bytes:
    """The stamblad as PDF bytes. Pure: same snapshot, same bytes."""
    opts = dict(options or {})
    full_cpr = bool(opts.get("full_cpr"))
    citizen = _m(snapshot.get("citizen"))
    name = _citizen_name(citizen)
    cpr_text = _cpr_text(citizen, full_cpr)
    printed_at = snapshot.get("printed_at")
    spec = PageSpec(
        organisation=clean_text(snapshot.get("organisation"), True),
        title="Stamblad",
        citizen_line=" · ".join(p for p in (name or NOT_GIVEN, cpr_text) if p),
        confidential=True,
        printed_by=clean_text(snapshot.get("printed_by"), True),
        printed_at=printed_at if isinstance(printed_at, datetime) else None,
        demo=bool(snapshot.get("demo")),
        neutral=False,
        language=locale,
        subject="Stamblad – fortroligt",
    )
    course = snapshot.get("course")
    housing = snapshot.get("housing_now")
    story: list[Flowable] = [
        *_title_block(spec),
        *_citizen_section(citizen, full_cpr=full_cpr, locale=locale),
        *_course_section(course if isinstance(course, Mapping) else None, locale=locale),
        *_housing_section(
            housing if isinstance(housing, Mapping) else None,
            protected=_protected(citizen),
            locale=locale,
        ),
        *_journal_section(_seq(snapshot.get("journal")), locale=locale),
    ]
    return build_pdf(spec, story)
