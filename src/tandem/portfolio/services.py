"""Writes for the portfolio. Every function is one transaction; a refusal changes nothing."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction

from tandem import engine
from tandem.core.errors import Conflict, RuleViolation
from tandem.core.services import (
    apply_fields,
    check_version,
    create_object,
    delete_object,
    lock,
    update_object,
    validate_and_save,
)
from tandem.portfolio import choices, value
from tandem.portfolio.choices import Feasibility, InitiativeState
from tandem.portfolio.models import (
    BusinessOutcome,
    Dependency,
    EffortEstimate,
    Initiative,
    ScopeChange,
    StatusUpdate,
)

INITIATIVE_FIELDS = (
    "title",
    "problem_statement",
    "requesting_unit",
    "business_sponsor",
    "it_owner",
    "kind",
    "budget_estimate",
    "requested_start",
    "requested_end",
    "planned_start",
    "planned_end",
)
ASSESSMENT_FIELDS = ("feasibility", "feasibility_notes")
OUTCOME_FIELDS = ("metric", "baseline", "target", "unit", "target_date", "supports")
ESTIMATE_FIELDS = ("team", "low", "likely", "high", "rate")
STATUS_FIELDS = ("date", "rag", "text")
SCOPE_FIELDS = ("date", "reason", "effort_delta")
CLOSED_STATES = (InitiativeState.DONE, InitiativeState.CANCELLED)
# Template figures beyond this (a trillion) are typing errors, and would overflow an outcome.
TEMPLATE_VALUE_MAX = Decimal(10) ** 12

#
# Initiatives
#


@transaction.atomic
def initiative_create(*, data: dict[str, Any], by: Any) -> Initiative:
    """Create an initiative as an idea; RuleViolation if invalid.

    Intake is reached by submitting the idea once it has a business outcome, so a request to
    create one straight into intake is refused with that explanation."""
    state = data.get("state") or InitiativeState.IDEA
    if state not in choices.CREATE_STATES:
        raise RuleViolation(
            "A new initiative starts as an idea or in intake; later states are reached "
            "through transitions.",
            code=choices.INITIATIVE_CREATE_STATE,
            field="state",
        )
    initiative = Initiative(state=state)
    _apply_and_save(initiative, data, by=by, bump=False)
    if "goals" in data and _set_goals(initiative, data["goals"]):
        _goals_into_latest_record(initiative)
    if state == InitiativeState.INTAKE:
        if problem := _needs_problem(initiative):
            raise problem
        raise RuleViolation(
            "An initiative is submitted to intake with its business outcome, and an outcome "
            "is added once the initiative exists: create it as an idea, add the outcome "
            "(the measure, where it is today, the target and the date), then submit it.",
            code=choices.INITIATIVE_NEEDS_OUTCOME,
            field="outcomes",
        )
    return initiative


@transaction.atomic
def initiative_update(*, initiative: Initiative, data: dict[str, Any], by: Any) -> Initiative:
    """Edit an initiative's fields and goals; Conflict if stale, RuleViolation if closed.

    The goals are set first, without a history record of their own, so the one save that
    follows records fields and goals together: one edit, one history record.
    """
    locked = lock(initiative)
    check_version(locked, data.get("version"))
    _refuse_if_closed(locked)
    changes = apply_fields(locked, data, INITIATIVE_FIELDS)
    goals_changed = "goals" in data and _set_goals(locked, data["goals"])
    if changes or goals_changed:
        validate_and_save(locked, by=by, bump=True)
    return locked


@transaction.atomic
def initiative_delete(*, initiative: Initiative, by: Any, version: int | None = None) -> None:
    """Delete an initiative that never got past intake; later ones are cancelled instead."""
    if initiative.state not in (
        InitiativeState.IDEA,
        InitiativeState.INTAKE,
        InitiativeState.CANCELLED,
    ):
        raise RuleViolation(
            f"An initiative in state '{initiative.get_state_display()}' cannot be deleted; "
            "cancel it instead so its history stays in the plan.",
            code=choices.INITIATIVE_DELETE_STATE,
            field="state",
        )
    delete_object(initiative, by=by, version=version)


@transaction.atomic
def initiative_assess(*, initiative: Initiative, data: dict[str, Any], by: Any) -> Initiative:
    """Record IT's feasibility assessment; Conflict if stale."""
    locked = lock(initiative)
    _refuse_if_closed(locked)
    return update_object(locked, data=data, fields=ASSESSMENT_FIELDS, by=by)


