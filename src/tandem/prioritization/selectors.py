"""Reads for prioritization: the ranking, an initiative's scores side by side, the
"needs a conversation" flags, scoring models, alternatives and selection runs."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Prefetch, Q, QuerySet, Sum

from tandem.core.errors import NotFound
from tandem.engine import scoring
from tandem.organization.models import BusinessUnit
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import BusinessOutcome, EffortEstimate, Initiative
from tandem.portfolio.value import value_statement
from tandem.prioritization import choices, engine_io
from tandem.prioritization.choices import Side
from tandem.prioritization.models import (
    Alternative,
    Criterion,
    ModelRevision,
    Score,
    ScoringModel,
    SelectionRun,
)

RANKED_STATES = (
    InitiativeState.IDEA,
    InitiativeState.INTAKE,
    InitiativeState.FEASIBILITY_REVIEW,
    InitiativeState.APPROVED,
    InitiativeState.IN_PROGRESS,
    InitiativeState.ON_HOLD,
)

#
# Scoring models
#


def scoring_model_list(*, user: Any) -> QuerySet[ScoringModel]:
    return ScoringModel.objects.prefetch_related(
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
    )


def scoring_model_get(*, user: Any, pk: int) -> ScoringModel:
    found = scoring_model_list(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound("There is no such scoring model.", code=choices.SCORING_MODEL_NOT_FOUND)
    return found


def criterion_get(*, user: Any, pk: int) -> Criterion:
    found = Criterion.objects.select_related("model").filter(pk=pk).first()
    if found is None:
        raise NotFound("There is no such criterion.", code=choices.CRITERION_NOT_FOUND)
    return found


def revision_list(*, user: Any, model: ScoringModel | None = None) -> QuerySet[ModelRevision]:
    queryset = ModelRevision.objects.select_related("model", "by")
    return queryset.filter(model=model) if model is not None else queryset


def revision_get(*, user: Any, pk: int) -> ModelRevision:
    found = revision_list(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound("There is no such model revision.", code=choices.SCORING_MODEL_NOT_FOUND)
    return found


#
# Ranking
#


@dataclass
class Ranked:
    """One initiative in the ranking, with everything the list shows."""

    initiative: Initiative
    rank: int | None
    total: float | None
    coverage: float
    business_value: float | None
    it_view: float | None
    breakdown: list[dict[str, Any]]
    flags: list[dict[str, Any]]
    statement: str
    effort_person_weeks: float
    scored_by: list[str] = field(default_factory=list)


@dataclass
class Ranking:
    """The ranking by one model definition, and what it was computed from."""

    model: ScoringModel | None
    revision: ModelRevision | None
    method: str
    criteria: list[dict[str, Any]]
    rows: list[Ranked]
    as_of: dt.datetime | None = None

    @property
    def flagged(self) -> list[Ranked]:
        return [row for row in self.rows if row.flags]


def _ranked_initiatives(ids: list[int] | None, states: tuple[str, ...]) -> list[Initiative]:
    queryset = (
        Initiative.objects.filter(state__in=states)
        .select_related("requesting_unit")
        .prefetch_related(
            Prefetch("outcomes", queryset=BusinessOutcome.objects.order_by("target_date", "id"))
        )
        .annotate(effort=Sum("estimates__likely"))
        .order_by("title", "pk")
    )
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return list(queryset)


# What a ranking is worked out from: when none of these changed, the last answer stands.
# Initiatives count by the columns that place them (RANKING_COLUMNS); their titles and
# budgets are edited all day and only label the rows, so they are read afresh per answer.
RANKING_COLUMNS = ("id", "state", "kind", "requesting_unit_id")
RANKING_SOURCES = (
    Score,
    BusinessOutcome,
    EffortEstimate,
    ModelRevision,
    ScoringModel,
    Criterion,
    BusinessUnit,
)


class _RankingMemo:
    """The last few rankings of this process, by the state of their sources.

    A ranking of a large portfolio takes a few hundred milliseconds (every score, every
    outcome); the page, the API and each initiative's scores page all ask for it. The key is
    a stamp of every source table (row count and newest change) plus the question, so any
    write through a service shows at once. Values are only read by callers."""

    size = 4

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple, Ranking] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Ranking | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: tuple, value: Ranking) -> Ranking:
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_RANKINGS = _RankingMemo()


def _stamp() -> tuple:
    parts: list[Any] = []
    for model in RANKING_SOURCES:
        field = "updated" if any(f.name == "updated" for f in model._meta.fields) else "created"
        row = model._default_manager.order_by().aggregate(n=Count("pk"), last=Max(field))
        parts.append((row["n"], row["last"]))
    placed = Initiative.objects.order_by("pk").values_list(*RANKING_COLUMNS)
    parts.append(hashlib.blake2b(repr(list(placed)).encode(), digest_size=16).hexdigest())
    return tuple(parts)


def _with_fresh_labels(ranking: Ranking) -> Ranking:
    """The remembered ranking with each initiative's current title and budget."""
    ids = [row.initiative.pk for row in ranking.rows]
    fresh = {
        pk: (title, budget)
        for pk, title, budget in Initiative.objects.filter(pk__in=ids).values_list(
            "pk", "title", "budget_estimate"
        )
    }
    for row in ranking.rows:
        title, budget = fresh.get(row.initiative.pk, (row.initiative.title, None))
        row.initiative.title, row.initiative.budget_estimate = title, budget
    return ranking


