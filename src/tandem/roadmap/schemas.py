"""Schemas of the roadmap API: the plan per initiative, with its dates and why it slips.

Plain pydantic models (not Ninja's Schema), as for capacity: the answer is a dictionary
built by the selectors."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from tandem.core.api_schemas import QuerySchema
from tandem.roadmap.forecasting import DEFAULT_RUNS, MAX_RUNS, MAX_SEED


class Named(BaseModel):
    id: int
    title: str


class Unit(BaseModel):
    id: int
    name: str


class CauseOut(BaseModel):
    """One reason an initiative finishes later than it could."""

    kind: str = Field(
        description="'capacity' (a team is full), 'dependency' (it waits for another "
        "initiative), 'no_capacity' (a team never has enough people free) or 'duration' "
        "(its own work takes it past the target)."
    )
    weeks: int = Field(description="Weeks this cause costs.")
    team: str | None = Field(description="The IT team that is full or too small.")
    team_id: int | None
    first_week_start: dt.date | None = Field(
        description="Capacity: the Monday of the first week the team is full."
    )
    last_week_start: dt.date | None = Field(
        description="Capacity: the Monday of the last week the team is full; dependency: the "
        "Monday of the week the predecessor lets it start."
    )
    competitors: list[Named] = Field(
        description="Capacity: the initiatives holding the team, busiest first (at most "
        "three): higher-ranked or under-way ones, and in an optimized plan also lower-ranked "
        "ones the optimizer put first."
    )
    ranked_lower: list[Named] = Field(
        description="Capacity: those of `competitors` ranked lower than this initiative "
        "(only in an optimized plan, which may put them first)."
    )
    predecessor: Named | None = Field(description="Dependency: the initiative it waits for.")


class PlanInitiativeOut(BaseModel):
    id: int
    title: str
    state: str
    unit: Unit = Field(description="The requesting business unit.")
    goals: list[Named]
    rank: int | None = Field(description="Its rank in the active scoring model (null: unscored).")
    weight: float = Field(description="Its priority weight: the ranking's total score.")
    under_way: bool = Field(description="In progress: pinned at its start with the effort left.")
    start: dt.date | None = Field(description="The Monday work starts (null: cannot be planned).")
    finish: dt.date | None = Field(description="The Friday of its last week of work.")
    earliest_finish: dt.date | None = Field(
        description="The earliest it could finish with every team free for it."
    )
    target: dt.date | None = Field(
        description="The requested end, or else its business outcomes' earliest target date."
    )
    start_week: int | None = Field(description="Weeks from the plan's start.")
    finish_week: int | None = Field(description="Weeks from the plan's start (exclusive).")
    earliest_finish_week: int | None
    target_week: int | None = Field(description="Finish by this week (exclusive) to be on time.")
    slip_weeks: int = Field(description="Weeks later than its earliest possible finish.")
    late_weeks: int = Field(description="Weeks past its target.")
    explanation: str = Field(description="Why, in words; empty when on time and not slipped.")
    causes: list[CauseOut]


class ObjectiveOut(BaseModel):
    weighted_tardiness: float = Field(description="Σ weight × weeks past target.")
    weighted_completion: float = Field(description="Σ weight × finish week.")
    initiatives: int
    slipped: int = Field(description="Initiatives finishing later than they could.")
    late: int = Field(description="Initiatives missing their target.")
    unplanned: int = Field(description="Initiatives that cannot be planned.")


class TeamQuartersOut(BaseModel):
    free: list[float] = Field(description="People-weeks free after run work, per quarter.")
    used: list[float] = Field(description="People-weeks the plan uses, per quarter.")


class QuartersOut(BaseModel):
    """The coming year by calendar quarter."""

    names: list[str] = Field(description="'2027 Q1', …; the first may be part of a quarter.")
    teams: dict[str, TeamQuartersOut] = Field(description="Per IT team, by name.")
    value: list[float] = Field(
        description="Score points of the initiatives finishing in each quarter."
    )


class ScenarioRef(BaseModel):
    id: int
    name: str


class OptimizedOut(BaseModel):
    """The optimizer's plan, shown instead of the instant one while the records are as
    they were when it was worked out."""

    job: int = Field(description="The background job that worked it out.")
    finished_at: dt.datetime
    status: str = Field(description="'optimal' (proven best) or 'improved'.")
    objective: float = Field(
        description="10 × weighted weeks late + weighted finish weeks (lower is better)."
    )
    greedy_objective: float = Field(description="The same for the instant plan.")
    gap: float | None = Field(description="How far above the best possible it may still be.")
    seconds: float


class PlanOut(BaseModel):
    as_of: dt.date
    start: dt.date = Field(description="The Monday of week 0 (this week).")
    horizon_weeks: int = Field(description="Weeks of team capacity read; later weeks repeat it.")
    units: str
    data_stamp: str = Field(description="Changes whenever a record the plan depends on changes.")
    scenario: ScenarioRef | None = Field(
        None, description="The scenario planned (null: the baseline, the plan as it stands)."
    )
    objective: ObjectiveOut
    optimized: OptimizedOut | None = Field(
        None, description="Set when the optimizer's better plan is shown (null: instant plan)."
    )
    quarters: QuartersOut
    initiatives: list[PlanInitiativeOut]


class DeliveryHoldupOut(BaseModel):
    team: int = Field(description="The team (id) its work waits for longer than planned.")
    share: float = Field(
        description="Share of runs (0 to 1) in which that work starts later than planned, "
        "having waited longer for the team than planned."
    )
    weeks: int = Field(description="In half of those runs it starts at least this much later.")
    holders: list[int] = Field(
        description="Initiatives (ids, most often first, at most three) ranked ahead of it or "
        "under way whose work on that team ran past its planned finish into these weeks in "
        "at least a fifth of those runs."
    )


class DeliveryOddsInitiativeOut(BaseModel):
    id: int
    title: str
    unit: Unit = Field(description="The requesting business unit.")
    target: dt.date | None = Field(
        description="The requested end, or else its business outcomes' earliest target date."
    )
    p50: dt.date | None = Field(
        description="Half the runs finish by the Friday of this week (null: cannot be planned)."
    )
    p85: dt.date | None = Field(description="85% of the runs finish by the Friday of this week.")
    p95: dt.date | None = Field(description="95% of the runs finish by the Friday of this week.")
    p50_week: int | None = Field(description="Weeks from the forecast's start (exclusive).")
    p85_week: int | None
    p95_week: int | None
    on_time_probability: float | None = Field(
        description="Share of runs (0 to 1) finishing in or before its target's week (null: "
        "no target, or it cannot be planned)."
    )
    holdup: DeliveryHoldupOut | None = Field(
        None,
        description="Where its work most often loses its planned weeks: in at least a fifth "
        "of the runs it waits longer than planned for a team (null: it does not).",
    )


class DeliveryOddsOut(BaseModel):
    as_of: dt.date
    start: dt.date = Field(description="The Monday of week 0 (this week).")
    units: str
    data_stamp: str = Field(description="The plan's data stamp the forecast was worked out from.")
    runs: int = Field(description="How many times the roadmap was re-planned.")
    seed: int = Field(description="The same runs and seed give the same forecast.")
    distribution: str = Field(description="How each estimate's effort is drawn.")
    worked_out_at: dt.datetime
    initiatives: list[DeliveryOddsInitiativeOut] = Field(description="In order of P50 finish.")


class ForecastQuery(QuerySchema):
    runs: int = Field(
        DEFAULT_RUNS,
        ge=1,
        le=MAX_RUNS,
        description=f"How many times to re-plan (1 to {MAX_RUNS:,}; default {DEFAULT_RUNS:,}).",
    )
    seed: int = Field(
        0, ge=0, le=MAX_SEED, description="The same runs and seed give the same forecast."
    )
