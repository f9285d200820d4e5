"""Portfolio selection: seeded portfolios of 200 to 5,000 candidates solved with CP-SAT.

`tandem bench select [--json] [--sizes 200,1000,5000] [--time-limit 10] [--seed 7]`

Builds, for each size, a deterministic portfolio with random.Random (the same for the same
seed and size): 20 teams over 8 quarters; each candidate needs 1 to 3 teams for 1 to 4
consecutive quarters; values 1 to 100, skewed low and loosely following size; costs from the
effort at 1,500 to 3,000 a person-week plus some fixed costs; about 10% require 1 or 2
earlier candidates, about 5% are mandatory (the capacity and budget always leave room for
them and their prerequisites), and one exclusive pair per 100 candidates. Free capacity per
team and quarter is a half to a third of the demand on it, and the budget 90% of what the
greedy ranking would spend with capacity as the only limit, so both bind. Then
`select.solve` (workers 2, --relative-gap, default 0.001) for each size, reporting the
status, seconds (the whole call: greedy, LP bound, CP-SAT and explanations), objective,
bound, gap, the greedy objective and the LP bound. The goal: 1,000 candidates optimal or
within 0.1% in under 5 s on a 2-core machine, and the optimum above greedy.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
from typing import Any

from tandem.engine.select import Candidate, Need, SelectionProblem, greedy, solve

TEAMS = 20
QUARTERS = 8
GOAL_CANDIDATES = 1000
GOAL_SECONDS = 5.0
GOAL_GAP_PCT = 0.1
BUDGET_SHARE = 0.9  # of what greedy would spend with capacity as the only limit


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tandem bench select", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="200,1000,5000", help="Candidates per portfolio (default 200,1000,5000)."
    )
    parser.add_argument(
        "--time-limit", type=float, default=10.0, help="Seconds per solve (default 10)."
    )
    parser.add_argument("--seed", type=int, default=7, help="Seed of the portfolios (default 7).")
    parser.add_argument(
        "--relative-gap",
        type=float,
        default=0.001,
        help="Stop within this share of the bound (default 0.001 = 0.1%%; 0 proves optimality).",
    )
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2).")
    parser.add_argument("--json", action="store_true", help="Print one JSON line only.")
    return parser.parse_args(argv)


def _needs(rng: random.Random) -> tuple[Need, ...]:
    length = rng.randint(1, 4)
    start = rng.randint(0, QUARTERS - length)
    needs = []
    for team in sorted(rng.sample(range(TEAMS), rng.choice((1, 1, 2, 2, 3)))):
        per_quarter = round(min(40.0, rng.lognormvariate(math.log(5.0), 0.7)), 1)
        needs.extend(Need(team, q, per_quarter) for q in range(start, start + length))
    return tuple(needs)


def _candidates(rng: random.Random, size: int) -> list[Candidate]:
    candidates = []
    for i in range(size):
        needs = _needs(rng)
        effort = sum(n.person_weeks for n in needs)
        skew = rng.random() ** 2
        value = round(1 + 99 * min(1.0, 0.75 * skew + 0.25 * min(1.0, effort / 60)))
        cost = round(effort * rng.uniform(1.5, 3.0)) * 1000 + rng.choice((0, 0, 0, 10, 25)) * 1000
        requires: tuple[int, ...] = ()
        if i >= 10 and rng.random() < 0.10:
            requires = tuple(sorted(rng.sample(range(i), rng.randint(1, 2))))
        candidates.append(
            Candidate(
                name=f"Initiative {i:04d}",
                value=float(value),
                cost=float(cost),
                needs=needs,
                mandatory=rng.random() < 0.05,
                requires=requires,
                kind=rng.choice(("run", "grow", "transform", "comply")),
            )
        )
    return candidates


def _closure(candidates: list[Candidate], roots: list[int]) -> set[int]:
    found: set[int] = set()
    stack = list(roots)
    while stack:
        i = stack.pop()
        if i not in found:
            found.add(i)
            stack.extend(candidates[i].requires)
    return found


def portfolio(size: int, seed: int) -> SelectionProblem:
    """The seeded portfolio of ``size`` candidates; the same for the same seed and size."""
    rng = random.Random(seed * 1_000_003 + size)  # noqa: S311 (not security)
    candidates = _candidates(rng, size)
    forced = _closure(candidates, [i for i, c in enumerate(candidates) if c.mandatory])
    demand = [[0.0] * QUARTERS for _ in range(TEAMS)]
    floor = [[0.0] * QUARTERS for _ in range(TEAMS)]
    for i, c in enumerate(candidates):
        for n in c.needs:
            demand[n.team][n.period] += n.person_weeks
            if i in forced:
                floor[n.team][n.period] += n.person_weeks
    capacity = tuple(
        tuple(
            max(math.floor(demand[t][q] / rng.uniform(2.0, 3.0) * 2) / 2, math.ceil(floor[t][q]))
            for q in range(QUARTERS)
        )
        for t in range(TEAMS)
    )
    unlimited = _problem(candidates, capacity, None, ())
    spend = sum(candidates[i].cost for i in greedy(unlimited).chosen)
    budget = max(round(spend * BUDGET_SHARE, -3), sum(candidates[i].cost for i in forced))
    free = [i for i in range(size) if i not in forced]
    pairs = []
    for _ in range(size // 100):
        a, b = sorted(rng.sample(free, 2))
        if a not in candidates[b].requires:
            pairs.append((a, b))
    return _problem(candidates, capacity, budget, tuple(pairs))


def _problem(
    candidates: list[Candidate],
    capacity: tuple[tuple[float, ...], ...],
    budget: float | None,
    pairs: tuple[tuple[int, int], ...],
) -> SelectionProblem:
    return SelectionProblem(
        candidates=tuple(candidates),
        team_names=tuple(f"Team {t:02d}" for t in range(TEAMS)),
        period_labels=tuple(f"{2027 + q // 4} Q{q % 4 + 1}" for q in range(QUARTERS)),
        capacity_person_weeks=capacity,
        budget=budget,
        exclusive_groups=pairs,
    )


def run(size: int, args: argparse.Namespace) -> dict[str, Any]:
    """Solve the portfolio of ``size`` candidates; the figures of one JSON run."""
    result = solve(
        portfolio(size, args.seed),
        time_limit=args.time_limit,
        seed=0,
        workers=args.workers,
        relative_gap=args.relative_gap,
    )
    return {
        "candidates": size,
        "seconds": round(result.runtime_s, 3),
        "status": result.status,
        "objective": round(result.objective, 3),
        "bound": round(result.bound, 3),
        "gap_pct": round(result.gap_pct, 4),
        "greedy_objective": round(result.greedy.objective, 3),
        "lp_bound": round(result.lp_bound, 3),
    }


def _table(runs: list[dict[str, Any]]) -> str:
    head = (
        f"{'candidates':>10} {'seconds':>8} {'status':>10} {'objective':>11} {'bound':>11} "
        f"{'gap %':>7} {'greedy':>11} {'LP bound':>11} {'vs greedy':>9}"
    )
    lines = [head]
    for r in runs:
        gain = 100 * (r["objective"] / r["greedy_objective"] - 1) if r["greedy_objective"] else 0
        lines.append(
            f"{r['candidates']:>10,} {r['seconds']:>8.2f} {r['status']:>10}"
            f" {r['objective']:>11,.1f} {r['bound']:>11,.1f} {r['gap_pct']:>7.3f}"
            f" {r['greedy_objective']:>11,.1f}"
            f" {r['lp_bound']:>11,.1f} {gain:>+8.2f}%"
        )
    return "\n".join(lines)


def _goal(runs: list[dict[str, Any]], args: argparse.Namespace) -> str:
    target = [r for r in runs if r["candidates"] == GOAL_CANDIDATES]
    if not target:
        return f"Goal: not measured (no run of {GOAL_CANDIDATES:,} candidates)."
    r = target[0]
    met = (
        r["seconds"] < GOAL_SECONDS
        and r["gap_pct"] <= GOAL_GAP_PCT
        and r["objective"] > r["greedy_objective"]
    )
    return (
        f"Goal {'met' if met else 'MISSED'}: {GOAL_CANDIDATES:,} candidates optimal or within "
        f"{GOAL_GAP_PCT}% in under {GOAL_SECONDS:g} s (relative_gap={args.relative_gap:g}), above "
        f"greedy: {r['status']}, gap {r['gap_pct']:.3f}%, {r['seconds']:.2f} s, "
        f"{r['objective']:,.1f} vs greedy {r['greedy_objective']:,.1f}. "
        f"Load average (1 min): {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores."
    )


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    runs = []
    for size in sizes:
        if not args.json:
            print(f"Solving {size:,} candidates …", file=sys.stderr, flush=True)  # noqa: T201
        runs.append(run(size, args))
    if args.json:
        print(json.dumps({"runs": runs}), flush=True)  # noqa: T201
    else:
        print(_table(runs))  # noqa: T201
        print(_goal(runs, args), flush=True)  # noqa: T201
    return 0
