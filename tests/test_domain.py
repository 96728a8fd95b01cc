"""Validators and rules of the Qt-free domain: CPR, dates, text, CTI phases, journal lock."""

from __future__ import annotations

import re
import string
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from hfdesk.domain import citizens as dcitizens
from hfdesk.domain import courses, cpr, dates, journal, text
from hfdesk.errors import ValidationError
from hfdesk.store import search

TODAY = date(2026, 5, 1)
DANISH_LETTERS = set("æøåÆØÅ")


def is_danish(message: str) -> bool:
    low = message.lower()
    return bool(DANISH_LETTERS & set(message)) or any(
        w in low for w in ("skriv", "skal", "dato", "cifre", "tjek", "vælg", "findes", "ikke"))


# --- CPR -----------------------------------------------------------------------------------


def seventh_digits(year: int) -> list[int]:
    """The 7th digits that put a two-digit year in `year`'s century (CPR-kontoret's table)."""
    yy = year % 100
    out = []
    for d in range(10):
        if d in (0, 1, 2, 3):
            century = 1900
        elif d in (4, 9):
            century = 2000 if yy <= 36 else 1900
        else:  # 5-8
            century = 2000 if yy <= 57 else 1800
        if century + yy == year:
            out.append(d)
    return out


def test_seventh_digit_table() -> None:
    assert seventh_digits(1994) == [0, 1, 2, 3, 4, 9]
    assert seventh_digits(1930) == [0, 1, 2, 3]
    assert seventh_digits(2005) == [4, 5, 6, 7, 8, 9]
    assert seventh_digits(2050) == [5, 6, 7, 8]
    assert seventh_digits(1870) == [5, 6, 7, 8]
    assert seventh_digits(2040) == [5, 6, 7, 8]


@st.composite
def cpr_numbers(draw: st.DrawFn, *, past: bool = True) -> tuple[str, date]:
    if past:
        born = draw(st.dates(min_value=date(1858, 1, 1), max_value=TODAY))
    else:
        born = draw(st.dates(min_value=TODAY + timedelta(days=1), max_value=date(2057, 12, 31)))
    choices = seventh_digits(born.year)
    assume(choices)
    seventh = draw(st.sampled_from(choices))
    rest = draw(st.text(string.digits, min_size=3, max_size=3))
    return f"{born:%d%m}{born.year % 100:02d}{seventh}{rest}", born


def mod11(digits: str) -> int:
    return sum(w * int(n) for w, n in zip((4, 3, 2, 7, 6, 5, 4, 3, 2, 1), digits,
                                          strict=True)) % 11


@given(cpr_numbers(), st.sampled_from(["{a}-{b}", "{a}{b}", "{a} {b}", " {a}-{b} "]))
def test_cpr_round_trip(number: tuple[str, date], layout: str) -> None:
    digits, born = number
    typed = layout.format(a=digits[:6], b=digits[6:])
    parsed = cpr.parse(typed, today=TODAY)
    assert parsed is not None
    assert parsed.kind == cpr.KIND_CPR
    assert parsed.birth_date == born
    assert parsed.digits == digits
    assert parsed.formatted == f"{digits[:6]}-{digits[6:]}"
    assert cpr.parse(parsed.formatted, today=TODAY) == parsed
    # Modulus 11 is only ever a warning.
    if mod11(digits) == 0:
        assert parsed.warning is None
    else:
        assert parsed.warning and "modulus 11" in parsed.warning


