"""The roadmap: initiatives placed on teams' free weekly capacity, every slip explained."""

from __future__ import annotations

import numpy as np
import pytest

from tandem.engine import InvalidInput
from tandem.engine.schedule import check
from tandem.engine.schedule.roadmap import (
    Item,
    Link,
    Package,
    Roadmap,
    describe,
    plan,
    priority_order,
)

TITLES = {"A": "Customer Portal", "B": "GDPR Retention", "C": "Data Lake", "D": "Payroll"}


def _words(placement) -> str:
    return describe(placement, title=TITLES.__getitem__, week=lambda w: f"week {w}")


def _roadmap(items, packages, *, capacity=None, links=(), teams=("Data Platform",)):
    if capacity is None:
        capacity = np.full((20, len(teams)), 2.0)
    return Roadmap(
        teams=tuple(teams),
        capacity=np.asarray(capacity, dtype=float),
        items=tuple(items),
        packages=tuple(packages),
        links=tuple(links),
    )


def _valid(roadmap: Roadmap):
    result = plan(roadmap)
    assert check(result.problem, result.job_starts) == []
    return result


def test_the_higher_ranked_initiative_goes_first_and_the_other_slip_names_it():
    """Two initiatives need the whole team: the lower-weighted one waits, and says for whom."""
    roadmap = _roadmap(
        [Item("B", "GDPR Retention", weight=1), Item("A", "Customer Portal", weight=10)],
        [Package(0, 0, effort=4, rate=2), Package(1, 0, effort=4, rate=2)],
    )
    result = _valid(roadmap)
    portal, gdpr = result.placements[1], result.placements[0]
    assert (portal.start, portal.finish, portal.slip) == (0, 2, 0)
    assert (gdpr.start, gdpr.finish, gdpr.earliest_finish, gdpr.slip) == (2, 4, 2, 2)
    assert _words(gdpr) == (
        "Finishes 2 weeks later than it could: Data Platform is full from week 0 to week 1 "
        "with Customer Portal (ranked higher or under way)."
    )
    assert _words(portal) == ""


def test_a_late_predecessor_is_named_with_the_week_it_finishes():
    """C must follow B (lag 1 week); B slips behind A, so C waits for B, not for a team."""
    roadmap = _roadmap(
        [
            Item("A", "Customer Portal", weight=10),
            Item("B", "GDPR Retention", weight=5),
            Item("C", "Data Lake", weight=1),
        ],
        [Package(0, 0, 4, 2), Package(1, 0, 4, 2), Package(2, 1, 2, 1)],
        capacity=np.full((20, 2), 2.0),
        teams=("Data Platform", "Integration"),
        links=[Link(before=1, after=2, lag=1)],
    )
    result = _valid(roadmap)
    lake = result.placements[2]
    assert (lake.start, lake.earliest_finish, lake.finish) == (5, 5, 7)
    assert [c.kind for c in lake.causes] == ["dependency"]
    assert _words(lake) == (
        "Finishes 2 weeks later than it could: waits for GDPR Retention until week 5."
    )


def test_a_capacity_dip_delays_work_with_no_one_to_blame():
    """A team with nobody free in weeks 0-2 starts the work in week 3; no competitor named."""
    capacity = np.full((10, 1), 2.0)
    capacity[:3] = 0
    roadmap = _roadmap([Item("D", "Payroll")], [Package(0, 0, 2, 1)], capacity=capacity)
    result = _valid(roadmap)
    payroll = result.placements[0]
    assert (payroll.start, payroll.finish, payroll.slip) == (3, 5, 3)
    assert _words(payroll) == (
        "Finishes 3 weeks later than it could: Data Platform has too few people free "
        "from week 0 to week 2."
    )


def test_lower_ranked_work_filling_the_gap_is_not_blamed_for_a_slip():
    """Three people: the portal takes two, reporting (ranked lower) the one left over; the
    data lake needs two, waits for the portal, and names only the portal."""
    roadmap = _roadmap(
        [
            Item("A", "Customer Portal", weight=10),
            Item("C", "Data Lake", weight=5),
            Item("B", "GDPR Retention", weight=1),
        ],
        [Package(0, 0, 4, 2), Package(1, 0, 4, 2), Package(2, 0, 2, 1)],
        capacity=np.full((20, 1), 3.0),
    )
    result = _valid(roadmap)
    portal, lake, gdpr = result.placements
    assert (portal.start, lake.start, gdpr.start) == (0, 2, 0)
    assert lake.causes[0].competitors == ("A",)
    assert lake.causes[0].ranked_lower == ()


def test_work_under_way_keeps_its_dates_and_holds_its_team():
    """A pinned, low-weight initiative keeps week 0; the higher-weighted one waits behind it."""
    roadmap = _roadmap(
        [Item("D", "Payroll", weight=1, pinned=0), Item("A", "Customer Portal", weight=9)],
        [Package(0, 0, 6, 2), Package(1, 0, 2, 2)],
    )
    result = _valid(roadmap)
    assert result.placements[0].start == 0
    portal = result.placements[1]
    assert (portal.start, portal.slip) == (3, 3)
    assert portal.causes[0].competitors == ("D",)


