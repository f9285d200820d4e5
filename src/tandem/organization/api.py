"""The organization API: business units, IT teams and people."""

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tandem.core.api_helpers import Pagination, payload_data
from tandem.core.api_schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from tandem.core.permissions import require
from tandem.organization import selectors, services
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.organization.rules import person_edit_permissions
from tandem.organization.schemas import (
    BusinessUnitIn,
    BusinessUnitOut,
    BusinessUnitPatch,
    BusinessUnitQuery,
    PersonIn,
    PersonOut,
    PersonPatch,
    PersonQuery,
    TeamIn,
    TeamOut,
    TeamPatch,
    TeamQuery,
)

router = Router(tags=["organization"])

TEAM_REFS = {"lead": Person}
PERSON_REFS = {"unit": BusinessUnit, "team": Team, "user": get_user_model()}

#
# Business units
#


@router.get(
    "/units",
    response={200: list[BusinessUnitOut], **LIST_ERRORS},
    operation_id="unit_list",
    summary="List business units",
)
@paginate(Pagination)
def unit_list(request: HttpRequest, filters: Query[BusinessUnitQuery]) -> QuerySet[BusinessUnit]:
    """Business units, filtered by name."""
    require(request.user, "organization.view_businessunit")
    return selectors.unit_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get(
    "/units/{unit_id}",
    response={200: BusinessUnitOut, **READ_ERRORS},
    operation_id="unit_get",
    summary="Read a business unit",
)
def unit_get(request: HttpRequest, unit_id: int) -> BusinessUnit:
    """One business unit."""
    unit = selectors.unit_get(user=request.user, pk=unit_id)
    require(request.user, "organization.view_businessunit", unit)
    return unit


@router.post(
    "/units",
    response={201: BusinessUnitOut, **WRITE_ERRORS},
    operation_id="unit_create",
    summary="Create a business unit",
)
def unit_create(request: HttpRequest, payload: BusinessUnitIn) -> Status[BusinessUnit]:
    """Create a business unit (admins and the portfolio office)."""
    require(request.user, "organization.add_businessunit")
    return Status(201, services.unit_create(data=payload_data(payload), by=request.user))


@router.patch(
    "/units/{unit_id}",
    response={200: BusinessUnitOut, **WRITE_ERRORS},
    operation_id="unit_update",
    summary="Edit a business unit",
)
def unit_update(request: HttpRequest, unit_id: int, payload: BusinessUnitPatch) -> BusinessUnit:
    """Change the fields sent; 409 if `version` is stale."""
    unit = selectors.unit_get(user=request.user, pk=unit_id)
    require(request.user, "organization.change_businessunit", unit)
    return services.unit_update(unit=unit, data=payload_data(payload), by=request.user)


@router.delete(
    "/units/{unit_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="unit_delete",
    summary="Delete a business unit",
)
def unit_delete(request: HttpRequest, unit_id: int, version: int | None = None) -> Status[None]:
    """Delete a business unit; 409 while people or initiatives refer to it."""
    unit = selectors.unit_get(user=request.user, pk=unit_id)
    require(request.user, "organization.delete_businessunit", unit)
    services.unit_delete(unit=unit, by=request.user, version=version)
    return Status(204, None)


#
# Teams
#


@router.get(
    "/teams",
    response={200: list[TeamOut], **LIST_ERRORS},
    operation_id="team_list",
    summary="List IT teams",
)
@paginate(Pagination)
def team_list(request: HttpRequest, filters: Query[TeamQuery]) -> QuerySet[Team]:
    """IT teams, filtered by name."""
    require(request.user, "organization.view_team")
    return selectors.team_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get(
    "/teams/{team_id}",
    response={200: TeamOut, **READ_ERRORS},
    operation_id="team_get",
    summary="Read an IT team",
)
def team_get(request: HttpRequest, team_id: int) -> Team:
    """One IT team."""
    team = selectors.team_get(user=request.user, pk=team_id)
    require(request.user, "organization.view_team", team)
    return team