@transaction.atomic
def initiative_transition(
    *, initiative: Initiative, to: str, by: Any, version: int | None = None, reason: str = ""
) -> Initiative:
    """Move `initiative` to state `to`; RuleViolation if a gate fails, Conflict if stale."""
    locked = lock(initiative)
    if version is not None:
        check_version(locked, version)
    if to not in InitiativeState.values:
        raise RuleViolation(f"'{to}' is not a state.", code="INVALID_STATE", field="to")
    allowed = allowed_transitions(locked)
    if to not in allowed:
        names = ", ".join(InitiativeState(s).label for s in allowed) or "nothing (it is closed)"
        raise RuleViolation(
            f"An initiative in '{locked.get_state_display()}' cannot move to "
            f"'{InitiativeState(to).label}'. It can move to: {names}.",
            code=choices.INITIATIVE_TRANSITION_NOT_ALLOWED,
            field="to",
        )
    blockers = transition_blockers(locked, to)
    if blockers:
        raise blockers[0]
    if to == InitiativeState.ON_HOLD:
        locked.held_from_state = locked.state
    elif locked.state == InitiativeState.ON_HOLD:
        locked.held_from_state = ""
    locked.state = to
    label = InitiativeState(to).label
    validate_and_save(locked, by=by, reason=f"Moved to {label}" + (f": {reason}" if reason else ""))
    return locked


def allowed_transitions(initiative: Initiative) -> tuple[str, ...]:
    """The states `initiative` may move to next (gates not yet checked)."""
    if initiative.state == InitiativeState.ON_HOLD:
        resume = (initiative.held_from_state,) if initiative.held_from_state else ()
        return (*resume, *choices.TRANSITIONS[InitiativeState.ON_HOLD])
    return choices.TRANSITIONS[initiative.state]


def transition_blockers(initiative: Initiative, to: str) -> list[RuleViolation]:
    """Every unmet condition for moving `initiative` to `to`; empty when it may move.

    Resuming from on hold returns to a state already earned, so nothing blocks it.
    """
    if initiative.state == InitiativeState.ON_HOLD:
        return []
    return [problem for gate in _GATES.get(to, ()) if (problem := gate(initiative)) is not None]


def _needs_problem(initiative: Initiative) -> RuleViolation | None:
    if initiative.problem_statement.strip():
        return None
    return RuleViolation(
        "Describe the business problem before submitting the initiative to intake.",
        code=choices.INITIATIVE_NEEDS_PROBLEM,
        field="problem_statement",
    )


def _needs_feasibility(initiative: Initiative) -> RuleViolation | None:
    if initiative.feasibility == Feasibility.NOT_ASSESSED:
        return RuleViolation(
            "IT has not assessed feasibility yet; approval needs IT's assessment.",
            code=choices.INITIATIVE_NEEDS_FEASIBILITY,
            field="feasibility",
        )
    if initiative.feasibility == Feasibility.NOT_FEASIBLE:
        return RuleViolation(
            "IT assessed this initiative as not feasible, so it cannot be approved.",
            code=choices.INITIATIVE_NOT_FEASIBLE,
            field="feasibility",
        )
    return None


def _needs_outcome(initiative: Initiative) -> RuleViolation | None:
    if initiative.outcomes.exists():
        return None
    return RuleViolation(
        "An initiative is submitted for approval only with at least one business outcome: "
        "the measure it moves, where it is today, the target and the date (e.g. 'order "
        "fulfilment time from 4 to 3.4 days by Q3 2027').",
        code=choices.INITIATIVE_NEEDS_OUTCOME,
        field="outcomes",
    )


