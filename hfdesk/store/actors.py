"""The one register of persons and organisations every area refers to."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hfdesk.domain.text import NAME_MAX, NOTE_MAX, clean
from hfdesk.errors import ValidationError
from hfdesk.store import audit, records
from hfdesk.store.database import Store

KIND = "actor"
FIELDS = ("actor_type", "name", "organisation", "phone", "email", "address", "notes")


def validate(data: Mapping[str, Any], *, partial: bool = False,
             actor_types: frozenset[str] | None = None) -> dict[str, Any]:
    keys = [k for k in FIELDS if k in data] if partial else list(FIELDS)
    out: dict[str, Any] = {}
    for key in keys:
        v = data.get(key)
        if key == "actor_type":
            if not v or (actor_types is not None and v not in actor_types):
                raise ValidationError("Vælg en aktørtype fra listen.", field=key)
            out[key] = v
        elif key == "name":
            out[key] = clean(v, field=key, label="Navn", max_len=NAME_MAX, required=True)
        elif key == "notes":
            out[key] = clean(v, field=key, label="Noter", max_len=NOTE_MAX, multiline=True)
        else:
            out[key] = clean(v, field=key, label="Feltet", max_len=500)
    return out


def create(store: Store, data: Mapping[str, Any],
           actor_types: frozenset[str] | None = None) -> str:
    values = validate(data, actor_types=actor_types)
    with store.db.atomic():
        aid = records.insert(store, KIND, values)
        audit.log(store, "create", record_kind=KIND, record_id=aid, fields=list(values))
    return aid


def update(store: Store, actor_id: str, changes: Mapping[str, Any],
           session: audit.EditSession | None = None) -> None:
    values = validate(changes, partial=True)
    with store.db.atomic():
        changed = records.update(store, KIND, actor_id, values)
        if changed:
            (session or audit.EditSession()).record(store, "change", KIND, actor_id, None,
                                                    changed)


def get(store: Store, actor_id: str) -> dict[str, Any]:
    return records.get(store, KIND, actor_id)


def list_all(store: Store, actor_type: str | None = None) -> list[dict[str, Any]]:
    if actor_type:
        return store.query("SELECT * FROM actors WHERE actor_type = ? ORDER BY name",
                           [actor_type])
    return store.query("SELECT * FROM actors ORDER BY name")
