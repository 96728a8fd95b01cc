"""One table + one entry form per kind of housing record, for the Bolig tab.

A `RecordSection` lists the citizen's records of one kind and has a form under the table:
typing and Ctrl+Enter (or "Add") records a new row; selecting a row loads it into the form
for changes ("Save changes"). A refused value shows its Danish message and stays typed: nothing
already saved is touched, nothing typed is thrown away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import _, format_money
from ui import labels
from ui.widgets import CheckField, ChipSelector, CodeCombo, DateEdit, MoneyEdit, TextEdit
from ui.widgets.form_rows import error_label
from ui.widgets.sizes import chars

ROLE = Qt.ItemDataRole.UserRole


def fmt_date(value: Any) -> str:
    from hfdesk.domain.dates import fmt

    return fmt(value) if value else ""


def money(value: Any) -> str:
    return format_money(value) if isinstance(value, Decimal | int) else ""


def fill(combo: QComboBox, items: Sequence[tuple[str, str]], empty: str | None) -> None:
    """Replace a picker's items, keeping the current choice when it is still there."""
    keep = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    if empty is not None:
        combo.addItem(empty, None)
    for code, label in items:
        combo.addItem(label, code)
    index = combo.findData(keep)
    combo.setCurrentIndex(max(index, 0))
    combo.blockSignals(False)


@dataclass
class Field:
    name: str
    label: str
    editor: QWidget
    span: int = 1


@dataclass
class Column:
    title: str
    text: Callable[[dict[str, Any]], str]


