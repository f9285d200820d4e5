"""Schema bases and response maps every app's API shares.

Kept apart from `tandem.api` so app routers can import them without importing the API object
(which imports the routers).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import ConfigDict, Field, PlainSerializer, field_validator

from tandem.core.text import NUL_MESSAGE, has_nul


class Error(Schema):
    """Every refusal: a sentence, a stable code, and the field at fault (or null)."""

    detail: str
    code: str
    field: str | None = None


class _NoNulText(Schema):
    """Text holding the NUL character is refused with a 400 naming the field.

    PostgreSQL cannot store it (nor compare against it), so it would otherwise surface as a 500.
    """

    @field_validator("*", mode="after")
    @classmethod
    def _refuse_nul(cls, value: Any) -> Any:
        if has_nul(value):
            raise ValueError(NUL_MESSAGE)
        return value


class InSchema(_NoNulText):
    """A request body: unknown fields are refused, naming the field."""

    model_config = ConfigDict(extra="forbid")


class QuerySchema(_NoNulText):
    """A list's query parameters."""


class PatchSchema(InSchema):
    """A partial edit: only the fields sent change; `version` is the one the edit is based on."""

    version: int = Field(description="The version you read; a stale one is refused with 409.")


class OutSchema(Schema):
    """What every stored record answers with."""

    id: int
    version: int
    created: datetime
    updated: datetime


# The largest id a database can hold (a 64-bit integer); a query value past it is refused with a
# 400 rather than reaching the database (OverflowError on SQLite, "bigint out of range" on
# PostgreSQL: a 500).
MAX_ID = 2**63 - 1

# Decimals go out as JSON numbers (Django's encoder would write strings).
Number = Annotated[Decimal, PlainSerializer(float, return_type=float)]

LIST_ERRORS: dict[int, type[Schema]] = {400: Error, 401: Error, 403: Error}
# Reads answer 400 too: a path id or query value that is not of its declared type.
READ_ERRORS: dict[int, type[Schema]] = {400: Error, 401: Error, 403: Error, 404: Error}
WRITE_ERRORS: dict[int, type[Schema]] = {400: Error, 401: Error, 403: Error, 404: Error, 409: Error}
