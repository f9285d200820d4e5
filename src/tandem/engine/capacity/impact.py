"""What committing one more initiative would do to its teams."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tandem.engine.capacity import _json
from tandem.engine.capacity._checks import FloatArray
from tandem.engine.capacity._grid import TOLERANCE, utilization
from tandem.engine.capacity.compute import CapacityResult, compute
from tandem.engine.capacity.problem import CapacityProblem
from tandem.engine.capacity.spans import Span, find_spans
from tandem.engine.capacity.spread import spread_demand
from tandem.engine.errors import InvalidInput


@dataclass(frozen=True, slots=True)
class TeamImpact:
    """One team the initiative asks work of, before and after committing it.

    Parameters
    ----------
    team
        Team index.
    person_weeks
        The initiative's demand on the team within the horizon.
    peak_pct_before, peak_pct_after
        Highest utilization (percent) over the weeks the initiative asks work of the team.
    person_weeks_short_before, person_weeks_short_after
        Sum over the horizon of the team's weekly shortfall
        ``max(0, load + committed - supply)``.
    weeks_over
        Weeks over 100% after committing in which the initiative asks work of the team.
    spans
        The spans after committing that hold one of ``weeks_over``, with their initiatives.
    """

    team: int
    person_weeks: float
    peak_pct_before: float
    peak_pct_after: float
    person_weeks_short_before: float
    person_weeks_short_after: float
    weeks_over: tuple[int, ...]
    spans: tuple[Span, ...]

    @property
    def extra_person_weeks_short(self) -> float:
        """How many person-weeks more the team falls short by."""
        return self.person_weeks_short_after - self.person_weeks_short_before

    @property
    def goes_over(self) -> bool:
        """True if the initiative makes the team's shortfall worse (new or longer spans)."""
        return self.extra_person_weeks_short > TOLERANCE


@dataclass(frozen=True, slots=True, eq=False)
class Impact:
    """The effect of treating one initiative's demand as committed.

    Parameters
    ----------
    problem
        The problem compared against.
    initiative
        Initiative index.
    teams
        Every team the initiative asks work of, by team index.
    """

    problem: CapacityProblem = field(repr=False)
    initiative: int
    teams: tuple[TeamImpact, ...]

    @property
    def over_capacity(self) -> tuple[TeamImpact, ...]:
        """The teams it pushes (further) over 100%, largest extra shortfall first."""
        worse = [team for team in self.teams if team.goes_over]
        return tuple(sorted(worse, key=lambda team: (-team.extra_person_weeks_short, team.team)))

    @property
    def fits(self) -> bool:
        """True if no team ends up shorter than before."""
        return not self.over_capacity

    def to_dict(self) -> dict[str, Any]:
        """Return the impact as JSON-ready data.

        Returns
        -------
        dict
            ``initiative`` (name), ``index``, ``fits``, ``over_capacity`` (team names in
            order) and ``teams``: per team its demand, peaks before and after, shortfalls,
            the ISO weeks over 100% and the spans.
        """
        problem = self.problem
        horizon, names = problem.horizon, problem.team_names
        return {
            "initiative": problem.initiative_names[self.initiative],
            "index": self.initiative,
            "fits": self.fits,
            "over_capacity": [names[team.team] for team in self.over_capacity],
            "teams": [
                {
                    "team": names[team.team],
                    "team_index": team.team,
                    "person_weeks": _json.amount(team.person_weeks),
                    "peak_pct_before": _json.percent(team.peak_pct_before),
                    "peak_pct_after": _json.percent(team.peak_pct_after),
                    "person_weeks_short_before": _json.amount(team.person_weeks_short_before),
                    "person_weeks_short_after": _json.amount(team.person_weeks_short_after),
                    "extra_person_weeks_short": _json.amount(team.extra_person_weeks_short),
                    "goes_over": team.goes_over,
                    "weeks_over": [horizon.week_label(week) for week in team.weeks_over],
                    "spans": [
                        _json.span_dict(span, horizon, names, problem.initiative_names)
                        for span in team.spans
                    ],
                }
                for team in self.teams
            ],
        }


def impact(
    problem: CapacityProblem, initiative: int, *, baseline: CapacityResult | None = None
) -> Impact:
    """Compare the plan with the plan plus one initiative committed.

    Parameters
    ----------
    problem
        The plan.
    initiative
        Initiative index; its demand counts as committed whatever its status (an already
        committed initiative changes nothing).
    baseline
        ``compute(problem)`` if already at hand; computed otherwise. Only the teams the
        initiative touches are recomputed.

    Returns
    -------
    Impact
        Per team touched: its demand, peak utilization over the initiative's weeks before
        and after, shortfall before and after, the weeks over 100% and their spans.

    Raises
    ------
    InvalidInput
        If ``initiative`` is not an initiative index.
    """
    if not 0 <= initiative < len(problem.initiative_names):
        raise InvalidInput("initiative", "must be an initiative index")
    base = baseline if baseline is not None else compute(problem)
    weeks, demand = problem.horizon.weeks, problem.demand
    mine = demand.initiative == initiative
    own = spread_demand(
        demand, start=0, weeks=weeks, select=mine, working_fraction=problem.working_fraction()
    )
    teams = np.unique(demand.team[mine])
    asked = own.grid(len(problem.team_names), weeks)[teams]
    added = own.grid(len(problem.team_names), weeks, ~own.committed)[teams]
    supply = base.supply[teams]
    before = base.load_total[teams] + base.committed[teams]
    after = before + added
    theirs = base.spread.subset(np.isin(base.spread.team, teams) & base.spread.committed)
    spans = find_spans(
        supply,
        after,
        utilization(after, supply),
        teams=teams,
        committed=theirs.join(own.subset(~own.committed)),
        initiatives=len(problem.initiative_names),
    )
    teams_impact = _team_impacts(teams.tolist(), asked, supply, before, after, spans)
    return Impact(problem=problem, initiative=initiative, teams=teams_impact)


def _team_impacts(
    teams: list[int],
    asked: FloatArray,
    supply: FloatArray,
    before: FloatArray,
    after: FloatArray,
    spans: tuple[Span, ...],
) -> tuple[TeamImpact, ...]:
    """Per team (row): the initiative's demand, peaks, shortfalls, weeks over and spans."""
    usage_before, usage_after = utilization(before, supply), utilization(after, supply)
    over_after = after - supply > TOLERANCE
    short_before = np.maximum(before - supply, 0.0).sum(axis=1)
    short_after = np.maximum(after - supply, 0.0).sum(axis=1)
    results = []
    for row, team in enumerate(teams):
        mask = asked[row] > 0
        over = np.flatnonzero(over_after[row] & mask).tolist()
        results.append(
            TeamImpact(
                team=team,
                person_weeks=float(asked[row].sum()),
                peak_pct_before=float(usage_before[row].max(where=mask, initial=0.0)) * 100.0,
                peak_pct_after=float(usage_after[row].max(where=mask, initial=0.0)) * 100.0,
                person_weeks_short_before=float(short_before[row]),
                person_weeks_short_after=float(short_after[row]),
                weeks_over=tuple(over),
                spans=tuple(
                    span
                    for span in spans
                    if span.team == team
                    and any(span.first_week <= week <= span.last_week for week in over)
                ),
            )
        )
    return tuple(results)