@router.post(
    "/teams",
    response={201: TeamOut, **WRITE_ERRORS},
    operation_id="team_create",
    summary="Create an IT team",
)
def team_create(request: HttpRequest, payload: TeamIn) -> Status[Team]:
    """Create an IT team (admins and IT leads)."""
    require(request.user, "organization.add_team")
    team = services.team_create(data=payload_data(payload, TEAM_REFS), by=request.user)
    return Status(201, team)


@router.patch(
    "/teams/{team_id}",
    response={200: TeamOut, **WRITE_ERRORS},
    operation_id="team_update",
    summary="Edit an IT team",
)
def team_update(request: HttpRequest, team_id: int, payload: TeamPatch) -> Team:
    """Change the fields sent; 409 if `version` is stale."""
    team = selectors.team_get(user=request.user, pk=team_id)
    require(request.user, "organization.change_team", team)
    return services.team_update(team=team, data=payload_data(payload, TEAM_REFS), by=request.user)


@router.delete(
    "/teams/{team_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="team_delete",
    summary="Delete an IT team",
)
def team_delete(request: HttpRequest, team_id: int, version: int | None = None) -> Status[None]:
    """Delete an IT team; 409 while members or estimates refer to it."""
    team = selectors.team_get(user=request.user, pk=team_id)
    require(request.user, "organization.delete_team", team)
    services.team_delete(team=team, by=request.user, version=version)
    return Status(204, None)


#
# People
#


@router.get(
    "/people",
    response={200: list[PersonOut], **LIST_ERRORS},
    operation_id="person_list",
    summary="List people",
)
@paginate(Pagination)
def person_list(request: HttpRequest, filters: Query[PersonQuery]) -> QuerySet[Person]:
    """People, filtered by name, team or business unit."""
    require(request.user, "organization.view_person")
    return selectors.person_list(user=request.user, filters=filters.dict(exclude_none=True))


@router.get(
    "/people/{person_id}",
    response={200: PersonOut, **READ_ERRORS},
    operation_id="person_get",
    summary="Read a person",
)
def person_get(request: HttpRequest, person_id: int) -> Person:
    """One person."""
    person = selectors.person_get(user=request.user, pk=person_id)
    require(request.user, "organization.view_person", person)
    return person


@router.post(
    "/people",
    response={201: PersonOut, **WRITE_ERRORS},
    operation_id="person_create",
    summary="Create a person",
)
def person_create(request: HttpRequest, payload: PersonIn) -> Status[Person]:
    """Create a person (admins and IT leads)."""
    require(request.user, "organization.add_person")
    data = payload_data(payload, PERSON_REFS)
    for perm in person_edit_permissions(None, data):
        require(request.user, perm)
    person = services.person_create(data=data, by=request.user)
    return Status(201, person)


@router.patch(
    "/people/{person_id}",
    response={200: PersonOut, **WRITE_ERRORS},
    operation_id="person_update",
    summary="Edit a person",
)
def person_update(request: HttpRequest, person_id: int, payload: PersonPatch) -> Person:
    """Change the fields sent; 409 if `version` is stale."""
    person = selectors.person_get(user=request.user, pk=person_id)
    require(request.user, "organization.change_person", person)
    data = payload_data(payload, PERSON_REFS)
    for perm in person_edit_permissions(person, data):
        require(request.user, perm, person)
    return services.person_update(person=person, data=data, by=request.user)


@router.delete(
    "/people/{person_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="person_delete",
    summary="Delete a person",
)
def person_delete(request: HttpRequest, person_id: int, version: int | None = None) -> Status[None]:
    """Delete a person; 409 while something still refers to them."""
    person = selectors.person_get(user=request.user, pk=person_id)
    require(request.user, "organization.delete_person", person)
    services.person_delete(person=person, by=request.user, version=version)
    return Status(204, None)
