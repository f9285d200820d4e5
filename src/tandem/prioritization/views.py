"""Prioritization pages: the ranked portfolio, an initiative's scores side by side, the
portfolio selection with its cut line, and the scoring models.

Everyone signed in reads them; scoring, configuring models and running selections are
checked per action (see `rules`).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import json_script
from django.views.decorators.http import require_POST

from tandem.accounts.roles import is_business_lead, is_it_lead
from tandem.core.errors import DomainError
from tandem.core.memo import SharedMemo
from tandem.core.permissions import require
from tandem.portfolio import selectors as portfolio_selectors
from tandem.prioritization import charts, selectors, services
from tandem.prioritization.forms import CriterionForm, ScoreForm, SelectionForm
from tandem.web.http import add_domain_error, domain_view, render_page

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


PER_PAGE = 50


@domain_view
def ranking(request: HttpRequest) -> HttpResponse:
    """The open initiatives ranked by the active model, with the latest cut line."""
    require(request.user, "prioritization.view_score")
    ranked = selectors.ranking(user=request.user)
    flagged_only = request.GET.get("flagged") == "1"
    listed = ranked.flagged if flagged_only else ranked.rows
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    shown = dataclasses.replace(ranked, rows=list(page.object_list))
    latest = selectors.selection_run_list(user=request.user).first()
    cut_line: dict[int, dict[str, Any]] = {}
    if latest is not None:
        view = selectors.selection_view(latest)
        cut_line = {row["id"]: row for row in view["funded"] + view["unfunded"]}
    return render_page(
        request,
        "prioritization/ranking.html",
        {
            "ranking": ranked,
            "rows": charts.ranking_rows(shown, cut_line),
            "page": page,
            "flagged_only": flagged_only,
            "latest": latest,
            "bubble_script": _bubble_script(ranked),
            "flagged": len(ranked.flagged),
        },
    )


# The value-against-effort chart of a large portfolio is a few hundred KB of JSON: written
# once per state of what it shows, not on every request.
_BUBBLES = SharedMemo(size=8)


def _bubble_script(ranked: Any) -> str:
    """The bubble chart's option as `json_script` writes it, remembered per figures shown."""
    key = (
        ranked.method,
        tuple(
            (
                row.initiative.pk,
                row.initiative.kind,
                row.initiative.title,
                row.effort_person_weeks,
                row.business_value,
                row.total,
            )
            for row in ranked.rows
        ),
    )
    script = _BUBBLES.get(key)
    if script is None:
        script = _BUBBLES.put(
            key, json_script(charts.value_effort_bubbles(ranked), "chart-bubbles")
        )
    return script


@domain_view
def initiative_scores(request: HttpRequest, pk: int) -> HttpResponse:
    """Both sides' scores of one initiative; the user scores their side's criteria here."""
    initiative = portfolio_selectors.initiative_get(user=request.user, pk=pk)
    require(request.user, "prioritization.view_score")
    can_score = request.user.has_perm("prioritization.score_initiative", initiative)
    sheet = selectors.initiative_scoring(user=request.user, initiative=initiative)
    forms = _score_forms(request, sheet, can_score)
    if request.method == "POST":
        require(request.user, "prioritization.score_initiative", initiative)
        if all(form.is_valid() for form in forms):
            entries = [(form.criterion, _score_data(form)) for form in forms]
            try:
                changed = services.scores_record(
                    initiative=initiative, entries=entries, by=request.user
                )
            except DomainError as err:
                add_domain_error(forms[0], err) if forms else messages.error(request, err.message)
            else:
                messages.success(
                    request,
                    f"Your scores are saved ({changed} changed)." if changed else "No change.",
                )
                return redirect("prioritization:initiative_scores", pk=initiative.pk)
    return render_page(
        request,
        "prioritization/initiative_scores.html",
        {
            "initiative": initiative,
            "sheet": sheet,
            "forms": forms,
            "can_score": can_score,
            "my_side": _side_label(request.user),
        },
    )


