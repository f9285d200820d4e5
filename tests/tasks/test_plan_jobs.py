"""Plan jobs: request, run by a worker, read back; idempotent runs; the reaper."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.operations import job_services
from tandem.operations.choices import JobStatus
from tandem.operations.models import PlanJob
from tandem.operations.tasks import plan_job_run
from tests.factories import EffortEstimateFactory, InitiativeFactory, TeamFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


@pytest.fixture
def plan():
    """Two open initiatives and a finished one, with estimates on one team."""
    team = TeamFactory(name="ERP")
    for state, likely in (("idea", 6), ("intake", 4), ("done", 100)):
        EffortEstimateFactory(
            initiative=InitiativeFactory(state=state), team=team, low=1, likely=likely, high=200
        )
    return team


def _queued_job(by, capture):
    """A job whose task was enqueued but has not run (the commit callback was not executed)."""
    with capture(execute=False):
        job, _ = job_services.plan_job_request(kind="portfolio_summary", by=by)
    return job


def test_plan_job_create_runs_in_the_background_and_answers_the_summary(
    portfolio, viewer, plan, api_client, django_capture_on_commit_callbacks
):
    """The office requests a job (201, queued); after commit the worker runs it and anyone
    signed in reads it done with the portfolio summary."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client(portfolio).post("/api/jobs", {}, content_type=JSON)
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["attempts"]) == ("queued", 0)
    assert len(callbacks) == 1
    job = api_client(viewer).get(f"/api/jobs/{response.json()['id']}").json()
    assert (job["status"], job["attempts"], job["requested_by"]) == ("done", 1, "portfolio")
    assert job["result"]["initiatives"] == 3
    assert job["result"]["initiatives_by_state"]["done"] == 1
    assert job["result"]["likely_effort_by_team"] == [
        {"team_id": plan.pk, "team": "ERP", "initiatives": 2, "likely_person_weeks": 10.0}
    ]
    assert job["started_at"] <= job["finished_at"]


