"""Bolig: the housing search as a fast log, waiting lists, offers with the affordability line,
money for moving in, economy and wishes, and the housing timeline.

The figures on top are derived every time (never typed): days to housing, how long the current
search has run, channels tried, open applications, registrations due, offers lost and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from hfdesk.i18n import _, ngettext
from ui import labels
from ui.housing_sections import (
    EconomySection,
    LogSection,
    MoneySection,
    OfferSection,
    RegistrationSection,
    StaySection,
    fmt_date,
)
from ui.widgets import NoteEdit
from ui.widgets.sizes import text_lines


def figure_lines(fig: Any, brief: bool = False) -> list[str]:
    """What the Bolig tab and the Overblik say about the search, in the current language."""
    lines = []
    if fig.first_move_in is not None:
        parts = []
        if fig.days_from_referral is not None:
            parts.append(ngettext("%(n)d day from the referral", "%(n)d days from the referral",
                                  fig.days_from_referral) % {"n": fig.days_from_referral})
        if fig.days_from_start is not None:
            parts.append(ngettext("%(n)d day from the course start",
                                  "%(n)d days from the course start",
                                  fig.days_from_start) % {"n": fig.days_from_start})
        lines.append(_("Days to housing: %(days)s (moved in %(date)s)") % {
            "days": ", ".join(parts) or "–", "date": fmt_date(fig.first_move_in)})
    if not fig.housed_now and fig.search_since is not None:
        lines.append(ngettext("Searching for a home: day %(n)d (since %(date)s)",
                              "Searching for a home: day %(n)d (since %(date)s)",
                              fig.days_searching or 0) % {
            "n": fig.days_searching or 0, "date": fmt_date(fig.search_since)})
    for h in (fig.homes_lost[-1:] if brief else fig.homes_lost):
        text = _("Home lost %(date)s (%(reason)s)") % {
            "date": fmt_date(h.lost),
            "reason": labels.label("housing_end_reason", h.reason) or _("reason not given")}
        if h.rehoused:
            text += " · " + _("housed again after %(n)d days") % {"n": h.days_to_rehousing}
        lines.append(text)
    counts = [_("channels tried: %(n)d") % {"n": len(fig.channels)},
              _("open applications: %(n)d") % {"n": len(fig.open_applications)},
              _("registrations to renew: %(n)d") % {"n": len(fig.registrations_due)},
              _("offers lost: %(n)d") % {"n": len(fig.offers_lost)}]
    lines.append(" · ".join(counts))
    if brief:
        return lines
    if fig.lost_reasons:
        lines.append(_("Why offers were lost or declined: %(reasons)s") % {"reasons": ", ".join(
            f"{labels.label('offer_lost_reason', k)} ({n})"
            for k, n in sorted(fig.lost_reasons.items(), key=lambda kv: -kv[1]))})
    if fig.offers_at_risk:
        lines.append(ngettext("%(n)d offer has its deadline near while the money is undecided",
                              "%(n)d offers have their deadline near while the money is "
                              "undecided", len(fig.offers_at_risk)) % {
            "n": len(fig.offers_at_risk)})
    return lines


class WishesPanel(QWidget):
    """The young person's wishes (their words, shared with landlords) and needs (internal)."""

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.autosave: Any = None
        self.wishes = NoteEdit()
        self.wishes.setObjectName("housing_wishes")
        self.wishes.setMaximumHeight(text_lines(self.wishes, 3))
        self.needs = NoteEdit()
        self.needs.setObjectName("housing_needs")
        self.needs.setMaximumHeight(text_lines(self.needs, 3))
        form = QFormLayout(self)
        form.setContentsMargins(4, 4, 4, 4)
        form.addRow(_("Wishes, in their own words (shared with landlords)"), self.wishes)
        form.addRow(_("Needs and considerations (internal)"), self.needs)
        from ui.widgets.form_rows import error_label

        self.error = error_label()
        form.addRow("", self.error)

    def set_citizen(self, citizen_id: str | None) -> None:
        from hfdesk.store import housing_search as hs
        from ui.autosave import FormAutosave

        if self.autosave is not None:
            self.autosave.close()
            self.autosave.deleteLater()
            self.autosave = None
        self.citizen_id = citizen_id
        if citizen_id is None:
            return
        self.autosave = FormAutosave(
            store=self.store, bus=self.bus, form_key=f"housing_profile:{citizen_id}",
            citizen_id=citizen_id, root=self,
            fields={"wishes": self.wishes, "needs": self.needs},
            errors={"wishes": self.error, "needs": self.error}, save=self._save)
        profile = hs.profile(self.store, citizen_id)
        self.autosave.load({"wishes": profile.get("wishes") or "",
                            "needs": profile.get("needs") or ""})

    def _save(self, changes: dict[str, Any], _values: dict[str, Any],
              _excluded: set[str]) -> Any:
        from hfdesk.store import housing_search as hs

        assert self.citizen_id is not None and self.autosave is not None
        hs.set_profile(self.store, self.citizen_id, changes, self.autosave.session)
        return True


