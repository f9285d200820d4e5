"""Where business and IT, or two business units, see an initiative differently."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from tandem.engine.errors import InvalidInput
from tandem.engine.scoring._checks import require_real
from tandem.engine.scoring._values import (
    TOLERANCE,
    Groups,
    checked_ratings,
    criterion_values,
    grouped,
    mean,
    weighted,
)
from tandem.engine.scoring.model import SCALE_MAX, Rating, ScoringModel

FlagKind = Literal["sides", "units", "feasibility"]

FLAG_KINDS: tuple[FlagKind, ...] = ("sides", "units", "feasibility")
"""The kinds of :class:`Flag`, in the order :func:`disagreements` lists them for an item."""

TOP_VALUE_FLOOR = 60.0
"""Business value (0–100) an initiative needs, besides its place, to count as top-value."""


@dataclass(frozen=True, slots=True)
class Flag:
    """One disagreement about one initiative, worth a conversation.

    Parameters
    ----------
    item
        Initiative index.
    kind
        ``"sides"``: business and IT rate a criterion far apart. ``"units"``: two business
        units do. ``"feasibility"``: the business ranks the initiative among its most
        valuable while IT rates it hard to deliver.
    criterion
        The criterion disagreed on (for ``"feasibility"``, the feasibility criterion).
    low, high
        ``"sides"`` and ``"units"``: the lower and the higher of the two mean ratings (0–5).
        ``"feasibility"``: IT's mean rating of the feasibility criterion (0–5) and the
        business value (0–100).
    text
        One plain sentence for business readers, naming the criterion.
    """

    item: int
    kind: FlagKind
    criterion: int | None
    low: float
    high: float
    text: str


def _side_flags(model: ScoringModel, groups: Groups, gap: float) -> list[Flag]:
    flags: list[Flag] = []
    for (item, index), ratings in groups.items():
        business = [r.value for r in ratings if r.side == "business"]
        it = [r.value for r in ratings if r.side == "it"]
        if not business or not it:
            continue
        ours, theirs = mean(business), mean(it)
        apart = abs(ours - theirs)
        if apart >= gap - TOLERANCE:
            name = model.criteria[index].name
            text = (
                f"Business rates {name} {ours:.1f}, IT rates it {theirs:.1f} "
                f"(a gap of {apart:.1f} points)."
            )
            flags.append(Flag(item, "sides", index, min(ours, theirs), max(ours, theirs), text))
    return flags


def _unit_flags(
    model: ScoringModel, groups: Groups, gap: float, unit_names: Sequence[str]
) -> list[Flag]:
    def named(unit: int) -> str:
        return unit_names[unit] if unit < len(unit_names) else f"Unit {unit}"

    flags: list[Flag] = []
    for (item, index), ratings in groups.items():
        by_unit: dict[int, list[float]] = {}
        for r in ratings:
            if r.side == "business" and r.unit >= 0:
                by_unit.setdefault(r.unit, []).append(r.value)
        means = {unit: mean(values) for unit, values in by_unit.items()}
        if len(means) < 2:
            continue
        top = min(means, key=lambda unit: (-means[unit], unit))
        bottom = min(means, key=lambda unit: (means[unit], unit))
        if means[top] - means[bottom] >= gap - TOLERANCE:
            text = (
                f"{named(top)} rates {model.criteria[index].name} {means[top]:.1f}, "
                f"{named(bottom)} {means[bottom]:.1f}."
            )
            flags.append(Flag(item, "units", index, means[bottom], means[top], text))
    return flags


def _top_value(values: Sequence[float | None], share: float) -> list[tuple[int, float]]:
    """(item, value) in the top ``share`` of the items with a value, ties at the edge in."""
    scored = {i: v for i, v in enumerate(values) if v is not None}
    if not scored:
        return []
    places = max(1, math.ceil(round(share * len(scored), 9)))
    edge = sorted((round(v, 9) for v in scored.values()), reverse=True)[places - 1]
    return [
        (item, value)
        for item, value in scored.items()
        if round(value, 9) >= edge and value >= TOP_VALUE_FLOOR - TOLERANCE
    ]


def _feasibility_flags(
    model: ScoringModel, groups: Groups, n_items: int, share: float, ceiling: float
) -> list[Flag]:
    table = criterion_values(model.criteria, groups, n_items)
    business = [i for i, c in enumerate(model.criteria) if c.side == "business"]
    values = [weighted(model.criteria, row, business)[0] for row in table]
    flags: list[Flag] = []
    for item, value in _top_value(values, share):
        for index, criterion in enumerate(model.criteria):
            it = [r.value for r in groups.get((item, index), []) if r.side == "it"]
            if not criterion.feasibility or not it:
                continue
            rated = mean(it)
            if rated <= ceiling + TOLERANCE:
                text = (
                    f"The business rates this among its top-value initiatives "
                    f"(value {value:.0f}/100) but IT rates {criterion.name} {rated:.1f} of 5."
                )
                flags.append(Flag(item, "feasibility", index, rated, value, text))
    return flags


def _thresholds(gap: float, top_value_share: float, low_feasibility: float) -> None:
    if require_real("gap", gap) <= 0:
        raise InvalidInput("gap", "must be above 0")
    share = require_real("top_value_share", top_value_share)
    if not 0 < share <= 1:
        raise InvalidInput("top_value_share", "must be above 0 and at most 1")
    if not 0 <= require_real("low_feasibility", low_feasibility) <= SCALE_MAX:
        raise InvalidInput("low_feasibility", "must be 0 to 5")


def disagreements(
    model: ScoringModel,
    ratings: Iterable[Rating],
    n_items: int,
    *,
    gap: float = 2.0,
    top_value_share: float = 0.25,
    low_feasibility: float = 2.0,
    unit_names: Sequence[str] = (),
) -> tuple[Flag, ...]:
    """Find the initiatives whose scorers disagree, with a sentence for each.

    - ``"sides"``: on a criterion of an initiative, the mean rating of business scorers and
      the mean of IT scorers are ``gap`` or more apart (any criterion, either side's).
    - ``"units"``: on a criterion of an initiative, the business scorers of two units
      (``Rating.unit`` 0 or more) are ``gap`` or more apart on average; one flag names the
      highest and the lowest unit (the lower unit index on equal means).
    - ``"feasibility"``: the initiative's :func:`business_value` places it in the top
      ``top_value_share`` of the initiatives that have one (ties at the edge included) and
      is at least :data:`TOP_VALUE_FLOOR`, while IT's mean rating of a criterion marked
      ``feasibility`` is ``low_feasibility`` or less. Only IT scorers' ratings count.

    Parameters
    ----------
    model
        The criteria.
    ratings
        Every rating.
    n_items
        Number of initiatives.
    gap
        Smallest difference of means (on the 0–5 scale) that is a disagreement, above 0.
    top_value_share
        Share of the valued initiatives that counts as top-value, in (0, 1]; the number of
        places is rounded up, and is at least one.
    low_feasibility
        Highest IT feasibility rating (0–5) that counts as hard to deliver.
    unit_names
        Names of the business units by index; a unit without one reads ``"Unit 3"``.

    Returns
    -------
    tuple of Flag
        By item, then kind (sides, units, feasibility as in :data:`FLAG_KINDS`), then
        criterion.

    Raises
    ------
    InvalidInput
        As :func:`score`, or if a threshold is out of range.
    """
    _thresholds(gap, top_value_share, low_feasibility)
    count, checked = checked_ratings(model, ratings, n_items)
    groups = grouped(checked)
    names = tuple(str(name) for name in unit_names)
    flags = [
        *_side_flags(model, groups, float(gap)),
        *_unit_flags(model, groups, float(gap), names),
        *_feasibility_flags(model, groups, count, float(top_value_share), float(low_feasibility)),
    ]
    flags.sort(key=lambda f: (f.item, FLAG_KINDS.index(f.kind), f.criterion or 0))
    return tuple(flags)
