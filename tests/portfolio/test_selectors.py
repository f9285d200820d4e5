"""Portfolio reads: list filters and sorting, and the initiative's change history."""

from datetime import date
from decimal import Decimal

import pytest

from tandem.core.errors import NotFound, RuleViolation
from tandem.portfolio import selectors, services
from tandem.portfolio.choices import InitiativeState
from tests.factories import InitiativeFactory, StrategicGoalFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_initiative_list_filters_by_unit_state_goal_and_kind(viewer, unit, unit2):
    """Each filter narrows the list to what it names."""
    goal = StrategicGoalFactory()
    a = InitiativeFactory(title="A", requesting_unit=unit, state="approved", kind="security")
    a.goals.add(goal)
    InitiativeFactory(title="B", requesting_unit=unit2, state="idea", kind="growth")

    def titles(**filters):
        return [i.title for i in selectors.initiative_list(user=viewer, filters=filters)]

    assert titles(unit=unit.pk) == ["A"]
    assert titles(state=["idea"]) == ["B"]
    assert titles(goal=goal.pk) == ["A"]
    assert titles(kind="growth") == ["B"]
    assert titles() == ["A", "B"]


def test_initiative_list_sorts_by_budget(viewer):
    """`sort=-budget` puts the largest budget first."""
    InitiativeFactory(title="Small", budget_estimate=Decimal(10))
    InitiativeFactory(title="Large", budget_estimate=Decimal(1000))
    listed = selectors.initiative_list(user=viewer, filters={"sort": "-budget"})
    assert [i.title for i in listed] == ["Large", "Small"]


def test_initiative_list_refuses_an_unknown_state_filter(viewer):
    """A bad filter value is refused naming the filter."""
    with pytest.raises(RuleViolation) as err:
        list(selectors.initiative_list(user=viewer, filters={"state": ["launched"]}))
    assert (err.value.code, err.value.field) == ("INVALID_FILTER", "state")


def test_initiative_get_raises_not_found(viewer):
    """A missing initiative is NotFound with its code."""
    with pytest.raises(NotFound) as err:
        selectors.initiative_get(user=viewer, pk=999)
    assert err.value.code == "INITIATIVE_NOT_FOUND"


def test_initiative_history_shows_who_changed_what(business, itlead, unit):
    """The history lists each change with its author and old → new values in words."""
    initiative = services.initiative_create(
        data={
            "title": "Faster close",
            "requesting_unit": unit,
            "kind": "growth",
            "problem_statement": "Close takes 9 days.",
        },
        by=business,
    )
    services.outcome_create(
        initiative=initiative,
        by=business,
        data={
            "metric": "Days to close",
            "baseline": 9,
            "target": 4,
            "unit": "days",
            "target_date": date(2027, 6, 30),
        },
    )
    services.initiative_transition(initiative=initiative, to=InitiativeState.INTAKE, by=business)
    services.estimate_create(
        initiative=initiative,
        by=itlead,
        data={"team": TeamFactory(name="ERP"), "low": 2, "likely": 3, "high": 5},
    )
    entries = selectors.initiative_history(user=business, initiative=initiative)
    summary = [(e.who, e.action, e.subject.split(":")[0]) for e in entries]
    assert summary == [
        ("itlead", "created", "Effort estimate"),
        ("business", "changed", "Initiative"),
        ("business", "created", "Business outcome"),
        ("business", "created", "Initiative"),
    ]
    state_change = entries[1]
    assert ("State", "Idea", "Intake") in state_change.changes
    assert state_change.reason == "Moved to Intake"


def test_initiative_history_shows_goal_changes_by_title(portfolio):
    """Linking a goal shows up in the history with the goal's title."""
    initiative = InitiativeFactory()
    goal = StrategicGoalFactory(title="Grow mid-market revenue")
    services.initiative_update(
        initiative=initiative, data={"goals": [goal], "version": 1}, by=portfolio
    )
    latest = selectors.initiative_history(user=portfolio, initiative=initiative)[0]
    assert (latest.who, latest.changes) == (
        "portfolio",
        [("Goals", "—", "Grow mid-market revenue")],
    )


def test_initiative_history_names_people_and_shows_plain_numbers(portfolio):
    """Linked people appear by name and decimals without trailing zeros."""
    from tests.factories import BusinessOutcomeFactory, PersonFactory

    initiative = InitiativeFactory()
    sponsor = PersonFactory(name="Clara Nielsen")
    services.initiative_update(
        initiative=initiative, data={"business_sponsor": sponsor, "version": 1}, by=portfolio
    )
    outcome = BusinessOutcomeFactory(initiative=initiative, baseline=Decimal("9.0000"))
    services.outcome_update(
        outcome=outcome, data={"target": Decimal("3.5"), "version": 1}, by=portfolio
    )
    entries = selectors.initiative_history(user=portfolio, initiative=initiative)
    changes = [change for entry in entries for change in entry.changes]
    assert ("Business sponsor", "—", "Clara Nielsen") in changes
    assert ("Target", "4", "3.5") in changes
    assert entries[0].subject == "Business outcome: Days to close the books: 9 → 3.5 days"
