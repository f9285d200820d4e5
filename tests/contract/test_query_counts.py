"""Query counts per list view: the same for N and 3N rows, and within tests/query_counts.json.

Every page whose URL name ends in `_list` (plus the dashboard) and every API operation whose
operation_id ends in `_list` must have a baseline; a new list view without one fails
`test_every_list_view_has_a_baseline`. Raise a baseline only with a reason (a new column that
needs a query of its own, never one per row).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tandem.api import api
from tandem.prioritization import services as prioritization_services
from tandem.prioritization.models import ScoringModel, SelectionRun
from tandem.roadmap import services as roadmap_services
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
    UserFactory,
)

pytestmark = pytest.mark.django_db
BASELINES = json.loads((Path(__file__).resolve().parents[1] / "query_counts.json").read_text())
N = 4
# Pages that list things without a `_list` name.
EXTRA_PAGES = ("web:dashboard", "prioritization:ranking")
# The persona each page is read as (the dashboard lists a business lead's own initiatives).
PAGE_PERSONA = {"web:dashboard": "business"}
# Query strings an API list needs besides its path ({initiative_id} is filled in).
API_QUERY = {"dependency_list": "initiative={initiative_id}"}


def _page_list_names(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            if pattern.namespace not in ("api", "admin"):  # the API is checked by operation
                names |= _page_list_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("_list"):
            names.add(f"{namespace}{pattern.name}")
    return names


def _api_list_paths() -> dict[str, str]:
    schema = api.get_openapi_schema()
    return {
        operation["operationId"]: path
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method == "get" and operation.get("operationId", "").endswith("_list")
    }


def test_every_list_view_has_a_baseline():
    """Each page and API list view has a baseline (a new one fails until it gets one)."""
    pages = _page_list_names() | set(EXTRA_PAGES)
    assert sorted(pages - set(BASELINES["pages"])) == []
    assert sorted(set(_api_list_paths()) - set(BASELINES["api"])) == []


class World:
    """Rows of every kind, grown N at a time; `anchor` collects the per-initiative children."""

    def __init__(self, unit) -> None:
        self.unit = unit
        self.anchor = InitiativeFactory(requesting_unit=unit)
        self.model = prioritization_services.scoring_models_install_defaults()
        self.criteria = list(self.model.criteria.all())
        self.grown = 0

    def grow(self, n: int) -> None:
        for _ in range(n):
            unit = BusinessUnitFactory()
            lead = PersonFactory(unit=None)
            team = TeamFactory(lead=lead)
            PersonFactory(team=team)
            PersonFactory(unit=unit)
            goal = StrategicGoalFactory(owner_unit=unit)
            initiative = InitiativeFactory(requesting_unit=self.unit, business_sponsor=lead)
            initiative.goals.add(goal)
            BusinessOutcomeFactory(initiative=initiative)
            EffortEstimateFactory(initiative=initiative, team=team)
            BusinessOutcomeFactory(initiative=self.anchor)
            EffortEstimateFactory(initiative=self.anchor, team=team)
            StatusUpdateFactory(initiative=self.anchor)
            ScopeChangeFactory(initiative=self.anchor)
            DependencyFactory(predecessor=initiative, successor=self.anchor)
            self.anchor.goals.add(goal)
            self._grow_prioritization(initiative)
            self._grow_scenarios(team)

    def _grow_scenarios(self, team) -> None:
        """A scenario of a new user hiring into the new team."""
        owner = UserFactory()
        scenario = roadmap_services.scenario_create(data={"name": "Hire"}, by=owner)
        roadmap_services.change_add(
            scenario=scenario,
            data={"kind": "hire", "team": team, "people": 1, "first_day": date(2027, 1, 4)},
            by=owner,
        )

    def _grow_prioritization(self, initiative) -> None:
        """A scorer scoring the anchor and the new initiative, a pair of alternatives, a
        model with a revision, and a selection run."""
        self.grown += 1
        scorer = UserFactory()
        for target in (self.anchor, initiative):
            for criterion in self.criteria[:3]:
                prioritization_services.score_set(
                    initiative=target, criterion=criterion, data={"value": 3}, by=scorer
                )
        prioritization_services.alternative_create(
            data={"first": initiative, "second": InitiativeFactory()}, by=scorer
        )
        model = ScoringModel.objects.create(name=f"Model {self.grown}", method="weighted")
        prioritization_services.revision_record(self.model, reason="Grown", by=None)
        SelectionRun.objects.create(
            period_from="2027Q1",
            period_to="2027Q4",
            status="OPTIMAL",
            objective=1,
            bound=1,
            gap_pct=0,
            runtime_s=0.1,
            greedy_objective=1,
            lp_bound=1,
            candidate_ids=[],
            problem={"candidates": [], "team_names": [], "period_labels": []},
            result={"chosen": []},
        )
        assert model.pk


# The sweep of finished rate-limit windows runs on a client's first call in each new window
# (once a minute, whatever the rows), so a request that happens to open a window is not a
# sign of queries per row.
HOUSEKEEPING = ('DELETE FROM "core_ratecounter"',)


def _counted(captured: CaptureQueriesContext) -> list[str]:
    return [
        query["sql"]
        for query in captured.captured_queries
        if not query["sql"].startswith(HOUSEKEEPING)
    ]


def _queries(client, url: str) -> tuple[int, int]:
    """The queries one GET of `url` makes (after a warm-up GET; housekeeping left out), and
    the body's size."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(_counted(captured)), len(response.content)


