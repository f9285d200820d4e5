"""A small company to test pages against: one of every object, around `business`'s unit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from tandem.prioritization import services as prioritization_services
from tandem.prioritization.models import ScoringModel
from tandem.roadmap import services as roadmap_services
from tandem.roadmap.models import RankedFirst
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
    model: Any  # the active (weighted) scoring model
    other_model: Any  # an inactive scoring model
    criterion: Any  # a business criterion of `model`
    selection: Any  # a selection run
    scenario: Any  # business's draft scenario, hiring one person into the Service desk
    change: Any  # that scenario's one change
    ranked: Any  # a decision to rank `spare` first (as if a scenario had)


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
    spare = InitiativeFactory(title="Sales dashboard", requesting_unit=unit2)
    model = prioritization_services.scoring_models_install_defaults()
    return World(
        unit=unit,
        unit2=unit2,
        team=team,
        team2=TeamFactory(name="Integration"),
        person=person,
        goal=goal,
        initiative=initiative,
        other=other,
        spare=spare,
        outcome=BusinessOutcomeFactory(initiative=initiative),
        estimate=EffortEstimateFactory(initiative=initiative, team=team),
        status_update=StatusUpdateFactory(initiative=initiative),
        scope_change=ScopeChangeFactory(initiative=initiative),
        dependency=DependencyFactory(predecessor=other, successor=initiative),
        model=model,
        other_model=ScoringModel.objects.filter(is_active=False).order_by("name").first(),
        criterion=model.criteria.get(key="revenue_impact"),
        selection=prioritization_services.selection_run_create(
            period_from="2027Q1", period_to="2027Q2", budget=None, by=None, time_limit=2
        ),
        **_scenario(),
        ranked=RankedFirst.objects.create(initiative=spare),
    )


def _scenario() -> dict[str, Any]:
    """A draft scenario of the `business` persona with one change: a hire into a team of
    its own (so deleting the world's teams is not blocked by it)."""
    business = get_user_model().objects.get(username="business")
    team = TeamFactory(name="Service desk")
    scenario = roadmap_services.scenario_create(data={"name": "Hire early"}, by=business)
    change = roadmap_services.change_add(
        scenario=scenario,
        data={"kind": "hire", "team": team, "people": 1, "first_day": date(2027, 1, 4)},
        by=business,
    )
    scenario.refresh_from_db()
    return {"scenario": scenario, "change": change}