def test_cpr_known_numbers() -> None:
    good = cpr.parse("120394-1001", today=TODAY)
    assert good and good.warning is None and good.birth_date == date(1994, 3, 12)
    assert good.masked == "120394-xxxx"
    old = cpr.parse("211062-5629", today=TODAY)  # 7th digit 5 with year 62: the 1800s
    assert old and old.warning is None and old.birth_date == date(1862, 10, 21)
    no_check = cpr.parse("120394-1234", today=TODAY)
    assert no_check and no_check.birth_date == date(1994, 3, 12) and no_check.warning
    assert cpr.parse("010107-4000", today=TODAY).birth_date == date(2007, 1, 1)  # type: ignore[union-attr]
    assert cpr.parse("010160-5000", today=TODAY).birth_date == date(1860, 1, 1)  # type: ignore[union-attr]
    assert cpr.parse("010140-4000", today=TODAY).birth_date == date(1940, 1, 1)  # type: ignore[union-attr]


@given(cpr_numbers(past=False))
def test_cpr_future_birth_date_refused(number: tuple[str, date]) -> None:
    digits, _born = number
    with pytest.raises(ValidationError) as exc:
        cpr.parse(digits, today=TODAY)
    assert "fremtiden" in exc.value.message
    assert exc.value.field == "cpr"


@pytest.mark.parametrize("value", [
    "hej", "abcdefghij", "ABCDEF-GHIJ", "xxxxxxxxxx", "æøåæøåæøåæ", "12039412", "120394-123",
    "12039412345", "120394-12345", "1203941234567890", "12.03.94-1234", "120394/1234",
    "1203\x0094-1234", "120394\n1234", "120394\t-1234", "\x1b[31m1203941234", "1" * 10_000,
    "1203941234" * 3, "320394-1234", "120094-1234", "311194-1234", "300294-1234",
    "１２０３９４１２３４", "١٢٠٣٩٤١٢٣٤", "120394–1234", "¹²⁰³⁹⁴¹²³⁴",
])
def test_cpr_malformed(value: str) -> None:
    with pytest.raises(ValidationError) as exc:
        cpr.parse(value, today=TODAY)
    assert exc.value.field == "cpr"
    assert is_danish(exc.value.message)
    assert "Traceback" not in exc.value.message


def test_cpr_messages_say_what_to_fix() -> None:
    with pytest.raises(ValidationError, match="mangler 1 ciffer"):
        cpr.parse("120394-123", today=TODAY)
    with pytest.raises(ValidationError, match="ikke en rigtig dato"):
        cpr.parse("320394-1234", today=TODAY)


@pytest.mark.parametrize("value", [None, "", "   ", "\t"])
def test_cpr_empty_is_none(value: str | None) -> None:
    assert cpr.parse(value) is None


@pytest.mark.parametrize("value,formatted", [
    ("120394-A234", "120394-A234"),
    ("120394a234", "120394-A234"),
    ("AB0394-1234", "AB0394-1234"),
    ("120394-123x", "120394-123X"),
])
def test_cpr_replacement_with_letters(value: str, formatted: str) -> None:
    parsed = cpr.parse(value, today=TODAY)
    assert parsed is not None
    assert parsed.kind == cpr.KIND_REPLACEMENT
    assert parsed.formatted == formatted
    assert parsed.birth_date is None
    assert parsed.warning and "erstatningspersonnummer" in parsed.warning
    assert parsed.masked.endswith("-xxxx")


def test_cpr_replacement_cpr_office_form() -> None:
    # CPR-kontoret's recommendation: the day's first digit raised by 6.
    parsed = cpr.parse("670394-1234", today=TODAY)
    assert parsed is not None
    assert parsed.kind == cpr.KIND_REPLACEMENT
    assert parsed.birth_date == date(1994, 3, 7)
    assert parsed.warning and "erstatningspersonnummer" in parsed.warning


@given(st.text(max_size=40))
@example("\ud800")
@example("1203941234\x00")
@example("６７０３９４１２３４")
def test_cpr_never_raises_anything_else(value: str) -> None:
    try:
        parsed = cpr.parse(value, today=TODAY)
    except ValidationError as exc:
        assert exc.message and exc.field == "cpr"
        return
    if parsed is None:
        assert not value.strip()
        return
    assert re.fullmatch(r"[0-9A-Z]{6}-[0-9A-Z]{4}", parsed.formatted)
    assert parsed.digits == parsed.formatted.replace("-", "")
    assert parsed.digits.isascii()
    assert parsed.kind in (cpr.KIND_CPR, cpr.KIND_REPLACEMENT)
    if parsed.birth_date:
        assert parsed.birth_date <= TODAY


