"""Choose the candidates to fund: the exact selection with CP-SAT, and everything around it."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import Any

from tandem.engine.errors import InvalidInput
from tandem.engine.select import _checks, cpsat
from tandem.engine.select._scaled import Ledger, Scaled, real, scale
from tandem.engine.select.explain import CutReason, explain_scaled
from tandem.engine.select.greedy import GreedyResult, fund_mandatory, greedy_scaled, guided
from tandem.engine.select.lp import relax
from tandem.engine.select.problem import SelectionProblem

STATUSES = ("OPTIMAL", "FEASIBLE", "INFEASIBLE", "TIME_LIMIT")
"""What :attr:`Selection.status` can be."""


EXPLAIN_S = 50e-6
"""Seconds per candidate kept from the search for the explanations after it (measured: about
0.2 s for 5,000 candidates), so the whole call keeps to ``time_limit``."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The answer of :func:`solve`: what to fund, how good it is, and why the rest is not.

    Parameters
    ----------
    status
        ``"OPTIMAL"``: proven best. ``"FEASIBLE"``: the time limit or ``relative_gap`` stopped
        the search with a selection (``gap_pct`` says how far from the bound).
        ``"INFEASIBLE"``: the mandatory candidates (with their prerequisites) cannot all be
        funded; nothing is chosen and ``reasons`` say why, per mandatory candidate that does
        not fit. ``"TIME_LIMIT"``: the solver found no selection of its own in time; ``chosen``
        is its starting selection (the better of :func:`greedy` and a greedy fill in the
        order the LP relaxation suggests).
    objective
        The sum of the chosen candidates' values (0 when infeasible).
    bound
        No selection is worth more: the lower of CP-SAT's bound (at the solver's resolution;
        see :func:`solve`) and the LP bound. Equal to ``objective`` when optimal, 0 when
        infeasible.
    gap_pct
        ``100 × (bound − objective) / objective``; 0 when optimal or infeasible.
    runtime_s
        Seconds the whole call took (greedy, bound, solver and explanations).
    chosen
        Funded candidate indices, ascending.
    reasons
        Why each unfunded candidate is not funded (see :func:`explain`); when infeasible, why
        each unfunded mandatory candidate cannot be.
    greedy
        The greedy ranking's selection, for comparison.
    lp_bound
        The linear relaxation's optimum (see :func:`lp_bound`).
    """

    status: str
    objective: float
    bound: float
    gap_pct: float
    runtime_s: float
    chosen: tuple[int, ...]
    reasons: tuple[CutReason, ...]
    greedy: GreedyResult
    lp_bound: float

    def to_json(self) -> dict[str, Any]:
        """Every field as plain JSON-ready values (``None`` for an infinite LP bound)."""
        return {
            "status": self.status,
            "objective": self.objective,
            "bound": self.bound,
            "gap_pct": self.gap_pct,
            "runtime_s": self.runtime_s,
            "chosen": list(self.chosen),
            "reasons": [reason.to_json() for reason in self.reasons],
            "greedy": self.greedy.to_json(),
            "lp_bound": self.lp_bound if math.isfinite(self.lp_bound) else None,
        }


def solve(
    problem: SelectionProblem,
    *,
    time_limit: float = 10.0,
    seed: int = 0,
    workers: int = 2,
    relative_gap: float = 0.0,
) -> Selection:
    """Choose the candidates to fund for the most value, exactly (CP-SAT).

    The solver starts from the better of :func:`greedy`'s selection and a greedy fill in the
    order the LP relaxation suggests (funded share, then value over the dual price of what a
    candidate uses), so the answer is never worse than greedy. The call also computes
    :func:`lp_bound` and :func:`explain` for the chosen selection, so one call answers the
    whole page.

    CP-SAT works in whole numbers. Amounts are read as the decimals they print as and scaled
    by a power of ten per kind: person-weeks and capacities by the fewest decimals (at most 3)
    that make them all whole, money by at most 2 (cents), values by at most 4; fewer when the
    totals would pass 10**15. Rounding is conservative, so every selection returned fits the
    amounts as given: needs and costs round up, capacities and the budget round down (a need
    of 2.5 exactly fills a capacity of 2.5). Values round to the nearest step; the reported
    objective is the sum of the given values.

    Parameters
    ----------
    problem
        The selection problem.
    time_limit
        Seconds the whole call may use, 0 or more.
    seed
        CP-SAT's random seed; the same seed and workers give the same search.
    workers
        CP-SAT's search workers (threads), 1 or more.
    relative_gap
        Stop once the selection is within this share of the bound (0.001 = 0.1%), 0 or more;
        the status is then ``"FEASIBLE"`` unless the gap is 0.

    Returns
    -------
    Selection
        Status, objective, bound, gap, runtime, the chosen candidates, the reasons for the
        rest, the greedy selection and the LP bound.

    Raises
    ------
    InvalidInput
        If ``time_limit``, ``relative_gap``, ``seed`` or ``workers`` is out of range.
    """
    started = time.perf_counter()
    _check_controls(time_limit, seed, workers, relative_gap)
    model = scale(problem)
    ledger, unfunded = fund_mandatory(model)
    first = greedy_scaled(model)
    relaxation = relax(problem)
    if unfunded:
        reasons = explain_scaled(model, ledger, unfunded)
        return Selection(
            "INFEASIBLE", 0.0, 0.0, 0.0, _since(started), (), reasons, first, relaxation.bound
        )
    start = max(first, guided(model, relaxation), key=lambda result: result.objective)
    outcome = cpsat.run(
        model,
        hint=start.chosen,
        time_limit=time_limit - _since(started) - EXPLAIN_S * len(problem.candidates),
        seed=seed,
        workers=workers,
        relative_gap=relative_gap,
    )
    status, chosen, bound = _read(model, outcome, start, relaxation.bound)
    objective = math.fsum(problem.candidates[i].value for i in chosen)
    bound = max(bound, objective)
    unchosen = sorted(set(range(len(problem.candidates))).difference(chosen))
    reasons = explain_scaled(model, Ledger(model, chosen), unchosen)
    return Selection(
        status=status,
        objective=objective,
        bound=bound,
        gap_pct=_gap_pct(objective, bound),
        runtime_s=_since(started),
        chosen=chosen,
        reasons=reasons,
        greedy=first,
        lp_bound=relaxation.bound,
    )


def _read(
    model: Scaled, outcome: cpsat.Outcome, start: GreedyResult, bound_lp: float
) -> tuple[str, tuple[int, ...], float]:
    """Status, selection and bound from CP-SAT's outcome (``-inf`` bound: the objective)."""
    if outcome.chosen is None:
        return "TIME_LIMIT", start.chosen, bound_lp
    if outcome.status == "OPTIMAL" and outcome.bound <= outcome.objective:
        return "OPTIMAL", outcome.chosen, -math.inf
    bound = min(_real_bound(model, outcome.bound), bound_lp)
    # CP-SAT starts from the complete, feasible hint, so this only guards the promise.
    if outcome.objective < sum(model.value[i] for i in start.chosen):
        return "FEASIBLE", start.chosen, bound
    return "FEASIBLE", outcome.chosen, bound


def _real_bound(model: Scaled, scaled_bound: float) -> float:
    """CP-SAT's bound in the values' unit, raised by what rounding the values may have lost."""
    places = model.value_places
    lost = math.fsum(
        max(0.0, c.value - real(v, places))
        for c, v in zip(model.problem.candidates, model.value, strict=True)
    )
    return real(math.floor(scaled_bound + 1e-6), places) + lost


def _gap_pct(objective: float, bound: float) -> float:
    if bound <= objective:
        return 0.0
    return 100.0 * (bound - objective) / objective if objective > 0 else 100.0


def _since(started: float) -> float:
    return time.perf_counter() - started


def _check_controls(time_limit: float, seed: int, workers: int, relative_gap: float) -> None:
    _checks.amount("time_limit", time_limit)
    _checks.amount("relative_gap", relative_gap)
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 64:
        raise InvalidInput("workers", "must be a whole number from 1 to 64")
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**31:
        raise InvalidInput("seed", "must be a whole number from 0 to 2³¹ − 1")
