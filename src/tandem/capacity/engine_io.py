"""ORM <-> capacity engine: the company's records as plain arrays, the engine's answers as JSON.

The records are read once (`capacity_records_read`) and turned into a `CapacityProblem` for
any horizon (`capacity_problem_build`): the plan for the weeks asked for, and the 18-month
forecast from this week, come from the same read. Dates become week numbers counted from the
horizon's Monday; ids become engine indexes, and `CapacityIndex` maps them back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db import connection

from tandem.capacity.choices import HireKind, LoadBasis, LoadCategory
from tandem.capacity.models import (
    Actual,
    CapacitySettings,
    Holiday,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tandem.core.stamps import columns_digest
from tandem.engine import capacity as engine
from tandem.organization.models import Person, Team
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import EffortEstimate, Initiative

COMMITTED_STATES = (InitiativeState.APPROVED, InitiativeState.IN_PROGRESS)
PROPOSED_STATES = (InitiativeState.INTAKE, InitiativeState.FEASIBILITY_REVIEW)
CATEGORY_INDEX = {name: i for i, name in enumerate(engine.CATEGORIES)}
# Far enough outside any horizon to mean "always employed" without overflowing week arithmetic.
LONG_AGO = dt.date(1900, 1, 1)
FAR_AHEAD = dt.date(2200, 1, 1)


@dataclass(frozen=True)
class Estimate:
    """One effort estimate of an initiative that takes (committed) or may take (proposed)
    capacity, with the dates its effort is spread over."""

    initiative_id: int
    initiative_title: str
    team_id: int
    person_weeks: float
    first_day: dt.date
    last_day: dt.date
    committed: bool
    profile: tuple[float, ...] = ()


@dataclass(frozen=True)
class Unplaced:
    """An initiative with estimates that cannot be placed in time (no dates to spread over)."""

    initiative_id: int
    initiative_title: str
    state: str
    reason: str


@dataclass(frozen=True)
class CapacityRecords:
    """Everything the capacity engine needs, read from the database in one go."""

    teams: list[tuple[int, str]]
    people: list[tuple[int, float, float, dt.date, dt.date]]  # team, fte, hours, first, last
    person_ids: list[int]
    leave: list[tuple[int, dt.date, dt.date]]  # person position, first day, last day
    holidays: list[dt.date]
    hires: list[tuple[int, float, float, dt.date, int]]  # team, fte, hours, start, kind
    loads: list[tuple[int, int, dt.date, dt.date, float, float]]  # team, category, …, %, hours
    estimates: list[Estimate]
    unplaced: list[Unplaced]
    actuals: list[tuple[int, int, dt.date, float]]  # team, category, Monday, hours
    settings: CapacitySettings


@dataclass(frozen=True)
class CapacityIndex:
    """Engine indexes back to ids: teams and initiatives of one problem."""

    team_ids: list[int]
    initiative_ids: list[int]
    initiative_titles: list[str] = field(default_factory=list)

    def team_position(self, team_id: int) -> int | None:
        """The engine index of team `team_id`, or None if it has no row."""
        try:
            return self.team_ids.index(team_id)
        except ValueError:
            return None

    def initiative_position(self, initiative_id: int) -> int | None:
        """The engine index of initiative `initiative_id`, or None if it takes no capacity."""
        try:
            return self.initiative_ids.index(initiative_id)
        except ValueError:
            return None


# The tables the plan is worked out from (see capacity_records_read), but initiatives: they
# are edited all day (titles, budgets, status) and only a few of their columns matter here.
PLAN_SOURCES = (
    Team,
    Person,
    Leave,
    Holiday,
    PlannedHire,
    NonDiscretionaryLoad,
    WorkProfile,
    Actual,
    CapacitySettings,
    EffortEstimate,
)
# The initiative columns the figures depend on. Titles are not among them: they label the
# plan and are read afresh for every answer (`initiative_titles`).
PLAN_INITIATIVE_COLUMNS = (
    "id",
    "state",
    "planned_start",
    "planned_end",
    "requested_start",
    "requested_end",
)


def capacity_data_stamp() -> tuple:
    """A fingerprint of the records the plan's figures depend on: each source table's row
    count and latest change (services are the only writers and every save sets `updated`,
    bulk writes included, so a create, edit or delete changes it), and a digest of the
    initiatives' dates and states. Two queries; meaningful within one process only."""
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {i}, COUNT(*), MAX({quote('updated')}) FROM {quote(model._meta.db_table)}"  # noqa: S608
        for i, model in enumerate(PLAN_SOURCES)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        tables = tuple(sorted((i, n, str(last)) for i, n, last in cursor.fetchall()))
    return (tables, columns_digest(Initiative, PLAN_INITIATIVE_COLUMNS))


