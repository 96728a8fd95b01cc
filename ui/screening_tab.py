"""Opsporing: henvendelser on top, the assessments as a list with the latest open, the domain grid
(keyboard: arrows to move, J/N/I for ja/nej/ikke afdækket, Enter to write in the row), the open
domain's details with "Med egne ord" first, actions, and a comparison of two assessments.

Internal items carry a lock; "Frigiv" releases one item (an audited act). No score anywhere.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from hfdesk.errors import UserError
from hfdesk.i18n import N_, _
from ui import labels
from ui.autosave import FormAutosave
from ui.widgets import ChipSelector, CodeCombo, DateEdit, NoteEdit, TextEdit
from ui.widgets.form_rows import error_label
from ui.widgets.sizes import list_rows, text_lines

ROLE = Qt.ItemDataRole.UserRole
CONCERNS = (("yes", N_("Yes")), ("no", N_("No")), ("not_assessed", N_("Not assessed")))
CONCERN_KEYS = {Qt.Key.Key_J: "yes", Qt.Key.Key_Y: "yes", Qt.Key.Key_N: "no",
                Qt.Key.Key_I: "not_assessed", Qt.Key.Key_0: None, Qt.Key.Key_Delete: None}
WRITE_HINT = N_("Write so the young person can read it.")


def concern_text(code: str | None) -> str:
    for c, text in CONCERNS:
        if c == code:
            return _(text)
    return code or "–"


_icons: dict[bool, QIcon] = {}


def lock_icon(locked: bool = True) -> QIcon:
    """A small padlock (closed: internal; open: released), drawn so no icon file is needed."""
    if locked in _icons:
        return _icons[locked]
    pix = QPixmap(16, 16)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    colour = QColor("#5f6368")
    p.setPen(QPen(colour, 1.6))
    shackle = QRectF(4.5, 1.5, 7, 8) if locked else QRectF(7.5, 0.5, 7, 8)
    p.drawArc(shackle, 0, 180 * 16)
    p.drawLine(int(shackle.left()), 5, int(shackle.left()), 8)
    if locked:
        p.drawLine(int(shackle.right()), 5, int(shackle.right()), 8)
    p.setBrush(colour)
    p.drawRoundedRect(QRectF(3, 7.5, 10, 7.5), 1.5, 1.5)
    p.end()
    _icons[locked] = QIcon(pix)
    return _icons[locked]


def sharing_text(sharing: str | None) -> str:
    return _("Released") if sharing == "released" else _("Internal")


class DomainChips(QWidget):
    """Checkable chips for one domain's catalogue items; the domain can change under it. Stored
    codes that are not (or no longer) in the catalogue show as their code, checked.

    One selector per domain is built once and kept (a stack), so switching domains never
    destroys a widget that may hold the keyboard focus."""

    edited = Signal()

    def __init__(self, list_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list_name = list_name
        self.domain = ""
        self.selector: ChipSelector | None = None
        self._selectors: dict[tuple[str, tuple[str, ...]], ChipSelector] = {}
        self.stack = QStackedWidget(self)
        self.empty = QLabel(_("No catalogue items for this domain; add your own below."))
        self.empty.setProperty("role", "muted")
        self.stack.addWidget(self.empty)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _items(self, extra: list[str]) -> list[tuple[str, str]]:
        from hfdesk import vocab

        items = [(c.code, labels.label(self.list_name, c.code))
                 for c in vocab.default().codes(self.list_name)
                 if c.extra.get("domain") == self.domain]
        known = {c for c, _t in items}
        return items + [(c, labels.label(self.list_name, c)) for c in extra if c not in known]

    def set_domain(self, domain: str, value: list[str] | None = None) -> None:
        self.domain = domain
        self._show(list(value or []))

    def _show(self, value: list[str]) -> None:
        items = self._items(value)
        key = (self.domain, tuple(c for c, _t in items))
        selector = self._selectors.get(key)
        if selector is None and items:
            selector = ChipSelector(items)
            selector.setObjectName(f"{self.objectName()}_chips")
            selector.edited.connect(self.edited.emit)
            self._selectors[key] = selector
            self.stack.addWidget(selector)
        self.selector = selector
        if selector is None:
            self.stack.setCurrentWidget(self.empty)
        else:
            selector.set_value(value)
            self.stack.setCurrentWidget(selector)
        self.stack.setFixedHeight(self.stack.currentWidget().heightForWidth(
            max(self.width(), 400)) if selector is not None else self.empty.sizeHint().height())

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt API)
        super().resizeEvent(event)
        if self.selector is not None:
            self.stack.setFixedHeight(self.selector.heightForWidth(self.width()))

    def buttons(self) -> dict[str, QPushButton]:
        return self.selector.buttons() if self.selector is not None else {}

    def value(self) -> list[str]:
        return self.selector.value() if self.selector is not None else []

    def set_value(self, value: Any) -> None:
        chosen = list(value or [])
        if any(c not in self.buttons() for c in chosen):
            self._show(chosen)
        elif self.selector is not None:
            self.selector.set_value(chosen)


class LinesEdit(NoteEdit):
    """Free-text items, one per line; the value is the list of lines."""

    def value(self) -> list[str]:  # type: ignore[override]
        return [line.strip() for line in self.toPlainText().splitlines() if line.strip()]

    def set_value(self, value: Any) -> None:
        super().set_value("\n".join(value or []) if isinstance(value, list) else value)


class ShareButton(QWidget):
    """The lock and "Frigiv" for one item."""

    toggled = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setObjectName(f"{name}_state")
        self.button = QPushButton(_("Release"))
        self.button.setObjectName(f"{name}_release")
        self.button.setAutoDefault(False)
        self.button.setToolTip(_("Release the item together with the young person: it may then "
                                 "appear in documents for the authority. The release is logged."))
        self.button.clicked.connect(self.toggled.emit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.icon)
        row.addWidget(self.text)
        row.addWidget(self.button)
        self.set_state("internal")

    def set_state(self, sharing: str | None) -> None:
        released = sharing == "released"
        self.icon.setPixmap(lock_icon(not released).pixmap(16, 16))
        self.text.setText(sharing_text(sharing))
        self.button.setText(_("Make internal") if released else _("Release"))


class ScreeningTab(QWidget):
    def __init__(self, store: Any, bus: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.bus = bus
        self.citizen_id: str | None = None
        self.assessment_id: str | None = None
        self.domain: str | None = None
        self.assessment: dict[str, Any] | None = None
        self.dialog: Any = None
        self._rows: list[str] = []

        # henvendelser ------------------------------------------------------------------------
        self.referral_list = QTreeWidget()
        self.referral_list.setObjectName("referral_list")
        self.referral_list.setAccessibleName(_("Referrals"))
        self.referral_list.setRootIsDecorated(False)
        self.referral_list.setHeaderLabels([_("Received"), _("Source"), _("Concern domains"),
                                            _("Status")])
        self.referral_list.setMaximumHeight(list_rows(self.referral_list, 4))
        self.referral_list.itemActivated.connect(self._open_referral)
        self.referral_new = QPushButton(_("New referral…"))
        self.referral_new.setObjectName("referral_new")
        self.referral_new.setAutoDefault(False)
        self.referral_new.clicked.connect(self.new_referral)

        # assessments -------------------------------------------------------------------------
        self.assessment_list = QTreeWidget()
        self.assessment_list.setObjectName("assessment_list")
        self.assessment_list.setAccessibleName(_("Assessments"))
        self.assessment_list.setRootIsDecorated(False)
        self.assessment_list.setHeaderLabels([_("Date"), _("Assessed by"), _("Phase")])
        self.assessment_list.setMaximumHeight(list_rows(self.assessment_list, 3.5))
        self.assessment_list.currentItemChanged.connect(self._assessment_chosen)
        self.assessment_new = QPushButton(_("New assessment"))
        self.assessment_new.setObjectName("assessment_new")
        self.assessment_new.setAutoDefault(False)
        self.assessment_new.clicked.connect(self.new_assessment)
        self.compare_toggle = QPushButton(_("Compare"))
        self.compare_toggle.setObjectName("compare_toggle")
        self.compare_toggle.setCheckable(True)
        self.compare_toggle.setAutoDefault(False)
        self.compare_toggle.toggled.connect(self._toggle_compare)
        self.print_button = QPushButton(_("Print summary for the authority…"))
        self.print_button.setObjectName("print_screening")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_summary)

        # the open assessment -----------------------------------------------------------------
        self.editor = QFrame()
        self.editor.setProperty("card", True)
        self.assessed_on = DateEdit()
        self.assessed_on.setObjectName("assessment_date")
        self.worker_name = TextEdit()
        self.worker_name.setObjectName("assessment_worker")
        self.phase = CodeCombo(labels.codes("screening_phase"), empty="")
        self.phase.setObjectName("assessment_phase")
        self.subgroup = CodeCombo(labels.codes("target_subgroup"), empty="")
        self.subgroup.setObjectName("assessment_subgroup")
        self.duration = CodeCombo(labels.codes("homelessness_duration"), empty="")
        self.duration.setObjectName("assessment_duration")
        self.stay = QLabel()
        self.stay.setObjectName("assessment_stay")
        self.stay.setProperty("role", "muted")
        self.summary = NoteEdit()
        self.summary.setObjectName("assessment_summary")
        self.summary.setMaximumHeight(text_lines(self.summary, 2.5))
        self.summary.setPlaceholderText(_(WRITE_HINT))
        self.summary_share = ShareButton("summary")
        self.summary_share.toggled.connect(lambda: self._toggle_share("screening_assessment"))
        a_errors = {k: error_label() for k in ("assessed_on", "worker_name", "phase",
                                               "target_subgroup", "homelessness_duration",
                                               "summary")}
        self.a_error = error_label()
        head = QGridLayout()
        for col, (text, w) in enumerate(((_("Date"), self.assessed_on),
                                         (_("Assessed by"), self.worker_name),
                                         (_("Phase"), self.phase),
                                         (_("Target subgroup"), self.subgroup),
                                         (_("Homeless for"), self.duration))):
            label = QLabel(text)
            label.setBuddy(w)
            head.addWidget(label, 0, col)
            head.addWidget(w, 1, col)
        head.addWidget(self.stay, 2, 0, 1, 5)

        # the domain grid ----------------------------------------------------------------------
        self.grid = QTableWidget(0, 5)
        self.grid.setObjectName("domain_grid")
        self.grid.setAccessibleName(_("Domains"))
        self.grid.setHorizontalHeaderLabels([_("Domain"), _("Concern"), _("Risk signals"),
                                             _("Protective factors"), _("Sharing")])
        self.grid.verticalHeader().setVisible(False)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setTabKeyNavigation(False)
        header = self.grid.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        self.grid.setMinimumHeight(list_rows(self.grid, 9))
        self.grid.currentCellChanged.connect(self._row_changed)
        self.grid.installEventFilter(self)
        grid_hint = QLabel(_("Arrow keys move between domains. J, N or I sets the concern (ja, "
                             "nej, ikke afdækket); Enter writes in the domain."))
        grid_hint.setProperty("role", "muted")
        grid_hint.setWordWrap(True)

        # the open domain ------------------------------------------------------------------------
        self.domain_box = QFrame()
        self.domain_title = QLabel()
        self.domain_title.setObjectName("domain_title")
        self.domain_title.setProperty("role", "section")
        self.domain_share = ShareButton("domain")
        self.domain_share.toggled.connect(lambda: self._toggle_share("screening_domain"))
        self.concern = CodeCombo([(c, _(t)) for c, t in CONCERNS], empty="")
        self.concern.setObjectName("domain_concern")
        self.youth_view = NoteEdit()
        self.youth_view.setObjectName("domain_youth_view")
        self.youth_view.setMaximumHeight(text_lines(self.youth_view, 2.5))
        self.youth_view.setPlaceholderText(_("In the young person's own words"))
        self.risks = DomainChips("risk_signal")
        self.risks.setObjectName("domain_risks")
        self.risks_added = LinesEdit()
        self.risks_added.setObjectName("domain_risks_added")
        self.risks_added.setMaximumHeight(text_lines(self.risks_added, 2))
        self.risks_added.setPlaceholderText(_("Other signs, one per line"))
        self.protective = DomainChips("protective_factor")
        self.protective.setObjectName("domain_protective")
        self.protective_added = LinesEdit()
        self.protective_added.setObjectName("domain_protective_added")
        self.protective_added.setMaximumHeight(text_lines(self.protective_added, 2))
        self.protective_added.setPlaceholderText(_("Other protective factors, one per line"))
        self.judgement = NoteEdit()
        self.judgement.setObjectName("domain_judgement")
        self.judgement.setMaximumHeight(text_lines(self.judgement, 2.5))
        self.judgement.setPlaceholderText(_(WRITE_HINT))
        d_errors = {k: error_label() for k in ("concern", "youth_view", "risk_signals",
                                               "risk_signals_added", "protective_factors",
                                               "protective_added", "judgement")}
        self.d_error = error_label()
        dl = QVBoxLayout(self.domain_box)
        dl.setContentsMargins(0, 6, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.domain_title, 1)
        concern_label = QLabel(_("Concern"))
        concern_label.setBuddy(self.concern)
        top.addWidget(concern_label)
        top.addWidget(self.concern)
        top.addWidget(self.domain_share)
        dl.addLayout(top)
        for text, w, err in ((_("Med egne ord: the young person's own view"), self.youth_view,
                              "youth_view"),
                             (_("Risk signals"), self.risks, "risk_signals"),
                             ("", self.risks_added, "risk_signals_added"),
                             (_("Protective factors"), self.protective, "protective_factors"),
                             ("", self.protective_added, "protective_added"),
                             (_("The worker's judgement"), self.judgement, "judgement")):
            if text:
                label = QLabel(text)
                label.setBuddy(w)
                dl.addWidget(label)
            dl.addWidget(w)
            dl.addWidget(d_errors[err])
        dl.addWidget(d_errors["concern"])
        dl.addWidget(self.d_error)

        # actions ------------------------------------------------------------------------------
        self.action_list = QTreeWidget()
        self.action_list.setObjectName("action_list")
        self.action_list.setAccessibleName(_("Actions"))
        self.action_list.setRootIsDecorated(False)
        self.action_list.setHeaderLabels([_("What"), _("Who"), _("By"), _("Onward referral"),
                                          _("Sharing")])
        self.action_list.setMaximumHeight(list_rows(self.action_list, 4))
        self.action_what = TextEdit()
        self.action_what.setObjectName("action_what")
        self.action_what.setPlaceholderText(_("What"))
        self.action_who = TextEdit()
        self.action_who.setObjectName("action_who")
        self.action_who.setPlaceholderText(_("Who"))
        self.action_due = DateEdit()
        self.action_due.setObjectName("action_due")
        self.action_due.setAccessibleName(_("By"))
        self.action_onward = TextEdit()
        self.action_onward.setObjectName("action_onward")
        self.action_onward.setPlaceholderText(_("Onward referral to"))
        self.action_add = QPushButton(_("Add action"))
        self.action_add.setObjectName("action_add")
        self.action_add.setAutoDefault(False)
        self.action_add.clicked.connect(self.add_action)
        self.action_release = QPushButton(_("Release chosen action"))
        self.action_release.setObjectName("action_release")
        self.action_release.setAutoDefault(False)
        self.action_release.clicked.connect(lambda: self._toggle_share("screening_action"))
        self.action_error = error_label()

        editor = QVBoxLayout(self.editor)
        editor.setContentsMargins(10, 8, 10, 10)
        editor.addLayout(head)
        for e in a_errors.values():
            editor.addWidget(e)
        summary_row = QHBoxLayout()
        summary_label = QLabel(_("Summary"))
        summary_label.setBuddy(self.summary)
        summary_row.addWidget(summary_label)
        summary_row.addStretch(1)
        summary_row.addWidget(self.summary_share)
        editor.addLayout(summary_row)
        editor.addWidget(self.summary)
        editor.addWidget(self.a_error)
        editor.addWidget(self._heading(_("Domains")))
        editor.addWidget(grid_hint)
        editor.addWidget(self.grid)
        editor.addWidget(self.domain_box)
        editor.addWidget(self._heading(_("Actions")))
        editor.addWidget(self.action_list)
        add_row = QHBoxLayout()
        for w in (self.action_what, self.action_who, self.action_due, self.action_onward,
                  self.action_add):
            add_row.addWidget(w, 2 if w is self.action_what else 1)
        editor.addLayout(add_row)
        release_row = QHBoxLayout()
        release_row.addWidget(self.action_error, 1)
        release_row.addWidget(self.action_release)
        editor.addLayout(release_row)

        # comparison ---------------------------------------------------------------------------
        self.compare_box = QFrame()
        self.compare_box.setProperty("card", True)
        self.compare_a = QComboBox()
        self.compare_a.setObjectName("compare_a")
        self.compare_b = QComboBox()
        self.compare_b.setObjectName("compare_b")
        self.compare_a.currentIndexChanged.connect(lambda _i: self._fill_compare())
        self.compare_b.currentIndexChanged.connect(lambda _i: self._fill_compare())
        self.compare_table = QTableWidget(0, 4)
        self.compare_table.setObjectName("compare_table")
        self.compare_table.setHorizontalHeaderLabels([_("Domain"), _("Before"), _("After"),
                                                      _("What changed")])
        self.compare_table.verticalHeader().setVisible(False)
        self.compare_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.compare_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.compare_table.setMinimumHeight(list_rows(self.compare_table, 9))
        self.compare_table.setWordWrap(True)
        cl = QVBoxLayout(self.compare_box)
        pick = QHBoxLayout()
        for text, w in ((_("Before"), self.compare_a), (_("After"), self.compare_b)):
            label = QLabel(text)
            label.setBuddy(w)
            pick.addWidget(label)
            pick.addWidget(w)
        pick.addStretch(1)
        cl.addLayout(pick)
        cl.addWidget(self.compare_table)
        self.compare_box.setVisible(False)
        self.empty = QLabel(_("No assessment yet. Start one with \"New assessment\"."))
        self.empty.setObjectName("assessment_empty")
        self.empty.setProperty("role", "muted")

        body = QWidget()
        layout = QVBoxLayout(body)
        row = QHBoxLayout()
        row.addWidget(self._heading(_("Referrals and underretninger")), 1)
        row.addWidget(self.referral_new)
        layout.addLayout(row)
        layout.addWidget(self.referral_list)
        row = QHBoxLayout()
        row.addWidget(self._heading(_("Opsporing assessments")), 1)
        for w in (self.assessment_new, self.compare_toggle, self.print_button):
            row.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(self.assessment_list)
        layout.addWidget(self.empty)
        layout.addWidget(self.compare_box)
        layout.addWidget(self.editor)
        layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

        self.a_autosave = FormAutosave(
            store=store, bus=bus, form_key="screening:none", citizen_id=None, root=self.editor,
            fields={"assessed_on": self.assessed_on, "worker_name": self.worker_name,
                    "phase": self.phase, "target_subgroup": self.subgroup,
                    "homelessness_duration": self.duration, "summary": self.summary},
            errors=a_errors, save=self._save_assessment, form_error=self.a_error)
        self.d_autosave = FormAutosave(
            store=store, bus=bus, form_key="screening_domain:none", citizen_id=None,
            root=self.domain_box,
            fields={"concern": self.concern, "youth_view": self.youth_view,
                    "risk_signals": self.risks, "risk_signals_added": self.risks_added,
                    "protective_factors": self.protective,
                    "protective_added": self.protective_added, "judgement": self.judgement},
            errors=d_errors, save=self._save_domain, form_error=self.d_error)
        self.editor.setVisible(False)
        bus.changed.connect(self._changed)

    @staticmethod
    def _heading(text: str) -> QLabel:
        label = QLabel(text)
        label.setProperty("role", "section")
        return label

    # loading --------------------------------------------------------------------------------
    def set_citizen(self, citizen_id: str) -> None:
        self.a_autosave.close()
        self.d_autosave.close()
        self.citizen_id = citizen_id
        self.assessment_id = None
        self.refresh()

    def _changed(self, kind: str, _record_id: str, citizen_id: str) -> None:
        if citizen_id != self.citizen_id or self.citizen_id is None:
            return
        if kind.startswith("referral"):
            self.refresh_referrals()
        elif kind == "housing_segment":
            self._show_stay()

    def refresh(self) -> None:
        self.refresh_referrals()
        self.refresh_assessments()

    def refresh_referrals(self) -> None:
        from hfdesk.domain import referrals as domain
        from hfdesk.domain.dates import fmt
        from hfdesk.store import referrals
        from ui.referral_dialog import status_text

        self.referral_list.clear()
        if self.citizen_id is None:
            return
        rows = referrals.for_citizen(self.store, self.citizen_id)
        for r in rows:
            domains = ", ".join(labels.label("concern_domain", d) for d in r["concern_domains"])
            code = domain.status(r, referrals.contacts(self.store, r["id"]))
            what = labels.label("referral_source", r["source"])
            if r.get("underretning"):
                what = _("Underretning") + " · " + what
            item = QTreeWidgetItem([fmt(r["received_date"]), what, domains, status_text(code)])
            item.setData(0, ROLE, r["id"])
            self.referral_list.addTopLevelItem(item)
        if not rows:
            item = QTreeWidgetItem([_("No referrals for this citizen."), "", "", ""])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.referral_list.addTopLevelItem(item)
        for col in range(3):
            self.referral_list.resizeColumnToContents(col)

    def refresh_assessments(self, select: str | None = None) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import screening

        self.assessment_list.blockSignals(True)
        self.assessment_list.clear()
        rows = screening.for_citizen(self.store, self.citizen_id) if self.citizen_id else []
        chosen = None
        for a in rows:
            item = QTreeWidgetItem([fmt(a["assessed_on"]), a["worker_name"],
                                    labels.label("screening_phase", a.get("phase"))])
            item.setData(0, ROLE, a["id"])
            self.assessment_list.addTopLevelItem(item)
            if a["id"] == (select or self.assessment_id):
                chosen = item
        if chosen is None and rows:
            chosen = self.assessment_list.topLevelItem(0)  # the latest open
        self.assessment_list.blockSignals(False)
        self.empty.setVisible(not rows)
        self.compare_toggle.setEnabled(len(rows) >= 2)
        self.print_button.setEnabled(bool(rows))
        if chosen is not None:
            self.assessment_list.setCurrentItem(chosen)
            self.open_assessment(str(chosen.data(0, ROLE)))
        else:
            self.assessment_id = None
            self.editor.setVisible(False)
        self._fill_compare_choices(rows)

    def _assessment_chosen(self, current: QTreeWidgetItem | None, _prev: Any) -> None:
        if current is not None and current.data(0, ROLE):
            self.open_assessment(str(current.data(0, ROLE)))

    def open_assessment(self, assessment_id: str) -> None:
        from hfdesk.store import audit, screening

        self.a_autosave.flush()
        self.d_autosave.flush()
        self.assessment_id = assessment_id
        self.assessment = screening.get(self.store, assessment_id)
        a = self.assessment
        self.a_autosave.form_key = f"screening:{assessment_id}"
        self.a_autosave.citizen_id = self.citizen_id
        self.a_autosave.session = audit.EditSession()
        self.a_autosave.load({k: a.get(k) for k in ("assessed_on", "worker_name", "phase",
                                                    "target_subgroup", "homelessness_duration",
                                                    "summary")})
        self.summary_share.set_state(a.get("sharing"))
        self.editor.setVisible(True)
        self._show_stay()
        self._fill_grid()
        self._fill_actions()
        row = self._rows.index(self.domain) if self.domain in self._rows else 0
        self.grid.setCurrentCell(row, 0)
        self._open_domain(self._rows[row])

    def _show_stay(self) -> None:
        from hfdesk.domain.dates import fmt
        from hfdesk.store import housing

        h = housing.current(self.store, self.citizen_id) if self.citizen_id else None
        if h is None:
            self.stay.setText(_("Current stay: not recorded in the housing history."))
        else:
            self.stay.setText(_("Current stay (from the housing history): %(where)s since "
                                "%(date)s") % {"where": labels.label("housing_situation",
                                                                    h["housing_situation"]),
                                              "date": fmt(h["start_date"])})

    def _fill_grid(self) -> None:
        from hfdesk import vocab
        from hfdesk.domain import screening as domain

        assert self.assessment is not None
        order = [c.code for c in vocab.default().codes("concern_domain")]
        rows = domain.profile(self.assessment["domains"], order)
        self._rows = [r["domain"] for r in rows]
        self.grid.blockSignals(True)
        self.grid.setRowCount(len(rows))
        for i, r in enumerate(rows):
            risks = [labels.label("risk_signal", s) for s in r["risk_signals"]] + \
                r["risk_signals_added"]
            prot = [labels.label("protective_factor", s) for s in r["protective_factors"]] + \
                r["protective_added"]
            cells = [labels.label("concern_domain", r["domain"]), concern_text(r["concern"]),
                     "; ".join(risks), "; ".join(prot), sharing_text(r["sharing"])]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if col == 4:
                    item.setIcon(lock_icon(r["sharing"] != "released"))
                self.grid.setItem(i, col, item)
        self.grid.blockSignals(False)
        self.grid.resizeRowsToContents()

    def _fill_actions(self) -> None:
        from hfdesk.domain.dates import fmt

        assert self.assessment is not None
        self.action_list.clear()
        for x in self.assessment["actions"]:
            item = QTreeWidgetItem([x["what"], x.get("who") or "", fmt(x.get("due_date")),
                                    x.get("onward_text") or "", sharing_text(x.get("sharing"))])
            item.setIcon(4, lock_icon(x.get("sharing") != "released"))
            item.setData(0, ROLE, x["id"])
            self.action_list.addTopLevelItem(item)
        for col in range(4):
            self.action_list.resizeColumnToContents(col)

    # domain rows ---------------------------------------------------------------------------
    def _row_changed(self, row: int, _col: int, _prev_row: int, _prev_col: int) -> None:
        if 0 <= row < len(self._rows):
            self._open_domain(self._rows[row])

    def _open_domain(self, code: str) -> None:
        from hfdesk.store import audit

        if self.assessment is None:
            return
        if self.domain != code or self.d_autosave.form_key != f"screening_domain:{self.assessment_id}:{code}":
            self.d_autosave.flush()
        self.domain = code
        row = next((d for d in self.assessment["domains"] if d["domain"] == code), {})
        self.domain_title.setText(labels.label("concern_domain", code))
        self.risks.set_domain(code, row.get("risk_signals"))
        self.protective.set_domain(code, row.get("protective_factors"))
        # Reading order: own words, signs (chips, then added), protective, judgement.
        chain = [self.youth_view, *self.risks.buttons().values(), self.risks_added,
                 *self.protective.buttons().values(), self.protective_added, self.judgement]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.d_autosave.form_key = f"screening_domain:{self.assessment_id}:{code}"
        self.d_autosave.citizen_id = self.citizen_id
        self.d_autosave.session = audit.EditSession()
        self.d_autosave.load({k: row.get(k) for k in ("concern", "youth_view", "risk_signals",
                                                     "risk_signals_added", "protective_factors",
                                                     "protective_added", "judgement")})
        self.domain_share.set_state(row.get("sharing"))

    def _reload_assessment(self) -> None:
        from hfdesk.store import screening

        if self.assessment_id is None:
            return
        self.assessment = screening.get(self.store, self.assessment_id)
        current = self.grid.currentRow()
        self._fill_grid()
        self.grid.blockSignals(True)
        self.grid.setCurrentCell(max(current, 0), 0)
        self.grid.blockSignals(False)
        self._fill_actions()
        row = next((d for d in self.assessment["domains"] if d["domain"] == self.domain), {})
        self.domain_share.set_state(row.get("sharing"))
        self.summary_share.set_state(self.assessment.get("sharing"))
        if self.compare_box.isVisible():
            self._fill_compare()

    def set_concern(self, code: str | None) -> None:
        """Set the concern of the current row from the grid (keyboard)."""
        self.concern.set_value(code)
        self.concern.edited.emit()
        self.d_autosave.flush()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if watched is self.grid and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and not event.modifiers() & (
                    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            key = Qt.Key(event.key())
            if key in CONCERN_KEYS:
                self.set_concern(CONCERN_KEYS[key])
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.youth_view.setFocus()
                return True
        return super().eventFilter(watched, event)

    # saving ------------------------------------------------------------------------------
    def _save_assessment(self, changes: dict[str, Any], _values: dict[str, Any],
                         _excluded: set[str]) -> Any:
        from hfdesk.store import screening

        if self.assessment_id is None:
            return False
        screening.update(self.store, self.assessment_id, changes,
                         session=self.a_autosave.session)
        if set(changes) & {"assessed_on", "worker_name", "phase"}:
            item = self.assessment_list.currentItem()
            if item is not None:
                from hfdesk.domain.dates import fmt
                from hfdesk.store import records

                row = records.get(self.store, "screening_assessment", self.assessment_id)
                item.setText(0, fmt(row["assessed_on"]))
                item.setText(1, row["worker_name"])
                item.setText(2, labels.label("screening_phase", row.get("phase")))
        self.bus.changed.emit("screening_assessment", self.assessment_id, self.citizen_id or "")
        return True

    def _save_domain(self, changes: dict[str, Any], _values: dict[str, Any],
                     _excluded: set[str]) -> Any:
        from hfdesk.store import screening

        if self.assessment_id is None or self.domain is None:
            return False
        did, _changed = screening.set_domain(self.store, self.assessment_id, self.domain,
                                             changes, session=self.d_autosave.session)
        self._reload_assessment()
        self.bus.changed.emit("screening_domain", did, self.citizen_id or "")
        return True

    def _toggle_share(self, kind: str) -> None:
        from hfdesk.store import screening

        if self.assessment_id is None or self.assessment is None:
            return
        if kind == "screening_assessment":
            self.a_autosave.flush()
            record_id: str | None = self.assessment_id
            current = screening.get(self.store, self.assessment_id).get("sharing")
        elif kind == "screening_domain":
            self.d_autosave.flush()
            assert self.domain is not None
            row = screening.domain_row(self.store, self.assessment_id, self.domain)
            if row is None:
                record_id, _c = screening.set_domain(self.store, self.assessment_id,
                                                     self.domain, {})
                current = "internal"
            else:
                record_id, current = row["id"], row.get("sharing")
        else:
            item = self.action_list.currentItem()
            if item is None:
                self.action_error.setText(_("Choose an action in the list first."))
                self.action_error.setVisible(True)
                return
            record_id = str(item.data(0, ROLE))
            current = next((x.get("sharing") for x in self.assessment["actions"]
                            if x["id"] == record_id), "internal")
        assert record_id is not None
        if current == "released":
            screening.make_internal(self.store, kind, record_id)
        else:
            screening.release(self.store, kind, record_id)
        self._reload_assessment()
        self.bus.changed.emit(kind, record_id, self.citizen_id or "")
        self.bus.status.emit(_("Released") if current != "released" else _("Made internal"))

    def add_action(self) -> None:
        from hfdesk.store import screening

        if self.assessment_id is None:
            return
        try:
            screening.add_action(self.store, self.assessment_id, {
                "what": self.action_what.text(), "who": self.action_who.text(),
                "due_date": self.action_due.text(), "onward_text": self.action_onward.text()})
        except UserError as exc:
            self.action_error.setText(exc.message)
            self.action_error.setVisible(True)
            return
        self.action_error.setVisible(False)
        for w in (self.action_what, self.action_who, self.action_due, self.action_onward):
            w.clear()
        self._reload_assessment()
        self.action_what.setFocus()
        self.bus.changed.emit("screening_action", self.assessment_id, self.citizen_id or "")

    def new_assessment(self) -> None:
        from hfdesk.store import screening

        if self.citizen_id is None:
            return
        self.a_autosave.flush()
        self.d_autosave.flush()
        try:
            aid = screening.create(self.store, self.citizen_id)
        except UserError as exc:
            self.bus.status.emit(exc.message)
            return
        self.domain = None
        self.refresh_assessments(select=aid)
        self.bus.changed.emit("screening_assessment", aid, self.citizen_id)
        self.grid.setFocus()

    # referrals ------------------------------------------------------------------------------
    def new_referral(self) -> None:
        from ui.referral_dialog import ReferralDialog

        self._show_dialog(ReferralDialog(self.store, self.bus, citizen_id=self.citizen_id,
                                         parent=self))

    def _open_referral(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        from ui.referral_dialog import dialog_for

        rid = item.data(0, ROLE)
        if rid:
            self._show_dialog(dialog_for(self.store, self.bus, str(rid), parent=self))

    def _show_dialog(self, dialog: Any) -> None:
        self.dialog = dialog

        def finished(_result: int) -> None:
            self.refresh_referrals()
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()

    # comparison -----------------------------------------------------------------------------
    def _toggle_compare(self, on: bool) -> None:
        self.compare_box.setVisible(on)
        if on:
            self._fill_compare()
            self.compare_table.setFocus()

    def _fill_compare_choices(self, rows: list[dict[str, Any]]) -> None:
        from hfdesk.domain.dates import fmt

        for combo in (self.compare_a, self.compare_b):
            combo.blockSignals(True)
            combo.clear()
            for a in rows:
                combo.addItem(f"{fmt(a['assessed_on'])} · {a['worker_name']}", a["id"])
            combo.blockSignals(False)
        if len(rows) >= 2:
            self.compare_a.setCurrentIndex(1)  # the one before
            self.compare_b.setCurrentIndex(0)  # the latest
        else:
            self.compare_toggle.setChecked(False)

    def _fill_compare(self) -> None:
        from hfdesk import vocab
        from hfdesk.domain import screening as domain
        from hfdesk.store import screening

        a_id, b_id = self.compare_a.currentData(), self.compare_b.currentData()
        if not a_id or not b_id:
            self.compare_table.setRowCount(0)
            return
        order = [c.code for c in vocab.default().codes("concern_domain")]
        changes = domain.compare(screening.domains(self.store, a_id),
                                 screening.domains(self.store, b_id), order)
        self.compare_table.setRowCount(len(changes))

        def names(list_name: str, codes: tuple[str, ...]) -> str:
            return ", ".join(c[1:] if c.startswith("+") else labels.label(list_name, c)
                             for c in codes)

        for i, ch in enumerate(changes):
            parts = []
            if ch.signals_added:
                parts.append(_("new signs: %(items)s") % {
                    "items": names("risk_signal", ch.signals_added)})
            if ch.signals_removed:
                parts.append(_("signs gone: %(items)s") % {
                    "items": names("risk_signal", ch.signals_removed)})
            if ch.protective_added:
                parts.append(_("new protective: %(items)s") % {
                    "items": names("protective_factor", ch.protective_added)})
            if ch.protective_removed:
                parts.append(_("protective gone: %(items)s") % {
                    "items": names("protective_factor", ch.protective_removed)})
            changed = _("Changed") + ": " if ch.changed else ""
            cells = [labels.label("concern_domain", ch.domain), concern_text(ch.concern_before),
                     concern_text(ch.concern_after),
                     changed + "; ".join(parts) if parts else
                     (_("Changed") if ch.changed else _("Unchanged"))]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if ch.changed:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.compare_table.setItem(i, col, item)
        self.compare_table.resizeColumnsToContents()
        self.compare_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.compare_table.resizeRowsToContents()

    # printing ------------------------------------------------------------------------------
    def print_summary(self) -> Any:
        from ui.printing_screening import print_screening

        if self.citizen_id is None:
            return None
        self.a_autosave.flush()
        self.d_autosave.flush()
        return print_screening(self.store, self.bus, self.citizen_id, self.assessment_id, self)
