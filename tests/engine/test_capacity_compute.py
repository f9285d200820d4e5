"""The capacity plan: supply, load, demand spreads, utilization and spans, checked by hand."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tandem.engine import (
    OPEN_REQUISITION,
    PLANNED_HIRE,
    Hires,
    InvalidInput,
    Leave,
    Load,
    compute,
    spread_demand,
)
from tests.engine.test_capacity_inputs import build, staff, work

ONE_TEAM = ("Platform",)


def test_supply_counts_part_time_starters_and_leavers_while_employed():
    """Part-time, 37.5-hour, mid-horizon starter and leaver: supply per week by hand."""
    people = staff(
        (0, 1.0, 40.0, -5, 50),  # 1.0 every week
        (0, 0.5, 40.0, -5, 50),  # part-time: 0.5
        (0, 1.0, 37.5, 2, 50),  # starts in week 2, a 37.5-hour week: 0.9375
        (0, 0.8, 40.0, -5, 4),  # leaves after week 3: 0.8
    )
    result = compute(build(teams=ONE_TEAM, people=people))
    assert result.supply[0].tolist() == pytest.approx([2.3, 2.3, 3.2375, 3.2375, 2.4375, 2.4375])


def test_supply_loses_three_days_of_leave_in_one_week():
    """Three days off out of five take 3/5 of that person's week."""
    people = staff((0, 1.0, 40.0, 0, 50), (0, 0.5, 40.0, 0, 50))
    leave = Leave(person=[0, 1], week=[1, 1], days_off=[3.0, 2.0])
    result = compute(build(teams=ONE_TEAM, people=people, leave=leave))
    assert result.supply[0].tolist() == pytest.approx([1.5, 1.5 - 0.6 - 0.2, 1.5, 1.5, 1.5, 1.5])


def test_supply_drops_company_holidays_for_everyone():
    """A week with two holiday days has 3/5 of its supply."""
    people = staff((0, 1.0, 40.0, 0, 50), (0, 0.5, 40.0, 0, 50))
    result = compute(build(teams=ONE_TEAM, people=people, holidays=[0, 0, 2, 0, 0, 5]))
    assert result.supply[0].tolist() == pytest.approx([1.5, 1.5, 0.9, 1.5, 1.5, 0.0])


def test_leave_and_holidays_together_never_exceed_the_week():
    """Leave on top of holidays is capped at the working days left; entries of a week add up."""
    people = staff((0, 1.0, 40.0, 0, 50))
    leave = Leave(person=[0, 0, 0], week=[2, 2, 3], days_off=[3.0, 2.0, 5.0])
    result = compute(build(teams=ONE_TEAM, people=people, leave=leave, holidays=[0, 0, 1, 4, 0, 0]))
    assert result.supply[0].tolist() == pytest.approx([1.0, 1.0, 0.0, 0.0, 1.0, 1.0])


def test_leave_outside_employment_or_horizon_is_ignored():
    """Leave in weeks a person is not employed, or beyond the horizon, takes nothing."""
    people = staff((0, 1.0, 40.0, 2, 50))
    leave = Leave(person=[0, 0], week=[1, 9], days_off=[5.0, 5.0])
    result = compute(build(teams=ONE_TEAM, people=people, leave=leave))
    assert result.supply[0].tolist() == pytest.approx([0, 0, 1, 1, 1, 1])


def test_planned_hires_count_from_their_start_and_requisitions_do_not():
    """The plan counts a planned hire from its start week; an open requisition not at all."""
    hires = Hires(
        team=[0, 0],
        fte=[0.5, 1.0],
        hours_per_week=[40.0, 40.0],
        start_week=[3, 1],
        kind=[PLANNED_HIRE, OPEN_REQUISITION],
    )
    people = staff((0, 1.0, 40.0, 0, 50))
    result = compute(build(teams=ONE_TEAM, people=people, hires=hires, holidays=[0, 0, 0, 0, 1, 0]))
    assert result.supply[0].tolist() == pytest.approx([1, 1, 1, 1.5, 1.5 * 0.8, 1.5])