def ranking(
    *,
    user: Any,
    revision: ModelRevision | None = None,
    states: tuple[str, ...] = RANKED_STATES,
    initiative_ids: list[int] | None = None,
) -> Ranking:
    """Open initiatives ranked by the active model, or by a past `revision` with the scores
    as they stood when that revision was replaced (or now, for the latest one)."""
    if initiative_ids is not None:
        return _ranking(revision=revision, states=states, initiative_ids=initiative_ids)
    key = (_stamp(), revision.pk if revision else None, states)
    found = _RANKINGS.get(key)
    if found is not None:
        return _with_fresh_labels(found)
    return _RANKINGS.put(key, _ranking(revision=revision, states=states, initiative_ids=None))


def _ranking(
    *,
    revision: ModelRevision | None,
    states: tuple[str, ...],
    initiative_ids: list[int] | None,
) -> Ranking:
    model = revision.model if revision is not None else engine_io.active_model()
    if model is None:
        return Ranking(None, None, "", [], [])
    if revision is None:
        revision = model.revisions.order_by("-number").first()
    definition = revision.definition if revision else engine_io.definition_of(model)
    as_of = _replaced_at(revision) if revision is not None else None
    initiatives = _ranked_initiatives(initiative_ids, states)
    ids = [i.pk for i in initiatives]
    rated = engine_io.ratings_of(definition, ids, engine_io.score_rows(ids, as_of=as_of))
    rows = _rows(definition, initiatives, rated)
    return Ranking(model, revision, definition["method"], definition["criteria"], rows, as_of)


def _replaced_at(revision: ModelRevision) -> dt.datetime | None:
    """When `revision` stopped being the ranking's definition: the model's next revision, or
    another model being made active; None while it is still current."""
    return (
        ModelRevision.objects.filter(created__gt=revision.created)
        .filter(Q(model=revision.model) | Q(activated=True))
        .order_by("created", "id")
        .values_list("created", flat=True)
        .first()
    )


def _rows(
    definition: dict[str, Any], initiatives: list[Initiative], rated: engine_io.Ratings
) -> list[Ranked]:
    model = engine_io.engine_model(definition)
    n = len(initiatives)
    result = scoring.score(model, rated.ratings, n)
    business = scoring.business_value(model, rated.ratings, n)
    it_view = scoring.it_view(model, rated.ratings, n)
    flags = scoring.disagreements(model, rated.ratings, n, unit_names=rated.unit_names)
    by_item: dict[int, list[dict[str, Any]]] = {}
    for flag in flags:
        by_item.setdefault(flag.item, []).append(
            {
                "kind": flag.kind,
                "criterion": definition["criteria"][flag.criterion]["name"]
                if flag.criterion is not None
                else None,
                "text": flag.text,
            }
        )
    rows = []
    for item in result.order:
        initiative = initiatives[item]
        breakdown = [
            {
                "criterion": row["name"],
                "side": row["side"],
                "value": result.values[item][c],
                "points": result.contributions[item][c],
            }
            for c, row in enumerate(definition["criteria"])
        ]
        rows.append(
            Ranked(
                initiative=initiative,
                rank=result.ranks[item],
                total=result.totals[item],
                coverage=result.coverage[item],
                business_value=business[item],
                it_view=it_view[item],
                breakdown=breakdown,
                flags=by_item.get(item, []),
                statement=value_statement(initiative),
                effort_person_weeks=float(getattr(initiative, "effort", None) or 0),
                scored_by=sorted(rated.scored_by.get(initiative.pk, set())),
            )
        )
    return rows


