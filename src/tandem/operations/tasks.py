"""Background tasks of the operations app; each takes ids and calls a service."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from tandem.operations import job_services


@task()
def plan_job_run(job_id: int) -> dict[str, Any]:
    """Run plan job `job_id` to completion, or do nothing if it is not waiting in the queue."""
    return job_services.plan_job_execute(job_id=job_id)
