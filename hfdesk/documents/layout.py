"""The one page every hfdesk printout shares: A4, letterhead, footer, fonts, styles, helpers.

Document builders (`hfdesk.documents.summary`, later plans, minutes, handover) only produce a
list of flowables and a `PageSpec`; everything that makes two printouts look like siblings lives
here. ReportLab platypus only, no HTML detour.

Free text from the database arrives unescaped (see ARCHITECTURE §3): `para()` and the table
helpers are the single place where it is escaped, so a stray `<` or `&` in a note can never
break a printout.
"""

from __future__ import annotations

import io
import re
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from babel.dates import format_date, format_time
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LongTable,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

__all__ = [
    "CONTENT_WIDTH",
    "FONT",
    "FONT_BOLD",
    "PAGE_SIZE",
    "DocumentError",
    "Letterhead",
    "PageSpec",
    "TABLE_FONT",
    "build_pdf",
    "clean_text",
    "default_file_name",
    "fmt_date",
    "fmt_date_long",
    "fmt_datetime",
    "key_value_table",
    "notice",
    "para",
    "register_fonts",
    "signature_lines",
    "styles",
    "table",
]

PAGE_SIZE = A4
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = 22 * mm
MARGIN_RIGHT = 22 * mm
# The header (organisation, "Fortroligt", demo mark) and the footer are drawn in the margins,
# so top and bottom leave room for them on top of the "generous" white space.
MARGIN_TOP = 30 * mm
MARGIN_BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

FONT = "DejaVu"
FONT_BOLD = "DejaVu-Bold"
FONT_ITALIC = "DejaVu-Oblique"
FONT_BOLD_ITALIC = "DejaVu-BoldOblique"
FONT_SERIF = "DejaVuSerif"
FONT_SERIF_BOLD = "DejaVuSerif-Bold"

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#b8b8b8")
GRID = colors.HexColor("#c8c8c8")
HEAD_FILL = colors.HexColor("#ececec")
DEMO_INK = colors.HexColor("#b00020")
WATERMARK = colors.HexColor("#f1d5da")

DASH = "–"

_FONT_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    FONT_SERIF: "DejaVuSerif.ttf",
    FONT_SERIF_BOLD: "DejaVuSerif-Bold.ttf",
}
_fonts_lock = threading.Lock()
_fonts_ready = False

# The words the page furniture prints. Builders bring their own labels; these are the few the
# layout itself needs, kept here until the app-wide gettext catalogue (hfdesk.i18n) exists.
_WORDS: dict[str, dict[str, str]] = {
    "da": {
        "confidential": "Fortroligt",
        "demo": "DEMO – fiktive data",
        "printed_by": "Udskrevet af {who} {when}",
        "printed": "Udskrevet {when}",
        "page": "Side {n} af {total}",
        "at": "kl.",
        "neutral": "Personligt",
    },
    "en": {
        "confidential": "Confidential",
        "demo": "DEMO – fictitious data",
        "printed_by": "Printed by {who} {when}",
        "printed": "Printed {when}",
        "page": "Page {n} of {total}",
        "at": "",
        "neutral": "Personal",
    },
}
_BABEL_LOCALE = {"da": "da_DK", "en": "en_GB"}
_PDF_LANG = {"da": "da-DK", "en": "en-GB"}


class DocumentError(Exception):
    """A printout cannot be made at all (e.g. the fonts are missing from the installation)."""


# --------------------------------------------------------------------------------------- fonts


def _font_dirs() -> list[Path]:
    dirs: list[Path] = []
    # PyInstaller unpacks data files under sys._MEIPASS; ReportLab cannot find them otherwise.
    meipass = getattr(sys, "_MEIPASS", None)
    if meipass:
        dirs.append(Path(meipass) / "resources" / "fonts")
    dirs.append(Path(__file__).resolve().parents[2] / "resources" / "fonts")
    return dirs


