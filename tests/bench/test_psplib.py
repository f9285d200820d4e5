"""`tandem bench psplib`: the JSON report, the written schedules and a bad path."""

from __future__ import annotations

import csv
import importlib.util
import json
from types import ModuleType

import pytest

from tandem.engine import schedule
from tests.datasets import REPO, dataset

INSTANCE_KEYS = {
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
}


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_psplib", REPO / "bench" / "psplib.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_psplib_reports_json_and_writes_schedules_that_check(bench, capsys, tmp_path):
    """Two j30 files: one JSON object with the documented keys, CSVs that pass `check`."""
    folder = dataset("psplib_rcpsp/j30")
    files = [folder / "j301_1.sm", folder / "j3010_2.sm"]
    argv = [*map(str, files), "--json", "--time-limit", "2", "--schedules", str(tmp_path)]
    assert bench.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    assert [row["instance"] for row in report["instances"]] == ["j301_1", "j3010_2"]
    assert all(set(row) == INSTANCE_KEYS for row in report["instances"])
    assert all(row["valid"] and row["total_makespan"] is None for row in report["instances"])
    summary = report["summary"]
    assert (summary["instances"], summary["valid"], summary["with_best_known"]) == (2, 2, 2)
    assert summary["mean_deviation_pct"] >= 0
    for path, row in zip(files, report["instances"], strict=True):
        with (tmp_path / f"{path.stem}.csv").open(newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert [int(r["job"]) for r in rows] == list(range(1, len(rows) + 1))
        starts = [int(r["start"]) for r in rows]
        problem = schedule.read_sm(path)
        assert schedule.check(problem, starts) == []
        assert schedule.makespan(problem, starts) == row["makespan"]


def test_bench_psplib_writes_multi_project_schedules_by_project(bench, capsys, tmp_path):
    """An MPSPLIB sample: TMS, APD and Microsoft Project's TMS in the report; project rows."""
    xml = dataset("mpsplib_multiproject/original_mpsplib_samples") / "mp_j30_a2_nr2.xml"
    argv = [str(xml), "--solver", "heuristic", "--json", "--schedules", str(tmp_path)]
    assert bench.main(argv) == 0
    row = json.loads(capsys.readouterr().out)["instances"][0]
    assert row["total_makespan"] == row["makespan"]
    assert row["average_project_delay"] is not None
    assert row["best_known"] == 68  # Microsoft Project's TMS for this instance
    with (tmp_path / "mp_j30_a2_nr2.csv").open(newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["project"] for r in rows} == {"j309_9", "j3033_3"}
    assert len(rows) == 64


def test_bench_psplib_gives_mpsplib_a_hundredth_of_microsoft_projects_time(bench, capsys):
    """--msproject-share 0.01: the instance's limit is 1% of the 2.93 s Microsoft Project took."""
    xml = dataset("mpsplib_multiproject/original_mpsplib_samples") / "mp_j30_a2_nr2.xml"
    argv = [str(xml), "--msproject-share", "0.01", "--objective", "total_makespan", "--json"]
    assert bench.main(argv) == 0
    report = json.loads(capsys.readouterr().out)
    row = report["instances"][0]
    assert row["time_limit"] == pytest.approx(0.0293)
    assert row["valid"]
    summary = report["summary"]
    assert summary["msproject_compared"] == 1
    better = row["total_makespan"] < 68
    assert summary["better_than_msproject_share"] == float(better)
    assert summary["not_worse_than_msproject_share"] == float(row["total_makespan"] <= 68)


def test_versus_msproject_counts_ties_and_plans_no_one_can_beat(bench):
    """Strictly better, not worse, and Microsoft Project's TMS at our proven lower bound."""
    rows = [
        {"total_makespan": 90, "best_known": 100, "lower_bound": 80, "seconds": 0.5},
        {"total_makespan": 72, "best_known": 72, "lower_bound": 72, "seconds": 0.1},
        {"total_makespan": 61, "best_known": 60, "lower_bound": 55, "seconds": 2.0},
        {"total_makespan": 50, "best_known": 50, "lower_bound": 45, "seconds": 0.1},
    ]
    for row, ms_seconds in zip(rows, [100.0, 5.0, 100.0, None], strict=True):
        row["msproject_seconds"] = ms_seconds
    result = bench.versus_msproject(rows)
    assert result["msproject_compared"] == 4
    assert result["better_than_msproject_share"] == 0.25
    assert result["not_worse_than_msproject_share"] == 0.75
    assert result["msproject_at_our_lower_bound"] == 1
    assert result["better_where_beatable_share"] == pytest.approx(0.333)
    assert result["within_hundredth_of_msproject_time_share"] == pytest.approx(0.333)


def test_bench_psplib_names_a_bad_path(bench, capsys, tmp_path):
    """A missing path or a non-instance file stops with exit 2 and says which and why."""
    assert bench.main([str(tmp_path / "nope")]) == 2
    assert "nope: no such file or folder" in capsys.readouterr().err
    other = tmp_path / "notes.txt"
    other.write_text("x")
    assert bench.main([str(other)]) == 2
    assert "not an instance file" in capsys.readouterr().err
    assert bench.main([str(tmp_path)]) == 2
    assert "holds no .sm, .rcp or .xml instance" in capsys.readouterr().err
