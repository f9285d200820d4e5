"""`pytest --clock WHEN`: run the whole suite as if the clock read WHEN, ticking from there.

The demo and the roadmap are planned from the current week, so a test can pass on one Monday
and fail on the next. `--clock 2027-01-04` runs the suite in another week;
`--clock 2026-12-13T23:57` crosses midnight into a Monday a few minutes into the run, as a CI
run started late on a Sunday does. Only this process's clock moves: subprocesses the tests
start (`tandem serve`, `tandem demo`) keep the real one.
"""

from __future__ import annotations

import datetime as dt

import pytest

MORNING = dt.time(9, 30)
"""The time of day a bare date stands for: a working morning."""


def clock_start(value: str) -> dt.datetime:
    """The moment `value` (an ISO date or date-time, UTC unless it says otherwise) names."""
    try:
        if "T" in value or " " in value:
            moment = dt.datetime.fromisoformat(value)
        else:
            moment = dt.datetime.combine(dt.date.fromisoformat(value), MORNING)
    except ValueError as err:
        raise pytest.UsageError(
            f"--clock {value!r}: expected an ISO date or date-time, such as 2027-01-04 "
            f"or 2026-12-13T23:57 ({err})"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def add_option(parser: pytest.Parser) -> None:
    parser.addoption(
        "--clock",
        metavar="WHEN",
        help=(
            "run as if the clock read WHEN (ISO date or date-time, UTC), ticking from there, "
            "to find tests that depend on the calendar; subprocesses keep the real clock"
        ),
    )


def start(config: pytest.Config) -> None:
    """Move this process's clock when --clock is given; it moves back when the run ends."""
    value = config.getoption("clock")
    if not value:
        return
    import time_machine

    travel = time_machine.travel(clock_start(value), tick=True)
    travel.start()
    config.add_cleanup(travel.stop)