@pytest.mark.parametrize("persona", ["itlead", "business", "viewer"])
def test_plan_job_create_is_refused_outside_the_portfolio_office(
    persona, personas, api_client, django_capture_on_commit_callbacks
):
    """Only admins and the portfolio office may request jobs; a refusal queues nothing."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = api_client(personas[persona]).post("/api/jobs", {}, content_type=JSON)
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert (PlanJob.objects.count(), len(callbacks)) == (0, 0)


def test_plan_job_create_refuses_an_unknown_kind(admin, api_client):
    """An unknown kind is a 400 naming the field."""
    response = api_client(admin).post("/api/jobs", {"kind": "nope"}, content_type=JSON)
    assert (response.status_code, response.json()["field"]) == (400, "kind")
    assert PlanJob.objects.count() == 0


def test_plan_job_create_with_a_repeated_idempotency_key_returns_the_same_job(
    portfolio, api_client, django_capture_on_commit_callbacks
):
    """The same Idempotency-Key gives 201 then 200 with the same job, and one run."""
    client = api_client(portfolio)
    headers = {"Idempotency-Key": "board-pack-2026-03"}
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = client.post("/api/jobs", {}, content_type=JSON, headers=headers)
        again = client.post("/api/jobs", {}, content_type=JSON, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert (PlanJob.objects.count(), len(callbacks)) == (1, 1)


@pytest.mark.parametrize("kind", ["forecast", "optimize"])
def test_one_forecast_or_optimization_waits_at_a_time_whichever_endpoint_asks(
    kind, portfolio, admin, api_client, django_capture_on_commit_callbacks
):
    """While one is queued, POST /api/jobs and POST /api/plan/runs of the same kind answer
    200 with it (from another user too); summaries still queue one per request; once the
    first is done, a new one is queued."""
    with django_capture_on_commit_callbacks(execute=False):
        first = api_client(portfolio).post("/api/jobs", {"kind": kind}, content_type=JSON)
        again = api_client(admin).post("/api/jobs", {"kind": kind}, content_type=JSON)
        run = api_client(admin).post("/api/plan/runs", {"kind": kind}, content_type=JSON)
        summaries = [
            api_client(portfolio).post("/api/jobs", {}, content_type=JSON).status_code
            for _ in range(2)
        ]
    assert first.status_code == 201
    assert (again.status_code, again.json()["id"]) == (200, first.json()["id"])
    assert (run.status_code, run.json()["id"]) == (200, first.json()["id"])
    assert summaries == [201, 201]
    assert PlanJob.objects.filter(kind=kind).count() == 1
    PlanJob.objects.filter(kind=kind).update(status=JobStatus.DONE)
    with django_capture_on_commit_callbacks(execute=False):
        later = api_client(portfolio).post("/api/jobs", {"kind": kind}, content_type=JSON)
    assert later.status_code == 201
    assert PlanJob.objects.filter(kind=kind).count() == 2


def test_plan_job_get_answers_404_for_a_missing_job(viewer, api_client):
    """A job that does not exist is a 404 with its code; anonymous callers get 401."""
    response = api_client(viewer).get("/api/jobs/999")
    assert (response.status_code, response.json()["code"]) == (404, "JOB_NOT_FOUND")
    assert api_client(None).get("/api/jobs/999").status_code == 401


def test_plan_job_run_twice_completes_once(portfolio, django_capture_on_commit_callbacks):
    """Delivering the task again after it finished changes nothing."""
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = job_services.plan_job_request(kind="portfolio_summary", by=portfolio)
    job.refresh_from_db()
    finished = (job.status, job.attempts, job.finished_at, job.result)
    assert finished[:2] == (JobStatus.DONE, 1)

    assert plan_job_run.call(job.pk) == {"job": job.pk, "outcome": "skipped"}
    job.refresh_from_db()
    assert (job.status, job.attempts, job.finished_at, job.result) == finished


def test_plan_job_finish_refuses_a_worker_that_lost_its_claim(
    portfolio, django_capture_on_commit_callbacks
):
    """A worker whose job was reaped and claimed again cannot write its result."""
    job = _queued_job(portfolio, django_capture_on_commit_callbacks)
    lost = job_services.plan_job_claim(job_id=job.pk)
    assert job_services.plan_job_claim(job_id=job.pk) is None  # already running
    PlanJob.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)  # as the reaper does
    current = job_services.plan_job_claim(job_id=job.pk)

    assert not job_services.plan_job_heartbeat(job_id=job.pk, token=lost)
    assert not job_services.plan_job_finish(job_id=job.pk, token=lost, result={"stale": True})
    assert job_services.plan_job_finish(job_id=job.pk, token=current, result={"fresh": True})
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result) == (JobStatus.DONE, 2, {"fresh": True})


def test_reap_tasks_requeues_a_running_job_whose_heartbeat_stopped(
    portfolio, django_capture_on_commit_callbacks, capsys
):
    """A job left running by a dead worker is queued again and completes on the second try."""
    job = _queued_job(portfolio, django_capture_on_commit_callbacks)
    job_services.plan_job_claim(job_id=job.pk)  # a worker started it, then died
    PlanJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("reap_tasks", "--stale-seconds", "300")
    assert "Re-queued 1 job(s)" in capsys.readouterr().out
    job.refresh_from_db()
    assert (job.status, job.attempts, job.result["attempt"]) == (JobStatus.DONE, 2, 2)


def test_reap_tasks_leaves_a_job_with_a_fresh_heartbeat_alone(
    portfolio, django_capture_on_commit_callbacks
):
    """A job that is still beating is not taken from its worker."""
    job = _queued_job(portfolio, django_capture_on_commit_callbacks)
    token = job_services.plan_job_claim(job_id=job.pk)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        counts = job_services.tasks_reap(stale_seconds=300)
    assert counts == {"jobs": 0, "task_rows": 0, "tasks_enqueued": 0}
    assert len(callbacks) == 0
    job.refresh_from_db()
    assert (job.status, job.run_token) == (JobStatus.RUNNING, token)


def test_reap_tasks_puts_stuck_database_task_rows_back_in_the_queue(portfolio, settings):
    """With the database backend the dead worker's own task row is re-queued (no second row)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    job, _ = job_services.plan_job_request(kind="portfolio_summary", by=portfolio)
    row = DBTaskResult.objects.get(pk=job.task_id)
    long_ago = timezone.now() - timedelta(minutes=10)
    row.claim("dead-worker")
    DBTaskResult.objects.filter(pk=row.pk).update(started_at=long_ago)
    job_services.plan_job_claim(job_id=job.pk)
    PlanJob.objects.filter(pk=job.pk).update(heartbeat_at=long_ago)

    counts = job_services.tasks_reap(stale_seconds=300)

    assert counts == {"jobs": 1, "task_rows": 1, "tasks_enqueued": 0}
    row.refresh_from_db()
    job.refresh_from_db()
    assert (row.status, job.status, DBTaskResult.objects.count()) == ("READY", "queued", 1)
