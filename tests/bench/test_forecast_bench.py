"""`tandem bench forecast`: a seeded portfolio, the JSON report and its figures."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

from tandem.engine.schedule.roadmap import plan

BENCH = Path(__file__).resolve().parents[2] / "bench" / "forecast.py"


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_forecast", BENCH)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_portfolio_is_the_same_for_the_same_seed_and_has_slips():
    """A seed gives the same portfolio every time, and its plan has slipped initiatives."""
    bench = _bench()
    first, again = bench.portfolio(40, 7), bench.portfolio(40, 7)
    assert first.packages == again.packages
    assert first.items == again.items
    assert any(p.slip for p in plan(first).placements)


def test_json_report_has_one_row_per_size(capsys):
    """--json prints one line with the packages, timings, samples and slips of each size."""
    assert _bench().main(["--sizes", "12,30", "--runs", "20", "--repeat", "1", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["runs"]
    assert [row["initiatives"] for row in rows] == [12, 30]
    assert all(row["forecast_runs"] == 20 for row in rows)
    assert all(row["packages"] >= row["initiatives"] for row in rows)
    assert all(row["forecast_seconds"] >= 0 for row in rows)
