"""Randomised multi-pass sampling: many serial schedules, each justified both ways.

Each pass takes a priority order, builds the serial schedule and improves it with one
forward–backward (justification) pass. The orders are the latest-finish rule with random noise
and, alternately, the best schedule so far with noise (so later passes search around the best
plan). Once a population of distinct schedules is kept (:data:`POPULATION`), most orders are
crossed over from two of them instead (a genetic search over activity lists, each child
justified). Priority keys are drawn with numpy; the schedules themselves are built in plain
Python over packed integers: every period's free capacity of all resources is one integer with a
guard bit above each resource's field, so a single subtraction says whether a job fits
(measured on j120: about 0.3 ms a serial schedule of 122 jobs).
"""

from __future__ import annotations

import heapq
import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tandem.engine.schedule.bounds import energy_bound
from tandem.engine.schedule.problem import Rcpsp
from tandem.engine.schedule.sgs import latest_finish_order

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

LFT_NOISE = 0.6
"""Noise on the latest-finish priority: standard deviation in mean job durations."""

ELITE_NOISE = 0.35
"""Noise on the best schedule's start times: standard deviation in mean job durations."""

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
first schedule's time), at least this many, at most :data:`POPULATION`. Measured on the 22
MPSPLIB instances of 400 jobs and more where hybrid did not beat Microsoft Project, sampling
for 60% of a hundredth of its time: 160 kept gave no smaller TMS, 80 gave 4, 40 and 20 gave 5."""

FRESH_EVERY = 10
"""Once the population is full, every this-many-th pass is still a noisy order (new material)."""

MUTATION = 0.05
"""Chance per position that a child swaps two neighbours (when no precedence joins them)."""


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
    clock = time.perf_counter()
    net = _Net.build(problem)
    floor = max(net.critical, energy_bound(problem)) if bound is None else bound
    best = _baseline(net, problem)
    score = _score(net, best)
    first = time.perf_counter() - clock
    rng = np.random.default_rng(seed)
    done = 0
    keys: list[list[int]] = []
    pool = _Pool(net, _population(time_limit if passes is None else None, first))
    pool.add(best, score)
    while score > (0, floor) and done < (passes if passes is not None else 1 << 62):
        if time_limit is None and passes is None:
            break
        if time_limit is not None and time.perf_counter() - clock >= time_limit:
            break
        done += 1
        if pool.full() and done % FRESH_EVERY:
            order = pool.child(rng)
        else:
            if not keys:
                keys = _noisy_orders(net, best, rng, elite=done // KEYS_AT_ONCE % 2 == 1)
            order = keys.pop()
        limit = int(score[1] * SLACK) if score[0] == 0 else None
        starts = _serial(net, order, limit=limit)
        if starts is None:
            continue
        starts = _justify(net, starts, limit)
        pool.add(starts, _score(net, starts))
        while _score(net, starts) < score:
            best, score = starts, _score(net, starts)
            starts = _justify(net, best, score[1])
            pool.add(starts, _score(net, starts))
    result = np.array(best, dtype=np.int64)
    return Sampled(result, score[1], floor, done, first, time.perf_counter() - clock)


#
# The problem as plain Python data
#


@dataclass(frozen=True)
class _Net:
    """The instance as the lists the serial passes read (capacity packed per period)."""

    durations: list[int]
    needs: list[int]  # each job's requests, packed
    before: tuple[tuple[int, ...], ...]
    after: tuple[tuple[int, ...], ...]
    releases: list[int] | None
    pins: dict[int, int]
    guard: int  # the guard bit of every field
    base: list[int]  # free capacity per period until `tail`, guard bits set, pinned work off
    steady: int  # free capacity from `tail` on
    horizon: int  # every serial schedule ends by then
    work: int  # the sum of the durations
    topo: IntArray  # each job's rank in one topological order
    levels: tuple[IntArray, ...]  # jobs by depth (arcs on the longest chain into them)
    before_table: IntArray  # predecessors padded with the job count
    latest: FloatArray  # latest finishes, the critical path as the horizon
    critical: int  # the critical-path bound
    scale: float  # mean job duration, at least 1

    @classmethod
    def build(cls, problem: Rcpsp) -> _Net:
        before = problem.predecessors()
        depth, topo = _depths(problem, before)
        critical, latest = _chains(problem, np.argsort(topo))
        bits = max(_most(problem).bit_length(), 1) + 1
        guard = _packed([1 << (bits - 1)] * len(problem.capacities), bits)
        horizon = problem.horizon()
        tail = 0 if problem.profile is None else len(problem.profile)
        tail = max([tail, *(s + int(problem.durations[j]) for j, s in problem.pinned.items())])
        free = problem.capacity(max(tail, 1)).astype(np.int64)
        for job, start in problem.pinned.items():
            free[start : start + problem.durations[job]] -= problem.requests[job]
        releases = problem.release_dates()
        return cls(
            durations=[int(d) for d in problem.durations],
            needs=[_packed(row, bits) for row in problem.requests.tolist()],
            before=before,
            after=problem.successors,
            releases=[int(r) for r in releases] if releases.any() else None,
            pins={int(j): int(s) for j, s in problem.pinned.items()},
            guard=guard,
            base=[_packed(row, bits) | guard for row in np.clip(free[:tail], 0, None).tolist()],
            steady=_packed(problem.capacities.tolist(), bits) | guard,
            horizon=horizon,
            work=int(problem.durations.sum()),
            topo=topo,
            levels=tuple(np.flatnonzero(depth == d) for d in range(int(depth.max(initial=0)) + 1)),
            before_table=_padded(before, problem.jobs),
            latest=latest,
            critical=critical,
            scale=max(float(problem.durations.mean()) if problem.jobs else 1.0, 1.0),
        )


def _most(problem: Rcpsp) -> int:
    most = int(problem.capacities.max(initial=0))
    if problem.profile is not None:
        most = max(most, int(problem.profile.max(initial=0)))
    return most


def _packed(values: list[int], bits: int) -> int:
    word = 0
    for res, value in enumerate(values):
        word |= int(value) << (bits * res)
    return word


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


def _score(net: _Net, starts: list[int]) -> tuple[int, int]:
    """Pinned jobs started before a predecessor finished (they cannot move), then the span.

    A serial pass cannot make a job finish before a pinned successor starts; such plans
    are invalid, so any plan that keeps every pin is better, however long.
    """
    late = 0
    for job, pin in net.pins.items():
        if any(starts[p] + net.durations[p] > pin for p in net.before[job]):
            late += 1
    return late, _span(net, starts)


def _span(net: _Net, starts: list[int]) -> int:
    return max((s + d for s, d in zip(starts, net.durations, strict=True)), default=0)


#
# Serial passes
#


def _serial(net: _Net, order: list[int], *, limit: int | None = None) -> list[int] | None:
    """Start each job of `order` in turn at its earliest feasible period.

    None when some job would finish after `limit` (the schedule is abandoned).
    """
    free = net.base + [net.steady] * (net.horizon - len(net.base))
    durations, needs, before, guard = net.durations, net.needs, net.before, net.guard
    releases, pins = net.releases, net.pins
    cut = net.horizon if limit is None else limit
    finish = [0] * len(durations)
    starts = [0] * len(durations)
    for job in order:
        t = 0 if releases is None else releases[job]
        for earlier in before[job]:
            if finish[earlier] > t:
                t = finish[earlier]
        length, need = durations[job], needs[job]
        start = t
        if job in pins:
            start = pins[job]
        elif length and need:
            end = start + length
            while t < end:
                if (free[t] - need) & guard != guard:
                    start = t + 1
                    end = start + length
                t += 1
            for period in range(start, end):
                free[period] -= need
        if start + length > cut:
            return None
        starts[job] = start
        finish[job] = start + length
    return starts


def _mirrored(net: _Net, order: list[int], span: int) -> list[int]:
    """The serial pass with time and precedences reversed, the schedule ending at `span`.

    Releases would be deadlines this way round, which a serial pass cannot keep, so they are
    left out, as are pins: the result only suggests an order for the next forward pass.
    Returns each job's finish, counted back from `span`.
    """
    base = [net.steady] * max(net.horizon, span + net.work + 1)
    if net.base:
        # the forward capacity profile (pinned work off it), read backwards from the span
        shown = min(span, len(net.base))
        base[span - shown : span] = net.base[shown - 1 :: -1]
    free = base
    durations, needs, after, guard = net.durations, net.needs, net.after, net.guard
    finish = [0] * len(durations)
    for job in order:
        t = 0
        for later in after[job]:
            if finish[later] > t:
                t = finish[later]
        length, need = durations[job], needs[job]
        start = t
        if length and need:
            end = start + length
            while t < end:
                if (free[t] - need) & guard != guard:
                    start = t + 1
                    end = start + length
                t += 1
            for period in range(start, end):
                free[period] -= need
        finish[job] = start + length
    return [span - f for f in finish]


def _justify(net: _Net, starts: list[int], limit: int | None) -> list[int]:
    """Right-justify, then left-justify; keep the result unless it is worse."""
    jobs = len(starts)
    begin = np.array(starts, dtype=np.int64)
    finish = begin + net.durations
    span = int(finish.max(initial=0))
    back_order = np.argsort(-(finish * jobs + net.topo)).tolist()
    right = np.array(_mirrored(net, back_order, span), dtype=np.int64)
    forward = _serial(net, np.argsort(right * jobs + net.topo).tolist(), limit=limit)
    if forward is None or _score(net, forward) > _score(net, starts):
        return starts
    return forward


def _baseline(net: _Net, problem: Rcpsp) -> list[int]:
    """The latest-finish order with one forward–backward pass, tie for tie as in `sgs`."""
    starts = _serial(net, latest_finish_order(problem))
    if starts is None:  # pragma: no cover - the horizon always leaves room
        raise AssertionError("the horizon always leaves room")
    finish = np.array(starts, dtype=np.int64) + net.durations
    span = int(finish.max(initial=0))
    latest_first = np.argsort(-finish, kind="stable")
    right = np.array(
        _mirrored(net, _ranked(net.after, net.before, latest_first), span), dtype=np.int64
    )
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


def _population(time_limit: float | None, first: float) -> int:
    """:data:`POPULATION`, or with only a time limit a tenth of the passes expected to fit."""
    if time_limit is None:
        return POPULATION
    expected = time_limit / max(first, 1e-6)
    return int(min(POPULATION, max(SMALLEST_POPULATION, expected / 10)))


class _Pool:
    """The shortest distinct schedules found, and children crossed over from them."""

    def __init__(self, net: _Net, size: int = POPULATION) -> None:
        self.net = net
        self.size = size
        self.scores: dict[tuple[int, ...], tuple[int, int]] = {}

    def full(self) -> bool:
        return len(self.scores) >= self.size

    def add(self, starts: list[int], score: tuple[int, int]) -> None:
        """Keep `starts` if new and the pool has room or holds a longer schedule."""
        key = tuple(starts)
        if key in self.scores:
            return
        if self.full():
            worst = max(self.scores, key=self.scores.__getitem__)
            if score >= self.scores[worst]:
                return
            del self.scores[worst]
        self.scores[key] = score

    def child(self, rng: np.random.Generator) -> list[int]:
        """Two-point crossover of two tournament winners' orders, with neighbour swaps.

        The head comes from the first parent's order, the middle from the second's order of
        the jobs left, the rest in the first's order: every part keeps precedences.
        """
        first, second = self._order(self._pick(rng)), self._order(self._pick(rng))
        jobs = len(first)
        cut, end = sorted(rng.integers(jobs, size=2).tolist())
        taken = set(first[:cut])
        middle = [job for job in second if job not in taken][: end - cut]
        taken.update(middle)
        order = first[:cut] + middle + [job for job in first if job not in taken]
        before = self.net.before
        for pos in rng.integers(max(jobs - 1, 1), size=rng.binomial(jobs, MUTATION)).tolist():
            if pos + 1 < jobs and order[pos] not in before[order[pos + 1]]:
                order[pos], order[pos + 1] = order[pos + 1], order[pos]
        return order

    def _pick(self, rng: np.random.Generator) -> tuple[int, ...]:
        """The shorter of two schedules drawn at random (binary tournament)."""
        members = list(self.scores)
        one, two = rng.integers(len(members), size=2).tolist()
        a, b = members[int(one)], members[int(two)]
        return a if self.scores[a] <= self.scores[b] else b

    def _order(self, starts: tuple[int, ...]) -> list[int]:
        """The jobs by start, ties in topological order (so precedences come first)."""
        keys = np.array(starts, dtype=np.int64) * len(starts) + self.net.topo
        order: list[int] = np.argsort(keys).tolist()
        return order


#
# Noisy orders
#


def _noisy_orders(
    net: _Net, best: list[int], rng: np.random.Generator, *, elite: bool
) -> list[list[int]]:
    """Orders from the latest-finish priority (or the best starts) with Gaussian noise."""
    jobs = len(best)
    centre = np.array(best, dtype=np.float64) if elite else net.latest
    noise = (ELITE_NOISE if elite else LFT_NOISE) * net.scale
    keys = np.full((KEYS_AT_ONCE, jobs + 1), -np.inf)
    keys[:, :jobs] = centre + rng.normal(0.0, noise, (KEYS_AT_ONCE, jobs))
    for level in net.levels[1:]:
        earlier = keys[:, net.before_table[level]].max(axis=2)
        keys[:, level] = np.maximum(keys[:, level], earlier + 1e-6)
    orders: list[list[int]] = np.argsort(keys[:, :jobs], axis=1).tolist()
    return orders[::-1]
