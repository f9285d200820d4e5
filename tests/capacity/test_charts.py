"""ECharts options and table rows built from a hand-made capacity overview (no database)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tandem.capacity import charts

CATEGORIES = ["maintenance", "support", "security_patching", "compliance", "other"]


def _team(team_id: int, name: str, supply: list, load: list, committed: list, proposed: list):
    """A team row as capacity_overview returns it; load is spread over maintenance only."""
    utilization = [
        None if s == 0 and (lo + c) > 0 else (0.0 if s == 0 else round(100 * (lo + c) / s, 1))
        for s, lo, c in zip(supply, load, committed, strict=True)
    ]
    return {
        "id": team_id,
        "name": name,
        "supply": supply,
        "load": {key: (load if key == "maintenance" else [0.0] * len(load)) for key in CATEGORIES},
        "load_total": load,
        "committed": committed,
        "proposed": proposed,
        "available": [
            round(s - lo - c, 2) for s, lo, c in zip(supply, load, committed, strict=True)
        ],
        "utilization_pct": utilization,
    }


@pytest.fixture
def overview() -> dict[str, Any]:
    """Two teams over three weeks from 1 Feb 2027: Data Platform is over 100% in week 2."""
    data = _team(3, "Data Platform", [8.0, 8.0, 8.0], [3.2, 3.2, 3.2], [4.0, 5.8, 2.0], [1, 1, 1])
    apps = _team(4, "Apps", [0.0, 4.0, 4.0], [0.5, 1.0, 1.0], [0.0, 1.0, 0.0], [0, 0, 0.5])
    return {
        "as_of": "2027-02-01",
        "start": "2027-02-01",
        "end": "2027-02-21",
        "grain": "week",
        "units": "person-weeks",
        "standard_hours_per_week": 40.0,
        "categories": [{"key": key, "label": key.replace("_", " ").title()} for key in CATEGORIES],
        "periods": [
            {"label": "2027-W05", "start": "2027-02-01"},
            {"label": "2027-W06", "start": "2027-02-08"},
            {"label": "2027-W07", "start": "2027-02-15"},
        ],
        "teams": [data, apps],
        "department": _team(0, "", [8.0, 12.0, 12.0], [3.7, 4.2, 4.2], [4, 6.8, 2], [1, 1, 1.5]),
        "spans": [
            {
                "team": "Data Platform",
                "team_id": 3,
                "first_week": "2027-W06",
                "first_week_start": "2027-02-08",
                "last_week": "2027-W06",
                "last_week_start": "2027-02-08",
                "weeks": 1,
                "peak_pct": 112.5,
                "person_weeks_short": 1.0,
                "initiatives": [{"initiative": "Customer portal", "id": 17, "person_weeks": 5.8}],
            }
        ],
        "take_on": {
            "periods": [{"label": "2027 Q1", "start": "2027-02-01"}],
            "teams": [
                {"id": 3, "name": "Data Platform", "person_weeks": [0.0]},
                {"id": 4, "name": "Apps", "person_weeks": [5.0]},
            ],
        },
        "forecast": {
            "today_week": "2027-W05",
            "estimator": {"name": "mean_12w", "description": "The average of the last 12 weeks."},
            "attrition_annual_pct": 10.0,
            "requisition_delay_weeks": 8,
            "months": 18,
            "periods": [{"label": "2027-02", "start": "2027-02-01"}],
            "teams": [
                {**_team(3, "Data Platform", [32], [12], [24], [4]), "load_source": "actuals"},
                {**_team(4, "Apps", [16], [4], [2], [0]), "load_source": "plan"},
            ],
            "history": {
                "weeks": ["2027-W03", "2027-W04"],
                "week_starts": ["2027-01-18", "2027-01-25"],
                "teams": [
                    {"id": 3, "name": "Data Platform", "actual": [3.0, 3.5], "fitted": [None, 3.2]},
                    {"id": 4, "name": "Apps", "actual": [1.0, 0.5], "fitted": [None, 0.8]},
                ],
            },
            "bottlenecks": [
                {
                    "team": "Data Platform",
                    "team_id": 3,
                    "first_week": "2027-W06",
                    "first_week_start": "2027-02-08",
                    "peak_pct": 112.5,
                    "person_weeks_short": 1.0,
                }
            ],
        },
        "unplaced": [],
    }


def _all_charts(overview: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        "heatmap": charts.utilization_heatmap(overview, team_url=lambda pk: f"/t/{pk}/"),
        "breakdown": charts.breakdown_chart(overview, overview["teams"][0], subject="Data"),
        "department": charts.breakdown_chart(overview, overview["department"], subject="All"),
        "forecast": charts.forecast_chart(overview),
        "history": charts.load_history_chart(overview),
    }


def test_every_chart_has_a_title_axis_names_with_units_and_a_legend(overview):
    """A business reader gets a title, named axes (units on the value axes) and a key."""
    for name, option in _all_charts(overview).items():
        assert option["title"]["text"], name
        assert option["title"]["subtext"], name
        assert option["xAxis"]["name"], name
        assert option["yAxis"]["name"], name
        assert "legend" in option or "visualMap" in option, name
        assert option["aria"]["enabled"], name
        json.dumps(option)  # json_script must be able to serialise it
    options = _all_charts(overview)
    for name in ("breakdown", "department", "history"):
        assert "Person-weeks" in options[name]["yAxis"]["name"], name
    assert "% of supply" in options["forecast"]["yAxis"]["name"]
    assert "% of" in options["heatmap"]["title"]["subtext"]


def test_heatmap_visual_map_makes_over_100_percent_red(overview):
    """Pieces above 100% are red and labelled as short; 100% itself is not over."""
    option = charts.utilization_heatmap(overview)
    pieces = option["visualMap"]["pieces"]
    over = [p for p in pieces if p.get("gt", -1) >= 100]
    assert over
    assert all(p["color"] in ("#e4572e", "#9d0208") for p in over)
    assert all("short" in p["label"] for p in over)
    at_100 = [p for p in pieces if p.get("lte") == 100]
    assert at_100
    assert at_100[0]["color"] not in ("#e4572e", "#9d0208")
    assert option["visualMap"]["dimension"] == 2


def test_heatmap_cells_carry_readable_tooltips_labels_and_links(overview):
    """A cell over 100% shows its percentage; every cell's tooltip (built by charts.js from
    `tandem.heat`) names team and week and gives the figures; a click leads to the team."""
    option = charts.utilization_heatmap(overview, team_url=lambda pk: f"/capacity/teams/{pk}/")
    cells = {tuple(charts._cell_value(item)[:2]): item for item in option["series"][0]["data"]}
    over = cells[(1, 0)]
    assert over["value"][2] == 112.5
    assert over["label"]["formatter"] == "112%"
    assert cells[(0, 0)] == [0, 0, overview["teams"][0]["utilization_pct"][0]]  # no label
    nobody = cells[(0, 1)]  # Apps: work asked, no one available
    assert nobody["value"][2] == charts.NO_CAPACITY
    assert nobody["label"]["formatter"] == "none"
    heat = option["tandem"]["heat"]
    assert heat["teams"] == ["Data Platform", "Apps"]
    assert heat["periods"][1] == "week of 8 Feb 2027"
    assert heat["unit"] == "person-weeks"
    assert heat["noCapacity"] == charts.NO_CAPACITY
    figures = dict(zip(heat["rows"], heat["values"][0][1], strict=True))
    assert figures["Supply (people-time)"] == 8.0
    assert figures["Non-discretionary work"] == 3.2
    assert figures["Committed (approved) work"] == 5.8
    assert heat["urls"] == ["/capacity/teams/3/", "/capacity/teams/4/"]
    assert option["yAxis"]["data"] == ["Data Platform", "Apps"]
    assert option["yAxis"]["triggerEvent"] is True
    assert option["tandem"]["axisUrls"] == {
        "Data Platform": "/capacity/teams/3/",
        "Apps": "/capacity/teams/4/",
    }
    assert option["xAxis"]["data"] == ["1 Feb 2027", "8 Feb", "15 Feb"]


def test_breakdown_stacks_categories_committed_and_proposed_against_supply(overview):
    """One stacked bar series per category, committed and proposed; supply is a line."""
    option = charts.breakdown_chart(overview, overview["teams"][0], subject="Data Platform")
    bars = [s for s in option["series"] if s["type"] == "bar"]
    assert [s["name"] for s in bars] == [
        "Maintenance",
        "Support",
        "Security Patching",
        "Compliance",
        "Other",
        "Committed (approved)",
        "Proposed (not counted)",
    ]
    assert {s["stack"] for s in bars} == {"work"}
    (supply,) = [s for s in option["series"] if s["type"] == "line"]
    assert supply["name"] == "Supply (100%)"
    assert supply["data"] == [8.0, 8.0, 8.0]
    assert option["title"]["text"] == "Data Platform: what the time goes to"
    assert option["yAxis"]["name"] == "Person-weeks per week"
    assert option["tandem"]["periodTitles"][1] == "Week of 8 Feb 2027"
    assert ["Utilization", "112%"] in option["tandem"]["extraRows"][1]


def test_breakdown_by_month_and_quarter_names_periods_for_people(overview):
    """Months read 'Feb 2027' and quarters 'Q1 2027'; a month the horizon cuts short says how
    many weeks it holds, so its small bar is not mistaken for a quiet month."""
    monthly = {
        **overview,
        "grain": "month",
        "end": "2027-04-11",
        "periods": [
            {"label": "2027-02", "start": "2027-02-01"},
            {"label": "2027-03", "start": "2027-03-01"},
            {"label": "2027-04", "start": "2027-03-29"},
        ],
    }
    option = charts.breakdown_chart(monthly, overview["teams"][0], subject="Data")
    assert option["xAxis"]["data"] == ["Feb 2027", "Mar 2027", "Apr 2027 (2 weeks)"]
    assert option["tandem"]["periodTitles"][2] == "Apr 2027 (2 weeks)"
    assert option["xAxis"]["name"] == "Month"
    assert charts.period_text({"label": "2027 Q1", "start": "2026-12-28"}, "quarter") == "Q1 2027"


def test_forecast_chart_shows_bottleneck_teams_against_a_100_percent_line(overview):
    """Only bottleneck teams are drawn (all teams when there are none), with 100% marked."""
    option = charts.forecast_chart(overview)
    assert [s["name"] for s in option["series"]] == ["Data Platform"]
    mark = option["series"][0]["markLine"]
    assert mark["data"] == [{"yAxis": 100}]
    assert "100%" in mark["label"]["formatter"]
    assert option["xAxis"]["data"] == ["Feb 2027"]
    overview["forecast"]["bottlenecks"] = []
    assert len(charts.forecast_chart(overview)["series"]) == 2
    assert [s["name"] for s in charts.forecast_chart(overview, team_ids=[4])["series"]] == ["Apps"]


def test_load_history_sums_the_teams_actual_and_fitted(overview):
    """Booked load is summed over the teams shown; the fit is empty where no team has one."""
    option = charts.load_history_chart(overview)
    actual, fitted = option["series"]
    assert actual["data"] == [4.0, 4.0]
    assert fitted["data"] == [None, 4.0]
    assert "average of the last 12 weeks" in fitted["name"]
    one = charts.load_history_chart(overview, team_ids=[4], subject="Apps")
    assert one["series"][0]["data"] == [1.0, 0.5]
    assert one["title"]["text"].startswith("Apps:")


def test_headline_take_on_and_period_rows(overview):
    """Totals over the teams shown, take-on with 'none' cues, one table row per period."""
    figures = charts.headline(overview)
    assert figures["supply"] == 32.0
    assert round(figures["committed_pct"], 1) == round(100 * 12.8 / 32, 1)
    assert figures["free"] == 5.0
    assert figures["short"] == 1.0
    assert figures["teams_short"] == 1
    assert figures["range"] == "1 Feb 2027 – 21 Feb 2027"
    table = charts.take_on_table(overview)
    assert table["headers"] == [{"name": "Q1 2027", "covers": "1 Feb – 21 Feb 2027"}]
    assert [cell["none"] for row in table["rows"] for cell in row["cells"]] == [True, False]
    rows = charts.period_table(overview, overview["teams"][0])
    assert [row["over"] for row in rows] == [False, True, False]
    assert rows[1]["period"] == "Week of 8 Feb 2027"


@pytest.mark.parametrize(
    ("value", "text"),
    [(112.49, "112%"), (100.0, "100%"), (100.4, "100.4%"), (99.7, "99.7%"), (None, "no capacity")],
)
def test_pct_text_never_shows_a_red_value_as_100(value, text):
    """Just over 100% keeps a decimal, so an over-capacity week never reads '100%'."""
    assert charts.pct_text(value) == text


def test_dates_read_as_people_write_them():
    """Days as '3 Feb 2027'; a span runs from its first Monday to its last Friday."""
    assert charts.day_text("2027-02-03") == "3 Feb 2027"
    assert charts.week_span_text("2027-02-01", "2027-03-01") == "1 Feb 2027 – 5 Mar 2027"
    assert charts.week_span_text("2027-02-01", "2027-02-01") == "the week of 1 Feb 2027"
    assert charts.pw_text(0.01) == "< 0.1"
    assert charts.pw_text(6.43) == "6.4"