def test_a_team_without_free_people_cannot_host_the_work_and_says_so():
    """A team with no one free at the end of the horizon leaves the initiative unplanned."""
    roadmap = _roadmap(
        [Item("A", "Customer Portal"), Item("B", "GDPR Retention")],
        [Package(0, 0, 4, 1), Package(1, 1, 4, 1)],
        capacity=np.array([[2.0, 0.0]] * 5),
        teams=("Data Platform", "Security"),
    )
    result = plan(roadmap)
    blocked = result.placements[1]
    assert (blocked.start, blocked.finish) == (None, None)
    assert result.starts[1] is None
    assert _words(blocked) == (
        "Cannot be planned: Security never has enough people free for its share."
    )
    assert result.placements[0].finish == 4


def test_a_target_nothing_can_meet_is_explained_by_the_work_itself():
    """With every team free, 6 person-weeks at 1 person take 6 weeks: a week-4 target is missed."""
    roadmap = _roadmap([Item("A", "Customer Portal", target=4)], [Package(0, 0, 6, 1)])
    payroll = plan(roadmap).placements[0]
    assert (payroll.finish, payroll.late_by, payroll.slip) == (6, 2, 0)
    assert _words(payroll) == (
        "Misses its target by 2 weeks. Its own work takes it past the target, even with every "
        "team free."
    )


def test_a_rate_above_what_the_team_ever_has_is_spread_over_more_weeks():
    """6 person-weeks at 3 people on a 2-person team take 3 weeks at 2 people."""
    roadmap = _roadmap([Item("A", "Customer Portal")], [Package(0, 0, 6, 3)])
    result = _valid(roadmap)
    assert result.weeks == (3,)
    assert result.problem.requests[0].tolist() == [20]


def test_release_weeks_and_fractional_rates_are_honoured():
    """A half-time package released in week 4 runs weeks 4-7 beside a full-time one."""
    roadmap = _roadmap(
        [Item("A", "Customer Portal", release=4), Item("B", "GDPR Retention", weight=0.5)],
        [Package(0, 0, 2, 0.5), Package(1, 0, 6, 1.5)],
    )
    result = _valid(roadmap)
    assert (result.placements[0].start, result.placements[0].finish) == (4, 8)
    assert (result.placements[1].start, result.placements[1].finish) == (0, 4)


def test_objectives_weigh_lateness_and_completion():
    """Weighted tardiness counts weeks past target; weighted completion every finish week."""
    roadmap = _roadmap(
        [Item("A", "Customer Portal", weight=3, target=1), Item("B", "GDPR Retention", weight=1)],
        [Package(0, 0, 4, 2), Package(1, 0, 4, 2)],
    )
    result = plan(roadmap)
    assert result.weighted_tardiness(roadmap) == 3 * 1
    assert result.weighted_completion(roadmap) == 3 * 2 + 1 * 4
    assert priority_order(roadmap) == [0, 1]
    assert plan(roadmap, order=[1, 0]).placements[0].finish == 4


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"packages": (Package(0, 3, 1, 1),)}, "packages[0].team"),
        ({"packages": (Package(5, 0, 1, 1),)}, "packages[0].item"),
        ({"packages": (Package(0, 0, -1, 1),)}, "packages[0].effort"),
        ({"packages": (Package(0, 0, 1, 0),)}, "packages[0].rate"),
        ({"links": (Link(0, 0),)}, "links[0]"),
        ({"capacity": np.full((3, 2), 1.0)}, "capacity"),
        ({"capacity": np.full((3, 1), -1.0)}, "capacity"),
    ],
)
def test_bad_roadmaps_are_refused_naming_the_field(change, path):
    """Unknown teams or initiatives, negative effort, no rate, self links, bad capacity."""
    fields = {
        "teams": ("Data Platform",),
        "capacity": np.full((3, 1), 1.0),
        "items": (Item("A", "Customer Portal"),),
        "packages": (Package(0, 0, 1, 1),),
        "links": (),
    }
    fields.update(change)
    with pytest.raises(InvalidInput) as err:
        Roadmap(**fields)
    assert err.value.path == path


def test_usage_counts_each_package_rate_over_the_weeks_it_runs():
    """Usage per team and week adds each placed package's rate while it runs, cut at the
    weeks asked for."""
    roadmap = _roadmap(
        [Item("A", "Customer Portal", weight=10), Item("B", "GDPR Retention", weight=1)],
        [Package(0, 0, effort=4, rate=2), Package(1, 0, effort=3, rate=1), Package(1, 1, 2, 1)],
        capacity=np.full((20, 2), 2.0),
        teams=("Data Platform", "Web"),
    )
    result = _valid(roadmap)
    used = result.usage(roadmap, 6)
    assert used.shape == (6, 2)
    assert used[:, 0].tolist() == [2, 2, 1, 1, 1, 0]
    assert used[:, 1].tolist() == [1, 1, 0, 0, 0, 0]
    assert used.sum() == pytest.approx(9.0)
