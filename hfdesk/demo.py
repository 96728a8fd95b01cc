"""A synthetic, realistic caseload for demos, screenshots and benchmarks.

`generate(store, size, seed, today)` fills an empty *demo* store (created with demo=True) with
fictitious citizens, the actor register, courses with support segments and events, housing
histories and a year of journal notes. Everything is drawn from `random.Random(seed)`, so one
seed and one `today` give the same caseload every time (record ids and time stamps differ).

Names are common Danish first names and surnames combined at random; CPR numbers have valid
dates and mostly pass modulus 11 but belong to no one known. Places (Århus, Aalborg, Odense …)
and first names such as André appear in the notes so folded search can be shown.

Every write goes through the store's public functions; journal notes go through
`store.bulk.add_journal_entries` in big transactions (one audit row per batch).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from hfdesk.domain.courses import add_months
from hfdesk.errors import UserError
from hfdesk.store import actors, bulk, courses, housing, records, settings
from hfdesk.store import citizens as citizens_store
from hfdesk.store.clock import utc_now
from hfdesk.store.database import Store

GENERATOR_VERSION = 1


@dataclass(frozen=True)
class Size:
    citizens: int
    notes: int  # journal notes over the past year, planned ones not included
    actor_scale: int


SIZES = {
    "worker": Size(citizens=25, notes=1500, actor_scale=1),
    "municipality": Size(citizens=2000, notes=100_000, actor_scale=4),
}
HISTORY_DAYS = 365
PLANNED_DAYS = 14
BATCH_CITIZENS = 200

# --- code lists (checked against the shipped vocabularies when they load) ---------------------

ACTOR_TYPES = ("authority_caseworker", "jobcentre", "psychiatry", "housing_org", "landlord",
               "school", "civil_society", "gp", "substance_treatment", "shelter")
HOUSING_SITUATIONS = ("almen_family", "almen_youth", "private_flat", "private_room", "start_home",
                      "shelter_110", "transitional_110", "temp_family_friends", "other_homeless",
                      "awaiting_move_in", "with_parents_settled")
HOMELESS = frozenset({"shelter_110", "transitional_110", "temp_family_friends", "other_homeless",
                      "awaiting_move_in"})
LEGAL_BASES = ("sel_85a", "sel_85", "ungestoette_111_121", "barnets_lov_32")
SEL_85A_FROM = date(2023, 10, 1)
BARNETS_LOV_FROM = date(2024, 1, 1)
LIFE_AREAS = ("housing", "economy", "network", "daily_activities", "mental_health",
              "physical_health", "substance", "education", "labour_market", "community_leisure",
              "authorities_treatment")
MISSED_REASONS = ("ill", "away", "hospitalised", "not_up_to_meeting", "unknown")
MISSED_WEIGHTS = {"ill": 30, "away": 10, "hospitalised": 8, "not_up_to_meeting": 40,
                  "unknown": 12}


def _vocab_codes(name: str, fallback: Sequence[str]) -> frozenset[str]:
    """The codes of a shipped list, or our own when the vocabularies cannot be loaded."""
    try:
        from hfdesk import vocab

        codes = frozenset(c.code for c in vocab.default().codes(name, include_inactive=True))
    except Exception:  # the demo must run even without the code lists
        return frozenset(fallback)
    return codes or frozenset(fallback)


# --- names --------------------------------------------------------------------------------------

WOMEN = (
    "Anne", "Mette", "Camilla", "Louise", "Maria", "Sofie", "Emma", "Ida", "Freja", "Laura",
    "Julie", "Mathilde", "Caroline", "Cecilie", "Sara", "Amalie", "Nanna", "Josefine", "Maja",
    "Clara", "Alberte", "Signe", "Line", "Katrine", "Andrea", "Rikke", "Stine", "Christina",
    "Nadia", "Yasmin", "Fatima", "Naja", "Malene", "Emilie", "Frida", "Astrid", "Victoria",
    "Olivia", "Karoline", "Åse", "Trine", "Sidsel", "Pernille", "Jeanette", "Michelle",
)
MEN = (
    "Mads", "Mikkel", "Jonas", "Frederik", "Magnus", "Emil", "Oliver", "William", "Lucas", "Noah",
    "Victor", "Mathias", "Tobias", "Sebastian", "Anders", "Andreas", "André", "Kasper", "Jesper",
    "Nikolaj", "Simon", "Patrick", "Oscar", "Malthe", "Alexander", "Jakob", "Daniel", "Benjamin",
    "Mohammed", "Ali", "Ahmad", "Omar", "Inuk", "Aputsiaq", "Nicklas", "Kenneth", "Dennis",
    "Jannik", "Morten", "Marcus", "Elias", "Jeppe", "Christian", "Rasmus", "Thomas", "Søren",
    "Kristoffer", "René",
)
NEUTRAL_CHOSEN = ("Alex", "Kim", "Robin", "Charlie", "Sam", "Noa", "Luka", "Nor", "Ilja")
SURNAMES = (
    "Nielsen", "Jensen", "Hansen", "Andersen", "Pedersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
    "Mikkelsen", "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Schmidt", "Eriksen",
    "Holm", "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Mogensen",
    "Østergaard", "Nørgaard", "Bach", "Ahmed", "Hussein", "Kleist", "Lynge", "Berthelsen", "Dahl",
    "Vestergaard", "Krogh", "Lauridsen", "Bech", "Friis", "Kjær", "Winther", "Skov", "Bruun",
    "Ravn", "Storm", "Aagaard", "Ibsen",
)
MIDDLE = ("Munk", "Bøgh", "Kjærgaard", "Lykke", "Damgaard", "Juul", "Dalgaard", "Krog", "Mølgaard",
          "Hjorth", "Brink", "Søgaard", "Aaen")
NICKNAMES = {
    "Christian": "Chris", "Kristoffer": "Kris", "Alexander": "Alex", "Frederik": "Freddy",
    "Benjamin": "Benji", "Nikolaj": "Nikko", "Josefine": "Fie", "Caroline": "Caro",
    "Katrine": "Trine", "Mathilde": "Tilde", "Cecilie": "Cille", "Emilie": "Milla",
    "Victoria": "Vic", "Rasmus": "Rasse", "Andreas": "Andy", "Mohammed": "Mo", "Daniel": "Danny",
    "Sebastian": "Basse", "Nicklas": "Nick", "Michelle": "Mich", "Jeanette": "Nette",
}
STAFF_FIRST = ("André", "Åse", "Søs", "Jonna", "Mikael", "Bente", "Lotte", "Henrik", "Birgitte",
               "Kasper", "Dorthe", "Jørn", "Tina", "Ulla", "Per", "Gitte", "Hanne", "Lars")
STAFF_SURNAME = ("Jensen", "Holm", "Nielsen", "Bang", "Lindhardt", "Østergaard", "Kruse", "Dam",
                 "Jessen", "Fog", "Thygesen")
CITIES = ("Århus", "Aarhus", "Aalborg", "Odense", "Randers", "Vejle", "Esbjerg", "Kolding",
          "Horsens", "Silkeborg", "Viborg", "København", "Roskilde", "Næstved")
STREETS = ("Kastanjevej", "Birkealle", "Møllegade", "Solsikkevej", "Åboulevarden", "Skovbrynet",
           "Engtoften", "Lærkevej", "Havnegade", "Rosenvænget", "Bøgevej", "Vestergade",
           "Østervang", "Kirkestien", "Fiskergade", "Ærøvej", "Tranehaven", "Stationsvej")
TOWNS = ("9990 Demoby", "9991 Demoby N", "9992 Demo Øst", "9993 Demo Havn")
LANGUAGES = ("arabisk", "somali", "tigrinya", "dari", "grønlandsk", "ukrainsk", "polsk")
CITIZEN_NOTES = (
    "Foretrækker sms frem for opkald.",
    "Vil ikke have besøg før kl. 10.",
    "Har en hund (venlig). Ring på to gange.",
    "Kontakt helst via mor, hvis telefonen er slukket.",
    "Ønsker at blive kaldt sit kaldenavn, også i breve.",
    "Telefonen er ofte uden strøm – prøv igen om eftermiddagen.",
    "Mødes gerne på værestedet i stedet for derhjemme.",
    "Har bedt om, at vi ikke kontakter faren.",
)


def _possessive(name: str) -> str:
    return f"{name}'" if name[-1:].lower() in ("s", "x", "z") else f"{name}s"


# --- note text ------------------------------------------------------------------------------------
# Placeholders: {n} the citizen's name, {ns} its possessive, {by} a town, {p} a person in the
# network (first name), {dag} a weekday.

SMS = (
    "Sms til {n} for at bekræfte aftalen på {dag}. {n} svarede hurtigt med en tommelfinger.",
    "{n} skrev en sms om, at det går lidt bedre, og spurgte, om vi kan ses {dag}.",
    "Mail til {n} med listen over de papirer, der skal bruges til jobcentret.",
    "Sms fra {n}: telefonen har været uden strøm. Vi aftalte at ses {dag} i stedet.",
    "Sendte {n} et billede af brevet fra {r}, så {n} kan læse det i ro.",
    "Sms-påmindelse om tiden hos lægen i morgen. {n} svarede «ok».",
)

OPENERS: dict[str, tuple[str, ...]] = {
    "home_visit": (
        "Hjemmebesøg hos {n}.",
        "Hjemmebesøg efter aftale; {n} var hjemme og havde sat kaffe over.",
        "Besøg i {ns} lejlighed.",
        "Hjemmebesøg. {n} lukkede op efter andet forsøg og virkede træt, men glad for besøget.",
        "Besøg hvor {n} opholder sig. Vi satte os i køkkenet, så vi kunne tale i fred.",
    ),
    "outreach": (
        "Opsøgende kontakt ved værestedet i {by}.",
        "Mødte {n} ved banegården i {by} efter flere forgæves forsøg.",
        "Opsøgende besøg på herberget; {n} var der og ville gerne snakke.",
        "Gik en runde på de steder, hvor {n} plejer at være, og fandt {n} ved havnen.",
    ),
    "phone": (
        "Telefonsamtale med {n}.",
        "{n} ringede selv.",
        "Kort opkald for at følge op på aftalen fra sidst.",
        "Ringede til {n}, som tog telefonen i første forsøg.",
    ),
    "sms_mail": SMS,
    "video": (
        "Videosamtale med {n}, som er hos familie i {by}.",
        "Videosamtale, da {n} ikke havde overskud til besøg i dag.",
    ),
    "escort": (
        "Ledsagede {n} til jobcentret i {by}.",
        "Fulgte {n} til egen læge.",
        "Ledsagelse til boligforeningen for at se på en lejlighed.",
        "Kørte med {n} til lokalpsykiatrien i {by}.",
        "Ledsagede {n} til ydelsescentret for at aflevere ansøgningen om indskudslån.",
    ),
    "meeting": (
        "Netværksmøde med {n}, myndighedsrådgiveren og {p} fra jobcentret.",
        "Koordinerende møde hos myndighedsrådgiver {r}; {n} deltog og førte selv ordet en del.",
        "Statusmøde om handleplanen med {n} og {p}.",
        "Møde på FGU i {by} med {n} og vejlederen.",
    ),
    "partner_contact": (
        "Samtale med myndighedsrådgiveren om {ns} forløb.",
        "Telefon med myndighedsrådgiver {r} om opfølgningen på afgørelsen.",
        "Kontakt til boligforeningen om {ns} indskud.",
        "Telefon med lokalpsykiatrien (med {ns} samtykke).",
        "Kort drøftelse med {p} fra jobcentret om praktikpladsen.",
        "Kontakt til udlejer om en reparation i {ns} lejlighed.",
    ),
}

BODY: dict[str, tuple[str, ...]] = {
    "housing": (
        "Vi gennemgik boligportalerne sammen og skrev {n} op til to ungdomsboliger i {by}.",
        "{n} har fået tilbudt en etværelses lejlighed; vi ser den på {dag}, og svarfristen er om "
        "en uge.",
        "Vi ringede til boligforeningen om indskudslånet, som endnu ikke er bevilget.",
        "Lejligheden bærer præg af, at {n} er ved at finde sig til rette. Vi talte om, hvad der "
        "skal til, før det føles som et hjem.",
        "Udlejer havde skrevet om støj. Vi lavede en plan for, hvordan {n} kan tale med naboen.",
        "{n} sover fortsat hos en ven i {by} og er træt af ikke at have sit eget sted.",
        "Vi skrev ansøgningen om boligindstilling færdig, så {r} kan sende den i denne uge.",
        "Flyttedagen er aftalt. Vi har bestilt en varevogn, og {p} fra værestedet hjælper med at "
        "bære.",
        "{n} fortæller, at ventetiden er det værste, og at det er svært at holde modet oppe.",
        "Vi talte om husorden, og om hvem {n} vil have boende i perioder.",
    ),
    "economy": (
        "Vi lavede et budget for resten af måneden; der er ca. 1.200 kr. tilbage efter husleje og "
        "telefon.",
        "{n} har en huslejerestance på to måneder. Vi ringede sammen til ydelsescentret for at "
        "høre om muligheden for hjælp.",
        "Vi åbnede e-Boks sammen og sorterede breve fra Gældsstyrelsen og kommunen.",
        "{n} vil gerne prøve at sætte et fast beløb til side til mad hver uge.",
        "Vi søgte om enkeltydelse til etablering (køleskab og seng).",
        "Vi aftalte, at huslejen fremover trækkes automatisk, så den ikke bliver glemt.",
        "Mobilregningen er steget meget; vi fandt et billigere abonnement sammen.",
    ),
    "network": (
        "Vi tegnede netværkskortet videre. {n} satte sin moster og en ven fra {by} tæt på.",
        "{n} har genoptaget kontakten til sin søster i {by} og skal besøge hende i weekenden.",
        "{n} føler sig ensom om aftenen. Vi talte om værestedet og fællesspisningen om torsdagen.",
        "Der har været konflikt med en tidligere kæreste; {n} vil gerne have hjælp til at sætte "
        "grænser.",
        "{n} fortalte, at {p} fra værestedet er en, der er god at tale med.",
    ),
    "daily_activities": (
        "Vi gjorde rent i køkkenet sammen og lavede en enkel plan for opvask og affald.",
        "Vi handlede ind og lavede en madplan for ugen.",
        "{n} har fået vaskemaskinen til at virke og har selv vasket tøj.",
        "Vi fik bestilt et nyt sygesikringskort og ordnet MitID.",
        "Vi lavede en ugeplan på køleskabet med de faste aftaler.",
    ),
    "mental_health": (
        "{n} har haft nogle svære dage med uro og tanker, der kører i ring. Vi talte om, hvad der "
        "plejer at hjælpe.",
        "Kontakten til lokalpsykiatrien er genoptaget; første samtale er om to uger.",
        "{n} virkede mere rolig i dag og fortalte selv, at medicinen hjælper.",
        "Vi talte om, hvordan {n} kan sige fra over for venner, der kommer uanmeldt.",
        "{n} fortalte om angst i butikker; vi aftalte at handle ind sammen næste gang.",
    ),
    "physical_health": (
        "{n} har haft ondt i en tand i flere uger. Vi bestilte tid via socialtandplejen.",
        "Vi fulgte op på lægebesøget, og {n} har hentet sin medicin på apoteket.",
        "{n} sover dårligt og spiser uregelmæssigt. Vi talte om faste måltider.",
        "Vi bestilte tid hos egen læge til en samtale om søvn og smerter i ryggen.",
    ),
    "substance": (
        "{n} fortæller, at forbruget af hash er mindre end sidst. Vi talte om skadesreduktion og om "
        "ikke at ryge alene om natten.",
        "Vi talte om rusmiddelcentrets åbne rådgivning; {n} vil overveje det, men ikke lige nu.",
        "{n} havde drukket dagen før og var træt, så vi holdt besøget kort.",
        "Vi aftalte, at {n} selv bestemmer tempoet, og at støtten fortsætter uanset forbruget.",
    ),
    "education": (
        "Vi var forbi FGU i {by} og fik en rundvisning. {n} er mest interesseret i værkstedslinjen.",
        "{n} er startet på produktionsskolen og har mødt op tre ud af fire dage.",
        "Vi talte om, hvad {n} drømmer om; svaret var noget med dyr eller med at lave mad.",
        "Vi søgte sammen om optagelse på et grundforløb i {by}.",
    ),
    "labour_market": (
        "Samtale med {p} fra jobcentret om en virksomhedspraktik i et supermarked.",
        "Vi ryddede op i aftalerne på Jobnet, så der ikke kommer flere sanktioner.",
        "{n} har været til samtale om et fritidsjob på en tankstation i {by}.",
        "Vi skrev et kort CV sammen; {n} var overrasket over, hvor meget der kunne stå på det.",
    ),
    "community_leisure": (
        "Vi gik en tur ved havnen i {by} og talte om fodbold; {n} vil gerne spille igen.",
        "{n} har meldt sig til et fitnesshold via værestedet.",
        "Vi var i biografen i {by} som en del af aftalen om at komme mere ud.",
        "{n} har været med til fællesspisning hos {p} og vil gerne komme igen.",
    ),
    "authorities_treatment": (
        "{n} har fået indkaldelse til et retsmøde i {by}. Vi talte om, hvad der skal ske, og hvem "
        "der kan tage med.",
        "Kontakt til Kriminalforsorgen om tilsynet; næste møde er aftalt.",
        "Vi gennemgik brevet fra kommunen om handleplanen, så {n} ved, hvad der står i den.",
        "Vi ringede sammen til {r}, fordi {n} ikke havde hørt om afgørelsen.",
    ),
}
CLOSINGS = (
    "Næste besøg er aftalt på {dag}.",
    "Vi aftalte at tale sammen i næste uge.",
    "{n} bestemmer selv, hvad vi tager fat på næste gang.",
    "Jeg følger op med en sms i morgen.",
    "Vi tager til {by} sammen på {dag}.",
    "{n} sagde tak for i dag og spurgte, hvornår vi ses igen.",
    "Aftalt at jeg ringer {dag} formiddag.",
)
NO_SHOW = {
    "home_visit": (
        "{n} var ikke hjemme ved det aftalte besøg. Jeg lagde en seddel og sendte en sms. Vi "
        "prøver igen på {dag}.",
        "Ingen åbnede. Naboen fortalte, at {n} har været hos familie i {by} et par dage.",
    ),
    "outreach": ("{n} var ikke på værestedet som aftalt. Personalet har ikke set {n} i en uge.",),
    "escort": ("{n} mødte ikke op ved jobcentret i {by}. Ringede bagefter uden svar; sendte en "
               "sms.",),
    "meeting": ("{n} kom ikke til mødet. Vi holdt det kort og aftalte, at {r} sender et brev.",),
    "video": ("{n} loggede ikke på videosamtalen. Sendte en sms med et nyt forslag til tid.",),
    "phone": ("{n} tog ikke telefonen til den aftalte tid. Skrev en sms om, at jeg prøver igen "
              "{dag}.",),
}
CANCELLED = (
    "{n} aflyste samme morgen; ny tid er aftalt på {dag}.",
    "Aflyst fra vores side på grund af sygdom i teamet. {n} fik besked i god tid.",
    "{n} skrev, at det ikke passede i dag. Vi ses i stedet {dag}.",
)
PLANNED = (
    "Aftalt {kind}. Plan: {topic}.",
    "Aftalt {kind} med {n}. Vi skal se på {topic}.",
    "Planlagt {kind}: {topic}.",
)
PLANNED_KIND = {"home_visit": "hjemmebesøg", "escort": "ledsagelse", "meeting": "møde",
                "phone": "telefonsamtale", "video": "videosamtale"}
TOPICS = (("budget og huslejen", "economy"), ("boligportalerne", "housing"),
          ("brevet fra jobcentret", "labour_market"), ("indkøb og madplan", "daily_activities"),
          ("ansøgningen om indskudslån", "housing"), ("netværkskortet", "network"),
          ("tid hos lægen", "physical_health"), ("ugeplanen", "daily_activities"),
          ("mødet med {r}", "authorities_treatment"))
DAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag")

ENTRY_TYPE_WEIGHTS = (("home_visit", 36), ("phone", 18), ("sms_mail", 14), ("escort", 8),
                      ("meeting", 6), ("outreach", 5), ("partner_contact", 9), ("video", 4))
DURATIONS = {"home_visit": (45, 120), "outreach": (30, 120), "phone": (5, 30), "sms_mail": (2, 10),
             "video": (20, 45), "escort": (60, 180), "meeting": (45, 120),
             "partner_contact": (10, 45)}
IN_PERSON = frozenset({"home_visit", "outreach", "escort", "meeting", "video"})


# --- plan ----------------------------------------------------------------------------------------

@dataclass
class CoursePlan:
    method: str
    referral: date
    start: date | None
    transition: date | None = None
    transition_kind: str | None = None
    end: date | None = None  # end decision date
    end_type: str | None = None
    end_reasons: list[str] = field(default_factory=list)
    end_text: str | None = None
    segments: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    authority: int = 0  # index into the authority caseworkers
    case_number: str = ""


@dataclass
class CitizenPlan:
    data: dict[str, Any]
    first: str  # the name the worker uses in notes
    birth: date
    courses: list[CoursePlan]
    housing: list[dict[str, Any]]
    died: date | None = None


def _rand_date(rng: random.Random, lo: date, hi: date) -> date:
    if hi <= lo:
        return lo
    return lo + timedelta(days=rng.randint(0, (hi - lo).days))


def _age_on(birth: date, on: date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _cpr(rng: random.Random, birth: date, gender: str, *, mod11: bool) -> str:
    """DDMMYY-SSSS with the century digit matching the birth year and the sex parity."""
    weights = (4, 3, 2, 7, 6, 5, 4, 3, 2, 1)
    head = birth.strftime("%d%m%y")
    parity = {"man": 1, "woman": 0}.get(gender)
    while True:
        if birth.year < 2000:
            d7 = rng.choice("0123")
        else:
            d7 = rng.choice("4") if birth.year % 100 <= 36 and rng.random() < 0.8 else "5"
        nine = head + d7 + f"{rng.randint(0, 99):02d}"
        s = sum(w * int(c) for w, c in zip(weights, nine, strict=False))
        if mod11:
            check = (11 - s % 11) % 11
            if check == 10 or (parity is not None and check % 2 != parity):
                continue
        else:
            options = [d for d in range(10) if (s + d) % 11 != 0
                       and (parity is None or d % 2 == parity)]
            check = rng.choice(options)
        return f"{nine[:6]}-{nine[6:]}{check}"


def _phone(rng: random.Random) -> str:
    first = rng.choice(("20", "22", "26", "28", "30", "31", "40", "42", "50", "51", "53", "60",
                        "61", "71", "81", "91", "93"))
    rest = [rng.randint(0, 99) for _ in range(3)]
    return f"{first} {rest[0]:02d} {rest[1]:02d} {rest[2]:02d}"


def _address(rng: random.Random) -> str:
    floor = rng.choice(("", "", ", st. tv.", ", 1. th.", ", 2. tv.", ", 3. mf.", ", 4. th."))
    return f"{rng.choice(STREETS)} {rng.randint(1, 140)}{floor}, {rng.choice(TOWNS)}"


class _Planner:
    def __init__(self, rng: random.Random, today: date, n_authority: int) -> None:
        self.rng = rng
        self.today = today
        self.n_authority = n_authority
        self.names: set[str] = set()
        self.case_no = 0
        self.vocab_legal = _vocab_codes("legal_basis", LEGAL_BASES)

    # names and identity ------------------------------------------------------------------------
    def _name(self, gender: str) -> tuple[str, str]:
        rng = self.rng
        for _ in range(100):
            pool = WOMEN if gender == "woman" else MEN if gender == "man" else rng.choice((WOMEN,
                                                                                          MEN))
            first = rng.choice(pool)
            parts = [first]
            if rng.random() < 0.12:
                second = rng.choice(pool)
                if second != first:
                    parts.append(second)
            surname = rng.choice(SURNAMES)
            if rng.random() < 0.3:
                middle = rng.choice(MIDDLE)
                if middle != surname:
                    parts.append(middle)
            parts.append(surname)
            legal = " ".join(parts)
            if legal not in self.names:
                self.names.add(legal)
                return legal, first
        raise RuntimeError("name space exhausted")  # pragma: no cover

    def citizen(self, flags: frozenset[str]) -> CitizenPlan:
        """One citizen. `flags` (from _quotas) make the rare traits appear even in a small
        caseload: dies, only_ended, minor, phase_zero, no_cpr, replacement_cpr, mod11_fails,
        protected, interpreter."""
        rng, today = self.rng, self.today
        dies, only_ended = "dies" in flags, "only_ended" in flags
        gender = rng.choices(("woman", "man", "other", "not_stated"), (38, 55, 4, 3))[0]
        legal, first = self._name(gender)
        preferred = None
        if gender == "other":
            preferred = rng.choice(NEUTRAL_CHOSEN)
        elif first in NICKNAMES and rng.random() < 0.45:
            preferred = NICKNAMES[first]
        if "minor" in flags:
            age = rng.randint(16, 17)
        else:
            age = rng.randint(18, 30) if rng.random() < 0.8 else rng.randint(31, 45)
        if dies or only_ended:
            age = max(age, 19)
        birth = today - timedelta(days=age * 365 + rng.randint(5, 360))
        while _age_on(birth, today) != age:
            birth += timedelta(days=1 if _age_on(birth, today) > age else -1)
        cpr: str | None
        if "no_cpr" in flags:
            cpr = None
        elif "replacement_cpr" in flags:
            cpr = f"{birth:%d%m%y}-{rng.choice('ABCDEFGHJK')}{rng.randint(0, 999):03d}"
        else:
            cpr = _cpr(rng, birth, gender, mod11="mod11_fails" not in flags)
        interpreter = "interpreter" in flags
        language = rng.choice(LANGUAGES) if interpreter else "dansk"
        minor = age < 18
        data: dict[str, Any] = {
            "legal_name": legal, "preferred_name": preferred, "cpr": cpr,
            "birth_date": birth, "gender": gender,
            "phone": _phone(rng) if rng.random() < 0.88 else None,
            "email": (f"{first.lower().replace('é', 'e').replace('å', 'aa').replace('ø', 'oe')}"
                      f"{rng.randint(1, 999)}@example.com") if rng.random() < 0.3 else None,
            "protected_address": "protected" in flags,
            "language": language, "interpreter_needed": interpreter,
            "interpreter_language": language if interpreter else None,
            "custody_holders": self._custody(legal) if minor else [],
            "notes": rng.choice(CITIZEN_NOTES) if rng.random() < 0.2 else None,
        }
        courses_ = self._courses(birth, dies=dies, only_ended=only_ended,
                                 phase_zero="phase_zero" in flags)
        hist = self._housing(birth, courses_)
        died = next((e["event_date"] for c in courses_ for e in c.events if e["kind"] == "death"),
                    None)
        if died:
            hist = [h for h in hist if h["start_date"] <= died] or hist[:1]
        current = hist[-1] if hist else None
        if current and current["housing_situation"] not in HOMELESS:
            data["address"] = current.get("address")
        elif current and current["housing_situation"] == "shelter_110":
            data["address"] = "c/o Herberget Lindely, Havnegade 3, 9990 Demoby"
        return CitizenPlan(data, preferred or first, birth, courses_, hist, died)

    def _custody(self, legal: str) -> list[dict[str, str]]:
        rng = self.rng
        surname = legal.split()[-1]
        holders = [{"name": f"{rng.choice(WOMEN)} {surname} (mor)", "contact": _phone(rng)}]
        if rng.random() < 0.5:
            holders.append({"name": f"{rng.choice(MEN)} {rng.choice(SURNAMES)} (far)",
                            "contact": _phone(rng)})
        return holders

    # courses -----------------------------------------------------------------------------------
    def _method(self, age: int) -> str:
        rng = self.rng
        if age < 18:
            return "preventive" if rng.random() < 0.7 else "icm"
        options = [("cti", 35), ("icm", 33), ("act", 8), ("ordinary_85", 17)]
        if age <= 22:
            options.append(("preventive", 7))
        return rng.choices([m for m, _ in options], [w for _, w in options])[0]

    def _next_case(self, on: date) -> str:
        self.case_no += 1
        return f"27.12.04-G01-{self.case_no:04d}-{on.strftime('%y')}"

    def _courses(self, birth: date, *, dies: bool, only_ended: bool,
                 phase_zero: bool) -> list[CoursePlan]:
        rng, today = self.rng, self.today
        age = _age_on(birth, today)
        method = self._method(age)
        plans: list[CoursePlan] = []
        if phase_zero:
            referral = today - timedelta(days=rng.randint(15, 150))
            plans.append(CoursePlan(method, referral, None,
                                    authority=rng.randrange(self.n_authority)))
            return plans
        span = {"cti": (10, 330), "icm": (30, 900), "act": (30, 1100), "ordinary_85": (30, 700),
                "preventive": (14, 200)}[method]
        if age < 18:
            span = (14, 300)
        if dies or only_ended:
            span = (max(span[0], 150), max(span[1], 500))
        start = today - timedelta(days=rng.randint(*span))
        # Never before the 15th birthday (a 16-year-old referred as a young teenager is rare).
        start = max(start, birth + timedelta(days=15 * 365))
        current = self._course(method, start, birth)
        if dies:
            death = _rand_date(rng, max(start + timedelta(days=30), today - timedelta(days=150)),
                               today - timedelta(days=20))
            current.events.append({"kind": "death", "event_date": death,
                                   "notes": "Underretning fra politiet. Pårørende er orienteret."})
            self._end(current, death + timedelta(days=rng.randint(3, 14)), "deceased",
                      ["deceased"])
        elif only_ended:
            end = _rand_date(rng, max(start + timedelta(days=45), today - timedelta(days=200)),
                             today - timedelta(days=5))
            kind = rng.choice(("moved", "planned", "declines", "lost"))
            if kind == "moved":
                current.events.append({"kind": "moved_municipality",
                                       "event_date": end - timedelta(days=rng.randint(5, 30)),
                                       "new_municipality": rng.choice(
                                           ("Aalborg Kommune", "Odense Kommune",
                                            "Aarhus Kommune", "Vejle Kommune"))})
                self._end(current, end, "unplanned", ["moved_municipality"])
            elif kind == "planned":
                self._end(current, end, "planned",
                          ["cti_completed"] if method == "cti" else ["no_longer_needed"])
            elif kind == "declines":
                self._end(current, end, "unplanned", ["declines_support"])
            else:
                self._end(current, end, "unplanned", ["contact_lost"])
        else:
            self._events(current)
        # An older, ended course for some adults.
        if age >= 20 and not only_ended and rng.random() < 0.15:
            prev_method = rng.choice(("cti", "cti", "icm", "ordinary_85"))
            prev_end = start - timedelta(days=rng.randint(0, 90))
            length = {"cti": rng.randint(260, 320), "icm": rng.randint(120, 600),
                      "ordinary_85": rng.randint(90, 500)}[prev_method]
            prev_start = max(prev_end - timedelta(days=length), birth + timedelta(days=18 * 365))
            if prev_end > prev_start + timedelta(days=30):
                prev = self._course(prev_method, prev_start, birth)
                if prev_method == "cti" and rng.random() < 0.7:
                    self._end(prev, prev_end, "planned", ["cti_completed", "needs_other_support"])
                else:
                    reasons = rng.choice((["contact_lost"], ["declines_support"],
                                          ["needs_other_support"], ["other"]))
                    self._end(prev, prev_end, "unplanned", reasons,
                              "Borgeren flyttede til en ven i en anden by og ønskede pause."
                              if reasons == ["other"] else None)
                plans.append(prev)
        plans.append(current)
        return plans

    def _course(self, method: str, start: date, birth: date) -> CoursePlan:
        rng = self.rng
        referral = start - timedelta(days=rng.randint(7, 120))
        plan = CoursePlan(method, referral, start, authority=rng.randrange(self.n_authority),
                          case_number=self._next_case(referral))
        if method == "cti":
            shift = rng.randint(0, 40)
            plan.transition = start + timedelta(days=shift)
            plan.transition_kind = rng.choices(("move_in", "leaving_shelter", "discharge",
                                                "release"), (60, 25, 10, 5))[0]
            if plan.transition > self.today:
                plan.transition = None
                plan.transition_kind = None
        plan.segments = self._segments(method, start, birth)
        return plan

    def _basis(self, method: str, on: date, birth: date) -> str:
        age = _age_on(birth, on)
        if age < 18:
            code = "barnets_lov_32"
        elif method == "preventive" and age <= 22:
            code = "ungestoette_111_121"
        elif method in ("cti", "icm", "act") and on >= SEL_85A_FROM:
            code = "sel_85a"
        else:
            code = "sel_85"
        if code in ("barnets_lov_32", "ungestoette_111_121") and on < BARNETS_LOV_FROM:
            code = "sel_85"
        return code if code in self.vocab_legal else "sel_85"

    def _segments(self, method: str, start: date, birth: date) -> list[dict[str, Any]]:
        rng, today = self.rng, self.today
        decision = start - timedelta(days=rng.randint(3, 25))
        cuts = [start]
        # Decisions change mid-course: § 85 → § 85 a when it arrived, child law → adult at 18.
        if method in ("cti", "icm", "act") and start < SEL_85A_FROM < today:
            cuts.append(_rand_date(rng, SEL_85A_FROM, SEL_85A_FROM + timedelta(days=150)))
        eighteen = date(birth.year + 18, birth.month, min(birth.day, 28))
        if start < eighteen <= today:
            cuts.append(eighteen)
        cuts = sorted(set(cuts))
        segs: list[dict[str, Any]] = []
        for i, cut in enumerate(cuts):
            end = cuts[i + 1] - timedelta(days=1) if i + 1 < len(cuts) else None
            dec = decision if i == 0 else cut - timedelta(days=rng.randint(5, 30))
            period_end = end
            if end is None and method == "cti":
                period_end = add_months(cut, 9) if i == 0 else None
            elif end is None and method == "preventive":
                period_end = add_months(cut, 6)
            seg = {"legal_basis": self._basis(method, cut, birth), "decision_date": dec,
                   "period_start": cut, "period_end": period_end,
                   "next_review": self._review(dec, 3 if method == "preventive" else 6)
                   if end is None else None}
            if rng.random() < 0.1:
                seg["provider_wish"] = "Ønsker samme bostøttemedarbejder som hidtil"
                seg["provider_wish_followed"] = True
            if method == "ordinary_85" and rng.random() < 0.5:
                seg["notes"] = f"Bevilget {rng.choice((2, 3, 4, 5))} timer ugentligt."
            segs.append(seg)
        # A youth can hold two supports at once: ungestøtte beside the HF method.
        if (method in ("icm", "cti") and 18 <= _age_on(birth, today) <= 22
                and rng.random() < 0.2):
            s = max(start, BARNETS_LOV_FROM, date(birth.year + 18, birth.month,
                                                  min(birth.day, 28)))
            if s <= today:
                segs.append({"legal_basis": self._basis("preventive", s, birth),
                             "decision_date": s - timedelta(days=10), "period_start": s,
                             "period_end": None, "next_review": self._review(s, 6),
                             "notes": "Ungestøtte ved siden af bostøtten (tidligere anbragt)."})
        return segs

    def _review(self, decision: date, months: int) -> date:
        """The next follow-up; about one in six is overdue."""
        reviews = [add_months(decision, months * k) for k in range(1, 20)]
        upcoming = next(r for r in reviews if r >= self.today)
        past = [r for r in reviews if r < self.today]
        if self.rng.random() < 0.17:
            return past[-1] if past else self.today - timedelta(days=self.rng.randint(1, 40))
        return upcoming

    def _end(self, plan: CoursePlan, end: date, end_type: str, reasons: list[str],
             text: str | None = None) -> None:
        assert plan.start is not None
        end = min(max(end, plan.start + timedelta(days=1)), self.today)
        plan.end = end
        plan.end_type = end_type
        plan.end_reasons = reasons
        plan.end_text = text
        for seg in plan.segments:
            if seg["period_end"] is None or seg["period_end"] > end:
                seg["period_end"] = end
            if seg.get("next_review") and seg["next_review"] > end:
                seg["next_review"] = None
        plan.segments = [s for s in plan.segments if s["period_start"] <= end]

    def _events(self, plan: CoursePlan) -> None:
        rng, today = self.rng, self.today
        assert plan.start is not None
        lo, hi = plan.start + timedelta(days=7), today - timedelta(days=10)
        if hi <= lo + timedelta(days=5):
            return
        r = rng.random()
        if r < 0.10:
            adm = _rand_date(rng, lo, hi - timedelta(days=5))
            dis = min(adm + timedelta(days=rng.randint(4, 35)), today)
            plan.events.append({"kind": "admission", "event_date": adm,
                                "notes": "Indlagt på psykiatrisk afdeling."})
            plan.events.append({"kind": "discharge", "event_date": dis})
            if plan.method == "cti" and (dis - adm).days >= 14:
                plan.events.append({"kind": "paused", "event_date": adm, "end_date": dis,
                                    "reason": "Indlagt"})
        elif r < 0.16:
            p = _rand_date(rng, lo, hi - timedelta(days=14))
            plan.events.append({"kind": "paused", "event_date": p,
                                "end_date": min(p + timedelta(days=rng.randint(14, 60)), today),
                                "reason": rng.choice(("Ophold hos familie i Grønland",
                                                      "Ønsker pause i sommerferien",
                                                      "Behandlingsophold"))})
        elif r < 0.18:
            inc = _rand_date(rng, lo, hi - timedelta(days=20))
            plan.events.append({"kind": "incarceration", "event_date": inc,
                                "notes": "Afsoner en kort dom."})
            plan.events.append({"kind": "release",
                                "event_date": min(inc + timedelta(days=rng.randint(14, 60)),
                                                  today)})

    def open_pause(self, plan: CoursePlan) -> None:
        assert plan.start is not None
        p = max(self.today - timedelta(days=self.rng.randint(7, 45)),
                plan.start + timedelta(days=1))
        plan.events = [e for e in plan.events if e["kind"] != "paused"]
        plan.events.append({"kind": "paused", "event_date": p, "end_date": None,
                            "reason": "Borgeren har bedt om en pause; vi holder kontakt via sms."})

    # housing -----------------------------------------------------------------------------------
    def _homeless(self, young: bool, not_kind: str | None = None) -> dict[str, Any]:
        rng = self.rng
        kinds = [k for k in ("temp_family_friends", "shelter_110", "other_homeless")
                 if k != not_kind]
        weights = {"temp_family_friends": 50 if young else 35, "shelter_110": 30,
                   "other_homeless": 20}
        kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
        seg: dict[str, Any] = {"housing_situation": kind}
        if kind == "temp_family_friends":
            seg["notes"] = rng.choice(("Sover hos en ven i {by}.", "Bor på sofaen hos sin moster.",
                                       "Skiftes mellem venner i {by}.")).format(
                by=rng.choice(CITIES))
        elif kind == "shelter_110":
            seg["notes"] = rng.choice(("Herberget Lindely.", "Forsorgshjemmet Kastanjegården."))
        else:
            nat = rng.choices(("nat_1", "nat_2", "nat_4", "nat_7", "nat_8"), (40, 30, 10, 10, 10))[0]
            seg["homelessness_nat"] = nat
            seg["notes"] = {"nat_1": "Sover ude, mest ved banegården.",
                            "nat_2": "Overnatter på natvarmestuen.",
                            "nat_4": "Bor på vandrerhjem, betalt af kommunen.",
                            "nat_7": "Afsoner og skal løslades om under en måned.",
                            "nat_8": "Indlagt, skal udskrives uden en bolig."}[nat]
        return seg

    def _home(self, age: int) -> dict[str, Any]:
        rng = self.rng
        kind = rng.choices(("almen_youth", "almen_family", "private_flat", "private_room",
                            "start_home"),
                           (40, 15, 20, 12, 13) if age < 25 else (5, 50, 30, 10, 5))[0]
        return {"housing_situation": kind, "address": _address(rng),
                "notes": rng.choice((None, "Tidsubegrænset lejekontrakt.",
                                     "Lejekontrakt uden tidsbegrænsning.", None))}

    def _housing(self, birth: date, plans: list[CoursePlan]) -> list[dict[str, Any]]:
        rng, today = self.rng, self.today
        age = _age_on(birth, today)
        young = age < 25
        first = plans[0]
        cur = plans[-1]
        anchor = first.referral
        segs: list[tuple[date, dict[str, Any]]] = []
        begin = anchor - timedelta(days=rng.randint(60, 500))
        begin = max(begin, birth + timedelta(days=15 * 365))
        if age < 18:
            if rng.random() < 0.6:
                segs.append((begin, {"housing_situation": "with_parents_settled"}))
            else:
                segs.append((begin - timedelta(days=200), {"housing_situation":
                                                           "with_parents_settled"}))
                segs.append((begin, {"housing_situation": "temp_family_friends",
                                     "notes": "Konflikt derhjemme; sover hos en veninde/ven."}))
            return self._dated(segs)
        if rng.random() < 0.4:
            before = begin - timedelta(days=rng.randint(120, 700))
            prior = ({"housing_situation": "with_parents_settled"} if young and rng.random() < 0.7
                     else {"housing_situation": "private_flat", "address": _address(rng)})
            segs.append((before, prior))
            begin_note = ("Udsat pga. huslejerestance." if prior["housing_situation"] ==
                          "private_flat" else "Flyttede hjemmefra efter konflikt.")
        else:
            begin_note = None
        first_homeless = self._homeless(young)
        if begin_note:
            first_homeless["notes"] = f"{begin_note} {first_homeless.get('notes') or ''}".strip()
        segs.append((begin, first_homeless))
        # Move-in date for the current course (or earlier for ordinary § 85).
        move_in: date | None = None
        if cur.start is None:
            move_in = None
        elif cur.method == "cti":
            move_in = cur.transition
        elif cur.method == "ordinary_85":
            move_in = cur.start - timedelta(days=rng.randint(0, 200))
        elif cur.method in ("icm", "act"):
            if rng.random() < (0.75 if cur.method == "icm" else 0.6):
                move_in = cur.start + timedelta(days=rng.randint(20, 300))
        elif cur.method == "preventive":
            move_in = cur.start + timedelta(days=rng.randint(-60, 120))
        if move_in is not None:
            # Housed after the homeless spell began (never inside it), and not in the future.
            move_in = max(move_in, begin + timedelta(days=30))
            if move_in > today:
                move_in = None
        mid_from = begin + timedelta(days=20)
        mid_to = (move_in or today) - timedelta(days=60)
        if mid_to > mid_from and rng.random() < 0.45:
            kind = first_homeless["housing_situation"]
            nxt = ({"housing_situation": "transitional_110",
                    "notes": "Udslusningsbolig knyttet til herberget."}
                   if kind == "shelter_110" else self._homeless(young, kind))
            segs.append((_rand_date(rng, mid_from, mid_to), nxt))
        if move_in is not None:
            wait = move_in - timedelta(days=rng.randint(10, 45))
            if wait > segs[-1][0] + timedelta(days=3) and rng.random() < 0.7:
                segs.append((wait, {"housing_situation": "awaiting_move_in",
                                    "notes": "Har skrevet under på lejekontrakten."}))
            if move_in > segs[-1][0]:
                segs.append((move_in, self._home(age)))
                # Housing can be lost; support continues and a new search starts.
                if move_in < today - timedelta(days=150) and rng.random() < 0.06:
                    lost = _rand_date(rng, move_in + timedelta(days=90), today - timedelta(days=20))
                    segs.append((lost, {"housing_situation": "temp_family_friends",
                                        "notes": "Mistede lejligheden efter opsigelse; sover hos "
                                                 "en ven. Støtten fortsætter."}))
        elif cur.start is None and rng.random() < 0.3:
            segs.append((today - timedelta(days=rng.randint(1, 14)),
                         {"housing_situation": "awaiting_move_in",
                          "notes": "Har fået tilbudt en ungdomsbolig."}))
        return self._dated(segs)

    def _dated(self, segs: list[tuple[date, dict[str, Any]]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        last: date | None = None
        for start, seg in sorted(segs, key=lambda s: s[0]):
            start = min(start, self.today)
            if last is not None and start <= last:
                continue
            out.append({**seg, "start_date": start})
            last = start
        return out


# --- journal ------------------------------------------------------------------------------------

def _course_windows(plan: CitizenPlan, today: date) -> list[tuple[date, date, CoursePlan]]:
    """(from, to exclusive, course) in which the worker is in contact."""
    out = []
    for c in plan.courses:
        lo = c.referral if c.start is None else c.referral + (c.start - c.referral) * 2 // 3
        hi = (c.end + timedelta(days=1)) if c.end else today
        if plan.died:
            hi = min(hi, plan.died)
        if hi > lo:
            out.append((lo, hi, c))
    return out


_RATE = {"cti": 1.7, "icm": 1.5, "act": 1.8, "ordinary_85": 0.9, "preventive": 0.8}


def _intensity(c: CoursePlan, day: date) -> float:
    if c.start is None or day < c.start:
        return 0.8
    rate = _RATE.get(c.method, 1.0)
    if c.method == "cti" and c.transition:
        months = (day - c.transition).days / 30.4
        rate *= 1.3 if months < 3 else 1.0 if months < 6 else 0.6
    return rate * 0.15 if _paused_on(c, day) else rate


class _Writer:
    """Turns a citizen's plan into journal entries (with note text)."""

    def __init__(self, rng: random.Random, today: date, areas: frozenset[str],
                 missed: frozenset[str], authority_names: list[str]) -> None:
        self.rng = rng
        self.today = today
        self.authority_names = authority_names
        self.raad = ""
        self.areas = [a for a in LIFE_AREAS if a in areas] or sorted(areas)
        self.missed = [m for m in MISSED_REASONS if m in missed] or sorted(missed)
        self.types = [t for t, _ in ENTRY_TYPE_WEIGHTS]
        self.type_w = [w for _, w in ENTRY_TYPE_WEIGHTS]

    def _fill(self, text: str, name: str) -> str:
        rng = self.rng
        return text.format(n=name, ns=_possessive(name), by=rng.choice(CITIES),
                           p=rng.choice(STAFF_FIRST), dag=rng.choice(DAYS), r=self.raad)

    def _when(self, day: date, etype: str, *, ahead: bool = False,
              before: date | None = None) -> datetime:
        rng = self.rng
        if day.weekday() >= 5 and etype not in ("sms_mail", "phone", "outreach"):
            # Weekday work: on to Monday, or back to Friday when Monday is past `before` (the
            # end of the contact window: today, the course's end, a death).
            monday = day + timedelta(days=7 - day.weekday())
            day = monday if ahead or monday < (before or self.today) else day - timedelta(
                days=day.weekday() - 4)
        hour = rng.choices((8, 9, 10, 11, 12, 13, 14, 15, 16, 18), (4, 10, 14, 12, 6, 12, 12, 8, 3,
                                                                     1))[0]
        return datetime(day.year, day.month, day.day, hour, rng.choice((0, 15, 30, 45)))

    def entry(self, plan: CitizenPlan, day: date, course: CoursePlan, housed: bool,
              interpreter: bool, before: date) -> dict[str, Any]:
        rng = self.rng
        name = plan.first
        self.raad = self.authority_names[course.authority]
        etype = rng.choices(self.types, self.type_w)[0]
        if _paused_on(course, day):
            etype = rng.choice(("sms_mail", "phone", "partner_contact"))
        elif course.start is None and etype == "home_visit" and not housed:
            etype = "outreach"
        when = self._when(day, etype, before=before)
        r = rng.random()
        status = ("no_show" if r < 0.07 and etype in IN_PERSON | {"phone"}
                  else "cancelled" if r < 0.12 and etype != "sms_mail" else "done")
        lo, hi = DURATIONS[etype]
        data: dict[str, Any] = {"occurred_at": when, "entry_type": etype, "status": status,
                                "course_id": course, "missed_reason": None,
                                "citizen_present": etype != "partner_contact",
                                "interpreter_used": interpreter and etype != "sms_mail"
                                and etype != "partner_contact"}
        if status == "done":
            short = etype in ("phone", "video", "sms_mail", "partner_contact")
            areas = rng.sample(self.areas, k=rng.choice((1, 1, 2) if short else (1, 2, 2, 3)))
            if not housed and "housing" not in areas and rng.random() < 0.5:
                areas[0] = "housing"
            parts = [self._fill(rng.choice(OPENERS[etype]), name)]
            for a in areas:
                parts.append(self._fill(rng.choice(BODY.get(a, BODY["housing"])), name))
            if not short and rng.random() < 0.5:
                extra = rng.choice([a for a in self.areas if a not in areas] or areas)
                parts.append(self._fill(rng.choice(BODY.get(extra, BODY["housing"])), name))
            parts.append(self._fill(rng.choice(CLOSINGS), name))
            if etype == "sms_mail":
                parts = parts[:1]
                areas = areas[:1]
            data["note"] = " ".join(parts)
            data["life_areas"] = areas
            data["duration_min"] = rng.randint(lo, hi) // 5 * 5 or lo
        elif status == "no_show":
            data["note"] = self._fill(rng.choice(NO_SHOW[etype]), name)
            data["missed_reason"] = rng.choices(
                self.missed, [MISSED_WEIGHTS.get(m, 5) for m in self.missed])[0]
            data["citizen_present"] = False
            data["duration_min"] = rng.choice((15, 20, 30, 45)) if etype != "phone" else 5
            data["life_areas"] = []
        else:
            data["note"] = self._fill(rng.choice(CANCELLED), name)
            data["missed_reason"] = rng.choice(self.missed) if rng.random() < 0.5 else None
            data["citizen_present"] = False
            data["duration_min"] = None
            data["life_areas"] = []
        return data

    def planned(self, plan: CitizenPlan, day: date, course: CoursePlan,
                interpreter: bool) -> dict[str, Any]:
        rng = self.rng
        self.raad = self.authority_names[course.authority]
        etype = rng.choices(("home_visit", "escort", "meeting", "phone", "video"),
                            (60, 12, 10, 12, 6))[0]
        topic, area = rng.choice(TOPICS)
        when = self._when(day, etype, ahead=True)
        if when.date() == self.today:
            when = when.replace(hour=max(when.hour, 13))
        return {"occurred_at": when, "entry_type": etype, "status": "planned",
                "course_id": course, "citizen_present": True, "interpreter_used": interpreter,
                "duration_min": 15 if etype == "phone" else rng.choice((45, 60, 60, 90)),
                "life_areas": [area] if area in self.areas else [],
                "note": self._fill(rng.choice(PLANNED).replace("{topic}", topic).replace(
                    "{kind}", PLANNED_KIND[etype]), plan.first)}


