"""Delivery odds: P50/P85/P95 from re-planning under sampled estimates, the background job
that works them out exactly once, and whether the plan has changed since."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tandem.core.errors import RuleViolation
from tandem.demo import services as demo_services
from tandem.operations import job_services
from tandem.operations.choices import JobKind, JobStatus
from tandem.operations.models import PlanJob
from tandem.operations.tasks import plan_job_run
from tandem.portfolio.choices import InitiativeState
from tandem.roadmap import engine_io, forecasting, selectors
from tests.factories import EffortEstimateFactory, InitiativeFactory, PersonFactory, TeamFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture(autouse=True)
def _fresh_forecasts():
    """Each test works its forecasts out afresh (the memos live for the process)."""
    forecasting._FORECASTS.clear()
    forecasting._JOB_RESULTS.clear()


@pytest.fixture
def immediate_tasks(settings):
    """Run enqueued tasks in-process, right after the enqueuing transaction commits."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }


@pytest.fixture
def certain(contest):
    """The contest with every estimate certain: low = likely = high."""
    for estimate in (contest.portal.estimates.get(), contest.gdpr.estimates.get()):
        estimate.low = estimate.high = estimate.likely
        estimate.save()
    return contest


def _weeks(row):
    return row["p50_week"], row["p85_week"], row["p95_week"]


def test_forecast_percentiles_are_ordered_p50_p85_p95(contest):
    """Per initiative P50 ≤ P85 ≤ P95, in weeks and in dates, over 500 runs."""
    found = forecasting.forecast_get(user=None, runs=500, seed=3)
    assert {row["title"] for row in found["initiatives"]} == {"Customer Portal", "GDPR Retention"}
    for row in found["initiatives"]:
        p50, p85, p95 = _weeks(row)
        assert p50 <= p85 <= p95
        assert row["p50"] <= row["p85"] <= row["p95"]
        assert 0 <= row["on_time_probability"] <= 1
    assert (found["runs"], found["seed"]) == (500, 3)
    assert found["distribution"] == "PERT (beta, weight 4 on the likely value)"


def test_forecast_spreads_the_dates_when_estimates_are_uncertain(contest):
    """With high above likely, some runs of the later initiative finish later than planned."""
    found = forecasting.forecast_get(user=None, runs=1000, seed=0)
    gdpr = next(row for row in found["initiatives"] if row["id"] == contest.gdpr.pk)
    assert gdpr["p50_week"] < gdpr["p95_week"]


def test_forecast_with_certain_estimates_equals_the_plan(certain):
    """With low = likely = high every run is the plan: P50 = P85 = P95 = the planned finish,
    and the chance of meeting the target is 1 or 0 as the plan meets it or not."""
    plan = {row["id"]: row for row in selectors.roadmap_plan(user=None)["initiatives"]}
    found = forecasting.forecast_get(user=None, runs=300, seed=11)
    assert len(found["initiatives"]) == len(plan) == 2
    for row in found["initiatives"]:
        planned = plan[row["id"]]
        assert _weeks(row) == (planned["finish_week"],) * 3
        assert row["p50"] == row["p85"] == row["p95"] == planned["finish"]
        assert row["on_time_probability"] == (0.0 if planned["late_weeks"] else 1.0)
        assert row["target"] == planned["target"]


def test_forecast_is_the_same_for_the_same_runs_and_seed(contest):
    """The same runs and seed give the same dates, worked out again or in a job."""
    first = forecasting.forecast_get(user=None, runs=700, seed=5)
    forecasting._FORECASTS.clear()
    again = forecasting.forecast_get(user=None, runs=700, seed=5)
    job = forecasting.forecast_run_now(runs=700, seed=5)
    stored = forecasting.forecast_answer(job.result)
    assert first["initiatives"] == again["initiatives"] == stored["initiatives"]


@pytest.mark.parametrize(
    ("runs", "seed", "field"),
    [(0, 0, "runs"), (5001, 0, "runs"), ("10", 0, "runs"), (10, -1, "seed"), (10, 2**32, "seed")],
)
def test_forecast_refuses_runs_or_seed_out_of_range(contest, runs, seed, field):
    """Runs outside 1..5,000 or a seed outside 0..2³²−1 are refused, naming the field."""
    with pytest.raises(RuleViolation) as err:
        forecasting.forecast_get(user=None, runs=runs, seed=seed)
    assert err.value.field == field
    assert err.value.code == f"FORECAST_{field.upper()}_INVALID"