@given(st.one_of(st.none(), st.text(max_size=40), cpr_numbers().map(lambda n: n[0])))
@example("120394-1234")
@example("1203941234")
@example("12 03 94 12 34")
@example("1203-94-1234")
def test_mask_never_reveals_last_four(value: str | None) -> None:
    masked = cpr.mask(value)
    if not value:
        assert masked == ""
        return
    assert re.fullmatch(r".{6}-xxxx", masked, flags=re.DOTALL), masked
    compact = value.replace("-", "").replace(" ", "")
    if len(compact) == 10:
        assert masked == f"{compact[:6]}-xxxx"
    else:
        assert masked == "xxxxxx-xxxx"


@given(cpr_numbers(), st.sampled_from(["{a}-{b}", "{a}{b}", "{a} {b}"]),
       st.sampled_from(["", "CPR ", "cpr:", "cpr=", "Borger ", "nr"]),
       st.sampled_from(["", ".", " er noteret", ","]))
def test_mask_in_text_hides_any_cpr(number: tuple[str, date], layout: str, before: str,
                                    after: str) -> None:
    digits, _ = number
    line = before + layout.format(a=digits[:6], b=digits[6:]) + after
    masked = cpr.mask_in_text(line)
    assert digits[6:] not in masked.replace(digits[:6], "")
    assert f"{digits[:6]}-xxxx" in masked


def test_mask_in_text_leaves_other_numbers() -> None:
    assert cpr.mask_in_text("tlf 20304050, sag 2026-1234") == "tlf 20304050, sag 2026-1234"


def test_search_digits() -> None:
    assert cpr.search_digits("120394-12") == "12039412"
    assert cpr.search_digits("Mia") is None
    assert cpr.search_digits("") is None
    assert cpr.search_digits("12039412345") is None


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed,expected", [
    ("12.3", date(2026, 3, 12)),
    ("12.3.", date(2026, 3, 12)),
    ("12/3", date(2026, 3, 12)),
    ("12/3-26", date(2026, 3, 12)),
    ("12.03.2026", date(2026, 3, 12)),
    ("12.3.26", date(2026, 3, 12)),
    ("2026-03-12", date(2026, 3, 12)),
    ("2026-3-12", date(2026, 3, 12)),
    ("12-03-2026", date(2026, 3, 12)),
    (" 12.03.2026 ", date(2026, 3, 12)),
    ("1.1.99", date(1999, 1, 1)),
    ("1.1.27", date(2027, 1, 1)),
    ("1.1.28", date(1928, 1, 1)),
    ("29.02.2024", date(2024, 2, 29)),
    ("01.01.1900", date(1900, 1, 1)),
    ("31.12.2100", date(2100, 12, 31)),
])
def test_parse_date_accepts(typed: str, expected: date) -> None:
    assert dates.parse_date(typed, today=TODAY) == expected


@pytest.mark.parametrize("typed", [
    "31.02.2026", "29.02.2025", "32.1.2026", "12.13.2026", "0.1.2026", "abc", "12", "12.3.4",
    "12.03.20266", "2026-02-30", "2026/03/12", "12 marts 2026", "31.12.1899", "01.01.2101",
    "1899-12-31", "0000-01-01", "12..3", "١٢.٣.٢٠٢٦x", "12.3\x00", "+12.3",
])
def test_parse_date_rejects(typed: str) -> None:
    with pytest.raises(ValidationError) as exc:
        dates.parse_date(typed, field="start_date", today=TODAY)
    assert exc.value.field == "start_date"
    assert is_danish(exc.value.message)


