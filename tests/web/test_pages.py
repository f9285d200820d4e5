"""Every page × every persona: who may open it, who may write through it, and who is refused."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)
from tandem.roadmap.models import RankedFirst, Scenario, ScenarioChange
from tandem.strategy.models import StrategicGoal
from tests.web.world import World, build_world

pytestmark = pytest.mark.django_db

# Named URLs outside this matrix, each with its own: the API (tests/contract/
# test_api_permissions.py) and Django's admin (staff only, its own permission system).
ELSEWHERE = ("api", "admin")
SIGN_IN_PAGES = frozenset({"login", "logout"})  # open to anonymous visitors; tested below
PERSONAS = ("admin", "portfolio", "itlead", "business", "business2", "viewer")
ALL = frozenset(PERSONAS)
OFFICE = frozenset({"admin", "portfolio"})
OWN_BUSINESS = OFFICE | {"business"}
IT = OFFICE | {"itlead"}
IT_AND_BUSINESS = IT | {"business"}
TEAMS_PEOPLE = frozenset({"admin", "itlead"})

# URL name -> (arguments from the world, personas who may open it with GET; None = POST only)
PAGES: dict[str, tuple[Any, frozenset | None]] = {
    "web:dashboard": (lambda w: [], ALL),
    "web:section": (lambda w: ["scorecard"], ALL),
    "portfolio:initiative_list": (lambda w: [], ALL),
    "portfolio:initiative_create": (lambda w: [], OWN_BUSINESS | {"business2"}),
    "portfolio:initiative_detail": (lambda w: [w.initiative.pk], ALL),
    "portfolio:initiative_edit": (lambda w: [w.initiative.pk], OWN_BUSINESS),
    "portfolio:initiative_delete": (lambda w: [w.initiative.pk], OWN_BUSINESS),
    "portfolio:initiative_transition": (lambda w: [w.initiative.pk], None),
    "portfolio:initiative_assess": (lambda w: [w.initiative.pk], IT),
    "portfolio:outcome_create": (lambda w: [w.initiative.pk], OWN_BUSINESS),
    "portfolio:outcome_edit": (lambda w: [w.initiative.pk, w.outcome.pk], OWN_BUSINESS),
    "portfolio:outcome_delete": (lambda w: [w.initiative.pk, w.outcome.pk], OWN_BUSINESS),
    "portfolio:outcome_template_create": (lambda w: [w.initiative.pk], OWN_BUSINESS),
    "portfolio:estimate_create": (lambda w: [w.initiative.pk], IT),
    "portfolio:estimate_edit": (lambda w: [w.initiative.pk, w.estimate.pk], IT),
    "portfolio:estimate_delete": (lambda w: [w.initiative.pk, w.estimate.pk], IT),
    "portfolio:status_update_create": (lambda w: [w.initiative.pk], IT_AND_BUSINESS),
    "portfolio:status_update_edit": (
        lambda w: [w.initiative.pk, w.status_update.pk],
        IT_AND_BUSINESS,
    ),
    "portfolio:status_update_delete": (
        lambda w: [w.initiative.pk, w.status_update.pk],
        IT_AND_BUSINESS,
    ),
    "portfolio:scope_change_create": (lambda w: [w.initiative.pk], IT_AND_BUSINESS),
    "portfolio:scope_change_edit": (
        lambda w: [w.initiative.pk, w.scope_change.pk],
        IT_AND_BUSINESS,
    ),
    "portfolio:scope_change_delete": (
        lambda w: [w.initiative.pk, w.scope_change.pk],
        IT_AND_BUSINESS,
    ),
    "portfolio:dependency_create": (lambda w: [w.initiative.pk], IT_AND_BUSINESS),
    "portfolio:dependency_delete": (lambda w: [w.initiative.pk, w.dependency.pk], IT_AND_BUSINESS),
    "organization:unit_list": (lambda w: [], ALL),
    "organization:unit_detail": (lambda w: [w.unit.pk], ALL),
    "organization:unit_create": (lambda w: [], OFFICE),
    "organization:unit_edit": (lambda w: [w.unit.pk], OFFICE),
    "organization:unit_delete": (lambda w: [w.unit.pk], frozenset({"admin"})),
    "organization:team_list": (lambda w: [], ALL),
    "organization:team_detail": (lambda w: [w.team.pk], ALL),
    "organization:team_create": (lambda w: [], TEAMS_PEOPLE),
    "organization:team_edit": (lambda w: [w.team.pk], TEAMS_PEOPLE),
    "organization:team_delete": (lambda w: [w.team.pk], TEAMS_PEOPLE),
    "organization:person_list": (lambda w: [], ALL),
    "organization:person_detail": (lambda w: [w.person.pk], ALL),
    "organization:person_create": (lambda w: [], TEAMS_PEOPLE),
    "organization:person_edit": (lambda w: [w.person.pk], TEAMS_PEOPLE),
    "organization:person_delete": (lambda w: [w.person.pk], TEAMS_PEOPLE),
    "strategy:goal_list": (lambda w: [], ALL),
    "strategy:goal_detail": (lambda w: [w.goal.pk], ALL),
    "strategy:goal_create": (lambda w: [], OFFICE),
    "strategy:goal_edit": (lambda w: [w.goal.pk], OFFICE),
    "strategy:goal_delete": (lambda w: [w.goal.pk], OFFICE),
    "capacity:overview": (lambda w: [], ALL),
    "capacity:team": (lambda w: [w.team.pk], ALL),
    "capacity:initiative_impact": (lambda w: [w.initiative.pk], ALL),
    "prioritization:ranking": (lambda w: [], ALL),
    "prioritization:initiative_scores": (lambda w: [w.initiative.pk], ALL),
    "prioritization:selection": (lambda w: [], ALL),
    "prioritization:selection_detail": (lambda w: [w.selection.pk], ALL),
    "prioritization:scoring_models": (lambda w: [], ALL),
    "prioritization:scoring_model_activate": (lambda w: [w.other_model.pk], None),
    "prioritization:criterion_edit": (lambda w: [w.criterion.pk], OFFICE),
    "roadmap:overview": (lambda w: [], ALL),
    "roadmap:initiative_plan": (lambda w: [w.initiative.pk], ALL),
    "roadmap:ranked_first_clear": (lambda w: [w.ranked.initiative_id], None),
    "roadmap:forecast_create": (lambda w: [], None),
    "roadmap:forecast_progress": (lambda w: [], ALL),
    "roadmap:optimize_create": (lambda w: [], None),
    "roadmap:optimize_progress": (lambda w: [], ALL),
    "roadmap:scenario_list": (lambda w: [], ALL),
    "roadmap:scenario_create": (lambda w: [], ALL - {"viewer"}),
    "roadmap:scenario_detail": (lambda w: [w.scenario.pk], ALL),
    "roadmap:scenario_edit": (lambda w: [w.scenario.pk], OWN_BUSINESS),
    "roadmap:scenario_delete": (lambda w: [w.scenario.pk], OWN_BUSINESS),
    "roadmap:scenario_adopt": (lambda w: [w.scenario.pk], OFFICE),
    "roadmap:change_create": (lambda w: [w.scenario.pk], None),
    "roadmap:change_delete": (lambda w: [w.scenario.pk, w.change.pk], None),
    "roadmap:compare": (lambda w: [], ALL),
}

# Writes on business's initiative (and its children) and the form data each one posts.
PORTFOLIO_WRITES: dict[str, Any] = {
    "portfolio:initiative_edit": lambda w: {
        "title": "Renamed",
        "requesting_unit": w.unit.pk,
        "kind": "growth",
        "version": w.initiative.version,
    },
    "portfolio:initiative_delete": lambda w: {"version": w.initiative.version},
    "portfolio:initiative_transition": lambda w: {"to": "intake", "version": w.initiative.version},
    "portfolio:initiative_assess": lambda w: {
        "feasibility": "feasible",
        "version": w.initiative.version,
    },
    "portfolio:outcome_create": lambda w: {
        "metric": "Errors",
        "baseline": "10",
        "target": "2",
        "unit": "per month",
        "target_date": "2027-01-31",
    },
    "portfolio:outcome_edit": lambda w: {
        "metric": "Errors",
        "baseline": "10",
        "target": "2",
        "unit": "per month",
        "target_date": "2027-01-31",
        "version": w.outcome.version,
    },
    "portfolio:outcome_delete": lambda w: {"version": w.outcome.version},
    "portfolio:outcome_template_create": lambda w: {
        "template": "risk",
        "subject": "a ransomware outage",
        "impact": "2000000",
        "before": "10",
        "after": "2",
        "target_date": "2027-06-30",
    },
    "portfolio:estimate_create": lambda w: {
        "team": w.team2.pk,
        "low": "1",
        "likely": "2",
        "high": "3",
    },
    "portfolio:estimate_edit": lambda w: {
        "team": w.team.pk,
        "low": "1",
        "likely": "2",
        "high": "3",
        "version": w.estimate.version,
    },
    "portfolio:estimate_delete": lambda w: {"version": w.estimate.version},
    "portfolio:status_update_create": lambda w: {
        "date": "2026-03-02",
        "rag": "red",
        "text": "Late.",
    },
    "portfolio:status_update_edit": lambda w: {
        "date": "2026-03-02",
        "rag": "red",
        "text": "Late.",
        "version": w.status_update.version,
    },
    "portfolio:status_update_delete": lambda w: {"version": w.status_update.version},
    "portfolio:scope_change_create": lambda w: {
        "date": "2026-03-02",
        "reason": "More.",
        "effort_delta": "2",
    },
    "portfolio:scope_change_edit": lambda w: {
        "date": "2026-03-02",
        "reason": "More.",
        "effort_delta": "2",
        "version": w.scope_change.version,
    },
    "portfolio:scope_change_delete": lambda w: {"version": w.scope_change.version},
    "portfolio:dependency_create": lambda w: {"predecessor": w.spare.pk, "note": "Shared data"},
    "portfolio:dependency_delete": lambda w: {"version": w.dependency.version},
}
OTHER_WRITES: dict[str, Any] = {
    "portfolio:initiative_create": lambda w: {
        "title": "New",
        "requesting_unit": w.unit.pk,
        "kind": "growth",
    },
    "organization:unit_create": lambda w: {"name": "Legal", "code": "LEG", "headcount": "5"},
    "organization:unit_edit": lambda w: {
        "name": "Money",
        "code": "FIN",
        "headcount": "5",
        "version": w.unit.version,
    },
    "organization:unit_delete": lambda w: {"version": w.unit.version},
    "organization:team_create": lambda w: {"name": "Apps"},
    "organization:team_edit": lambda w: {"name": "Apps", "version": w.team.version},
    "organization:team_delete": lambda w: {"version": w.team.version},
    "organization:person_create": lambda w: {
        "name": "Pat",
        "email": "pat@x.example",
        "fte": "1",
        "hours_per_week": "40",
    },
    "organization:person_edit": lambda w: {
        "name": "Pat",
        "email": "pat@x.example",
        "fte": "1",
        "hours_per_week": "40",
        "version": w.person.version,
    },
    "organization:person_delete": lambda w: {"version": w.person.version},
    "strategy:goal_create": lambda w: {
        "title": "Grow",
        "statement": "More.",
        "owner_unit": w.unit.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
    },
    "strategy:goal_edit": lambda w: {
        "title": "Grow",
        "statement": "More.",
        "owner_unit": w.unit.pk,
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "version": w.goal.version,
    },
    "strategy:goal_delete": lambda w: {"version": w.goal.version},
    "prioritization:scoring_model_activate": lambda w: {"version": w.other_model.version},
    "roadmap:scenario_create": lambda w: {"name": "What if"},
    "roadmap:scenario_edit": lambda w: {"name": "Renamed", "version": w.scenario.version},
    "roadmap:scenario_delete": lambda w: {"version": w.scenario.version},
    "roadmap:change_create": lambda w: {
        "kind": "hire",
        "team": w.team2.pk,
        "people": "1",
        "first_day": "2027-01-04",
        "scenario_version": w.scenario.version,
    },
    "roadmap:change_delete": lambda w: {"version": w.change.version},
    "roadmap:ranked_first_clear": lambda w: {"version": w.ranked.version},
    "roadmap:forecast_create": lambda w: {},
    "roadmap:optimize_create": lambda w: {},
    "prioritization:criterion_edit": lambda w: {
        "name": "Revenue",
        "weight": "3",
        "higher_is_better": "on",
        "version": w.criterion.version,
    },
}
WRITES = {**PORTFOLIO_WRITES, **OTHER_WRITES}
MODELS = (
    BusinessUnit,
    Team,
    Person,
    StrategicGoal,
    Initiative,
    BusinessOutcome,
    EffortEstimate,
    StatusUpdate,
    ScopeChange,
    Dependency,
    Scenario,
    ScenarioChange,
    RankedFirst,
)


def _url_names() -> set[str]:
    """Every named URL the resolver knows, bar the API's and the admin's."""
    names: set[str] = set()

    def walk(patterns: list, namespace: str | None) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, entry.namespace or namespace)
            elif isinstance(entry, URLPattern) and entry.name and namespace not in ELSEWHERE:
                names.add(f"{namespace}:{entry.name}" if namespace else entry.name)

    walk(get_resolver().url_patterns, None)
    return names


def _snapshot() -> dict[str, Any]:
    """Row counts, versions and history rows of every model the UI writes."""
    state: dict[str, Any] = {}
    for model in MODELS:
        state[model.__name__] = sorted(model.objects.values_list("pk", "version"))
        state[f"{model.__name__} history"] = model.history.count()
    return state


@pytest.fixture
def world(unit, unit2, personas) -> World:
    return build_world(unit, unit2)


def test_every_url_has_a_permission_row():
    """A new page without a row in this matrix fails here, so nobody forgets its permissions."""
    assert _url_names() == set(PAGES) | SIGN_IN_PAGES
    assert set(WRITES) == {
        name
        for name, (_, who) in PAGES.items()
        if who is None
        or name.split(":")[1].split("_")[-1] in ("create", "edit", "delete", "assess")
    }


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_get_status_per_persona(name, world, personas, web_client):
    """Each persona gets 200 where its role allows, 403 where not; anonymous goes to sign-in."""
    args, allowed = PAGES[name]
    url = reverse(name, args=args(world))
    anonymous = web_client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))
    for persona in PERSONAS:
        response = web_client(personas[persona]).get(url)
        expected = 405 if allowed is None else (200 if persona in allowed else 403)
        assert response.status_code == expected, (persona, response.status_code)


@pytest.mark.parametrize("name", sorted(WRITES))
def test_viewer_write_is_refused_and_changes_nothing(name, world, viewer, web_client):
    """A viewer posting to any write gets the 403 page, and the database stays as it was."""
    args, _ = PAGES[name]
    before = _snapshot()
    response = web_client(viewer).post(reverse(name, args=args(world)), WRITES[name](world))
    assert response.status_code == 403
    assert "You can’t do this with your role" in response.content.decode()
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted({*PORTFOLIO_WRITES, "portfolio:initiative_create"}))
def test_other_units_lead_cannot_write_to_business_initiative(name, world, business2, web_client):
    """The Sales lead gets 403 on every write to Finance's initiative; nothing changes."""
    args, _ = PAGES[name]
    before = _snapshot()
    response = web_client(business2).post(reverse(name, args=args(world)), WRITES[name](world))
    assert response.status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("name", sorted(PORTFOLIO_WRITES))
