"""The prioritization API and the `rank` and `select` commands."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tandem.prioritization.models import Score
from tests.factories import BusinessOutcomeFactory, InitiativeFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _put(client, initiative, criterion, body):
    return client.put(
        f"/api/initiatives/{initiative.pk}/scores/{criterion.pk}", body, content_type=JSON
    )


def test_scoring_creates_then_changes_with_the_version(api_client, business, scoring_model):
    initiative = InitiativeFactory()
    revenue = scoring_model.criteria.get(key="revenue_impact")
    client = api_client(business)
    created = _put(client, initiative, revenue, {"value": 4, "rationale": "Customers ask."})
    assert created.status_code == 201, created.json()
    assert created.json() | {"id": 0, "created": 0, "updated": 0} == {
        "id": 0,
        "created": 0,
        "updated": 0,
        "version": 1,
        "initiative": initiative.pk,
        "criterion": revenue.pk,
        "scorer": business.pk,
        "side": "business",
        "unit": business.person.unit_id,
        "value": 4,
        "rationale": "Customers ask.",
    }
    changed = _put(client, initiative, revenue, {"value": 5, "version": 1})
    assert (changed.status_code, changed.json()["value"], changed.json()["version"]) == (200, 5, 2)
    stale = _put(client, initiative, revenue, {"value": 1, "version": 1})
    assert (stale.status_code, stale.json()["code"]) == (409, "VERSION_CONFLICT")
    assert Score.objects.get().value == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [({"value": 6}, "value"), ({"value": -1}, "value"), ({"value": 3, "colour": "red"}, "colour")],
    ids=["above the scale", "below the scale", "unknown field"],
)
def test_bad_scores_are_refused_naming_the_field(api_client, business, scoring_model, body, field):
    initiative = InitiativeFactory()
    revenue = scoring_model.criteria.get(key="revenue_impact")
    response = _put(api_client(business), initiative, revenue, body)
    assert (response.status_code, response.json()["field"]) == (400, field)
    assert not Score.objects.exists()


def test_a_viewer_cannot_score_and_another_lead_cannot_withdraw_a_score(
    api_client, business, business2, viewer, scoring_model
):
    initiative = InitiativeFactory()
    revenue = scoring_model.criteria.get(key="revenue_impact")
    assert _put(api_client(viewer), initiative, revenue, {"value": 3}).status_code == 403
    score = _put(api_client(business), initiative, revenue, {"value": 3}).json()
    refused = api_client(business2).delete(f"/api/scores/{score['id']}")
    assert refused.status_code == 403
    assert Score.objects.filter(pk=score["id"]).exists()


def test_the_ranking_shows_the_flags_and_the_value_statement(
    api_client, business, business2, itlead, scoring_model
):
    """Finance rates urgency 5, Sales 2; IT sees effort 4 where the business sees 1."""
    initiative = InitiativeFactory(title="Faster close")
    BusinessOutcomeFactory(initiative=initiative, baseline=9, target=5)
    criteria = {c.key: c for c in scoring_model.criteria.all()}
    _put(api_client(business), initiative, criteria["urgency"], {"value": 5})
    _put(api_client(business2), initiative, criteria["urgency"], {"value": 2})
    _put(api_client(itlead), initiative, criteria["effort"], {"value": 4})
    _put(api_client(business), initiative, criteria["effort"], {"value": 1})
    body = api_client(business).get("/api/rankings").json()
    (row,) = body["initiatives"]
    assert (body["model"], body["method"], body["revision"]) == (scoring_model.name, "weighted", 1)
    assert row["needs_conversation"] is True
    assert {flag["kind"] for flag in row["flags"]} == {"sides", "units"}
    assert "Finance rates Urgency 5.0, Sales 2.0." in [f["text"] for f in row["flags"]]
    assert row["value_statement"].startswith("Cut days to close the books from 9 to 5 days")
    # IT's effort counts (4 of 5, lower is better: 1 point), not the business's view
    assert row["total"] == pytest.approx(100 * (3.5 + 1) / 10)


def test_selection_through_the_api(api_client, portfolio, scoring_model):
    response = api_client(portfolio).post(
        "/api/selections",
        {"period_from": "2027Q1", "period_to": "2027Q4", "budget": 500000, "time_limit": 2},
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["period_from"], body["period_to"], body["budget"]) == ("2027Q1", "2027Q4", 500000)
    again = api_client(portfolio).get(f"/api/selections/{body['id']}").json()
    assert again == body


def test_a_bad_period_is_a_400_naming_the_field(api_client, portfolio, scoring_model):
    response = api_client(portfolio).post(
        "/api/selections",
        {"period_from": "2027Q4", "period_to": "2027Q1"},
        content_type=JSON,
    )
    assert (response.status_code, response.json()["field"]) == (400, "period_to")


def test_rank_command_prints_the_same_json_as_the_api(api_client, business, scoring_model):
    initiative = InitiativeFactory()
    revenue = scoring_model.criteria.get(key="revenue_impact")
    _put(api_client(business), initiative, revenue, {"value": 4})
    out = StringIO()
    call_command("rank", "--json", stdout=out)
    assert json.loads(out.getvalue()) == api_client(business).get("/api/rankings").json()
    table = StringIO()
    call_command("rank", stdout=table)
    assert "1 initiatives, 0 need a conversation." in table.getvalue()


def test_select_command_prints_the_run(scoring_model):
    out = StringIO()
    call_command("select", "--period", "2027Q1..2027Q2", "--budget", "1,000", "--json", stdout=out)
    body = json.loads(out.getvalue())
    assert {"funded", "not_funded", "objective", "bound", "gap_pct", "greedy_objective"} <= set(
        body
    )
    assert body["budget"] == 1000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2027Q1"], "not a period"),
        (["--period", "2027Q1..2027Q2", "--budget", "lots"], "not an amount"),
        (["--period", "2027Q9..2028Q1"], "is not a quarter"),
    ],
)
def test_select_command_refuses_bad_input(args, message, scoring_model):
    with pytest.raises(CommandError, match=message):
        call_command("select", *args)


def test_the_ranking_api_pages_with_limit_and_offset(api_client, business, scoring_model):
    """`limit` rows from `offset`, best first, with the total count; a zero limit is refused."""
    revenue = scoring_model.criteria.get(key="revenue_impact")
    for value in range(5):
        _put(api_client(business), InitiativeFactory(title=f"I{value}"), revenue, {"value": value})
    page = api_client(business).get("/api/rankings?limit=2&offset=1").json()
    assert (page["count"], page["offset"]) == (5, 1)
    assert [row["title"] for row in page["initiatives"]] == ["I3", "I2"]
    refused = api_client(business).get("/api/rankings?limit=0")
    assert (refused.status_code, refused.json()["field"]) == (400, "limit")
