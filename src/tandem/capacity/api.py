"""The capacity API: the plan per team and period, and the impact of approving an initiative."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from tandem.capacity import selectors
from tandem.capacity.schemas import CapacityImpactQuery, CapacityOut, CapacityQuery, ImpactOut
from tandem.core.api_helpers import json_response, rendered_answer
from tandem.core.api_schemas import READ_ERRORS
from tandem.core.memo import SharedMemo
from tandem.core.permissions import require
from tandem.portfolio import selectors as portfolio_selectors

router = Router(tags=["capacity"])


@router.get(
    "/capacity",
    response={200: CapacityOut, **READ_ERRORS},
    operation_id="capacity_get",
    summary="The capacity plan: supply, load, demand, spans and forecast",
)
def capacity_get(request: HttpRequest, query: Query[CapacityQuery]) -> HttpResponse:
    """Per IT team and for the whole department, person-weeks per period: supply after
    leave and holidays, non-discretionary load by category, committed and proposed demand,
    what is available, and the utilization. Also the weeks a team is over 100% with the
    initiatives causing it, what each team can still take on per quarter, and the 18-month
    forecast with the bottleneck teams."""
    require(request.user, "capacity.view_plan")
    key = selectors.capacity_plan_key(start=query.start, end=query.end, grain=query.grain)
    plan = selectors.capacity_overview(user=request.user, team=query.team, key=key)
    # The answer is a few hundred KB; validating and rendering it took most of the request.
    # It is rendered once per plan, team and initiative titles (read afresh each time).
    titles = [item["initiative"] for span in plan["spans"] for item in span["initiatives"]]
    titles += [item["initiative"] for item in plan["unplaced"]]
    answer_key = (key, query.team, tuple(titles))
    content = _ANSWERS.get(answer_key)
    if content is None:
        content = _ANSWERS.put(answer_key, rendered_answer(request, CapacityOut, plan))
    return json_response(content)


_ANSWERS = SharedMemo(size=16)


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
