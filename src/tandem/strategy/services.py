"""Writes for strategic goals. Every function is one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.core.services import create_object, delete_object, update_object
from tandem.strategy.models import StrategicGoal

GOAL_FIELDS = ("title", "statement", "owner_unit", "period_start", "period_end")


@transaction.atomic
def goal_create(*, data: dict[str, Any], by: Any) -> StrategicGoal:
    """Create a strategic goal; RuleViolation naming the field if invalid."""
    return create_object(StrategicGoal, data=data, fields=GOAL_FIELDS, by=by)


@transaction.atomic
def goal_update(*, goal: StrategicGoal, data: dict[str, Any], by: Any) -> StrategicGoal:
    """Edit a goal; Conflict if `data["version"]` is stale."""
    return update_object(goal, data=data, fields=GOAL_FIELDS, by=by)


@transaction.atomic
def goal_delete(*, goal: StrategicGoal, by: Any, version: int | None = None) -> None:
    """Delete a goal (initiatives lose the link, not their data)."""
    delete_object(goal, by=by, version=version)
