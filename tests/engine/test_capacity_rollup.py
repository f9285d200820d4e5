"""Capacity roll-ups: months, quarters and the department are sums of weeks."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest

from tandem.engine import Load, available_to_take_on, compute, rollup
from tests.engine.test_capacity_inputs import build, staff, work

SPRING = dt.date(2027, 3, 22)  # months of 1, 5, 4 and 1 weeks; quarters of 1 and 10


def _result():
    """Team 0 (2 people) loaded and over capacity in some weeks; team 1 (1 person) lightly."""
    load = Load(
        team=[0],
        category=[2],
        first_week=[0],
        end_week=[11],
        percent_of_supply=[25.0],
        hours_per_week=[0.0],
    )
    demand = work(
        (0, 0, 6.0, 0, 3, True),
        (1, 0, 4.0, 4, 6, True),
        (2, 1, 2.0, 5, 9, True),
        (3, 0, 5.0, 0, 5, False),
    )
    people = staff((0, 1.0, 40.0, -1, 50), (0, 1.0, 40.0, 3, 50), (1, 0.5, 40.0, -1, 50))
    return compute(build(weeks=11, start=SPRING, people=people, load=load, demand=demand))


def test_rollup_by_month_sums_the_weeks_of_each_month():
    """Each month's figures are the sums over its weeks, for every array."""
    result = _result()
    months = rollup(result, "month")
    assert months.labels == ("2027-03", "2027-04", "2027-05", "2027-06")
    assert months.week_counts.tolist() == [1, 5, 4, 1]
    for array in ("supply", "load_total", "committed", "proposed", "available"):
        weekly = getattr(result, array)
        expected = np.stack(
            [weekly[:, 0], weekly[:, 1:6].sum(1), weekly[:, 6:10].sum(1), weekly[:, 10]], axis=1
        )
        assert getattr(months, array) == pytest.approx(expected), array
    assert months.load[2] == pytest.approx(months.load_total)


def test_rollup_recomputes_utilization_from_sums_never_averages():
    """April's utilization is its used person-weeks over its supply, not a mean of weeks."""
    result = _result()
    april = slice(1, 6)
    used = result.load_total[0, april].sum() + result.committed[0, april].sum()
    expected = used / result.supply[0, april].sum()
    assert rollup(result, "month").utilization[0, 1] == pytest.approx(expected)
    assert expected != pytest.approx(result.utilization[0, april].mean())


def test_rollup_by_quarter_and_department_total_are_sums():
    """Quarters sum weeks; the department sums teams, with its own utilization."""
    result = _result()
    quarters = rollup(result, "quarter")
    assert quarters.labels == ("2027 Q1", "2027 Q2")
    assert quarters.supply[:, 1] == pytest.approx(result.supply[:, 1:].sum(1))
    assert quarters.department_supply == pytest.approx(quarters.supply.sum(0))
    assert quarters.department_committed == pytest.approx(quarters.committed.sum(0))
    assert quarters.department_proposed == pytest.approx(quarters.proposed.sum(0))
    assert quarters.department_load == pytest.approx(quarters.load.sum(1))
    assert quarters.department_available == pytest.approx(quarters.available.sum(0))
    used = quarters.department_load_total + quarters.department_committed
    assert quarters.department_utilization == pytest.approx(used / quarters.department_supply)


def test_rollup_by_week_is_the_weekly_result():
    """At week grain nothing is summed."""
    result = _result()
    weeks = rollup(result, "week")
    assert weeks.supply == pytest.approx(result.supply)
    assert weeks.utilization == pytest.approx(result.utilization)
    assert weeks.labels[0] == "2027-W12"


def test_available_to_take_on_counts_only_free_weeks():
    """Free person-weeks per quarter: shortfall weeks count 0 and do not borrow from free ones."""
    result = _result()
    free = available_to_take_on(result, "quarter")
    expected = np.maximum(result.available, 0)
    assert free[:, 0] == pytest.approx(expected[:, 0])
    assert free[:, 1] == pytest.approx(expected[:, 1:].sum(1))
    assert (result.available[0] < 0).any()  # the case the rule is about
    assert free[0, 1] > rollup(result, "quarter").available[0, 1]


def test_available_to_take_on_by_hand():
    """One person, 2.5 person-weeks of work in week 1 of four: 3 weeks free, week 1 short."""
    result = compute(
        build(weeks=4, people=staff((0, 1.0, 40.0, 0, 9)), demand=work((0, 0, 2.5, 1, 2, True)))
    )
    assert available_to_take_on(result, "week")[0].tolist() == [1.0, 0.0, 1.0, 1.0]
    assert available_to_take_on(result, "month")[0].tolist() == [3.0]


def test_rolled_up_to_dict_has_buckets_teams_and_department():
    """The JSON carries bucket labels with first weeks, team rows and department totals."""
    data = rollup(_result(), "month").to_dict()
    json.dumps(data, allow_nan=False)
    assert data["grain"] == "month"
    assert data["buckets"][1] == {
        "label": "2027-04",
        "first_week": "2027-W13",
        "first_week_start": "2027-03-29",
        "weeks": 5,
    }
    assert [team["team"] for team in data["teams"]] == ["Platform", "Service desk"]
    assert len(data["department"]["utilization_pct"]) == 4
    assert set(data["department"]["load"]) == set(data["categories"])
