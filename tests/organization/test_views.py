"""Organization pages: units, teams and people, their forms, refusals and history."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tandem.organization.models import BusinessUnit, Person, Team
from tests.factories import PersonFactory
from tests.web.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(unit, unit2, personas):
    return build_world(unit, unit2)


def test_unit_list_search_and_htmx_rows(world, viewer, web_client):
    """The search narrows the list; HTMX gets only the rows."""
    client = web_client(viewer)
    assert [
        u.name
        for u in client.get(reverse("organization:unit_list"), {"q": "fin"}).context["objects"]
    ] == ["Finance"]
    partial = client.get(
        reverse("organization:unit_list"), {"q": "sal"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in partial
    assert "Sales" in partial


def test_unit_detail_shows_initiatives_goals_people_and_history(world, viewer, web_client):
    """A unit's page lists what it requested, the goals it owns and its people."""
    body = web_client(viewer).get(world.unit.get_absolute_url()).content.decode()
    assert "Automated ledger reconciliation" in body
    assert "Close the books faster" in body
    assert "Business" in body  # the business persona works in Finance
    assert 'data-testid="history"' in body


def test_unit_edit_is_recorded_in_history(world, portfolio, web_client):
    """Renaming a unit shows who changed the name from what to what."""
    client = web_client(portfolio)
    client.post(
        reverse("organization:unit_edit", args=[world.unit.pk]),
        {
            "name": "Finance & Control",
            "code": "FIN",
            "headcount": "100",
            "version": world.unit.version,
        },
    )
    body = client.get(world.unit.get_absolute_url()).content.decode()
    assert "<strong>portfolio</strong> changed" in body
    assert (
        '<span class="old">Finance</span> → <span class="new">Finance &amp; Control</span>' in body
    )


def test_unit_edit_stale_version_is_a_conflict(world, portfolio, web_client):
    """A stale edit explains the conflict and keeps the input."""
    BusinessUnit.objects.filter(pk=world.unit.pk).update(version=7)
    response = web_client(portfolio).post(
        reverse("organization:unit_edit", args=[world.unit.pk]),
        {"name": "Treasury", "code": "FIN", "headcount": "1", "version": 1},
    )
    body = response.content.decode()
    assert "changed by someone else" in body
    assert 'value="Treasury"' in body
    assert BusinessUnit.objects.get(pk=world.unit.pk).name == "Finance"


def test_unit_delete_refused_while_referenced(world, admin, web_client):
    """A unit with initiatives cannot be deleted; the page says why."""
    response = web_client(admin).post(
        reverse("organization:unit_delete", args=[world.unit.pk]),
        {"version": world.unit.version},
        follow=True,
    )
    assert "cannot be deleted while" in response.content.decode()
    assert BusinessUnit.objects.filter(pk=world.unit.pk).exists()


def test_team_detail_totals_members_and_estimates(world, viewer, web_client):
    """A team page adds up FTE and weekly hours and lists the effort asked of it."""
    PersonFactory(team=world.team, fte=Decimal("0.5"), hours_per_week=Decimal("20"))
    response = web_client(viewer).get(world.team.get_absolute_url())
    assert response.context["fte_total"] == Decimal("1.30")
    assert response.context["hours_total"] == Decimal("52.0")
    body = response.content.decode()
    assert "Automated ledger reconciliation" in body
    assert "1.3" in body


def test_team_create_by_it_lead(itlead, web_client):
    """An IT lead creates a team and lands on its page."""
    response = web_client(itlead).post(reverse("organization:team_create"), {"name": "Workplace"})
    team = Team.objects.get(name="Workplace")
    assert response["Location"] == team.get_absolute_url()


def test_person_form_parses_skills_and_shows_them(world, itlead, web_client):
    """Comma-separated skills are stored as a list and shown back the same way."""
    client = web_client(itlead)
    client.post(
        reverse("organization:person_edit", args=[world.person.pk]),
        {
            "name": "Dana Data",
            "email": "dana@tandem.example",
            "team": world.team.pk,
            "fte": "0.8",
            "hours_per_week": "32",
            "skills": "SQL, dbt ,  Python",
            "version": world.person.version,
        },
    )
    world.person.refresh_from_db()
    assert world.person.skills == ["SQL", "dbt", "Python"]
    form = client.get(reverse("organization:person_edit", args=[world.person.pk]))
    assert 'value="SQL, dbt, Python"' in form.content.decode()


def test_person_create_invalid_fte_is_explained(itlead, web_client):
    """An FTE above 1 is refused on the field."""
    response = web_client(itlead).post(
        reverse("organization:person_create"),
        {"name": "Too much", "email": "much@x.example", "fte": "1.5", "hours_per_week": "40"},
    )
    assert "fte" in response.context["form"].errors
    assert not Person.objects.filter(email="much@x.example").exists()


def test_person_detail_lists_sponsored_initiatives(world, viewer, web_client):
    """A sponsor's page shows the initiatives they sponsor."""
    world.initiative.business_sponsor = world.person
    world.initiative.save()
    body = web_client(viewer).get(world.person.get_absolute_url()).content.decode()
    assert "Business sponsor" in body
    assert "Automated ledger reconciliation" in body


def test_person_edit_refuses_it_lead_moving_a_business_lead_to_another_unit(
    itlead, business, unit, unit2, web_client
):
    """An IT lead cannot move a person to another unit; the form says why and nothing changes."""
    person = business.person
    response = web_client(itlead).post(
        reverse("organization:person_edit", args=[person.pk]),
        {
            "name": person.name,
            "email": person.email,
            "unit": unit2.pk,
            "fte": "1",
            "hours_per_week": "40",
            "version": person.version,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["You do not have permission to do this."]
    person.refresh_from_db()
    assert (person.unit_id, person.version) == (unit.pk, 1)
