"""Plain records describing the demo company before it is written to the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(slots=True)
class UnitSpec:
    key: str
    name: str
    code: str
    description: str
    headcount: int
    family: str
    region: str = ""


@dataclass(slots=True)
class TeamSpec:
    key: str
    name: str
    description: str
    family: str


@dataclass(slots=True)
class PersonSpec:
    key: str
    name: str
    email: str
    unit: str | None
    team: str | None
    role: str  # head, manager, lead, member, pmo
    fte: Decimal = Decimal("1.00")
    hours_per_week: Decimal = Decimal("40.0")
    skills: list[str] = field(default_factory=list)
    start_date: date | None = None
    end_date: date | None = None


@dataclass(slots=True)
class GoalSpec:
    key: str
    unit: str
    title: str
    statement: str
    period_start: date
    period_end: date


@dataclass(slots=True)
class Step:
    """One saved version of an initiative: its state on `day` and why it changed."""

    day: date
    state: str
    held_from: str
    feasibility: str
    reason: str


@dataclass(slots=True)
class OutcomeSpec:
    metric: str
    baseline: Decimal
    target: Decimal
    unit: str
    target_date: date
    day: date
    supports: str = ""


@dataclass(slots=True)
class EstimateSpec:
    team: str
    low: Decimal
    likely: Decimal
    high: Decimal
    day: date


@dataclass(slots=True)
class StatusSpec:
    day: date
    rag: str
    text: str


@dataclass(slots=True)
class ScopeSpec:
    day: date
    reason: str
    effort_delta: Decimal


@dataclass(slots=True)
class InitiativeSpec:
    key: int
    title: str
    problem_statement: str
    unit: str
    kind: str
    state: str
    families: tuple[str, ...]
    sponsor: str | None = None
    it_owner: str | None = None
    budget_estimate: Decimal | None = None
    requested_start: date | None = None
    requested_end: date | None = None
    planned_start: date | None = None
    planned_end: date | None = None
    held_from_state: str = ""
    feasibility: str = "not_assessed"
    feasibility_notes: str = ""
    goals: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    outcomes: list[OutcomeSpec] = field(default_factory=list)
    estimates: list[EstimateSpec] = field(default_factory=list)
    status_updates: list[StatusSpec] = field(default_factory=list)
    scope_changes: list[ScopeSpec] = field(default_factory=list)


@dataclass(slots=True)
class DependencySpec:
    predecessor: int
    successor: int
    note: str
    day: date


@dataclass(slots=True)
class HolidaySpec:
    day: date
    name: str


@dataclass(slots=True)
class LeaveSpec:
    person: str
    first_day: date
    last_day: date
    kind: str  # vacation, parental, sick, training, other
    note: str = ""


@dataclass(slots=True)
class HireSpec:
    team: str
    title: str
    expected_start: date
    kind: str  # planned_hire, open_requisition
    fte: Decimal = Decimal("1.00")
    hours_per_week: Decimal = Decimal("40.0")
    note: str = ""


@dataclass(slots=True)
class LoadSpec:
    """Non-discretionary load: a share of the team's capacity, or fixed hours a week."""

    team: str
    category: str
    first_day: date
    basis: str  # percent, hours
    percent_of_supply: Decimal | None = None
    hours_per_week: Decimal | None = None
    last_day: date | None = None
    note: str = ""


@dataclass(slots=True)
class ActualSpec:
    team: str
    week: date  # a Monday
    category: str
    hours: Decimal


@dataclass(slots=True)
class WorkProfileSpec:
    initiative: int
    team: str
    weights: list[float]


@dataclass(slots=True)
class CapacitySpec:
    """The capacity data: calendar, absences, hiring plan, load, profiles, actual hours."""

    holidays: list[HolidaySpec] = field(default_factory=list)
    leaves: list[LeaveSpec] = field(default_factory=list)
    hires: list[HireSpec] = field(default_factory=list)
    loads: list[LoadSpec] = field(default_factory=list)
    work_profiles: list[WorkProfileSpec] = field(default_factory=list)
    actuals: list[ActualSpec] = field(default_factory=list)
    overcommitted: list[str] = field(default_factory=list)  # team keys made to run short


@dataclass(slots=True)
class ScoreSpec:
    """One demo user's score of one initiative on one criterion of the weighted model."""

    initiative: int
    criterion: str
    scorer: str  # a demo username
    value: int
    rationale: str
    day: date


@dataclass(slots=True)
class AlternativeSpec:
    first: int
    second: int
    note: str


@dataclass(slots=True)
class Company:
    """Everything the demo loader writes, in the order it writes it."""

    size: str
    seed: int
    today: date
    units: list[UnitSpec]
    teams: list[TeamSpec]
    people: list[PersonSpec]
    goals: list[GoalSpec]
    initiatives: list[InitiativeSpec]
    dependencies: list[DependencySpec]
    personas: dict[str, str]  # username -> person key
    capacity: CapacitySpec = field(default_factory=CapacitySpec)
    scores: list[ScoreSpec] = field(default_factory=list)
    alternatives: list[AlternativeSpec] = field(default_factory=list)