@pytest.mark.parametrize("empty", [None, "", "   ", "\n"])
def test_parse_date_empty_is_none(empty: str | None) -> None:
    assert dates.parse_date(empty) is None


@given(st.text(max_size=30))
@example("\ud800")
@example("12.3.\U0001f600")
@example("９.９.９９")
def test_parse_date_only_raises_validation_error(typed: str) -> None:
    try:
        result = dates.parse_date(typed, today=TODAY)
    except ValidationError as exc:
        assert exc.message
        return
    if result is not None:
        assert dates.MIN_DATE <= result <= dates.MAX_DATE


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
       st.sampled_from(["%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m-%Y"]))
def test_parse_date_round_trip(d: date, fmt: str) -> None:
    assert dates.parse_date(d.strftime(fmt), today=TODAY) == d


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_range_1900_2100(d: date) -> None:
    typed = f"{d.day:02d}.{d.month:02d}.{d.year:04d}"
    if date(1900, 1, 1) <= d <= date(2100, 12, 31):
        assert dates.parse_date(typed) == d
    else:
        with pytest.raises(ValidationError, match="1900–2100"):
            dates.parse_date(typed)


def test_small_date_helpers() -> None:
    assert dates.fmt("2026-03-12") == "12.03.2026"
    assert dates.fmt(None) == ""
    assert dates.to_date("2026-03-12T10:00") == date(2026, 3, 12)
    assert dates.age_on(date(1994, 3, 12), date(2026, 3, 11)) == 31
    assert dates.age_on(date(1994, 3, 12), date(2026, 3, 12)) == 32
    assert dates.parse_time("14.30") == (14, 30)
    assert dates.parse_time("9:05") == (9, 5)
    for bad in ("24.00", "12.60", "klokken", "1430"):
        with pytest.raises(ValidationError):
            dates.parse_time(bad)


# --- free text -----------------------------------------------------------------------------


@given(st.text(), st.booleans())
@example("Ib \udcff Hansen", False)
@example("a\x9bb\x85c", False)
def test_clean_leaves_no_control_characters(value: str, multiline: bool) -> None:
    try:
        out = text.clean(value, field="x", label="Feltet", max_len=10_000, multiline=multiline)
    except ValidationError:
        return
    if out is None:
        return
    allowed = {"\n", "\t"} if multiline else set()
    for ch in out:
        assert not (ord(ch) < 32 and ch not in allowed), repr(out)
        assert not 0x7F <= ord(ch) <= 0x9F, repr(out)
        assert not 0xD800 <= ord(ch) <= 0xDFFF, repr(out)
    out.encode("utf-8")  # storable
    assert out == out.strip()


def test_clean_messages() -> None:
    with pytest.raises(ValidationError, match="Navn skal udfyldes"):
        text.clean("  \x00 ", field="legal_name", label="Navn", required=True)
    with pytest.raises(ValidationError, match=r"10\.000 tegn\). Højst 200"):
        text.clean("x" * 10_000, field="legal_name", label="Navn", max_len=200)
    assert text.clean("<script>alert(1)</script>", field="n", label="Navn") == \
        "<script>alert(1)</script>"
    assert text.clean("Mia\r\n  Jensen", field="n", label="Navn") == "Mia Jensen"
    assert text.clean("a\r\nb\rc", field="n", label="N", multiline=True) == "a\nb\nc"


# --- citizens (domain) ---------------------------------------------------------------------


