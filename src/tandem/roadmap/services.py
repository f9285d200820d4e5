"""Writes for scenarios: draft one, add and drop its changes, adopt it. Each is one transaction.

A scenario never touches the baseline's records while it is a draft. Adopting it writes each
change through the service that owns the record (an initiative's state, an estimate, a planned
hire, a non-discretionary load), so every rule those services enforce holds; if one change
cannot be made, nothing is.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from tandem.audit.services import audit_record
from tandem.capacity import services as capacity_services
from tandem.capacity.choices import HireKind, LoadBasis, LoadCategory
from tandem.core.errors import DomainError, RuleViolation
from tandem.core.services import (
    check_version,
    create_object,
    delete_object,
    lock,
    update_object,
    validate_and_save,
)
from tandem.portfolio import services as portfolio_services
from tandem.portfolio.choices import InitiativeState
from tandem.portfolio.models import EffortEstimate, Initiative
from tandem.roadmap import choices
from tandem.roadmap.choices import CHANGE_FIELDS, OPTIONAL_FIELDS, ChangeKind, ScenarioStatus
from tandem.roadmap.models import RankedFirst, Scenario, ScenarioChange

SCENARIO_FIELDS = ("name", "description")
CHANGE_DATA_FIELDS = (
    "kind",
    "initiative",
    "team",
    "low",
    "likely",
    "high",
    "rate",
    "people",
    "hours_per_week",
    "first_day",
    "last_day",
    "note",
)
ON_ROADMAP = (InitiativeState.APPROVED, InitiativeState.IN_PROGRESS)
CLOSED = (InitiativeState.DONE, InitiativeState.CANCELLED)


@transaction.atomic
def scenario_create(*, data: dict[str, Any], by: Any) -> Scenario:
    """Draft a scenario owned by `by`; RuleViolation naming the field if invalid."""
    return create_object(
        Scenario, data={**data, "owner": by}, fields=(*SCENARIO_FIELDS, "owner"), by=by
    )


@transaction.atomic
def scenario_update(*, scenario: Scenario, data: dict[str, Any], by: Any) -> Scenario:
    """Rename or re-describe a draft; Conflict if `data["version"]` is stale."""
    _refuse_closed(scenario)
    return update_object(scenario, data=data, fields=SCENARIO_FIELDS, by=by)


@transaction.atomic
def scenario_delete(*, scenario: Scenario, by: Any, version: int | None = None) -> None:
    """Delete a scenario and its changes (an adopted one keeps its history records)."""
    delete_object(scenario, by=by, version=version)


@transaction.atomic
def change_add(*, scenario: Scenario, data: dict[str, Any], by: Any) -> ScenarioChange:
    """Add one change to a draft scenario; RuleViolation naming the field when the change
    lacks what its kind needs, clashes with another change, or makes no sense for the
    initiative's state. The scenario's version goes up, so a stale compare page shows."""
    locked = _lock_open(scenario, data.get("scenario_version"))
    kind = data.get("kind")
    if kind not in ChangeKind.values:
        names = ", ".join(ChangeKind.values)
        raise RuleViolation(f"Choose what to change ({names}).", code="INVALID_KIND", field="kind")
    clean = _only_fields_of(kind, data)
    _check_sense(locked, kind, clean)
    change = create_object(
        ScenarioChange,
        data={**clean, "scenario": locked},
        fields=(*CHANGE_DATA_FIELDS, "scenario"),
        by=by,
    )
    validate_and_save(locked, by=by, reason=f"Change added: {change.summary}")
    return change


@transaction.atomic
def change_delete(*, change: ScenarioChange, by: Any, version: int | None = None) -> None:
    """Drop a change from a draft scenario."""
    scenario = _lock_open(change.scenario, None)
    summary = change.summary
    delete_object(change, by=by, version=version)
    validate_and_save(scenario, by=by, reason=f"Change dropped: {summary}")


@transaction.atomic
def scenario_adopt(*, scenario: Scenario, by: Any, version: int | None) -> Scenario:
    """Make the scenario the plan: write every change into the real records, close it, and
    record the adoption in the audit log. RuleViolation (SCENARIO_ADOPT_FAILED) naming the
    change that cannot be made, and then nothing is written; Conflict if `version` is stale."""
    locked = _lock_open(scenario, version)
    changes = list(locked.changes.select_related("initiative", "team").order_by("id"))
    if not changes:
        raise RuleViolation(
            "This scenario changes nothing yet: add a change before adopting it.",
            code=choices.SCENARIO_ADOPT_FAILED,
        )
    for change in changes:
        try:
            _apply(change, locked, by)
        except DomainError as err:
            raise RuleViolation(
                f"“{change.summary}” cannot be adopted: {err.message}",
                code=choices.SCENARIO_ADOPT_FAILED,
            ) from err
    locked.status = ScenarioStatus.ADOPTED
    locked.adopted_at = timezone.now()
    locked.adopted_by = by
    validate_and_save(locked, by=by, reason="Adopted as the plan")
    audit_record(
        action="scenario_adopted",
        by=by,
        target=locked.name,
        detail={"scenario": locked.pk, "changes": [c.summary for c in changes]},
    )
    return locked


@transaction.atomic
def ranked_first_clear(*, ranked: RankedFirst, by: Any, version: int | None = None) -> None:
    """Undo a decision to rank an initiative first: the ranking places it again. Conflict if
    `version` is stale; recorded in the audit log like the adoption that decided it."""
    initiative, scenario = ranked.initiative, ranked.scenario
    delete_object(ranked, by=by, version=version)
    audit_record(
        action="ranked_first_cleared",
        by=by,
        target=str(initiative),
        detail={
            "initiative": initiative.pk,
            "scenario": None if scenario is None else scenario.pk,
        },
    )


def _refuse_closed(scenario: Scenario) -> None:
    if scenario.status != ScenarioStatus.DRAFT:
        raise RuleViolation(
            f"The scenario '{scenario.name}' was adopted on "
            f"{scenario.adopted_at:%d %b %Y}; it can no longer change. Copy what you need "
            "into a new scenario.",
            code=choices.SCENARIO_CLOSED,
        )


def _lock_open(scenario: Scenario, version: int | None) -> Scenario:
    locked = lock(scenario)
    if version is not None:
        check_version(locked, version)
    _refuse_closed(locked)
    return locked


def _only_fields_of(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The fields `kind` uses (every needed one present), the rest left empty."""
    needed = CHANGE_FIELDS[kind]
    allowed = {*needed, *OPTIONAL_FIELDS.get(kind, ()), "kind", "note"}
    for name in needed:
        if data.get(name) in (None, ""):
            label = ScenarioChange._meta.get_field(name).verbose_name
            raise RuleViolation(
                f"{ChangeKind(kind).label} needs {label}.", code="REQUIRED", field=name
            )
    return {name: data[name] for name in allowed if data.get(name) not in (None, "")}


