"""Every write through the API and the pages leaves exactly one history record per object it
touches, naming the actor and the time."""

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.services import token_create
from tandem.portfolio import services as portfolio_services
from tandem.portfolio.models import Initiative
from tests.contract import test_api_permissions as api_table
from tests.factories import (
    BusinessUnitFactory,
    InitiativeFactory,
    StrategicGoalFactory,
    TeamFactory,
)
from tests.web import test_pages as page_table
from tests.web.world import build_world

pytestmark = pytest.mark.django_db
JSON = "application/json"
WRITE_METHODS = ("post", "put", "patch", "delete")
# Writes that change no plan data, so have no history; each says where it is recorded instead.
NO_HISTORY = {
    "plan_job_create": "queues a background job (operations.PlanJob keeps its own status)",
    "plan_run_create": "queues a background job (operations.PlanJob keeps its own status)",
}
REPLAYED = sorted(set(api_table.WRITES) - set(NO_HISTORY))
NO_HISTORY_PAGES = {
    "roadmap:forecast_create": "queues a background job (operations.PlanJob keeps its status)",
    "roadmap:optimize_create": "queues a background job (operations.PlanJob keeps its status)",
}


def _tracked_models():
    return [m for m in apps.get_models() if hasattr(m._meta, "simple_history_manager_attribute")]


def _history_ids():
    return {m: set(m.history.values_list("history_id", flat=True)) for m in _tracked_models()}


def _new_records(before):
    """{(model, object id): [new history records]} since `before`."""
    touched: dict = {}
    for model, seen in before.items():
        for record in model.history.exclude(history_id__in=seen).select_related("history_user"):
            touched.setdefault((model.__name__, record.id), []).append(record)
    return touched


def _assert_one_record_each(touched, actor, since, what):
    assert touched, f"{what}: no history recorded"
    for (model, pk), records in touched.items():
        assert len(records) == 1, (what, model, pk, [r.history_type for r in records])
        record = records[0]
        assert record.history_user == actor, (what, model, pk)
        assert since <= record.history_date <= timezone.now(), (what, model, pk)


def _write_operations():
    """(method, path) of every write operation in the served OpenAPI schema, by operation id."""
    spec = Client().get("/api/openapi.json").json()
    return {
        operation["operationId"]: method
        for item in spec["paths"].values()
        for method, operation in item.items()
        if method in WRITE_METHODS
    }


def test_history_tables_cover_every_write_operation(db):
    """Every write in the OpenAPI schema has a row in the API table this file replays."""
    operations = _write_operations()
    assert set(operations) - set(NO_HISTORY) == set(REPLAYED)
    assert {op: api_table.WRITES[op][0] for op in REPLAYED} == {
        op: operations[op] for op in REPLAYED
    }


@pytest.fixture
def api_world(personas, unit):
    return api_table.world.__wrapped__(personas, unit)


@pytest.mark.parametrize("operation", REPLAYED)
def test_api_write_leaves_one_history_record_per_object(operation, api_world, personas):
    """A permitted persona's API write records once per object, with the actor and the time."""
    method, url, body, success, allowed = api_table.WRITES[operation]
    actor = personas["admin" if "admin" in allowed else sorted(allowed)[0]]
    _, raw = token_create(username=actor.username)
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    before, since = _history_ids(), timezone.now()
    data = body(api_world) if body else None
    response = getattr(client, method)(url(api_world), data, content_type=JSON)
    assert response.status_code == success, response.content
    _assert_one_record_each(_new_records(before), actor, since, operation)


UNREFERENCED = {
    "organization:unit_delete": ("unit", BusinessUnitFactory),
    "organization:team_delete": ("team", TeamFactory),
}


@pytest.fixture
def page_world(unit, unit2, personas):
    return build_world(unit, unit2)


@pytest.mark.parametrize("name", sorted(set(page_table.WRITES) - set(NO_HISTORY_PAGES)))
def test_page_write_leaves_one_history_record_per_object(name, page_world, admin):
    """Every HTML write (each checked against the URL resolver in tests/web) records once."""
    args, _ = page_table.PAGES[name]
    if name in UNREFERENCED:  # the world's unit and team are in use, so deleting them is refused
        attr, factory = UNREFERENCED[name]
        setattr(page_world, attr, factory())
    client = Client()
    client.force_login(admin)
    before, since = _history_ids(), timezone.now()
    response = client.post(
        reverse(name, args=args(page_world)), page_table.WRITES[name](page_world)
    )
    assert response.status_code == 302, name
    _assert_one_record_each(_new_records(before), admin, since, name)


def test_initiative_edit_of_fields_and_goals_is_one_record(portfolio):
    """Changing fields and goals together records once, holding both changes and the version."""
    keep, drop, add = StrategicGoalFactory(), StrategicGoalFactory(), StrategicGoalFactory()
    initiative = InitiativeFactory()
    initiative.goals.set([keep, drop])
    count = initiative.history.count()
    updated = portfolio_services.initiative_update(
        initiative=initiative,
        data={"title": "Renamed", "goals": [keep, add], "version": initiative.version},
        by=portfolio,
    )
    assert initiative.history.count() == count + 1
    record = updated.history.latest()
    assert (record.title, record.version, record.history_user) == ("Renamed", 2, portfolio)
    assert {row.strategicgoal_id for row in record.goals.all()} == {keep.pk, add.pk}
    changed = {c.field for c in record.diff_against(record.prev_record).changes}
    assert {"title", "goals"} <= changed


def test_initiative_goals_only_edit_is_one_record_with_the_new_version(portfolio):
    """Changing only the goals bumps the version and records once, at that version."""
    goal = StrategicGoalFactory()
    initiative = InitiativeFactory()
    count = initiative.history.count()
    updated = portfolio_services.initiative_update(
        initiative=initiative, data={"goals": [goal], "version": 1}, by=portfolio
    )
    assert (updated.version, initiative.history.count()) == (2, count + 1)
    record = updated.history.latest()
    assert (record.version, [row.strategicgoal_id for row in record.goals.all()]) == (2, [goal.pk])
    assert Initiative.objects.get(pk=initiative.pk).version == 2


def test_initiative_created_with_goals_is_one_record_holding_them(business, unit):
    """Creating an initiative with goals records one 'created' entry whose snapshot has them."""
    goals = [StrategicGoalFactory(), StrategicGoalFactory()]
    initiative = portfolio_services.initiative_create(
        data={"title": "New", "requesting_unit": unit, "kind": "growth", "goals": goals},
        by=business,
    )
    [record] = initiative.history.all()
    assert (record.history_type, record.history_user) == ("+", business)
    assert {row.strategicgoal_id for row in record.goals.all()} == {g.pk for g in goals}


def test_unchanged_edit_records_nothing(portfolio):
    """Saving an initiative with nothing changed adds no history and keeps the version."""
    initiative = InitiativeFactory()
    count = initiative.history.count()
    portfolio_services.initiative_update(
        initiative=initiative,
        data={"title": initiative.title, "goals": [], "version": 1},
        by=portfolio,
    )
    assert (initiative.history.count(), Initiative.objects.get(pk=initiative.pk).version) == (
        count,
        1,
    )