def _paused_on(course: CoursePlan, day: date) -> bool:
    return any(e["kind"] == "paused" and e["event_date"] <= day < (e["end_date"] or date.max)
               for e in course.events)


def _housed_on(plan: CitizenPlan, day: date) -> bool:
    current = None
    for seg in plan.housing:
        if seg["start_date"] <= day:
            current = seg
    return current is not None and current["housing_situation"] not in HOMELESS


def _journal_for(plan: CitizenPlan, writer: _Writer, rng: random.Random, today: date,
                 count: int) -> list[dict[str, Any]]:
    history_from = today - timedelta(days=HISTORY_DAYS)
    windows = [(max(lo, history_from), hi, c) for lo, hi, c in _course_windows(plan, today)
               if hi > history_from]
    days: list[date] = []
    weights: list[float] = []
    for lo, hi, c in windows:
        d = lo
        while d < hi:
            days.append(d)
            weights.append(_intensity(c, d))
            d += timedelta(days=1)
    out: list[dict[str, Any]] = []
    if not days:
        return out
    interp = bool(plan.data.get("interpreter_needed"))
    picked = sorted(rng.choices(days, weights, k=count))
    for day in picked:
        hi, course = next((hi, c) for lo, hi, c in windows if lo <= day < hi)
        out.append(writer.entry(plan, day, course, _housed_on(plan, day), interp, hi))
    # Appointments ahead: the next 14 days, today included, for open courses.
    cur = plan.courses[-1]
    if cur.end is None and plan.died is None:
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            day = today + timedelta(days=rng.choice((0, 0, 1, 2, 3, 5, 7, 8, 10, 13)))
            out.append(writer.planned(plan, day, cur, interp))
    return out


