"""Scenario pages: draft a what-if, add and drop changes, compare two plans, adopt one.

Everyone signed in reads them; leads change their own drafts, the portfolio office any, and
only the office adopts (see `rules`). Writes go through `services`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.core.errors import DomainError, RuleViolation
from tandem.core.permissions import require
from tandem.roadmap import forms, scenario_selectors, services
from tandem.roadmap.choices import ChangeKind
from tandem.web import selectors as web_selectors
from tandem.web.http import (
    delete_page,
    domain_view,
    is_partial,
    posted_number,
    render_page,
    save_form,
)

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

    from tandem.roadmap.models import Scenario

PAGE_SIZE = 50
BASELINE = "baseline"


@domain_view
def scenario_list(request: HttpRequest) -> HttpResponse:
    """Every scenario, drafts first, with who made it and how many changes it has."""
    require(request.user, "roadmap.view_scenario")
    page = Paginator(scenario_selectors.scenario_list(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render_page(
        request,
        "roadmap/scenario_list.html",
        {"page": page, "objects": page.object_list, "can_add": _can(request, "add")},
    )


@domain_view
@require_http_methods(["GET", "POST"])
def scenario_create(request: HttpRequest) -> HttpResponse:
    """Draft a scenario; its page then takes changes."""
    require(request.user, "roadmap.add_scenario")
    form = forms.ScenarioForm(request.POST or None)
    scenario = save_form(
        request,
        form,
        lambda data: services.scenario_create(data=data, by=request.user),
        "The scenario was created. Add the changes you want to try.",
    )
    if scenario:
        return redirect(scenario)
    return _form_page(request, form, "New scenario", reverse("roadmap:scenario_list"))


@domain_view
def scenario_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A scenario: its changes, the form to add one, and how its plan differs."""
    require(request.user, "roadmap.view_scenario")
    scenario = scenario_selectors.scenario_get(user=request.user, pk=pk)
    form = forms.ChangeForm(kind=request.GET.get("kind", ""))
    return _detail_page(request, scenario, form, partial="change_form")


@domain_view
@require_http_methods(["GET", "POST"])
def scenario_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename a draft; a stale version is explained and the input kept."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=pk)
    require(request.user, "roadmap.change_scenario", scenario)
    form = forms.ScenarioForm(request.POST or None, instance=scenario)
    saved = save_form(
        request,
        form,
        lambda data: services.scenario_update(scenario=scenario, data=data, by=request.user),
        "Your changes were saved.",
    )
    if saved:
        return redirect(saved)
    return _form_page(request, form, f"Edit {scenario}", scenario.get_absolute_url(), scenario)


@domain_view
@require_http_methods(["GET", "POST"])
def scenario_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a scenario and its changes; the baseline is not touched."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=pk)
    require(request.user, "roadmap.delete_scenario", scenario)
    return delete_page(
        request,
        scenario,
        kind="scenario",
        back=scenario.get_absolute_url(),
        done=reverse("roadmap:scenario_list"),
        delete=lambda version: services.scenario_delete(
            scenario=scenario, by=request.user, version=version
        ),
    )


@domain_view
@require_POST
def change_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a change; a refusal is shown on the form, which keeps the input."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=pk)
    require(request.user, "roadmap.change_scenario", scenario)
    form = forms.ChangeForm(request.POST, kind=request.POST.get("kind", ""))
    saved = save_form(
        request,
        form,
        lambda data: services.change_add(
            scenario=scenario,
            data={**data, "scenario_version": posted_number(request, "scenario_version")},
            by=request.user,
        ),
        "The change was added; the plan below includes it.",
    )
    if saved:
        return redirect(scenario)
    return _detail_page(request, scenario, form, status=400)


