"""ORM <-> roadmap engine: the committed portfolio as a `Roadmap`, weeks counted from this week.

What the planner reads, and the rules of thumb it applies:

- **Teams and free people per week**: the capacity engine's supply (people after leave,
  holidays and hires) less non-discretionary load, for `HORIZON_WEEKS` weeks from this week's
  Monday (`capacity.engine_io`); after the horizon each team keeps its last week's capacity.
  Committed work is not subtracted: placing it is the roadmap's own job.
- **Initiatives**: approved and in progress (`ROADMAP_STATES`) with at least one effort
  estimate. Earlier states are not in the plan yet (a scenario will add them).
- **Work**: one package per effort estimate: the team, the most likely person-weeks, at the
  estimate's `rate` (people a week), or when that is empty at `default_rate`: the likely
  effort spread over 8 weeks, at least 0.5 and at most 3 people.
- **Weight**: the active scoring model's total score (`prioritization.selectors.ranking`);
  an initiative nobody has scored yet weighs half the lowest score, so it goes after every
  scored one.
- **Release**: the requested start (week 0 when it is empty or past).
- **Target**: the requested end, or else the earliest target date of its business outcomes;
  an initiative is on time when it finishes in that date's week.
- **Work under way** (in progress) is pinned at its planned start (this week when that lies
  in the past) with the effort still left (`remaining_effort`).
- **Links**: every dependency between two initiatives on the roadmap, finish-to-start, no lag.
- **Ranked first**: initiatives decided to go first (`RankedFirst`, set by adopting a
  scenario) weigh more than every ranked one, in the order they were decided.
- **Scenarios** (`Variant`): the same records with a scenario's changes laid over them —
  initiatives added or taken off, ranked first, estimates replaced, hires and extra run work
  added to the capacity records exactly as adopting would write them.
- **Spreads** (for the delivery forecast): each package's low and high person-weeks, in the
  order of `roadmap.packages`; for work under way they are scaled like its effort (by the
  remaining effort over the likely one), so the spread is of what is left.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Min, Q

from tandem.capacity import engine_io as capacity_io
from tandem.capacity.choices import LoadBasis, LoadCategory
from tandem.core.errors import RuleViolation
from tandem.core.stamps import columns_digest
from tandem.engine import InvalidInput
from tandem.engine import capacity as capacity_engine
from tandem.engine.schedule.roadmap import Item, Link, Package, Roadmap
from tandem.operations.choices import JobKind, JobStatus
from tandem.operations.models import PlanJob
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import BusinessOutcome, Dependency, EffortEstimate, Initiative
from tandem.prioritization import selectors as prioritization_selectors
from tandem.roadmap import choices
from tandem.roadmap.models import RankedFirst

ROADMAP_STATES = (InitiativeState.APPROVED, InitiativeState.IN_PROGRESS)
HORIZON_WEEKS = 104
DEFAULT_SPREAD_WEEKS = 8
MIN_DEFAULT_RATE = 0.5
MAX_DEFAULT_RATE = 3.0
UNSCORED_SHARE = 0.5  # of the lowest score in the ranking

# Besides the capacity plan's sources and the ranking's: what else places an initiative.
STAMP_INITIATIVE_COLUMNS = (*capacity_io.PLAN_INITIATIVE_COLUMNS, "kind", "requesting_unit_id")


@dataclass(frozen=True)
class Variant:
    """Changes laid over the records before planning (a scenario, or the baseline's own
    ranked-first decisions). Estimates map (initiative, team) to (low, likely, high, rate);
    hires are (team, people, first day); loads (team, hours a week, first day, last day)."""

    add: frozenset[int] = frozenset()
    remove: frozenset[int] = frozenset()
    first: tuple[int, ...] = ()
    estimates: tuple[tuple[tuple[int, int], tuple[float, float, float, float | None]], ...] = ()
    hires: tuple[tuple[int, int, dt.date], ...] = ()
    loads: tuple[tuple[int, float, dt.date, dt.date | None], ...] = ()

    def key(self) -> str:
        """A short fingerprint, for remembering plans per variant."""
        return hashlib.blake2b(repr(self).encode(), digest_size=10).hexdigest()


def baseline_variant() -> Variant:
    """The baseline's own decisions: the initiatives ranked first, in the order decided."""
    first = RankedFirst.objects.order_by("created", "pk").values_list("initiative_id", flat=True)
    return Variant(first=tuple(first))


