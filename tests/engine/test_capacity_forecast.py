"""The capacity forecast: attrition, hires, load estimators on known series, bottlenecks."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tandem.engine import (
    ESTIMATORS,
    OPEN_REQUISITION,
    PLANNED_HIRE,
    Actuals,
    Hires,
    InvalidInput,
    Load,
    compute,
    forecast,
    rollup,
)
from tests.engine.test_capacity_inputs import build, staff, work

TODAY = 2
TEAMS = ("Platform", "Service desk", "Data")


def _linear_actuals(team, category, intercept, slope, weeks, *, today=TODAY):
    """Hours whose person-weeks are ``intercept + slope * week`` for the weeks before today."""
    week = np.arange(today - weeks, today)
    return week, 40.0 * (intercept + slope * week)


def _actuals(*series):
    """Actuals from (team, category, weeks, hours) tuples."""
    team = np.concatenate([np.full(len(w), t) for t, _, w, _ in series])
    category = np.concatenate([np.full(len(w), c) for _, c, w, _ in series])
    week = np.concatenate([w for _, _, w, _ in series])
    hours = np.concatenate([h for _, _, _, h in series])
    return Actuals(team=team, category=category, week=week, hours=hours)


def test_forecast_decays_todays_people_by_attrition_but_not_later_starters():
    """At 50% a year, today's person gives half a week 52 weeks on; a later starter stays whole."""
    people = staff((0, 1.0, 40.0, -10, 500), (1, 1.0, 40.0, 5, 500))
    problem = build(teams=TEAMS, people=people, weeks=10)
    ahead = forecast(problem, Actuals(), today_week=TODAY, months=13, attrition_annual_pct=50.0)
    assert ahead.horizon.weeks == 56
    assert ahead.horizon.start == problem.horizon.week_start(TODAY)
    assert ahead.supply[0, 0] == pytest.approx(1.0)
    assert ahead.supply[0, 52] == pytest.approx(0.5)
    assert ahead.supply[0, 26] == pytest.approx(0.5**0.5)
    assert ahead.supply[1].tolist() == pytest.approx([0, 0, 0] + [1] * 53)


def test_forecast_keeps_known_leaving_dates_leave_and_holidays():
    """A leaver still leaves; leave and the plan's holidays apply; weeks past the plan have none."""
    people = staff((0, 1.0, 40.0, -10, 6))
    problem = build(teams=TEAMS, people=people, weeks=6, holidays=[0, 0, 0, 1, 0, 0])
    ahead = forecast(problem, Actuals(), today_week=TODAY, months=2, attrition_annual_pct=0.0)
    assert ahead.supply[0].tolist() == pytest.approx([1, 0.8, 1, 1, 0, 0, 0, 0, 0])


def test_forecast_spreads_demand_over_working_days_and_assumes_no_holidays_past_the_plan():
    """The plan's holiday (1 day in week 3) moves effort; weeks past the plan count in full.

    Platform: 9 pw over weeks 2–10, 5 days a week but 4 in week 3 (44 days): 45/44 a week,
    36/44 in week 3, weeks 6–10 (past the six-week plan) at 45/44. Service desk: 4 pw over
    weeks 0–3 (5, 5, 5, 4 days): the forecast from week 2 holds 20/19 and 16/19, as the plan.
    """
    demand = work((0, 0, 9.0, 2, 11, True), (1, 1, 4.0, 0, 4, True))
    people = staff((0, 1.0, 40.0, -10, 500), (1, 1.0, 40.0, -10, 500))
    problem = build(teams=TEAMS, people=people, weeks=6, holidays=[0, 0, 0, 1, 0, 0], demand=demand)
    ahead = forecast(problem, Actuals(), today_week=TODAY, months=3, attrition_annual_pct=0.0)
    expected = [45 / 44, 36 / 44] + [45 / 44] * 7 + [0] * 4
    assert ahead.committed[0].tolist() == pytest.approx(expected, abs=1e-12)
    assert ahead.committed[0].sum() == pytest.approx(9.0, abs=1e-12)
    desk = [20 / 19, 16 / 19] + [0] * 11
    assert ahead.committed[1].tolist() == pytest.approx(desk, abs=1e-12)
    plan = compute(problem)
    assert ahead.committed[:, :4] == pytest.approx(plan.committed[:, TODAY:], abs=1e-12)
    assert ahead.bottlenecks[0].team == 0  # 45/44 of a supply of 1 from week 2 on
    assert ahead.bottlenecks[0].first_week == TODAY


