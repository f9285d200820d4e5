"""Helpers every app's selectors use."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from tandem.core.errors import RuleViolation


def apply_filterset(filterset_class: Any, queryset: QuerySet, filters: dict | None) -> QuerySet:
    """Filter `queryset` with `filterset_class`; RuleViolation naming a bad filter."""
    data = {k: v for k, v in (filters or {}).items() if v not in (None, "", [])}
    filterset = filterset_class(data=data, queryset=queryset)
    if not filterset.is_valid():
        field, errors = next(iter(filterset.errors.items()))
        raise RuleViolation(f"{field}: {' '.join(errors)}", code="INVALID_FILTER", field=field)
    return filterset.qs
