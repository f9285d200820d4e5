"""Delivery dates as probabilities: the roadmap re-planned under sampled estimates.

Each work package's effort is drawn between its estimate's low and high person-weeks from a
PERT distribution (a beta distribution with the likely value as its mode, weight 4 on it), and
the roadmap is re-planned with the same priorities (`tandem.engine.schedule.forecast`). Per
initiative people read the P50, P85 and P95 finish dates (the Friday of the week by which
that share of the runs has finished, as the plan dates a finish) and the chance of meeting
its target (the share of runs finishing in or before the target's week).

Where it is worked out:

- **In the background** for the pages: `forecast_request` queues a `PlanJob` of kind
  `forecast` (params `runs`, `seed`); the worker calls `forecast_work_out`, which reports its
  progress after each chunk of `CHUNK_RUNS` runs (and so beats the job's heartbeat).
  `forecast_latest` reads the newest finished forecast and says whether the plan has changed
  since (another data stamp, or another week).
- **At once** for `GET /api/forecast` and `tandem forecast`: `forecast_get` works it out in
  the request, remembered in this process per data stamp, day, runs and seed. At most
  `MAX_RUNS` runs: 5,000 runs of the demo portfolio take well under a second, of the large
  demo a few seconds.

Runs are drawn in chunks, chunk `i` seeded from (`seed`, `i`), so the same runs and seed give
the same forecast on either path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
from django.utils import timezone

from tandem.core.errors import RuleViolation
from tandem.core.memo import PickledMemo
from tandem.engine import InvalidInput
from tandem.engine.schedule.forecast import Forecast, Holdup, forecast
from tandem.engine.schedule.roadmap import Roadmap, priority_order
from tandem.operations import job_services
from tandem.operations.choices import JobKind, JobStatus
from tandem.operations.job_services import PENDING
from tandem.operations.models import PlanJob
from tandem.organization.models import Team
from tandem.portfolio.models import Initiative
from tandem.roadmap import choices, engine_io

DISTRIBUTION = "PERT (beta, weight 4 on the likely value)"
DEFAULT_RUNS = 1000
MAX_RUNS = 5000
MAX_SEED = 2**32 - 1
CHUNK_RUNS = 250
SHARES = (("p50", 0.5), ("p85", 0.85), ("p95", 0.95))
FORECAST_RUNS_INVALID = "FORECAST_RUNS_INVALID"
FORECAST_SEED_INVALID = "FORECAST_SEED_INVALID"

_FORECASTS = PickledMemo(size=8)  # answers worked out at once, per stamp, day, runs and seed
_JOB_RESULTS = PickledMemo(size=4)  # finished jobs' results, per job and finishing time

Progress = Callable[[int, int], None]


def forecast_params_check(*, runs: Any, seed: Any) -> tuple[int, int]:
    """`runs` and `seed` as integers; RuleViolation naming the field unless 1 ≤ runs ≤ 5,000
    and 0 ≤ seed ≤ 2³² − 1."""
    if isinstance(runs, bool) or not isinstance(runs, int) or not 1 <= runs <= MAX_RUNS:
        raise RuleViolation(
            f"Runs must be a whole number from 1 to {MAX_RUNS:,}.",
            code=FORECAST_RUNS_INVALID,
            field="runs",
        )
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        raise RuleViolation(
            f"The seed must be a whole number from 0 to {MAX_SEED:,}.",
            code=FORECAST_SEED_INVALID,
            field="seed",
        )
    return runs, seed


def forecast_work_out(
    *,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    today: dt.date | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """The forecast from this week, ready to store as JSON (weeks, ISO dates, ids; no titles):
    per initiative its P50/P85/P95 finish weeks and chance of meeting its target. `progress`
    hears (runs done, runs) after each chunk.

    RuleViolation for runs or a seed out of range, or (ROADMAP_INVALID) records that make no
    valid roadmap."""
    runs, seed = forecast_params_check(runs=runs, seed=seed)
    today = today or timezone.localdate()
    return _work_out(runs, seed, today, engine_io.roadmap_data_stamp(), progress)


def _work_out(
    runs: int, seed: int, today: dt.date, stamp: str, progress: Progress | None
) -> dict[str, Any]:
    roadmap, index = engine_io.roadmap_build(today=today)
    try:
        finished = _runs(roadmap, index.spreads, runs, seed, progress)
    except InvalidInput as err:
        raise RuleViolation(
            f"The roadmap cannot be forecast: {err}", code=choices.ROADMAP_INVALID
        ) from err
    spots = {name: finished.percentile(share) for name, share in SHARES}
    chances = finished.on_time()
    holdups = finished.holdups()
    rows = []
    for position, pk in enumerate(index.initiative_ids):
        target = index.targets.get(pk)
        chance = chances[position]
        rows.append(
            {
                "id": pk,
                **{f"{name}_week": spots[name][position] for name, _ in SHARES},
                "target": None if target is None else target.isoformat(),
                "on_time": None if chance is None else round(chance, 4),
                "holdup": _holdup_ids(holdups[position], index),
            }
        )
    return {
        "as_of": today.isoformat(),
        "start": index.start.isoformat(),
        "data_stamp": stamp,
        "runs": runs,
        "seed": seed,
        "distribution": DISTRIBUTION,
        "worked_out_at": timezone.now().isoformat(),
        "initiatives": rows,
    }


def _holdup_ids(holdup: Holdup | None, index: engine_io.RoadmapIndex) -> dict[str, Any] | None:
    """A holdup as stored: the team's and the holders' ids instead of engine indices."""
    if holdup is None:
        return None
    return {
        "team": index.team_ids[holdup.team],
        "share": round(holdup.share, 4),
        "weeks": holdup.weeks,
        "holders": [index.initiative_ids[item] for item in holdup.holders],
    }


def _runs(
    roadmap: Roadmap,
    spreads: tuple[tuple[float, float], ...],
    runs: int,
    seed: int,
    progress: Progress | None,
) -> Forecast:
    """All runs, in chunks (each seeded from the seed and its number), reporting after each."""
    targets = tuple(item.target for item in roadmap.items)
    if not roadmap.items:
        return Forecast(finishes=np.zeros((runs, 0), dtype=np.int64), targets=targets)
    low = [low for low, _ in spreads]
    high = [high for _, high in spreads]
    order = priority_order(roadmap)
    chunks, done = [], 0
    for number, start in enumerate(range(0, runs, CHUNK_RUNS)):
        size = min(CHUNK_RUNS, runs - start)
        chunk_seed = int(np.random.SeedSequence([seed, number]).generate_state(1)[0])
        chunks.append(forecast(roadmap, low, high, runs=size, seed=chunk_seed, order=order))
        done += size
        if progress is not None:
            progress(done, runs)
    return Forecast.joined(chunks)


def forecast_get(
    *,
    user: Any,
    runs: int = DEFAULT_RUNS,
    seed: int = 0,
    today: dt.date | None = None,
    only: set[int] | None = None,
) -> dict[str, Any]:
    """The forecast worked out now (remembered per data stamp, day, runs and seed), as people
    and scripts read it; rows of `only` those initiatives when given.

    RuleViolation for runs or a seed out of range, or records that make no valid roadmap."""
    runs, seed = forecast_params_check(runs=runs, seed=seed)
    today = today or timezone.localdate()
    stamp = engine_io.roadmap_data_stamp()
    key = (stamp, today, runs, seed)
    raw = _FORECASTS.get(key)
    if raw is None:
        raw = _FORECASTS.put(key, _work_out(runs, seed, today, stamp, None))
    return forecast_answer(raw, only=only)


def forecast_answer(
    raw: dict[str, Any],
    *,
    only: set[int] | None = None,
    labels: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A stored forecast as people read it: dates instead of weeks (the Friday of the week
    a share of runs has finished by), each initiative's title and unit read afresh (or taken
    from `labels`, id -> title and unit, which also leaves out initiatives it lacks), rows in
    order of P50 finish then title; rows of `only` those initiatives when given."""
    start = dt.date.fromisoformat(raw["start"])
    rows = [row for row in raw["initiatives"] if only is None or row["id"] in only]
    if labels is None:
        labels = _labels([row["id"] for row in rows])
    shown = [_row(row, start, labels[row["id"]]) for row in rows if row["id"] in labels]
    shown.sort(key=lambda r: (r["p50_week"] is None, r["p50_week"] or 0, r["title"], r["id"]))
    return {
        "as_of": dt.date.fromisoformat(raw["as_of"]),
        "start": start,
        "units": "weeks",
        "data_stamp": raw["data_stamp"],
        "runs": raw["runs"],
        "seed": raw["seed"],
        "distribution": raw["distribution"],
        "worked_out_at": dt.datetime.fromisoformat(raw["worked_out_at"]),
        "initiatives": shown,
    }


