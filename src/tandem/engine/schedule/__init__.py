"""Project scheduling under resource capacity (RCPSP): read, schedule, bound and check.

Read a PSPLIB instance with :func:`read_sm`, schedule it with :func:`serial` in the order of
:func:`latest_finish_order` and improve it with :func:`forward_backward`; :func:`lower_bound`
says how far from the best possible a schedule can be, and :func:`check` verifies any schedule
against the instance without trusting the solver that made it.
"""

from tandem.engine.schedule.bounds import (
    critical_path_bound,
    earliest_starts,
    energy_bound,
    lower_bound,
)
from tandem.engine.schedule.check import check, makespan
from tandem.engine.schedule.problem import Rcpsp
from tandem.engine.schedule.psplib import parse_sm, read_sm
from tandem.engine.schedule.sgs import (
    forward_backward,
    latest_finish_order,
    latest_finishes,
    serial,
)

__all__ = [
    "Rcpsp",
    "check",
    "critical_path_bound",
    "earliest_starts",
    "energy_bound",
    "forward_backward",
    "latest_finish_order",
    "latest_finishes",
    "lower_bound",
    "makespan",
    "parse_sm",
    "read_sm",
    "serial",
]
