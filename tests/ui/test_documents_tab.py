"""Dokumenter: list, attach (and refuse bad files), open."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QDialog, QFileDialog
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from hfdesk import i18n
from hfdesk.errors import ValidationError
from hfdesk.store import citizens, documents
from hfdesk.store.database import Store
from ui.bus import Bus
from ui.documents_tab import AttachDialog, DocumentsTab
from ui.preview import ImageViewer, PreviewDialog


def make_pdf(pages: int = 2) -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        c.setFont("Helvetica", 14)
        c.drawString(72, 760, f"Lejekontrakt - side {n}")
        c.showPage()
    c.save()
    return buf.getvalue()


def make_png(path: Path) -> bytes:
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(QColor("steelblue"))
    assert image.save(str(path), "PNG")
    return path.read_bytes()


@pytest.fixture(autouse=True)
def danish() -> Iterator[None]:
    i18n.install("da")
    yield
    i18n.install("da")


@pytest.fixture
def bus() -> Bus:
    return Bus()


@pytest.fixture
def tab(qtbot: Any, store: Store, bus: Bus, citizen_id: str) -> DocumentsTab:
    widget = DocumentsTab(store, bus)
    qtbot.addWidget(widget)
    widget.resize(900, 500)
    widget.show()
    widget.set_citizen(citizen_id)
    return widget


def saved(store: Store, citizen_id: str, **overrides: Any) -> str:
    values: dict[str, Any] = dict(kind="summary", title="Stamblad", file_name="stamblad.pdf",
                                  mime="application/pdf", content=make_pdf(), source="printed")
    values.update(overrides)
    return documents.save(store, citizen_id, **values)


def cells(tab: DocumentsTab, row: int) -> list[str]:
    return [tab.table.item(row, c).text() for c in range(tab.table.columnCount())]


def document_count(store: Store) -> int:
    return len(store.query("SELECT id FROM documents"))


def test_lists_the_citizens_documents(tab: DocumentsTab, store: Store, bus: Bus,
                                      citizen_id: str) -> None:
    assert tab.table.rowCount() == 0
    assert tab.empty_label.isVisible()
    assert tab.empty_label.text().startswith("Ingen dokumenter endnu")
    headers = [tab.table.horizontalHeaderItem(c).text() for c in range(7)]
    assert headers == ["Dato", "Titel", "Type", "Kilde", "Modtager", "Størrelse", "Journal"]

    saved(store, citizen_id)
    saved(store, citizen_id, kind="lease", title="Lejekontrakt Åboulevarden",
          file_name="lejekontrakt.pdf", source="attached", recipient="Boligselskabet")
    other, _w = citizens.create(store, {"legal_name": "Ali Khan"})
    saved(store, other, title="Ikke Mias")
    bus.changed.emit("document", "x", citizen_id)

    assert tab.table.rowCount() == 2
    titles = {cells(tab, r)[1] for r in range(2)}
    assert titles == {"Stamblad", "Lejekontrakt Åboulevarden"}
    by_title = {cells(tab, r)[1]: cells(tab, r) for r in range(2)}
    date, _title, kind, source, recipient, size, journal = by_title["Lejekontrakt Åboulevarden"]
    assert journal == "Ikke overført"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", date)
    assert (kind, source, recipient) == ("Lejekontrakt", "Vedhæftet", "Boligselskabet")
    assert size.endswith(" kB") or size.endswith(" B")
    assert by_title["Stamblad"][2:4] == ["Stamblad", "Udskrevet"]
    assert not tab.empty_label.isVisible()


def test_no_citizen_no_attach(qtbot: Any, store: Store, bus: Bus) -> None:
    widget = DocumentsTab(store, bus)
    qtbot.addWidget(widget)
    assert not widget.attach_button.isEnabled()
    assert widget.attach_file(Path("/nonexistent.pdf")) is None
    assert widget.empty_label.text() == "Vælg en borger for at se borgerens dokumenter."


def test_refreshes_only_for_its_citizen(tab: DocumentsTab, store: Store, bus: Bus,
                                        citizen_id: str) -> None:
    other, _w = citizens.create(store, {"legal_name": "Ali Khan"})
    did = saved(store, other)
    bus.changed.emit("document", did, other)
    assert tab.table.rowCount() == 0
    did = saved(store, citizen_id)
    bus.changed.emit("document", did, citizen_id)
    assert tab.table.rowCount() == 1


def test_attach_valid_pdf_and_png(tab: DocumentsTab, store: Store, citizen_id: str,
                                  tmp_path: Path) -> None:
    pdf = tmp_path / "lejekontrakt.pdf"
    pdf.write_bytes(make_pdf())
    png = tmp_path / "underskrift.PNG"
    png_bytes = make_png(png)

    did = tab.attach_file(pdf, kind="lease", title="Lejekontrakt")
    assert did is not None
    pid = tab.attach_file(png, kind="signed_plan", title="Underskrevet plan")
    assert pid is not None
    assert not tab.message_label.isVisible()

    rows = {r["id"]: r for r in documents.for_citizen(store, citizen_id)}
    assert (rows[did]["mime"], rows[did]["source"], rows[did]["kind"]) == (
        "application/pdf", "attached", "lease")
    assert (rows[pid]["mime"], rows[pid]["file_name"]) == ("image/png", "underskrift.PNG")
    assert documents.content(store, pid)[1] == png_bytes
    created = store.query("SELECT record_id FROM audit WHERE action = 'create' "
                          "AND record_kind = 'document'")
    assert {r["record_id"] for r in created} == {did, pid}
    assert tab.table.rowCount() == 2


@pytest.mark.parametrize("case", ["renamed_txt", "txt", "empty", "png_as_pdf", "missing"])
def test_bad_files_are_refused_with_a_danish_message(
    case: str, tab: DocumentsTab, store: Store, tmp_path: Path,
) -> None:
    before = store.query("SELECT count(*) AS n FROM audit")[0]["n"]
    if case == "renamed_txt":
        path = tmp_path / "afgørelse.pdf"
        path.write_text("Dette er bare tekst, ikke en PDF.\n", encoding="utf-8")
        expected = "Filen skal være en PDF, PNG eller JPEG"
    elif case == "txt":
        path = tmp_path / "noter.txt"
        path.write_text("%PDF ligner en PDF, men er en tekstfil", encoding="utf-8")
        expected = "Filen skal være en PDF, PNG eller JPEG"
    elif case == "empty":
        path = tmp_path / "tom.pdf"
        path.write_bytes(b"")
        expected = "Filen tom.pdf er tom"
    elif case == "png_as_pdf":
        path = tmp_path / "scan.pdf"
        make_png(tmp_path / "scan.png")
        path.write_bytes((tmp_path / "scan.png").read_bytes())
        expected = "Filen skal være en PDF, PNG eller JPEG"
    else:
        path = tmp_path / "væk.pdf"
        expected = "Filen væk.pdf kan ikke læses"

    assert tab.attach_file(path, kind="other") is None
    assert tab.message_label.isVisible()
    assert expected in tab.message_label.text()
    if case != "missing":
        assert tab.message_label.text().startswith(f"{path.name} blev ikke vedhæftet.") or \
            case == "empty"
    assert document_count(store) == 0
    assert store.query("SELECT count(*) AS n FROM audit")[0]["n"] == before


def test_huge_file_is_refused(tab: DocumentsTab, store: Store, tmp_path: Path) -> None:
    path = tmp_path / "kæmpe.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(documents.MAX_BYTES + 10)  # sparse: no 50 MB written to the disk
    assert tab.attach_file(path) is None
    assert tab.message_label.text() == "kæmpe.pdf blev ikke vedhæftet. Filen er for stor (højst 50 MB)."
    assert document_count(store) == 0


def test_message_is_the_core_validation_message(tab: DocumentsTab, store: Store,
                                                citizen_id: str, tmp_path: Path) -> None:
    path = tmp_path / "afgørelse.pdf"
    path.write_text("tekst", encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        documents.save(store, citizen_id, kind="other", title="x", file_name=path.name,
                       mime="application/pdf", content=path.read_bytes(), source="attached")
    tab.attach_file(path)
    assert tab.message_label.text().endswith(err.value.message)


def test_attach_through_the_button(tab: DocumentsTab, store: Store, citizen_id: str,
                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = tmp_path / "afgoerelse_2026.pdf"
    pdf.write_bytes(make_pdf(1))
    seen: list[AttachDialog] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda *_a: (str(pdf), "PDF"))

    def exec_(self: AttachDialog) -> int:
        seen.append(self)
        assert self.title == "afgoerelse 2026"
        self.title_edit.setText("Afgørelse om § 85")
        self.kind_combo.setCurrentIndex(self.kind_combo.findData("decision_letter"))
        return int(QDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(AttachDialog, "exec", exec_)
    tab.attach_button.click()
    assert len(seen) == 1
    assert seen[0].kind_combo.currentText() == "Afgørelse"
    rows = documents.for_citizen(store, citizen_id)
    assert [(r["title"], r["kind"], r["source"]) for r in rows] == [
        ("Afgørelse om § 85", "decision_letter", "attached")]
    assert cells(tab, 0)[1:4] == ["Afgørelse om § 85", "Afgørelse", "Vedhæftet"]


def test_attach_cancelled_stores_nothing(tab: DocumentsTab, store: Store,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *_a: ("", ""))
    tab.attach_button.click()
    assert document_count(store) == 0


def test_enter_opens_a_pdf_in_the_preview(tab: DocumentsTab, store: Store, citizen_id: str,
                                          bus: Bus, qtbot: Any) -> None:
    did = saved(store, citizen_id, title="Stamblad")
    bus.changed.emit("document", did, citizen_id)
    tab.table.setFocus()
    tab.table.setCurrentCell(0, 1)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert len(tab.open_dialogs) == 1
    dialog = tab.open_dialogs[0]
    assert isinstance(dialog, PreviewDialog)
    assert dialog.document_id == did
    qtbot.waitUntil(lambda: dialog.document.status() == QPdfDocument.Status.Ready)
    qtbot.waitUntil(lambda: dialog.page_label.text() == "Side 1 af 2")
    assert not dialog.store_button.isEnabled()  # it is already in Dokumenter
    views = store.query("SELECT * FROM audit WHERE action = 'view_area' AND record_id = ?",
                        [did])
    assert len(views) == 1 and views[0]["citizen_id"] == citizen_id
    dialog.close()
    qtbot.waitUntil(lambda: tab.open_dialogs == [])


def test_double_click_opens_an_image(tab: DocumentsTab, store: Store, citizen_id: str,
                                     tmp_path: Path, qtbot: Any) -> None:
    png = tmp_path / "scan.png"
    make_png(png)
    assert tab.attach_file(png, kind="signed_plan", title="Scan") is not None
    rect = tab.table.visualItemRect(tab.table.item(0, 1))
    # A real double-click: press (sets the pressed index), then the double-click event.
    qtbot.mousePress(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(tab.open_dialogs) == 1
    viewer = tab.open_dialogs[0]
    assert isinstance(viewer, ImageViewer)
    assert not viewer.image.isNull()
    assert viewer.image.size().width() == 120
    assert viewer.label.pixmap() is not None and not viewer.label.pixmap().isNull()


def test_preview_saving_shows_up_in_the_tab(tab: DocumentsTab, store: Store, bus: Bus,
                                            citizen_id: str, qtbot: Any) -> None:
    preview = PreviewDialog(store, bus, citizen_id, "summary", "Stamblad", make_pdf(),
                            "stamblad.pdf")
    qtbot.addWidget(preview)
    preview.save_to_documents()
    assert tab.table.rowCount() == 1
    assert cells(tab, 0)[1:4] == ["Stamblad", "Stamblad", "Udskrevet"]
