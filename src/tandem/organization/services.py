"""Writes for business units, teams and people. Every function is one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tandem.core.services import create_object, delete_object, update_object
from tandem.organization.models import BusinessUnit, Person, Team

UNIT_FIELDS = ("name", "code", "description", "headcount")
TEAM_FIELDS = ("name", "description", "lead")
PERSON_FIELDS = (
    "name",
    "email",
    "unit",
    "team",
    "fte",
    "hours_per_week",
    "skills",
    "start_date",
    "end_date",
    "user",
)


@transaction.atomic
def unit_create(*, data: dict[str, Any], by: Any) -> BusinessUnit:
    """Create a business unit; RuleViolation naming the field if invalid."""
    return create_object(BusinessUnit, data=data, fields=UNIT_FIELDS, by=by)


@transaction.atomic
def unit_update(*, unit: BusinessUnit, data: dict[str, Any], by: Any) -> BusinessUnit:
    """Edit a business unit; Conflict if `data["version"]` is stale."""
    return update_object(unit, data=data, fields=UNIT_FIELDS, by=by)


@transaction.atomic
def unit_delete(*, unit: BusinessUnit, by: Any, version: int | None = None) -> None:
    """Delete a business unit; Conflict while people or initiatives refer to it."""
    delete_object(unit, by=by, version=version)


@transaction.atomic
def team_create(*, data: dict[str, Any], by: Any) -> Team:
    """Create an IT team."""
    return create_object(Team, data=data, fields=TEAM_FIELDS, by=by)


@transaction.atomic
def team_update(*, team: Team, data: dict[str, Any], by: Any) -> Team:
    """Edit an IT team; Conflict if stale."""
    return update_object(team, data=data, fields=TEAM_FIELDS, by=by)


@transaction.atomic
def team_delete(*, team: Team, by: Any, version: int | None = None) -> None:
    """Delete an IT team; Conflict while members or estimates refer to it."""
    delete_object(team, by=by, version=version)


@transaction.atomic
def person_create(*, data: dict[str, Any], by: Any) -> Person:
    """Create a person."""
    return create_object(Person, data=data, fields=PERSON_FIELDS, by=by)


@transaction.atomic
def person_update(*, person: Person, data: dict[str, Any], by: Any) -> Person:
    """Edit a person; Conflict if stale."""
    return update_object(person, data=data, fields=PERSON_FIELDS, by=by)


@transaction.atomic
def person_delete(*, person: Person, by: Any, version: int | None = None) -> None:
    """Delete a person; Conflict while something still refers to them."""
    delete_object(person, by=by, version=version)
