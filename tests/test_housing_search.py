"""Boligsøgning on a real encrypted store: the log, offers, money, tenancies, derived figures,
reminders, and bad input (clear Danish messages, nothing saved is lost)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hfdesk import reminders
from hfdesk.domain import housing_search as domain
from hfdesk.errors import ValidationError
from hfdesk.store import actors, audit, citizens, courses, records
from hfdesk.store import housing_search as hs
from hfdesk.store.database import Store

TABLES = ("housing_activities", "housing_registrations", "housing_economy", "housing_offers",
          "housing_money", "housing_segments", "housing_profiles", "audit", "record_versions")


def snapshot(store: Store) -> dict[str, list[dict[str, Any]]]:
    return {t: store.query(f"SELECT * FROM {t} ORDER BY rowid") for t in TABLES}


@pytest.fixture
def course_id(store: Store, citizen_id: str) -> str:
    return courses.create(store, citizen_id, {"method": "icm", "referral_date": "2025-09-01",
                                              "start_date": "2025-10-01"})


@pytest.fixture
def landlord(store: Store) -> str:
    return actors.create(store, {"actor_type": "landlord", "name": "Bent Udlejer",
                                 "organisation": "Privat udlejer"})


def housed_history(store: Store, citizen_id: str) -> dict[str, str]:
    """The hand-computed case: sofa, shelter, parents, first home, lost home, second move-in."""
    ids = {}
    ids["sofa"] = hs.add_stay(store, citizen_id, {"housing_situation": "temp_family_friends",
                                                  "start_date": "15.08.2025"})
    ids["shelter"] = hs.add_stay(store, citizen_id, {"housing_situation": "shelter_110",
                                                     "start_date": "10.10.2025"})
    # Living with parents never counts as housed for the search, even with a "contract".
    ids["parents"] = hs.add_stay(store, citizen_id, {
        "housing_situation": "with_parents_settled", "start_date": "01.11.2025",
        "contract_type": "permanent", "own_contract": True})
    ids["home1"] = hs.add_stay(store, citizen_id, {
        "housing_situation": "almen_youth", "contract_type": "permanent", "own_contract": True,
        "contract_date": "01.12.2025", "move_in_date": "15.12.2025", "rent": "3.850,00",
        "address": "Lærkevej 4, 1. tv."})
    return ids


# --- the derived figures, by hand ----------------------------------------------------------


def test_days_to_housing_lost_home_and_second_move_in(store: Store, citizen_id: str,
                                                      course_id: str) -> None:
    ids = housed_history(store, citizen_id)
    f = hs.figures(store, citizen_id, today=date(2026, 1, 10))
    # Oct 1 → Dec 15: 31 + 30 + 14 = 75; Sep 1 → Dec 15: 30 + 31 + 30 + 14 = 105.
    assert f.first_move_in == date(2025, 12, 15)
    assert (f.days_from_start, f.days_from_referral) == (75, 105)
    assert f.housed_now and f.search_since is None and f.homes_lost == []

    # The home is lost: a new search opens; the course is untouched.
    nxt = hs.end_stay(store, ids["home1"], "01.03.2026", "evicted_arrears",
                      next_stay={"housing_situation": "temp_family_friends"})
    assert nxt is not None
    course = courses.get(store, course_id)
    assert course["end_decision_date"] is None and course["end_type"] is None
    assert courses.state(store, course, date(2026, 3, 2)).status == "active"
    f = hs.figures(store, citizen_id, today=date(2026, 4, 1))
    assert not f.housed_now
    assert f.search_since == date(2026, 3, 1) and f.days_searching == 31
    assert f.first_move_in == date(2025, 12, 15)  # the first move-in stays the first
    assert [(h.lost, h.reason, h.rehoused) for h in f.homes_lost] == [
        (date(2026, 3, 1), "evicted_arrears", None)]

    # Second move-in, a fremleje (not in the citizen's own name, still an ordinary tenancy).
    hs.add_stay(store, citizen_id, {"housing_situation": "private_flat",
                                    "contract_type": "sublet", "own_contract": False,
                                    "move_in_date": "20.04.2026"})
    f = hs.figures(store, citizen_id, today=date(2026, 5, 1))
    assert f.housed_now
    assert f.first_move_in == date(2025, 12, 15) and f.days_from_start == 75
    # Mar 1 → Apr 20: 31 + 19 = 50.
    assert [(h.lost, h.rehoused, h.days_to_rehousing) for h in f.homes_lost] == [
        (date(2026, 3, 1), date(2026, 4, 20), 50)]
    history = hs.stays(store, citizen_id)
    assert [s["housing_situation"] for s in history] == [
        "private_flat", "temp_family_friends", "almen_youth", "with_parents_settled",
        "shelter_110", "temp_family_friends"]
    # Each stay ends where the next begins: one sequence, no gaps, no overlaps.
    chron = list(reversed(history))
    for a, b in zip(chron, chron[1:], strict=False):
        assert a["end_date"] == b["start_date"]


def test_placement_and_room_without_contract_never_count(store: Store, citizen_id: str,
                                                         course_id: str) -> None:
    hs.add_stay(store, citizen_id, {"housing_situation": "placement",
                                    "start_date": "01.10.2025", "own_contract": True,
                                    "contract_type": "permanent"})
    hs.add_stay(store, citizen_id, {"housing_situation": "private_room",
                                    "start_date": "01.11.2025", "contract_type": "none"})
    f = hs.figures(store, citizen_id, today=date(2026, 1, 1))
    assert f.first_move_in is None and f.days_from_start is None and not f.housed_now
    assert f.search_since == date(2025, 9, 1)  # from the henvendelse
    assert f.days_searching == (date(2026, 1, 1) - date(2025, 9, 1)).days == 122


def test_channels_open_applications_offers_lost(store: Store, citizen_id: str,
                                                course_id: str, landlord: str) -> None:
    log = [("02.10.2025", "housing_portal", "applied"), ("03.10.2025", "housing_portal",
                                                         "no_answer"),
           ("05.10.2025", "private_landlord", "viewing"), ("06.10.2025", "waiting_list",
                                                           "applied"),
           ("10.10.2025", "municipal_allocation", "offer"),
           ("12.10.2025", "private_landlord", "refused_by_landlord")]
    for when, channel, outcome in log:
        hs.add_activity(store, citizen_id, {"activity_date": when, "channel": channel,
                                            "outcome": outcome, "minutes": 20,
                                            "actor_id": landlord if "private" in channel
                                            else None})
    offer = hs.add_offer(store, citizen_id, {"offer_date": "10.10.2025", "address": "Birkealle 2",
                                             "rent": "4.200", "housing_type": "almen_youth",
                                             "conditions": ["education_requirement",
                                                            "dispensation"]})
    hs.update(store, "housing_offer", offer, {"decision": "lost",
                                              "lost_reason": "money_too_late"})
    other = hs.add_offer(store, citizen_id, {"offer_date": "20.10.2025", "rent": "5.900"})
    hs.update(store, "housing_offer", other, {"decision": "declined",
                                              "lost_reason": "unaffordable"})
    f = hs.figures(store, citizen_id, today=date(2025, 11, 1))
    assert [(c.channel, c.count) for c in f.channels] == [
        ("housing_portal", 2), ("private_landlord", 2), ("waiting_list", 1),
        ("municipal_allocation", 1)]
    assert f.channels[1].outcomes == {"viewing": 1, "refused_by_landlord": 1}
    assert len(f.open_applications) == 3  # two "søgt" and one "fremvisning"
    assert [o["id"] for o in f.offers_lost] == [offer]
    assert [o["id"] for o in f.offers_declined] == [other]
    assert f.lost_reasons == {"money_too_late": 1, "unaffordable": 1}
    assert f.minutes_total == 120 and f.activities == 6
    stored = hs.get(store, "housing_offer", offer)
    assert stored["conditions"] == ["dispensation", "education_requirement"]
    assert stored["rent_ore"] == 420_000 and stored["rent"] == Decimal("4200.00")
    # The landlord's name is kept beside the reference.
    assert {a["actor_name"] for a in hs.list_for(store, "housing_activity", citizen_id)} == {
        "Bent Udlejer", None}


def test_affordability_line(store: Store, citizen_id: str) -> None:
    hs.add_economy(store, citizen_id, {"valid_from": "01.01.2025", "income_source":
                                       "cash_benefit", "income_after_tax": "7.000",
                                       "fixed_costs": "1.000"})
    hs.add_economy(store, citizen_id, {"valid_from": "01.08.2025", "income_source": "su",
                                       "income_after_tax": "7.450,00", "fixed_costs": "1.250"})
    offer = hs.add_offer(store, citizen_id, {"offer_date": "01.09.2025", "rent": "3.850,00"})
    early = hs.add_offer(store, citizen_id, {"offer_date": "01.03.2025", "rent": "4.000"})
    rows = {o["id"]: o for o in hs.offers_with_affordability(store, citizen_id)}
    # 7.450 − 3.850 − 1.250 = 2.350 (the SU period); 7.000 − 4.000 − 1.000 = 2.000.
    assert rows[offer]["disposable_ore"] == 235_000
    assert rows[early]["disposable_ore"] == 200_000
    assert domain.affordability_text(235_000) == \
        "Rådighedsbeløb efter husleje: 2.350,00\xa0kr./md."
    assert domain.disposable(None, 100, 0) is None
    assert domain.disposable(500_000, 450_000, 100_000) == -50_000


def test_deposit_application_and_offer_at_risk(store: Store, citizen_id: str) -> None:
    today = date(2026, 2, 1)
    offer = hs.add_offer(store, citizen_id, {"offer_date": "20.01.2026", "address": "Møllegade 3",
                                             "rent": "4.100", "deposit": "12.300",
                                             "signing_deadline": "04.02.2026"})
    money = hs.add_money(store, citizen_id, {"offer_id": offer, "money_type": "deposit_help",
                                             "applied_date": "21.01.2026", "amount": "12.300",
                                             "urgent": True})
    f = hs.figures(store, citizen_id, today=today)
    assert [o["id"] for o in f.offers_at_risk] == [offer]
    items = [i for i in reminders.due(store, today) if i["kind"] == "housing_offer"]
    assert len(items) == 1 and items[0]["severity"] == "soon"
    assert "04.02.2026" in items[0]["label"]
    hs.update(store, "housing_money", money, {"outcome": "granted", "decided_date": "28.01.2026",
                                              "granted": "12.300"})
    assert hs.figures(store, citizen_id, today=today).offers_at_risk == []
    assert not [i for i in reminders.due(store, today) if i["kind"] == "housing_offer"]


def test_registration_renewal_comes_due(store: Store, citizen_id: str) -> None:
    today = date(2026, 3, 1)
    hs.add_registration(store, citizen_id, {"organisation": "Demo Boligselskab",
                                            "list_type": "almen_youth",
                                            "registered_date": "01.03.2025",
                                            "renewal_due": "15.03.2026", "fee": "250",
                                            "position": "nr. 412"})
    hs.add_registration(store, citizen_id, {"organisation": "Lærkebo", "list_type":
                                            "almen_family", "registered_date": "01.03.2025",
                                            "renewal_due": "01.09.2026"})
    due = hs.figures(store, citizen_id, today=today).registrations_due
    assert [r["organisation"] for r in due] == ["Demo Boligselskab"]
    items = [i for i in reminders.due(store, today) if i["kind"] == "housing_registration"]
    assert [(i["date"], i["severity"]) for i in items] == [("2026-03-15", "soon")]
    items = [i for i in reminders.due(store, date(2026, 3, 20))
             if i["kind"] == "housing_registration"]
    assert items[0]["severity"] == "overdue"


# --- bad input: a clear message, nothing lost ---------------------------------------------


@pytest.mark.parametrize(("rent", "needle"), [
    ("-4000", "negativ"), ("-1", "negativ"), ("150.000", "urealistisk"),
    ("4000000", "urealistisk"), ("fire tusind", "ikke et beløb"), ("4.5", "ikke et beløb"),
    ("4,567", "ikke et beløb")])
def test_bad_rent_is_refused_and_nothing_written(store: Store, citizen_id: str, rent: str,
                                                 needle: str) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026",
                                            "channel": "housing_portal", "outcome": "applied",
                                            "rent": rent})
    assert needle in err.value.message and err.value.field == "rent"
    assert snapshot(store) == before


def test_bad_rent_on_update_keeps_the_saved_record(store: Store, citizen_id: str) -> None:
    aid = hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026", "channel":
                                              "housing_portal", "outcome": "applied",
                                              "rent": "4.000"})
    before = snapshot(store)
    with pytest.raises(ValidationError):
        hs.update(store, "housing_activity", aid, {"rent": "-10", "place": "Ny adresse"})
    assert snapshot(store) == before
    assert hs.get(store, "housing_activity", aid)["rent_ore"] == 400_000


def test_move_in_before_contract(store: Store, citizen_id: str) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        hs.add_stay(store, citizen_id, {"housing_situation": "almen_family",
                                        "contract_type": "permanent", "own_contract": True,
                                        "contract_date": "10.02.2026",
                                        "move_in_date": "03.02.2026"})
    assert err.value.message == ("Indflytningsdatoen (03.02.2026) ligger før kontraktens dato "
                                 "(10.02.2026). Vælg en dato efter.")
    assert err.value.field == "move_in_date"
    assert snapshot(store) == before


def test_move_in_before_offer(store: Store, citizen_id: str) -> None:
    offer = hs.add_offer(store, citizen_id, {"offer_date": "10.02.2026"})
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        hs.add_stay(store, citizen_id, {"housing_situation": "almen_family",
                                        "offer_id": offer, "move_in_date": "03.02.2026"})
    assert "tilbuddets dato (10.02.2026)" in err.value.message
    with pytest.raises(ValidationError) as err:
        hs.update(store, "housing_offer", offer, {"move_in_date": "01.02.2026"})
    assert "Indflytningsdatoen (01.02.2026) ligger før tilbuddets dato" in err.value.message
    assert snapshot(store) == before


def test_overlapping_tenancies_are_refused(store: Store, citizen_id: str) -> None:
    hs.add_stay(store, citizen_id, {"housing_situation": "private_flat", "contract_type":
                                    "fixed_term", "own_contract": True,
                                    "move_in_date": "01.01.2025", "end_date": "01.06.2025",
                                    "end_reason": "fixed_term_ended"})
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        hs.add_stay(store, citizen_id, {"housing_situation": "almen_family",
                                        "move_in_date": "01.03.2025"})
    assert "overlapper" in err.value.message and "01.06.2025" in err.value.message
    with pytest.raises(ValidationError) as err:
        hs.add_stay(store, citizen_id, {"housing_situation": "almen_family",
                                        "move_in_date": "01.01.2025"})
    assert "allerede et ophold" in err.value.message
    # A stay before the tenancy must end by the time the tenancy begins.
    with pytest.raises(ValidationError) as err:
        hs.add_stay(store, citizen_id, {"housing_situation": "shelter_110",
                                        "start_date": "01.10.2024"})
    assert "senest 01.01.2025" in err.value.message
    assert snapshot(store) == before
    hs.add_stay(store, citizen_id, {"housing_situation": "shelter_110",
                                    "start_date": "01.10.2024", "end_date": "01.01.2025"})


def test_unknown_channel_code(store: Store, citizen_id: str) -> None:
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026",
                                            "channel": "telepati", "outcome": "applied"})
    assert "«telepati» er ikke en kendt værdi" in err.value.message
    assert err.value.field == "channel"
    with pytest.raises(ValidationError) as err:
        hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026",
                                            "channel": "other", "outcome": "applied"})
    assert "Andet" in err.value.message and err.value.field == "channel_text"
    assert snapshot(store) == before


def test_actor_deleted_while_referenced(store: Store, citizen_id: str, landlord: str) -> None:
    aid = hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026",
                                              "channel": "private_landlord",
                                              "outcome": "viewing", "actor_id": landlord,
                                              "place": "Kælderværelse, Vestergade 9"})
    assert hs.actor_in_use(store, landlord) == 1
    with store.db.atomic():
        records.delete(store, "actor", landlord)
    row = hs.get(store, "housing_activity", aid)
    # Nothing lost: the log still names the landlord; the reference is cleared.
    assert row["actor_id"] is None and row["actor_name"] == "Bent Udlejer"
    assert row["place"] == "Kælderværelse, Vestergade 9"
    before = snapshot(store)
    with pytest.raises(ValidationError) as err:
        hs.add_activity(store, citizen_id, {"activity_date": "02.02.2026",
                                            "channel": "private_landlord",
                                            "outcome": "applied", "actor_id": landlord})
    assert "findes ikke længere i aktørregistret" in err.value.message
    assert err.value.field == "actor_id"
    with pytest.raises(ValidationError):
        hs.update(store, "housing_activity", aid, {"actor_id": landlord})
    assert snapshot(store) == before


def test_under_18_needs_the_guardian(store: Store) -> None:
    cid, _ = citizens.create(store, {"legal_name": "Noa Ung", "birth_date": "01.06.2009"})
    data = {"housing_situation": "almen_youth", "contract_type": "permanent",
            "own_contract": True, "contract_date": "01.03.2026", "move_in_date": "01.03.2026"}
    with pytest.raises(ValidationError) as err:
        hs.add_stay(store, cid, data)
    assert "16 år" in err.value.message and err.value.field == "guardian_signed"
    hs.add_stay(store, cid, {**data, "guardian_signed": True})


def test_offer_and_money_rules(store: Store, citizen_id: str) -> None:
    offer = hs.add_offer(store, citizen_id, {"offer_date": "10.02.2026"})
    with pytest.raises(ValidationError) as err:
        hs.update(store, "housing_offer", offer, {"decision": "lost"})
    assert err.value.field == "lost_reason"
    with pytest.raises(ValidationError) as err:
        hs.update(store, "housing_offer", offer, {"signing_deadline": "01.02.2026"})
    assert "Underskriftsfristen (01.02.2026) ligger før tilbuddets dato" in err.value.message
    mid = hs.add_money(store, citizen_id, {"offer_id": offer, "money_type": "deposit_loan",
                                           "applied_date": "11.02.2026", "amount": "9.000"})
    with pytest.raises(ValidationError) as err:
        hs.update(store, "housing_money", mid, {"outcome": "granted"})
    assert err.value.field == "decided_date"
    with pytest.raises(ValidationError) as err:
        hs.update(store, "housing_money", mid, {"outcome": "partly_granted",
                                                "decided_date": "12.02.2026",
                                                "granted": "10.000"})
    assert "større end det ansøgte" in err.value.message
    assert hs.get(store, "housing_money", mid)["outcome"] == "pending"


def test_dated_income_source(store: Store, citizen_id: str) -> None:
    with pytest.raises(ValidationError) as err:
        hs.add_economy(store, citizen_id, {"valid_from": "01.01.2026",
                                           "income_source": "integration_benefit"})
    assert "udgået" in err.value.message
    hs.add_economy(store, citizen_id, {"valid_from": "01.01.2019",
                                       "income_source": "integration_benefit"})


# --- audit, versions, deletion ------------------------------------------------------------


def test_audit_has_field_names_only(store: Store, citizen_id: str) -> None:
    aid = hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026", "channel":
                                              "housing_portal", "outcome": "applied",
                                              "rent": "4.321", "place": "Hemmelig Allé 7"})
    hs.update(store, "housing_activity", aid, {"outcome": "no_answer"})
    rows = [r for r in audit.rows_for_citizen(store, citizen_id)
            if r["record_kind"] == "housing_activity"]
    assert [r["action"] for r in rows] == ["create", "change"]
    assert "rent_ore" in json.loads(rows[0]["fields"])
    assert json.loads(rows[1]["fields"]) == ["outcome"]
    dump = json.dumps(store.query("SELECT * FROM audit"))
    assert "Hemmelig" not in dump and "432100" not in dump
    assert audit.verify(store).ok


def test_deleting_the_citizen_purges_housing_versions(store: Store, citizen_id: str) -> None:
    aid = hs.add_activity(store, citizen_id, {"activity_date": "01.02.2026", "channel":
                                              "housing_portal", "outcome": "applied"})
    hs.update(store, "housing_activity", aid, {"outcome": "viewing"})
    offer = hs.add_offer(store, citizen_id, {"offer_date": "01.02.2026"})
    hs.update(store, "housing_offer", offer, {"address": "Et sted"})
    hs.set_profile(store, citizen_id, {"wishes": "Tæt på min søster"})
    hs.set_profile(store, citizen_id, {"wishes": "Tæt på min søster og bussen"})
    assert store.query("SELECT count(*) AS n FROM record_versions")[0]["n"] >= 3
    citizens.delete(store, citizen_id, reason="test")
    assert store.query("SELECT count(*) AS n FROM record_versions")[0]["n"] == 0
    for table in TABLES[:7]:
        assert store.query(f"SELECT count(*) AS n FROM {table}")[0]["n"] == 0
    assert audit.verify(store).ok


def test_profile_wishes_and_needs(store: Store, citizen_id: str) -> None:
    hs.set_profile(store, citizen_id, {"wishes": "Egen lejlighed i Aarhus, gerne med altan",
                                       "needs": "Stueetage"})
    assert hs.profile(store, citizen_id)["wishes"].startswith("Egen lejlighed")
    hs.set_profile(store, citizen_id, {"needs": None})
    assert hs.profile(store, citizen_id)["needs"] is None


# --- hypothesis: the money and date validators --------------------------------------------


def danish(ore: int) -> str:
    kroner, rest = divmod(ore, 100)
    return f"{kroner:,}".replace(",", ".") + f",{rest:02d}"


@given(st.integers(min_value=0, max_value=domain.MAX_RENT_KR * 100))
def test_money_round_trip(ore: int) -> None:
    assert domain.parse_money(danish(ore), field="rent", label="Huslejen",
                              max_kr=domain.MAX_RENT_KR) == ore
    assert domain.parse_money(danish(ore) + " kr.", field="rent", label="Huslejen",
                              max_kr=domain.MAX_RENT_KR) == ore
    assert domain.parse_money(domain.kr(ore), field="rent", label="Huslejen",
                              max_kr=domain.MAX_RENT_KR) == ore


@given(st.integers(min_value=1, max_value=10**15))
def test_negative_and_absurd_money_refused(ore: int) -> None:
    with pytest.raises(ValidationError) as err:
        domain.parse_money(f"-{danish(ore)}", field="rent", label="Huslejen")
    assert "negativ" in err.value.message
    with pytest.raises(ValidationError) as err:
        domain.parse_money(danish(domain.MAX_RENT_KR * 100 + ore), field="rent",
                           label="Huslejen", max_kr=domain.MAX_RENT_KR)
    assert "urealistisk" in err.value.message


@given(st.text(max_size=30))
def test_any_text_is_an_amount_or_a_danish_message(text: str) -> None:
    try:
        value = domain.parse_money(text, field="rent", label="Huslejen")
    except ValidationError as exc:
        assert exc.message and exc.field == "rent"
    else:
        assert value is None or (isinstance(value, int) and value >= 0)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
       st.integers(min_value=-400, max_value=400))
def test_move_in_never_before_contract(contract: date, delta: int) -> None:
    move_in = contract + timedelta(days=delta)
    data = {"housing_situation": "almen_family", "contract_date": contract.strftime("%d.%m.%Y"),
            "move_in_date": move_in.isoformat()}
    if delta < 0:
        with pytest.raises(ValidationError) as err:
            domain.validate("housing_segment", data)
        assert err.value.field == "move_in_date"
    else:
        out = domain.validate("housing_segment", data)
        assert out["start_date"] == move_in.isoformat()
