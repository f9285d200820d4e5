"""Randomised multi-pass sampling: many serial schedules, each justified both ways.

Each pass takes a priority order, builds the serial schedule and improves it with one
forward–backward (justification) pass. The orders are the latest-finish rule with random noise
and, alternately, the best schedule so far with noise (so later passes search around the best
plan; wider noise when the sampling will cross over, so its population starts varied). Once a
population of distinct schedules is kept (:data:`POPULATION`), most orders are crossed over
from two of them instead (a genetic search over activity lists, each child justified).
Priority keys are drawn with numpy; the passes themselves run compiled
(:mod:`tandem.engine.schedule.compiled`): a pass of 122 jobs, built, mirrored and built again,
takes about 27 µs (measured on j120; about 1 ms in plain Python), and so does the loop around
them (:func:`compiled.evolve`: parents, crossover, the pool), in batches of about a
millisecond between which the time limit is checked; a j120 pass costs about 30 µs in all
(50 µs with the loop in Python). The same 2-core machine kind measured 66 µs on another day
(median over 20 j120 instances of the time 2,000 more passes add), so read these as a scale,
not a promise."""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from tandem.engine.schedule.bounds import energy_bound
from tandem.engine.schedule.problem import Rcpsp
from tandem.engine.schedule.sgs import latest_finish_order

if TYPE_CHECKING:
    # numba is imported on the first sampling, not with the engine (the web app never samples)
    from tandem.engine.schedule import compiled

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

LFT_NOISE = 0.6
"""Noise on the latest-finish priority: standard deviation in mean job durations."""

ELITE_NOISE = 0.35
"""Noise on the best schedule's start times: standard deviation in mean job durations. For a
sampling too short to fill the population (the heuristic mode's 100 passes on j120), which
gains most from searching close to the best plan."""

CROSSOVER_ELITE_NOISE = 3.0
"""The same noise for a sampling that will fill the population and cross it over (a time
limit, or more passes than :data:`POPULATION`), from its first pass: the population then starts
from varied plans near the best, not near-copies of it, and the crossover has more to combine.
Measured on every 10th shared j120 instance, 3 s of sampling alone (2-core machine, two
instances at a time), seeds 0 and 1: 3.43% and 3.28% above the best known with 0.35, 2.30%
with 1.5, 2.11% and 2.08% with 3, 2.13% with 5; with 3 only once the population is full,
3.36% (the gain comes from the varied start). With 3 in the heuristic mode, 6.44% on all
j120 instead of 5.75%."""

SLACK = 1.15
"""A sampled schedule is abandoned once it runs past this multiple of the best makespan."""

KEYS_AT_ONCE = 8
"""Priority keys drawn per numpy call."""

POPULATION = 160
"""Distinct schedules kept for crossover, the shortest. Measured on every 20th shared j120
instance, 3 s of sampling alone (2-core machine): 3.84% above the best known with noisy orders
only; with crossover 3.60% for 24 kept, 3.13% for 48, 3.09% for 96, 2.96% for 160; at 8 s
2.55% for 160 and 2.82% for 300."""

SMALLEST_POPULATION = 20
"""The population when the time allows few passes: a tenth of the passes that fit (from the
time the first passes took), at least this many, at most :data:`POPULATION`. Measured on the 22
MPSPLIB instances of 400 jobs and more where hybrid did not beat Microsoft Project, sampling
for 60% of a hundredth of its time: 160 kept gave no smaller TMS, 80 gave 4, 40 and 20 gave 5."""

FRESH_EVERY = 10
"""Once the population is full, every this-many-th pass is still a noisy order (new material)."""

MUTATION = 0.05
"""Chance per position that a child swaps two neighbours (when no precedence joins them)."""

BATCH_WORK = 4000
"""Job placements' worth of passes in one compiled batch (a batch of j120 is 32 passes, about
a millisecond); the time limit is checked between batches."""

MAX_BATCH = 64
"""Passes in one compiled batch at most."""


@dataclass(frozen=True)
class Sampled:
    """The best schedule the sampling found.

    Parameters
    ----------
    starts
        The start period of every job.
    makespan
        When its last job finishes.
    bound
        The lower bound sampling stopped at when reached.
    passes
        Sampled schedules after the first (each built, then justified both ways).
    first_seconds
        Seconds until the first schedule (the latest-finish order, justified) was ready.
    seconds
        Seconds the whole sampling took.
    """

    starts: IntArray
    makespan: int
    bound: int
    passes: int
    first_seconds: float
    seconds: float