@dataclass(frozen=True)
class RoadmapIndex:
    """Engine indexes back to ids, and the dates behind the weeks."""

    start: dt.date  # the Monday of week 0
    team_ids: list[int]
    initiative_ids: list[int]
    targets: dict[int, dt.date] = field(default_factory=dict)
    ranks: dict[int, int | None] = field(default_factory=dict)
    # (low, high) person-weeks of each package, in the order of `roadmap.packages`
    spreads: tuple[tuple[float, float], ...] = ()

    def week_start(self, week: int) -> dt.date:
        """The Monday of week `week`."""
        return self.start + dt.timedelta(weeks=week)


def default_rate(likely: float) -> float:
    """People a week when the estimate gives none: the likely effort over 8 weeks, at least
    0.5 and at most 3 people."""
    return min(max(likely / DEFAULT_SPREAD_WEEKS, MIN_DEFAULT_RATE), MAX_DEFAULT_RATE)


def remaining_effort(likely: float, rate: float, first_week: int, last_week: int) -> float:
    """The person-weeks still to do on work under way, planned from week `first_week` to
    `last_week` (inclusive, week 0 = this week): the likely effort less the share of the
    planned weeks already past, and never less than one week's work at `rate` (work past its
    planned end still needs some time) nor more than `likely`."""
    planned = max(1, last_week - first_week + 1)
    past = min(max(-first_week, 0), planned)
    left = likely * (1 - past / planned)
    return min(likely, max(left, rate))


def roadmap_data_stamp() -> str:
    """A fingerprint of every record the plan depends on: each source table's row count and
    latest change (capacity's, the ranking's, dependencies and outcomes), and a digest of the
    initiatives' states, dates, kinds and units. Two queries; meaningful in one process."""
    return roadmap_stamps()[0]


def roadmap_stamps() -> tuple[str, str]:
    """`roadmap_data_stamp`, and a marker of the finished optimizations (how many, and the
    latest finish), which choose whether the optimized plan replaces the instant one. The
    same two queries."""
    quote = connection.ops.quote_name
    sources = dict.fromkeys(
        (
            *capacity_io.PLAN_SOURCES,
            *prioritization_selectors.RANKING_SOURCES,
            Dependency,
            RankedFirst,
        )
    )
    parts = []
    for i, model in enumerate(sources):
        names = {f.name for f in model._meta.fields}
        column = quote("updated" if "updated" in names else "created")
        table = quote(model._meta.db_table)
        parts.append(f"SELECT {i}, COUNT(*), MAX({column}) FROM {table}")  # noqa: S608
    jobs = quote(PlanJob._meta.db_table)
    parts.append(
        f"SELECT -1, COUNT(*), MAX({quote('finished_at')}) FROM {jobs} "  # noqa: S608
        f"WHERE {quote('kind')} = %s AND {quote('status')} = %s"
    )
    digest = hashlib.blake2b(digest_size=12)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), [JobKind.OPTIMIZE, JobStatus.DONE])
        rows = sorted((i, n, str(last)) for i, n, last in cursor.fetchall())
        digest.update(repr([row for row in rows if row[0] >= 0]).encode())
        marker = repr([row for row in rows if row[0] < 0])
    digest.update(columns_digest(Initiative, STAMP_INITIATIVE_COLUMNS).encode())
    return digest.hexdigest(), marker


def free_capacity(
    *, start: dt.date, weeks: int, variant: Variant | None = None
) -> tuple[np.ndarray, list[int], list[str]]:
    """People free per week and team (``[weeks x teams]``) after non-discretionary load, from
    the Monday `start`, with the `variant`'s hires and extra load; with the teams' ids and
    names."""
    records = capacity_io.capacity_records_read(with_actuals=False)
    if variant is not None and (variant.hires or variant.loads):
        records = _with_capacity_changes(records, variant)
    problem, index = capacity_io.capacity_problem_build(records, start=start, weeks=weeks)
    result = capacity_engine.compute(problem)
    free = np.clip(result.supply - result.load_total, 0.0, None).T.copy()
    return free, list(index.team_ids), list(problem.team_names)


