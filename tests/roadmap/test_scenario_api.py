"""The scenario API: draft, change, plan with `GET /api/plan?scenario=`, adopt."""

from __future__ import annotations

import pytest

from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import Initiative

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _post(client, url, body):
    return client.post(url, body, content_type=JSON)


def test_a_scenario_drafted_through_the_api_plans_the_urgent_initiative_first(
    contest,
    urgent,
    business,
    portfolio,
    api_client,
):
    """Create, add and rank first, read the plan for it, then the office adopts."""
    lead = api_client(business)
    created = _post(lead, "/api/scenarios", {"name": "Sanctions first"})
    assert created.status_code == 201, created.content
    scenario = created.json()
    assert (scenario["status"], scenario["changes"]) == ("draft", [])
    url = f"/api/scenarios/{scenario['id']}/changes"
    for kind in ("add", "first"):
        response = _post(lead, url, {"kind": kind, "initiative": urgent.pk})
        assert response.status_code == 201, response.content
    assert response.json()["summary"] == "Rank Sanctions Screening first"
    plan = lead.get(f"/api/plan?scenario={scenario['id']}").json()
    assert plan["scenario"] == {"id": scenario["id"], "name": "Sanctions first"}
    rows = {row["title"]: row for row in plan["initiatives"]}
    assert rows["Sanctions Screening"]["start_week"] == 0
    baseline = {row["title"]: row for row in lead.get("/api/plan").json()["initiatives"]}
    assert rows["Customer Portal"]["finish_week"] == baseline["Customer Portal"]["finish_week"] + 4
    detail = lead.get(f"/api/scenarios/{scenario['id']}").json()
    assert [c["kind"] for c in detail["changes"]] == ["add", "first"]
    adopt = f"/api/scenarios/{scenario['id']}/adopt"
    assert _post(lead, adopt, {"version": detail["version"]}).status_code == 403
    adopted = _post(api_client(portfolio), adopt, {"version": detail["version"]})
    assert adopted.status_code == 200, adopted.content
    assert adopted.json()["status"] == "adopted"
    assert Initiative.objects.get(pk=urgent.pk).state == InitiativeState.APPROVED


def test_a_change_missing_a_field_is_a_400_naming_it(contest, business, api_client):
    """A load without hours names hours_per_week; an unknown team id names team."""
    lead = api_client(business)
    scenario = _post(lead, "/api/scenarios", {"name": "Freeze"}).json()
    url = f"/api/scenarios/{scenario['id']}/changes"
    missing = _post(lead, url, {"kind": "load", "team": contest.team.pk, "first_day": "2027-01-04"})
    assert missing.status_code == 400
    assert missing.json()["field"] == "hours_per_week"
    unknown = _post(lead, url, {"kind": "hire", "team": 999999, "people": 1})
    assert (unknown.status_code, unknown.json()["field"]) == (400, "team")


def test_plan_for_an_unknown_scenario_is_404(contest, viewer, api_client):
    """A scenario id that matches nothing is not found."""
    assert api_client(viewer).get("/api/plan?scenario=999999").status_code == 404


def test_a_stale_adoption_is_409_and_writes_nothing(contest, urgent, portfolio, api_client):
    """Adopting an old version of the scenario is refused."""
    office = api_client(portfolio)
    scenario = _post(office, "/api/scenarios", {"name": "Sanctions first"}).json()
    _post(
        office, f"/api/scenarios/{scenario['id']}/changes", {"kind": "add", "initiative": urgent.pk}
    )
    response = _post(office, f"/api/scenarios/{scenario['id']}/adopt", {"version": 1})
    assert response.status_code == 409
    assert Initiative.objects.get(pk=urgent.pk).state == InitiativeState.FEASIBILITY_REVIEW
