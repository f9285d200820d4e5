"""Lower bounds on the makespan: no schedule can finish sooner."""

from __future__ import annotations

import numpy as np

from tandem.engine.graph import topological_order
from tandem.engine.schedule.problem import Rcpsp


def earliest_starts(problem: Rcpsp) -> np.ndarray:
    """Each job's earliest start from precedences alone (the critical-path forward pass)."""
    edges = [(job, later) for job, succ in enumerate(problem.successors) for later in succ]
    order = topological_order(edges, range(problem.jobs))
    earliest = np.zeros(problem.jobs, dtype=np.int64)
    for job in order:
        finish = earliest[job] + problem.durations[job]
        for later in problem.successors[job]:
            earliest[later] = max(earliest[later], finish)
    return earliest


def critical_path_bound(problem: Rcpsp) -> int:
    """The longest chain of durations through the precedences."""
    return int((earliest_starts(problem) + problem.durations).max(initial=0))


def energy_bound(problem: Rcpsp) -> int:
    """The work each resource must do, divided by its capacity, rounded up (the largest)."""
    work = problem.durations @ problem.requests
    ratios = [-(-int(w) // int(c)) for w, c in zip(work, problem.capacities, strict=True) if c > 0]
    return max(ratios, default=0)


def lower_bound(problem: Rcpsp) -> int:
    """The better of the critical-path and the resource-energy bounds."""
    return max(critical_path_bound(problem), energy_bound(problem))
