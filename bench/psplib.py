"""PSPLIB, Patterson and MPSPLIB instances: solve, verify each plan, compare with the best known.

`tandem bench psplib PATH... [--solver heuristic|cpsat|hybrid] [--time-limit 10] [--json]`

PATH is a file or a folder (every *.sm, *.rcp and *.xml inside, sorted): `.sm` is PSPLIB
single-mode, `.rcp` Patterson, `.xml` an MPSPLIB multi-project instance. Each instance is
solved with `schedule.solve`; every plan is then checked with `schedule.check` against the
instance read again from its file (not the solver's copy). Best known makespans come from
`best_known/<set>_best_known.csv` beside the instance folder (column psplib_best_makespan;
the optimum for j30), and for MPSPLIB from `msproject_psgs_minslk_results.csv` (the TMS
Microsoft Project's leveling reached, column tms_reported) in the instance folder or above
it; `--msproject-share F` gives each MPSPLIB instance F times the seconds Microsoft Project
took (column solve_seconds_reported), at most --time-limit. The exit status is 1 when any plan
is invalid, 2 for a path that is no instance.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tandem.engine import InvalidInput, schedule

SUFFIXES = (".sm", ".rcp", ".xml")
KEYS = (
    "instance",
    "jobs",
    "makespan",
    "total_makespan",
    "average_project_delay",
    "lower_bound",
    "best_known",
    "status",
    "valid",
    "seconds",
    "time_limit",
)
"""The keys of each instance in the JSON report."""
MSPROJECT_CSV = "msproject_psgs_minslk_results.csv"
STOPPING = 0.01
"""Seconds allowed past a time limit for stopping CP-SAT and checking its plan (a few ms)."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tandem bench psplib", description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="Instance files or folders.")
    parser.add_argument(
        "--solver", choices=schedule.SOLVERS, default="hybrid", help="Default hybrid."
    )
    parser.add_argument(
        "--time-limit", type=float, default=10.0, help="Seconds per instance (default 10)."
    )
    parser.add_argument(
        "--msproject-share",
        type=float,
        metavar="F",
        help="MPSPLIB: give each instance F x Microsoft Project's seconds (at most --time-limit).",
    )
    parser.add_argument("--workers", type=int, default=2, help="CP-SAT workers (default 2).")
    parser.add_argument("--seed", type=int, default=0, help="Seed (default 0).")
    parser.add_argument(
        "--objective",
        choices=schedule.OBJECTIVES,
        default="makespan",
        help="What CP-SAT minimises (multi-project: total_makespan or average_project_delay).",
    )
    parser.add_argument(
        "--every", type=int, default=1, help="Only every N-th instance, in name order."
    )
    parser.add_argument("--json", action="store_true", help="Print one JSON object only.")
    parser.add_argument(
        "--schedules", type=Path, help="Write DIR/<instance>.csv (job,start; PSPLIB numbers)."
    )
    return parser.parse_args(argv)


def instance_files(paths: list[str]) -> list[Path]:
    """Every instance file named or inside a named folder; InvalidInput for anything else."""
    files: list[Path] = []
    for text in paths:
        path = Path(text)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in SUFFIXES and p.is_file())
            if not found:
                raise InvalidInput(text, "the folder holds no .sm, .rcp or .xml instance")
            files.extend(found)
        elif path.is_file() and path.suffix in SUFFIXES:
            files.append(path)
        elif path.is_file():
            raise InvalidInput(text, "not an instance file (expected .sm, .rcp or .xml)")
        else:
            raise InvalidInput(text, "no such file or folder")
    return files


@dataclass
class Loaded:
    """An instance as read from its file."""

    problem: schedule.Rcpsp
    multi: schedule.MultiProject | None


def load(path: Path) -> Loaded:
    if path.suffix == ".xml":
        multi = schedule.read_mpsplib(path)
        return Loaded(multi.problem, multi)
    if path.suffix == ".rcp":
        return Loaded(schedule.read_patterson(path), None)
    return Loaded(schedule.read_sm(path), None)


Cache = dict[tuple[Path, str], dict[str, float]]
"""Columns of the reference CSVs already read: (file, column) -> {instance: value}."""


def best_known(path: Path, cache: Cache) -> int | None:
    """The best known makespan (PSPLIB) or Microsoft Project's TMS (MPSPLIB), if listed."""
    if path.suffix == ".xml":
        value = _listed(_msproject_csv(path), "tms_reported", path.stem, cache)
    else:
        where = path.parent.parent / "best_known" / f"{path.parent.name}_best_known.csv"
        value = _listed(where, "psplib_best_makespan", path.stem, cache)
    return None if value is None else int(value)


