"""Writes for background plan jobs: request, claim, heartbeat, finish, and reaping lost work.

A job runs to completion exactly once, however often its task is delivered. Every state change
is one conditional UPDATE: a worker claims only a queued job (and gets a fresh token), beats
and finishes only while it still holds that token, and nothing moves a finished job again.
"""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tandem.core.errors import RuleViolation
from tandem.core.tasks import enqueue, uses_database_backend
from tandem.operations import job_selectors
from tandem.operations.choices import JobKind, JobStatus
from tandem.operations.models import PlanJob

HEARTBEAT_SECONDS = 0.5  # how often a slow job reports that it is still alive
RUN_TASK_PATH = "tandem.operations.tasks.plan_job_run"
PENDING = (JobStatus.QUEUED, JobStatus.RUNNING)
ONE_AT_A_TIME = (JobKind.FORECAST, JobKind.OPTIMIZE)
"""Kinds of which one job waits or runs at a time: each works out the whole roadmap, so a
second request while one is pending gets that one instead of repeating it."""


class JobLost(Exception):
    """The worker no longer holds the job (the reaper gave it to another): stop working."""


def plan_job_request(
    *,
    kind: str,
    by: Any,
    idempotency_key: str = "",
    delay_seconds: float = 0,
    params: dict[str, Any] | None = None,
) -> tuple[PlanJob, bool]:
    """Queue a plan job of `kind` for `by`; return it and whether it is new.

    A repeated `idempotency_key` of the same user returns the job it created; for a kind in
    :data:`ONE_AT_A_TIME`, so does a request while one of that kind is waiting or running (it
    is returned instead). `params` are the kind's own (a forecast's runs and seed), checked by
    the caller. `delay_seconds` makes the worker pause before finishing, in small steps with
    heartbeats: for crash drills and tests. RuleViolation for an unknown kind.
    """
    if kind not in JobKind.values:
        raise RuleViolation(f"There is no job kind {kind!r}.", code="INVALID_KIND", field="kind")
    if idempotency_key:
        earlier = PlanJob.objects.filter(requested_by=by, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier, False
    if kind in ONE_AT_A_TIME:
        waiting = PlanJob.objects.filter(kind=kind, status__in=PENDING).first()
        if waiting is not None:
            return waiting, False
    try:
        with transaction.atomic():
            job = PlanJob.objects.create(
                kind=kind,
                requested_by=by,
                idempotency_key=idempotency_key,
                params={
                    **(params or {}),
                    **({"delay_seconds": float(delay_seconds)} if delay_seconds else {}),
                },
            )
            _enqueue_run(job)
    except IntegrityError:  # the same key, sent twice at once: the other request won
        return PlanJob.objects.get(requested_by=by, idempotency_key=idempotency_key), False
    return job, True


def plan_job_run_now(*, kind: str, by: Any = None, params: dict[str, Any] | None = None) -> PlanJob:
    """Create a plan job of `kind` and run it in this process, without a background task (for
    seeding the demo); return it finished, done or failed. The job's own error propagates,
    after the job is marked failed."""
    job = PlanJob.objects.create(kind=kind, requested_by=by, params=params or {})
    plan_job_execute(job_id=job.pk)
    job.refresh_from_db()
    return job


def _enqueue_run(job: PlanJob) -> None:
    """Enqueue the job's task with the change that asked for it; remember the task's id."""
    from tandem.operations.tasks import plan_job_run  # tasks import this module

    def remember(task_result: Any) -> None:
        job.task_id = str(task_result.id)
        PlanJob.objects.filter(pk=job.pk).update(task_id=job.task_id)

    enqueue(plan_job_run, job.pk, on_enqueued=remember)


def plan_job_claim(*, job_id: int) -> str | None:
    """Mark a queued job running for this worker; return its run token, or None if it is not
    queued (already running elsewhere, done or failed)."""
    token = secrets.token_hex(16)
    now = timezone.now()
    claimed = PlanJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING,
        attempts=F("attempts") + 1,
        run_token=token,
        started_at=now,
        heartbeat_at=now,
        progress=0,  # a re-queued job starts over
        updated=now,
    )
    return token if claimed else None


def plan_job_heartbeat(*, job_id: int, token: str) -> bool:
    """Record that the holder of `token` is still working; False if it lost the job."""
    return bool(
        PlanJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, run_token=token).update(
            heartbeat_at=timezone.now()
        )
    )


def plan_job_progress(*, job_id: int, token: str, percent: int) -> bool:
    """Record how far the holder of `token` got (and that it is alive); False if it lost
    the job."""
    return bool(
        PlanJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, run_token=token).update(
            heartbeat_at=timezone.now(), progress=max(0, min(int(percent), 100))
        )
    )


def plan_job_finish(
    *, job_id: int, token: str, result: dict[str, Any] | None = None, error: str = ""
) -> bool:
    """Finish the job (done with `result`, or failed with `error`) if `token` still holds it;
    return whether this call finished it."""
    now = timezone.now()
    return bool(
        PlanJob.objects.filter(pk=job_id, status=JobStatus.RUNNING, run_token=token).update(
            status=JobStatus.FAILED if error else JobStatus.DONE,
            progress=F("progress") if error else 100,
            result=result,
            error=error,
            finished_at=now,
            heartbeat_at=now,
            updated=now,
        )
    )


