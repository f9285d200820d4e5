"""Organization pages: business units, IT teams and people."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tandem.core.errors import DomainError
from tandem.core.permissions import require
from tandem.organization import forms, selectors, services
from tandem.organization.rules import person_edit_permissions
from tandem.portfolio import selectors as portfolio_selectors
from tandem.strategy import selectors as strategy_selectors
from tandem.web import selectors as web_selectors
from tandem.web.http import delete_page, domain_view, render_page, save_form

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

PAGE_SIZE = 50


def _list_page(request: HttpRequest, selector, template: str, add_perm: str) -> HttpResponse:
    error = None
    try:
        objects = selector(user=request.user, filters=request.GET)
    except DomainError as err:
        objects, error = selector(user=request.user).none(), err.message
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        template,
        {
            "objects": page.object_list,
            "page": page,
            "error": error,
            "q": request.GET.get("q", ""),
            "can_add": request.user.has_perm(add_perm),
        },
        partial="rows",
    )


def _form_page(
    request: HttpRequest, form, heading: str, intro: str, cancel: str, obj=None
) -> HttpResponse:
    return render_page(
        request,
        "organization/object_form.html",
        {
            "form": form,
            "heading": heading,
            "intro": intro,
            "cancel_url": cancel,
            "object": obj,
            "current_url": obj.get_absolute_url() if obj else "",
        },
        partial="form",
    )


#
# Business units
#


@domain_view
def unit_list(request: HttpRequest) -> HttpResponse:
    """The business units that request and sponsor initiatives."""
    return _list_page(
        request, selectors.unit_list, "organization/unit_list.html", "organization.add_businessunit"
    )


# A unit's page shows its latest initiatives and first people; the lists link to all of them.
UNIT_PREVIEW = 15


@domain_view
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A business unit with its initiatives, goals and people."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    initiatives = portfolio_selectors.initiative_table(
        user=request.user, filters={"unit": pk, "sort": "-updated"}
    )
    people = selectors.person_list(user=request.user, filters={"unit": pk})
    return render_page(
        request,
        "organization/unit_detail.html",
        {
            "unit": unit,
            "initiatives": initiatives[:UNIT_PREVIEW],
            "initiative_count": initiatives.count(),
            "goals": strategy_selectors.goal_list(user=request.user, filters={"owner_unit": pk}),
            "people": people[:UNIT_PREVIEW],
            "people_count": people.count(),
            "history": web_selectors.object_history(user=request.user, obj=unit),
        },
    )


@domain_view
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    """Add a business unit."""
    require(request.user, "organization.add_businessunit")
    form = forms.UnitForm(request.POST or None)
    unit = save_form(
        request,
        form,
        lambda data: services.unit_create(data=data, by=request.user),
        "The business unit was created.",
    )
    if unit:
        return redirect(unit)
    return _form_page(
        request,
        form,
        "New business unit",
        "A part of the business that requests and sponsors initiatives.",
        reverse("organization:unit_list"),
    )


@domain_view
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a business unit; a stale version is explained and the input kept."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    require(request.user, "organization.change_businessunit", unit)
    form = forms.UnitForm(request.POST or None, instance=unit)
    saved = save_form(
        request,
        form,
        lambda data: services.unit_update(unit=unit, data=data, by=request.user),
        "Your changes were saved.",
    )
    if saved:
        return redirect(saved)
    return _form_page(request, form, f"Edit {unit}", "", unit.get_absolute_url(), unit)


@domain_view
@require_http_methods(["GET", "POST"])
def unit_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a business unit nothing refers to any more."""
    unit = selectors.unit_get(user=request.user, pk=pk)
    require(request.user, "organization.delete_businessunit", unit)
    return delete_page(
        request,
        unit,
        kind="business unit",
        back=unit.get_absolute_url(),
        done=reverse("organization:unit_list"),
        delete=lambda version: services.unit_delete(unit=unit, by=request.user, version=version),
    )


#
# Teams
#


@domain_view
def team_list(request: HttpRequest) -> HttpResponse:
    """The IT teams whose time the plan draws on."""
    return _list_page(
        request, selectors.team_list, "organization/team_list.html", "organization.add_team"
    )


