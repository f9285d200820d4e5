"""The roadmap optimizer: never worse than the greedy plan, better where greed costs targets."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.engine import InvalidInput
from tandem.engine.schedule import check
from tandem.engine.schedule.optimize import TARDINESS_FACTOR, objective_of, optimize
from tandem.engine.schedule.roadmap import (
    Cause,
    Item,
    Link,
    Package,
    Placement,
    Roadmap,
    describe,
    plan,
)


def _roadmap(items, packages, *, weeks=30, people=2.0, links=()):
    return Roadmap(
        teams=("Data Platform",),
        capacity=np.full((weeks, 1), people),
        items=tuple(items),
        packages=tuple(packages),
        links=tuple(links),
    )


def _urgent_but_light():
    """The portal (weight 10, no target) goes first greedily and makes the small, due-soon
    retention work (weight 1, due by week 2) 4 weeks late."""
    return _roadmap(
        [Item("A", "Customer Portal", weight=10), Item("B", "GDPR Retention", 1, target=2)],
        [Package(0, 0, effort=8, rate=2), Package(1, 0, effort=4, rate=2)],
    )


def test_the_optimizer_meets_a_target_the_greedy_plan_misses():
    """Retention goes first and is on time; the objective falls from 86 to 62 (proven)."""
    roadmap = _urgent_but_light()
    result = optimize(roadmap, time_limit=5)
    assert result.greedy_objective == TARDINESS_FACTOR * 4 + 10 * 4 + 6 == 86
    assert result.objective == 10 * 6 + 2 == 62
    assert result.status == "optimal"
    assert result.gap == 0
    retention = result.plan.placements[1]
    assert (retention.start, retention.finish, retention.late_by) == (0, 2, 0)
    assert check(result.plan.problem, result.plan.job_starts.tolist()) == []
    assert objective_of(roadmap, result.plan) == 62


def test_an_optimized_slip_names_the_lower_ranked_work_put_first():
    """The portal waits for retention, which the optimizer put first though ranked lower: the
    explanation names it, and says so."""
    result = optimize(_urgent_but_light(), time_limit=5)
    portal = result.plan.placements[0]
    assert (portal.start, portal.finish, portal.slip) == (2, 6, 2)
    (cause,) = portal.causes
    assert (cause.kind, cause.first, cause.last) == ("capacity", 0, 1)
    assert cause.competitors == cause.ranked_lower == ("B",)
    words = describe(
        portal,
        title={"A": "Customer Portal", "B": "GDPR Retention"}.get,
        week=lambda w: f"week {w}",
    )
    assert words == (
        "Finishes 2 weeks later than it could: Data Platform is full from week 0 to week 1 "
        "with GDPR Retention (ranked lower; the optimized plan puts it first)."
    )


def test_a_slip_names_higher_and_lower_ranked_holders_apart():
    """Holders of both kinds are listed in their groups, busiest first within each."""
    cause = Cause(
        kind="capacity",
        weeks=3,
        team="Data Platform",
        first=0,
        last=2,
        competitors=("C", "A", "B"),
        ranked_lower=("C", "B"),
    )
    placement = Placement("D", 3, 5, 2, None, (cause,))
    titles = {"A": "Portal", "B": "Reports", "C": "Payroll"}
    assert describe(placement, title=titles.get, week=lambda w: f"week {w}") == (
        "Finishes 3 weeks later than it could: Data Platform is full from week 0 to week 2 "
        "with Portal (ranked higher or under way) and Payroll and Reports (ranked lower; the "
        "optimized plan puts them first)."
    )


def test_the_optimizer_is_never_worse_and_keeps_pins_releases_and_links():
    """With work under way, a release and a dependency, the answer is valid and no worse."""
    roadmap = _roadmap(
        [
            Item("A", "Payroll", weight=3, pinned=1),
            Item("B", "Data Lake", weight=5, release=3, target=8),
            Item("C", "Portal", weight=8, target=6),
            Item("D", "Reports", weight=2, target=9),
        ],
        [
            Package(0, 0, effort=4, rate=1),
            Package(1, 0, effort=6, rate=2),
            Package(2, 0, effort=6, rate=1),
            Package(3, 0, effort=2, rate=1),
        ],
        links=(Link(before=2, after=3),),
    )
    result = optimize(roadmap, time_limit=5)
    assert check(result.plan.problem, result.plan.job_starts.tolist()) == []
    assert result.objective <= result.greedy_objective
    assert result.plan.placements[0].start == 1
    assert result.plan.placements[1].start >= 3
    assert result.plan.placements[3].start >= result.plan.placements[2].finish


def test_a_baseline_with_stability_keeps_the_known_plan():
    """Heavily weighted stability keeps every package at its baseline start."""
    roadmap = _urgent_but_light()
    known = plan(roadmap).starts
    result = optimize(roadmap, time_limit=5, baseline=known, stability=100)
    assert result.plan.starts == known


def test_bad_arguments_name_the_field():
    """A baseline of the wrong length, or negative stability, is refused."""
    roadmap = _urgent_but_light()
    with pytest.raises(InvalidInput, match="baseline"):
        optimize(roadmap, baseline=[0])
    with pytest.raises(InvalidInput, match="stability"):
        optimize(roadmap, stability=-1)
