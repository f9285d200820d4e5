"""Demand spread over weeks, kept sparse: one row per (demand entry, week) with effort."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tandem.engine.capacity._checks import BoolArray, FloatArray, IntArray, as_floats, refuse
from tandem.engine.capacity.model import Demand

_KEPT_TOLERANCE = 1e-9
"""Share of an entry's effort on working days below which it keeps its plain spread."""


@dataclass(frozen=True, slots=True, eq=False)
class DemandSpread:
    """Demand entries spread over the weeks of a window, in coordinate (COO) form.

    Row ``k`` says: demand entry ``entry[k]`` asks ``person_weeks[k]`` of team ``team[k]``
    in week ``week[k]`` of the window. Rows are ordered by entry, then week. A dense
    ``[initiative x team x week]`` array is never built; group these rows instead.

    Parameters
    ----------
    entry
        Position in :class:`Demand`.
    week
        Week within the window (0 = the window's first week).
    person_weeks
        Effort in that week.
    team, initiative, committed
        The entry's team, initiative and status, repeated per row for grouping.
    """

    entry: IntArray
    week: IntArray
    person_weeks: FloatArray
    team: IntArray
    initiative: IntArray
    committed: BoolArray

    def subset(self, rows: BoolArray) -> DemandSpread:
        """Return the rows flagged in ``rows``."""
        return DemandSpread(
            entry=self.entry[rows],
            week=self.week[rows],
            person_weeks=self.person_weeks[rows],
            team=self.team[rows],
            initiative=self.initiative[rows],
            committed=self.committed[rows],
        )

    def join(self, other: DemandSpread) -> DemandSpread:
        """Return these rows followed by ``other``'s."""
        return DemandSpread(
            entry=np.concatenate((self.entry, other.entry)),
            week=np.concatenate((self.week, other.week)),
            person_weeks=np.concatenate((self.person_weeks, other.person_weeks)),
            team=np.concatenate((self.team, other.team)),
            initiative=np.concatenate((self.initiative, other.initiative)),
            committed=np.concatenate((self.committed, other.committed)),
        )

    def by_status(self, teams: int, weeks: int) -> tuple[FloatArray, FloatArray]:
        """Sum the rows into committed and proposed ``[team x week]`` arrays, in one pass."""
        cells = teams * weeks
        key = np.where(self.committed, 0, cells) + self.team * weeks + self.week
        flat = np.bincount(key, weights=self.person_weeks, minlength=2 * cells)
        both = flat.astype(np.float64).reshape(2, teams, weeks)
        return both[0], both[1]

    def grid(self, teams: int, weeks: int, rows: BoolArray | None = None) -> FloatArray:
        """Sum rows (all, or those flagged in ``rows``) into a ``[team x week]`` array.

        Parameters
        ----------
        teams, weeks
            The array's shape.
        rows
            Which rows to include; all when None.

        Returns
        -------
        numpy.ndarray
            ``float64[teams, weeks]`` of person-weeks.
        """
        team, week, effort = self.team, self.week, self.person_weeks
        if rows is not None:
            team, week, effort = team[rows], week[rows], effort[rows]
        flat = np.bincount(team * weeks + week, weights=effort, minlength=teams * weeks)
        return flat.astype(np.float64).reshape(teams, weeks)


def spread_demand(
    demand: Demand,
    *,
    start: int,
    weeks: int,
    select: BoolArray | None = None,
    working_fraction: FloatArray | None = None,
) -> DemandSpread:
    """Spread demand entries over the weeks of a window.

    Parameters
    ----------
    demand
        The entries.
    start
        First week of the window, in the entries' week numbers.
    weeks
        Length of the window.
    select
        Which entries to spread (a mask over entries); all when None.
    working_fraction
        Share of each week that is worked, ``1 - holiday_days / working_days_per_week``,
        for weeks ``0 … len - 1`` in the entries' week numbers (the problem's horizon,
        wherever the window lies); weeks outside it count as fully worked. When given, an
        entry's effort is spread over its working days: each week's share is scaled by its
        fraction and the entry's shares by one factor that restores its total. An entry
        left with no working time (every week holding its effort a full holiday) keeps its
        plain spread. Personal leave does not belong here: it takes supply, not demand.
        None (the default): no holidays.

    Returns
    -------
    DemandSpread
        One row per entry and week inside the window. An entry's rows over its whole span
        sum to its ``person_weeks``; the rows outside the window are dropped.

    Raises
    ------
    InvalidInput
        If ``working_fraction`` is not a sequence of numbers from 0 to 1.
    """
    chosen = np.arange(len(demand.team)) if select is None else np.flatnonzero(select)
    first, end = demand.first_week[chosen], demand.end_week[chosen]
    low = np.maximum(first, start)
    count = np.clip(np.minimum(end, start + weeks) - low, 0, None)
    first_row = np.cumsum(count) - count
    entry = np.repeat(chosen, count)
    offset = np.arange(len(entry)) - np.repeat(first_row, count)
    into = np.repeat(low - first, count) + offset  # week within the entry's own span
    share = _share(demand, entry, into, np.repeat(end - first, count))
    effort = demand.person_weeks
    if working_fraction is not None:
        fraction = as_floats("working_fraction", working_fraction)
        refuse("working_fraction", (fraction < 0) | (fraction > 1), "must be 0 to 1")
        scale = _move_off_holidays(demand, chosen, fraction, share, low, count, first_row)
        effort = effort.copy()
        effort[chosen] *= scale
    return DemandSpread(
        entry=entry.astype(np.int64),
        week=(np.repeat(low - start, count) + offset).astype(np.int64),
        person_weeks=effort[entry] * share,
        team=demand.team[entry],
        initiative=demand.initiative[entry],
        committed=demand.committed[entry],
    )


