"""The roadmap as a Gantt chart drawn server-side in SVG, and its table rows.

Pure functions of `selectors.roadmap_plan()`'s answer: no queries. The chart has a title, a
subtitle with its units (weeks, months on the axis), a legend, a today line, target markers,
and per bar a `<title>` tooltip with the dates and why it slips; the table below says the
same for readers who cannot hover. When a delivery forecast exists, a whisker per initiative
spans its P50 to P85 finish (`forecasting.forecast_latest`), and the table adds the range.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from tandem.capacity.charts import day_text

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
WIDTH = 1100
LABEL_WIDTH = 290
RIGHT = 24
TOP = 92  # title, subtitle, legend and the month axis above the rows
ROW = 24
BAR = 14
MIN_WEEKS = 26
MAX_WEEKS = 260

ON_PLAN = "#1f3a5f"
SLIPPED = "#e08e0b"
LATE = "#c1121f"
TARGET = "#212529"
TODAY = "#0d6efd"
WHISKER = "#6f42c1"
WHISKER_LEGEND = ("whisker", WHISKER, "P50–P85 finish (delivery odds)")
LEGEND = (
    ("bar", ON_PLAN, "On plan"),
    ("bar", SLIPPED, "Later than it could be"),
    ("bar", LATE, "Misses its target"),
    ("target", TARGET, "Target date"),
    ("today", TODAY, "Today"),
)
NO_GOAL = "No strategic goal"


def status_of(row: dict[str, Any]) -> str:
    """'late', 'slipped', 'unplanned' or 'on plan'."""
    if row["start"] is None:
        return "unplanned"
    if row["late_weeks"]:
        return "late"
    return "slipped" if row["slip_weeks"] else "on plan"


def groups(plan: dict[str, Any], by: str) -> list[tuple[str, list[dict[str, Any]]]]:
    """The plan's initiatives by business unit (or by strategic goal: an initiative serving
    several goals is shown under the first), groups by name, "no goal" last."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in plan["initiatives"]:
        if by == "goal":
            name = row["goals"][0]["title"] if row["goals"] else NO_GOAL
        else:
            name = row["unit"]["name"]
        grouped.setdefault(name, []).append(row)
    return sorted(grouped.items(), key=lambda item: (item[0] == NO_GOAL, item[0].lower()))


def _weeks_shown(plan: dict[str, Any], odds: dict[int, dict[str, Any]] | None = None) -> int:
    """Enough weeks for every finish, every target and every P85 ahead, at least half a
    year."""
    ends = [MIN_WEEKS]
    for row in plan["initiatives"]:
        ends += [row["finish_week"] or 0, row["target_week"] or 0]
    ends += [row["p85_week"] or 0 for row in (odds or {}).values()]
    return min(max(ends) + 2, MAX_WEEKS)


def chance_text(share: float | None) -> str:
    """A probability for people: '42%', 'under 1%', 'over 99%'; '—' when there is none."""
    if share is None:
        return "—"
    if 0 < share < 0.01:
        return "under 1%"
    if 0.99 < share < 1:
        return "over 99%"
    return f"{share:.0%}"


def odds_by_id(forecast: dict[str, Any] | None) -> dict[int, dict[str, Any]]:
    """The forecast's rows by initiative id, with their dates and chance as text."""
    if forecast is None:
        return {}
    return {
        row["id"]: {
            **row,
            "p50_text": day_text(row["p50"]),
            "p85_text": day_text(row["p85"]),
            "p95_text": day_text(row["p95"]),
            "chance_text": chance_text(row["on_time_probability"]),
        }
        for row in forecast["initiatives"]
    }


def _month_ticks(start: dt.date, weeks: int, x: Callable[[dt.date], float]) -> list[dict]:
    """A tick at each month's first day; labelled every month, or every quarter past two
    years; the year on January and on the first label."""
    end = start + dt.timedelta(weeks=weeks)
    day = dt.date(start.year, start.month, 1)
    ticks, step = [], 1 if weeks <= 104 else 3
    first = True
    while day < end:
        if day >= start:
            labelled = (day.month - 1) % step == 0
            text = ""
            if labelled:
                text = f"{day:%b %Y}" if first or day.month == 1 else f"{day:%b}"
                first = False
            ticks.append({"x": round(x(day), 1), "label": text, "year": day.month == 1})
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return ticks


