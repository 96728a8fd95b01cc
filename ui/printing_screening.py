"""Print the opsporingsresumé and the blank henvendelsesskema: builder → preview (print or save)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from hfdesk.errors import UserError
from hfdesk.i18n import _


def screening_pdf(store: Any, citizen_id: str, assessment_id: str | None) -> tuple[bytes, str]:
    from hfdesk.documents.layout import default_file_name
    from hfdesk.documents.screening_snapshot import screening_snapshot
    from hfdesk.documents.screening_summary import build_screening_summary

    pdf = build_screening_summary(screening_snapshot(store, citizen_id,
                                                     assessment_id=assessment_id,
                                                     printed_at=datetime.now()))
    return pdf, default_file_name("opsporingsresume", date.today(), citizen_id[:8])


def print_screening(store: Any, bus: Any, citizen_id: str, assessment_id: str | None,
                    parent: QWidget) -> Any:
    try:
        pdf, file_name = screening_pdf(store, citizen_id, assessment_id)
    except UserError as exc:
        QMessageBox.warning(parent, _("Print"), exc.message)
        return None
    from ui.preview import PreviewDialog

    dialog = PreviewDialog(store, bus, citizen_id, "screening",
                           _("Opsporing summary for the authority"), pdf, file_name, parent)
    dialog.open()
    return dialog


def print_referral_form(store: Any, bus: Any, parent: QWidget) -> Any:
    """The blank form: no citizen, so it can be printed or saved but not kept in Dokumenter."""
    from hfdesk.documents.layout import default_file_name
    from hfdesk.documents.referral_form import build_referral_form, referral_form_snapshot
    from hfdesk.store import settings
    from ui.preview import PreviewDialog

    organisation = settings.get(store, "organisation") or ""
    pdf = build_referral_form(referral_form_snapshot(organisation, printed_at=datetime.now(),
                                                     demo=store.is_demo))
    dialog = PreviewDialog(store, bus, "", "referral_form", _("Referral form"), pdf,
                           default_file_name("henvendelsesskema", date.today(), "blank"), parent)
    dialog.store_button.setEnabled(False)
    dialog.store_button.setToolTip(_("A blank form belongs to no citizen."))
    dialog.open()
    return dialog
