"""Writes for prioritization. Every function is one transaction; a refusal changes nothing."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from tandem.accounts.roles import is_business_lead, is_it_lead, user_unit_id
from tandem.core.errors import Conflict, RuleViolation
from tandem.core.services import (
    check_version,
    create_object,
    delete_object,
    lock,
    update_object,
    validate_and_save,
)
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import Initiative
from tandem.prioritization import choices, defaults, engine_io
from tandem.prioritization.choices import Side
from tandem.prioritization.models import (
    Alternative,
    Criterion,
    ModelRevision,
    Score,
    ScoringModel,
    SelectionRun,
)

CRITERION_FIELDS = ("name", "weight", "higher_is_better", "levels")
CLOSED_STATES = (InitiativeState.DONE, InitiativeState.CANCELLED)

#
# Scoring models and criteria
#


@transaction.atomic
def scoring_model_activate(*, model: ScoringModel, by: Any, version: int | None) -> ScoringModel:
    """Make `model` the one active scoring model; everything is ranked by it from now on."""
    locked = lock(model)
    check_version(locked, version)
    if locked.is_active:
        return locked
    for other in ScoringModel.objects.select_for_update().filter(is_active=True):
        other.is_active = False
        validate_and_save(other, by=by, reason=f"Replaced by {locked.name}")
    locked.is_active = True
    validate_and_save(locked, by=by, reason="Activated")
    revision_record(locked, reason=f"{locked.name} made the active model", by=by, activated=True)
    return locked


@transaction.atomic
def criterion_update(*, criterion: Criterion, data: dict[str, Any], by: Any) -> Criterion:
    """Change a criterion's name, weight, direction or level texts; the model is re-revised."""
    locked = lock(criterion)
    before = {name: getattr(locked, name) for name in CRITERION_FIELDS}
    updated = update_object(locked, data=data, fields=CRITERION_FIELDS, by=by)
    changed = [name for name in CRITERION_FIELDS if getattr(updated, name) != before[name]]
    if changed:
        what = ", ".join(
            _change_text(name, before[name], getattr(updated, name)) for name in changed
        )
        revision_record(updated.model, reason=f"{updated.name}: {what}", by=by)
    return updated


def _change_text(name: str, old: Any, new: Any) -> str:
    if name == "weight":
        return f"weight {Decimal(old).normalize():f} → {Decimal(new).normalize():f}"
    if name == "levels":
        return "level descriptions"
    if name == "higher_is_better":
        return "higher is better" if new else "lower is better"
    return f"{name} {old} → {new}"


@transaction.atomic
def scoring_models_install_defaults(*, by: Any = None) -> ScoringModel | None:
    """Install the weighted (active), WSJF and RICE models when there are no scoring models
    at all (the migration does this for a new database); returns the active model."""
    if not ScoringModel.objects.exists():
        for spec in defaults.default_models():
            model = ScoringModel(
                name=spec["name"],
                method=spec["method"],
                description=spec["description"],
                is_active=spec["is_active"],
            )
            validate_and_save(model, by=by, bump=False)
            for fields in spec["criteria"]:
                criterion = Criterion(model=model, **fields)
                validate_and_save(criterion, by=by, bump=False)
            revision_record(model, reason="Installed with Tandem", by=by)
    return ScoringModel.objects.filter(is_active=True).first()


