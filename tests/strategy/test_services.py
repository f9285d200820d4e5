"""Strategic goals: a period that ends before it starts is refused; edits are versioned."""

from datetime import date

import pytest

from tandem.core.errors import Conflict, RuleViolation
from tandem.strategy import services
from tandem.strategy.models import StrategicGoal
from tests.factories import InitiativeFactory, StrategicGoalFactory

pytestmark = pytest.mark.django_db


def test_goal_create_refuses_period_ending_before_start(portfolio, unit):
    """The period must end on or after its start; the error names period_end."""
    with pytest.raises(RuleViolation) as err:
        services.goal_create(
            by=portfolio,
            data={
                "title": "Grow",
                "statement": "Grow revenue",
                "owner_unit": unit,
                "period_start": date(2026, 12, 31),
                "period_end": date(2026, 1, 1),
            },
        )
    assert (err.value.field, err.value.message) == (
        "period_end",
        "The period must end on or after its start.",
    )
    assert StrategicGoal.objects.count() == 0


def test_goal_update_refuses_stale_version(portfolio):
    """A stale edit is refused and the first edit survives."""
    goal = StrategicGoalFactory(title="Grow")
    services.goal_update(goal=goal, data={"title": "Grow faster", "version": 1}, by=portfolio)
    with pytest.raises(Conflict):
        services.goal_update(goal=goal, data={"title": "Shrink", "version": 1}, by=portfolio)
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Grow faster", 2)


def test_goal_delete_unlinks_initiatives(portfolio):
    """Deleting a goal leaves the initiatives that served it in place."""
    goal = StrategicGoalFactory()
    initiative = InitiativeFactory()
    initiative.goals.add(goal)
    services.goal_delete(goal=goal, by=portfolio)
    assert list(initiative.goals.all()) == []
    assert goal.history.filter(history_type="-", history_user=portfolio).exists()