def test_load_takes_a_percent_of_supply_and_fixed_hours():
    """25% of supply in weeks 0–3 (maintenance) and 20 hours a week in weeks 2–5 (support)."""
    load = Load(
        team=[0, 0],
        category=[0, 1],
        first_week=[-3, 2],
        end_week=[4, 9],
        percent_of_supply=[25.0, 0.0],
        hours_per_week=[0.0, 20.0],
    )
    result = compute(
        build(teams=ONE_TEAM, people=staff((0, 1.0, 40.0, 0, 50), (0, 1.0, 40.0, 2, 50)), load=load)
    )
    assert result.load[0, 0].tolist() == pytest.approx([0.25, 0.25, 0.5, 0.5, 0, 0])
    assert result.load[1, 0].tolist() == pytest.approx([0, 0, 0.5, 0.5, 0.5, 0.5])
    assert result.load[2:].sum() == 0
    assert result.load_total[0].tolist() == pytest.approx([0.25, 0.25, 1.0, 1.0, 0.5, 0.5])


def test_demand_spreads_evenly_and_drops_effort_outside_the_horizon():
    """6 person-weeks over 3 weeks is 2 a week; an entry half before the horizon loses that half."""
    demand = work((0, 0, 6.0, 1, 4, True), (1, 0, 4.0, -2, 2, False))
    result = compute(build(teams=ONE_TEAM, people=staff((0, 1.0, 40.0, 0, 50)), demand=demand))
    assert result.committed[0].tolist() == pytest.approx([0, 2, 2, 2, 0, 0])
    assert result.proposed[0].tolist() == pytest.approx([1, 1, 0, 0, 0, 0])


def test_demand_follows_a_work_profile_over_equal_segments():
    """(1, 3) over 4 weeks gives 1/8, 1/8, 3/8, 3/8; (1, 2, 1) splits weeks pro rata."""
    demand = work(
        (0, 0, 8.0, 0, 4, True), (1, 0, 16.0, 0, 4, True), profile=((1.0, 3.0), (1.0, 2.0, 1.0))
    )
    result = compute(build(teams=ONE_TEAM, people=staff((0, 1.0, 40.0, 0, 50)), demand=demand))
    assert result.initiative_committed(0)[0].tolist() == pytest.approx([1, 1, 3, 3, 0, 0])
    # Segments of 4/3 weeks: week 0 holds 3/4 of segment 1, week 1 the rest and half of segment 2.
    assert result.initiative_committed(1)[0].tolist() == pytest.approx([3, 5, 5, 3, 0, 0])


def test_spread_of_any_entry_sums_exactly_to_its_effort():
    """Whatever the profile and length, an entry's weekly effort adds up to its person-weeks."""
    rows = [(0, 0, 7.3, 0, length, True) for length in (1, 2, 3, 5, 7, 11)]
    profiles = (
        (1.0,),
        (2.0, 1.0, 0.0),
        (1.0, 2.0, 2.0, 1.0),
        (5.0, 1.0),
        (),
        (1.0, 1.0, 1.0, 1.0, 1.0, 4.0, 9.0),
    )
    demand = work(*rows, profile=profiles)
    spread = spread_demand(demand, start=0, weeks=20)
    totals = np.bincount(spread.entry, weights=spread.person_weeks, minlength=len(rows))
    assert totals == pytest.approx([7.3] * len(rows), abs=1e-12)