def register_fonts() -> None:
    """Register the DejaVu families once per process (idempotent, thread-safe).

    Built-in PDF fonts have no æøå in every viewer and no glyphs for names from other
    alphabets, so every printout embeds DejaVu.
    """
    global _fonts_ready
    if _fonts_ready:
        return
    with _fonts_lock:
        if _fonts_ready:
            return
        folder = next(
            (d for d in _font_dirs() if all((d / f).is_file() for f in _FONT_FILES.values())),
            None,
        )
        if folder is None:
            searched = ", ".join(str(d) for d in _font_dirs())
            raise DocumentError(
                f"Skrifttyperne (DejaVu) mangler i installationen. Søgt i: {searched}. "
                "Geninstallér hfdesk."
            )
        for name, file_name in _FONT_FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(folder / file_name)))
        pdfmetrics.registerFontFamily(
            FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
        )
        # No serif italics are shipped: <i> in serif text falls back to upright rather than fail.
        pdfmetrics.registerFontFamily(
            FONT_SERIF,
            normal=FONT_SERIF,
            bold=FONT_SERIF_BOLD,
            italic=FONT_SERIF,
            boldItalic=FONT_SERIF_BOLD,
        )
        _fonts_ready = True


# ------------------------------------------------------------------------------------ page spec


@dataclass(frozen=True)
class PageSpec:
    """What the letterhead and footer of one printout say.

    `neutral` is the variant for papers the young person takes home: no organisation or unit
    name and no "Fortroligt" stamp, because flatmates may see it on the kitchen table.
    """

    organisation: str
    title: str
    citizen_line: str = ""
    confidential: bool = True
    printed_by: str = ""
    printed_at: datetime | None = None
    demo: bool = False
    neutral: bool = False
    language: str = "da"
    subject: str = ""
    neutral_heading: str = ""  # replaces the organisation when neutral; "" → "Personligt"
    keywords: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_snapshot(cls, snapshot: Mapping[str, Any], *, title: str, citizen_line: str = "",
                      subject: str = "", locale: str = "da", **more: Any) -> PageSpec:
        """The letterhead every snapshot-based printout shares: organisation, printed by and
        at, and the DEMO mark, read from the snapshot's common keys."""
        printed_at = snapshot.get("printed_at")
        return cls(
            organisation=clean_text(snapshot.get("organisation"), True), title=title,
            citizen_line=citizen_line, printed_by=clean_text(snapshot.get("printed_by"), True),
            printed_at=printed_at if isinstance(printed_at, datetime) else None,
            demo=bool(snapshot.get("demo")), language=locale, subject=subject or title, **more)

    @property
    def words(self) -> dict[str, str]:
        return _WORDS.get(_lang(self.language), _WORDS["da"])

    @property
    def show_confidential(self) -> bool:
        return self.confidential and not self.neutral

    @property
    def heading(self) -> str:
        if self.neutral:
            return self.neutral_heading or self.words["neutral"]
        return self.organisation

    def footer_text(self, page: int, total: int) -> str:
        w = self.words
        when = fmt_datetime(self.printed_at, self.language) if self.printed_at else ""
        who = clean_text(self.printed_by, single_line=True)
        if who:
            printed = w["printed_by"].format(who=who, when=when).strip()
        else:
            printed = w["printed"].format(when=when).strip()
        page_part = w["page"].format(n=page, total=total)
        return f"{printed} · {page_part}" if printed else page_part


Letterhead = PageSpec  # the brief's other name for the same thing


# ---------------------------------------------------------------------------------- the canvas


