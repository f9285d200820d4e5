"""Portfolio selection: which candidates to fund within team capacity and a budget.

Build a :class:`SelectionProblem` (candidates with a value, a cost and the team capacity they
need per period; mandatory candidates, prerequisites and exclusive groups), then:
:func:`solve` (the best selection, exact with CP-SAT, with the greedy selection, the LP bound
and the reasons for every cut), :func:`greedy` (the spreadsheet ranking), :func:`lp_bound`,
:func:`check` (an independent check of any selection) and :func:`explain` (why each unfunded
candidate is not funded).
"""

from tandem.engine.select.check import check
from tandem.engine.select.explain import KINDS, CutReason, explain
from tandem.engine.select.greedy import GreedyResult, greedy
from tandem.engine.select.lp import lp_bound
from tandem.engine.select.problem import Candidate, Need, SelectionProblem
from tandem.engine.select.solve import STATUSES, Selection, solve

__all__ = [
    "KINDS",
    "STATUSES",
    "Candidate",
    "CutReason",
    "GreedyResult",
    "Need",
    "Selection",
    "SelectionProblem",
    "check",
    "explain",
    "greedy",
    "lp_bound",
    "solve",
]