class RecordSection(QWidget):
    saved = Signal(str)  # record id

    def __init__(self, store: Any, bus: Any, kind: str, columns: list[Column],
                 fields: list[Field], *, hint: str = "", per_row: int = 3,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.kind = kind
        self.columns = columns
        self.fields = {f.name: f.editor for f in fields}
        self.citizen_id: str | None = None
        self.records: list[dict[str, Any]] = []
        self.editing: str | None = None
        self.setObjectName(f"{kind}_section")

        self.table = QTableWidget(0, len(columns))
        self.table.setObjectName(f"{kind}_table")
        self.table.setHorizontalHeaderLabels([c.title for c in columns])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selected)

        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        col = row = 0
        for f in fields:
            label = QLabel(f.label)
            label.setBuddy(f.editor)
            label.setProperty("role", "muted")
            if col + f.span > per_row:
                col, row = 0, row + 2
            grid.addWidget(label, row, col, 1, f.span)
            grid.addWidget(f.editor, row + 1, col, 1, f.span)
            col += f.span
        for c in range(per_row):
            grid.setColumnStretch(c, 1)
        self.error = error_label()
        self.error.setObjectName(f"{kind}_error")
        self.mode = QLabel()
        self.mode.setProperty("role", "muted")
        self.add_button = QPushButton(_("Add (Ctrl+Enter)"))
        self.add_button.setObjectName(f"{kind}_add")
        self.add_button.clicked.connect(self.submit)
        self.new_button = QPushButton(_("New"))
        self.new_button.setObjectName(f"{kind}_new")
        self.new_button.clicked.connect(self.start_new)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName(f"{kind}_delete")
        self.delete_button.setToolTip(_("Delete a row typed by mistake"))
        self.delete_button.clicked.connect(self.delete_selected)
        for b in (self.add_button, self.new_button, self.delete_button):
            b.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.mode, 1)
        buttons.addWidget(self.delete_button)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.add_button)
        self.extra_buttons = buttons

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        if hint:
            h = QLabel(hint)
            h.setWordWrap(True)
            h.setProperty("role", "muted")
            layout.addWidget(h)
        self.top = QHBoxLayout()
        layout.addLayout(self.top)
        layout.addWidget(self.table, 1)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(seq), self)
            sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(self.submit)
        self.start_new()

    # data -----------------------------------------------------------------------------------
    def load_records(self) -> list[dict[str, Any]]:
        from hfdesk.store import housing_search as hs

        assert self.citizen_id is not None
        return hs.list_for(self.store, self.kind, self.citizen_id)

    def visible(self, record: dict[str, Any]) -> bool:
        return True

    def set_citizen(self, citizen_id: str | None) -> None:
        self.citizen_id = citizen_id
        self.start_new()
        self.refresh()

    def refresh(self) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        self.records = self.load_records() if self.citizen_id else []
        shown = [r for r in self.records if self.visible(r)]
        self.table.setRowCount(len(shown))
        for i, rec in enumerate(shown):
            for j, c in enumerate(self.columns):
                item = QTableWidgetItem(c.text(rec))
                item.setData(ROLE, rec["id"])
                self.table.setItem(i, j, item)
            if rec["id"] == self.editing:
                self.table.selectRow(i)
        self.table.blockSignals(False)

    def record(self, record_id: str | None) -> dict[str, Any] | None:
        return next((r for r in self.records if r["id"] == record_id), None)

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return str(items[0].data(ROLE)) if items else None

    # form -----------------------------------------------------------------------------------
    def defaults(self) -> dict[str, Any]:
        return {}

    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.fields.items()}  # type: ignore[attr-defined]

    def _set_values(self, values: dict[str, Any]) -> None:
        for name, editor in self.fields.items():
            editor.set_value(values.get(name))  # type: ignore[attr-defined]

    def start_new(self) -> None:
        self.editing = None
        self.table.blockSignals(True)
        self.table.clearSelection()
        self.table.blockSignals(False)
        self._set_values(self.defaults())
        self.error.setVisible(False)
        self.add_button.setText(_("Add (Ctrl+Enter)"))
        self.mode.setText(_("New row"))
        self.delete_button.setEnabled(False)

    def _selected(self) -> None:
        rid = self.selected_id()
        rec = self.record(rid)
        if rec is None:
            return
        self.editing = rid
        self._set_values(self.to_form(rec))
        self.error.setVisible(False)
        self.add_button.setText(_("Save changes (Ctrl+Enter)"))
        self.mode.setText(_("Changing the selected row"))
        self.delete_button.setEnabled(True)

    def to_form(self, rec: dict[str, Any]) -> dict[str, Any]:
        return dict(rec)

    def focus_first(self) -> None:
        first = next(iter(self.fields.values()))
        first.setFocus()

    def add(self, values: dict[str, Any]) -> str:
        from hfdesk.store import housing_search as hs

        assert self.citizen_id is not None
        return hs.add(self.store, self.kind, self.citizen_id, values)

    def change(self, record_id: str, values: dict[str, Any]) -> None:
        from hfdesk.store import housing_search as hs

        hs.update(self.store, self.kind, record_id, values)

    def submit(self) -> bool:
        if self.citizen_id is None:
            return False
        values = self.values()
        try:
            if self.editing:
                self.change(self.editing, values)
                rid = self.editing
            else:
                rid = self.add(values)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            editor = self.fields.get(exc.field or "")
            if editor is not None:
                editor.setFocus()
            return False
        self.error.setVisible(False)
        if self.bus is not None:
            from ui.autosave import saved_message

            self.bus.status.emit(saved_message())
        self.start_new()
        self.saved.emit(rid)
        if self.bus is not None:
            self.bus.changed.emit(self.kind, rid, self.citizen_id)
        else:
            self.refresh()
        self.focus_first()
        return True

    def delete_selected(self) -> None:
        from hfdesk.store import housing_search as hs

        rid = self.editing
        if rid is None or self.citizen_id is None:
            return
        try:
            hs.delete(self.store, self.kind, rid)
        except UserError as exc:
            self.error.setText(exc.message)
            self.error.setVisible(True)
            return
        self.start_new()
        if self.bus is not None:
            self.bus.changed.emit(self.kind, rid, self.citizen_id)


# --- the concrete sections ------------------------------------------------------------------

