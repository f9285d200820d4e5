"""Capacity engine: a synthetic enterprise, full recomputations timed, one JSON line.

`tandem bench capacity [--runs 5] [--seed 7]`

Builds a deterministic enterprise with numpy's default_rng(seed): 5,000 people in 200 teams
(a fifth of them infrastructure and service-desk teams), 5,000 initiatives with 20,000
effort estimates over 156 weeks, leave, company holidays, hires and open requisitions,
planned load, and 52 weeks of booked hours per team and category. Then times --runs full
recomputations of everything the capacity pages ask: compute, the month and quarter
roll-ups, available_to_take_on and an 18-month forecast (linear trend). Prints one JSON line:
engine_median_s, engine_runs_s, the sizes, and api_p95_ms / api_p50_ms: GET /api/capacity
on the demo company in a throw-away installation (--api-requests 0 skips it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from tandem.engine import capacity

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
START = dt.date(2027, 1, 4)  # a Monday
PROFILES = ((1.0, 2.0, 2.0, 1.0), (3.0, 2.0, 1.0), (1.0, 1.0, 3.0), (1.0, 2.0, 3.0, 2.0, 1.0))


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tandem bench capacity", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--runs", type=int, default=5, help="Timed recomputations (default 5).")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the enterprise (default 7).")
    parser.add_argument("--people", type=int, default=5000, help="People (default 5000).")
    parser.add_argument("--teams", type=int, default=200, help="Teams (default 200).")
    parser.add_argument("--initiatives", type=int, default=5000, help="Initiatives (default 5000).")
    parser.add_argument(
        "--estimates", type=int, default=20000, help="Demand entries (default 20000)."
    )
    parser.add_argument("--weeks", type=int, default=156, help="Horizon in weeks (default 156).")
    parser.add_argument(
        "--api-requests",
        type=int,
        default=30,
        help="Timed GET /api/capacity requests on the demo company (default 30; 0 skips).",
    )
    return parser.parse_args(argv)


def _people(rng: np.random.Generator, people: int, teams: int, weeks: int) -> capacity.People:
    team = rng.permutation(np.arange(people) % teams)
    part_time = rng.random(people) < 0.15
    fte = np.where(part_time, rng.choice([0.5, 0.6, 0.8, 0.9], people), 1.0)
    hours = np.where(rng.random(people) < 0.3, 37.5, 40.0)
    joins = rng.random(people) < 0.12
    first = np.where(joins, rng.integers(1, weeks, people), -rng.integers(1, 400, people))
    leaves = rng.random(people) < 0.10
    end = np.where(
        leaves,
        np.maximum(first + 1, rng.integers(1, weeks, people)),
        weeks + rng.integers(1, 500, people),
    )
    return capacity.People(team=team, fte=fte, hours_per_week=hours, first_week=first, end_week=end)


def _leave(rng: np.random.Generator, people: int, weeks: int) -> capacity.Leave:
    per_person = 18  # about 25 days a year in blocks of 1 to 5 days
    return capacity.Leave(
        person=np.repeat(np.arange(people), per_person),
        week=rng.integers(0, weeks, people * per_person),
        days_off=rng.integers(1, 6, people * per_person).astype(float),
    )


def _holidays(rng: np.random.Generator, weeks: int) -> np.ndarray[Any, Any]:
    days = np.zeros(weeks)
    days[rng.choice(weeks, size=min(weeks, weeks * 8 // 52), replace=False)] = 1.0
    days[51::52] = 3.0  # the week between Christmas and New Year
    return days


def _load(rng: np.random.Generator, teams: int, weeks: int) -> capacity.Load:
    infrastructure = np.arange(teams) < teams // 5
    total = np.where(infrastructure, rng.uniform(40, 65, teams), rng.uniform(15, 30, teams))
    shares = rng.dirichlet(np.ones(4), teams)  # maintenance, support, security, compliance
    team = np.repeat(np.arange(teams), 4)
    category = np.tile(np.arange(4), teams)
    fixed = np.flatnonzero(rng.random(teams) < 0.3)  # some teams also book fixed "other" hours
    return capacity.Load(
        team=np.concatenate((team, fixed)),
        category=np.concatenate((category, np.full(len(fixed), 4))),
        first_week=np.concatenate((np.full(teams * 4, -10), np.zeros(len(fixed), int))),
        end_week=np.full(teams * 4 + len(fixed), weeks + 10),
        percent_of_supply=np.concatenate(((total[:, None] * shares).ravel(), np.zeros(len(fixed)))),
        hours_per_week=np.concatenate((np.zeros(teams * 4), rng.uniform(20, 80, len(fixed)))),
    )


def _demand(
    rng: np.random.Generator, initiatives: int, estimates: int, teams: int, weeks: int
) -> capacity.Demand:
    initiative = np.concatenate(
        (np.arange(initiatives), rng.integers(0, initiatives, estimates - initiatives))
    )
    start = rng.integers(-30, weeks, initiatives)
    duration = rng.integers(6, 60, initiatives)
    committed = rng.random(initiatives) < 0.55
    shaped = rng.random(estimates) < 0.25
    choice = rng.integers(0, len(PROFILES), estimates)
    return capacity.Demand(
        initiative=initiative,
        team=rng.integers(0, teams, estimates),
        person_weeks=rng.lognormal(np.log(24.0), 0.8, estimates),
        first_week=start[initiative],
        end_week=start[initiative] + duration[initiative],
        committed=committed[initiative],
        profile=tuple(PROFILES[c] if s else () for c, s in zip(choice, shaped, strict=True)),
    )


def _actuals(rng: np.random.Generator, load: capacity.Load, teams: int) -> capacity.Actuals:
    history = 52
    size = teams * len(capacity.CATEGORIES)
    level = np.bincount(
        load.team * len(capacity.CATEGORIES) + load.category,
        weights=load.percent_of_supply / 100 * 21 * 40 + load.hours_per_week,
        minlength=size,
    )
    trend = rng.normal(0.0, 0.004, size)  # share of the level per week
    week = np.arange(-history, 0)
    hours = (
        level[:, None]
        * (1 + trend[:, None] * (week + history))
        * rng.normal(1.0, 0.1, (size, history))
    )
    return capacity.Actuals(
        team=np.repeat(np.arange(size) // len(capacity.CATEGORIES), history),
        category=np.repeat(np.arange(size) % len(capacity.CATEGORIES), history),
        week=np.tile(week, size),
        hours=np.maximum(hours, 0.0).ravel(),
    )


def enterprise(args: argparse.Namespace) -> tuple[capacity.CapacityProblem, capacity.Actuals]:
    """The synthetic enterprise and its booked hours, the same for the same seed."""
    rng = np.random.default_rng(args.seed)
    load = _load(rng, args.teams, args.weeks)
    problem = capacity.CapacityProblem(
        horizon=capacity.Horizon(START, args.weeks),
        team_names=tuple(f"Team {t:03d}" for t in range(args.teams)),
        people=_people(rng, args.people, args.teams, args.weeks),
        leave=_leave(rng, args.people, args.weeks),
        holiday_days=_holidays(rng, args.weeks),
        hires=capacity.Hires(
            team=rng.integers(0, args.teams, 300),
            fte=np.ones(300),
            hours_per_week=np.full(300, 40.0),
            start_week=rng.integers(0, args.weeks, 300),
            kind=(rng.random(300) < 0.3).astype(int),
        ),
        load=load,
        demand=_demand(rng, args.initiatives, args.estimates, args.teams, args.weeks),
        initiative_names=tuple(f"Initiative {i:04d}" for i in range(args.initiatives)),
    )
    return problem, _actuals(rng, load, args.teams)


def everything(
    problem: capacity.CapacityProblem, actuals: capacity.Actuals
) -> tuple[capacity.CapacityResult, capacity.Forecast]:
    """One full recomputation: plan, roll-ups, free capacity and the forecast."""
    result = capacity.compute(problem)
    capacity.rollup(result, "month")
    capacity.rollup(result, "quarter")
    capacity.available_to_take_on(result, "quarter")
    ahead = capacity.forecast(problem, actuals, today_week=0, estimator="linear_trend")
    return result, ahead


def measure_api(args: argparse.Namespace) -> dict[str, Any] | None:
    """GET /api/capacity on the demo company, in a throw-away installation: p50 and p95 (ms).

    `tandem demo --no-serve` into a temporary TANDEM_HOME, then bench/_capacity_api.py times
    --api-requests requests through Django's whole request handling in one process (no
    network, so the figure is the server's own time)."""
    if args.api_requests <= 0:
        return None
    home = tempfile.mkdtemp(prefix="tandem-capacity-bench-")
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    env.update(TANDEM_HOME=home, DEBUG="false", API_RATE_LIMIT="1000000/m")
    try:
        subprocess.run(  # noqa: S603
            [str(BIN / "tandem"), "demo", "--no-serve"], env=env, check=True, capture_output=True
        )
        timed = subprocess.run(  # noqa: S603
            [sys.executable, str(BENCH / "_capacity_api.py"), "--requests", str(args.api_requests)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    finally:
        shutil.rmtree(home, ignore_errors=True)
    figures = json.loads(timed.stdout.strip().splitlines()[-1])
    return {
        "api_p95_ms": figures["p95_ms"],
        "api_p50_ms": figures["p50_ms"],
        "api_runs_ms": figures["runs_ms"],
        "api_requests": args.api_requests,
        "api_response_bytes": figures["bytes"],
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    problem, actuals = enterprise(args)
    load_before = os.getloadavg()[0]
    runs = []
    for _ in range(args.runs):
        gc.collect()  # start each run with the same heap; the collector stays on while timed
        started = time.perf_counter()
        result, ahead = everything(problem, actuals)
        runs.append(time.perf_counter() - started)
    report: dict[str, Any] = {
        "engine_median_s": round(statistics.median(runs), 4),
        "engine_runs_s": [round(run, 4) for run in runs],
        "people": args.people,
        "teams": args.teams,
        "weeks": args.weeks,
        "initiatives": args.initiatives,
        "estimates": args.estimates,
        "spread_rows": len(result.spread.entry),
        "spans": len(result.spans),
        "bottlenecks": len(ahead.bottlenecks),
        "seed": args.seed,
        "load_average_1m": [round(load_before, 2), round(os.getloadavg()[0], 2)],
        "api_p95_ms": None,
    }
    report.update(measure_api(args) or {})
    print(json.dumps(report), flush=True)  # noqa: T201
    return 0
