"""The capacity API: the plan per team and period, and the impact of approving an initiative."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from tandem.capacity import selectors
from tandem.capacity.schemas import CapacityImpactQuery, CapacityOut, CapacityQuery, ImpactOut
from tandem.core.api_schemas import READ_ERRORS
from tandem.core.permissions import require
from tandem.portfolio import selectors as portfolio_selectors

router = Router(tags=["capacity"])


@router.get(
    "/capacity",
    response={200: CapacityOut, **READ_ERRORS},
    operation_id="capacity_get",
    summary="The capacity plan: supply, load, demand, spans and forecast",
)
def capacity_get(request: HttpRequest, query: Query[CapacityQuery]) -> dict[str, Any]:
    """Per IT team and for the whole department, person-weeks per period: supply after
    leave and holidays, non-discretionary load by category, committed and proposed demand,
    what is available, and the utilization. Also the weeks a team is over 100% with the
    initiatives causing it, what each team can still take on per quarter, and the 18-month
    forecast with the bottleneck teams."""
    require(request.user, "capacity.view_plan")
    return selectors.capacity_overview(
        user=request.user, start=query.start, end=query.end, grain=query.grain, team=query.team
    )


@router.get(
    "/capacity/impact",
    response={200: ImpactOut, **READ_ERRORS},
    operation_id="capacity_impact",
    summary="What approving an initiative does to IT capacity",
)
def capacity_impact(request: HttpRequest, query: Query[CapacityImpactQuery]) -> dict[str, Any]:
    """Per team the initiative asks work of: its demand, the peak utilization before and
    after, and whether it pushes the team over 100%, when, and by how much."""
    require(request.user, "capacity.view_plan")
    found = portfolio_selectors.initiative_get(user=request.user, pk=query.initiative)
    return selectors.capacity_impact(user=request.user, initiative=found)