@domain_view
@require_POST
def change_delete(request: HttpRequest, pk: int, change_pk: int) -> HttpResponse:
    """Drop one change of a draft."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=pk)
    require(request.user, "roadmap.change_scenario", scenario)
    change = scenario_selectors.change_get(scenario=scenario, pk=change_pk)
    try:
        services.change_delete(
            change=change, by=request.user, version=posted_number(request, "version")
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"Dropped: {change.summary}.")
    return redirect(scenario)


@domain_view
@require_http_methods(["GET", "POST"])
def scenario_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: what adopting will write. POST: adopt, or show why it cannot be."""
    scenario = scenario_selectors.scenario_get(user=request.user, pk=pk)
    require(request.user, "roadmap.adopt_scenario", scenario)
    if request.method == "POST":
        try:
            services.scenario_adopt(
                scenario=scenario, by=request.user, version=posted_number(request, "version")
            )
        except DomainError as err:
            messages.error(request, err.message)
            return redirect(scenario)
        messages.success(request, f"“{scenario}” is now the plan.")
        return redirect(reverse("roadmap:overview"))
    return render_page(
        request,
        "roadmap/scenario_adopt.html",
        {"scenario": scenario, "changes": scenario_selectors.scenario_changes(scenario=scenario)},
    )


@domain_view
def compare(request: HttpRequest) -> HttpResponse:
    """Two plans side by side: the baseline or a scenario on each side."""
    require(request.user, "roadmap.view_scenario")
    left = scenario_in_query(request, "left")
    right = scenario_in_query(request, "right")
    context: dict[str, Any] = {
        "left": left,
        "right": right,
        "scenarios": scenario_selectors.scenario_list(user=request.user),
        "sides": [("left", left), ("right", right)],
        "problem": "",
    }
    try:
        context["compared"] = scenario_selectors.plan_compare(
            user=request.user, left=left, right=right
        )
    except RuleViolation as err:
        context["problem"] = err.message
    return render_page(request, "roadmap/compare.html", context, partial="body")


def scenario_in_query(request: HttpRequest, name: str) -> Scenario | None:
    """The scenario whose id the query names as `name`; None for the plan as it stands
    (`baseline`, or nothing); 404 for an unknown id."""
    value = request.GET.get(name, BASELINE)
    if not value.isdigit():
        return None
    return scenario_selectors.scenario_get(user=request.user, pk=int(value))


def _can(request: HttpRequest, action: str, scenario: Scenario | None = None) -> bool:
    return bool(request.user.has_perm(f"roadmap.{action}_scenario", scenario))


def _detail_page(
    request: HttpRequest,
    scenario: Scenario,
    form: forms.ChangeForm,
    status: int = 200,
    partial: str | None = None,
) -> HttpResponse:
    compared: dict[str, Any] | None = None
    problem = ""
    try:
        if not (partial and is_partial(request)):  # only the change form is swapped
            compared = scenario_selectors.plan_compare(user=request.user, left=None, right=scenario)
    except RuleViolation as err:
        problem = err.message
    return render_page(
        request,
        "roadmap/scenario_detail.html",
        {
            "scenario": scenario,
            "changes": scenario_selectors.scenario_changes(scenario=scenario),
            "form": form,
            "compared": compared,
            "problem": problem,
            "can_change": scenario.is_open and _can(request, "change", scenario),
            "can_delete": _can(request, "delete", scenario),
            "can_adopt": scenario.is_open and _can(request, "adopt", scenario),
            "kinds": ChangeKind.choices,
            "history": web_selectors.object_history(user=request.user, obj=scenario),
        },
        status=status,
        partial=partial,
    )


def _form_page(
    request: HttpRequest, form: Any, heading: str, cancel: str, obj: Any = None
) -> HttpResponse:
    return render_page(
        request,
        "web/object_form.html",
        {
            "form": form,
            "heading": heading,
            "cancel_url": cancel,
            "object": obj,
            "intro": "A scenario is a what-if of the roadmap: it changes nothing in the real "
            "plan until the portfolio office adopts it.",
            "current_url": obj.get_absolute_url() if obj else "",
        },
        partial="form",
    )