def _with_capacity_changes(records: Any, variant: Variant) -> Any:
    """The capacity records with the hires and extra load adopting the variant would write:
    full-time hires of 40 hours a week, and loads of fixed hours in the category Other."""
    position = {pk: i for i, (pk, _name) in enumerate(records.teams)}
    hires = [
        (position[team], 1.0, float(choices.HIRE_HOURS), first, capacity_engine.PLANNED_HIRE)
        for team, people, first in variant.hires
        if team in position
        for _ in range(people)
    ]
    loads = [
        capacity_io.load_row(
            (team, LoadCategory.OTHER, first, last, LoadBasis.HOURS, None, hours), position
        )
        for team, hours, first, last in variant.loads
        if team in position
    ]
    return replace(records, hires=[*records.hires, *hires], loads=[*records.loads, *loads])


def ranking_weights(first: tuple[int, ...] = ()) -> tuple[dict[int, float], dict[int, int | None]]:
    """Each ranked initiative's weight (its total score; unscored ones half the lowest score)
    and its rank in the active model's ranking; initiatives ranked `first` weigh more than
    every other, the earlier in `first` the more."""
    rows = prioritization_selectors.ranking(user=None).rows
    totals = [row.total for row in rows if row.total is not None]
    unscored = UNSCORED_SHARE * max(min(totals), 0.0) if totals else 1.0
    weights = {
        row.initiative.pk: unscored if row.total is None else max(row.total, 0.0) for row in rows
    }
    top = max(weights.values(), default=1.0) + 1.0
    for place, pk in enumerate(first):
        weights[pk] = top + len(first) - place
    return weights, {row.initiative.pk: row.rank for row in rows}


def roadmap_build(
    *, today: dt.date, weeks: int = HORIZON_WEEKS, variant: Variant | None = None
) -> tuple[Roadmap, RoadmapIndex]:
    """The roadmap of approved and in-progress initiatives over `weeks` weeks from the
    Monday of `today`, and its index; with a scenario's `variant` laid over the records
    (default: the baseline's, `baseline_variant`).

    RuleViolation (ROADMAP_INVALID) if the records make no valid roadmap."""
    try:
        return _build(today, weeks, variant or baseline_variant())
    except InvalidInput as err:
        raise RuleViolation(
            f"The roadmap cannot be planned: {err}", code=choices.ROADMAP_INVALID
        ) from err


def _build(today: dt.date, weeks: int, variant: Variant) -> tuple[Roadmap, RoadmapIndex]:
    start = today - dt.timedelta(days=today.weekday())
    capacity, team_ids, team_names = free_capacity(start=start, weeks=weeks, variant=variant)
    team_position = {pk: i for i, pk in enumerate(team_ids)}
    estimates = _estimates_read(team_position, variant)
    ids = sorted(estimates)
    weights, ranks = ranking_weights(variant.first)
    targets = _targets_read(ids)
    items, packages, spreads = [], [], []
    rows = Initiative.objects.filter(pk__in=ids).order_by("pk")
    for position, row in enumerate(
        rows.values_list("pk", "state", "requested_start", "planned_start", "planned_end")
    ):
        pk, state, requested_start, planned_start, planned_end = row
        week = _week_counter(start)
        pinned = None
        if state == InitiativeState.IN_PROGRESS:
            pinned = max(0, week(planned_start or start))
        target = targets.get(pk)
        items.append(
            Item(
                key=str(pk),
                title=str(pk),
                weight=weights.get(pk, 1.0),
                release=max(0, week(requested_start)) if requested_start else 0,
                target=None if target is None else week(target) + 1,
                pinned=pinned,
            )
        )
        span = (week(planned_start or start), week(planned_end or planned_start or start))
        made = _packages(position, estimates[pk], pinned is not None, span)
        packages += [package for package, _ in made]
        spreads += [spread for _, spread in made]
    index = RoadmapIndex(
        start, team_ids, ids, targets, {pk: ranks.get(pk) for pk in ids}, tuple(spreads)
    )
    return _roadmap(team_names, capacity, items, packages, _links(ids)), index


