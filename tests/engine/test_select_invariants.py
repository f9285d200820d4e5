"""Selection invariants on generated portfolios (Hypothesis): against brute force and check."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine.select import check, explain, greedy, lp_bound, solve
from tests.engine.test_select_problem import brute_force, build, item

amounts = st.sampled_from((0.0, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 4.75))


@st.composite
def portfolios(draw):
    """Up to 7 candidates over 2 teams and 2 quarters, with every kind of rule."""
    n = draw(st.integers(0, 7))
    candidates = []
    for i in range(n):
        cells = draw(st.dictionaries(st.tuples(st.integers(0, 1), st.integers(0, 1)), amounts))
        requires = draw(st.lists(st.integers(0, i - 1), max_size=2, unique=True)) if i else []
        candidates.append(
            item(
                f"C{i}",
                draw(st.integers(0, 12).map(float)),
                draw(st.sampled_from((0.0, 0.1, 0.2, 1.0, 2.5))),
                cells,
                mandatory=draw(st.integers(0, 9)) == 0,
                requires=tuple(requires),
            )
        )
    groups = draw(
        st.lists(st.lists(st.integers(0, n - 1), min_size=2, max_size=3, unique=True), max_size=2)
        if n >= 2
        else st.just([])
    )
    capacity = draw(st.tuples(st.tuples(amounts, amounts), st.tuples(amounts, amounts)))
    budget = draw(st.one_of(st.none(), st.sampled_from((0.0, 0.3, 1.0, 2.7))))
    return build(*candidates, capacity=capacity, budget=budget, groups=tuple(map(tuple, groups)))


@settings(max_examples=80, deadline=None, database=None)
@given(problem=portfolios())
def test_solve_is_optimal_valid_and_between_greedy_and_the_lp_bound(problem):
    """solve equals brute force; its and greedy's selections pass check; greedy ≤ it ≤ LP."""
    best = brute_force(problem)
    result = solve(problem)
    if best is None:
        assert result.status == "INFEASIBLE"
        assert result.greedy.mandatory_unfunded
        return
    assert result.status == "OPTIMAL"
    assert abs(result.objective - best) < 1e-9
    assert check(problem, result.chosen) == []
    assert check(problem, greedy(problem).chosen) == []
    assert greedy(problem).objective <= result.objective + 1e-9
    assert lp_bound(problem) >= result.objective - 1e-6


@settings(max_examples=60, deadline=None, database=None)
@given(problem=portfolios(), data=st.data())
def test_explain_gives_every_unfunded_candidate_a_reason(problem, data):
    """Any selection: each unfunded candidate has reasons; 'value' only when it fits."""
    n = len(problem.candidates)
    chosen = data.draw(st.lists(st.integers(0, n - 1), unique=True) if n else st.just([]))
    reasons = explain(problem, chosen)
    assert {r.candidate for r in reasons} == set(range(n)) - set(chosen)
    for r in reasons:
        if r.kind == "value":
            closure = _closure(problem, r.candidate, set(chosen))
            assert _limits(problem, [*chosen, *closure]) == _limits(problem, chosen)


def _closure(problem, i, funded):
    found, stack = [], [i]
    while stack:
        j = stack.pop()
        if j not in funded and j not in found:
            found.append(j)
            stack.extend(problem.candidates[j].requires)
    return found


def _limits(problem, chosen):
    """The findings about capacity, budget and alternatives (not mandatory or prerequisites)."""
    return [f for f in check(problem, chosen) if "mandatory" not in f and "prerequisite" not in f]
