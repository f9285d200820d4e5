"""Reads for strategic goals."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from tandem.core.errors import NotFound
from tandem.core.selectors import apply_filterset
from tandem.strategy import choices
from tandem.strategy.filters import StrategicGoalFilterSet
from tandem.strategy.models import StrategicGoal


def goal_list(*, user: Any, filters: dict | None = None) -> QuerySet[StrategicGoal]:
    """Strategic goals with the number of initiatives serving each."""
    queryset = StrategicGoal.objects.select_related("owner_unit").annotate(
        initiative_count=Count("initiatives", distinct=True)
    )
    return apply_filterset(StrategicGoalFilterSet, queryset, filters).order_by(
        "period_start", "title", "pk"
    )


def goal_get(*, user: Any, pk: int) -> StrategicGoal:
    """One goal; NotFound if it does not exist."""
    goal = StrategicGoal.objects.select_related("owner_unit").filter(pk=pk).first()
    if goal is None:
        raise NotFound(f"Strategic goal {pk} does not exist.", code=choices.GOAL_NOT_FOUND)
    return goal
