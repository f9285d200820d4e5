"""Selection: solve, greedy and the LP bound against brute force on small portfolios."""

from __future__ import annotations

import json
import random

import pytest

from tandem.engine.select import (
    STATUSES,
    Candidate,
    Need,
    SelectionProblem,
    check,
    greedy,
    lp_bound,
    solve,
)
from tests.engine.test_select_problem import brute_force, build, item, refusal

ONE_CELL = ((10.0, 10.0), (10.0, 10.0))


def assert_best(problem: SelectionProblem) -> None:
    """solve finds the brute-force optimum; solve's and greedy's selections pass check."""
    best = brute_force(problem)
    result = solve(problem)
    assert result.status == "OPTIMAL"
    assert result.objective == pytest.approx(best)
    assert result.bound == pytest.approx(best)
    assert result.gap_pct == 0.0
    assert check(problem, result.chosen) == []
    assert check(problem, result.greedy.chosen) == []
    assert result.greedy.objective <= result.objective + 1e-9
    assert result.lp_bound >= result.objective - 1e-6
    assert result.chosen == tuple(sorted(result.chosen))
    unfunded = {r.candidate for r in result.reasons}
    assert unfunded == set(range(len(problem.candidates))) - set(result.chosen)


def test_solve_beats_greedy_when_capacity_binds():
    """Greedy takes the best ratio (A), then nothing else fits; B and C together are worth more."""
    problem = build(
        item("A", 7, needs={(0, 0): 6}),
        item("B", 5, needs={(0, 0): 5}),
        item("C", 5, needs={(0, 0): 5}),
    )
    assert greedy(problem).chosen == (0,)
    assert greedy(problem).objective == 7
    result = solve(problem)
    assert result.chosen == (1, 2)
    assert result.objective == 10
    assert result.objective > result.greedy.objective
    assert_best(problem)


def test_solve_funds_prerequisites_with_what_needs_them():
    """A valuable candidate brings its worthless prerequisite; both fit only without D."""
    problem = build(
        item("Platform", 0, needs={(0, 0): 4}),
        item("Product", 9, needs={(0, 0): 4}, requires=(0,)),
        item("Extension", 2, needs={(1, 1): 1}, requires=(1,)),
        item("Other", 5, needs={(0, 0): 5}),
    )
    result = solve(problem)
    assert result.chosen == (0, 1, 2)
    assert result.objective == 11
    assert_best(problem)


def test_solve_funds_mandatory_candidates_first():
    """A mandatory candidate of no value takes capacity the best candidate needed."""
    problem = build(
        item("Compliance", 0, needs={(0, 0): 6}, mandatory=True),
        item("Best", 10, needs={(0, 0): 5}),
        item("Second", 4, needs={(0, 0): 4}),
    )
    result = solve(problem)
    assert result.chosen == (0, 2)
    assert_best(problem)


def test_solve_funds_one_of_an_exclusive_pair():
    """Two alternatives: the better one is funded, the other one is cut as an alternative."""
    problem = build(
        item("Build", 6, needs={(0, 0): 3}),
        item("Buy", 8, cost=10, needs={(0, 0): 1}),
        item("Extra", 1, needs={(1, 0): 1}),
        groups=((0, 1),),
    )
    result = solve(problem)
    assert result.chosen == (1, 2)
    assert [(r.candidate, r.kind, r.other) for r in result.reasons] == [(0, "exclusive", 1)]
    assert_best(problem)


def test_solve_respects_each_quarter_of_a_team():
    """Q2 is the tight quarter: a candidate spread over both quarters must fit each one."""
    problem = build(
        item("Both", 9, needs={(0, 0): 3, (0, 1): 3}),
        item("Q2 only", 5, needs={(0, 1): 2}),
        item("Q2 too", 5, needs={(0, 1): 2}),
        item("Q1", 1, needs={(0, 0): 6}),
        capacity=((10.0, 4.0), (0.0, 0.0)),
    )
    result = solve(problem)
    assert result.chosen == (1, 2, 3)
    assert result.objective == 11
    assert_best(problem)


