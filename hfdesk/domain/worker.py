"""The worker's own identity: name and role. No I/O."""

from __future__ import annotations

from hfdesk.errors import ValidationError

ROLES = ("bostoettemedarbejder", "myndighedsraadgiver", "teamleder")


def validate(name: str | None, role: str) -> tuple[str, str]:
    """Clean name and role, or raise with the Danish message that says what to fix."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError("Skriv dit navn, så dine notater og udskrifter bærer det.",
                              field="worker_name")
    if len(name) > 200:
        raise ValidationError("Navnet er for langt (højst 200 tegn).", field="worker_name")
    if role not in ROLES:
        raise ValidationError(
            "Vælg en rolle: bostøttemedarbejder, myndighedsrådgiver eller teamleder.",
            field="role")
    return name, role
