"""GET /api/capacity and /api/capacity/impact: the plan as JSON, bad input named by field."""

from datetime import date

import pytest
from django.test import Client

from tandem.accounts.services import token_create
from tandem.portfolio.choices import InitiativeState
from tests.factories import EffortEstimateFactory, InitiativeFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(viewer):
    _, raw = token_create(username=viewer.username)
    return Client(headers={"Authorization": f"Bearer {raw}"})


@pytest.fixture
def team():
    team = TeamFactory(name="Apps")
    PersonFactory(team=team)
    initiative = InitiativeFactory(
        title="Portal",
        state=InitiativeState.APPROVED,
        planned_start=date(2027, 1, 4),
        planned_end=date(2027, 1, 31),
    )
    EffortEstimateFactory(initiative=initiative, team=team, low=8, likely=8, high=8)
    return team


def test_capacity_answers_arrays_per_period_with_from_to_and_grain(api, team):
    answer = api.get("/api/capacity?from=2027-01-04&to=2027-03-28&grain=month")
    assert answer.status_code == 200
    plan = answer.json()
    assert (plan["start"], plan["end"], plan["grain"]) == ("2027-01-04", "2027-03-28", "month")
    assert [p["label"] for p in plan["periods"]] == ["2027-01", "2027-02", "2027-03"]
    (row,) = plan["teams"]
    assert row["name"] == "Apps"
    assert row["committed"] == [8.0, 0.0, 0.0]
    assert row["utilization_pct"][0] == 200.0  # 2 person-weeks a week on one person
    (span,) = plan["spans"]
    assert span["initiatives"][0]["initiative"] == "Portal"
    assert span["initiatives"][0]["person_weeks"] == 8.0
    assert set(plan["forecast"]) >= {"estimator", "bottlenecks", "history", "periods", "teams"}


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("?grain=day", 400, "grain"),
        ("?from=2027-05-01&to=2027-01-01", 400, "to"),
        ("?from=2027-01-01&to=2040-01-01", 400, "to"),
        ("?from=yesterday", 400, "from"),
        ("?team=999999", 404, "team"),
    ],
)
def test_capacity_refuses_bad_input_naming_the_field(api, team, query, status, field):
    answer = api.get(f"/api/capacity{query}")
    assert answer.status_code == status
    assert answer.json()["field"] == field


def test_capacity_narrows_to_one_team(api, team):
    TeamFactory(name="Other")
    plan = api.get(f"/api/capacity?team={team.pk}").json()
    assert [row["id"] for row in plan["teams"]] == [team.pk]


def test_impact_names_the_team_pushed_over(api, team):
    proposal = InitiativeFactory(
        state=InitiativeState.FEASIBILITY_REVIEW,
        planned_start=date(2027, 1, 4),
        planned_end=date(2027, 1, 31),
    )
    EffortEstimateFactory(initiative=proposal, team=team, low=2, likely=2, high=2)
    answer = api.get(f"/api/capacity/impact?initiative={proposal.pk}")
    assert answer.status_code == 200
    found = answer.json()
    assert found["fits"] is False
    assert found["teams"][0]["name"] == "Apps"
    assert found["teams"][0]["over"] is True
    assert "Apps over capacity" in found["summary"]


def test_impact_of_an_unknown_initiative_is_404_and_a_missing_one_400(api):
    assert api.get("/api/capacity/impact?initiative=424242").status_code == 404
    missing = api.get("/api/capacity/impact")
    assert missing.status_code == 400
    assert missing.json()["field"] == "initiative"
