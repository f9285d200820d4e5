"""The capacity problem: a horizon with its teams, people, load and demand."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tandem.engine.capacity._checks import (
    FloatArray,
    as_floats,
    as_whole,
    assign,
    check_index,
    refuse,
)
from tandem.engine.capacity.horizon import Horizon
from tandem.engine.capacity.model import Actuals, Demand, Hires, Leave, Load, People
from tandem.engine.errors import InvalidInput


@dataclass(frozen=True, slots=True, eq=False)
class CapacityProblem:
    """Everything the capacity questions need, for one horizon.

    The unit is the person-week: one full-time person (``standard_hours_per_week`` hours)
    for one week.

    Parameters
    ----------
    horizon
        The weeks.
    team_names
        One name per team; team indices refer to positions here.
    people, leave, hires, load, demand
        The entry lists.
    holiday_days
        Company holiday working days in each week of the horizon (``float[weeks]``),
        0 to ``working_days_per_week``; see :func:`holiday_days_by_week`.
    initiative_names
        One name per initiative; ``demand.initiative`` refers to positions here.
    standard_hours_per_week
        Hours of one person-week, above 0.
    working_days_per_week
        Working days in a full week (1 to 7); leave and holidays are counted in these.

    Raises
    ------
    InvalidInput
        If an index refers to no team, person or initiative, or a field is out of range.
    """

    horizon: Horizon
    team_names: tuple[str, ...]
    people: People
    leave: Leave
    holiday_days: FloatArray
    hires: Hires
    load: Load
    demand: Demand
    initiative_names: tuple[str, ...]
    standard_hours_per_week: float = 40.0
    working_days_per_week: int = 5

    def __post_init__(self) -> None:
        teams = tuple(str(name) for name in self.team_names)
        initiatives = tuple(str(name) for name in self.initiative_names)
        std = float(self.standard_hours_per_week)
        if not np.isfinite(std) or std <= 0:
            raise InvalidInput("standard_hours_per_week", "must be above 0")
        days = as_whole("working_days_per_week", self.working_days_per_week, minimum=1, maximum=7)
        holidays = as_floats("holiday_days", self.holiday_days, self.horizon.weeks)
        refuse("holiday_days", (holidays < 0) | (holidays > days), f"must be 0 to {days}")
        for path, values in (
            ("people.team", self.people.team),
            ("hires.team", self.hires.team),
            ("load.team", self.load.team),
            ("demand.team", self.demand.team),
        ):
            check_index(path, values, len(teams), "teams")
        check_index("leave.person", self.leave.person, len(self.people.team), "people")
        refuse("leave.days_off", self.leave.days_off > days, f"must be 0 to {days}")
        check_index("demand.initiative", self.demand.initiative, len(initiatives), "initiatives")
        assign(
            self,
            team_names=teams,
            initiative_names=initiatives,
            standard_hours_per_week=std,
            holiday_days=holidays,
            working_days_per_week=days,
        )

    def working_fraction(self) -> FloatArray:
        """Share of each week of the horizon worked: ``1 - holiday_days / working_days``.

        Returns
        -------
        numpy.ndarray
            ``float64[weeks]`` from 0 (a week of holidays) to 1, the ``working_fraction`` of
            :func:`spread_demand`.
        """
        fraction: FloatArray = 1.0 - self.holiday_days / float(self.working_days_per_week)
        return fraction

    def check_actuals(self, actuals: Actuals) -> None:
        """Raise InvalidInput if ``actuals`` name a team this problem does not have."""
        check_index("actuals.team", actuals.team, len(self.team_names), "teams")
