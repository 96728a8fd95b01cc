"""The key file beside each database: the database key, wrapped twice and never in the clear.

The database key is 32 random bytes. It is wrapped
- by the worker's passphrase: scrypt → AES-256-GCM, and
- when the municipality has configured one, by its recovery public key: an X25519 sealed box
  (ephemeral X25519 → HKDF-SHA256 → AES-256-GCM), so the municipality's private key can unwrap
  it after a forgotten passphrase or a worker leaving.
Changing the passphrase rewraps; the database itself is never re-encrypted.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from hfdesk.errors import KeyFileError, UserError, WrongPassphrase

FORMAT = "hfdesk-key"
VERSION = 1
KEY_BYTES = 32
# scrypt cost: about 0.1 s on a 2020 laptop; stored in the file so it can be raised later.
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
MIN_PASSPHRASE = 8


def key_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".key")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    if not isinstance(text, str):  # a damaged file may hold anything here
        raise ValueError("not base64 text")
    return base64.b64decode(text.encode("ascii"), validate=True)


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def check_passphrase_strength(passphrase: str) -> str | None:
    """A Danish reason the passphrase is too weak, or None."""
    if len(passphrase) < MIN_PASSPHRASE:
        return f"Adgangssætningen skal have mindst {MIN_PASSPHRASE} tegn."
    if len(set(passphrase)) < 4:
        return "Adgangssætningen er for ensformig. Brug flere forskellige tegn eller ord."
    return None


# A damaged or tampered key file must not make unlocking hang or run out of memory: scrypt's
# memory is 128·n·r bytes, so the stored cost is bounded (2**20 · 8 is 1 GiB, far above ours).
MAX_SCRYPT_N = 2**20
MAX_SCRYPT_R = 16
MAX_SCRYPT_P = 16


def _check_cost(pw: Any) -> None:
    n, r, p = pw["n"], pw["r"], pw["p"]
    if not all(type(v) is int for v in (n, r, p)):
        raise ValueError("cost")
    if not (2 <= n <= MAX_SCRYPT_N and n & (n - 1) == 0 and 1 <= r <= MAX_SCRYPT_R
            and 1 <= p <= MAX_SCRYPT_P and n * r <= MAX_SCRYPT_N * 8):
        raise ValueError("cost")


def _scrypt(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def _wrap_with_passphrase(key: bytes, passphrase: str, aad: bytes) -> dict[str, Any]:
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = _scrypt(passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": _b64(salt),
        "nonce": _b64(nonce),
        "ciphertext": _b64(AESGCM(kek).encrypt(nonce, key, aad)),
    }


def _sealed_box_key(shared: bytes, ephemeral_pub: bytes, recipient_pub: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None,
        info=b"hfdesk sealed box v1" + ephemeral_pub + recipient_pub,
    ).derive(shared)


def seal(data: bytes, recipient: X25519PublicKey, aad: bytes = b"") -> dict[str, str]:
    """Encrypt `data` so only the holder of the recipient's private key can open it."""
    ephemeral = X25519PrivateKey.generate()
    eph_pub = ephemeral.public_key().public_bytes_raw()
    rec_pub = recipient.public_bytes_raw()
    aes = _sealed_box_key(ephemeral.exchange(recipient), eph_pub, rec_pub)
    nonce = secrets.token_bytes(12)
    return {
        "scheme": "x25519-hkdf-sha256-aesgcm",
        "recipient": _b64(rec_pub),
        "ephemeral": _b64(eph_pub),
        "nonce": _b64(nonce),
        "ciphertext": _b64(AESGCM(aes).encrypt(nonce, data, aad)),
    }


def open_sealed(box: dict[str, str], private: X25519PrivateKey, aad: bytes = b"") -> bytes:
    eph_pub = _unb64(box["ephemeral"])
    rec_pub = private.public_key().public_bytes_raw()
    if _unb64(box["recipient"]) != rec_pub:
        raise KeyFileError(
            "Gendannelsesnøglen passer ikke til denne database. "
            "Brug den private nøgle, der hører til kommunens offentlige gendannelsesnøgle."
        )
    shared = private.exchange(X25519PublicKey.from_public_bytes(eph_pub))
    aes = _sealed_box_key(shared, eph_pub, rec_pub)
    try:
        return AESGCM(aes).decrypt(_unb64(box["nonce"]), _unb64(box["ciphertext"]), aad)
    except InvalidTag as exc:
        raise KeyFileError("Gendannelsesdelen af nøglefilen er beskadiget.") from exc


# --- PEM files for key pairs ----------------------------------------------------------------