# --- the generator ------------------------------------------------------------------------------

def _actor_specs(rng: random.Random, scale: int) -> list[dict[str, Any]]:
    specs: list[dict[str, Any]] = []
    used: set[str] = set()

    def person(surname: str | None = None) -> str:
        for _ in range(200):
            n = f"{rng.choice(STAFF_FIRST)} {surname or rng.choice(STAFF_SURNAME)}"
            if n not in used:
                used.add(n)
                return n
        return f"{rng.choice(STAFF_FIRST)} {rng.choice(SURNAMES)}"

    def add(actor_type: str, name: str, organisation: str | None = None,
            notes: str | None = None) -> None:
        specs.append({"actor_type": actor_type, "name": name, "organisation": organisation,
                      "phone": f"99 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                               f"{rng.randint(10, 99)}",
                      "email": None, "address": None, "notes": notes})

    for i in range(5 * scale):
        # One "Jensen" at least, so typing "jensen" finds notes as well as citizens.
        add("authority_caseworker", person("Jensen" if i == 0 else None),
            "Demo-kommune, Socialafdelingen",
            rng.choice((None, "Træffes bedst tirsdag og torsdag formiddag.",
                        "Fremskudt myndighed på herberget om onsdagen.")))
    add("jobcentre", "Jobcenter Demo-kommune", "Jobcenter Demo-kommune", "Ungeindsatsen, 2. sal.")
    for _ in range(2 * scale):
        add("jobcentre", person(), "Jobcenter Demo-kommune", "Jobkonsulent.")
    add("psychiatry", "Lokalpsykiatrien Demo", "Region Demo, Psykiatrien")
    for _ in range(scale):
        add("psychiatry", person(), "Lokalpsykiatrien Demo", "Kontaktperson.")
    for org in ("Demo Boligselskab", "Boligforeningen Lærkebo", "Andelsboligforeningen Åkanden")[
            :2 + min(scale, 1)]:
        add("housing_org", org, org, "Samarbejdsaftale om boliganvisning.")
    for _ in range(3 * scale):
        add("landlord", person(), "Privat udlejer",
            rng.choice((None, "Udlejer værelser i kælderen.", "Svarer hurtigst på sms.")))
    add("school", "FGU Demo", "FGU Demo", "Vejleder på værkstedslinjen.")
    add("school", "Demo Produktionsskole", "Demo Produktionsskole")
    add("civil_society", "Værestedet Lyngen", "Værestedet Lyngen", "Fællesspisning torsdag.")
    add("civil_society", "Gældsrådgivningen Demo", "Frivillig gældsrådgivning")
    add("gp", "Lægehuset Torvet", "Lægehuset Torvet")
    add("gp", "Lægerne i Åbyen", "Lægerne i Åbyen")
    add("substance_treatment", "Rusmiddelcenter Demo", "Demo-kommune", "Åben rådgivning mandag.")
    add("shelter", "Herberget Lindely", "§ 110-boform", "Fremskudt myndighed om onsdagen.")
    add("shelter", "Forsorgshjemmet Kastanjegården", "§ 110-boform")
    return specs


