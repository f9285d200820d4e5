"""Impact: what committing one initiative does to the teams it asks work of."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tandem.engine import InvalidInput, Load, compute, impact
from tests.engine.test_capacity_inputs import build, work


def _problem(*extra, beta_committed=False):
    """Platform: supply 2, load 0.5, Alpha committed 1.5 a week in weeks 0–3 (100% there)."""
    load = Load(
        team=[0],
        category=[0],
        first_week=[0],
        end_week=[6],
        percent_of_supply=[25.0],
        hours_per_week=[0.0],
    )
    demand = work(
        (0, 0, 6.0, 0, 4, True),  # Alpha, committed
        (1, 0, 3.0, 2, 5, beta_committed),  # Beta, proposed: 1 a week in weeks 2-4 on Platform
        (1, 1, 1.0, 2, 4, beta_committed),  # and 0.5 a week in weeks 2-3 on the service desk
        (2, 1, 1.0, 0, 2, False),  # Gamma, proposed: 0.5 a week on the service desk only
        *extra,
    )
    return build(load=load, demand=demand)


def test_impact_finds_the_team_an_initiative_pushes_over_capacity():
    """Beta takes Platform to 150% in weeks 2–3 (new span) and to 75% in week 4."""
    result = impact(_problem(), 1)
    assert not result.fits
    platform, desk = result.teams
    assert (platform.team, desk.team) == (0, 1)
    assert platform.person_weeks == pytest.approx(3.0)
    assert platform.peak_pct_before == pytest.approx(100.0)
    assert platform.peak_pct_after == pytest.approx(150.0)
    assert platform.person_weeks_short_before == pytest.approx(0.0)
    assert platform.extra_person_weeks_short == pytest.approx(2.0)
    assert platform.weeks_over == (2, 3)
    (span,) = platform.spans
    assert (span.first_week, span.last_week) == (2, 3)
    assert [index for index, _ in span.initiatives] == [0, 1]
    assert [effort for _, effort in span.initiatives] == pytest.approx([3.0, 2.0])
    assert result.over_capacity == (platform,)


def test_impact_reports_a_team_that_stays_within_capacity():
    """The service desk (supply 1) takes Beta's 0.5 a week and stays at 50%."""
    desk = impact(_problem(), 1).teams[1]
    assert desk.person_weeks == pytest.approx(1.0)
    assert (desk.peak_pct_before, desk.peak_pct_after) == pytest.approx((0.0, 50.0))
    assert not desk.goes_over
    assert (desk.weeks_over, desk.spans) == ((), ())


def test_an_initiative_that_fits_pushes_no_team_over():
    """Gamma only uses free capacity."""
    result = impact(_problem(), 2)
    assert result.fits
    assert result.over_capacity == ()
    assert [team.team for team in result.teams] == [1]


def test_impact_of_an_already_committed_initiative_changes_nothing():
    """Alpha is committed already: before and after are the same."""
    (platform,) = impact(_problem(), 0).teams
    assert platform.peak_pct_before == platform.peak_pct_after == pytest.approx(100.0)
    assert platform.extra_person_weeks_short == 0.0
    assert impact(_problem(), 0).fits


def test_impact_worsens_an_existing_span_and_matches_a_full_recompute():
    """On a team already over, the spans after equal those of the plan with it committed."""
    over = (3, 0, 2.0, 2, 4, True)  # Delta, committed: Platform already at 150% in weeks 2-3
    problem = _problem(over)
    result = impact(problem, 1, baseline=compute(problem))
    platform = result.teams[0]
    assert platform.person_weeks_short_before == pytest.approx(2.0)
    assert platform.person_weeks_short_after == pytest.approx(4.0)
    after = compute(_problem(over, beta_committed=True))
    assert platform.spans == tuple(span for span in after.spans if span.team == 0)
    short = sum(span.person_weeks_short for span in after.spans if span.team == 0)
    assert short == pytest.approx(platform.person_weeks_short_after)


def test_impact_refuses_an_unknown_initiative():
    """The initiative must exist."""
    with pytest.raises(InvalidInput) as err:
        impact(_problem(), 9)
    assert err.value.path == "initiative"


def test_impact_to_dict_names_teams_weeks_and_spans():
    """The JSON gives names, ISO weeks over capacity and the spans."""
    data = impact(_problem(), 1).to_dict()
    json.dumps(data, allow_nan=False)
    assert (data["initiative"], data["fits"], data["over_capacity"]) == (
        "Beta",
        False,
        ["Platform"],
    )
    platform = data["teams"][0]
    assert platform["weeks_over"] == ["2027-W03", "2027-W04"]
    assert platform["extra_person_weeks_short"] == 2.0
    assert platform["spans"][0]["initiatives"][1] == {
        "initiative": "Beta",
        "index": 1,
        "person_weeks": 2.0,
    }


def test_impact_spreads_the_initiative_over_working_days_as_the_plan_does():
    """With 2 holiday days in week 3, Beta's 3 pw on Platform (weeks 2–4: 5, 3, 5 days) is
    15/13, 9/13, 15/13, and committing it gives the same arrays as the plan would."""
    problem = _problem()
    holidays = [0, 0, 0, 2, 0, 0]
    before = build(load=problem.load, demand=problem.demand, holidays=holidays)
    platform = impact(before, 1).teams[0]
    assert platform.person_weeks == pytest.approx(3.0, abs=1e-12)
    after = compute(
        build(load=problem.load, demand=_problem(beta_committed=True).demand, holidays=holidays)
    )
    assert after.initiative_committed(1)[0].tolist() == pytest.approx(
        [0, 0, 15 / 13, 9 / 13, 15 / 13, 0], abs=1e-12
    )
    excess = after.load_total[0] + after.committed[0] - after.supply[0]
    assert platform.person_weeks_short_after == pytest.approx(np.maximum(excess, 0).sum())
    (span,) = platform.spans
    weeks = slice(span.first_week, span.last_week + 1)
    assert sum(effort for _, effort in span.initiatives) == pytest.approx(
        after.committed[0, weeks].sum(), abs=1e-12
    )
