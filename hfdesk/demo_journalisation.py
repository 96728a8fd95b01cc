"""Demo data for journalisation and indsigt: one passage proposed for exemption (forvaltningsloven
§ 15 b) and one records extract released to the young person, so the records extract and the
access report show both headless (`hfdesk print records-extract`)."""

from __future__ import annotations

from datetime import date

from hfdesk.store import citizens, journal, journalisation
from hfdesk.store.database import Store


def generate(store: Store, *, seed: int = 2026, today: date | None = None) -> dict[str, int]:
    today = today or date.today()
    for row in citizens.list_brief(store):
        notes = [e for e in journal.for_citizen(store, row["id"], limit=20)
                 if e.get("status") == "done" and e.get("note")]
        if not notes:
            continue
        journalisation.add_exemption(
            store, row["id"], record_kind="journal_entry", record_id=notes[-1]["id"],
            field="note", reason="Notatet nævner en tredjepersons helbredsforhold.")
        journalisation.record_release(store, row["id"], released_to="citizen", exempted=1,
                                      recipient_name=row.get("preferred_name")
                                      or row["legal_name"], on=today)
        return {"exemption": 1, "extract_release": 1}
    return {"exemption": 0, "extract_release": 0}
