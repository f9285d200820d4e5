"""The resource-constrained project scheduling problem (RCPSP) as plain arrays."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

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
    releases
        Each job's earliest start (a project's arrival, an initiative's release date), shape
        ``(jobs,)``; none means every job may start at period 0.
    profile
        Time-varying capacity: row ``t`` is what is available in period ``t``, shape
        ``(periods, resources)``; from the period after the last row on, ``capacities`` holds.
        None means ``capacities`` in every period.
    pinned
        Jobs whose start is fixed (work already under way), job → start period. They hold
        their requests like any other job.
    """

    name: str
    durations: IntArray
    requests: IntArray
    capacities: IntArray
    successors: tuple[tuple[int, ...], ...]
    releases: IntArray | None = None
    profile: IntArray | None = None
    pinned: Mapping[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._check_shapes()
        self._check_precedences()
        self._check_requests()
        self._check_time()

    def _check_shapes(self) -> None:
        jobs = len(self.durations)
        if self.requests.shape != (jobs, len(self.capacities)):
            raise InvalidInput("requests", f"expected shape {(jobs, len(self.capacities))}")
        if len(self.successors) != jobs:
            raise InvalidInput("successors", f"expected {jobs} lists, got {len(self.successors)}")
        if (self.durations < 0).any() or (self.requests < 0).any():
            raise InvalidInput("durations", "durations and requests cannot be negative")
        if (self.capacities < 0).any():
            raise InvalidInput("capacities", "capacities cannot be negative")

    def _check_precedences(self) -> None:
        jobs = len(self.durations)
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

    def _check_requests(self) -> None:
        too_big = np.argwhere(self.requests > self.capacities)
        if len(too_big):
            job, res = (int(v) for v in too_big[0])
            raise InvalidInput(
                f"requests[{job}][{res}]",
                f"job {job + 1} needs {self.requests[job, res]} of resource {res + 1}, "
                f"which has {self.capacities[res]}",
            )

    def _check_time(self) -> None:
        jobs = len(self.durations)
        if self.releases is not None:
            if self.releases.shape != (jobs,):
                raise InvalidInput("releases", f"expected shape {(jobs,)}")
            if (self.releases < 0).any():
                job = int(np.argmin(self.releases))
                raise InvalidInput(f"releases[{job}]", f"job {job + 1} is released before 0")
        if self.profile is not None:
            if self.profile.ndim != 2 or self.profile.shape[1] != len(self.capacities):
                raise InvalidInput("profile", f"expected shape (periods, {len(self.capacities)})")
            if (self.profile < 0).any():
                period, res = (int(v) for v in np.argwhere(self.profile < 0)[0])
                raise InvalidInput(f"profile[{period}][{res}]", "capacity cannot be negative")
        for job, start in self.pinned.items():
            if not 0 <= job < jobs:
                raise InvalidInput(f"pinned[{job}]", f"no job {job + 1}")
            if start < 0:
                raise InvalidInput(f"pinned[{job}]", f"job {job + 1} is pinned before period 0")

    @property
    def jobs(self) -> int:
        """How many jobs, dummy start and end included."""
        return len(self.durations)

    def release_dates(self) -> IntArray:
        """Each job's earliest start: its release, or 0."""
        if self.releases is None:
            return np.zeros(self.jobs, dtype=np.int64)
        return self.releases

    def capacity(self, periods: int) -> IntArray:
        """What is available in each of the first `periods` periods, shape (periods, resources)."""
        steady = np.tile(self.capacities, (periods, 1))
        if self.profile is not None:
            shown = min(periods, len(self.profile))
            steady[:shown] = self.profile[:shown]
        return steady

    def horizon(self) -> int:
        """A period count by which every job can have finished, whatever the order."""
        starts = [int(self.release_dates().max(initial=0))]
        starts += [start + int(self.durations[job]) for job, start in self.pinned.items()]
        length = 0 if self.profile is None else len(self.profile)
        return max(starts) + length + int(self.durations.sum()) + 1

    def predecessors(self) -> tuple[tuple[int, ...], ...]:
        """For each job, the jobs that must finish before it starts."""
        before: list[list[int]] = [[] for _ in range(self.jobs)]
        for job, later in enumerate(self.successors):
            for successor in later:
                before[successor].append(job)
        return tuple(tuple(p) for p in before)
