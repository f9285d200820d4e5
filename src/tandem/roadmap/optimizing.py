"""The optimized roadmap: CP-SAT improves the instant plan in the background.

The roadmap is planned at once, greedily in priority order (`selectors.roadmap_plan`). The
"Optimize" button queues a `PlanJob` of kind `optimize` (params `time_limit` in seconds and
`stability`); the worker calls `optimize_work_out`, which runs
`tandem.engine.schedule.optimize.optimize` warm-started from the instant plan and stores the
better plan with the data stamp it was worked out for. While that stamp still holds (nothing
the plan reads has changed, and it is the same week), `selectors.roadmap_plan` shows the
optimized plan instead of the instant one — the instant plan is shown at once, and replaced
when the better plan arrives.

With `stability` above 0 the optimizer stays near the last optimized plan (each week a
package moves costs `stability` × the mean weight), so re-planning after a small change moves
little.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from tandem.core.errors import RuleViolation
from tandem.engine.schedule.optimize import optimize
from tandem.engine.schedule.roadmap import Cause, Placement, Roadmap
from tandem.operations import job_services
from tandem.operations.choices import JobKind, JobStatus
from tandem.operations.job_services import PENDING
from tandem.operations.models import PlanJob
from tandem.roadmap import engine_io

DEFAULT_TIME_LIMIT = 10
MAX_TIME_LIMIT = 120  # well inside the reaper's silence limit: the solve beats no heartbeat
MAX_STABILITY = 10.0
OPTIMIZE_PARAMS_INVALID = "OPTIMIZE_PARAMS_INVALID"

Progress = Callable[[int], None]


def optimize_params_check(*, time_limit: Any, stability: Any) -> tuple[int, float]:
    """Seconds (1 to MAX_TIME_LIMIT) and stability (0 to MAX_STABILITY) as numbers;
    RuleViolation naming the field otherwise."""
    try:
        seconds = int(time_limit)
    except (TypeError, ValueError):
        seconds = 0
    if not 1 <= seconds <= MAX_TIME_LIMIT:
        raise RuleViolation(
            f"Give the optimizer between 1 and {MAX_TIME_LIMIT} seconds.",
            code=OPTIMIZE_PARAMS_INVALID,
            field="time_limit",
        )
    try:
        weight = float(stability)
    except (TypeError, ValueError):
        weight = -1.0
    if not 0 <= weight <= MAX_STABILITY:
        raise RuleViolation(
            f"Stability goes from 0 (move anything) to {MAX_STABILITY:g} (move little).",
            code=OPTIMIZE_PARAMS_INVALID,
            field="stability",
        )
    return seconds, weight


def optimize_request(
    *, by: Any, time_limit: int = DEFAULT_TIME_LIMIT, stability: float = 0.0
) -> tuple[PlanJob, bool]:
    """Queue an optimization for a background worker; return the job and whether it is new
    (one already waiting or running is returned instead). RuleViolation for bad params."""
    seconds, weight = optimize_params_check(time_limit=time_limit, stability=stability)
    return job_services.plan_job_request(
        kind=JobKind.OPTIMIZE, by=by, params={"time_limit": seconds, "stability": weight}
    )


def optimize_work_out(
    *,
    time_limit: int = DEFAULT_TIME_LIMIT,
    stability: float = 0.0,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """Optimize the baseline roadmap; the stored answer (JSON) with the data stamp it is for.

    RuleViolation (ROADMAP_INVALID) if the records make no valid roadmap."""
    today = today or timezone.localdate()
    stamp = engine_io.roadmap_data_stamp()
    roadmap, index = engine_io.roadmap_build(today=today)
    keys = _package_keys(roadmap, index)
    baseline = _baseline(keys) if stability > 0 else None
    if progress is not None:
        progress(5)
    result = optimize(
        roadmap, time_limit=time_limit, workers=2, baseline=baseline, stability=stability
    )
    return {
        "data_stamp": stamp,
        "start": index.start.isoformat(),
        "status": result.status,
        "objective": result.objective,
        "greedy_objective": result.greedy_objective,
        "bound": result.bound,
        "gap": result.gap,
        "seconds": round(result.seconds, 2),
        "time_limit": time_limit,
        "stability": stability,
        "placements": [dataclasses.asdict(p) for p in result.plan.placements],
        "package_starts": list(result.plan.starts),
        "package_keys": keys,
    }


def _package_keys(roadmap: Roadmap, index: engine_io.RoadmapIndex) -> list[list[int]]:
    """Each package as [initiative id, team id]: how a later plan finds it again."""
    return [[index.initiative_ids[p.item], index.team_ids[p.team]] for p in roadmap.packages]


def _baseline(keys: list[list[int]]) -> list[int | None] | None:
    """The last optimized plan's start of each package (None where it had none), shifted to
    this plan's weeks; None when there is no earlier optimized plan."""
    found = (
        PlanJob.objects.filter(kind=JobKind.OPTIMIZE, status=JobStatus.DONE)
        .order_by("-finished_at", "-pk")
        .values_list("result", flat=True)
        .first()
    )
    if not found:
        return None
    shift = (dt.date.fromisoformat(found["start"]) - _monday()).days // 7
    earlier = {
        (pk, team): start
        for (pk, team), start in zip(found["package_keys"], found["package_starts"], strict=True)
        if start is not None
    }
    return [None if (pk, team) not in earlier else earlier[(pk, team)] + shift for pk, team in keys]


