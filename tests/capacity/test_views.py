"""The capacity pages: overview, a team's breakdown, and an initiative's impact."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tandem.portfolio.choices import InitiativeState
from tests.factories import (
    EffortEstimateFactory,
    InitiativeFactory,
    LeaveFactory,
    NonDiscretionaryLoadFactory,
    PersonFactory,
    PlannedHireFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _monday(weeks: int = 0) -> date:
    today = timezone.localdate()
    return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)


@pytest.fixture
def plan():
    """Data Platform (one full-time person) has 8 person-weeks of approved work squeezed into
    weeks 2-5 from now: 200% for four weeks. Apps (one person) has nothing committed."""
    data = TeamFactory(name="Data Platform")
    apps = TeamFactory(name="Apps")
    PersonFactory(name="Dana Data", team=data, start_date=date(2020, 1, 1))
    PersonFactory(name="Ada Apps", team=apps, start_date=date(2020, 1, 1))
    portal = InitiativeFactory(
        title="Customer portal",
        state=InitiativeState.APPROVED,
        planned_start=_monday(2),
        planned_end=_monday(5) + timedelta(days=4),
    )
    EffortEstimateFactory(initiative=portal, team=data, likely=Decimal("8"))
    return {"data": data, "apps": apps, "portal": portal}


def test_overview_lists_where_teams_run_short_with_the_initiatives_behind_it(
    plan, viewer, web_client
):
    """The shortfall table names the team, the weeks as dates, the peak and the initiative,
    linked to its page; the heatmap's data names both teams."""
    response = web_client(viewer).get(reverse("capacity:overview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "How much of each IT team is already spoken for, by what, and what is left." in body
    assert 'data-testid="shortfalls"' in body
    first, last = _monday(2), _monday(5) + timedelta(days=4)
    assert f"{first.day} {first:%b %Y} – {last.day} {last:%b %Y}" in body
    assert "200%" in body
    portal_url = reverse("portfolio:initiative_detail", args=[plan["portal"].pk])
    assert f'<a href="{portal_url}">Customer portal</a>' in body
    assert response.context["heatmap"]["yAxis"]["data"] == ["Apps", "Data Platform"]
    assert "/static/vendor/echarts/echarts.min.js" in body
    assert "/static/tandem/charts.js" in body
    assert 'id="chart-heatmap" type="application/json"' in body


def test_overview_filters_by_team_and_grain(plan, viewer, web_client):
    """The team filter keeps that team's rows only; the grain rolls weeks into months."""
    client = web_client(viewer)
    url = reverse("capacity:overview")
    apps = client.get(url, {"team": plan["apps"].pk})
    assert [t["name"] for t in apps.context["plan"]["teams"]] == ["Apps"]
    assert apps.context["plan"]["spans"] == []
    assert "No team has more work than people in this period." in apps.content.decode()
    assert apps.context["subject"] == "Apps"
    monthly = client.get(url, {"grain": "month"}, headers=HTMX)
    body = monthly.content.decode()
    assert monthly.context["plan"]["grain"] == "month"
    assert "<html" not in body  # only the `body` region for HTMX
    assert monthly.context["heatmap"]["xAxis"]["name"] == "Month"
    assert all(len(p["label"]) == 7 for p in monthly.context["plan"]["periods"])  # "2027-02"
    team_link = reverse("capacity:team", args=[plan["data"].pk]) + "?grain=month"
    assert team_link in body


def test_overview_explains_a_refused_date_range(plan, viewer, web_client):
    """An end before the start is explained on the page and the default horizon is shown."""
    response = web_client(viewer).get(
        reverse("capacity:overview"), {"from": "2027-03-01", "to": "2027-01-01"}
    )
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in response.content.decode()
    assert len(response.context["plan"]["periods"]) == 26


def test_overview_without_teams_says_to_add_teams_and_people(viewer, web_client):
    """With no IT team, the page says what to do next and links to the organization pages."""
    body = web_client(viewer).get(reverse("capacity:overview")).content.decode()
    assert "There are no IT teams yet, so there is no capacity to show." in body
    assert reverse("organization:team_list") in body
    assert reverse("organization:person_list") in body
    assert 'data-testid="heatmap"' not in body


def test_overview_without_people_says_to_add_people(viewer, web_client):
    """Teams without people have no capacity: the page asks for people."""
    TeamFactory(name="Data Platform")
    body = web_client(viewer).get(reverse("capacity:overview")).content.decode()
    assert "No one works in the IT teams in this period" in body
    assert reverse("organization:person_list") in body


def test_team_page_shows_breakdown_records_and_links_to_people(plan, viewer, web_client):
    """The full team page has the chart, the numbers per week, the team's run work, hires
    and upcoming leave, and a link to its people."""
    team = plan["data"]
    NonDiscretionaryLoadFactory(team=team, note="Second-line tickets")
    PlannedHireFactory(team=team, title="Data engineer", expected_start=_monday(10))
    LeaveFactory(
        person=team.members.get(), first_day=_monday(3), last_day=_monday(3) + timedelta(days=4)
    )
    response = web_client(viewer).get(reverse("capacity:team", args=[team.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="chart-team-breakdown" type="application/json"' in body
    assert 'data-testid="period-table"' in body
    assert "Second-line tickets" in body
    assert "Data engineer" in body
    assert "Dana Data" in body
    assert f"{reverse('organization:person_list')}?team={team.pk}" in body
    assert response.context["breakdown_chart"]["title"]["text"] == (
        "Data Platform: what the time goes to"
    )


def test_team_breakdown_is_a_partial_for_htmx(plan, viewer, web_client):
    """Clicking a team on the overview loads only its breakdown, with a way to the full page."""
    team = plan["data"]
    body = (
        web_client(viewer)
        .get(reverse("capacity:team", args=[team.pk]), {"grain": "quarter"}, headers=HTMX)
        .content.decode()
    )
    assert "<html" not in body
    assert 'data-testid="team-breakdown"' in body
    assert "Upcoming leave" not in body
    assert f"{reverse('capacity:team', args=[team.pk])}?grain=quarter" in body
    assert "Customer portal" in body


def test_impact_partial_shows_a_proposal_pushing_a_team_over(plan, viewer, web_client):
    """A proposed initiative asking Apps for 4 person-weeks in two weeks pushes it to 200%:
    the partial says so, names the team, the weeks and the shortfall."""
    proposal = InitiativeFactory(
        title="Partner API",
        state=InitiativeState.INTAKE,
        planned_start=_monday(8),
        planned_end=_monday(9) + timedelta(days=4),
    )
    EffortEstimateFactory(initiative=proposal, team=plan["apps"], likely=Decimal("4"))
    url = reverse("capacity:initiative_impact", args=[proposal.pk])
    response = web_client(viewer).get(url, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Approving it would push Apps over capacity" in body
    assert "Pushes it over 100%" in body
    assert "200%" in body
    assert "text-danger-emphasis" in body  # the summary reads as a warning
    full = web_client(viewer).get(url).content.decode()
    assert "<html" in full
    assert "Impact on IT capacity" in full


def test_impact_partial_explains_an_initiative_without_estimates(plan, viewer, web_client):
    """An idea with no estimate takes no capacity, and the partial says why."""
    idea = InitiativeFactory(title="Someday")
    body = (
        web_client(viewer)
        .get(reverse("capacity:initiative_impact", args=[idea.pk]), headers=HTMX)
        .content.decode()
    )
    assert 'data-testid="impact-summary"' in body
    assert 'data-testid="impact-teams"' not in body


def test_initiative_page_loads_the_impact_card(plan, viewer, web_client):
    """The initiative page asks for its impact with HTMX on load, showing a loading line."""
    body = (
        web_client(viewer)
        .get(reverse("portfolio:initiative_detail", args=[plan["portal"].pk]))
        .content.decode()
    )
    impact = reverse("capacity:initiative_impact", args=[plan["portal"].pk])
    assert f'hx-get="{impact}" hx-trigger="load"' in body
    assert "Impact on IT capacity" in body
    assert "echarts.min.js" not in body


def test_navigation_points_at_the_capacity_section(viewer, web_client):
    """The Capacity item leads to the overview and is marked current there."""
    body = web_client(viewer).get(reverse("capacity:overview")).content.decode()
    link = r'class="nav-link active"\s+aria-current="page"\s+href="/capacity/">Capacity<'
    assert re.search(link, body)
    dashboard = web_client(viewer).get(reverse("web:dashboard")).content.decode()
    assert 'href="/capacity/">Capacity<' in dashboard
    assert "echarts.min.js" not in dashboard