def test_forecast_of_an_empty_roadmap_has_no_rows(db):
    """With nothing on the roadmap the forecast answers, with no rows."""
    found = forecasting.forecast_get(user=None, runs=10)
    assert found["initiatives"] == []


def test_roadmap_build_carries_each_packages_spread_scaled_for_work_under_way(monday):
    """Spreads follow the packages; for work under way they shrink with the effort left."""
    team = TeamFactory()
    PersonFactory(team=team)
    waiting = InitiativeFactory(state=InitiativeState.APPROVED)
    EffortEstimateFactory(initiative=waiting, team=team, low=4, likely=6, high=10)
    going = InitiativeFactory(
        state=InitiativeState.IN_PROGRESS,
        planned_start=monday - timedelta(weeks=4),
        planned_end=monday + timedelta(weeks=3, days=4),
    )
    EffortEstimateFactory(initiative=going, team=team, low=4, likely=8, high=16, rate=1)
    roadmap, index = engine_io.roadmap_build(today=monday)
    assert len(index.spreads) == len(roadmap.packages) == 2
    by_item = {
        index.initiative_ids[p.item]: (p, s)
        for p, s in zip(roadmap.packages, index.spreads, strict=True)
    }
    assert by_item[waiting.pk][1] == (4.0, 10.0)
    package, (low, high) = by_item[going.pk]
    assert package.effort == pytest.approx(4.0)  # half its eight planned weeks are past
    assert (low, high) == pytest.approx((2.0, 8.0))


def test_spread_keeps_low_and_high_around_the_effort():
    """A scaled spread never crosses the effort, even when rounding would."""
    assert engine_io.spread(3.0, 3.0, 3.0, 1.1) == (1.1, 1.1)
    assert engine_io.spread(0.0, 0.0, 5.0, 0.0) == (0.0, 5.0)


