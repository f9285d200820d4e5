"""Capacity weeks: week numbers, ISO labels, month and quarter buckets, working-day counts."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.engine import Horizon, InvalidInput, holiday_days_by_week, leave_days_by_week

# Monday 2027-03-22; Thursdays: Mar 25 | Apr 1, 8, 15, 22, 29 | May 6, 13, 20, 27 | Jun 3.
SPRING = Horizon(dt.date(2027, 3, 22), 11)


def test_week_of_and_week_start_are_inverse_and_allow_weeks_outside():
    """A date maps to its week number, also before the horizon; a week to its Monday."""
    assert SPRING.week_of(dt.date(2027, 3, 28)) == 0
    assert SPRING.week_of(dt.date(2027, 3, 29)) == 1
    assert SPRING.week_of(dt.date(2027, 3, 21)) == -1
    assert SPRING.week_start(2) == dt.date(2027, 4, 5)
    assert SPRING.week_start(-1) == dt.date(2027, 3, 15)


def test_week_labels_are_iso_weeks():
    """Labels follow ISO 8601, including the week that straddles a new year."""
    assert SPRING.week_label(0) == "2027-W12"
    assert Horizon(dt.date(2026, 12, 28), 2).week_labels() == ("2026-W53", "2027-W01")


def test_a_week_belongs_to_the_month_of_its_thursday():
    """The week of Monday 29 March belongs to April, its Thursday being 1 April."""
    assert SPRING.month_index().tolist() == [0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3]
    assert SPRING.bucket_labels("month") == ("2027-03", "2027-04", "2027-05", "2027-06")
    assert SPRING.bucket_first_weeks("month").tolist() == [0, 1, 6, 10]


def test_quarters_follow_the_thursday_too():
    """One March week in Q1, the rest in Q2."""
    assert SPRING.quarter_index().tolist() == [0] + [1] * 10
    assert SPRING.bucket_labels("quarter") == ("2027 Q1", "2027 Q2")
    assert Horizon(dt.date(2026, 12, 28), 2).bucket_labels("quarter") == ("2026 Q4", "2027 Q1")


def test_week_grain_has_one_bucket_per_week():
    """At week grain every week is its own bucket, labelled with its ISO week."""
    assert SPRING.bucket_index("week").tolist() == list(range(11))
    assert SPRING.bucket_labels("week")[:2] == ("2027-W12", "2027-W13")


def test_an_unknown_grain_is_refused():
    """Grains are week, month or quarter."""
    with pytest.raises(InvalidInput) as err:
        SPRING.bucket_index("year")  # type: ignore[arg-type]
    assert err.value.path == "grain"


def test_leave_days_count_weekdays_that_are_not_holidays():
    """Wednesday to the next Tuesday with Friday a holiday: 2 days, then 2 days."""
    weeks, days = leave_days_by_week(
        SPRING, dt.date(2027, 3, 24), dt.date(2027, 3, 30), holidays=[dt.date(2027, 3, 26)]
    )
    assert weeks.tolist() == [0, 1]
    assert days.tolist() == [2.0, 2.0]


def test_leave_days_outside_the_horizon_keep_their_week_numbers():
    """A week before the horizon gets a negative number; a weekend-only absence gives nothing."""
    weeks, days = leave_days_by_week(SPRING, dt.date(2027, 3, 19), dt.date(2027, 3, 21))
    assert (weeks.tolist(), days.tolist()) == ([-1], [1.0])
    weeks, days = leave_days_by_week(SPRING, dt.date(2027, 3, 27), dt.date(2027, 3, 28))
    assert (weeks.tolist(), days.tolist()) == ([], [])


def test_leave_days_refuse_a_range_ending_before_it_starts():
    """The last day may not come before the first."""
    with pytest.raises(InvalidInput) as err:
        leave_days_by_week(SPRING, dt.date(2027, 3, 24), dt.date(2027, 3, 23))
    assert err.value.path == "last_date"


def test_holiday_days_count_weekday_holidays_per_week_once():
    """Weekend holidays, duplicates and dates outside the horizon do not count."""
    days = holiday_days_by_week(
        SPRING,
        [
            dt.date(2027, 3, 26),  # Friday, week 0
            dt.date(2027, 3, 26),  # the same again
            dt.date(2027, 3, 27),  # Saturday
            dt.date(2027, 3, 29),  # Monday, week 1
            dt.date(2027, 4, 2),  # Friday, week 1
            dt.date(2028, 1, 3),  # after the horizon
        ],
    )
    assert days.tolist() == [1.0, 2.0] + [0.0] * 9
