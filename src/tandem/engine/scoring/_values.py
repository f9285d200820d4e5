"""Checked ratings, criterion values and the weighted formula (private)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from tandem.engine.errors import InvalidInput
from tandem.engine.scoring._checks import require_index, require_real, require_whole
from tandem.engine.scoring.model import SCALE_MAX, SIDES, Criterion, Rating, ScoringModel

TOLERANCE = 1e-9
"""Slack for comparisons with thresholds, so a mean of 3.1 and 1.1 is a gap of 2.0."""

Groups = dict[tuple[int, int], list[Rating]]
"""Ratings by (item, criterion)."""


def _plain(rating: object, n_criteria: int, n_items: int) -> Rating | None:
    """`rating` itself when every field is already a plain, valid int, float or side (the
    common case, checked without building error paths); None when it needs the full check."""
    if type(rating) is not Rating:
        return None
    item, criterion, value = rating.item, rating.criterion, rating.value
    scorer, unit = rating.scorer, rating.unit
    if (
        type(item) is int
        and 0 <= item < n_items
        and type(criterion) is int
        and 0 <= criterion < n_criteria
        and type(value) is float
        and 0 <= value <= SCALE_MAX
        and type(scorer) is int
        and scorer >= 0
        and rating.side in SIDES
        and type(unit) is int
        and unit >= -1
    ):
        return rating
    return None


def _checked(path: str, rating: object, model: ScoringModel, n_items: int) -> Rating:
    if not isinstance(rating, Rating):
        raise InvalidInput(path, "must be a Rating")
    item = require_index(f"{path}.item", rating.item, n_items, "items")
    criterion = require_index(
        f"{path}.criterion", rating.criterion, len(model.criteria), "criteria"
    )
    value = require_real(f"{path}.value", rating.value)
    if not 0 <= value <= SCALE_MAX:
        raise InvalidInput(f"{path}.value", "must be 0 to 5")
    scorer = require_whole(f"{path}.scorer", rating.scorer, 0)
    if rating.side not in SIDES:
        raise InvalidInput(f"{path}.side", "must be business or it")
    unit = require_whole(f"{path}.unit", rating.unit, -1)
    return Rating(item, criterion, value, scorer, rating.side, unit)


def checked_ratings(
    model: ScoringModel, ratings: Iterable[Rating], n_items: int
) -> tuple[int, tuple[Rating, ...]]:
    """``n_items`` and the ratings with plain ints and floats; InvalidInput naming a bad one."""
    count = require_whole("n_items", n_items, 0)
    seen: dict[tuple[int, int, int], int] = {}
    result: list[Rating] = []
    n_criteria = len(model.criteria)
    for position, raw in enumerate(ratings):
        rating = _plain(raw, n_criteria, count) or _checked(
            f"ratings[{position}]", raw, model, count
        )
        key = (rating.item, rating.criterion, rating.scorer)
        if key in seen:
            raise InvalidInput(
                f"ratings[{position}]",
                f"repeats scorer {rating.scorer}'s rating of item {rating.item} on criterion "
                f"{rating.criterion} (ratings[{seen[key]}])",
            )
        seen[key] = position
        result.append(rating)
    return count, tuple(result)


def grouped(ratings: Iterable[Rating]) -> Groups:
    """Ratings by (item, criterion), in input order."""
    groups: Groups = {}
    for rating in ratings:
        groups.setdefault((rating.item, rating.criterion), []).append(rating)
    return groups


def mean(values: Sequence[float]) -> float:
    """Arithmetic mean of a non-empty sequence."""
    return sum(values) / len(values)


def criterion_values(
    criteria: Sequence[Criterion], groups: Groups, n_items: int
) -> list[list[float | None]]:
    """``[item][criterion]``: the owning side's mean, else everyone's, else None."""
    table: list[list[float | None]] = []
    for item in range(n_items):
        row: list[float | None] = []
        for index, criterion in enumerate(criteria):
            ratings = groups.get((item, index), [])
            owning = [r.value for r in ratings if r.side == criterion.side]
            chosen = owning or [r.value for r in ratings]
            row.append(mean(chosen) if chosen else None)
        table.append(row)
    return table


def oriented(criterion: Criterion, value: float) -> float:
    """The value counted by the weighted formulas: ``5 - value`` where lower is better."""
    return value if criterion.higher_is_better else SCALE_MAX - value


def weighted(
    criteria: Sequence[Criterion], row: Sequence[float | None], chosen: Sequence[int]
) -> tuple[float | None, list[float | None], float]:
    """The weighted 0–100 total over ``chosen`` criteria of one item.

    Returns the total (None when nothing weighted is rated), each criterion's points
    (None outside ``chosen``, for unrated criteria and when the total is None) and the
    share of the chosen weight that was rated.
    """
    possible = sum(criteria[c].weight for c in chosen)
    rated = [(c, value) for c in chosen if (value := row[c]) is not None]
    scored_weight = sum(criteria[c].weight for c, _ in rated)
    coverage = scored_weight / possible if possible > 0 else 0.0
    points: list[float | None] = [None] * len(row)
    if scored_weight <= 0:
        return None, points, coverage
    denominator = scored_weight * SCALE_MAX
    numerator = 0.0
    for c, value in rated:
        part = criteria[c].weight * oriented(criteria[c], value)
        points[c] = 100.0 * part / denominator
        numerator += part
    return 100.0 * numerator / denominator, points, coverage


def side_weighted(
    model: ScoringModel, ratings: Iterable[Rating], n_items: int, side: str
) -> tuple[float | None, ...]:
    """The weighted 0–100 value of each item over ``side``'s criteria."""
    count, checked = checked_ratings(model, ratings, n_items)
    table = criterion_values(model.criteria, grouped(checked), count)
    chosen = [i for i, c in enumerate(model.criteria) if c.side == side]
    return tuple(weighted(model.criteria, row, chosen)[0] for row in table)
