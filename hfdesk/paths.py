"""Where things live. Only the language and the last database path are kept outside the
encrypted file (they are needed before unlock)."""

from __future__ import annotations

import json
import os
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
    return {k: data[k] for k in ("language", "last_db_path") if k in data} if isinstance(
        data, dict) else {}


def save_config(values: dict[str, Any]) -> None:
    cfg = {**load_config(), **{k: v for k, v in values.items()
                               if k in ("language", "last_db_path")}}
    path = config_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(cfg, indent=2), "utf-8")
    os.replace(tmp, path)


def resources_dir() -> Path:
    import sys

    base = getattr(sys, "_MEIPASS", None)
    return Path(base) / "resources" if base else Path(__file__).resolve().parents[1] / "resources"
