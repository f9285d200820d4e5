"""The roadmap improved with CP-SAT: meet more targets and deliver the weightiest work sooner.

:func:`~tandem.engine.schedule.roadmap.plan` places initiatives greedily in priority order.
:func:`optimize` starts from that plan (it is CP-SAT's hint, so the answer is never worse)
and searches, under a time limit, for the schedule with the least

    TARDINESS_FACTOR × Σ weight × weeks past target  +  Σ weight × finish week

that is, meeting targets counts first and delivering the most valuable work early second.
With `baseline` starts (the plan people already know), every week a package moves away from
its baseline start adds `stability` × the mean weight, so re-planning after a small change
moves little. Work under way stays pinned and keeps its people (it may hold more than a team
has free, as in the greedy plan); for the rest, capacity dips, releases and dependencies
hold, checked by :func:`~tandem.engine.schedule.check.check` on what work under way leaves.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.bounds import earliest_starts
from tandem.engine.schedule.check import check
from tandem.engine.schedule.cpsat import _Model
from tandem.engine.schedule.problem import Rcpsp
from tandem.engine.schedule.roadmap import (
    Roadmap,
    RoadmapPlan,
    _build,
    _Built,
    _placement,
    plan,
    priority_order,
)

TARDINESS_FACTOR = 10  # a week late counts as much as ten weeks of later delivery
WEIGHT_SCALE = 100  # weights are rounded to hundredths for CP-SAT's integer objective
SLACK = 1.25  # the optimizer may use a quarter more weeks than the greedy plan's last finish


@dataclass(frozen=True)
class Optimized:
    """The improved plan, the greedy one it started from, and how far from the best possible.

    `objective` and `greedy_objective` are in weighted weeks (see the module); `bound` is
    CP-SAT's proven lower bound on the objective (0 when it proved nothing)."""

    plan: RoadmapPlan
    greedy: RoadmapPlan
    status: str  # "optimal", "improved", "greedy" (no better plan found in time)
    objective: float
    greedy_objective: float
    bound: float
    seconds: float

    @property
    def gap(self) -> float | None:
        """How far the objective may still be above the best possible (0.05 = 5%)."""
        if self.objective <= 0:
            return 0.0
        return max(0.0, (self.objective - self.bound) / self.objective)


def objective_of(roadmap: Roadmap, result: RoadmapPlan) -> float:
    """TARDINESS_FACTOR × weighted tardiness + weighted completion of `result`."""
    return TARDINESS_FACTOR * result.weighted_tardiness(roadmap) + result.weighted_completion(
        roadmap
    )


def optimize(
    roadmap: Roadmap,
    *,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    baseline: Sequence[int | None] | None = None,
    stability: float = 0.0,
) -> Optimized:
    """Improve the greedy plan of `roadmap` with CP-SAT for at most `time_limit` seconds.

    `baseline` gives a start week per package (None: not placed before) to stay near, with
    `stability` the cost of a week's move relative to the mean weight.

    Raises
    ------
    InvalidInput
        When `baseline` does not give one start per package, or `stability` is negative.
    """
    from ortools.sat.python import cp_model

    clock = time.perf_counter()
    _check_arguments(roadmap, baseline, stability)
    greedy = plan(roadmap)
    built = _build(roadmap)
    problem = _pinned_load_taken_out(built.problem)
    ends = int(np.ceil(int((greedy.job_starts + problem.durations).max(initial=0)) * SLACK)) + 4
    model = _Model.build(problem, max(ends, 1), 0)
    terms = _objective_terms(roadmap, built, model)
    if baseline is not None and stability > 0:
        terms += _stability_terms(roadmap, built, model, baseline, stability)
    model.model.minimize(sum(terms))
    for var, value in zip(model.starts, greedy.job_starts, strict=True):
        model.model.add_hint(var, int(value))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, time_limit)
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    status = solver.solve(model.model)
    found = greedy
    name = "greedy"
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        starts = np.array([solver.value(s) for s in model.starts], dtype=np.int64)
        candidate = _plan_from(roadmap, built, starts, greedy)
        if not check(problem, starts.tolist()) and _better(roadmap, candidate, greedy):
            found, name = candidate, "improved"
        if status == cp_model.OPTIMAL:
            name = "optimal"
    proved = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    bound = max(0.0, solver.best_objective_bound / WEIGHT_SCALE) if proved else 0.0
    return Optimized(
        plan=found,
        greedy=greedy,
        status=name,
        objective=round(objective_of(roadmap, found), 2),
        greedy_objective=round(objective_of(roadmap, greedy), 2),
        bound=round(min(bound, objective_of(roadmap, found)), 2) if baseline is None else 0.0,
        seconds=time.perf_counter() - clock,
    )


