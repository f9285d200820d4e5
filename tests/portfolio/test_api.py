"""The portfolio API: initiatives, their children, dependencies, lifecycle and history."""

from datetime import date
from decimal import Decimal

import pytest

from tandem.portfolio.choices import Feasibility, InitiativeKind, InitiativeState
from tandem.portfolio.filters import InitiativeFilterSet
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.portfolio.schemas import InitiativeQuery
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
JSON = "application/json"
S = InitiativeState


def _snapshot(initiative):
    """What a refused write must leave unchanged."""
    initiative.refresh_from_db()
    return (
        initiative.title,
        initiative.state,
        initiative.version,
        initiative.history.count(),
        Initiative.objects.count(),
    )


#
# Initiatives: create, read, update, delete
#


def test_initiative_create_answers_ids_names_and_labels(api_client, business, unit):
    """A business lead files an idea for their unit; the answer carries ids, names and labels."""
    goal = StrategicGoalFactory()
    sponsor = PersonFactory(name="Ada")
    response = api_client(business).post(
        "/api/initiatives",
        {
            "title": "Faster close",
            "requesting_unit": unit.pk,
            "kind": "growth",
            "business_sponsor": sponsor.pk,
            "goals": [goal.pk],
            "budget_estimate": 125000.5,
        },
        content_type=JSON,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["requesting_unit"] == unit.pk
    assert body["requesting_unit_name"] == "Finance"
    assert (body["business_sponsor"], body["business_sponsor_name"]) == (sponsor.pk, "Ada")
    assert body["goals"] == [goal.pk]
    assert body["budget_estimate"] == 125000.5
    assert (body["state"], body["state_label"], body["version"]) == ("idea", "Idea", 1)
    assert (body["feasibility"], body["feasibility_label"]) == ("not_assessed", "Not assessed yet")
    initiative = Initiative.objects.get(pk=body["id"])
    assert initiative.budget_estimate == Decimal("125000.50")
    assert {record.history_user for record in initiative.history.all()} == {business}


def test_initiative_read_update_delete(api_client, business, unit):
    """The requester reads, edits (version + 1) and deletes their own idea."""
    initiative = InitiativeFactory(requesting_unit=unit, title="Old")
    client = api_client(business)
    url = f"/api/initiatives/{initiative.pk}"
    assert client.get(url).json()["title"] == "Old"
    goal = StrategicGoalFactory()
    updated = client.patch(
        url, {"title": "New", "goals": [goal.pk], "version": 1}, content_type=JSON
    )
    assert updated.status_code == 200, updated.json()
    assert (updated.json()["title"], updated.json()["goals"], updated.json()["version"]) == (
        "New",
        [goal.pk],
        2,
    )
    assert client.delete(f"{url}?version=2").status_code == 204
    assert not Initiative.objects.filter(pk=initiative.pk).exists()


def test_initiative_get_unknown_is_404(api_client, viewer):
    """An unknown initiative answers 404 with the selector's sentence and code."""
    response = api_client(viewer).get("/api/initiatives/999")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Initiative 999 does not exist.",
        "code": "INITIATIVE_NOT_FOUND",
        "field": None,
    }