def test_demand_spreads_over_working_days_around_a_holiday():
    """8 pw over weeks with 5, 4, 5, 5 working days: 8·5/19, 8·4/19, 8·5/19, 8·5/19.

    Personal leave takes supply only: Ann's two days off in week 2 do not move the effort.
    """
    demand = work((0, 0, 8.0, 0, 4, True))
    leave = Leave(person=[0], week=[2], days_off=[2.0])
    problem = build(
        teams=ONE_TEAM,
        people=staff((0, 1.0, 40.0, 0, 50)),
        leave=leave,
        holidays=[0, 1, 0, 0, 0, 0],
        demand=demand,
    )
    result = compute(problem)
    expected = [8 * 5 / 19, 8 * 4 / 19, 8 * 5 / 19, 8 * 5 / 19, 0, 0]
    assert result.committed[0].tolist() == pytest.approx(expected, abs=1e-12)
    assert result.committed[0].sum() == pytest.approx(8.0, abs=1e-12)
    assert result.supply[0].tolist() == pytest.approx([1, 0.8, 0.6, 1, 1, 1])
    spread = spread_demand(
        demand, start=0, weeks=6, working_fraction=np.array([1, 0.8, 1, 1, 1, 1])
    )
    assert spread.person_weeks.tolist() == pytest.approx(expected[:4], abs=1e-12)
    plain = spread_demand(demand, start=0, weeks=6)
    assert plain.person_weeks.tolist() == pytest.approx([2, 2, 2, 2])


def test_a_profile_moves_its_holiday_share_onto_its_working_weeks():
    """(1, 3) over 4 weeks is 1, 1, 3, 3 pw; 2 holidays in week 2 lose 3 × 2/5 = 1.2 of it.

    The rest, 8 − 1.2 = 6.8, is scaled back to 8: each week gets a·f·8/6.8.
    """
    demand = work((0, 0, 8.0, 0, 4, True), profile=((1.0, 3.0),))
    result = compute(
        build(
            teams=ONE_TEAM,
            people=staff((0, 1.0, 40.0, 0, 50)),
            holidays=[0, 0, 2, 0, 0, 0],
            demand=demand,
        )
    )
    expected = [a * 8 / 6.8 for a in (1.0, 1.0, 3.0 * 0.6, 3.0)] + [0, 0]
    assert result.committed[0].tolist() == pytest.approx(expected, abs=1e-12)
    assert result.committed[0].sum() == pytest.approx(8.0, abs=1e-12)


def test_a_full_holiday_week_gets_no_effort_unless_every_week_is_one():
    """6 pw over weeks 0–2 with week 1 all holidays: 3, 0, 3. A one-week entry in a week of
    holidays has no working day to move to and keeps its effort there."""
    demand = work((0, 0, 6.0, 0, 3, True), (1, 0, 2.0, 5, 6, True))
    result = compute(
        build(
            teams=ONE_TEAM,
            people=staff((0, 1.0, 40.0, 0, 50)),
            holidays=[0, 5, 0, 0, 0, 5],
            demand=demand,
        )
    )
    assert result.initiative_committed(0)[0].tolist() == pytest.approx([3, 0, 3, 0, 0, 0])
    assert result.initiative_committed(1)[0].tolist() == pytest.approx([0, 0, 0, 0, 0, 2])


def test_holidays_outside_the_window_still_shape_the_spread_inside_it():
    """4 pw over weeks 0–3, a holiday in week 3 (5, 5, 5, 4 days): a window of weeks 2–7 gets
    20/19 and 16/19; weeks beyond the fractions given count as fully worked."""
    demand = work((0, 0, 4.0, 0, 4, True), (1, 0, 3.0, 1, 7, True))
    fraction = np.array([1, 1, 1, 0.8])
    spread = spread_demand(demand, start=2, weeks=6, working_fraction=fraction)
    first = spread.entry == 0
    assert spread.week[first].tolist() == [0, 1]
    assert spread.person_weeks[first].tolist() == pytest.approx([20 / 19, 16 / 19], abs=1e-12)
    # Entry 1, weeks 1–6: 5, 5, 4, 5, 5, 5 days (29); the window holds weeks 2–6.
    second = spread.person_weeks[spread.entry == 1]
    assert second.tolist() == pytest.approx([15 / 29, 12 / 29, 15 / 29, 15 / 29, 15 / 29])


