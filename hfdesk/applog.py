"""The app's log and crash reports: a small rotating file in the data folder, never personal data.

- Every line passes `mask()`: anything shaped like a CPR number (ddmmyy-xxxx or ten digits)
  becomes "******-****".
- Crash reports (`crash_report`, installed as sys.excepthook by the app) hold the exception's
  type and the stack (file, line, function) only, never its message or local values: a message
  can quote what was typed (a name, a note), and names are never logged.
- The code logs ids and counts, never names or free text; this file is the safety net.

Location: `<data folder>/logs/hfdesk.log` (HFDESK_DATA_DIR or the platform's user data folder,
see hfdesk.paths), at most 3 × 1 MB.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import traceback
from pathlib import Path
from types import TracebackType

from hfdesk import paths

CPR = re.compile(r"(?<!\d)\d{6}[-\s]?\d{4}(?!\d)")
MASK = "******-****"
log = logging.getLogger("hfdesk")


def log_file() -> Path:
    return paths.data_dir() / "logs" / "hfdesk.log"


def mask(text: str) -> str:
    return CPR.sub(MASK, text)


class MaskFilter(logging.Filter):
    """Masks CPR numbers in the message, its arguments and any exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        if record.exc_info:
            # The exception's message may quote input: keep its type and stack only.
            etype, _value, tb = record.exc_info
            message += "\n" + stack_only(etype, tb)
            record.exc_info = None
            record.exc_text = None
        record.msg = mask(message)
        record.args = ()
        return True


def stack_only(etype: type[BaseException] | None, tb: TracebackType | None) -> str:
    frames = traceback.extract_tb(tb) if tb is not None else []
    lines = [f"  {Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames]
    return f"{etype.__name__ if etype else 'Exception'} (meddelelsen logges ikke)\n" + \
        "\n".join(lines)


def install(path: Path | None = None) -> Path | None:
    """Log to the file (once per process); returns its path, or None when it cannot be written
    (a read-only home folder must not stop the app)."""
    target = path or log_file()
    for handler in log.handlers:
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            return Path(handler.baseFilename)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            target, maxBytes=1024 * 1024, backupCount=2, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskFilter())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return target


def uninstall() -> None:
    for handler in list(log.handlers):
        if isinstance(handler, logging.handlers.RotatingFileHandler):
            log.removeHandler(handler)
            handler.close()


def crash_report(etype: type[BaseException], value: BaseException,
                 tb: TracebackType | None) -> None:
    """sys.excepthook for the app: the stack goes to the log, the message never."""
    log.error("Uventet fejl", exc_info=(etype, value, tb))
    sys.stderr.write(mask(stack_only(etype, tb)) + "\n")
