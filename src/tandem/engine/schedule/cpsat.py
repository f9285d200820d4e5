"""The schedule as a CP-SAT model: exact, warm-started from a heuristic plan when one is given.

Every job with work is a fixed-size interval; each resource is a cumulative constraint at its
highest capacity, with fixed intervals holding the capacity a profile takes away in leaner
periods. Releases and the chains after each job narrow the start domains; pinned jobs have
one possible start. On problems CP-SAT can hope to prove (up to :data:`PROOF_JOBS` jobs),
sets of jobs that can never run two at a time are also no-overlap constraints, whose
reasoning (edge finding, not-first/not-last) is stronger than the cumulative's: on the 13
hardest j30 instances at 1 s they prove 4 to 5 optima instead of 1.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.check import check
from tandem.engine.schedule.problem import Rcpsp

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

IntArray = npt.NDArray[np.int64]

OBJECTIVES = ("makespan", "total_makespan", "average_project_delay")
"""What :func:`solve_cpsat` can minimise: the last finish (``total_makespan`` is the same for
a multi-project problem, counted from period 0) or the sum of the projects' finishes (the
average project delay less constants)."""


PROOF_JOBS = 60
"""Up to this many jobs every worker searches the whole problem (no neighbourhood search)."""

PROOF_SUBSOLVERS = ("no_lp", "max_lp")
"""The full-problem workers for small problems. Measured on a quarter of j30 (96 instances,
2 workers, 1 s, hint from sampling): the same 92 proven optimal as with CP-SAT's default
(``default_lp`` beside neighbourhood search), but a p95 of 0.36 s instead of 0.56 s; on the
hardest (j3013_1, j3025_1, j3029_1, j3045_1) 0.2–3 s instead of 1–8 s and more. With the
no-overlap cliques (:func:`_cliques`) on all 384 j30 at 1 s: ``no_lp`` with ``max_lp`` proves
375, with ``default_lp`` 374 (371 without the cliques)."""


@dataclass(frozen=True)
class CpSatResult:
    """What CP-SAT answered.

    Parameters
    ----------
    status
        ``"optimal"``: proven best. ``"feasible"``: a plan, not proven best. ``"heuristic"``:
        CP-SAT found no plan of its own in time, ``starts`` is the hint. ``"unknown"``: no plan
        (no hint and none found in time). ``"infeasible"``: no plan exists.
    starts
        The start of every job, or None without a plan.
    objective
        The objective of ``starts`` (the makespan, or the sum of project finishes), or None.
    bound
        No plan has a smaller objective (CP-SAT's proven bound; 0 when nothing is known).
    seconds
        Wall-clock seconds of the model building and the search.
    """

    status: str
    starts: IntArray | None
    objective: int | None
    bound: int
    seconds: float


def solve_cpsat(
    problem: Rcpsp,
    *,
    hint: Sequence[int] | IntArray | None = None,
    time_limit: float = 10.0,
    workers: int = 2,
    seed: int = 0,
    lower: int = 0,
    objective: str = "makespan",
    project_of: Sequence[int] | None = None,
) -> CpSatResult:
    """Minimise the makespan (or a multi-project objective) with CP-SAT.

    Parameters
    ----------
    problem
        The instance; releases, the capacity profile and pinned jobs are constraints.
    hint
        A schedule to start from. When valid (see :func:`check`) its makespan also caps the
        horizon for the makespan objectives.
    time_limit
        Seconds for the whole call: building the model, then CP-SAT's search.
    workers
        CP-SAT's parallel workers.
    seed
        CP-SAT's random seed.
    lower
        A known lower bound on the makespan (e.g. :func:`lower_bound`), for the makespan
        objectives.
    objective
        One of :data:`OBJECTIVES`.
    project_of
        For ``"average_project_delay"``: each job's project (-1 for jobs of none).

    Returns
    -------
    CpSatResult
        The status, the best plan found, its objective and CP-SAT's bound.

    Raises
    ------
    InvalidInput
        For an unknown objective, or ``"average_project_delay"`` without `project_of`.
    """
    from ortools.sat.python import cp_model

    clock = time.perf_counter()
    if objective not in OBJECTIVES:
        raise InvalidInput("objective", f"expected one of {', '.join(OBJECTIVES)}")
    if objective == "average_project_delay" and (
        project_of is None or len(project_of) != problem.jobs
    ):
        raise InvalidInput("project_of", f"needs the project of each of the {problem.jobs} jobs")
    good_hint = hint is not None and not check(problem, [int(v) for v in hint])
    ends = _ends(problem, hint if good_hint and objective != "average_project_delay" else None)
    built = _Model.build(problem, ends, lower)
    if objective == "average_project_delay" and project_of is not None:  # checked above
        built.minimise_project_finishes(problem, project_of)
    else:
        built.model.minimize(built.makespan)
    if hint is not None and good_hint:
        built.add_hint(problem, hint)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, time_limit - (time.perf_counter() - clock))
    solver.parameters.num_workers = max(1, workers)
    solver.parameters.random_seed = seed
    if workers >= 2 and problem.jobs <= PROOF_JOBS:
        solver.parameters.num_full_subsolvers = 2
        solver.parameters.subsolvers.extend(PROOF_SUBSOLVERS)
    status = solver.solve(built.model)
    seconds = time.perf_counter() - clock
    bound = max(0, int(np.ceil(solver.best_objective_bound - 1e-6)))
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        starts = np.array([solver.value(s) for s in built.starts], dtype=np.int64)
        value = round(solver.objective_value)
        name = "optimal" if status == cp_model.OPTIMAL else "feasible"
        return CpSatResult(name, starts, value, value if name == "optimal" else bound, seconds)
    if status == cp_model.INFEASIBLE:
        return CpSatResult("infeasible", None, None, 0, seconds)
    if hint is not None and good_hint:
        starts = np.asarray(hint, dtype=np.int64)
        value = _objective(problem, starts, objective, project_of)
        return CpSatResult("heuristic", starts, value, 0, seconds)
    return CpSatResult("unknown", None, None, 0, seconds)


def _objective(
    problem: Rcpsp, starts: IntArray, objective: str, project_of: Sequence[int] | None
) -> int:
    finish = starts + problem.durations
    if objective != "average_project_delay" or project_of is None:
        return int(finish.max(initial=0))
    projects = np.asarray(project_of)
    return sum(int(finish[projects == p].max()) for p in np.unique(projects[projects >= 0]))


def _ends(problem: Rcpsp, hint: Sequence[int] | IntArray | None) -> int:
    """The period by which every job ends: the hint's makespan, or the problem's horizon."""
    if hint is None:
        return problem.horizon()
    return int((np.asarray(hint, dtype=np.int64) + problem.durations).max(initial=0))


@dataclass
class _Model:
    """The CP-SAT model with the variables the caller reads back."""

    model: cp_model.CpModel
    starts: list[cp_model.IntVar]
    makespan: cp_model.IntVar
    top: int  # every job ends by then

    @classmethod
    def build(cls, problem: Rcpsp, ends: int, lower: int) -> _Model:
        from ortools.sat.python import cp_model

        model = cp_model.CpModel()
        earliest, tails = _earliest_and_tails(problem)
        durations = problem.durations.tolist()
        starts = []
        for job in range(problem.jobs):
            if job in problem.pinned:
                low = high = int(problem.pinned[job])
            else:
                low, high = int(earliest[job]), max(int(earliest[job]), ends - int(tails[job]))
            starts.append(model.new_int_var(low, high, f"s{job}"))
        for job, later in enumerate(problem.successors):
            for after in later:
                model.add(starts[after] >= starts[job] + durations[job])
        critical = int((earliest + problem.durations).max(initial=0))
        top = max(ends, critical)
        makespan = model.new_int_var(min(max(critical, lower), top), top, "makespan")
        for job in range(problem.jobs):
            if not problem.successors[job]:
                model.add(makespan >= starts[job] + durations[job])
        intervals = [
            model.new_fixed_size_interval_var(starts[job], durations[job], f"i{job}")
            for job in range(problem.jobs)
        ]
        _cumulatives(model, problem, intervals, top)
        if problem.jobs <= PROOF_JOBS:
            for clique in _cliques(problem):
                model.add_no_overlap([intervals[job] for job in clique])
        return cls(model, starts, makespan, top)

    def minimise_project_finishes(self, problem: Rcpsp, project_of: Sequence[int]) -> None:
        """Minimise the sum of the projects' last finishes."""
        projects = np.asarray(project_of)
        finishes = []
        for project in np.unique(projects[projects >= 0]).tolist():
            finish = self.model.new_int_var(0, self.top, f"p{project}")
            for job in np.flatnonzero(projects == project).tolist():
                self.model.add(finish >= self.starts[job] + int(problem.durations[job]))
            finishes.append(finish)
        self.model.minimize(sum(finishes))

    def add_hint(self, problem: Rcpsp, hint: Sequence[int] | IntArray) -> None:
        for var, value in zip(self.starts, hint, strict=True):
            self.model.add_hint(var, int(value))
        self.model.add_hint(self.makespan, int((np.asarray(hint) + problem.durations).max()))


def _earliest_and_tails(problem: Rcpsp) -> tuple[IntArray, IntArray]:
    """Earliest starts (releases, pins, precedences) and each job's chain to the end.

    A job's tail is its own duration plus the longest chain of durations after it.
    """
    order = _topological(problem)
    earliest = problem.release_dates().astype(np.int64).copy()
    for job, start in problem.pinned.items():
        earliest[job] = max(earliest[job], start)
    tails = problem.durations.astype(np.int64).copy()
    for job in order:
        finish = earliest[job] + problem.durations[job]
        for later in problem.successors[job]:
            earliest[later] = max(earliest[later], finish)
    for job in reversed(order):
        for later in problem.successors[job]:
            tails[job] = max(tails[job], problem.durations[job] + tails[later])
    return earliest, tails


def _topological(problem: Rcpsp) -> list[int]:
    missing = [len(p) for p in problem.predecessors()]
    ready = [job for job in range(problem.jobs) if missing[job] == 0]
    order: list[int] = []
    while ready:
        job = ready.pop()
        order.append(job)
        for later in problem.successors[job]:
            missing[later] -= 1
            if missing[later] == 0:
                ready.append(later)
    return order


def _cumulatives(
    model: cp_model.CpModel,
    problem: Rcpsp,
    intervals: list[cp_model.IntervalVar],
    top: int,
) -> None:
    """One cumulative per resource; a profile's leaner periods hold fixed dummy work."""
    periods = 0 if problem.profile is None else len(problem.profile)
    available = problem.capacity(min(periods, top) + 1)
    for res in range(len(problem.capacities)):
        users = [
            j for j in range(problem.jobs) if problem.requests[j, res] and problem.durations[j]
        ]
        if not users:
            continue
        most = int(available[:, res].max())
        held = [
            model.new_fixed_size_interval_var(begin, length, f"dip{res}_{begin}")
            for begin, length, _ in _dips(available[:, res], most, top)
        ]
        amounts = [amount for _, _, amount in _dips(available[:, res], most, top)]
        model.add_cumulative(
            [intervals[j] for j in users] + held,
            [int(problem.requests[j, res]) for j in users] + amounts,
            most,
        )


def _dips(column: IntArray, most: int, top: int) -> list[tuple[int, int, int]]:
    """(first period, length, units) runs where `column` is below `most`.

    The last entry of `column` is the steady capacity; its run lasts until `top`.
    """
    runs: list[tuple[int, int, int]] = []
    values = column.tolist()
    begin = 0
    for period in range(1, len(values) + 1):
        if period < len(values) and values[period] == values[begin]:
            continue
        length = (period - begin) if period < len(values) else max(top - begin, 0)
        if values[begin] < most and length > 0:
            runs.append((begin, length, most - values[begin]))
        begin = period
    return runs


def _cliques(problem: Rcpsp) -> list[list[int]]:
    """Sets of three or more jobs no two of which can run at once.

    Two jobs cannot overlap when together they need more of some resource than it ever has,
    or when a chain of precedences joins them. Per resource, the set starts from the job
    needing most of it and takes in turn every job (largest request first) that clashes with
    all already in; the same set found twice is kept once.
    """
    most = problem.capacity((0 if problem.profile is None else len(problem.profile)) + 1).max(
        axis=0
    )
    requests = problem.requests.astype(np.int64)
    busy = (problem.durations > 0) & requests.any(axis=1)
    clash = np.zeros((problem.jobs, problem.jobs), dtype=np.bool_)
    for res in range(len(most)):
        clash |= requests[:, None, res] + requests[None, :, res] > most[res]
    reach = _reach(problem)
    clash |= reach | reach.T
    clash &= busy[:, None] & busy[None, :]
    found: list[list[int]] = []
    seen: set[tuple[int, ...]] = set()
    for res in range(len(most)):
        clique: list[int] = []
        for job in np.argsort(-requests[:, res], kind="stable").tolist():
            if busy[job] and clash[job, clique].all():
                clique.append(job)
        key = tuple(sorted(clique))
        if len(clique) >= 3 and key not in seen:
            seen.add(key)
            found.append(clique)
    return found


def _reach(problem: Rcpsp) -> npt.NDArray[np.bool_]:
    """``reach[i, j]``: a chain of precedences leads from job i to job j."""
    reach = np.zeros((problem.jobs, problem.jobs), dtype=np.bool_)
    for job in reversed(_topological(problem)):
        for later in problem.successors[job]:
            reach[job, later] = True
            reach[job] |= reach[later]
    return reach
