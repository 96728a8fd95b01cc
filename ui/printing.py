"""Print the stamblad: snapshot from the store → pure builder → preview (print or save)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from hfdesk.errors import UserError
from hfdesk.i18n import _


def summary_pdf(store: Any, citizen_id: str) -> tuple[bytes, str]:
    from hfdesk.documents.layout import default_file_name
    from hfdesk.documents.snapshot import summary_snapshot
    from hfdesk.documents.summary import build_summary

    snapshot = summary_snapshot(store, citizen_id, printed_at=datetime.now())
    pdf = build_summary(snapshot)
    return pdf, default_file_name("stamblad", date.today(), citizen_id[:8])


def print_summary(store: Any, bus: Any, citizen_id: str, parent: QWidget) -> Any:
    """Open the preview of the stamblad; returns the dialog (already shown) or None."""
    try:
        pdf, file_name = summary_pdf(store, citizen_id)
    except UserError as exc:
        QMessageBox.warning(parent, _("Print"), exc.message)
        return None
    try:
        from ui.preview import PreviewDialog
    except ImportError:
        QMessageBox.information(parent, _("Print"),
                                _("The print preview is not available in this build."))
        return None
    dialog = PreviewDialog(store, bus, citizen_id, "summary", _("Summary sheet"), pdf, file_name,
                           parent)
    dialog.open()
    return dialog
