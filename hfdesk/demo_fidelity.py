"""Demo fidelity self-assessment: three dated rounds of the shipped instrument, a quarter apart,
with a little improvement, one "ikke relevant" item and a comment. Team-level: no citizen.
Deterministic for one seed and one `today`. Called once from `hfdesk.demo.generate`.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hfdesk.store import fidelity
from hfdesk.store.database import Store

# Starting points loosely after the youth HF means (DOMAIN §8): housing procedures and
# mediation low, trauma-informed work high.
BASE = {"bolig_procedurer": 2, "familiemaegling_brug": 1, "traume_tilgang": 4,
        "opsporing_risiko": 4, "civilsamfund_brug": 2, "lokalpsykiatri_inddragelse": 2}


def generate(store: Store, *, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    rng = random.Random(seed * 31 + 8)
    inst = fidelity.instrument()
    n_scores = 0
    for k, months_ago in enumerate((8, 5, 2)):
        day = today - timedelta(days=30 * months_ago)
        rid = fidelity.create_round(store, {
            "round_date": day, "title": f"Runde {k + 1}", "rated_by": "Projektleder og team",
            "comment": "Gennemgået på teammødet." if k == 2 else None}, today=today)
        for item in inst.items:
            if item.key == "familiemaegling_forandring":
                value: int | str = "ikke relevant"
            else:
                start = BASE.get(item.key, rng.choice((2, 3, 3, 4)))
                value = max(1, min(4, start + (1 if k == 2 and rng.random() < 0.4 else 0)))
            fidelity.set_score(store, rid, item.key, value,
                               comment="Aftale med boliganvisningen på vej." if
                               item.key == "bolig_procedurer" and k == 2 else None)
            n_scores += 1
    return {"fidelity_round": 3, "fidelity_score": n_scores}
