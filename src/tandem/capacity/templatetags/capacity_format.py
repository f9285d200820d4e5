"""Capacity figures as people read them: dates, week spans, percentages, person-weeks."""

from __future__ import annotations

from typing import Any

from django import template

from tandem.capacity import charts

register = template.Library()


@register.filter
def day(value: Any) -> str:
    """'2027-02-03' (or a date) -> '3 Feb 2027'."""
    return charts.day_text(value)


@register.filter
def weeks_between(item: dict[str, Any]) -> str:
    """A span's weeks as dates: '23 Nov 2026 – 15 Jan 2027' (Monday of the first week to
    Friday of the last)."""
    return charts.week_span_text(item["first_week_start"], item["last_week_start"])


@register.filter
def pct(value: float | None) -> str:
    """146.3 -> '146%'; None (work asked of a team with no one available) -> 'no capacity'."""
    return charts.pct_text(value)


@register.filter
def pw(value: float | None) -> str:
    """Person-weeks with one decimal: 6.43 -> '6.4'."""
    return charts.pw_text(value)


@register.filter
def is_over(value: float | None) -> bool:
    """True when a utilization is over 100% (or there is no one to do the work)."""
    return value is None or value > 100