def test_spread_refuses_working_fractions_outside_zero_to_one():
    """A working fraction is a share of a week."""
    demand = work((0, 0, 4.0, 0, 4, True))
    with pytest.raises(InvalidInput) as err:
        spread_demand(demand, start=0, weeks=4, working_fraction=np.array([1, 1.2, 1, 1]))
    assert err.value.path == "working_fraction[1]"


def test_a_spans_initiatives_sum_to_the_committed_demand_over_it_with_holidays():
    """With holidays moving effort between weeks, a span still accounts for all of it."""
    demand = work(
        (0, 0, 5.0, -2, 5, True),
        (1, 0, 4.0, 1, 3, True),
        (1, 0, 1.5, 2, 9, True),
        (2, 0, 6.0, 1, 5, True),
        profile=((1.0, 2.0, 2.0, 1.0), (), (3.0, 1.0), ()),
    )
    problem = build(
        teams=ONE_TEAM,
        people=staff((0, 1.0, 40.0, 0, 50)),
        holidays=[1, 0, 2, 5, 0, 1],
        demand=demand,
    )
    result = compute(problem)
    assert result.spans
    for span in result.spans:
        weeks = slice(span.first_week, span.last_week + 1)
        assert sum(effort for _, effort in span.initiatives) == pytest.approx(
            result.committed[span.team, weeks].sum(), abs=1e-12
        )
    assert result.committed[0, 3] == 0.0  # all holidays
    # Over a window holding every week, each entry still sums to its person-weeks.
    whole = spread_demand(demand, start=-5, weeks=20, working_fraction=problem.working_fraction())
    totals = np.bincount(whole.entry, weights=whole.person_weeks, minlength=4)
    assert totals == pytest.approx([5.0, 4.0, 1.5, 6.0], abs=1e-12)


def _spans_problem():
    """Team 0: supply 2, load 0.5; Alpha 1.5 a week in weeks 0–3; Beta 1 a week in weeks 2–3."""
    load = Load(
        team=[0],
        category=[0],
        first_week=[0],
        end_week=[6],
        percent_of_supply=[25.0],
        hours_per_week=[0.0],
    )
    demand = work(
        (0, 0, 6.0, 0, 4, True),  # Alpha: 1.5 a week, weeks 0-3
        (1, 0, 2.0, 2, 4, True),  # Beta: 1 a week, weeks 2-3
        (2, 0, 9.0, 0, 3, False),  # Gamma, proposed: not in spans
        (3, 1, 3.0, 3, 6, True),  # Delta on the service desk: 1 a week
    )
    return build(load=load, demand=demand)


def test_utilization_and_available_follow_load_and_committed_demand():
    """Utilization is (load + committed) / supply; available is what is left."""
    result = compute(_spans_problem())
    assert result.utilization[0].tolist() == pytest.approx([1.0, 1.0, 1.5, 1.5, 0.25, 0.25])
    assert result.available[0].tolist() == pytest.approx([0, 0, -1, -1, 1.5, 1.5])
    assert result.utilization[1].tolist() == pytest.approx([0, 0, 0, 1, 1, 1])


def test_a_span_is_a_run_of_weeks_over_one_hundred_percent():
    """Exactly 100% is not over; weeks 2–3 at 150% make one span with its initiatives."""
    (span,) = compute(_spans_problem()).spans
    assert (span.team, span.first_week, span.last_week, span.weeks) == (0, 2, 3, 2)
    assert span.peak_pct == pytest.approx(150.0)
    assert span.person_weeks_short == pytest.approx(2.0)
    assert [index for index, _ in span.initiatives] == [0, 1]
    assert [effort for _, effort in span.initiatives] == pytest.approx([3.0, 2.0])


