"""The organization API: business units, teams and people over HTTP."""

import pytest

from tandem.organization.filters import BusinessUnitFilterSet, PersonFilterSet, TeamFilterSet
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.organization.schemas import BusinessUnitQuery, PersonQuery, TeamQuery
from tests.factories import BusinessUnitFactory, InitiativeFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"

# path: (model, body to create, body to patch (without version))
RESOURCES = {
    "units": (
        BusinessUnit,
        {"name": "Legal", "code": "LEG", "headcount": 12},
        {"description": "Contracts and compliance"},
    ),
    "teams": (Team, {"name": "Data platform"}, {"description": "Pipelines and the warehouse"}),
    "people": (
        Person,
        {"name": "Ada", "email": "ada@example.com", "fte": 0.5, "skills": ["python"]},
        {"hours_per_week": 32},
    ),
}


@pytest.mark.parametrize("path", RESOURCES)
def test_organization_api_create_read_list_update_delete(api_client, admin, path):
    """Each resource is created (201), read, listed, patched (200, version + 1), deleted (204)."""
    model, body, patch = RESOURCES[path]
    client = api_client(admin)
    before = model.objects.count()
    created = client.post(f"/api/{path}", body, content_type=JSON)
    assert created.status_code == 201, created.json()
    item = created.json()
    assert item["version"] == 1
    assert {k: item[k] for k in body} == body
    assert client.get(f"/api/{path}/{item['id']}").json() == item
    listed = client.get(f"/api/{path}").json()
    assert listed["count"] == before + 1
    assert item["id"] in [row["id"] for row in listed["items"]]
    updated = client.patch(f"/api/{path}/{item['id']}", {**patch, "version": 1}, content_type=JSON)
    assert updated.status_code == 200, updated.json()
    assert updated.json()["version"] == 2
    assert {k: updated.json()[k] for k in patch} == patch
    deleted = client.delete(f"/api/{path}/{item['id']}?version=2")
    assert deleted.status_code == 204
    assert model.objects.count() == before


def test_team_lead_goes_in_and_out_as_an_id_with_a_name(api_client, itlead):
    """A team's lead is sent as a person id and answered as the id plus the person's name."""
    lead = PersonFactory(name="Grace")
    response = api_client(itlead).post(
        "/api/teams", {"name": "Apps", "lead": lead.pk}, content_type=JSON
    )
    assert response.status_code == 201
    assert (response.json()["lead"], response.json()["lead_name"]) == (lead.pk, "Grace")


def test_person_create_refuses_unknown_team(api_client, itlead):
    """An id that matches no team is refused with 400 naming the field; nobody is created."""
    before = Person.objects.count()
    response = api_client(itlead).post(
        "/api/people",
        {"name": "Ada", "email": "ada@example.com", "team": 999},
        content_type=JSON,
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "team: Team 999 does not exist.",
        "code": "INVALID_REFERENCE",
        "field": "team",
    }
    assert Person.objects.count() == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Legal"}, "code"),
        ({"name": "Legal", "code": "LEG", "headcount": "many"}, "headcount"),
        ({"name": "Legal", "code": "LEG", "colour": "blue"}, "colour"),
    ],
    ids=["missing field", "wrong type", "unknown field"],
)
def test_unit_create_refuses_invalid_body(api_client, admin, body, field):
    """Missing, mistyped and unknown fields are refused with 400 naming the field."""
    before = BusinessUnit.objects.count()
    response = api_client(admin).post("/api/units", body, content_type=JSON)
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("INVALID_INPUT", field)
    assert BusinessUnit.objects.count() == before


def test_person_create_refuses_duplicate_email(api_client, itlead):
    """A second person with the same e-mail is refused naming the field."""
    PersonFactory(email="ada@example.com")
    before = Person.objects.count()
    response = api_client(itlead).post(
        "/api/people", {"name": "Ada", "email": "ada@example.com"}, content_type=JSON
    )
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("INVALID_EMAIL", "email")
    assert Person.objects.count() == before


def test_unit_update_refuses_stale_version(api_client, admin):
    """A patch based on an old version is refused with 409 and changes nothing."""
    unit = BusinessUnitFactory(name="Legal")
    client = api_client(admin)
    client.patch(f"/api/units/{unit.pk}", {"headcount": 5, "version": 1}, content_type=JSON)
    response = client.patch(
        f"/api/units/{unit.pk}", {"name": "Lost", "version": 1}, content_type=JSON
    )
    assert response.status_code == 409
    assert (response.json()["code"], response.json()["field"]) == ("VERSION_CONFLICT", "version")
    unit.refresh_from_db()
    assert (unit.name, unit.version, unit.history.count()) == ("Legal", 2, 2)


