"""Reads for background plan jobs, and the portfolio figures a summary job computes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from tandem.core.errors import NotFound
from tandem.operations import choices
from tandem.operations.models import PlanJob
from tandem.organization.models import Team
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import EffortEstimate, Initiative

# Work that still needs IT's time: everything not finished or dropped.
OPEN_STATES = [
    s for s in InitiativeState.values if s not in (InitiativeState.DONE, InitiativeState.CANCELLED)
]


def plan_job_get(*, user: Any, pk: int) -> PlanJob:
    """One plan job; NotFound if it does not exist (every signed-in user may read jobs)."""
    job = PlanJob.objects.select_related("requested_by").filter(pk=pk).first()
    if job is None:
        raise NotFound(f"Job {pk} does not exist.", code=choices.JOB_NOT_FOUND)
    return job


def portfolio_summary() -> dict[str, Any]:
    """Initiatives per state, and the likely effort (person-weeks) open work asks of each team."""
    per_state = dict(Initiative.objects.order_by().values_list("state").annotate(count=Count("pk")))
    effort = (
        Team.objects.annotate(
            likely=Sum("estimates__likely", filter=Q(estimates__initiative__state__in=OPEN_STATES)),
            initiatives=Count(
                "estimates__initiative",
                filter=Q(estimates__initiative__state__in=OPEN_STATES),
                distinct=True,
            ),
        )
        .order_by("name")
        .values("id", "name", "likely", "initiatives")
    )
    return {
        "initiatives": sum(per_state.values()),
        "initiatives_by_state": {s: per_state.get(s, 0) for s in InitiativeState.values},
        "estimates": EffortEstimate.objects.count(),
        "likely_effort_by_team": [
            {
                "team_id": row["id"],
                "team": row["name"],
                "initiatives": row["initiatives"],
                "likely_person_weeks": float(row["likely"] or Decimal(0)),
            }
            for row in effort
        ],
    }