def initiative_titles(ids: Collection[int]) -> dict[int, str]:
    """The current titles of initiatives `ids`."""
    return dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "title"))


def capacity_records_read(
    *, team_ids: Collection[int] | None = None, with_actuals: bool = True
) -> CapacityRecords:
    """Read teams, people, leave, holidays, hires, load, estimates and actuals: of every IT
    team, or only of `team_ids` (each team's figures depend only on its own records), and
    without the booked hours when `with_actuals` is False (only the forecast needs them)."""
    team_rows = Team.objects.order_by("name", "pk")
    if team_ids is not None:
        team_rows = team_rows.filter(pk__in=team_ids)
    teams = list(team_rows.values_list("pk", "name"))
    team_position = {pk: i for i, (pk, _name) in enumerate(teams)}
    people_rows = list(
        Person.objects.filter(team__in=team_position)
        .order_by("pk")
        .values_list("pk", "team_id", "fte", "hours_per_week", "start_date", "end_date")
    )
    person_position = {row[0]: i for i, row in enumerate(people_rows)}
    estimates, unplaced = _estimates_read(team_position)
    return CapacityRecords(
        teams=teams,
        people=[
            (team_position[team], float(fte), float(hours), start or LONG_AGO, end or FAR_AHEAD)
            for _pk, team, fte, hours, start, end in people_rows
        ],
        person_ids=[row[0] for row in people_rows],
        leave=[
            (person_position[person], first, last)
            for person, first, last in Leave.objects.filter(
                person_id__in=person_position
            ).values_list("person_id", "first_day", "last_day")
        ],
        holidays=list(Holiday.objects.values_list("date", flat=True)),
        hires=[
            (team_position[team], float(fte), float(hours), start, _hire_kind(kind))
            for team, fte, hours, start, kind in PlannedHire.objects.filter(
                team__in=team_position
            ).values_list("team_id", "fte", "hours_per_week", "expected_start", "kind")
        ],
        loads=[
            load_row(row, team_position)
            for row in NonDiscretionaryLoad.objects.filter(team__in=team_position).values_list(
                "team_id",
                "category",
                "first_day",
                "last_day",
                "basis",
                "percent_of_supply",
                "hours_per_week",
            )
        ],
        estimates=estimates,
        unplaced=unplaced,
        actuals=_actuals_read(team_position) if with_actuals else [],
        # Unsaved defaults until someone changes the settings: a read never writes.
        settings=CapacitySettings.objects.filter(pk=1).first() or CapacitySettings(),
    )


def _actuals_read(team_position: dict[int, int]) -> list[tuple[int, int, dt.date, float]]:
    """Booked hours, read with one plain query: there is a row per team, category and week
    (tens of thousands in a large company), and the ORM's per-row conversions of decimals
    and dates cost more than everything else the plan reads."""
    table = connection.ops.quote_name(Actual._meta.db_table)
    weeks: dict[Any, dt.date] = {}
    rows = []
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT team_id, category, week, CAST(hours AS DOUBLE PRECISION) FROM {table}"  # noqa: S608
        )
        for team, category, week, hours in cursor.fetchall():
            if team not in team_position:
                continue
            day = weeks.get(week)
            if day is None:
                day = weeks[week] = (
                    week if isinstance(week, dt.date) else dt.date.fromisoformat(week)
                )
            rows.append((team_position[team], CATEGORY_INDEX[category], day, hours))
    return rows


