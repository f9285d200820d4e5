"""Who may call which API operation: every write and read, for every persona and anonymously."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client

from tandem.accounts.services import token_create
from tandem.operations.choices import JobKind
from tandem.operations.models import PlanJob
from tandem.prioritization import services as prioritization_services
from tandem.prioritization.models import ScoringModel
from tandem.roadmap import services as roadmap_services
from tandem.roadmap.models import RankedFirst
from tests.factories import (
    BusinessOutcomeFactory,
    BusinessUnitFactory,
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
JSON = "application/json"
PERSONAS = ("admin", "portfolio", "itlead", "business", "business2", "viewer")
OFFICE = {"admin", "portfolio"}
ADMIN_IT = {"admin", "itlead"}
IT = OFFICE | {"itlead"}
BUSINESS = OFFICE | {"business"}
EVERYONE_WORKING_ON_IT = OFFICE | {"itlead", "business"}


@pytest.fixture
def world(personas, unit):
    """An idea of the `business` persona's unit with one of each child, plus spare records."""
    initiative = InitiativeFactory(requesting_unit=unit)
    return SimpleNamespace(
        unit=unit,
        spare_unit=BusinessUnitFactory(),
        spare_team=TeamFactory(),
        spare_person=PersonFactory(),
        goal=StrategicGoalFactory(),
        initiative=initiative,
        other=InitiativeFactory(requesting_unit=unit),
        outcome=BusinessOutcomeFactory(initiative=initiative),
        estimate=EffortEstimateFactory(initiative=initiative),
        new_team=TeamFactory(),
        status=StatusUpdateFactory(initiative=initiative),
        scope=ScopeChangeFactory(initiative=initiative),
        dependency=DependencyFactory(predecessor=InitiativeFactory(), successor=initiative),
        job=PlanJob.objects.create(kind=JobKind.PORTFOLIO_SUMMARY),
        **_prioritization_world(initiative, unit),
        **_scenario_world(),
    )


def _scenario_world():
    """A draft scenario of `business` that hires one person into a team of its own."""
    business = get_user_model().objects.get(username="business")
    team = TeamFactory()
    scenario = roadmap_services.scenario_create(data={"name": "Hire early"}, by=business)
    change = roadmap_services.change_add(
        scenario=scenario,
        data={"kind": "hire", "team": team, "people": 1, "first_day": date(2027, 1, 4)},
        by=business,
    )
    scenario.refresh_from_db()
    ranked = RankedFirst.objects.create(initiative=InitiativeFactory())
    return {"scenario": scenario, "change": change, "scenario_team": team, "ranked": ranked}


def _prioritization_world(initiative, unit):
    """A scoring model, a criterion, a score by `business`, a pair of alternatives and a
    selection run."""
    from django.contrib.auth import get_user_model

    model = prioritization_services.scoring_models_install_defaults()
    criterion = model.criteria.get(key="revenue_impact")
    business = get_user_model().objects.get(username="business")
    score, _ = prioritization_services.score_set(
        initiative=initiative, criterion=criterion, data={"value": 3}, by=business
    )
    first, second = InitiativeFactory(requesting_unit=unit), InitiativeFactory()
    return {
        "model": model,
        "other_model": ScoringModel.objects.filter(is_active=False).order_by("name").first(),
        "criterion": criterion,
        "it_criterion": model.criteria.get(key="effort"),
        "score": score,
        "alternative": prioritization_services.alternative_create(
            data={"first": first, "second": second}, by=business
        ),
        "selection": prioritization_services.selection_run_create(
            period_from="2027Q1", period_to="2027Q2", budget=None, by=None, time_limit=2
        ),
    }


V1 = {"version": 1}
OUTCOME = {
    "metric": "Days",
    "baseline": 9,
    "target": 4,
    "unit": "days",
    "target_date": "2026-12-31",
}
STATUS = {"date": "2026-03-01", "rag": "green", "text": "Fine."}
SCOPE = {"date": "2026-03-01", "reason": "More.", "effort_delta": 1}

SCORERS = EVERYONE_WORKING_ON_IT | {"business2"}

