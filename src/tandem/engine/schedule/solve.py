"""Schedule a problem with the sampling heuristic, CP-SAT, or both (the heuristic first)."""

from __future__ import annotations

import math
import multiprocessing
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.bounds import critical_path_bound, energy_bound, lower_bound
from tandem.engine.schedule.check import check
from tandem.engine.schedule.cpsat import OBJECTIVES, PROOF_JOBS, CpSatResult, solve_cpsat
from tandem.engine.schedule.problem import IntArray, Rcpsp
from tandem.engine.schedule.sampling import Sampled, sample

SOLVERS = ("heuristic", "cpsat", "hybrid")
"""What :func:`solve` can run."""

STATUSES = ("optimal", "feasible", "heuristic", "unknown", "infeasible")
"""What :attr:`Solution.status` can be."""

HEURISTIC_WORK = 12000
"""Job placements the heuristic mode spends: ``ceil(12000 / jobs)`` sampled schedules, at least
two (each built and justified both ways, so about three serial passes). Measured on the 480
shared j120 instances (2-core machine, `tandem bench psplib ... --solver heuristic`), with the
compiled passes: 100 passes, 5.78% above the best known, a median of 10 ms an instance (p95
15 ms); 2,400 placements (20 passes) gave 6.87% at 4.5 ms, 7,200 gave 6.05% at 7.6 ms; one
latest-finish pass with forward–backward gives 9.7%."""

HINT_WORK = 2400
"""Job placements the sampling spends in hybrid mode on problems CP-SAT usually proves (up to
:data:`PROOF_JOBS` jobs) before CP-SAT starts from its plan. Measured on j30 at 1 s: 12,000
placements prove no more instances than 2,400 (370 and 371 of 384) and take longer."""


HYBRID_SAMPLING_SHARE = 0.6
"""In hybrid mode on problems of more than :data:`PROOF_JOBS` jobs, the share of the time limit
the sampling may use before CP-SAT gets the rest (on smaller problems CP-SAT usually proves
the optimum, and the sampling stops after its :data:`HINT_WORK`)."""


PARALLEL_SAMPLING_SECONDS = 0.5
"""Hybrid mode samples in one process per worker when its sampling share is at least this many
seconds (forking and gathering take about 20 ms, too much for shorter budgets)."""


@dataclass(frozen=True)
class Solution:
    """The answer of :func:`solve`.

    Parameters
    ----------
    status
        ``"optimal"``: the objective equals a proven bound. ``"feasible"``: CP-SAT's plan, not
        proven best. ``"heuristic"``: the sampling's plan, not proven best. ``"unknown"``: no
        plan (CP-SAT alone found none in time). ``"infeasible"``: no plan exists (only pinned
        jobs that break capacities or precedences can cause that).
    starts
        The start of every job (passes :func:`check`), or None without a plan.
    makespan
        When the last job finishes, or None.
    objective
        The minimised objective: the makespan, or for ``"average_project_delay"`` the sum of
        the projects' finishes; None without a plan.
    bound
        No plan has a smaller objective: the better of CP-SAT's bound and, for the makespan
        objectives, the lower bound of the problem.
    solver
        The solver asked for.
    seconds
        Wall-clock seconds of the whole call.
    heuristic_makespan
        The sampling's makespan (heuristic and hybrid), else None.
    """

    status: str
    starts: IntArray | None
    makespan: int | None
    objective: int | None
    bound: int
    solver: str
    seconds: float
    heuristic_makespan: int | None = None


