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
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection
from django.db.models import Min

from tandem.capacity import engine_io as capacity_io
from tandem.core.errors import RuleViolation
from tandem.engine import InvalidInput
from tandem.engine import capacity as capacity_engine
from tandem.engine.schedule.roadmap import Item, Link, Package, Roadmap
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import BusinessOutcome, Dependency, EffortEstimate, Initiative
from tandem.prioritization import selectors as prioritization_selectors
from tandem.roadmap import choices

ROADMAP_STATES = (InitiativeState.APPROVED, InitiativeState.IN_PROGRESS)
HORIZON_WEEKS = 104
DEFAULT_SPREAD_WEEKS = 8
MIN_DEFAULT_RATE = 0.5
MAX_DEFAULT_RATE = 3.0
UNSCORED_SHARE = 0.5  # of the lowest score in the ranking

# Besides the capacity plan's sources and the ranking's: what else places an initiative.
STAMP_INITIATIVE_COLUMNS = (*capacity_io.PLAN_INITIATIVE_COLUMNS, "kind", "requesting_unit_id")


@dataclass(frozen=True)
class RoadmapIndex:
    """Engine indexes back to ids, and the dates behind the weeks."""

    start: dt.date  # the Monday of week 0
    team_ids: list[int]
    initiative_ids: list[int]
    targets: dict[int, dt.date] = field(default_factory=dict)
    ranks: dict[int, int | None] = field(default_factory=dict)

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
    quote = connection.ops.quote_name
    sources = dict.fromkeys(
        (*capacity_io.PLAN_SOURCES, *prioritization_selectors.RANKING_SOURCES, Dependency)
    )
    parts = []
    for i, model in enumerate(sources):
        names = {f.name for f in model._meta.fields}
        column = quote("updated" if "updated" in names else "created")
        table = quote(model._meta.db_table)
        parts.append(f"SELECT {i}, COUNT(*), MAX({column}) FROM {table}")  # noqa: S608
    columns = ", ".join(quote(name) for name in STAMP_INITIATIVE_COLUMNS)
    digest = hashlib.blake2b(digest_size=12)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        digest.update(repr(sorted((i, n, str(last)) for i, n, last in cursor.fetchall())).encode())
        cursor.execute(f"SELECT {columns} FROM {quote(Initiative._meta.db_table)} ORDER BY 1")  # noqa: S608
        digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def free_capacity(*, start: dt.date, weeks: int) -> tuple[np.ndarray, list[int], list[str]]:
    """People free per week and team (``[weeks x teams]``) after non-discretionary load, from
    the Monday `start`; with the teams' ids and names."""
    records = capacity_io.capacity_records_read(with_actuals=False)
    problem, index = capacity_io.capacity_problem_build(records, start=start, weeks=weeks)
    result = capacity_engine.compute(problem)
    free = np.clip(result.supply - result.load_total, 0.0, None).T.copy()
    return free, list(index.team_ids), list(problem.team_names)


def ranking_weights() -> tuple[dict[int, float], dict[int, int | None]]:
    """Each ranked initiative's weight (its total score; unscored ones half the lowest score)
    and its rank in the active model's ranking."""
    rows = prioritization_selectors.ranking(user=None).rows
    totals = [row.total for row in rows if row.total is not None]
    unscored = UNSCORED_SHARE * max(min(totals), 0.0) if totals else 1.0
    weights = {
        row.initiative.pk: unscored if row.total is None else max(row.total, 0.0) for row in rows
    }
    return weights, {row.initiative.pk: row.rank for row in rows}


def roadmap_build(*, today: dt.date, weeks: int = HORIZON_WEEKS) -> tuple[Roadmap, RoadmapIndex]:
    """The roadmap of approved and in-progress initiatives over `weeks` weeks from the
    Monday of `today`, and its index.

    RuleViolation (ROADMAP_INVALID) if the records make no valid roadmap."""
    try:
        return _build(today, weeks)
    except InvalidInput as err:
        raise RuleViolation(
            f"The roadmap cannot be planned: {err}", code=choices.ROADMAP_INVALID
        ) from err


def _build(today: dt.date, weeks: int) -> tuple[Roadmap, RoadmapIndex]:
    start = today - dt.timedelta(days=today.weekday())
    capacity, team_ids, team_names = free_capacity(start=start, weeks=weeks)
    team_position = {pk: i for i, pk in enumerate(team_ids)}
    estimates = _estimates_read(team_position)
    ids = sorted(estimates)
    weights, ranks = ranking_weights()
    targets = _targets_read(ids)
    items, packages = [], []
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
        packages += _packages(position, estimates[pk], pinned is not None, span)
    index = RoadmapIndex(start, team_ids, ids, targets, {pk: ranks.get(pk) for pk in ids})
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


def _estimates_read(
    team_position: dict[int, int],
) -> dict[int, list[tuple[int, float, float | None]]]:
    """Per roadmap initiative: (team position, likely person-weeks, rate or None)."""
    found: dict[int, list[tuple[int, float, float | None]]] = defaultdict(list)
    rows = (
        EffortEstimate.objects.filter(
            initiative__state__in=ROADMAP_STATES, team_id__in=team_position
        )
        .order_by("initiative_id", "team__name", "pk")
        .values_list("initiative_id", "team_id", "likely", "rate")
    )
    for initiative, team, likely, rate in rows:
        found[initiative].append(
            (team_position[team], float(likely), None if rate is None else float(rate))
        )
    return dict(found)


def _packages(
    item: int,
    estimates: list[tuple[int, float, float | None]],
    under_way: bool,
    span: tuple[int, int],
) -> list[Package]:
    packages = []
    for team, likely, given_rate in estimates:
        rate = given_rate if given_rate else default_rate(likely)
        effort = remaining_effort(likely, rate, *span) if under_way else likely
        packages.append(Package(item=item, team=team, effort=effort, rate=rate))
    return packages


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
