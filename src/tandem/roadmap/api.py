"""The roadmap API: when each approved initiative can be delivered, and why some slip."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from tandem.core.api_schemas import READ_ERRORS
from tandem.core.permissions import require
from tandem.roadmap import selectors
from tandem.roadmap.schemas import PlanOut

router = Router(tags=["roadmap"])


@router.get(
    "/plan",
    response={200: PlanOut, **READ_ERRORS},
    operation_id="plan_get",
    summary="The roadmap: each initiative's planned dates, slip and why",
)
def plan_get(request: HttpRequest) -> dict[str, Any]:
    """Approved and in-progress initiatives placed on the IT teams' free weeks (after
    non-discretionary work), highest ranked first: per initiative its start and finish, the
    earliest it could finish, its target, the weeks it slips and is late, and why (in words
    and as causes); the plan's weighted tardiness and completion, and its data stamp."""
    require(request.user, "roadmap.view_plan")
    return selectors.roadmap_plan(user=request.user)
