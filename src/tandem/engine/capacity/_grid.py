"""Building blocks of the [team x week] arrays: supply, planned load, utilization (private)."""

from __future__ import annotations

import numpy as np

from tandem.engine.capacity._checks import BoolArray, FloatArray, IntArray
from tandem.engine.capacity.model import CATEGORIES
from tandem.engine.capacity.problem import CapacityProblem

TOLERANCE = 1e-9
"""Person-weeks below which a difference is rounding noise (over capacity, or zero)."""


def snap(values: FloatArray) -> FloatArray:
    """Turn the rounding noise of cumulative sums near zero into exact zeros."""
    values[np.abs(values) < TOLERANCE] = 0.0
    return values


def rate_grid(
    row: IntArray,
    rate: FloatArray,
    first: IntArray,
    end: IntArray,
    *,
    rows: int,
    start: int,
    weeks: int,
) -> FloatArray:
    """Sum constant weekly rates, each over weeks ``first`` to ``end - 1``, per row and week.

    A difference array (``+rate`` at the first week, ``-rate`` after the last) summed
    cumulatively along the weeks: cost linear in entries plus the array's size.
    """
    low = np.clip(first - start, 0, weeks)
    high = np.clip(end - start, 0, weeks)
    width = weeks + 1
    size = rows * width
    steps = np.bincount(row * width + low, weights=rate, minlength=size) - np.bincount(
        row * width + high, weights=rate, minlength=size
    )
    grid = np.cumsum(steps.reshape(rows, width), axis=1)[:, :weeks]
    return snap(np.ascontiguousarray(grid, dtype=np.float64))


def holiday_days(problem: CapacityProblem, *, start: int, weeks: int) -> FloatArray:
    """Company holiday days for the window's weeks (0 outside the problem's horizon)."""
    days = np.zeros(weeks, dtype=np.float64)
    week = np.arange(start, start + weeks)
    inside = (week >= 0) & (week < problem.horizon.weeks)
    days[inside] = problem.holiday_days[week[inside]]
    return days


def people_supply(
    problem: CapacityProblem,
    *,
    start: int,
    weeks: int,
    select: BoolArray,
    scale: FloatArray | None = None,
) -> FloatArray:
    """Person-weeks the selected people supply, per team and week of the window.

    A person supplies ``fte * hours_per_week / standard_hours_per_week`` while employed,
    times ``1 - min(leave + holidays, working days) / working days`` in each week, times
    ``scale`` of the week (attrition) when given.
    """
    people, teams = problem.people, len(problem.team_names)
    workdays = float(problem.working_days_per_week)
    rate = people.fte * people.hours_per_week / problem.standard_hours_per_week
    holidays = holiday_days(problem, start=start, weeks=weeks)
    chosen = np.flatnonzero(select)
    supply = rate_grid(
        people.team[chosen],
        rate[chosen],
        people.first_week[chosen],
        people.end_week[chosen],
        rows=teams,
        start=start,
        weeks=weeks,
    )
    supply *= 1.0 - holidays / workdays
    supply -= _leave_taken(problem, start=start, weeks=weeks, select=select, rate=rate)
    if scale is not None:
        supply *= scale
    return snap(supply)


def _leave_taken(
    problem: CapacityProblem, *, start: int, weeks: int, select: BoolArray, rate: FloatArray
) -> FloatArray:
    """Supply lost to personal leave on top of holidays, per team and week of the window."""
    leave, people, teams = problem.leave, problem.people, len(problem.team_names)
    person, week = leave.person, leave.week
    employed = (week >= people.first_week[person]) & (week < people.end_week[person])
    keep = select[person] & employed & (week >= start) & (week < start + weeks)
    person, slot, days = person[keep], week[keep] - start, leave.days_off[keep]
    key, where = np.unique(person * weeks + slot, return_inverse=True)
    total = np.bincount(where, weights=days, minlength=len(key))
    person, slot = key // weeks, key % weeks
    workdays = float(problem.working_days_per_week)
    room = workdays - holiday_days(problem, start=start, weeks=weeks)[slot]
    lost = rate[person] * np.minimum(total, room) / workdays
    flat = np.bincount(people.team[person] * weeks + slot, weights=lost, minlength=teams * weeks)
    return flat.astype(np.float64).reshape(teams, weeks)


def hires_supply(
    problem: CapacityProblem, *, start: int, weeks: int, first_week: IntArray, select: BoolArray
) -> FloatArray:
    """Person-weeks the selected hires supply from ``first_week`` on, less holidays."""
    hires, teams = problem.hires, len(problem.team_names)
    rate = hires.fte * hires.hours_per_week / problem.standard_hours_per_week
    never = np.full(int(select.sum()), start + weeks, dtype=np.int64)
    supply = rate_grid(
        hires.team[select],
        rate[select],
        first_week[select],
        never,
        rows=teams,
        start=start,
        weeks=weeks,
    )
    holidays = holiday_days(problem, start=start, weeks=weeks)
    return snap(supply * (1.0 - holidays / float(problem.working_days_per_week)))


def planned_load(
    problem: CapacityProblem, supply: FloatArray, *, start: int, weeks: int
) -> FloatArray:
    """The planned load entries as ``[category x team x week]`` person-weeks.

    Percent-based entries take their share of the team's ``supply`` in each week;
    hours-based entries take ``hours_per_week / standard_hours_per_week`` every week.
    """
    load, teams, categories = problem.load, len(problem.team_names), len(CATEGORIES)
    row = load.category * teams + load.team
    common = {"rows": categories * teams, "start": start, "weeks": weeks}
    share = rate_grid(row, load.percent_of_supply / 100.0, load.first_week, load.end_week, **common)
    fixed = rate_grid(
        row,
        load.hours_per_week / problem.standard_hours_per_week,
        load.first_week,
        load.end_week,
        **common,
    )
    shape = (categories, teams, weeks)
    return share.reshape(shape) * supply[np.newaxis] + fixed.reshape(shape)


def utilization(used: FloatArray, supply: FloatArray) -> FloatArray:
    """``used / supply``; where supply is 0, ``inf`` if anything is used, else 0."""
    empty = np.where(used > TOLERANCE, np.inf, 0.0)
    return np.divide(used, supply, out=empty, where=supply > 0)