def _monday() -> dt.date:
    today = timezone.localdate()
    return today - dt.timedelta(days=today.weekday())


def optimized_for(stamp: str, start: dt.date, packages: int) -> dict[str, Any] | None:
    """The newest finished optimization, if it was worked out for these records (`stamp`)
    in this week (`start`) and is better than the instant plan; else None. One query."""
    found = (
        PlanJob.objects.filter(kind=JobKind.OPTIMIZE, status=JobStatus.DONE)
        .order_by("-finished_at", "-pk")
        .values("pk", "result", "finished_at")
        .first()
    )
    result = (found or {}).get("result") or {}
    if (
        result.get("data_stamp") != stamp
        or result.get("start") != start.isoformat()
        or len(result.get("package_starts", ())) != packages
        or result.get("status") == "greedy"
    ):
        return None
    return {**result, "job": found["pk"], "finished_at": found["finished_at"]}  # type: ignore[index]


def placements_of(result: dict[str, Any]) -> tuple[Placement, ...]:
    """The stored placements as the engine's Placement objects."""
    return tuple(
        Placement(
            key=row["key"],
            start=row["start"],
            finish=row["finish"],
            earliest_finish=row["earliest_finish"],
            target=row["target"],
            causes=tuple(
                Cause(
                    **{
                        **cause,
                        "competitors": tuple(cause["competitors"]),
                        "ranked_lower": tuple(cause.get("ranked_lower", ())),
                    }
                )
                for cause in row["causes"]
            ),
        )
        for row in result["placements"]
    )


def optimize_latest(*, user: Any) -> dict[str, Any]:
    """The optimization waiting or running (id, status, progress, seconds), or None, and why
    the newest one failed, if it did. One query."""
    newest = (
        PlanJob.objects.filter(kind=JobKind.OPTIMIZE)
        .values("pk", "status", "progress", "params", "error")
        .first()
    )
    pending = None
    if newest is not None and newest["status"] in PENDING:
        pending = {
            "id": newest["pk"],
            "status": newest["status"],
            "progress": newest["progress"],
            "time_limit": (newest["params"] or {}).get("time_limit", DEFAULT_TIME_LIMIT),
        }
    failed = newest["error"] if newest is not None and newest["status"] == JobStatus.FAILED else ""
    return {"pending": pending, "failed": failed}
