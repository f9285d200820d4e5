"""The prioritization API: scoring models, scores, the ranking, alternatives and selections."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.pagination import paginate

from tandem.core.api_helpers import Pagination, payload_data
from tandem.core.api_schemas import LIST_ERRORS, READ_ERRORS, WRITE_ERRORS
from tandem.core.permissions import require
from tandem.portfolio import selectors as portfolio_selectors
from tandem.portfolio.models import Initiative
from tandem.prioritization import selectors, services
from tandem.prioritization.models import Alternative, ModelRevision, Score, ScoringModel
from tandem.prioritization.schemas import (
    ActivateIn,
    AlternativeIn,
    AlternativeOut,
    CriterionOut,
    CriterionPatch,
    RankingOut,
    RankingQuery,
    RevisionOut,
    ScoreIn,
    ScoreOut,
    ScoringModelOut,
    SelectionIn,
    SelectionOut,
    SelectionSummaryOut,
)

router = Router(tags=["prioritization"])

#
# Scoring models and criteria
#


@router.get(
    "/scoring-models",
    response={200: list[ScoringModelOut], **LIST_ERRORS},
    operation_id="scoring_model_list",
    summary="List scoring models",
)
@paginate(Pagination)
def scoring_model_list(request: HttpRequest) -> QuerySet[ScoringModel]:
    """Weighted, WSJF and RICE models with their criteria; the active one first."""
    require(request.user, "prioritization.view_scoringmodel")
    return selectors.scoring_model_list(user=request.user)


@router.get(
    "/scoring-models/{model_id}",
    response={200: ScoringModelOut, **READ_ERRORS},
    operation_id="scoring_model_get",
    summary="Read a scoring model",
)
def scoring_model_get(request: HttpRequest, model_id: int) -> ScoringModel:
    """One scoring model with its criteria and their level descriptions."""
    require(request.user, "prioritization.view_scoringmodel")
    return selectors.scoring_model_get(user=request.user, pk=model_id)


@router.post(
    "/scoring-models/{model_id}/activate",
    response={200: ScoringModelOut, **WRITE_ERRORS},
    operation_id="scoring_model_activate",
    summary="Make a scoring model the active one",
)
def scoring_model_activate(
    request: HttpRequest, model_id: int, payload: ActivateIn
) -> ScoringModel:
    """Everything is ranked by this model from now on; the switch is kept as a revision."""
    model = selectors.scoring_model_get(user=request.user, pk=model_id)
    require(request.user, "prioritization.change_scoringmodel", model)
    services.scoring_model_activate(model=model, by=request.user, version=payload.version)
    return selectors.scoring_model_get(user=request.user, pk=model_id)


@router.get(
    "/scoring-models/{model_id}/revisions",
    response={200: list[RevisionOut], **READ_ERRORS},
    operation_id="revision_list",
    summary="List a scoring model's revisions",
)
@paginate(Pagination)
def revision_list(request: HttpRequest, model_id: int) -> QuerySet[ModelRevision]:
    """Every definition the model has had, newest first; replay one with /rankings?revision=."""
    require(request.user, "prioritization.view_modelrevision")
    model = selectors.scoring_model_get(user=request.user, pk=model_id)
    return selectors.revision_list(user=request.user, model=model)


@router.patch(
    "/criteria/{criterion_id}",
    response={200: CriterionOut, **WRITE_ERRORS},
    operation_id="criterion_update",
    summary="Change a criterion's name, weight, direction or level texts",
)
def criterion_update(request: HttpRequest, criterion_id: int, payload: CriterionPatch) -> Any:
    """409 if `version` is stale; the model's new definition is kept as a revision."""
    criterion = selectors.criterion_get(user=request.user, pk=criterion_id)
    require(request.user, "prioritization.change_criterion", criterion)
    return services.criterion_update(
        criterion=criterion, data=payload_data(payload), by=request.user
    )


#
# Scores
#


def _initiative(request: HttpRequest, initiative_id: int) -> Initiative:
    return portfolio_selectors.initiative_get(user=request.user, pk=initiative_id)


@router.get(
    "/initiatives/{initiative_id}/scores",
    response={200: list[ScoreOut], **READ_ERRORS},
    operation_id="score_list",
    summary="List the scores an initiative has been given",
)
@paginate(Pagination)
def score_list(request: HttpRequest, initiative_id: int) -> QuerySet[Score]:
    """Every scorer's score on every criterion, business and IT."""
    require(request.user, "prioritization.view_score")
    initiative = _initiative(request, initiative_id)
    return selectors.score_list(user=request.user, initiative=initiative)


@router.put(
    "/initiatives/{initiative_id}/scores/{criterion_id}",
    response={200: ScoreOut, 201: ScoreOut, **WRITE_ERRORS},
    operation_id="score_set",
    summary="Give or change your score on one criterion",
)
def score_set(
    request: HttpRequest, initiative_id: int, criterion_id: int, payload: ScoreIn
) -> Status[Score]:
    """Your score, 0 to 5, with a one-line rationale: 201 when new, 200 when changed (send
    the `version` you read). Business leads score business criteria, IT leads IT ones."""
    initiative = _initiative(request, initiative_id)
    criterion = selectors.criterion_get(user=request.user, pk=criterion_id)
    require(request.user, "prioritization.score_initiative", initiative)
    score, created = services.score_set(
        initiative=initiative, criterion=criterion, data=payload_data(payload), by=request.user
    )
    return Status(201 if created else 200, score)


