"""The capacity engine's inputs: people, leave, hires, load and demand, linked by index.

Every entry list is a frozen dataclass of parallel one-dimensional arrays (one position per
entry). Any array-like is accepted and converted in ``__post_init__``; bad values raise
:class:`~tandem.engine.errors.InvalidInput` naming the field and position, e.g.
``InvalidInput("people.fte[3]", "must be in (0, 1]")``. References to teams, people,
initiatives and categories are checked by :class:`CapacityProblem`, which knows the counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tandem.engine.capacity._checks import (
    BoolArray,
    FloatArray,
    IntArray,
    as_bools,
    as_floats,
    as_ints,
    assign,
    check_index,
    no_bools,
    no_floats,
    no_ints,
    refuse,
)
from tandem.engine.errors import InvalidInput

CATEGORIES: tuple[str, ...] = ("maintenance", "support", "security_patching", "compliance", "other")
"""Kinds of non-discretionary load, indexed by ``Load.category`` and ``Actuals.category``."""

PLANNED_HIRE = 0
"""``Hires.kind`` of a hire that is agreed (counts in the plan from its start week)."""

OPEN_REQUISITION = 1
"""``Hires.kind`` of an open position not yet filled (counts only in the forecast)."""


def _check_span(prefix: str, first: IntArray, end: IntArray) -> None:
    refuse(f"{prefix}.end_week", end <= first, "must be after first_week")


@dataclass(frozen=True, slots=True, eq=False)
class People:
    """The people of the IT teams, one position per person.

    A person supplies ``fte * hours_per_week / standard_hours_per_week`` person-weeks in
    each week from ``first_week`` up to (not including) ``end_week``, less leave and
    company holidays.

    Parameters
    ----------
    team
        Team index of each person.
    fte
        Share of the person's full-time week they work, in (0, 1].
    hours_per_week
        The person's full-time week in hours (40, 37.5, …), above 0.
    first_week
        First week employed; may be before the horizon.
    end_week
        First week no longer employed (exclusive), after ``first_week``; may be after the
        horizon.
    """

    team: IntArray
    fte: FloatArray
    hours_per_week: FloatArray
    first_week: IntArray
    end_week: IntArray

    def __post_init__(self) -> None:
        team = as_ints("people.team", self.team)
        n = len(team)
        fte = as_floats("people.fte", self.fte, n)
        hours = as_floats("people.hours_per_week", self.hours_per_week, n)
        first = as_ints("people.first_week", self.first_week, n)
        end = as_ints("people.end_week", self.end_week, n)
        refuse("people.team", team < 0, "must be a team index (0 or more)")
        refuse("people.fte", (fte <= 0) | (fte > 1), "must be in (0, 1]")
        refuse("people.hours_per_week", hours <= 0, "must be above 0")
        _check_span("people", first, end)
        assign(self, team=team, fte=fte, hours_per_week=hours, first_week=first, end_week=end)


@dataclass(frozen=True, slots=True, eq=False)
class Leave:
    """Personal leave, one position per (person, week) entry.

    Entries for the same person and week add up; with the week's company holidays they are
    capped at the working days of the week.

    Parameters
    ----------
    person
        Index into :class:`People`.
    week
        The week of the leave (outside the horizon is ignored).
    days_off
        Working days off in that week, 0 to ``working_days_per_week``.
    """

    person: IntArray = field(default_factory=no_ints)
    week: IntArray = field(default_factory=no_ints)
    days_off: FloatArray = field(default_factory=no_floats)

    def __post_init__(self) -> None:
        person = as_ints("leave.person", self.person)
        n = len(person)
        week = as_ints("leave.week", self.week, n)
        days = as_floats("leave.days_off", self.days_off, n)
        refuse("leave.person", person < 0, "must be a person index (0 or more)")
        refuse("leave.days_off", days < 0, "must be 0 or more")
        assign(self, person=person, week=week, days_off=days)


@dataclass(frozen=True, slots=True, eq=False)
class Hires:
    """People not yet on a team: planned hires and open requisitions.

    Parameters
    ----------
    team
        Team index.
    fte
        Share of a full-time week, in (0, 1].
    hours_per_week
        Their full-time week in hours, above 0.
    start_week
        Expected first week.
    kind
        :data:`PLANNED_HIRE` (0) or :data:`OPEN_REQUISITION` (1). The plan
        (:func:`compute`) counts planned hires from ``start_week`` and ignores open
        requisitions; :func:`forecast` counts both, requisitions only after a delay.
    """

    team: IntArray = field(default_factory=no_ints)
    fte: FloatArray = field(default_factory=no_floats)
    hours_per_week: FloatArray = field(default_factory=no_floats)
    start_week: IntArray = field(default_factory=no_ints)
    kind: IntArray = field(default_factory=no_ints)

    def __post_init__(self) -> None:
        team = as_ints("hires.team", self.team)
        n = len(team)
        fte = as_floats("hires.fte", self.fte, n)
        hours = as_floats("hires.hours_per_week", self.hours_per_week, n)
        start = as_ints("hires.start_week", self.start_week, n)
        kind = as_ints("hires.kind", self.kind, n)
        refuse("hires.team", team < 0, "must be a team index (0 or more)")
        refuse("hires.fte", (fte <= 0) | (fte > 1), "must be in (0, 1]")
        refuse("hires.hours_per_week", hours <= 0, "must be above 0")
        refuse("hires.kind", (kind != PLANNED_HIRE) & (kind != OPEN_REQUISITION), "must be 0 or 1")
        assign(self, team=team, fte=fte, hours_per_week=hours, start_week=start, kind=kind)


@dataclass(frozen=True, slots=True, eq=False)
class Load:
    """Planned non-discretionary load (run work), one position per entry.

    An entry takes ``percent_of_supply / 100`` of its team's supply in each week plus
    ``hours_per_week / standard_hours_per_week`` person-weeks, from ``first_week`` up to
    (not including) ``end_week``. Usually one of the two is 0.

    Parameters
    ----------
    team
        Team index.
    category
        Index into :data:`CATEGORIES`.
    first_week, end_week
        The weeks it applies to (``end_week`` exclusive, after ``first_week``).
    percent_of_supply
        Share of the team's weekly supply, 0 to 100.
    hours_per_week
        Fixed hours per week, 0 or more (not reduced by holidays).
    """

    team: IntArray = field(default_factory=no_ints)
    category: IntArray = field(default_factory=no_ints)
    first_week: IntArray = field(default_factory=no_ints)
    end_week: IntArray = field(default_factory=no_ints)
    percent_of_supply: FloatArray = field(default_factory=no_floats)
    hours_per_week: FloatArray = field(default_factory=no_floats)

    def __post_init__(self) -> None:
        team = as_ints("load.team", self.team)
        n = len(team)
        category = as_ints("load.category", self.category, n)
        first = as_ints("load.first_week", self.first_week, n)
        end = as_ints("load.end_week", self.end_week, n)
        percent = as_floats("load.percent_of_supply", self.percent_of_supply, n)
        hours = as_floats("load.hours_per_week", self.hours_per_week, n)
        refuse("load.team", team < 0, "must be a team index (0 or more)")
        check_index("load.category", category, len(CATEGORIES), "categories")
        _check_span("load", first, end)
        refuse("load.percent_of_supply", (percent < 0) | (percent > 100), "must be 0 to 100")
        refuse("load.hours_per_week", hours < 0, "must be 0 or more")
        assign(
            self,
            team=team,
            category=category,
            first_week=first,
            end_week=end,
            percent_of_supply=percent,
            hours_per_week=hours,
        )


@dataclass(frozen=True, slots=True, eq=False)
class Demand:
    """Effort estimates of initiatives on teams, one position per estimate.

    An entry's ``person_weeks`` are spread over its weeks ``first_week`` to ``end_week - 1``:
    evenly, or following its work profile, whose weights apply to equal segments of the span
    (``(1, 2, 2, 1)`` over 8 weeks puts 1/6, 1/6, 2/6, … of the effort in pairs of weeks; a
    segment boundary inside a week splits that week pro rata). With the plan's company
    holidays the effort is spread over working days: a holiday week carries its working share
    and the entry's other weeks make up the rest. The spread sums exactly to
    ``person_weeks``; the part falling outside the horizon is dropped.

    Parameters
    ----------
    initiative
        Index into ``CapacityProblem.initiative_names``.
    team
        Team index.
    person_weeks
        The effort, 0 or more.
    first_week, end_week
        The initiative's planned weeks (``end_week`` exclusive, after ``first_week``). Entries
        without dates are the caller's to place or leave out.
    committed
        True for approved or in-progress work, False for proposed work (intake, feasibility
        review).
    profile
        Either empty (every entry spread evenly) or one tuple of non-negative weights per
        entry, an empty tuple meaning even.
    """

    initiative: IntArray = field(default_factory=no_ints)
    team: IntArray = field(default_factory=no_ints)
    person_weeks: FloatArray = field(default_factory=no_floats)
    first_week: IntArray = field(default_factory=no_ints)
    end_week: IntArray = field(default_factory=no_ints)
    committed: BoolArray = field(default_factory=no_bools)
    profile: tuple[tuple[float, ...], ...] = ()
    # The profiles as flat arrays (compressed rows), normalised to sum to 1 per entry.
    profile_start: IntArray = field(init=False, repr=False)
    profile_length: IntArray = field(init=False, repr=False)
    profile_weight: FloatArray = field(init=False, repr=False)
    profile_before: FloatArray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        initiative = as_ints("demand.initiative", self.initiative)
        n = len(initiative)
        team = as_ints("demand.team", self.team, n)
        effort = as_floats("demand.person_weeks", self.person_weeks, n)
        first = as_ints("demand.first_week", self.first_week, n)
        end = as_ints("demand.end_week", self.end_week, n)
        committed = as_bools("demand.committed", self.committed, n)
        refuse("demand.initiative", initiative < 0, "must be an initiative index (0 or more)")
        refuse("demand.team", team < 0, "must be a team index (0 or more)")
        refuse("demand.person_weeks", effort < 0, "must be 0 or more")
        _check_span("demand", first, end)
        assign(
            self,
            initiative=initiative,
            team=team,
            person_weeks=effort,
            first_week=first,
            end_week=end,
            committed=committed,
        )
        self._flatten_profiles(n)

    def _flatten_profiles(self, n: int) -> None:
        profiles = tuple(tuple(p) for p in self.profile)
        if profiles and len(profiles) != n:
            raise InvalidInput("demand.profile", f"must be empty or have {n} entries")
        lengths = np.zeros(n, dtype=np.int64)
        weights: list[float] = []
        before: list[float] = []
        for position, raw in enumerate(profiles):
            path = f"demand.profile[{position}]"
            values = as_floats(path, np.asarray(raw, dtype=np.float64).reshape(-1))
            if (values < 0).any() or (len(values) and values.sum() <= 0):
                raise InvalidInput(path, "must be non-negative weights with a positive total")
            normalised = values / values.sum() if len(values) else values
            lengths[position] = len(normalised)
            weights.extend(normalised.tolist())
            before.extend((np.cumsum(normalised) - normalised).tolist())
        assign(
            self,
            profile=profiles,
            profile_start=np.cumsum(lengths) - lengths,
            profile_length=lengths,
            profile_weight=np.array(weights, dtype=np.float64),
            profile_before=np.array(before, dtype=np.float64),
        )


@dataclass(frozen=True, slots=True, eq=False)
class Actuals:
    """Hours booked on non-discretionary work, one position per (team, category, week).

    Entries for the same team, category and week add up.

    Parameters
    ----------
    team
        Team index.
    category
        Index into :data:`CATEGORIES`.
    week
        The week booked, usually negative (before the horizon) or before ``today_week``.
    hours
        Hours booked, 0 or more.
    """

    team: IntArray = field(default_factory=no_ints)
    category: IntArray = field(default_factory=no_ints)
    week: IntArray = field(default_factory=no_ints)
    hours: FloatArray = field(default_factory=no_floats)

    def __post_init__(self) -> None:
        team = as_ints("actuals.team", self.team)
        n = len(team)
        category = as_ints("actuals.category", self.category, n)
        week = as_ints("actuals.week", self.week, n)
        hours = as_floats("actuals.hours", self.hours, n)
        refuse("actuals.team", team < 0, "must be a team index (0 or more)")
        check_index("actuals.category", category, len(CATEGORIES), "categories")
        refuse("actuals.hours", hours < 0, "must be 0 or more")
        assign(self, team=team, category=category, week=week, hours=hours)