def compact(combo: CodeCombo) -> CodeCombo:
    """Long labels (§ 59 …) must not push the form wider than the window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    return combo


def code_combo(list_name: str, empty: str | None = "–") -> CodeCombo:
    return compact(CodeCombo(labels.codes(list_name), empty=empty))


def actor_items(store: Any, types: Sequence[str]) -> list[tuple[str, str]]:
    from hfdesk.store import actors

    return [(a["id"], a["name"]) for t in types for a in actors.list_all(store, t)]


class LogSection(RecordSection):
    """The search log: fast entry during a phone call, filters by outcome and channel."""

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        self.date = DateEdit()
        self.date.setObjectName("log_date")
        self.channel = code_combo("housing_channel", None)
        self.channel.setObjectName("log_channel")
        self.actor = compact(CodeCombo(actor_items(store, ("landlord", "housing_org")),
                                       empty="–"))
        self.actor.setObjectName("log_actor")
        self.place = TextEdit()
        self.place.setObjectName("log_place")
        self.place.setPlaceholderText(_("address or listing"))
        self.htype = code_combo("housing_type")
        self.rent = MoneyEdit()
        self.rent.setObjectName("log_rent")
        self.outcome = code_combo("housing_search_outcome", None)
        self.outcome.setObjectName("log_outcome")
        self.reason = TextEdit()
        self.reason.setObjectName("log_reason")
        self.minutes = TextEdit()
        self.minutes.setObjectName("log_minutes")
        self.minutes.setMaximumWidth(chars(self.minutes, 5))
        self.channel_text = TextEdit()
        fields = [Field("activity_date", _("Date"), self.date),
                  Field("channel", _("Channel"), self.channel),
                  Field("actor_id", _("Landlord or organisation"), self.actor),
                  Field("place", _("Where"), self.place),
                  Field("housing_type", _("Type"), self.htype),
                  Field("rent", _("Rent per month (kr.)"), self.rent),
                  Field("outcome", _("Outcome"), self.outcome),
                  Field("reason", _("Reason"), self.reason),
                  Field("minutes", _("Minutes"), self.minutes),
                  Field("channel_text", _("Channel, if other"), self.channel_text)]
        columns = [
            Column(_("Date"), lambda r: fmt_date(r["activity_date"])),
            Column(_("Channel"), lambda r: r.get("channel_text") or labels.label(
                "housing_channel", r["channel"])),
            Column(_("Where"), lambda r: " · ".join(p for p in (r.get("actor_name"),
                                                                 r.get("place")) if p)),
            Column(_("Type"), lambda r: labels.label("housing_type", r.get("housing_type"))),
            Column(_("Rent"), lambda r: money(r.get("rent"))),
            Column(_("Outcome"), lambda r: labels.label("housing_search_outcome",
                                                        r["outcome"])),
            Column(_("Min."), lambda r: str(r.get("minutes") or "")),
            Column(_("Reason"), lambda r: r.get("reason") or ""),
        ]
        super().__init__(store, bus, "housing_activity", columns, fields, per_row=5,
                         parent=parent)
        self.filter_outcome = code_combo("housing_search_outcome", _("All outcomes"))
        self.filter_outcome.setObjectName("filter_outcome")
        self.filter_outcome.setMinimumContentsLength(18)
        self.filter_channel = code_combo("housing_channel", _("All channels"))
        self.filter_channel.setObjectName("filter_channel")
        self.filter_channel.setMinimumContentsLength(18)
        self.filter_outcome.currentIndexChanged.connect(lambda _i: self.refresh())
        self.filter_channel.currentIndexChanged.connect(lambda _i: self.refresh())
        self.top.addWidget(QLabel(_("Show:")))
        self.top.addWidget(self.filter_outcome)
        self.top.addWidget(self.filter_channel)
        self.top.addStretch(1)

    def defaults(self) -> dict[str, Any]:
        return {"activity_date": date.today(), "outcome": "applied"}

    def visible(self, record: dict[str, Any]) -> bool:
        o, c = self.filter_outcome.value(), self.filter_channel.value()
        return (o is None or record["outcome"] == o) and (c is None or record["channel"] == c)

    def refresh_pickers(self) -> None:
        fill(self.actor, actor_items(self.store, ("landlord", "housing_org")), "–")


class RegistrationSection(RecordSection):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        self.org = CodeCombo(actor_items(store, ("housing_org",)), empty="–")
        fields = [Field("actor_id", _("Housing organisation"), self.org),
                  Field("organisation", _("…or its name"), TextEdit()),
                  Field("list_type", _("Waiting list"), code_combo("waiting_list_type", None)),
                  Field("registered_date", _("Registered"), DateEdit()),
                  Field("position", _("Number or position"), TextEdit()),
                  Field("renewal_due", _("Renew by"), DateEdit()),
                  Field("fee", _("Fee (kr.)"), MoneyEdit()),
                  Field("ended_date", _("Left the list"), DateEdit()),
                  Field("list_name", _("List name"), TextEdit())]
        columns = [
            Column(_("Organisation"), lambda r: r.get("organisation") or ""),
            Column(_("Waiting list"), lambda r: labels.label("waiting_list_type",
                                                             r["list_type"])),
            Column(_("Registered"), lambda r: fmt_date(r["registered_date"])),
            Column(_("Number"), lambda r: r.get("position") or ""),
            Column(_("Renew by"), lambda r: (_("left %(date)s") % {"date": fmt_date(
                r["ended_date"])}) if r.get("ended_date") else fmt_date(r.get("renewal_due"))),
            Column(_("Fee"), lambda r: money(r.get("fee"))),
        ]
        super().__init__(store, bus, "housing_registration", columns, fields, parent=parent,
                         hint=_("Renewal dates come due on the start page before they lapse."))

    def to_form(self, rec: dict[str, Any]) -> dict[str, Any]:
        return {**rec, "organisation": rec.get("organisation") if not rec.get("actor_id")
                else ""}

    def defaults(self) -> dict[str, Any]:
        return {"registered_date": date.today(), "list_type": "almen_youth"}


def offer_items(store: Any, citizen_id: str | None) -> list[tuple[str, str]]:
    from hfdesk.store import housing_search as hs

    if citizen_id is None:
        return []
    return [(o["id"], f"{fmt_date(o['offer_date'])} {o.get('address') or ''}".strip())
            for o in hs.list_for(store, "housing_offer", citizen_id)]


class OfferSection(RecordSection):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        self.decision = code_combo("offer_outcome", None)
        self.decision.setObjectName("offer_decision")
        self.lost_reason = code_combo("offer_lost_reason")
        self.lost_reason.setObjectName("offer_lost_reason")
        fields = [Field("offer_date", _("Offer date"), DateEdit()),
                  Field("address", _("Address"), TextEdit()),
                  Field("actor_id", _("Landlord or organisation"),
                        CodeCombo(actor_items(store, ("landlord", "housing_org")), empty="–")),
                  Field("housing_type", _("Type"), code_combo("housing_type")),
                  Field("contract_type", _("Contract"), code_combo("contract_type")),
                  Field("rent", _("Rent per month (kr.)"), MoneyEdit()),
                  Field("deposit", _("Deposit (kr.)"), MoneyEdit()),
                  Field("prepaid_rent", _("Prepaid rent (kr.)"), MoneyEdit()),
                  Field("signing_deadline", _("Sign by"), DateEdit()),
                  Field("conditions", _("Conditions"),
                        ChipSelector(labels.codes("offer_condition")), 3),
                  Field("answer_deadline", _("Answer by"), DateEdit()),
                  Field("move_in_date", _("Move-in"), DateEdit()),
                  Field("decision", _("Decision"), self.decision),
                  Field("lost_reason", _("Why lost or declined"), self.lost_reason),
                  Field("reason", _("Reason in words"), TextEdit())]
        for name in ("offer_date", "address", "rent", "signing_deadline"):
            next(f for f in fields if f.name == name).editor.setObjectName(f"offer_{name}")
        columns = [
            Column(_("Date"), lambda r: fmt_date(r["offer_date"])),
            Column(_("Address"), lambda r: r.get("address") or ""),
            Column(_("Type"), lambda r: labels.label("housing_type", r.get("housing_type"))),
            Column(_("Rent"), lambda r: money(r.get("rent"))),
            Column(_("Sign by"), lambda r: fmt_date(r.get("signing_deadline"))),
            Column(_("Decision"), lambda r: " · ".join(p for p in (
                labels.label("offer_outcome", r["decision"]),
                labels.label("offer_lost_reason", r.get("lost_reason"))) if p)),
            Column(_("Affordability"), affordability_cell),
        ]
        super().__init__(store, bus, "housing_offer", columns, fields, per_row=3,
                         parent=parent)
        self.deposit_button = QPushButton(_("Print deposit cover note…"))
        self.deposit_button.setObjectName("print_deposit_note")
        self.deposit_button.setAutoDefault(False)
        self.extra_buttons.insertWidget(1, self.deposit_button)

    def load_records(self) -> list[dict[str, Any]]:
        from hfdesk.store import housing_search as hs

        assert self.citizen_id is not None
        return hs.offers_with_affordability(self.store, self.citizen_id)

    def defaults(self) -> dict[str, Any]:
        return {"offer_date": date.today(), "decision": "pending"}


def affordability_cell(r: dict[str, Any]) -> str:
    from hfdesk.domain.housing_search import kr

    parts = []
    d = r.get("disposable_ore")
    if d is not None:
        parts.append(_("Disposable after rent: %(amount)s/month") % {"amount": money(kr(d))})
    if r.get("at_risk"):
        parts.append(_("Deadline near, money not decided"))
    return " · ".join(parts)


class MoneySection(RecordSection):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        self.offer = CodeCombo([], empty="–")
        self.offer.setObjectName("money_offer")
        fields = [Field("offer_id", _("For the offer"), self.offer),
                  Field("money_type", _("Applied for"), code_combo("move_in_money_type", None)),
                  Field("applied_date", _("Applied"), DateEdit()),
                  Field("amount", _("Amount (kr.)"), MoneyEdit()),
                  Field("urgent", _("Urgent"), CheckField(_("Urgent (deadline)"))),
                  Field("outcome", _("Decision"), code_combo("move_in_money_outcome", None)),
                  Field("decided_date", _("Decided"), DateEdit()),
                  Field("granted", _("Granted (kr.)"), MoneyEdit()),
                  Field("refusal_reason", _("Reason for refusal"), TextEdit()),
                  Field("money_text", _("What, if other"), TextEdit())]
        for f in fields:
            if f.editor.objectName() == "":
                f.editor.setObjectName(f"money_{f.name}")
        columns = [
            Column(_("Applied for"), lambda r: r.get("money_text") or labels.label(
                "move_in_money_type", r["money_type"])),
            Column(_("Applied"), lambda r: fmt_date(r["applied_date"])),
            Column(_("Amount"), lambda r: money(r.get("amount"))),
            Column(_("Decision"), lambda r: labels.label("move_in_money_outcome",
                                                         r["outcome"])),
            Column(_("Decided"), lambda r: fmt_date(r.get("decided_date"))),
            Column(_("Granted"), lambda r: money(r.get("granted"))),
        ]
        super().__init__(store, bus, "housing_money", columns, fields, parent=parent,
                         hint=_("Indskudslån (social housing) and help with deposit and prepaid "
                                "rent (private rentals) follow different rules; keep them "
                                "apart. An offer whose deadline is near while its money is "
                                "undecided is flagged."))

    def refresh(self) -> None:
        fill(self.offer, offer_items(self.store, self.citizen_id), "–")
        super().refresh()

    def defaults(self) -> dict[str, Any]:
        return {"applied_date": date.today(), "outcome": "pending", "urgent": True}


class EconomySection(RecordSection):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        fields = [Field("valid_from", _("From"), DateEdit()),
                  Field("income_source", _("Income source"), code_combo("income_source", None)),
                  Field("income_after_tax", _("Income after tax per month (kr.)"), MoneyEdit()),
                  Field("fixed_costs", _("Fixed costs per month (kr.)"), MoneyEdit()),
                  Field("income_text", _("Income, if other"), TextEdit())]
        for f in fields:
            f.editor.setObjectName(f"economy_{f.name}")
        columns = [
            Column(_("From"), lambda r: fmt_date(r["valid_from"])),
            Column(_("Income source"), lambda r: r.get("income_text") or labels.label(
                "income_source", r["income_source"])),
            Column(_("Income after tax"), lambda r: money(r.get("income_after_tax"))),
            Column(_("Fixed costs"), lambda r: money(r.get("fixed_costs"))),
        ]
        super().__init__(store, bus, "housing_economy", columns, fields, per_row=4,
                         parent=parent,
                         hint=_("Used only for the affordability line of offers."))

    def defaults(self) -> dict[str, Any]:
        return {"valid_from": date.today()}


class StaySection(RecordSection):
    """The housing timeline: stays and tenancies, newest first."""

    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        self.situation = code_combo("housing_situation", None)
        self.situation.setObjectName("housing_situation")
        self.start = DateEdit()
        self.start.setObjectName("housing_start")
        self.address = TextEdit()
        self.address.setObjectName("housing_address")
        self.offer = CodeCombo([], empty="–")
        self.offer.setObjectName("stay_offer")
        fields = [Field("housing_situation", _("Where"), self.situation),
                  Field("start_date", _("From"), self.start),
                  Field("address", _("Address"), self.address),
                  Field("contract_type", _("Contract"), code_combo("contract_type")),
                  Field("contract_date", _("Contract date"), DateEdit()),
                  Field("move_in_date", _("Move-in (first night)"), DateEdit()),
                  Field("own_contract", "", CheckField(_("Contract in own name"))),
                  Field("guardian_signed", "", CheckField(_("Guardian has signed (under 18)"))),
                  Field("rent", _("Rent per month (kr.)"), MoneyEdit()),
                  Field("offer_id", _("From the offer"), self.offer),
                  Field("end_date", _("Ended"), DateEdit()),
                  Field("end_reason", _("Why it ended"), code_combo("housing_end_reason"))]
        for f in fields:
            if f.editor.objectName() == "":
                f.editor.setObjectName(f"stay_{f.name}")
        columns = [
            Column(_("From"), lambda r: fmt_date(r["start_date"])),
            Column(_("To"), lambda r: fmt_date(r.get("end_date")) or _("now")),
            Column(_("Where"), lambda r: labels.label("housing_situation",
                                                      r["housing_situation"])),
            Column(_("Contract"), lambda r: " · ".join(p for p in (
                labels.label("contract_type", r.get("contract_type")),
                _("own name") if r.get("own_contract") else "") if p)),
            Column(_("Ended because"), lambda r: labels.label("housing_end_reason",
                                                              r.get("end_reason"))),
            Column(_("Address"), lambda r: r.get("address") or ""),
        ]
        super().__init__(store, bus, "housing_segment", columns, fields, parent=parent,
                         hint=_("A new stay ends the previous one. Losing a home opens a new "
                                "search; it never ends the course."))

    def load_records(self) -> list[dict[str, Any]]:
        from hfdesk.store import housing_search as hs

        assert self.citizen_id is not None
        return hs.stays(self.store, self.citizen_id)

    def refresh(self) -> None:
        fill(self.offer, offer_items(self.store, self.citizen_id), "–")
        super().refresh()

    def values(self) -> dict[str, Any]:
        v = super().values()
        if v.get("move_in_date") and self.editing is None:
            v["start_date"] = v["start_date"] or v["move_in_date"]
        return v
