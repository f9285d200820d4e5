"""Reads for pages that combine several apps: the dashboard, workloads, object history."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Sum

from tandem.accounts.roles import is_business_lead, user_unit_id
from tandem.core import history
from tandem.core.history import HistoryEntry
from tandem.organization.models import Person, Team
from tandem.portfolio import selectors as portfolio_selectors
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import EffortEstimate, Initiative


def dashboard_summary(*, user: Any) -> dict[str, Any]:
    """Initiatives per state, the latest changes, and a business lead's own initiatives."""
    counts = dict(Initiative.objects.order_by().values_list("state").annotate(n=Count("pk")))
    states = [(value, label, counts.get(value, 0)) for value, label in InitiativeState.choices]
    recent = list(Initiative.history.select_related("history_user").order_by("-history_date")[:8])
    unit_id = user_unit_id(user)
    mine = None
    if is_business_lead(user) and unit_id is not None:
        mine = list(portfolio_selectors.initiative_list(user=user, filters={"unit": unit_id}))
    return {
        "states": states,
        "total": sum(counts.values()),
        "recent": recent,
        "my_initiatives": mine,
    }


def team_workload(*, user: Any, team: Team) -> dict[str, Any]:
    """A team's members with FTE and weekly-hours totals, and the estimates against it."""
    members = list(Person.objects.filter(team=team).select_related("unit").order_by("name"))
    totals = Person.objects.filter(team=team).aggregate(fte=Sum("fte"), hours=Sum("hours_per_week"))
    estimates = list(
        EffortEstimate.objects.filter(team=team)
        .select_related("initiative", "initiative__requesting_unit")
        .order_by("initiative__title")
    )
    return {
        "members": members,
        "fte_total": totals["fte"] or Decimal(0),
        "hours_total": totals["hours"] or Decimal(0),
        "estimates": estimates,
        "likely_total": sum((e.likely for e in estimates), Decimal(0)),
    }


def person_involvement(*, user: Any, person: Person) -> dict[str, Any]:
    """The teams a person leads and the initiatives they sponsor or own for IT."""
    base = Initiative.objects.select_related("requesting_unit").order_by("title")
    return {
        "led_teams": list(Team.objects.filter(lead=person).order_by("name")),
        "sponsored": list(base.filter(business_sponsor=person)),
        "owned": list(base.filter(it_owner=person)),
    }


def object_history(*, user: Any, obj: Any) -> list[HistoryEntry]:
    """Every recorded change to `obj`, newest first."""
    return history.object_history(obj)