@pytest.mark.parametrize(
    ("changes", "code", "field", "detail"),
    [
        ({"title": None}, "INVALID_INPUT", "title", None),
        ({"state": "someday"}, "INVALID_INPUT", "state", None),
        (
            {"state": "approved"},
            "INITIATIVE_CREATE_STATE",
            "state",
            "A new initiative starts as an idea or in intake; later states are reached through "
            "transitions.",
        ),
        ({"budget_estimate": "a lot"}, "INVALID_INPUT", "budget_estimate", None),
        ({"budget_estimate": -1}, "INVALID_BUDGET_ESTIMATE", "budget_estimate", None),
        ({"priority": 1}, "INVALID_INPUT", "priority", "priority: Extra inputs are not permitted"),
        (
            {"requesting_unit": 999},
            "INVALID_REFERENCE",
            "requesting_unit",
            "requesting_unit: Business unit 999 does not exist.",
        ),
        (
            {"goals": [999]},
            "INVALID_REFERENCE",
            "goals",
            "goals: Strategic goal 999 does not exist.",
        ),
        (
            {"planned_start": "2026-05-01", "planned_end": "2026-01-01"},
            "INVALID_PLANNED_END",
            "planned_end",
            "The planned end date must be on or after its start date.",
        ),
    ],
    ids=[
        "missing title",
        "unknown state",
        "later state",
        "wrong type",
        "negative budget",
        "unknown field",
        "unknown unit",
        "unknown goal",
        "dates out of order",
    ],
)
def test_initiative_create_refuses_invalid_body(
    api_client, business, unit, changes, code, field, detail
):
    """Each bad body is refused with 400, its code, the field and no new row or history."""
    body = {"title": "Faster close", "requesting_unit": unit.pk, "kind": "growth", **changes}
    body = {k: v for k, v in body.items() if v is not None}
    history = Initiative.history.count()
    response = api_client(business).post("/api/initiatives", body, content_type=JSON)
    assert response.status_code == 400, response.json()
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    if detail:
        assert response.json()["detail"] == detail
    assert (Initiative.objects.count(), Initiative.history.count()) == (0, history)


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"title": "Lost", "version": 0}, 409, "VERSION_CONFLICT", "version"),
        ({"title": "Lost"}, 400, "INVALID_INPUT", "version"),
        ({"title": "Lost", "state": "done", "version": 1}, 400, "INVALID_INPUT", "state"),
        ({"kind": "moonshot", "version": 1}, 400, "INVALID_INPUT", "kind"),
        ({"budget_estimate": [1], "version": 1}, 400, "INVALID_INPUT", "budget_estimate"),
        ({"it_owner": 999, "version": 1}, 400, "INVALID_REFERENCE", "it_owner"),
    ],
    ids=[
        "stale version",
        "missing version",
        "state is not editable",
        "unknown kind",
        "wrong type",
        "unknown person",
    ],
)
def test_initiative_update_refuses_and_changes_nothing(
    api_client, portfolio, body, status, code, field
):
    """A refused patch answers its status, code and field and leaves row and history alone."""
    initiative = InitiativeFactory(title="Kept")
    before = _snapshot(initiative)
    response = api_client(portfolio).patch(
        f"/api/initiatives/{initiative.pk}", body, content_type=JSON
    )
    assert response.status_code == status, response.json()
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert _snapshot(initiative) == before


def test_initiative_update_of_another_units_initiative_is_forbidden(api_client, business, unit2):
    """A business lead may not edit another unit's initiative: 403, nothing changes."""
    initiative = InitiativeFactory(requesting_unit=unit2, title="Kept")
    before = _snapshot(initiative)
    response = api_client(business).patch(
        f"/api/initiatives/{initiative.pk}", {"title": "Mine now", "version": 1}, content_type=JSON
    )
    assert (response.status_code, response.json()["code"]) == (403, "PERMISSION_DENIED")
    assert _snapshot(initiative) == before


def test_initiative_update_moving_to_another_unit_is_forbidden(api_client, business, unit, unit2):
    """A business lead may not hand their initiative to another unit: 403, nothing changes."""
    initiative = InitiativeFactory(requesting_unit=unit)
    before = _snapshot(initiative)
    response = api_client(business).patch(
        f"/api/initiatives/{initiative.pk}",
        {"requesting_unit": unit2.pk, "version": 1},
        content_type=JSON,
    )
    assert (response.status_code, response.json()["code"]) == (403, "PERMISSION_DENIED")
    assert _snapshot(initiative) == before
    assert initiative.requesting_unit_id == unit.pk


