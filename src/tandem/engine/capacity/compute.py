"""The current plan: supply, load, demand and over-capacity spans per team and week."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tandem.engine.capacity import _json
from tandem.engine.capacity._checks import FloatArray
from tandem.engine.capacity._grid import (
    hires_supply,
    people_supply,
    planned_load,
    utilization,
)
from tandem.engine.capacity.horizon import Horizon
from tandem.engine.capacity.model import CATEGORIES, PLANNED_HIRE
from tandem.engine.capacity.problem import CapacityProblem
from tandem.engine.capacity.spans import Span, find_spans
from tandem.engine.capacity.spread import DemandSpread, spread_demand


@dataclass(frozen=True, slots=True, eq=False)
class CapacityResult:
    """The plan's capacity picture; every array is in person-weeks, ``[team x week]``.

    Parameters
    ----------
    problem
        The problem it answers.
    supply
        What the teams' people (and planned hires) can give.
    load
        ``[category x team x week]``: non-discretionary load by :data:`CATEGORIES`.
    load_total
        ``load`` summed over categories.
    committed, proposed
        Demand of committed (approved, in progress) and proposed initiatives.
    available
        ``supply - load_total - committed`` (negative when over capacity).
    utilization
        ``(load_total + committed) / supply`` as a ratio (1.0 = 100%); where supply is 0,
        ``inf`` if anything is asked of the team and 0 otherwise.
    spans
        Over-capacity spans, by team then week.
    spread
        Every demand entry's effort per week of the horizon (sparse rows), behind
        ``committed``, ``proposed`` and the per-initiative accessors.
    """

    problem: CapacityProblem = field(repr=False)
    supply: FloatArray
    load: FloatArray
    load_total: FloatArray
    committed: FloatArray
    proposed: FloatArray
    available: FloatArray
    utilization: FloatArray
    spans: tuple[Span, ...]
    spread: DemandSpread = field(repr=False)

    @property
    def horizon(self) -> Horizon:
        """The weeks of the arrays."""
        return self.problem.horizon

    @property
    def team_names(self) -> tuple[str, ...]:
        """The name of each team (row)."""
        return self.problem.team_names

    def initiative_committed(self, initiative: int) -> FloatArray:
        """Committed demand of one initiative, ``[team x week]`` (zeros if it is proposed).

        Parameters
        ----------
        initiative
            Initiative index.

        Returns
        -------
        numpy.ndarray
            ``float64[team, week]`` person-weeks; summed over initiatives it gives
            ``committed``.
        """
        rows = (self.spread.initiative == initiative) & self.spread.committed
        return self.spread.grid(len(self.team_names), self.horizon.weeks, rows)

    def initiative_demand(self, initiative: int) -> FloatArray:
        """Demand of one initiative whatever its status, ``[team x week]`` person-weeks.

        Parameters
        ----------
        initiative
            Initiative index.

        Returns
        -------
        numpy.ndarray
            ``float64[team, week]``.
        """
        rows = self.spread.initiative == initiative
        return self.spread.grid(len(self.team_names), self.horizon.weeks, rows)

    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready data.

        Returns
        -------
        dict
            ``horizon`` (start, weeks, ISO week labels and Mondays), ``categories``,
            ``teams`` (per team: name, index and per-week ``supply``, ``load`` by category,
            ``load_total``, ``committed``, ``proposed``, ``available`` in person-weeks
            rounded to 0.01, and ``utilization_pct`` rounded to 0.1, ``null`` when infinite)
            and ``spans`` (team and initiative names, ISO weeks and their Mondays).
        """
        problem = self.problem
        return {
            "horizon": _json.horizon_dict(self.horizon),
            "standard_hours_per_week": problem.standard_hours_per_week,
            "categories": list(CATEGORIES),
            "teams": _json.weekly_teams(self),
            "spans": [
                _json.span_dict(span, self.horizon, problem.team_names, problem.initiative_names)
                for span in self.spans
            ],
        }


def compute(problem: CapacityProblem) -> CapacityResult:
    """Compute the plan's supply, load, demand, availability and over-capacity spans.

    Parameters
    ----------
    problem
        A validated capacity problem.

    Returns
    -------
    CapacityResult
        Arrays ``[team x week]`` in person-weeks over the horizon, utilization, and the
        spans in which a team is over 100%, with the committed initiatives behind each.

    Notes
    -----
    Supply counts people while employed and planned hires from their start week; open
    requisitions are left out of the plan (see :func:`forecast`). Load entries take a share
    of the week's supply or fixed hours. Demand is spread over each entry's working days
    (company holidays take their share of a week's effort onto the entry's other weeks;
    personal leave does not); effort outside the horizon is dropped. A week is over capacity
    when load plus committed demand exceeds supply by more than 1e-9 person-weeks.
    """
    weeks, teams = problem.horizon.weeks, len(problem.team_names)
    everyone = np.ones(len(problem.people.team), dtype=np.bool_)
    supply = people_supply(problem, start=0, weeks=weeks, select=everyone)
    supply += hires_supply(
        problem,
        start=0,
        weeks=weeks,
        first_week=problem.hires.start_week,
        select=problem.hires.kind == PLANNED_HIRE,
    )
    load = planned_load(problem, supply, start=0, weeks=weeks)
    load_total = load.sum(axis=0)
    spread = spread_demand(
        problem.demand, start=0, weeks=weeks, working_fraction=problem.working_fraction()
    )
    committed, proposed = spread.by_status(teams, weeks)
    used = load_total + committed
    usage = utilization(used, supply)
    spans = find_spans(
        supply,
        used,
        usage,
        teams=np.arange(teams, dtype=np.int64),
        committed=spread,
        chosen=spread.committed,
        initiatives=len(problem.initiative_names),
    )
    return CapacityResult(
        problem=problem,
        supply=supply,
        load=load,
        load_total=load_total,
        committed=committed,
        proposed=proposed,
        available=supply - used,
        utilization=usage,
        spans=spans,
        spread=spread,
    )
