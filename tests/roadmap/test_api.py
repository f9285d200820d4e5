"""GET /api/plan: its shape, who may read it, and its agreement with the schema."""

from __future__ import annotations

import pytest
from django.test import Client
from openapi_schema_validator import OAS31Validator

pytestmark = pytest.mark.django_db


def test_plan_get_answers_dates_slips_explanations_and_figures(contest, viewer, api_client):
    """The plan per initiative with ISO dates, weeks, explanation and structured causes."""
    response = api_client(viewer).get("/api/plan")
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {
        "as_of",
        "start",
        "horizon_weeks",
        "units",
        "data_stamp",
        "scenario",
        "objective",
        "optimized",
        "quarters",
        "initiatives",
    }
    assert data["scenario"] is None
    assert data["quarters"]["teams"]["Data Platform"]["used"][0] > 0
    assert data["objective"]["slipped"] == 1
    gdpr = next(row for row in data["initiatives"] if row["id"] == contest.gdpr.pk)
    assert (gdpr["title"], gdpr["slip_weeks"], gdpr["late_weeks"]) == ("GDPR Retention", 4, 2)
    assert gdpr["target"] == contest.gdpr.requested_end.isoformat()
    assert gdpr["explanation"].startswith("Misses its target by 2 weeks. Finishes 4 weeks later")
    cause = gdpr["causes"][0]
    assert (cause["kind"], cause["team"], cause["team_id"]) == (
        "capacity",
        "Data Platform",
        contest.team.pk,
    )
    assert cause["competitors"] == [{"id": contest.portal.pk, "title": "Customer Portal"}]


def test_plan_get_matches_its_declared_schema(contest, viewer, api_client):
    """The answer validates against the schema /api/openapi.json declares for it."""
    spec = Client().get("/api/openapi.json").json()
    schema = spec["paths"]["/api/plan"]["get"]["responses"]["200"]["content"]
    validator = OAS31Validator(
        {**schema["application/json"]["schema"], "components": spec["components"]}
    )
    answer = api_client(viewer).get("/api/plan").json()
    assert [error.message for error in validator.iter_errors(answer)] == []


def test_plan_get_refuses_anonymous_callers(contest, api_client):
    """Without credentials the API answers 401 in the usual error shape."""
    response = api_client().get("/api/plan")
    assert response.status_code == 401
    assert set(response.json()) == {"detail", "code", "field"}


def test_plan_get_answers_an_empty_plan(viewer, api_client):
    """With nothing approved the plan is empty, with zero figures."""
    data = api_client(viewer).get("/api/plan").json()
    assert data["initiatives"] == []
    assert data["objective"]["initiatives"] == 0
