"""The serial schedule passes of the sampling, compiled to machine code with numba.

The sampling spends nearly all its time placing jobs: each pass builds a schedule, mirrors it
and builds it again. In plain Python a serial pass of 122 jobs took about 0.3 ms; compiled it
takes a few microseconds, so the same seconds try many more schedules. The functions read the
instance as flat arrays (:class:`Arrays`) and write into buffers the caller owns, so a pass
allocates nothing but its result.

The first call in a process compiles the functions (about a second); numba caches the machine
code beside this file, or in the user's cache folder when that is read-only, so later processes
load it in milliseconds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar, cast

import numpy as np
import numpy.typing as npt
from numba import njit

IntArray = npt.NDArray[np.int64]
_Function = TypeVar("_Function", bound=Callable[..., Any])


def _compiled(function: _Function) -> _Function:
    """`function` compiled on its first call, the machine code cached on disk."""
    return cast(_Function, njit(cache=True, nogil=True)(function))


class Arrays(NamedTuple):
    """An instance as the flat arrays the compiled passes read.

    Lists of lists are in compressed form: job ``j``'s entries of ``values`` are
    ``values[pointer[j]:pointer[j + 1]]``.
    """

    durations: IntArray
    need_pointer: IntArray  # the resources each job uses, and how much of each
    need_resource: IntArray
    need_amount: IntArray
    before_pointer: IntArray  # each job's predecessors
    before: IntArray
    after_pointer: IntArray  # each job's successors
    after: IntArray
    releases: IntArray  # each job's earliest start (0 for none)
    pins: IntArray  # each pinned job's start, -1 for the others
    grid: IntArray  # free capacity per period (rows) and resource until the horizon
    steady: IntArray  # free capacity per resource after the capacity profile
    work: int  # the sum of the durations
    base_rows: int  # periods of `grid` before the steady capacity
    topo: IntArray  # each job's rank in one topological order
    free: IntArray  # the buffer a pass fills (as large as `grid`)


def compressed(lists: tuple[tuple[int, ...], ...]) -> tuple[IntArray, IntArray]:
    """`lists` as a pointer array and the concatenated values."""
    pointer = np.zeros(len(lists) + 1, dtype=np.int64)
    pointer[1:] = np.cumsum([len(row) for row in lists])
    values = np.array([v for row in lists for v in row], dtype=np.int64)
    return pointer, values


@_compiled
def serial(a: Arrays, order: IntArray, cut: int, starts: IntArray) -> bool:
    """Start each job of `order` at its earliest feasible period, into `starts`.

    False when a job would finish after `cut` (the schedule is abandoned).
    """
    periods = min(cut, a.grid.shape[0])
    free = a.free
    free[:periods] = a.grid[:periods]
    finish = np.zeros(a.durations.shape[0], dtype=np.int64)
    for job in order:
        t = a.releases[job]
        for k in range(a.before_pointer[job], a.before_pointer[job + 1]):
            if finish[a.before[k]] > t:
                t = finish[a.before[k]]
        length = a.durations[job]
        start = t
        if a.pins[job] >= 0:
            start = a.pins[job]
        elif length > 0 and a.need_pointer[job + 1] > a.need_pointer[job]:
            end = start + length
            while t < end:
                if end > periods:
                    return False
                for k in range(a.need_pointer[job], a.need_pointer[job + 1]):
                    if free[t, a.need_resource[k]] < a.need_amount[k]:
                        start = t + 1
                        end = start + length
                        break
                t += 1
            for period in range(start, end):
                for k in range(a.need_pointer[job], a.need_pointer[job + 1]):
                    free[period, a.need_resource[k]] -= a.need_amount[k]
        if start + length > cut:
            return False
        starts[job] = start
        finish[job] = start + length
    return True


@_compiled
def mirrored(a: Arrays, order: IntArray, span: int) -> IntArray:
    """The serial pass reversed in time, ending at `span`; each job's finish counted back.

    The capacity profile (`a.base_rows` periods of `a.grid`) is read backwards from `span`.
    """
    periods = max(a.grid.shape[0], span + a.work + 1)
    free = np.empty((periods, a.steady.shape[0]), dtype=np.int64)
    free[:] = a.steady
    shown = min(span, a.base_rows)
    for back in range(shown):
        free[span - 1 - back] = a.grid[back]
    finish = np.zeros(a.durations.shape[0], dtype=np.int64)
    for job in order:
        t = 0
        for k in range(a.after_pointer[job], a.after_pointer[job + 1]):
            if finish[a.after[k]] > t:
                t = finish[a.after[k]]
        length = a.durations[job]
        start = t
        if length > 0 and a.need_pointer[job + 1] > a.need_pointer[job]:
            end = start + length
            while t < end:
                for k in range(a.need_pointer[job], a.need_pointer[job + 1]):
                    if free[t, a.need_resource[k]] < a.need_amount[k]:
                        start = t + 1
                        end = start + length
                        break
                t += 1
            for period in range(start, end):
                for k in range(a.need_pointer[job], a.need_pointer[job + 1]):
                    free[period, a.need_resource[k]] -= a.need_amount[k]
        finish[job] = start + length
    return span - finish


@_compiled
def score(a: Arrays, starts: IntArray) -> tuple[int, int]:
    """Pinned jobs started before a predecessor finished, and the span."""
    late = 0
    span = 0
    for job in range(starts.shape[0]):
        span = max(span, starts[job] + a.durations[job])
        if a.pins[job] >= 0:
            for k in range(a.before_pointer[job], a.before_pointer[job + 1]):
                earlier = a.before[k]
                if starts[earlier] + a.durations[earlier] > a.pins[job]:
                    late += 1
                    break
    return late, span


@_compiled
def justify(a: Arrays, starts: IntArray, cut: int) -> tuple[IntArray, int, int]:
    """Right-justify, then left-justify `starts`; the better of the two and its score."""
    jobs = starts.shape[0]
    late, span = score(a, starts)
    right = mirrored(a, np.argsort(-((starts + a.durations) * jobs + a.topo)), span)
    forward = np.zeros(jobs, dtype=np.int64)
    if not serial(a, np.argsort(right * jobs + a.topo), cut, forward):
        return starts, late, span
    new_late, new_span = score(a, forward)
    if (new_late, new_span) > (late, span):
        return starts, late, span
    return forward, new_late, new_span


@_compiled
def sampled(a: Arrays, order: IntArray, cut: int) -> tuple[bool, IntArray, int, int]:
    """One pass: the serial schedule of `order`, justified; False when past `cut`."""
    starts = np.zeros(order.shape[0], dtype=np.int64)
    if not serial(a, order, cut, starts):
        return False, starts, 0, 0
    best, late, span = justify(a, starts, cut)
    return True, best, late, span


@_compiled
def crossover(
    a: Arrays, first: IntArray, second: IntArray, cut: int, end: int, swaps: IntArray
) -> IntArray:
    """Two-point crossover of two activity lists, then neighbour swaps where no arc forbids.

    The head (to `cut`) comes from `first`, the jobs up to `end` from `second`'s order of the
    jobs left, the rest in `first`'s order. Each entry of `swaps` is a position whose job
    trades places with the next one unless it is that job's predecessor.
    """
    jobs = first.shape[0]
    taken = np.zeros(jobs, dtype=np.bool_)
    order = np.empty(jobs, dtype=np.int64)
    placed = 0
    for k in range(cut):
        order[placed] = first[k]
        taken[first[k]] = True
        placed += 1
    for job in second:
        if placed >= end:
            break
        if not taken[job]:
            order[placed] = job
            taken[job] = True
            placed += 1
    for job in first:
        if not taken[job]:
            order[placed] = job
            taken[job] = True
            placed += 1
    for pos in swaps:
        if pos + 1 >= jobs:
            continue
        later = order[pos + 1]
        linked = False
        for k in range(a.before_pointer[later], a.before_pointer[later + 1]):
            if a.before[k] == order[pos]:
                linked = True
                break
        if not linked:
            order[pos], order[pos + 1] = later, order[pos]
    return order


_warm: list[bool] = []


def warm() -> None:
    """Compile (or load from the cache) every function once, on a one-job instance.

    The first call in a process takes that time; later calls return at once, so timings
    (such as the sampling's estimate of how many passes fit) leave the compilation out.
    """
    if _warm:
        return
    one = np.zeros(1, dtype=np.int64)
    pointer = np.array([0, 1], dtype=np.int64)
    empty = np.zeros(0, dtype=np.int64)
    grid = np.ones((2, 1), dtype=np.int64)
    a = Arrays(
        durations=np.ones(1, dtype=np.int64),
        need_pointer=pointer,
        need_resource=one,
        need_amount=np.ones(1, dtype=np.int64),
        before_pointer=np.zeros(2, dtype=np.int64),
        before=empty,
        after_pointer=np.zeros(2, dtype=np.int64),
        after=empty,
        releases=one,
        pins=np.full(1, -1, dtype=np.int64),
        grid=grid,
        steady=np.ones(1, dtype=np.int64),
        work=1,
        base_rows=0,
        topo=one,
        free=np.empty_like(grid),
    )
    sampled(a, one, 2)
    crossover(a, one, one, 0, 1, empty)
    _warm.append(True)