@router.get(
    "/scores/{score_id}",
    response={200: ScoreOut, **READ_ERRORS},
    operation_id="score_get",
    summary="Read a score",
)
def score_get(request: HttpRequest, score_id: int) -> Score:
    """One score."""
    require(request.user, "prioritization.view_score")
    return selectors.score_get(user=request.user, pk=score_id)


@router.delete(
    "/scores/{score_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="score_delete",
    summary="Withdraw your score",
)
def score_delete(request: HttpRequest, score_id: int, version: int | None = None) -> Status[None]:
    """Only the scorer withdraws a score."""
    score = selectors.score_get(user=request.user, pk=score_id)
    require(request.user, "prioritization.delete_score", score)
    services.score_delete(score=score, by=request.user, version=version)
    return Status(204, None)


#
# Ranking
#


@router.get(
    "/rankings",
    response={200: RankingOut, **READ_ERRORS},
    operation_id="ranking_get",
    summary="The ranked portfolio",
)
def ranking_get(request: HttpRequest, query: Query[RankingQuery]) -> dict[str, Any]:
    """Open initiatives, best first, by the active model (or a past `revision`), with their
    value statements, score breakdowns and "needs a conversation" flags."""
    require(request.user, "prioritization.view_score")
    revision = (
        selectors.revision_get(user=request.user, pk=query.revision) if query.revision else None
    )
    ranking = selectors.ranking(user=request.user, revision=revision)
    return selectors.ranking_json(ranking, offset=query.offset, limit=query.limit)


#
# Alternatives
#


@router.get(
    "/alternatives",
    response={200: list[AlternativeOut], **LIST_ERRORS},
    operation_id="alternative_list",
    summary="List pairs of alternative initiatives",
)
@paginate(Pagination)
def alternative_list(request: HttpRequest) -> QuerySet[Alternative]:
    """Pairs of which at most one can be funded."""
    require(request.user, "prioritization.view_alternative")
    return selectors.alternative_list(user=request.user)


@router.post(
    "/alternatives",
    response={201: AlternativeOut, **WRITE_ERRORS},
    operation_id="alternative_create",
    summary="Mark two initiatives as alternatives",
)
def alternative_create(request: HttpRequest, payload: AlternativeIn) -> Status[Alternative]:
    """At most one of the two will be funded by a selection."""
    require(request.user, "prioritization.add_alternative")
    data = payload_data(payload, {"first": Initiative, "second": Initiative})
    return Status(201, services.alternative_create(data=data, by=request.user))


@router.delete(
    "/alternatives/{alternative_id}",
    response={204: None, **WRITE_ERRORS},
    operation_id="alternative_delete",
    summary="The two are no longer alternatives",
)
def alternative_delete(
    request: HttpRequest, alternative_id: int, version: int | None = None
) -> Status[None]:
    """Remove a pair of alternatives."""
    alternative = selectors.alternative_get(user=request.user, pk=alternative_id)
    require(request.user, "prioritization.delete_alternative", alternative)
    services.alternative_delete(alternative=alternative, by=request.user, version=version)
    return Status(204, None)


#
# Selections
#


@router.get(
    "/selections",
    response={200: list[SelectionSummaryOut], **LIST_ERRORS},
    operation_id="selection_list",
    summary="List portfolio selections",
)
@paginate(Pagination)
def selection_list(request: HttpRequest) -> Any:
    """Past selection runs, newest first."""
    require(request.user, "prioritization.view_selectionrun")
    return selectors.selection_run_list(user=request.user)


@router.post(
    "/selections",
    response={201: SelectionOut, **WRITE_ERRORS},
    operation_id="selection_create",
    summary="Choose what to fund in a period",
)
def selection_create(request: HttpRequest, payload: SelectionIn) -> Status[dict[str, Any]]:
    """The initiatives waiting for a decision that give the most value within the budget and
    each IT team's free capacity per quarter, with dependencies, must-do compliance and
    security work and alternatives respected; the cut line with the binding reason for each
    initiative left out; and how a simple greedy ranking would have done."""
    require(request.user, "prioritization.add_selectionrun")
    run = services.selection_run_create(
        period_from=payload.period_from,
        period_to=payload.period_to,
        budget=payload.budget,
        time_limit=payload.time_limit,
        by=request.user,
    )
    return Status(201, selectors.selection_json(selectors.selection_view(run)))


@router.get(
    "/selections/{selection_id}",
    response={200: SelectionOut, **READ_ERRORS},
    operation_id="selection_get",
    summary="Read a portfolio selection",
)
def selection_get(request: HttpRequest, selection_id: int) -> dict[str, Any]:
    """One selection run with its cut line."""
    require(request.user, "prioritization.view_selectionrun")
    run = selectors.selection_run_get(user=request.user, pk=selection_id)
    return selectors.selection_json(selectors.selection_view(run))