def test_counting_leaves_out_only_the_window_sweep():
    """A window's first call makes its count and the sweep; the counts leave out the sweep."""
    from tandem.core import counters
    from tandem.core.models import RateCounter

    if not counters.in_database():
        pytest.skip("the counters live in the cache, not the database")
    RateCounter.objects.create(key="old", period=1, expires=1, hits=3)
    with CaptureQueriesContext(connection) as captured:
        counters.hit("fresh", period=10**9, duration=60)
    assert not RateCounter.objects.filter(key="old").exists()
    assert len(captured) == 2
    assert len(_counted(captured)) == 1


def _assert_bounded(client, url: str, world: World, baseline: int) -> None:
    world.grow(N)
    few, size_few = _queries(client, url)
    world.grow(2 * N)
    many, size_many = _queries(client, url)
    assert size_many > size_few, f"{url} did not show the added rows"
    assert many == few, f"{url}: {few} queries for {N} rows, {many} for {3 * N}"
    assert many <= baseline, f"{url}: {many} queries, more than its baseline of {baseline}"


@pytest.mark.parametrize("name", sorted(BASELINES["pages"]))
def test_page_list_query_count_is_bounded(name, personas, unit, web_client):
    """The page makes as many queries for 3N rows as for N, and no more than its baseline."""
    client = web_client(personas[PAGE_PERSONA.get(name, "portfolio")])
    world = World(unit)
    _assert_bounded(client, reverse(name), world, BASELINES["pages"][name])


@pytest.mark.parametrize("operation_id", sorted(BASELINES["api"]))
def test_api_list_query_count_is_bounded(operation_id, viewer, unit, api_client):
    """The API list makes as many queries for 3N rows as for N, and no more than its baseline."""
    paths = _api_list_paths()
    assert operation_id in paths, f"{operation_id} is in query_counts.json but not in the API"
    world = World(unit)
    url = paths[operation_id] + "?limit=1000"
    if operation_id in API_QUERY:
        url += "&" + API_QUERY[operation_id]
    url = url.replace("{initiative_id}", str(world.anchor.pk))
    url = url.replace("{model_id}", str(world.model.pk))
    assert "{" not in url, f"{operation_id}: fill in the path parameters of {url}"
    _assert_bounded(api_client(viewer), url, world, BASELINES["api"][operation_id])