def _hire_kind(kind: str) -> int:
    return engine.OPEN_REQUISITION if kind == HireKind.OPEN_REQUISITION else engine.PLANNED_HIRE


def load_row(row: tuple, team_position: dict[int, int]) -> tuple:
    team, category, first, last, basis, percent, hours = row
    is_percent = basis == LoadBasis.PERCENT
    return (
        team_position[team],
        CATEGORY_INDEX[category],
        first,
        last or FAR_AHEAD,
        float(percent or 0) if is_percent else 0.0,
        0.0 if is_percent else float(hours or 0),
    )


def _estimates_read(team_position: dict[int, int]) -> tuple[list[Estimate], list[Unplaced]]:
    """Estimates of committed and proposed initiatives; those without dates are unplaced.

    Committed work is spread over its planned dates. Proposed work uses its planned dates,
    or else the dates the business asked for."""
    profiles = dict(WorkProfile.objects.values_list("estimate_id", "weights"))
    rows = (
        EffortEstimate.objects.filter(
            initiative__state__in=(*COMMITTED_STATES, *PROPOSED_STATES), team_id__in=team_position
        )
        .order_by("initiative__title", "initiative_id", "team__name")
        .values_list(
            "pk",
            "initiative_id",
            "initiative__title",
            "initiative__state",
            "team_id",
            "likely",
            "initiative__planned_start",
            "initiative__planned_end",
            "initiative__requested_start",
            "initiative__requested_end",
        )
    )
    estimates: list[Estimate] = []
    unplaced: dict[int, Unplaced] = {}
    for pk, initiative, title, state, team, likely, p_start, p_end, r_start, r_end in rows:
        committed = state in COMMITTED_STATES
        first, last = (p_start, p_end) if committed or p_start else (r_start, r_end)
        if first is None or last is None or last < first:
            reason = "no planned dates" if committed else "no planned or requested dates"
            unplaced.setdefault(initiative, Unplaced(initiative, title, state, reason))
            continue
        weights = tuple(float(w) for w in profiles.get(pk) or ())
        estimates.append(
            Estimate(initiative, title, team, float(likely), first, last, committed, weights)
        )
    return estimates, list(unplaced.values())


def capacity_problem_build(
    records: CapacityRecords, *, start: dt.date, weeks: int
) -> tuple[engine.CapacityProblem, CapacityIndex]:
    """The capacity problem over `weeks` weeks from the Monday of `start`, and its index."""
    horizon = engine.Horizon(start - dt.timedelta(days=start.weekday()), weeks)
    week = horizon.week_of
    initiative_ids: list[int] = []
    titles: list[str] = []
    for estimate in records.estimates:
        if estimate.initiative_id not in initiative_ids:
            initiative_ids.append(estimate.initiative_id)
            titles.append(estimate.initiative_title)
    position = {pk: i for i, pk in enumerate(initiative_ids)}
    team_position = {pk: i for i, (pk, _name) in enumerate(records.teams)}
    problem = engine.CapacityProblem(
        horizon=horizon,
        team_names=tuple(name for _pk, name in records.teams),
        people=_people(records, week),
        leave=_leave(records, horizon),
        holiday_days=engine.holiday_days_by_week(horizon, records.holidays),
        hires=engine.Hires(
            team=_ints(h[0] for h in records.hires),
            fte=_floats(h[1] for h in records.hires),
            hours_per_week=_floats(h[2] for h in records.hires),
            start_week=_ints(week(h[3]) for h in records.hires),
            kind=_ints(h[4] for h in records.hires),
        ),
        load=engine.Load(
            team=_ints(row[0] for row in records.loads),
            category=_ints(row[1] for row in records.loads),
            first_week=_ints(week(row[2]) for row in records.loads),
            end_week=_ints(week(row[3]) + 1 for row in records.loads),
            percent_of_supply=_floats(row[4] for row in records.loads),
            hours_per_week=_floats(row[5] for row in records.loads),
        ),
        demand=_demand(records.estimates, week, position, team_position),
        initiative_names=tuple(titles),
        standard_hours_per_week=float(records.settings.standard_hours_per_week),
    )
    index = CapacityIndex([pk for pk, _name in records.teams], initiative_ids, titles)
    return problem, index


