"""The optimized roadmap: worked out in the background, shown instead of the instant plan
while the records stand, and gone again as soon as they change."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tandem.operations import job_services
from tandem.operations.choices import JobKind, JobStatus
from tandem.operations.models import PlanJob
from tandem.portfolio import services as portfolio_services
from tandem.portfolio.models import EffortEstimate
from tandem.roadmap import optimizing, selectors

pytestmark = pytest.mark.django_db
JSON = "application/json"
HTMX = {"HX-Request": "true"}


def _rows(plan):
    return {row["title"]: row for row in plan["initiatives"]}


def _optimize(seconds: int = 2) -> PlanJob:
    return job_services.plan_job_run_now(
        kind=JobKind.OPTIMIZE, params={"time_limit": seconds, "stability": 0.0}
    )


def test_the_optimized_plan_meets_the_target_the_instant_plan_misses(contest, viewer):
    """GDPR Retention (due in 6 weeks) goes first once optimized and is on time; the
    portal, with no near target, finishes 4 weeks later instead."""
    instant = _rows(selectors.roadmap_plan(user=viewer))
    assert instant["GDPR Retention"]["late_weeks"] == 2
    job = _optimize()
    assert job.status == JobStatus.DONE
    assert job.result["objective"] < job.result["greedy_objective"]
    plan = selectors.roadmap_plan(user=viewer)
    assert plan["optimized"]["status"] == "optimal"
    assert plan["optimized"]["job"] == job.pk
    rows = _rows(plan)
    assert (rows["GDPR Retention"]["start_week"], rows["GDPR Retention"]["late_weeks"]) == (0, 0)
    assert rows["Customer Portal"]["finish_week"] == instant["Customer Portal"]["finish_week"] + 4
    assert plan["objective"]["late"] == 0
    (cause,) = rows["Customer Portal"]["causes"]
    retention = {"id": contest.gdpr.pk, "title": "GDPR Retention"}
    assert cause["competitors"] == cause["ranked_lower"] == [retention]
    assert (
        "with GDPR Retention (ranked lower; the optimized plan puts it first)."
        in (rows["Customer Portal"]["explanation"])
    )


def test_a_change_to_the_records_brings_back_the_instant_plan(contest, admin, viewer):
    """Editing an estimate after the optimization shows the instant plan again."""
    _optimize()
    assert selectors.roadmap_plan(user=viewer)["optimized"] is not None
    estimate = EffortEstimate.objects.get(initiative=contest.portal)
    portfolio_services.estimate_update(
        estimate=estimate, data={"high": 12, "version": estimate.version}, by=admin
    )
    assert selectors.roadmap_plan(user=viewer)["optimized"] is None


def test_stability_keeps_the_last_optimized_plan(contest, viewer):
    """A second run with high stability keeps every start of the first."""
    first = _optimize()
    again = job_services.plan_job_run_now(
        kind=JobKind.OPTIMIZE, params={"time_limit": 2, "stability": 10.0}
    )
    assert again.result["package_starts"] == first.result["package_starts"]


def test_plan_runs_api_queues_one_optimization_at_a_time(contest, portfolio, api_client):
    """201 for a new run, 200 with the same job while it waits; bad seconds name the field."""
    office = api_client(portfolio)
    body = {"kind": "optimize", "time_limit": 5}
    first = office.post("/api/plan/runs", body, content_type=JSON)
    assert first.status_code == 201, first.content
    assert (first.json()["kind"], first.json()["status"]) == ("optimize", "queued")
    second = office.post("/api/plan/runs", body, content_type=JSON)
    assert (second.status_code, second.json()["id"]) == (200, first.json()["id"])
    bad = office.post("/api/plan/runs", {"kind": "optimize", "time_limit": 0}, content_type=JSON)
    assert bad.status_code == 400
    assert "time_limit" in bad.content.decode()


def test_bad_optimizer_params_are_refused_naming_the_field():
    """Seconds and stability out of range each name their field."""
    from tandem.core.errors import RuleViolation

    with pytest.raises(RuleViolation) as caught:
        optimizing.optimize_params_check(time_limit="soon", stability=0)
    assert caught.value.field == "time_limit"
    with pytest.raises(RuleViolation) as caught:
        optimizing.optimize_params_check(time_limit=5, stability=11)
    assert caught.value.field == "stability"


def test_the_roadmap_page_offers_optimize_and_says_what_it_found(
    contest, portfolio, viewer, web_client
):
    """The office sees the button; after a run everyone reads how much better the plan is."""
    office = web_client(portfolio)
    body = office.get(reverse("roadmap:overview")).content.decode()
    assert 'data-testid="optimize-request"' in body
    assert 'data-testid="optimize-empty"' in body
    assert (
        'data-testid="optimize-request"'
        not in web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    )
    response = office.post(reverse("roadmap:optimize_create"), headers=HTMX)
    assert 'data-testid="optimize-pending"' in response.content.decode()
    job = PlanJob.objects.get(kind=JobKind.OPTIMIZE)
    job_services.plan_job_execute(job_id=job.pk)
    done = office.get(reverse("roadmap:optimize_progress"), headers=HTMX)
    assert done.headers.get("HX-Refresh") == "true"
    body = web_client(viewer).get(reverse("roadmap:overview")).content.decode()
    assert 'data-testid="optimize-result"' in body
    assert "proved no plan does better" in body
