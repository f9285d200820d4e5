"""The demo company as plain data: deterministic, the right shape, consistent."""

from collections import Counter
from datetime import date

import pytest

from tandem import engine
from tandem.demo.generator import company_generate
from tandem.portfolio.choices import InitiativeKind, InitiativeState

TODAY = date(2026, 3, 15)


def _fingerprint(company):
    return (
        [u.headcount for u in company.units],
        [p.name for p in company.people],
        [i.title for i in company.initiatives],
        [(i.state, i.kind, i.budget_estimate) for i in company.initiatives],
        [(d.predecessor, d.successor) for d in company.dependencies],
    )


def test_company_generate_is_deterministic_for_a_seed():
    """The same seed gives the same company; another seed gives another one."""
    first = company_generate(size="small", seed=7, today=TODAY)
    again = company_generate(size="small", seed=7, today=TODAY)
    other = company_generate(size="small", seed=8, today=TODAY)
    assert _fingerprint(first) == _fingerprint(again)
    assert _fingerprint(first) != _fingerprint(other)


@pytest.mark.parametrize("seed", [1, 7, 42])
def test_company_generate_small_has_the_company_shape(seed):
    """About 600 employees in 6 units, 45 IT people in 7 teams, ~90 initiatives of all kinds."""
    company = company_generate(size="small", seed=seed, today=TODAY)
    assert len(company.units) == 6
    assert 570 <= sum(u.headcount for u in company.units) <= 630
    assert len(company.teams) == 7
    assert sum(1 for p in company.people if p.team) == 45
    assert 85 <= len(company.initiatives) <= 95
    assert set(Counter(i.state for i in company.initiatives)) == set(InitiativeState.values)
    assert set(Counter(i.kind for i in company.initiatives)) == set(InitiativeKind.values)
    assert all(2 <= sum(g.unit == u.key for g in company.goals) <= 3 for u in company.units)


def test_company_generate_large_is_ten_times_bigger():
    """The large company has ten times the initiatives, IT people and teams, in 12-20 units."""
    company = company_generate(size="large", seed=7, today=TODAY)
    assert 12 <= len(company.units) <= 20
    assert 5700 <= sum(u.headcount for u in company.units) <= 6300
    assert len(company.teams) == 70
    assert 400 <= sum(1 for p in company.people if p.team) <= 500
    assert 850 <= len(company.initiatives) <= 950
    assert engine.find_cycle((d.predecessor, d.successor) for d in company.dependencies) is None


@pytest.mark.parametrize("size", ["small", "large"])
def test_company_generate_histories_are_dated_and_end_in_the_current_state(size):
    """Every initiative's steps are in date order, never in the future, ending where it is."""
    company = company_generate(size=size, seed=3, today=TODAY)
    for item in company.initiatives:
        days = [step.day for step in item.steps]
        assert days == sorted(days), item.title
        assert days[-1] <= TODAY
        last = item.steps[-1]
        assert (last.state, last.held_from, last.feasibility) == (
            item.state,
            item.held_from_state,
            item.feasibility,
        )
        for estimate in item.estimates:
            assert 0 < estimate.low <= estimate.likely <= estimate.high
        for outcome in item.outcomes:
            assert outcome.baseline != outcome.target


def test_company_generate_refuses_an_unknown_size():
    """Only small and large exist."""
    with pytest.raises(ValueError, match="size must be one of small, large"):
        company_generate(size="huge", seed=7)