# operation: (method, url, body, success status, personas allowed)
WRITES = {
    "scoring_model_activate": (
        "post",
        lambda w: f"/api/scoring-models/{w.other_model.pk}/activate",
        lambda w: V1,
        200,
        OFFICE,
    ),
    "criterion_update": (
        "patch",
        lambda w: f"/api/criteria/{w.criterion.pk}",
        lambda w: {"weight": 2, **V1},
        200,
        OFFICE,
    ),
    "score_set": (
        "put",
        lambda w: f"/api/initiatives/{w.other.pk}/scores/{w.criterion.pk}",
        lambda w: {"value": 4, "rationale": "Customers ask for it."},
        201,
        SCORERS,
    ),
    "outcome_create_from_template": (
        "post",
        lambda w: f"/api/initiatives/{w.initiative.pk}/outcomes/from-template",
        lambda w: {
            "template": "rework",
            "subject": "month-end close",
            "before": 120,
            "after": 20,
            "target_date": "2027-06-30",
        },
        201,
        BUSINESS,
    ),
    "score_delete": ("delete", lambda w: f"/api/scores/{w.score.pk}", None, 204, {"business"}),
    "alternative_create": (
        "post",
        lambda w: "/api/alternatives",
        lambda w: {"first": w.initiative.pk, "second": w.other.pk},
        201,
        OFFICE,
    ),
    "alternative_delete": (
        "delete",
        lambda w: f"/api/alternatives/{w.alternative.pk}",
        None,
        204,
        OFFICE,
    ),
    "selection_create": (
        "post",
        lambda w: "/api/selections",
        lambda w: {"period_from": "2027Q1", "period_to": "2027Q2", "time_limit": 2},
        201,
        OFFICE,
    ),
    "unit_create": (
        "post",
        lambda w: "/api/units",
        lambda w: {"name": "Legal", "code": "LEG"},
        201,
        OFFICE,
    ),
    "unit_update": (
        "patch",
        lambda w: f"/api/units/{w.spare_unit.pk}",
        lambda w: {"headcount": 5, **V1},
        200,
        OFFICE,
    ),
    "unit_delete": ("delete", lambda w: f"/api/units/{w.spare_unit.pk}", None, 204, {"admin"}),
    "team_create": ("post", lambda w: "/api/teams", lambda w: {"name": "Apps"}, 201, ADMIN_IT),
    "team_update": (
        "patch",
        lambda w: f"/api/teams/{w.spare_team.pk}",
        lambda w: {"description": "X", **V1},
        200,
        ADMIN_IT,
    ),
    "team_delete": ("delete", lambda w: f"/api/teams/{w.spare_team.pk}", None, 204, ADMIN_IT),
    "person_create": (
        "post",
        lambda w: "/api/people",
        lambda w: {"name": "Ada", "email": "ada@example.com"},
        201,
        ADMIN_IT,
    ),
    "person_update": (
        "patch",
        lambda w: f"/api/people/{w.spare_person.pk}",
        lambda w: {"fte": 0.5, **V1},
        200,
        ADMIN_IT,
    ),
    "person_delete": ("delete", lambda w: f"/api/people/{w.spare_person.pk}", None, 204, ADMIN_IT),
    "goal_create": (
        "post",
        lambda w: "/api/goals",
        lambda w: {
            "title": "Grow",
            "statement": "More.",
            "owner_unit": w.unit.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
        },
        201,
        OFFICE,
    ),
    "goal_update": (
        "patch",
        lambda w: f"/api/goals/{w.goal.pk}",
        lambda w: {"title": "Grow more", **V1},
        200,
        OFFICE,
    ),
    "goal_delete": ("delete", lambda w: f"/api/goals/{w.goal.pk}", None, 204, OFFICE),
    "initiative_create": (
        "post",
        lambda w: "/api/initiatives",
        lambda w: {"title": "New", "requesting_unit": w.unit.pk, "kind": "run"},
        201,
        BUSINESS,
    ),
    "initiative_update": (
        "patch",
        lambda w: f"/api/initiatives/{w.initiative.pk}",
        lambda w: {"title": "Renamed", **V1},
        200,
        BUSINESS,
    ),
    "initiative_delete": (
        "delete",
        lambda w: f"/api/initiatives/{w.initiative.pk}",
        None,
        204,
        BUSINESS,
    ),
    "initiative_transition": (
        "post",
        lambda w: f"/api/initiatives/{w.initiative.pk}/transition",
        lambda w: {"to": "intake", **V1},
        200,
        BUSINESS,
    ),
    "initiative_assess": (
        "post",
        lambda w: f"/api/initiatives/{w.initiative.pk}/assessment",
        lambda w: {"feasibility": "feasible", **V1},
        200,
        IT,
    ),
    "outcome_create": (
        "post",
        lambda w: f"/api/initiatives/{w.initiative.pk}/outcomes",
        lambda w: OUTCOME,
        201,
        BUSINESS,
    ),
    "outcome_update": (
        "patch",
        lambda w: f"/api/outcomes/{w.outcome.pk}",
        lambda w: {"target": 3, **V1},
        200,
        BUSINESS,
    ),
    "outcome_delete": ("delete", lambda w: f"/api/outcomes/{w.outcome.pk}", None, 204, BUSINESS),
    "estimate_create": (
        "post",
        lambda w: f"/api/initiatives/{w.initiative.pk}/estimates",
        lambda w: {"team": w.new_team.pk, "low": 1, "likely": 2, "high": 3},
        201,
        IT,
    ),
    "estimate_update": (
        "patch",
        lambda w: f"/api/estimates/{w.estimate.pk}",
        lambda w: {"high": 12, **V1},
        200,
        IT,
    ),
    "estimate_delete": ("delete", lambda w: f"/api/estimates/{w.estimate.pk}", None, 204, IT),
    "status_update_create": (
        "post",
        lambda w: f"/api/initiatives/{w.initiative.pk}/status-updates",
        lambda w: STATUS,
        201,
        EVERYONE_WORKING_ON_IT,
    ),
    "status_update_update": (
        "patch",
        lambda w: f"/api/status-updates/{w.status.pk}",
        lambda w: {"rag": "red", **V1},
        200,
        EVERYONE_WORKING_ON_IT,
    ),
    "status_update_delete": (
        "delete",
        lambda w: f"/api/status-updates/{w.status.pk}",
        None,
        204,
        EVERYONE_WORKING_ON_IT,
    ),
    "scope_change_create": (
        "post",
        lambda w: f"/api/initiatives/{w.initiative.pk}/scope-changes",
        lambda w: SCOPE,
        201,
        EVERYONE_WORKING_ON_IT,
    ),
    "scope_change_update": (
        "patch",
        lambda w: f"/api/scope-changes/{w.scope.pk}",
        lambda w: {"reason": "Less.", **V1},
        200,
        EVERYONE_WORKING_ON_IT,
    ),
    "scope_change_delete": (
        "delete",
        lambda w: f"/api/scope-changes/{w.scope.pk}",
        None,
        204,
        EVERYONE_WORKING_ON_IT,
    ),
    "dependency_create": (
        "post",
        lambda w: "/api/dependencies",
        lambda w: {"predecessor": w.other.pk, "successor": w.initiative.pk},
        201,
        EVERYONE_WORKING_ON_IT,
    ),
    "dependency_delete": (
        "delete",
        lambda w: f"/api/dependencies/{w.dependency.pk}",
        None,
        204,
        EVERYONE_WORKING_ON_IT,
    ),
    "plan_job_create": ("post", lambda w: "/api/jobs", lambda w: {}, 201, OFFICE),
    "plan_run_create": (
        "post",
        lambda w: "/api/plan/runs",
        lambda w: {"kind": "optimize", "time_limit": 1},
        201,
        OFFICE,
    ),
    "scenario_create": (
        "post",
        lambda w: "/api/scenarios",
        lambda w: {"name": "What if"},
        201,
        EVERYONE_WORKING_ON_IT | {"business2"},
    ),
    "scenario_delete": (
        "delete",
        lambda w: f"/api/scenarios/{w.scenario.pk}",
        None,
        204,
        OFFICE | {"business"},
    ),
    "scenario_change_create": (
        "post",
        lambda w: f"/api/scenarios/{w.scenario.pk}/changes",
        lambda w: {
            "kind": "hire",
            "team": w.scenario_team.pk,
            "people": 1,
            "first_day": "2027-01-04",
        },
        201,
        OFFICE | {"business"},
    ),
    "scenario_change_delete": (
        "delete",
        lambda w: f"/api/scenarios/{w.scenario.pk}/changes/{w.change.pk}",
        None,
        204,
        OFFICE | {"business"},
    ),
    "scenario_adopt": (
        "post",
        lambda w: f"/api/scenarios/{w.scenario.pk}/adopt",
        lambda w: {"version": w.scenario.version},
        200,
        OFFICE,
    ),
    "ranked_first_clear": (
        "delete",
        lambda w: f"/api/initiatives/{w.ranked.initiative_id}/ranked-first",
        None,
        204,
        OFFICE,
    ),
}

