"""Turning arrays and spans into JSON-ready values (private)."""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from tandem.engine.capacity._checks import FloatArray
from tandem.engine.capacity.horizon import Horizon
from tandem.engine.capacity.model import CATEGORIES
from tandem.engine.capacity.spans import Span

PERSON_WEEK_DECIMALS = 2
PERCENT_DECIMALS = 1


class Weekly(Protocol):
    """Results with per-team weekly arrays over a horizon (plan and forecast)."""

    @property
    def horizon(self) -> Horizon: ...

    @property
    def team_names(self) -> tuple[str, ...]: ...

    @property
    def supply(self) -> FloatArray: ...

    @property
    def load(self) -> FloatArray: ...

    @property
    def load_total(self) -> FloatArray: ...

    @property
    def committed(self) -> FloatArray: ...

    @property
    def proposed(self) -> FloatArray: ...

    @property
    def available(self) -> FloatArray: ...

    @property
    def utilization(self) -> FloatArray: ...


def amounts(values: FloatArray) -> list[Any]:
    """Person-weeks as (nested) lists rounded to 0.01 (about 24 minutes)."""
    result: list[Any] = np.round(values, PERSON_WEEK_DECIMALS).tolist()
    return result


def optional_amounts(values: FloatArray) -> list[Any]:
    """Like :func:`amounts`, with ``None`` where a value is NaN (not defined)."""
    defined = np.isfinite(values)
    rounded = np.round(np.where(defined, values, 0.0), PERSON_WEEK_DECIMALS).astype(object)
    rounded[~defined] = None
    result: list[Any] = rounded.tolist()
    return result


def amount(value: float) -> float:
    """One person-week figure, rounded like :func:`amounts`."""
    return round(float(value), PERSON_WEEK_DECIMALS)


def percents(ratios: FloatArray) -> list[Any]:
    """Ratios as percentages rounded to 0.1, ``None`` where infinite (work, no supply)."""
    finite = np.isfinite(ratios)
    values = np.round(np.where(finite, ratios, 0.0) * 100.0, PERCENT_DECIMALS).astype(object)
    values[~finite] = None
    result: list[Any] = values.tolist()
    return result


def percent(value: float) -> float | None:
    """One percentage, rounded like :func:`percents`, ``None`` if infinite."""
    return round(float(value), PERCENT_DECIMALS) if np.isfinite(value) else None


def horizon_dict(horizon: Horizon) -> dict[str, Any]:
    """The horizon's start, length, and per-week ISO labels and Monday dates."""
    return {
        "start": horizon.start.isoformat(),
        "weeks": horizon.weeks,
        "week_labels": list(horizon.week_labels()),
        "week_starts": [horizon.week_start(week).isoformat() for week in range(horizon.weeks)],
    }


def span_dict(
    span: Span, horizon: Horizon, team_names: tuple[str, ...], initiative_names: tuple[str, ...]
) -> dict[str, Any]:
    """One span for the API: team and initiative names, ISO weeks and their Mondays."""
    return {
        "team": team_names[span.team],
        "team_index": span.team,
        "first_week": horizon.week_label(span.first_week),
        "first_week_start": horizon.week_start(span.first_week).isoformat(),
        "last_week": horizon.week_label(span.last_week),
        "last_week_start": horizon.week_start(span.last_week).isoformat(),
        "weeks": span.weeks,
        "peak_pct": percent(span.peak_pct),
        "person_weeks_short": amount(span.person_weeks_short),
        "initiatives": [
            {"initiative": initiative_names[index], "index": index, "person_weeks": amount(effort)}
            for index, effort in span.initiatives
        ],
    }


def weekly_teams(result: Weekly) -> list[dict[str, Any]]:
    """Per-team weekly arrays of a result (or forecast) as JSON-ready dicts."""
    columns = {
        "supply": amounts(result.supply),
        "load_total": amounts(result.load_total),
        "committed": amounts(result.committed),
        "proposed": amounts(result.proposed),
        "available": amounts(result.available),
        "utilization_pct": percents(result.utilization),
    }
    load = amounts(result.load)
    teams = []
    for index, name in enumerate(result.team_names):
        row: dict[str, Any] = {"team": name, "index": index}
        row.update({key: values[index] for key, values in columns.items()})
        row["load"] = {category: load[c][index] for c, category in enumerate(CATEGORIES)}
        teams.append(row)
    return teams
