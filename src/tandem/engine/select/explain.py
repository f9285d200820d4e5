"""Why each unfunded candidate is not funded: what would break if it were added."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from tandem.engine.select import _checks
from tandem.engine.select._scaled import Break, Ledger, Scaled, real, scale
from tandem.engine.select.problem import SelectionProblem

KINDS = ("exclusive", "prerequisite", "capacity", "budget", "value")
"""The kinds of :class:`CutReason`, in the order equally binding reasons are listed."""


@dataclass(frozen=True, slots=True)
class CutReason:
    """One reason a candidate is not funded.

    Parameters
    ----------
    candidate
        The unfunded candidate.
    kind
        ``"capacity"``: a team has too little left in a period (``team``, ``period``,
        ``needed`` and ``left`` in person-weeks). ``"budget"``: too little money left
        (``needed``, ``left``). ``"exclusive"``: it is an alternative to ``other``, which is
        funded (or which it also needs). ``"prerequisite"``: it needs ``other``, which is not
        funded and cannot be (an alternative to something funded) or does not fit on its own
        (``team``, ``period``, ``needed``, ``left`` then describe the prerequisite's shortfall).
        ``"value"``: it would fit; it adds no value, or the search stopped early.
    text
        The reason as one sentence of plain English; money has thousands separators and no
        currency symbol.
    team, period
        Indices of the team and period short of capacity, else ``None``.
    needed, left
        What it needs (with its unfunded prerequisites) and what is left, in person-weeks
        (capacity) or money (budget); ``None`` for the other kinds.
    other
        The funded alternative (exclusive) or the prerequisite (prerequisite), else ``None``.
    """

    candidate: int
    kind: str
    text: str
    team: int | None = None
    period: int | None = None
    needed: float | None = None
    left: float | None = None
    other: int | None = None

    def to_json(self) -> dict[str, Any]:
        """Every field as a plain value."""
        return {
            "candidate": self.candidate,
            "kind": self.kind,
            "text": self.text,
            "team": self.team,
            "period": self.period,
            "needed": self.needed,
            "left": self.left,
            "other": self.other,
        }


def explain(problem: SelectionProblem, chosen: Iterable[int]) -> tuple[CutReason, ...]:
    """Say why each candidate outside ``chosen`` is not funded.

    Each unfunded candidate is added, with its unfunded prerequisites, to the chosen ones,
    and every constraint that breaks becomes a reason: a team's capacity in a period, the
    budget, an exclusive group, or a prerequisite that does not fit even on its own. When
    nothing breaks, the reason is ``"value"``: it adds no value, or the selection was cut
    short (a solver stopped at its time limit). Amounts are compared as :func:`solve` does
    (rounded conservatively to its resolution).

    Parameters
    ----------
    problem
        The selection problem.
    chosen
        Indices of the funded candidates.

    Returns
    -------
    tuple of CutReason
        By candidate index; for each candidate, the most binding reason first (the largest
        shortfall relative to the need; exclusive groups bind completely).

    Raises
    ------
    InvalidInput
        If ``chosen`` names no candidate (``chosen[2]``).
    """
    count = len(problem.candidates)
    funded = [_checks.index(f"chosen[{k}]", i, count, "candidates") for k, i in enumerate(chosen)]
    model = scale(problem)
    ledger = Ledger(model, funded)
    return explain_scaled(model, ledger, [i for i in range(count) if not ledger.funded[i]])


def explain_scaled(model: Scaled, ledger: Ledger, unfunded: Iterable[int]) -> tuple[CutReason, ...]:
    """The reasons of each of ``unfunded`` against what ``ledger`` funds."""
    return tuple(reason for i in unfunded for reason in _reasons(model, ledger, i))


def _reasons(model: Scaled, ledger: Ledger, i: int) -> list[CutReason]:
    words = _Words(model)
    items = ledger.closure(i)
    ranked: list[tuple[float, CutReason]] = []
    covered: set[int] = set()  # cells (and -1, the budget) a prerequisite's reason explains
    for before in model.problem.candidates[i].requires:
        if ledger.funded[before]:
            continue
        inner = ledger.closure(before)
        own = [b for b in ledger.breaks(inner) if b.kind != "exclusive"]
        if own:
            top = max(own, key=_score)
            covered.update(b.cell for b in own)
            ranked.append((_score(top), words.prerequisite(i, before, top, len(inner) > 1)))
    for b in ledger.breaks(items):
        if b.kind == "exclusive":
            ranked.append((1.0, words.exclusive(i, b, ledger)))
        elif b.cell not in covered:
            ranked.append((_score(b), words.shortfall(i, b, "this", len(items) > 1)))
    if not ranked:
        adds = sum(model.value[item] for item in items)
        ranked.append((0.0, words.value(i, adds)))
    ranked.sort(key=lambda pair: (-pair[0], KINDS.index(pair[1].kind), _place(pair[1])))
    return [reason for _, reason in ranked]


def _score(b: Break) -> float:
    """How binding a capacity or budget break is: the shortfall relative to the need."""
    return min(1.0, (b.needed - b.left) / b.needed)


def _place(reason: CutReason) -> tuple[int, int, int]:
    return (
        -1 if reason.team is None else reason.team,
        -1 if reason.period is None else reason.period,
        -1 if reason.other is None else reason.other,
    )


def _person_weeks(amount: float, *, up: bool) -> str:
    """To a tenth, as people read it: what is left rounded down, what is needed rounded up,
    so a shortfall never reads as a fit ("has 0.9 left; this needs 1.1", not "1" and "1")."""
    tenths = math.ceil(amount * 10 - 1e-9) if up else math.floor(amount * 10 + 1e-9)
    text = f"{tenths / 10:,.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _money(amount: float) -> str:
    return f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"


class _Words:
    """Sentences for the reasons, with the problem's names."""

    def __init__(self, model: Scaled) -> None:
        self.model = model
        self.names = [c.name for c in model.problem.candidates]

    def shortfall(self, i: int, b: Break, subject: str, more: bool) -> CutReason:
        """A capacity or budget break of ``i`` (alone or with its prerequisites: ``more``)."""
        extra = " with its unfunded prerequisites" if more else ""
        if b.kind == "budget":
            places = self.model.money_places
            needed, left = real(b.needed, places), real(b.left, places)
            start = (
                f"{_money(left)} left of the budget" if left > 0 else "Nothing left of the budget"
            )
            text = f"{start}; {subject} costs {_money(needed)}{extra}."
            return CutReason(i, "budget", text, needed=needed, left=left)
        places = self.model.person_week_places
        needed, left = real(b.needed, places), real(b.left, places)
        team, period = divmod(b.cell, self.model.periods)
        name, label = self.model.problem.team_names[team], self.model.problem.period_labels[period]
        if left > 0:
            shown = _person_weeks(left, up=False)
            shown = "under 0.1" if shown == "0" else shown
            unit = "person-week" if shown == "1" else "person-weeks"
            start = f"{name} has {shown} {unit} left in {label}"
        else:
            start = f"{name} has no person-weeks left in {label}"
        text = f"{start}; {subject} needs {_person_weeks(needed, up=True)}{extra}."
        return CutReason(i, "capacity", text, team, period, needed, left)

    def prerequisite(self, i: int, before: int, top: Break, more: bool) -> CutReason:
        """``i`` needs ``before``, which does not fit on its own (``top`` says where)."""
        inner = self.shortfall(before, top, self.names[before], more)
        detail = inner.text[0].lower() + inner.text[1:] if inner.kind == "budget" else inner.text
        text = (
            f"It needs {self.names[before]} first, which is not funded and does not fit: {detail}"
        )
        return replace(inner, candidate=i, kind="prerequisite", text=text, other=before)

    def exclusive(self, i: int, b: Break, ledger: Ledger) -> CutReason:
        """An exclusive group that ``i`` or one of its prerequisites breaks."""
        names = self.names
        if ledger.funded[b.other]:
            if b.member == i:
                other = names[b.other]
                text = f"Only one of {names[i]} and {other} can be funded, and {other} is."
                return CutReason(i, "exclusive", text, other=b.other)
            text = (
                f"It needs {names[b.member]}, which cannot be funded: only one of "
                f"{names[b.member]} and {names[b.other]} can be, and {names[b.other]} is."
            )
            return CutReason(i, "prerequisite", text, other=b.member)
        if i in (b.member, b.other):
            needed = b.other if b.member == i else b.member
            text = f"It needs {names[needed]}, but only one of the two can be funded."
            return CutReason(i, "exclusive", text, other=needed)
        text = (
            f"It needs both {names[b.other]} and {names[b.member]}, "
            "but only one of them can be funded."
        )
        return CutReason(i, "prerequisite", text, other=b.member)

    def value(self, i: int, adds: int) -> CutReason:
        """Nothing breaks: it adds no value, or the search stopped early."""
        if adds == 0:
            return CutReason(i, "value", "It would fit, but it adds no value.")
        text = "It would fit; it is left out only because the search stopped early."
        return CutReason(i, "value", text)
