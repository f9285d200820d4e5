"""Helpers every app's API operations use to turn a request body into service input."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Model
from django.utils.text import capfirst
from ninja import Schema

from tandem.core.errors import RuleViolation

INVALID_REFERENCE = "INVALID_REFERENCE"


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
    found = model._default_manager.in_bulk(ids)
    missing = [pk for pk in ids if pk not in found]
    if missing:
        label = capfirst(str(model._meta.verbose_name))
        raise RuleViolation(
            f"{field}: {label} {missing[0]} does not exist.", code=INVALID_REFERENCE, field=field
        )
    return [found[pk] for pk in ids]