def sample(
    problem: Rcpsp,
    *,
    time_limit: float | None = None,
    passes: int | None = None,
    seed: int = 0,
    bound: int | None = None,
) -> Sampled:
    """The best of many randomised serial schedules, each improved by forward–backward passes.

    The first schedule is the latest-finish order with one forward–backward pass, built tie
    for tie as :func:`serial`, :func:`latest_finish_order` and :func:`forward_backward` would
    (so sampling is never worse than those). Every further pass draws a noisy priority order,
    builds its serial schedule and justifies it right, then left.

    Parameters
    ----------
    problem
        The instance; releases, a capacity profile and pinned jobs are honoured.
    time_limit
        Seconds after which no new pass starts (none: no limit). The first schedule is always
        built, however short the limit.
    passes
        Sampled schedules after the first (none: until the time limit; with neither, only the
        first). Without a time limit (or when it is not reached) the same seed gives the same
        schedule.
    seed
        Seed of the noise (numpy's default generator).
    bound
        A lower bound; sampling stops when a schedule reaches it. Default: the better of
        :func:`critical_path_bound` and :func:`energy_bound` (cheap ones).

    Returns
    -------
    Sampled
        The shortest schedule found and how much work it took.
    """
    from tandem.engine.schedule import compiled

    compiled.warm()
    clock = time.perf_counter()
    net = _Net.build(problem)
    floor = max(net.critical, energy_bound(problem)) if bound is None else bound
    best = _baseline(net, problem)
    late, span = _score(net, best)
    first = time.perf_counter() - clock
    pool = compiled.new_pool(POPULATION, problem.jobs, POPULATION)
    compiled.pool_add(net.arrays, pool, best, late * compiled.SHIFT + span)
    status = np.array([0, 0, late * compiled.SHIFT + span], dtype=np.int64)
    if time_limit is None and passes is None:
        passes = 0  # only the first schedule
    _evolve(net, pool, best, status, _Run(seed, passes, floor, time_limit, clock, first))
    span = int(status[2]) % compiled.SHIFT
    return Sampled(best, span, floor, int(status[0]), first, time.perf_counter() - clock)


@dataclass(frozen=True)
class _Run:
    """What one sampling was asked for."""

    seed: int
    passes: int | None  # none: until the time limit
    floor: int
    time_limit: float | None
    clock: float  # when it started (perf_counter)
    first: float  # seconds the first schedule took


