"""The --clock option that runs the suite in another week (tests/clock.py)."""

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from tests.clock import clock_start


def test_a_bare_date_stands_for_a_working_morning_in_utc():
    """--clock 2027-01-04 is 09:30 UTC on that day."""
    assert clock_start("2027-01-04") == dt.datetime(2027, 1, 4, 9, 30, tzinfo=dt.UTC)


def test_a_date_time_is_taken_as_given_utc_unless_it_says_otherwise():
    """A late-Sunday start in UTC, and one with its own offset, keep their moment."""
    assert clock_start("2026-12-13T23:57") == dt.datetime(2026, 12, 13, 23, 57, tzinfo=dt.UTC)
    paris = clock_start("2026-12-13T23:57+01:00")
    assert paris == dt.datetime(2026, 12, 13, 22, 57, tzinfo=dt.UTC)


@pytest.mark.parametrize("value", ["next monday", "2026-13-01", "2026-12-13T25:00"])
def test_a_value_that_is_no_date_names_the_option_and_the_expected_form(value):
    """A bad --clock stops the run with a usage error, not a traceback."""
    with pytest.raises(pytest.UsageError, match=r"--clock .*expected an ISO date"):
        clock_start(value)


def test_the_app_reads_the_moment_the_clock_names(pytestconfig, tmp_path):
    """Under --clock the application's clock started at that moment and ticks on from it;
    without it, the application reads the machine's clock (a new file's time stamp)."""
    value = pytestconfig.getoption("clock")
    if not value:
        stamp = tmp_path / "now"
        stamp.touch()
        assert abs(timezone.now().timestamp() - stamp.stat().st_mtime) < 60
        return
    assert dt.timedelta(0) <= timezone.now() - clock_start(value) < dt.timedelta(minutes=30)


def test_a_run_with_the_clock_option_sees_that_day():
    """pytest --clock 2027-01-04 runs the test above on the morning of 4 January 2027."""
    name = "test_the_app_reads_the_moment_the_clock_names"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "--clock", "2027-01-04", f"{__file__}::{name}"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed" in run.stdout
