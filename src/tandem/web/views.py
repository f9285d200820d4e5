"""The dashboard and the pages of sections still to come."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from tandem.web import selectors
from tandem.web.sections import SECTIONS


def dashboard(request: HttpRequest) -> HttpResponse:
    """Where everyone lands: the portfolio at a glance and what changed lately."""
    summary = selectors.dashboard_summary(user=request.user)
    return render(request, "web/dashboard.html", summary)


def section(request: HttpRequest, section: str) -> HttpResponse:
    """A section that arrives in a later release: what it will show, and what to use now."""
    if section not in SECTIONS:
        raise Http404("There is no such section.")
    return render(
        request, "web/section_detail.html", {"section": SECTIONS[section], "slug": section}
    )
