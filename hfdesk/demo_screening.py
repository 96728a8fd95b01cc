"""Demo opsporing: henvendelser (some without a citizen yet), underretninger (one waiting to be
forwarded, one done), contact attempts, and opsporingsvurderinger — two per young person for a
few, so the comparison has something to show. Deterministic for one seed and one `today`.

Called once from `hfdesk.demo.generate`, after the citizens and actors exist. Every write goes
through the store's public functions.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from hfdesk.domain import citizens as citizen_domain
from hfdesk.domain.referrals import add_working_days
from hfdesk.store import actors, citizens, referrals, screening
from hfdesk.store.database import Store

KINDS = ("referral", "referral_contact", "screening_assessment", "screening_domain",
         "screening_action")
FIRST = ("Ali", "Sara", "Noah", "Freja", "Emil", "Ida", "Malik", "Laura", "Oliver", "Aya")
LAST = ("Kaya", "Nørgaard", "Holm", "Østergaard", "Ahmadi", "Lund", "Bæk", "Jørgensen")
DESCRIPTIONS = (
    "Har ikke boet hjemme siden jul. Sover hos skiftende venner og er stoppet i skolen.",
    "Kontakten til forældrene er brudt efter en konflikt. Har brug for et sted at bo.",
    "Udskrives fra psykiatrien om tre uger uden en bolig at komme hjem til.",
    "Har fået opsagt sit værelse på grund af huslejerestance. Virker presset.",
    "Bor i en campingvogn på en grund i Århus. Har svært ved at møde op på skolen.",
)
SIGNALS = {
    "housing": (["housing_sofa_surfing", "housing_lost_room"], ["housing_access"]),
    "family_upbringing": (["family_home_conflicts", "family_limited_adult_support"],
                          ["family_supportive"]),
    "school_work": (["school_dropout", "school_weak_attachment"], ["school_motivated"]),
    "economy": (["economy_difficulties"], []),
    "friends_network": (["network_worn_out"], ["network_partner_friends"]),
    "mental_vulnerability": (["mental_signs"], ["mental_in_treatment"]),
}
YOUTH_VIEWS = (
    "Jeg vil bare have et sted, hvor jeg kan lukke døren.",
    "Min søster er den eneste, jeg stoler på.",
    "Skolen er okay, hvis jeg kan sove om natten.",
    "Jeg har styr på pengene, når jeg har en adresse.",
)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def generate(store: Store, *, seed: int = 2026, today: date | None = None,
             scale: int = 1) -> dict[str, int]:
    """Write the demo's opsporing records. Returns counts per record kind."""
    today = today or date.today()
    rng = random.Random(seed + 4)
    counts = dict.fromkeys(KINDS, 0)
    actor_rows = actors.list_all(store)
    schools = [a["id"] for a in actor_rows if a["actor_type"] in ("school", "jobcentre")]
    youth = [c for c in citizens.list_all(store)
             if (citizen_domain.age(c, today) or 99) <= 25]
    if not youth:
        youth = citizens.list_all(store)

    def ref(days_ago: int, **data: Any) -> str:
        received = today - timedelta(days=days_ago)
        base = {"received_date": received, "person_name": _name(rng), "source": "jobcentre",
                "concern_domains": ["housing"], "description": rng.choice(DESCRIPTIONS),
                "person_knows": True, "referrer_actor_id": rng.choice(schools) if schools
                else None}
        base.update(data)
        citizen_id = base.pop("citizen_id", None)
        rid = referrals.create(store, base, citizen_id=citizen_id, today=today)
        counts["referral"] += 1
        return rid

    for _ in range(scale):
        # The inbox: new, waiting, not yet known to the person.
        ref(1, person_age=19, source="youth_guidance",
            concern_domains=["housing", "school_work"], person_knows=False)
        waiting = ref(9, person_age=22, source="psychiatry",
                      concern_domains=["housing", "mental_vulnerability"])
        del waiting
        # An underretning that came in today and must go to Børn og Familie the same day.
        ref(0, person_age=16, source="school_education",
            concern_domains=["family_upbringing", "housing"])
        # One forwarded the same day, followed up and given short advice.
        done = ref(20, person_age=17, source="child_family_dept",
                   concern_domains=["family_upbringing"])
        referrals.record_forwarding(store, done, {
            "forwarded_date": today - timedelta(days=20), "forwarded_how": "Sikker mail",
            "forwarded_receipt": "Kvittering modtaget, j.nr. 27.00.00-A00-1234-26"}, today=today)
        referrals.add_contact(store, done, {"attempt_date": add_working_days(
            today - timedelta(days=20), 1), "channel": "phone", "reached": True,
            "result": "Talt med den unge og moren."}, today=today)
        counts["referral_contact"] += 1
        referrals.update(store, done, {"outcome": "short_advice_person"}, today=today)
        # Advice to the referring actor only; it stays counted as such.
        adv = ref(40, person_age=23, source="jobcentre", concern_domains=["economy"])
        referrals.add_contact(store, adv, {"attempt_date": today - timedelta(days=39),
                                           "channel": "sms", "result": "Intet svar."},
                              today=today)
        counts["referral_contact"] += 1
        referrals.update(store, adv, {"outcome": "advice_referrer",
                                      "outcome_text": "Rådgivet jobcentret om boligsøgning."},
                         today=today)
        # Henvendelser that belong to citizens already in the caseload.
        for c in rng.sample(youth, min(3, len(youth))):
            r = ref(rng.randint(60, 300), person_name=c["legal_name"],
                    person_age=citizen_domain.age(c, today), source=rng.choice(
                        ("jobcentre", "youth_guidance", "self_referral", "shelter")),
                    citizen_id=c["id"], from_professional=True,
                    concern_domains=rng.sample(list(SIGNALS), 2))
            row = referrals.get(store, r)
            if row.get("underretning"):
                referrals.record_forwarding(store, r, {
                    "forwarded_date": row["received_date"], "forwarded_how": "Telefon og mail",
                    "forwarded_receipt": "Modtaget af vagten"}, today=today)
            referrals.add_contact(store, r, {"attempt_date": row["received_date"],
                                             "channel": "phone", "reached": True}, today=today)
            counts["referral_contact"] += 1
            referrals.update(store, r, {"outcome": "course_started"}, today=today)

    # Assessments: two for a few young people (compare), one for some more.
    picked = rng.sample(youth, min(len(youth), 6 * scale))
    for i, c in enumerate(picked):
        rounds = 2 if i % 2 == 0 else 1
        first = today - timedelta(days=rng.randint(90, 200))
        for r in range(rounds):
            on = first + timedelta(days=r * rng.randint(50, 80))
            if on > today:
                on = today
            aid = screening.create(store, c["id"], {
                "assessed_on": on, "phase": ("identification", "dialogue", "actions")[min(r + 1, 2)],
                "target_subgroup": rng.choice(("homeless", "at_risk")),
                "homelessness_duration": rng.choice(("months_1_2", "months_3_5",
                                                     "half_to_1_year")),
                "summary": "Bolig og netværk fylder mest. Vi taler videre om skolen."},
                today=today)
            counts["screening_assessment"] += 1
            for code, (risks, protective) in SIGNALS.items():
                concern = "yes" if code in ("housing", "family_upbringing") or rng.random() < 0.4 \
                    else rng.choice(("no", "not_assessed"))
                if r == 1 and code == "housing":
                    concern = "yes"
                    risks = risks[:1]
                did, _ = screening.set_domain(store, aid, code, {
                    "concern": concern,
                    "risk_signals": risks if concern == "yes" else [],
                    "protective_factors": protective if r == 1 or rng.random() < 0.5 else [],
                    "youth_view": rng.choice(YOUTH_VIEWS) if concern == "yes" else "",
                    "judgement": "Bekymringen er tydelig og hænger sammen med boligen."
                    if concern == "yes" else ""})
                counts["screening_domain"] += 1
                if concern == "yes" and code == "housing":
                    screening.release(store, "screening_domain", did)
            xid = screening.add_action(store, aid, {
                "what": "Skrive op til en ungdomsbolig sammen", "who": "Bostøttemedarbejderen",
                "due_date": on + timedelta(days=14)}, today=today)
            screening.add_action(store, aid, {
                "what": "Netværksmøde med mor og UU-vejleder", "who": "Den unge og UU",
                "due_date": on + timedelta(days=30), "onward_text": "UU-vejledningen"},
                today=today)
            counts["screening_action"] += 2
            screening.release(store, "screening_action", xid)
    return counts