def capacity_actuals_build(records: CapacityRecords, horizon: engine.Horizon) -> engine.Actuals:
    """Booked hours as engine actuals, weeks counted from `horizon`'s Monday."""
    return engine.Actuals(
        team=_ints(a[0] for a in records.actuals),
        category=_ints(a[1] for a in records.actuals),
        week=_ints(horizon.week_of(a[2]) for a in records.actuals),
        hours=_floats(a[3] for a in records.actuals),
    )


def _people(records: CapacityRecords, week: Any) -> engine.People:
    return engine.People(
        team=_ints(p[0] for p in records.people),
        fte=_floats(p[1] for p in records.people),
        hours_per_week=_floats(p[2] for p in records.people),
        first_week=_ints(week(p[3]) for p in records.people),
        end_week=_ints(week(p[4]) + 1 for p in records.people),
    )


def _leave(records: CapacityRecords, horizon: engine.Horizon) -> engine.Leave:
    """Leave as working days off per person and week, holidays not counted twice."""
    last_day = horizon.week_start(horizon.weeks) - dt.timedelta(days=1)
    persons, weeks, days = [], [], []
    for person, first, last in records.leave:
        if last < horizon.start or first > last_day:
            continue
        entry_weeks, entry_days = engine.leave_days_by_week(
            horizon, max(first, horizon.start), min(last, last_day), records.holidays
        )
        persons.extend([person] * len(entry_weeks))
        weeks.extend(entry_weeks.tolist())
        days.extend(entry_days.tolist())
    return engine.Leave(person=_ints(persons), week=_ints(weeks), days_off=_floats(days))


def _demand(
    estimates: list[Estimate],
    week: Any,
    position: dict[int, int],
    team_position: dict[int, int],
) -> engine.Demand:
    profiles = tuple(e.profile for e in estimates)
    return engine.Demand(
        initiative=_ints(position[e.initiative_id] for e in estimates),
        team=_ints(team_position[e.team_id] for e in estimates),
        person_weeks=_floats(e.person_weeks for e in estimates),
        first_week=_ints(week(e.first_day) for e in estimates),
        end_week=_ints(week(e.last_day) + 1 for e in estimates),
        committed=np.fromiter((e.committed for e in estimates), dtype=bool, count=len(estimates)),
        profile=profiles if any(profiles) else (),
    )


def _ints(values: Any) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64)


def _floats(values: Any) -> np.ndarray:
    return np.fromiter(values, dtype=np.float64)


#
# Engine answers -> JSON for the API, the CLI and the pages
#


def category_labels() -> list[dict[str, str]]:
    """The load categories with their labels, in the engine's order."""
    labels = dict(LoadCategory.choices)
    return [{"key": key, "label": str(labels.get(key, key))} for key in engine.CATEGORIES]


def periods_of(rolled: Any) -> list[dict[str, str]]:
    """Bucket labels and first Mondays of a roll-up."""
    return [
        {"label": label, "start": rolled.horizon.week_start(first).isoformat()}
        for label, first in zip(rolled.labels, rolled.first_weeks.tolist(), strict=True)
    ]


def teams_with_ids(rows: list[dict[str, Any]], index: CapacityIndex) -> list[dict[str, Any]]:
    """Engine team rows with the team's id and name first, the engine index dropped."""
    out = []
    for row in rows:
        position = row.pop("index", row.pop("team_index", None))
        name = row.pop("team")
        out.append({"id": index.team_ids[position], "name": name, **row})
    return out


def span_with_ids(span: dict[str, Any], index: CapacityIndex) -> dict[str, Any]:
    """An engine span with team and initiative ids (for links) instead of engine indexes."""
    span = dict(span)
    span["team_id"] = index.team_ids[span.pop("team_index")]
    span["initiatives"] = [
        {
            "initiative": item["initiative"],
            "id": index.initiative_ids[item["index"]],
            "person_weeks": item["person_weeks"],
        }
        for item in span["initiatives"]
    ]
    return span
