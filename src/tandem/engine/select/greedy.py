"""The ranking a spreadsheet would do: mandatory first, then best value for money."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from tandem.engine.select._scaled import Ledger, Scaled, scale
from tandem.engine.select.lp import Relaxation
from tandem.engine.select.problem import SelectionProblem


@dataclass(frozen=True, slots=True)
class GreedyResult:
    """What the greedy ranking funds.

    Parameters
    ----------
    chosen
        Funded candidate indices, ascending.
    objective
        The sum of their values.
    mandatory_unfunded
        Mandatory candidates that did not fit (with their prerequisites) beside the mandatory
        candidates funded before them; empty unless the problem is infeasible.
    """

    chosen: tuple[int, ...]
    objective: float
    mandatory_unfunded: tuple[int, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """``chosen``, ``objective`` and ``mandatory_unfunded`` as plain values."""
        return {
            "chosen": list(self.chosen),
            "objective": self.objective,
            "mandatory_unfunded": list(self.mandatory_unfunded),
        }


def greedy(problem: SelectionProblem) -> GreedyResult:
    """Fund candidates in the order a spreadsheet ranking would.

    Mandatory candidates come first, in index order, then the others by value for money:
    value ÷ cost when there is a budget and the cost is above 0, otherwise value ÷ total
    person-weeks; a candidate needing nothing comes first, one of no value last, ties by
    index. Each candidate is funded, together with its unfunded prerequisites, if they all fit
    every constraint at that moment (capacity in each team and period, the budget, exclusive
    groups); otherwise it is passed over for good.

    Parameters
    ----------
    problem
        The selection problem.

    Returns
    -------
    GreedyResult
        The funded candidates, their total value and any mandatory candidate that did not fit.
    """
    return greedy_scaled(scale(problem))


def greedy_scaled(model: Scaled) -> GreedyResult:
    """:func:`greedy` on a problem already in whole numbers."""
    count = len(model.value)
    return fill(model, sorted(range(count), key=lambda i: (-_ratio(model, i), i)))


def guided(model: Scaled, relaxation: Relaxation) -> GreedyResult:
    """Greedy in the order the LP relaxation suggests: the solver's better starting point.

    Candidates the relaxation funds wholly come first, then by their funded share, then by
    value over the dual price of what they use (the classic primal-dual ordering for
    knapsacks with several constraints), ties by index.
    """
    if not relaxation.shares:
        return greedy_scaled(model)
    values, shares, prices = model.value, relaxation.shares, relaxation.prices

    def rank(i: int) -> tuple[float, float, int]:
        worth = values[i] / prices[i] if prices[i] > 1e-12 else math.inf if values[i] else 0.0
        return (-round(shares[i], 6), -worth, i)

    return fill(model, sorted(range(len(values)), key=rank))


def fill(model: Scaled, order: list[int]) -> GreedyResult:
    """Fund the mandatory candidates, then each of ``order`` that fits, with prerequisites."""
    ledger, unfunded = fund_mandatory(model)
    candidates = model.problem.candidates
    for i in order:
        if not ledger.funded[i]:
            items = ledger.closure(i)
            if ledger.fits(items):
                ledger.fund(items)
    chosen = tuple(i for i, funded in enumerate(ledger.funded) if funded)
    return GreedyResult(
        chosen=chosen,
        objective=math.fsum(candidates[i].value for i in chosen),
        mandatory_unfunded=tuple(unfunded),
    )


def fund_mandatory(model: Scaled) -> tuple[Ledger, list[int]]:
    """Fund each mandatory candidate and its prerequisites in index order, if they fit.

    Returns the ledger and the mandatory candidates that did not fit. Since every constraint
    only limits what is added, any mandatory candidate that does not fit here cannot be
    funded together with all the others: the problem is infeasible exactly when the list is
    not empty.
    """
    ledger = Ledger(model)
    unfunded = []
    for i, candidate in enumerate(model.problem.candidates):
        if candidate.mandatory and not ledger.funded[i]:
            items = ledger.closure(i)
            if ledger.fits(items):
                ledger.fund(items)
            else:
                unfunded.append(i)
    return ledger, unfunded


def _ratio(model: Scaled, i: int) -> float:
    candidate = model.problem.candidates[i]
    if candidate.value == 0:
        return 0.0
    if model.problem.budget is not None and candidate.cost > 0:
        return candidate.value / candidate.cost
    effort = math.fsum(n.person_weeks for n in candidate.needs)
    return candidate.value / effort if effort > 0 else math.inf
