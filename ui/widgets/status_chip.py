"""Status chips with text, never colour alone: Frist overskredet, Snart, OK."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from hfdesk.i18n import N_, _

TEXTS = {"overdue": N_("Deadline passed"), "soon": N_("Soon"), "ok": N_("OK")}


class StatusChip(QLabel):
    def __init__(self, severity: str = "ok", text: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.set_status(severity, text)

    def set_status(self, severity: str, text: str | None = None) -> None:
        severity = severity if severity in TEXTS else "ok"
        self.setText(text or _(TEXTS[severity]))
        self.setProperty("chip", severity)
        self.style().unpolish(self)
        self.style().polish(self)


def severity_text(severity: str) -> str:
    return _(TEXTS.get(severity, TEXTS["ok"]))
