"""Demo housing searches, laid over the housing histories `hfdesk.demo` has written.

For each citizen with a course: the economy and wishes, waiting-list registrations, a search log
from the henvendelse (or the day a home was lost) to the move-in — weeks for some, many months
for others, as the histories dictate — offers (some lost, most often because the deposit came too
late), money applications, and contract details on every home. Searches still open run to
today; a few offers wait for money with a deadline days away, so the start page shows them.
Everything goes through `hfdesk.store.housing_search`, so the demo obeys the same rules.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hfdesk.domain.dates import age_on, to_date
from hfdesk.store import actors, citizens, courses, records
from hfdesk.store import housing_search as hs
from hfdesk.store.database import Store

KINDS = ("housing_activity", "housing_registration", "housing_economy", "housing_profile",
         "housing_offer", "housing_money", "housing_segment")
HOMES = {"almen_family": "almen_family", "almen_youth": "almen_youth",
         "private_flat": "private_flat", "private_room": "private_room",
         "start_home": "start_home"}
CHANNELS = (("housing_portal", 30), ("private_landlord", 22), ("waiting_list", 14),
            ("municipal_allocation", 8), ("housing_agent", 8), ("student_housing", 6),
            ("network", 8), ("other", 4))
RENT = {"almen_family": (4600, 6800), "almen_youth": (3100, 4300), "private_flat": (5200, 8200),
        "private_room": (2600, 4200), "start_home": (3400, 4800)}
WISHES = ("Egen lejlighed med eget køkken og bad – gerne tæt på min mor.",
          "Et sted med plads til min hund. Ikke for langt fra arbejdet.",
          "Vil gerne bo tæt på FGU og bussen. Stille opgang.",
          "Ungdomsbolig i byen, tæt på mine venner og træningen.",
          "Stueetage eller elevator. Må gerne være et værelse i starten.",
          "Vil ikke bo i nærheden af banegården.")
NEEDS = ("Brug for hjælp til at åbne post og betale husleje de første måneder.",
         "Har svært ved mange mennesker på trapper og i fællesrum.",
         "Har brug for at udlejer kan ringe til bostøttemedarbejderen.",
         "Skal have en plan for budget og husleje før indflytning.")
REFUSALS = ("Udlejer ville have en med fast job.", "Ville have to måneders forudbetalt leje.",
            "Mange ansøgere; fik den ikke.", "Udlejer svarede ikke på tre opkald.",
            "Krævede dokumentation for uddannelse.")
PLACES = ("Kastanjevej", "Birkealle", "Møllegade", "Solsikkevej", "Skovbrynet", "Engtoften",
          "Lærkevej", "Havnegade", "Rosenvænget", "Bøgevej", "Vestergade", "Fiskergade")


def _place(rng: random.Random) -> str:
    return f"{rng.choice(PLACES)} {rng.randint(1, 80)}, {rng.choice(('st.', '1. tv.', '2. th.'))}"


def _day(rng: random.Random, lo: date, hi: date) -> date:
    return lo if hi <= lo else lo + timedelta(days=rng.randint(0, (hi - lo).days))


class _Gen:
    def __init__(self, store: Store, rng: random.Random, today: date) -> None:
        self.store, self.rng, self.today = store, rng, today
        self.landlords = [a["id"] for a in actors.list_all(store, "landlord")]
        self.orgs = actors.list_all(store, "housing_org")
        self.at_risk_left = 2

    # --- one citizen --------------------------------------------------------------------------
    def citizen(self, cid: str, row: dict[str, Any]) -> None:
        rng, today = self.rng, self.today
        course = courses.current(self.store, cid)
        if course is None:
            return
        anchor = to_date(course.get("referral_date")) or to_date(course.get("start_date"))
        if anchor is None or anchor > today:
            return
        if any(e["kind"] == "death" for e in courses.events(self.store, course["id"])):
            return
        birth = to_date(row.get("birth_date"))
        age = age_on(birth, today) if birth else 25
        self._economy(cid, anchor, age or 25)
        hs.set_profile(self.store, cid, {"wishes": rng.choice(WISHES),
                                         "needs": rng.choice(NEEDS) if rng.random() < 0.7
                                         else None})
        stays = sorted(hs.stays(self.store, cid), key=lambda s: s["start_date"])
        search_from = anchor
        regs_done = False
        for i, s in enumerate(stays):
            if s["housing_situation"] not in HOMES:
                continue
            move_in = to_date(s["start_date"])
            assert move_in is not None
            nxt = stays[i + 1] if i + 1 < len(stays) else None
            if move_in < anchor:
                self._contract(s, birth, None)  # a home from before the course
                if s.get("end_date") and nxt and nxt["housing_situation"] not in HOMES:
                    hs.update(self.store, "housing_segment", s["id"],
                              {"end_reason": "evicted_arrears"})
                continue
            if not regs_done:
                self._registrations(cid, search_from, move_in)
                regs_done = True
            offer_id = self._search(cid, s, search_from, move_in)
            self._contract(s, birth, offer_id)
            if s.get("end_date") and nxt and nxt["housing_situation"] not in HOMES:
                hs.update(self.store, "housing_segment", s["id"],
                          {"end_reason": rng.choice(("evicted_arrears", "evicted_arrears",
                                                     "evicted_behaviour",
                                                     "fixed_term_ended"))})
                search_from = to_date(s["end_date"]) or search_from
        current = stays[-1] if stays else None
        if course.get("end_decision_date") or (current and current["housing_situation"]
                                               in HOMES):
            return
        # Still searching: the log runs to today.
        if not regs_done:
            self._registrations(cid, search_from, today, open_=True)
        self._search(cid, None, search_from, today)

    def _economy(self, cid: str, anchor: date, age: int) -> None:
        rng = self.rng
        young = age < 30
        source = rng.choices(("cash_benefit", "education_benefit", "su", "wages",
                              "disability_pension"),
                             (35, 30, 15, 12, 8) if young else (50, 0, 5, 20, 25))[0]
        income = {"cash_benefit": (6200, 9800), "education_benefit": (6000, 7800),
                  "su": (6400, 7400), "wages": (12000, 19000),
                  "disability_pension": (14000, 16500)}[source]
        hs.add_economy(self.store, cid, {
            "valid_from": anchor - timedelta(days=rng.randint(0, 60)), "income_source": source,
            "income_after_tax": rng.randrange(income[0], income[1], 50),
            "fixed_costs": rng.randrange(500, 1900, 50)})
        if rng.random() < 0.25 and anchor + timedelta(days=120) < self.today:
            hs.add_economy(self.store, cid, {
                "valid_from": _day(rng, anchor + timedelta(days=60), self.today),
                "income_source": "su" if source != "su" else "wages",
                "income_after_tax": rng.randrange(6400, 13000, 50),
                "fixed_costs": rng.randrange(500, 1900, 50)})

    def _registrations(self, cid: str, start: date, until: date, open_: bool = False) -> None:
        rng = self.rng
        for org in rng.sample(self.orgs, k=min(len(self.orgs), rng.randint(1, 2))):
            registered = start + timedelta(days=rng.randint(0, 14))
            if registered > self.today:
                continue
            renewal = registered + timedelta(days=365)
            while open_ and renewal < self.today:
                renewal += timedelta(days=365)  # renewed every year while the search runs
            if open_ and rng.random() < 0.35:
                # Comes due soon: shows on the start page before it lapses.
                renewal = self.today + timedelta(days=rng.randint(-3, 20))
                renewal = max(renewal, registered)
            hs.add_registration(self.store, cid, {
                "actor_id": org["id"], "organisation": org["name"],
                "list_type": rng.choice(("almen_youth", "almen_family", "almen_youth")),
                "registered_date": registered, "renewal_due": renewal,
                "position": rng.choice((None, f"nr. {rng.randint(40, 2400)}")),
                "fee": rng.choice((0, 150, 250, 300)),
                "ended_date": until if not open_ and until > registered else None})

    def _activity(self, cid: str, when: date, channel: str, outcome: str,
                  htype: str | None = None, rent: int | None = None) -> str:
        rng = self.rng
        landlord = rng.choice(self.landlords) if channel == "private_landlord" and \
            self.landlords else None
        return hs.add_activity(self.store, cid, {
            "activity_date": when, "channel": channel,
            "channel_text": "Opslag i Facebook-gruppe" if channel == "other" else None,
            "actor_id": landlord,
            "place": _place(rng) if channel != "waiting_list" else None,
            "housing_type": htype or rng.choice(
                ("almen_youth", "almen_family", "start_home")
                if channel in ("waiting_list", "municipal_allocation", "student_housing")
                else ("private_room", "private_flat")),
            "rent": rent or rng.randrange(2800, 7600, 50),
            "outcome": outcome,
            "reason": rng.choice(REFUSALS) if outcome == "refused_by_landlord" and
            rng.random() < 0.6 else None,
            "minutes": rng.choice((5, 10, 15, 20, 30, 45, 60))}, today=self.today)

    def _search(self, cid: str, home: dict[str, Any] | None, start: date, end: date) -> str | None:
        """The log from `start` to `end` (the move-in, or today); returns the accepted offer."""
        rng, today = self.rng, self.today
        days = (end - start).days
        if days < 3:
            return None
        n = max(3, min(22, days // 9))
        channels = [c for c, _w in CHANNELS]
        weights = [w for _c, w in CHANNELS]
        for _ in range(n):
            when = _day(rng, start, end - timedelta(days=2))
            if when > today:
                continue
            outcome = rng.choices(("applied", "no_answer", "refused_by_landlord", "viewing",
                                   "declined_by_citizen"), (30, 30, 22, 12, 6))[0]
            if outcome in ("applied", "viewing") and when < end - timedelta(days=40):
                # Old applications have had their answer by now.
                outcome = rng.choice(("no_answer", "refused_by_landlord", "declined_by_citizen"
                                      if outcome == "viewing" else "no_answer"))
            self._activity(cid, when, rng.choices(channels, weights)[0], outcome)
        # Some searches lose an offer on the way, most often to slow deposit money.
        if days > 45 and rng.random() < 0.4:
            self._lost_offer(cid, _day(rng, start, end - timedelta(days=30)))
        if home is not None:
            return self._accepted_offer(cid, home, start, end)
        if self.at_risk_left and rng.random() < 0.3:
            self.at_risk_left -= 1
            when = today - timedelta(days=rng.randint(4, 9))
            if when >= start:
                self._pending_offer(cid, when)
        return None

    def _lost_offer(self, cid: str, when: date) -> None:
        rng = self.rng
        htype = rng.choice(("almen_youth", "private_flat", "almen_family"))
        rent = rng.randrange(*RENT[htype], 50)
        act = self._activity(cid, when, "private_landlord" if htype == "private_flat"
                             else "municipal_allocation", "offer", htype, rent)
        deadline = when + timedelta(days=rng.randint(5, 10))
        reason = rng.choices(("money_too_late", "deadline_passed", "unaffordable",
                              "education_requirement", "not_suitable"), (40, 15, 20, 15, 10))[0]
        offer = hs.add_offer(self.store, cid, {
            "activity_id": act, "offer_date": when, "address": _place(rng), "housing_type": htype,
            "contract_type": "permanent", "rent": rent, "deposit": rent * 3,
            "conditions": ["education_requirement"] if htype == "almen_youth" else [],
            "signing_deadline": deadline})
        if reason == "money_too_late":
            hs.add_money(self.store, cid, {
                "offer_id": offer, "money_type": "deposit_loan" if htype.startswith("almen")
                else "deposit_help", "applied_date": when + timedelta(days=1),
                "amount": rent * 3, "urgent": True, "outcome": "granted",
                "decided_date": deadline + timedelta(days=rng.randint(3, 12)),
                "granted": rent * 3})
        hs.update(self.store, "housing_offer", offer, {
            "decision": "declined" if reason == "not_suitable" else "lost",
            "lost_reason": reason,
            "reason": {"money_too_late": "Indskudslånet blev bevilget, men først efter fristen.",
                       "unaffordable": "Rådighedsbeløbet ville blive for lavt.",
                       }.get(reason)})

    def _accepted_offer(self, cid: str, home: dict[str, Any], start: date, move_in: date) -> str:
        rng = self.rng
        htype = HOMES[home["housing_situation"]]
        rent = rng.randrange(*RENT[htype], 50)
        when = max(start, move_in - timedelta(days=rng.randint(10, 40)))
        channel = {"almen_youth": "municipal_allocation", "almen_family": "municipal_allocation",
                   "start_home": "housing_agent"}.get(htype, "private_landlord")
        if htype.startswith("almen") and rng.random() < 0.4:
            channel = "waiting_list"
        act = self._activity(cid, when, channel, "offer", htype, rent)
        offer = hs.add_offer(self.store, cid, {
            "activity_id": act, "offer_date": when, "address": home.get("address"),
            "housing_type": htype, "contract_type": "sublet" if htype == "private_room"
            else "permanent", "rent": rent, "deposit": rent * 3,
            "prepaid_rent": rent if htype.startswith("private") else None,
            "conditions": (["education_requirement", "dispensation"]
                           if htype == "almen_youth" and rng.random() < 0.5 else []),
            "signing_deadline": min(move_in, when + timedelta(days=rng.randint(5, 14))),
            "move_in_date": move_in, "decision": "accepted"})
        hs.add_money(self.store, cid, {
            "offer_id": offer,
            "money_type": "deposit_loan" if htype.startswith("almen") else "deposit_help",
            "applied_date": when, "amount": rent * 3, "urgent": True, "outcome": "granted",
            "decided_date": min(move_in, when + timedelta(days=rng.randint(1, 6))),
            "granted": rent * 3})
        if rng.random() < 0.3:
            asked = rng.randrange(1500, 4000, 100)
            hs.add_money(self.store, cid, {
                "offer_id": offer, "money_type": "moving_help", "applied_date": when,
                "amount": asked, "outcome": rng.choice(("granted", "partly_granted")),
                "decided_date": min(move_in, when + timedelta(days=7)),
                "granted": asked // 2})
        return offer

    def _pending_offer(self, cid: str, when: date) -> None:
        rng = self.rng
        rent = rng.randrange(3200, 4400, 50)
        act = self._activity(cid, when, "municipal_allocation", "offer", "almen_youth", rent)
        offer = hs.add_offer(self.store, cid, {
            "activity_id": act, "offer_date": when, "address": _place(rng),
            "housing_type": "almen_youth", "contract_type": "permanent", "rent": rent,
            "deposit": rent * 3, "conditions": ["education_requirement", "dispensation"],
            "signing_deadline": self.today + timedelta(days=rng.randint(2, 5))})
        hs.add_money(self.store, cid, {"offer_id": offer, "money_type": "deposit_loan",
                                       "applied_date": when + timedelta(days=1),
                                       "amount": rent * 3, "urgent": True})

    def _contract(self, s: dict[str, Any], birth: date | None, offer_id: str | None) -> None:
        rng = self.rng
        sit = s["housing_situation"]
        move_in = to_date(s["start_date"])
        assert move_in is not None
        if sit == "private_room":
            contract, own = ("sublet", False) if rng.random() < 0.6 else ("fixed_term", True)
        elif sit == "private_flat":
            contract, own = ("permanent", True) if rng.random() < 0.7 else ("sublet", False)
        elif sit == "start_home":
            contract, own = "fixed_term", True
        else:
            contract, own = "permanent", True
        signed = move_in - timedelta(days=rng.randint(3, 20))
        minor = bool(birth and (age_on(birth, signed) or 99) < 18)
        hs.update(self.store, "housing_segment", s["id"], {
            "contract_type": contract, "own_contract": own, "guardian_signed": minor and own,
            "contract_date": signed,
            "move_in_date": move_in, "housing_type": HOMES[sit],
            "rent": rng.randrange(*RENT[HOMES[sit]], 50), "offer_id": offer_id})


def generate(store: Store, *, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    """Lay the housing searches over the demo caseload. Returns counts per record kind."""
    today = today or date.today()
    gen = _Gen(store, random.Random(seed * 31 + 7), today)
    with store.db.atomic():
        for row in citizens.list_brief(store):
            gen.citizen(row["id"], row)
    return {k: records.count(store, k) for k in KINDS}
