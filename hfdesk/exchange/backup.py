"""Backups: a zip with the SQLCipher copy (still encrypted), the wrapped key file and a manifest.

The copy is made with SQLite's backup API from the open connection, checked
(`cipher_integrity_check`, `quick_check`, counts) before the zip is finished, and restored only
to a new file, after the same checks.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from hfdesk import __version__ as app_version
from hfdesk.errors import UserError, ValidationError
from hfdesk.exchange import package
from hfdesk.store import audit, exchange, keyfile
from hfdesk.store.backupapi import backup_to
from hfdesk.store.database import DatabaseError, Store, open_with_key

FORMAT = "hfdesk-backup"
VERSION = 1
DB_MEMBER = "hfdesk.db"
KEY_MEMBER = "hfdesk.db.key"
NAME_PATTERN = re.compile(r"^hfdesk-backup-(\d{8})-(\d{6})\.zip$")

Progress = Callable[[str, int, int], None]


def _noop(_step: str, _done: int, _total: int) -> None:
    return None


def backup(store: Store, out: Path, *, progress: Progress = _noop) -> dict[str, Any]:
    """Write a verified backup zip to `out` (never over an existing file)."""
    out = Path(out)
    if out.exists():
        raise UserError(f"{out} findes allerede. Vælg et nyt filnavn; intet overskrives.")
    copy = out.with_name(out.name + ".db.part")
    progress("Kopierer databasen", 0, 3)
    try:
        # A connection of its own sees only committed data, so a backup taken while the app
        # is open (the daily one runs in the background) is a consistent snapshot.
        source = exchange.reader_connection(store.path, store.key)
        try:
            backup_to(source, copy, store.key)
        finally:
            source.close()
        progress("Kontrollerer kopien", 1, 3)
        check = exchange.verify_copy(copy, store.key)
        if not check["ok"]:
            raise UserError("Backuppen kunne ikke kontrolleres: "
                            + "; ".join(check["problems"][:3]))
        count = int(check["meta"].get("audit_count", "0"))
        head = check["meta"].get("audit_head", audit.GENESIS)
        manifest = {
            "format": FORMAT, "version": VERSION, "created": _now(), "app_version": app_version,
            "database_id": store.origin, "demo": store.is_demo,
            "counts": check["counts"], "audit_count": count, "audit_head": head,
        }
        progress("Skriver backupfilen", 2, 3)
        writer = package.Writer(out, package.lock_plain())
        try:
            writer.add_file(DB_MEMBER, copy)
            writer.add_bytes(KEY_MEMBER, keyfile.key_path_for(store.path).read_bytes())
            writer.finish(manifest)
        except BaseException:
            writer.abort()
            raise
    except OSError as exc:  # a full disk, a read-only folder, a file where the folder is
        raise package.cannot_write(out, exc) from exc
    except DatabaseError as exc:  # the copy could not be created or filled there
        raise UserError(f"Backuppen kan ikke skrives i {out.parent} ({exc}). Vælg en anden "
                        "mappe eller frigør plads. Databasen er uændret.") from exc
    finally:
        with contextlib.suppress(OSError):
            copy.unlink(missing_ok=True)
            Path(str(copy) + ".part").unlink(missing_ok=True)
    audit.log_now(store, "backup", purpose=out.name)
    progress("Færdig", 3, 3)
    return manifest


def restore(source: Path, target: Path, *, passphrase: str | None = None,
            recovery: X25519PrivateKey | None = None, new_passphrase: str | None = None,
            reason: str | None = None) -> dict[str, Any]:
    """Restore to a new file; everything is checked before the file is put in place."""
    target = Path(target)
    ktarget = keyfile.key_path_for(target)
    if target.exists() or ktarget.exists():
        raise UserError(f"{target} findes allerede. En backup gendannes kun til en ny fil.")
    if recovery is not None:
        if not (reason or "").strip():
            raise UserError("Skriv en begrundelse med --reason; gendannelsen bliver logget.")
        if not new_passphrase:
            raise UserError("Angiv en ny adgangssætning (HFDESK_NEW_PASSPHRASE eller "
                            "--new-passphrase-file) til den gendannede database.")
        weak = keyfile.check_passphrase_strength(new_passphrase)
        if weak:
            raise ValidationError(weak, field="passphrase")
    target.parent.mkdir(parents=True, exist_ok=True)
    with package.open_package(Path(source), formats=(FORMAT,), version=VERSION) as reader:
        manifest = reader.manifest
        if set(reader.names()) != {DB_MEMBER, KEY_MEMBER}:
            raise package.refuse("backuppen har ikke det forventede indhold.")
        part = target.with_name(target.name + ".restore.part")
        kpart = target.with_name(target.name + ".key.restore.part")
        try:
            reader.extract(DB_MEMBER, part)
            reader.extract(KEY_MEMBER, kpart)
            kf = keyfile.KeyFile.load(kpart)
            if recovery is not None:
                key = kf.unwrap_with_recovery(recovery)
            else:
                key = kf.unwrap(passphrase or "")
            check = exchange.verify_copy(part, key)
            if not check["ok"]:
                raise package.refuse("databasen i backuppen er beskadiget: "
                                     + "; ".join(check["problems"][:3]))
            counts = manifest.get("counts")
            if not isinstance(counts, dict) or check["counts"] != {
                    k: v for k, v in counts.items() if k in check["counts"]}:
                raise package.refuse("antallet af poster passer ikke til backuppens manifest.")
            meta = check["meta"]
            if (meta.get("audit_head", audit.GENESIS) != manifest.get("audit_head")
                    or int(meta.get("audit_count", "0")) != manifest.get("audit_count")):
                raise package.refuse("revisionsloggen passer ikke til backuppens manifest.")
            # Everything checked: now, and only now, the files go in place.
            part.replace(target)
            kpart.replace(ktarget)
        finally:
            part.unlink(missing_ok=True)
            kpart.unlink(missing_ok=True)
    store = open_with_key(target, key)
    try:
        if recovery is not None:
            keyfile.KeyFile.load(ktarget).rewrap(key, new_passphrase or "")
            audit.log_now(store, "recover", purpose=(reason or "").strip()[:500])
        audit.log_now(store, "restore", purpose=Path(source).name)
    finally:
        store.close()
    return manifest


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def backup_name(when: datetime) -> str:
    return when.strftime("hfdesk-backup-%Y%m%d-%H%M%S.zip")


def rotation(names: list[str], *, daily: int = 7, weekly: int = 4) -> tuple[list[str], list[str]]:
    """(keep, drop) among backup file names: the newest backup of each of the last `daily`
    days, and the newest of each of the `weekly` ISO weeks before those. Unknown names are kept."""
    dated: list[tuple[datetime, str]] = []
    keep: list[str] = []
    for n in names:
        m = NAME_PATTERN.match(n)
        if not m:
            keep.append(n)
            continue
        dated.append((datetime.strptime(m.group(1) + m.group(2), "%Y%m%d%H%M%S"), n))
    dated.sort(reverse=True)
    days: list[str] = []
    weeks: list[tuple[int, int]] = []
    for when, n in dated:
        day = when.strftime("%Y%m%d")
        week = when.isocalendar()[:2]
        if day in days:
            continue
        if len(days) < daily:
            days.append(day)
            keep.append(n)
        elif week not in weeks and len(weeks) < weekly and (tuple(week) not in [
                (d.isocalendar()[0], d.isocalendar()[1]) for d in
                (datetime.strptime(x, "%Y%m%d") for x in days)]):
            weeks.append((week[0], week[1]))
            keep.append(n)
    drop = [n for _w, n in dated if n not in keep]
    return sorted(keep), sorted(drop)


def rotate(folder: Path, *, daily: int = 7, weekly: int = 4) -> list[Path]:
    """Delete backups the rotation no longer keeps; returns what was deleted."""
    folder = Path(folder)
    names = [p.name for p in folder.glob("hfdesk-backup-*.zip")]
    _keep, drop = rotation(names, daily=daily, weekly=weekly)
    gone = []
    for n in drop:
        (folder / n).unlink(missing_ok=True)
        gone.append(folder / n)
    return gone


def same_disk_warning(db_path: Path, folder: Path) -> str | None:
    try:
        if Path(db_path).resolve().stat().st_dev == Path(folder).resolve().stat().st_dev:
            return ("Backupmappen ligger på samme disk som databasen. Går disken i stykker, "
                    "mister du begge. Vælg et USB-drev eller et netværksdrev.")
    except OSError:
        return None
    return None


def copy_into(folder: Path, source: Path) -> Path:
    target = Path(folder) / Path(source).name
    shutil.copy2(source, target)
    return target


def automatic(store: Store, folder: Path | str | None = None, *, now: datetime | None = None,
              daily: int = 7, weekly: int = 4, progress: Progress = _noop) -> dict[str, Any]:
    """The app's backup on exit and once a day: into the backup folder (the `backup_dir`
    setting), verified, then rotated. Returns {"path", "warning", "dropped"}."""
    from hfdesk.store import settings

    folder = Path(folder or settings.get(store, "backup_dir") or "")
    if not str(folder) or str(folder) == ".":
        raise UserError("Der er ikke valgt en backupmappe. Vælg den under Indstillinger.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"Backupmappen {folder} kan ikke oprettes ({exc.strerror}).") from exc
    when = now or datetime.now(UTC).replace(tzinfo=None)
    target = folder / backup_name(when)
    backup(store, target, progress=progress)
    # Only after the new backup is written and verified may the rotation drop an older one.
    dropped = rotate(folder, daily=daily, weekly=weekly)
    return {"path": target, "warning": same_disk_warning(store.path, folder),
            "dropped": dropped}


def due_today(folder: Path | str, *, now: datetime | None = None) -> bool:
    """True when the folder holds no backup from today (the daily backup while open)."""
    today = (now or datetime.now(UTC)).strftime("%Y%m%d")
    return not any(p.name[14:22] == today for p in Path(folder).glob("hfdesk-backup-*.zip"))


def replace_live(live: Path, restored: Path) -> Path:
    """Put a restored (already checked) database in place of the live one, which must be
    closed. The live files are kept beside it under a dated name; returns that name."""
    live, restored = Path(live), Path(restored)
    klive, krestored = keyfile.key_path_for(live), keyfile.key_path_for(restored)
    if not restored.is_file() or not krestored.is_file():
        raise UserError("Den gendannede database findes ikke længere; intet er ændret.")
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = live.with_name(f"{live.name}.erstattet-{stamp}")
    moves: list[tuple[Path, Path]] = []
    try:
        for suffix in ("", "-wal", "-shm"):
            src = Path(str(live) + suffix)
            if src.exists():
                dst = Path(str(kept) + suffix)
                src.replace(dst)
                moves.append((dst, src))
        if klive.exists():
            kdst = keyfile.key_path_for(kept)
            klive.replace(kdst)
            moves.append((kdst, klive))
        shutil.move(str(restored), str(live))
        shutil.move(str(krestored), str(klive))
    except OSError as exc:
        for dst, src in reversed(moves):  # put everything back as it was
            if not src.exists():
                dst.replace(src)
        raise UserError(f"Databasen kunne ikke erstattes ({exc.strerror}); den gamle er "
                        "urørt.") from exc
    return kept
