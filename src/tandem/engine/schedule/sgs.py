"""Serial schedule generation: place jobs one at a time, each as early as capacity allows."""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from tandem.engine.schedule.bounds import earliest_starts
from tandem.engine.schedule.problem import Rcpsp


def latest_finishes(problem: Rcpsp, horizon: int) -> np.ndarray:
    """Each job's latest finish if the whole project ends by `horizon` (backward pass)."""
    latest = np.full(problem.jobs, horizon, dtype=np.int64)
    for job in reversed(_precedence_feasible(problem, range(problem.jobs))):
        for later in problem.successors[job]:
            latest[job] = min(latest[job], latest[later] - problem.durations[later])
    return latest


def serial(problem: Rcpsp, priority: Sequence[int]) -> np.ndarray:
    """Start every job at its earliest precedence- and capacity-feasible period.

    Parameters
    ----------
    problem
        The instance.
    priority
        Jobs in the order to try them; each job must come after all its predecessors.

    Returns
    -------
    numpy.ndarray
        The start of every job.
    """
    before = problem.predecessors()
    durations = problem.durations
    horizon = int(durations.sum()) + 1
    free = np.tile(problem.capacities, (horizon, 1))
    starts = np.zeros(problem.jobs, dtype=np.int64)
    for job in priority:
        ready = max((starts[p] + durations[p] for p in before[job]), default=0)
        starts[job] = _first_fit(free, problem.requests[job], int(ready), int(durations[job]))
        free[starts[job] : starts[job] + durations[job]] -= problem.requests[job]
    return starts


def _first_fit(free: np.ndarray, need: np.ndarray, ready: int, duration: int) -> int:
    """The first period from `ready` with `need` free for `duration` periods in a row."""
    if duration == 0 or not need.any():
        return ready
    fits: list[bool] = np.all(free[ready:] >= need, axis=1).tolist()
    run = 0
    for offset, ok in enumerate(fits):
        run = run + 1 if ok else 0
        if run == duration:
            return ready + offset - duration + 1
    raise AssertionError("the horizon always leaves room")  # pragma: no cover


def latest_finish_order(problem: Rcpsp) -> list[int]:
    """Jobs by latest finish (ties: earliest start, then number), predecessors first."""
    earliest = earliest_starts(problem)
    horizon = int((earliest + problem.durations).max(initial=0))
    latest = latest_finishes(problem, horizon)
    return _precedence_feasible(problem, [int(v) for v in np.lexsort((earliest, latest))])


def forward_backward(problem: Rcpsp, starts: np.ndarray) -> np.ndarray:
    """One justification pass each way: right-justify, then left-justify (never worse)."""
    finish = starts + problem.durations
    mirrored = _mirror(problem)
    latest_first = [int(j) for j in np.argsort(-finish, kind="stable")]
    backward = serial(mirrored, _precedence_feasible(mirrored, latest_first))
    back_finish = backward + mirrored.durations
    end = int(back_finish.max(initial=0))
    right_starts = end - back_finish
    earliest_first = [int(j) for j in np.argsort(right_starts, kind="stable")]
    forward = serial(problem, _precedence_feasible(problem, earliest_first))
    better = (forward + problem.durations).max() <= finish.max()
    return forward if better else starts


def _mirror(problem: Rcpsp) -> Rcpsp:
    """The same problem with every precedence reversed."""
    return Rcpsp(
        name=problem.name,
        durations=problem.durations,
        requests=problem.requests,
        capacities=problem.capacities,
        successors=problem.predecessors(),
    )


def _precedence_feasible(problem: Rcpsp, wanted: Sequence[int]) -> list[int]:
    """`wanted`'s order, each job delayed until all its predecessors are placed."""
    rank = {int(job): i for i, job in enumerate(wanted)}
    missing = [len(p) for p in problem.predecessors()]
    ready = [(rank[j], j) for j in range(problem.jobs) if missing[j] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, job = heapq.heappop(ready)
        order.append(job)
        for later in problem.successors[job]:
            missing[later] -= 1
            if missing[later] == 0:
                heapq.heappush(ready, (rank[later], later))
    return order
