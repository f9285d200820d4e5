"""Selection inputs: the builders the selection tests share, refusals of bad input, JSON."""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest

from tandem.engine.errors import InvalidInput
from tandem.engine.select import Candidate, Need, SelectionProblem, check, solve

TEAMS = ("Data Platform", "Web")
PERIODS = ("2027 Q1", "2027 Q2")


def item(
    name: str,
    value: float,
    cost: float = 0.0,
    needs: dict[tuple[int, int], float] | None = None,
    **extra: Any,
) -> Candidate:
    """A candidate with needs given as ``{(team, period): person_weeks}``."""
    rows = tuple(Need(t, p, pw) for (t, p), pw in (needs or {}).items())
    return Candidate(name=name, value=value, cost=cost, needs=rows, **extra)


def build(
    *candidates: Candidate,
    capacity: tuple[tuple[float, ...], ...] = ((10.0, 10.0), (10.0, 10.0)),
    budget: float | None = None,
    groups: tuple[tuple[int, ...], ...] = (),
    teams: tuple[str, ...] = TEAMS,
    periods: tuple[str, ...] = PERIODS,
) -> SelectionProblem:
    """A problem over two teams and two quarters, 10 person-weeks free in each by default."""
    return SelectionProblem(
        candidates=candidates,
        team_names=teams,
        period_labels=periods,
        capacity_person_weeks=capacity,
        budget=budget,
        exclusive_groups=groups,
    )


def brute_force(problem: SelectionProblem) -> float | None:
    """The best total value over every valid subset (by `check`), None if none is valid."""
    best = None
    n = len(problem.candidates)
    for size in range(n + 1):
        for subset in itertools.combinations(range(n), size):
            if not check(problem, subset):
                value = sum(problem.candidates[i].value for i in subset)
                best = value if best is None else max(best, value)
    return best


def refusal(make: Any) -> InvalidInput:
    """The InvalidInput raised by calling ``make``."""
    with pytest.raises(InvalidInput) as err:
        make()
    return err.value


def test_problem_refuses_a_negative_cost_naming_the_candidate():
    """A negative cost names the candidate's position and field."""
    err = refusal(lambda: build(item("A", 1), item("B", 1, cost=-5)))
    assert (err.path, err.message) == ("candidates[1].cost", "must be ≥ 0")


@pytest.mark.parametrize(
    ("bad", "path", "message"),
    [
        (item("A", float("nan")), "candidates[0].value", "must be a finite number"),
        (item("A", float("inf")), "candidates[0].value", "must be a finite number"),
        (item("A", "ten"), "candidates[0].value", "must be a number"),  # type: ignore[arg-type]
        (item("A", True), "candidates[0].value", "must be a number"),  # type: ignore[arg-type]
        (item("A", 1, needs={(0, 0): -1}), "candidates[0].needs[0].person_weeks", "must be ≥ 0"),
        (
            item("A", 1, needs={(2, 0): 1}),
            "candidates[0].needs[0].team",
            "must name one of the 2 teams (0–1)",
        ),
        (
            item("A", 1, needs={(0, 5): 1}),
            "candidates[0].needs[0].period",
            "must name one of the 2 periods (0–1)",
        ),
        (
            Candidate("A", 1, 0, needs=(Need(0.5, 0, 1),)),  # type: ignore[arg-type]
            "candidates[0].needs[0].team",
            "must be a whole number naming one of the teams",
        ),
        (
            Candidate("A", 1, 0, needs=((0, 0, 1),)),  # type: ignore[arg-type]
            "candidates[0].needs[0]",
            "must be a Need",
        ),
        (
            item("A", 1, requires=(0,)),
            "candidates[0].requires[0]",
            "a candidate cannot require itself",
        ),
        (
            item("A", 1, requires=(3,)),
            "candidates[0].requires[0]",
            "must name one of the 1 candidates (0–0)",
        ),
        (item("A", 1, mandatory="yes"), "candidates[0].mandatory", "must be true or false"),
        (item(7, 1), "candidates[0].name", "must be text"),  # type: ignore[arg-type]
        (item("A", 1, kind=None), "candidates[0].kind", "must be text"),
        (Candidate("A", 1, 0, needs=Need(0, 0, 1)), "candidates[0].needs", "must be a list"),  # type: ignore[arg-type]
        ("A", "candidates[0]", "must be a Candidate"),
    ],
)
def test_problem_refuses_bad_candidates_naming_the_field(bad, path, message):
    """Each bad candidate field is refused with its full path."""
    err = refusal(lambda: build(bad))
    assert (err.path, err.message) == (path, message)


def test_problem_refuses_a_capacity_table_of_the_wrong_shape():
    """One row per team and one entry per period."""
    err = refusal(lambda: build(capacity=((1.0, 1.0),)))
    assert (err.path, err.message) == ("capacity_person_weeks", "must have one row per team (2)")
    err = refusal(lambda: build(capacity=((1.0, 1.0), (1.0,))))
    assert (err.path, err.message) == (
        "capacity_person_weeks[1]",
        "must have one entry per period (2)",
    )
    err = refusal(lambda: build(capacity=((1.0, 1.0), (1.0, -0.5))))
    assert (err.path, err.message) == ("capacity_person_weeks[1][1]", "must be ≥ 0")


def test_problem_refuses_a_negative_budget_and_bad_names():
    """The budget is 0 or more; team names and period labels are text."""
    assert refusal(lambda: build(budget=-1)).path == "budget"
    assert refusal(lambda: build(teams=("A", 2), capacity=((1, 1), (1, 1)))).path == "team_names[1]"  # type: ignore[arg-type]
    assert refusal(lambda: build(periods="Q1")).path == "period_labels"


