"""The selection as a CP-SAT model over the whole-number problem (private)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tandem.engine.select._scaled import Scaled

if TYPE_CHECKING:
    from ortools.sat.python import cp_model


FULL_SUBSOLVERS = ("max_lp", "lb_tree_search", "default_lp", "quick_restart", "pseudo_costs")
"""CP-SAT's full-problem workers, best first; it runs as many as ``workers`` leave room for
(one with two workers, beside the first-solution and neighbourhood searches). Measured on the
bench's portfolios of 1,000 candidates (``bench/select.py``, seeds 1 to 9, 2 workers):
``max_lp`` reached 0.1% in a median of 2 s and proved two portfolios optimal in 5 s on which
``lb_tree_search`` (median 2.9 s) stalled at 0.3–0.6%; CP-SAT's default, ``default_lp``, keeps
a bound above the plain LP relaxation's and ended those at 2–3%."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What CP-SAT answered, in whole numbers.

    ``status`` is CP-SAT's status name; ``chosen`` is ``None`` without a solution;
    ``objective`` and ``bound`` are scaled values.
    """

    status: str
    chosen: tuple[int, ...] | None
    objective: int
    bound: float


def build(model: Scaled) -> tuple[cp_model.CpModel, list[cp_model.IntVar]]:
    """One Boolean per candidate (funded or not) and the constraints of the problem.

    Capacity and budget rows that cannot bind (everything together fits) are left out.
    """
    # Imported here: OR-Tools (with pandas) takes about 0.4 s to import, which every process
    # importing the engine would pay otherwise.
    from ortools.sat.python import cp_model

    cp = cp_model.CpModel()
    take = [cp.new_bool_var(f"x{i}") for i in range(len(model.value))]
    rows: dict[int, list[tuple[int, int]]] = {}
    for i, candidate in enumerate(model.problem.candidates):
        if candidate.mandatory:
            cp.add(take[i] == 1)
        for before in candidate.requires:
            cp.add_implication(take[i], take[before])
        for cell, amount in model.needs[i]:
            rows.setdefault(cell, []).append((i, amount))
    for cell in sorted(rows):
        row = rows[cell]
        if sum(amount for _, amount in row) > model.capacity[cell]:
            cp.add(
                cp_model.LinearExpr.weighted_sum(
                    [take[i] for i, _ in row], [amount for _, amount in row]
                )
                <= model.capacity[cell]
            )
    if model.budget is not None and sum(model.cost) > model.budget:
        cp.add(cp_model.LinearExpr.weighted_sum(take, list(model.cost)) <= model.budget)
    for group in model.problem.exclusive_groups:
        if len(group) > 1:
            cp.add_at_most_one(take[i] for i in group)
    cp.maximize(cp_model.LinearExpr.weighted_sum(take, list(model.value)))
    return cp, take


def run(
    model: Scaled,
    *,
    hint: Iterable[int],
    time_limit: float,
    seed: int,
    workers: int,
    relative_gap: float,
) -> Outcome:
    """Solve the CP-SAT model, starting from ``hint`` (a feasible selection)."""
    from ortools.sat.python import cp_model

    cp, take = build(model)
    hinted = set(hint)
    for i, var in enumerate(take):
        cp.add_hint(var, i in hinted)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.0, time_limit)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = workers
    solver.parameters.relative_gap_limit = relative_gap
    solver.parameters.subsolvers.extend(FULL_SUBSOLVERS)
    status = solver.solve(cp)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Outcome(name, None, 0, 0.0)
    chosen = tuple(i for i, var in enumerate(take) if solver.boolean_value(var))
    return Outcome(name, chosen, round(solver.objective_value), solver.best_objective_bound)
