"""`hfdesk-cli --self-test`: does this installation work on this machine?

Municipal IT runs it after copying the bundle to a laptop (and `make bundle` runs it on the
built folder), so it checks what a frozen app loses most easily: the translations, the
encrypted database with its key file, the fonts for æ, ø and å in printouts and the code lists.
The Qt half (Qt's own Danish buttons, QtPdf, the SVG icon engine) lives in `ui/selftest.py` and
is passed in as extra checks: the core never imports Qt.

Every check runs in a temporary folder that is removed afterwards; nothing touches the worker's
real database. Each failure is one Danish line on stderr; the exit code is 0 only when all hold.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

SAMPLE_TEXT = "Blåbærgrød på Ærø: æ ø å Æ Ø Å"
PASSPHRASE = "selvtest med en lang nok saetning"


class SelfTestFailure(Exception):
    """A check that did not hold; the message is the Danish line the worker or IT reads."""


@dataclass
class Context:
    """Shared between the checks: the temporary folder and what earlier checks produced."""

    folder: Path
    pdf: bytes = b""
    notes: list[str] = field(default_factory=list)


Check = tuple[str, Callable[[Context], None]]


def check_translations(ctx: Context) -> None:
    from hfdesk import i18n

    i18n.install("da")
    if i18n._("Settings") != "Indstillinger":
        raise SelfTestFailure(
            f"Oversættelserne kunne ikke indlæses fra {i18n.translations_dir()}: "
            "programmet ville vise engelske tekster.")


def check_vocabularies(ctx: Context) -> None:
    from hfdesk import vocab

    try:
        lists = vocab.default()
        label = lists.label("life_area", "substance")
    except Exception as exc:  # noqa: BLE001 (any failure here means the code lists are broken)
        raise SelfTestFailure(f"Ordlisterne (resources/vocab) kunne ikke indlæses: {exc}") from exc
    if not label or label == "substance":
        raise SelfTestFailure("Ordlisterne mangler deres danske tekster.")


def check_resources(ctx: Context) -> None:
    from hfdesk.paths import resources_dir

    base = resources_dir()
    missing = [name for name, pattern in (("fonts", "*.ttf"), ("icons", "*.svg"),
                                          ("help/da", "*.md"), ("vocab", "*.toml"))
               if not any((base / name).glob(pattern))]
    if missing:
        raise SelfTestFailure(f"Filer mangler i {base}: {', '.join(missing)}. "
                              "Installér hfdesk igen.")


def check_database(ctx: Context) -> None:
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

    from hfdesk.errors import UserError
    from hfdesk.store import database, keyfile, migrations

    path = ctx.folder / "selvtest.db"
    recovery = X25519PrivateKey.generate()
    try:
        store = database.create_store(path, PASSPHRASE, worker_name="Selvtest",
                                      recovery=recovery.public_key())
        store.close()
    except UserError as exc:
        raise SelfTestFailure(f"Den krypterede database kunne ikke oprettes: {exc.message}") \
            from exc
    if not keyfile.key_path_for(path).is_file():
        raise SelfTestFailure("Nøglefilen blev ikke skrevet ved siden af databasen.")
    if path.read_bytes()[:16] == b"SQLite format 3\x00":
        raise SelfTestFailure("Databasen blev skrevet ukrypteret: SQLCipher virker ikke.")
    try:
        with database.open_store(path, PASSPHRASE) as store:
            integrity, fk = database.integrity(store)
            applied = migrations.applied_names(store.db)
    except UserError as exc:
        raise SelfTestFailure(f"Databasen kunne ikke åbnes igen: {exc.message}") from exc
    if integrity != ["ok"] or fk:
        raise SelfTestFailure("Databasen er ikke hel efter genåbning: " + ", ".join(integrity))
    if not applied or applied[-1] != migrations.schema_version():
        raise SelfTestFailure(f"Databasen blev ikke opdateret til skema "
                              f"{migrations.schema_version()}.")
    try:
        database.open_store(path, PASSPHRASE + "x").close()
    except UserError:
        pass
    else:
        raise SelfTestFailure("Databasen kunne åbnes med en forkert adgangssætning.")
    # The municipality's recovery key must open the same key file.
    key = keyfile.KeyFile.load(keyfile.key_path_for(path)).unwrap_with_recovery(recovery)
    database.open_with_key(path, key).close()


def check_pdf(ctx: Context) -> None:
    from hfdesk.documents.layout import PageSpec, build_pdf, para

    spec = PageSpec(organisation="Selvtest", title="Selvtest", printed_by="Selvtest")
    try:
        pdf = build_pdf(spec, [para(SAMPLE_TEXT, "Body")])
    except Exception as exc:  # noqa: BLE001 (a missing font raises DocumentError, others too)
        raise SelfTestFailure(f"Der kunne ikke laves en PDF: {exc}") from exc
    if not pdf.startswith(b"%PDF") or b"DejaVu" not in pdf:
        raise SelfTestFailure("PDF'en blev lavet uden de indlejrede DejaVu-skrifttyper, så æ, ø "
                              "og å kan mangle på udskrifter.")
    ctx.pdf = pdf


def check_commands(ctx: Context) -> None:
    # Loads every area's command module: a bundle that lost one fails here, not in a script.
    from hfdesk import cli

    try:
        cli.build_parser()
    except ImportError as exc:
        raise SelfTestFailure(f"Kommandolinjen mangler et modul: {exc}. Byg pakken igen.") \
            from exc


CORE_CHECKS: list[Check] = [
    ("Oversættelser", check_translations),
    ("Kommandolinjen", check_commands),
    ("Programfiler", check_resources),
    ("Ordlister", check_vocabularies),
    ("Krypteret database og nøglefil", check_database),
    ("PDF med æ, ø og å", check_pdf),
]


def run(extra: Sequence[Check] = (), *, out: TextIO | None = None,
        err: TextIO | None = None) -> int:
    """Run the core checks, then `extra`; 0 when all hold, 1 otherwise."""
    out = out or sys.stdout
    err = err or sys.stderr
    folder = Path(tempfile.mkdtemp(prefix="hfdesk-selvtest-"))
    ctx = Context(folder=folder)
    failures = 0
    try:
        for title, check in [*CORE_CHECKS, *extra]:
            try:
                check(ctx)
            except SelfTestFailure as exc:
                failures += 1
                err.write(f"FEJL: {title}: {exc}\n")
            except Exception as exc:  # noqa: BLE001 (report every check, never a traceback)
                failures += 1
                where = traceback.extract_tb(exc.__traceback__)[-1]
                err.write(f"FEJL: {title}: uventet fejl {type(exc).__name__}: {exc} "
                          f"({Path(where.filename).name}:{where.lineno})\n")
            else:
                out.write(f"OK:   {title}\n")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    for note in ctx.notes:
        out.write(f"      {note}\n")
    if failures:
        err.write(f"Selvtesten fandt {failures} fejl.\n")
        return 1
    out.write("Selvtesten er bestået.\n")
    return 0
