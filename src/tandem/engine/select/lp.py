"""The linear-programming relaxation: an upper bound on what any selection can be worth."""

from __future__ import annotations

import math
from dataclasses import dataclass

from tandem.engine.select.problem import SelectionProblem


@dataclass(frozen=True, slots=True)
class Relaxation:
    """The LP relaxation's answer (private to the package).

    ``bound`` is the optimum (``-inf`` if infeasible); ``shares`` the funded share of each
    candidate and ``prices`` what its needs and cost are worth at the optimum's dual prices
    (both empty when infeasible). The solver orders its starting selection by them.
    """

    bound: float
    shares: tuple[float, ...] = ()
    prices: tuple[float, ...] = ()


def lp_bound(problem: SelectionProblem) -> float:
    """The optimum of the selection's linear relaxation, solved with GLOP.

    Each candidate may be funded in part (a share from 0 to 1; mandatory candidates wholly),
    with the same constraints as :func:`solve`, on the amounts as given (not rounded): each
    team's capacity in each period, the budget, at most one (in total) of each exclusive
    group, and a candidate's share at most each prerequisite's share.

    Parameters
    ----------
    problem
        The selection problem.

    Returns
    -------
    float
        An upper bound on the value of any selection (up to GLOP's tolerance of about
        1e-7 of each amount); ``-inf`` when even shares cannot fund every mandatory
        candidate.
    """
    return relax(problem).bound


def relax(problem: SelectionProblem) -> Relaxation:
    """Solve the relaxation of :func:`lp_bound`; also the shares and dual prices."""
    # Imported here, like CP-SAT in cpsat.py: OR-Tools is slow to import.
    from ortools.linear_solver.python import model_builder as mb

    model = mb.Model()  # type: ignore[no-untyped-call]  # its __init__ lacks "-> None"
    candidates = problem.candidates
    share = [
        model.new_num_var(1.0 if c.mandatory else 0.0, 1.0, f"x{i}")
        for i, c in enumerate(candidates)
    ]
    periods = len(problem.period_labels)
    by_cell: dict[int, dict[int, float]] = {}
    for i, c in enumerate(candidates):
        for n in c.needs:
            row = by_cell.setdefault(n.team * periods + n.period, {})
            row[i] = row.get(i, 0.0) + n.person_weeks
        for before in c.requires:
            model.add(share[i] <= share[before])
    rows = []  # (constraint, {candidate: use})
    for cell, row in sorted(by_cell.items()):
        free = problem.capacity_person_weeks[cell // periods][cell % periods]
        if math.fsum(row.values()) > free:
            expr = mb.LinearExpr.weighted_sum([share[i] for i in row], list(row.values()))
            rows.append((model.add(expr <= free), row))
    if problem.budget is not None and math.fsum(c.cost for c in candidates) > problem.budget:
        costs = {i: c.cost for i, c in enumerate(candidates)}
        expr = mb.LinearExpr.weighted_sum(share, list(costs.values()))
        rows.append((model.add(expr <= problem.budget), costs))
    for group in problem.exclusive_groups:
        if len(group) > 1:
            model.add(mb.LinearExpr.sum([share[i] for i in group]) <= 1.0)
    model.maximize(mb.LinearExpr.weighted_sum(share, [c.value for c in candidates]))
    solver = mb.Solver("glop")
    if solver.solve(model) != mb.SolveStatus.OPTIMAL:
        return Relaxation(-math.inf)
    prices = [0.0] * len(candidates)
    for constraint, uses in rows:
        dual = max(0.0, float(solver.dual_value(constraint)))
        for i, use in uses.items():
            prices[i] += dual * use
    return Relaxation(
        bound=float(solver.objective_value),
        shares=tuple(float(solver.value(s)) for s in share),
        prices=tuple(prices),
    )
