"""API for background plan jobs: request one, then poll it until it is done."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Header, Router, Status

from tandem.core.api_schemas import READ_ERRORS, Error
from tandem.core.permissions import require
from tandem.operations import job_selectors, job_services
from tandem.operations.models import PlanJob
from tandem.operations.schemas import PlanJobIn, PlanJobOut

router = Router(tags=["jobs"])


@router.post(
    "/jobs",
    response={200: PlanJobOut, 201: PlanJobOut, 400: Error, 401: Error, 403: Error},
    operation_id="plan_job_create",
    summary="Request a background plan job",
)
def plan_job_create(
    request: HttpRequest,
    payload: PlanJobIn,
    idempotency_key: str = Header(
        "",
        alias="Idempotency-Key",
        max_length=64,
        description="Send the same key again to get the job it created (200) instead of a new "
        "one (201).",
    ),
) -> Status[PlanJob]:
    """Queue a job for a background worker (portfolio office and admins); poll GET /jobs/{id}.
    A forecast or optimization already waiting or running is answered with 200 instead."""
    require(request.user, "operations.add_planjob")
    job, created = job_services.plan_job_request(
        kind=payload.kind, by=request.user, idempotency_key=idempotency_key
    )
    return Status(201 if created else 200, job)


@router.get(
    "/jobs/{job_id}",
    response={200: PlanJobOut, **READ_ERRORS},
    operation_id="plan_job_get",
    summary="Read a background plan job: its status and, once done, its result",
)
def plan_job_get(request: HttpRequest, job_id: int) -> PlanJob:
    """One job; every signed-in user may read it."""
    require(request.user, "operations.view_planjob")
    return job_selectors.plan_job_get(user=request.user, pk=job_id)