def gantt(
    plan: dict[str, Any],
    *,
    by: str = "unit",
    url: Callable[[int], str] | None = None,
    forecast: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Bars from start to finish per initiative, grouped `by` unit or goal, with a P50–P85
    whisker each when a `forecast` is given; everything the template draws, in SVG user
    units."""
    start: dt.date = plan["start"]
    odds = odds_by_id(forecast)
    weeks = _weeks_shown(plan, odds)
    scale = (WIDTH - LABEL_WIDTH - RIGHT) / weeks

    def x(day: dt.date) -> float:
        return LABEL_WIDTH + (day - start).days / 7 * scale

    rows: list[dict[str, Any]] = []
    y = TOP
    for name, members in groups(plan, by):
        rows.append({"kind": "group", "y": y + ROW - 7, "label": name})
        y += ROW
        for row in members:
            drawn = _bar_row(row, y, x, scale, url)
            if row["id"] in odds and row["start"] is not None:
                drawn["whisker"] = _whisker(row, odds[row["id"]], y, x)
            rows.append(drawn)
            y += ROW
    height = y + 12
    today = plan["as_of"]
    return {
        "width": WIDTH,
        "height": height,
        "font": FONT,
        "title": "When each initiative can be delivered",
        "subtitle": f"Weeks from {day_text(start)}, months on the axis; approved and "
        "in-progress initiatives placed on the IT teams' free capacity, highest ranked first.",
        "description": _description(plan, forecast),
        "legend": _legend(forecast is not None),
        "ticks": _month_ticks(start, weeks, x),
        "axis_y": TOP - 6,
        "plot_left": LABEL_WIDTH,
        "plot_right": WIDTH - RIGHT,
        "plot_bottom": height - 12,
        "today_x": round(x(today), 1),
        "today_label": f"Today, {day_text(today)}",
        "rows": rows,
    }


def _bar_row(
    row: dict[str, Any],
    y: int,
    x: Callable[[dt.date], float],
    scale: float,
    url: Callable[[int], str] | None,
) -> dict[str, Any]:
    status = status_of(row)
    drawn: dict[str, Any] = {
        "kind": "item",
        "y": y,
        "text_y": y + ROW - 8,
        "bar_y": y + (ROW - BAR) // 2,
        "bar_height": BAR,
        "label": row["title"] if len(row["title"]) <= 40 else row["title"][:39] + "…",
        "url": url(row["id"]) if url else "",
        "status": status,
        "tip": tooltip(row),
    }
    if row["start"] is not None:
        left = x(row["start"])
        weeks = max((row["finish_week"] or 0) - (row["start_week"] or 0), 0)
        fill = {"late": LATE, "slipped": SLIPPED}.get(status, ON_PLAN)
        drawn["bar"] = {"x": round(left, 1), "width": round(max(weeks * scale, 2), 1), "fill": fill}
    else:
        drawn["note_x"] = LABEL_WIDTH + 4
    if row["target"] is not None and row["target_week"] is not None and row["target_week"] > 0:
        middle = y + ROW / 2
        tx = round(x(row["target"]), 1)
        drawn["target"] = f"{tx},{middle - 6} {tx + 5},{middle} {tx},{middle + 6} {tx - 5},{middle}"
        drawn["target_tip"] = f"{row['title']}: target {day_text(row['target'])}"
    return drawn


def _whisker(
    row: dict[str, Any], odds: dict[str, Any], y: int, x: Callable[[dt.date], float]
) -> dict[str, Any] | None:
    """A line from the end of the P50 week to the end of the P85 week, at the bar's middle."""
    if odds["p50"] is None or odds["p85"] is None:
        return None
    left = x(odds["p50"] + dt.timedelta(days=3))  # the Friday's week ends on Monday
    right = x(odds["p85"] + dt.timedelta(days=3))
    middle = y + ROW / 2
    tip = f"{row['title']}: 50% sure by {odds['p50_text']}, 85% sure by {odds['p85_text']}"
    if odds["on_time_probability"] is not None:
        tip += f"; {odds['chance_text']} chance of meeting its target"
    return {
        "x1": round(left, 1),
        "x2": round(max(right, left + 1), 1),
        "y": round(middle, 1),
        "top": round(middle - 5, 1),
        "bottom": round(middle + 5, 1),
        "tip": tip + ".",
        "colour": WHISKER,
    }


def tooltip(row: dict[str, Any]) -> str:
    """What hovering a bar says: the dates, the target, and why it lands where it does."""
    if row["start"] is None:
        return f"{row['title']}: not planned. {row['explanation']}".strip()
    parts = [f"{row['title']}: {day_text(row['start'])} to {day_text(row['finish'])}."]
    if row["target"] is not None:
        parts.append(f"Target {day_text(row['target'])}.")
    if row["under_way"]:
        parts.append("Under way.")
    parts.append(row["explanation"] or "As early as it can be.")
    return " ".join(parts)


def _legend(with_odds: bool = False) -> list[dict[str, Any]]:
    items, x = [], 0
    for kind, colour, label in (*LEGEND, WHISKER_LEGEND) if with_odds else LEGEND:
        items.append({"kind": kind, "colour": colour, "label": label, "x": x})
        x += 30 + 7 * len(label)
    return items


def _description(plan: dict[str, Any], forecast: dict[str, Any] | None = None) -> str:
    figures = plan["objective"]
    text = (
        f"Gantt chart of {figures['initiatives']} initiatives: {figures['slipped']} finish "
        f"later than they could and {figures['late']} miss their target date."
    )
    if forecast is not None:
        text += f" Whiskers span each P50 to P85 finish from {forecast['runs']:,} runs."
    return text


def waits_text(holdup: dict[str, Any] | None, team_names: dict[int, str]) -> str:
    """A forecast row's holdup in a few words ("" for none, or a team no longer planned)."""
    if not holdup or holdup["team"] not in team_names:
        return ""
    return (
        f"Waits longer than planned for {team_names[holdup['team']]} "
        f"in {holdup['share']:.0%} of runs"
    )


def why_rows(
    plan: dict[str, Any],
    by: str,
    url: Callable[[int], str],
    forecast: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The table below the chart, in the chart's order: dates, slip and why; with a `forecast`
    each row's `odds` (P50, P85 and the chance of meeting its target, as text)."""
    odds = odds_by_id(forecast)
    team_names = plan.get("team_names", {})
    rows = []
    for name, members in groups(plan, by):
        for row in members:
            found = odds.get(row["id"])
            rows.append(
                {
                    **row,
                    "odds": found,
                    "waits_text": waits_text(found and found.get("holdup"), team_names),
                    "group": name,
                    "url": url(row["id"]),
                    "status": status_of(row),
                    "start_text": day_text(row["start"]),
                    "finish_text": day_text(row["finish"]),
                    "earliest_text": day_text(row["earliest_finish"]),
                    "target_text": day_text(row["target"]),
                }
            )
    return rows