def test_allowed_writes_succeed(name, world, admin, web_client):
    """The same posts succeed for an admin (so the refusals above are about permission)."""
    args, _ = PAGES[name]
    before = _snapshot()
    response = web_client(admin).post(reverse(name, args=args(world)), WRITES[name](world))
    assert response.status_code == 302, _errors(response)
    assert _snapshot() != before


def _errors(response) -> str:
    """The error messages of a re-rendered form, for a readable failure."""
    return " | ".join(
        re.findall(
            r"(?:invalid-feedback[^>]*|alert-danger[^>]*)>([^<]+)<", response.content.decode()
        )
    )


def test_unknown_section_is_404(admin, web_client):
    """A section slug that does not exist answers with the friendly 404 page."""
    response = web_client(admin).get(reverse("web:section", args=["payroll"]))
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_missing_initiative_is_404(admin, web_client):
    """An initiative that does not exist is a 404, not an error."""
    response = web_client(admin).get(reverse("portfolio:initiative_detail", args=[999999]))
    assert response.status_code == 404


def test_sign_in_page_is_open_to_anonymous_visitors(web_client):
    """The one page an anonymous visitor may open is the sign-in page; sign-out leads back to it."""
    assert web_client().get(reverse("login")).status_code == 200
    assert web_client().post(reverse("logout"))["Location"].startswith(reverse("login"))


