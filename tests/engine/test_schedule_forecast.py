"""Delivery dates as probabilities: the roadmap re-planned under sampled estimates."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.engine import InvalidInput
from tandem.engine.schedule.forecast import Forecast, Holdup, forecast, pert
from tandem.engine.schedule.roadmap import Item, Link, Package, Roadmap, plan


def _portfolio() -> Roadmap:
    """Four initiatives on two teams: a link with a lag, work under way, a capacity dip."""
    capacity = np.full((30, 2), 2.0)
    capacity[5:8, 1] = 0.5
    return Roadmap(
        teams=("Data Platform", "Integration"),
        capacity=capacity,
        items=(
            Item("A", "Customer Portal", weight=9, target=6),
            Item("B", "GDPR Retention", weight=5, release=2, target=10),
            Item("C", "Data Lake", weight=1),
            Item("D", "Payroll", weight=0.5, pinned=0),
        ),
        packages=(
            Package(0, 0, 6, 2),
            Package(0, 1, 3, 1),
            Package(1, 0, 4, 1),
            Package(2, 1, 5, 1),
            Package(3, 1, 2, 1),
        ),
        links=(Link(before=1, after=2, lag=1),),
    )


def test_with_no_spread_every_run_is_the_plan():
    """Low = likely = high: every run finishes each initiative exactly where `plan` does."""
    roadmap = _portfolio()
    efforts = [p.effort for p in roadmap.packages]
    result = forecast(roadmap, efforts, efforts, runs=7)
    expected = [p.finish for p in plan(roadmap).placements]
    assert result.finishes.tolist() == [expected] * 7
    assert result.percentile(0.5) == expected


def test_the_same_seed_gives_the_same_forecast_and_percentiles_are_ordered():
    """Deterministic for a seed; P50 ≤ P85 ≤ P95; chances of meeting targets lie in [0, 1]."""
    roadmap = _portfolio()
    low = [p.effort * 0.5 for p in roadmap.packages]
    high = [p.effort * 2 for p in roadmap.packages]
    first = forecast(roadmap, low, high, runs=300, seed=4)
    again = forecast(roadmap, low, high, runs=300, seed=4)
    assert (first.finishes == again.finishes).all()
    assert not (forecast(roadmap, low, high, runs=300, seed=5).finishes == first.finishes).all()
    p50, p85, p95 = (first.percentile(q) for q in (0.5, 0.85, 0.95))
    assert all(a <= b <= c for a, b, c in zip(p50, p85, p95, strict=True))
    chances = first.on_time()
    assert chances[2] is None
    assert chances[3] is None
    assert all(0 <= c <= 1 for c in chances if c is not None)


def test_one_package_finishes_by_its_likely_effort_half_the_time():
    """A symmetric estimate (2, 4, 6 person-weeks at 1 person) meets a week-4 target in
    about half the runs, and never finishes before week 2 or after week 6."""
    roadmap = Roadmap(
        teams=("Data Platform",),
        capacity=np.full((4, 1), 1.0),
        items=(Item("A", "Customer Portal", target=4),),
        packages=(Package(0, 0, 4, 1),),
    )
    result = forecast(roadmap, [2], [6], runs=4000, seed=1)
    assert result.finishes.min() >= 2
    assert result.finishes.max() <= 6
    assert result.on_time()[0] == pytest.approx(0.5, abs=0.04)
    assert result.percentile(0.95)[0] in (5, 6)


def test_pert_draws_stay_between_low_and_high_around_the_pert_mean():
    """PERT draws lie in [low, high] with mean (low + 4 likely + high) / 6."""
    draws = pert([1.0, 5.0], [2.0, 5.0], [9.0, 5.0], runs=20000, seed=2)
    assert draws.shape == (20000, 2)
    assert draws[:, 0].min() >= 1
    assert draws[:, 0].max() <= 9
    assert draws[:, 0].mean() == pytest.approx((1 + 8 + 9) / 6, rel=0.02)
    assert (draws[:, 1] == 5).all()


def test_an_unplaceable_initiative_has_no_dates():
    """A team with nobody free gives no percentiles, no chance figure and no holdup."""
    roadmap = Roadmap(
        teams=("Security",),
        capacity=np.zeros((3, 1)),
        items=(Item("A", "Customer Portal", target=3),),
        packages=(Package(0, 0, 2, 1),),
    )
    result = forecast(roadmap, [1], [3], runs=10)
    assert result.percentile(0.5) == [None]
    assert result.on_time() == [None]
    assert result.holdups() == [None]


@pytest.mark.parametrize(
    ("low", "high", "runs", "path"),
    [
        ([7, 3, 4, 5, 2], [9, 3, 4, 5, 2], 10, "packages[0]"),
        ([6, 3, 4, 5, 2], [6, 3, 4, 5, 1], 10, "packages[4]"),
        ([6, 3, 4, 5], [6, 3, 4, 5], 10, "low"),
        ([6, 3, 4, 5, 2], [6, 3, 4, 5, 2], 0, "runs"),
    ],
)
def test_estimates_out_of_order_are_refused_naming_the_package(low, high, runs, path):
    """Low above likely, high below likely, a missing estimate or no runs: refused."""
    with pytest.raises(InvalidInput) as err:
        forecast(_portfolio(), low, high, runs=runs)
    assert err.value.path == path


def _overrun() -> tuple[Roadmap, list[float], list[float]]:
    """One person on Data Platform: Customer Portal (ranked first, 4 person-weeks likely, up
    to 12) then GDPR Retention (2, certain); Data Lake on Integration waits for the portal."""
    roadmap = Roadmap(
        teams=("Data Platform", "Integration"),
        capacity=np.full((40, 2), 1.0),
        items=(
            Item("A", "Customer Portal", weight=9),
            Item("B", "GDPR Retention", weight=5),
            Item("C", "Data Lake", weight=1),
        ),
        packages=(Package(0, 0, 4, 1), Package(1, 0, 2, 1), Package(2, 1, 3, 1)),
        links=(Link(before=0, after=2),),
    )
    return roadmap, [4, 2, 3], [12, 2, 3]


def test_work_ranked_ahead_that_runs_over_into_a_planned_slot_is_named():
    """GDPR Retention is planned for weeks 4-5; whenever the portal runs over it waits for
    Data Platform, so its holdup names the team and the portal. Data Lake also starts later,
    but only because what it waits for ends later: its team is free, so no holdup."""
    roadmap, low, high = _overrun()
    found = forecast(roadmap, low, high, runs=400, seed=2)
    portal, gdpr, lake = found.holdups()
    assert portal is None
    assert lake is None
    assert gdpr is not None
    assert gdpr.team == 0
    assert gdpr.holders == (0,)
    assert gdpr.share > 0.9  # the portal's effort is above its likely 4 in nearly every run
    late = found.detail.starts[:, 1] - 4
    assert gdpr.weeks == int(np.quantile(late[late > 0], 0.5, method="inverted_cdf"))
    assert gdpr.weeks >= 1


def test_with_no_spread_no_work_loses_its_slot():
    """Low = likely = high: every run is the plan, so nothing is held up."""
    roadmap, low, _ = _overrun()
    assert forecast(roadmap, low, low, runs=20).holdups() == [None, None, None]


def test_joined_forecasts_keep_every_run_and_name_the_same_holdups():
    """Forecasts worked out in chunks join into one with all their runs; the holdup reads the
    runs of every chunk."""
    roadmap, low, high = _overrun()
    parts = [forecast(roadmap, low, high, runs=150, seed=seed) for seed in (1, 2)]
    joined = Forecast.joined(parts)
    assert joined.runs == 300
    assert joined.detail is not None
    assert joined.detail.starts.shape == (300, parts[0].detail.starts.shape[1])
    gdpr = joined.holdups()[1]
    assert isinstance(gdpr, Holdup)
    assert gdpr.holders == (0,)
    assert gdpr.share == pytest.approx(
        np.mean([part.holdups()[1].share for part in parts]), abs=1e-9
    )
