"""Fidelity self-assessment: the instrument as data, score validation and round comparison.

No I/O. The instrument (resources/fidelity.toml) is parsed into `Instrument`; a round is a dated
set of scores (1–4, or "ikke relevant", or not yet answered). Comparison gives one column per
round and the mean per section, leaving "ikke relevant" and unanswered items out of the mean —
and saying how many items the mean is of. Team-level only: nothing here knows a citizen.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from hfdesk.domain.dates import check_range, parse_date, to_date
from hfdesk.errors import ValidationError

NOT_RELEVANT = "ikke relevant"
NOT_RELEVANT_LABEL = "Ikke relevant"
MAX_COMMENT = 2000
MAX_TITLE = 120


@dataclass(frozen=True)
class Item:
    key: str
    section: str
    text: str


@dataclass(frozen=True)
class Section:
    key: str
    title: str


@dataclass(frozen=True)
class Instrument:
    key: str
    version: str
    title: str
    description: str
    scale: tuple[tuple[int, str], ...]       # (value, label), best first
    sections: tuple[Section, ...]
    items: tuple[Item, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(v for v, _l in self.scale)

    def scale_label(self, value: int | None) -> str:
        return next((label for v, label in self.scale if v == value), "")

    def items_in(self, section: str) -> list[Item]:
        return [i for i in self.items if i.section == section]

    def item(self, key: str) -> Item | None:
        return next((i for i in self.items if i.key == key), None)


def _err(msg: str) -> ValidationError:
    return ValidationError(msg, field="instrument")


def parse(data: Mapping[str, Any], origin: str = "resources/fidelity.toml") -> list[Instrument]:
    """Instruments from the parsed TOML; a broken file raises ValidationError in Danish."""
    raw = data.get("instruments")
    if not isinstance(raw, list) or not raw:
        raise _err(f"{origin}: der er ingen [[instruments]] i filen.")
    out = []
    for n, inst in enumerate(raw, 1):
        where = f"{origin}, instrument nr. {n}"
        if not isinstance(inst, Mapping):
            raise _err(f"{where}: skal være en tabel.")
        key, version, title = inst.get("key"), inst.get("version"), inst.get("title")
        if not all(isinstance(v, str) and v.strip() for v in (key, version, title)):
            raise _err(f"{where}: key, version og title skal udfyldes.")
        scale = []
        for s in inst.get("scale") or []:
            if (not isinstance(s, Mapping) or not isinstance(s.get("value"), int)
                    or isinstance(s.get("value"), bool) or not isinstance(s.get("label"), str)
                    or not 1 <= s["value"] <= 5):
                raise _err(f"{where}: hvert trin på skalaen skal have value (1–5) og label.")
            scale.append((int(s["value"]), str(s["label"])))
        if len(scale) < 2 or len({v for v, _ in scale}) != len(scale):
            raise _err(f"{where}: skalaen skal have mindst to forskellige trin.")
        sections = []
        for s in inst.get("sections") or []:
            if not isinstance(s, Mapping) or not isinstance(s.get("key"), str) \
                    or not isinstance(s.get("title"), str):
                raise _err(f"{where}: hvert afsnit skal have key og title.")
            sections.append(Section(s["key"], s["title"]))
        known = {s.key for s in sections}
        items = []
        for i in inst.get("items") or []:
            if not isinstance(i, Mapping) or not all(isinstance(i.get(k), str) and i.get(k)
                                                     for k in ("key", "section", "text")):
                raise _err(f"{where}: hvert punkt skal have key, section og text.")
            if i["section"] not in known:
                raise _err(f"{where}: punktet {i['key']} hører til et ukendt afsnit "
                           f"({i['section']}).")
            items.append(Item(i["key"], i["section"], i["text"]))
        if not items or len({i.key for i in items}) != len(items):
            raise _err(f"{where}: punkterne skal findes og have forskellige nøgler.")
        out.append(Instrument(str(key), str(version), str(title),
                              str(inst.get("description") or ""),
                              tuple(sorted(scale, reverse=True)), tuple(sections), tuple(items)))
    return out


# --- validation -----------------------------------------------------------------------------

def validate_round(data: Mapping[str, Any], today: date | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "round_date" in data:
        raw = data["round_date"]
        d = raw if isinstance(raw, date) else parse_date(raw, field="round_date", today=today)
        if d is None:
            raise ValidationError("Skriv datoen for runden, fx 01.03.2026.", field="round_date")
        out["round_date"] = check_range(d, field="round_date").isoformat()
    for key, cap in (("title", MAX_TITLE), ("rated_by", MAX_TITLE), ("comment", MAX_COMMENT)):
        if key in data:
            text = "" if data[key] is None else str(data[key]).strip()
            if len(text) > cap:
                raise ValidationError(f"Teksten er for lang (højst {cap} tegn). Forkort den.",
                                      field=key)
            out[key] = text or None
    return out


def validate_score(instrument: Instrument, item: str, value: Any) -> tuple[int | None, bool]:
    """(score, not_relevant) for a typed answer: a scale value, "ikke relevant" or empty."""
    if instrument.item(item) is None:
        raise ValidationError("Punktet findes ikke i instrumentet.", field="item")
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, False
    if isinstance(value, str) and value.strip().lower() in (NOT_RELEVANT, "irrelevant", "ir"):
        return None, True
    try:
        score = int(str(value).strip()) if not isinstance(value, bool) else None
    except ValueError:
        score = None
    if score is None or score not in instrument.values:
        low, high = min(instrument.values), max(instrument.values)
        raise ValidationError(f"Vælg {low}–{high} eller «ikke relevant».", field=item)
    return score, False


# --- comparison -----------------------------------------------------------------------------

def mean(scores: Sequence[int | None]) -> tuple[float | None, int]:
    """Mean of the given scores (None = ikke relevant / unanswered, left out) and its n."""
    vals = [s for s in scores if s is not None]
    return (sum(vals) / len(vals) if vals else None, len(vals))


def fmt_mean(value: float | None, n: int) -> str:
    return "–" if value is None else f"{value:.2f}".replace(".", ",") + f" (n={n})"


def cell(score: int | None, not_relevant: bool) -> str:
    if not_relevant:
        return NOT_RELEVANT_LABEL
    return "–" if score is None else str(score)


@dataclass(frozen=True)
class Comparison:
    rounds: list[dict[str, Any]]                       # oldest first
    rows: list[tuple[str, str, list[str]]]             # (kind: section|item|mean, text, cells)


def compare(instrument: Instrument, rounds: Sequence[Mapping[str, Any]],
            scores: Mapping[str, Mapping[str, Mapping[str, Any]]]) -> Comparison:
    """One column per round; per section its items then "Gennemsnit" (ikke relevant left out);
    at the end the overall mean. `scores[round_id][item] = {"score", "not_relevant"}`."""
    ordered = sorted(rounds, key=lambda r: (str(r.get("round_date")), str(r.get("created_at"))))
    rows: list[tuple[str, str, list[str]]] = []
    totals: dict[str, list[int | None]] = {str(r["id"]): [] for r in ordered}
    for sec in instrument.sections:
        items = instrument.items_in(sec.key)
        if not items:
            continue
        rows.append(("section", sec.title, ["" for _ in ordered]))
        per: dict[str, list[int | None]] = {str(r["id"]): [] for r in ordered}
        for it in items:
            cells = []
            for r in ordered:
                s = scores.get(str(r["id"]), {}).get(it.key, {})
                sc = s.get("score")
                nr = bool(s.get("not_relevant"))
                cells.append(cell(sc, nr))
                per[str(r["id"])].append(None if nr else sc)
                totals[str(r["id"])].append(None if nr else sc)
            rows.append(("item", it.text, cells))
        rows.append(("mean", f"Gennemsnit, {sec.title.lower()}",
                     [fmt_mean(*mean(per[str(r["id"])])) for r in ordered]))
    rows.append(("total", "Gennemsnit i alt",
                 [fmt_mean(*mean(totals[str(r["id"])])) for r in ordered]))
    return Comparison(list(ordered), rows)


def round_label(r: Mapping[str, Any]) -> str:
    d = to_date(r.get("round_date"))
    day = d.strftime("%d.%m.%Y") if d else ""
    title = str(r.get("title") or "").strip()
    return f"{title} ({day})" if title else day
