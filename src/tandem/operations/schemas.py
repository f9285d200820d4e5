"""Request and response shapes for background plan jobs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from tandem.core.api_schemas import InSchema
from tandem.operations.choices import JobKind, JobStatus


class PlanJobIn(InSchema):
    kind: JobKind = Field(
        JobKind.PORTFOLIO_SUMMARY,
        description="What to compute; 'portfolio_summary' counts initiatives per state and "
        "adds up the likely effort open work asks of each team; 'forecast' (1,000 Monte Carlo "
        "runs, seed 0) and 'optimize' (10 seconds, no stability term) work out the roadmap with "
        "their default settings (POST /api/plan/runs chooses them). One forecast and one "
        "optimization wait or run at a time: asking again meanwhile answers 200 with it.",
    )


class PlanJobOut(Schema):
    id: int
    kind: JobKind
    status: JobStatus = Field(description="queued, running, done or failed.")
    requested_by: str | None = Field(None, description="Username of who asked for it.")
    created: datetime
    started_at: datetime | None
    finished_at: datetime | None
    attempts: int = Field(description="How many times a worker has started it.")
    result: dict[str, Any] | None = Field(description="The answer, once done.")
    error: str = Field(description="Why it failed, once failed.")

    @staticmethod
    def resolve_requested_by(obj: Any) -> str | None:
        return obj.requested_by.get_username() if obj.requested_by else None