def test_initiative_delete_refuses_approved_initiative(api_client, portfolio):
    """An approved initiative is cancelled, not deleted: 400 INITIATIVE_DELETE_STATE."""
    initiative = InitiativeFactory(state=S.APPROVED)
    response = api_client(portfolio).delete(f"/api/initiatives/{initiative.pk}")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (
        "INITIATIVE_DELETE_STATE",
        "state",
    )
    assert Initiative.objects.filter(pk=initiative.pk).exists()


#
# Initiatives: list, filters, pagination
#


def test_initiative_list_pages_up_to_1000(api_client, viewer, unit):
    """`?limit=500` answers 500 items and the full count; a limit over 1000 is refused."""
    Initiative.objects.bulk_create(
        Initiative(title=f"Bulk {n:04}", requesting_unit=unit, kind=InitiativeKind.RUN)
        for n in range(520)
    )
    client = api_client(viewer)
    page = client.get("/api/initiatives?limit=500").json()
    assert (page["count"], len(page["items"])) == (520, 500)
    last = client.get("/api/initiatives?limit=500&offset=500").json()
    assert [row["title"] for row in last["items"]][-1] == "Bulk 0519"
    refused = client.get("/api/initiatives?limit=1001")
    assert (refused.status_code, refused.json()["field"]) == (400, "limit")


def _ids(client, query):
    response = client.get(f"/api/initiatives?{query}")
    assert response.status_code == 200, response.json()
    return [row["id"] for row in response.json()["items"]]


def test_initiative_list_filters_by_state_unit_kind_goal_and_team(api_client, viewer, unit, unit2):
    """Each filter narrows the list the way the FilterSet defines it."""
    goal, team = StrategicGoalFactory(), TeamFactory()
    approved = InitiativeFactory(title="A", state=S.APPROVED, requesting_unit=unit, kind="run")
    idea = InitiativeFactory(title="B", state=S.IDEA, requesting_unit=unit2, kind="security")
    intake = InitiativeFactory(title="C", state=S.INTAKE, requesting_unit=unit2, kind="run")
    idea.goals.add(goal)
    EffortEstimateFactory(initiative=intake, team=team)
    client = api_client(viewer)
    assert _ids(client, "state=approved") == [approved.pk]
    assert _ids(client, "state=idea&state=intake") == [idea.pk, intake.pk]
    assert _ids(client, f"unit={unit2.pk}") == [idea.pk, intake.pk]
    assert _ids(client, "kind=security") == [idea.pk]
    assert _ids(client, f"goal={goal.pk}") == [idea.pk]
    assert _ids(client, f"team={team.pk}") == [intake.pk]
    assert _ids(client, "q=b") == [idea.pk]


def test_initiative_list_sorts_by_budget(api_client, viewer):
    """`?sort=-budget` lists the most expensive first."""
    cheap = InitiativeFactory(budget_estimate=Decimal("10"))
    dear = InitiativeFactory(budget_estimate=Decimal("1000"))
    middle = InitiativeFactory(budget_estimate=Decimal("100"))
    client = api_client(viewer)
    assert _ids(client, "sort=-budget") == [dear.pk, middle.pk, cheap.pk]
    assert _ids(client, "sort=budget") == [cheap.pk, middle.pk, dear.pk]


@pytest.mark.parametrize(
    ("query", "code", "field"),
    [
        ("state=someday", "INVALID_INPUT", "state"),
        ("kind=moonshot", "INVALID_INPUT", "kind"),
        ("unit=abc", "INVALID_INPUT", "unit"),
        ("unit=999", "INVALID_FILTER", "unit"),
        ("sort=colour", "INVALID_FILTER", "sort"),
        ("limit=0", "INVALID_INPUT", "limit"),
    ],
)
def test_initiative_list_refuses_bad_filters(api_client, viewer, query, code, field):
    """Unknown states, kinds, ids and sorts are refused with 400 naming the parameter."""
    response = api_client(viewer).get(f"/api/initiatives?{query}")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, field)


def test_initiative_query_fields_are_filterset_fields():
    """Every API query parameter is one the initiative FilterSet defines."""
    assert set(InitiativeQuery.model_fields) <= set(InitiativeFilterSet.base_filters)


