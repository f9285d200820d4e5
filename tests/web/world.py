"""A small company to test pages against: one of every object, around `business`'s unit."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tests.factories import (
    BusinessOutcomeFactory,
    DependencyFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    PersonFactory,
    ScopeChangeFactory,
    StatusUpdateFactory,
    StrategicGoalFactory,
    TeamFactory,
)


@dataclass
class World:
    unit: Any
    unit2: Any
    team: Any
    team2: Any  # no estimates yet
    person: Any
    goal: Any
    initiative: Any  # business's unit, state idea
    other: Any  # business2's unit, the predecessor of `initiative`
    spare: Any  # business2's unit, linked to nothing
    outcome: Any
    estimate: Any
    status_update: Any
    scope_change: Any
    dependency: Any


def build_world(unit, unit2) -> World:
    """One of everything; `initiative` belongs to `unit` (Finance) and is still an idea."""
    team = TeamFactory(name="Data platform")
    person = PersonFactory(
        name="Dana Data",
        email="dana@tandem.example",
        team=team,
        fte=Decimal("0.80"),
        hours_per_week=Decimal("32"),
    )
    goal = StrategicGoalFactory(title="Close the books faster", owner_unit=unit)
    initiative = InitiativeFactory(
        title="Automated ledger reconciliation",
        requesting_unit=unit,
        budget_estimate=Decimal("1250000"),
    )
    initiative.goals.add(goal)
    other = InitiativeFactory(title="CRM clean-up", requesting_unit=unit2)
    return World(
        unit=unit,
        unit2=unit2,
        team=team,
        team2=TeamFactory(name="Integration"),
        person=person,
        goal=goal,
        initiative=initiative,
        other=other,
        spare=InitiativeFactory(title="Sales dashboard", requesting_unit=unit2),
        outcome=BusinessOutcomeFactory(initiative=initiative),
        estimate=EffortEstimateFactory(initiative=initiative, team=team),
        status_update=StatusUpdateFactory(initiative=initiative),
        scope_change=ScopeChangeFactory(initiative=initiative),
        dependency=DependencyFactory(predecessor=other, successor=initiative),
    )
