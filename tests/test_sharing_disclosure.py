"""The disclosure check in the core: for print, handover and export; its never-blocked cases; each
disclosure an audit row; a tampered disclosure row is caught by the audit chain."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import cli, commands, disclosure
from hfdesk.errors import DisclosureRefused, ValidationError
from hfdesk.store import actors, audit, consents, courses
from hfdesk.store.database import Store, open_store

TODAY = date.today()


def _landlord(store: Store) -> dict[str, Any]:
    aid = actors.create(store, {"actor_type": "landlord", "name": "Udlejer Ny Vej",
                                "organisation": "Ny Vej ApS"})
    return {**actors.get(store, aid), "actor_id": aid}


def _consent(store: Store, cid: str, actor: dict[str, Any], **over: Any) -> str:
    data: dict[str, Any] = {"kind": "videregivelse", "form": "written",
                            "given_date": TODAY - timedelta(days=3),
                            "recipients": [{"actor_id": actor["actor_id"], "name": actor["name"]}],
                            "scope": ["course", "housing"]}
    data.update(over)
    return consents.record(store, cid, data)


def test_every_printer_has_a_disclosure_class() -> None:
    commands.load()
    missing = [name for name in commands.PRINTERS if name not in disclosure.DOCUMENTS]
    assert missing == []
    assert {disclosure.document_class(n) for n in commands.PRINTERS} <= set(disclosure.CLASSES)
    with pytest.raises(ValueError):
        disclosure.document_class("ukendt-dokument")


def test_outside_recipient_without_basis_is_refused(store: Store, citizen_id: str) -> None:
    landlord = _landlord(store)
    before = audit.head(store)
    with pytest.raises(DisclosureRefused) as exc:
        disclosure.check(store, citizen_id, audience="outside", recipient=landlord,
                         areas=("housing",), document="summary")
    msg = exc.value.message
    assert "Udlejer Ny Vej" in msg and "samtykke" in msg and "begrundelse" in msg
    assert exc.value.exit_code == 11
    assert audit.head(store) == before and consents.disclosures(store, citizen_id) == []


def test_no_recipient_is_refused(store: Store, citizen_id: str) -> None:
    with pytest.raises(DisclosureRefused, match="modtageren"):
        disclosure.check(store, citizen_id, audience="outside", recipient=None)


def test_covering_consent_is_the_basis_and_an_audit_row(store: Store, citizen_id: str) -> None:
    landlord = _landlord(store)
    kid = _consent(store, citizen_id, landlord)
    b = disclosure.check(store, citizen_id, audience="outside", recipient=landlord,
                         areas=("housing",), document="housing-log")
    assert b.code == "consent" and b.consent_id == kid and b.recorded
    [d] = consents.disclosures(store, citizen_id)
    assert d["consent_id"] == kid and d["recipient_actor_id"] == landlord["actor_id"]
    row = store.query("SELECT * FROM audit WHERE action = 'disclose'")[-1]
    assert row["citizen_id"] == citizen_id and row["record_id"] == d["id"]
    assert "consent" in row["purpose"] and "housing-log" in row["purpose"]


def test_consent_not_covering_the_area_names_it(store: Store, citizen_id: str) -> None:
    landlord = _landlord(store)
    _consent(store, citizen_id, landlord, scope=["housing"])
    with pytest.raises(DisclosureRefused, match="omfatter ikke journalnotater"):
        disclosure.check(store, citizen_id, audience="outside", recipient=landlord,
                         areas=("housing", "journal"))


def test_expired_and_withdrawn_consents_do_not_count(store: Store, citizen_id: str) -> None:
    landlord = _landlord(store)
    _consent(store, citizen_id, landlord, given_date=TODAY - timedelta(days=400),
             expires=TODAY - timedelta(days=10))
    with pytest.raises(DisclosureRefused, match="udløbet"):
        disclosure.check(store, citizen_id, audience="outside", recipient=landlord,
                         areas=("housing",))
    kid = _consent(store, citizen_id, landlord)
    consents.withdraw(store, kid)
    with pytest.raises(DisclosureRefused, match="trukket tilbage"):
        disclosure.check(store, citizen_id, audience="outside", recipient=landlord,
                         areas=("housing",))


def test_consent_for_someone_else_does_not_cover(store: Store, citizen_id: str) -> None:
    landlord = _landlord(store)
    _consent(store, citizen_id, {"actor_id": "andet-id", "name": "Boligselskabet"})
    with pytest.raises(DisclosureRefused, match="intet samtykke"):
        disclosure.check(store, citizen_id, audience="outside", recipient=landlord,
                         areas=("housing",))


@pytest.mark.parametrize(("basis", "reason", "match"), [
    ("vaerdispring", None, "begrundelse"),
    ("vaerdispring", "   ", "begrundelse"),
    ("lovhjemmel", "Det er nødvendigt for sagen", "paragraffen"),
    ("gaet", "En god grund", "ikke et grundlag"),
    ("vaerdispring", "x" * 3000, "for lang"),
])
def test_other_basis_needs_a_reason(store: Store, citizen_id: str, basis: str,
                                    reason: str | None, match: str) -> None:
    with pytest.raises(DisclosureRefused, match=match):
        disclosure.check(store, citizen_id, audience="outside", recipient=_landlord(store),
                         basis=basis, reason=reason)


def test_other_basis_with_reason_works_and_is_an_audit_row(store: Store,
                                                          citizen_id: str) -> None:
    landlord = _landlord(store)
    b = disclosure.check(store, citizen_id, audience="outside", recipient=landlord,
                         basis="lovhjemmel", reason="Efter forvaltningsloven § 28, stk. 2, nr. 3 "
                         "for at undgå udsættelse", document="summary")
    assert b.code == "lovhjemmel" and b.paragraph == "forvaltningsloven § 28, stk. 2, nr. 3"
    [d] = consents.disclosures(store, citizen_id)
    assert d["basis"] == "lovhjemmel" and "udsættelse" in d["reason"]
    row = store.query("SELECT * FROM audit WHERE record_id = ?", [d["id"]])[0]
    assert row["action"] == "disclose" and "lovhjemmel" in row["purpose"]
    assert "udsættelse" not in json.dumps(row)  # the reason stays in the record
    assert audit.verify(store).ok


@pytest.mark.parametrize("audience", ["authority", "citizen", "internal", "underretning"])
def test_never_blocked(store: Store, citizen_id: str, audience: str) -> None:
    b = disclosure.check(store, citizen_id, audience=audience, recipient=None,
                         reason="Bekymring for den unges lillebror")
    assert b.code in ("own_case", "citizen", "underretningspligt")
    logged = consents.disclosures(store, citizen_id)
    assert bool(logged) == (audience == "underretning")


def test_the_municipalitys_own_caseworker_is_never_blocked(store: Store,
                                                          citizen_id: str) -> None:
    aid = actors.create(store, {"actor_type": "authority_caseworker", "name": "Rådgiver"})
    b = disclosure.check_print(store, "summary", aid, citizen_id)
    assert b is not None and b.code == "own_case"


def test_tampered_disclosure_audit_row_is_caught(store: Store, citizen_id: str) -> None:
    disclosure.check(store, citizen_id, audience="outside", recipient=_landlord(store),
                     basis="vaerdispring", reason="Akut fare for den unge")
    assert audit.verify(store).ok
    store.db.execute("DROP TRIGGER audit_only_stub")
    store.db.execute("UPDATE audit SET purpose = 'summary: grundlag consent' "
                     "WHERE action = 'disclose'")
    result = audit.verify(store)
    assert not result.ok and any("ændret" in p for p in result.problems)


# --- the command line: print and export -----------------------------------------------------

def _cli_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str, str]:
    db = tmp_path / "cli.db"
    monkeypatch.setenv("HFDESK_PASSPHRASE", "korrekt hest batteri")
    assert cli.main(["init", "--db", str(db), "--worker-name", "Anne Holm"]) == 0
    from hfdesk.store import citizens

    with open_store(db, "korrekt hest batteri") as s:
        cid, _ = citizens.create(s, {"legal_name": "Mia Jensen"})
        courses.create(s, cid, {"method": "icm", "start_date": "2026-01-05"})
        landlord = actors.create(s, {"actor_type": "landlord", "name": "Udlejer"})
        rådgiver = actors.create(s, {"actor_type": "authority_caseworker", "name": "Rådgiver"})
    return str(db), cid, landlord, rådgiver


def test_cli_print_to_outside_recipient(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    db, cid, landlord, rådgiver = _cli_db(tmp_path, monkeypatch)
    out = tmp_path / "s.pdf"
    base = ["print", "summary", "--citizen", cid, "--db", db, "--out", str(out)]
    assert cli.main([*base, "--to", landlord]) == 11
    assert not out.exists() and "afvist" in capsys.readouterr().err
    assert cli.main([*base, "--to", rådgiver]) == 0 and out.exists()
    out.unlink()
    assert cli.main([*base, "--to", landlord, "--basis", "vaerdispring", "--reason",
                     "Akut fare for udsættelse"]) == 0 and out.exists()
    with open_store(Path(db), "korrekt hest batteri") as s:
        [d] = consents.disclosures(s, cid)
        assert d["basis"] == "vaerdispring" and d["document"] == "summary"


def test_cli_export_to_outside(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    db, cid, landlord, _r = _cli_db(tmp_path, monkeypatch)
    out = tmp_path / "e.zip"
    base = ["export", "--db", db, "--out", str(out), "--citizen", cid]
    assert cli.main([*base, "--outside", "--recipient", landlord]) == 11
    assert not out.exists() and "intet er skrevet" in capsys.readouterr().err
    assert cli.main([*base, "--basis", "vaerdispring", "--reason", "x" * 10]) == 11
    assert cli.main([*base, "--outside", "--recipient", landlord, "--basis", "vaerdispring",
                     "--reason", "Akut fare for den unge"]) == 0 and out.exists()
    out.unlink()
    assert cli.main(base) == 0 and out.exists()  # the municipality's own system
    with open_store(Path(db), "korrekt hest batteri") as s:
        assert [d["document"] for d in consents.disclosures(s, cid)] == ["export"]


@given(st.sampled_from(disclosure.AUDIENCES), st.one_of(st.none(), st.text(max_size=30)),
       st.one_of(st.none(), st.text(max_size=60)),
       st.lists(st.sampled_from(disclosure.ALL_AREAS), max_size=4))
def test_decide_blocks_only_outside_without_a_basis(audience: str, basis: str | None,
                                                    reason: str | None,
                                                    areas: list[str]) -> None:
    """No consents at all: only an outside disclosure can be refused, and only with a Danish
    message; any other audience always gets a basis."""
    try:
        b = disclosure.decide([], audience=audience, recipient={"name": "Modtager"},
                              areas=areas, basis=basis, reason=reason)
    except DisclosureRefused as exc:
        assert audience == "outside" and exc.message
    except ValidationError as exc:  # an underretning's reason that is too long
        assert audience == "underretning" and exc.message
    else:
        assert audience != "outside" or (basis in disclosure.basis_codes() and b.reason)
