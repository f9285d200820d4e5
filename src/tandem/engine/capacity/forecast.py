"""The 18-month forecast: attrition, hires, load from booked hours, and the bottlenecks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tandem.engine.capacity import _json
from tandem.engine.capacity._checks import BoolArray, FloatArray, as_whole
from tandem.engine.capacity._grid import (
    TOLERANCE,
    hires_supply,
    people_supply,
    planned_load,
    utilization,
)
from tandem.engine.capacity._trend import ESTIMATORS, Estimator, estimate
from tandem.engine.capacity.horizon import Horizon
from tandem.engine.capacity.model import CATEGORIES, PLANNED_HIRE, Actuals
from tandem.engine.capacity.problem import CapacityProblem
from tandem.engine.capacity.spread import spread_demand
from tandem.engine.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class Bottleneck:
    """A team whose forecast utilization exceeds the threshold in some week.

    Parameters
    ----------
    team
        Team index.
    first_week
        The first week over the threshold (a week number of the problem's horizon).
    peak_pct
        Highest forecast utilization, in percent (``inf`` with work and no supply).
    person_weeks_short
        Sum over the forecast of ``max(0, load + committed - threshold * supply)``.
    weeks_over
        Number of weeks over the threshold.
    """

    team: int
    first_week: int
    peak_pct: float
    person_weeks_short: float
    weeks_over: int


@dataclass(frozen=True, slots=True, eq=False)
class Forecast:
    """Forecast capacity from ``today_week`` on; arrays in person-weeks, ``[team x week]``.

    Parameters
    ----------
    problem
        The plan forecast from.
    horizon
        The forecast's weeks: week 0 is the problem's week ``today_week``.
    today_week
        The current (incomplete) week, a week number of the problem's horizon.
    estimator, estimator_description
        The load estimator's name and what it does, in one sentence.
    attrition_annual_pct, requisition_delay_weeks, threshold
        The controls used.
    supply, load, load_total, committed, proposed, available, utilization
        As in :class:`CapacityResult`, over the forecast's weeks; ``load`` is
        ``[category x team x week]``.
    load_from_actuals
        ``bool[team]``: True where load was projected from booked hours, False where the
        team has none in the estimator's window and its planned :class:`Load` is used.
    history_first_week
        Week number (problem horizon) of the first column of ``history`` and ``fitted``.
    history
        ``[category x team x week]``: person-weeks booked in each of the last weeks before
        ``today_week`` (at least 52).
    fitted
        The estimator's fit over the weeks it used (NaN elsewhere), to show beside
        ``history``.
    slope
        ``[category x team]``: the fitted trend in person-weeks per week (0 for
        ``mean_12w``).
    bottlenecks
        Teams over the threshold, by first week then team.
    """

    problem: CapacityProblem = field(repr=False)
    horizon: Horizon
    today_week: int
    estimator: Estimator
    estimator_description: str
    attrition_annual_pct: float
    requisition_delay_weeks: int
    threshold: float
    supply: FloatArray
    load: FloatArray
    load_total: FloatArray
    committed: FloatArray
    proposed: FloatArray
    available: FloatArray
    utilization: FloatArray
    load_from_actuals: BoolArray
    history_first_week: int
    history: FloatArray
    fitted: FloatArray
    slope: FloatArray
    bottlenecks: tuple[Bottleneck, ...]

    @property
    def team_names(self) -> tuple[str, ...]:
        """The name of each team (row)."""
        return self.problem.team_names

    def to_dict(self) -> dict[str, Any]:
        """Return the forecast as JSON-ready data.

        Returns
        -------
        dict
            ``today_week``, ``horizon``, ``estimator`` (name, description), the controls,
            ``teams`` (weekly arrays as in :meth:`CapacityResult.to_dict` plus
            ``load_source``: ``"actuals"`` or ``"plan"``), ``history`` (ISO weeks and, per
            team and category, ``actual`` and ``fitted`` person-weeks, ``null`` where not
            fitted, and the slope) and ``bottlenecks``.
        """
        plan = self.problem.horizon
        teams = _json.weekly_teams(self)
        for row, from_actuals in zip(teams, self.load_from_actuals.tolist(), strict=True):
            row["load_source"] = "actuals" if from_actuals else "plan"
        return {
            "today_week": plan.week_label(self.today_week),
            "today_week_start": plan.week_start(self.today_week).isoformat(),
            "horizon": _json.horizon_dict(self.horizon),
            "estimator": {"name": self.estimator, "description": self.estimator_description},
            "attrition_annual_pct": self.attrition_annual_pct,
            "requisition_delay_weeks": self.requisition_delay_weeks,
            "threshold_pct": _json.percent(self.threshold * 100.0),
            "categories": list(CATEGORIES),
            "teams": teams,
            "history": self._history_dict(),
            "bottlenecks": [
                {
                    "team": self.team_names[item.team],
                    "team_index": item.team,
                    "first_week": plan.week_label(item.first_week),
                    "first_week_start": plan.week_start(item.first_week).isoformat(),
                    "peak_pct": _json.percent(item.peak_pct),
                    "person_weeks_short": _json.amount(item.person_weeks_short),
                    "weeks_over": item.weeks_over,
                }
                for item in self.bottlenecks
            ],
        }

    def _history_dict(self) -> dict[str, Any]:
        plan = self.problem.horizon
        weeks = range(self.history_first_week, self.history_first_week + self.history.shape[2])
        actual, fitted = _json.amounts(self.history), _json.optional_amounts(self.fitted)
        slope = np.round(self.slope, 4).tolist()
        return {
            "week_labels": [plan.week_label(week) for week in weeks],
            "week_starts": [plan.week_start(week).isoformat() for week in weeks],
            "teams": [
                {
                    "team": name,
                    "index": t,
                    "actual": {cat: actual[c][t] for c, cat in enumerate(CATEGORIES)},
                    "fitted": {cat: fitted[c][t] for c, cat in enumerate(CATEGORIES)},
                    "slope_person_weeks_per_week": {
                        cat: slope[c][t] for c, cat in enumerate(CATEGORIES)
                    },
                }
                for t, name in enumerate(self.team_names)
            ],
        }


def forecast(
    problem: CapacityProblem,
    actuals: Actuals,
    *,
    today_week: int,
    months: int = 18,
    attrition_annual_pct: float = 10.0,
    estimator: Estimator = "mean_12w",
    requisition_delay_weeks: int = 12,
    threshold: float = 1.0,
) -> Forecast:
    """Forecast supply, load and committed demand, and find the bottleneck teams.

    Parameters
    ----------
    problem
        The plan: people, leave, holidays, hires, planned load and demand.
    actuals
        Hours booked on non-discretionary work by team, category and week.
    today_week
        The current week (problem week number). The forecast starts with it; the load
        estimators use only the complete weeks before it.
    months
        Length of the forecast: ``round(months * 52 / 12)`` weeks (18 months = 78 weeks).
    attrition_annual_pct
        Share of today's people expected to leave per year, 0 to below 100. Their supply
        ``k`` weeks ahead is scaled by ``(1 - attrition_annual_pct / 100) ** (k / 52)``.
        People starting later and hires are not decayed; known leaving dates still apply.
    estimator
        ``"mean_12w"``: the mean of the last 12 complete weeks held flat;
        ``"linear_trend"``: a least-squares line over the last 26 complete weeks, continued
        and clipped at 0. Per team, the window starts no earlier than the team's first
        booked week; weeks without bookings after that count as 0 hours.
    requisition_delay_weeks
        Open requisitions count from ``max(start_week, today_week) + delay``; planned hires
        count from their start week.
    threshold
        Utilization (1.0 = 100%) above which a team is a bottleneck.

    Returns
    -------
    Forecast
        Weekly arrays, the estimator's history and fit, and the bottlenecks.

    Raises
    ------
    InvalidInput
        If a control is out of range or ``actuals`` name an unknown team.
    """
    _check_controls(months, attrition_annual_pct, estimator, requisition_delay_weeks, threshold)
    today_week = as_whole("today_week", today_week)
    problem.check_actuals(actuals)
    weeks = round(months * 52 / 12)
    supply = _supply(problem, today_week, weeks, attrition_annual_pct, requisition_delay_weeks)
    trend = estimate(problem, actuals, today_week=today_week, weeks=weeks, estimator=estimator)
    from_actuals = trend.teams_with_actuals[np.newaxis, :, np.newaxis]
    load = np.where(
        from_actuals, trend.projected, planned_load(problem, supply, start=today_week, weeks=weeks)
    )
    load_total = load.sum(axis=0)
    spread = spread_demand(
        problem.demand,
        start=today_week,
        weeks=weeks,
        working_fraction=problem.working_fraction(),
    )
    teams = len(problem.team_names)
    committed, proposed = spread.by_status(teams, weeks)
    used = load_total + committed
    usage = utilization(used, supply)
    return Forecast(
        problem=problem,
        horizon=Horizon(problem.horizon.week_start(today_week), weeks),
        today_week=today_week,
        estimator=estimator,
        estimator_description=trend.description,
        attrition_annual_pct=float(attrition_annual_pct),
        requisition_delay_weeks=requisition_delay_weeks,
        threshold=float(threshold),
        supply=supply,
        load=load,
        load_total=load_total,
        committed=committed,
        proposed=proposed,
        available=supply - used,
        utilization=usage,
        load_from_actuals=trend.teams_with_actuals,
        history_first_week=today_week - trend.history.shape[2],
        history=trend.history,
        fitted=trend.fitted,
        slope=trend.slope,
        bottlenecks=_bottlenecks(supply, used, usage, threshold, today_week),
    )


def _check_controls(
    months: int, attrition: float, estimator: str, delay: int, threshold: float
) -> None:
    as_whole("months", months, minimum=1)
    if not 0 <= attrition < 100:
        raise InvalidInput("attrition_annual_pct", "must be 0 to below 100")
    if estimator not in ESTIMATORS:
        raise InvalidInput("estimator", "must be one of " + ", ".join(ESTIMATORS))
    as_whole("requisition_delay_weeks", delay, minimum=0)
    if not np.isfinite(threshold) or threshold <= 0:
        raise InvalidInput("threshold", "must be above 0")


def _supply(
    problem: CapacityProblem, today: int, weeks: int, attrition: float, delay: int
) -> FloatArray:
    """Supply of today's people (decayed), later starters, and hires and requisitions."""
    people, hires = problem.people, problem.hires
    present = (people.first_week <= today) & (people.end_week > today)
    decay = (1.0 - attrition / 100.0) ** (np.arange(weeks) / 52.0)
    supply = people_supply(problem, start=today, weeks=weeks, select=present, scale=decay)
    supply += people_supply(problem, start=today, weeks=weeks, select=people.first_week > today)
    first = np.where(
        hires.kind == PLANNED_HIRE, hires.start_week, np.maximum(hires.start_week, today) + delay
    )
    all_hires = np.ones(len(hires.team), dtype=np.bool_)
    supply += hires_supply(problem, start=today, weeks=weeks, first_week=first, select=all_hires)
    return supply


def _bottlenecks(
    supply: FloatArray, used: FloatArray, usage: FloatArray, threshold: float, today: int
) -> tuple[Bottleneck, ...]:
    gap = used - threshold * supply
    over = gap > TOLERANCE
    teams = np.flatnonzero(over.any(axis=1))
    first = np.argmax(over[teams], axis=1)
    found = [
        Bottleneck(
            team=team,
            first_week=today + week,
            peak_pct=peak * 100.0,
            person_weeks_short=short,
            weeks_over=count,
        )
        for team, week, peak, short, count in zip(
            teams.tolist(),
            first.tolist(),
            usage[teams].max(axis=1, initial=0.0).tolist(),
            np.maximum(gap[teams], 0.0).sum(axis=1).tolist(),
            over[teams].sum(axis=1).tolist(),
            strict=True,
        )
    ]
    return tuple(sorted(found, key=lambda item: (item.first_week, item.team)))
