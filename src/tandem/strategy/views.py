"""Strategic goal pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tandem.core.errors import DomainError
from tandem.core.permissions import require
from tandem.portfolio import selectors as portfolio_selectors
from tandem.strategy import forms, selectors, services
from tandem.web import selectors as web_selectors
from tandem.web.http import delete_page, domain_view, render_page, save_form

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50


def _form_page(request: HttpRequest, form, heading: str, cancel: str, obj=None) -> HttpResponse:
    return render_page(
        request,
        "strategy/goal_form.html",
        {
            "form": form,
            "heading": heading,
            "cancel_url": cancel,
            "object": obj,
            "intro": "What the business wants to achieve, who owns it, and when.",
            "current_url": obj.get_absolute_url() if obj else "",
        },
        partial="form",
    )


@domain_view
def goal_list(request: HttpRequest) -> HttpResponse:
    """The strategic goals initiatives serve."""
    form = forms.goal_filter_form(request.GET)
    error = None
    try:
        goals = selectors.goal_list(user=request.user, filters=request.GET)
    except DomainError as err:
        goals, error = selectors.goal_list(user=request.user).none(), err.message
    page = Paginator(goals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        "strategy/goal_list.html",
        {
            "objects": page.object_list,
            "page": page,
            "form": form,
            "error": error,
            "filtered": any(request.GET.get(n) for n in form.fields),
        },
        partial="rows",
    )


@domain_view
def goal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A goal and the initiatives serving it."""
    goal = selectors.goal_get(user=request.user, pk=pk)
    return render_page(
        request,
        "strategy/goal_detail.html",
        {
            "goal": goal,
            "initiatives": portfolio_selectors.initiative_list(
                user=request.user, filters={"goal": pk}
            ),
            "history": web_selectors.object_history(user=request.user, obj=goal),
        },
    )


@domain_view
@require_http_methods(["GET", "POST"])
def goal_create(request: HttpRequest) -> HttpResponse:
    """Record a strategic goal."""
    require(request.user, "strategy.add_strategicgoal")
    form = forms.GoalForm(request.POST or None)
    goal = save_form(
        request,
        form,
        lambda data: services.goal_create(data=data, by=request.user),
        "The strategic goal was created.",
    )
    if goal:
        return redirect(goal)
    return _form_page(request, form, "New strategic goal", reverse("strategy:goal_list"))


@domain_view
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a strategic goal; a stale version is explained and the input kept."""
    goal = selectors.goal_get(user=request.user, pk=pk)
    require(request.user, "strategy.change_strategicgoal", goal)
    form = forms.GoalForm(request.POST or None, instance=goal)
    saved = save_form(
        request,
        form,
        lambda data: services.goal_update(goal=goal, data=data, by=request.user),
        "Your changes were saved.",
    )
    if saved:
        return redirect(saved)
    return _form_page(request, form, f"Edit {goal}", goal.get_absolute_url(), goal)


@domain_view
@require_http_methods(["GET", "POST"])
def goal_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a goal; initiatives lose the link, not their data."""
    goal = selectors.goal_get(user=request.user, pk=pk)
    require(request.user, "strategy.delete_strategicgoal", goal)
    return delete_page(
        request,
        goal,
        kind="strategic goal",
        back=goal.get_absolute_url(),
        done=reverse("strategy:goal_list"),
        delete=lambda version: services.goal_delete(goal=goal, by=request.user, version=version),
    )
