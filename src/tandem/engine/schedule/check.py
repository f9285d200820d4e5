"""Check a schedule against its problem, independently of any solver."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tandem.engine.schedule.problem import Rcpsp


def check(problem: Rcpsp, starts: Sequence[int]) -> list[str]:
    """Every way `starts` breaks `problem`'s precedences or capacities, in words.

    Parameters
    ----------
    problem
        The instance.
    starts
        The start period of every job (job ``j`` is PSPLIB job ``j + 1``).

    Returns
    -------
    list of str
        Empty when the schedule is valid; capacity breaches are listed up to 20.
    """
    begin = np.asarray(starts, dtype=np.int64)
    if begin.shape != (problem.jobs,):
        return [f"expected {problem.jobs} starts, got {begin.size}"]
    if (begin < 0).any():
        return [f"job {int(np.argmin(begin)) + 1} starts before period 0"]
    finish = begin + problem.durations
    problems = [
        f"job {later + 1} starts at {begin[later]} before job {job + 1} finishes at {finish[job]}"
        for job, successors in enumerate(problem.successors)
        for later in successors
        if begin[later] < finish[job]
    ]
    return problems + _capacity_breaches(problem, begin, finish)


def _capacity_breaches(problem: Rcpsp, begin: np.ndarray, finish: np.ndarray) -> list[str]:
    horizon = int(finish.max(initial=0))
    usage = np.zeros((horizon + 1, len(problem.capacities)), dtype=np.int64)
    for job in range(problem.jobs):
        usage[begin[job] : finish[job]] += problem.requests[job]
    over = np.argwhere(usage > problem.capacities)
    return [
        f"resource {res + 1} holds {usage[t, res]} of {problem.capacities[res]} in period {t}"
        for t, res in over[:20]
    ]


def makespan(problem: Rcpsp, starts: Sequence[int]) -> int:
    """When the last job finishes."""
    return int((np.asarray(starts, dtype=np.int64) + problem.durations).max(initial=0))
