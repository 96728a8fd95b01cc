"""Copies of a live database through SQLite's backup API, encrypted with the same key.

Never a file copy: a live WAL database copied byte by byte can be torn.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3


def backup_to(conn: sqlcipher3.Connection, target: Path, key: bytes) -> Path:
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    dest = sqlcipher3.connect(str(tmp))
    try:
        dest.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.backup(dest)
        dest.commit()
    finally:
        dest.close()
    tmp.replace(target)
    return target
