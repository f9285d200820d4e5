"""Helpers every app's API operations use to turn a request body into service input."""

from __future__ import annotations

from collections.abc import Mapping
from math import isinf
from typing import Any

from django.db.models import Model
from django.utils.text import capfirst
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

from tandem.core.api_schemas import MAX_ID
from tandem.core.errors import RuleViolation

INVALID_REFERENCE = "INVALID_REFERENCE"
# PostgreSQL's OFFSET is a bigint: a larger one was a database error (500), not a 400.
MAX_OFFSET = 2**31 - 1
MAX_LIMIT = ninja_settings.PAGINATION_MAX_LIMIT
BIGINT = range(-MAX_ID - 1, MAX_ID + 1)


class Pagination(LimitOffsetPagination):
    """Ninja's limit/offset pagination with an offset every database accepts."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE,
            ge=1,
            le=None if isinf(MAX_LIMIT) else MAX_LIMIT,
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


def payload_data(payload: Schema, refs: Mapping[str, type[Model]] | None = None) -> dict[str, Any]:
    """The fields the client sent, with the ids named in `refs` replaced by their objects.

    An id that matches no row raises RuleViolation (400) naming the field.
    """
    data = payload.dict(exclude_unset=True)
    for field, model in (refs or {}).items():
        value = data.get(field)
        if isinstance(value, list):
            data[field] = _objects(model, field, value)
        elif value is not None:
            data[field] = _objects(model, field, [value])[0]
    return data


def _objects(model: type[Model], field: str, ids: list[int]) -> list[Model]:
    # An id past a 64-bit integer matches no row, but the database cannot even be asked
    # (SQLite: OverflowError; PostgreSQL: bigint out of range): a 500 instead of this 400.
    found = model._default_manager.in_bulk([pk for pk in ids if pk in BIGINT])
    missing = [pk for pk in ids if pk not in found]
    if missing:
        label = capfirst(str(model._meta.verbose_name))
        raise RuleViolation(
            f"{field}: {label} {missing[0]} does not exist.", code=INVALID_REFERENCE, field=field
        )
    return [found[pk] for pk in ids]


def rendered_answer(request: Any, schema: Any, data: dict[str, Any]) -> str:
    """`data` as Ninja answers it for a 200 declared as `schema`: validated, dumped and
    rendered to JSON, for answers big enough that it pays to keep the text (see SharedMemo)."""
    context = {"request": request, "response_status": 200}
    dumped = schema.model_validate(data, context=context).model_dump(context=context)
    return _api().renderer.render(request, dumped, response_status=200)


def json_response(content: str) -> Any:
    """A 200 carrying already rendered JSON, with the API's content type."""
    from django.http import HttpResponse

    return HttpResponse(content, content_type=_api().get_content_type())


def _api() -> Any:
    """The project's NinjaAPI (imported late: it imports every router)."""
    from tandem.api import api

    return api
