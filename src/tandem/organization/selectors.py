"""Reads for business units, teams and people."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from tandem.core.errors import NotFound
from tandem.core.selectors import apply_filterset
from tandem.organization import choices
from tandem.organization.filters import BusinessUnitFilterSet, PersonFilterSet, TeamFilterSet
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio.models import Initiative


def unit_list(*, user: Any, filters: dict | None = None) -> QuerySet[BusinessUnit]:
    """Business units, with counts of people and initiatives."""
    # Two subqueries, not two joins: joining people and initiatives multiplies the rows.
    queryset = BusinessUnit.objects.annotate(
        people_count=_count_of(Person, "unit"),
        initiative_count=_count_of(Initiative, "requesting_unit"),
    )
    return apply_filterset(BusinessUnitFilterSet, queryset, filters).order_by("name", "pk")


def _count_of(model: type, field: str) -> Coalesce:
    """The number of `model` rows whose `field` is the outer row, as a subquery."""
    rows = (
        model.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def unit_get(*, user: Any, pk: int) -> BusinessUnit:
    """One business unit; NotFound if it does not exist."""
    unit = BusinessUnit.objects.filter(pk=pk).first()
    if unit is None:
        raise NotFound(f"Business unit {pk} does not exist.", code=choices.UNIT_NOT_FOUND)
    return unit


def team_list(*, user: Any, filters: dict | None = None) -> QuerySet[Team]:
    """IT teams with their head count and weekly hours."""
    queryset = Team.objects.select_related("lead").annotate(
        member_count=Count("members", distinct=True),
        fte_total=Sum("members__fte"),
    )
    return apply_filterset(TeamFilterSet, queryset, filters).order_by("name", "pk")


def team_get(*, user: Any, pk: int) -> Team:
    """One team; NotFound if it does not exist."""
    team = Team.objects.select_related("lead").filter(pk=pk).first()
    if team is None:
        raise NotFound(f"Team {pk} does not exist.", code=choices.TEAM_NOT_FOUND)
    return team


def person_list(*, user: Any, filters: dict | None = None) -> QuerySet[Person]:
    """People, with their unit and team."""
    queryset = Person.objects.select_related("unit", "team")
    return apply_filterset(PersonFilterSet, queryset, filters).order_by("name", "pk")


def person_get(*, user: Any, pk: int) -> Person:
    """One person; NotFound if they do not exist."""
    person = Person.objects.select_related("unit", "team", "user").filter(pk=pk).first()
    if person is None:
        raise NotFound(f"Person {pk} does not exist.", code=choices.PERSON_NOT_FOUND)
    return person
