"""The zip container shared by backups, exports and transfers, and every check on reading one.

A package is a zip with `manifest.json` (format, version, SHA-256 of every other member). How
it is locked is written in the zip comment, which is readable before anything is decrypted:
- "plain": no encryption (backups: the database inside is SQLCipher, the key file is wrapped);
- "passphrase": WinZip AES-256 with a passphrase (opens in 7-Zip too);
- "key": AES-256 with a random password, sealed to a worker's X25519 public key.
Reading refuses, before anything is imported: names that climb out of the folder, members that
would unpack to absurd sizes (zip bombs), hashes that do not match, and newer formats.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import secrets
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import pyzipper
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from hfdesk.errors import UserError, WrongPassphrase
from hfdesk.store import keyfile

COMMENT_FORMAT = "hfdesk-package"
MAX_MEMBERS = 200_000
MAX_MEMBER_BYTES = 2 * 1024**3  # the database file of a large caseload
MAX_TOTAL_BYTES = 8 * 1024**3
MAX_RATIO = 200  # uncompressed / compressed, above 1 MB
MAX_JSON_BYTES = 64 * 1024**2
_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)*$")
CHUNK = 1024 * 1024


class PackageError(UserError):
    exit_code = 10


def refuse(reason: str) -> PackageError:
    return PackageError(f"Filen afvises: {reason} Intet er ændret i databasen.")


@dataclass
class Lock:
    mode: str  # plain | passphrase | key
    password: bytes | None = None
    comment: dict[str, Any] = field(default_factory=dict)


def lock_plain() -> Lock:
    return Lock("plain", None, {"format": COMMENT_FORMAT, "lock": "plain"})


def lock_passphrase(passphrase: str) -> Lock:
    return Lock("passphrase", passphrase.encode("utf-8"),
                {"format": COMMENT_FORMAT, "lock": "passphrase"})


def lock_key(recipient: X25519PublicKey) -> Lock:
    password = secrets.token_hex(32).encode("ascii")
    box = keyfile.seal(password, recipient, COMMENT_FORMAT.encode())
    return Lock("key", password, {"format": COMMENT_FORMAT, "lock": "key", "box": box})


def cannot_write(path: Path, exc: OSError) -> UserError:
    """A full disk, a read-only folder, a file where the folder should be: said in Danish."""
    full = exc.errno == 28  # ENOSPC
    why = "der er ikke plads på disken" if full else (exc.strerror or "skrivefejl").lower()
    return UserError(f"{path.name} kan ikke skrives i {path.parent} ({why}). Vælg en anden "
                     "mappe eller frigør plads. Databasen er uændret.")


class Writer:
    """Writes members one at a time (streaming), hashing each; the manifest goes last."""

    def __init__(self, path: Path, lock: Lock) -> None:
        self.path = Path(path)
        self.part = self.path.with_name(self.path.name + ".part")
        self.hashes: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        try:
            self._open(lock)
        except OSError as exc:
            raise cannot_write(self.path, exc) from exc

    def _open(self, lock: Lock) -> None:
        if lock.mode == "plain":
            self.zf: zipfile.ZipFile = zipfile.ZipFile(self.part, "w", zipfile.ZIP_DEFLATED,
                                                       allowZip64=True)
        else:
            self.zf = pyzipper.AESZipFile(self.part, "w", compression=pyzipper.ZIP_DEFLATED,
                                          encryption=pyzipper.WZ_AES)
            self.zf.setpassword(lock.password)
        self.zf.comment = json.dumps(lock.comment, separators=(",", ":")).encode("ascii")

    def add_bytes(self, name: str, data: bytes, *, compress: bool = True) -> None:
        if not _NAME.match(name):
            raise ValueError(name)
        self.hashes[name] = hashlib.sha256(data).hexdigest()
        self.sizes[name] = len(data)
        try:
            self.zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED if compress
                             else zipfile.ZIP_STORED)
        except OSError as exc:
            raise cannot_write(self.path, exc) from exc

    def add_json(self, name: str, data: Any) -> None:
        self.add_bytes(name, json.dumps(data, ensure_ascii=False, indent=1,
                                        default=_json_default).encode("utf-8"))

    def add_file(self, name: str, source: Path) -> None:
        digest = hashlib.sha256()
        with source.open("rb") as fh:
            for chunk in iter(lambda: fh.read(CHUNK), b""):
                digest.update(chunk)
        self.hashes[name] = digest.hexdigest()
        self.sizes[name] = source.stat().st_size
        try:
            self.zf.write(source, name, compress_type=zipfile.ZIP_STORED)
        except OSError as exc:
            raise cannot_write(self.path, exc) from exc

    def finish(self, manifest: dict[str, Any]) -> Path:
        manifest = dict(manifest)
        manifest["members"] = {n: {"sha256": h, "size": self.sizes[n]}
                               for n, h in sorted(self.hashes.items())}
        try:
            self.zf.writestr("manifest.json", json.dumps(
                manifest, ensure_ascii=False, indent=1, default=_json_default).encode("utf-8"))
            self.zf.close()
            self.part.replace(self.path)
        except OSError as exc:
            raise cannot_write(self.path, exc) from exc
        return self.path

    def abort(self) -> None:
        try:
            self.zf.close()
        except OSError:
            pass  # the disk that failed may fail again; the part file goes anyway
        finally:
            with contextlib.suppress(OSError):
                self.part.unlink(missing_ok=True)


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


# --- reading -------------------------------------------------------------------------------

class Reader:
    """An opened, checked package. `open()` checks names, sizes and the manifest's hashes."""

    def __init__(self, zf: zipfile.ZipFile, manifest: dict[str, Any], lock: str) -> None:
        self.zf = zf
        self.manifest = manifest
        self.lock = lock

    def names(self) -> list[str]:
        return sorted(self.manifest.get("members", {}))

    def read(self, name: str, limit: int = MAX_JSON_BYTES) -> bytes:
        member = self.manifest.get("members", {}).get(name)
        if member is None:
            raise refuse(f"{name} står ikke i pakkens indholdsfortegnelse.")
        with self.zf.open(name) as fh:
            data = _read_limited(fh, limit)
        if hashlib.sha256(data).hexdigest() != member["sha256"]:
            raise refuse(f"indholdet af {name} passer ikke til pakkens kontrolsum.")
        return data

    def json(self, name: str) -> Any:
        try:
            return json.loads(self.read(name).decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise refuse(f"{name} er ikke gyldig JSON.") from exc

    def extract(self, name: str, target: Path) -> None:
        member = self.manifest["members"][name]
        digest = hashlib.sha256()
        with self.zf.open(name) as src, target.open("wb") as dst:
            n = 0
            for chunk in iter(lambda: src.read(CHUNK), b""):
                n += len(chunk)
                if n > MAX_MEMBER_BYTES:
                    raise refuse("et element er for stort.")
                digest.update(chunk)
                dst.write(chunk)
        if digest.hexdigest() != member["sha256"]:
            target.unlink(missing_ok=True)
            raise refuse(f"indholdet af {name} passer ikke til pakkens kontrolsum.")

    def close(self) -> None:
        self.zf.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_limited(fh: BinaryIO, limit: int) -> bytes:
    data = fh.read(limit + 1)
    if len(data) > limit:
        raise refuse("et element er større end tilladt (mulig zip-bombe).")
    return data


# pyzipper has a BadZipFile of its own (not a subclass of zipfile's): a damaged AES package
# raises that one.
_BAD = (zipfile.BadZipFile, pyzipper.BadZipFile, zlib.error, EOFError, OSError, ValueError,
        KeyError, NotImplementedError, RuntimeError, TypeError)


def comment_of(path: Path) -> dict[str, Any]:
    try:
        with zipfile.ZipFile(path) as zf:
            comment = json.loads(zf.comment.decode("ascii") or "{}")
    except _BAD as exc:
        raise refuse("den er ikke en hfdesk-pakke, eller den er afkortet eller beskadiget.") \
            from exc
    if not isinstance(comment, dict) or comment.get("format") != COMMENT_FORMAT:
        raise refuse("den er ikke en hfdesk-pakke (backup, eksport eller flytning).")
    return comment


def open_package(path: Path, *, passphrase: str | None = None,
                 private: X25519PrivateKey | None = None,
                 formats: tuple[str, ...], version: int) -> Reader:
    """Open and check a package completely (names, sizes, every member's hash) before use."""
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Filen {path} findes ikke.")
    comment = comment_of(path)
    lock = comment.get("lock")
    try:
        if lock == "plain":
            zf: zipfile.ZipFile = zipfile.ZipFile(path)
        elif lock == "passphrase":
            if not passphrase:
                raise UserError("Pakken er låst med en adgangssætning. Angiv den.")
            zf = pyzipper.AESZipFile(path)
            zf.setpassword(passphrase.encode("utf-8"))
        elif lock == "key":
            if private is None:
                raise UserError("Pakken er låst til en medarbejders nøgle; åbn den med den "
                                "database, den er sendt til.")
            try:
                password = keyfile.open_sealed(comment["box"], private,
                                               COMMENT_FORMAT.encode())
            except UserError as exc:
                raise UserError("Pakken er ikke sendt til dig: den er låst til en anden "
                                "medarbejders nøgle.") from exc
            zf = pyzipper.AESZipFile(path)
            zf.setpassword(password)
        else:
            raise refuse("låsen er ukendt.")
    except UserError:
        raise
    except _BAD as exc:
        raise refuse("den er afkortet eller beskadiget.") from exc
    try:
        _check_members(zf)
        try:
            raw = _read_limited(zf.open("manifest.json"), MAX_JSON_BYTES)
        except RuntimeError as exc:
            raise WrongPassphrase("Adgangssætningen eller nøglen passer ikke til pakken.") \
                from exc
        try:
            manifest = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise refuse("indholdsfortegnelsen (manifest.json) er ikke gyldig.") from exc
        if not isinstance(manifest, dict) or manifest.get("format") not in formats:
            raise refuse("den er ikke den forventede slags hfdesk-pakke.")
        if not isinstance(manifest.get("version"), int) or manifest["version"] > version:
            raise refuse("den er skrevet af en nyere version af hfdesk. Opdater programmet.")
        members = manifest.get("members")
        if not isinstance(members, dict):
            raise refuse("indholdsfortegnelsen mangler kontrolsummer.")
        actual = {i.filename for i in zf.infolist()} - {"manifest.json"}
        if set(members) != actual:
            raise refuse("pakkens indhold passer ikke til indholdsfortegnelsen.")
        reader = Reader(zf, manifest, str(lock))
        for name in sorted(members):
            _verify_member(reader, name)
        return reader
    except UserError:
        zf.close()
        raise
    except _BAD as exc:
        zf.close()
        if isinstance(exc, RuntimeError) and "password" in str(exc).lower():
            raise WrongPassphrase("Adgangssætningen eller nøglen passer ikke til pakken.") \
                from exc
        raise refuse("den er afkortet eller beskadiget.") from exc


def _check_members(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise refuse("den har for mange elementer.")
    total = 0
    seen: set[str] = set()
    for info in infos:
        name = info.filename
        if not _NAME.match(name) or ".." in name.split("/") or name in seen:
            raise refuse(f"den indeholder et ulovligt filnavn ({name[:60]!r}).")
        seen.add(name)
        if info.file_size > MAX_MEMBER_BYTES:
            raise refuse("et element er for stort (mulig zip-bombe).")
        if (info.file_size > CHUNK
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise refuse("et element pakker sig mistænkeligt meget ud (mulig zip-bombe).")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise refuse("indholdet er for stort (mulig zip-bombe).")


def _verify_member(reader: Reader, name: str) -> None:
    member = reader.manifest["members"][name]
    if not isinstance(member, dict) or not isinstance(member.get("sha256"), str):
        raise refuse("indholdsfortegnelsen er ugyldig.")
    digest = hashlib.sha256()
    n = 0
    with reader.zf.open(name) as fh:
        for chunk in iter(lambda: fh.read(CHUNK), b""):
            n += len(chunk)
            if n > MAX_MEMBER_BYTES:
                raise refuse("et element er for stort (mulig zip-bombe).")
            digest.update(chunk)
    if digest.hexdigest() != member["sha256"]:
        raise refuse(f"indholdet af {name} passer ikke til pakkens kontrolsum.")


def iter_json(reader: Reader, prefix: str) -> Iterator[tuple[str, Any]]:
    for name in reader.names():
        if name.startswith(prefix) and name.endswith(".json"):
            yield name, reader.json(name)
