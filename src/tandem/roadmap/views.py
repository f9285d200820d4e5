"""Roadmap pages: when each approved initiative can be delivered, and why some slip.

Every signed-in role reads them (`roadmap.view_plan`). The plan comes from
`selectors.roadmap_plan` (remembered per state of the records, so a page view is cheap);
`charts` draws it as an SVG Gantt chart and the table below it. Delivery odds (the Monte Carlo
forecast) are worked out in the background: "Work out delivery odds" queues a forecast job
(`forecast_create`, for those who may request plan jobs), and the page polls its progress
(`forecast_progress`) until it is done, then reloads with the whiskers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from tandem.core.errors import DomainError, RuleViolation
from tandem.core.memo import SharedMemo
from tandem.core.permissions import require
from tandem.portfolio import selectors as portfolio_selectors
from tandem.roadmap import (
    charts,
    choices,
    forecasting,
    optimizing,
    scenario_selectors,
    scenario_views,
    selectors,
    services,
)
from tandem.web.http import domain_view, is_partial, posted_number, render_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

    from tandem.roadmap.models import Scenario

_MARK = 987654321  # a pk no URL pattern treats specially, replaced by the real one


def _initiative_url() -> Callable[[int], str]:
    """pk -> the initiative's page, reversing once for the hundreds of rows of a roadmap."""
    pattern = reverse("portfolio:initiative_detail", args=[_MARK])
    return lambda pk: pattern.replace(str(_MARK), str(pk))


@domain_view
def overview(request: HttpRequest) -> HttpResponse:
    """The roadmap as a Gantt chart and a table; HTMX regrouping swaps only the `body`."""
    require(request.user, "roadmap.view_plan")
    by = request.GET.get("group", "unit")
    by = by if by in choices.GROUPS else "unit"
    scenario = scenario_views.scenario_in_query(request, "scenario")
    context = {
        "by": by,
        "problem": "",
        "scenario": scenario,
        "scenario_query": f"&scenario={scenario.pk}" if scenario else "",
        "scenarios": scenario_selectors.draft_choices(),
    }
    try:
        plan = selectors.roadmap_plan(user=request.user, scenario=scenario)
    except RuleViolation as err:
        context["problem"] = err.message
    else:
        latest = _no_forecast()
        if scenario is None:  # delivery odds are worked out for the plan, not a what-if
            latest = forecasting.forecast_latest(
                user=request.user,
                stamp=plan["data_stamp"],
                today=plan["as_of"],
                labels=_labels(plan["initiatives"]),
            )
        context |= {
            "plan": plan,
            "timeline": _timeline(plan, by, latest["forecast"], scenario),
            "odds": _odds(latest, request),
            "optimizer": _optimizer(request, plan),
        }
    return render_page(request, "roadmap/overview.html", context, partial="body")


_TIMELINES = SharedMemo(size=16)  # rendered HTML: read only


def _timeline(plan: dict, by: str, forecast: dict | None, scenario: Scenario | None) -> str:
    """The Gantt chart and the table, rendered once per plan (its records, week, optimized
    plan and scenario), grouping, forecast and labels (titles, units and goals are read
    afresh for every answer, so they are part of the key): hundreds of rows of SVG and table
    are most of the page's cost."""
    forecast_key = None if forecast is None else (forecast["worked_out_at"], forecast["runs"])
    key = (*selectors.answer_key(plan, scenario), by, forecast_key)
    found = _TIMELINES.get(key)
    if found is None:
        url = _initiative_url()
        html = render_to_string(
            "roadmap/_timeline.html",
            {
                "chart": charts.gantt(plan, by=by, url=url, forecast=forecast),
                "rows": charts.why_rows(plan, by, url, forecast),
                "odds": {"forecast": forecast},
                "by": by,
            },
        )
        found = _TIMELINES.put(key, mark_safe(html))  # noqa: S308 (our own template's output)
    return found


def _optimizer(request: HttpRequest, plan: dict | None) -> dict:
    """What the optimizer card shows: the optimized plan on show, a run under way, or why
    the last one failed; whether the user may start one."""
    state = optimizing.optimize_latest(user=request.user)
    shown = plan["optimized"] if plan else None
    gap = shown["gap"] if shown else None
    return {
        **state,
        "shown": shown,
        "gap_text": f"{gap:.0%}" if gap else "",
        "can_request": rules.has_perm("operations.add_planjob", request.user),
    }


@require_POST
@domain_view
def optimize_create(request: HttpRequest) -> HttpResponse:
    """Queue an optimization ("Optimize"); HTMX swaps in its progress, a plain form post
    goes back to the roadmap."""
    require(request.user, "operations.add_planjob")
    optimizing.optimize_request(by=request.user)
    if not is_partial(request):
        return redirect("roadmap:overview")
    return _optimizer_partial(request)


