"""Small helpers every HTML view shares: domain errors as HTTP answers, page or partial."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from tandem.core.errors import DomainError, Forbidden, NotFound

if TYPE_CHECKING:
    from collections.abc import Callable

    from django import forms
    from django.http import HttpRequest, HttpResponse


def domain_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer `Forbidden` with the 403 page and `NotFound` with the 404 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Forbidden as err:
            raise PermissionDenied(err.message) from err
        except NotFound as err:
            raise Http404(err.message) from err

    return wrapper


def is_partial(request: HttpRequest) -> bool:
    """True for an HTMX request that swaps a region (not a history restore)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def render_page(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    partial: str | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the whole page, or only `partial` of it when HTMX asks for a region."""
    name = f"{template}#{partial}" if partial and is_partial(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    """Redirect; an HTMX request reloads the whole page instead.

    A form shown inline on the page it returns to gets a refresh: a client redirect to the
    same page with only a new #fragment would just scroll, not show the change.
    """
    if not is_partial(request):
        return redirect(url)
    current = urlsplit(request.htmx.current_url or "")
    if current.path == urlsplit(url).path:
        return HttpResponseClientRefresh()
    return HttpResponseClientRedirect(url)


def add_domain_error(form: forms.Form, err: DomainError) -> None:
    """Put a service's refusal on the form field it names, or on the form as a whole."""
    form.add_error(err.field if err.field in form.fields else None, err.message)


def save_form(
    request: HttpRequest, form: forms.Form, save: Callable[[dict[str, Any]], Any], success: str
) -> Any:
    """Validate `form` and call `save(cleaned_data)`; on a refusal put it on the form.

    Returns what `save` returned, or None when the form must be shown again.
    """
    if not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except DomainError as err:
        add_domain_error(form, err)
        return None
    messages.success(request, success)
    return result


def posted_number(request: HttpRequest, name: str) -> int | None:
    """The whole number posted as `name` (a version the form was based on), or None."""
    value = request.POST.get(name) or ""
    return int(value) if value.isdigit() else None


def delete_page(
    request: HttpRequest,
    obj: Any,
    *,
    kind: str,
    delete: Callable[[int | None], Any],
    back: str,
    done: str,
) -> HttpResponse:
    """GET: ask for confirmation. POST: call `delete(version)`; a refusal is shown on `back`."""
    if request.method != "POST":
        return render_page(
            request,
            "web/confirm_delete.html",
            {"object": obj, "kind": kind, "cancel_url": back, "action": request.path},
        )
    try:
        delete(posted_number(request, "version"))
    except DomainError as err:
        messages.error(request, err.message)
        return redirect(back)
    messages.success(request, f"The {kind} “{obj}” was deleted.")
    return redirect(done)
