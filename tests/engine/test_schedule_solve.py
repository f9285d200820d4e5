"""Sampling, CP-SAT and `solve`: determinism, never worse than one pass, exact on small cases."""

from __future__ import annotations

import csv
import itertools
import sys
from pathlib import Path

import numpy as np
import pytest

from tandem.engine import InvalidInput, schedule
from tandem.engine.schedule.sampling import (
    POPULATION,
    SMALLEST_POPULATION,
    _Net,
    _noisy_orders,
    _population,
)
from tests.datasets import dataset


def _files(family: str, every: int, offset: int = 0) -> list[Path]:
    return sorted(dataset(f"psplib_rcpsp/{family}").glob("*.sm"))[offset::every]


def _best_known(family: str) -> dict[str, int]:
    path = dataset("psplib_rcpsp/best_known") / f"{family}_best_known.csv"
    with path.open(newline="") as fh:
        return {row["instance"]: int(row["psplib_best_makespan"]) for row in csv.DictReader(fh)}


def _lft_forward_backward(problem: schedule.Rcpsp) -> int:
    starts = schedule.serial(problem, schedule.latest_finish_order(problem))
    return schedule.makespan(problem, schedule.forward_backward(problem, starts))


def _four(**time: object) -> schedule.Rcpsp:
    """Four jobs on one resource of 3: A(2, 2) → C(2, 1); B(3, 2); D(1, 3) after B."""
    return schedule.Rcpsp(
        name="four",
        durations=np.array([2, 3, 2, 1]),
        requests=np.array([[2], [2], [1], [3]]),
        capacities=np.array([3]),
        successors=((2,), (3,), (), ()),
        **time,  # type: ignore[arg-type]
    )


def _brute_force(problem: schedule.Rcpsp, horizon: int = 11) -> int:
    """The shortest makespan over every start vector below `horizon` that passes `check`."""
    best = horizon + int(problem.durations.max())
    for starts in itertools.product(range(horizon), repeat=problem.jobs):
        span = schedule.makespan(problem, starts)
        if span < best and not schedule.check(problem, starts):
            best = span
    return best


def test_sample_gives_the_same_plan_for_the_same_seed():
    """Two runs with seed 3 and a pass count return the same starts."""
    problem = schedule.read_sm(_files("j120", 1)[0])
    first = schedule.sample(problem, passes=6, seed=3)
    second = schedule.sample(problem, passes=6, seed=3)
    assert first.starts.tolist() == second.starts.tolist()
    assert (first.makespan, first.passes) == (second.makespan, second.passes)


@pytest.mark.parametrize(("family", "every"), [("j30", 16), ("j120", 48)])
def test_sample_is_never_worse_than_one_lft_forward_backward_pass(family, every):
    """On a sample of j30 and j120, sampling is valid and never longer than LFT + FB."""
    for path in _files(family, every):
        problem = schedule.read_sm(path)
        found = schedule.sample(problem, passes=4)
        assert schedule.check(problem, found.starts) == []
        assert found.makespan == schedule.makespan(problem, found.starts)
        assert found.makespan <= _lft_forward_backward(problem), path.stem


def test_sample_crosses_over_once_the_population_is_full():
    """Past POPULATION passes the crossover phase runs: same plan for a seed, no longer here."""
    problem = schedule.read_sm(_files("j120", 1)[0])
    early = schedule.sample(problem, passes=POPULATION - 10, seed=2)
    later = schedule.sample(problem, passes=3 * POPULATION, seed=2)
    again = schedule.sample(problem, passes=3 * POPULATION, seed=2)
    assert later.starts.tolist() == again.starts.tolist()
    assert schedule.check(problem, later.starts) == []
    assert later.makespan <= early.makespan


def test_a_sampling_that_crosses_over_starts_from_more_varied_orders():
    """Orders drawn around the best plan move jobs further when a crossover will follow."""
    problem = schedule.read_sm(_files("j120", 1)[0])
    net = _Net.build(problem)
    best = schedule.sample(problem, passes=4).starts
    ranks = np.empty(problem.jobs, dtype=np.int64)
    ranks[np.argsort(best, kind="stable")] = np.arange(problem.jobs)

    def moved(crossing: bool) -> float:
        orders = _noisy_orders(net, best, np.random.default_rng(5), elite=True, crossing=crossing)
        for order in orders:
            assert _after_predecessors(problem, order)
        return float(np.mean([np.abs(ranks[o] - np.arange(problem.jobs)).mean() for o in orders]))

    assert moved(crossing=True) > 2 * moved(crossing=False)


def _after_predecessors(problem: schedule.Rcpsp, order: np.ndarray) -> bool:
    position = np.empty(problem.jobs, dtype=np.int64)
    position[order] = np.arange(problem.jobs)
    return all(
        position[job] < position[later]
        for job, after in enumerate(problem.successors)
        for later in after
    )