def _evolve(net: _Net, pool: compiled.Pool, best: IntArray, status: IntArray, run: _Run) -> None:
    """Run compiled batches of passes until the passes, the time or the bound says stop.

    Each batch gets a seed from the run's generator and runs :data:`BATCH_WORK` job
    placements' worth of passes (so the time limit is checked every millisecond or so); it
    returns early when it needs fresh noisy orders, which are drawn here.
    """
    from tandem.engine.schedule import compiled

    rng = np.random.default_rng(run.seed)
    batch = max(1, min(MAX_BATCH, BATCH_WORK // max(len(best), 1)))
    fresh = np.zeros((0, len(best)), dtype=np.int64)
    refills = 0
    most = run.passes if run.passes is not None else 1 << 62
    sized = run.passes is not None  # with only a time limit, the pool is sized from the pace
    crossing = run.passes is None or run.passes > POPULATION  # the population will fill
    while status[2] > run.floor and status[0] < most:
        if run.time_limit is not None and time.perf_counter() - run.clock >= run.time_limit:
            break
        if not sized and status[0] >= SMALLEST_POPULATION:
            pace = (time.perf_counter() - run.clock - run.first) / status[0]
            compiled.pool_resize(pool, _population(run.time_limit, pace))
            sized = True
        if status[1] >= len(fresh):
            orders = _noisy_orders(net, best, rng, elite=refills % 2 == 1, crossing=crossing)
            fresh, status[1], refills = np.array(orders), 0, refills + 1
        count = min(batch, most - int(status[0]))
        if not sized:
            count = min(count, SMALLEST_POPULATION - int(status[0]))
        settings = np.array(
            [int(rng.integers(1 << 31)), count, run.floor, FRESH_EVERY, MUTATION, SLACK]
        )
        compiled.evolve(net.arrays, pool, best, fresh, settings, status)


#
# The problem as plain Python data
#


@dataclass(frozen=True)
class _Net:
    """The instance as the arrays the serial passes read, and the sampling's priorities."""

    durations: IntArray
    before: tuple[tuple[int, ...], ...]
    after: tuple[tuple[int, ...], ...]
    pins: dict[int, int]
    horizon: int  # every serial schedule ends by then
    topo: IntArray  # each job's rank in one topological order
    levels: tuple[IntArray, ...]  # jobs by depth (arcs on the longest chain into them)
    before_table: IntArray  # predecessors padded with the job count
    latest: FloatArray  # latest finishes, the critical path as the horizon
    critical: int  # the critical-path bound
    scale: float  # mean job duration, at least 1
    arrays: compiled.Arrays  # the instance as flat arrays, for the compiled passes

    @classmethod
    def build(cls, problem: Rcpsp) -> _Net:
        before = problem.predecessors()
        depth, topo = _depths(problem, before)
        critical, latest = _chains(problem, np.argsort(topo))
        horizon = problem.horizon()
        tail = 0 if problem.profile is None else len(problem.profile)
        tail = max([tail, *(s + int(problem.durations[j]) for j, s in problem.pinned.items())])
        free = problem.capacity(max(tail, 1)).astype(np.int64)
        for job, start in problem.pinned.items():
            free[start : start + problem.durations[job]] -= problem.requests[job]
        base = np.clip(free[:tail], 0, None)
        return cls(
            durations=problem.durations.astype(np.int64),
            before=before,
            after=problem.successors,
            pins={int(j): int(s) for j, s in problem.pinned.items()},
            horizon=horizon,
            topo=topo,
            levels=tuple(np.flatnonzero(depth == d) for d in range(int(depth.max(initial=0)) + 1)),
            before_table=_padded(before, problem.jobs),
            latest=latest,
            critical=critical,
            scale=max(float(problem.durations.mean()) if problem.jobs else 1.0, 1.0),
            arrays=_arrays(problem, before, base, horizon, topo),
        )


def _arrays(
    problem: Rcpsp,
    before: tuple[tuple[int, ...], ...],
    base: IntArray,
    horizon: int,
    topo: IntArray,
) -> compiled.Arrays:
    """The instance as flat arrays; `base` is the free capacity before the steady part."""
    from tandem.engine.schedule import compiled

    jobs = problem.jobs
    uses = tuple(
        tuple(int(r) for r in np.flatnonzero(problem.requests[job])) for job in range(jobs)
    )
    need_pointer, need_resource = compiled.compressed(uses)
    need_amount = np.array(
        [int(problem.requests[job, r]) for job in range(jobs) for r in uses[job]], dtype=np.int64
    )
    before_pointer, before_values = compiled.compressed(before)
    after_pointer, after_values = compiled.compressed(problem.successors)
    pins = np.full(jobs, -1, dtype=np.int64)
    for job, start in problem.pinned.items():
        pins[job] = int(start)
    steady = problem.capacities.astype(np.int64)
    grid = np.empty((horizon, len(steady)), dtype=np.int64)
    grid[:] = steady
    grid[: len(base)] = base[:horizon]
    return compiled.Arrays(
        durations=problem.durations.astype(np.int64),
        need_pointer=need_pointer,
        need_resource=need_resource,
        need_amount=need_amount,
        before_pointer=before_pointer,
        before=before_values,
        after_pointer=after_pointer,
        after=after_values,
        releases=problem.release_dates().astype(np.int64),
        pins=pins,
        grid=grid,
        steady=steady,
        work=int(problem.durations.sum()),
        base_rows=len(base),
        topo=topo.astype(np.int64),
        free=np.empty_like(grid),
    )


def _padded(lists: tuple[tuple[int, ...], ...], sentinel: int) -> IntArray:
    width = max((len(row) for row in lists), default=0) or 1
    table = np.full((len(lists), width), sentinel, dtype=np.int64)
    for job, row in enumerate(lists):
        table[job, : len(row)] = row
    return table


def _depths(problem: Rcpsp, before: tuple[tuple[int, ...], ...]) -> tuple[IntArray, IntArray]:
    """Each job's depth (arcs on the longest chain into it) and a topological rank."""
    missing = [len(p) for p in before]
    ready = [job for job in range(problem.jobs) if missing[job] == 0]
    depth = [0] * problem.jobs
    topo = np.zeros(problem.jobs, dtype=np.int64)
    rank = 0
    while ready:
        job = ready.pop()
        topo[job] = rank
        rank += 1
        for later in problem.successors[job]:
            depth[later] = max(depth[later], depth[job] + 1)
            missing[later] -= 1
            if missing[later] == 0:
                ready.append(later)
    return np.array(depth, dtype=np.int64), topo


def _chains(problem: Rcpsp, order: IntArray) -> tuple[int, FloatArray]:
    """The critical-path bound and each job's latest finish with it as the horizon.

    Releases and pinned starts count as earliest starts; `order` is a topological order.
    """
    earliest = problem.release_dates().astype(np.int64).copy()
    for job, start in problem.pinned.items():
        earliest[job] = max(earliest[job], start)
    durations = problem.durations
    for job in order.tolist():
        finish = earliest[job] + durations[job]
        for later in problem.successors[job]:
            earliest[later] = max(earliest[later], finish)
    horizon = int((earliest + durations).max(initial=0))
    latest = np.full(problem.jobs, float(horizon))
    for job in order[::-1].tolist():
        for later in problem.successors[job]:
            latest[job] = min(latest[job], latest[later] - durations[later])
    return horizon, latest


def _score(net: _Net, starts: IntArray) -> tuple[int, int]:
    """Pinned jobs started before a predecessor finished (they cannot move), then the span.

    A serial pass cannot make a job finish before a pinned successor starts; such plans
    are invalid, so any plan that keeps every pin is better, however long.
    """
    from tandem.engine.schedule import compiled

    late, span = compiled.score(net.arrays, starts)
    return int(late), int(span)


#
# Serial passes
#


def _serial(net: _Net, order: IntArray | list[int], *, limit: int | None = None) -> IntArray | None:
    """Start each job of `order` in turn at its earliest feasible period.

    None when some job would finish after `limit` (the schedule is abandoned).
    """
    from tandem.engine.schedule import compiled

    starts = np.zeros(len(net.durations), dtype=np.int64)
    cut = net.horizon if limit is None else limit
    placed = compiled.serial(net.arrays, np.asarray(order, dtype=np.int64), cut, starts)
    return starts if placed else None


def _mirrored(net: _Net, order: IntArray | list[int], span: int) -> IntArray:
    """The serial pass with time and precedences reversed, the schedule ending at `span`.

    Releases would be deadlines this way round, which a serial pass cannot keep, so they are
    left out, as are pins: the result only suggests an order for the next forward pass.
    Returns each job's finish, counted back from `span`.
    """
    from tandem.engine.schedule import compiled

    right: IntArray = compiled.mirrored(net.arrays, np.asarray(order, dtype=np.int64), span)
    return right


def _justify(net: _Net, starts: IntArray, limit: int | None) -> tuple[IntArray, tuple[int, int]]:
    """Right-justify, then left-justify; keep the result unless it is worse. With its score."""
    from tandem.engine.schedule import compiled

    cut = net.horizon if limit is None else limit
    better, late, span = compiled.justify(net.arrays, starts, cut)
    return better, (int(late), int(span))


def _baseline(net: _Net, problem: Rcpsp) -> IntArray:
    """The latest-finish order with one forward–backward pass, tie for tie as in `sgs`."""
    starts = _serial(net, latest_finish_order(problem))
    if starts is None:  # pragma: no cover - the horizon always leaves room
        raise AssertionError("the horizon always leaves room")
    finish = starts + net.durations
    span = int(finish.max(initial=0))
    latest_first = np.argsort(-finish, kind="stable")
    right = _mirrored(net, _ranked(net.after, net.before, latest_first), span)
    earliest_first = np.argsort(right, kind="stable")
    forward = _serial(net, _ranked(net.before, net.after, earliest_first))
    if forward is None or _score(net, forward) > _score(net, starts):
        return starts
    return forward


def _ranked(
    before: tuple[tuple[int, ...], ...], after: tuple[tuple[int, ...], ...], wanted: IntArray
) -> list[int]:
    """`wanted`'s order, each job delayed until all jobs `before` it are placed (a heap)."""
    rank = [0] * len(wanted)
    for position, job in enumerate(wanted.tolist()):
        rank[job] = position
    missing = [len(p) for p in before]
    ready = [(rank[j], j) for j in range(len(before)) if missing[j] == 0]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        _, job = heapq.heappop(ready)
        order.append(job)
        for later in after[job]:
            missing[later] -= 1
            if missing[later] == 0:
                heapq.heappush(ready, (rank[later], later))
    return order


#
# The population
#


def _population(time_limit: float | None, pace: float) -> int:
    """:data:`POPULATION`, or with a time limit a tenth of the passes expected to fit.

    `pace` is the seconds a pass took (measured on the first passes).
    """
    if time_limit is None:
        return POPULATION
    expected = time_limit / max(pace, 1e-6)
    return int(min(POPULATION, max(SMALLEST_POPULATION, expected / 10)))


#
# Noisy orders
#


def _noisy_orders(
    net: _Net, best: IntArray, rng: np.random.Generator, *, elite: bool, crossing: bool
) -> list[IntArray]:
    """Orders from the latest-finish priority (or the best starts) with Gaussian noise.

    `crossing`: the sampling will fill the population and cross it over, so the noise on
    the best starts is :data:`CROSSOVER_ELITE_NOISE`, not :data:`ELITE_NOISE`.
    """
    jobs = len(best)
    centre = best.astype(np.float64) if elite else net.latest
    noise = LFT_NOISE
    if elite:
        noise = CROSSOVER_ELITE_NOISE if crossing else ELITE_NOISE
    noise *= net.scale
    keys = np.full((KEYS_AT_ONCE, jobs + 1), -np.inf)
    keys[:, :jobs] = centre + rng.normal(0.0, noise, (KEYS_AT_ONCE, jobs))
    for level in net.levels[1:]:
        earlier = keys[:, net.before_table[level]].max(axis=2)
        keys[:, level] = np.maximum(keys[:, level], earlier + 1e-6)
    orders = np.argsort(keys[:, :jobs], axis=1)
    return list(orders[::-1])