def conversation_flags(*, user: Any) -> list[Ranked]:
    """Initiatives flagged "needs a conversation", for the governance agenda."""
    return ranking(user=user).flagged


#
# One initiative's scores
#


@dataclass
class CriterionScores:
    criterion: Criterion
    business: list[Score]
    it: list[Score]
    mine: Score | None

    @property
    def business_mean(self) -> float | None:
        return _mean(self.business)

    @property
    def it_mean(self) -> float | None:
        return _mean(self.it)


def _mean(scores: list[Score]) -> float | None:
    return sum(s.value for s in scores) / len(scores) if scores else None


def initiative_scoring(*, user: Any, initiative: Initiative) -> dict[str, Any]:
    """Both sides' scores of `initiative` on the active model, criterion by criterion, the
    user's own, the flags and the initiative's place in the ranking."""
    model = engine_io.active_model()
    if model is None:
        return {"model": None, "criteria": [], "ranked": None}
    criteria = engine_io.criteria_of(model)
    scores = list(
        Score.objects.filter(initiative=initiative, criterion__model=model)
        .select_related("scorer", "unit", "scorer__person")
        .order_by("criterion__position", "id")
    )
    rows = []
    for criterion in criteria:
        mine = [s for s in scores if s.criterion_id == criterion.pk]
        rows.append(
            CriterionScores(
                criterion=criterion,
                business=[s for s in mine if s.side == Side.BUSINESS],
                it=[s for s in mine if s.side == Side.IT],
                mine=next((s for s in mine if s.scorer_id == user.pk), None),
            )
        )
    place = ranking(user=user)
    ranked = next((r for r in place.rows if r.initiative.pk == initiative.pk), None)
    return {"model": model, "criteria": rows, "ranked": ranked, "of": len(place.rows)}


def score_list(*, user: Any, initiative: Initiative) -> QuerySet[Score]:
    return Score.objects.filter(initiative=initiative).select_related("criterion", "unit")


def score_get(*, user: Any, pk: int) -> Score:
    found = Score.objects.select_related("initiative", "criterion", "criterion__model").filter(
        pk=pk
    )
    score = found.first()
    if score is None:
        raise NotFound("There is no such score.", code=choices.SCORE_NOT_FOUND)
    return score


#
# Alternatives and selection runs
#


def alternative_list(*, user: Any) -> QuerySet[Alternative]:
    return Alternative.objects.select_related("first", "second").order_by("first__title", "pk")


def alternative_get(*, user: Any, pk: int) -> Alternative:
    found = alternative_list(user=user).filter(pk=pk).first()
    if found is None:
        raise NotFound("There is no such pair of alternatives.", code=choices.ALTERNATIVE_NOT_FOUND)
    return found


def selection_run_list(*, user: Any) -> QuerySet[SelectionRun]:
    return SelectionRun.objects.select_related("by").defer("problem", "result")