def test_the_population_is_a_tenth_of_the_passes_the_time_allows():
    """A pass count keeps the full population; a time limit scales it, within its bounds."""
    assert _population(None, 0.01) == POPULATION
    assert _population(1.0, 0.002) == 50  # about 500 passes fit
    assert _population(0.05, 0.01) == SMALLEST_POPULATION
    assert _population(60.0, 0.001) == POPULATION


def test_a_crossover_child_lists_every_job_after_its_predecessors():
    """Children of schedules of a j30 instance are precedence-feasible orders of every job."""
    from tandem.engine.schedule import compiled

    problem = schedule.read_sm(_files("j30", 1)[5])
    net = _Net.build(problem)
    pool = compiled.new_pool(POPULATION, problem.jobs, POPULATION)
    for seed in range(12):
        other = schedule.sample(problem, passes=3, seed=seed).starts
        compiled.pool_add(net.arrays, pool, other, int((other + net.durations).max()))
    compiled.reseed(0)
    for _ in range(200):
        order = compiled.child(net.arrays, pool, 0.2)
        assert sorted(order.tolist()) == list(range(problem.jobs))
        assert _after_predecessors(problem, order)


def test_the_pool_keeps_the_shortest_distinct_schedules():
    """A full pool turns away copies and longer plans and lets a shorter one replace the worst."""
    from tandem.engine.schedule import compiled

    problem = schedule.read_sm(_files("j30", 1)[5])
    net = _Net.build(problem)
    distinct = [np.arange(problem.jobs, dtype=np.int64) * step for step in (1, 2, 3)]
    pool = compiled.new_pool(4, problem.jobs, 2)
    compiled.pool_add(net.arrays, pool, distinct[0], 50)
    compiled.pool_add(net.arrays, pool, distinct[0], 50)  # a copy
    compiled.pool_add(net.arrays, pool, distinct[1], 60)
    compiled.pool_add(net.arrays, pool, distinct[2], 70)  # longer than every member
    assert sorted(pool.scores[: pool.state[0]].tolist()) == [50, 60]
    compiled.pool_add(net.arrays, pool, distinct[2], 40)  # shorter: the 60 goes
    assert sorted(pool.scores[: pool.state[0]].tolist()) == [40, 50]
    compiled.pool_resize(pool, 1)
    assert pool.scores[: pool.state[0]].tolist() == [40]
    assert pool.starts[0].tolist() == distinct[2].tolist()
    order = pool.orders[0]
    assert (distinct[2][order][:-1] <= distinct[2][order][1:]).all()


def test_sample_without_passes_or_time_limit_returns_the_first_schedule():
    """With neither a pass count nor a time limit only the LFT + FB plan is built."""
    problem = schedule.read_sm(_files("j30", 1)[0])
    found = schedule.sample(problem)
    assert found.passes == 0
    assert found.makespan == _lft_forward_backward(problem)


def test_sample_stops_at_the_lower_bound_given():
    """A bound the first plan already reaches stops the sampling before any pass."""
    problem = schedule.read_sm(_files("j30", 1)[0])
    found = schedule.sample(problem, passes=50, bound=10**6)
    assert found.passes == 0


def test_sample_honours_the_time_limit():
    """A zero time limit still returns the first, valid plan."""
    problem = schedule.read_sm(_files("j120", 1)[0])
    found = schedule.sample(problem, time_limit=0.0)
    assert found.passes == 0
    assert schedule.check(problem, found.starts) == []


@pytest.mark.parametrize(
    "time",
    [
        {},
        {"releases": np.array([0, 0, 3, 0])},
        {"profile": np.array([[3], [1], [1], [3], [0]])},
        {"pinned": {1: 2}},
        {
            "releases": np.array([1, 0, 0, 0]),
            "profile": np.array([[2], [3], [1]]),
            "pinned": {3: 6},
        },
    ],
    ids=["plain", "release", "capacity-dip", "pinned", "all-three"],
)
def test_cpsat_matches_brute_force_on_a_tiny_instance(time):
    """CP-SAT (alone and after the heuristic) proves the brute-force optimum; plans are valid."""
    problem = _four(**time)
    optimum = _brute_force(problem)
    for solver in ("cpsat", "hybrid"):
        solution = schedule.solve(problem, solver=solver, time_limit=5, workers=1)
        assert (solution.status, solution.makespan) == ("optimal", optimum)
        assert schedule.check(problem, solution.starts) == []
    heuristic = schedule.solve(problem, solver="heuristic")
    assert schedule.check(problem, heuristic.starts) == []
    assert heuristic.makespan >= optimum