READS = {
    "plan_job_get": lambda w: f"/api/jobs/{w.job.pk}",
    "unit_list": lambda w: "/api/units",
    "unit_get": lambda w: f"/api/units/{w.unit.pk}",
    "team_list": lambda w: "/api/teams",
    "team_get": lambda w: f"/api/teams/{w.spare_team.pk}",
    "person_list": lambda w: "/api/people",
    "person_get": lambda w: f"/api/people/{w.spare_person.pk}",
    "goal_list": lambda w: "/api/goals",
    "goal_get": lambda w: f"/api/goals/{w.goal.pk}",
    "initiative_list": lambda w: "/api/initiatives",
    "initiative_get": lambda w: f"/api/initiatives/{w.initiative.pk}",
    "initiative_history": lambda w: f"/api/initiatives/{w.initiative.pk}/history",
    "outcome_list": lambda w: f"/api/initiatives/{w.initiative.pk}/outcomes",
    "outcome_get": lambda w: f"/api/outcomes/{w.outcome.pk}",
    "estimate_list": lambda w: f"/api/initiatives/{w.initiative.pk}/estimates",
    "estimate_get": lambda w: f"/api/estimates/{w.estimate.pk}",
    "status_update_list": lambda w: f"/api/initiatives/{w.initiative.pk}/status-updates",
    "status_update_get": lambda w: f"/api/status-updates/{w.status.pk}",
    "scope_change_list": lambda w: f"/api/initiatives/{w.initiative.pk}/scope-changes",
    "scope_change_get": lambda w: f"/api/scope-changes/{w.scope.pk}",
    "dependency_list": lambda w: "/api/dependencies",
    "dependency_get": lambda w: f"/api/dependencies/{w.dependency.pk}",
    "capacity_get": lambda w: "/api/capacity",
    "capacity_impact": lambda w: f"/api/capacity/impact?initiative={w.initiative.pk}",
    "outcome_templates_get": lambda w: "/api/outcome-templates",
    "scoring_model_list": lambda w: "/api/scoring-models",
    "scoring_model_get": lambda w: f"/api/scoring-models/{w.model.pk}",
    "revision_list": lambda w: f"/api/scoring-models/{w.model.pk}/revisions",
    "score_list": lambda w: f"/api/initiatives/{w.initiative.pk}/scores",
    "score_get": lambda w: f"/api/scores/{w.score.pk}",
    "ranking_get": lambda w: "/api/rankings",
    "alternative_list": lambda w: "/api/alternatives",
    "selection_list": lambda w: "/api/selections",
    "selection_get": lambda w: f"/api/selections/{w.selection.pk}",
    "plan_get": lambda w: "/api/plan",
    "forecast_get": lambda w: "/api/forecast?runs=20",
    "scenario_list": lambda w: "/api/scenarios",
    "scenario_get": lambda w: f"/api/scenarios/{w.scenario.pk}",
}


