"""`tandem forecast`: the table, the JSON (the API's shape), progress, errors and the help."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tandem.roadmap import forecasting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_forecasts():
    """Each test works its forecasts out afresh (the memos live for the process)."""
    forecasting._FORECASTS.clear()
    forecasting._JOB_RESULTS.clear()


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("forecast", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_forecast_command_prints_p50_p85_p95_and_the_chance_on_time(contest):
    """The table names the runs, seed and distribution and has a row per initiative; GDPR
    Retention's row names the team its work waits longer for (the portal runs over)."""
    text, _ = _run("--runs", "200", "--seed", "4")
    assert text.startswith("Delivery forecast from the week of ")
    assert "200 runs (seed 4), efforts drawn from PERT (beta, weight 4 on the likely value)" in text
    header = next(line for line in text.splitlines() if line.startswith("Initiative"))
    assert header.split()[1:7] == ["P50", "P85", "P95", "Target", "On", "time"]
    assert header.endswith("Waits longer than planned for")
    portal = next(line for line in text.splitlines() if line.startswith("Customer Portal"))
    assert portal.endswith("%")
    assert "Data Platform" not in portal
    gdpr = next(line for line in text.splitlines() if line.startswith("GDPR Retention"))
    assert re.search(r"%  Data Platform \(\d+%\)$", gdpr)
    assert "Waits longer than planned for: the team its work waits for longer" in text


def test_forecast_command_json_is_what_the_api_answers(contest, viewer, api_client):
    """--json prints the same object as GET /api/forecast for the same runs and seed (bar
    the moment it was worked out)."""
    printed, _ = _run("--runs", "300", "--seed", "2", "--json")
    answered = api_client(viewer).get("/api/forecast?runs=300&seed=2").json()
    data = json.loads(printed)
    data.pop("worked_out_at")
    answered.pop("worked_out_at")
    assert data == answered


def test_forecast_command_shows_progress_on_stderr_for_long_runs(contest):
    """More runs than one chunk draw a progress bar on stderr; stdout stays the JSON."""
    printed, progress = _run("--runs", "600", "--json")
    assert json.loads(printed)["runs"] == 600
    assert progress.splitlines()[-1].endswith("600 of 600 runs")
    assert "  250 of 600 runs" in progress
    _, quiet = _run("--runs", "100")
    assert quiet == ""


@pytest.mark.parametrize("runs", ["0", "5001"])
def test_forecast_command_refuses_runs_out_of_range(db, runs):
    """Runs outside 1..5,000 stop the command with the rule, naming runs."""
    with pytest.raises(CommandError, match=r"^Runs must be a whole number from 1 to 5,000\.$"):
        _run("--runs", runs)


def test_forecast_command_says_what_to_do_when_nothing_is_planned(db):
    """An empty roadmap says how to get initiatives onto it."""
    text, _ = _run("--runs", "10")
    assert "No approved initiatives with effort estimates yet" in text


def test_forecast_command_has_help(capsys):
    """--help describes the command and its options."""
    with pytest.raises(SystemExit):
        call_command("forecast", "--help")
    text = capsys.readouterr().out
    assert "Work out delivery dates as probabilities" in text
    for option in ("--runs", "--seed", "--json"):
        assert option in text
