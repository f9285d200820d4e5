"""Capacity pages: how much of each IT team is spoken for, by what, and what is left.

Every signed-in role reads them (`capacity.view_plan`): the plan is shared. The numbers come
from `selectors.capacity_overview` / `capacity_impact`; `charts` turns them into ECharts
options and table rows.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils import timezone
from django.utils.html import json_script
from django.utils.http import urlencode

from tandem.capacity import charts, selectors
from tandem.capacity.forms import CapacityFilterForm
from tandem.core.errors import RuleViolation
from tandem.core.memo import SharedMemo
from tandem.core.permissions import require
from tandem.organization import selectors as organization_selectors
from tandem.portfolio import selectors as portfolio_selectors
from tandem.web.http import add_domain_error, domain_view, render_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse


def _plan(
    request: HttpRequest, form: CapacityFilterForm, *, team: int | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The overview for the form's valid choices; a refused range is put on the form and the
    default horizon shown instead. `params["key"]` is what the plan is remembered under."""
    form.is_valid()
    data = form.cleaned_data
    chosen = data.get("team")
    params = {
        "start": data.get("from"),
        "end": data.get("to"),
        "grain": data.get("grain") or "week",
        "team": team if team is not None else (chosen.pk if chosen else None),
    }
    try:
        key = selectors.capacity_plan_key(
            start=params["start"], end=params["end"], grain=params["grain"]
        )
    except RuleViolation as err:
        add_domain_error(form, err)
        params.update(start=None, end=None, grain="week")
        key = selectors.capacity_plan_key(grain="week")
    plan = selectors.capacity_overview(user=request.user, team=params["team"], key=key)
    return plan, {**params, "key": key}


def _query(params: dict[str, Any]) -> str:
    """The period and grain as a query string, carried to the team pages."""
    query = {
        "from": params["start"].isoformat() if params["start"] else "",
        "to": params["end"].isoformat() if params["end"] else "",
        "grain": params["grain"] if params["grain"] != "week" else "",
    }
    query = {key: value for key, value in query.items() if value}
    return f"?{urlencode(query)}" if query else ""


def _team_url(query: str) -> Callable[[int], str]:
    base = _reverser("capacity:team")
    return lambda pk: base(pk) + query


def _reverser(name: str) -> Callable[[int], str]:
    """reverse(name, args=[pk]) remembered per pk: a large plan links hundreds of rows, and
    a {% url %} per row was a quarter of the page's time."""
    known: dict[int, str] = {}

    def url(pk: int) -> str:
        if pk not in known:
            known[pk] = reverse(name, args=[pk])
        return known[pk]

    return url


def _with_links(plan: dict[str, Any], team_url: Callable[[int], str]) -> dict[str, Any]:
    """Put each linked row's URL on it (the plan is this request's own copy)."""
    initiative_url = _reverser("portfolio:initiative_detail")
    for span in plan["spans"]:
        span["url"] = team_url(span["team_id"])
        for item in span["initiatives"]:
            item["url"] = initiative_url(item["id"])
    for row in plan["take_on"]["teams"]:
        row["url"] = team_url(row["id"])
    for item in plan["unplaced"]:
        item["url"] = initiative_url(item["id"])
    return plan


@domain_view
def overview(request: HttpRequest) -> HttpResponse:
    """The capacity plan of every IT team; HTMX refreshes only the `body` region."""
    require(request.user, "capacity.view_plan")
    teams = organization_selectors.team_list(user=request.user)
    form = CapacityFilterForm(request.GET, teams=teams)
    plan, params = _plan(request, form)
    query = _query(params)
    team_url = _team_url(query)
    plan = _with_links(plan, team_url)
    figures_key = ("overview", params["key"], params["team"], query)
    figures = _FIGURES.get(figures_key)
    if figures is None:
        figures = _FIGURES.put(figures_key, _overview_figures(plan, params, team_url))
    return render_page(
        request,
        "capacity/overview.html",
        {"form": form, "query": query, "plan": plan, **figures},
        partial="body",
    )


# Charts and figures worked out from a plan alone (no titles, no user), remembered with it:
# the charts of a large plan are a few hundred KB of JSON, rebuilt on every request before.
# Shared between requests, so nothing may change them.
_FIGURES = SharedMemo(size=32)