@pytest.fixture
def headers(personas):
    """Request headers acting as each persona (a bearer token), or as nobody."""
    tokens = {name: token_create(username=user.username)[1] for name, user in personas.items()}
    return {"anonymous": {}} | {
        name: {"Authorization": f"Bearer {raw}"} for name, raw in tokens.items()
    }


def _status_for_each_persona(headers, call):
    """Call once per persona (and anonymously), rolling the database back after each call.

    One client serves every call: a new test client re-reads the static files on its first
    request, which would dominate the run time.
    """
    client, seen = Client(), {}
    for name in (*PERSONAS, "anonymous"):
        savepoint = transaction.savepoint()
        seen[name] = call(client, headers[name]).status_code
        transaction.savepoint_rollback(savepoint)
    return seen


@pytest.mark.parametrize("operation", WRITES)
def test_api_write_permissions(headers, world, operation):
    """Allowed personas succeed, the others get 403, anonymous callers 401."""
    method, url, body, success, allowed = WRITES[operation]

    def call(client, auth):
        data = body(world) if body else None
        return getattr(client, method)(url(world), data, content_type=JSON, headers=auth)

    expected = {name: success if name in allowed else 403 for name in PERSONAS}
    expected["anonymous"] = 401
    assert _status_for_each_persona(headers, call) == expected