def test_problem_refuses_bad_exclusive_groups():
    """Groups name existing candidates, each once."""
    two = (item("A", 1), item("B", 1))
    err = refusal(lambda: build(*two, groups=((0, 2),)))
    assert (err.path, err.message) == (
        "exclusive_groups[0][1]",
        "must name one of the 2 candidates (0–1)",
    )
    err = refusal(lambda: build(*two, groups=((1, 1),)))
    assert (err.path, err.message) == ("exclusive_groups[0][1]", "lists candidate 1 twice")


def test_problem_refuses_a_prerequisite_cycle_naming_it():
    """A → B → C → A cannot be funded in any order: refused, naming the candidates."""
    err = refusal(
        lambda: build(
            item("A", 1, requires=(2,)), item("B", 1, requires=(0,)), item("C", 1, requires=(1,))
        )
    )
    assert (err.path, err.message) == (
        "candidates[1].requires",
        "prerequisites form a cycle: A → B → C → A",
    )


def test_problem_with_no_teams_refuses_any_need():
    """Without teams, a need has nothing to refer to."""
    err = refusal(lambda: build(item("A", 1, needs={(0, 0): 1}), teams=(), capacity=()))
    assert err.message == "refers to one of the teams, but there are none"


def test_problem_normalises_numbers_and_lists():
    """Integers become floats, lists tuples, repeated prerequisites count once."""
    problem = SelectionProblem(
        candidates=[Candidate("A", 3, 2, needs=[Need(0, 0, 1)], requires=[1, 1]), item("B", 1)],  # type: ignore[arg-type]
        team_names=["T"],  # type: ignore[arg-type]
        period_labels=["Q1"],  # type: ignore[arg-type]
        capacity_person_weeks=[[4]],  # type: ignore[arg-type]
        budget=5,
        exclusive_groups=[[0, 1]],  # type: ignore[arg-type]
    )
    first = problem.candidates[0]
    assert (first.value, first.cost, first.requires, first.needs) == (
        3.0,
        2.0,
        (1,),
        (Need(0, 0, 1.0),),
    )
    assert isinstance(first.value, float)
    assert problem.capacity_person_weeks == ((4.0,),)
    assert problem.exclusive_groups == ((0, 1),)
    assert problem.budget == 5.0


def _rich() -> SelectionProblem:
    return build(
        item("Data lake", 8, 120_000, {(0, 0): 6, (0, 1): 2.5}, kind="grow"),
        item("Portal", 5, 40_000, {(1, 0): 4}, requires=(0,), kind="transform"),
        item("Audit", 1, 10_000, {(1, 1): 0.1}, mandatory=True, kind="comply"),
        item("Chatbot", 4, 60_000, {(1, 0): 7, (0, 1): 2}),
        budget=150_000,
        groups=((1, 3),),
    )


def test_problem_json_round_trip_is_the_same_problem_and_solution():
    """to_json → JSON → from_json: an equal problem and, with the seed, the same answer."""
    problem = _rich()
    again = SelectionProblem.from_json(json.loads(json.dumps(problem.to_json())))
    assert again == problem
    first, second = solve(problem, seed=3), solve(again, seed=3)
    assert (first.status, first.chosen, first.objective) == (
        second.status,
        second.chosen,
        second.objective,
    )


def test_problem_json_is_plain():
    """The JSON form is plain dicts and lists with every field."""
    data = _rich().to_json()
    assert data["candidates"][1] == {
        "name": "Portal",
        "value": 5.0,
        "cost": 40_000.0,
        "needs": [{"team": 1, "period": 0, "person_weeks": 4.0}],
        "mandatory": False,
        "requires": [0],
        "kind": "transform",
    }
    assert data["budget"] == 150_000.0
    assert data["exclusive_groups"] == [[1, 3]]
    assert data["capacity_person_weeks"] == [[10.0, 10.0], [10.0, 10.0]]


def test_problem_from_json_names_missing_unknown_and_bad_fields():
    """Reading JSON names the field at fault with its full path."""
    data = _rich().to_json()
    del data["candidates"][2]["cost"]
    assert refusal(lambda: SelectionProblem.from_json(data)).path == "candidates[2].cost"
    data = _rich().to_json()
    data["candidates"][0]["needs"][1]["hours"] = 3
    err = refusal(lambda: SelectionProblem.from_json(data))
    assert (err.path, err.message) == ("candidates[0].needs[1].hours", "is not a field")
    data = _rich().to_json()
    data["candidates"][3]["needs"][0]["person_weeks"] = -2
    assert refusal(lambda: SelectionProblem.from_json(data)).path == (
        "candidates[3].needs[0].person_weeks"
    )
    data = _rich().to_json()
    del data["team_names"]
    assert refusal(lambda: SelectionProblem.from_json(data)).path == "team_names"
    assert refusal(lambda: SelectionProblem.from_json({**_rich().to_json(), "x": 1})).path == "x"
    assert refusal(lambda: SelectionProblem.from_json([])).path == "problem"  # type: ignore[arg-type]


def test_problem_from_json_uses_defaults_for_optional_fields():
    """Budget, groups and the optional candidate fields may be left out."""
    problem = SelectionProblem.from_json(
        {
            "candidates": [{"name": "A", "value": 2, "cost": 1}],
            "team_names": [],
            "period_labels": [],
            "capacity_person_weeks": [],
        }
    )
    assert problem.budget is None
    assert problem.exclusive_groups == ()
    assert problem.candidates[0] == Candidate("A", 2.0, 1.0)
