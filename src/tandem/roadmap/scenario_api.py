"""The scenario API: draft a what-if of the roadmap, change it, adopt it.

`GET /api/plan?scenario=` plans one; the pages compare two."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from tandem.core.api_helpers import Pagination, payload_data
from tandem.core.api_schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from tandem.core.permissions import require
from tandem.organization.models import Team
from tandem.portfolio.models import Initiative
from tandem.roadmap import scenario_selectors, services
from tandem.roadmap.models import Scenario, ScenarioChange
from tandem.roadmap.scenario_schemas import (
    AdoptIn,
    ChangeIn,
    ChangeOut,
    ScenarioDetailOut,
    ScenarioIn,
    ScenarioOut,
)

router = Router(tags=["roadmap"])
CHANGE_REFS = {"initiative": Initiative, "team": Team}


def _detail(scenario: Scenario) -> Scenario:
    scenario.change_list = scenario_selectors.scenario_changes(scenario=scenario)  # type: ignore[attr-defined]
    return scenario


@router.get(
    "/scenarios",
    response={200: list[ScenarioOut], **LIST_ERRORS},
    operation_id="scenario_list",
    summary="List scenarios",
)
@paginate(Pagination)
def scenario_list(request: HttpRequest) -> Any:
    """Every scenario, drafts first, newest first."""
    require(request.user, "roadmap.view_scenario")
    return scenario_selectors.scenario_list(user=request.user)


@router.post(
    "/scenarios",
    response={201: ScenarioDetailOut, **WRITE_ERRORS},
    operation_id="scenario_create",
    summary="Draft a scenario",
)
def scenario_create(request: HttpRequest, payload: ScenarioIn) -> Status[Scenario]:
    """A named what-if owned by the caller (anyone working on the portfolio); it changes
    nothing in the plan until adopted."""
    require(request.user, "roadmap.add_scenario")
    scenario = services.scenario_create(data=payload_data(payload), by=request.user)
    return Status(201, _detail(scenario))


@router.get(
    "/scenarios/{scenario_id}",
    response={200: ScenarioDetailOut, **READ_ERRORS},
    operation_id="scenario_get",
    summary="Read a scenario and its changes",
)
def scenario_get(request: HttpRequest, scenario_id: int) -> Scenario:
    """One scenario with its changes, in the order they were made."""
    require(request.user, "roadmap.view_scenario")
    return _detail(scenario_selectors.scenario_get(user=request.user, pk=scenario_id))


@router.delete(
    "/scenarios/{scenario_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="scenario_delete",
    summary="Delete a scenario",
)
def scenario_delete(
    request: HttpRequest, scenario_id: int, version: int | None = None
) -> Status[None]:
    """Delete a scenario and its changes (its owner, the portfolio office or an admin)."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=scenario_id)
    require(request.user, "roadmap.delete_scenario", scenario)
    services.scenario_delete(scenario=scenario, by=request.user, version=version)
    return Status(204, None)


@router.post(
    "/scenarios/{scenario_id}/changes",
    response={201: ChangeOut, **WRITE_ERRORS},
    operation_id="scenario_change_create",
    summary="Add a change to a draft scenario",
)
def scenario_change_create(
    request: HttpRequest, scenario_id: int, payload: ChangeIn
) -> Status[ScenarioChange]:
    """Add an initiative, take one off, rank one first, replace an estimate, hire, or load a
    team; 400 naming the field when the change lacks what its kind needs or makes no sense."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=scenario_id)
    require(request.user, "roadmap.change_scenario", scenario)
    data = payload_data(payload, CHANGE_REFS)
    change = services.change_add(scenario=scenario, data=data, by=request.user)
    return Status(201, change)


@router.delete(
    "/scenarios/{scenario_id}/changes/{change_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="scenario_change_delete",
    summary="Drop a change from a draft scenario",
)
def scenario_change_delete(
    request: HttpRequest, scenario_id: int, change_id: int, version: int | None = None
) -> Status[None]:
    """Drop one change; the scenario's plan no longer includes it."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=scenario_id)
    require(request.user, "roadmap.change_scenario", scenario)
    change = scenario_selectors.change_get(scenario=scenario, pk=change_id)
    services.change_delete(change=change, by=request.user, version=version)
    return Status(204, None)


@router.post(
    "/scenarios/{scenario_id}/adopt",
    response={200: ScenarioDetailOut, **WRITE_ERRORS},
    operation_id="scenario_adopt",
    summary="Adopt a scenario as the plan",
)
def scenario_adopt(request: HttpRequest, scenario_id: int, payload: AdoptIn) -> Scenario:
    """Write every change into the real records (all or nothing), close the scenario and
    record it in the audit log (the portfolio office and admins)."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=scenario_id)
    require(request.user, "roadmap.adopt_scenario", scenario)
    adopted = services.scenario_adopt(scenario=scenario, by=request.user, version=payload.version)
    return _detail(adopted)