def private_key_to_pem(key: X25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_to_pem(key: X25519PublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def load_public_key(data: bytes) -> X25519PublicKey:
    try:
        key = serialization.load_pem_public_key(data)
    except (ValueError, TypeError) as exc:
        raise UserError(
            "Filen er ikke en offentlig nøgle i PEM-format (-----BEGIN PUBLIC KEY-----)."
        ) from exc
    if not isinstance(key, X25519PublicKey):
        raise UserError("Nøglen er ikke en X25519-nøgle. Bed kommunens IT om den rigtige fil.")
    return key


def load_private_key(data: bytes) -> X25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise UserError(
            "Filen er ikke en privat nøgle i PEM-format (-----BEGIN PRIVATE KEY-----)."
        ) from exc
    if not isinstance(key, X25519PrivateKey):
        raise UserError("Nøglen er ikke en X25519-nøgle. Bed kommunens IT om den rigtige fil.")
    return key


# --- the key file --------------------------------------------------------------------------


@dataclass
class KeyFile:
    path: Path
    data: dict[str, Any]

    @property
    def database_id(self) -> str:
        return str(self.data["database_id"])

    @property
    def has_recovery(self) -> bool:
        return bool(self.data.get("recovery"))

    def _aad(self) -> bytes:
        return f"{FORMAT}:{self.database_id}".encode()

    @classmethod
    def create(
        cls, path: Path, database_id: str, key: bytes, passphrase: str,
        recovery: X25519PublicKey | None = None,
    ) -> KeyFile:
        kf = cls(path, {"format": FORMAT, "version": VERSION, "database_id": database_id})
        kf.data["passphrase"] = _wrap_with_passphrase(key, passphrase, kf._aad())
        kf.data["recovery"] = seal(key, recovery, kf._aad()) if recovery else None
        kf.save()
        return kf

    @classmethod
    def load(cls, path: Path) -> KeyFile:
        if not path.exists():
            raise KeyFileError(
                f"Nøglefilen {path.name} mangler ved siden af databasen. Uden den kan databasen "
                "ikke åbnes: læg nøglefilen tilbage fra en backup."
            )
        try:
            if path.stat().st_size > 1024 * 1024:  # a key file is about 1 kB
                raise ValueError("size")
            data = json.loads(path.read_text("utf-8"))
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("format")
            if int(data.get("version", 0)) > VERSION:
                raise KeyFileError(
                    "Nøglefilen er skrevet af en nyere version af hfdesk. Opdater programmet."
                )
            pw = data["passphrase"]
            for name in ("salt", "nonce", "ciphertext"):
                _unb64(pw[name])
            _check_cost(pw)
            str(data["database_id"])
        except KeyFileError:
            raise
        except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, OverflowError,
                RecursionError) as exc:
            raise KeyFileError(
                f"Nøglefilen {path.name} er beskadiget og kan ikke læses. Læg nøglefilen "
                "tilbage fra en backup, eller bed kommunen om at gendanne adgangen."
            ) from exc
        return cls(path, data)

    def unwrap(self, passphrase: str) -> bytes:
        pw = self.data["passphrase"]
        try:
            kek = _scrypt(passphrase, _unb64(pw["salt"]), int(pw["n"]), int(pw["r"]),
                          int(pw["p"]))
            key = AESGCM(kek).decrypt(_unb64(pw["nonce"]), _unb64(pw["ciphertext"]), self._aad())
        except InvalidTag as exc:
            raise WrongPassphrase(
                "Adgangssætningen er forkert. Prøv igen, og tjek Caps Lock og tastaturet."
            ) from exc
        except (ValueError, KeyError, TypeError, OverflowError, MemoryError) as exc:
            raise KeyFileError("Nøglefilen er beskadiget og kan ikke læses.") from exc
        if len(key) != KEY_BYTES:
            raise KeyFileError("Nøglefilen indeholder en nøgle med forkert længde.")
        return key

    def unwrap_with_recovery(self, private: X25519PrivateKey) -> bytes:
        box = self.data.get("recovery")
        if not box:
            raise KeyFileError(
                "Databasen har ingen gendannelsesnøgle. Den kan kun åbnes med adgangssætningen."
            )
        try:
            return open_sealed(box, private, self._aad())
        except (ValueError, KeyError, TypeError) as exc:
            raise KeyFileError("Gendannelsesdelen af nøglefilen er beskadiget.") from exc

    def rewrap(self, key: bytes, passphrase: str) -> None:
        self.data["passphrase"] = _wrap_with_passphrase(key, passphrase, self._aad())
        self.save()

    def set_recovery(self, key: bytes, recovery: X25519PublicKey | None) -> None:
        self.data["recovery"] = seal(key, recovery, self._aad()) if recovery else None
        self.save()

    def save(self) -> None:
        """Write atomically: a crash leaves either the old or the new file, never half of one."""
        tmp = self.path.with_name(self.path.name + ".tmp")
        payload = json.dumps(self.data, indent=2, sort_keys=True).encode("utf-8")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                view = memoryview(payload)
                while view:  # os.write may write less than asked (a full disk, a signal)
                    view = view[os.write(fd, view):]
                os.fsync(fd)
            finally:
                os.close(fd)
            os.replace(tmp, self.path)
        except OSError as exc:
            with contextlib.suppress(OSError):  # the old key file is untouched; no half file
                tmp.unlink(missing_ok=True)
            raise UserError(
                f"Nøglefilen kunne ikke gemmes i {self.path.parent}: {exc.strerror}. "
                "Tjek at mappen findes, og at du har skriveadgang."
            ) from exc
        _fsync_dir(self.path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself durable: after a power cut the directory entry could otherwise
    still point at the old file (or, on some filesystems, at none). Windows cannot open a
    directory for fsync; NTFS journals the rename there."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        pass  # the new file is in place already; only its durability over a power cut is lost
