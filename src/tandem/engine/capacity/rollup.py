"""Weekly arrays summed into months or quarters, per team and for the whole department."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from tandem.engine.capacity import _json
from tandem.engine.capacity._checks import FloatArray, IntArray
from tandem.engine.capacity._grid import utilization
from tandem.engine.capacity.horizon import Grain, Horizon
from tandem.engine.capacity.model import CATEGORIES


@dataclass(frozen=True, slots=True, eq=False)
class RolledUp:
    """Person-weeks summed per bucket (week, month or quarter), per team and in total.

    Parameters
    ----------
    grain
        ``"week"``, ``"month"`` or ``"quarter"``.
    horizon
        The weeks summed.
    team_names
        One per row.
    labels
        One per bucket: ``"2027-W05"``, ``"2027-03"`` or ``"2027 Q1"``.
    first_weeks, week_counts
        Each bucket's first week (horizon week number) and number of weeks.
    supply, load_total, committed, proposed, available
        ``[team x bucket]`` sums of the weekly arrays.
    load
        ``[category x team x bucket]``.
    utilization
        ``(load_total + committed) / supply`` of the sums (never an average of weeks).
    department_supply, department_load_total, department_committed
        The same sums over all teams, ``[bucket]``.
    department_proposed, department_available, department_utilization
        Likewise, ``[bucket]``; utilization again from the sums.
    department_load
        ``[category x bucket]``.
    """

    grain: Grain
    horizon: Horizon
    team_names: tuple[str, ...]
    labels: tuple[str, ...]
    first_weeks: IntArray
    week_counts: IntArray
    supply: FloatArray
    load: FloatArray
    load_total: FloatArray
    committed: FloatArray
    proposed: FloatArray
    available: FloatArray
    utilization: FloatArray
    department_supply: FloatArray
    department_load: FloatArray
    department_load_total: FloatArray
    department_committed: FloatArray
    department_proposed: FloatArray
    department_available: FloatArray
    department_utilization: FloatArray

    def to_dict(self) -> dict[str, Any]:
        """Return the roll-up as JSON-ready data.

        Returns
        -------
        dict
            ``grain``, ``buckets`` (label, first week's ISO label and Monday, weeks),
            ``teams`` (per team and bucket: person-weeks rounded to 0.01 and
            ``utilization_pct``) and ``department`` (the same summed over teams).
        """
        buckets = [
            {
                "label": label,
                "first_week": self.horizon.week_label(first),
                "first_week_start": self.horizon.week_start(first).isoformat(),
                "weeks": count,
            }
            for label, first, count in zip(
                self.labels, self.first_weeks.tolist(), self.week_counts.tolist(), strict=True
            )
        ]
        department_load = _json.amounts(self.department_load)
        return {
            "grain": self.grain,
            "categories": list(CATEGORIES),
            "buckets": buckets,
            "teams": _json.weekly_teams(self),
            "department": {
                "supply": _json.amounts(self.department_supply),
                "load_total": _json.amounts(self.department_load_total),
                "committed": _json.amounts(self.department_committed),
                "proposed": _json.amounts(self.department_proposed),
                "available": _json.amounts(self.department_available),
                "utilization_pct": _json.percents(self.department_utilization),
                "load": {name: department_load[c] for c, name in enumerate(CATEGORIES)},
            },
        }


def _sum_buckets(values: FloatArray, first_weeks: IntArray) -> FloatArray:
    summed: FloatArray = np.add.reduceat(values, first_weeks, axis=-1)
    return summed


def rollup(result: _json.Weekly, grain: Grain) -> RolledUp:
    """Sum a plan's (or forecast's) weekly person-weeks into buckets.

    Parameters
    ----------
    result
        A :class:`CapacityResult` or :class:`Forecast`.
    grain
        ``"week"``, ``"month"`` or ``"quarter"``; a week belongs to the month and quarter
        of its Thursday.

    Returns
    -------
    RolledUp
        Sums per team and bucket and over the department. Utilization is recomputed from
        the sums; ``available`` is the sum of weekly availability, so free weeks and
        over-capacity weeks of a bucket offset each other (see
        :func:`available_to_take_on` for free capacity alone).

    Raises
    ------
    InvalidInput
        If ``grain`` is not one of the three.
    """
    horizon = result.horizon
    first = horizon.bucket_first_weeks(grain)
    counts = np.diff(first, append=horizon.weeks)
    supply = _sum_buckets(result.supply, first)
    load = _sum_buckets(result.load, first)
    load_total = _sum_buckets(result.load_total, first)
    committed = _sum_buckets(result.committed, first)
    used = load_total + committed
    department_used = used.sum(axis=0)
    return RolledUp(
        grain=grain,
        horizon=horizon,
        team_names=result.team_names,
        labels=horizon.bucket_labels(grain),
        first_weeks=first,
        week_counts=counts.astype(np.int64),
        supply=supply,
        load=load,
        load_total=load_total,
        committed=committed,
        proposed=_sum_buckets(result.proposed, first),
        available=supply - used,
        utilization=utilization(used, supply),
        department_supply=supply.sum(axis=0),
        department_load=load.sum(axis=1),
        department_load_total=load_total.sum(axis=0),
        department_committed=committed.sum(axis=0),
        department_proposed=_sum_buckets(result.proposed, first).sum(axis=0),
        department_available=supply.sum(axis=0) - department_used,
        department_utilization=utilization(department_used, supply.sum(axis=0)),
    )


def available_to_take_on(result: _json.Weekly, grain: Grain = "quarter") -> FloatArray:
    """Person-weeks each team still has free per bucket, for new work.

    Parameters
    ----------
    result
        A :class:`CapacityResult` or :class:`Forecast`.
    grain
        ``"week"``, ``"month"`` or ``"quarter"`` (default).

    Returns
    -------
    numpy.ndarray
        ``float64[team, bucket]``: the sum over the bucket's weeks of
        ``max(available, 0)``. Weeks over capacity count as 0: a shortfall in one week does
        not borrow from free capacity in another. Bucket labels come from
        ``result.horizon.bucket_labels(grain)``.

    Raises
    ------
    InvalidInput
        If ``grain`` is not one of the three.
    """
    first = result.horizon.bucket_first_weeks(grain)
    return _sum_buckets(np.maximum(result.available, 0.0), first)
