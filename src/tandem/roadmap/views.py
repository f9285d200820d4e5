"""Roadmap pages: when each approved initiative can be delivered, and why some slip.

Every signed-in role reads them (`roadmap.view_plan`). The plan comes from
`selectors.roadmap_plan` (remembered per state of the records, so a page view is cheap);
`charts` draws it as an SVG Gantt chart and the table below it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from tandem.core.errors import RuleViolation
from tandem.core.permissions import require
from tandem.portfolio import selectors as portfolio_selectors
from tandem.roadmap import charts, choices, selectors
from tandem.web.http import domain_view, render_page

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest, HttpResponse

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
    context = {"by": by, "problem": ""}
    try:
        plan = selectors.roadmap_plan(user=request.user)
    except RuleViolation as err:
        context["problem"] = err.message
    else:
        url = _initiative_url()
        context |= {
            "plan": plan,
            "chart": charts.gantt(plan, by=by, url=url),
            "rows": charts.why_rows(plan, by, url),
        }
    return render_page(request, "roadmap/overview.html", context, partial="body")


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
    return render_page(
        request,
        "roadmap/initiative_plan.html",
        {"initiative": initiative, **found},
        partial="plan",
    )
