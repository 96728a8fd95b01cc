"""Print the plan for the authority, the young person's plan and the statusnotat: snapshot from
the store → pure builder → preview (print, "Gem i Dokumenter", save as file)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from hfdesk.errors import UserError
from hfdesk.i18n import _

KINDS = {"plan": ("indsatsplan", "plan"), "plan_youth": ("min-plan", "plan_youth"),
         "status_note": ("statusnotat", "status_note")}


def plan_pdf(store: Any, citizen_id: str, kind: str, version: int | None = None,
             locale: str = "da") -> tuple[bytes, str, str]:
    """(pdf, file name, title) of one plan printout."""
    from hfdesk.documents.layout import default_file_name
    from hfdesk.documents.plan import build_plan, plan_snapshot, plan_title
    from hfdesk.documents.plan_youth import build_plan_youth
    from hfdesk.documents.status_note import TITLE, build_status_note

    snap = plan_snapshot(store, citizen_id, version=version if kind == "plan" else None,
                         printed_at=datetime.now())
    if kind == "plan":
        pdf, title = build_plan(snap), plan_title(snap)
    elif kind == "plan_youth":
        pdf, title = build_plan_youth(snap, locale=locale), "Min plan"
    else:
        pdf, title = build_status_note(snap), TITLE
    return pdf, default_file_name(KINDS[kind][0], date.today(), citizen_id[:8]), title


def print_plan(store: Any, bus: Any, citizen_id: str, kind: str, parent: QWidget,
               version: int | None = None) -> Any:
    try:
        pdf, file_name, title = plan_pdf(store, citizen_id, kind, version)
    except UserError as exc:
        QMessageBox.warning(parent, _("Print"), exc.message)
        return None
    from ui.preview import PreviewDialog

    dialog = PreviewDialog(store, bus, citizen_id, KINDS[kind][1], title, pdf, file_name, parent)
    dialog.open()
    return dialog