def test_forecast_job_runs_once_through_the_job_machinery(
    contest, portfolio, viewer, api_client, immediate_tasks, django_capture_on_commit_callbacks
):
    """POST /api/jobs with kind 'forecast' is worked out by the worker once (1,000 runs by
    default); delivering its task again changes nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(portfolio).post("/api/jobs", {"kind": "forecast"}, content_type=JSON)
    assert response.status_code == 201, response.content
    job = api_client(viewer).get(f"/api/jobs/{response.json()['id']}").json()
    assert (job["kind"], job["status"], job["attempts"]) == ("forecast", "done", 1)
    assert (job["result"]["runs"], job["result"]["seed"]) == (1000, 0)
    assert {row["id"] for row in job["result"]["initiatives"]} == {
        contest.portal.pk,
        contest.gdpr.pk,
    }
    finished = PlanJob.objects.get(pk=job["id"])
    assert finished.progress == 100
    before = (finished.attempts, finished.finished_at, finished.result)
    again = plan_job_run.call(finished.pk)
    assert again == {"job": finished.pk, "outcome": "skipped"}
    finished.refresh_from_db()
    assert (finished.attempts, finished.finished_at, finished.result) == before


def test_forecast_request_queues_one_job_with_its_runs_and_seed(
    contest, portfolio, django_capture_on_commit_callbacks
):
    """A request queues a forecast job; asking again while it waits returns the same one."""
    with django_capture_on_commit_callbacks(execute=False):
        job, created = forecasting.forecast_request(by=portfolio, runs=300, seed=2)
        same, again = forecasting.forecast_request(by=portfolio)
    assert (created, again, same.pk) == (True, False, job.pk)
    assert (job.kind, job.status, job.params) == ("forecast", "queued", {"runs": 300, "seed": 2})
    latest = forecasting.forecast_latest(user=None)
    assert latest["forecast"] is None
    assert latest["pending"] == {"id": job.pk, "status": "queued", "progress": 0, "runs": 300}


def test_forecast_request_refuses_runs_out_of_range_and_queues_nothing(portfolio):
    """A refused request names the field and leaves no job behind."""
    with pytest.raises(RuleViolation) as err:
        forecasting.forecast_request(by=portfolio, runs=6000)
    assert (err.value.field, err.value.message) == (
        "runs",
        "Runs must be a whole number from 1 to 5,000.",
    )
    assert PlanJob.objects.count() == 0


def test_forecast_job_progress_is_recorded_only_for_the_token_holder(contest, portfolio):
    """Progress beats the heartbeat for the worker holding the job, and no one else."""
    job = PlanJob.objects.create(kind=JobKind.FORECAST, params={"runs": 10, "seed": 0})
    token = job_services.plan_job_claim(job_id=job.pk)
    assert job_services.plan_job_progress(job_id=job.pk, token=token, percent=40)
    assert not job_services.plan_job_progress(job_id=job.pk, token="stolen", percent=90)
    job.refresh_from_db()
    assert (job.status, job.progress) == (JobStatus.RUNNING, 40)


def test_forecast_job_that_lost_its_lease_stops_without_finishing(contest):
    """A worker whose job was re-queued by the reaper stops at its next chunk: the job stays
    queued for the next worker, with no result."""
    job = PlanJob.objects.create(kind=JobKind.FORECAST, params={"runs": 600, "seed": 0})
    token = job_services.plan_job_claim(job_id=job.pk)
    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED, run_token="")
    job.refresh_from_db()
    with pytest.raises(job_services.JobLost):
        job_services._compute(job, token)
    job.refresh_from_db()
    assert (job.status, job.result, job.progress) == (JobStatus.QUEUED, None, 0)


def test_forecast_latest_says_when_the_plan_has_changed_since(contest, monday):
    """The newest finished forecast is current until a record the plan reads changes."""
    forecasting.forecast_run_now(runs=100)
    latest = forecasting.forecast_latest(user=None)
    assert latest["changed"] is False
    assert latest["forecast"]["runs"] == 100
    assert latest["pending"] is None
    estimate = contest.gdpr.estimates.get()
    estimate.high = 30
    estimate.save()
    assert forecasting.forecast_latest(user=None)["changed"] is True
    next_week = monday + timedelta(weeks=1)
    assert forecasting.forecast_latest(user=None, today=next_week)["changed"] is True


def test_forecast_latest_reports_a_failed_request(contest):
    """A forecast job that failed is reported with its reason, the older forecast kept."""
    forecasting.forecast_run_now(runs=50)
    PlanJob.objects.create(kind=JobKind.FORECAST, status=JobStatus.FAILED, error="Boom.")
    latest = forecasting.forecast_latest(user=None)
    assert (latest["failed"], latest["forecast"]["runs"]) == ("Boom.", 50)


def test_the_demo_leaves_a_current_forecast_with_p50_and_p85_dates():
    """Loading the demo works the delivery odds out once, so the pages show them at once."""
    demo_services.demo_load(size="small")
    latest = forecasting.forecast_latest(user=None)
    assert latest["forecast"] is not None
    assert latest["changed"] is False
    rows = latest["forecast"]["initiatives"]
    assert len(rows) == len(selectors.roadmap_plan(user=None)["initiatives"])
    assert all(row["p50"] is not None and row["p50"] <= row["p85"] for row in rows)


def test_forecast_names_the_team_and_the_work_that_takes_a_later_initiatives_weeks(contest):
    """When Customer Portal runs over its likely 8 person-weeks, GDPR Retention waits longer
    for Data Platform: its row names the team and the portal by id; the portal, ranked
    first, has no holdup."""
    job = forecasting.forecast_run_now(runs=500, seed=1)
    rows = {row["id"]: row for row in job.result["initiatives"]}
    assert rows[contest.portal.pk]["holdup"] is None
    holdup = rows[contest.gdpr.pk]["holdup"]
    assert holdup["team"] == contest.team.pk
    assert holdup["holders"] == [contest.portal.pk]
    assert 0.2 <= holdup["share"] <= 1
    assert holdup["weeks"] >= 1
    named = forecasting.holdup_named(holdup)
    assert named["team"] == "Data Platform"
    assert named["holders"] == [{"id": contest.portal.pk, "title": "Customer Portal"}]
    assert named["percent"] == round(100 * holdup["share"])


def test_a_holdup_whose_team_is_gone_or_a_forecast_without_holdups_names_nothing(contest, monday):
    """Forecasts stored before holdups existed have none; a holdup naming a deleted team is
    not shown, and holders no longer in the portfolio are left out."""
    assert forecasting.holdup_named(None) is None
    stored = {"team": contest.team.pk, "share": 0.5, "weeks": 2, "holders": [-1]}
    assert forecasting.holdup_named(stored)["holders"] == []
    assert forecasting.holdup_named({**stored, "team": -1}) is None
    old = {"id": 1, "p50_week": 3, "p85_week": 4, "p95_week": 5, "target": None, "on_time": None}
    assert forecasting._row(old, monday, {"title": "x", "unit": None})["holdup"] is None