def _check_sense(scenario: Scenario, kind: str, data: dict[str, Any]) -> None:
    """Refuse a change that clashes with the scenario's others or the initiative's state."""
    initiative: Initiative | None = data.get("initiative")
    others = scenario.changes.all()
    if initiative is not None:
        _check_initiative(scenario, kind, initiative, others)
    if (
        kind == ChangeKind.ESTIMATE
        and others.filter(kind=kind, initiative=initiative, team=data["team"]).exists()
    ):
        raise RuleViolation(
            f"This scenario already changes {data['team']}'s estimate for {initiative}: drop "
            "that change first.",
            code=choices.SCENARIO_CHANGE_INVALID,
            field="team",
        )
    if kind == ChangeKind.HIRE and not 1 <= int(data["people"]) <= choices.MAX_HIRES:
        raise RuleViolation(
            f"Hire between 1 and {choices.MAX_HIRES} people.", code="INVALID_PEOPLE", field="people"
        )
    if kind == ChangeKind.LOAD and Decimal(data["hours_per_week"]) <= 0:
        raise RuleViolation(
            "Give the hours a week the team loses, more than 0.",
            code="INVALID_HOURS_PER_WEEK",
            field="hours_per_week",
        )


def _check_initiative(scenario: Scenario, kind: str, initiative: Initiative, others: Any) -> None:
    mine = set(others.filter(initiative=initiative).values_list("kind", flat=True))
    added = ChangeKind.ADD in mine
    on_roadmap = initiative.state in ON_ROADMAP
    problem = ""
    if initiative.state in CLOSED:
        problem = f"{initiative} is {initiative.get_state_display().lower()}."
    elif kind in mine and kind != ChangeKind.ESTIMATE:
        problem = f"This scenario already makes that change to {initiative}."
    elif kind == ChangeKind.ADD and on_roadmap:
        problem = f"{initiative} is already on the roadmap ({initiative.get_state_display()})."
    elif kind == ChangeKind.ADD and not initiative.estimates.exists():
        problem = (
            f"{initiative} has no effort estimate, so the roadmap cannot place it: IT adds the "
            "person-weeks each team needs first."
        )
    elif kind == ChangeKind.REMOVE and not on_roadmap:
        problem = f"{initiative} is not on the roadmap ({initiative.get_state_display()})."
    elif kind != ChangeKind.REMOVE and ChangeKind.REMOVE in mine:
        problem = f"This scenario takes {initiative} off the roadmap."
    elif kind in (ChangeKind.FIRST, ChangeKind.ESTIMATE) and not (on_roadmap or added):
        problem = f"{initiative} is not on the roadmap: add it to this scenario first."
    if problem:
        raise RuleViolation(problem, code=choices.SCENARIO_CHANGE_INVALID, field="initiative")