def _score_forms(request: HttpRequest, sheet: dict[str, Any], can_score: bool) -> list[ScoreForm]:
    """A form per criterion, filled with the user's own scores: their side's criteria
    first, then the other side's, where their view is a second opinion."""
    if not can_score or sheet["model"] is None:
        return []
    forms = []
    rows = sorted(
        sheet["criteria"],
        key=lambda row: services.scorer_side(request.user, row.criterion) != row.criterion.side,
    )
    for row in rows:
        mine = row.mine
        initial = (
            {"value": str(mine.value), "rationale": mine.rationale, "version": mine.version}
            if mine
            else {}
        )
        data = request.POST if request.method == "POST" else None
        form = ScoreForm(
            data, prefix=f"c{row.criterion.pk}", initial=initial, criterion=row.criterion
        )
        form.own_side = services.scorer_side(request.user, row.criterion) == row.criterion.side
        forms.append(form)
    return forms


def _score_data(form: ScoreForm) -> dict[str, Any] | None:
    data = form.cleaned_data
    if data.get("value") is None:
        return None
    return {
        "value": data["value"],
        "rationale": data.get("rationale", ""),
        "version": data.get("version"),
    }


def _side_label(user: Any) -> str:
    if is_it_lead(user):
        return "IT"
    if is_business_lead(user):
        return "the business"
    return "the portfolio office"


@domain_view
def selection(request: HttpRequest) -> HttpResponse:
    """Choose what to fund: the period and budget in, a selection run out."""
    require(request.user, "prioritization.view_selectionrun")
    can_run = request.user.has_perm("prioritization.add_selectionrun")
    form = SelectionForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "prioritization.add_selectionrun")
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = services.selection_run_create(
                    period_from=data["period_from"],
                    period_to=data["period_to"],
                    budget=data.get("budget"),
                    time_limit=data.get("time_limit") or 10.0,
                    by=request.user,
                )
            except DomainError as err:
                add_domain_error(form, err)
            else:
                return redirect("prioritization:selection_detail", pk=run.pk)
    runs = selectors.selection_run_list(user=request.user)[:20]
    return render_page(
        request,
        "prioritization/selection.html",
        {"form": form, "runs": runs, "can_run": can_run},
    )


@domain_view
def selection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One selection: funded, the cut line, the reasons, and the greedy comparison."""
    require(request.user, "prioritization.view_selectionrun")
    run = selectors.selection_run_get(user=request.user, pk=pk)
    view = selectors.selection_view(run)
    return render_page(
        request,
        "prioritization/selection_detail.html",
        {**view, "chart": charts.selection_chart(view)},
    )


@domain_view
def scoring_models(request: HttpRequest) -> HttpResponse:
    """The scoring models, the active one's criteria and levels, and its revisions."""
    require(request.user, "prioritization.view_scoringmodel")
    models = list(selectors.scoring_model_list(user=request.user))
    active = next((m for m in models if m.is_active), None)
    return render_page(
        request,
        "prioritization/scoring_models.html",
        {
            "models": models,
            "active": active,
            "revisions": selectors.revision_list(user=request.user, model=active)[:15]
            if active
            else [],
            "can_change": request.user.has_perm("prioritization.change_scoringmodel"),
        },
    )


@require_POST
@domain_view
def scoring_model_activate(request: HttpRequest, pk: int) -> HttpResponse:
    """Make this model the active one."""
    model = selectors.scoring_model_get(user=request.user, pk=pk)
    require(request.user, "prioritization.change_scoringmodel", model)
    version = request.POST.get("version", "")
    try:
        services.scoring_model_activate(
            model=model, by=request.user, version=int(version) if version.isdigit() else None
        )
    except DomainError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"{model.name} is now the active scoring model.")
    return redirect("prioritization:scoring_models")


@domain_view
def criterion_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a criterion's name, weight or direction."""
    criterion = selectors.criterion_get(user=request.user, pk=pk)
    require(request.user, "prioritization.change_criterion", criterion)
    initial = {
        "name": criterion.name,
        "weight": criterion.weight,
        "higher_is_better": criterion.higher_is_better,
        "version": criterion.version,
    }
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_update(criterion=criterion, data=form.cleaned_data, by=request.user)
        except DomainError as err:
            add_domain_error(form, err)
        else:
            messages.success(request, f"{criterion.name} is saved; the ranking follows it.")
            return redirect("prioritization:scoring_models")
    return render_page(
        request,
        "web/object_form.html",
        {
            "form": form,
            "object": criterion,
            "heading": f"Edit criterion: {criterion.name}",
            "intro": f"Part of {criterion.model.name}. Changing it re-ranks every initiative; "
            "the old definition is kept, so past rankings can still be replayed.",
            "cancel_url": reverse("prioritization:scoring_models"),
        },
    )
