"""Lower bounds on the makespan: no schedule can finish sooner."""

from __future__ import annotations

import numpy as np

from tandem.engine.graph import topological_order
from tandem.engine.schedule.problem import IntArray, Rcpsp

FloatArray = np.ndarray
NO_DEADLINE = np.iinfo(np.int64).max // 4


def _order(problem: Rcpsp) -> list[int]:
    edges = [(job, later) for job, succ in enumerate(problem.successors) for later in succ]
    return topological_order(edges, range(problem.jobs))


def earliest_starts(problem: Rcpsp) -> IntArray:
    """Each job's earliest start from precedences, release dates and pinned starts.

    Parameters
    ----------
    problem
        The instance.

    Returns
    -------
    numpy.ndarray
        For each job the largest of its release, its pinned start (if pinned) and its
        predecessors' earliest finishes (the critical-path forward pass).
    """
    earliest = problem.release_dates().copy()
    for job, start in problem.pinned.items():
        earliest[job] = max(earliest[job], start)
    for job in _order(problem):
        finish = earliest[job] + problem.durations[job]
        for later in problem.successors[job]:
            earliest[later] = max(earliest[later], finish)
    return earliest


def latest_finishes(problem: Rcpsp, horizon: int) -> IntArray:
    """Each job's latest finish if the whole project ends by `horizon` (backward pass).

    Parameters
    ----------
    problem
        The instance; a pinned job finishes at its pinned start plus its duration at the latest.
    horizon
        When every job must have finished.

    Returns
    -------
    numpy.ndarray
        The latest finish of every job.
    """
    return np.minimum(horizon - _tails(problem), _pin_deadlines(problem))


def _tails(problem: Rcpsp) -> IntArray:
    """The longest chain of durations after each job's finish."""
    tails = np.zeros(problem.jobs, dtype=np.int64)
    for job in reversed(_order(problem)):
        for later in problem.successors[job]:
            tails[job] = max(tails[job], tails[later] + problem.durations[later])
    return tails


def _pin_deadlines(problem: Rcpsp) -> IntArray:
    """The latest finish pinned jobs force on each job (NO_DEADLINE when none)."""
    deadlines = np.full(problem.jobs, NO_DEADLINE, dtype=np.int64)
    if not problem.pinned:
        return deadlines
    for job, start in problem.pinned.items():
        deadlines[job] = start + problem.durations[job]
    for job in reversed(_order(problem)):
        for later in problem.successors[job]:
            deadlines[job] = min(deadlines[job], deadlines[later] - problem.durations[later])
    return deadlines


def critical_path_bound(problem: Rcpsp) -> int:
    """The longest chain of durations through the precedences, from each job's release."""
    return int((earliest_starts(problem) + problem.durations).max(initial=0))


def _available(problem: Rcpsp, periods: int) -> IntArray:
    """Capacity per period, raised to the load of pinned jobs where they over-commit it.

    Pinned work is placed whatever the capacity, so bounds measured against the raised
    capacity stay below the schedules the heuristic makes; without over-commitment it is
    simply ``problem.capacity(periods)``.
    """
    available = problem.capacity(periods)
    if problem.pinned:
        pinned = np.zeros_like(available)
        for job, start in problem.pinned.items():
            pinned[start : start + problem.durations[job]] += problem.requests[job]
        available = np.maximum(available, pinned)
    return available


def _cumulative(problem: Rcpsp, periods: int) -> IntArray:
    """Row ``t``: the capacity of periods ``0 .. t - 1`` together; ``periods + 1`` rows."""
    cumulative = np.zeros((periods + 1, problem.capacities.size), dtype=np.int64)
    np.cumsum(_available(problem, periods), axis=0, out=cumulative[1:])
    return cumulative


def energy_bound(problem: Rcpsp) -> int:
    """The first period by which some resource can have done all the work asked of it.

    Parameters
    ----------
    problem
        The instance; with a profile the capacity of each period counts, not the steady one.

    Returns
    -------
    int
        The largest, over resources, of the fewest periods whose capacity covers the total
        work (duration times request) on that resource; without a profile, work divided by
        capacity, rounded up.
    """
    work = problem.durations @ problem.requests
    cumulative = _cumulative(problem, problem.horizon())
    periods = [
        int(np.searchsorted(cumulative[:, res], work[res]))
        for res in range(work.size)
        if work[res] > 0
    ]
    return max(periods, default=0)