def _labels(ids: list[int]) -> dict[int, dict[str, Any]]:
    """Title and requesting unit of each initiative (one query)."""
    rows = Initiative.objects.filter(pk__in=ids).values_list(
        "pk", "title", "requesting_unit_id", "requesting_unit__name"
    )
    return {
        pk: {"title": title, "unit": {"id": unit_id, "name": unit_name}}
        for pk, title, unit_id, unit_name in rows
    }


def finish_day(start: dt.date, week: int | None) -> dt.date | None:
    """The Friday of the last week of work for a finish `week` (exclusive) counted from the
    Monday `start`: the plan's way of dating a finish. None when it cannot be planned."""
    if week is None:
        return None
    if week <= 0:
        return start
    return start + dt.timedelta(weeks=week - 1, days=4)


def _row(row: dict[str, Any], start: dt.date, label: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        **label,
        "target": None if row["target"] is None else dt.date.fromisoformat(row["target"]),
        **{name: finish_day(start, row[f"{name}_week"]) for name, _ in SHARES},
        **{f"{name}_week": row[f"{name}_week"] for name, _ in SHARES},
        "on_time_probability": row["on_time"],
        "holdup": row.get("holdup"),  # forecasts stored before holdups have none
    }


def holdup_named(holdup: dict[str, Any] | None) -> dict[str, Any] | None:
    """A row's holdup as people read it: the team's name, the share of runs in percent, the
    weeks, and the holders' ids and titles in their order (two queries). Holders no longer
    in the portfolio are left out; None when there is no holdup or its team is gone."""
    if not holdup:
        return None
    team = Team.objects.filter(pk=holdup["team"]).values_list("name", flat=True).first()
    if team is None:
        return None
    titles = dict(Initiative.objects.filter(pk__in=holdup["holders"]).values_list("pk", "title"))
    return {
        "team": team,
        "percent": round(100 * holdup["share"]),
        "weeks": holdup["weeks"],
        "holders": [{"id": pk, "title": titles[pk]} for pk in holdup["holders"] if pk in titles],
    }


