"""Capacity inputs: the builder the capacity tests share, and refusals of bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest

from tandem.engine import (
    Actuals,
    CapacityProblem,
    Demand,
    Hires,
    Horizon,
    InvalidInput,
    Leave,
    Load,
    People,
    forecast,
)

START = dt.date(2027, 1, 4)  # a Monday, ISO week 2027-W01


def staff(*rows: tuple[int, float, float, int, int]) -> People:
    """People from (team, fte, hours_per_week, first_week, end_week) rows."""
    team, fte, hours, first, end = zip(*rows, strict=True) if rows else ((),) * 5
    return People(team=team, fte=fte, hours_per_week=hours, first_week=first, end_week=end)


def work(*rows: tuple[Any, ...], profile: tuple[tuple[float, ...], ...] = ()) -> Demand:
    """Demand from (initiative, team, person_weeks, first_week, end_week, committed) rows."""
    if not rows:
        return Demand()
    initiative, team, effort, first, end, committed = zip(*rows, strict=True)
    return Demand(
        initiative=initiative,
        team=team,
        person_weeks=effort,
        first_week=first,
        end_week=end,
        committed=committed,
        profile=profile,
    )


def build(
    *,
    weeks: int = 6,
    start: dt.date = START,
    teams: tuple[str, ...] = ("Platform", "Service desk"),
    people: People | None = None,
    leave: Leave | None = None,
    holidays: list[float] | None = None,
    hires: Hires | None = None,
    load: Load | None = None,
    demand: Demand | None = None,
    initiatives: tuple[str, ...] = ("Alpha", "Beta", "Gamma", "Delta"),
) -> CapacityProblem:
    """A small problem: by default two full-time people on team 0, one on team 1."""
    return CapacityProblem(
        horizon=Horizon(start, weeks),
        team_names=teams,
        people=people
        or staff((0, 1.0, 40.0, -10, 100), (0, 1.0, 40.0, -10, 100), (1, 1.0, 40.0, -10, 100)),
        leave=leave or Leave(),
        holiday_days=np.zeros(weeks) if holidays is None else np.array(holidays, dtype=float),
        hires=hires or Hires(),
        load=load or Load(),
        demand=demand or Demand(),
        initiative_names=initiatives,
    )


def refusal(make: Any) -> InvalidInput:
    """The InvalidInput raised by calling ``make``."""
    with pytest.raises(InvalidInput) as err:
        make()
    return err.value


def test_people_refuses_negative_fte_naming_the_position():
    """A negative FTE names people.fte and its index."""
    err = refusal(lambda: staff((0, 1.0, 40.0, 0, 5), (0, -0.5, 40.0, 0, 5)))
    assert (err.path, err.message) == ("people.fte[1]", "must be in (0, 1]")


def test_people_refuses_fte_above_one():
    """More than a full-time week is refused."""
    assert refusal(lambda: staff((0, 1.2, 40.0, 0, 5))).path == "people.fte[0]"


def test_people_refuses_nan_hours():
    """NaN hours per week are not a number the engine can use."""
    err = refusal(lambda: staff((0, 1.0, 40.0, 0, 5), (0, 1.0, float("nan"), 0, 5)))
    assert str(err) == "people.hours_per_week[1]: must be a finite number"


def test_people_refuses_an_end_before_the_start():
    """A person must leave after they join."""
    err = refusal(lambda: staff((0, 1.0, 40.0, 5, 5)))
    assert (err.path, err.message) == ("people.end_week[0]", "must be after first_week")


def test_people_refuses_a_fractional_week():
    """Weeks are whole numbers."""
    err = refusal(
        lambda: People(team=[0], fte=[1.0], hours_per_week=[40.0], first_week=[0.5], end_week=[3])
    )
    assert (err.path, err.message) == ("people.first_week[0]", "must be a whole number")


def test_people_refuses_fields_of_different_lengths():
    """Every field has one value per person."""
    err = refusal(
        lambda: People(team=[0, 0], fte=[1.0], hours_per_week=[40.0], first_week=[0], end_week=[3])
    )
    assert err.path == "people.fte"


def test_problem_refuses_an_unknown_team_index():
    """A team index beyond the team names is named with the valid range."""
    err = refusal(lambda: build(people=staff((0, 1.0, 40.0, 0, 5), (2, 1.0, 40.0, 0, 5))))
    assert (err.path, err.message) == ("people.team[1]", "must name one of the 2 teams (0–1)")


def test_problem_refuses_demand_on_an_unknown_team():
    """Demand must name a known team."""
    err = refusal(lambda: build(demand=work((0, 5, 1.0, 0, 2, True))))
    assert err.path == "demand.team[0]"


def test_demand_refuses_an_end_before_the_start():
    """A demand entry's end week must be after its first week."""
    err = refusal(lambda: work((0, 0, 1.0, 3, 3, True), (0, 0, 1.0, 4, 2, True)))
    assert (err.path, err.message) == ("demand.end_week[0]", "must be after first_week")


