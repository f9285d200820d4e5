"""A small hand-made portfolio: two initiatives competing for one team, one ranked higher."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from tandem.portfolio.choices import Feasibility, InitiativeState
from tandem.prioritization import services as prioritization_services
from tests.factories import (
    BusinessOutcomeFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    PersonFactory,
    TeamFactory,
)

APPROVED = InitiativeState.APPROVED


@pytest.fixture
def monday():
    """The Monday of this week: week 0 of the roadmap."""
    today = timezone.localdate()
    return today - timedelta(days=today.weekday())


@pytest.fixture
def contest(scoring_model, admin, unit, monday):
    """Data Platform (2 people) is asked 8 person-weeks at 2 people a week by Customer Portal
    (scored 5) and by GDPR Retention (scored 1, due in 6 weeks): the portal goes first, so
    retention starts in week 4 and misses its target."""
    team = TeamFactory(name="Data Platform")
    PersonFactory(team=team)
    PersonFactory(team=team)
    portal = InitiativeFactory(title="Customer Portal", state=APPROVED, requesting_unit=unit)
    gdpr = InitiativeFactory(
        title="GDPR Retention",
        state=APPROVED,
        requesting_unit=unit,
        requested_end=monday + timedelta(weeks=5, days=4),
    )
    for initiative in (portal, gdpr):
        BusinessOutcomeFactory(initiative=initiative, target_date=monday + timedelta(weeks=40))
        EffortEstimateFactory(initiative=initiative, team=team, likely=8, high=10, rate=2)
    criterion = scoring_model.criteria.get(key="revenue_impact")
    for initiative, value in ((portal, 5), (gdpr, 1)):
        prioritization_services.score_set(
            initiative=initiative, criterion=criterion, data={"value": value}, by=admin
        )
    return SimpleNamespace(team=team, portal=portal, gdpr=gdpr)


@pytest.fixture
def urgent(contest, unit, monday):
    """A new compliance deadline in feasibility review, assessed feasible: 8 person-weeks of
    Data Platform at 2 people a week, due in 4 weeks."""
    initiative = InitiativeFactory(
        title="Sanctions Screening",
        state=InitiativeState.FEASIBILITY_REVIEW,
        requesting_unit=unit,
        feasibility=Feasibility.FEASIBLE,
        requested_end=monday + timedelta(weeks=3, days=4),
    )
    BusinessOutcomeFactory(initiative=initiative, target_date=monday + timedelta(weeks=20))
    EffortEstimateFactory(initiative=initiative, team=contest.team, likely=8, high=12, rate=2)
    return initiative