def msproject_seconds(path: Path, cache: Cache) -> float | None:
    """The seconds Microsoft Project's leveling took on an MPSPLIB instance, if listed."""
    if path.suffix != ".xml":
        return None
    return _listed(_msproject_csv(path), "solve_seconds_reported", path.stem, cache)


def _msproject_csv(path: Path) -> Path | None:
    found = (f / MSPROJECT_CSV for f in path.parents[:3] if (f / MSPROJECT_CSV).is_file())
    return next(found, None)


def _listed(where: Path | None, column: str, instance: str, cache: Cache) -> float | None:
    if where is None or not where.is_file():
        return None
    if (where, column) not in cache:
        with where.open(newline="") as fh:
            cache[where, column] = {
                row["instance"]: float(row[column]) for row in csv.DictReader(fh) if row.get(column)
            }
    return cache[where, column].get(instance)


def time_limit(path: Path, args: argparse.Namespace, cache: Cache) -> float:
    """--time-limit, or with --msproject-share that share of Microsoft Project's seconds."""
    seconds = msproject_seconds(path, cache) if args.msproject_share is not None else None
    if seconds is None:
        return float(args.time_limit)
    return float(min(args.time_limit, max(0.0, args.msproject_share * seconds)))


def run_one(path: Path, args: argparse.Namespace, cache: Cache) -> dict[str, Any]:
    loaded = load(path)
    problem, multi = loaded.problem, loaded.multi
    objective = args.objective if multi is not None else "makespan"
    limit = time_limit(path, args, cache)
    solution = schedule.solve(
        problem,
        solver=args.solver,
        time_limit=limit,
        workers=args.workers,
        seed=args.seed,
        objective=objective,
        project_of=None if multi is None else multi.project_of.tolist(),
    )
    again = load(path)  # verify against a fresh read, not the solver's object
    valid = solution.starts is not None and not schedule.check(again.problem, solution.starts)
    if args.schedules is not None and solution.starts is not None:
        write_schedule(args.schedules / f"{path.stem}.csv", solution.starts, again.multi)
    starts = solution.starts
    return {
        "instance": path.stem,
        "jobs": problem.jobs,
        "makespan": solution.makespan,
        "total_makespan": (
            None if multi is None or starts is None else multi.total_makespan(starts)
        ),
        "average_project_delay": (
            None
            if multi is None or starts is None
            else round(multi.average_project_delay(starts), 3)
        ),
        "lower_bound": solution.bound if objective != "average_project_delay" else None,
        "critical_path_bound": schedule.critical_path_bound(again.problem),
        "best_known": best_known(path, cache),
        "multi_project": multi is not None,
        "status": solution.status,
        "valid": bool(valid),
        "seconds": round(solution.seconds, 4),
        "time_limit": limit,
        "msproject_seconds": msproject_seconds(path, cache),
    }


def write_schedule(target: Path, starts: np.ndarray, multi: schedule.MultiProject | None) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("w", newline="") as fh:
        out = csv.writer(fh)
        if multi is None:
            out.writerow(["job", "start"])
            out.writerows([job + 1, int(start)] for job, start in enumerate(starts))
            return
        out.writerow(["project", "job", "start"])
        for job, start in enumerate(starts):
            project, number = multi.local_jobs[job]
            if project >= 0:
                out.writerow([multi.projects[project], number, int(start)])


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    seconds = [r["seconds"] for r in rows]
    known = [r for r in rows if r["best_known"] and r["makespan"] is not None]
    psplib = [r for r in known if not r["multi_project"]]
    multi = [r for r in known if r["multi_project"]]
    deviations = [100 * (r["makespan"] - r["best_known"]) / r["best_known"] for r in psplib]
    planned = [r for r in rows if r["makespan"] is not None and r["critical_path_bound"]]
    above_cp = [
        100 * (r["makespan"] - r["critical_path_bound"]) / r["critical_path_bound"] for r in planned
    ]
    result: dict[str, Any] = {
        "instances": len(rows),
        "valid": sum(r["valid"] for r in rows),
        "optimal": sum(r["status"] == "optimal" for r in rows),
        "optima_matched": sum(r["makespan"] == r["best_known"] for r in psplib),
        "with_best_known": len(psplib),
        "mean_deviation_pct": _round(np.mean(deviations)) if deviations else None,
        "max_deviation_pct": _round(max(deviations)) if deviations else None,
        "mean_critical_path_deviation_pct": _round(np.mean(above_cp)) if above_cp else None,
        "seconds_median": _round(np.median(seconds), 4) if seconds else None,
        "seconds_p95": _round(np.percentile(seconds, 95), 4) if seconds else None,
    }
    if multi:
        result.update(versus_msproject(multi))
    return result


