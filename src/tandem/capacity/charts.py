"""ECharts options and table rows for the capacity pages, built from the selectors' dicts.

Pure functions of `selectors.capacity_overview()`'s answer: no queries, no requests. Every
chart has a title, axis names with their units and a legend (the heatmap's legend is its
visualMap). Options may carry a `tandem` key that `static/tandem/charts.js` reads and removes
before handing the option to ECharts: tooltip headers per period, extra tooltip rows, the
chart's height, and URLs for clicks on axis labels. Data items may carry `tip` (the tooltip:
title, rows, note) and `url` (where a click leads).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

UNIT = "person-weeks"
NO_CAPACITY = 10_000.0  # heatmap value for work asked of a team with no one available
FREE_THRESHOLD = 0.05  # person-weeks below which a team has nothing left to take on
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"

COMMITTED_COLOUR = "#1f3a5f"
PROPOSED_COLOUR = "#f2c14e"
SUPPLY_COLOUR = "#212529"
OVER_COLOUR = "#c1121f"
CATEGORY_COLOURS = {
    "maintenance": "#8fb8de",
    "support": "#6fc2b0",
    "security_patching": "#b39ddb",
    "compliance": "#e0a96d",
    "other": "#b0b7bf",
}
TEAM_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf")
# >100% is red in two shades, with the percentage written in the cell; up to 100% is blue.
HEATMAP_PIECES = (
    {"lte": 50, "label": "Up to 50%", "color": "#e6eef7"},
    {"gt": 50, "lte": 80, "label": "50–80%", "color": "#b3cde6"},
    {"gt": 80, "lte": 100, "label": "80–100% (nearly full)", "color": "#5b8fc7"},
    {"gt": 100, "lte": 120, "label": "Over 100%: short of people", "color": "#e4572e"},
    {"gt": 120, "label": "Over 120%: badly short", "color": "#9d0208"},
)
GRAIN_AXIS = {"week": "Week starting", "month": "Month", "quarter": "Quarter"}


#
# Dates, percentages and person-weeks as people read them
#


def day_text(value: str | date | None) -> str:
    """'2027-02-03' -> '3 Feb 2027'; empty -> '—'."""
    if not value:
        return "—"
    day = date.fromisoformat(value) if isinstance(value, str) else value
    return f"{day.day} {day:%b %Y}"


def week_span_text(first_start: str, last_start: str) -> str:
    """Monday of the first and of the last week -> '23 Nov 2026 – 15 Jan 2027' (to Friday)."""
    if first_start == last_start:
        return f"the week of {day_text(first_start)}"
    last_friday = date.fromisoformat(last_start) + timedelta(days=4)
    return f"{day_text(first_start)} – {day_text(last_friday)}"


def pct_text(value: float | None) -> str:
    """146.3 -> '146%'; just over 100 keeps a decimal ('100.4%'), so red never reads '100%'."""
    if value is None:
        return "no capacity"
    if 99.5 <= value < 100.5 and value != 100:
        return f"{value:.1f}%"
    return f"{value:.0f}%"


def pw_text(value: float | None) -> str:
    """Person-weeks with one decimal: 6.43 -> '6.4'; a sliver above 0 -> '< 0.1'; empty -> '—'."""
    if value is None:
        return "—"
    return "< 0.1" if 0 < value < 0.05 else f"{value:,.1f}"


def period_text(period: dict[str, str], grain: str, *, short: bool = False) -> str:
    """A period for people: 'week of 3 Feb 2027' (short '3 Feb'), 'Feb 2027', 'Q1 2027'."""
    if grain == "week":
        day = date.fromisoformat(period["start"])
        return f"{day.day} {day:%b}" if short else f"week of {day_text(day)}"
    if grain == "month":
        return date.fromisoformat(period["label"] + "-01").strftime("%b %Y")
    year, quarter = period["label"].split()
    return f"{quarter} {year}"


FULL_BUCKET_WEEKS = {"month": 4, "quarter": 13}


def _partial_note(periods: Sequence[dict[str, str]], grain: str, end: str | None) -> list[str]:
    """' (1 week)' for a month or quarter the horizon cuts short, so a small bar is explained."""
    if grain not in FULL_BUCKET_WEEKS:
        return [""] * len(periods)
    starts = [date.fromisoformat(p["start"]) for p in periods]
    if end:
        starts.append(date.fromisoformat(end) + timedelta(days=1))
    notes = []
    for i in range(len(periods)):
        weeks = (starts[i + 1] - starts[i]).days // 7 if i + 1 < len(starts) else None
        short = weeks is not None and weeks < FULL_BUCKET_WEEKS[grain]
        notes.append(f" ({weeks} week{'s' if weeks != 1 else ''})" if short else "")
    return notes


def _axis_labels(
    periods: Sequence[dict[str, str]], grain: str, end: str | None = None
) -> list[str]:
    """Short labels; a week shows its year on the first label and when the year changes."""
    if grain != "week":
        notes = _partial_note(periods, grain, end)
        return [period_text(p, grain) + note for p, note in zip(periods, notes, strict=True)]
    labels, year = [], ""
    for period in periods:
        label = period_text(period, grain, short=True)
        if period["start"][:4] != year:
            year = period["start"][:4]
            label = f"{label} {year}"
        labels.append(label)
    return labels


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def _titles(periods: Sequence[dict[str, str]], grain: str, end: str | None = None) -> list[str]:
    notes = _partial_note(periods, grain, end)
    return [_sentence(period_text(p, grain)) + n for p, n in zip(periods, notes, strict=True)]


#
# Charts
#


def base_option(title: str, subtitle: str, description: str) -> dict[str, Any]:
    """What every Tandem chart starts from: title and subtitle, font, an accessible
    description, no animation."""
    return {
        "title": {
            "text": title,
            "subtext": subtitle,
            "left": 0,
            "textStyle": {"fontSize": 15, "fontFamily": FONT},
            "subtextStyle": {"fontSize": 12, "color": "#555", "fontFamily": FONT},
        },
        "textStyle": {"fontFamily": FONT},
        "aria": {"enabled": True, "label": {"description": description}},
        "animation": False,
    }


def utilization_heatmap(
    overview: dict[str, Any], *, team_url: Callable[[int], str] | None = None
) -> dict[str, Any]:
    """Team x period utilization; over 100% is red with its percentage in the cell."""
    grain, periods, teams = overview["grain"], overview["periods"], overview["teams"]
    notes = _partial_note(periods, grain, overview.get("end"))
    names = [period_text(p, grain) + note for p, note in zip(periods, notes, strict=True)]
    urls = [team_url(team["id"]) if team_url else None for team in teams]
    data = [_heat_cell(team, x, y) for y, team in enumerate(teams) for x in range(len(periods))]
    over = sum(1 for item in data if _cell_value(item)[2] > 100)
    option = base_option(
        "How much of each team is spoken for",
        "Run work plus committed work, as a % of each team's people-time. "
        "Red: more work than people. Click a team for its breakdown.",
        f"Utilization of {len(teams)} IT teams over {len(periods)} periods; "
        f"{over} team-periods are over 100%.",
    )
    option.update(
        {
            "grid": {
                "left": 8,
                "right": 16,
                "top": 118,
                "bottom": 48,
                "outerBoundsMode": "same",
                "outerBoundsContain": "all",
            },
            "tooltip": {"trigger": "item"},
            "xAxis": {
                "type": "category",
                "name": GRAIN_AXIS[grain],
                "nameLocation": "middle",
                "nameGap": 30,
                "data": _axis_labels(periods, grain, overview.get("end")),
                "splitArea": {"show": True},
            },
            "yAxis": {
                "type": "category",
                "name": "IT team",
                "nameLocation": "start",
                "nameTextStyle": {"fontWeight": "bold", "align": "right"},
                "inverse": True,
                "data": [team["name"] for team in teams],
                "triggerEvent": team_url is not None,
                "axisLabel": {"fontWeight": "bold"},
            },
            "visualMap": {
                "type": "piecewise",
                "dimension": 2,
                "orient": "horizontal",
                "left": 0,
                "top": 64,
                "pieces": [dict(piece) for piece in HEATMAP_PIECES],
                "text": ["", "Utilization (% of supply):"],
                "showLabel": True,
                "hoverLink": False,
            },
            "series": [
                {
                    "name": "Utilization (% of supply)",
                    "type": "heatmap",
                    "data": data,
                    "label": {"show": False},
                    "itemStyle": {"borderColor": "#fff", "borderWidth": 1},
                    "emphasis": {"itemStyle": {"borderColor": "#000", "borderWidth": 2}},
                    "cursor": "pointer" if team_url else "default",
                }
            ],
            "tandem": {
                "height": 140 + 30 * max(len(teams), 1),
                "axisUrls": {t["name"]: url for t, url in zip(teams, urls, strict=True) if url},
                "heat": _heat_tips(teams, names, urls),
            },
        }
    )
    return option


HEAT_TIP_ROWS = (
    ("Supply (people-time)", "supply"),
    ("Non-discretionary work", "load_total"),
    ("Committed (approved) work", "committed"),
    ("Still available", "available"),
    ("Proposed, not yet approved", "proposed"),
)


def _heat_cell(team: dict[str, Any], x: int, y: int) -> list[float] | dict[str, Any]:
    """A cell as [period, team, %]; one over 100% also carries its percentage as a label."""
    pct = team["utilization_pct"][x]
    value = NO_CAPACITY if pct is None else pct
    if value <= 100:
        return [x, y, value]
    return {
        "value": [x, y, value],
        "label": {
            "show": True,
            "formatter": "none" if pct is None else pct_text(pct),
            "color": "#fff",
            "fontWeight": "bold",
            "fontSize": 10,
        },
    }


def _cell_value(item: list[float] | dict[str, Any]) -> list[float]:
    return item["value"] if isinstance(item, dict) else item


def _heat_tips(
    teams: list[dict[str, Any]], period_names: list[str], urls: list[str | None]
) -> dict[str, Any]:
    """What charts.js needs to build each cell's tooltip and link: the figures once per team
    and period as numbers, not a formatted tooltip per cell (a 70-team plan was 850 KB)."""
    return {
        "teams": [team["name"] for team in teams],
        "periods": period_names,
        "urls": urls,
        "unit": UNIT,
        "noCapacity": NO_CAPACITY,
        "note": "Click for this team's breakdown." if any(urls) else "",
        "rows": [label for label, _key in HEAT_TIP_ROWS],
        "values": [
            [
                [_rounded(team[key][x]) for _label, key in HEAT_TIP_ROWS]
                for x in range(len(period_names))
            ]
            for team in teams
        ],
    }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def breakdown_chart(
    overview: dict[str, Any], row: dict[str, Any], *, subject: str
) -> dict[str, Any]:
    """Stacked bars per period (non-discretionary by category, committed, proposed) against
    the team's (or the department's) supply line."""
    grain, periods = overview["grain"], overview["periods"]
    series: list[dict[str, Any]] = [
        _bar(category["label"], row["load"][category["key"]], CATEGORY_COLOURS[category["key"]])
        for category in overview["categories"]
    ]
    series.append(_bar("Committed (approved)", row["committed"], COMMITTED_COLOUR))
    proposed = _bar("Proposed (not counted)", row["proposed"], PROPOSED_COLOUR)
    proposed["itemStyle"].update({"borderColor": "#b8860b", "borderType": "dashed"})
    series.append(proposed)
    series.append(
        {
            "name": "Supply (100%)",
            "type": "line",
            "step": "middle",
            "data": row["supply"],
            "symbol": "none",
            "color": SUPPLY_COLOUR,
            "lineStyle": {"width": 2.5, "color": SUPPLY_COLOUR},
            "z": 5,
        }
    )
    option = base_option(
        f"{subject}: what the time goes to",
        f"In {UNIT} per {grain}. Bars above the black supply line: more work than people.",
        f"{subject}: supply, non-discretionary work by category, committed and proposed work "
        f"per {grain} in {UNIT}.",
    )
    option.update(
        {
            "legend": {"top": 48, "left": 0},
            "grid": {
                "left": 8,
                "right": 16,
                "top": 100,
                "bottom": 40,
                "outerBoundsMode": "same",
                "outerBoundsContain": "all",
            },
            "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
            "xAxis": {
                "type": "category",
                "name": GRAIN_AXIS[grain],
                "nameLocation": "middle",
                "nameGap": 28,
                "data": _axis_labels(periods, grain, overview.get("end")),
            },
            "yAxis": _value_axis(f"Person-weeks per {grain}"),
            "series": series,
            "tandem": {
                "height": 400,
                "unit": UNIT,
                "periodTitles": _titles(periods, grain, overview.get("end")),
                "extraRows": [
                    [
                        ["Utilization", pct_text(row["utilization_pct"][i])],
                        ["Still available", f"{pw_text(row['available'][i])} {UNIT}"],
                    ]
                    for i in range(len(periods))
                ],
            },
        }
    )
    return option


def _value_axis(name: str, *, percent: bool = False) -> dict[str, Any]:
    """A value axis with its name (and unit) along its side, so it never meets the legend."""
    axis: dict[str, Any] = {
        "type": "value",
        "name": name,
        "nameLocation": "middle",
        "nameGap": 46 if percent else 36,
        "nameTextStyle": {"fontWeight": "bold"},
    }
    if percent:
        axis["axisLabel"] = {"formatter": "{value}%"}
    return axis


def _bar(name: str, values: list[float], colour: str) -> dict[str, Any]:
    return {
        "name": name,
        "type": "bar",
        "stack": "work",
        "data": values,
        "color": colour,
        "itemStyle": {"color": colour},
        "barMaxWidth": 42,
    }


def forecast_chart(overview: dict[str, Any], *, team_ids: Sequence[int] = ()) -> dict[str, Any]:
    """Monthly forecast utilization for the bottleneck teams (or `team_ids`), with 100% marked."""
    forecast = overview["forecast"]
    wanted = list(team_ids) or [b["team_id"] for b in forecast["bottlenecks"]]
    teams = [t for t in forecast["teams"] if t["id"] in wanted] or forecast["teams"]
    periods = forecast["periods"]
    series: list[dict[str, Any]] = []
    for i, team in enumerate(teams):
        colour = TEAM_COLOURS[i % len(TEAM_COLOURS)]
        series.append(
            {
                "name": team["name"],
                "type": "line",
                "data": team["utilization_pct"],
                "color": colour,
                "lineStyle": {"width": 2.5},
                "symbolSize": 6,
                "connectNulls": False,
            }
        )
    if series:
        series[0]["markLine"] = {
            "silent": True,
            "symbol": "none",
            "lineStyle": {"color": OVER_COLOUR, "type": "dashed", "width": 2},
            "label": {"formatter": "100% = fully booked", "position": "insideEndTop"},
            "data": [{"yAxis": 100}],
        }
        series[0]["markArea"] = {
            "silent": True,
            "itemStyle": {"color": "rgba(193, 18, 31, 0.07)"},
            "data": [[{"yAxis": 100}, {"yAxis": "max"}]],
        }
    option = base_option(
        "Forecast: utilization by month",
        f"The next {forecast['months']} months. Above the red line a team has more work "
        "than people.",
        f"Monthly forecast utilization of {len(teams)} teams against 100%.",
    )
    option.update(
        {
            "legend": {"top": 48, "left": 0},
            "grid": {
                "left": 8,
                "right": 24,
                "top": 96,
                "bottom": 40,
                "outerBoundsMode": "same",
                "outerBoundsContain": "all",
            },
            "tooltip": {"trigger": "axis"},
            "xAxis": {
                "type": "category",
                "name": "Month",
                "nameLocation": "middle",
                "nameGap": 28,
                "data": [period_text(p, "month") for p in periods],
            },
            "yAxis": _value_axis("Utilization (% of supply)", percent=True),
            "series": series,
            "tandem": {
                "height": 380,
                "unit": "%",
                "periodTitles": [period_text(p, "month") for p in periods],
            },
        }
    )
    return option


def load_history_chart(
    overview: dict[str, Any], *, team_ids: Sequence[int] = (), subject: str = "All IT teams"
) -> dict[str, Any]:
    """Non-discretionary hours booked each week (in person-weeks) against the estimator's fit,
    summed over `team_ids` (default: every team in the overview)."""
    history = overview["forecast"]["history"]
    teams = [t for t in history["teams"] if not team_ids or t["id"] in team_ids]
    weeks = len(history["week_starts"])
    actual = [round(sum(t["actual"][k] for t in teams), 2) for k in range(weeks)]
    fitted: list[float | None] = []
    for k in range(weeks):
        values = [t["fitted"][k] for t in teams if t["fitted"][k] is not None]
        fitted.append(round(sum(values), 2) if values else None)
    estimator = overview["forecast"]["estimator"]
    periods = [{"label": "", "start": start} for start in history["week_starts"]]
    option = base_option(
        f"{subject}: non-discretionary work booked each week",
        f"Run work booked per week, in {UNIT}; dashed: the level the forecast carries forward.",
        f"{subject}: booked non-discretionary work per week over the last {weeks} weeks, "
        "and the forecast's fit.",
    )
    option.update(
        {
            "legend": {"top": 48, "left": 0},
            "grid": {
                "left": 8,
                "right": 24,
                "top": 96,
                "bottom": 40,
                "outerBoundsMode": "same",
                "outerBoundsContain": "all",
            },
            "tooltip": {"trigger": "axis"},
            "xAxis": {
                "type": "category",
                "name": "Week starting",
                "nameLocation": "middle",
                "nameGap": 28,
                "data": _axis_labels(periods, "week"),
            },
            "yAxis": _value_axis("Person-weeks per week"),
            "series": [
                {
                    "name": "Booked (actual hours)",
                    "type": "bar",
                    "data": actual,
                    "color": "#8fb8de",
                    "itemStyle": {"color": "#8fb8de"},
                },
                {
                    "name": f"Forecast level ({estimator_label(estimator['name'])})",
                    "type": "line",
                    "data": fitted,
                    "color": OVER_COLOUR,
                    "symbol": "none",
                    "lineStyle": {"type": "dashed", "width": 2.5, "color": OVER_COLOUR},
                    "connectNulls": False,
                },
            ],
            "tandem": {"height": 340, "unit": UNIT, "periodTitles": _titles(periods, "week")},
        }
    )
    return option


def estimator_label(name: str) -> str:
    """The forecast estimator's name for people: 'mean_12w' -> 'average of the last 12 weeks'."""
    return {
        "mean_12w": "average of the last 12 weeks",
        "linear_trend": "linear trend over the last 26 weeks",
    }.get(name, name.replace("_", " "))