def _quotas(rng: random.Random, n: int) -> list[frozenset[str]]:
    """Rare traits by share of the caseload, at least one each, so a worker's 25 show them all."""
    flags: list[set[str]] = [set() for _ in range(n)]

    def pick(name: str, share: float, avoid: Iterable[str] = ()) -> None:
        blocked = set(avoid)
        pool = [i for i in range(n) if not flags[i] & blocked]
        for i in rng.sample(pool, min(len(pool), max(1, round(n * share)))):
            flags[i].add(name)

    pick("dies", 0.003)
    pick("only_ended", 0.08 if n > 100 else 0.06, ("dies",))
    pick("minor", 0.05, ("dies", "only_ended"))
    pick("phase_zero", 0.06, ("dies", "only_ended", "minor"))
    pick("no_cpr", 0.03)
    pick("replacement_cpr", 0.01, ("no_cpr",))
    pick("mod11_fails", 0.09, ("no_cpr", "replacement_cpr"))
    pick("protected", 0.04)
    pick("interpreter", 0.04)
    return [frozenset(f) for f in flags]


def generate(store: Store, size: str = "worker", seed: int = 2026,
             today: date | None = None) -> dict[str, int]:
    """Fill an empty demo store with a synthetic caseload. Returns counts per record kind."""
    if not store.is_demo:
        raise UserError("Demodata kan kun lægges i en demodatabase (oprettet som demo). Opret en "
                        "ny demodatabase; din egen database røres ikke.")
    if size not in SIZES:
        raise UserError(f"Ukendt størrelse «{size}». Vælg worker eller municipality.")
    if records.count(store, "citizen"):
        raise UserError("Demodatabasen indeholder allerede borgere. Opret en ny demodatabase.")
    spec = SIZES[size]
    today = today or date.today()
    rng = random.Random(seed)
    actor_types = _vocab_codes("actor_type", ACTOR_TYPES)
    situations = _vocab_codes("housing_situation", HOUSING_SITUATIONS)
    legal_bases = _vocab_codes("legal_basis", LEGAL_BASES)
    life_areas = _vocab_codes("life_area", LIFE_AREAS)
    missed = _vocab_codes("missed_reason", MISSED_REASONS)

    settings.set_many(store, {"organisation": "Demo-kommune, Bostøtteteamet",
                              "municipality": "Demo-kommune"})
    with store.db.atomic():
        actor_ids: dict[str, list[str]] = {}
        actor_list = _actor_specs(rng, spec.actor_scale)
        for a in actor_list:
            aid = actors.create(store, a, actor_types=actor_types)
            actor_ids.setdefault(a["actor_type"], []).append(aid)
    authorities = actor_ids["authority_caseworker"]
    authority_names = [a["name"] for a in actor_list if a["actor_type"] == "authority_caseworker"]

    planner = _Planner(rng, today, len(authorities))
    n = spec.citizens
    flags = _quotas(rng, n)
    plans = [planner.citizen(flags[i]) for i in range(n)]
    # One or two courses "sat i bero" right now (open pause) — a few per hundred at scale.
    open_candidates = [p for p in plans if p.courses[-1].end is None
                       and p.courses[-1].start is not None
                       and p.courses[-1].start < today - timedelta(days=30)]
    n_open = 2 if size == "worker" else max(2, n * 15 // 1000)
    for p in rng.sample(open_candidates, min(n_open, len(open_candidates))):
        planner.open_pause(p.courses[-1])

    # Journal counts per citizen: the target spread by contact intensity and time in contact.
    history_from = today - timedelta(days=HISTORY_DAYS)
    weight = []
    for p in plans:
        w = 0.0
        for lo, hi, c in _course_windows(p, today):
            lo = max(lo, history_from)
            if hi > lo:
                w += (hi - lo).days * _RATE.get(c.method, 1.0)
        weight.append(w)
    total_w = sum(weight) or 1.0
    counts = [round(spec.notes * w / total_w) for w in weight]

    writer = _Writer(rng, today, life_areas, missed, authority_names)
    result = {k: 0 for k in ("citizen", "actor", "course", "support_segment", "course_event",
                             "housing_segment", "journal_entry")}
    result["actor"] = sum(len(v) for v in actor_ids.values())
    transferred_before = datetime.combine(today - timedelta(days=7), datetime.min.time())
    stamp = utc_now()

    for start in range(0, n, BATCH_CITIZENS):
        batch = plans[start:start + BATCH_CITIZENS]
        entries: list[tuple[str, dict[str, Any]]] = []
        with store.db.atomic():
            for i, plan in enumerate(batch, start):
                cid, _ = citizens_store.create(store, plan.data)
                result["citizen"] += 1
                course_ids: dict[int, str] = {}
                for c in plan.courses:
                    course_ids[id(c)] = _write_course(store, cid, c, authorities, legal_bases,
                                                      result)
                for seg in plan.housing:
                    housing.add_segment(store, cid, seg, situations)
                    result["housing_segment"] += 1
                for e in _journal_for(plan, writer, rng, today, counts[i]):
                    e["course_id"] = course_ids[id(e["course_id"])]
                    if (e["status"] != "planned" and e["occurred_at"] < transferred_before
                            and rng.random() < 0.95):
                        e["transferred_at"] = stamp
                    entries.append((cid, e))
            bulk.add_journal_entries(store, entries, life_areas=life_areas, purpose="demo")
            result["journal_entry"] += len(entries)
    from hfdesk import demo_screening

    result.update(demo_screening.generate(store, seed=seed, today=today, scale=max(1, n // 100)))
    from hfdesk import demo_housing

    result.update(demo_housing.generate(store, seed=seed, today=today))
    from hfdesk import demo_plans

    result.update(demo_plans.generate(store, seed=seed, today=today))
    from hfdesk import demo_network

    result.update(demo_network.generate(store, seed=seed, today=today))
    from hfdesk import demo_sharing

    result.update(demo_sharing.generate(store, seed=seed, today=today))
    from hfdesk import demo_fidelity

    result.update(demo_fidelity.generate(store, seed=seed, today=today))
    from hfdesk import demo_measurements

    result.update(demo_measurements.generate(store, seed=seed, today=today))
    from hfdesk import demo_journalisation

    result.update(demo_journalisation.generate(store, seed=seed, today=today))
    return result


def _write_course(store: Store, citizen_id: str, c: CoursePlan, authorities: list[str],
                  legal_bases: Iterable[str], result: dict[str, int]) -> str:
    data: dict[str, Any] = {
        "case_number": c.case_number or None, "method": c.method,
        "status": "phase_zero" if c.start is None else "ended" if c.end else "active",
        "referral_date": c.referral, "start_date": c.start, "transition_date": c.transition,
        "transition_kind": c.transition_kind, "authority_actor_id": authorities[c.authority],
        "end_recommended_date": (c.end - timedelta(days=14) if c.end and c.start and
                                 c.end - timedelta(days=14) >= c.start and c.end_type != "deceased"
                                 else None),
        "end_decision_date": c.end, "end_type": c.end_type, "end_reasons": c.end_reasons,
        "end_reason_text": c.end_text,
    }
    course_id = courses.create(store, citizen_id, data)
    result["course"] += 1
    bases = list(legal_bases)
    for seg in c.segments:
        courses.add_segment(store, course_id, seg, bases)
        result["support_segment"] += 1
    for ev in sorted(c.events, key=lambda e: e["event_date"]):
        courses.add_event(store, course_id, ev)
        result["course_event"] += 1
    return course_id


def counts(store: Store) -> dict[str, int]:
    """Records per kind in a store (for the CLI's summary after generating)."""
    return {k: records.count(store, k) for k in ("citizen", "actor", "course", "support_segment",
                                                 "course_event", "housing_segment",
                                                 "journal_entry")}
