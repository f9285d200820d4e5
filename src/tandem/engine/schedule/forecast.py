"""Delivery dates as probabilities: the roadmap re-planned under sampled estimates.

Each work package's effort is drawn from a PERT distribution (a beta distribution between
its low and high estimate with the likely value as its mode, weight 4 on the mode), the same
draw for every package of a run being independent. Every run places the packages with the
serial schedule in the same priority order as :func:`~tandem.engine.schedule.roadmap.plan`,
so a run differs from the plan only by its durations. The runs are placed side by side with
numpy — one pass per job over all runs at once, not one schedule after another — which is
what makes 1,000 runs of a portfolio take seconds. A package keeps its rate (people a week)
and takes ``ceil(effort / rate)`` weeks.
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


@dataclass(frozen=True)
class Forecast:
    """Finish weeks of every initiative in every run, shape ``(runs, initiatives)``; -1 where
    an initiative cannot be planned. Weeks count from the plan's first week."""

    finishes: IntArray
    targets: tuple[int | None, ...]

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
    starts = _place(built, durations, _job_order(roadmap, built, rank))
    return Forecast(
        finishes=_finishes(roadmap, built, starts, durations),
        targets=tuple(item.target for item in roadmap.items),
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


def _place(built: _Built, durations: IntArray, order: list[int]) -> IntArray:
    """The serial schedule of every run at once (each job holds at most one team)."""
    problem = built.problem
    runs = durations.shape[0]
    longest = replace(problem, durations=durations.max(axis=0))
    weeks = int((serial(longest, order) + longest.durations).max(initial=0))
    board = _Board(problem, runs, 2 * weeks + int(longest.durations.max(initial=0)) + 1)
    starts = np.zeros((runs, problem.jobs), dtype=np.int64)
    for job, start in sorted(problem.pinned.items()):
        starts[:, job] = start
        _hold(board, built, job, starts[:, job], durations[:, job])
    before = problem.predecessors()
    release = problem.release_dates()
    for job in order:
        if job in problem.pinned:
            continue
        ready = np.full(runs, release[job], dtype=np.int64)
        for earlier in before[job]:
            np.maximum(ready, starts[:, earlier] + durations[:, earlier], out=ready)
        starts[:, job] = _first_fits(board, built, job, ready, durations[:, job])
        _hold(board, built, job, starts[:, job], durations[:, job])
    return starts


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
