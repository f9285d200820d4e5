"""Check a schedule against its problem, independently of any solver."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from tandem.engine.schedule.problem import IntArray, Rcpsp

MAX_BREACHES = 20


def check(problem: Rcpsp, starts: Sequence[int]) -> list[str]:
    """Every way `starts` breaks `problem`'s rules, in words.

    The rules: precedences, release dates, pinned starts and the capacity of every period
    (time-varying when the problem has a profile).

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
    return problems + _time_breaches(problem, begin) + _capacity_breaches(problem, begin, finish)


def _time_breaches(problem: Rcpsp, begin: IntArray) -> list[str]:
    """Jobs that start before their release or away from their pinned start."""
    release = problem.release_dates()
    early = [
        f"job {job + 1} starts at {begin[job]} before its release at {release[job]}"
        for job in np.flatnonzero(begin < release)
    ]
    moved = [
        f"job {job + 1} starts at {begin[job]}, not at its pinned start {start}"
        for job, start in sorted(problem.pinned.items())
        if begin[job] != start
    ]
    return early + moved


def _capacity_breaches(problem: Rcpsp, begin: IntArray, finish: IntArray) -> list[str]:
    horizon = int(finish.max(initial=0))
    change = np.zeros((horizon + 1, len(problem.capacities)), dtype=np.int64)
    np.add.at(change, begin, problem.requests)
    np.subtract.at(change, finish, problem.requests)
    usage = np.cumsum(change[:horizon], axis=0)
    available = problem.capacity(horizon)
    over = np.argwhere(usage > available)
    return [
        f"resource {res + 1} holds {usage[t, res]} of {available[t, res]} in period {t}"
        for t, res in over[:MAX_BREACHES]
    ]


def makespan(problem: Rcpsp, starts: Sequence[int]) -> int:
    """When the last job finishes."""
    return int((np.asarray(starts, dtype=np.int64) + problem.durations).max(initial=0))
