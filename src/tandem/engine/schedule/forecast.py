"""Delivery dates as probabilities: the roadmap re-planned under sampled estimates.

Each work package's effort is drawn from a PERT distribution (a beta distribution between
its low and high estimate with the likely value as its mode, weight 4 on the mode), the same
draw for every package of a run being independent. Every run places the packages with the
serial schedule in the same priority order as :func:`~tandem.engine.schedule.roadmap.plan`,
so a run differs from the plan only by its durations. The runs are placed side by side with
numpy — one pass per job over all runs at once, not one schedule after another — which is
what makes 1,000 runs of a portfolio take seconds. A package keeps its rate (people a week)
and takes ``ceil(effort / rate)`` weeks.

A run with every estimate at its likely value is the plan, so the runs also say where an
initiative's work loses its planned slot (:meth:`Forecast.holdups`): the team it waits for
longer than planned, how often and how long, and the work placed before it on that team that
ran over into the weeks it was planned for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.problem import Rcpsp
from tandem.engine.schedule.roadmap import (
    SCALE,
    Roadmap,
    _build,
    _Built,
    _job_order,
    priority_order,
)
from tandem.engine.schedule.sgs import serial

IntArray = npt.NDArray[np.int64]


MIN_HOLDUP_SHARE = 0.2
"""Work is said to lose its planned slot when, in at least this share of the runs, it starts
later than planned after waiting longer for its team than planned."""

MIN_HOLDER_SHARE = 0.2
"""Work placed before on the same team is named as running over into the slot when it does in
at least this share of the runs where the slot is lost."""

MAX_HOLDERS = 3


@dataclass(frozen=True)
class Holdup:
    """Where an initiative's work most often loses its planned slot in the runs.

    Parameters
    ----------
    team
        The team (index) its work waits for longer than planned.
    share
        The share of runs in which that work starts later than planned, having waited longer
        for the team than planned.
    weeks
        In half of those runs it starts at least this many weeks later than planned.
    holders
        Initiatives (indices), most often first and at most :data:`MAX_HOLDERS`, whose work
        on that team, placed before it (ranked higher, or under way), ran past its planned
        finish into the weeks this work was planned for, in at least
        :data:`MIN_HOLDER_SHARE` of those runs.
    """

    team: int
    share: float
    weeks: int
    holders: tuple[int, ...]


@dataclass(frozen=True)
class Runs:
    """What every run did with every job (shape ``(runs, jobs)``): start, duration, and the
    week it was ready (its release and predecessors done); the plan's (every estimate at its
    likely value) start, duration and ready week of every job; and how the jobs map to
    initiatives and teams, with the order the runs placed them in."""

    starts: npt.NDArray[np.int32]
    durations: npt.NDArray[np.int32]
    ready: npt.NDArray[np.int32]
    plan_starts: IntArray
    plan_durations: IntArray
    plan_ready: IntArray
    item_of_job: dict[int, int]
    team_of_job: dict[int, int]
    placed: tuple[int, ...]  # the jobs in the order they were placed (work under way first)


@dataclass(frozen=True)
class Forecast:
    """Finish weeks of every initiative in every run, shape ``(runs, initiatives)``; -1 where
    an initiative cannot be planned. Weeks count from the plan's first week. `detail`, when
    kept, is what every run did with every job, for :meth:`holdups`."""

    finishes: IntArray
    targets: tuple[int | None, ...]
    detail: Runs | None = None

    @classmethod
    def joined(cls, parts: Sequence[Forecast]) -> Forecast:
        """The runs of `parts` (forecasts of the same roadmap) as one forecast."""
        first = parts[0]
        detail = None
        details = [part.detail for part in parts if part.detail is not None]
        if len(details) == len(parts):
            detail = replace(
                details[0],
                starts=np.concatenate([d.starts for d in details]),
                durations=np.concatenate([d.durations for d in details]),
                ready=np.concatenate([d.ready for d in details]),
            )
        return cls(
            finishes=np.concatenate([part.finishes for part in parts]),
            targets=first.targets,
            detail=detail,
        )

    @property
    def runs(self) -> int:
        """How many runs."""
        return int(self.finishes.shape[0])

    def percentile(self, share: float) -> list[int | None]:
        """Per initiative, the finish week that `share` of the runs meet (0.85 → P85)."""
        result: list[int | None] = []
        for column in self.finishes.T:
            if (column < 0).any():
                result.append(None)
                continue
            result.append(int(np.quantile(column, share, method="inverted_cdf")))
        return result

    def on_time(self) -> list[float | None]:
        """Per initiative, the share of runs finishing by its target (None: no target)."""
        return [
            None if target is None or (column < 0).any() else float(np.mean(column <= target))
            for column, target in zip(self.finishes.T, self.targets, strict=True)
        ]

    def holdups(self) -> list[Holdup | None]:
        """Per initiative, where its work most often loses its planned slot (None: in fewer
        than :data:`MIN_HOLDUP_SHARE` of the runs, or no detail was kept)."""
        found: list[Holdup | None] = [None] * len(self.targets)
        if self.detail is None or not self.runs:
            return found
        best: dict[int, tuple[float, int]] = {}
        waited = _waited_longer(self.detail)
        unplanned: npt.NDArray[np.bool_] = np.asarray((self.finishes < 0).any(axis=0))
        for job, item in self.detail.item_of_job.items():
            if job not in self.detail.team_of_job or unplanned[item]:
                continue  # a link's wait, or an initiative that cannot be planned
            share = float(waited[:, job].mean())
            if share >= MIN_HOLDUP_SHARE and share > best.get(item, (0.0, -1))[0]:
                best[item] = (share, job)
        for item, (share, job) in best.items():
            found[item] = _holdup(self.detail, waited[:, job], job, share)
        return found


def pert(
    low: npt.ArrayLike, likely: npt.ArrayLike, high: npt.ArrayLike, runs: int, seed: int
) -> np.ndarray:
    """`runs` PERT draws of each estimate, shape ``(runs, estimates)``."""
    a, m, b = (np.asarray(v, dtype=float) for v in (low, likely, high))
    width = b - a
    safe = np.where(width > 0, width, 1.0)
    alpha = 1 + 4 * (m - a) / safe
    beta = 1 + 4 * (b - m) / safe
    draws = np.random.default_rng(seed).beta(alpha, beta, size=(runs, len(a)))
    return np.where(width > 0, a + draws * width, m)


def forecast(
    roadmap: Roadmap,
    low: Sequence[float],
    high: Sequence[float],
    *,
    runs: int = 1000,
    seed: int = 0,
    order: Sequence[int] | None = None,
) -> Forecast:
    """Re-plan `roadmap` `runs` times with every package's effort drawn between `low` and
    `high` (its likely effort is the package's own).

    Raises
    ------
    InvalidInput
        When an estimate is out of order (low ≤ likely ≤ high) or `runs` is below 1.
    """
    _check_estimates(roadmap, low, high, runs)
    ranking = list(priority_order(roadmap) if order is None else order)
    built = _build(roadmap)
    rank = {item: position for position, item in enumerate(ranking)}
    likely = [package.effort for package in roadmap.packages]
    efforts = pert(low, likely, high, runs, seed)
    durations = _durations(built, efforts)
    jobs = _job_order(roadmap, built, rank)
    starts, ready = _place(built, durations, jobs)
    planned = _durations(built, np.asarray([likely], dtype=float))
    plan_starts, plan_ready = _place(built, planned, jobs)
    detail = Runs(  # 32-bit weeks: a forecast of 5,000 runs of 1,500 jobs keeps 90 MB, not 180
        starts=starts.astype(np.int32),
        durations=durations.astype(np.int32),
        ready=ready.astype(np.int32),
        plan_starts=plan_starts[0],
        plan_durations=planned[0],
        plan_ready=plan_ready[0],
        item_of_job=dict(built.item_of_job),
        team_of_job=dict(built.team_of_job),
        placed=(*sorted(built.problem.pinned), *(j for j in jobs if j not in built.problem.pinned)),
    )
    return Forecast(
        finishes=_finishes(roadmap, built, starts, durations),
        targets=tuple(item.target for item in roadmap.items),
        detail=detail,
    )


def _waited_longer(detail: Runs) -> npt.NDArray[np.bool_]:
    """Per run and job: it starts later than planned after waiting longer for its team than
    planned (not only because what it follows finished later)."""
    waits = detail.starts - detail.ready
    planned_waits = detail.plan_starts - detail.plan_ready
    later: npt.NDArray[np.bool_] = (detail.starts > detail.plan_starts[None, :]) & (
        waits > planned_waits[None, :]
    )
    return later


def _holdup(detail: Runs, lost: npt.NDArray[np.bool_], job: int, share: float) -> Holdup:
    """The holdup of `job`, which loses its planned slot in the runs `lost`."""
    team = detail.team_of_job[job]
    weeks = detail.starts[lost, job] - detail.plan_starts[job]
    slot_start = int(detail.plan_starts[job])
    slot_end = slot_start + int(detail.plan_durations[job])
    counts: dict[int, int] = {}
    for other in detail.placed[: detail.placed.index(job)]:
        item = detail.item_of_job.get(other)
        if detail.team_of_job.get(other) != team or item in (None, detail.item_of_job[job]):
            continue  # another team's work, a link's wait, or the initiative's own work
        ends = detail.starts[lost, other] + detail.durations[lost, other]
        planned_end = int(detail.plan_starts[other] + detail.plan_durations[other])
        into = (ends > planned_end) & (ends > slot_start) & (detail.starts[lost, other] < slot_end)
        counts[item] = counts.get(item, 0) + int(into.sum())
    enough = MIN_HOLDER_SHARE * int(lost.sum())
    ranked = sorted((-n, item) for item, n in counts.items() if n and n >= enough)
    holders = tuple(item for _, item in ranked)
    return Holdup(
        team=team,
        share=share,
        weeks=int(np.quantile(weeks, 0.5, method="inverted_cdf")),
        holders=holders[:MAX_HOLDERS],
    )


def _check_estimates(
    roadmap: Roadmap, low: Sequence[float], high: Sequence[float], runs: int
) -> None:
    if runs < 1:
        raise InvalidInput("runs", "needs at least one run")
    if len(low) != len(roadmap.packages) or len(high) != len(roadmap.packages):
        raise InvalidInput("low", f"expected {len(roadmap.packages)} low and high estimates")
    for index, package in enumerate(roadmap.packages):
        if not 0 <= low[index] <= package.effort <= high[index]:
            raise InvalidInput(
                f"packages[{index}]",
                f"needs low ≤ likely ≤ high, got {low[index]}, {package.effort}, {high[index]}",
            )


def _durations(built: _Built, efforts: np.ndarray) -> IntArray:
    """Weeks of every job in every run: packages from their drawn effort, links their lag."""
    runs = efforts.shape[0]
    durations = np.tile(built.problem.durations, (runs, 1))
    for package, job in enumerate(built.job_of_package):
        if job is None:
            continue
        need = int(built.problem.requests[job].max(initial=0))
        if need == 0:
            continue
        weeks = np.ceil(efforts[:, package] * SCALE / need - 1e-9).astype(np.int64)
        durations[:, job] = np.where(efforts[:, package] > 0, np.maximum(weeks, 1), 0)
    return durations


class _Board:
    """Free capacity per team in every run, shape ``(runs, weeks)``, grown on demand."""

    def __init__(self, problem: Rcpsp, runs: int, weeks: int) -> None:
        self.problem = problem
        self.runs = runs
        self.capacity = problem.capacity(weeks).astype(np.int32)
        self.free: dict[int, np.ndarray] = {}

    @property
    def weeks(self) -> int:
        return int(self.capacity.shape[0])

    def team(self, team: int) -> np.ndarray:
        if team not in self.free:
            self.free[team] = np.tile(self.capacity[:, team], (self.runs, 1))
        return self.free[team]

    def grow(self) -> None:
        """Twice as many weeks, the new ones at the steady capacity."""
        more = np.tile(self.problem.capacities.astype(np.int32), (self.weeks, 1))
        self.capacity = np.concatenate([self.capacity, more])
        for team, room in self.free.items():
            steady = np.full((self.runs, len(more)), more[0, team], dtype=np.int32)
            self.free[team] = np.concatenate([room, steady], axis=1)


def _place(built: _Built, durations: IntArray, order: list[int]) -> tuple[IntArray, IntArray]:
    """The serial schedule of every run at once (each job holds at most one team): every
    job's start, and the week it was ready (its release and predecessors done)."""
    problem = built.problem
    runs = durations.shape[0]
    longest = replace(problem, durations=durations.max(axis=0))
    weeks = int((serial(longest, order) + longest.durations).max(initial=0))
    board = _Board(problem, runs, 2 * weeks + int(longest.durations.max(initial=0)) + 1)
    starts = np.zeros((runs, problem.jobs), dtype=np.int64)
    readies = np.zeros((runs, problem.jobs), dtype=np.int64)
    for job, start in sorted(problem.pinned.items()):
        starts[:, job] = start
        readies[:, job] = start
        _hold(board, built, job, starts[:, job], durations[:, job])
    before = problem.predecessors()
    release = problem.release_dates()
    for job in order:
        if job in problem.pinned:
            continue
        ready = np.full(runs, release[job], dtype=np.int64)
        for earlier in before[job]:
            np.maximum(ready, starts[:, earlier] + durations[:, earlier], out=ready)
        readies[:, job] = ready
        starts[:, job] = _first_fits(board, built, job, ready, durations[:, job])
        _hold(board, built, job, starts[:, job], durations[:, job])
    return starts, readies


def _first_fits(
    board: _Board, built: _Built, job: int, ready: IntArray, weeks: IntArray
) -> IntArray:
    """Per run, the first week from `ready` with the job's need free for its `weeks`."""
    team = built.team_of_job.get(job)
    need = 0 if team is None else int(built.problem.requests[job, team])
    if team is None or need == 0 or not weeks.any():
        return ready
    while True:
        found = _fits(board.team(team), need, ready, weeks)
        if found is not None:
            return found
        board.grow()


def _fits(room: np.ndarray, need: int, ready: IntArray, weeks: IntArray) -> IntArray | None:
    """First fits, looked for a window of weeks at a time (most jobs fit soon after they are
    ready; the horizon is far): runs that found none move on to the next, overlapping window.
    None when some run finds no room before the horizon."""
    horizon = room.shape[1]
    longest = int(weeks.max(initial=0))
    span = 2 * longest + 32
    found = np.full(len(ready), -1, dtype=np.int64)
    pending = np.arange(len(ready))
    low = int(ready.min(initial=0))
    while pending.size:
        high = min(horizon, low + span)
        got = _window_fits(room[pending, low:high], need, ready[pending] - low, weeks[pending])
        hit = got >= 0
        found[pending[hit]] = low + got[hit]
        pending = pending[~hit]
        if not pending.size:
            break
        if high == horizon:
            return None
        low = max(high - longest + 1, int(ready[pending].min()))
    return found


def _window_fits(window: np.ndarray, need: int, ready: IntArray, weeks: IntArray) -> IntArray:
    """Per row, the first offset ≥ ready where `need` is free for `weeks`, or -1."""
    rows, width = window.shape
    short = np.zeros((rows, width + 1), dtype=np.int32)
    np.cumsum(window < need, axis=1, out=short[:, 1:])
    offsets = np.arange(width)
    ends = offsets[None, :] + weeks[:, None]
    blocked = np.take_along_axis(short, np.minimum(ends, width), axis=1) - short[:, :-1]
    fits = (ends <= width) & (blocked == 0) & (offsets[None, :] >= ready[:, None])
    first: IntArray = np.where(fits.any(axis=1), np.argmax(fits, axis=1), -1).astype(np.int64)
    return first


def _hold(board: _Board, built: _Built, job: int, start: IntArray, weeks: IntArray) -> None:
    team = built.team_of_job.get(job)
    if team is None:
        return
    need = int(built.problem.requests[job, team])
    while int((start + weeks).max(initial=0)) > board.weeks:
        board.grow()
    room = board.team(team)
    low, high = int(start.min(initial=0)), int((start + weeks).max(initial=0))
    week = np.arange(low, high)[None, :]
    running = (week >= start[:, None]) & (week < (start + weeks)[:, None])
    room[:, low:high] -= (need * running).astype(np.int32)
    if built.problem.pinned:  # work under way may over-commit: nothing is left
        np.maximum(room[:, low:high], 0, out=room[:, low:high])


def _finishes(roadmap: Roadmap, built: _Built, starts: IntArray, durations: IntArray) -> IntArray:
    runs = starts.shape[0]
    finishes = np.full((runs, len(roadmap.items)), -1, dtype=np.int64)
    ends = starts + durations
    for item in range(len(roadmap.items)):
        jobs = built.jobs_of_item.get(item, [])
        if jobs and item not in built.unplaceable:
            finishes[:, item] = ends[:, jobs].max(axis=1)
    return finishes