class _NumberedCanvas(rl_canvas.Canvas):
    """Defers the header and footer to `save()`, when the page total is known ("Side x af y").

    Each finished page's state is kept instead of being emitted; `save()` replays them, draws
    the furniture with the final count and only then writes the pages.
    """

    def __init__(self, *args: Any, spec: PageSpec, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._spec = spec
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages)
        for number, state in enumerate(self._saved_pages, start=1):
            self.__dict__.update(state)
            _draw_furniture(self, self._spec, number, total)
            super().showPage()
        super().save()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten to the width with an ellipsis; header lines must never run into each other."""
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text + "…"


def _draw_furniture(c: rl_canvas.Canvas, spec: PageSpec, page: int, total: int) -> None:
    """Header: organisation | "Fortroligt"; below it title · citizen | demo mark. Footer."""
    w = spec.words
    left, right = MARGIN_LEFT, PAGE_WIDTH - MARGIN_RIGHT
    top = PAGE_HEIGHT - 14 * mm
    second_y = top - 11
    c.saveState()

    right_text = w["confidential"] if spec.show_confidential else ""
    right_width = pdfmetrics.stringWidth(right_text, FONT_BOLD, 10) if right_text else 0.0
    heading = clean_text(spec.heading, single_line=True)
    c.setFillColor(INK)
    c.setFont(FONT_BOLD, 9.5)
    c.drawString(left, top, _fit(heading, FONT_BOLD, 9.5, CONTENT_WIDTH - right_width - 8 * mm))
    if right_text:
        c.setFont(FONT_BOLD, 10)
        c.drawRightString(right, top, right_text)

    demo_text = w["demo"] if spec.demo else ""
    demo_width = 0.0
    if demo_text:
        demo_width = pdfmetrics.stringWidth(demo_text, FONT_BOLD, 8.5)
        c.setFillColor(DEMO_INK)
        c.setFont(FONT_BOLD, 8.5)
        c.drawRightString(right, second_y, demo_text)

    # From page 2 on, a loose sheet still says what it is and whose it is.
    if page > 1:
        second = " · ".join(
            p for p in (clean_text(spec.title, True), clean_text(spec.citizen_line, True)) if p
        )
        room = CONTENT_WIDTH - demo_width - (6 * mm if demo_text else 0)
        c.setFont(FONT, 8)
        c.setFillColor(MUTED)
        c.drawString(left, second_y, _fit(second, FONT, 8, room))
    c.setStrokeColor(RULE)
    c.setLineWidth(0.6)
    rule_y = top - 16
    c.line(left, rule_y, right, rule_y)

    foot_y = 13 * mm
    c.line(left, foot_y + 10, right, foot_y + 10)
    c.setFont(FONT, 8)
    c.setFillColor(MUTED)
    c.drawString(left, foot_y, _fit(spec.footer_text(page, total), FONT, 8, CONTENT_WIDTH))
    c.restoreState()


def _draw_watermark(spec: PageSpec, c: rl_canvas.Canvas, _doc: Any) -> None:
    """Runs before the page's flowables, so the diagonal mark lies under the text."""
    if not spec.demo:
        return
    c.saveState()
    c.setFillColor(WATERMARK)
    c.setFont(FONT_BOLD, 54)
    c.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    c.rotate(50)
    c.drawCentredString(0, -18, spec.words["demo"])
    c.restoreState()


# ------------------------------------------------------------------------------------ building


def build_pdf(spec: PageSpec, flowables: Iterable[Flowable]) -> bytes:
    """Lay the flowables out on hfdesk's page and return the PDF bytes.

    Output is byte-identical for the same input (`invariant=1`: fixed dates and ids), which the
    golden tests depend on.
    """
    register_fonts()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=PAGE_SIZE,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=clean_text(spec.title, single_line=True),
        author=clean_text(spec.printed_by, single_line=True),
        subject=clean_text(spec.subject, single_line=True),
        creator="hfdesk",
        keywords=list(spec.keywords),
        lang=_PDF_LANG.get(_lang(spec.language), "da-DK"),
        invariant=1,
        initialFontName=FONT,
    )
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        CONTENT_HEIGHT,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    doc.addPageTemplates(
        [PageTemplate(id="page", frames=[frame], onPage=partial(_draw_watermark, spec))]
    )
    story = list(flowables) or [Spacer(1, 1)]  # an empty story would give a PDF with no page
    doc.build(story, canvasmaker=partial(_NumberedCanvas, spec=spec))
    return buf.getvalue()


# -------------------------------------------------------------------------------------- styles