def test_a_spans_initiatives_sum_to_the_committed_demand_over_it():
    """The initiatives' contributions add up to the team's committed demand within the span."""
    demand = work(
        (0, 0, 5.0, 0, 5, True),
        (1, 0, 4.0, 1, 3, True),
        (1, 0, 1.5, 2, 6, True),
        (2, 0, 6.0, 1, 5, True),
        profile=((1.0, 2.0, 2.0, 1.0), (), (3.0, 1.0), ()),
    )
    result = compute(build(teams=ONE_TEAM, people=staff((0, 1.0, 40.0, 0, 50)), demand=demand))
    assert result.spans
    for span in result.spans:
        weeks = slice(span.first_week, span.last_week + 1)
        assert sum(effort for _, effort in span.initiatives) == pytest.approx(
            result.committed[span.team, weeks].sum(), abs=1e-12
        )
        efforts = [effort for _, effort in span.initiatives]
        assert efforts == sorted(efforts, reverse=True)


def test_spans_are_maximal_runs_split_by_a_week_within_capacity():
    """Two runs over capacity separated by a week at 50% are two spans."""
    demand = work((0, 0, 2.0, 0, 1, True), (1, 0, 3.0, 3, 5, True))
    result = compute(build(teams=ONE_TEAM, people=staff((0, 1.0, 40.0, 0, 50)), demand=demand))
    assert [(s.first_week, s.last_week) for s in result.spans] == [(0, 0), (3, 4)]
    assert [s.initiatives for s in result.spans] == [((0, 2.0),), ((1, 3.0),)]


def test_utilization_is_infinite_with_work_and_no_supply_and_zero_without():
    """A team with nobody: inf where something is asked of it, 0 where nothing is."""
    demand = work((0, 1, 1.0, 2, 3, True))
    result = compute(build(people=staff((0, 1.0, 40.0, 0, 50)), demand=demand))
    assert result.utilization[1].tolist() == [0, 0, np.inf, 0, 0, 0]
    (span,) = result.spans
    assert (span.team, span.first_week, span.peak_pct, span.person_weeks_short) == (
        1,
        2,
        np.inf,
        1.0,
    )


def test_initiative_accessors_add_up_to_the_committed_and_proposed_arrays():
    """Per-initiative arrays, summed, give committed demand; demand covers any status."""
    result = compute(_spans_problem())
    total = sum(result.initiative_committed(i) for i in range(4))
    assert total == pytest.approx(result.committed)
    assert result.initiative_committed(2).sum() == 0
    assert result.initiative_demand(2)[0].tolist() == pytest.approx([3, 3, 3, 0, 0, 0])


def test_result_to_dict_is_json_with_week_labels_and_span_names():
    """The JSON names teams and initiatives, labels ISO weeks and gives their Mondays."""
    data = compute(_spans_problem()).to_dict()
    json.dumps(data, allow_nan=False)
    assert data["horizon"]["week_labels"][:2] == ["2027-W01", "2027-W02"]
    assert data["horizon"]["week_starts"][0] == "2027-01-04"
    platform = data["teams"][0]
    assert platform["team"] == "Platform"
    assert platform["utilization_pct"] == [100.0, 100.0, 150.0, 150.0, 25.0, 25.0]
    assert platform["load"]["maintenance"] == [0.5] * 6
    assert data["spans"] == [
        {
            "team": "Platform",
            "team_index": 0,
            "first_week": "2027-W03",
            "first_week_start": "2027-01-18",
            "last_week": "2027-W04",
            "last_week_start": "2027-01-25",
            "weeks": 2,
            "peak_pct": 150.0,
            "person_weeks_short": 2.0,
            "initiatives": [
                {"initiative": "Alpha", "index": 0, "person_weeks": 3.0},
                {"initiative": "Beta", "index": 1, "person_weeks": 2.0},
            ],
        }
    ]


def test_infinite_utilization_becomes_null_in_json():
    """JSON has no infinity: a week with work and no supply shows null."""
    data = compute(
        build(people=staff((0, 1.0, 40.0, 0, 50)), demand=work((0, 1, 1.0, 2, 3, True)))
    ).to_dict()
    assert data["teams"][1]["utilization_pct"] == [0.0, 0.0, None, 0.0, 0.0, 0.0]
    assert data["spans"][0]["peak_pct"] is None
    json.dumps(data, allow_nan=False)
