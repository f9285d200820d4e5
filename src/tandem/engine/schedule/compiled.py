"""The serial schedule passes of the sampling, compiled to machine code with numba.

The sampling spends nearly all its time placing jobs: each pass builds a schedule, mirrors it
and builds it again. In plain Python a serial pass of 122 jobs took about 0.3 ms; compiled it
takes a few microseconds, so the same seconds try many more schedules. The functions read the
instance as flat arrays (:class:`Arrays`) and write into buffers the caller owns, so a pass
allocates nothing but its result.

The first call in a process compiles the functions (about a second); numba caches the machine
code beside this file, or in the user's cache folder when that is read-only, so later processes
load it in milliseconds.

Randomness inside compiled code comes from numba's own generator (one per thread), seeded from
the caller's numpy generator at every call of :func:`evolve`, so a seed still gives one plan.
"""

# numba compiles the legacy np.random functions; its generator is seeded from a numpy Generator
# ruff: noqa: NPY002

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


SHIFT = 1 << 32
"""A score as one integer: pinned jobs started too early times this, plus the span."""


class Pool(NamedTuple):
    """The shortest distinct schedules kept for crossover, as arrays of a fixed capacity.

    Rows ``0 .. state[0] - 1`` are members (in no particular order); at most ``state[1]`` are
    kept. ``scores`` are ``late * SHIFT + span``; ``hashes`` tell new schedules from kept ones.
    """

    starts: IntArray  # (capacity, jobs) each member's starts
    orders: IntArray  # (capacity, jobs) each member's activity list: jobs by start, then topo
    scores: IntArray
    hashes: npt.NDArray[np.uint64]
    state: IntArray  # [members, most kept]


def new_pool(capacity: int, jobs: int, size: int) -> Pool:
    """An empty pool for `capacity` schedules of `jobs` jobs, keeping at most `size`."""
    return Pool(
        starts=np.zeros((capacity, jobs), dtype=np.int64),
        orders=np.zeros((capacity, jobs), dtype=np.int64),
        scores=np.zeros(capacity, dtype=np.int64),
        hashes=np.zeros(capacity, dtype=np.uint64),
        state=np.array([0, min(size, capacity)], dtype=np.int64),
    )


@_compiled
def _hash(starts: IntArray) -> np.uint64:
    """FNV-1a over the starts."""
    value = np.uint64(14695981039346656037)
    for start in starts:
        value = (value ^ np.uint64(start)) * np.uint64(1099511628211)
    return value


@_compiled
def _worst(p: Pool) -> int:
    """The first member with the highest score."""
    worst = 0
    for member in range(1, p.state[0]):
        if p.scores[member] > p.scores[worst]:
            worst = member
    return worst


@_compiled
def pool_add(a: Arrays, p: Pool, starts: IntArray, key: int) -> None:
    """Keep `starts` if new and the pool has room or holds a schedule with a higher score."""
    value = _hash(starts)
    for member in range(p.state[0]):
        same = p.hashes[member] == value and p.scores[member] == key
        if same and np.all(p.starts[member] == starts):
            return
    slot = p.state[0]
    if slot >= p.state[1]:
        slot = _worst(p)
        if key >= p.scores[slot]:
            return
    else:
        p.state[0] += 1
    p.starts[slot] = starts
    p.scores[slot] = key
    p.hashes[slot] = value
    p.orders[slot] = np.argsort(starts * starts.shape[0] + a.topo)


@_compiled
def pool_resize(p: Pool, size: int) -> None:
    """Keep at most `size` schedules from now on (the highest scores go first)."""
    p.state[1] = min(size, p.starts.shape[0])
    while p.state[0] > p.state[1]:
        worst = _worst(p)
        last = p.state[0] - 1
        p.starts[worst] = p.starts[last]
        p.orders[worst] = p.orders[last]
        p.scores[worst] = p.scores[last]
        p.hashes[worst] = p.hashes[last]
        p.state[0] = last


@_compiled
def reseed(seed: int) -> None:
    """Seed the generator the compiled functions draw from (one per thread)."""
    np.random.seed(seed)


@_compiled
def _pick(p: Pool) -> int:
    """The lower-scored of two members drawn at random (binary tournament)."""
    one = int(np.random.randint(0, p.state[0]))
    two = int(np.random.randint(0, p.state[0]))
    return one if p.scores[one] <= p.scores[two] else two


@_compiled
def child(a: Arrays, p: Pool, mutation: float) -> IntArray:
    """Two tournament winners' activity lists crossed over, with neighbour swaps."""
    jobs = p.orders.shape[1]
    first = p.orders[_pick(p)]
    second = p.orders[_pick(p)]
    one = np.random.randint(0, jobs)
    two = np.random.randint(0, jobs)
    swaps = np.empty(np.random.binomial(jobs, mutation), dtype=np.int64)
    for k in range(swaps.shape[0]):
        swaps[k] = np.random.randint(0, max(jobs - 1, 1))
    return crossover(a, first, second, min(one, two), max(one, two), swaps)


@_compiled
def evolve(
    a: Arrays,
    p: Pool,
    best: IntArray,
    fresh: IntArray,
    settings: npt.NDArray[np.float64],
    status: IntArray,
) -> None:
    """Sampled passes until `status` says stop: children of the pool or the `fresh` orders.

    `settings` are the seed, the passes to run, the score to stop at, how often a fresh order
    is taken once the pool is full, the mutation rate and the slack (a pass is abandoned past
    the slack times the best span). `status` is the passes done so far, the fresh orders used
    and the best score; `best` holds the best starts. Both are updated in place. Stops early
    when the fresh orders run out while one is due.
    """
    reseed(int(settings[0]))
    stop = status[0] + int(settings[1])
    floor = int(settings[2])
    fresh_every = int(settings[3])
    horizon = a.grid.shape[0]
    while status[0] < stop and status[2] > floor:
        if p.state[0] >= p.state[1] and (status[0] + 1) % fresh_every != 0:
            order = child(a, p, settings[4])
        elif status[1] < fresh.shape[0]:
            order = fresh[status[1]]
            status[1] += 1
        else:
            return
        status[0] += 1
        late, span = status[2] // SHIFT, status[2] % SHIFT
        cut = int(span * settings[5]) if late == 0 else horizon
        placed, starts, late, span = sampled(a, order, cut)
        if not placed:
            continue
        key = late * SHIFT + span
        pool_add(a, p, starts, key)
        while key < status[2]:
            best[:] = starts
            status[2] = key
            starts, late, span = justify(a, best.copy(), span)
            key = late * SHIFT + span
            pool_add(a, p, starts, key)


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
    pool = new_pool(2, 1, 2)
    pool_add(a, pool, one, 1)
    pool_resize(pool, 1)
    child(a, pool, 0.0)
    status = np.array([0, 0, 2], dtype=np.int64)
    evolve(a, pool, one.copy(), one.reshape(1, 1), np.array([0, 1, 0, 10, 0, 1.15]), status)
    _warm.append(True)