def test_solve_without_a_budget_ignores_costs():
    """With budget None any cost is fine; with a budget the expensive one is left out."""
    cands = (
        item("Cheap", 3, cost=1_000, needs={(0, 0): 2}),
        item("Dear", 5, cost=900_000, needs={(0, 0): 2}),
    )
    assert solve(build(*cands)).chosen == (0, 1)
    capped = build(*cands, budget=500_000)
    assert solve(capped).chosen == (0,)
    assert_best(capped)


def test_solve_reports_infeasible_mandatory_candidates_with_reasons():
    """Two mandatory candidates need 12 of 10 person-weeks: infeasible, and why."""
    problem = build(
        item("GDPR", 1, needs={(0, 0): 7}, mandatory=True),
        item("SOX", 1, needs={(0, 0): 5}, mandatory=True),
        item("Nice", 5, needs={(1, 1): 1}),
    )
    result = solve(problem)
    assert result.status == "INFEASIBLE"
    assert (result.chosen, result.objective, result.bound, result.gap_pct) == ((), 0.0, 0.0, 0.0)
    assert [(r.candidate, r.kind, r.team, r.period, r.needed, r.left) for r in result.reasons] == [
        (1, "capacity", 0, 0, 5.0, 3.0)
    ]
    assert (
        result.reasons[0].text == "Data Platform has 3 person-weeks left in 2027 Q1; this needs 5."
    )
    assert result.greedy.mandatory_unfunded == (1,)
    assert brute_force(problem) is None
    assert result.to_json()["status"] == "INFEASIBLE"


def test_solve_reports_infeasible_when_mandatory_alternatives_clash():
    """Two mandatory candidates in one exclusive group cannot both be funded."""
    problem = build(item("A", 1, mandatory=True), item("B", 1, mandatory=True), groups=((0, 1),))
    result = solve(problem)
    assert result.status == "INFEASIBLE"
    assert [(r.candidate, r.kind, r.other) for r in result.reasons] == [(1, "exclusive", 0)]


def test_lp_bound_is_minus_infinity_when_even_shares_cannot_fund_the_mandatory():
    """The relaxation itself is infeasible: no bound, reported as None in JSON."""
    problem = build(item("Big", 1, needs={(0, 0): 11}, mandatory=True))
    assert lp_bound(problem) == float("-inf")
    assert solve(problem).to_json()["lp_bound"] is None


def test_solve_demand_exactly_equal_to_capacity_fits():
    """2.5 + 0.1 + 0.2 person-weeks fill 2.8 exactly, and 0.1 + 0.2 money fills 0.3."""
    problem = build(
        item("A", 1, cost=0.1, needs={(0, 0): 2.5}),
        item("B", 1, cost=0.2, needs={(0, 0): 0.1}),
        item("C", 1, needs={(0, 0): 0.2}),
        capacity=((2.8, 0.0), (0.0, 0.0)),
        budget=0.3,
    )
    result = solve(problem)
    assert result.chosen == (0, 1, 2)
    assert greedy(problem).chosen == (0, 1, 2)
    assert check(problem, result.chosen) == []
    assert_best(problem)


def test_solve_never_rounds_a_need_down_into_an_overload():
    """Needs finer than 0.001 person-weeks round up: 3 × 0.3334 do not fit 1.0002."""
    problem = build(
        item("A", 1, needs={(0, 0): 0.3334}),
        item("B", 1, needs={(0, 0): 0.3334}),
        item("C", 1, needs={(0, 0): 0.33341}),
        capacity=((1.0002, 0.0), (0.0, 0.0)),
    )
    result = solve(problem)
    assert len(result.chosen) == 2
    assert check(problem, result.chosen) == []


def test_solve_keeps_large_money_exact():
    """Costs in the hundreds of millions with cents fit a budget of exactly their sum."""
    problem = build(
        item("A", 2, cost=123_456_789.01),
        item("B", 2, cost=876_543_210.99),
        item("C", 1, cost=0.01),
        budget=1_000_000_000.0,
    )
    assert solve(problem).chosen == (0, 1)
    assert_best(problem)


