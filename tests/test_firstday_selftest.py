"""`hfdesk-cli --self-test` from the source tree: the core half, the Qt half, and that each
failure is one Danish line with a non-zero exit (never a traceback)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hfdesk import i18n, selftest
from hfdesk.selftest import Context, SelfTestFailure

ROOT = Path(__file__).resolve().parents[1]


def _run(extra: list[selftest.Check] | None = None) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = selftest.run(extra or [], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_core_self_test_passes_and_cleans_up() -> None:
    folders: list[Path] = []
    code, out, err = _run([("Mappe", lambda ctx: folders.append(ctx.folder))])
    assert code == 0, err
    assert err == ""
    assert out.strip().endswith("Selvtesten er bestået.")
    for title, _check in selftest.CORE_CHECKS:
        assert f"OK:   {title}" in out
    assert folders and not folders[0].exists()  # the temporary database is gone


def test_a_failing_check_is_one_danish_line_and_exit_1() -> None:
    def broken(ctx: Context) -> None:
        raise SelfTestFailure("Noget mangler.")

    def crashes(ctx: Context) -> None:
        raise ZeroDivisionError("division by zero")

    code, out, err = _run([("Brudt", broken), ("Nedbrud", crashes)])
    assert code == 1
    assert "FEJL: Brudt: Noget mangler.\n" in err
    assert "FEJL: Nedbrud: uventet fejl ZeroDivisionError" in err
    assert "Traceback" not in err
    assert "Selvtesten fandt 2 fejl." in err
    assert "Selvtesten er bestået." not in out


def test_missing_translations_fail_in_danish(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                             ) -> None:
    monkeypatch.setattr(i18n, "translations_dir", lambda: tmp_path)
    try:
        with pytest.raises(SelfTestFailure, match="Oversættelserne"):
            selftest.check_translations(Context(folder=tmp_path))
    finally:
        monkeypatch.undo()
        i18n.install("da")


def test_the_pdf_check_keeps_the_pdf_for_qtpdf(tmp_path: Path) -> None:
    ctx = Context(folder=tmp_path)
    selftest.check_pdf(ctx)
    assert ctx.pdf.startswith(b"%PDF")


def test_qt_checks_pass_and_catch_a_broken_pdf_and_icon(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import selftest as qt_selftest

    code, out, err = _run(qt_selftest.QT_CHECKS)
    assert code == 0, err
    assert "OK:   Qt's danske knapper" in out
    assert "OK:   Forhåndsvisning med QtPdf" in out

    with pytest.raises(SelfTestFailure, match="QtPdf"):
        qt_selftest.check_qtpdf(Context(folder=tmp_path, pdf=b"%PDF-1.4 afkortet"))
    with pytest.raises(SelfTestFailure, match="ingen PDF"):
        qt_selftest.check_qtpdf(Context(folder=tmp_path))
    (tmp_path / "broken.svg").write_text("<svg><nope", "utf-8")
    monkeypatch.setattr(qt_selftest, "icons_dir", lambda: tmp_path)
    with pytest.raises(SelfTestFailure, match="broken.svg"):
        qt_selftest.check_svg_icons(Context(folder=tmp_path))
    monkeypatch.setattr(qt_selftest, "icons_dir", lambda: tmp_path / "none")
    with pytest.raises(SelfTestFailure, match="mangler"):
        qt_selftest.check_svg_icons(Context(folder=tmp_path))


def test_launchers_run_the_self_test_without_a_display(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "QT_QPA_PLATFORM")}
    env.update(PYTHONPATH=str(ROOT), HFDESK_CONFIG_DIR=str(tmp_path),
               HFDESK_DATA_DIR=str(tmp_path / "data"))
    # `hfdesk-cli --self-test` (the launcher: core and Qt) sets offscreen itself.
    full = subprocess.run([sys.executable, "-m", "ui.main", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert full.returncode == 0, full.stderr
    assert "OK:   SVG-ikoner" in full.stdout
    assert "Qt-platform: offscreen" in full.stdout
    # `python -m hfdesk --self-test`: the core half only, and no Qt imported.
    core = subprocess.run([sys.executable, "-c", "import sys; from hfdesk import cli; "
                           "code = cli.main(['--self-test']); "
                           "print('PySide6' in sys.modules); sys.exit(code)"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert core.returncode == 0, core.stderr
    assert core.stdout.splitlines()[-1] == "False"
    assert not (tmp_path / "data").exists()  # never touches the real data folder