def _share(demand: Demand, entry: IntArray, into: IntArray, length: IntArray) -> FloatArray:
    """Share of each entry's effort in week ``into`` of its span: even, or by its profile."""
    share: FloatArray = 1.0 / length
    shaped = demand.profile_length[entry] > 0
    if shaped.any():
        share[shaped] = _profile_share(demand, entry[shaped], into[shaped], length[shaped])
    return share


def _move_off_holidays(
    demand: Demand,
    chosen: IntArray,
    fraction: FloatArray,
    share: FloatArray,
    low: IntArray,
    count: IntArray,
    first_row: IntArray,
) -> FloatArray:
    """Spread the chosen entries over working days: scale ``share`` in place, return factors.

    Entry ``e`` (a position in ``chosen``) with plain shares ``a[w]`` loses
    ``lost = sum_w a[w] * (1 - f[w])`` to holidays, summed over its weeks inside the
    fraction's weeks wherever the window lies. Its week ``w`` should get
    ``a[w] * f[w] / (1 - lost)``, which sums to 1 again: the rows of its holiday weeks inside
    the window are multiplied by ``f[w]`` here, and ``1 / (1 - lost)`` is returned for the
    caller to apply to the entry's effort. An entry that keeps nothing (``1 - lost`` within
    rounding of 0) keeps ``a[w]`` and the factor 1.

    Only (entry, week) pairs with ``f < 1`` are visited (holidays fall in few weeks), so
    the cost grows with those pairs, not with the spread's rows. ``low``, ``count`` and
    ``first_row`` give each chosen entry's first week in the window, number of rows and
    position of its first row.
    """
    scale = np.ones(len(chosen), dtype=np.float64)
    off = np.flatnonzero(fraction < 1.0)  # the weeks with holidays, ascending
    if off.size == 0:
        return scale
    first, end = demand.first_week[chosen], demand.end_week[chosen]
    below = np.searchsorted(off, first)
    held = np.searchsorted(off, end) - below  # holiday weeks within each entry's span
    position = np.repeat(np.arange(len(chosen)), held)
    nth = np.arange(len(position)) - np.repeat(np.cumsum(held) - held, held)
    holiday = off[np.repeat(below, held) + nth]
    worked = fraction[holiday]
    since = holiday - first[position]
    plain = _share(demand, chosen[position], since, (end - first)[position])
    lost = np.bincount(position, weights=plain * (1.0 - worked), minlength=len(chosen))
    kept = 1.0 - lost
    adjusted = kept > _KEPT_TOLERANCE
    np.divide(1.0, kept, out=scale, where=adjusted)
    into = holiday - low[position]  # row within the entry's window rows
    inside = adjusted[position] & (into >= 0) & (into < count[position])
    share[first_row[position[inside]] + into[inside]] *= worked[inside]
    return scale


def _profile_share(demand: Demand, entry: IntArray, into: IntArray, length: IntArray) -> FloatArray:
    """Share of the effort falling in week ``into`` of a span of ``length`` weeks.

    The profile is a step function over ``k`` equal segments; its integral up to ``x`` weeks
    is ``before[j] + weight[j] * (x * k - j * length) / length`` with ``j`` the segment
    holding ``x``. A week's share is the integral's increase over that week, so the shares of
    a span telescope to exactly the profile's total, 1.
    """
    segments = demand.profile_length[entry]
    base = demand.profile_start[entry]

    def cumulative(x: IntArray) -> FloatArray:
        scaled = x * segments
        segment = np.minimum(scaled // length, segments - 1)
        within = (scaled - segment * length) / length
        at = base + segment
        rising: FloatArray = demand.profile_before[at] + demand.profile_weight[at] * within
        return rising

    # Over a zero-weight segment the difference is 0 up to rounding: never let it go negative.
    return np.maximum(cumulative(into + 1) - cumulative(into), 0.0)