def _roadmap(
    teams: list[str], capacity: np.ndarray, items: list[Item], packages: list, links: list
) -> Roadmap:
    return Roadmap(
        teams=tuple(teams),
        capacity=capacity,
        items=tuple(items),
        packages=tuple(packages),
        links=tuple(links),
    )


def _week_counter(start: dt.date) -> Any:
    return lambda day: (day - start).days // 7


# (team position, likely person-weeks, rate or None, low person-weeks, high person-weeks)
_Estimate = tuple[int, float, float | None, float, float]


def _estimates_read(
    team_position: dict[int, int], variant: Variant | None = None
) -> dict[int, list[_Estimate]]:
    """Per roadmap initiative: (team position, likely person-weeks, rate or None, low, high);
    with the `variant`'s initiatives added and taken off, and its estimates instead."""
    variant = variant or Variant()
    found: dict[int, list[_Estimate]] = defaultdict(list)
    on_roadmap = Q(initiative__state__in=ROADMAP_STATES) | Q(initiative_id__in=variant.add)
    rows = (
        EffortEstimate.objects.filter(on_roadmap, team_id__in=team_position)
        .exclude(initiative_id__in=variant.remove)
        .order_by("initiative_id", "team__name", "pk")
        .values_list("initiative_id", "team_id", "likely", "rate", "low", "high")
    )
    for initiative, team, likely, rate, low, high in rows:
        found[initiative].append(
            (
                team_position[team],
                float(likely),
                None if rate is None else float(rate),
                float(low),
                float(high),
            )
        )
    for (initiative, team), (low, likely, high, rate) in variant.estimates:
        if team not in team_position or initiative in variant.remove:
            continue
        kept = [e for e in found[initiative] if e[0] != team_position[team]]
        found[initiative] = [*kept, (team_position[team], likely, rate, low, high)]
    return {pk: rows for pk, rows in found.items() if rows}


def _packages(
    item: int, estimates: list[_Estimate], under_way: bool, span: tuple[int, int]
) -> list[tuple[Package, tuple[float, float]]]:
    """Each estimate's package, with its (low, high) spread around the package's effort."""
    packages = []
    for team, likely, given_rate, low, high in estimates:
        rate = given_rate if given_rate else default_rate(likely)
        effort = remaining_effort(likely, rate, *span) if under_way else likely
        package = Package(item=item, team=team, effort=effort, rate=rate)
        packages.append((package, spread(low, likely, high, effort)))
    return packages


def spread(low: float, likely: float, high: float, effort: float) -> tuple[float, float]:
    """The low and high person-weeks around a package of `effort`: the estimate's own, or for
    work under way (whose effort is what is left) scaled by `effort / likely`; always
    low ≤ effort ≤ high."""
    if effort == likely:
        return low, high
    share = effort / likely
    return min(low * share, effort), max(high * share, effort)


def _targets_read(ids: list[int]) -> dict[int, dt.date]:
    """The requested end of each initiative, or else its outcomes' earliest target date."""
    targets = dict(
        BusinessOutcome.objects.filter(initiative_id__in=ids)
        .order_by()
        .values("initiative_id")
        .annotate(first=Min("target_date"))
        .values_list("initiative_id", "first")
    )
    requested = Initiative.objects.filter(pk__in=ids, requested_end__isnull=False)
    targets.update(requested.values_list("pk", "requested_end"))
    return targets


def _links(ids: list[int]) -> list[Link]:
    """Dependencies between two roadmap initiatives, finish-to-start without lag."""
    position = {pk: i for i, pk in enumerate(ids)}
    pairs = (
        Dependency.objects.filter(predecessor_id__in=ids, successor_id__in=ids)
        .order_by("pk")
        .values_list("predecessor_id", "successor_id")
    )
    return [Link(before=position[a], after=position[b], lag=0) for a, b in pairs]
