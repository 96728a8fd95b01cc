"""The few codes the core validates against in code must match the shipped lists exactly."""

from __future__ import annotations

from hfdesk import vocab
from hfdesk.domain import citizens, courses, journal
from hfdesk.store import database


def codes(name: str) -> set[str]:
    return {c.code for c in vocab.default().codes(name, include_inactive=True)}


def test_core_tuples_match_vocabularies() -> None:
    assert set(courses.METHODS) == codes("support_method")
    assert set(courses.STATUSES) == codes("course_status")
    assert set(courses.END_TYPES) == codes("end_type")
    assert set(courses.EVENT_KINDS) == codes("course_event_kind")
    assert set(journal.ENTRY_TYPES) == codes("journal_entry_type")
    assert set(journal.STATUSES) == codes("journal_status")
    assert set(citizens.GENDERS) == codes("gender")
    assert set(database.ROLES) == codes("role")


def test_citizen_contact_types_follow_the_list() -> None:
    flagged = {c.code for c in vocab.default().codes("journal_entry_type", include_inactive=True)
               if c.extra.get("citizen_contact", True)}
    assert set(journal.CITIZEN_CONTACT_TYPES) == flagged