def _needs_estimate(initiative: Initiative) -> RuleViolation | None:
    if initiative.estimates.exists():
        return None
    return RuleViolation(
        "Approval needs at least one effort estimate from an IT team.",
        code=choices.INITIATIVE_NEEDS_ESTIMATE,
        field="estimates",
    )


def _needs_no_cycle(initiative: Initiative) -> RuleViolation | None:
    cycle = engine.find_cycle(Dependency.objects.values_list("predecessor_id", "successor_id"))
    if cycle is None or initiative.pk not in cycle:
        return None
    return RuleViolation(
        "This initiative is part of a dependency cycle: " + _cycle_titles(cycle) + ".",
        code=choices.INITIATIVE_DEPENDENCY_CYCLE,
        field="dependencies",
    )


def _needs_planned_dates(initiative: Initiative) -> RuleViolation | None:
    if initiative.planned_start and initiative.planned_end:
        return None
    return RuleViolation(
        "Work can start only once the initiative has planned start and end dates.",
        code=choices.INITIATIVE_NEEDS_PLANNED_DATES,
        field="planned_start",
    )


_GATES = {
    InitiativeState.INTAKE: (_needs_problem, _needs_outcome),
    InitiativeState.FEASIBILITY_REVIEW: (_needs_outcome,),
    InitiativeState.APPROVED: (
        _needs_feasibility,
        _needs_outcome,
        _needs_estimate,
        _needs_no_cycle,
    ),
    InitiativeState.IN_PROGRESS: (_needs_planned_dates,),
}


def _refuse_if_closed(initiative: Initiative) -> None:
    if initiative.state in CLOSED_STATES:
        raise RuleViolation(
            f"The initiative is {initiative.get_state_display().lower()} and can no longer be "
            "edited.",
            code=choices.INITIATIVE_CLOSED,
            field="state",
        )


def _apply_and_save(initiative: Initiative, data: dict[str, Any], *, by: Any, bump: bool) -> None:
    apply_fields(initiative, data, INITIATIVE_FIELDS)
    validate_and_save(initiative, by=by, bump=bump)


def _set_goals(initiative: Initiative, goals: Any) -> bool:
    """Replace the initiative's goals; return whether they changed.

    simple-history would add a record for each m2m change (two for a `set` that removes and
    adds); the caller's save records the goals instead, so this one writes no history.
    """
    new_ids = {getattr(goal, "pk", goal) for goal in goals}
    if new_ids == set(initiative.goals.values_list("pk", flat=True)):
        return False
    initiative.skip_history_when_saving = True
    try:
        initiative.goals.set(new_ids)
    finally:
        del initiative.skip_history_when_saving
    return True


def _goals_into_latest_record(initiative: Initiative) -> None:
    """Add the goals just set to the snapshot of the initiative's newest history record.

    A new initiative needs its row before it can have goals, so its creation record is written
    first; this completes that record's goal snapshot rather than adding a second record.
    """
    record = initiative.history.order_by("-history_id").first()
    snapshot = record.goals.model
    through = Initiative.goals.through
    names = [f.attname for f in through._meta.concrete_fields]
    snapshot.objects.bulk_create(
        snapshot(history=record, **{name: getattr(row, name) for name in names})
        for row in through.objects.filter(initiative=initiative)
    )


def _cycle_titles(cycle: list[int]) -> str:
    titles = dict(Initiative.objects.filter(pk__in=cycle).values_list("pk", "title"))
    return " → ".join(titles.get(pk, str(pk)) for pk in cycle)


#
# Children of an initiative: outcomes, estimates, status updates, scope changes
#


def _child_create(
    model: type,
    *,
    initiative: Initiative,
    data: dict[str, Any],
    fields: tuple[str, ...],
    by: Any,
    **extra: Any,
) -> Any:
    locked = lock(initiative)
    _refuse_if_closed(locked)
    return create_object(
        model,
        data={**data, "initiative": locked, **extra},
        fields=(*fields, "initiative", *extra),
        by=by,
    )