def test_citizen_validate_and_display_name() -> None:
    values, warnings = dcitizens.validate(
        {"legal_name": "Mia Louise Jensen", "preferred_name": "Mia", "cpr": "120394-1234"},
        today=TODAY)
    assert values["birth_date"] == "1994-03-12"
    assert values["cpr_digits"] == "1203941234"
    assert warnings
    assert dcitizens.display_name(values) == "Mia Jensen"
    assert dcitizens.age(values, on=TODAY) == 32
    with pytest.raises(ValidationError, match="fremtiden"):
        dcitizens.validate({"legal_name": "X", "birth_date": "01.01.2027"}, today=TODAY)
    with pytest.raises(ValidationError, match="@"):
        dcitizens.validate({"legal_name": "X", "email": "ikke en mail"}, today=TODAY)
    with pytest.raises(ValidationError):
        dcitizens.validate({"legal_name": "X", "gender": "robot"}, today=TODAY)


# --- CTI phases ----------------------------------------------------------------------------


def test_cti_three_phases_of_three_months() -> None:
    phases = courses.cti_phases(date(2026, 1, 15), [])
    assert [(p.number, p.start, p.end) for p in phases] == [
        (1, date(2026, 1, 15), date(2026, 4, 15)),
        (2, date(2026, 4, 15), date(2026, 7, 15)),
        (3, date(2026, 7, 15), date(2026, 10, 15)),
    ]
    assert courses.cti_phases(None, []) == []


def test_cti_pause_shifts_later_phases() -> None:
    pause = [(date(2026, 2, 1), date(2026, 2, 11))]  # 10 days
    phases = courses.cti_phases(date(2026, 1, 15), pause)
    assert phases[0].end == date(2026, 4, 25)
    assert [p.start for p in phases[1:]] == [date(2026, 4, 25), date(2026, 7, 25)]
    assert phases[2].end == date(2026, 10, 25)
    # A pause in phase 2 leaves phase 1 alone.
    phases = courses.cti_phases(date(2026, 1, 15), [(date(2026, 5, 1), date(2026, 5, 8))])
    assert phases[0].end == date(2026, 4, 15)
    assert phases[1].end == date(2026, 7, 22)
    assert phases[2].end == date(2026, 10, 22)


def test_cti_pause_across_a_phase_boundary() -> None:
    phases = courses.cti_phases(date(2026, 1, 1), [(date(2026, 3, 25), date(2026, 4, 5))])
    assert phases[0].end == date(2026, 4, 12)  # all 11 days shift phase 1
    assert phases[2].end == date(2026, 10, 12)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(min_value=0, max_value=300), st.integers(min_value=1, max_value=120))
def test_cti_phases_contiguous_and_count_every_paused_day(transition: date, offset: int,
                                                          length: int) -> None:
    pause = (transition + timedelta(days=offset), transition + timedelta(days=offset + length))
    plain = courses.cti_phases(transition, [])
    phases = courses.cti_phases(transition, [pause])
    assert len(phases) == 3
    assert phases[0].start == transition
    for a, b in zip(phases, phases[1:], strict=False):
        assert a.end == b.start
    for p in phases:
        inside = max(0, (min(p.end, pause[1]) - max(p.start, pause[0])).days)
        assert p.end == courses.add_months(p.start, 3) + timedelta(days=inside)
    if pause[1] <= plain[-1].end:
        assert sum(max(0, (min(p.end, pause[1]) - max(p.start, pause[0])).days)
                   for p in phases) == length
    assert phases[-1].end >= plain[-1].end


def test_cti_override_with_reason_applied() -> None:
    overrides = [{"phase": 2, "start": "2026-04-20", "end": "2026-08-01",
                  "reason": "Indlagt ved overgangen"}]
    phases = courses.cti_phases(date(2026, 1, 15), [], overrides)
    assert phases[1].start == date(2026, 4, 20)
    assert phases[1].end == date(2026, 8, 1)
    assert phases[1].reason == "Indlagt ved overgangen"
    assert phases[2].start == date(2026, 8, 1)
    assert phases[2].end == date(2026, 11, 1)