def test_solve_values_with_many_decimals_stay_close():
    """Values finer than the resolution still give the best choice and a bound above it."""
    problem = build(
        item("A", 1.00004, needs={(0, 0): 6}),
        item("B", 1.00003, needs={(0, 0): 6}),
    )
    result = solve(problem)
    assert result.chosen in ((0,), (1,))
    assert result.bound >= result.objective


def test_solve_of_nothing_is_optimal_and_empty():
    """No candidates: an empty, optimal selection."""
    result = solve(build())
    assert (result.status, result.chosen, result.objective, result.reasons) == (
        "OPTIMAL",
        (),
        0.0,
        (),
    )
    assert lp_bound(build()) == 0.0


def test_solve_without_time_falls_back_to_greedy():
    """With no time at all the solver finds nothing itself: TIME_LIMIT with greedy's selection."""
    problem = build(
        item("A", 7, needs={(0, 0): 6}),
        item("B", 5, needs={(0, 0): 5}),
        item("C", 5, needs={(0, 0): 5}),
    )
    result = solve(problem, time_limit=0.0)
    assert result.status == "TIME_LIMIT"
    assert result.chosen == result.greedy.chosen == (0,)
    assert result.bound >= 10.0 - 1e-6
    assert result.gap_pct > 0
    assert result.status in STATUSES


def _hard(n: int, seed: int) -> SelectionProblem:
    rng = random.Random(seed)
    cands = []
    for i in range(n):
        needs = tuple(
            Need(t, p, float(rng.randint(1, 9)))
            for t in range(3)
            for p in range(2)
            if rng.random() < 0.5
        )
        cands.append(Candidate(f"C{i}", float(rng.randint(1, 30)), float(rng.randint(1, 9)), needs))
    return SelectionProblem(
        candidates=tuple(cands),
        team_names=("A", "B", "C"),
        period_labels=("Q1", "Q2"),
        capacity_person_weeks=((40.0, 40.0), (40.0, 40.0), (40.0, 40.0)),
        budget=60.0,
    )


def test_solve_stops_at_the_relative_gap_and_says_feasible():
    """A loose relative gap stops at the first good selection: FEASIBLE with its gap."""
    result = solve(_hard(80, 4), relative_gap=0.5)
    assert result.status == "FEASIBLE"
    assert 0 < result.gap_pct <= 50.0 + 1e-9
    assert result.bound > result.objective >= result.greedy.objective
    assert check(_hard(80, 4), result.chosen) == []


def test_solve_is_reproducible_for_the_same_seed():
    """The same problem and seed give the same selection, also after a JSON round trip."""
    problem = _hard(40, 9)
    first = solve(problem, seed=5)
    again = solve(SelectionProblem.from_json(json.loads(json.dumps(problem.to_json()))), seed=5)
    assert first.status == "OPTIMAL"
    assert (first.chosen, first.objective) == (again.chosen, again.objective)


def test_solve_result_json_is_plain():
    """Selection.to_json: plain values, reasons and the greedy result included."""
    problem = build(
        item("A", 7, needs={(0, 0): 6}),
        item("B", 5, needs={(0, 0): 5}),
        item("C", 5, needs={(0, 0): 5}),
    )
    data = json.loads(json.dumps(solve(problem).to_json()))
    assert data["status"] == "OPTIMAL"
    assert data["chosen"] == [1, 2]
    assert data["greedy"] == {"chosen": [0], "objective": 7.0, "mandatory_unfunded": []}
    assert data["reasons"][0]["candidate"] == 0
    assert data["reasons"][0]["kind"] == "capacity"
    assert set(data) == {
        "status",
        "objective",
        "bound",
        "gap_pct",
        "runtime_s",
        "chosen",
        "reasons",
        "greedy",
        "lp_bound",
    }


@pytest.mark.parametrize(
    ("controls", "path"),
    [
        ({"time_limit": -1.0}, "time_limit"),
        ({"time_limit": float("nan")}, "time_limit"),
        ({"relative_gap": -0.1}, "relative_gap"),
        ({"workers": 0}, "workers"),
        ({"workers": 1.5}, "workers"),
        ({"seed": -1}, "seed"),
        ({"seed": True}, "seed"),
    ],
)
def test_solve_refuses_bad_controls(controls, path):
    """Out-of-range solver controls are refused, naming the control."""
    assert refusal(lambda: solve(build(), **controls)).path == path


