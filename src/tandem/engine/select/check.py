"""An independent check of a selection: every rule it breaks, as sentences.

Plain Python on purpose: it shares nothing with the solver, the greedy ranking or the
explanations but the input dataclasses, so a test that passes their selections through it
catches a mistake in their model. Amounts are compared exactly, as the decimals their
floats print as (``0.1 + 0.2`` fits ``0.3``).
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from tandem.engine.errors import InvalidInput
from tandem.engine.select.problem import SelectionProblem


def check(problem: SelectionProblem, chosen: Iterable[int]) -> list[str]:
    """Every rule a selection breaks.

    Parameters
    ----------
    problem
        The selection problem.
    chosen
        Indices of the funded candidates (repeats count once).

    Returns
    -------
    list of str
        One sentence per broken rule, empty when the selection is valid: a mandatory
        candidate unfunded, a prerequisite unfunded, more than one of an exclusive group
        funded, a team's capacity exceeded in a period (with what is needed and what is
        free), the budget exceeded.

    Raises
    ------
    InvalidInput
        If ``chosen`` holds something that is not a candidate index (``chosen[2]``).
    """
    candidates = problem.candidates
    funded: set[int] = set()
    for k, i in enumerate(chosen):
        if isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(candidates):
            raise InvalidInput(
                f"chosen[{k}]", f"must be a candidate index (0–{len(candidates) - 1})"
            )
        funded.add(i)
    names = [c.name for c in candidates]
    found = [
        f"{c.name} is mandatory but not funded."
        for i, c in enumerate(candidates)
        if c.mandatory and i not in funded
    ]
    for i in sorted(funded):
        for before in candidates[i].requires:
            if before not in funded:
                found.append(f"{names[i]} is funded but its prerequisite {names[before]} is not.")
    for group in problem.exclusive_groups:
        both = [names[i] for i in group if i in funded]
        if len(both) > 1:
            options = ", ".join(names[i] for i in group)
            found.append(f"Only one of {options} may be funded, but {_and(both)} are.")
    found.extend(_capacity(problem, funded))
    if problem.budget is not None:
        spent = sum((_exact(candidates[i].cost) for i in funded), Fraction(0))
        if spent > _exact(problem.budget):
            found.append(
                f"The funded candidates cost {_figure(spent)}, over the budget of "
                f"{_figure(_exact(problem.budget))}."
            )
    return found


def _capacity(problem: SelectionProblem, funded: set[int]) -> list[str]:
    needed: dict[tuple[int, int], Fraction] = {}
    for i in sorted(funded):
        for need in problem.candidates[i].needs:
            key = (need.team, need.period)
            needed[key] = needed.get(key, Fraction(0)) + _exact(need.person_weeks)
    found = []
    for (team, period), amount in sorted(needed.items()):
        free = _exact(problem.capacity_person_weeks[team][period])
        if amount > free:
            found.append(
                f"{problem.team_names[team]} needs {_figure(amount)} person-weeks in "
                f"{problem.period_labels[period]} but has {_figure(free)} free."
            )
    return found


def _and(names: list[str]) -> str:
    """``A and B``, ``A, B and C``."""
    return f"{', '.join(names[:-1])} and {names[-1]}"


def _exact(value: float) -> Fraction:
    """The decimal a float prints as, exactly."""
    return Fraction(repr(float(value)))


def _figure(value: Fraction) -> str:
    """A number with thousands separators and at most three decimals."""
    return f"{float(value):,.3f}".rstrip("0").rstrip(".")