def revision_record(
    model: ScoringModel, *, reason: str, by: Any, activated: bool = False
) -> ModelRevision:
    """Keep the model's definition as it stands now, numbered after the last one."""
    last = model.revisions.aggregate(last=Max("number"))["last"] or 0
    revision = ModelRevision(
        model=model,
        number=last + 1,
        definition=engine_io.definition_of(model),
        reason=reason[:200],
        activated=activated,
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    validate_and_save(revision, by=by, bump=False)
    return revision


#
# Scores
#


def scorer_side(user: Any, criterion: Criterion) -> str:
    """The side `user` speaks for: IT leads for IT, business leads for the business; the
    portfolio office and admins score as the criterion's own side.

    A lead may also give a view on the other side's criteria: it is recorded with the lead's
    own side, shown beside the owners' scores and flagged when the two differ, but the total
    counts the owning side's scores (see `tandem.engine.scoring.score`)."""
    if is_it_lead(user):
        return Side.IT
    if is_business_lead(user):
        return Side.BUSINESS
    return criterion.side


@transaction.atomic
def score_set(
    *, initiative: Initiative, criterion: Criterion, data: dict[str, Any], by: Any
) -> tuple[Score, bool]:
    """Record `by`'s score of `initiative` on `criterion`: a new score, or a change to theirs
    (then `data["version"]` must be its current version). Returns (score, created)."""
    locked = lock(initiative)
    _refuse_closed(locked)
    if not criterion.model.is_active:
        raise RuleViolation(
            f"'{criterion.name}' belongs to {criterion.model.name}, which is not the active "
            "scoring model; score the active model's criteria.",
            code=choices.SCORE_INACTIVE_MODEL,
            field="criterion",
        )
    side = scorer_side(by, criterion)
    existing = (
        Score.objects.select_for_update()
        .filter(initiative=locked, criterion=criterion, scorer=by)
        .first()
    )
    if existing is not None:
        return update_object(existing, data=data, fields=("value", "rationale"), by=by), False
    unit = user_unit_id(by) if side == Side.BUSINESS else None
    fields = ("initiative", "criterion", "scorer", "side", "unit", "value", "rationale")
    values = {**data, "initiative": locked, "criterion": criterion, "scorer": by, "side": side}
    score = create_object(Score, data={**values, "unit": unit}, fields=fields, by=by)
    return score, True


@transaction.atomic
def scores_record(
    *, initiative: Initiative, entries: list[tuple[Criterion, dict[str, Any] | None]], by: Any
) -> int:
    """Record a scorer's sheet in one go: each (criterion, data) sets that score, and
    (criterion, None) withdraws the scorer's score if there is one. All or nothing; returns
    how many scores changed."""
    changed = 0
    for criterion, data in entries:
        if data is None:
            mine = Score.objects.filter(initiative=initiative, criterion=criterion, scorer=by)
            for score in mine:
                score_delete(score=score, by=by)
                changed += 1
            continue
        before = Score.objects.filter(initiative=initiative, criterion=criterion, scorer=by)
        previous = before.values_list("value", "rationale").first()
        score, created = score_set(initiative=initiative, criterion=criterion, data=data, by=by)
        changed += created or previous != (score.value, score.rationale)
    return changed


@transaction.atomic
def score_delete(*, score: Score, by: Any, version: int | None = None) -> None:
    """Withdraw a score."""
    _refuse_closed(score.initiative)
    delete_object(score, by=by, version=version)


def _refuse_closed(initiative: Initiative) -> None:
    if initiative.state in CLOSED_STATES:
        raise RuleViolation(
            f"The initiative is {initiative.get_state_display().lower()}; it is no longer scored.",
            code=choices.SCORE_CLOSED_INITIATIVE,
            field="initiative",
        )


#
# Alternatives
#


@transaction.atomic
def alternative_create(*, data: dict[str, Any], by: Any) -> Alternative:
    """Mark two initiatives as alternatives (at most one is funded)."""
    first, second = data.get("first"), data.get("second")
    first_id, second_id = getattr(first, "pk", first), getattr(second, "pk", second)
    if first_id is not None and first_id == second_id:
        raise RuleViolation(
            "An initiative cannot be an alternative to itself.",
            code=choices.ALTERNATIVE_SELF,
            field="second",
        )
    if first_id is not None and second_id is not None and first_id > second_id:
        data = {**data, "first": second, "second": first}
        first_id, second_id = second_id, first_id
    if Alternative.objects.filter(first_id=first_id, second_id=second_id).exists():
        raise Conflict(
            "These two initiatives are already alternatives.",
            code=choices.ALTERNATIVE_DUPLICATE,
            field="second",
        )
    return create_object(Alternative, data=data, fields=("first", "second", "note"), by=by)


@transaction.atomic
def alternative_delete(*, alternative: Alternative, by: Any, version: int | None = None) -> None:
    """The two initiatives are no longer alternatives."""
    delete_object(alternative, by=by, version=version)


#
# Selection
#


def selection_run_create(
    *,
    period_from: str,
    period_to: str,
    budget: Decimal | None,
    by: Any,
    time_limit: float = 10.0,
) -> SelectionRun:
    """Choose what to fund in the period: the engine runs outside any transaction, then the
    run, with its input and answer, is saved in one."""
    built = engine_io.selection_problem_build(
        period_from=period_from, period_to=period_to, budget=budget
    )
    selection = engine_io.selection_solve(built, time_limit=time_limit)
    return _selection_run_save(built, selection, budget=budget, time_limit=time_limit, by=by)


@transaction.atomic
def _selection_run_save(
    built: engine_io.BuiltSelection,
    selection: Any,
    *,
    budget: Decimal | None,
    time_limit: float,
    by: Any,
) -> SelectionRun:
    active = ScoringModel.objects.filter(is_active=True).first()
    run = SelectionRun(
        period_from=built.period_from,
        period_to=built.period_to,
        budget=budget,
        time_limit_s=time_limit,
        status=selection.status,
        objective=selection.objective,
        bound=selection.bound,
        gap_pct=selection.gap_pct,
        runtime_s=selection.runtime_s,
        greedy_objective=selection.greedy.objective,
        lp_bound=selection.lp_bound,
        revision=active.revisions.first() if active else None,
        candidate_ids=built.candidate_ids,
        problem=built.problem.to_json(),
        result={
            **selection.to_json(),
            "notes": built.notes,
            "unestimated": built.unestimated,
        },
        by=by if getattr(by, "is_authenticated", False) else None,
    )
    validate_and_save(run, by=by, bump=False)
    return run
