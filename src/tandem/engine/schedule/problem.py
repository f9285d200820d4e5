"""The resource-constrained project scheduling problem (RCPSP) as plain arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from tandem.engine.errors import InvalidInput
from tandem.engine.graph import find_cycle

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Rcpsp:
    """Jobs with durations, renewable-resource requests and finish-to-start precedences.

    Parameters
    ----------
    name
        The instance's name (a PSPLIB file name without its extension).
    durations
        Periods each job takes, shape ``(jobs,)``; job ``j`` here is job ``j + 1`` in PSPLIB.
    requests
        Units of each resource a job holds while it runs, shape ``(jobs, resources)``.
    capacities
        Units of each resource available in every period, shape ``(resources,)``.
    successors
        For each job, the jobs that may start only once it has finished.
    """

    name: str
    durations: IntArray
    requests: IntArray
    capacities: IntArray
    successors: tuple[tuple[int, ...], ...]

    def __post_init__(self) -> None:
        jobs = len(self.durations)
        if self.requests.shape != (jobs, len(self.capacities)):
            raise InvalidInput("requests", f"expected shape {(jobs, len(self.capacities))}")
        if len(self.successors) != jobs:
            raise InvalidInput("successors", f"expected {jobs} lists, got {len(self.successors)}")
        if (self.durations < 0).any() or (self.requests < 0).any():
            raise InvalidInput("durations", "durations and requests cannot be negative")
        for job, later in enumerate(self.successors):
            bad = [s for s in later if not 0 <= s < jobs or s == job]
            if bad:
                raise InvalidInput(f"successors[{job}]", f"unknown or self successor {bad[0]}")
        cycle = find_cycle(
            [(job, later) for job, succ in enumerate(self.successors) for later in succ]
        )
        if cycle is not None:
            path = " → ".join(str(job + 1) for job in cycle)
            raise InvalidInput("successors", f"the precedences form a cycle: {path}")
        too_big = np.argwhere(self.requests > self.capacities)
        if len(too_big):
            job, res = (int(v) for v in too_big[0])
            raise InvalidInput(
                f"requests[{job}][{res}]",
                f"job {job + 1} needs {self.requests[job, res]} of resource {res + 1}, "
                f"which has {self.capacities[res]}",
            )

    @property
    def jobs(self) -> int:
        """How many jobs, dummy start and end included."""
        return len(self.durations)

    def predecessors(self) -> tuple[tuple[int, ...], ...]:
        """For each job, the jobs that must finish before it starts."""
        before: list[list[int]] = [[] for _ in range(self.jobs)]
        for job, later in enumerate(self.successors):
            for successor in later:
                before[successor].append(job)
        return tuple(tuple(p) for p in before)