def _pinned_load_taken_out(problem: Rcpsp) -> Rcpsp:
    """The problem with work under way (pinned) taking its people out of the capacity
    profile instead of competing for them: pinned work may already hold more than a team has
    free (the greedy plan places it regardless), which would leave CP-SAT nothing feasible.
    What is left for the rest never drops below 0."""
    if not problem.pinned:
        return problem
    ends = max(start + int(problem.durations[job]) for job, start in problem.pinned.items())
    periods = max(ends, 0 if problem.profile is None else len(problem.profile)) + 1
    free = problem.capacity(periods).copy()
    requests = problem.requests.copy()
    for job, start in problem.pinned.items():
        free[start : start + int(problem.durations[job])] -= problem.requests[job]
        requests[job] = 0
    return replace(problem, requests=requests, profile=np.clip(free, 0, None))


def _check_arguments(
    roadmap: Roadmap, baseline: Sequence[int | None] | None, stability: float
) -> None:
    if stability < 0:
        raise InvalidInput("stability", "must not be negative")
    if baseline is not None and len(baseline) != len(roadmap.packages):
        raise InvalidInput("baseline", f"expected {len(roadmap.packages)} starts, one a package")


def _better(roadmap: Roadmap, candidate: RoadmapPlan, greedy: RoadmapPlan) -> bool:
    return objective_of(roadmap, candidate) <= objective_of(roadmap, greedy)


def _weight(value: float) -> int:
    return max(0, round(value * WEIGHT_SCALE))


def _objective_terms(roadmap: Roadmap, built: _Built, model: _Model) -> list[Any]:
    """Per initiative with work: its finish (the last of its jobs' ends) and its weeks late,
    each times its weight."""
    cp = model.model
    durations = built.problem.durations
    terms: list[Any] = []
    for item, jobs in sorted(built.jobs_of_item.items()):
        entry = roadmap.items[item]
        finish = cp.new_int_var(0, model.top, f"f{item}")
        cp.add_max_equality(finish, [model.starts[j] + int(durations[j]) for j in jobs])
        weight = _weight(entry.weight)
        terms.append(weight * finish)
        if entry.target is not None:
            late = cp.new_int_var(0, model.top, f"late{item}")
            cp.add(late >= finish - int(entry.target))
            terms.append(TARDINESS_FACTOR * weight * late)
    return terms


def _stability_terms(
    roadmap: Roadmap,
    built: _Built,
    model: _Model,
    baseline: Sequence[int | None],
    stability: float,
) -> list[Any]:
    """Weeks each package moves from its baseline start, times `stability` × mean weight."""
    cp = model.model
    weights = [item.weight for item in roadmap.items] or [1.0]
    cost = max(1, _weight(stability * float(np.mean(weights))))
    terms: list[Any] = []
    for package, job in enumerate(built.job_of_package):
        was = baseline[package]
        if job is None or was is None or job in built.problem.pinned:
            continue
        moved = cp.new_int_var(0, model.top + abs(int(was)), f"m{package}")
        cp.add_abs_equality(moved, model.starts[job] - int(was))
        terms.append(cost * moved)
    return terms


def _plan_from(
    roadmap: Roadmap, built: _Built, starts: np.ndarray, greedy: RoadmapPlan
) -> RoadmapPlan:
    """A RoadmapPlan for `starts`, explained against the same priority order as the greedy
    plan: a slip names whoever held the team, lower-ranked work the optimizer put first
    included (and said to be ranked lower)."""
    rank = {item: position for position, item in enumerate(priority_order(roadmap))}
    earliest = earliest_starts(built.problem)
    placements = tuple(
        _placement(roadmap, built, item, starts, earliest, rank, by_rank=False)
        for item in range(len(roadmap.items))
    )
    package_starts = tuple(
        None if job is None else int(starts[job]) for job in built.job_of_package
    )
    return RoadmapPlan(
        starts=package_starts,
        weeks=built.weeks,
        placements=placements,
        problem=built.problem,
        job_starts=starts,
        order=greedy.order,
    )
