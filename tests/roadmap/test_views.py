"""The roadmap page (Gantt chart and table), its empty state, and the initiative card."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tandem.portfolio.choices import InitiativeState
from tests.factories import EffortEstimateFactory, InitiativeFactory, StrategicGoalFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def test_roadmap_page_draws_the_gantt_chart_with_title_legend_and_today(
    contest, viewer, web_client
):
    """The chart is server-side SVG with a title, units, a legend, a today line and bars."""
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    svg = body[body.index('<svg class="gantt"') : body.index("</svg>")]
    assert "When each initiative can be delivered" in svg
    assert "months on the axis" in svg
    for label in ("On plan", "Later than it could be", "Misses its target", "Today"):
        assert f">{label}</text>" in svg
    assert svg.count('class="gantt-row"') == 2
    assert 'data-status="late"' in svg
    assert "<script" not in body.split("<main", 1)[-1]


def test_roadmap_page_explains_the_slip_in_the_tooltip_and_the_table(contest, viewer, web_client):
    """The slipped bar's <title> and the "Why later" column both name team and competitor."""
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    tips = re.findall(r"<title>(GDPR Retention: [^<]+)</title>", body)
    assert tips
    assert "Data Platform is full" in tips[0]
    assert "with Customer Portal (ranked higher or under way)" in tips[0]
    table = body[body.index('data-testid="roadmap-table"') :]
    assert "Why later" in table
    assert "Finishes 4 weeks later than it could: Data Platform is full" in table
    assert "As early as it can be." in table


def test_roadmap_page_groups_by_goal_and_htmx_gets_only_the_body(contest, viewer, web_client):
    """?group=goal groups under goals ("No strategic goal" for the rest); HTMX gets the body."""
    contest.portal.goals.add(StrategicGoalFactory(title="Serve customers online"))
    client = web_client(viewer)
    page = client.get(reverse("roadmap:overview"), {"group": "goal"}).content.decode()
    assert "Serve customers online" in page
    assert "No strategic goal" in page
    part = client.get(reverse("roadmap:overview"), {"group": "goal"}, headers=HTMX)
    assert "<html" not in part.content.decode()
    assert 'data-testid="roadmap-gantt"' in part.content.decode()


def test_roadmap_page_says_what_to_do_when_nothing_is_planned(viewer, web_client):
    """Without approved initiatives with estimates, the page says how to get some."""
    InitiativeFactory(state=InitiativeState.APPROVED)  # no estimate
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    assert 'data-testid="roadmap-empty"' in body
    assert "No approved initiatives with effort estimates yet" in body
    assert '<svg class="gantt"' not in body


def test_roadmap_is_in_the_navigation(viewer, web_client):
    """The Roadmap entry leads to the roadmap page and is marked current there."""
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    assert f'href="{reverse("roadmap:overview")}">Roadmap</a>' in re.sub(r"\s+", " ", body)
    assert 'aria-current="page"' in body


def test_initiative_card_says_when_it_can_be_delivered_and_why(contest, viewer, web_client):
    """The HTMX card has the planned dates and the explanation, without the page around it."""
    url = reverse("roadmap:initiative_plan", args=[contest.gdpr.pk])
    part = web_client(viewer).get(url, headers=HTMX).content.decode()
    assert "<html" not in part
    assert "Planned start" in part
    assert "Finishes 4 weeks later than it could: Data Platform is full" in part
    assert "2 weeks late" in part
    whole = web_client(viewer).get(url).content.decode()
    assert "When can we have it?" in whole


def test_initiative_card_says_why_an_idea_is_not_planned(viewer, web_client):
    """An idea's card explains that only approved and in-progress work is planned."""
    idea = InitiativeFactory(state=InitiativeState.IDEA)
    url = reverse("roadmap:initiative_plan", args=[idea.pk])
    part = web_client(viewer).get(url, headers=HTMX).content.decode()
    assert "only approved and in-progress initiatives are planned" in part


def test_initiative_page_loads_the_card_with_htmx(contest, viewer, web_client):
    """The initiative page asks for the card on load rather than working the plan out."""
    url = reverse("portfolio:initiative_detail", args=[contest.gdpr.pk])
    body = web_client(viewer).get(url).content.decode()
    assert f'hx-get="{reverse("roadmap:initiative_plan", args=[contest.gdpr.pk])}"' in body
    assert "When can we have it?" in body


def test_missing_initiative_card_is_404(viewer, web_client):
    """A card for an initiative that does not exist is a 404."""
    url = reverse("roadmap:initiative_plan", args=[999999])
    assert web_client(viewer).get(url).status_code == 404


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_roadmap_page_queries_do_not_grow_with_initiatives(contest, viewer, web_client):
    """A remembered plan is shown with the same few queries for 2 or 8 initiatives."""
    client = web_client(viewer)
    url = reverse("roadmap:overview")
    few = _queries(client, url)
    for _ in range(6):
        initiative = InitiativeFactory(state=InitiativeState.APPROVED)
        EffortEstimateFactory(initiative=initiative, team=contest.team)
    assert _queries(client, url) == few
    # Queries: session, user, stamp (2), titles and goals (2), groups, forecast job,
    # optimizer job and the draft scenarios for the switch.
    assert few <= 10, few


def test_roadmap_page_shows_work_no_team_can_take(contest, viewer, web_client):
    """Work for a team with nobody in it cannot be planned, and the page says which team."""
    stranded = InitiativeFactory(title="Stranded Work", state=InitiativeState.APPROVED)
    EffortEstimateFactory(initiative=stranded)  # a new team with no people
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    assert "Cannot be planned: see the table below" in body
    assert re.search(r"Cannot be planned: IT team \d+ never has enough people free", body)
