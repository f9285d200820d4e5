"""The strategy API: strategic goals over HTTP."""

import pytest

from tandem.strategy.filters import StrategicGoalFilterSet
from tandem.strategy.models import StrategicGoal
from tandem.strategy.schemas import StrategicGoalQuery
from tests.factories import BusinessUnitFactory, StrategicGoalFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _body(unit, **changes):
    return {
        "title": "Grow mid-market revenue",
        "statement": "Win 40 new mid-market customers.",
        "owner_unit": unit.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        **changes,
    }


def test_goal_create_read_list_update_delete(api_client, portfolio, unit):
    """A goal is created (201), read, listed, patched (version + 1) and deleted (204)."""
    client = api_client(portfolio)
    created = client.post("/api/goals", _body(unit), content_type=JSON)
    assert created.status_code == 201, created.json()
    goal = created.json()
    assert (goal["owner_unit"], goal["owner_unit_name"], goal["version"]) == (unit.pk, "Finance", 1)
    assert client.get(f"/api/goals/{goal['id']}").json() == goal
    assert client.get("/api/goals").json() == {"items": [goal], "count": 1}
    updated = client.patch(
        f"/api/goals/{goal['id']}", {"title": "Grow", "version": 1}, content_type=JSON
    )
    assert (updated.status_code, updated.json()["title"], updated.json()["version"]) == (
        200,
        "Grow",
        2,
    )
    assert client.delete(f"/api/goals/{goal['id']}").status_code == 204
    assert StrategicGoal.objects.count() == 0


def test_goal_create_refuses_unknown_owner_unit(api_client, portfolio):
    """An owner unit id that matches nothing is refused with 400 naming the field."""
    response = api_client(portfolio).post(
        "/api/goals", _body(BusinessUnitFactory.build(pk=999)), content_type=JSON
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "owner_unit: Business unit 999 does not exist.",
        "code": "INVALID_REFERENCE",
        "field": "owner_unit",
    }
    assert StrategicGoal.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"period_end": "2025-06-30"}, "INVALID_PERIOD_END", "period_end"),
        ({"period_start": "soon"}, "INVALID_INPUT", "period_start"),
        ({"title": None}, "INVALID_INPUT", "title"),
        ({"owner": 1}, "INVALID_INPUT", "owner"),
    ],
    ids=["end before start", "wrong type", "null title", "unknown field"],
)
def test_goal_create_refuses_invalid_body(api_client, portfolio, unit, changes, code, field):
    """Bad input is refused with 400, its code and the field at fault; nothing is saved."""
    response = api_client(portfolio).post("/api/goals", _body(unit, **changes), content_type=JSON)
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert StrategicGoal.objects.count() == 0


def test_goal_update_refuses_stale_version(api_client, portfolio):
    """A second patch based on version 1 is refused with 409 and changes nothing."""
    goal = StrategicGoalFactory(title="Old")
    client = api_client(portfolio)
    client.patch(f"/api/goals/{goal.pk}", {"title": "New", "version": 1}, content_type=JSON)
    response = client.patch(
        f"/api/goals/{goal.pk}", {"title": "Lost", "version": 1}, content_type=JSON
    )
    assert (response.status_code, response.json()["code"]) == (409, "VERSION_CONFLICT")
    goal.refresh_from_db()
    assert (goal.title, goal.version, goal.history.count()) == ("New", 2, 2)


def test_goal_update_forbidden_for_business_lead(api_client, business):
    """Business leads read goals but may not edit them: 403, nothing changes."""
    goal = StrategicGoalFactory(title="Old")
    response = api_client(business).patch(
        f"/api/goals/{goal.pk}", {"title": "X", "version": 1}, content_type=JSON
    )
    assert (response.status_code, response.json()["code"]) == (403, "PERMISSION_DENIED")
    goal.refresh_from_db()
    assert (goal.title, goal.version) == ("Old", 1)


def test_goal_list_filters_by_owner_unit_and_active_on(api_client, viewer, unit):
    """Goals narrow by owning unit and by a date within their period."""
    mine = StrategicGoalFactory(owner_unit=unit)
    later = StrategicGoalFactory(period_start="2027-01-01", period_end="2027-12-31")
    client = api_client(viewer)

    def ids(query):
        return [row["id"] for row in client.get(f"/api/goals?{query}").json()["items"]]

    assert ids(f"owner_unit={unit.pk}") == [mine.pk]
    assert ids("active_on=2027-03-01") == [later.pk]


def test_goal_get_unknown_is_404(api_client, viewer):
    """An unknown goal id answers 404 with GOAL_NOT_FOUND."""
    response = api_client(viewer).get("/api/goals/999")
    assert (response.status_code, response.json()["code"]) == (404, "GOAL_NOT_FOUND")


def test_goal_query_fields_are_filterset_fields():
    """Every API query parameter is one the goal FilterSet defines."""
    assert set(StrategicGoalQuery.model_fields) <= set(StrategicGoalFilterSet.base_filters)
