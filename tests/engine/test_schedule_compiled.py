"""The compiled serial passes against the plain-Python reference, and sampling on every core."""

from __future__ import annotations

import sys

import numpy as np
import pytest

from tandem.engine import schedule
from tandem.engine.schedule.sampling import _justify, _Net, _serial
from tests.datasets import dataset

solve_module = sys.modules["tandem.engine.schedule.solve"]


def _random_problem(rng: np.random.Generator) -> schedule.Rcpsp:
    """A small instance with releases, a capacity profile with dips and some pinned jobs."""
    jobs = int(rng.integers(4, 14))
    resources = int(rng.integers(1, 4))
    capacities = rng.integers(2, 6, size=resources)
    requests = rng.integers(0, capacities + 1, size=(jobs, resources))
    successors = tuple(
        tuple(sorted({int(v) for v in rng.integers(j + 1, jobs, size=2)})) if j + 1 < jobs else ()
        for j in range(jobs)
    )
    profile = rng.integers(0, capacities + 1, size=(int(rng.integers(0, 12)), resources))
    pinned = {int(j): int(rng.integers(0, 8)) for j in rng.choice(jobs, size=2, replace=False)}
    return schedule.Rcpsp(
        name="random",
        durations=rng.integers(0, 5, size=jobs),
        requests=requests,
        capacities=capacities,
        successors=successors,
        releases=rng.integers(0, 6, size=jobs) * (rng.random(jobs) < 0.4),
        profile=profile if len(profile) else None,
        pinned=pinned if rng.random() < 0.5 else {},
    )


def _random_order(problem: schedule.Rcpsp, rng: np.random.Generator) -> list[int]:
    """A precedence-feasible order, drawn at random among the jobs ready at each step."""
    before = problem.predecessors()
    placed: set[int] = set()
    order: list[int] = []
    while len(order) < problem.jobs:
        ready = [j for j in range(problem.jobs) if j not in placed and set(before[j]) <= placed]
        job = ready[int(rng.integers(len(ready)))]
        order.append(job)
        placed.add(job)
    return order


def test_the_compiled_serial_pass_places_every_job_as_the_reference_does():
    """On 300 random instances (profiles, releases, pins) both serial passes give one plan."""
    rng = np.random.default_rng(7)
    for _ in range(300):
        problem = _random_problem(rng)
        order = _random_order(problem, rng)
        compiled = _serial(_Net.build(problem), order)
        assert compiled is not None
        assert compiled.tolist() == schedule.serial(problem, order).tolist()


def test_the_compiled_serial_pass_gives_up_past_its_limit():
    """A limit below the plan's makespan abandons the pass; at the makespan it does not."""
    problem = schedule.read_sm(dataset("psplib_rcpsp/j30") / "j301_1.sm")
    net = _Net.build(problem)
    order = schedule.latest_finish_order(problem)
    starts = _serial(net, order)
    assert starts is not None
    span = int((starts + problem.durations).max())
    assert _serial(net, order, limit=span - 1) is None
    again = _serial(net, order, limit=span)
    assert again is not None
    assert again.tolist() == starts.tolist()


def test_justifying_never_lengthens_a_plan_and_keeps_it_valid():
    """Right- then left-justification of random plans is valid and no longer."""
    rng = np.random.default_rng(3)
    for _ in range(100):
        problem = _random_problem(rng)
        if problem.pinned:
            continue  # a pinned job can make the plan itself invalid; sampling scores that
        net = _Net.build(problem)
        starts = _serial(net, _random_order(problem, rng))
        assert starts is not None
        better, (late, span) = _justify(net, starts, None)
        assert late == 0
        assert span <= int((starts + problem.durations).max())
        assert schedule.check(problem, better.tolist()) == []


@pytest.mark.parametrize("workers", [2, 3])
def test_sampling_on_several_cores_returns_the_best_valid_plan(workers):
    """Forked samplings with consecutive seeds: a valid plan, no longer than one LFT pass."""
    problem = schedule.read_sm(sorted(dataset("psplib_rcpsp/j60").glob("*.sm"))[0])
    found = solve_module._sample_in_parallel(problem, 0.3, 0, 0, workers)
    assert schedule.check(problem, found.starts.tolist()) == []
    lft = schedule.serial(problem, schedule.latest_finish_order(problem))
    assert found.makespan <= schedule.makespan(problem, lft)
    assert found.seconds < 1.0


def test_hybrid_above_the_proof_size_with_two_workers_gives_a_checked_plan_in_time():
    """A j60 instance in hybrid mode with two workers: a checked plan within the time limit."""
    problem = schedule.read_sm(sorted(dataset("psplib_rcpsp/j60").glob("*.sm"))[3])
    solution = schedule.solve(problem, solver="hybrid", time_limit=1.0, workers=2)
    assert solution.starts is not None
    assert schedule.check(problem, solution.starts.tolist()) == []
    assert solution.seconds < 1.5
