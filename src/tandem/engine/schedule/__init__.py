"""Project scheduling under resource capacity (RCPSP): read, schedule, bound and check.

Read a PSPLIB instance with :func:`read_sm` (or :func:`read_patterson`, or a multi-project
MPSPLIB instance with :func:`read_mpsplib`), schedule it with :func:`serial` in the order of
:func:`latest_finish_order` and improve it with :func:`forward_backward`; :func:`lower_bound`
says how far from the best possible a schedule can be, and :func:`check` verifies any schedule
against the instance without trusting the solver that made it. Release dates, time-varying
capacity and pinned starts on :class:`Rcpsp` are honoured throughout.
"""

from tandem.engine.schedule.bounds import (
    critical_path_bound,
    earliest_starts,
    energy_bound,
    latest_finishes,
    lower_bound,
    window_energy_bound,
)
from tandem.engine.schedule.check import check, makespan
from tandem.engine.schedule.cpsat import OBJECTIVES, CpSatResult, solve_cpsat
from tandem.engine.schedule.mpsplib import MultiProject, read_mpsplib
from tandem.engine.schedule.patterson import parse_patterson, read_patterson
from tandem.engine.schedule.problem import Rcpsp
from tandem.engine.schedule.psplib import parse_sm, read_sm
from tandem.engine.schedule.sampling import Sampled, sample
from tandem.engine.schedule.sgs import forward_backward, latest_finish_order, serial
from tandem.engine.schedule.solve import SOLVERS, STATUSES, Solution, solve

__all__ = [
    "OBJECTIVES",
    "SOLVERS",
    "STATUSES",
    "CpSatResult",
    "MultiProject",
    "Rcpsp",
    "Sampled",
    "Solution",
    "check",
    "critical_path_bound",
    "earliest_starts",
    "energy_bound",
    "forward_backward",
    "latest_finish_order",
    "latest_finishes",
    "lower_bound",
    "makespan",
    "parse_patterson",
    "parse_sm",
    "read_mpsplib",
    "read_patterson",
    "read_sm",
    "sample",
    "serial",
    "solve",
    "solve_cpsat",
    "window_energy_bound",
]
