"""The one rule for passing a citizen's data on: a recorded basis for every disclosure.

Every printable document has a class (DOMAIN §13):

- ``internal``  — blank forms and working papers that carry nothing about a citizen;
- ``citizen``   — to the young person themself (and, for an under-18, the custody holder);
- ``authority`` — to the municipality's own case handling (sending data into the municipality's
  own system is not a disclosure);
- ``outside``   — to a recipient outside the municipality (landlord, provider, another
  municipality, the network).

What is checked is the actual audience of one sending, not the class: a document addressed to an
outside recipient (`--to ACTOR_ID`, a handover to a provider, an export to someone else) needs a
covering, unexpired, not withdrawn consent to *videregivelse* naming the recipient and covering
the areas, or another basis from the vocabulary ``disclosure_basis`` (lovhjemmel with its
paragraph, underretningspligt, værdispring/nødret) with a reason. Otherwise `check` raises
`DisclosureRefused` naming what is missing. The authority, the citizen themself and an
underretning are never blocked. Each disclosure and its basis is a record (`disclosures`) and an
audit row ("disclose"); the reason stays in the record, never in the audit.

The check reads the consents at the moment of sending, so a consent withdrawn after a handover
was drafted stops it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hfdesk import vocab
from hfdesk.domain import consents as cdomain
from hfdesk.domain.dates import fmt
from hfdesk.domain.text import clean
from hfdesk.errors import DisclosureRefused, ValidationError

CLASSES = ("internal", "citizen", "authority", "outside")
AUDIENCES = ("internal", "citizen", "authority", "underretning", "outside")
NEVER_BLOCKED = frozenset({"internal", "citizen", "authority", "underretning"})
# Actor types inside the municipality's own case handling (the myndighed).
AUTHORITY_ACTOR_TYPES = frozenset({"authority_caseworker"})
ALL_AREAS = cdomain.SCOPES

# Printer name (`hfdesk print NAME`) → (class, the areas of data it carries).
DOCUMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "summary": ("authority", ("course", "housing", "economy", "network", "journal")),
    "screening": ("authority", ("screening",)),
    "referral-form": ("internal", ()),
    "housing-log": ("authority", ("housing", "economy")),
    "housing-log-external": ("outside", ("housing",)),
    "deposit-note": ("authority", ("housing", "economy")),
    "network": ("authority", ("network",)),
    "invitation": ("outside", ("network",)),
    "minutes": ("outside", ("network", "plan")),
    "plan": ("authority", ("course", "plan")),
    "plan-youth": ("citizen", ("plan",)),
    "status-note": ("authority", ("course", "plan", "housing", "screening")),
    "consent-form": ("citizen", ()),
    "info-sheet": ("citizen", ()),
    "handover": ("authority", ("course", "plan", "housing", "economy", "network")),
    "access-report": ("citizen", ()),
    "records-extract": ("citizen", ALL_AREAS),
    "export": ("authority", ALL_AREAS),
    # Aggregates for the municipality (no citizen on the page).
    "statistics": ("authority", ()),
    "fidelity": ("authority", ()),
    # Individdokumentation: monitoring for the municipality's own case handling.
    "measurement": ("authority", ("course", "housing", "economy")),
}
# Printers that run the check themselves (they store the basis with what they send).
SELF_CHECKING = frozenset({"handover"})

_PARAGRAPH = re.compile(r"([A-Za-zÆØÅæøå\-]+\s+)?§§?\s*\d+\s*[a-z]?(,\s*stk\.\s*\d+)?"
                        r"(,\s*nr\.\s*\d+)?")

OWN_CASE = "own_case"
TO_CITIZEN = "citizen"
CONSENT = "consent"
UNDERRETNING = "underretningspligt"


def document_class(name: str) -> str:
    if name not in DOCUMENTS:
        raise ValueError(f"document {name!r} has no disclosure class; add it to DOCUMENTS")
    return DOCUMENTS[name][0]


def document_areas(name: str) -> tuple[str, ...]:
    return DOCUMENTS.get(name, ("authority", ALL_AREAS))[1]


@dataclass(frozen=True)
class Basis:
    """What a disclosure rests on."""

    code: str                      # own_case | citizen | consent | a disclosure_basis code
    label: str                     # Danish, for the printout and the lists
    consent_id: str | None = None
    paragraph: str | None = None
    reason: str | None = None
    recorded: bool = False         # True when it is written as a disclosure
    disclosure_id: str | None = None
    areas: tuple[str, ...] = field(default_factory=tuple)


def basis_codes() -> list[str]:
    return [c.code for c in vocab.default().codes("disclosure_basis", include_inactive=False)]


def audience_for(recipient: Mapping[str, Any] | None) -> str:
    """A recipient from the actors register: the myndighed is the municipality's own case
    handling; everyone else is outside. No recipient: a draft for the case."""
    if not recipient:
        return "authority"
    if recipient.get("actor_type") in AUTHORITY_ACTOR_TYPES:
        return "authority"
    return "outside"


def recipient_name(recipient: Mapping[str, Any] | None) -> str:
    if not recipient:
        return "modtageren"
    name = str(recipient.get("name") or "").strip()
    org = str(recipient.get("organisation") or "").strip()
    if name and org and name.casefold() not in org.casefold():
        return f"{name} ({org})"
    if name and org:
        return org
    return name or org or "modtageren"


def _other_basis(code: str, reason: Any, paragraph: Any) -> Basis:
    v = vocab.default()
    if code not in basis_codes():
        labels = ", ".join(v.label("disclosure_basis", c) for c in basis_codes())
        raise DisclosureRefused(f"«{str(code)[:40]}» er ikke et grundlag for videregivelse. "
                                f"Vælg et af: {labels}.")
    try:
        why = clean(reason, field="reason", label="Begrundelsen", max_len=2000, multiline=True)
        par = clean(paragraph, field="paragraph", label="Paragraffen", max_len=200)
    except ValidationError as exc:
        raise DisclosureRefused(exc.message) from exc
    label = v.label("disclosure_basis", code)
    entry = v.get("disclosure_basis", code)
    needs_paragraph = bool(entry and entry.extra.get("requires_paragraph"))
    if needs_paragraph and not par and why:
        # "--reason 'Efter forvaltningsloven § 28, stk. 2 …'" names the paragraph already.
        found = _PARAGRAPH.search(why)
        par = found.group(0).strip() if found else None
    missing = []
    if needs_paragraph and not par:
        missing.append("paragraffen (fx «forvaltningsloven § 28, stk. 2»)")
    if not why or len(why) < 5:
        missing.append("en begrundelse")
    if missing:
        raise DisclosureRefused(f"Grundlaget «{label}» kræver " + " og ".join(missing) + ".")
    shown = f"{label.split(' (')[0]}: {par}" if par else label
    return Basis(code, shown, paragraph=par, reason=why)


def _refusal(who: str, areas: Sequence[str], why: Sequence[str]) -> DisclosureRefused:
    scope = ", ".join(cdomain.SCOPE_LABELS.get(a, a) for a in areas) or "oplysningerne"
    found = ("; ".join(why) + ". ") if why else "Der er intet samtykke, der nævner modtageren. "
    return DisclosureRefused(
        f"Videregivelse til {who} er afvist: der mangler et grundlag. {found[:1].upper()}{found[1:]}"
        f"Der skal være et gyldigt samtykke til videregivelse, der nævner {who} og omfatter "
        f"{scope} – eller vælg et andet grundlag (lovhjemmel med paragraf, underretningspligt "
        "eller værdispring/nødret) med en begrundelse.")


def decide(consents: Sequence[Mapping[str, Any]], *, audience: str,
           recipient: Mapping[str, Any] | None = None, areas: Sequence[str] = (),
           basis: str | None = None, reason: Any = None, paragraph: Any = None,
           birth_date: date | None = None, today: date | None = None) -> Basis:
    """The rule, pure: the basis the disclosure rests on, or DisclosureRefused."""
    if audience not in AUDIENCES:
        raise ValueError(f"unknown audience {audience!r}; use one of {AUDIENCES}")
    areas = tuple(areas)
    if audience in ("internal", "authority"):
        return Basis(OWN_CASE, "Kommunens egen sagsbehandling", areas=areas)
    if audience == "citizen":
        return Basis(TO_CITIZEN, "Til borgeren selv", areas=areas)
    if audience == "underretning":
        why = clean(reason, field="reason", label="Begrundelsen", max_len=2000, multiline=True)
        return Basis(UNDERRETNING, "Underretningspligt", reason=why, areas=areas)
    if not recipient or not (recipient.get("name") or recipient.get("organisation")
                             or recipient.get("actor_id") or recipient.get("id")):
        raise DisclosureRefused("Vælg modtageren: en videregivelse uden for kommunen skal have "
                                "en navngiven modtager.")
    if basis:
        b = _other_basis(basis, reason, paragraph)
        return Basis(b.code, b.label, paragraph=b.paragraph, reason=b.reason, areas=areas)
    who = recipient_name(recipient)
    found, why = cdomain.covering(consents, recipient, areas, birth_date=birth_date, today=today)
    if found is None:
        raise _refusal(who, areas, why)
    return Basis(CONSENT, f"Samtykke givet {fmt(found.get('given_date'))}",
                 consent_id=str(found.get("id")), areas=areas)


def check(store: Any, citizen_id: str, *, audience: str,
          recipient: Mapping[str, Any] | None = None, areas: Iterable[str] = ALL_AREAS,
          basis: str | None = None, reason: Any = None, paragraph: Any = None,
          document: str = "document", document_id: str | None = None,
          today: date | None = None, log: bool = True) -> Basis:
    """Check one disclosure of one citizen's data and (with `log`) record it with its audit
    row. Returns the basis used; raises DisclosureRefused naming what is missing."""
    from hfdesk.store import consents

    areas = tuple(areas)
    rows = consents.for_citizen(store, citizen_id) if audience == "outside" else []
    b = decide(rows, audience=audience, recipient=recipient, areas=areas, basis=basis,
               reason=reason, paragraph=paragraph,
               birth_date=consents.birth_date(store, citizen_id), today=today)
    if log and audience in ("outside", "underretning"):
        return record(store, citizen_id, b, audience=audience, recipient=recipient,
                      document=document, document_id=document_id)
    return b


def record(store: Any, citizen_id: str, b: Basis, *, audience: str,
           recipient: Mapping[str, Any] | None, document: str,
           document_id: str | None = None) -> Basis:
    from hfdesk.store import consents

    did = consents.add_disclosure(store, citizen_id, {
        "disclosed_at": datetime.now().replace(microsecond=0).isoformat(sep=" "),
        "audience": audience, "document": document, "document_id": document_id,
        "recipient_actor_id": (recipient or {}).get("actor_id"),
        "recipient_name": recipient_name(recipient) if recipient else None,
        "areas": list(b.areas), "basis": b.code, "consent_id": b.consent_id,
        "paragraph": b.paragraph, "reason": b.reason})
    return Basis(b.code, b.label, b.consent_id, b.paragraph, b.reason, True, did, b.areas)


def check_many(store: Any, citizen_ids: Sequence[str], *, audience: str,
               recipient: Mapping[str, Any] | None = None, areas: Iterable[str] = ALL_AREAS,
               basis: str | None = None, reason: Any = None, paragraph: Any = None,
               today: date | None = None) -> dict[str, Basis]:
    """Check a whole export before anything is written (a few queries for any caseload).
    Raises DisclosureRefused naming the citizens without a basis."""
    from hfdesk.store import consents

    areas = tuple(areas)
    if audience != "outside":
        return {cid: decide([], audience=audience, areas=areas, reason=reason)
                for cid in citizen_ids}
    rows = consents.consents_for_many(store, list(citizen_ids))
    births = consents.birth_dates(store)
    out: dict[str, Basis] = {}
    refused: list[tuple[str, str]] = []
    for cid in citizen_ids:
        try:
            out[cid] = decide(rows.get(cid, []), audience=audience, recipient=recipient,
                              areas=areas, basis=basis, reason=reason, paragraph=paragraph,
                              birth_date=births.get(cid), today=today)
        except DisclosureRefused as exc:
            if basis:  # the same missing reason or paragraph for everyone: say it once
                raise
            refused.append((cid, exc.message))
    if refused:
        names = consents.citizen_names(store)
        listed = ", ".join(names.get(cid, cid[:8]) for cid, _m in refused[:5])
        more = f" og {len(refused) - 5} flere" if len(refused) > 5 else ""
        raise DisclosureRefused(
            f"Eksporten til {recipient_name(recipient)} er afvist, og intet er skrevet: "
            f"{len(refused)} borger(e) mangler et grundlag for videregivelse ({listed}{more}). "
            f"{refused[0][1]}")
    return out


def check_print(store: Any, document: str, recipient_id: str | None, citizen_id: str | None,
                *, basis: str | None = None, reason: Any = None, paragraph: Any = None,
                document_id: str | None = None) -> Basis | None:
    """The CLI's `print DOCUMENT --to ACTOR_ID`: check (and record) before the file is written.
    Without --to the printout is for the case itself and never blocked."""
    from hfdesk.store import actors

    if not recipient_id or citizen_id is None or document in SELF_CHECKING:
        return None
    actor = actors.get(store, recipient_id)
    audience = audience_for(actor)
    return check(store, citizen_id, audience=audience, recipient={**actor, "actor_id": actor["id"]},
                 areas=document_areas(document), basis=basis, reason=reason,
                 paragraph=paragraph, document=document, document_id=document_id)


@dataclass(frozen=True)
class ExportCheck:
    """The bases an export to an outside recipient rests on, recorded once it is written."""

    recipient: Mapping[str, Any] | None
    bases: Mapping[str, Basis]


def check_export(store: Any, *, citizen_id: str | None, outside: bool, recipient: str | None,
                 basis: str | None = None, reason: Any = None) -> ExportCheck | None:
    """`hfdesk export --outside --recipient NAME|ACTOR_ID [--basis CODE --reason TEXT]`: every
    citizen in the export needs a basis, checked before anything is written. The default
    recipient is the municipality's own system, which is never blocked (returns None)."""
    from hfdesk.store import citizens

    if not outside:
        if basis:
            raise DisclosureRefused("--basis gælder kun en eksport til en modtager uden for "
                                    "kommunen: brug også --outside og --recipient.")
        return None
    from hfdesk.store import consents

    actor = consents.actor_row(store, recipient)
    who: dict[str, Any] | None
    if actor:
        who = {**actor, "actor_id": actor["id"]}
    else:
        who = {"name": recipient} if recipient else None
    if citizen_id:
        citizens.get(store, citizen_id)
        ids = [citizen_id]
    else:
        ids = [r["id"] for r in citizens.list_brief(store)]
    bases = check_many(store, ids, audience="outside", recipient=who,
                       areas=document_areas("export"), basis=basis, reason=reason)
    return ExportCheck(who, bases)


def record_export(store: Any, checked: ExportCheck | None) -> int:
    """One disclosure (and audit row) per exported citizen, after the file is written."""
    if checked is None:
        return 0
    with store.db.atomic():
        for cid, b in checked.bases.items():
            record(store, cid, b, audience="outside", recipient=checked.recipient,
                   document="export")
    return len(checked.bases)