def forecast_request(*, by: Any, runs: int = DEFAULT_RUNS, seed: int = 0) -> tuple[PlanJob, bool]:
    """Queue a forecast for a background worker; return the job and whether it is new. While
    one is already waiting or running, that one is returned instead of queueing another.

    RuleViolation for runs or a seed out of range."""
    runs, seed = forecast_params_check(runs=runs, seed=seed)
    return job_services.plan_job_request(
        kind=JobKind.FORECAST, by=by, params={"runs": runs, "seed": seed}
    )


def forecast_run_now(*, by: Any = None, runs: int = DEFAULT_RUNS, seed: int = 0) -> PlanJob:
    """Work out a forecast job in this process (no worker needed), so the pages show delivery
    odds at once: for seeding the demo. RuleViolation for runs or a seed out of range, or
    records that make no valid roadmap (the job is then marked failed)."""
    runs, seed = forecast_params_check(runs=runs, seed=seed)
    return job_services.plan_job_run_now(
        kind=JobKind.FORECAST, by=by, params={"runs": runs, "seed": seed}
    )


def forecast_latest(
    *,
    user: Any,
    stamp: str | None = None,
    today: dt.date | None = None,
    only: set[int] | None = None,
    labels: dict[int, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The newest forecast worked out in the background, and what is happening now.

    `forecast`: the newest finished forecast as `forecast_answer` reads it (None: there is
    none); `changed`: whether the plan has changed since (its data stamp `stamp`, read when
    not given, or its week differ); `pending`: the forecast job waiting or running (id,
    status, progress in percent, runs), or None; `failed`: why the newest request failed, if
    it did. `labels` as for `forecast_answer` (a plan's rows have them). One small query (two
    while a newer request is pending or failed), and the finished job's result once per
    process."""
    newest = (
        PlanJob.objects.filter(kind=JobKind.FORECAST)
        .values("pk", "status", "progress", "params", "error", "finished_at")
        .first()
    )
    done = newest if newest is not None and newest["status"] == JobStatus.DONE else None
    if newest is not None and done is None:  # an older one may have finished
        done = (
            PlanJob.objects.filter(kind=JobKind.FORECAST, status=JobStatus.DONE)
            .order_by("-finished_at", "-pk")
            .values("pk", "finished_at")
            .first()
        )
    answer, changed = None, False
    if done is not None:
        raw = _job_result(done["pk"], done["finished_at"])
        answer = forecast_answer(raw, only=only, labels=labels)
        today = today or timezone.localdate()
        monday = today - dt.timedelta(days=today.weekday())
        stamp = stamp if stamp is not None else engine_io.roadmap_data_stamp()
        changed = answer["data_stamp"] != stamp or answer["start"] != monday
    pending = None
    if newest is not None and newest["status"] in PENDING:
        pending = {
            "id": newest["pk"],
            "status": newest["status"],
            "progress": newest["progress"],
            "runs": (newest["params"] or {}).get("runs", DEFAULT_RUNS),
        }
    failed = newest["error"] if newest is not None and newest["status"] == JobStatus.FAILED else ""
    return {"forecast": answer, "changed": changed, "pending": pending, "failed": failed}


def _job_result(pk: int, finished_at: dt.datetime) -> dict[str, Any]:
    """A finished job's stored forecast (it never changes once finished, so it is read once
    per process; the finishing time tells apart a re-used id)."""
    key = (pk, finished_at.isoformat())
    found = _JOB_RESULTS.get(key)
    if found is None:
        result = PlanJob.objects.values_list("result", flat=True).get(pk=pk)
        found = _JOB_RESULTS.put(key, result or {})
    return found
