"""The command line as scripts and municipal IT use it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PASS = "korrekt hest batteri"


def run(*args: str, passphrase: str | None = PASS, **env: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith("HFDESK_")}
    e["PYTHONPATH"] = str(ROOT)
    if passphrase is not None:
        e["HFDESK_PASSPHRASE"] = passphrase
    e.update(env)
    return subprocess.run([sys.executable, "-m", "hfdesk", *args], env=e, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=600)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "demo.db"
    r = run("demo", "--db", str(path), "--size", "worker")
    assert r.returncode == 0, r.stderr
    return path


def test_check_json_contract(demo_db: Path) -> None:
    r = run("check", "--db", str(demo_db), "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["ok"] is True and data["audit_chain_ok"] is True
    assert data["schema_version"]
    assert all(isinstance(v, int) for v in data["counts"].values())
    assert data["counts"]["citizens"] >= 20


def test_list_citizens_and_courses(demo_db: Path) -> None:
    r = run("list", "citizens", "--db", str(demo_db), "--json")
    citizens = json.loads(r.stdout)
    assert citizens and all({"id", "name"} <= set(c) for c in citizens)
    r = run("list", "courses", "--citizen", citizens[0]["id"], "--db", str(demo_db), "--json")
    assert r.returncode == 0 and all("id" in c for c in json.loads(r.stdout))
    r = run("list", "actors", "--db", str(demo_db), "--json")
    assert r.returncode == 0 and json.loads(r.stdout)


def test_demo_files_leak_no_names_or_cpr(demo_db: Path) -> None:
    citizens = json.loads(run("list", "citizens", "--db", str(demo_db), "--json").stdout)
    blobs = b"".join(p.read_bytes() for p in demo_db.parent.iterdir() if p.is_file())
    for c in citizens:
        assert c["name"].encode() not in blobs
        assert c["name"].encode("utf-16-le") not in blobs


def test_print_summary_warns_unencrypted(demo_db: Path, tmp_path: Path) -> None:
    cid = json.loads(run("list", "citizens", "--db", str(demo_db), "--json").stdout)[0]["id"]
    out = tmp_path / "stamblad.pdf"
    r = run("print", "summary", "--citizen", cid, "--out", str(out), "--db", str(demo_db))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "ikke krypteret" in r.stderr


def test_due_json(demo_db: Path) -> None:
    r = run("due", "--db", str(demo_db), "--json")
    assert r.returncode == 0, r.stderr
    items = json.loads(r.stdout)
    assert all({"kind", "citizen_id", "severity", "label"} <= set(i) for i in items)


def test_wrong_passphrase_is_danish_and_nonzero(demo_db: Path) -> None:
    r = run("check", "--db", str(demo_db), passphrase="forkert forkert")
    assert r.returncode != 0
    assert "Adgangssætningen er forkert" in r.stderr
    assert "Traceback" not in r.stderr


def test_missing_passphrase_and_missing_db(tmp_path: Path) -> None:
    r = run("check", "--db", str(tmp_path / "x.db"), passphrase=None)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    r = run("check", "--db", str(tmp_path / "x.db"))
    assert r.returncode != 0 and "ingen database" in r.stderr


def test_not_a_database(tmp_path: Path) -> None:
    db = tmp_path / "fake.db"
    db.write_bytes(b"hello" * 1000)
    r = run("check", "--db", str(db))
    assert r.returncode != 0 and "Traceback" not in r.stderr


def test_unknown_citizen_id(demo_db: Path, tmp_path: Path) -> None:
    r = run("print", "summary", "--citizen", "nope", "--out", str(tmp_path / "x.pdf"),
            "--db", str(demo_db))
    assert r.returncode != 0 and "findes ikke" in r.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_demo_refuses_existing_file(demo_db: Path) -> None:
    r = run("demo", "--db", str(demo_db))
    assert r.returncode != 0 and "findes allerede" in r.stderr


def test_recovery_round_trip(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    priv, pub = tmp_path / "k.pem", tmp_path / "k.pub.pem"
    assert run("init", "--db", str(db), "--worker-name", "Ole").returncode == 0
    assert run("make-recovery-keypair", "--private", str(priv), "--public",
               str(pub)).returncode == 0
    assert run("set-recovery-key", str(pub), "--db", str(db)).returncode == 0
    # The passphrase is forgotten: recover needs a reason, then sets a new one.
    r = run("recover", "--recovery-key", str(priv), "--db", str(db), passphrase=None,
            HFDESK_NEW_PASSPHRASE="en helt ny sætning")
    assert r.returncode != 0 and "begrundelse" in r.stderr
    r = run("recover", "--recovery-key", str(priv), "--reason", "Glemt", "--db", str(db),
            passphrase=None, HFDESK_NEW_PASSPHRASE="en helt ny sætning")
    assert r.returncode == 0, r.stderr
    assert run("check", "--db", str(db), passphrase="en helt ny sætning").returncode == 0
    assert run("check", "--db", str(db)).returncode != 0


def test_public_key_and_passphrase_change(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    assert run("init", "--db", str(db), "--worker-name", "Ole").returncode == 0
    assert "BEGIN PUBLIC KEY" in run("public-key", "--db", str(db)).stdout
    r = run("passphrase", "--db", str(db), HFDESK_NEW_PASSPHRASE="endnu en ny sætning")
    assert r.returncode == 0, r.stderr
    assert run("check", "--db", str(db), passphrase="endnu en ny sætning").returncode == 0


def test_usage_error_is_danish() -> None:
    r = run("bogus")
    assert r.returncode != 0 and "forkert brug" in r.stderr
