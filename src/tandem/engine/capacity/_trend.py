"""Projecting non-discretionary load from booked hours: the two estimators (private)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from tandem.engine.capacity._checks import BoolArray, FloatArray
from tandem.engine.capacity.model import CATEGORIES, Actuals
from tandem.engine.capacity.problem import CapacityProblem

Estimator = Literal["mean_12w", "linear_trend"]
"""How the forecast projects non-discretionary load from booked hours."""

ESTIMATORS: dict[str, tuple[int, str]] = {
    "mean_12w": (
        12,
        "The average of the hours booked in the last 12 complete weeks, held flat.",
    ),
    "linear_trend": (
        26,
        "A straight line fitted to the hours booked in the last 26 complete weeks, "
        "continued forward and never below zero.",
    ),
}
"""Per estimator: the weeks of history it uses and a plain-English description."""

HISTORY_WEEKS = 52
"""Weeks of booked hours returned beside the fit (at least the estimator's window)."""


@dataclass(frozen=True, slots=True, eq=False)
class Trend:
    """Booked hours in person-weeks, the estimator's fit over them, and its projection."""

    description: str
    history: FloatArray  # [category x team x history week]
    fitted: FloatArray  # same shape, NaN where the estimator used no data
    slope: FloatArray  # [category x team], person-weeks per week
    projected: FloatArray  # [category x team x forecast week]
    teams_with_actuals: BoolArray  # [team]


def estimate(
    problem: CapacityProblem, actuals: Actuals, *, today_week: int, weeks: int, estimator: str
) -> Trend:
    """Fit the estimator per team and category and project it over ``weeks`` weeks.

    Weeks are complete when before ``today_week``. A team's fitting window is the
    estimator's last weeks, starting no earlier than the team's first booked week in it;
    weeks after that without bookings count as 0 hours. Teams with no bookings in the window
    are flagged off in ``teams_with_actuals`` (their projection is 0).
    """
    window, description = ESTIMATORS[estimator]
    length = max(window, HISTORY_WEEKS)
    categories, teams = len(CATEGORIES), len(problem.team_names)
    first = today_week - length
    keep = (actuals.week >= first) & (actuals.week < today_week)
    team, column = actuals.team[keep], actuals.week[keep] - first
    key = (actuals.category[keep] * teams + team) * length + column
    booked = actuals.hours[keep] / problem.standard_hours_per_week
    flat = np.bincount(key, weights=booked, minlength=categories * teams * length)
    history = flat.astype(np.float64).reshape(categories, teams, length)
    recent = column >= length - window
    start = np.full(teams, length, dtype=np.int64)
    np.minimum.at(start, team[recent], column[recent])
    used = np.arange(length)[np.newaxis, :] >= start[:, np.newaxis]  # [team x week]
    count = np.maximum(used.sum(axis=1), 1)[np.newaxis, :]
    level = (history * used).sum(axis=2) / count
    slope = np.zeros((categories, teams))
    if estimator == "linear_trend":
        x = np.arange(length, dtype=np.float64)
        x_mean = (used * x).sum(axis=1) / count[0]
        dx = np.where(used, x - x_mean[:, np.newaxis], 0.0)
        spread = (dx * dx).sum(axis=1)
        covariance = (dx * (history - level[:, :, np.newaxis])).sum(axis=2)
        slope = np.divide(covariance, spread, out=slope, where=spread > 0)
        level = level - slope * x_mean  # the line's value at x = 0
    x_all = np.arange(length + weeks, dtype=np.float64)
    line = np.maximum(level[:, :, np.newaxis] + slope[:, :, np.newaxis] * x_all, 0.0)
    return Trend(
        description=description,
        history=history,
        fitted=np.where(used, line[:, :, :length], np.nan),
        slope=slope,
        projected=np.ascontiguousarray(line[:, :, length:]),
        teams_with_actuals=start < length,
    )