@domain_view
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A team: its members and their time, and the effort estimated against it."""
    team = selectors.team_get(user=request.user, pk=pk)
    workload = web_selectors.team_workload(user=request.user, team=team)
    return render_page(
        request,
        "organization/team_detail.html",
        {
            "team": team,
            **workload,
            "history": web_selectors.object_history(user=request.user, obj=team),
        },
    )


@domain_view
@require_http_methods(["GET", "POST"])
def team_create(request: HttpRequest) -> HttpResponse:
    """Add an IT team."""
    require(request.user, "organization.add_team")
    form = forms.TeamForm(request.POST or None)
    team = save_form(
        request,
        form,
        lambda data: services.team_create(data=data, by=request.user),
        "The team was created.",
    )
    if team:
        return redirect(team)
    return _form_page(
        request,
        form,
        "New IT team",
        "An IT team whose capacity the plan uses.",
        reverse("organization:team_list"),
    )


@domain_view
@require_http_methods(["GET", "POST"])
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit an IT team."""
    team = selectors.team_get(user=request.user, pk=pk)
    require(request.user, "organization.change_team", team)
    form = forms.TeamForm(request.POST or None, instance=team)
    saved = save_form(
        request,
        form,
        lambda data: services.team_update(team=team, data=data, by=request.user),
        "Your changes were saved.",
    )
    if saved:
        return redirect(saved)
    return _form_page(request, form, f"Edit {team}", "", team.get_absolute_url(), team)


@domain_view
@require_http_methods(["GET", "POST"])
def team_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a team with no members or estimates."""
    team = selectors.team_get(user=request.user, pk=pk)
    require(request.user, "organization.delete_team", team)
    return delete_page(
        request,
        team,
        kind="team",
        back=team.get_absolute_url(),
        done=reverse("organization:team_list"),
        delete=lambda version: services.team_delete(team=team, by=request.user, version=version),
    )


#
# People
#


@domain_view
def person_list(request: HttpRequest) -> HttpResponse:
    """Everyone in the company Tandem knows about."""
    return _list_page(
        request, selectors.person_list, "organization/person_list.html", "organization.add_person"
    )


@domain_view
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person: where they work, their time, and the initiatives they sponsor or own."""
    person = selectors.person_get(user=request.user, pk=pk)
    involvement = web_selectors.person_involvement(user=request.user, person=person)
    return render_page(
        request,
        "organization/person_detail.html",
        {
            "person": person,
            **involvement,
            "history": web_selectors.object_history(user=request.user, obj=person),
        },
    )


def _person_save(request: HttpRequest, person, data: dict):
    """Create or update a person; moving someone to another unit needs the office's rights."""
    for perm in person_edit_permissions(person, data):
        require(request.user, perm, person)
    if person is None:
        return services.person_create(data=data, by=request.user)
    return services.person_update(person=person, data=data, by=request.user)


@domain_view
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Add a person."""
    require(request.user, "organization.add_person")
    form = forms.PersonForm(request.POST or None)
    person = save_form(
        request,
        form,
        lambda data: _person_save(request, None, data),
        "The person was added.",
    )
    if person:
        return redirect(person)
    return _form_page(
        request,
        form,
        "New person",
        "Someone in an IT team, a business sponsor, or a Tandem user.",
        reverse("organization:person_list"),
    )


@domain_view
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a person."""
    person = selectors.person_get(user=request.user, pk=pk)
    require(request.user, "organization.change_person", person)
    form = forms.PersonForm(request.POST or None, instance=person)
    saved = save_form(
        request,
        form,
        lambda data: _person_save(request, person, data),
        "Your changes were saved.",
    )
    if saved:
        return redirect(saved)
    return _form_page(request, form, f"Edit {person}", "", person.get_absolute_url(), person)


@domain_view
@require_http_methods(["GET", "POST"])
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a person nothing refers to any more."""
    person = selectors.person_get(user=request.user, pk=pk)
    require(request.user, "organization.delete_person", person)
    return delete_page(
        request,
        person,
        kind="person",
        back=person.get_absolute_url(),
        done=reverse("organization:person_list"),
        delete=lambda version: services.person_delete(
            person=person, by=request.user, version=version
        ),
    )
