"""The statistics and fidelity windows: reachable from the menu, the same suppressed figures as
the core, charts drawn, empty states, period errors, scores saved from the grid."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication, QLabel, QTableWidget, QWidget

from hfdesk.store import citizens, courses, fidelity
from hfdesk.store import housing_search as hs
from hfdesk.store.database import Store


def _action(window: Any, name: str) -> Any:
    return next(a for a in window.actions() if a.objectName() == name)


def _texts(widget: QWidget) -> str:
    out = [w.text() for w in widget.findChildren(QLabel)]
    for grid in widget.findChildren(QTableWidget):
        for r in range(grid.rowCount()):
            for c in range(grid.columnCount()):
                item = grid.item(r, c)
                if item is not None:
                    out.append(item.text())
    return "\n".join(out)


def _caseload(store: Store, n: int) -> None:
    for k in range(n):
        cid, _w = citizens.create(store, {"legal_name": f"Navn Efternavn{k}"})
        courses.create(store, cid, {"method": "cti", "start_date": "05.01.2026"})
        hs.add_stay(store, cid, {"housing_situation": "shelter_110", "start_date": "01.12.2025"})


def test_statistics_window_from_menu_shows_suppressed_tables(window: Any, store: Store,
                                                             qtbot: Any, tmp_path: Path) -> None:
    _caseload(store, 6)
    _action(window, "statistics").trigger()
    dialog = window.statistics_window
    qtbot.waitExposed(dialog)
    assert dialog.tabs.count() == 1 + len(dialog.tables.tables)
    text = _texts(dialog)
    assert "Efternavn" not in text                      # no names anywhere
    assert "n = 6 forløb" in text
    dialog.tabs.setCurrentIndex(1)
    grid = dialog.findChild(QTableWidget, "table_forloeb_metode")
    assert grid is not None
    cells = [grid.item(0, c).text() for c in range(grid.columnCount())]
    assert cells == ["CTI (Critical Time Intervention)", "6", "0", "6", "0"]
    housing = dialog.tables.by_key("boligsituation")
    by_label = {row[0].strip(): row for row in housing.rendered()}
    assert by_label["I BOLIG"][1] == "0" and by_label["IKKE I BOLIG (HJEMLØS)"][1] == "6"
    assert by_label["§ 110-boform"][1:3] == ["6", "100 %"]
    dialog.tabs.setCurrentIndex(0)
    QApplication.processEvents()
    dialog.housing_chart.grab().save(str(tmp_path / "chart.png"))
    assert (tmp_path / "chart.png").stat().st_size > 1000
    audit = store.query("SELECT action FROM audit WHERE record_kind = 'statistics'")
    assert [r["action"] for r in audit] == ["view_area"]
    preview = dialog.print_preview()
    assert preview is not None and preview.pdf_bytes.startswith(b"%PDF")
    preview.close()
    names = dialog.save_csv(str(tmp_path / "csv"))
    assert "forloeb_metode.csv" in names and (tmp_path / "csv" / "forloeb.csv").exists()
    assert "Efternavn" not in (tmp_path / "csv" / "forloeb.csv").read_text("utf-8-sig")
    exported = store.query("SELECT purpose FROM audit WHERE action = 'export' "
                           "AND record_kind = 'statistics'")
    assert len(exported) == 1 and "pseudonymiseret" in exported[0]["purpose"]
    dialog.close()


def test_statistics_window_empty_state_and_bad_period(ui_app: Any, store: Store, ui_bus: Any,
                                                      qtbot: Any) -> None:
    from ui.statistics_window import StatisticsWindow

    dialog = StatisticsWindow(store, ui_bus)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "Ingen data i perioden." in _texts(dialog)
    assert dialog.housing_chart.chart.is_empty
    dialog.from_edit.setText("31.02.2026")
    dialog.refresh()
    assert "findes ikke" in dialog.error.text()
    dialog.from_edit.setText("2.2.2026")
    dialog.to_edit.setText("1.1.2026")
    dialog.refresh()
    assert dialog.error.text()
    dialog.from_edit.setText("1.1.2026")
    dialog.to_edit.setText("")
    dialog.refresh()
    assert dialog.error.text() == ""
    assert "01.01.2026" in dialog.tables.period_text


def test_fidelity_window_creates_round_and_saves_scores(window: Any, store: Store,
                                                        qtbot: Any) -> None:
    _action(window, "fidelity").trigger()
    dialog = window.fidelity_window
    qtbot.waitExposed(dialog)
    assert dialog.empty.isVisible()
    rid = dialog.new_round()
    assert rid and not dialog.empty.isVisible()
    combo = dialog.combos["bolig_mulig"]
    combo.setCurrentIndex(combo.findData(2))
    nr = dialog.combos["familiemaegling_forandring"]
    nr.setCurrentIndex(nr.count() - 1)
    scores = fidelity.scores(store, rid)
    assert scores["bolig_mulig"]["score"] == 2
    assert scores["familiemaegling_forandring"]["not_relevant"]
    rows = [dialog.compare.item(r, 0).text() for r in range(dialog.compare.rowCount())]
    assert "Gennemsnit, bolig" in rows
    row = rows.index("Gennemsnit, bolig")
    assert dialog.compare.item(row, 1).text() == "2,00 (n=1)"
    dialog.title_edit.setText("Runde A")
    dialog.title_edit.editingFinished.emit()
    assert fidelity.get_round(store, rid)["title"] == "Runde A"
    dialog.date_edit.setText("31.02.2026")
    dialog.date_edit.editingFinished.emit()
    assert "findes ikke" in dialog.error.text()
    preview = dialog.print_preview()
    assert preview.pdf_bytes.startswith(b"%PDF")
    preview.close()
    dialog.close()


def test_visit_mode_disables_statistics_and_fidelity(window: Any, citizen_id: str) -> None:
    # The caseload's figures are not for the kitchen table of one citizen's home visit.
    window.open_citizen(citizen_id)
    window.toggle_visit_mode()
    assert window.visit.active
    assert not _action(window, "statistics").isEnabled()
    assert not _action(window, "fidelity").isEnabled()