#
# Lifecycle, assessment, history
#


def _transition(client, initiative, to, version=None, **extra):
    body = {"to": to, "version": initiative.version if version is None else version, **extra}
    return client.post(f"/api/initiatives/{initiative.pk}/transition", body, content_type=JSON)


def test_initiative_transition_moves_through_the_lifecycle(
    api_client, business, itlead, portfolio, unit
):
    """Business submits, IT reviews and assesses, the portfolio office approves."""
    initiative = InitiativeFactory(requesting_unit=unit)
    BusinessOutcomeFactory(initiative=initiative)
    assert _transition(api_client(business), initiative, "intake").json()["state"] == "intake"
    initiative.refresh_from_db()
    assert _transition(api_client(itlead), initiative, "feasibility_review").status_code == 200
    initiative.refresh_from_db()
    assessed = api_client(itlead).post(
        f"/api/initiatives/{initiative.pk}/assessment",
        {"feasibility": "feasible", "feasibility_notes": "Fits Q3.", "version": initiative.version},
        content_type=JSON,
    )
    assert assessed.status_code == 200, assessed.json()
    assert (assessed.json()["feasibility"], assessed.json()["feasibility_notes"]) == (
        "feasible",
        "Fits Q3.",
    )
    EffortEstimateFactory(initiative=initiative)
    initiative.refresh_from_db()
    approved = _transition(api_client(portfolio), initiative, "approved", reason="Board, 3 May")
    assert approved.status_code == 200, approved.json()
    assert (approved.json()["state"], approved.json()["state_label"]) == ("approved", "Approved")
    assert initiative.history.first().history_change_reason == "Moved to Approved: Board, 3 May"


@pytest.mark.parametrize(
    ("persona", "to", "version", "status", "code", "field"),
    [
        ("portfolio", "approved", None, 400, "INITIATIVE_NEEDS_OUTCOME", "outcomes"),
        ("portfolio", "done", None, 400, "INITIATIVE_TRANSITION_NOT_ALLOWED", "to"),
        ("portfolio", "someday", None, 400, "INVALID_INPUT", "to"),
        ("portfolio", "approved", 0, 409, "VERSION_CONFLICT", "version"),
        ("business", "approved", None, 403, "PERMISSION_DENIED", None),
    ],
    ids=["gate", "not a next state", "unknown state", "stale version", "not the decider"],
)
def test_initiative_transition_refuses_and_changes_nothing(
    api_client, personas, unit, persona, to, version, status, code, field
):
    """A refused move answers status, code and field, and leaves state, version and history."""
    initiative = InitiativeFactory(
        requesting_unit=unit, state=S.FEASIBILITY_REVIEW, feasibility=Feasibility.FEASIBLE
    )
    before = _snapshot(initiative)
    response = _transition(api_client(personas[persona]), initiative, to, version)
    assert response.status_code == status, response.json()
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert _snapshot(initiative) == before


def test_initiative_transition_gate_message(api_client, portfolio):
    """The gate's sentence reaches the client unchanged."""
    initiative = InitiativeFactory(state=S.FEASIBILITY_REVIEW, feasibility=Feasibility.FEASIBLE)
    response = _transition(api_client(portfolio), initiative, "approved")
    assert response.json()["detail"] == (
        "An initiative is submitted for approval only with at least one business outcome: the "
        "measure it moves, where it is today, the target and the date (e.g. 'order fulfilment "
        "time from 4 to 3.4 days by Q3 2027')."
    )


