"""The portfolio API: initiatives, their outcomes, estimates, status, scope and dependencies."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tandem.core.api_helpers import Pagination, payload_data
from tandem.core.api_schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from tandem.core.permissions import require
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio import rules as portfolio_rules
from tandem.portfolio import selectors, services
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.portfolio.schemas import (
    BusinessOutcomeIn,
    BusinessOutcomeOut,
    BusinessOutcomePatch,
    DependencyIn,
    DependencyOut,
    DependencyQuery,
    EffortEstimateIn,
    EffortEstimateOut,
    EffortEstimatePatch,
    HistoryEntryOut,
    InitiativeAssessmentIn,
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    InitiativeQuery,
    InitiativeTransitionIn,
    OutcomeTemplateIn,
    OutcomeTemplateOut,
    ScopeChangeIn,
    ScopeChangeOut,
    ScopeChangePatch,
    StatusUpdateIn,
    StatusUpdateOut,
    StatusUpdatePatch,
)
from tandem.portfolio.value import TEMPLATES
from tandem.strategy.models import StrategicGoal

router = Router(tags=["portfolio"])

INITIATIVE_REFS = {
    "requesting_unit": BusinessUnit,
    "business_sponsor": Person,
    "it_owner": Person,
    "goals": StrategicGoal,
}
ESTIMATE_REFS = {"team": Team}
DEPENDENCY_REFS = {"predecessor": Initiative, "successor": Initiative}
ONE = "/initiatives/{initiative_id}"


def _initiative(request: HttpRequest, initiative_id: int, perm: str) -> Initiative:
    """The initiative, if `request.user` may see it (404) and has `perm` on it (403)."""
    initiative = selectors.initiative_get(user=request.user, pk=initiative_id)
    require(request.user, perm, initiative)
    return initiative


def _child(request: HttpRequest, getter: Callable[..., Any], pk: int, perm: str) -> Any:
    """An outcome, estimate, status update or scope change; `perm` is checked on its initiative."""
    child = getter(user=request.user, pk=pk)
    require(request.user, perm, child.initiative)
    return child


#
# Initiatives
#


@router.get(
    "/initiatives",
    response={200: list[InitiativeOut], **LIST_ERRORS},
    operation_id="initiative_list",
    summary="List initiatives",
)
@paginate(Pagination)
def initiative_list(request: HttpRequest, filters: Query[InitiativeQuery]) -> QuerySet[Initiative]:
    """Initiatives, filtered by title, unit, state, goal, kind or team, and sorted."""
    require(request.user, "portfolio.view_initiative")
    return selectors.initiative_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get(
    ONE,
    response={200: InitiativeOut, **READ_ERRORS},
    operation_id="initiative_get",
    summary="Read an initiative",
)
def initiative_get(request: HttpRequest, initiative_id: int) -> Initiative:
    """One initiative."""
    return _initiative(request, initiative_id, "portfolio.view_initiative")


@router.post(
    "/initiatives",
    response={201: InitiativeOut, **WRITE_ERRORS},
    operation_id="initiative_create",
    summary="Create an initiative",
)
def initiative_create(request: HttpRequest, payload: InitiativeIn) -> Status[Initiative]:
    """Create an idea (or an intake request); business leads only for their own unit."""
    data = payload_data(payload, INITIATIVE_REFS)
    require(request.user, "portfolio.add_initiative", data["requesting_unit"])
    return Status(201, services.initiative_create(data=data, by=request.user))


@router.patch(
    ONE,
    response={200: InitiativeOut, **WRITE_ERRORS},
    operation_id="initiative_update",
    summary="Edit an initiative",
)
def initiative_update(
    request: HttpRequest, initiative_id: int, payload: InitiativePatch
) -> Initiative:
    """Change the fields sent; 403 when moving it to a unit you may not file for."""
    initiative = _initiative(request, initiative_id, "portfolio.change_initiative")
    data = payload_data(payload, INITIATIVE_REFS)
    if data.get("requesting_unit") not in (None, initiative.requesting_unit):
        require(request.user, "portfolio.add_initiative", data["requesting_unit"])
    return services.initiative_update(initiative=initiative, data=data, by=request.user)


@router.delete(
    ONE,
    response={204: None, **WRITE_ERRORS},
    operation_id="initiative_delete",
    summary="Delete an initiative",
)
def initiative_delete(
    request: HttpRequest, initiative_id: int, version: int | None = None
) -> Status[None]:
    """Delete an initiative still in idea or intake (or cancelled)."""
    initiative = _initiative(request, initiative_id, "portfolio.delete_initiative")
    services.initiative_delete(initiative=initiative, by=request.user, version=version)
    return Status(204, None)


@router.post(
    f"{ONE}/transition",
    response={200: InitiativeOut, **WRITE_ERRORS},
    operation_id="initiative_transition",
    summary="Move an initiative to another state",
)
def initiative_transition(
    request: HttpRequest, initiative_id: int, payload: InitiativeTransitionIn
) -> Initiative:
    """Move along the lifecycle; 400 naming the first unmet gate."""
    initiative = _initiative(request, initiative_id, "portfolio.view_initiative")
    require(request.user, portfolio_rules.transition_permission(initiative, payload.to), initiative)
    return services.initiative_transition(
        initiative=initiative,
        to=payload.to,
        by=request.user,
        version=payload.version,
        reason=payload.reason,
    )


@router.post(
    f"{ONE}/assessment",
    response={200: InitiativeOut, **WRITE_ERRORS},
    operation_id="initiative_assess",
    summary="Record IT's feasibility assessment",
)
def initiative_assess(
    request: HttpRequest, initiative_id: int, payload: InitiativeAssessmentIn
) -> Initiative:
    """Set feasibility (and notes); IT leads and the portfolio office."""
    initiative = _initiative(request, initiative_id, "portfolio.assess_initiative")
    return services.initiative_assess(
        initiative=initiative, data=payload_data(payload), by=request.user
    )


@router.get(
    f"{ONE}/history",
    response={200: list[HistoryEntryOut], **READ_ERRORS},
    operation_id="initiative_history",
    summary="Changes to an initiative, newest first",
)
def initiative_history(request: HttpRequest, initiative_id: int) -> list[selectors.HistoryEntry]:
    """Every recorded change to the initiative and its children."""
    initiative = _initiative(request, initiative_id, "portfolio.view_initiative")
    return selectors.initiative_history(user=request.user, initiative=initiative)


#
# Business outcomes
#


@router.get(
    f"{ONE}/outcomes",
    response={200: list[BusinessOutcomeOut], **READ_ERRORS},
    operation_id="outcome_list",
    summary="List an initiative's business outcomes",
)
@paginate(Pagination)
def outcome_list(request: HttpRequest, initiative_id: int) -> QuerySet[BusinessOutcome]:
    """The business outcomes of one initiative."""
    initiative = _initiative(request, initiative_id, "portfolio.view_businessoutcome")
    return selectors.child_list(
        user=request.user, model=BusinessOutcome, initiative_id=initiative.pk
    )


@router.post(
    f"{ONE}/outcomes",
    response={201: BusinessOutcomeOut, **WRITE_ERRORS},
    operation_id="outcome_create",
    summary="Add a business outcome",
)
def outcome_create(
    request: HttpRequest, initiative_id: int, payload: BusinessOutcomeIn
) -> Status[BusinessOutcome]:
    """Add a metric with its baseline, target and date."""
    initiative = _initiative(request, initiative_id, "portfolio.add_businessoutcome")
    created = services.outcome_create(
        initiative=initiative, data=payload_data(payload), by=request.user
    )
    return Status(201, created)


@router.post(
    f"{ONE}/outcomes/from-template",
    response={201: BusinessOutcomeOut, **WRITE_ERRORS},
    operation_id="outcome_create_from_template",
    summary="Add a business outcome from a template for technical work",
)
def outcome_create_from_template(
    request: HttpRequest, initiative_id: int, payload: OutcomeTemplateIn
) -> Status[BusinessOutcome]:
    """State an upgrade, migration or security initiative in business terms: risk reduced
    (likelihood × impact in money), manual rework removed, downtime or incidents avoided,
    cost avoided or IT capacity freed. See GET /api/outcome-templates for the fields."""
    initiative = _initiative(request, initiative_id, "portfolio.add_businessoutcome")
    data = payload.dict()
    created = services.outcome_create_from_template(
        initiative=initiative, template=data.pop("template"), values=data, by=request.user
    )
    return Status(201, created)


@router.get(
    "/outcome-templates",
    response={200: list[OutcomeTemplateOut], **LIST_ERRORS},
    operation_id="outcome_templates_get",
    summary="List the outcome templates for technical work",
)
def outcome_templates_get(request: HttpRequest) -> list[Any]:
    """Each template with what it measures and the fields it asks for."""
    require(request.user, "portfolio.view_businessoutcome")
    return list(TEMPLATES.values())


@router.get(
    "/outcomes/{outcome_id}",
    response={200: BusinessOutcomeOut, **READ_ERRORS},
    operation_id="outcome_get",
    summary="Read a business outcome",
)
def outcome_get(request: HttpRequest, outcome_id: int) -> BusinessOutcome:
    """One business outcome."""
    return _child(request, selectors.outcome_get, outcome_id, "portfolio.view_businessoutcome")


@router.patch(
    "/outcomes/{outcome_id}",
    response={200: BusinessOutcomeOut, **WRITE_ERRORS},
    operation_id="outcome_update",
    summary="Edit a business outcome",
)
def outcome_update(
    request: HttpRequest, outcome_id: int, payload: BusinessOutcomePatch
) -> BusinessOutcome:
    """Change the fields sent; 409 if `version` is stale."""
    outcome = _child(request, selectors.outcome_get, outcome_id, "portfolio.change_businessoutcome")
    return services.outcome_update(outcome=outcome, data=payload_data(payload), by=request.user)


@router.delete(
    "/outcomes/{outcome_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="outcome_delete",
    summary="Remove a business outcome",
)
def outcome_delete(
    request: HttpRequest, outcome_id: int, version: int | None = None
) -> Status[None]:
    """Remove a business outcome."""
    outcome = _child(request, selectors.outcome_get, outcome_id, "portfolio.delete_businessoutcome")
    services.outcome_delete(outcome=outcome, by=request.user, version=version)
    return Status(204, None)


#
# Effort estimates
#


@router.get(
    f"{ONE}/estimates",
    response={200: list[EffortEstimateOut], **READ_ERRORS},
    operation_id="estimate_list",
    summary="List an initiative's effort estimates",
)
@paginate(Pagination)
def estimate_list(request: HttpRequest, initiative_id: int) -> QuerySet[EffortEstimate]:
    """The effort estimates of one initiative, one per IT team."""
    initiative = _initiative(request, initiative_id, "portfolio.view_effortestimate")
    return selectors.child_list(
        user=request.user, model=EffortEstimate, initiative_id=initiative.pk
    )


@router.post(
    f"{ONE}/estimates",
    response={201: EffortEstimateOut, **WRITE_ERRORS},
    operation_id="estimate_create",
    summary="Add a team's effort estimate",
)
def estimate_create(
    request: HttpRequest, initiative_id: int, payload: EffortEstimateIn
) -> Status[EffortEstimate]:
    """Add a three-point estimate in person-weeks; 409 if the team already has one."""
    initiative = _initiative(request, initiative_id, "portfolio.add_effortestimate")
    data = payload_data(payload, ESTIMATE_REFS)
    estimate = services.estimate_create(initiative=initiative, data=data, by=request.user)
    return Status(201, estimate)


@router.get(
    "/estimates/{estimate_id}",
    response={200: EffortEstimateOut, **READ_ERRORS},
    operation_id="estimate_get",
    summary="Read an effort estimate",
)
def estimate_get(request: HttpRequest, estimate_id: int) -> EffortEstimate:
    """One effort estimate."""
    return _child(request, selectors.estimate_get, estimate_id, "portfolio.view_effortestimate")


@router.patch(
    "/estimates/{estimate_id}",
    response={200: EffortEstimateOut, **WRITE_ERRORS},
    operation_id="estimate_update",
    summary="Edit an effort estimate",
)
def estimate_update(
    request: HttpRequest, estimate_id: int, payload: EffortEstimatePatch
) -> EffortEstimate:
    """Change the fields sent; 409 if `version` is stale."""
    estimate = _child(
        request, selectors.estimate_get, estimate_id, "portfolio.change_effortestimate"
    )
    data = payload_data(payload, ESTIMATE_REFS)
    return services.estimate_update(estimate=estimate, data=data, by=request.user)


@router.delete(
    "/estimates/{estimate_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="estimate_delete",
    summary="Remove an effort estimate",
)
def estimate_delete(
    request: HttpRequest, estimate_id: int, version: int | None = None
) -> Status[None]:
    """Remove an effort estimate."""
    estimate = _child(
        request, selectors.estimate_get, estimate_id, "portfolio.delete_effortestimate"
    )
    services.estimate_delete(estimate=estimate, by=request.user, version=version)
    return Status(204, None)


#
# Status updates
#


@router.get(
    f"{ONE}/status-updates",
    response={200: list[StatusUpdateOut], **READ_ERRORS},
    operation_id="status_update_list",
    summary="List an initiative's status updates",
)
@paginate(Pagination)
def status_update_list(request: HttpRequest, initiative_id: int) -> QuerySet[StatusUpdate]:
    """The RAG status reports of one initiative."""
    initiative = _initiative(request, initiative_id, "portfolio.view_statusupdate")
    return selectors.child_list(user=request.user, model=StatusUpdate, initiative_id=initiative.pk)


@router.post(
    f"{ONE}/status-updates",
    response={201: StatusUpdateOut, **WRITE_ERRORS},
    operation_id="status_update_create",
    summary="Post a status update",
)
def status_update_create(
    request: HttpRequest, initiative_id: int, payload: StatusUpdateIn
) -> Status[StatusUpdate]:
    """Post a dated red, amber or green status with a short explanation."""
    initiative = _initiative(request, initiative_id, "portfolio.add_statusupdate")
    created = services.status_update_create(
        initiative=initiative, data=payload_data(payload), by=request.user
    )
    return Status(201, created)


@router.get(
    "/status-updates/{status_update_id}",
    response={200: StatusUpdateOut, **READ_ERRORS},
    operation_id="status_update_get",
    summary="Read a status update",
)
def status_update_get(request: HttpRequest, status_update_id: int) -> StatusUpdate:
    """One status update."""
    return _child(
        request, selectors.status_update_get, status_update_id, "portfolio.view_statusupdate"
    )


@router.patch(
    "/status-updates/{status_update_id}",
    response={200: StatusUpdateOut, **WRITE_ERRORS},
    operation_id="status_update_update",
    summary="Correct a status update",
)
def status_update_update(
    request: HttpRequest, status_update_id: int, payload: StatusUpdatePatch
) -> StatusUpdate:
    """Change the fields sent; 409 if `version` is stale."""
    status_update = _child(
        request, selectors.status_update_get, status_update_id, "portfolio.change_statusupdate"
    )
    return services.status_update_update(
        status_update=status_update, data=payload_data(payload), by=request.user
    )


@router.delete(
    "/status-updates/{status_update_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="status_update_delete",
    summary="Remove a status update",
)
def status_update_delete(
    request: HttpRequest, status_update_id: int, version: int | None = None
) -> Status[None]:
    """Remove a status update."""
    status_update = _child(
        request, selectors.status_update_get, status_update_id, "portfolio.delete_statusupdate"
    )
    services.status_update_delete(status_update=status_update, by=request.user, version=version)
    return Status(204, None)


#
# Scope changes
#


@router.get(
    f"{ONE}/scope-changes",
    response={200: list[ScopeChangeOut], **READ_ERRORS},
    operation_id="scope_change_list",
    summary="List an initiative's scope changes",
)
@paginate(Pagination)
def scope_change_list(request: HttpRequest, initiative_id: int) -> QuerySet[ScopeChange]:
    """The re-scopings of one initiative."""
    initiative = _initiative(request, initiative_id, "portfolio.view_scopechange")
    return selectors.child_list(user=request.user, model=ScopeChange, initiative_id=initiative.pk)


@router.post(
    f"{ONE}/scope-changes",
    response={201: ScopeChangeOut, **WRITE_ERRORS},
    operation_id="scope_change_create",
    summary="Record a scope change",
)
def scope_change_create(
    request: HttpRequest, initiative_id: int, payload: ScopeChangeIn
) -> Status[ScopeChange]:
    """Record a dated re-scoping with its reason and effort change."""
    initiative = _initiative(request, initiative_id, "portfolio.add_scopechange")
    created = services.scope_change_create(
        initiative=initiative, data=payload_data(payload), by=request.user
    )
    return Status(201, created)


@router.get(
    "/scope-changes/{scope_change_id}",
    response={200: ScopeChangeOut, **READ_ERRORS},
    operation_id="scope_change_get",
    summary="Read a scope change",
)
def scope_change_get(request: HttpRequest, scope_change_id: int) -> ScopeChange:
    """One scope change."""
    return _child(
        request, selectors.scope_change_get, scope_change_id, "portfolio.view_scopechange"
    )


@router.patch(
    "/scope-changes/{scope_change_id}",
    response={200: ScopeChangeOut, **WRITE_ERRORS},
    operation_id="scope_change_update",
    summary="Correct a scope change",
)
def scope_change_update(
    request: HttpRequest, scope_change_id: int, payload: ScopeChangePatch
) -> ScopeChange:
    """Change the fields sent; 409 if `version` is stale."""
    scope_change = _child(
        request, selectors.scope_change_get, scope_change_id, "portfolio.change_scopechange"
    )
    return services.scope_change_update(
        scope_change=scope_change, data=payload_data(payload), by=request.user
    )


@router.delete(
    "/scope-changes/{scope_change_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="scope_change_delete",
    summary="Remove a scope change",
)
def scope_change_delete(
    request: HttpRequest, scope_change_id: int, version: int | None = None
) -> Status[None]:
    """Remove a scope change."""
    scope_change = _child(
        request, selectors.scope_change_get, scope_change_id, "portfolio.delete_scopechange"
    )
    services.scope_change_delete(scope_change=scope_change, by=request.user, version=version)
    return Status(204, None)


#
# Dependencies
#


@router.get(
    "/dependencies",
    response={200: list[DependencyOut], **LIST_ERRORS},
    operation_id="dependency_list",
    summary="List dependencies between initiatives",
)
@paginate(Pagination)
def dependency_list(request: HttpRequest, filters: Query[DependencyQuery]) -> QuerySet[Dependency]:
    """Finish-to-start dependencies, optionally those touching one initiative."""
    require(request.user, "portfolio.view_dependency")
    return selectors.dependency_list(user=request.user, initiative_id=filters.initiative)


@router.post(
    "/dependencies",
    response={201: DependencyOut, **WRITE_ERRORS},
    operation_id="dependency_create",
    summary="Make one initiative wait for another",
)
def dependency_create(request: HttpRequest, payload: DependencyIn) -> Status[Dependency]:
    """Add a dependency; 400 if it would close a cycle, 409 if it exists."""
    data = payload_data(payload, DEPENDENCY_REFS)
    require(request.user, "portfolio.add_dependency", data["successor"])
    return Status(201, services.dependency_create(data=data, by=request.user))


@router.get(
    "/dependencies/{dependency_id}",
    response={200: DependencyOut, **READ_ERRORS},
    operation_id="dependency_get",
    summary="Read a dependency",
)
def dependency_get(request: HttpRequest, dependency_id: int) -> Dependency:
    """One dependency."""
    dependency = selectors.dependency_get(user=request.user, pk=dependency_id)
    require(request.user, "portfolio.view_dependency", dependency.successor)
    return dependency


@router.delete(
    "/dependencies/{dependency_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="dependency_delete",
    summary="Remove a dependency",
)
def dependency_delete(
    request: HttpRequest, dependency_id: int, version: int | None = None
) -> Status[None]:
    """Remove a dependency."""
    dependency = selectors.dependency_get(user=request.user, pk=dependency_id)
    require(request.user, "portfolio.delete_dependency", dependency.successor)
    services.dependency_delete(dependency=dependency, by=request.user, version=version)
    return Status(204, None)