def test_demand_refuses_a_profile_without_weight():
    """A work profile needs a positive total."""
    err = refusal(lambda: work((0, 0, 1.0, 0, 4, True), profile=((0.0, 0.0),)))
    assert err.path == "demand.profile[0]"


def test_demand_refuses_a_negative_profile_weight():
    """Profile weights are not negative."""
    err = refusal(lambda: work((0, 0, 1.0, 0, 4, True), profile=((1.0, -1.0),)))
    assert err.path == "demand.profile[0]"


def test_demand_refuses_profiles_for_some_entries_only():
    """Profiles come for every entry or none."""
    err = refusal(lambda: work((0, 0, 1.0, 0, 4, True), (0, 0, 1.0, 0, 4, True), profile=((1.0,),)))
    assert err.path == "demand.profile"


def test_demand_refuses_a_status_that_is_not_boolean():
    """Committed is true or false."""
    err = refusal(lambda: work((0, 0, 1.0, 0, 4, 2)))
    assert err.path == "demand.committed[0]"


def test_problem_refuses_an_unknown_initiative():
    """Demand must name a known initiative."""
    err = refusal(lambda: build(demand=work((9, 0, 1.0, 0, 2, True))))
    assert err.message == "must name one of the 4 initiatives (0–3)"


def test_problem_refuses_leave_of_an_unknown_person():
    """Leave must name a known person."""
    err = refusal(lambda: build(leave=Leave(person=[3], week=[0], days_off=[1.0])))
    assert err.path == "leave.person[0]"


def test_problem_refuses_more_leave_than_working_days():
    """A week has five working days."""
    err = refusal(lambda: build(leave=Leave(person=[0], week=[0], days_off=[6.0])))
    assert (err.path, err.message) == ("leave.days_off[0]", "must be 0 to 5")


def test_problem_refuses_holidays_of_the_wrong_length():
    """One holiday count per week of the horizon."""
    assert refusal(lambda: build(holidays=[0.0, 1.0])).path == "holiday_days"


def test_problem_refuses_a_zero_standard_week():
    """A person-week needs hours."""
    problem = build()
    err = refusal(
        lambda: CapacityProblem(
            horizon=problem.horizon,
            team_names=problem.team_names,
            people=problem.people,
            leave=problem.leave,
            holiday_days=problem.holiday_days,
            hires=problem.hires,
            load=problem.load,
            demand=problem.demand,
            initiative_names=problem.initiative_names,
            standard_hours_per_week=0.0,
        )
    )
    assert err.path == "standard_hours_per_week"


def test_load_refuses_an_unknown_category_and_too_many_percent():
    """Categories index CATEGORIES; a percentage is at most 100."""
    category = refusal(
        lambda: Load(
            team=[0],
            category=[5],
            first_week=[0],
            end_week=[2],
            percent_of_supply=[1.0],
            hours_per_week=[0.0],
        )
    )
    assert (category.path, category.message) == (
        "load.category[0]",
        "must name one of the 5 categories (0–4)",
    )
    percent = refusal(
        lambda: Load(
            team=[0],
            category=[0],
            first_week=[0],
            end_week=[2],
            percent_of_supply=[120.0],
            hours_per_week=[0.0],
        )
    )
    assert percent.path == "load.percent_of_supply[0]"


