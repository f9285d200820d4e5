"""The roadmap plan: who goes first, how a slip is explained, what is remembered."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tandem.portfolio import services as portfolio_services
from tandem.portfolio.choices import InitiativeState
from tandem.roadmap import engine_io, selectors
from tests.factories import EffortEstimateFactory, InitiativeFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _staffed_team():
    """An IT team of one full-time person."""
    team = TeamFactory()
    PersonFactory(team=team)
    return team


def _row(plan, initiative):
    return next(row for row in plan["initiatives"] if row["id"] == initiative.pk)


def test_roadmap_plan_puts_the_higher_ranked_initiative_first(contest, monday):
    """Customer Portal (ranked higher) takes the team's first four weeks."""
    plan = selectors.roadmap_plan(user=None)
    portal = _row(plan, contest.portal)
    assert (portal["start"], portal["finish"]) == (monday, monday + timedelta(weeks=3, days=4))
    assert (portal["slip_weeks"], portal["late_weeks"], portal["explanation"]) == (0, 0, "")
    assert portal["rank"] == 1


def test_roadmap_plan_explains_the_slip_with_team_weeks_and_competitor(contest, monday):
    """GDPR Retention waits four weeks behind Customer Portal; the explanation says so."""
    gdpr = _row(selectors.roadmap_plan(user=None), contest.gdpr)
    assert (gdpr["start_week"], gdpr["finish_week"], gdpr["earliest_finish_week"]) == (4, 8, 4)
    assert (gdpr["slip_weeks"], gdpr["late_weeks"], gdpr["target_week"]) == (4, 2, 6)
    first, last = (selectors.month_text(monday + timedelta(weeks=w)) for w in (0, 3))
    span = f"in {first}" if first == last else f"from {first} to {last}"
    assert gdpr["explanation"] == (
        "Misses its target by 2 weeks. Finishes 4 weeks later than it could: Data Platform "
        f"is full {span} with Customer Portal (ranked higher or under way)."
    )
    assert gdpr["causes"] == [
        {
            "kind": "capacity",
            "weeks": 4,
            "team": "Data Platform",
            "team_id": contest.team.pk,
            "first_week_start": monday,
            "last_week_start": monday + timedelta(weeks=3),
            "competitors": [{"id": contest.portal.pk, "title": "Customer Portal"}],
            "ranked_lower": [],
            "predecessor": None,
        }
    ]


def test_roadmap_plan_counts_slips_and_weighs_the_lateness(contest):
    """The objective figures count the slipped and late initiatives."""
    plan = selectors.roadmap_plan(user=None)
    figures = plan["objective"]
    assert (figures["initiatives"], figures["slipped"], figures["late"]) == (2, 1, 1)
    gdpr = _row(plan, contest.gdpr)
    assert figures["weighted_tardiness"] == pytest.approx(gdpr["weight"] * 2, abs=0.01)


def test_roadmap_plan_names_a_late_predecessor(contest, admin):
    """An initiative that depends on GDPR Retention waits for it, and says until when."""
    follow = InitiativeFactory(title="Archive Clean-up", state=InitiativeState.APPROVED)
    EffortEstimateFactory(initiative=follow, team=_staffed_team(), low=1, likely=2, rate=1)
    portfolio_services.dependency_create(
        data={"predecessor": contest.gdpr, "successor": follow}, by=admin
    )
    row = _row(selectors.roadmap_plan(user=None), follow)
    assert row["start_week"] == 8
    assert [cause["kind"] for cause in row["causes"]] == ["dependency"]
    assert row["causes"][0]["predecessor"] == {"id": contest.gdpr.pk, "title": "GDPR Retention"}
    assert "waits for GDPR Retention until" in row["explanation"]


def test_roadmap_plan_is_remembered_until_a_record_changes(contest, admin):
    """A second read reuses the plan; an edited estimate changes the stamp and the plan."""
    first = selectors.roadmap_plan(user=None)
    assert selectors.roadmap_plan(user=None)["data_stamp"] == first["data_stamp"]
    estimate = contest.gdpr.estimates.get()
    portfolio_services.estimate_update(
        estimate=estimate, data={"likely": 4, "version": estimate.version}, by=admin
    )
    second = selectors.roadmap_plan(user=None)
    assert second["data_stamp"] != first["data_stamp"]
    assert _row(second, contest.gdpr)["finish_week"] == 6


def test_roadmap_plan_reads_fresh_titles_from_a_remembered_plan(contest, admin):
    """A renamed initiative shows its new title without working the plan out again."""
    selectors.roadmap_plan(user=None)
    contest.portal.title = "Customer Portal 2"
    contest.portal.save()
    gdpr = _row(selectors.roadmap_plan(user=None), contest.gdpr)
    assert "with Customer Portal 2 (ranked higher" in gdpr["explanation"]


def test_initiative_plan_says_why_an_initiative_is_not_on_the_roadmap(contest):
    """An idea, and an approved initiative without estimates, each get a next step."""
    idea = InitiativeFactory(state=InitiativeState.IDEA)
    bare = InitiativeFactory(state=InitiativeState.APPROVED)
    assert "it is idea" in selectors.initiative_plan(user=None, initiative=idea)["reason"]
    reason = selectors.initiative_plan(user=None, initiative=bare)["reason"]
    assert reason.startswith("It is not on the roadmap yet: it has no effort estimate.")
    found = selectors.initiative_plan(user=None, initiative=contest.gdpr)
    assert (found["row"]["id"], found["reason"]) == (contest.gdpr.pk, "")


def test_roadmap_plan_explains_a_target_that_had_already_passed(contest, monday):
    """Work under way past its target date says the date has passed, not that it is long."""
    old = InitiativeFactory(
        title="Old Promise",
        state=InitiativeState.IN_PROGRESS,
        planned_start=monday - timedelta(weeks=10),
        planned_end=monday - timedelta(weeks=2),
        requested_end=monday - timedelta(weeks=3),
    )
    EffortEstimateFactory(initiative=old, team=_staffed_team(), low=2, likely=4, rate=1)
    row = _row(selectors.roadmap_plan(user=None), old)
    assert (row["start_week"], row["finish_week"], row["under_way"]) == (0, 1, True)
    assert row["late_weeks"] == 3
    assert row["explanation"].startswith("Misses its target by 3 weeks: its target date, ")
    assert row["explanation"].endswith("has passed and the work is still under way.")
    assert engine_io.ROADMAP_STATES == (InitiativeState.APPROVED, InitiativeState.IN_PROGRESS)
