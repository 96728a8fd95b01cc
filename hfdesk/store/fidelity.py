"""Fidelity self-assessment in the store: dated rounds and one score row per item.

Team-level, never per citizen: no row here has a citizen_id, and the audit rows carry none.
The instrument lives in resources/fidelity.toml (`hfdesk.domain.fidelity.parse`); each round
keeps the instrument key and version it was rated with, so an old round still reads right
after the shipped instrument changes.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

from hfdesk.domain import fidelity as domain
from hfdesk.errors import NotFound, ValidationError
from hfdesk.store import audit, records
from hfdesk.store.database import Store

ROUND = "fidelity_round"
SCORE = "fidelity_score"


def shipped_path() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources" / "fidelity.toml"
    return Path(__file__).resolve().parents[2] / "resources" / "fidelity.toml"


def instruments(path: Path | None = None) -> list[domain.Instrument]:
    from hfdesk.vocab import read_toml

    p = path or shipped_path()
    display = "resources/fidelity.toml" if path is None else str(p)
    return domain.parse(read_toml(p, display), display)


def instrument(key: str | None = None, version: str | None = None) -> domain.Instrument:
    """The named instrument (default: the first shipped one)."""
    found = instruments()
    if key is None:
        return found[0]
    for inst in found:
        if inst.key == key and (version is None or inst.version == version):
            return inst
    raise ValidationError(f"Fidelitetsinstrumentet «{key[:40]}» findes ikke i denne version af "
                          "hfdesk.", field="instrument")


# --- reading --------------------------------------------------------------------------------

def list_rounds(store: Store) -> list[dict[str, Any]]:
    """All rounds, oldest first, each with how many items are answered."""
    return store.query(
        "SELECT r.id, r.instrument, r.instrument_version, r.round_date, r.title, r.rated_by, "
        "r.comment, r.created_at, "
        "(SELECT COUNT(*) FROM fidelity_scores s WHERE s.round_id = r.id "
        " AND (s.score IS NOT NULL OR s.not_relevant = 1)) AS answered "
        "FROM fidelity_rounds r ORDER BY r.round_date, r.created_at")


def get_round(store: Store, round_id: str) -> dict[str, Any]:
    try:
        return records.get(store, ROUND, round_id)
    except NotFound:
        raise NotFound("Fidelitetsrunden findes ikke (den kan være slettet).") from None


def scores(store: Store, round_id: str) -> dict[str, dict[str, Any]]:
    """item key -> {id, score, not_relevant, comment}."""
    rows = store.query("SELECT id, item, score, not_relevant, comment FROM fidelity_scores "
                       "WHERE round_id = ?", [round_id])
    return {r["item"]: {**r, "not_relevant": bool(r["not_relevant"])} for r in rows}


def all_scores(store: Store) -> dict[str, dict[str, dict[str, Any]]]:
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for r in store.query("SELECT round_id, item, score, not_relevant, comment "
                         "FROM fidelity_scores"):
        out.setdefault(r["round_id"], {})[r["item"]] = {**r,
                                                        "not_relevant": bool(r["not_relevant"])}
    return out


# --- writing --------------------------------------------------------------------------------

def create_round(store: Store, data: Mapping[str, Any] | None = None, *,
                 instrument_key: str | None = None, today: date | None = None) -> str:
    """A new dated round of the instrument (default: the shipped one, dated today)."""
    today = today or date.today()
    inst = instrument(instrument_key)
    values = domain.validate_round({"round_date": today, **dict(data or {})}, today=today)
    with store.db.atomic():
        rid = records.insert(store, ROUND, {"instrument": inst.key,
                                            "instrument_version": inst.version, **values})
        audit.log(store, "create", record_kind=ROUND, record_id=rid,
                  fields=["instrument", *values])
    return rid


def update_round(store: Store, round_id: str, changes: Mapping[str, Any], *,
                 today: date | None = None) -> list[str]:
    get_round(store, round_id)
    values = domain.validate_round(changes, today=today)
    with store.db.atomic():
        changed = records.update(store, ROUND, round_id, values)
        if changed:
            audit.log(store, "change", record_kind=ROUND, record_id=round_id, fields=changed)
    return changed


def set_score(store: Store, round_id: str, item: str, value: Any, *,
              comment: Any = None) -> list[str]:
    """Score one item: a scale value, "ikke relevant", or empty to clear it."""
    r = get_round(store, round_id)
    inst = instrument(r["instrument"], r["instrument_version"])
    score, not_relevant = domain.validate_score(inst, item, value)
    note = None if comment is None else (str(comment).strip() or None)
    if note is not None and len(note) > domain.MAX_COMMENT:
        raise ValidationError(f"Kommentaren er for lang (højst {domain.MAX_COMMENT} tegn).",
                              field=item)
    current = scores(store, round_id).get(item)
    values: dict[str, Any] = {"score": score, "not_relevant": int(not_relevant)}
    if comment is not None:
        values["comment"] = note
    with store.db.atomic():
        if current is None:
            sid = records.insert(store, SCORE, {"round_id": round_id, "item": item, **values})
            changed = list(values)
        else:
            sid = current["id"]
            changed = records.update(store, SCORE, sid, values)
        if changed:
            audit.log(store, "change", record_kind=SCORE, record_id=sid, fields=changed)
    return changed


def delete_round(store: Store, round_id: str) -> None:
    get_round(store, round_id)
    with store.db.atomic():
        for sid in [s["id"] for s in scores(store, round_id).values()]:
            records.delete(store, SCORE, sid)
        records.delete(store, ROUND, round_id)
        audit.log(store, "delete", record_kind=ROUND, record_id=round_id)


# --- for printing and the window ------------------------------------------------------------

def snapshot(store: Store, round_id: str | None = None) -> dict[str, Any]:
    """Plain data for the printout and the window: the instrument, the rounds compared (all of
    this instrument, or up to and including `round_id`) and the chosen round's details."""
    rounds = list_rounds(store)
    chosen = get_round(store, round_id) if round_id else (rounds[-1] if rounds else None)
    inst = instrument(chosen["instrument"], chosen["instrument_version"]) if chosen \
        else instrument()
    same = [r for r in rounds if r["instrument"] == inst.key]
    if chosen:
        same = [r for r in same if (str(r["round_date"]), str(r["created_at"]))
                <= (str(chosen["round_date"]), str(chosen["created_at"]))]
    all_s = all_scores(store)
    return {"instrument": inst, "rounds": same, "chosen": chosen,
            "comparison": domain.compare(inst, same, all_s),
            "chosen_scores": all_s.get(str(chosen["id"]), {}) if chosen else {}}