def versus_msproject(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Our total makespans against Microsoft Project's leveled ones (its TMS is best_known).

    Where Microsoft Project's TMS is at or under the lower bound we proved, nobody can do
    better on the instance as read: its plan is optimal (or it ran on other data, see the
    CSV's schedule_check and mpp_data_issues columns).
    """
    tms = [100 * (r["total_makespan"] - r["best_known"]) / r["best_known"] for r in rows]
    better = [r for r in rows if r["total_makespan"] < r["best_known"]]
    beatable = [r for r in rows if r["lower_bound"] is None or r["best_known"] > r["lower_bound"]]
    timed = [r for r in rows if r["msproject_seconds"]]
    return {
        "msproject_compared": len(rows),
        "better_than_msproject_share": _round(len(better) / len(rows), 3),
        "not_worse_than_msproject_share": _round(
            sum(r["total_makespan"] <= r["best_known"] for r in rows) / len(rows), 3
        ),
        "msproject_at_our_lower_bound": len(rows) - len(beatable),
        "better_where_beatable_share": _round(
            sum(r["total_makespan"] < r["best_known"] for r in beatable) / len(beatable), 3
        )
        if beatable
        else None,
        "mean_tms_vs_msproject_pct": _round(np.mean(tms)),
        "within_hundredth_of_msproject_time_share": _round(
            sum(r["seconds"] <= r["msproject_seconds"] / 100 + STOPPING for r in timed)
            / len(timed),
            3,
        )
        if timed
        else None,
    }


def _round(value: Any, digits: int = 2) -> float:
    return round(float(value), digits)


def _line(row: dict[str, Any]) -> str:
    gap = ""
    if row["best_known"] and row["makespan"] is not None:
        reached = row["total_makespan"] if row["multi_project"] else row["makespan"]
        gap = f"{100 * (reached - row['best_known']) / row['best_known']:+.1f}%"
    return (
        f"{row['instance']:<32} {row['jobs']:>5} {row['makespan'] or '-':>6} "
        f"{row['lower_bound'] if row['lower_bound'] is not None else '-':>6} "
        f"{row['best_known'] or '-':>6} {gap:>7} {row['status']:<10} "
        f"{'ok' if row['valid'] else 'INVALID':<7} {row['seconds']:>8.3f}"
    )


def _progress(done: int, total: int) -> None:
    width = 30
    filled = math.floor(width * done / total) if total else width
    bar = "#" * filled + "." * (width - filled)
    end = "\n" if done == total else ""
    print(f"\r[{bar}] {done}/{total}", end=end, file=sys.stderr, flush=True)  # noqa: T201


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    try:
        files = instance_files(args.paths)[:: max(args.every, 1)]
    except InvalidInput as err:
        print(f"tandem bench psplib: {err}", file=sys.stderr)  # noqa: T201
        return 2
    if args.solver != "heuristic":
        # OR-Tools takes about 0.4 s to import: pay it before the first instance is timed
        from ortools.sat.python import cp_model  # noqa: F401
    cache: Cache = {}
    rows: list[dict[str, Any]] = []
    for number, path in enumerate(files, start=1):
        try:
            rows.append(run_one(path, args, cache))
        except InvalidInput as err:
            print(f"tandem bench psplib: {err}", file=sys.stderr)  # noqa: T201
            return 2
        if not args.json:
            _progress(number, len(files))
    report = {"instances": [{k: r[k] for k in KEYS} for r in rows], "summary": summary(rows)}
    if args.json:
        print(json.dumps(report), flush=True)  # noqa: T201
    else:
        head = (
            f"{'instance':<32} {'jobs':>5} {'span':>6} {'bound':>6} {'best':>6} {'gap':>7} "
            f"{'status':<10} {'valid':<7} {'seconds':>8}"
        )
        print("\n".join([head, *(_line(r) for r in rows)]))  # noqa: T201
        print(json.dumps(report["summary"], indent=1), flush=True)  # noqa: T201
    return 0 if all(r["valid"] for r in rows) else 1
