"""Domain errors raised by services; the API and the views turn them into answers."""

from __future__ import annotations


class DomainError(Exception):
    """A refusal with a sentence for people, a stable code for programs and the field at fault."""

    status = 400

    def __init__(self, message: str, *, code: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def as_dict(self) -> dict[str, str | None]:
        """The error as the API returns it."""
        return {"detail": self.message, "code": self.code, "field": self.field}


class RuleViolation(DomainError):
    """The input breaks a business rule or a field constraint (400)."""

    status = 400


class Forbidden(DomainError):
    """The user may see the object but not do this to it (403)."""

    status = 403


class NotFound(DomainError):
    """The object does not exist or the user may not see it (404)."""

    status = 404


class Conflict(DomainError):
    """The edit is based on a stale version, or clashes with existing data (409)."""

    status = 409