def test_business_lead_reads_another_units_initiative_but_cannot_edit_it(
    world, business2, web_client
):
    """Visibility (ARCHITECTURE.md): one shared plan, so the Sales lead opens Finance's
    initiative (200) but its edit pages answer 403; its own unit's initiative is editable."""
    client = web_client(business2)
    detail = reverse("portfolio:initiative_detail", args=[world.initiative.pk])
    assert client.get(detail).status_code == 200
    for name in ("initiative_edit", "initiative_delete", "outcome_create"):
        url = reverse(f"portfolio:{name}", args=[world.initiative.pk])
        assert client.get(url).status_code == 403, name
    own = reverse("portfolio:initiative_edit", args=[world.other.pk])
    assert client.get(own).status_code == 200


def _object_pages(world: World) -> list[str]:
    return sorted(
        name
        for name, (args, _) in PAGES.items()
        if args(world) and all(isinstance(arg, int) for arg in args(world))
    )


def test_missing_objects_are_404_on_every_object_page(world, admin, web_client):
    """An id that does not exist answers the friendly 404 on every page of an object."""
    client, seen = web_client(admin), {}
    for name in _object_pages(world):
        url = reverse(name, args=[999999 for _ in PAGES[name][0](world)])
        response = client.get(url) if PAGES[name][1] is not None else client.post(url, {})
        seen[name] = response.status_code
    assert seen == dict.fromkeys(_object_pages(world), 404)
