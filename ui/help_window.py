"""Help (F1) and "Om hfdesk".

The help pages are short Danish markdown files in resources/help/da/ (one per area, ordered by
their number prefix). Two are generated so they never drift from the app: "Hvad koderne betyder"
from the code lists, and the table of stored record kinds in the data inventory (placeholder
`{{records}}`). F1 opens the page for the citizen tab in front (TAB_PAGES).

The about dialog lists the version and the licences of the bundled fonts and of the Python
libraries (read with importlib.metadata; the bundle copies their metadata, see build.spec).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hfdesk.i18n import _

# The citizen tab → its help page. A tab without a page opens "Kom i gang".
TAB_PAGES = {
    "overview": "overblik", "screening": "opsporing", "plan": "plan", "network": "netvaerk",
    "housing": "bolig", "journal": "journal", "documents": "dokumenter", "sharing": "deling",
    "measurements": "maalinger",
}
START_PAGE = "start"
CODES_PAGE = "koder"

# What each record kind is and why it is kept, by the kind's prefix (records.TABLES). A kind an
# area adds later without a line here still shows, under its own name.
RECORD_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("citizen", "Borgeren", "navn, foretrukket navn, CPR-nummer, kontaktoplysninger, "
     "forældremyndighed"),
    ("actor", "Aktører", "samarbejdspartnere (udlejere, myndigheder, behandlere)"),
    ("course", "Forløb", "metode, fase, start og slut, hændelser"),
    ("support_segment", "Forløb", "støtteperioder med lovgrundlag"),
    ("followon_support", "Forløb", "støtte efter forløbet"),
    ("handover", "Overdragelser", "overdragelse til en kollega eller en anden kommune"),
    ("housing", "Bolig", "boligforløb, søgelog, ventelister, tilbud, økonomi til betaling af "
     "husleje, penge til indflytning"),
    ("journal", "Journal", "notater og daterede tilføjelser"),
    ("document", "Dokumenter", "udskrevne og modtagne PDF'er, krypteret"),
    ("referral", "Opsporing", "henvendelser, underretninger og kontaktforsøg"),
    ("screening", "Opsporing", "opsporingsvurderinger pr. domæne, handlinger"),
    ("plan", "Plan", "indsatsplan, mål, handlinger, versioner og opfølgninger"),
    ("network", "Netværk", "personer omkring den unge, kontakttilladelser, netværksmøder"),
    ("meeting", "Netværk", "mødedeltagere, aftaler og målopfølgning"),
    ("consent", "Deling", "samtykker med omfang og dato"),
    ("disclosure", "Deling", "videregivelser: hvad, til hvem, på hvilket grundlag"),
    ("exemption", "Deling", "undtagelser fra aktindsigt"),
    ("extract_release", "Deling", "udleverede uddrag"),
    ("measurement", "Målinger", "individdokumentation"),
    ("fidelity", "Metodetroskab", "teamets selvvurdering (ingen borgerdata)"),
)

# The libraries hfdesk ships (pyproject.toml [project] dependencies; a test keeps them equal).
# Their own dependencies are found through importlib.metadata.
DEPENDENCIES = ("pyside6-essentials", "pyside6-pdf", "sqlite-utils", "reportlab", "babel",
                "sqlcipher3", "cryptography", "platformdirs", "python-stdnum", "filelock",
                "pyzipper")


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title: str
    markdown: str


def help_dir() -> Path:
    from hfdesk.paths import resources_dir

    return resources_dir() / "help" / "da"


def _slug(path: Path) -> str:
    return re.sub(r"^\d+-", "", path.stem)


def codes_markdown() -> str:
    """Every code list the app offers, with what it is for and what its codes say."""
    from hfdesk import vocab
    from ui import labels

    lists = vocab.default().lists
    parts = ["# Hvad koderne betyder", "",
             "Kodelisterne bag felterne med faste valg. Kommunen kan tilpasse dem; listen her "
             "viser dem, som de er indlæst på denne computer.", ""]
    for name in sorted(lists, key=lambda n: labels.help_text(n) or n):
        vl = lists[name]
        about = labels.help_text(name) or name
        parts += [f"### {about}", ""]
        for code in vl.codes():
            extra = labels.code_help(name, code.code)
            line = f"- {code.label('da')}"
            if extra and extra != code.label("da"):
                line += f" – {extra}"
            parts.append(line)
        parts.append("")
    return "\n".join(parts)


def records_markdown() -> str:
    """The stored record kinds, grouped, from records.TABLES (so a new area shows up)."""
    from hfdesk.store import records

    grouped: dict[str, list[str]] = {}
    descriptions: dict[str, list[str]] = {}
    for kind in records.TABLES:
        group = next(((g, d) for prefix, g, d in RECORD_GROUPS if kind.startswith(prefix)),
                     None)
        title, what = group if group else ("Øvrige", kind.replace("_", " "))
        grouped.setdefault(title, []).append(kind)
        if what not in descriptions.setdefault(title, []):
            descriptions[title].append(what)
    lines = ["| Område | Hvad | Posttyper |", "|---|---|---|"]
    for title, kinds in grouped.items():
        lines.append(f"| {title} | {'; '.join(descriptions[title])} | "
                     f"{', '.join(kinds)} |")
    lines += ["", "Derudover: revisionsloggen, indstillinger, kladder af ugyldige felter "
              "(krypteret, til formularen gemmes) og udvekslingens kvitteringer."]
    return "\n".join(lines)


def load_pages() -> list[HelpPage]:
    pages: list[HelpPage] = []
    for path in sorted(help_dir().glob("*.md")):
        text = path.read_text("utf-8")
        if "{{records}}" in text:
            text = text.replace("{{records}}", records_markdown())
        first = text.splitlines()[0] if text else ""
        title = first.lstrip("# ").strip() or _slug(path)
        pages.append(HelpPage(_slug(path), title, text))
    codes = codes_markdown()
    # The generated code page sits just before the data inventory.
    at = next((i for i, p in enumerate(pages) if p.slug == "data"), len(pages))
    pages.insert(at, HelpPage(CODES_PAGE, "Hvad koderne betyder", codes))
    return pages


def page_for_tab(tab: str | None) -> str:
    return TAB_PAGES.get(tab or "", START_PAGE)


class HelpWindow(QDialog):
    """A list of pages on the left, the page on the right, and a search over all pages."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("hfdesk help"))
        self.setModal(False)
        self.pages = load_pages()
        self.search = QLineEdit()
        self.search.setObjectName("help_search")
        self.search.setPlaceholderText(_("Search the help"))
        self.search.setAccessibleName(_("Search the help"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self._find_next)
        self.list = QListWidget()
        self.list.setObjectName("help_pages")
        self.list.setAccessibleName(_("Help pages"))
        for page in self.pages:
            item = QListWidgetItem(page.title)
            item.setData(Qt.ItemDataRole.UserRole, page.slug)
            self.list.addItem(item)
        self.list.currentItemChanged.connect(self._current_changed)
        self.text = QTextBrowser()
        self.text.setObjectName("help_text")
        self.text.setAccessibleName(_("Help text"))
        self.text.setOpenExternalLinks(False)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(lambda url: self.show_page(url.toString()))
        left = QWidget()
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        search_label = QLabel(_("&Search"))
        search_label.setBuddy(self.search)
        box.addWidget(search_label)
        box.addWidget(self.search)
        box.addWidget(self.list, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.text)
        splitter.setStretchFactor(1, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        # Sizes from the font, so the window grows with the system font and scaling.
        em = self.fontMetrics().averageCharWidth()
        line = self.fontMetrics().height()
        left.setMinimumWidth(22 * em)
        self.resize(110 * em, 36 * line)
        splitter.setSizes([28 * em, 82 * em])
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.search.setFocus)
        self.show_page(START_PAGE)

    def slugs(self) -> list[str]:
        return [p.slug for p in self.pages]

    def current_slug(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def show_page(self, slug: str) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == slug:
                item.setHidden(False)
                self.list.setCurrentItem(item)
                return

    def _current_changed(self, item: QListWidgetItem | None, _old: object = None) -> None:
        if item is None:
            return
        page = next(p for p in self.pages if p.slug == item.data(Qt.ItemDataRole.UserRole))
        self.text.setMarkdown(page.markdown)
        if self.search.text().strip():
            self.text.find(self.search.text().strip())

    def _filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first: QListWidgetItem | None = None
        for row, page in enumerate(self.pages):
            item = self.list.item(row)
            hit = not needle or needle in page.markdown.casefold()
            item.setHidden(not hit)
            if hit and first is None:
                first = item
        current = self.list.currentItem()
        if first is not None and (current is None or current.isHidden()):
            self.list.setCurrentItem(first)
        elif current is not None and needle:
            self.text.moveCursor(self.text.textCursor().MoveOperation.Start)
            self.text.find(text.strip())

    def _find_next(self) -> None:
        needle = self.search.text().strip()
        if needle and not self.text.find(needle):
            self.text.moveCursor(self.text.textCursor().MoveOperation.Start)
            self.text.find(needle)


# --------------------------------------------------------------------------------- about


def _requirement_names(dist: str) -> list[str]:
    try:
        requires = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return []
    names = []
    for req in requires:
        if "extra ==" in req:
            continue
        match = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", req)
        if match:
            names.append(match.group(1))
    return names


def _licence(meta: metadata.PackageMetadata) -> str:
    expression = meta.get("License-Expression")
    if expression:
        return str(expression)
    classifiers = [c.split("::")[-1].strip() for c in (meta.get_all("Classifier") or [])
                   if c.startswith("License ::")]
    if classifiers:
        return ", ".join(dict.fromkeys(classifiers))
    text = str(meta.get("License") or "").strip()
    first = text.splitlines()[0] if text else ""
    return first if first and len(first) <= 60 else (first[:57] + "…" if first else "–")


def libraries() -> list[tuple[str, str, str]]:
    """(name, version, licence) of the shipped libraries and everything they pull in."""
    seen: dict[str, tuple[str, str, str]] = {}
    queue = list(DEPENDENCIES)
    while queue:
        name = queue.pop(0)
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[key] = (dist.metadata["Name"] or name, dist.version, _licence(dist.metadata))
        queue += _requirement_names(name)
    return sorted(seen.values(), key=lambda row: row[0].lower())


def font_licence() -> str:
    from hfdesk.paths import resources_dir

    path = resources_dir() / "fonts" / "LICENSE-DejaVu.txt"
    try:
        return path.read_text("utf-8")
    except OSError:
        return _("The licence file %(file)s is missing.") % {"file": str(path)}


def about_markdown() -> str:
    import platform
    import sys

    from hfdesk import __version__

    rows = "\n".join(f"| {n} | {v} | {lic} |" for n, v, lic in libraries())
    fence = "```"
    return "\n".join([
        f"## {_('Libraries')}", "",
        f"| {_('Library')} | {_('Version')} | {_('Licence')} |", "|---|---|---|",
        f"| Python | {platform.python_version()} | PSF-2.0 |",
        f"| Qt (PySide6) | {_qt_version()} | LGPL-3.0-only |",
        rows, "",
        f"## {_('Fonts')}", "",
        _("DejaVu Sans and DejaVu Serif, embedded in every printout and used by the screens:"), "",
        fence, font_licence().strip(), fence, "",
        f"hfdesk {__version__} · Python {sys.version.split()[0]}",
    ])


def _qt_version() -> str:
    from PySide6 import QtCore

    return str(QtCore.qVersion())


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        from hfdesk import __version__

        super().__init__(parent)
        self.setWindowTitle(_("About hfdesk"))
        title = QLabel(f"hfdesk {__version__}")
        title.setProperty("role", "title")
        title.setObjectName("about_version")
        intro = QLabel(_("An offline tool for Housing First support work. Your data stays "
                         "encrypted on this computer."))
        intro.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setObjectName("about_licences")
        self.text.setAccessibleName(_("Licences"))
        self.text.setMarkdown(about_markdown())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(intro)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        em = self.fontMetrics().averageCharWidth()
        self.resize(90 * em, 32 * self.fontMetrics().height())
