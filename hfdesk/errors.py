"""Errors that carry a Danish message a worker can act on.

Everything the user may see is raised as a `UserError` subclass: the CLI prints `message` and
exits non-zero, the UI shows it next to the field or in a dialog. Never a traceback.
"""

from __future__ import annotations


class UserError(Exception):
    """An error whose message is written for the worker, in Danish, saying what to fix."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class ValidationError(UserError):
    """Input that cannot be saved as it is; nothing already saved is touched."""

    exit_code = 2


class WrongPassphrase(UserError):
    exit_code = 3


class KeyFileError(UserError):
    exit_code = 4


class NotADatabase(UserError):
    exit_code = 5


class DatabaseLocked(UserError):
    exit_code = 6


class NewerDatabase(UserError):
    exit_code = 7


class NotFound(UserError):
    exit_code = 8


class LockedRecord(UserError):
    """A record that is final (a journal note transferred or over 7 days old)."""

    exit_code = 9


class DisclosureRefused(UserError):
    """Passing data outside the municipality without a recorded basis (consent or another
    basis with a reason); the message names what is missing."""

    exit_code = 11
