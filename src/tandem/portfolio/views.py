"""Portfolio pages: parse the request, call one selector or service, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts.roles import user_unit_id
from tandem.core.errors import DomainError
from tandem.core.permissions import require
from tandem.portfolio import forms, rules, selectors, services
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.value import TEMPLATES, outcome_statement
from tandem.web.http import add_domain_error, domain_view, redirect_to, render_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 25


@domain_view
def initiative_list(request: HttpRequest) -> HttpResponse:
    """The portfolio, filtered and sorted; HTMX refreshes only the `rows` region."""
    form = forms.initiative_filter_form(request.GET)
    error = None
    try:
        initiatives = selectors.initiative_table(user=request.user, filters=request.GET)
    except DomainError as err:
        initiatives, error = selectors.initiative_list(user=request.user).none(), err.message
    page = Paginator(initiatives, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.initiative_rows(page.object_list)
    filtered = any(request.GET.get(name) for name in form.fields)
    return render_page(
        request,
        "portfolio/initiative_list.html",
        {"form": form, "page": page, "error": error, "filtered": filtered},
        partial="rows",
    )


@domain_view
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about one initiative, with the moves the user may make next."""
    initiative = selectors.initiative_get(user=request.user, pk=pk, children=True)
    moves = selectors.initiative_next_moves(user=request.user, initiative=initiative)
    history = selectors.initiative_history(user=request.user, initiative=initiative)
    return render_page(
        request,
        "portfolio/initiative_detail.html",
        {"initiative": initiative, "moves": moves, "history": history},
    )


@domain_view
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    """Propose a new initiative; it starts as an idea."""
    require(request.user, "portfolio.add_initiative")
    form = forms.InitiativeForm(
        request.POST or None, initial={"requesting_unit": user_unit_id(request.user)}
    )
    if form.is_valid():
        require(request.user, "portfolio.add_initiative", form.cleaned_data["requesting_unit"])
        try:
            initiative = services.initiative_create(data=form.cleaned_data, by=request.user)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"“{initiative}” was created as an idea.")
            return redirect(initiative)
    return render_page(request, "portfolio/initiative_form.html", {"form": form}, partial="form")


@domain_view
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an initiative; a stale version keeps the input and explains the conflict."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, "portfolio.change_initiative", initiative)
    form = forms.InitiativeForm(request.POST or None, instance=initiative)
    if form.is_valid():
        try:
            services.initiative_update(
                initiative=initiative, data=form.cleaned_data, by=request.user
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "Your changes were saved.")
            return redirect(initiative)
    return render_page(
        request,
        "portfolio/initiative_form.html",
        {"form": form, "initiative": initiative},
        partial="form",
    )


@domain_view
@require_http_methods(["GET", "POST"])
def initiative_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an initiative that never got past intake (after a confirmation page)."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, "portfolio.delete_initiative", initiative)
    if request.method == "GET":
        return _confirm_delete(request, initiative, "initiative", initiative.get_absolute_url())
    form = forms.DeleteForm(request.POST)
    try:
        form.is_valid()
        services.initiative_delete(
            initiative=initiative, by=request.user, version=form.cleaned_data.get("version")
        )
    except DomainError as err:
        messages.error(request, err.message)
        return redirect(initiative)
    messages.success(request, f"“{initiative}” was deleted.")
    return redirect("portfolio:initiative_list")


@domain_view
@require_POST
def initiative_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an initiative to its next state; a failed gate is explained on the page."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    form = forms.InitiativeTransitionForm(request.POST)
    if not form.is_valid():
        require(request.user, "portfolio.change_initiative", initiative)
        messages.error(request, "Choose the state to move the initiative to.")
        return redirect(initiative)
    data = form.cleaned_data
    require(request.user, rules.transition_permission(initiative, data["to"]), initiative)
    try:
        services.initiative_transition(
            initiative=initiative,
            to=data["to"],
            by=request.user,
            version=data["version"],
            reason=data["reason"],
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"Moved to {InitiativeState(data['to']).label}.")
    return redirect(initiative)


