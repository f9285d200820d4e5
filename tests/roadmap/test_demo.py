"""The demo company's roadmap: several initiatives slip, each saying which team, when and
behind which initiatives."""

from __future__ import annotations

import pytest

from tandem.demo import services
from tandem.roadmap import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_roadmap_has_slips_explained_by_team_weeks_and_competitors():
    """At least three initiatives slip for capacity, each naming a team, months and rivals."""
    services.demo_load(size="small")
    plan = selectors.roadmap_plan(user=None)
    explained = []
    for row in plan["initiatives"]:
        capacity = [c for c in row["causes"] if c["kind"] == "capacity" and c["competitors"]]
        if not (row["slip_weeks"] and capacity):
            continue
        cause = capacity[0]
        assert f"{cause['team']} is full " in row["explanation"]
        assert selectors.month_text(cause["first_week_start"]) in row["explanation"]
        assert cause["competitors"][0]["title"] in row["explanation"]
        explained.append(row)
    assert len(explained) >= 3
    assert plan["objective"]["unplanned"] == 0