def _child_update(obj: Any, *, data: dict[str, Any], fields: tuple[str, ...], by: Any) -> Any:
    _refuse_if_closed(obj.initiative)
    return update_object(obj, data=data, fields=fields, by=by)


def _child_delete(obj: Any, *, by: Any, version: int | None) -> None:
    _refuse_if_closed(obj.initiative)
    delete_object(obj, by=by, version=version)


@transaction.atomic
def outcome_create(*, initiative: Initiative, data: dict[str, Any], by: Any) -> BusinessOutcome:
    """Add a business outcome to an initiative."""
    return _child_create(
        BusinessOutcome, initiative=initiative, data=data, fields=OUTCOME_FIELDS, by=by
    )


@transaction.atomic
def outcome_create_from_template(
    *, initiative: Initiative, template: str, values: dict[str, Any], by: Any
) -> BusinessOutcome:
    """Add an outcome stated in business terms from a template (risk reduced, rework removed,
    downtime or incidents avoided, cost avoided, capacity freed); RuleViolation naming the
    field for a missing or impossible value."""
    spec = value.TEMPLATES.get(template)
    if spec is None:
        names = ", ".join(value.TEMPLATES)
        raise RuleViolation(
            f"'{template}' is not an outcome template; choose one of: {names}.",
            code=choices.OUTCOME_TEMPLATE_UNKNOWN,
            field="template",
        )
    for field in spec.fields:
        _check_template_value(field, values.get(field.name))
    if Decimal(values["before"]) == Decimal(values["after"]):
        raise RuleViolation(
            "Today's figure and the figure afterwards are the same: the initiative would "
            "change nothing in these terms.",
            code=choices.OUTCOME_TEMPLATE_NO_CHANGE,
            field="after",
        )
    fields = value.outcome_from_template(template, values, settings.TANDEM_CURRENCY)
    data = {**fields, "target_date": values.get("target_date")}
    return outcome_create(initiative=initiative, data=data, by=by)


def _check_template_value(field: value.TemplateField, given: Any) -> None:
    if field.kind == "text":
        if not str(given or "").strip():
            raise RuleViolation(
                f"{field.label}: say what it is about, in a few words.",
                code=choices.OUTCOME_TEMPLATE_VALUE,
                field=field.name,
            )
        return
    try:
        number = Decimal(str(given))
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite() or number < 0:
        raise RuleViolation(
            f"{field.label}: give a number, 0 or more.",
            code=choices.OUTCOME_TEMPLATE_VALUE,
            field=field.name,
        )
    if number > TEMPLATE_VALUE_MAX:
        raise RuleViolation(
            f"{field.label}: at most {TEMPLATE_VALUE_MAX:,}.",
            code=choices.OUTCOME_TEMPLATE_VALUE,
            field=field.name,
        )
    if field.kind == "percent" and number > 100:
        raise RuleViolation(
            f"{field.label}: a likelihood is at most 100%.",
            code=choices.OUTCOME_TEMPLATE_VALUE,
            field=field.name,
        )


@transaction.atomic
def outcome_update(*, outcome: BusinessOutcome, data: dict[str, Any], by: Any) -> BusinessOutcome:
    """Edit a business outcome; Conflict if stale."""
    return _child_update(outcome, data=data, fields=OUTCOME_FIELDS, by=by)


@transaction.atomic
def outcome_delete(*, outcome: BusinessOutcome, by: Any, version: int | None = None) -> None:
    """Remove a business outcome."""
    _child_delete(outcome, by=by, version=version)


@transaction.atomic
def estimate_create(*, initiative: Initiative, data: dict[str, Any], by: Any) -> EffortEstimate:
    """Add a team's effort estimate; Conflict if the team already has one."""
    team = data.get("team")
    if team is not None and initiative.estimates.filter(team=team).exists():
        raise Conflict(
            "This initiative already has an estimate from that team; edit it instead.",
            code=choices.ESTIMATE_DUPLICATE_TEAM,
            field="team",
        )
    return _child_create(
        EffortEstimate, initiative=initiative, data=data, fields=ESTIMATE_FIELDS, by=by
    )


