"""Undoing "ranked first": the ranking places the initiative again; only the office may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.audit.models import AuditEvent
from tandem.core.errors import Conflict
from tandem.roadmap import selectors, services
from tandem.roadmap.models import RankedFirst

pytestmark = pytest.mark.django_db


def _starts(user):
    plan = selectors.roadmap_plan(user=user)
    return {row["title"]: row["start_week"] for row in plan["initiatives"]}


@pytest.fixture
def ranked(contest):
    """GDPR Retention (scored lower than Customer Portal) decided to go first."""
    return RankedFirst.objects.create(initiative=contest.gdpr)


def test_clearing_lets_the_ranking_place_the_initiative_again(contest, ranked, portfolio):
    """Ranked first, GDPR starts at once; cleared, it waits for the portal again (week 4)."""
    assert _starts(portfolio) == {"GDPR Retention": 0, "Customer Portal": 4}
    services.ranked_first_clear(ranked=ranked, by=portfolio, version=ranked.version)
    assert not RankedFirst.objects.exists()
    assert _starts(portfolio) == {"Customer Portal": 0, "GDPR Retention": 4}
    event = AuditEvent.objects.get(action="ranked_first_cleared")
    assert (event.actor, event.target) == (portfolio, "GDPR Retention")
    assert event.detail == {"initiative": contest.gdpr.pk, "scenario": None}


def test_a_stale_version_is_a_conflict_and_keeps_the_decision(ranked, portfolio):
    """Someone changed the decision since the page was read: 409, nothing deleted."""
    with pytest.raises(Conflict):
        services.ranked_first_clear(ranked=ranked, by=portfolio, version=ranked.version + 1)
    assert RankedFirst.objects.filter(pk=ranked.pk).exists()


def test_the_card_shows_the_decision_and_only_the_office_gets_the_button(
    contest, ranked, portfolio, business, web_client
):
    """The office sees "Place it by its score again"; a business lead is told who can."""
    url = reverse("roadmap:initiative_plan", args=[contest.gdpr.pk])
    office_page = web_client(portfolio).get(url).content.decode()
    assert 'data-testid="ranked-first"' in office_page
    assert 'data-testid="ranked-first-clear"' in office_page
    lead_page = web_client(business).get(url).content.decode()
    assert "Ranked first." in lead_page
    assert 'data-testid="ranked-first-clear"' not in lead_page
    assert "The portfolio office can undo this decision." in lead_page


def test_the_office_clears_it_from_the_card(contest, ranked, portfolio, web_client):
    """The button posts the version, goes back to the card and says what happened."""
    url = reverse("roadmap:ranked_first_clear", args=[contest.gdpr.pk])
    response = web_client(portfolio).post(url, {"version": ranked.version}, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "roadmap:initiative_plan", args=[contest.gdpr.pk]
    )
    body = response.content.decode()
    assert "“GDPR Retention” is placed by its ranking score again." in body
    assert 'data-testid="ranked-first"' not in body
    assert not RankedFirst.objects.exists()


def test_a_stale_card_shows_the_conflict_and_keeps_the_decision(
    contest, ranked, portfolio, web_client
):
    """A second tab that read an older version gets the conflict as a message."""
    url = reverse("roadmap:ranked_first_clear", args=[contest.gdpr.pk])
    response = web_client(portfolio).post(url, {"version": ranked.version + 1}, follow=True)
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert RankedFirst.objects.filter(pk=ranked.pk).exists()


@pytest.mark.parametrize("persona", ["business", "itlead", "viewer"])
def test_leads_and_viewers_cannot_clear_it(contest, ranked, personas, persona, web_client):
    """Only the office and admins take the decision back; the others get 403, nothing lost."""
    url = reverse("roadmap:ranked_first_clear", args=[contest.gdpr.pk])
    response = web_client(personas[persona]).post(url, {"version": ranked.version})
    assert response.status_code == 403
    assert RankedFirst.objects.filter(pk=ranked.pk).exists()


def test_the_api_clears_it_and_answers_404_when_there_is_nothing_to_clear(
    contest, ranked, portfolio, api_client
):
    """DELETE /api/initiatives/{id}/ranked-first: 204, then 404 naming why."""
    client = api_client(portfolio)
    url = f"/api/initiatives/{contest.gdpr.pk}/ranked-first"
    assert client.delete(f"{url}?version={ranked.version}").status_code == 204
    again = client.delete(url)
    assert again.status_code == 404
    assert again.json()["code"] == "RANKED_FIRST_NOT_FOUND"
    assert "ranking places it by its score" in again.json()["detail"]