@pytest.mark.parametrize("operation", READS)
def test_api_read_permissions(headers, world, operation):
    """Every signed-in persona reads the whole plan; anonymous callers get 401."""
    expected = dict.fromkeys(PERSONAS, 200) | {"anonymous": 401}
    seen = _status_for_each_persona(
        headers, lambda client, auth: client.get(READS[operation](world), headers=auth)
    )
    assert seen == expected


def test_api_permission_tables_cover_every_operation():
    """Every API operation (bar the health check) has a row in one of the tables above."""
    from tandem.api import api

    operation_ids = {
        operation.operation_id
        for _, router in api._routers
        for path_view in router.path_operations.values()
        for operation in path_view.operations
    }
    assert operation_ids - {"health_get"} == set(WRITES) | set(READS)


PUBLIC = {"health_get": lambda w: "/api/health"}  # no sign-in: load balancers poll it
MISSING = 999999


def _schema_operations(client):
    """(operation_id, method, path) of every operation in the served OpenAPI schema."""
    spec = client.get("/api/openapi.json").json()
    return [
        (operation["operationId"], method, path)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in ("get", "post", "put", "patch", "delete")
    ]


def test_api_permission_tables_cover_every_operation_in_the_schema():
    """Every operation the OpenAPI schema documents has a row: a new one without one fails."""
    documented = {operation_id for operation_id, _, _ in _schema_operations(Client())}
    assert documented == set(WRITES) | set(READS) | set(PUBLIC)


def test_api_public_operations_answer_anonymous_callers(world):
    """The health check is the one operation that needs no sign-in."""
    for operation, url in PUBLIC.items():
        assert Client().get(url(world)).status_code == 200, operation


def test_api_missing_objects_are_404_for_every_operation_on_one(headers, world):
    """An id that does not exist is a 404 with a JSON error on every operation that takes one,
    before the permission check or the version is looked at."""
    client, seen = Client(), {}
    for operation_id, method, path in _schema_operations(client):
        if "{" not in path:
            continue
        body = WRITES[operation_id][2] if operation_id in WRITES else None
        url = re.sub(r"\{\w+\}", str(MISSING), path)
        response = getattr(client, method)(
            url, body(world) if body else None, content_type=JSON, headers=headers["admin"]
        )
        seen[operation_id] = (response.status_code, response.json()["code"].endswith("NOT_FOUND"))
    assert seen == {operation_id: (404, True) for operation_id in seen}
    assert len(seen) > 20


def test_api_another_units_initiative_is_readable_but_not_editable(headers, world, business2):
    """Visibility (ARCHITECTURE.md): the Sales lead reads Finance's initiative and its children,
    seeing exactly what the portfolio office sees, but its edits are refused with 403."""
    client, url = Client(), f"/api/initiatives/{world.initiative.pk}"
    theirs = client.get(url, headers=headers["business2"])
    assert theirs.status_code == 200
    assert theirs.json() == client.get(url, headers=headers["portfolio"]).json()
    outcome = client.get(f"/api/outcomes/{world.outcome.pk}", headers=headers["business2"])
    assert (outcome.status_code, outcome.json()["id"]) == (200, world.outcome.pk)

    before = (world.initiative.title, world.initiative.version)
    history = world.initiative.history.count()
    refused = client.patch(
        url, {"title": "Ours now", **V1}, content_type=JSON, headers=headers["business2"]
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "PERMISSION_DENIED"
    world.initiative.refresh_from_db()
    assert (world.initiative.title, world.initiative.version) == before
    assert world.initiative.history.count() == history


def test_api_answers_carry_no_field_hidden_from_some_roles(headers, world):
    """No role-restricted field exists yet (budgets are part of the shared plan): every persona
    gets the same initiative, budget included. A finance-only rule would change this test."""
    client, url = Client(), f"/api/initiatives/{world.initiative.pk}"
    answers = {name: client.get(url, headers=headers[name]).json() for name in PERSONAS}
    assert all(answer == answers["admin"] for answer in answers.values())
    assert "budget_estimate" in answers["viewer"]