def test_cliques_hold_only_jobs_that_can_never_run_together():
    """Each clique's jobs pairwise need too much of a resource or are chained by precedence."""
    cpsat = sys.modules["tandem.engine.schedule.cpsat"]
    # one resource of 4 (3 in the first period): A(3) -> B(2); C(3); D(2); E(1); F(1).
    # A, B and C pairwise cannot overlap; D fits beside B at 4, and E and F beside anything
    problem = schedule.Rcpsp(
        name="cliques",
        durations=np.array([2, 2, 2, 2, 2, 2]),
        requests=np.array([[3], [2], [3], [2], [1], [1]]),
        capacities=np.array([4]),
        successors=((1,), (), (), (), (), ()),
        profile=np.array([[3], [4]]),
    )
    assert [sorted(clique) for clique in cpsat._cliques(problem)] == [[0, 1, 2]]
    for path in _files("j30", 64):
        problem = schedule.read_sm(path)
        before = problem.predecessors()
        chained = cpsat._reach(problem)
        for clique in cpsat._cliques(problem):
            assert len(clique) >= 3
            for one, two in itertools.combinations(clique, 2):
                too_much = problem.requests[one] + problem.requests[two] > problem.capacities
                assert too_much.any() or chained[one, two] or chained[two, one], path.stem
        assert all(chained[p, job] for job in range(problem.jobs) for p in before[job])


def test_solve_cpsat_alone_reports_no_plan_honestly():
    """CP-SAT with no time and no hint has no plan: status unknown, no starts."""
    problem = schedule.read_sm(_files("j120", 1)[0])
    solution = schedule.solve(problem, solver="cpsat", time_limit=0.0)
    assert (solution.status, solution.starts, solution.makespan) == ("unknown", None, None)


def test_solve_cpsat_keeps_the_hint_when_it_finds_nothing():
    """Given a hint and no time, CP-SAT hands the hint back as a heuristic plan."""
    problem = schedule.read_sm(_files("j120", 1)[0])
    hint = schedule.sample(problem).starts
    result = schedule.solve_cpsat(problem, hint=hint, time_limit=0.0)
    assert result.status == "heuristic"
    assert result.starts is not None
    assert result.starts.tolist() == hint.tolist()


def test_solve_hybrid_proves_j30_optima_and_improves_j120():
    """Hybrid plans are valid; on j30 an optimal status means the known optimum."""
    known = _best_known("j30")
    for path in _files("j30", 96, 5):
        problem = schedule.read_sm(path)
        solution = schedule.solve(problem, solver="hybrid", time_limit=2)
        assert schedule.check(problem, solution.starts) == []
        assert solution.makespan >= known[path.stem]
        if solution.status == "optimal":
            assert solution.makespan == solution.bound == known[path.stem]
    problem = schedule.read_sm(_files("j120", 240, 7)[0])
    solution = schedule.solve(problem, solver="hybrid", time_limit=2)
    assert schedule.check(problem, solution.starts) == []
    assert solution.heuristic_makespan is not None
    assert solution.bound <= solution.makespan <= solution.heuristic_makespan


def test_solve_hybrid_plans_a_multi_project_instance():
    """mp_j30_a2_nr2: valid plans for the total makespan and the project-delay objective."""
    instance = schedule.read_mpsplib(
        dataset("mpsplib_multiproject/original_mpsplib_samples") / "mp_j30_a2_nr2.xml"
    )
    problem = instance.problem
    by_span = schedule.solve(problem, solver="hybrid", time_limit=2, objective="total_makespan")
    assert schedule.check(problem, by_span.starts) == []
    assert by_span.makespan == instance.total_makespan(by_span.starts)
    by_delay = schedule.solve(
        problem,
        solver="hybrid",
        time_limit=2,
        objective="average_project_delay",
        project_of=instance.project_of.tolist(),
    )
    assert schedule.check(problem, by_delay.starts) == []
    assert by_delay.objective == int(instance.project_finishes(by_delay.starts).sum())
    finishes = instance.project_finishes(by_span.starts).sum()
    assert by_delay.objective <= finishes


def test_solve_refuses_an_unknown_solver_objective_or_missing_projects():
    """Bad choices are InvalidInput naming the argument."""
    problem = _four()
    with pytest.raises(InvalidInput) as err:
        schedule.solve(problem, solver="magic")
    assert err.value.path == "solver"
    with pytest.raises(InvalidInput) as err:
        schedule.solve(problem, objective="cost")
    assert err.value.path == "objective"
    with pytest.raises(InvalidInput) as err:
        schedule.solve(problem, objective="average_project_delay")
    assert err.value.path == "project_of"
    with pytest.raises(InvalidInput) as err:
        schedule.solve_cpsat(problem, objective="cost")
    assert err.value.path == "objective"
    with pytest.raises(InvalidInput) as err:
        schedule.solve_cpsat(problem, objective="average_project_delay", project_of=[0])
    assert err.value.path == "project_of"
