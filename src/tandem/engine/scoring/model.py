"""The scoring inputs: criteria, the scoring model that holds them, and ratings.

:class:`Criterion` and :class:`Rating` are plain records. They are checked where their
position is known, so an error names it: :class:`ScoringModel` checks its criteria
(``InvalidInput("criteria[2].weight", "must be 0 or more")``) and every entry point checks
its ratings against the model and the number of items
(``InvalidInput("ratings[3].value", "must be 0 to 5")``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tandem.engine.errors import InvalidInput
from tandem.engine.scoring._checks import require_flag, require_real, require_text

Method = Literal["weighted", "wsjf", "rice"]
Side = Literal["business", "it"]

METHODS: tuple[Method, ...] = ("weighted", "wsjf", "rice")
"""The scoring methods, in the order a form offers them."""

SIDES: tuple[Side, ...] = ("business", "it")
"""Who scores a criterion, and which side a scorer is on."""

ROLES: dict[Method, tuple[str, ...]] = {
    "weighted": (),
    "wsjf": ("business_value", "time_criticality", "risk_opportunity", "job_size"),
    "rice": ("reach", "impact", "confidence", "effort"),
}
"""The roles each method needs, one criterion each (``"weighted"`` uses none)."""

SCALE_MAX = 5.0
"""Ratings run from 0 to this."""


@dataclass(frozen=True, slots=True)
class Criterion:
    """One thing initiatives are rated on, from 0 to 5.

    Parameters
    ----------
    key
        Stable identifier, unique in a model (``"strategic_fit"``).
    name
        What people read (``"Strategic fit"``).
    side
        The side that owns the criterion: its scorers' ratings are preferred.
    weight
        Weight in the ``"weighted"`` method and in :func:`business_value` / :func:`it_view`,
        0 or more.
    higher_is_better
        False for criteria such as effort or delivery risk, where a 5 is bad: the weighted
        formulas count a rating ``v`` as ``5 - v``. WSJF and RICE use the role instead.
    role
        The criterion's part in the ``"wsjf"`` or ``"rice"`` formula (see :data:`ROLES`);
        ``""`` for a criterion outside the formula (every criterion of ``"weighted"``).
    feasibility
        True for an IT criterion meaning "can we deliver it"; a low IT rating on it for an
        initiative the business values highly is a ``"feasibility"`` flag.
    """

    key: str
    name: str
    side: Side
    weight: float = 1.0
    higher_is_better: bool = True
    role: str = ""
    feasibility: bool = False


@dataclass(frozen=True, slots=True)
class ScoringModel:
    """A scoring method and the criteria it rates.

    Parameters
    ----------
    method
        ``"weighted"``: a 0–100 weighted score. ``"wsjf"``: weighted shortest job first,
        cost of delay over job size. ``"rice"``: reach × impact × confidence over effort.
    criteria
        The criteria; ratings refer to positions here. ``"wsjf"`` and ``"rice"`` need exactly
        one criterion per role in :data:`ROLES` and may hold more with role ``""`` (rated
        and shown, and used by :func:`business_value`, :func:`it_view` and the
        disagreement flags, but outside the total).

    Raises
    ------
    InvalidInput
        If a criterion is malformed (a negative weight, an unknown side), two criteria share
        a key, a role does not belong to the method or repeats, a role is missing, or a
        ``"weighted"`` model has no criterion with a weight above 0.
    """

    method: Method
    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise InvalidInput("method", "must be weighted, wsjf or rice")
        criteria = tuple(self.criteria)
        keys: dict[str, int] = {}
        roles: dict[str, int] = {}
        for position, criterion in enumerate(criteria):
            path = f"criteria[{position}]"
            _check_criterion(path, criterion, self.method)
            if criterion.key in keys:
                raise InvalidInput(
                    f"{path}.key", f"repeats {criterion.key!r} (criteria[{keys[criterion.key]}])"
                )
            keys[criterion.key] = position
            if criterion.role in roles:
                raise InvalidInput(
                    f"{path}.role",
                    f"repeats {criterion.role!r} (criteria[{roles[criterion.role]}])",
                )
            if criterion.role:
                roles[criterion.role] = position
        for role in ROLES[self.method]:
            if role not in roles:
                raise InvalidInput("criteria", f"needs one criterion with role {role!r}")
        if self.method == "weighted" and not any(c.weight > 0 for c in criteria):
            raise InvalidInput("criteria", "needs at least one criterion with a weight above 0")
        object.__setattr__(self, "criteria", criteria)


def _check_criterion(path: str, criterion: object, method: Method) -> None:
    if not isinstance(criterion, Criterion):
        raise InvalidInput(path, "must be a Criterion")
    require_text(f"{path}.key", criterion.key)
    require_text(f"{path}.name", criterion.name)
    if criterion.side not in SIDES:
        raise InvalidInput(f"{path}.side", "must be business or it")
    weight = require_real(f"{path}.weight", criterion.weight)
    if weight < 0:
        raise InvalidInput(f"{path}.weight", "must be 0 or more")
    require_flag(f"{path}.higher_is_better", criterion.higher_is_better)
    require_flag(f"{path}.feasibility", criterion.feasibility)
    if not isinstance(criterion.role, str):
        raise InvalidInput(f"{path}.role", "must be text")
    allowed = ROLES[method]
    if criterion.role and criterion.role not in allowed:
        if not allowed:
            raise InvalidInput(f"{path}.role", "must be empty for the weighted method")
        raise InvalidInput(f"{path}.role", f"must be empty or one of {', '.join(allowed)}")


@dataclass(frozen=True, slots=True)
class Rating:
    """One scorer's rating of one initiative on one criterion.

    Parameters
    ----------
    item
        Initiative index, 0 to ``n_items - 1``.
    criterion
        Index into :attr:`ScoringModel.criteria`.
    value
        0 to 5 on the criterion's scale (fractions allowed).
    scorer
        Index of the person who rated, 0 or more; one rating per scorer, item and criterion.
    side
        The scorer's side; it may differ from the criterion's side.
    unit
        The scorer's business unit index, ``-1`` for none (IT scorers).
    """

    item: int
    criterion: int
    value: float
    scorer: int
    side: Side
    unit: int = -1