def test_submitting_without_an_outcome_is_refused_with_a_clear_message(api_client, business, unit):
    """Submitting an idea to intake without a business outcome is refused and changes nothing;
    with one it goes through."""
    initiative = InitiativeFactory(requesting_unit=unit, problem_statement="Slow month-end.")
    before = _snapshot(initiative)
    refused = _transition(api_client(business), initiative, "intake")
    assert refused.status_code == 400
    assert (refused.json()["code"], refused.json()["field"]) == (
        "INITIATIVE_NEEDS_OUTCOME",
        "outcomes",
    )
    assert "business outcome" in refused.json()["detail"]
    assert _snapshot(initiative) == before
    BusinessOutcomeFactory(initiative=initiative)
    assert _transition(api_client(business), initiative, "intake").status_code == 200


def test_creating_straight_into_intake_explains_the_outcome_comes_first(api_client, business, unit):
    """An outcome is added to an existing initiative, so creating one in intake is refused with
    the way forward, and nothing is created."""
    response = api_client(business).post(
        "/api/initiatives",
        {
            "title": "Faster close",
            "problem_statement": "Nine days to close.",
            "requesting_unit": unit.pk,
            "kind": "transform",
            "state": "intake",
        },
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "INITIATIVE_NEEDS_OUTCOME"
    assert "create it as an idea, add the outcome" in response.json()["detail"]
    assert not Initiative.objects.filter(title="Faster close").exists()


@pytest.mark.parametrize(
    ("persona", "body", "status", "field"),
    [
        ("business", {"feasibility": "feasible", "version": 1}, 403, None),
        ("itlead", {"feasibility": "perhaps", "version": 1}, 400, "feasibility"),
        ("itlead", {"feasibility": "feasible", "version": 9}, 409, "version"),
        ("itlead", {"feasibility": "feasible"}, 400, "version"),
    ],
    ids=["not IT", "unknown feasibility", "stale version", "missing version"],
)
def test_initiative_assess_refuses_and_changes_nothing(
    api_client, personas, persona, body, status, field
):
    """A refused assessment leaves feasibility, version and history as they were."""
    initiative = InitiativeFactory(state=S.FEASIBILITY_REVIEW)
    before = _snapshot(initiative)
    response = api_client(personas[persona]).post(
        f"/api/initiatives/{initiative.pk}/assessment", body, content_type=JSON
    )
    assert (response.status_code, response.json()["field"]) == (status, field)
    assert _snapshot(initiative) == before
    assert initiative.feasibility == Feasibility.NOT_ASSESSED


def test_initiative_history_lists_changes_newest_first(api_client, portfolio, viewer):
    """The history answers who changed which field from what to what, newest first."""
    initiative = InitiativeFactory(title="Old")
    api_client(portfolio).patch(
        f"/api/initiatives/{initiative.pk}", {"title": "New", "version": 1}, content_type=JSON
    )
    response = api_client(viewer).get(f"/api/initiatives/{initiative.pk}/history")
    assert response.status_code == 200
    newest, oldest = response.json()
    assert (newest["who"], newest["action"], newest["subject"]) == (
        "portfolio",
        "changed",
        "Initiative",
    )
    assert newest["changes"] == [{"field": "Title", "old": "Old", "new": "New"}]
    assert oldest["action"] == "created"


#
# Children: outcomes, estimates, status updates, scope changes
#

# collection: (item path, model, body to create, patch (without version), who may write)
CHILDREN = {
    "outcomes": (
        "outcomes",
        BusinessOutcome,
        {
            "metric": "Days to close",
            "baseline": 9,
            "target": 4,
            "unit": "days",
            "target_date": "2026-12-31",
        },
        {"target": 3.5},
        "business",
    ),
    "estimates": (
        "estimates",
        EffortEstimate,
        {"low": 2, "likely": 4, "high": 8},
        {"high": 9},
        "itlead",
    ),
    "status-updates": (
        "status-updates",
        StatusUpdate,
        {"date": "2026-03-01", "rag": "amber", "text": "Vendor late."},
        {"rag": "green"},
        "itlead",
    ),
    "scope-changes": (
        "scope-changes",
        ScopeChange,
        {"date": "2026-03-01", "reason": "Add Benelux.", "effort_delta": -2.5},
        {"reason": "Add Benelux and Nordics."},
        "business",
    ),
}


@pytest.mark.parametrize("collection", CHILDREN)
def test_child_create_read_list_update_delete(api_client, personas, unit, collection):
    """Each child is added under its initiative (201), read, listed, patched and deleted."""
    item_path, model, body, patch, persona = CHILDREN[collection]
    initiative = InitiativeFactory(requesting_unit=unit)
    if collection == "estimates":
        body = {**body, "team": TeamFactory(name="Apps").pk}
    client = api_client(personas[persona])
    created = client.post(f"/api/initiatives/{initiative.pk}/{collection}", body, content_type=JSON)
    assert created.status_code == 201, created.json()
    item = created.json()
    assert (item["initiative"], item["version"]) == (initiative.pk, 1)
    assert {k: item[k] for k in body} == body
    assert client.get(f"/api/{item_path}/{item['id']}").json() == item
    listed = client.get(f"/api/initiatives/{initiative.pk}/{collection}").json()
    assert listed == {"items": [item], "count": 1}
    updated = client.patch(
        f"/api/{item_path}/{item['id']}", {**patch, "version": 1}, content_type=JSON
    )
    assert updated.status_code == 200, updated.json()
    assert {k: updated.json()[k] for k in patch} == patch
    assert updated.json()["version"] == 2
    assert client.delete(f"/api/{item_path}/{item['id']}?version=2").status_code == 204
    assert model.objects.count() == 0


def test_status_update_create_records_its_author(api_client, itlead):
    """The author of a status update is the caller, answered as id and username."""
    initiative = InitiativeFactory()
    response = api_client(itlead).post(
        f"/api/initiatives/{initiative.pk}/status-updates",
        {"date": "2026-03-01", "rag": "red", "text": "Blocked."},
        content_type=JSON,
    )
    assert (response.json()["author"], response.json()["author_name"]) == (itlead.pk, "itlead")


def test_estimate_create_refuses_second_estimate_from_a_team(api_client, itlead):
    """One estimate per team: a second one is refused with 409 naming `team`."""
    estimate = EffortEstimateFactory()
    response = api_client(itlead).post(
        f"/api/initiatives/{estimate.initiative_id}/estimates",
        {"team": estimate.team_id, "low": 1, "likely": 2, "high": 3},
        content_type=JSON,
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == (
        "ESTIMATE_DUPLICATE_TEAM",
        "team",
    )
    assert EffortEstimate.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"baseline": 9, "target": 9}, "INVALID_TARGET", "target"),
        ({"baseline": "nine"}, "INVALID_INPUT", "baseline"),
        ({"owner": "Ada"}, "INVALID_INPUT", "owner"),
    ],
    ids=["target equals baseline", "wrong type", "unknown field"],
)
def test_outcome_create_refuses_invalid_body(api_client, business, unit, body, code, field):
    """A bad outcome is refused with 400 naming the field; nothing is added."""
    initiative = InitiativeFactory(requesting_unit=unit)
    full = {
        "metric": "Days",
        "baseline": 9,
        "target": 4,
        "unit": "days",
        "target_date": "2026-12-31",
        **body,
    }
    response = api_client(business).post(
        f"/api/initiatives/{initiative.pk}/outcomes", full, content_type=JSON
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert (BusinessOutcome.objects.count(), _snapshot(initiative)[2]) == (0, 1)


def test_outcome_update_refuses_stale_version(api_client, business, unit):
    """A stale outcome edit is refused with 409; the outcome and its history stay."""
    outcome = BusinessOutcomeFactory(initiative=InitiativeFactory(requesting_unit=unit))
    client = api_client(business)
    client.patch(f"/api/outcomes/{outcome.pk}", {"metric": "Kept", "version": 1}, content_type=JSON)
    response = client.patch(
        f"/api/outcomes/{outcome.pk}", {"metric": "Lost", "version": 1}, content_type=JSON
    )
    assert (response.status_code, response.json()["code"]) == (409, "VERSION_CONFLICT")
    outcome.refresh_from_db()
    assert (outcome.metric, outcome.version, outcome.history.count()) == ("Kept", 2, 2)


def test_child_edit_refused_on_closed_initiative(api_client, portfolio):
    """Children of a done initiative are frozen: 400 INITIATIVE_CLOSED."""
    scope_change = ScopeChangeFactory(initiative=InitiativeFactory(state=S.DONE))
    response = api_client(portfolio).patch(
        f"/api/scope-changes/{scope_change.pk}", {"reason": "Late", "version": 1}, content_type=JSON
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("INITIATIVE_CLOSED", "state")
    scope_change.refresh_from_db()
    assert scope_change.version == 1


@pytest.mark.parametrize(
    "path",
    [
        "/api/initiatives/999/outcomes",
        "/api/estimates/999",
        "/api/status-updates/999",
        "/api/scope-changes/999",
    ],
)
def test_child_unknown_is_404(api_client, viewer, path):
    """Unknown initiatives and children answer 404."""
    assert api_client(viewer).get(path).status_code == 404


def test_status_update_list_is_newest_first_and_paged(api_client, viewer):
    """Status updates of one initiative page with `limit`; other initiatives' are not listed."""
    initiative = InitiativeFactory()
    for day in (1, 2, 3):
        StatusUpdateFactory(initiative=initiative, date=date(2026, 3, day))
    StatusUpdateFactory()
    page = api_client(viewer).get(f"/api/initiatives/{initiative.pk}/status-updates?limit=2").json()
    assert (page["count"], len(page["items"])) == (3, 2)


#
# Dependencies
#


def test_dependency_create_list_read_delete(api_client, itlead):
    """IT adds a dependency (201), finds it by initiative, reads and removes it."""
    first, second, other = InitiativeFactory(), InitiativeFactory(), InitiativeFactory()
    DependencyFactory(predecessor=other, successor=InitiativeFactory())
    client = api_client(itlead)
    created = client.post(
        "/api/dependencies",
        {"predecessor": first.pk, "successor": second.pk, "note": "API first"},
        content_type=JSON,
    )
    assert created.status_code == 201, created.json()
    item = created.json()
    assert (item["predecessor_title"], item["successor_title"]) == (first.title, second.title)
    assert client.get(f"/api/dependencies?initiative={second.pk}").json() == {
        "items": [item],
        "count": 1,
    }
    assert client.get("/api/dependencies").json()["count"] == 2
    assert client.get(f"/api/dependencies/{item['id']}").json() == item
    assert client.delete(f"/api/dependencies/{item['id']}").status_code == 204
    assert Dependency.objects.count() == 1


@pytest.mark.parametrize(
    ("edge", "status", "code", "field"),
    [
        ("cycle", 400, "DEPENDENCY_CYCLE", "predecessor"),
        ("duplicate", 409, "DEPENDENCY_DUPLICATE", "predecessor"),
        ("self", 400, "DEPENDENCY_SELF", "predecessor"),
        ("unknown", 400, "INVALID_REFERENCE", "successor"),
    ],
)
def test_dependency_create_refuses_and_changes_nothing(
    api_client, itlead, edge, status, code, field
):
    """Cycles, duplicates, self-links and unknown initiatives are refused; no edge is added."""
    existing = DependencyFactory()
    a, b = existing.predecessor, existing.successor
    body = {
        "cycle": {"predecessor": b.pk, "successor": a.pk},
        "duplicate": {"predecessor": a.pk, "successor": b.pk},
        "self": {"predecessor": a.pk, "successor": a.pk},
        "unknown": {"predecessor": a.pk, "successor": 999},
    }[edge]
    response = api_client(itlead).post("/api/dependencies", body, content_type=JSON)
    assert response.status_code == status, response.json()
    assert (response.json()["code"], response.json()["field"]) == (code, field)
    assert (Dependency.objects.count(), Dependency.history.count()) == (1, 1)