#
# Figures and tables for the templates
#


def headline(overview: dict[str, Any]) -> dict[str, Any]:
    """The period's totals over the teams shown: supply, what run work and committed work take,
    what is still free (free weeks only) and what is short (over-100% weeks only)."""
    teams = overview["teams"]
    supply = sum(sum(t["supply"]) for t in teams)
    load = sum(sum(t["load_total"]) for t in teams)
    committed = sum(sum(t["committed"]) for t in teams)
    free = sum(sum(t["person_weeks"]) for t in overview["take_on"]["teams"])
    return {
        "supply": supply,
        "load_pct": 100 * load / supply if supply else None,
        "committed_pct": 100 * committed / supply if supply else None,
        "proposed": sum(sum(t["proposed"]) for t in teams),
        "free": free,
        "short": sum(span["person_weeks_short"] for span in overview["spans"]),
        "teams_short": len({span["team_id"] for span in overview["spans"]}),
        "teams": len(teams),
        "range": f"{day_text(overview.get('start'))} – {day_text(overview.get('end'))}",
    }


def take_on_table(overview: dict[str, Any]) -> dict[str, Any]:
    """Per team and quarter, the person-weeks still free; each quarter with the dates it covers."""
    periods = overview["take_on"]["periods"]
    end = overview.get("end")
    headers = []
    for i, period in enumerate(periods):
        if i + 1 < len(periods):
            last = date.fromisoformat(periods[i + 1]["start"]) - timedelta(days=1)
        else:
            last = date.fromisoformat(end) if end else None
        first = date.fromisoformat(period["start"])
        covers = f"{first.day} {first:%b} – {last.day} {last:%b %Y}" if last else ""
        headers.append({"name": period_text(period, "quarter"), "covers": covers})
    rows = [
        {
            "id": team["id"],
            "name": team["name"],
            "cells": [{"value": v, "none": v < FREE_THRESHOLD} for v in team["person_weeks"]],
            "total": sum(team["person_weeks"]),
        }
        for team in overview["take_on"]["teams"]
    ]
    return {"headers": headers, "rows": rows}


def period_table(overview: dict[str, Any], row: dict[str, Any]) -> list[dict[str, Any]]:
    """One line per period of `row` (a team or the department): every figure of the plan."""
    keys = [c["key"] for c in overview["categories"]]
    titles = _titles(overview["periods"], overview["grain"], overview.get("end"))
    return [
        {
            "period": titles[i],
            "supply": row["supply"][i],
            "load": [row["load"][key][i] for key in keys],
            "load_total": row["load_total"][i],
            "committed": row["committed"][i],
            "proposed": row["proposed"][i],
            "available": row["available"][i],
            "utilization_pct": row["utilization_pct"][i],
            "over": row["utilization_pct"][i] is None or row["utilization_pct"][i] > 100,
        }
        for i in range(len(overview["periods"]))
    ]
