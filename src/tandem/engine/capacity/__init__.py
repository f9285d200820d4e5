"""Capacity of IT teams over weeks: what is spoken for, by what, what is left, and when.

Everything is an array ``[team x week]`` in person-weeks (one full-time person for one
week). Build a :class:`CapacityProblem`, then ask one question per entry point:
:func:`compute` (the plan and its over-capacity spans), :func:`rollup` (months, quarters,
department), :func:`available_to_take_on`, :func:`impact` (one more initiative committed)
and :func:`forecast` (the next 18 months from booked hours, with attrition and hires).
"""

from tandem.engine.capacity._trend import ESTIMATORS, Estimator
from tandem.engine.capacity.compute import CapacityResult, compute
from tandem.engine.capacity.forecast import Bottleneck, Forecast, forecast
from tandem.engine.capacity.horizon import (
    Grain,
    Horizon,
    holiday_days_by_week,
    leave_days_by_week,
)
from tandem.engine.capacity.impact import Impact, TeamImpact, impact
from tandem.engine.capacity.model import (
    CATEGORIES,
    OPEN_REQUISITION,
    PLANNED_HIRE,
    Actuals,
    Demand,
    Hires,
    Leave,
    Load,
    People,
)
from tandem.engine.capacity.problem import CapacityProblem
from tandem.engine.capacity.rollup import RolledUp, available_to_take_on, rollup
from tandem.engine.capacity.spans import Span
from tandem.engine.capacity.spread import DemandSpread, spread_demand

__all__ = [
    "CATEGORIES",
    "ESTIMATORS",
    "OPEN_REQUISITION",
    "PLANNED_HIRE",
    "Actuals",
    "Bottleneck",
    "CapacityProblem",
    "CapacityResult",
    "Demand",
    "DemandSpread",
    "Estimator",
    "Forecast",
    "Grain",
    "Hires",
    "Horizon",
    "Impact",
    "Leave",
    "Load",
    "People",
    "RolledUp",
    "Span",
    "TeamImpact",
    "available_to_take_on",
    "compute",
    "forecast",
    "holiday_days_by_week",
    "impact",
    "leave_days_by_week",
    "rollup",
    "spread_demand",
]