def test_cti_override_without_reason_refused() -> None:
    base = {"method": "cti", "transition_date": "15.01.2026"}
    for reason in (None, "", "   "):
        with pytest.raises(ValidationError, match="begrundelse") as exc:
            courses.validate({**base, "phase_overrides": [
                {"phase": 1, "start": "2026-01-20", "reason": reason}]})
        assert exc.value.field == "phase_overrides"
    ok = courses.validate({**base, "phase_overrides": [
        {"phase": 1, "start": "2026-01-20", "reason": "Flyttede senere ind"}]})
    assert ok["phase_overrides"][0]["reason"] == "Flyttede senere ind"


def test_course_state_labels() -> None:
    course = {"method": "cti", "start_date": "2026-01-15", "transition_date": "2026-01-15"}
    st1 = courses.state(course, [], date(2026, 2, 1))
    assert st1.status == "active" and st1.phase and st1.phase.number == 1
    assert st1.phase_label == "CTI · fase 1 af 3"
    assert st1.day_number == 18
    paused = [{"kind": "paused", "event_date": "2026-05-01", "end_date": None}]
    st2 = courses.state(course, paused, date(2026, 5, 10))
    assert st2.status == "paused" and st2.phase_label.endswith("sat i bero")
    assert courses.state({**course, "end_decision_date": "2026-06-01", "end_type": "planned"},
                         [], date(2026, 7, 1)).phase_label == "Afsluttet"
    assert courses.state({"method": "cti"}, [], TODAY).phase_label.startswith("Fase nul")


# --- contact rhythm ------------------------------------------------------------------------


@pytest.mark.parametrize("method,today,expected", [
    ("cti", date(2026, 2, 1), 7),     # fase 1
    ("cti", date(2026, 5, 1), 14),    # fase 2
    ("cti", date(2026, 8, 1), 21),    # fase 3
    ("cti", date(2027, 1, 1), 21),    # after fase 3
    ("icm", date(2026, 2, 1), 7),
    ("act", date(2026, 2, 1), 21),
    ("preventive", date(2026, 2, 1), 21),
    ("other", date(2026, 2, 1), 21),
])
def test_contact_threshold_defaults(method: str, today: date, expected: int) -> None:
    course = {"method": method, "start_date": "2026-01-15", "transition_date": "2026-01-15"}
    state = courses.state(course, [], today)
    assert courses.contact_threshold(course, state) == expected


def test_contact_threshold_settings_override() -> None:
    course = {"method": "icm", "start_date": "2026-01-15"}
    state = courses.state(course, [], TODAY)
    assert courses.contact_threshold(course, state, {"icm": 10}) == 10


def test_days_since_excludes_paused_days() -> None:
    last = date(2026, 3, 1)
    today = date(2026, 3, 21)
    assert courses.days_since(last, [], today) == 20
    assert courses.days_since(last, [(date(2026, 3, 5), date(2026, 3, 10))], today) == 15
    # A pause before the last contact does not count; an open pause runs to today.
    assert courses.days_since(last, [(date(2026, 2, 1), date(2026, 2, 20))], today) == 20
    events = [{"kind": "paused", "event_date": "2026-03-11", "end_date": None}]
    assert courses.days_since(last, courses.paused_periods(events, today), today) == 10
    assert courses.days_since(None, [], today) is None


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
       st.integers(0, 400), st.integers(0, 400), st.integers(1, 200))
def test_days_since_bounds(last: date, gap: int, offset: int, length: int) -> None:
    today = last + timedelta(days=gap)
    pause = (last + timedelta(days=offset), last + timedelta(days=offset + length))
    n = courses.days_since(last, [pause], today)
    assert n is not None and 0 <= n <= gap
    assert n == gap - max(0, (min(today, pause[1]) - max(last, pause[0])).days)


# --- journal lock --------------------------------------------------------------------------


def _stamp(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).isoformat(timespec="microseconds")


def test_journal_lock_after_seven_days() -> None:
    assert not journal.is_locked({"created_at": _stamp(0)})
    assert not journal.is_locked({"created_at": _stamp(6.9)})
    assert journal.is_locked({"created_at": _stamp(7.01)})
    assert journal.is_locked({"created_at": _stamp(8)})