def selection_run_get(*, user: Any, pk: int) -> SelectionRun:
    """One run, without its stored input and answer (see `selection_view`)."""
    found = (
        SelectionRun.objects.select_related("by", "revision")
        .defer("problem", "result")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise NotFound("There is no such selection run.", code=choices.SELECTION_RUN_NOT_FOUND)
    return found


class _RunPayloads:
    """The stored input and answer of the last few runs read by this process.

    A run never changes once saved, and its JSON (every candidate's needs, every reason) is
    the largest part of reading it: the ranking page shows the latest run's cut line on every
    visit. Titles are still read afresh."""

    size = 8

    def __init__(self) -> None:
        self._entries: OrderedDict[int, tuple[dict, dict]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, pk: int) -> tuple[dict, dict]:
        with self._lock:
            if pk in self._entries:
                self._entries.move_to_end(pk)
                return self._entries[pk]
        problem, result = SelectionRun.objects.filter(pk=pk).values_list("problem", "result").get()
        with self._lock:
            self._entries[pk] = (problem, result)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return problem, result

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_RUN_PAYLOADS = _RunPayloads()


def selection_view(run: SelectionRun) -> dict[str, Any]:
    """A run as people read it: funded and unfunded initiatives with the binding reasons,
    the money and person-weeks used, and the comparison with a simple greedy ranking."""
    problem, result = _RUN_PAYLOADS.get(run.pk)
    ids = run.candidate_ids
    titles = dict(Initiative.objects.filter(pk__in=ids).values_list("pk", "title"))
    unestimated = set(result.get("unestimated", []))
    chosen = set(result.get("chosen", []))
    greedy_chosen = set(result.get("greedy", {}).get("chosen", []))
    reasons: dict[int, list[str]] = {}
    for reason in result.get("reasons", []):
        reasons.setdefault(reason["candidate"], []).append(reason["text"])
    rows = []
    for i, candidate in enumerate(problem["candidates"]):
        rows.append(
            {
                "index": i,
                "id": ids[i],
                "title": titles.get(ids[i], candidate["name"]),
                "value": candidate["value"],
                "cost": candidate["cost"],
                "person_weeks": sum(n["person_weeks"] for n in candidate.get("needs", [])),
                "mandatory": candidate.get("mandatory", False),
                "kind": candidate.get("kind", ""),
                "funded": i in chosen,
                "estimated": ids[i] not in unestimated,
                "greedy_funded": i in greedy_chosen,
                "reasons": reasons.get(i, []),
            }
        )
    rows.sort(key=lambda r: (not r["funded"], -r["value"], r["title"]))
    funded = [r for r in rows if r["funded"]]
    spent = sum(r["cost"] for r in funded)
    gain = run.objective - run.greedy_objective
    return {
        "run": run,
        "funded": funded,
        "unfunded": [r for r in rows if not r["funded"]],
        "candidates": len(rows),
        "unestimated": sum(1 for r in rows if not r["estimated"]),
        "notes": result.get("notes", []),
        "spent": spent,
        "person_weeks": sum(r["person_weeks"] for r in funded),
        "gain": gain,
        "gain_pct": 100.0 * gain / run.greedy_objective if run.greedy_objective else None,
        "only_optimum": [r for r in funded if not r["greedy_funded"]],
        "only_greedy": [r for r in rows if r["greedy_funded"] and not r["funded"]],
        "teams": problem["team_names"],
        "periods": problem["period_labels"],
    }


def ranking_json(ranking: Ranking, *, offset: int = 0, limit: int | None = None) -> dict[str, Any]:
    """The ranking as the API and `tandem rank --json` give it: `limit` rows from `offset`
    (all when `limit` is None), and how many there are in all."""
    rows = ranking.rows[offset:] if limit is None else ranking.rows[offset : offset + limit]
    return {
        "model": ranking.model.name if ranking.model else None,
        "method": ranking.method,
        "revision": ranking.revision.number if ranking.revision else None,
        "as_of": ranking.as_of,
        "count": len(ranking.rows),
        "offset": offset,
        "initiatives": [
            {
                "rank": row.rank,
                "initiative": row.initiative.pk,
                "title": row.initiative.title,
                "state": row.initiative.state,
                "kind": row.initiative.kind,
                "unit": row.initiative.requesting_unit.name,
                "total": row.total,
                "coverage": row.coverage,
                "business_value": row.business_value,
                "it_view": row.it_view,
                "effort_person_weeks": row.effort_person_weeks,
                "budget_estimate": float(row.initiative.budget_estimate)
                if row.initiative.budget_estimate is not None
                else None,
                "value_statement": row.statement,
                "needs_conversation": bool(row.flags),
                "flags": row.flags,
                "breakdown": row.breakdown,
            }
            for row in rows
        ],
    }


def selection_json(view: dict[str, Any]) -> dict[str, Any]:
    """A selection as the API and `tandem select --json` give it."""
    run = view["run"]

    def item(row: dict[str, Any]) -> dict[str, Any]:
        keys = ("title", "value", "cost", "person_weeks", "mandatory", "funded")
        return {
            "initiative": row["id"],
            **{key: row[key] for key in keys},
            "greedy_funded": row["greedy_funded"],
            "reasons": row["reasons"],
        }

    return {
        "id": run.pk,
        "created": run.created,
        "period_from": run.period_from,
        "period_to": run.period_to,
        "budget": float(run.budget) if run.budget is not None else None,
        "status": run.status,
        "objective": run.objective,
        "bound": run.bound,
        "gap_pct": run.gap_pct,
        "runtime_s": run.runtime_s,
        "greedy_objective": run.greedy_objective,
        "lp_bound": run.lp_bound,
        "funded": [item(r) for r in view["funded"]],
        "not_funded": [item(r) for r in view["unfunded"]],
        "left_out": view["notes"],
    }