def test_hires_refuse_an_unknown_kind():
    """A hire is planned (0) or an open requisition (1)."""
    err = refusal(
        lambda: Hires(team=[0], fte=[1.0], hours_per_week=[40.0], start_week=[0], kind=[2])
    )
    assert err.path == "hires.kind[0]"


def test_actuals_refuse_nan_hours_and_unknown_teams():
    """Booked hours must be numbers, of a known team."""
    err = refusal(
        lambda: Actuals(
            team=[0, 0, 0], category=[0, 0, 0], week=[-3, -2, -1], hours=[1.0, 2.0, np.nan]
        )
    )
    assert (err.path, err.message) == ("actuals.hours[2]", "must be a finite number")
    actuals = Actuals(team=[0, 7], category=[0, 0], week=[-2, -1], hours=[1.0, 2.0])
    err = refusal(lambda: forecast(build(), actuals, today_week=0))
    assert err.path == "actuals.team[1]"


def test_inputs_refuse_text_and_two_dimensional_values():
    """Entry fields are one-dimensional sequences of numbers."""
    assert refusal(lambda: Leave(person=[[0]], week=[[0]], days_off=[[1.0]])).message == (
        "must be a one-dimensional sequence"
    )
    assert refusal(lambda: Leave(person=["a"], week=[0], days_off=[1.0])).message == (
        "must be whole numbers"
    )
    assert refusal(lambda: Leave(person=[0], week=[0], days_off=["x"])).message == "must be numbers"


def test_horizon_refuses_a_start_that_is_not_a_monday_and_no_weeks():
    """Week 0 starts on a Monday; a horizon has at least one week."""
    assert refusal(lambda: Horizon(dt.date(2027, 1, 5), 4)).path == "horizon.start"
    assert refusal(lambda: Horizon(START, 0)).path == "horizon.weeks"


def test_inputs_accept_plain_lists_and_convert_them():
    """Lists become numpy arrays of the documented types."""
    people = staff((0, 0.5, 37.5, 0, 3))
    assert people.team.dtype == np.int64
    assert people.fte.dtype == np.float64
    demand = work((0, 0, 1.0, 0, 2, 1))
    assert demand.committed.dtype == np.bool_


def test_inputs_accept_whole_floats_as_weeks_and_refuse_text_as_status():
    """3.0 is week 3; a status must be boolean."""
    people = People(team=[0.0], fte=[1.0], hours_per_week=[40.0], first_week=[0.0], end_week=[3.0])
    assert people.end_week.tolist() == [3]
    assert refusal(lambda: work((0, 0, 1.0, 0, 4, "yes"))).path == "demand.committed"


def test_horizon_and_problem_refuse_a_datetime_start_and_a_zero_day_week():
    """The start is a date; a week has 1 to 7 working days."""
    assert refusal(lambda: Horizon(dt.datetime(2027, 1, 4), 4)).message == "must be a date"  # noqa: DTZ001
    problem = build()
    err = refusal(
        lambda: CapacityProblem(
            horizon=problem.horizon,
            team_names=problem.team_names,
            people=problem.people,
            leave=problem.leave,
            holiday_days=problem.holiday_days,
            hires=problem.hires,
            load=problem.load,
            demand=problem.demand,
            initiative_names=problem.initiative_names,
            working_days_per_week=0,
        )
    )
    assert err.path == "working_days_per_week"


def test_numpy_integers_are_whole_numbers_but_bools_are_not():
    """Week counts from numpy arrays are accepted; True is not a number of weeks."""
    assert Horizon(START, np.int64(3)).weeks == 3
    assert forecast(build(), Actuals(), today_week=np.int64(1), months=np.int32(1)).today_week == 1
    assert refusal(lambda: Horizon(START, True)).message == "must be a whole number of at least 1"
    assert refusal(lambda: forecast(build(), Actuals(), today_week="3")).path == "today_week"
