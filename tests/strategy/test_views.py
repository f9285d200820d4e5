"""Strategic goal pages: filters, the initiatives serving a goal, forms and history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.strategy.models import StrategicGoal
from tests.factories import StrategicGoalFactory
from tests.web.world import build_world

pytestmark = pytest.mark.django_db

LIST = reverse("strategy:goal_list")


@pytest.fixture
def world(unit, unit2, personas):
    return build_world(unit, unit2)


def test_goal_list_filters_by_unit_and_text(world, viewer, web_client):
    """The goal list narrows by owner and title."""
    StrategicGoalFactory(title="Win mid-market", owner_unit=world.unit2)
    client = web_client(viewer)
    titles = [g.title for g in client.get(LIST, {"owner_unit": world.unit2.pk}).context["objects"]]
    assert titles == ["Win mid-market"]
    assert [g.title for g in client.get(LIST, {"q": "books"}).context["objects"]] == [
        "Close the books faster"
    ]


def test_goal_list_htmx_rows(world, viewer, web_client):
    """HTMX gets only the rows of the goal list."""
    body = web_client(viewer).get(LIST, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in body
    assert "Close the books faster" in body


def test_goal_detail_shows_initiatives_serving_it(world, viewer, web_client):
    """A goal lists the initiatives that serve it."""
    body = web_client(viewer).get(world.goal.get_absolute_url()).content.decode()
    assert "Automated ledger reconciliation" in body
    assert "CRM clean-up" not in body


def test_goal_create_and_period_check(portfolio, unit, web_client):
    """A goal is created; a period ending before it starts is refused on the field."""
    client = web_client(portfolio)
    data = {
        "title": "Halve churn",
        "statement": "Keep customers.",
        "owner_unit": unit.pk,
        "period_start": "2026-01-01",
        "period_end": "2025-01-01",
    }
    refused = client.post(reverse("strategy:goal_create"), data)
    assert refused.context["form"].errors["period_end"] == [
        "The period must end on or after its start."
    ]
    data["period_end"] = "2026-12-31"
    client.post(reverse("strategy:goal_create"), data)
    assert StrategicGoal.objects.filter(title="Halve churn").exists()


def test_goal_edit_shows_in_history_with_names(world, portfolio, web_client):
    """Changing a goal's owner shows unit names, not ids, in its history."""
    client = web_client(portfolio)
    client.post(
        reverse("strategy:goal_edit", args=[world.goal.pk]),
        {
            "title": world.goal.title,
            "statement": world.goal.statement,
            "owner_unit": world.unit2.pk,
            "period_start": "2026-01-01",
            "period_end": "2026-12-31",
            "version": world.goal.version,
        },
    )
    body = client.get(world.goal.get_absolute_url()).content.decode()
    assert '<span class="old">Finance</span> → <span class="new">Sales</span>' in body


def test_goal_delete_keeps_initiatives(world, admin, web_client):
    """Deleting a goal unlinks its initiatives without deleting them."""
    web_client(admin).post(
        reverse("strategy:goal_delete", args=[world.goal.pk]), {"version": world.goal.version}
    )
    assert not StrategicGoal.objects.filter(pk=world.goal.pk).exists()
    world.initiative.refresh_from_db()
    assert world.initiative.goals.count() == 0
