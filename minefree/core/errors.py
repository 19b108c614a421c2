"""Errors that named actions raise; views and the API turn them into messages per field."""

from __future__ import annotations

from typing import Any


class ActionError(Exception):
    """Bad input to a named action; `errors` maps a field name ('' for the whole) to messages."""

    def __init__(self, errors: dict[str, list[str]] | str, field: str = "") -> None:
        self.errors = {field: [errors]} if isinstance(errors, str) else errors
        super().__init__("; ".join(f"{k or 'error'}: {' '.join(v)}" for k, v in self.errors.items()))


class NeedsConfirmation(ActionError):
    """Warnings the user must confirm (an overlap, a long vertex gap) before the write goes on."""


class Conflict(ActionError):
    """The record moved on while this request waited (another reviewer decided it first): HTTP 409."""


class ConcurrentEdit(Conflict):
    """Someone else saved the record since this user opened it; `current` shows what they saved."""

    def __init__(self, message: str, current: dict[str, Any]) -> None:
        super().__init__(message, field="version")
        self.current = current


def check_version(current_version: int, expected: int | None, current: dict[str, Any]) -> None:
    if expected is not None and int(expected) != current_version:
        raise ConcurrentEdit(
            f"This record was changed by someone else (version {current_version}, you edited "
            f"version {expected}). Review their change and apply yours again.",
            current,
        )


def is_contention(exc: BaseException) -> bool:
    """A write that lost to others for the database (a lock wait ran out, a deadlock, a
    serialization failure): the transaction was rolled back whole, so sending it again is safe."""
    from django.db import OperationalError

    if not isinstance(exc, OperationalError):
        return False
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None)  # psycopg: 40001 serialization, 40P01 deadlock, 55P03 lock
    return sqlstate in ("40001", "40P01", "55P03") or "database is locked" in str(exc)