WINDOW_CELLS = 4_000_000  # windows times jobs per test: bounds the memory one test takes


def _spread(values: IntArray, count: int) -> IntArray:
    """At most `count` of the sorted `values`, evenly spread, first and last kept."""
    if len(values) <= count:
        return values
    return np.unique(values[np.linspace(0, len(values) - 1, count).round().astype(np.int64)])


class _Windows:
    """What the energetic test of a candidate makespan needs, computed once per problem."""

    def __init__(self, problem: Rcpsp) -> None:
        busy = (problem.durations > 0) & problem.requests.any(axis=1)
        self.durations = problem.durations[busy]
        self.earliest = earliest_starts(problem)[busy]
        self.tails = _tails(problem)[busy]
        self.deadlines = _pin_deadlines(problem)[busy]
        self.limit = problem.horizon()
        self.cumulative = _cumulative(problem, self.limit)
        # single precision halves the memory traffic and is exact while sums stay below 2**24
        small = int((problem.durations @ problem.requests).sum()) < 2**24
        self.dtype = np.float32 if small else np.float64
        self.requests = problem.requests[busy].astype(self.dtype)
        self.edges = max(2, int((WINDOW_CELLS / max(1, busy.sum())) ** 0.5))
        self.starts = _spread(np.unique(self.earliest), self.edges)
        # how much of each job must lie at or after each candidate window start
        after = self.earliest + self.durations - self.starts[:, None]
        self.after = np.clip(np.minimum(self.durations, after), 0, None).astype(self.dtype)

    def fails(self, makespan: int) -> bool:
        """Whether some window [a, b) cannot hold the work that must fall in it."""
        latest = np.minimum(makespan - self.tails, self.deadlines)
        begins = latest - self.durations
        if (begins < self.earliest).any():
            return True
        keep = self.starts < makespan
        starts, after = self.starts[keep], self.after[keep]
        ends = _spread(np.unique(latest), self.edges)
        before = np.clip(np.minimum(self.durations, ends[:, None] - begins), 0, None)
        length = np.clip(ends[None, :] - starts[:, None], 0, None).astype(self.dtype)
        inside = np.minimum(after[:, None, :], before.astype(self.dtype)[None, :, :])
        np.minimum(inside, length[:, :, None], out=inside)
        flat = inside.reshape(-1, self.durations.size)
        room = self.cumulative[ends][None, :, :] - self.cumulative[starts][:, None, :]
        room = np.maximum(room, 0).reshape(flat.shape[0], -1)  # b <= a: an empty window
        # one product per resource: a single matrix product would be spread over BLAS
        # threads, which costs more than it saves at this size
        return any(
            bool((flat @ self.requests[:, res] > room[:, res]).any())
            for res in range(room.shape[1])
        )


def window_energy_bound(problem: Rcpsp) -> int:
    """The smallest makespan whose time windows can each hold the work that must fall in them.

    For a candidate makespan ``T`` every job has an earliest start (release, pinned start,
    predecessors) and a latest finish (``T`` less the chain after it, pinned starts). In any
    window ``[a, b)`` a job must then spend at least
    ``min(p, b - a, earliest + p - a, b - latest + p)`` periods (energetic reasoning); for
    each resource the requests times those overlaps must fit the window's capacity. Windows
    start at earliest starts and end at latest finishes.

    Parameters
    ----------
    problem
        The instance.

    Returns
    -------
    int
        The first makespan, from the critical-path and energy bounds up, that passes every
        window (found by doubling, then bisection: every makespan at or above the optimum
        passes, so the result never exceeds it).
    """
    low = max(critical_path_bound(problem), energy_bound(problem))
    windows = _Windows(problem)
    if not windows.durations.size or not windows.fails(low):
        return low
    step, high = 1, low + 1
    while high < windows.limit and windows.fails(high):
        low, step = high, step * 2
        high = low + step
    high = min(high, windows.limit)
    while high - low > 1:
        middle = (low + high) // 2
        if windows.fails(middle):
            low = middle
        else:
            high = middle
    return high


def lower_bound(problem: Rcpsp) -> int:
    """The best of the critical-path, energy and window-energy bounds."""
    return window_energy_bound(problem)