def styles() -> dict[str, ParagraphStyle]:
    """Fresh ParagraphStyles in DejaVu: Title, H2, H3, Body, Small, TableCell, TableHead, etc.

    Fresh on each call so one builder tweaking a style cannot change another's printout.
    """
    register_fonts()
    body = ParagraphStyle(
        "Body",
        fontName=FONT,
        fontSize=10,
        leading=14,
        textColor=INK,
        alignment=TA_LEFT,
        spaceAfter=4,
        splitLongWords=1,
    )
    return {
        "Body": body,
        "Title": ParagraphStyle(
            "Title", parent=body, fontName=FONT_BOLD, fontSize=20, leading=24, spaceAfter=4
        ),
        "CitizenLine": ParagraphStyle(
            "CitizenLine",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=11.5,
            leading=15,
            spaceAfter=10,
        ),
        "H2": ParagraphStyle(
            "H2",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=13,
            leading=17,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "H3": ParagraphStyle(
            "H3",
            parent=body,
            fontName=FONT_BOLD,
            fontSize=10.5,
            leading=14,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "Small": ParagraphStyle(
            "Small", parent=body, fontSize=8.5, leading=11, textColor=MUTED, spaceAfter=2
        ),
        "Note": ParagraphStyle(
            "Note", parent=body, fontSize=9.5, leading=13, leftIndent=8, spaceAfter=2
        ),
        "Addition": ParagraphStyle(
            "Addition", parent=body, fontSize=9.5, leading=13, leftIndent=20, spaceAfter=2
        ),
        "NoticeText": ParagraphStyle(
            "NoticeText", parent=body, fontName=FONT_BOLD, fontSize=10, leading=14, spaceAfter=0
        ),
        "TableCell": ParagraphStyle(
            "TableCell", parent=body, fontSize=9, leading=11.5, spaceAfter=0
        ),
        "TableHead": ParagraphStyle(
            "TableHead", parent=body, fontName=FONT_BOLD, fontSize=9, leading=11.5, spaceAfter=0
        ),
        "Label": ParagraphStyle(
            "Label", parent=body, fontSize=9, leading=11.5, textColor=MUTED, spaceAfter=0
        ),
    }


# --------------------------------------------------------------------------------- text & para

# Everything below U+0020 except newline and tab, DEL and the C1 block, plus lone surrogates
# (a badly decoded import can carry them, and they make the PDF writer raise).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_NEWLINES = re.compile(r"\r\n?")


def clean_text(value: object, single_line: bool = False) -> str:
    """User text made safe to print: no control characters, newlines normalised, stripped."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    text = _CONTROL.sub("", _NEWLINES.sub("\n", text)).replace("\t", "    ")
    if single_line:
        text = " ".join(text.split())
    return text.strip()


def markup(value: object) -> str:
    """Escape user text for ReportLab's mini-markup and keep its line breaks."""
    return escape(clean_text(value)).replace("\n", "<br/>")


def para(text: object, style: ParagraphStyle | str = "Body", *, empty: str = "") -> Paragraph:
    """A Paragraph of *user* text: escaped, so `<b>` prints as `<b>` and `&` as `&`.

    `style` is a ParagraphStyle or a name from `styles()`. Builders that need bold labels in
    front of user text use `Paragraph(f"<b>{label}</b> {markup(text)}", ...)` themselves.
    """
    st = styles()[style] if isinstance(style, str) else style
    body = markup(text)
    if not body and empty:
        body = escape(empty)
    return Paragraph(body, st)


# ---------------------------------------------------------------------------------------- tables


def _widths(col_widths: Sequence[float] | None, n: int) -> list[float]:
    if not col_widths:
        return [CONTENT_WIDTH / max(n, 1)] * n
    total = float(sum(col_widths))
    # Fractions (summing to 1) or points: fractions keep builders independent of the margins.
    if total <= 1.0001:
        return [CONTENT_WIDTH * w for w in col_widths]
    return [float(w) for w in col_widths]


def _cell_cap(width: float, style: ParagraphStyle) -> int:
    """Most characters a cell may hold and still fit in half a page.

    A table row cannot be split across pages (ReportLab raises LayoutError for a row taller
    than the frame), so unbounded free text belongs in paragraphs below a table, never in it.
    Cells are cut with a visible marker instead of crashing the printout.
    """
    chars_per_line = max(int(width / (style.fontSize * 0.62)), 4)
    lines = int((CONTENT_HEIGHT * 0.5) / style.leading)
    return chars_per_line * lines


_CUT = " […] (forkortet)"


def _cell(value: object, width: float, style: ParagraphStyle) -> Flowable:
    if isinstance(value, Flowable):
        return value
    text = clean_text(value)
    if not text:
        return Paragraph(DASH, style)
    cap = _cell_cap(width, style)
    if len(text) > cap:
        text = text[: max(cap - len(_CUT), 1)] + _CUT
    return Paragraph(markup(text), style)


# Every table names its font: ReportLab's cell default is Helvetica, which would pull an
# unembedded base-14 font (no glyphs beyond Latin-1) into the PDF even when cells are Paragraphs.
TABLE_FONT: tuple[Any, ...] = ("FONT", (0, 0), (-1, -1), FONT, 9)


def _grid_style(header: bool) -> TableStyle:
    cmds: list[tuple[Any, ...]] = [
        TABLE_FONT,
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRID),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]
    if header:
        cmds.append(("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL))
    return TableStyle(cmds)


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    col_widths: Sequence[float] | None = None,
) -> LongTable:
    """A light-grid table whose header row repeats on every page.

    Cells are user text (escaped; None or "" prints "–") or ready-made Flowables. `col_widths`
    are fractions of the text width (summing to 1) or points; None splits evenly.
    """
    st = styles()
    widths = _widths(col_widths, len(header))
    data: list[list[Flowable]] = [
        [_cell(h, w, st["TableHead"]) for h, w in zip(header, widths, strict=True)]
    ]
    for row in rows:
        padded = list(row)[: len(widths)] + [None] * (len(widths) - len(row))
        data.append([_cell(v, w, st["TableCell"]) for v, w in zip(padded, widths, strict=True)])
    t = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT", spaceAfter=6)
    t.setStyle(_grid_style(header=True))
    return t


def key_value_table(
    pairs: Sequence[tuple[str, object]],
    col_widths: Sequence[float] = (0.32, 0.68),
    *,
    missing: str = "Ikke oplyst",
) -> Table:
    """Label/value rows for a record ("Navn", "Mia Jensen"); empty values say `missing`."""
    st = styles()
    widths = _widths(col_widths, 2)
    data: list[list[Flowable]] = []
    for label, value in pairs:
        if isinstance(value, Flowable):
            cell: Flowable = value
        elif clean_text(value):
            cell = _cell(value, widths[1], st["TableCell"])
        else:
            cell = Paragraph(escape(missing), st["Label"])
        data.append([Paragraph(markup(label), st["Label"]), cell])
    if not data:
        data.append([Paragraph(DASH, st["Label"]), Paragraph(DASH, st["TableCell"])])
    t = Table(data, colWidths=widths, hAlign="LEFT", spaceAfter=6)
    t.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.4, GRID),
                ("LINEABOVE", (0, 0), (-1, 0), 0.4, GRID),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return t


def notice(text: object) -> Table:
    """A boxed, bold warning the reader cannot miss (e.g. name and address protection).

    A one-cell table rather than a bordered Paragraph: the border then sits on the text width,
    flush with the tables around it instead of sticking out into the margin.
    """
    t = Table(
        [[para(text, "NoticeText")]],
        colWidths=[CONTENT_WIDTH],
        hAlign="LEFT",
        spaceBefore=2,
        spaceAfter=8,
    )
    t.setStyle(
        TableStyle(
            [
                TABLE_FONT,
                ("BOX", (0, 0), (-1, -1), 1.0, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return t


def signature_lines(labels: Sequence[str], *, per_row: int = 2) -> Flowable:
    """Lines to sign on, each with its label underneath ("Dato og underskrift, borger")."""
    gap = 10 * mm
    width = (CONTENT_WIDTH - gap * (per_row - 1)) / per_row
    rows: list[list[Any]] = []
    for start in range(0, len(labels), per_row):
        chunk = list(labels[start : start + per_row])
        cells: list[Any] = []
        for i in range(per_row):
            if i:
                cells.append("")
            cells.append(para(chunk[i], "Small") if i < len(chunk) else "")
        rows.append(cells)
    if not rows:
        return Spacer(1, 0)
    col_widths: list[float] = []
    for i in range(per_row):
        if i:
            col_widths.append(gap)
        col_widths.append(width)
    cmds: list[tuple[Any, ...]] = [
        TABLE_FONT,
        ("TOPPADDING", (0, 0), (-1, -1), 30),  # room for the handwriting above the line
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
    ]
    for r, start in enumerate(range(0, len(labels), per_row)):
        for i in range(min(per_row, len(labels) - start)):
            col = i * 2
            cmds.append(("LINEABOVE", (col, r), (col, r), 0.7, INK))
    t = Table(rows, colWidths=col_widths, hAlign="LEFT", spaceBefore=12)
    t.setStyle(TableStyle(cmds))
    return KeepTogether([t])


# ----------------------------------------------------------------------------------------- dates


def _lang(locale: str) -> str:
    """ "da", "da_DK" and "da-DK" all mean Danish here."""
    return (locale or "da").replace("-", "_").split("_")[0].lower()


def _babel_locale(locale: str) -> str:
    return _BABEL_LOCALE.get(_lang(locale), locale)


def _parse(value: date | datetime | str | None) -> date | datetime | str | None:
    """date/datetime pass through; ISO strings become one; anything unreadable stays a string."""
    if value is None or isinstance(value, date):
        return value
    text = clean_text(value, single_line=True)
    if not text:
        return None
    try:
        if len(text) == 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        return text


def _local(value: datetime) -> datetime:
    # Stored timestamps are UTC; paper shows the worker's wall-clock time.
    return value.astimezone() if value.tzinfo is not None else value


def _fmt_day(value: date | datetime | str | None, style: str, locale: str) -> str:
    v = _parse(value)
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, datetime):
        v = _local(v).date()
    return format_date(v, style, locale=_babel_locale(locale))


def fmt_date(value: date | datetime | str | None, locale: str = "da") -> str:
    """Table date: "12.03.2026". None or "" → ""; an unreadable string is printed as given."""
    return _fmt_day(value, "short", locale)


def fmt_date_long(value: date | datetime | str | None, locale: str = "da") -> str:
    """Running-text date: "12. mar. 2026"."""
    return _fmt_day(value, "medium", locale)


def fmt_datetime(value: date | datetime | str | None, locale: str = "da") -> str:
    """ "12.03.2026 kl. 14.32"; a plain date prints without a time."""
    v = _parse(value)
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if not isinstance(v, datetime):
        return fmt_date(v, locale)
    v = _local(v)
    day = format_date(v.date(), "short", locale=_babel_locale(locale))
    clock = format_time(time(v.hour, v.minute), "short", locale=_babel_locale(locale))
    at = _WORDS.get(_lang(locale), {}).get("at", "")
    return f"{day} {at} {clock}" if at else f"{day} {clock}"


# ------------------------------------------------------------------------------------ file names

_SAFE = re.compile(r"[^a-z0-9]+")
# Plain ASCII names survive every file system, zip tool and mail client.
_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "o", "ä": "a"})


def default_file_name(kind: str, on: date, short_id: str) -> str:
    """ "stamblad_2026-12-01_3f2a9c1b.pdf": the kind, the date and a short record id.

    Never a citizen's name or CPR number: file names end up in download folders, recent-file
    lists and e-mail subjects where nobody meant to disclose them.
    """
    folded = kind.lower().translate(_FOLD)
    safe_kind = _SAFE.sub("-", folded).strip("-") or "dokument"
    safe_id = _SAFE.sub("", short_id.lower())[:8] or "0"
    day = on.date() if isinstance(on, datetime) else on
    return f"{safe_kind}_{day.isoformat()}_{safe_id}.pdf"