def test_journal_lock_after_transfer() -> None:
    assert journal.is_locked({"created_at": _stamp(0), "transferred_at": _stamp(0)})


def test_journal_validate() -> None:
    ok = journal.validate({"occurred_at": "12.3.2026", "occurred_time": "14.30",
                           "entry_type": "home_visit", "note": "  Hej  ",
                           "life_areas": ["b", "a", "a"]})
    assert ok["occurred_at"] == "2026-03-12T14:30"
    assert ok["note"] == "Hej"
    assert ok["life_areas"] == ["a", "b"]
    with pytest.raises(ValidationError, match="kontakttype"):
        journal.validate({"occurred_at": "12.3.2026", "entry_type": "telepathy"})
    with pytest.raises(ValidationError, match="minutter"):
        journal.validate({"occurred_at": "12.3.2026", "entry_type": "phone",
                          "duration_min": "lang"})
    with pytest.raises(ValidationError, match="Ukendt livsområde"):
        journal.validate({"occurred_at": "12.3.2026", "entry_type": "phone",
                          "life_areas": ["mars"]}, life_areas=frozenset({"health"}))


@pytest.mark.parametrize("when", ["0001-01-01T10:00", "1800-05-05T10:00", "2200-01-01T00:00",
                                  datetime(1850, 1, 1, 12, 0)])
def test_journal_occurred_at_range(when: object) -> None:
    with pytest.raises(ValidationError, match="1900–2100") as exc:
        journal.validate({"occurred_at": when, "entry_type": "phone"})
    assert exc.value.field == "occurred_at"


@given(st.text(max_size=30), st.one_of(st.none(), st.text(max_size=8)))
@example("2026-03-12T25:00", None)
@example("12.3", "99.99")
def test_journal_occurred_only_raises_validation_error(value: str, time_text: str | None) -> None:
    try:
        out = journal.parse_occurred(value, time_text)
    except ValidationError:
        return
    parsed = datetime.fromisoformat(out)
    assert dates.MIN_DATE <= parsed.date() <= dates.MAX_DATE


# --- search folding ------------------------------------------------------------------------


def test_fold_keeps_danish_letters_and_folds_accents() -> None:
    assert search.fold("Århus") == "århus"
    assert search.fold("ÆRØ") == "ærø"
    assert search.fold("Øster Å") == "øster å"
    assert search.fold("André") == "andre"
    assert search.fold("Müller Señor Çelik") == "muller senor celik"
    assert search.fold("Århus") != search.fold("Arhus")
    # Decomposed input (macOS, PDFs) folds like composed input.
    assert search.fold("A\u030arhus") == "århus"
    assert search.fold("Andre\u0301") == "andre"


@given(st.text(max_size=30))
def test_fold_is_idempotent(value: str) -> None:
    assert search.fold(search.fold(value)) == search.fold(value)


BRIEF = {"legal_name": "Mia Louise Jensen", "preferred_name": "Mia", "cpr_digits": "1203941234"}


@pytest.mark.parametrize("query", [
    "", "mia", "Mia", "jen", "louise jensen", "MIA J", "1203941234", "120394-1234", "120394",
    "120394-12", "12 03 94", "1203",
])
def test_name_matches(query: str) -> None:
    assert search.name_matches(BRIEF, query)


@pytest.mark.parametrize("query", ["ole", "mia hansen", "1203941235", "220394", "94-1234",
                                   "ensen"])
def test_name_does_not_match(query: str) -> None:
    assert not search.name_matches(BRIEF, query)


def test_name_matches_without_cpr() -> None:
    assert not search.name_matches({"legal_name": "Ib", "cpr_digits": None}, "1203")
    assert search.name_matches({"legal_name": "Søren Ærø"}, "sør ær")
    assert not search.name_matches({"legal_name": "Søren"}, "soren")