def _overview_figures(
    plan: dict[str, Any], params: dict[str, Any], team_url: Callable[[int], str]
) -> dict[str, Any]:
    """Charts (with their JSON), figures and tables of the overview page."""
    rows = plan["teams"]
    one_team = params["team"] is not None and bool(rows)
    subject = rows[0]["name"] if one_team else "All IT teams"
    figures = charts.headline(plan)
    chart_options = {
        "heatmap": charts.utilization_heatmap(plan, team_url=team_url),
        "summary_chart": charts.breakdown_chart(
            plan, rows[0] if one_team else plan["department"], subject=subject
        ),
        "forecast_chart": charts.forecast_chart(plan),
        "history_chart": charts.load_history_chart(plan, subject=subject),
    }
    return {
        "subject": subject,
        "headline": figures,
        "empty": "no_teams" if not rows else ("" if figures["supply"] else "no_people"),
        **chart_options,
        "scripts": _scripts(chart_options),
        "take_on": charts.take_on_table(plan),
        "estimator": charts.estimator_label(plan["forecast"]["estimator"]["name"]),
    }


CHART_ELEMENTS = {
    "heatmap": "chart-heatmap",
    "summary_chart": "chart-summary",
    "breakdown_chart": "chart-team-breakdown",
    "forecast_chart": "chart-forecast",
    "history_chart": "chart-history",
}


def _scripts(chart_options: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Each chart's option as the templates' `json_script` would write it."""
    return {
        name: json_script(option, CHART_ELEMENTS[name]) for name, option in chart_options.items()
    }


@domain_view
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """One team's plan; HTMX (a click on the overview) gets only its `breakdown` region."""
    require(request.user, "capacity.view_plan")
    found = organization_selectors.team_get(user=request.user, pk=pk)
    form = CapacityFilterForm(
        request.GET, teams=organization_selectors.team_list(user=request.user)
    )
    plan, params = _plan(request, form, team=found.pk)
    plan = _with_links(plan, _team_url(_query(params)))
    row = plan["teams"][0]
    today = timezone.localdate()
    figures_key = ("team", params["key"], found.pk, found.name)
    figures = _FIGURES.get(figures_key)
    if figures is None:
        figures = _FIGURES.put(figures_key, _team_figures(plan, row, found))
    return render_page(
        request,
        "capacity/team.html",
        {
            "team": found,
            "form": form,
            "plan": plan,
            "row": row,
            "has_people": any(row["supply"]),
            "query": _query(params),
            **figures,
            "forecast_row": next(iter(plan["forecast"]["teams"]), None),
            "bottleneck": next(iter(plan["forecast"]["bottlenecks"]), None),
            "estimator": charts.estimator_label(plan["forecast"]["estimator"]["name"]),
            **_team_records(request, found.pk, today, date.fromisoformat(plan["end"])),
        },
        partial="breakdown",
    )


def _team_figures(plan: dict[str, Any], row: dict[str, Any], found: Any) -> dict[str, Any]:
    """Charts (with their JSON) and tables of a team's page."""
    chart_options = {
        "breakdown_chart": charts.breakdown_chart(plan, row, subject=found.name),
        "forecast_chart": charts.forecast_chart(plan, team_ids=[found.pk]),
        "history_chart": charts.load_history_chart(plan, team_ids=[found.pk], subject=found.name),
    }
    return {
        **chart_options,
        "scripts": _scripts(chart_options),
        "periods": charts.period_table(plan, row),
        "take_on": charts.take_on_table(plan),
    }


def _team_records(request: HttpRequest, pk: int, today: date, end: date) -> dict[str, Any]:
    """The team's own capacity records, read-only: run work, hires, upcoming leave."""
    return {
        "loads": selectors.load_list(user=request.user, team_id=pk),
        "hires": selectors.hire_list(user=request.user, team_id=pk),
        "leave": selectors.leave_list(user=request.user, team_id=pk, start=today, end=end),
    }


@domain_view
def initiative_impact(request: HttpRequest, pk: int) -> HttpResponse:
    """What approving an initiative does to IT capacity; the initiative page loads the
    `impact` region with HTMX."""
    require(request.user, "capacity.view_plan")
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk)
    impact = selectors.capacity_impact(user=request.user, initiative=initiative)
    return render_page(
        request,
        "capacity/initiative_impact.html",
        {"initiative": initiative, "impact": impact},
        partial="impact",
    )
