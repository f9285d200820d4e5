"""The strategy API: strategic goals."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tandem.core.api_helpers import Pagination, payload_data
from tandem.core.api_schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from tandem.core.permissions import require
from tandem.organization.models import BusinessUnit
from tandem.strategy import selectors, services
from tandem.strategy.models import StrategicGoal
from tandem.strategy.schemas import (
    StrategicGoalIn,
    StrategicGoalOut,
    StrategicGoalPatch,
    StrategicGoalQuery,
)

router = Router(tags=["strategy"])

GOAL_REFS = {"owner_unit": BusinessUnit}


@router.get(
    "/goals",
    response={200: list[StrategicGoalOut], **LIST_ERRORS},
    operation_id="goal_list",
    summary="List strategic goals",
)
@paginate(Pagination)
def goal_list(request: HttpRequest, filters: Query[StrategicGoalQuery]) -> QuerySet[StrategicGoal]:
    """Strategic goals, filtered by title, owning unit or a date in their period."""
    require(request.user, "strategy.view_strategicgoal")
    return selectors.goal_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get(
    "/goals/{goal_id}",
    response={200: StrategicGoalOut, **READ_ERRORS},
    operation_id="goal_get",
    summary="Read a strategic goal",
)
def goal_get(request: HttpRequest, goal_id: int) -> StrategicGoal:
    """One strategic goal."""
    goal = selectors.goal_get(user=request.user, pk=goal_id)
    require(request.user, "strategy.view_strategicgoal", goal)
    return goal


@router.post(
    "/goals",
    response={201: StrategicGoalOut, **WRITE_ERRORS},
    operation_id="goal_create",
    summary="Create a strategic goal",
)
def goal_create(request: HttpRequest, payload: StrategicGoalIn) -> Status[StrategicGoal]:
    """Create a strategic goal (admins and the portfolio office)."""
    require(request.user, "strategy.add_strategicgoal")
    goal = services.goal_create(data=payload_data(payload, GOAL_REFS), by=request.user)
    return Status(201, goal)


@router.patch(
    "/goals/{goal_id}",
    response={200: StrategicGoalOut, **WRITE_ERRORS},
    operation_id="goal_update",
    summary="Edit a strategic goal",
)
def goal_update(request: HttpRequest, goal_id: int, payload: StrategicGoalPatch) -> StrategicGoal:
    """Change the fields sent; 409 if `version` is stale."""
    goal = selectors.goal_get(user=request.user, pk=goal_id)
    require(request.user, "strategy.change_strategicgoal", goal)
    return services.goal_update(goal=goal, data=payload_data(payload, GOAL_REFS), by=request.user)


@router.delete(
    "/goals/{goal_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="goal_delete",
    summary="Delete a strategic goal",
)
def goal_delete(request: HttpRequest, goal_id: int, version: int | None = None) -> Status[None]:
    """Delete a goal; initiatives lose the link, not their data."""
    goal = selectors.goal_get(user=request.user, pk=goal_id)
    require(request.user, "strategy.delete_strategicgoal", goal)
    services.goal_delete(goal=goal, by=request.user, version=version)
    return Status(204, None)