def test_team_update_refuses_missing_version_and_unknown_field(api_client, itlead):
    """A patch without `version`, or with a field teams do not have, is refused naming it."""
    team = TeamFactory(name="Apps")
    client = api_client(itlead)
    missing = client.patch(f"/api/teams/{team.pk}", {"name": "X"}, content_type=JSON)
    unknown = client.patch(f"/api/teams/{team.pk}", {"budget": 1, "version": 1}, content_type=JSON)
    assert (missing.status_code, missing.json()["field"]) == (400, "version")
    assert (unknown.status_code, unknown.json()["field"]) == (400, "budget")
    team.refresh_from_db()
    assert (team.name, team.version, team.history.count()) == ("Apps", 1, 1)


def test_unit_delete_refuses_while_initiatives_refer_to_it(api_client, admin):
    """A unit with initiatives is not deleted: 409 STILL_REFERENCED."""
    unit = BusinessUnitFactory()
    InitiativeFactory(requesting_unit=unit)
    response = api_client(admin).delete(f"/api/units/{unit.pk}")
    assert (response.status_code, response.json()["code"]) == (409, "STILL_REFERENCED")
    assert BusinessUnit.objects.filter(pk=unit.pk).exists()


def test_team_delete_refuses_stale_version(api_client, itlead):
    """Deleting with `?version=` other than the current one is refused with 409."""
    team = TeamFactory()
    response = api_client(itlead).delete(f"/api/teams/{team.pk}?version=7")
    assert (response.status_code, response.json()["code"]) == (409, "VERSION_CONFLICT")
    assert Team.objects.filter(pk=team.pk).exists()


def test_person_get_unknown_is_404(api_client, viewer):
    """An unknown person id answers 404 with the selector's sentence."""
    response = api_client(viewer).get("/api/people/999")
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Person 999 does not exist.",
        "code": "PERSON_NOT_FOUND",
        "field": None,
    }


def test_person_list_filters_by_unit_team_and_name(api_client, viewer):
    """The people list narrows by business unit, IT team and name."""
    unit, team = BusinessUnitFactory(), TeamFactory()
    in_unit = PersonFactory(name="Ada Lovelace", unit=unit)
    in_team = PersonFactory(name="Grace Hopper", team=team)
    client = api_client(viewer)

    def ids(query):
        return [row["id"] for row in client.get(f"/api/people?{query}").json()["items"]]

    assert ids(f"unit={unit.pk}") == [in_unit.pk]
    assert ids(f"team={team.pk}") == [in_team.pk]
    assert ids("q=hopper") == [in_team.pk]


def test_person_list_refuses_unknown_unit_filter(api_client, viewer):
    """Filtering people by a unit that does not exist is refused naming the filter."""
    response = api_client(viewer).get("/api/people?unit=999")
    assert response.status_code == 400
    assert (response.json()["code"], response.json()["field"]) == ("INVALID_FILTER", "unit")


def test_unit_list_paginates(api_client, viewer):
    """`limit` and `offset` page through the list; `count` is the full total."""
    BusinessUnitFactory.create_batch(5)
    page = api_client(viewer).get("/api/units?limit=2&offset=4").json()
    assert (page["count"], len(page["items"])) == (5, 1)


@pytest.mark.parametrize(
    ("query", "filterset"),
    [
        (BusinessUnitQuery, BusinessUnitFilterSet),
        (TeamQuery, TeamFilterSet),
        (PersonQuery, PersonFilterSet),
    ],
)
def test_organization_query_fields_are_filterset_fields(query, filterset):
    """Every API query parameter is one the list's FilterSet defines."""
    assert set(query.model_fields) <= set(filterset.base_filters)


def test_person_update_refuses_it_lead_moving_a_person_to_another_unit(
    api_client, itlead, business, unit, unit2
):
    """An IT lead may not move a person to another unit: that changes a business lead's rights."""
    person = business.person
    response = api_client(itlead).patch(
        f"/api/people/{person.pk}",
        {"unit": unit2.pk, "version": person.version},
        content_type="application/json",
    )
    before = person.version
    assert (response.status_code, response.json()["code"]) == (403, "PERMISSION_DENIED")
    person.refresh_from_db()
    assert (person.unit_id, person.version) == (unit.pk, before)


def test_person_update_refuses_it_lead_linking_a_login(api_client, itlead, viewer):
    """Only admins link a person to a login."""
    person = PersonFactory()
    response = api_client(itlead).patch(
        f"/api/people/{person.pk}",
        {"user": viewer.pk, "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.user_id is None


def test_person_update_lets_it_lead_change_hours(api_client, itlead):
    """Hours and FTE are the IT lead's to keep right."""
    person = PersonFactory()
    response = api_client(itlead).patch(
        f"/api/people/{person.pk}",
        {"hours_per_week": 32, "version": 1},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["hours_per_week"] == 32