def test_forecast_counts_planned_hires_from_start_and_requisitions_after_the_delay():
    """Planned hire from week 4; requisitions from max(start, today) + delay: weeks 7 and 6."""
    hires = Hires(
        team=[0, 1, 2],
        fte=[0.5, 1.0, 1.0],
        hours_per_week=[40.0, 40.0, 40.0],
        start_week=[4, 3, 0],
        kind=[PLANNED_HIRE, OPEN_REQUISITION, OPEN_REQUISITION],
    )
    problem = build(teams=TEAMS, people=staff(), hires=hires, weeks=10)
    ahead = forecast(problem, Actuals(), today_week=TODAY, months=2, requisition_delay_weeks=4)
    assert ahead.supply[0].tolist() == pytest.approx([0, 0] + [0.5] * 7)
    assert ahead.supply[1].tolist() == pytest.approx([0] * 5 + [1] * 4)
    assert ahead.supply[2].tolist() == pytest.approx([0] * 4 + [1] * 5)


def test_mean_12w_holds_the_mean_of_the_last_twelve_complete_weeks_flat():
    """A rising series: the last 12 complete weeks average to the value at their middle."""
    week, hours = _linear_actuals(0, 1, 0.5, 0.01, 52)
    actuals = _actuals((0, 1, week, hours), (0, 1, np.array([TODAY]), np.array([4000.0])))
    problem = build(teams=TEAMS, people=staff((0, 1.0, 40.0, -10, 500)), weeks=10)
    ahead = forecast(problem, actuals, today_week=TODAY, months=3, attrition_annual_pct=0.0)
    level = 0.5 + 0.01 * np.mean(np.arange(TODAY - 12, TODAY))
    assert ahead.load[1, 0] == pytest.approx([level] * 13)
    assert ahead.estimator == "mean_12w"
    assert ahead.estimator_description == ESTIMATORS["mean_12w"][1]
    assert ahead.history_first_week == TODAY - 52
    assert ahead.history[1, 0] == pytest.approx(0.5 + 0.01 * week)
    assert np.isnan(ahead.fitted[1, 0, :40]).all()
    assert ahead.fitted[1, 0, 40:] == pytest.approx([level] * 12)
    assert ahead.slope[1, 0] == 0.0


def test_linear_trend_recovers_the_slope_of_a_linear_series():
    """A straight line of booked hours is fitted exactly and continued."""
    week, hours = _linear_actuals(0, 2, 0.5, 0.01, 52)
    problem = build(teams=TEAMS, people=staff((0, 1.0, 40.0, -10, 500)), weeks=10)
    ahead = forecast(
        problem, _actuals((0, 2, week, hours)), today_week=TODAY, months=3, estimator="linear_trend"
    )
    assert ahead.slope[2, 0] == pytest.approx(0.01)
    assert ahead.load[2, 0] == pytest.approx(0.5 + 0.01 * np.arange(TODAY, TODAY + 13))
    assert ahead.fitted[2, 0, -26:] == pytest.approx(ahead.history[2, 0, -26:])
    assert np.isnan(ahead.fitted[2, 0, :-26]).all()
    assert ahead.load_from_actuals.tolist() == [True, False, False]


def test_linear_trend_is_clipped_at_zero():
    """A falling series reaches zero in week 5 and stays there, never negative."""
    week, hours = _linear_actuals(0, 0, 0.05, -0.01, 26)
    problem = build(teams=TEAMS, people=staff((0, 1.0, 40.0, -10, 500)), weeks=10)
    ahead = forecast(
        problem, _actuals((0, 0, week, hours)), today_week=TODAY, months=3, estimator="linear_trend"
    )
    assert ahead.slope[0, 0] == pytest.approx(-0.01)
    assert ahead.load[0, 0] == pytest.approx([0.03, 0.02, 0.01] + [0.0] * 10, abs=1e-12)
    assert (ahead.load[0, 0] >= 0).all()


def test_a_team_without_actuals_falls_back_to_its_planned_load():
    """The service desk books nothing, so its planned 50% maintenance load is used."""
    load = Load(
        team=[1, 0],
        category=[0, 0],
        first_week=[0, 0],
        end_week=[50, 50],
        percent_of_supply=[50.0, 90.0],
        hours_per_week=[0.0, 0.0],
    )
    week, hours = _linear_actuals(0, 3, 0.2, 0.0, 20)
    people = staff((0, 1.0, 40.0, -10, 500), (1, 1.0, 40.0, -10, 500))
    problem = build(teams=TEAMS, people=people, load=load, weeks=10)
    ahead = forecast(
        problem, _actuals((0, 3, week, hours)), today_week=TODAY, months=3, attrition_annual_pct=0.0
    )
    assert ahead.load_from_actuals.tolist() == [True, False, False]
    assert ahead.load_total[1] == pytest.approx([0.5] * 13)
    assert ahead.load_total[0] == pytest.approx([0.2] * 13)  # the plan's 90% is ignored