@transaction.atomic
def estimate_update(*, estimate: EffortEstimate, data: dict[str, Any], by: Any) -> EffortEstimate:
    """Edit an effort estimate; Conflict if stale."""
    return _child_update(estimate, data=data, fields=ESTIMATE_FIELDS, by=by)


@transaction.atomic
def estimate_delete(*, estimate: EffortEstimate, by: Any, version: int | None = None) -> None:
    """Remove an effort estimate."""
    _child_delete(estimate, by=by, version=version)


@transaction.atomic
def status_update_create(*, initiative: Initiative, data: dict[str, Any], by: Any) -> StatusUpdate:
    """Post a dated RAG status for an initiative."""
    author = by if getattr(by, "is_authenticated", False) else None
    return _child_create(
        StatusUpdate, initiative=initiative, data=data, fields=STATUS_FIELDS, by=by, author=author
    )


@transaction.atomic
def status_update_update(
    *, status_update: StatusUpdate, data: dict[str, Any], by: Any
) -> StatusUpdate:
    """Correct a status update; Conflict if stale."""
    return _child_update(status_update, data=data, fields=STATUS_FIELDS, by=by)


@transaction.atomic
def status_update_delete(
    *, status_update: StatusUpdate, by: Any, version: int | None = None
) -> None:
    """Remove a status update."""
    _child_delete(status_update, by=by, version=version)


@transaction.atomic
def scope_change_create(*, initiative: Initiative, data: dict[str, Any], by: Any) -> ScopeChange:
    """Record a re-scoping with its reason and effort change."""
    author = by if getattr(by, "is_authenticated", False) else None
    return _child_create(
        ScopeChange, initiative=initiative, data=data, fields=SCOPE_FIELDS, by=by, author=author
    )


@transaction.atomic
def scope_change_update(*, scope_change: ScopeChange, data: dict[str, Any], by: Any) -> ScopeChange:
    """Correct a scope change; Conflict if stale."""
    return _child_update(scope_change, data=data, fields=SCOPE_FIELDS, by=by)


@transaction.atomic
def scope_change_delete(*, scope_change: ScopeChange, by: Any, version: int | None = None) -> None:
    """Remove a scope change."""
    _child_delete(scope_change, by=by, version=version)


#
# Dependencies
#


@transaction.atomic
def dependency_create(*, data: dict[str, Any], by: Any) -> Dependency:
    """Make `successor` wait for `predecessor`; RuleViolation if it would close a cycle."""
    predecessor, successor = data.get("predecessor"), data.get("successor")
    pred_id, succ_id = getattr(predecessor, "pk", predecessor), getattr(successor, "pk", successor)
    if pred_id is not None and pred_id == succ_id:
        raise RuleViolation(
            "An initiative cannot depend on itself.",
            code=choices.DEPENDENCY_SELF,
            field="predecessor",
        )
    list(Dependency.objects.select_for_update().values_list("pk"))  # serialise graph edits
    if Dependency.objects.filter(predecessor_id=pred_id, successor_id=succ_id).exists():
        raise Conflict(
            "This dependency already exists.",
            code=choices.DEPENDENCY_DUPLICATE,
            field="predecessor",
        )
    edges = [*Dependency.objects.values_list("predecessor_id", "successor_id"), (pred_id, succ_id)]
    cycle = engine.find_cycle(edges)
    if cycle is not None:
        raise RuleViolation(
            "This dependency would create a cycle: " + _cycle_titles(cycle) + ".",
            code=choices.DEPENDENCY_CYCLE,
            field="predecessor",
        )
    return create_object(Dependency, data=data, fields=("predecessor", "successor", "note"), by=by)


@transaction.atomic
def dependency_delete(*, dependency: Dependency, by: Any, version: int | None = None) -> None:
    """Remove a dependency."""
    delete_object(dependency, by=by, version=version)
