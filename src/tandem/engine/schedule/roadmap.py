"""The roadmap: initiatives' work on the teams' free weekly capacity, in priority order.

A :class:`Roadmap` is what the planner knows in business terms: teams and the people each has
free per week after non-discretionary work, initiatives with a priority weight, a release
week, a target week and maybe work already under way, the work packages (one team's share of
one initiative: an effort in person-weeks at a rate in people per week) and the links between
initiatives (finish-to-start, with a lag in weeks). :func:`plan` turns it into a
:class:`~tandem.engine.schedule.problem.Rcpsp` in weeks (people counted in tenths), places the
packages with the serial schedule in priority order (the highest weight first; then the
earlier target) and explains, for every initiative that finishes later than it could, why:
which team was full in which weeks with which higher-ranked initiatives, or which
initiative it waited for.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from tandem.engine.errors import InvalidInput
from tandem.engine.schedule.bounds import earliest_starts
from tandem.engine.schedule.problem import Rcpsp
from tandem.engine.schedule.sgs import _precedence_feasible, serial

SCALE = 10  # people are counted in tenths: a rate of 0.5 people is 5 units


@dataclass(frozen=True)
class Item:
    """One initiative on the roadmap (weeks are counted from the plan's first week, 0)."""

    key: str
    title: str
    weight: float = 1.0
    release: int = 0
    target: int | None = None
    pinned: int | None = None


@dataclass(frozen=True)
class Package:
    """One team's share of one initiative: `effort` person-weeks at `rate` people a week."""

    item: int
    team: int
    effort: float
    rate: float


@dataclass(frozen=True)
class Link:
    """Initiative `after` starts no sooner than `lag` weeks after initiative `before` ends."""

    before: int
    after: int
    lag: int = 0


@dataclass(frozen=True)
class Roadmap:
    """Teams, their free people per week (shape ``(weeks, teams)``), initiatives, work, links.

    After the last week of `capacity`, each team keeps its last week's capacity.
    """

    teams: tuple[str, ...]
    capacity: np.ndarray
    items: tuple[Item, ...]
    packages: tuple[Package, ...]
    links: tuple[Link, ...] = ()

    def __post_init__(self) -> None:
        if self.capacity.ndim != 2 or self.capacity.shape[1] != len(self.teams):
            raise InvalidInput("capacity", f"expected shape (weeks, {len(self.teams)})")
        if len(self.capacity) == 0:
            raise InvalidInput("capacity", "needs at least one week")
        if (self.capacity < 0).any():
            raise InvalidInput("capacity", "free capacity cannot be negative")
        for index, package in enumerate(self.packages):
            _check_package(self, index, package)
        for index, link in enumerate(self.links):
            if not (0 <= link.before < len(self.items) and 0 <= link.after < len(self.items)):
                raise InvalidInput(f"links[{index}]", "names an initiative that is not there")
            if link.before == link.after or link.lag < 0:
                raise InvalidInput(f"links[{index}]", "needs two initiatives and a lag ≥ 0")


def _check_package(roadmap: Roadmap, index: int, package: Package) -> None:
    if not 0 <= package.item < len(roadmap.items):
        raise InvalidInput(f"packages[{index}].item", "names an initiative that is not there")
    if not 0 <= package.team < len(roadmap.teams):
        raise InvalidInput(f"packages[{index}].team", "names a team that is not there")
    if package.effort < 0 or not math.isfinite(package.effort):
        raise InvalidInput(f"packages[{index}].effort", "must be a number of person-weeks ≥ 0")
    if package.rate <= 0 or not math.isfinite(package.rate):
        raise InvalidInput(f"packages[{index}].rate", "must be more than 0 people a week")


@dataclass(frozen=True)
class Cause:
    """Why an initiative finishes later than it could, and by how many weeks.

    `kind` is "capacity" (`team` had too little free in weeks `first`..`last`, held by
    `competitors`, initiatives' keys, busiest first: higher-ranked or under-way ones, and in an
    optimized plan also lower-ranked ones the optimizer put first, listed again in
    `ranked_lower`), "dependency" (it waited for `predecessor`) or "no_capacity" (`team`
    never has enough free people for it).
    """

    kind: str
    weeks: int
    team: str | None = None
    first: int | None = None
    last: int | None = None
    competitors: tuple[str, ...] = ()
    predecessor: str | None = None
    ranked_lower: tuple[str, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where one initiative lands: weeks from the plan's start (finish is exclusive)."""

    key: str
    start: int | None
    finish: int | None
    earliest_finish: int | None
    target: int | None
    causes: tuple[Cause, ...] = ()

    @property
    def slip(self) -> int:
        """Weeks later than precedences and release alone would allow."""
        if self.finish is None or self.earliest_finish is None:
            return 0
        return max(0, self.finish - self.earliest_finish)

    @property
    def late_by(self) -> int:
        """Weeks past the target (0 when on time or without a target)."""
        if self.finish is None or self.target is None:
            return 0
        return max(0, self.finish - self.target)


@dataclass(frozen=True)
class RoadmapPlan:
    """The placed packages (`starts`, weeks; None when unplaceable) and each initiative.

    `problem` and `job_starts` are the schedule as the engine solved it, for
    :func:`~tandem.engine.schedule.check.check` to verify."""

    starts: tuple[int | None, ...]
    weeks: tuple[int, ...]
    placements: tuple[Placement, ...]
    problem: Rcpsp
    job_starts: np.ndarray
    order: tuple[int, ...] = field(default=())

    def weighted_tardiness(self, roadmap: Roadmap) -> float:
        """Σ weight × weeks past target."""
        return sum(
            i.weight * p.late_by for i, p in zip(roadmap.items, self.placements, strict=True)
        )

    def weighted_completion(self, roadmap: Roadmap) -> float:
        """Σ weight × finish week (deliver the most valuable first)."""
        return sum(
            i.weight * (p.finish or 0) for i, p in zip(roadmap.items, self.placements, strict=True)
        )

    def usage(self, roadmap: Roadmap, weeks: int) -> np.ndarray:
        """People of each team working on the plan in each of its first `weeks` weeks, shape
        ``(weeks, teams)``: every placed package's rate over the weeks it runs."""
        used = np.zeros((weeks, len(roadmap.teams)))
        placed = zip(roadmap.packages, self.starts, self.weeks, strict=True)
        for package, start, length in placed:
            if start is not None and start < weeks:
                used[max(start, 0) : start + length, package.team] += package.rate
        return used


def priority_order(roadmap: Roadmap) -> list[int]:
    """Initiatives by weight (highest first), then earlier target, release, then key."""
    far = 1 << 30
    return sorted(
        range(len(roadmap.items)),
        key=lambda i: (
            -roadmap.items[i].weight,
            far if roadmap.items[i].target is None else roadmap.items[i].target,
            roadmap.items[i].release,
            roadmap.items[i].key,
        ),
    )


def plan(roadmap: Roadmap, order: Sequence[int] | None = None) -> RoadmapPlan:
    """Place every package in `order` of initiatives (default :func:`priority_order`).

    Returns
    -------
    RoadmapPlan
        Starts per package and, per initiative, start, finish, earliest finish and causes.
    """
    ranking = list(priority_order(roadmap) if order is None else order)
    built = _build(roadmap)
    rank = {item: position for position, item in enumerate(ranking)}
    starts = serial(built.problem, _job_order(roadmap, built, rank))
    earliest = earliest_starts(built.problem)
    placements = tuple(
        _placement(roadmap, built, item, starts, earliest, rank)
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
        order=tuple(ranking),
    )


def _job_order(roadmap: Roadmap, built: _Built, rank: dict[int, int]) -> list[int]:
    """Jobs in their initiative's rank (a link's wait in the rank of the one waiting),
    each after its predecessors."""
    owner = dict(built.item_of_job)
    owner.update({job: roadmap.links[link].after for job, link in built.link_of_job.items()})
    wanted = sorted(range(built.problem.jobs), key=lambda job: (rank[owner[job]], job))
    return _precedence_feasible(built.problem, wanted)


@dataclass(frozen=True)
class _Built:
    """The Rcpsp and the maps between its jobs and the roadmap's packages and links."""

    problem: Rcpsp
    job_of_package: tuple[int | None, ...]
    item_of_job: dict[int, int]
    team_of_job: dict[int, int]
    link_of_job: dict[int, int]
    weeks: tuple[int, ...]
    unplaceable: dict[int, list[int]]  # item -> teams that never have room for its work

    links: tuple[Link, ...] = ()
    jobs_of_item: dict[int, list[int]] = field(default_factory=dict)
    jobs_of_team: dict[int, list[int]] = field(default_factory=dict)
    predecessors: tuple[tuple[int, ...], ...] = ()


def _sizes(roadmap: Roadmap, steady: np.ndarray) -> list[tuple[int, int]]:
    """Per package: people needed (tenths, no more than the team ever has) and weeks."""
    sizes = []
    for package in roadmap.packages:
        need = min(math.ceil(package.rate * SCALE - 1e-9), int(steady[package.team]))
        if package.effort == 0 or need <= 0:
            sizes.append((need, 0))
            continue
        sizes.append((need, max(1, math.ceil(package.effort * SCALE / need - 1e-9))))
    return sizes


def _build(roadmap: Roadmap) -> _Built:
    steady = np.floor(roadmap.capacity[-1] * SCALE + 1e-9).astype(np.int64)
    teams = len(roadmap.teams)
    durations: list[int] = []
    requests: list[np.ndarray] = []
    item_of_job: dict[int, int] = {}
    team_of_job: dict[int, int] = {}
    job_of_package: list[int | None] = []
    unplaceable: dict[int, list[int]] = {}
    sizes = _sizes(roadmap, steady)
    for package, (need, length) in zip(roadmap.packages, sizes, strict=True):
        if need <= 0 and package.effort > 0:
            unplaceable.setdefault(package.item, []).append(package.team)
            job_of_package.append(None)
            continue
        row = np.zeros(teams, np.int64)
        row[package.team] = need if length else 0
        item_of_job[len(durations)] = package.item
        team_of_job[len(durations)] = package.team
        job_of_package.append(len(durations))
        durations.append(length)
        requests.append(row)
    jobs_of_item = _group(item_of_job)
    successors: list[list[int]] = [[] for _ in durations]
    link_of_job: dict[int, int] = {}
    for index, link in enumerate(roadmap.links):
        if roadmap.items[link.after].pinned is not None:
            continue  # work under way has started whatever it waited for
        job = len(durations)
        link_of_job[job] = index
        durations.append(link.lag)
        requests.append(np.zeros(teams, np.int64))
        successors.append(list(jobs_of_item.get(link.after, [])))
        for before in jobs_of_item.get(link.before, []):
            successors[before].append(job)
    problem = _problem(roadmap, durations, requests, successors, item_of_job)
    return _Built(
        problem=problem,
        job_of_package=tuple(job_of_package),
        item_of_job=item_of_job,
        team_of_job=team_of_job,
        link_of_job=link_of_job,
        weeks=tuple(length for _, length in sizes),
        unplaceable=unplaceable,
        links=roadmap.links,
        jobs_of_item=jobs_of_item,
        jobs_of_team=_group(team_of_job),
        predecessors=problem.predecessors(),
    )


def _group(owner_of: dict[int, int]) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for job, owner in owner_of.items():
        grouped.setdefault(owner, []).append(job)
    return grouped


def _problem(
    roadmap: Roadmap,
    durations: list[int],
    requests: list[np.ndarray],
    successors: list[list[int]],
    item_of_job: dict[int, int],
) -> Rcpsp:
    teams = len(roadmap.teams)
    releases = np.zeros(len(durations), np.int64)
    pinned: dict[int, int] = {}
    for job, item in item_of_job.items():
        releases[job] = roadmap.items[item].release
        if roadmap.items[item].pinned is not None:
            pinned[job] = int(roadmap.items[item].pinned)  # type: ignore[arg-type]
            releases[job] = min(releases[job], pinned[job])
    return Rcpsp(
        name="roadmap",
        durations=np.array(durations, dtype=np.int64),
        requests=np.array(requests, dtype=np.int64).reshape(len(durations), teams),
        capacities=np.floor(roadmap.capacity[-1] * SCALE + 1e-9).astype(np.int64),
        successors=tuple(tuple(s) for s in successors),
        releases=releases,
        profile=np.floor(roadmap.capacity * SCALE + 1e-9).astype(np.int64),
        pinned=pinned,
    )


def _placement(
    roadmap: Roadmap,
    built: _Built,
    item: int,
    starts: np.ndarray,
    earliest: np.ndarray,
    rank: dict[int, int],
    *,
    by_rank: bool = True,
) -> Placement:
    """Where `item` lands and why. `by_rank`: the plan placed initiatives in `rank` order
    (so only higher-ranked or under-way work can have held its team); otherwise (an
    optimized plan) whoever held the team is named."""
    entry = roadmap.items[item]
    jobs = built.jobs_of_item.get(item, [])
    if item in built.unplaceable:
        blocked = tuple(
            Cause(kind="no_capacity", weeks=0, team=roadmap.teams[team])
            for team in built.unplaceable[item]
        )
        return Placement(entry.key, None, None, None, entry.target, blocked)
    if not jobs:
        return Placement(entry.key, None, None, None, entry.target)
    durations = built.problem.durations
    finishes = [int(starts[j] + durations[j]) for j in jobs]
    finish = max(finishes)
    earliest_finish = max(int(earliest[j] + durations[j]) for j in jobs)
    causes: tuple[Cause, ...] = ()
    if finish > earliest_finish:
        critical = max(jobs, key=lambda j: (int(starts[j] + durations[j]), int(starts[j])))
        causes = _causes(roadmap, built, critical, starts, earliest, rank, by_rank=by_rank)
    elif entry.target is not None and finish > entry.target:
        causes = (Cause(kind="duration", weeks=finish - entry.target),)
    start = min(int(starts[j]) for j in jobs)
    return Placement(entry.key, start, finish, earliest_finish, entry.target, causes)


def _causes(
    roadmap: Roadmap,
    built: _Built,
    job: int,
    starts: np.ndarray,
    earliest: np.ndarray,
    rank: dict[int, int],
    *,
    by_rank: bool,
) -> tuple[Cause, ...]:
    """Why `job` started after its earliest start: a late predecessor, then a full team."""
    problem = built.problem
    ready = int(problem.release_dates()[job])
    waited_for: int | None = None
    for before in built.predecessors[job]:
        done = int(starts[before] + problem.durations[before])
        if done > ready:
            ready, waited_for = done, before
    causes = []
    if waited_for is not None and ready > earliest[job]:
        link = roadmap.links[built.link_of_job[waited_for]]
        predecessor = roadmap.items[link.before].key
        weeks = ready - int(earliest[job])
        causes.append(Cause(kind="dependency", weeks=weeks, predecessor=predecessor, last=ready))
    if starts[job] > ready:
        causes.append(_capacity_cause(roadmap, built, job, ready, starts, rank, by_rank))
    return tuple(sorted(causes, key=lambda c: -c.weeks))


def _capacity_cause(
    roadmap: Roadmap,
    built: _Built,
    job: int,
    ready: int,
    starts: np.ndarray,
    rank: dict[int, int],
    by_rank: bool,
) -> Cause:
    """The team of `job` in the weeks it waited, and who held it then (most first).

    In a plan placed by rank, lower-ranked work in those weeks only filled what was left (it
    was placed after `job`), so it is not named; in an optimized plan it may have been put
    first, and is named as ranked lower."""
    team = built.team_of_job[job]
    begin, end = ready, int(starts[job])
    item = built.item_of_job[job]
    held: dict[int, int] = {}
    lower: set[int] = set()
    for other in built.jobs_of_team.get(team, []):
        owner = built.item_of_job[other]
        if owner == item:
            continue
        ahead = rank[owner] < rank[item] or roadmap.items[owner].pinned is not None
        overlap = min(end, int(starts[other] + built.problem.durations[other])) - max(
            begin, int(starts[other])
        )
        if overlap > 0 and (ahead or not by_rank):
            held[owner] = held.get(owner, 0) + overlap * int(built.problem.requests[other, team])
            if not ahead:
                lower.add(owner)
    competitors = sorted(held, key=lambda owner: (-held[owner], rank[owner]))[:3]
    return Cause(
        kind="capacity",
        weeks=end - begin,
        team=roadmap.teams[team],
        first=begin,
        last=end - 1,
        competitors=tuple(roadmap.items[owner].key for owner in competitors),
        ranked_lower=tuple(roadmap.items[owner].key for owner in competitors if owner in lower),
    )


def describe(
    placement: Placement,
    *,
    title: Callable[[str], str],
    week: Callable[[int], str],
) -> str:
    """The placement's slip in words, e.g. "Finishes 9 weeks later than it could: Data
    Platform is full from Mar 2027 to May 2027 with Customer Portal and GDPR Retention
    (ranked higher)." Empty when it lands as early as it can and on target."""
    parts = []
    if placement.late_by:
        parts.append(f"Misses its target by {_weeks(placement.late_by)}.")
    reasons = [_reason(cause, title=title, week=week) for cause in placement.causes]
    if placement.finish is None and reasons:
        parts.append("Cannot be planned: " + "; ".join(reasons) + ".")
    elif placement.slip and reasons:
        parts.append(
            f"Finishes {_weeks(placement.slip)} later than it could: " + "; ".join(reasons) + "."
        )
    elif reasons:
        parts.append(reasons[0][0].upper() + reasons[0][1:] + ".")
    return " ".join(parts)


def _reason(cause: Cause, *, title: Callable[[str], str], week: Callable[[int], str]) -> str:
    if cause.kind == "dependency":
        return f"waits for {title(cause.predecessor or '')} until {week(cause.last or 0)}"
    if cause.kind == "no_capacity":
        return f"{cause.team} never has enough people free for its share"
    if cause.kind == "duration":
        return "its own work takes it past the target, even with every team free"
    span = f"from {week(cause.first or 0)} to {week(cause.last or 0)}"
    if week(cause.first or 0) == week(cause.last or 0):  # one week, or one month's weeks
        span = f"in {week(cause.first or 0)}"
    if not cause.competitors:
        return f"{cause.team} has too few people free {span}"
    higher = [title(key) for key in cause.competitors if key not in cause.ranked_lower]
    lower = [title(key) for key in cause.competitors if key in cause.ranked_lower]
    groups = []
    if higher:
        groups.append(f"{_listed(higher)} (ranked higher or under way)")
    if lower:
        them = "it" if len(lower) == 1 else "them"
        groups.append(f"{_listed(lower)} (ranked lower; the optimized plan puts {them} first)")
    return f"{cause.team} is full {span} with {' and '.join(groups)}"


def _listed(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _weeks(count: int) -> str:
    return "1 week" if count == 1 else f"{count} weeks"
