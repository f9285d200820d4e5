"""The dashboard, the sections to come, sign-in and the error pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.web.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(unit, unit2, personas):
    return build_world(unit, unit2)


def test_dashboard_counts_initiatives_per_state(world, viewer, web_client):
    """Every state is listed with its count, linking to the filtered list."""
    response = web_client(viewer).get(reverse("web:dashboard"))
    states = {value: count for value, _, count in response.context["states"]}
    assert states["idea"] == 3
    assert states["done"] == 0
    assert f"{reverse('portfolio:initiative_list')}?state=idea" in response.content.decode()


def test_dashboard_shows_business_lead_their_units_initiatives(world, business, viewer, web_client):
    """A business lead sees their unit's initiatives; a viewer does not get that panel."""
    mine = web_client(business).get(reverse("web:dashboard")).context["my_initiatives"]
    assert [i.title for i in mine] == ["Automated ledger reconciliation"]
    assert web_client(viewer).get(reverse("web:dashboard")).context["my_initiatives"] is None


def test_dashboard_recent_changes(world, viewer, web_client):
    """Recent changes list the latest initiative records."""
    body = web_client(viewer).get(reverse("web:dashboard")).content.decode()
    assert "Recent changes" in body
    assert "CRM clean-up" in body


@pytest.mark.parametrize("slug", ["scorecard", "landscape", "governance", "insights"])
def test_section_pages_explain_what_is_coming(slug, viewer, web_client):
    """Each section still to come says what it will show and that it arrives later."""
    body = web_client(viewer).get(reverse("web:section", args=[slug])).content.decode()
    assert "arrives in a later release" in body
    assert 'aria-current="page"' in body


def test_navigation_and_user_menu(viewer, web_client):
    """The top bar has every section, the organization menu, the role and a POST sign-out."""
    body = web_client(viewer).get(reverse("web:dashboard")).content.decode()
    for label in (
        "Portfolio",
        "Capacity",
        "Roadmap",
        "Scorecard",
        "Landscape",
        "Governance",
        "Insights",
        "Business units",
        "Teams",
        "People",
        "Strategic goals",
    ):
        assert f">{label}<" in body
    assert "Viewer" in body
    assert f'<form method="post" action="{reverse("logout")}"' in body


def test_pages_load_only_vendored_assets(viewer, web_client):
    """No CDN and no inline script: every script is a local static file."""
    body = web_client(viewer).get(reverse("web:dashboard")).content.decode()
    assert "https://" not in body
    assert "<script>" not in body
    assert " onclick=" not in body
    assert "/static/vendor/htmx/htmx.min.js" in body


def test_login_page_and_sign_in(viewer, client):
    """The sign-in page renders; signing in lands on the dashboard."""
    assert client.get(reverse("login")).status_code == 200
    response = client.post(
        reverse("login"), {"username": "viewer", "password": "correct-horse-battery"}
    )
    assert response["Location"] == reverse("web:dashboard")


def test_logout_is_a_post(viewer, web_client):
    """Signing out works through the POST form."""
    response = web_client(viewer).post(reverse("logout"))
    assert response.status_code == 302
