"""Plug points for the headless `list` and `print` commands, one module per area.

Each area module registers its kinds here, so adding an area never edits another area's
command code: `hfdesk list KIND` and `hfdesk print DOCUMENT` look their KIND up in these tables.
"""

from __future__ import annotations

import argparse
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hfdesk.store.database import Store

# The area modules, in the order their kinds are listed in --help.
AREA_MODULES = ["hfdesk.commands.core", "hfdesk.commands.housing", "hfdesk.commands.screening",
                "hfdesk.commands.network", "hfdesk.commands.plans", "hfdesk.commands.statistics",
                "hfdesk.commands.journalisation", "hfdesk.commands.sharing",
                "hfdesk.commands.measurements"]


@dataclass(frozen=True)
class Printed:
    pdf: bytes
    citizen_id: str | None
    record_kind: str
    record_id: str | None = None


Lister = Callable[[Store, argparse.Namespace], list[dict[str, Any]]]


@dataclass(frozen=True)
class Printer:
    build: Callable[[Store | None, argparse.Namespace], Printed]
    needs_store: bool = True


LISTERS: dict[str, Lister] = {}
PRINTERS: dict[str, Printer] = {}


def lister(kind: str) -> Callable[[Lister], Lister]:
    def register(fn: Lister) -> Lister:
        LISTERS[kind] = fn
        return fn
    return register


def printer(name: str, *, needs_store: bool = True) -> Callable[[Callable[..., Printed]],
                                                                 Callable[..., Printed]]:
    def register(fn: Callable[..., Printed]) -> Callable[..., Printed]:
        PRINTERS[name] = Printer(fn, needs_store)
        return fn
    return register


def load() -> None:
    for name in AREA_MODULES:
        importlib.import_module(name)
