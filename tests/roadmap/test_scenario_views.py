"""Scenario pages: draft, add a change, compare with the plan, adopt; who may do what."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import Initiative
from tandem.roadmap import services
from tandem.roadmap.choices import ChangeKind, ScenarioStatus
from tandem.roadmap.models import Scenario

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _draft(by, **changes):
    scenario = services.scenario_create(data={"name": "Sanctions first"}, by=by)
    for kind, initiative in changes.items():
        scenario.refresh_from_db()
        services.change_add(scenario=scenario, data={"kind": kind, "initiative": initiative}, by=by)
    scenario.refresh_from_db()
    return scenario


def test_a_lead_drafts_a_scenario_adds_an_initiative_and_sees_what_slips(
    contest,
    urgent,
    business,
    web_client,
):
    """Create, add the urgent initiative ranked first, and read the moved dates on its page."""
    client = web_client(business)
    response = client.post(reverse("roadmap:scenario_create"), {"name": "Sanctions first"})
    scenario = Scenario.objects.get()
    assert response.status_code == 302
    assert response.url == scenario.get_absolute_url()
    for kind in (ChangeKind.ADD, ChangeKind.FIRST):
        scenario.refresh_from_db()
        response = client.post(
            reverse("roadmap:change_create", args=[scenario.pk]),
            {"kind": kind, "initiative": urgent.pk, "scenario_version": scenario.version},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    body = client.get(scenario.get_absolute_url()).content.decode()
    assert "Add Sanctions Screening to the roadmap" in body
    assert "Rank Sanctions Screening first" in body
    table = body[body.index('data-testid="compare-table"') :]
    assert 'data-shift="4"' in table
    assert "Customer Portal" in table
    assert "+4 later" in table
    assert Initiative.objects.get(pk=urgent.pk).state == InitiativeState.FEASIBILITY_REVIEW


def test_the_change_form_shows_only_the_fields_of_the_chosen_kind(contest, business, web_client):
    """Choosing 'Hire people' swaps in team, people and from; no initiative field."""
    scenario = _draft(business)
    response = web_client(business).get(scenario.get_absolute_url(), {"kind": "hire"}, headers=HTMX)
    body = response.content.decode()
    assert 'name="team"' in body
    assert 'name="people"' in body
    assert 'name="first_day"' in body
    assert 'name="initiative"' not in body
    assert "<html" not in body


def test_a_bad_change_is_shown_on_the_form_with_the_input_kept(contest, business, web_client):
    """A hire without a team answers 400 naming the field, nothing saved."""
    scenario = _draft(business)
    response = web_client(business).post(
        reverse("roadmap:change_create", args=[scenario.pk]),
        {"kind": "hire", "people": "3", "scenario_version": scenario.version},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required" in body.split('name="team"', 1)[1][:600]
    assert 'value="3"' in body
    assert scenario.changes.count() == 0


def test_compare_page_puts_any_two_plans_side_by_side(
    contest, urgent, business, viewer, web_client
):
    """A viewer compares the plan with a scenario; each side is named."""
    scenario = _draft(business, add=urgent, first=urgent)
    response = web_client(viewer).get(
        reverse("roadmap:compare"), {"left": "baseline", "right": scenario.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Finish in Sanctions first" in body
    assert "Finish in the plan" in body
    assert 'data-testid="compare-value"' in body
    assert 'data-testid="compare-teams"' in body
    assert 'data-only="right"' in body


def test_compare_with_an_unknown_scenario_is_404(contest, viewer, web_client):
    """A scenario id that does not exist is not found."""
    response = web_client(viewer).get(reverse("roadmap:compare"), {"right": "999999"})
    assert response.status_code == 404


def test_a_viewer_reads_scenarios_but_cannot_draft_or_change_one(
    contest, business, viewer, web_client
):
    """Viewers get 403 on every write, and see no buttons for them."""
    scenario = _draft(business)
    client = web_client(viewer)
    assert client.get(scenario.get_absolute_url()).status_code == 200
    assert client.post(reverse("roadmap:scenario_create"), {"name": "x"}).status_code == 403
    response = client.post(reverse("roadmap:change_create", args=[scenario.pk]), {"kind": "hire"})
    assert response.status_code == 403
    body = client.get(reverse("roadmap:scenario_list")).content.decode()
    assert 'data-testid="new-scenario"' not in body


def test_a_lead_cannot_change_another_leads_scenario(
    contest, urgent, business, business2, web_client
):
    """Another business lead reads it but gets 403 changing, renaming or deleting it."""
    scenario = _draft(business)
    client = web_client(business2)
    response = client.post(
        reverse("roadmap:change_create", args=[scenario.pk]),
        {"kind": "add", "initiative": urgent.pk},
    )
    assert response.status_code == 403
    assert client.post(reverse("roadmap:scenario_edit", args=[scenario.pk])).status_code == 403
    assert client.post(reverse("roadmap:scenario_delete", args=[scenario.pk])).status_code == 403
    assert scenario.changes.count() == 0


def test_only_the_portfolio_office_adopts(contest, urgent, business, portfolio, web_client):
    """The lead who drafted it cannot adopt; the office sees what will be written and adopts."""
    scenario = _draft(business, add=urgent)
    url = reverse("roadmap:scenario_adopt", args=[scenario.pk])
    assert web_client(business).post(url, {"version": scenario.version}).status_code == 403
    office = web_client(portfolio)
    assert "Add Sanctions Screening to the roadmap" in office.get(url).content.decode()
    response = office.post(url, {"version": scenario.version})
    assert response.status_code == 302
    assert response.url == reverse("roadmap:overview")
    scenario.refresh_from_db()
    assert scenario.status == ScenarioStatus.ADOPTED
    assert Initiative.objects.get(pk=urgent.pk).state == InitiativeState.APPROVED


def test_dropping_a_change_puts_the_plan_back(contest, urgent, business, web_client):
    """After dropping its only change, the scenario's page shows no moved dates."""
    scenario = _draft(business, add=urgent)
    change = scenario.changes.get()
    client = web_client(business)
    response = client.post(
        reverse("roadmap:change_delete", args=[scenario.pk, change.pk]), {"version": change.version}
    )
    assert response.status_code == 302
    body = client.get(scenario.get_absolute_url()).content.decode()
    assert 'data-testid="scenario-no-changes"' in body
    assert 'data-only="right"' not in body


def test_the_roadmap_page_switches_to_a_scenario(contest, urgent, business, viewer, web_client):
    """?scenario= draws the scenario's plan with a banner saying it is a what-if."""
    scenario = _draft(business, add=urgent, first=urgent)
    client = web_client(viewer)
    plain = client.get(reverse("roadmap:overview")).content.decode()
    assert f'<option value="{scenario.pk}">Scenario: Sanctions first</option>' in plain
    assert 'data-testid="scenario-banner"' not in plain
    body = client.get(reverse("roadmap:overview"), {"scenario": scenario.pk}).content.decode()
    assert 'data-testid="scenario-banner"' in body
    assert "Sanctions Screening" in body
    assert f"?group=goal&amp;scenario={scenario.pk}" in body
    assert 'data-testid="optimizer"' not in body
    assert client.get(reverse("roadmap:overview"), {"scenario": 999999}).status_code == 404