def test_a_short_history_is_averaged_over_the_weeks_since_the_first_booking():
    """Bookings that began 5 weeks ago average over 5 weeks, not 12; gaps after count as 0."""
    week = np.array([TODAY - 5, TODAY - 4, TODAY - 2, TODAY - 1])
    actuals = _actuals((0, 0, week, np.array([40.0, 80.0, 40.0, 40.0])))
    problem = build(teams=TEAMS, people=staff((0, 1.0, 40.0, -10, 500)), weeks=10)
    ahead = forecast(problem, actuals, today_week=TODAY, months=3)
    assert ahead.load[0, 0] == pytest.approx([5.0 / 5] * 13)


def test_bottlenecks_start_at_the_first_week_over_and_are_sorted_by_it():
    """Platform goes over from week 5, the service desk from week 3: the desk comes first."""
    demand = work((0, 0, 6.0, 5, 9, True), (1, 1, 2.4, 3, 5, True), (2, 2, 10.0, 0, 10, False))
    people = staff((0, 1.0, 40.0, -10, 500), (1, 1.0, 40.0, -10, 500), (2, 1.0, 40.0, -10, 500))
    problem = build(teams=TEAMS, people=people, demand=demand, weeks=10)
    ahead = forecast(problem, Actuals(), today_week=TODAY, months=3, attrition_annual_pct=0.0)
    desk, platform = ahead.bottlenecks
    assert (desk.team, desk.first_week, desk.weeks_over) == (1, 3, 2)
    assert desk.peak_pct == pytest.approx(120.0)
    assert desk.person_weeks_short == pytest.approx(0.4)
    assert (platform.team, platform.first_week, platform.weeks_over) == (0, 5, 4)
    assert platform.person_weeks_short == pytest.approx(2.0)
    assert ahead.proposed[2].sum() == pytest.approx(8.0)  # proposed work is no bottleneck


def test_a_lower_threshold_finds_bottlenecks_earlier():
    """With the threshold at 50%, a team at 60% is a bottleneck from its first such week."""
    demand = work((0, 0, 1.8, 4, 7, True))
    problem = build(teams=TEAMS, people=staff((0, 1.0, 40.0, -10, 500)), demand=demand, weeks=10)
    assert forecast(problem, Actuals(), today_week=TODAY, months=3).bottlenecks == ()
    (found,) = forecast(
        problem, Actuals(), today_week=TODAY, months=3, threshold=0.5, attrition_annual_pct=0.0
    ).bottlenecks
    assert (found.first_week, found.weeks_over) == (4, 3)
    assert found.person_weeks_short == pytest.approx(3 * 0.1)


@pytest.mark.parametrize(
    ("controls", "path"),
    [
        ({"months": 0}, "months"),
        ({"attrition_annual_pct": 100.0}, "attrition_annual_pct"),
        ({"estimator": "median"}, "estimator"),
        ({"requisition_delay_weeks": -1}, "requisition_delay_weeks"),
        ({"threshold": 0.0}, "threshold"),
        ({"today_week": 1.5}, "today_week"),
    ],
)
def test_forecast_refuses_controls_out_of_range(controls, path):
    """Each control is checked and named."""
    arguments = {"today_week": TODAY, **controls}
    with pytest.raises(InvalidInput) as err:
        forecast(build(teams=TEAMS), Actuals(), **arguments)
    assert err.value.path == path


def test_forecast_to_dict_and_rollup():
    """The JSON carries the estimator, the history beside its fit and the bottlenecks."""
    week, hours = _linear_actuals(0, 0, 0.5, 0.0, 52)
    demand = work((0, 0, 6.0, 5, 9, True))
    problem = build(teams=TEAMS, people=staff((0, 1.0, 40.0, -10, 500)), demand=demand, weeks=10)
    ahead = forecast(problem, _actuals((0, 0, week, hours)), today_week=TODAY, months=3)
    data = ahead.to_dict()
    json.dumps(data, allow_nan=False)
    assert data["today_week"] == "2027-W03"
    assert data["estimator"] == {"name": "mean_12w", "description": ESTIMATORS["mean_12w"][1]}
    assert data["teams"][0]["load_source"] == "actuals"
    assert data["teams"][1]["load_source"] == "plan"
    history = data["history"]["teams"][0]
    assert history["actual"]["maintenance"][-1] == 0.5
    assert history["fitted"]["maintenance"][0] is None
    assert history["fitted"]["maintenance"][-1] == 0.5
    assert data["bottlenecks"][0]["first_week"] == "2027-W06"
    months = rollup(ahead, "month")
    assert months.supply.sum() == pytest.approx(ahead.supply.sum())
    assert months.labels[0] == "2027-01"
