"""Scores of initiatives from their ratings: weighted, WSJF or RICE, with ranks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tandem.engine.scoring._values import (
    checked_ratings,
    criterion_values,
    grouped,
    side_weighted,
    weighted,
)
from tandem.engine.scoring.model import SCALE_MAX, Method, Rating, ScoringModel

SIZE_FLOOR = 0.5
"""Smallest divisor of WSJF and RICE: a job size or effort rated below it counts as it.

The 0–5 scale has a 0 ("under a person-week"), which would divide by zero; 0.5 keeps the
smallest jobs first without making them infinitely attractive.
"""

_RANK_DECIMALS = 9


@dataclass(frozen=True, slots=True)
class ScoreResult:
    """Every initiative's score, its breakdown and its place.

    Parameters
    ----------
    method
        The model's method.
    totals
        Per item: the weighted score (0–100), the WSJF (0–30) or the RICE score (0–50);
        None where a part the method needs is missing (weighted: nothing rated).
    values
        ``[item][criterion]``: the mean rating of the criterion's own side, or of everyone
        when its side did not rate it; None when nobody did.
    contributions
        ``[item][criterion]``: for ``"weighted"``, the points each criterion adds to the
        total (they sum to it); for ``"wsjf"`` and ``"rice"``, the value of each criterion
        with a role. None for unrated criteria and criteria outside the formula.
    coverage
        Per item, from 0 to 1: for ``"weighted"`` the share of the criteria's weight that was
        rated, for ``"wsjf"`` and ``"rice"`` the share of the roles that were.
    ranks
        Per item, 1 for the best; equal totals share the better rank (1, 2, 2, 4); None for
        items without a total.
    order
        Item indices best first, ties by index, items without a total last (by index).
    """

    method: Method
    totals: tuple[float | None, ...]
    values: tuple[tuple[float | None, ...], ...]
    contributions: tuple[tuple[float | None, ...], ...]
    coverage: tuple[float, ...]
    ranks: tuple[int | None, ...]
    order: tuple[int, ...]


def _ranked(totals: Sequence[float | None]) -> tuple[tuple[int | None, ...], tuple[int, ...]]:
    # Rounding keeps totals equal in arithmetic but not in the last bit tied.
    keys = {i: round(t, _RANK_DECIMALS) for i, t in enumerate(totals) if t is not None}
    best_first = sorted(keys, key=lambda i: (-keys[i], i))
    ranks: list[int | None] = [None] * len(totals)
    rank = 0
    for position, item in enumerate(best_first):
        if position == 0 or keys[item] != keys[best_first[position - 1]]:
            rank = position + 1
        ranks[item] = rank
    unscored = [i for i, t in enumerate(totals) if t is None]
    return tuple(ranks), tuple(best_first + unscored)


def _formula(
    model: ScoringModel, row: Sequence[float | None]
) -> tuple[float | None, list[float | None], float]:
    """WSJF or RICE of one item: total, contributions and coverage."""
    roles = {c.role: index for index, c in enumerate(model.criteria) if c.role}
    points: list[float | None] = [None] * len(row)
    for index in roles.values():
        points[index] = row[index]
    parts = {role: row[index] for role, index in roles.items()}
    coverage = sum(value is not None for value in parts.values()) / len(parts)
    known = {role: value for role, value in parts.items() if value is not None}
    if len(known) < len(parts):
        return None, points, coverage
    if model.method == "wsjf":
        cost_of_delay = known["business_value"] + known["time_criticality"]
        cost_of_delay += known["risk_opportunity"]
        return cost_of_delay / max(known["job_size"], SIZE_FLOOR), points, coverage
    confidence = known["confidence"] / SCALE_MAX
    total = known["reach"] * known["impact"] * confidence / max(known["effort"], SIZE_FLOOR)
    return total, points, coverage


def score(model: ScoringModel, ratings: Iterable[Rating], n_items: int) -> ScoreResult:
    """Score and rank initiatives by the model's method.

    A criterion's value for an initiative is the mean rating by scorers of the criterion's
    own side; when that side has not rated it, the mean of all ratings of it.

    - ``"weighted"``: ``100 × Σ w·v' / Σ w·5`` over the rated criteria, where ``v'`` is the
      value, or ``5 - value`` when lower is better. Unrated criteria are left out of both
      sums (see ``coverage``).
    - ``"wsjf"``: ``(business_value + time_criticality + risk_opportunity) / job_size``.
    - ``"rice"``: ``reach × impact × (confidence / 5) / effort``.

    WSJF and RICE use the raw values of their roles (``higher_is_better`` is not applied)
    and count a job size or effort below :data:`SIZE_FLOOR` as :data:`SIZE_FLOOR`.

    Parameters
    ----------
    model
        The method and criteria.
    ratings
        Every rating, at most one per scorer, item and criterion.
    n_items
        Number of initiatives; ``Rating.item`` refers to ``0 .. n_items - 1``.

    Returns
    -------
    ScoreResult
        Totals, values, contributions, coverage, ranks and order.

    Raises
    ------
    InvalidInput
        If a rating names an unknown item or criterion, is outside 0–5, or repeats a
        scorer's rating (e.g. ``"ratings[3].value: must be 0 to 5"``).
    """
    count, checked = checked_ratings(model, ratings, n_items)
    table = criterion_values(model.criteria, grouped(checked), count)
    every = range(len(model.criteria))
    totals: list[float | None] = []
    contributions: list[tuple[float | None, ...]] = []
    coverage: list[float] = []
    for row in table:
        if model.method == "weighted":
            total, points, covered = weighted(model.criteria, row, every)
        else:
            total, points, covered = _formula(model, row)
        totals.append(total)
        contributions.append(tuple(points))
        coverage.append(covered)
    ranks, order = _ranked(totals)
    return ScoreResult(
        method=model.method,
        totals=tuple(totals),
        values=tuple(tuple(row) for row in table),
        contributions=tuple(contributions),
        coverage=tuple(coverage),
        ranks=ranks,
        order=order,
    )


def business_value(
    model: ScoringModel, ratings: Iterable[Rating], n_items: int
) -> tuple[float | None, ...]:
    """The business's view of each initiative: the weighted 0–100 score of its criteria.

    The weighted formula of :func:`score` over the business-side criteria only, whatever
    the model's method (so a WSJF model gives the business value of its business
    criteria). It places initiatives on the value axis of a value-versus-effort chart and
    decides the ``"feasibility"`` flag of :func:`disagreements`.

    Parameters
    ----------
    model
        The criteria.
    ratings
        Every rating.
    n_items
        Number of initiatives.

    Returns
    -------
    tuple of float or None
        Per item, 0–100; None when no business criterion with a weight is rated.

    Raises
    ------
    InvalidInput
        As :func:`score`.
    """
    return side_weighted(model, ratings, n_items, "business")


def it_view(
    model: ScoringModel, ratings: Iterable[Rating], n_items: int
) -> tuple[float | None, ...]:
    """IT's view of each initiative: the weighted 0–100 score of the IT-side criteria.

    Lower-is-better criteria (effort, delivery risk) are inverted, so 100 means easy,
    safe and well-fitting: the ease axis of a value-versus-effort chart.

    Parameters
    ----------
    model
        The criteria.
    ratings
        Every rating.
    n_items
        Number of initiatives.

    Returns
    -------
    tuple of float or None
        Per item, 0–100; None when no IT criterion with a weight is rated.

    Raises
    ------
    InvalidInput
        As :func:`score`.
    """
    return side_weighted(model, ratings, n_items, "it")
