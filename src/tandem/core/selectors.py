"""Helpers every app's selectors use."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import QueryDict

from tandem.core.errors import RuleViolation


def apply_filterset(filterset_class: Any, queryset: QuerySet, filters: dict | None) -> QuerySet:
    """Filter `queryset` with `filterset_class`; RuleViolation naming a bad filter."""
    if isinstance(filters, QueryDict):  # keep every value of a repeated key (?state=a&state=b)
        data: Any = QueryDict(mutable=True)
        for key, values in filters.lists():
            if kept := [v for v in values if v not in (None, "")]:
                data.setlist(key, kept)
    else:
        data = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    filterset = filterset_class(data=data, queryset=queryset)
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise RuleViolation(f"{field}: {' '.join(errors)}", code="INVALID_FILTER", field=field)
    return filterset.qs