@domain_view
@require_http_methods(["GET", "POST"])
def initiative_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """IT records whether the initiative is feasible, and on what conditions."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, "portfolio.assess_initiative", initiative)
    form = forms.InitiativeAssessForm(request.POST or None, instance=initiative)
    if form.is_valid():
        try:
            services.initiative_assess(
                initiative=initiative, data=form.cleaned_data, by=request.user
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, "The feasibility assessment was saved.")
            return redirect(initiative)
    return render_page(
        request,
        "portfolio/initiative_assess.html",
        {"form": form, "initiative": initiative},
        partial="form",
    )


#
# Outcomes, estimates, status updates, scope changes and dependencies (one set of views)
#


@dataclass(frozen=True)
class Child:
    """How the shared child views handle one kind of record hanging off an initiative."""

    label: str
    model: str  # the permission's model name
    arg: str  # the service's keyword for the object
    anchor: str  # the detail page's section
    form: type
    get: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any] | None
    delete: Callable[..., Any]


def _dependency_create(*, initiative: Any, data: dict[str, Any], by: Any) -> Any:
    return services.dependency_create(data={**data, "successor": initiative}, by=by)


def _dependency_get(*, user: Any, pk: int, initiative_id: int) -> Any:
    return selectors.dependency_get(user=user, pk=pk)


CHILDREN = {
    "outcome": Child(
        "business outcome",
        "businessoutcome",
        "outcome",
        "outcomes",
        forms.OutcomeForm,
        selectors.outcome_get,
        services.outcome_create,
        services.outcome_update,
        services.outcome_delete,
    ),
    "estimate": Child(
        "effort estimate",
        "effortestimate",
        "estimate",
        "estimates",
        forms.EstimateForm,
        selectors.estimate_get,
        services.estimate_create,
        services.estimate_update,
        services.estimate_delete,
    ),
    "status_update": Child(
        "status update",
        "statusupdate",
        "status_update",
        "status",
        forms.StatusUpdateForm,
        selectors.status_update_get,
        services.status_update_create,
        services.status_update_update,
        services.status_update_delete,
    ),
    "scope_change": Child(
        "scope change",
        "scopechange",
        "scope_change",
        "scope",
        forms.ScopeChangeForm,
        selectors.scope_change_get,
        services.scope_change_create,
        services.scope_change_update,
        services.scope_change_delete,
    ),
    "dependency": Child(
        "dependency",
        "dependency",
        "dependency",
        "dependencies",
        forms.DependencyForm,
        _dependency_get,
        _dependency_create,
        None,
        services.dependency_delete,
    ),
}


def _child_form(child: Child, initiative: Any, data: Any, instance: Any = None) -> Any:
    if child.form is forms.DependencyForm:
        return child.form(data, initiative=initiative)
    return child.form(data, instance=instance)


@domain_view
@require_http_methods(["GET", "POST"])
def child_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Add an outcome, estimate, status update, scope change or dependency to an initiative."""
    child = CHILDREN[kind]
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, f"portfolio.add_{child.model}", initiative)
    form = _child_form(child, initiative, request.POST or None)
    if form.is_valid():
        try:
            child.create(initiative=initiative, data=form.cleaned_data, by=request.user)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"The {child.label} was added.")
            return redirect_to(request, f"{initiative.get_absolute_url()}#{child.anchor}")
    return render_page(
        request,
        "portfolio/child_form.html",
        {"form": form, "initiative": initiative, "child": child, "kind": kind},
        partial="form",
    )


@domain_view
@require_http_methods(["GET", "POST"])
def child_edit(request: HttpRequest, pk: int, child_pk: int, kind: str) -> HttpResponse:
    """Correct an outcome, estimate, status update or scope change; Conflict if stale."""
    child = CHILDREN[kind]
    obj = child.get(user=request.user, pk=child_pk, initiative_id=pk)
    require(request.user, f"portfolio.change_{child.model}", obj)
    form = _child_form(child, obj.initiative, request.POST or None, instance=obj)
    if form.is_valid():
        try:
            child.update(**{child.arg: obj}, data=form.cleaned_data, by=request.user)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"The {child.label} was updated.")
            return redirect_to(request, f"{obj.initiative.get_absolute_url()}#{child.anchor}")
    return render_page(
        request,
        "portfolio/child_form.html",
        {"form": form, "initiative": obj.initiative, "child": child, "kind": kind, "object": obj},
        partial="form",
    )


@domain_view
@require_http_methods(["GET", "POST"])
def child_delete(request: HttpRequest, pk: int, child_pk: int, kind: str) -> HttpResponse:
    """Remove an outcome, estimate, status update, scope change or dependency."""
    child = CHILDREN[kind]
    obj = child.get(user=request.user, pk=child_pk, initiative_id=pk)
    require(request.user, f"portfolio.delete_{child.model}", obj)
    back = reverse("portfolio:initiative_detail", args=[pk])
    if request.method == "GET":
        return _confirm_delete(request, obj, child.label, back)
    form = forms.DeleteForm(request.POST)
    try:
        form.is_valid()
        child.delete(**{child.arg: obj}, by=request.user, version=form.cleaned_data.get("version"))
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"The {child.label} was removed.")
    return redirect(f"{back}#{child.anchor}")


def _confirm_delete(request: HttpRequest, obj: Any, kind: str, cancel_url: str) -> HttpResponse:
    return render_page(
        request,
        "web/confirm_delete.html",
        {"object": obj, "kind": kind, "cancel_url": cancel_url, "action": request.path},
    )


@domain_view
@require_http_methods(["GET", "POST"])
def outcome_template_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an outcome for technical work stated in business terms, from a template."""
    initiative = selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, "portfolio.add_businessoutcome", initiative)
    form = forms.OutcomeTemplateForm(request.POST or None)
    if form.is_valid():
        values = dict(form.cleaned_data)
        template = values.pop("template")
        try:
            outcome = services.outcome_create_from_template(
                initiative=initiative, template=template, values=values, by=request.user
            )
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"Outcome added: {outcome_statement(outcome)}")
            return redirect(f"{initiative.get_absolute_url()}#outcomes")
    return render_page(
        request,
        "portfolio/outcome_template_form.html",
        {"form": form, "initiative": initiative, "templates": TEMPLATES.values()},
    )
