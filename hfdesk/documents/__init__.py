"""Printouts: one shared page (`layout`) and one pure builder per document.

Each builder is `build_x(snapshot, *, locale, options) -> bytes`: plain data in, PDF bytes out,
no database and no Qt, so the CLI, the UI preview and the tests print the same thing.
"""

from hfdesk.documents.layout import (
    DocumentError,
    Letterhead,
    PageSpec,
    build_pdf,
    default_file_name,
    fmt_date,
    fmt_date_long,
    fmt_datetime,
)

__all__ = [
    "DocumentError",
    "Letterhead",
    "PageSpec",
    "build_pdf",
    "default_file_name",
    "fmt_date",
    "fmt_date_long",
    "fmt_datetime",
]
