"""Weeks as integers: a horizon of Monday weeks, calendar buckets and working-day counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from tandem.engine.capacity._checks import FloatArray, IntArray, as_whole
from tandem.engine.errors import InvalidInput

Grain = Literal["week", "month", "quarter"]
"""The buckets a roll-up sums weeks into."""

GRAINS: tuple[Grain, ...] = ("week", "month", "quarter")


@dataclass(frozen=True, slots=True)
class Horizon:
    """Consecutive weeks, numbered 0, 1, … from a Monday.

    Every date, duration and array in the capacity engine is expressed in these week
    numbers. A week number may be negative (before the horizon) or ``>= weeks`` (after it);
    the engine drops what falls outside when it builds arrays.

    A week belongs to the month and quarter of its **Thursday** (the ISO 8601 rule, the same
    one that numbers ISO weeks), so a week is never split between two buckets and each month
    gets four or five whole weeks.

    Parameters
    ----------
    start
        The Monday of week 0.
    weeks
        How many weeks the horizon holds, at least 1.

    Raises
    ------
    InvalidInput
        If ``start`` is not a Monday or ``weeks`` is below 1.
    """

    start: dt.date
    weeks: int

    def __post_init__(self) -> None:
        if not isinstance(self.start, dt.date) or isinstance(self.start, dt.datetime):
            raise InvalidInput("horizon.start", "must be a date")
        if self.start.weekday() != 0:
            raise InvalidInput("horizon.start", "must be a Monday")
        object.__setattr__(self, "weeks", as_whole("horizon.weeks", self.weeks, minimum=1))

    def week_of(self, day: dt.date) -> int:
        """Return the number of the week holding ``day`` (negative before the horizon)."""
        return (day - self.start).days // 7

    def week_start(self, week: int) -> dt.date:
        """Return the Monday of week ``week``."""
        return self.start + dt.timedelta(weeks=int(week))

    def week_label(self, week: int) -> str:
        """Return the ISO week label of ``week``, e.g. ``"2027-W05"``."""
        year, number, _ = self.week_start(week).isocalendar()
        return f"{year}-W{number:02d}"

    def week_labels(self) -> tuple[str, ...]:
        """Return the ISO week label of every week of the horizon."""
        return tuple(self.week_label(week) for week in range(self.weeks))

    def _thursdays(self) -> list[dt.date]:
        return [self.week_start(week) + dt.timedelta(days=3) for week in range(self.weeks)]

    def month_index(self) -> IntArray:
        """Return, per week, its month bucket (0 = the month of week 0's Thursday)."""
        months = np.array([d.year * 12 + d.month - 1 for d in self._thursdays()], dtype=np.int64)
        index: IntArray = months - months[0]
        return index

    def quarter_index(self) -> IntArray:
        """Return, per week, its quarter bucket (0 = the quarter of week 0's Thursday)."""
        quarters = np.array(
            [d.year * 4 + (d.month - 1) // 3 for d in self._thursdays()], dtype=np.int64
        )
        index: IntArray = quarters - quarters[0]
        return index

    def bucket_index(self, grain: Grain) -> IntArray:
        """Return, per week, its bucket at ``grain`` (``"week"``, ``"month"``, ``"quarter"``).

        Raises
        ------
        InvalidInput
            If ``grain`` is not one of the three.
        """
        if grain == "week":
            return np.arange(self.weeks, dtype=np.int64)
        if grain == "month":
            return self.month_index()
        if grain == "quarter":
            return self.quarter_index()
        raise InvalidInput("grain", f"must be one of {', '.join(GRAINS)}")

    def bucket_first_weeks(self, grain: Grain) -> IntArray:
        """Return the first week of each bucket at ``grain``, in order."""
        index = self.bucket_index(grain)
        return np.flatnonzero(np.diff(index, prepend=-1)).astype(np.int64)

    def bucket_labels(self, grain: Grain) -> tuple[str, ...]:
        """Return a label per bucket: ``"2027-W05"``, ``"2027-03"`` or ``"2027 Q1"``."""
        labels = []
        for week in self.bucket_first_weeks(grain).tolist():
            thursday = self.week_start(week) + dt.timedelta(days=3)
            if grain == "week":
                labels.append(self.week_label(week))
            elif grain == "month":
                labels.append(f"{thursday.year}-{thursday.month:02d}")
            else:
                labels.append(f"{thursday.year} Q{(thursday.month - 1) // 3 + 1}")
        return tuple(labels)


def holiday_days_by_week(horizon: Horizon, holidays: Iterable[dt.date]) -> FloatArray:
    """Count company holidays falling on working days, per week of the horizon.

    Parameters
    ----------
    horizon
        The weeks to count in.
    holidays
        Company holiday dates; weekend dates, duplicates and dates outside the horizon are
        ignored.

    Returns
    -------
    numpy.ndarray
        ``float64[weeks]``: holiday working days (Monday to Friday) in each week, the
        ``holiday_days`` of a :class:`CapacityProblem`.
    """
    days = np.zeros(horizon.weeks, dtype=np.float64)
    for day in set(holidays):
        week = horizon.week_of(day)
        if day.weekday() < 5 and 0 <= week < horizon.weeks:
            days[week] += 1.0
    return days


def leave_days_by_week(
    horizon: Horizon,
    first_date: dt.date,
    last_date: dt.date,
    holidays: Iterable[dt.date] = (),
) -> tuple[IntArray, FloatArray]:
    """Count the working days of one absence, per week.

    Parameters
    ----------
    horizon
        Gives the week numbers.
    first_date, last_date
        The absence, both days included.
    holidays
        Company holidays: those days are already off for everyone, so they do not count.

    Returns
    -------
    weeks : numpy.ndarray
        ``int64``: the week numbers with at least one day of leave, ascending. They may lie
        outside the horizon; :func:`compute` drops those.
    days : numpy.ndarray
        ``float64``: working days (Monday to Friday, not a holiday) of leave in each of them.
        Ready to append to a :class:`Leave`.

    Raises
    ------
    InvalidInput
        If ``last_date`` is before ``first_date``.
    """
    if last_date < first_date:
        raise InvalidInput("last_date", "must not be before first_date")
    off = set(holidays)
    counts: dict[int, float] = {}
    day = first_date
    while day <= last_date:
        if day.weekday() < 5 and day not in off:
            week = horizon.week_of(day)
            counts[week] = counts.get(week, 0.0) + 1.0
        day += dt.timedelta(days=1)
    weeks = sorted(counts)
    return (
        np.array(weeks, dtype=np.int64),
        np.array([counts[week] for week in weeks], dtype=np.float64),
    )