def _apply(change: ScenarioChange, scenario: Scenario, by: Any) -> None:
    """Write one change into the baseline's records through their own services."""
    reason = f"Scenario '{scenario.name}' adopted"
    initiative = change.initiative
    if change.kind == ChangeKind.ADD:
        portfolio_services.initiative_transition(
            initiative=initiative, to=InitiativeState.APPROVED, by=by, reason=reason
        )
    elif change.kind == ChangeKind.REMOVE:
        portfolio_services.initiative_transition(
            initiative=initiative, to=InitiativeState.ON_HOLD, by=by, reason=reason
        )
        RankedFirst.objects.filter(initiative=initiative).delete()
    elif change.kind == ChangeKind.FIRST:
        if not RankedFirst.objects.filter(initiative=initiative).exists():
            ranked = RankedFirst(initiative=initiative, scenario=scenario)
            validate_and_save(ranked, by=by, reason=reason, bump=False)
    elif change.kind == ChangeKind.ESTIMATE:
        _apply_estimate(change, by)
    elif change.kind == ChangeKind.HIRE:
        _apply_hires(change, scenario, by)
    else:
        _apply_load(change, scenario, by)


def _apply_estimate(change: ScenarioChange, by: Any) -> None:
    values = {"low": change.low, "likely": change.likely, "high": change.high, "rate": change.rate}
    found = EffortEstimate.objects.filter(initiative=change.initiative, team=change.team).first()
    if found is None:
        portfolio_services.estimate_create(
            initiative=change.initiative, data={**values, "team": change.team}, by=by
        )
    else:
        portfolio_services.estimate_update(
            estimate=found, data={**values, "version": found.version}, by=by
        )


def _apply_hires(change: ScenarioChange, scenario: Scenario, by: Any) -> None:
    for number in range(1, int(change.people or 0) + 1):
        capacity_services.hire_create(
            data={
                "team": change.team,
                "title": f"Hire {number} of {change.people} (scenario '{scenario.name}')"[:120],
                "fte": Decimal("1.00"),
                "hours_per_week": choices.HIRE_HOURS,
                "expected_start": change.first_day,
                "kind": HireKind.PLANNED_HIRE,
                "note": change.note,
            },
            by=by,
        )


def _apply_load(change: ScenarioChange, scenario: Scenario, by: Any) -> None:
    capacity_services.load_create(
        data={
            "team": change.team,
            "category": LoadCategory.OTHER,
            "basis": LoadBasis.HOURS,
            "hours_per_week": change.hours_per_week,
            "first_day": change.first_day,
            "last_day": change.last_day,
            "note": (change.note or f"From scenario '{scenario.name}'")[:200],
        },
        by=by,
    )