class HousingTab(QWidget):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.dialogs: list[Any] = []
        self.figures = QLabel()
        self.figures.setObjectName("housing_figures")
        self.figures.setWordWrap(True)
        self.print_log = QPushButton(_("Print search log…"))
        self.print_log.setObjectName("print_housing_log")
        self.print_external = QPushButton(_("Print for landlord or housing agent…"))
        self.print_external.setObjectName("print_housing_log_external")
        self.print_external.setToolTip(_("The version without social details: no CPR number, "
                                         "course, housing history, income or money applications"))
        for b in (self.print_log, self.print_external):
            b.setAutoDefault(False)
        self.print_log.clicked.connect(lambda: self.print_housing_log(external=False))
        self.print_external.clicked.connect(lambda: self.print_housing_log(external=True))
        top = QHBoxLayout()
        top.addWidget(self.figures, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.print_log)
        buttons.addWidget(self.print_external)
        buttons.addStretch(1)
        top.addLayout(buttons)

        self.log = LogSection(store, bus)
        self.registrations = RegistrationSection(store, bus)
        self.offers = OfferSection(store, bus)
        self.offers.deposit_button.clicked.connect(self.print_deposit_note)
        self.money = MoneySection(store, bus)
        self.economy = EconomySection(store, bus)
        self.wishes = WishesPanel(store, bus)
        self.stays = StaySection(store, bus)
        # Kept under its old name: other screens and tests look up the timeline as `history`.
        self.history = self.stays.table
        economy_page = QWidget()
        ev = QVBoxLayout(economy_page)
        ev.setContentsMargins(0, 0, 0, 0)
        ev.addWidget(self.wishes)
        ev.addWidget(self.economy, 1)
        self.sections = QTabWidget()
        self.sections.setObjectName("housing_sections")
        self.sections.setDocumentMode(True)
        for widget, title in ((self.log, _("Search log")),
                              (self.registrations, _("Waiting lists")),
                              (self.offers, _("Offers")),
                              (self.money, _("Money for moving in")),
                              (economy_page, _("Wishes and economy")),
                              (self.stays, _("Housing timeline"))):
            self.sections.addTab(widget, title)
            table = getattr(widget, "table", None)
            if table is not None:
                table.setAccessibleName(title)  # what a screen reader says for the table
        self.economy.table.setAccessibleName(_("Economy"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.sections, 1)
        bus.changed.connect(self._changed)

    def all_sections(self) -> tuple[Any, ...]:
        return (self.log, self.registrations, self.offers, self.money, self.economy, self.stays)

    def set_citizen(self, citizen_id: str) -> None:
        self.citizen_id = citizen_id
        self.log.refresh_pickers()
        for s in self.all_sections():
            s.set_citizen(citizen_id)
        self.wishes.set_citizen(citizen_id)
        self.refresh_figures()

    def _changed(self, kind: str, _rid: str, citizen_id: str) -> None:
        if citizen_id != self.citizen_id:
            return
        if kind.startswith("housing") or kind == "course":
            for s in self.all_sections():
                s.refresh()
            self.refresh_figures()

    def refresh(self) -> None:
        for s in self.all_sections():
            s.refresh()
        self.refresh_figures()

    def refresh_figures(self, today: date | None = None) -> None:
        from hfdesk.store import housing_search as hs

        if self.citizen_id is None:
            self.figures.clear()
            return
        fig = hs.figures(self.store, self.citizen_id, today)
        self.figures.setText("\n".join(figure_lines(fig)))

    def figure_text(self, citizen_id: str, today: date | None = None) -> str:
        """The lines the Overblik shows: days to housing or the running search, and counts."""
        from hfdesk.store import housing_search as hs

        fig = hs.figures(self.store, citizen_id, today)
        return "\n".join(figure_lines(fig, brief=True))

    def new_log_row(self) -> None:
        """Ctrl+Enter during a phone call: straight to a new row of the search log."""
        self.sections.setCurrentWidget(self.log)
        self.log.start_new()
        self.log.focus_first()

    # printing -------------------------------------------------------------------------------
    def print_housing_log(self, external: bool) -> Any:
        from datetime import datetime

        from hfdesk.documents.housing_log import build_housing_log, housing_log_snapshot
        from hfdesk.documents.layout import default_file_name

        if self.citizen_id is None:
            return None
        pdf = build_housing_log(housing_log_snapshot(self.store, self.citizen_id,
                                                     external=external,
                                                     printed_at=datetime.now()))
        kind = "housing_log_external" if external else "housing_log"
        name = default_file_name("boligsoegning-ekstern" if external else "boligsoegning",
                                 date.today(), self.citizen_id[:8])
        title = _("Housing search for a landlord") if external else _("Housing search log")
        return self._preview(kind, title, pdf, name)

    def print_deposit_note(self) -> Any:
        from datetime import datetime

        from hfdesk.documents.deposit_note import build_deposit_note, deposit_note_snapshot
        from hfdesk.documents.layout import default_file_name

        offer_id = self.offers.editing
        if self.citizen_id is None or offer_id is None:
            QMessageBox.information(self, _("Print"), _("Select the offer first."))
            return None
        pdf = build_deposit_note(deposit_note_snapshot(self.store, offer_id,
                                                       printed_at=datetime.now()))
        return self._preview("deposit_note", _("Deposit cover note"), pdf,
                             default_file_name("foelgebrev-depositum", date.today(),
                                               offer_id[:8]))

    def _preview(self, kind: str, title: str, pdf: bytes, file_name: str) -> Any:
        try:
            from ui.preview import PreviewDialog
        except ImportError:
            QMessageBox.information(self, _("Print"),
                                    _("The print preview is not available in this build."))
            return None
        assert self.citizen_id is not None
        dialog = PreviewDialog(self.store, self.bus, self.citizen_id, kind, title, pdf,
                               file_name, self)
        dialog.open()
        self.dialogs.append(dialog)
        return dialog