@domain_view
def optimize_progress(request: HttpRequest) -> HttpResponse:
    """The optimizer card while a run is under way (the page polls it); once it is over, an
    HTMX poll reloads the page to show the better plan."""
    require(request.user, "roadmap.view_plan")
    return _optimizer_partial(request)


def _optimizer_partial(request: HttpRequest) -> HttpResponse:
    state = _optimizer(request, None)
    if state["pending"] is None and is_partial(request):
        return HttpResponseClientRefresh()
    return render_page(request, "roadmap/overview.html#optimizer", {"optimizer": state})


def _no_forecast() -> dict:
    return {"forecast": None, "changed": False, "pending": None, "failed": ""}


def _labels(rows: list[dict]) -> dict[int, dict]:
    """Title and unit of each plan row, so the forecast needs no query of its own for them."""
    return {row["id"]: {"title": row["title"], "unit": row["unit"]} for row in rows}


def _odds(latest: dict, request: HttpRequest | None = None) -> dict:
    """What a delivery-odds card shows: the latest forecast's facts and the job under way;
    given the `request`, whether its user may ask for another."""
    found = latest["forecast"]
    return {
        **latest,
        "runs_text": f"{found['runs']:,}" if found else "",
        "pending_runs_text": f"{latest['pending']['runs']:,}" if latest["pending"] else "",
        "default_runs_text": f"{forecasting.DEFAULT_RUNS:,}",
        # rules alone: Django's model backend would add two permission queries per page
        "can_request": request is not None
        and rules.has_perm("operations.add_planjob", request.user),
    }


@require_POST
@domain_view
def forecast_create(request: HttpRequest) -> HttpResponse:
    """Queue a forecast job ("Work out delivery odds"); HTMX swaps in its progress (or
    reloads the page when a worker already finished it), a plain form post goes back to the
    roadmap."""
    require(request.user, "operations.add_planjob")
    forecasting.forecast_request(by=request.user)
    if not is_partial(request):
        return redirect("roadmap:overview")
    return _odds_partial(request)


@domain_view
def forecast_progress(request: HttpRequest) -> HttpResponse:
    """The delivery-odds card while a forecast job is under way (the page polls it); once
    the job is over, an HTMX poll reloads the page to show the result."""
    require(request.user, "roadmap.view_plan")
    return _odds_partial(request)


def _odds_partial(request: HttpRequest) -> HttpResponse:
    latest = forecasting.forecast_latest(user=request.user)
    if latest["pending"] is None and is_partial(request):
        return HttpResponseClientRefresh()  # over (or done at once): show the whole result
    return render_page(request, "roadmap/overview.html#odds", {"odds": _odds(latest, request)})


@domain_view
def initiative_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """When can we have it: one initiative's planned dates and why; the initiative page
    loads the `plan` region with HTMX."""
    require(request.user, "roadmap.view_plan")
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk)
    try:
        found = selectors.initiative_plan(user=request.user, initiative=initiative)
    except RuleViolation as err:
        found = {"row": None, "reason": err.message}
    odds = None
    if found["row"] is not None:
        latest = forecasting.forecast_latest(
            user=request.user,
            stamp=found["plan"]["data_stamp"],
            today=found["plan"]["as_of"],
            only={initiative.pk},
            labels=_labels([found["row"]]),
        )
        odds_row = charts.odds_by_id(latest["forecast"]).get(initiative.pk)
        odds = {
            **_odds(latest),
            "row": odds_row,
            "holdup": forecasting.holdup_named(odds_row and odds_row["holdup"]),
        }
    ranked = scenario_selectors.ranked_first_of(initiative=initiative)
    return render_page(
        request,
        "roadmap/initiative_plan.html",
        {
            "initiative": initiative,
            **found,
            "odds": odds,
            "ranked_first": ranked,
            "may_clear_ranked_first": ranked is not None
            and rules.has_perm("roadmap.delete_rankedfirst", request.user),
        },
        partial="plan",
    )


@domain_view
@require_POST
def ranked_first_clear(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo the decision to rank an initiative first (the portfolio office and admins): the
    ranking places it by its score again. A stale page gets the conflict as a message."""
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, "roadmap.delete_rankedfirst")
    ranked = scenario_selectors.ranked_first_get(initiative=initiative)
    back = reverse("roadmap:initiative_plan", args=[initiative.pk])
    try:
        services.ranked_first_clear(
            ranked=ranked, by=request.user, version=posted_number(request, "version")
        )
    except DomainError as err:
        messages.error(request, err.message)
        return redirect(back)
    messages.success(request, f"“{initiative}” is placed by its ranking score again.")
    return redirect(back)
