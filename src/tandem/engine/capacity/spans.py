"""Over-capacity spans: maximal runs of weeks in which a team is asked for more than it has."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tandem.engine.capacity._checks import BoolArray, FloatArray, IntArray
from tandem.engine.capacity._grid import TOLERANCE
from tandem.engine.capacity.spread import DemandSpread


@dataclass(frozen=True, slots=True)
class Span:
    """A maximal run of consecutive weeks in which one team is over 100% utilization.

    Parameters
    ----------
    team
        Team index.
    first_week, last_week
        The run's first and last week (both included), as horizon week numbers.
    peak_pct
        Highest utilization in the run, in percent (``inf`` if supply is 0 in a week with
        work).
    person_weeks_short
        Sum over the run of load plus committed demand minus supply.
    initiatives
        ``(initiative index, person-weeks)`` of committed demand inside the run, largest
        first (ties by index). Their person-weeks sum to the team's committed demand over
        the run.
    """

    team: int
    first_week: int
    last_week: int
    peak_pct: float
    person_weeks_short: float
    initiatives: tuple[tuple[int, float], ...]

    @property
    def weeks(self) -> int:
        """Number of weeks in the run."""
        return self.last_week - self.first_week + 1


def find_spans(
    supply: FloatArray,
    used: FloatArray,
    usage: FloatArray,
    *,
    teams: IntArray,
    committed: DemandSpread,
    initiatives: int,
    chosen: BoolArray | None = None,
) -> tuple[Span, ...]:
    """Find every over-capacity span of the given rows.

    Parameters
    ----------
    supply, used, usage
        ``[row x week]``: supply, load plus committed demand, and utilization.
    teams
        The team index of each row.
    committed
        The committed demand rows to attribute (rows of other teams are ignored).
    initiatives
        Number of initiatives (for grouping keys).
    chosen
        Which rows of ``committed`` to attribute; all when None.

    Returns
    -------
    tuple of Span
        By team (row order), then week.
    """
    rows, weeks = supply.shape
    excess = used - supply
    over = excess > TOLERANCE
    edges = np.diff(over.astype(np.int8), axis=1, prepend=0, append=0)
    row, first = np.nonzero(edges == 1)
    _, end = np.nonzero(edges == -1)
    if len(row) == 0:
        return ()
    running = np.zeros((rows, weeks + 1))
    running[:, 1:] = np.cumsum(np.where(over, excess, 0.0), axis=1)
    short = running[row, end] - running[row, first]
    padded = np.zeros((rows, weeks + 1))
    padded[:, :weeks] = usage
    bounds = np.column_stack((row * (weeks + 1) + first, row * (weeks + 1) + end)).ravel()
    peak = np.maximum.reduceat(padded.ravel(), bounds)[::2] * 100.0
    attributed = _attribute(over, teams, committed, chosen, initiatives, len(row))
    return tuple(
        Span(
            team=team,
            first_week=start,
            last_week=stop - 1,
            peak_pct=top,
            person_weeks_short=lack,
            initiatives=shares,
        )
        for team, start, stop, top, lack, shares in zip(
            teams[row].tolist(),
            first.tolist(),
            end.tolist(),
            peak.tolist(),
            short.tolist(),
            attributed,
            strict=True,
        )
    )


def _attribute(
    over: BoolArray,
    teams: IntArray,
    committed: DemandSpread,
    chosen: BoolArray | None,
    initiatives: int,
    spans: int,
) -> list[tuple[tuple[int, float], ...]]:
    """Per span, the committed person-weeks of each initiative inside it, largest first."""
    rows, weeks = over.shape
    starts = over.copy()
    starts[:, 1:] &= ~over[:, :-1]
    label = np.where(over.ravel(), np.cumsum(starts.ravel()) - 1, -1)
    size = max(int(teams.max(initial=0)), int(committed.team.max(initial=0))) + 1
    row_of_team = np.full(size, -1, dtype=np.int64)
    row_of_team[teams] = np.arange(rows)
    row = row_of_team[committed.team]
    span = np.where(row >= 0, label[np.maximum(row, 0) * weeks + committed.week], -1)
    inside = span >= 0 if chosen is None else (span >= 0) & chosen
    entry, span = committed.entry[inside], span[inside]
    if len(entry) == 0:
        return [()] * spans
    # Rows come by entry then week, so each (entry, span) pair is one contiguous run: sum the
    # runs first, then group the far fewer run sums by (span, initiative).
    run = np.flatnonzero(np.diff(entry, prepend=-1) | np.diff(span, prepend=-1))
    run_effort = np.add.reduceat(committed.person_weeks[inside], run)
    per = max(initiatives, 1)
    key, where = np.unique(span[run] * per + committed.initiative[inside][run], return_inverse=True)
    effort = np.bincount(where, weights=run_effort, minlength=len(key))
    keep = effort > 0
    key, effort = key[keep], effort[keep]
    span_of, initiative_of = key // per, key % per
    order = np.lexsort((initiative_of, -effort, span_of))
    counts = np.bincount(span_of, minlength=spans)
    pairs = list(zip(initiative_of[order].tolist(), effort[order].tolist(), strict=True))
    cuts = np.cumsum(counts).tolist()
    return [
        tuple(pairs[stop - size : stop]) for stop, size in zip(cuts, counts.tolist(), strict=True)
    ]
