"""The roadmap read from the database: teams' free people, initiatives, work and links."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import numpy as np
import pytest
from django.utils import timezone

from tandem.core.errors import RuleViolation
from tandem.portfolio.choices import InitiativeState
from tandem.roadmap import engine_io
from tests.factories import (
    BusinessOutcomeFactory,
    DependencyFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    NonDiscretionaryLoadFactory,
    PersonFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
APPROVED, IN_PROGRESS = InitiativeState.APPROVED, InitiativeState.IN_PROGRESS


def test_default_rate_spreads_the_likely_effort_over_eight_weeks_within_bounds():
    """No rate given: likely ÷ 8 people, at least 0.5 and at most 3."""
    assert [engine_io.default_rate(pw) for pw in (2, 12, 16, 40)] == [0.5, 1.5, 2.0, 3.0]


def test_remaining_effort_takes_off_the_share_of_planned_weeks_already_past():
    """Half the planned weeks gone: half the effort left; never less than a week's work."""
    assert engine_io.remaining_effort(10, 1, -5, 4) == 5
    assert engine_io.remaining_effort(10, 1, 2, 6) == 10
    assert engine_io.remaining_effort(10, 2, -20, -4) == 2
    assert engine_io.remaining_effort(1, 2, -20, -4) == 1


def test_roadmap_build_reads_free_people_after_run_work(scoring_model):
    """Two full-time people less 25% support leave 1.5 people a week, every week."""
    team = TeamFactory(name="Data Platform")
    PersonFactory(team=team)
    PersonFactory(team=team)
    NonDiscretionaryLoadFactory(team=team, percent_of_supply=Decimal("25"))
    roadmap, index = engine_io.roadmap_build(today=timezone.localdate())
    assert roadmap.teams == ("Data Platform",)
    assert roadmap.capacity.shape == (engine_io.HORIZON_WEEKS, 1)
    assert np.allclose(roadmap.capacity, 1.5)
    assert (index.team_ids, roadmap.items) == ([team.pk], ())


def test_roadmap_build_turns_initiatives_into_items_packages_and_links(scoring_model):
    """Dates become weeks from this Monday; estimates become packages; dependencies links."""
    today = timezone.localdate()
    monday = today - timedelta(days=today.weekday())
    team = TeamFactory()
    first = InitiativeFactory(
        state=APPROVED,
        requested_start=monday + timedelta(weeks=3, days=2),
        requested_end=monday + timedelta(weeks=10),
    )
    under_way = InitiativeFactory(
        state=IN_PROGRESS,
        planned_start=monday - timedelta(weeks=4),
        planned_end=monday + timedelta(weeks=3, days=6),
    )
    BusinessOutcomeFactory(initiative=under_way, target_date=monday + timedelta(weeks=20))
    BusinessOutcomeFactory(initiative=under_way, target_date=monday + timedelta(weeks=12))
    EffortEstimateFactory(initiative=first, team=team, low=4, likely=12, high=20)
    EffortEstimateFactory(initiative=under_way, team=team, low=4, likely=8, high=9, rate=2)
    DependencyFactory(predecessor=first, successor=under_way)
    InitiativeFactory(state=InitiativeState.FEASIBILITY_REVIEW)  # not on the roadmap
    EffortEstimateFactory(initiative=InitiativeFactory(state=InitiativeState.INTAKE))
    roadmap, index = engine_io.roadmap_build(today=today)
    assert index.initiative_ids == [first.pk, under_way.pk]
    one, two = roadmap.items
    assert (one.key, one.release, one.target, one.pinned) == (str(first.pk), 3, 11, None)
    assert (two.key, two.release, two.target, two.pinned) == (str(under_way.pk), 0, 13, 0)
    assert [(p.item, p.team, p.effort, p.rate) for p in roadmap.packages] == [
        (0, 0, 12.0, 1.5),
        (1, 0, 4.0, 2.0),  # 4 of its 8 planned weeks are past: half the effort is left
    ]
    assert [(link.before, link.after, link.lag) for link in roadmap.links] == [(0, 1, 0)]
    assert index.targets == {
        first.pk: first.requested_end,
        under_way.pk: monday + timedelta(weeks=12),
    }


def test_roadmap_build_weighs_initiatives_by_their_score(contest):
    """The higher score weighs more; an unscored initiative weighs half the lowest score."""
    unscored = InitiativeFactory(state=APPROVED)
    EffortEstimateFactory(initiative=unscored, team=contest.team)
    roadmap, index = engine_io.roadmap_build(today=timezone.localdate())
    weights = {int(item.key): item.weight for item in roadmap.items}
    assert weights[contest.portal.pk] > weights[contest.gdpr.pk] > weights[unscored.pk] > 0
    assert weights[unscored.pk] == pytest.approx(weights[contest.gdpr.pk] / 2)
    assert index.ranks[contest.portal.pk] == 1


def test_roadmap_build_refuses_a_horizon_without_weeks(scoring_model):
    """An engine refusal becomes a RuleViolation naming the problem."""
    with pytest.raises(RuleViolation) as err:
        engine_io.roadmap_build(today=timezone.localdate(), weeks=0)
    assert err.value.code == "ROADMAP_INVALID"
    assert err.value.message.startswith("The roadmap cannot be planned: horizon.weeks")
