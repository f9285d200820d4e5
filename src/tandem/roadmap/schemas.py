"""Schemas of the roadmap API: the plan per initiative, with its dates and why it slips.

Plain pydantic models (not Ninja's Schema), as for capacity: the answer is a dictionary
built by the selectors."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


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
        description="Capacity: the higher-ranked or under-way initiatives holding the team, "
        "busiest first (at most three)."
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


class PlanOut(BaseModel):
    as_of: dt.date
    start: dt.date = Field(description="The Monday of week 0 (this week).")
    horizon_weeks: int = Field(description="Weeks of team capacity read; later weeks repeat it.")
    units: str
    data_stamp: str = Field(description="Changes whenever a record the plan depends on changes.")
    objective: ObjectiveOut
    initiatives: list[PlanInitiativeOut]
