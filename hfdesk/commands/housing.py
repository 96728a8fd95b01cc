"""`list` and `print` kinds of the housing search: the log, offers, and two printouts."""

from __future__ import annotations

import argparse
from decimal import Decimal
from typing import Any

from hfdesk.commands import Printed, lister, printer
from hfdesk.store.database import Store


def _citizen_ids(store: Store, args: argparse.Namespace) -> list[str]:
    from hfdesk.store import citizens

    if args.citizen:
        citizens.get(store, args.citizen)
        return [args.citizen]
    return [c["id"] for c in citizens.list_brief(store)]


def _plain(row: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for k in keys:
        v = row.get(k)
        out[k] = str(v) if isinstance(v, Decimal) else v
    return out


_KEYS = {
    "housing_activity": ("activity_date", "channel", "channel_text", "actor_name", "place",
                         "housing_type", "rent", "deposit", "prepaid_rent", "size_m2",
                         "outcome", "reason", "minutes"),
    "housing_registration": ("registered_date", "organisation", "list_type", "list_name",
                             "position", "renewal_due", "fee", "ended_date"),
    "housing_segment": ("start_date", "end_date", "housing_situation", "contract_type",
                        "own_contract", "contract_date", "move_in_date", "rent", "end_reason"),
    "housing_money": ("applied_date", "money_type", "amount", "urgent", "outcome",
                      "decided_date", "granted", "offer_id"),
    "housing_economy": ("valid_from", "income_source", "income_after_tax", "fixed_costs"),
}
_DATE = {"housing_activity": "activity_date", "housing_registration": "registered_date",
         "housing_segment": "start_date", "housing_money": "applied_date",
         "housing_economy": "valid_from"}


@lister("housing")
def list_housing(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    """The whole search log, one row per record (kind, id, citizen_id, date, then its fields),
    oldest first, each citizen with a closing `figures` row."""
    from hfdesk.store import housing_search as hs

    rows: list[dict[str, Any]] = []
    for cid in _citizen_ids(store, args):
        mine: list[dict[str, Any]] = []
        for kind, keys in _KEYS.items():
            for r in hs.list_for(store, kind, cid):
                mine.append({"kind": kind.removeprefix("housing_"), "id": r["id"],
                             "citizen_id": cid, "date": r[_DATE[kind]], **_plain(r, keys)})
        mine.sort(key=lambda r: (str(r["date"]), r["kind"]))
        f = hs.figures(store, cid)
        if mine or f.first_move_in:
            mine.append({"kind": "figures", "id": None, "citizen_id": cid, "date": None,
                         "first_move_in": f.first_move_in,
                         "days_from_start": f.days_from_start,
                         "days_from_referral": f.days_from_referral,
                         "housed_now": f.housed_now, "search_since": f.search_since,
                         "days_searching": f.days_searching,
                         "channels_tried": [c.channel for c in f.channels],
                         "open_applications": len(f.open_applications),
                         "registrations_due": len(f.registrations_due),
                         "offers_lost": len(f.offers_lost),
                         "lost_reasons": f.lost_reasons,
                         "homes_lost": [{"lost": h.lost, "reason": h.reason,
                                         "rehoused": h.rehoused} for h in f.homes_lost]})
        rows.extend(mine)
    return rows


@lister("offers")
def list_offers(store: Store, args: argparse.Namespace) -> list[dict[str, Any]]:
    from hfdesk.domain.housing_search import kr
    from hfdesk.store import housing_search as hs

    rows = []
    for cid in _citizen_ids(store, args):
        for o in hs.offers_with_affordability(store, cid):
            d = o["disposable_ore"]
            rows.append({"id": o["id"], "citizen_id": cid, "offer_date": o["offer_date"],
                         "address": o.get("address"), "landlord": o.get("actor_name"),
                         "housing_type": o.get("housing_type"),
                         "contract_type": o.get("contract_type"),
                         "rent": str(o["rent"]) if o.get("rent") is not None else None,
                         "deposit": str(o["deposit"]) if o.get("deposit") is not None else None,
                         "conditions": o["conditions"],
                         "signing_deadline": o.get("signing_deadline"),
                         "decision": o["decision"], "lost_reason": o.get("lost_reason"),
                         "disposable_after_rent": str(kr(d)) if d is not None else None,
                         "money_undecided": sum(1 for m in o["money"]
                                                if m.get("outcome") == "pending"),
                         "at_risk": o["at_risk"]})
    return rows


@printer("housing-log")
def print_housing_log(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.housing_log import build_housing_log, housing_log_snapshot
    from hfdesk.errors import UserError
    from hfdesk.store import citizens

    assert store is not None
    if not args.citizen:
        raise UserError("Boligsøgningsoversigten kræver --citizen ID.")
    citizens.get(store, args.citizen)
    pdf = build_housing_log(housing_log_snapshot(store, args.citizen, external=args.external))
    return Printed(pdf, args.citizen, "housing_log_external" if args.external else "housing_log")


@printer("deposit-note")
def print_deposit_note(store: Store | None, args: argparse.Namespace) -> Printed:
    from hfdesk.documents.deposit_note import build_deposit_note, deposit_note_snapshot
    from hfdesk.errors import UserError
    from hfdesk.store import housing_search as hs

    assert store is not None
    if not args.offer:
        raise UserError("Følgebrevet kræver --offer ID (se 'hfdesk list offers').")
    offer = hs.require(store, "housing_offer", args.offer)
    pdf = build_deposit_note(deposit_note_snapshot(store, args.offer))
    return Printed(pdf, offer["citizen_id"], "deposit_note", args.offer)