def plan_job_execute(*, job_id: int) -> dict[str, Any]:
    """Claim, compute and finish job `job_id`; a job that is not queued is left alone.

    Returns what happened, for the task's own result row.
    """
    token = plan_job_claim(job_id=job_id)
    if token is None:
        return {"job": job_id, "outcome": "skipped"}
    job = PlanJob.objects.get(pk=job_id)
    try:
        result = _compute(job, token)
        if not _wait(job, token):
            return {"job": job_id, "outcome": "lost"}
    except JobLost:
        return {"job": job_id, "outcome": "lost"}
    except Exception as err:
        plan_job_finish(job_id=job_id, token=token, error=f"{type(err).__name__}: {err}")
        raise
    finished = plan_job_finish(job_id=job_id, token=token, result=result)
    return {"job": job_id, "outcome": "done" if finished else "lost", "attempt": job.attempts}


def _compute(job: PlanJob, token: str) -> dict[str, Any]:
    """The job's answer, by kind: the portfolio summary, or the delivery forecast (which
    reports its progress between chunks of runs, beating the heartbeat; JobLost if the job
    was taken away meanwhile)."""
    if job.kind == JobKind.FORECAST:
        from tandem.roadmap import forecasting  # forecasting queues jobs through this module

        def progress(done: int, total: int) -> None:
            if not plan_job_progress(job_id=job.pk, token=token, percent=100 * done // total):
                raise JobLost

        answer = forecasting.forecast_work_out(
            runs=job.params.get("runs", forecasting.DEFAULT_RUNS),
            seed=job.params.get("seed", 0),
            progress=progress,
        )
        return {"kind": job.kind, "attempt": job.attempts, **answer}
    if job.kind == JobKind.OPTIMIZE:
        from tandem.roadmap import optimizing  # optimizing queues jobs through this module

        def reached(percent: int) -> None:
            if not plan_job_progress(job_id=job.pk, token=token, percent=percent):
                raise JobLost

        answer = optimizing.optimize_work_out(
            time_limit=job.params.get("time_limit", optimizing.DEFAULT_TIME_LIMIT),
            stability=job.params.get("stability", 0.0),
            progress=reached,
        )
        return {"kind": job.kind, "attempt": job.attempts, **answer}
    return {"kind": job.kind, "attempt": job.attempts, **job_selectors.portfolio_summary()}


def _wait(job: PlanJob, token: str) -> bool:
    """Sleep the job's test delay in steps, beating the heartbeat; False if the job was lost."""
    deadline = time.monotonic() + float(job.params.get("delay_seconds", 0))
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(HEARTBEAT_SECONDS, left))
        if not plan_job_heartbeat(job_id=job.pk, token=token):
            return False
    return True


def tasks_reap(*, stale_seconds: float | None = None) -> dict[str, int]:
    """Re-queue work whose worker died: running jobs with no heartbeat for `stale_seconds`,
    and (database backend) task rows stuck in RUNNING as long. Returns what was re-queued."""
    if stale_seconds is None:
        stale_seconds = settings.TASKS_STALE_SECONDS
    cutoff = timezone.now() - timedelta(seconds=stale_seconds)
    with transaction.atomic():
        reaped = [
            job
            for job in PlanJob.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=cutoff)
            if PlanJob.objects.filter(
                pk=job.pk, status=JobStatus.RUNNING, heartbeat_at__lt=cutoff
            ).update(status=JobStatus.QUEUED, run_token="", updated=timezone.now())
        ]
        rows = _task_rows_requeue(cutoff)
        sent = 0
        for job in reaped:
            if not _task_row_ready(job.task_id):
                _enqueue_run(job)
                sent += 1
    return {"jobs": len(reaped), "task_rows": rows, "tasks_enqueued": sent}


def _task_rows_requeue(cutoff: Any) -> int:
    """Put database-backend task rows that have been RUNNING since before `cutoff` back to
    READY, except a plan job's row while that job is still running (its heartbeat is fresh)."""
    from tandem.operations.tasks import plan_job_run

    if not uses_database_backend(plan_job_run):
        return 0
    busy_jobs = set(PlanJob.objects.filter(status=JobStatus.RUNNING).values_list("pk", flat=True))
    stuck = [
        row.pk
        for row in DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        if not (row.task_path == RUN_TASK_PATH and _job_of(row) in busy_jobs)
    ]
    return DBTaskResult.objects.running().filter(pk__in=stuck).update(status=TaskResultStatus.READY)


def _job_of(row: DBTaskResult) -> int | None:
    args = (row.args_kwargs or {}).get("args") or [None]
    return args[0]


def _task_row_ready(task_id: str) -> bool:
    """Whether a database-backend task row `task_id` is waiting to run."""
    try:
        row_id = uuid.UUID(task_id)
    except ValueError:  # none yet, or not a database-backend id (Redis job ids are not UUIDs)
        return False
    return DBTaskResult.objects.filter(pk=row_id, status=TaskResultStatus.READY).exists()
