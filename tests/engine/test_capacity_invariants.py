"""Capacity invariants on generated problems (Hypothesis): spreads, spans, roll-ups, impact."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.engine import Demand, Leave, Load, compute, impact, rollup, spread_demand
from tests.engine.test_capacity_inputs import build, staff

WEEKS = 12
TEAMS = ("A", "B", "C")
INITIATIVES = ("P", "Q", "R", "S")

profiles = st.one_of(
    st.just(()),
    st.lists(st.integers(0, 5).map(float), min_size=1, max_size=6).filter(lambda w: sum(w) > 0),
)
entries = st.tuples(
    st.integers(0, len(INITIATIVES) - 1),
    st.integers(0, len(TEAMS) - 1),
    st.integers(0, 40).map(lambda tenths: tenths / 4),
    st.integers(-5, WEEKS + 2),
    st.integers(1, 15),
    st.booleans(),
    profiles,
)

# Mostly ordinary weeks, some with one or two holidays, a few of nothing but holidays.
holiday_weeks = st.lists(
    st.sampled_from([0.0, 0.0, 0.0, 0.0, 1.0, 2.0, 5.0]), min_size=WEEKS, max_size=WEEKS
)


def _demand(rows):
    return Demand(
        initiative=[r[0] for r in rows],
        team=[r[1] for r in rows],
        person_weeks=[r[2] for r in rows],
        first_week=[r[3] for r in rows],
        end_week=[r[3] + r[4] for r in rows],
        committed=[r[5] for r in rows],
        profile=tuple(tuple(r[6]) for r in rows),
    )


@st.composite
def problems(draw, *, committed=None):
    rows = draw(st.lists(entries, min_size=1, max_size=12))
    if committed is not None:
        rows = [(*r[:5], committed(r), r[6]) for r in rows]
    people = draw(
        st.lists(
            st.tuples(st.integers(0, 2), st.sampled_from([0.5, 0.8, 1.0]), st.integers(-3, WEEKS)),
            max_size=6,
        )
    )
    leave_weeks = draw(
        st.lists(st.integers(0, WEEKS - 1), max_size=len(people), min_size=len(people))
    )
    percent = draw(st.integers(0, 60))
    holidays = draw(holiday_weeks)
    return build(
        weeks=WEEKS,
        teams=TEAMS,
        initiatives=INITIATIVES,
        people=staff(*[(t, f, 40.0, start, start + 8) for t, f, start in people]),
        leave=Leave(
            person=list(range(len(people))), week=leave_weeks, days_off=[2.0] * len(people)
        ),
        load=Load(
            team=[0],
            category=[1],
            first_week=[0],
            end_week=[WEEKS],
            percent_of_supply=[percent],
            hours_per_week=[4.0],
        ),
        holidays=holidays,
        demand=_demand(rows),
    )


@settings(max_examples=60, deadline=None, database=None)
@given(rows=st.lists(entries, min_size=1, max_size=10), holidays=holiday_weeks)
def test_every_entry_spreads_to_exactly_its_effort(rows, holidays):
    """Over a window holding every week, each entry's spread sums to its person-weeks, with
    or without holidays; a week of holidays gets nothing, unless the entry has no working
    time to move it to and keeps its plain spread."""
    demand = _demand(rows)
    fraction = 1.0 - np.array(holidays) / 5.0
    plain = spread_demand(demand, start=-10, weeks=40)
    spread = spread_demand(demand, start=-10, weeks=40, working_fraction=fraction)
    for rows_of in (plain, spread):
        totals = np.bincount(rows_of.entry, weights=rows_of.person_weeks, minlength=len(rows))
        assert totals == pytest.approx(demand.person_weeks, abs=1e-9)
        assert (rows_of.person_weeks >= 0).all()
    assert (spread.entry == plain.entry).all()
    assert (spread.week == plain.week).all()
    week = spread.week - 10
    off = (week >= 0) & (week < WEEKS)
    off[off] = fraction[week[off]] == 0
    untouched = spread.person_weeks == plain.person_weeks
    assert ((spread.person_weeks[off] == 0) | untouched[off]).all()


@settings(max_examples=60, deadline=None, database=None)
@given(problem=problems())
def test_spans_account_for_all_committed_demand_inside_them(problem):
    """Each span's initiatives sum to its committed demand; its shortfall to the excess."""
    result = compute(problem)
    assert result.available == pytest.approx(result.supply - result.load_total - result.committed)
    for span in result.spans:
        weeks = slice(span.first_week, span.last_week + 1)
        assert sum(e for _, e in span.initiatives) == pytest.approx(
            result.committed[span.team, weeks].sum(), abs=1e-9
        )
        used = result.load_total[span.team, weeks] + result.committed[span.team, weeks]
        assert span.person_weeks_short == pytest.approx(
            (used - result.supply[span.team, weeks]).sum()
        )
        assert (used - result.supply[span.team, weeks] > 0).all()


@settings(max_examples=40, deadline=None, database=None)
@given(problem=problems())
def test_rollups_preserve_totals(problem):
    """Month and quarter sums and the department total keep every person-week."""
    result = compute(problem)
    for grain in ("month", "quarter"):
        rolled = rollup(result, grain)
        assert rolled.supply.sum(axis=1) == pytest.approx(result.supply.sum(axis=1))
        assert rolled.committed.sum(axis=1) == pytest.approx(result.committed.sum(axis=1))
        assert rolled.department_load_total.sum() == pytest.approx(result.load_total.sum())


@settings(max_examples=40, deadline=None, database=None)
@given(problem=problems(committed=lambda row: row[5] and row[0] != 1))
def test_impact_matches_a_recompute_with_the_initiative_committed(problem):
    """Impact's shortfall after equals the plan's once initiative 1 is committed."""
    demand = problem.demand
    flipped = Demand(
        initiative=demand.initiative,
        team=demand.team,
        person_weeks=demand.person_weeks,
        first_week=demand.first_week,
        end_week=demand.end_week,
        committed=demand.committed | (demand.initiative == 1),
        profile=demand.profile,
    )
    after = compute(
        build(
            weeks=WEEKS,
            teams=TEAMS,
            initiatives=INITIATIVES,
            people=problem.people,
            leave=problem.leave,
            holidays=problem.holiday_days.tolist(),
            load=problem.load,
            demand=flipped,
        )
    )
    for team in impact(problem, 1).teams:
        excess = after.load_total[team.team] + after.committed[team.team] - after.supply[team.team]
        assert team.person_weeks_short_after == pytest.approx(np.maximum(excess, 0).sum())
        expected = tuple(span for span in after.spans if span.team == team.team)
        assert {(s.first_week, s.last_week) for s in team.spans} <= {
            (s.first_week, s.last_week) for s in expected
        }
