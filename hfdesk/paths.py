"""Where things live. Only the language and the last database path are kept outside the
encrypted file (they are needed before unlock)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import platformdirs

APP = "hfdesk"


def data_dir() -> Path:
    return Path(os.environ.get("HFDESK_DATA_DIR") or platformdirs.user_data_path(APP, False))


def config_file() -> Path:
    base = os.environ.get("HFDESK_CONFIG_DIR")
    return Path(base) / "config.json" if base else (
        platformdirs.user_config_path(APP, False) / "config.json")


def default_db_path() -> Path:
    return data_dir() / "hfdesk.db"


def load_config() -> dict[str, Any]:
    try:
        data = json.loads(config_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    # Only strings: a hand-edited or damaged file ({"language": []}) must not stop the start.
    return {k: data[k] for k in ("language", "last_db_path")
            if isinstance(data.get(k), str) and "\0" not in data[k]} if isinstance(
        data, dict) else {}


def save_config(values: dict[str, Any]) -> None:
    cfg = {**load_config(), **{k: v for k, v in values.items()
                               if k in ("language", "last_db_path")}}
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(cfg, indent=2), "utf-8")
    os.replace(tmp, path)


# Folders a sync client copies back and forth: a SQLite file there can be copied half-written
# or split into "conflicted copies" (and, though encrypted, it leaves for a cloud the
# municipality has not approved for this data).
_SYNCED = ("onedrive", "dropbox", "google drive", "googledrive", "my drive", "icloud",
           "mobile documents", "clouddocs", "box sync", "nextcloud", "owncloud", "pcloud")
# Network filesystems from /proc/mounts: SQLite's locking and fsync are unreliable on them.
_NETWORK_FS = ("nfs", "nfs4", "cifs", "smb3", "smbfs", "fuse.sshfs", "sshfs", "davfs",
               "fuse.davfs2", "fuse.rclone", "afs", "glusterfs", "ceph", "9p", "fuse.s3fs",
               "fuse.gcsfuse", "fuse.onedriver")


def storage_warning(db_path: Path | str, mounts: str | None = None) -> str | None:
    """A Danish warning when the database lies in a synced or network folder, else None.

    `mounts` is the text of /proc/mounts (read on Linux when None; tests pass their own)."""
    text = str(db_path)
    if text.startswith(("\\\\", "//")):  # a UNC path: \\server\share
        return _NETWORK_WARNING
    parts = [p for p in text.replace("\\", "/").lower().split("/") if p]
    if any(name in part for part in parts[:-1] for name in _SYNCED):
        return ("Databasen ligger i en mappe, der synkroniseres til skyen (fx OneDrive eller "
                "Dropbox). Synkroniseringen kan ødelægge filen, mens den er åben. Flyt den til "
                "en mappe på din egen disk, og brug backup i stedet.")
    if mounts is None:
        if not sys.platform.startswith("linux"):
            return _windows_network(text)
        try:
            mounts = Path("/proc/mounts").read_text("utf-8", "replace")
        except OSError:
            return None
    fstype = _fs_type(Path(text), mounts)
    if fstype is not None and fstype.lower() in _NETWORK_FS:
        return _NETWORK_WARNING
    return None


_NETWORK_WARNING = ("Databasen ligger på et netværksdrev. Forbindelsen kan falde ud midt i en "
                    "gemning, og to computere kan åbne den samtidig. Flyt den til din egen disk, "
                    "og gem backupper på netværksdrevet i stedet.")


def _fs_type(path: Path, mounts: str) -> str | None:
    """The filesystem type of the longest mount point that holds `path`."""
    try:
        target = path.resolve() if path.is_absolute() and path.parent.exists() else path
    except OSError:
        target = path
    best: tuple[int, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].replace("\\040", " ")
        inside = str(target) == point or str(target).startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fields[2])
    return best[1] if best else None


def _windows_network(text: str) -> str | None:
    if sys.platform != "win32":
        return None
    try:
        import ctypes

        drive = Path(text).drive
        if drive and ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == 4:  # type: ignore[attr-defined]  # DRIVE_REMOTE
            return _NETWORK_WARNING
    except (OSError, AttributeError, ValueError):
        return None
    return None


def resources_dir() -> Path:
    import sys

    base = getattr(sys, "_MEIPASS", None)
    return Path(base) / "resources" if base else Path(__file__).resolve().parents[1] / "resources"
