"""The OpenAPI contract: a valid schema, complete operations, no drift, responses that match."""

import json
import re
from pathlib import Path

import pytest
from django.test import Client
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate

from tests.factories import (
    BusinessOutcomeFactory,
    DependencyFactory,
    EffortEstimateFactory,
    InitiativeFactory,
    PersonFactory,
    ScopeChangeFactory,
    StatusUpdateFactory,
    StrategicGoalFactory,
    TeamFactory,
)

pytestmark = pytest.mark.django_db
COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
METHODS = ("get", "post", "put", "patch", "delete")
# /api/health answers 200 or 503 and never refuses a request, so it declares no 4xx.
NO_4XX = {"health_get"}


@pytest.fixture(scope="module")
def spec():
    """The schema the running API serves (built once: building it takes about a second)."""
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def test_openapi_schema_is_valid(spec):
    """The served schema is a valid OpenAPI document."""
    validate(spec)


def test_openapi_operations_have_id_summary_and_4xx(spec):
    """Every operation has a unique `<entity>_<action>` id, a summary and a declared 4xx."""
    ids = []
    for path, method, operation in _operations(spec):
        where = f"{method.upper()} {path}"
        operation_id = operation.get("operationId", "")
        assert re.fullmatch(r"[a-z]+(_[a-z]+)+", operation_id), f"{where}: operation_id"
        assert operation.get("summary"), f"{where}: summary"
        if operation_id not in NO_4XX:
            assert any(code.startswith("4") for code in operation["responses"]), f"{where}: 4xx"
        ids.append(operation_id)
    assert len(ids) == len(set(ids))


def test_openapi_operation_ids_name_the_functions():
    """Each operation_id is the name of the function behind it."""
    from tandem.api import api

    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                assert operation.operation_id == operation.view_func.__name__


def test_openapi_committed_schema_is_current(spec):
    """docs/openapi.json is the schema the API serves."""
    committed = json.loads(COMMITTED.read_text()) if COMMITTED.exists() else None
    assert committed == spec, "docs/openapi.json is out of date: run `make schema` and commit it."


@pytest.fixture
def world(db):
    """One of everything, linked together, so every sampled GET has something to answer."""
    initiative = InitiativeFactory(business_sponsor=PersonFactory(), budget_estimate=None)
    initiative.goals.add(StrategicGoalFactory())
    BusinessOutcomeFactory(initiative=initiative)
    EffortEstimateFactory(initiative=initiative, team=TeamFactory(lead=PersonFactory()))
    StatusUpdateFactory(initiative=initiative)
    ScopeChangeFactory(initiative=initiative)
    dependency = DependencyFactory(successor=initiative)
    return {
        "initiative": initiative.pk,
        "dependency": dependency.pk,
        "outcome": initiative.outcomes.get().pk,
    }


SAMPLES = [
    ("/api/units", "/api/units"),
    ("/api/teams", "/api/teams"),
    ("/api/people", "/api/people"),
    ("/api/goals", "/api/goals"),
    ("/api/initiatives", "/api/initiatives"),
    ("/api/initiatives/{initiative_id}", "/api/initiatives/{initiative}"),
    ("/api/initiatives/{initiative_id}/history", "/api/initiatives/{initiative}/history"),
    ("/api/initiatives/{initiative_id}/outcomes", "/api/initiatives/{initiative}/outcomes"),
    ("/api/initiatives/{initiative_id}/estimates", "/api/initiatives/{initiative}/estimates"),
    (
        "/api/initiatives/{initiative_id}/status-updates",
        "/api/initiatives/{initiative}/status-updates",
    ),
    (
        "/api/initiatives/{initiative_id}/scope-changes",
        "/api/initiatives/{initiative}/scope-changes",
    ),
    ("/api/outcomes/{outcome_id}", "/api/outcomes/{outcome}"),
    ("/api/dependencies", "/api/dependencies"),
    ("/api/dependencies/{dependency_id}", "/api/dependencies/{dependency}"),
    ("/api/plan", "/api/plan"),
    ("/api/initiatives/{initiative_id}", "/api/initiatives/999"),
]


@pytest.mark.parametrize(("template", "url"), SAMPLES)
def test_openapi_responses_match_their_declared_schema(
    spec, api_client, viewer, world, template, url
):
    """A sample of real GET answers validate against the schema declared for their status."""
    response = api_client(viewer).get(url.format(**world))
    declared = spec["paths"][template]["get"]["responses"][str(response.status_code)]
    schema = declared["content"]["application/json"]["schema"]
    validator = OAS31Validator({**schema, "components": spec["components"]})
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert errors == []