def test_greedy_ranks_by_value_for_money_with_a_budget():
    """With a budget, value ÷ cost ranks (without cost: value ÷ person-weeks); ties by index."""
    problem = build(
        item("Ratio 1", 10, cost=10),
        item("Ratio 2", 10, cost=5),
        item("Free", 1, cost=0, needs={(0, 0): 1}),
        item("Ratio 1 again", 5, cost=5),
        budget=16,
    )
    assert greedy(problem).chosen == (0, 1, 2)


def test_greedy_ranks_by_value_per_person_week_without_a_budget():
    """Without a budget, value ÷ person-weeks ranks, and the cost is ignored."""
    problem = build(
        item("Dense", 6, cost=1e6, needs={(0, 0): 3}),
        item("Sparse", 8, cost=1, needs={(0, 0): 8}),
        item("Nothing", 0, needs={(0, 0): 1}),
    )
    assert greedy(problem).chosen == (0, 2)
    assert greedy(problem).objective == 6


def _random_problem(seed: int) -> SelectionProblem:
    rng = random.Random(seed)
    n = rng.randint(8, 10)
    cands = []
    for i in range(n):
        needs = {
            (t, p): rng.choice((0.5, 1.0, 2.5, 3.0, 4.0, 6.0))
            for t in range(2)
            for p in range(2)
            if rng.random() < 0.45
        }
        requires = (
            tuple(sorted(rng.sample(range(i), min(i, rng.randint(1, 2)))))
            if i and rng.random() < 0.2
            else ()
        )
        cands.append(
            item(
                f"C{i}",
                float(rng.randint(0, 20)),
                float(rng.randint(0, 5) * 1000),
                needs,
                mandatory=rng.random() < 0.08,
                requires=requires,
            )
        )
    pairs = tuple(tuple(sorted(rng.sample(range(n), 2))) for _ in range(rng.randint(0, 2)))
    return build(
        *cands,
        capacity=tuple(tuple(float(rng.randint(3, 9)) for _ in range(2)) for _ in range(2)),
        budget=rng.choice((None, 8000.0, 12000.0)),
        groups=pairs,
    )


@pytest.mark.parametrize("seed", range(30))
def test_solve_matches_brute_force_on_random_portfolios(seed):
    """Random portfolios of 8–10 candidates: the brute-force optimum, or infeasible when it is."""
    problem = _random_problem(seed)
    best = brute_force(problem)
    result = solve(problem, seed=seed)
    if best is None:
        assert result.status == "INFEASIBLE"
        assert result.reasons
        assert {r.candidate for r in result.reasons} <= {
            i for i, c in enumerate(problem.candidates) if c.mandatory
        }
        return
    assert result.status == "OPTIMAL"
    assert result.objective == pytest.approx(best)
    assert check(problem, result.chosen) == []
    assert check(problem, result.greedy.chosen) == []
    assert result.greedy.objective <= best + 1e-9
    assert result.lp_bound >= best - 1e-6


def test_solve_scales_down_amounts_too_large_for_whole_units():
    """Costs of 4 × 10¹⁴ and a budget of 10¹⁵ are counted in tens; two fit, the third does not."""
    problem = build(
        item("A", 3, cost=4e14),
        item("B", 2, cost=4e14),
        item("C", 1, cost=4e14),
        budget=1e15,
    )
    result = solve(problem)
    assert result.chosen == (0, 1)
    assert check(problem, result.chosen) == []
    assert [r.text for r in result.reasons] == [
        "200,000,000,000,000 left of the budget; this costs 400,000,000,000,000."
    ]


def test_solve_is_conservative_below_the_resolution():
    """3 × 0.3334 fill 1.0002 exactly, but count as 3 × 0.334 against 1.000: only two."""
    problem = build(
        *(item(name, 1, needs={(0, 0): 0.3334}) for name in "ABC"),
        capacity=((1.0002, 0.0), (0.0, 0.0)),
    )
    assert check(problem, [0, 1, 2]) == []
    assert len(solve(problem).chosen) == 2
