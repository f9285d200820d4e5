"""The selection problem in whole numbers, and a ledger of what a selection uses (private).

Amounts are read as the decimals their floats print as (``repr``), so ``0.1`` is one tenth.
Each kind of amount is scaled by a power of ten: the smallest that makes every amount of that
kind whole, but at most :data:`FINEST` decimals and small enough that the totals stay below
:data:`LIMIT`. Rounding is conservative, so a selection that fits the whole numbers fits the
decimals: needs and costs round up, capacities and the budget round down. Values round to the
nearest whole number after scaling.

Greedy, the CP-SAT model and the explanations all work on these whole numbers, so they agree
about what fits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

from tandem.engine.select.problem import SelectionProblem

FINEST = {"person_weeks": 3, "money": 2, "value": 4}
"""Most decimals kept per kind of amount: 0.001 person-weeks, cents, 0.0001 of value."""

LIMIT = 10**15
"""Scaled totals stay below this, far inside CP-SAT's 64-bit arithmetic."""


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value))


def decimals(values: Iterable[float], finest: int) -> int:
    """Decimals that make every value whole (at most ``finest``), fewer if the total is huge."""
    exact = [_decimal(v) for v in values]
    places = 0
    for number in exact:
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and exponent < 0:
            places = max(places, -exponent)
    places = min(places, finest)
    total = sum(exact, Decimal(0))
    while places > -15 and total.scaleb(places) >= LIMIT:
        places -= 1
    return places


def scaled(values: Iterable[float], places: int, rounding: str) -> int:
    """The sum of ``values`` times ``10**places``, rounded with ``rounding``."""
    total = sum((_decimal(v) for v in values), Decimal(0))
    return int(total.scaleb(places).to_integral_value(rounding=rounding))


def real(amount: int, places: int) -> float:
    """A scaled whole number back in its unit."""
    return amount / 10**places if places >= 0 else float(amount * 10**-places)


@dataclass(frozen=True, slots=True)
class Scaled:
    """The problem in whole numbers. A cell is one team in one period: ``team * periods +
    period``."""

    problem: SelectionProblem
    value: tuple[int, ...]
    cost: tuple[int, ...]
    budget: int | None
    needs: tuple[tuple[tuple[int, int], ...], ...]  # per candidate: (cell, amount), by cell
    capacity: tuple[int, ...]  # per cell
    groups_of: tuple[tuple[int, ...], ...]  # per candidate: its exclusive groups
    person_week_places: int
    money_places: int
    value_places: int

    @property
    def periods(self) -> int:
        """Periods per team, to split a cell into team and period."""
        return len(self.problem.period_labels)


def scale(problem: SelectionProblem) -> Scaled:
    """The problem in whole numbers, rounded conservatively (see the module docstring)."""
    candidates = problem.candidates
    periods = len(problem.period_labels)
    pw = decimals(
        [n.person_weeks for c in candidates for n in c.needs]
        + [cell for row in problem.capacity_person_weeks for cell in row],
        FINEST["person_weeks"],
    )
    budget = [] if problem.budget is None else [problem.budget]
    money = decimals([c.cost for c in candidates] + budget, FINEST["money"])
    worth = decimals([c.value for c in candidates], FINEST["value"])
    needs = []
    for c in candidates:
        by_cell: dict[int, list[float]] = {}
        for n in c.needs:
            by_cell.setdefault(n.team * periods + n.period, []).append(n.person_weeks)
        amounts = ((cell, scaled(by_cell[cell], pw, ROUND_CEILING)) for cell in sorted(by_cell))
        needs.append(tuple((cell, amount) for cell, amount in amounts if amount > 0))
    groups_of: list[list[int]] = [[] for _ in candidates]
    for g, group in enumerate(problem.exclusive_groups):
        for member in group:
            groups_of[member].append(g)
    return Scaled(
        problem=problem,
        value=tuple(scaled([c.value], worth, ROUND_HALF_EVEN) for c in candidates),
        cost=tuple(scaled([c.cost], money, ROUND_CEILING) for c in candidates),
        budget=None if problem.budget is None else scaled(budget, money, ROUND_FLOOR),
        needs=tuple(needs),
        capacity=tuple(
            scaled([cell], pw, ROUND_FLOOR) for row in problem.capacity_person_weeks for cell in row
        ),
        groups_of=tuple(tuple(groups) for groups in groups_of),
        person_week_places=pw,
        money_places=money,
        value_places=worth,
    )


@dataclass(frozen=True, slots=True)
class Break:
    """What adding some candidates to a selection would break, in whole numbers.

    ``kind`` is ``"capacity"`` (``cell``, ``needed``, ``left``), ``"budget"`` (``needed``,
    ``left``) or ``"exclusive"`` (``member`` of the added ones conflicts with ``other``,
    funded or added too).
    """

    kind: str
    cell: int = -1
    needed: int = 0
    left: int = 0
    member: int = -1
    other: int = -1


class Ledger:
    """What a selection uses of each cell and of the budget; candidates can be added."""

    def __init__(self, model: Scaled, funded: Iterable[int] = ()) -> None:
        self.model = model
        self.funded = [False] * len(model.value)
        self.used = [0] * len(model.capacity)
        self.spent = 0
        self.group_member: dict[int, int] = {}
        self.fund(funded)

    def fund(self, items: Iterable[int]) -> None:
        """Add ``items`` to the selection (whether they fit or not)."""
        for i in items:
            if self.funded[i]:
                continue
            self.funded[i] = True
            for cell, amount in self.model.needs[i]:
                self.used[cell] += amount
            self.spent += self.model.cost[i]
            for g in self.model.groups_of[i]:
                self.group_member.setdefault(g, i)

    def closure(self, i: int) -> list[int]:
        """``i`` and its prerequisites, direct and indirect, that are not funded yet."""
        found: list[int] = []
        seen: set[int] = set()
        stack = [i]
        while stack:
            item = stack.pop()
            if item in seen or self.funded[item]:
                continue
            seen.add(item)
            found.append(item)
            stack.extend(reversed(self.model.problem.candidates[item].requires))
        return found

    def fits(self, items: list[int]) -> bool:
        """Whether adding ``items`` keeps every constraint."""
        return not self.breaks(items, first_only=True)

    def breaks(self, items: list[int], *, first_only: bool = False) -> list[Break]:
        """Every constraint adding ``items`` would break (or the first, with ``first_only``)."""
        found = self._exclusive(items)
        if found and first_only:
            return found[:1]
        needed: dict[int, int] = {}
        for i in items:
            for cell, amount in self.model.needs[i]:
                needed[cell] = needed.get(cell, 0) + amount
        for cell in sorted(needed):
            left = self.model.capacity[cell] - self.used[cell]
            if needed[cell] > left:
                found.append(Break("capacity", cell=cell, needed=needed[cell], left=left))
                if first_only:
                    return found
        cost = sum(self.model.cost[i] for i in items)
        if self.model.budget is not None and cost > 0 and cost > self.model.budget - self.spent:
            found.append(Break("budget", needed=cost, left=self.model.budget - self.spent))
        return found

    def _exclusive(self, items: list[int]) -> list[Break]:
        found = []
        taken: dict[int, int] = {}
        for i in items:
            for g in self.model.groups_of[i]:
                other = self.group_member.get(g, taken.get(g))
                if other is not None and other != i:
                    found.append(Break("exclusive", member=i, other=other))
                taken.setdefault(g, i)
        return found
