"""Serial schedule generation: place jobs one at a time, each as early as capacity allows."""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from tandem.engine.schedule.bounds import earliest_starts, latest_finishes
from tandem.engine.schedule.problem import IntArray, Rcpsp

__all__ = ["forward_backward", "latest_finish_order", "latest_finishes", "serial"]


def serial(problem: Rcpsp, priority: Sequence[int]) -> IntArray:
    """Start every job at its earliest precedence- and capacity-feasible period.

    Pinned jobs are placed first, at their pinned start, whatever capacity is left (they may
    over-commit it); every other job then starts no earlier than its release, after its
    predecessors, where the capacity of each period (the profile's, when there is one) still
    has room for it throughout.

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
    free = problem.capacity(problem.horizon())
    starts = problem.release_dates().copy()
    for job, start in problem.pinned.items():
        starts[job] = start
        free[start : start + durations[job]] -= problem.requests[job]
    if problem.pinned:
        np.maximum(free, 0, out=free)  # over-committed periods simply have nothing left
    for job in priority:
        if job in problem.pinned:
            continue
        ready = max((starts[p] + durations[p] for p in before[job]), default=0)
        ready = max(ready, starts[job])
        starts[job] = _first_fit(free, problem.requests[job], int(ready), int(durations[job]))
        free[starts[job] : starts[job] + durations[job]] -= problem.requests[job]
    return starts


def _first_fit(free: IntArray, need: IntArray, ready: int, duration: int) -> int:
    """The first period from `ready` with `need` free for `duration` periods in a row."""
    if duration == 0 or not need.any():
        return ready
    used = np.flatnonzero(need)
    need = need[used]
    # look a stretch ahead at a time: the fit is usually near `ready`, the horizon far away
    run, at, stretch = 0, ready, max(64, 4 * duration)
    while at < len(free):
        fits: list[bool] = np.all(free[at : at + stretch, used] >= need, axis=1).tolist()
        for offset, ok in enumerate(fits):
            run = run + 1 if ok else 0
            if run == duration:
                return at + offset - duration + 1
        at, stretch = at + stretch, stretch * 2
    raise AssertionError("the horizon always leaves room")  # pragma: no cover


def latest_finish_order(problem: Rcpsp) -> list[int]:
    """Jobs by latest finish (ties: earliest start, then number), predecessors first."""
    earliest = earliest_starts(problem)
    horizon = int((earliest + problem.durations).max(initial=0))
    latest = latest_finishes(problem, horizon)
    return _precedence_feasible(problem, [int(v) for v in np.lexsort((earliest, latest))])


def forward_backward(problem: Rcpsp, starts: IntArray) -> IntArray:
    """One justification pass each way: right-justify, then left-justify (never worse).

    The backward pass schedules the mirrored problem (precedences reversed, the capacity
    profile and pinned starts reflected about the schedule's end); it only orders the jobs
    for the forward pass, which schedules the problem itself, so the result keeps releases,
    pinned starts and the profile. Releases are left out of the mirror (they would become
    deadlines, which it cannot state).

    Parameters
    ----------
    problem
        The instance.
    starts
        A schedule of it, e.g. from :func:`serial`.

    Returns
    -------
    numpy.ndarray
        The forward pass's schedule when it ends no later than `starts`, else `starts`.
    """
    finish = starts + problem.durations
    mirrored = _mirror(problem, _end(problem, finish))
    latest_first = [int(j) for j in np.argsort(-finish, kind="stable")]
    backward = serial(mirrored, _precedence_feasible(mirrored, latest_first))
    back_finish = backward + mirrored.durations
    end = int(back_finish.max(initial=0))
    right_starts = end - back_finish
    earliest_first = [int(j) for j in np.argsort(right_starts, kind="stable")]
    forward = serial(problem, _precedence_feasible(problem, earliest_first))
    better = (forward + problem.durations).max() <= finish.max()
    return forward if better else starts


def _end(problem: Rcpsp, finish: IntArray) -> int:
    """The period the mirror reflects about: the schedule's end, or a later pinned finish."""
    pinned = [start + int(problem.durations[job]) for job, start in problem.pinned.items()]
    return max([int(finish.max(initial=0)), *pinned])


def _mirror(problem: Rcpsp, end: int) -> Rcpsp:
    """The same problem run backwards from `end`: precedences reversed, time reflected."""
    profile = None if problem.profile is None else problem.capacity(end)[::-1].copy()
    pinned = {
        job: end - start - int(problem.durations[job]) for job, start in problem.pinned.items()
    }
    return Rcpsp(
        name=problem.name,
        durations=problem.durations,
        requests=problem.requests,
        capacities=problem.capacities,
        successors=problem.predecessors(),
        profile=profile,
        pinned=pinned,
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
