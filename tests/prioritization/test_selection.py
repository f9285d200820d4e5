"""Choosing what to fund on hand-made data: one team with 12 free person-weeks in 2027 Q1.

2027 Q1 runs from Monday 4 January to Sunday 28 March 2027 (12 ISO weeks: the quarter's
weeks are those whose Thursday falls in it). One full-time person gives 12 person-weeks.
Candidates ask 8 (A, score 80), 6 (B, 50) and 5 (C, 40) person-weeks over the quarter and
cost 100,000 each: a ranking by value per euro funds A and then nothing fits (80); the best
set is B and C (90).
"""

from datetime import date
from decimal import Decimal

import pytest

from tandem.core.errors import RuleViolation
from tandem.engine import select
from tandem.portfolio.choices import Feasibility, InitiativeKind, InitiativeState
from tandem.prioritization import selectors, services
from tests.factories import (
    DependencyFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    PersonFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
Q1_FIRST, Q1_LAST = date(2027, 1, 4), date(2027, 3, 28)


@pytest.fixture
def team():
    data = TeamFactory(name="Data Platform")
    PersonFactory(team=data, start_date=date(2020, 1, 1))
    return data


def _candidate(title, person_weeks, scores, team, scorer, model, **fields):
    initiative = InitiativeFactory(
        title=title,
        state=fields.pop("state", InitiativeState.INTAKE),
        requested_start=Q1_FIRST,
        requested_end=Q1_LAST,
        budget_estimate=Decimal("100000"),
        **fields,
    )
    EffortEstimateFactory(
        initiative=initiative, team=team, low=person_weeks, likely=person_weeks, high=person_weeks
    )
    for key, value in scores.items():
        services.score_set(
            initiative=initiative,
            criterion=model.criteria.get(key=key),
            data={"value": value},
            by=scorer,
        )
    return initiative


@pytest.fixture
def candidates(team, business, scoring_model):
    def make(title, person_weeks, fit, revenue, **fields):
        scores = {"strategic_fit": fit, "revenue_impact": revenue}
        return _candidate(title, person_weeks, scores, team, business, scoring_model, **fields)

    return make


def _run(**kwargs):
    run = services.selection_run_create(
        period_from="2027Q1", period_to="2027Q1", by=None, time_limit=5, **kwargs
    )
    return run, selectors.selection_view(run)


def _titles(rows):
    return sorted(row["title"] for row in rows)


def test_the_best_set_beats_the_greedy_ranking_where_capacity_binds(candidates):
    candidates("A", 8, 4, 4)
    candidates("B", 6, 3, 2)
    candidates("C", 5, 2, 2)
    run, view = _run(budget=None)
    assert run.status == "OPTIMAL"
    assert _titles(view["funded"]) == ["B", "C"]
    assert (run.objective, run.greedy_objective) == (pytest.approx(90), pytest.approx(80))
    assert view["gain"] == pytest.approx(10)
    assert _titles(view["only_greedy"]) == ["A"]
    (a,) = view["unfunded"]
    assert a["reasons"] == ["Data Platform has 1 person-week left in 2027 Q1; this needs 8."]
    problem = select.SelectionProblem.from_json(run.problem)
    assert select.check(problem, run.result["chosen"]) == []
    assert problem.capacity_person_weeks == ((12.0,),)


def test_committed_work_and_the_budget_are_respected(candidates, team):
    """An approved initiative takes 4 of the 12 person-weeks first; the budget fits two."""
    committed = InitiativeFactory(
        state=InitiativeState.APPROVED, planned_start=Q1_FIRST, planned_end=Q1_LAST
    )
    EffortEstimateFactory(initiative=committed, team=team, low=4, likely=4, high=4)
    candidates("A", 8, 4, 4)
    candidates("B", 6, 3, 2)
    candidates("C", 2, 1, 1)
    run, view = _run(budget=Decimal("150000"))
    assert run.problem["capacity_person_weeks"] == [[8.0]]
    assert _titles(view["funded"]) == ["A"]
    assert view["spent"] == 100000
    reasons = {row["title"]: row["reasons"] for row in view["unfunded"]}
    assert reasons["C"] == [
        "Data Platform has no person-weeks left in 2027 Q1; this needs 2.",
        "50,000 left of the budget; this costs 100,000.",
    ]


def test_must_do_work_is_funded_first(candidates):
    candidates("A", 8, 4, 4)
    candidates("Retention rules", 6, 1, 0, kind=InitiativeKind.COMPLIANCE)
    _, view = _run(budget=None)
    assert _titles(view["funded"]) == ["Retention rules"]
    assert view["funded"][0]["mandatory"] is True


def test_must_do_work_that_cannot_fit_makes_the_selection_impossible(candidates):
    candidates("Retention rules", 13, 1, 0, kind=InitiativeKind.COMPLIANCE)
    run, view = _run(budget=None)
    assert run.status == "INFEASIBLE"
    assert view["funded"] == []
    assert "Data Platform" in view["unfunded"][0]["reasons"][0]


def test_alternatives_and_prerequisites(candidates, portfolio):
    a = candidates("A", 2, 4, 4)
    b = candidates("B", 2, 3, 3)
    services.alternative_create(data={"first": a, "second": b}, by=portfolio)
    c = candidates("C", 2, 1, 1)
    d = candidates("D", 2, 5, 5)
    DependencyFactory(predecessor=c, successor=d)
    run, view = _run(budget=None)
    assert _titles(view["funded"]) == ["A", "C", "D"]
    (b_row,) = view["unfunded"]
    assert b_row["reasons"] == ["Only one of B and A can be funded, and A is."]
    problem = select.SelectionProblem.from_json(run.problem)
    assert select.check(problem, run.result["chosen"]) == []


def test_initiatives_that_cannot_be_funded_are_named_with_the_reason(candidates):
    candidates("Not feasible", 2, 5, 5, feasibility=Feasibility.NOT_FEASIBLE)
    waits = candidates("Waits", 2, 5, 5)
    DependencyFactory(predecessor=InitiativeFactory(title="Someday"), successor=waits)
    candidates("Fine", 2, 1, 1)
    _, view = _run(budget=None)
    assert _titles(view["funded"]) == ["Fine"]
    assert {(n["title"], n["reason"]) for n in view["notes"]} == {
        ("Not feasible", "IT assessed it as not feasible."),
        ("Waits", "It waits for 'Someday', which is not approved and not a candidate."),
    }


def test_an_undated_candidate_is_spread_over_the_period(candidates, team):
    undated = candidates("Undated", 6, 3, 3)
    undated.requested_start = undated.requested_end = None
    undated.save()
    run, _ = _run(budget=None)
    (candidate,) = run.problem["candidates"]
    assert candidate["needs"] == [{"team": 0, "period": 0, "person_weeks": 6.0}]


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("2027Q5", "2027Q6", "period_from"),
        ("2027Q3", "2027Q1", "period_to"),
        ("2027Q1", "2030Q2", "period_to"),
        ("next year", "2027Q1", "period_from"),
    ],
    ids=["no such quarter", "reversed", "too long", "not a quarter"],
)
def test_bad_periods_are_refused_naming_the_field(first, last, field, scoring_model):
    with pytest.raises(RuleViolation) as refused:
        services.selection_run_create(period_from=first, period_to=last, budget=None, by=None)
    assert refused.value.field == field