def solve(
    problem: Rcpsp,
    *,
    solver: str = "hybrid",
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    passes: int | None = None,
    objective: str = "makespan",
    project_of: Sequence[int] | None = None,
    bound: int | None = None,
) -> Solution:
    """Schedule every job within capacity, as short as the solver and the time allow.

    Parameters
    ----------
    problem
        The instance (releases, capacity profile and pinned jobs honoured).
    solver
        ``"heuristic"``: randomised sampling (:func:`sample`), a plan in milliseconds.
        ``"cpsat"``: CP-SAT alone (may find no plan in time). ``"hybrid"``: the heuristic
        (above :data:`PROOF_JOBS` jobs for :data:`HYBRID_SAMPLING_SHARE` of the time), then
        CP-SAT warm-started from its plan for the rest of the time; the better plan.
    time_limit
        Seconds for the whole call (the heuristic stops early on its own).
    workers
        CP-SAT's parallel workers.
    seed
        The same seed gives the same heuristic plan (and seeds CP-SAT).
    passes
        Sampled schedules for the heuristic; default from :data:`HEURISTIC_WORK` (hybrid:
        from :data:`HINT_WORK`, and above :data:`PROOF_JOBS` jobs as many as its share of the
        time allows).
    objective
        One of :data:`OBJECTIVES` (CP-SAT's objective; the heuristic minimises the makespan).
    project_of
        Each job's project (-1 for none), needed for ``"average_project_delay"``.
    bound
        A known lower bound on the makespan; default :func:`lower_bound` for CP-SAT and the
        cheaper critical-path and energy bounds for the heuristic alone.

    Returns
    -------
    Solution
        The status, the plan and its bound.

    Raises
    ------
    InvalidInput
        For an unknown solver or objective, or ``"average_project_delay"`` without
        `project_of`.
    """
    clock = time.perf_counter()
    if solver not in SOLVERS:
        raise InvalidInput("solver", f"expected one of {', '.join(SOLVERS)}")
    if objective not in OBJECTIVES:
        raise InvalidInput("objective", f"expected one of {', '.join(OBJECTIVES)}")
    if objective == "average_project_delay" and project_of is None:
        raise InvalidInput("project_of", "the average project delay needs each job's project")
    if bound is None:
        cheap = solver == "heuristic"
        bound = (
            max(critical_path_bound(problem), energy_bound(problem))
            if cheap
            else lower_bound(problem)
        )
    heuristic = None
    checking = 0.0  # what checking a plan takes; CP-SAT stops three times that before the limit
    if solver != "cpsat":
        count, budget = _sampling(problem, solver, time_limit, passes)
        if count is None and workers >= 2 and budget >= PARALLEL_SAMPLING_SECONDS:
            found = _sample_in_parallel(problem, budget, seed, bound, workers)
        else:
            found = sample(problem, time_limit=budget, passes=count, seed=seed, bound=bound)
        checked = time.perf_counter()
        if not check(problem, found.starts.tolist()):
            heuristic = found.starts
        checking = time.perf_counter() - checked
    if solver == "heuristic":
        return _finish(problem, heuristic, None, bound, solver, clock, objective, project_of)
    left = time_limit - (time.perf_counter() - clock) - 3 * checking
    exact = solve_cpsat(
        problem,
        hint=heuristic,
        time_limit=left,
        workers=workers,
        seed=seed,
        lower=bound,
        objective=objective,
        project_of=project_of,
    )
    return _finish(problem, heuristic, exact, bound, solver, clock, objective, project_of)


def _sampling(
    problem: Rcpsp, solver: str, time_limit: float, passes: int | None
) -> tuple[int | None, float]:
    """The sampled schedules (None: until the time) and the seconds the sampling may take."""
    if passes is not None:
        return passes, time_limit
    if solver == "hybrid" and problem.jobs > PROOF_JOBS:
        return None, HYBRID_SAMPLING_SHARE * time_limit
    work = HINT_WORK if solver == "hybrid" else HEURISTIC_WORK
    return max(2, math.ceil(work / problem.jobs)), time_limit


def _sample_in_parallel(
    problem: Rcpsp, budget: float, seed: int, bound: int, workers: int
) -> Sampled:
    """The best of `workers` samplings with consecutive seeds, all but one in forked processes.

    Independent populations on every core: measured on every 20th shared j120 instance, the
    better of two 3 s samplings is 2.67% above the best known, one is 2.97-3.00%. Without fork
    (not on Linux) one sampling runs alone.
    """
    from tandem.engine.schedule import compiled

    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Linux forks
        return sample(problem, time_limit=budget, seed=seed, bound=bound)
    clock = time.perf_counter()
    compiled.warm()  # once, before forking, so no process compiles on its own time
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        others = [
            pool.submit(
                sample,
                problem,
                time_limit=budget - (time.perf_counter() - clock),
                seed=seed + k,
                bound=bound,
            )
            for k in range(1, workers)
        ]
        found = [sample(problem, time_limit=budget, seed=seed, bound=bound)]
        found += [other.result() for other in others]
    return min(found, key=lambda one: one.makespan)


def _finish(
    problem: Rcpsp,
    heuristic: IntArray | None,
    exact: CpSatResult | None,
    bound: int,
    solver: str,
    clock: float,
    objective: str,
    project_of: Sequence[int] | None,
) -> Solution:
    """The better plan of the two, its status and bound."""
    makespan_goal = objective != "average_project_delay"
    heuristic_span = _makespan(problem, heuristic)
    floor = bound if makespan_goal else 0
    starts, status = heuristic, "heuristic"
    value = _value(problem, heuristic, objective, project_of)
    if exact is not None:
        floor = max(floor, exact.bound)
        better = exact.objective is not None and (value is None or exact.objective <= value)
        if exact.starts is not None and better and not check(problem, exact.starts.tolist()):
            starts, value, status = exact.starts, exact.objective, exact.status
        if starts is None:
            status = "infeasible" if exact.status == "infeasible" else "unknown"
    elif starts is None:
        status = "unknown"
    if value is not None and value <= floor:
        status, floor = "optimal", value
    return Solution(
        status=status,
        starts=starts,
        makespan=_makespan(problem, starts),
        objective=value,
        bound=floor,
        solver=solver,
        seconds=time.perf_counter() - clock,
        heuristic_makespan=heuristic_span,
    )


def _makespan(problem: Rcpsp, starts: IntArray | None) -> int | None:
    if starts is None:
        return None
    return int((starts + problem.durations).max(initial=0))


def _value(
    problem: Rcpsp, starts: IntArray | None, objective: str, project_of: Sequence[int] | None
) -> int | None:
    if starts is None:
        return None
    if objective != "average_project_delay" or project_of is None:
        return _makespan(problem, starts)
    finish = starts + problem.durations
    projects = np.asarray(project_of)
    return sum(int(finish[projects == p].max()) for p in np.unique(projects[projects >= 0]))
