"""Roadmap plan and Monte Carlo forecast on seeded portfolios, demo-sized and large.

`tandem bench forecast [--json] [--sizes 72,750] [--runs 1000] [--repeat 3] [--seed 7]`

Builds, for each size (initiatives), a deterministic portfolio with random.Random: one team
per 6 initiatives (at least 8), 104 weeks of free capacity of 3 to 8 people a team with a
few dips; each initiative has 1 to 3 work packages of 2 to 30 person-weeks at 0.5 to 2
people a week, a priority weight, a release in the first 20 weeks and a target; 5% are under
way (pinned at week 0) and one in five of the later half waits for one of the earlier half.
Estimates spread from 0.8 to 1.6 times the likely effort. Reports per size the packages, the
median seconds of `roadmap.plan` and of `forecast.forecast` with --runs samples (of
--repeat timings), and how many initiatives slip. Goals (issue 7): 1,000 samples of the demo
portfolio under 2 s, of a 1,500-activity portfolio under 10 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from typing import Any

import numpy as np

from tandem.engine.schedule.forecast import forecast
from tandem.engine.schedule.roadmap import Item, Link, Package, Roadmap, plan

GOALS = {"demo": 2.0, "large": 10.0}  # seconds for 1,000 samples
LARGE_ACTIVITIES = 1500


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tandem bench forecast", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "--sizes", default="72,750", help="Initiatives per portfolio (default 72,750)."
    )
    parser.add_argument("--runs", type=int, default=1000, help="Samples (default 1000).")
    parser.add_argument("--repeat", type=int, default=3, help="Timings per size (default 3).")
    parser.add_argument("--seed", type=int, default=7, help="Seed (default 7).")
    parser.add_argument("--json", action="store_true", help="Print one JSON line only.")
    return parser.parse_args(argv)


def portfolio(size: int, seed: int) -> Roadmap:
    """A seeded portfolio of `size` initiatives (see the module's description)."""
    rng = random.Random(seed * 100_003 + size)  # noqa: S311 (a seeded portfolio, not a secret)
    teams = max(8, size // 6)
    capacity = np.array([[rng.choice((3, 4, 5, 6, 8)) for _ in range(teams)]] * 104, float)
    for _ in range(teams):
        team, week = rng.randrange(teams), rng.randrange(100)
        capacity[week : week + 4, team] /= 2
    items, packages = [], []
    for i in range(size):
        items.append(
            Item(
                key=str(i),
                title=f"Initiative {i}",
                weight=round(rng.uniform(0.5, 10), 2),
                release=rng.randint(0, 20),
                target=rng.randint(12, 90),
                pinned=0 if rng.random() < 0.05 else None,
            )
        )
        for _ in range(rng.choice((1, 2, 2, 3))):
            effort = round(rng.uniform(2, 30), 1)
            rate = rng.choice((0.5, 1.0, 1.5, 2.0))
            packages.append(Package(i, rng.randrange(teams), effort, rate))
    half = size // 2
    links = [
        Link(rng.randrange(half), half + rng.randrange(size - half), rng.randint(0, 2))
        for _ in range(size // 10)
    ]
    names = tuple(f"Team {t}" for t in range(teams))
    return Roadmap(names, capacity, tuple(items), tuple(packages), tuple(links))


def _median_seconds(work: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def run(size: int, args: argparse.Namespace) -> dict[str, Any]:
    roadmap = portfolio(size, args.seed)
    low = [p.effort * 0.8 for p in roadmap.packages]
    high = [p.effort * 1.6 for p in roadmap.packages]
    result = plan(roadmap)
    kind = "large" if len(roadmap.packages) >= LARGE_ACTIVITIES * 0.9 else "demo"
    seconds = _median_seconds(
        lambda: forecast(roadmap, low, high, runs=args.runs, seed=args.seed), args.repeat
    )
    return {
        "initiatives": size,
        "packages": len(roadmap.packages),
        "teams": len(roadmap.teams),
        "plan_seconds": round(_median_seconds(lambda: plan(roadmap), args.repeat), 4),
        "forecast_runs": args.runs,
        "forecast_seconds": round(seconds, 3),
        "slipped": sum(1 for p in result.placements if p.slip),
        "goal_seconds": GOALS[kind] * args.runs / 1000,
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    rows = []
    for size in [int(s) for s in args.sizes.split(",") if s.strip()]:
        if not args.json:
            print(f"Planning {size:,} initiatives …", file=sys.stderr, flush=True)  # noqa: T201
        rows.append(run(size, args))
    if args.json:
        print(json.dumps({"runs": rows}), flush=True)  # noqa: T201
        return 0
    print(  # noqa: T201
        f"{'initiatives':>11} {'packages':>8} {'plan s':>8} {'samples':>7} {'forecast s':>10} "
        f"{'goal s':>6} {'slipped':>7}"
    )
    for row in rows:
        met = "met" if row["forecast_seconds"] <= row["goal_seconds"] else "MISSED"
        print(  # noqa: T201
            f"{row['initiatives']:>11,} {row['packages']:>8,} {row['plan_seconds']:>8.3f} "
            f"{row['forecast_runs']:>7,} {row['forecast_seconds']:>10.2f} "
            f"{row['goal_seconds']:>6.1f} {row['slipped']:>7,}  {met}"
        )
    return 0
