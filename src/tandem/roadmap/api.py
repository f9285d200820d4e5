"""The roadmap API: when each approved initiative can be delivered, and why some slip."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from tandem.core.api_helpers import json_response, rendered_answer
from tandem.core.api_schemas import READ_ERRORS, WRITE_ERRORS
from tandem.core.memo import SharedMemo
from tandem.core.permissions import require
from tandem.operations.choices import JobKind
from tandem.operations.models import PlanJob
from tandem.operations.schemas import PlanJobOut
from tandem.portfolio import selectors as portfolio_selectors
from tandem.roadmap import forecasting, optimizing, scenario_selectors, selectors, services
from tandem.roadmap.scenario_schemas import PlanQuery, PlanRunIn
from tandem.roadmap.schemas import DeliveryOddsOut, ForecastQuery, PlanOut

router = Router(tags=["roadmap"])


@router.get(
    "/plan",
    response={200: PlanOut, **READ_ERRORS},
    operation_id="plan_get",
    summary="The roadmap: each initiative's planned dates, slip and why",
)
def plan_get(request: HttpRequest, query: Query[PlanQuery]) -> HttpResponse:
    """Approved and in-progress initiatives placed on the IT teams' free weeks (after
    non-discretionary work), highest ranked first: per initiative its start and finish, the
    earliest it could finish, its target, the weeks it slips and is late, and why (in words
    and as causes); the plan's weighted tardiness and completion, and its data stamp."""
    require(request.user, "roadmap.view_plan")
    scenario = None
    if query.scenario is not None:
        scenario = scenario_selectors.scenario_get(user=request.user, pk=query.scenario)
    plan = selectors.roadmap_plan(user=request.user, scenario=scenario)
    # Hundreds of KB for a large portfolio: validated and rendered once per answer key.
    key = selectors.answer_key(plan, scenario)
    content = _PLANS.get(key)
    if content is None:
        content = _PLANS.put(key, rendered_answer(request, PlanOut, plan))
    return json_response(content)


_PLANS = SharedMemo(size=16)  # rendered JSON: read only


@router.get(
    "/forecast",
    response={200: DeliveryOddsOut, **READ_ERRORS},
    operation_id="forecast_get",
    summary="Delivery dates as probabilities: P50, P85 and P95 finish dates per initiative",
)
def forecast_get(request: HttpRequest, query: Query[ForecastQuery]) -> dict[str, Any]:
    """The roadmap re-planned `runs` times with every estimate's effort drawn between its low
    and high person-weeks (PERT: a beta distribution with weight 4 on the likely value), the
    same priorities each time: per initiative the Friday by which half, 85% and 95% of the
    runs finish, and the share of runs meeting its target. Worked out in the request (up to
    5,000 runs) and remembered until the plan's records change; the pages show the forecast
    a background job worked out instead."""
    require(request.user, "roadmap.view_plan")
    return forecasting.forecast_get(user=request.user, runs=query.runs, seed=query.seed)


@router.post(
    "/plan/runs",
    response={200: PlanJobOut, 201: PlanJobOut, **WRITE_ERRORS},
    operation_id="plan_run_create",
    summary="Improve the roadmap or work out delivery odds in the background",
)
def plan_run_create(request: HttpRequest, payload: PlanRunIn) -> Status[PlanJob]:
    """Queue an `optimize` run (CP-SAT improves the instant plan for `time_limit` seconds;
    once done, the roadmap shows the better plan while its records stay as they were) or a
    `forecast` run (`runs` Monte Carlo samples). One already waiting or running is answered
    with 200 instead of queueing another. Poll GET /api/jobs/{id} (portfolio office and
    admins)."""
    require(request.user, "operations.add_planjob")
    if payload.kind == JobKind.OPTIMIZE:
        job, created = optimizing.optimize_request(
            by=request.user, time_limit=payload.time_limit, stability=payload.stability
        )
    else:
        job, created = forecasting.forecast_request(
            by=request.user, runs=payload.runs, seed=payload.seed
        )
    return Status(201 if created else 200, job)


@router.delete(
    "/initiatives/{initiative_id}/ranked-first",
    response={204: None, **WRITE_ERRORS},
    operation_id="ranked_first_clear",
    summary="Place an initiative by its ranking score again",
)
def ranked_first_clear(
    request: HttpRequest, initiative_id: int, version: int | None = None
) -> Status[None]:
    """Undo the decision (usually an adopted scenario) that the initiative goes before every
    ranked one; 404 when it is not ranked first (portfolio office and admins)."""
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=initiative_id)
    require(request.user, "roadmap.delete_rankedfirst")
    ranked = scenario_selectors.ranked_first_get(initiative=initiative)
    services.ranked_first_clear(ranked=ranked, by=request.user, version=version)
    return Status(204, None)
