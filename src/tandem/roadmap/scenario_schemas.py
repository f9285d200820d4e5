"""Request and response shapes of the scenario API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from tandem.core.api_schemas import MAX_ID, InSchema, Number, OutSchema, QuerySchema


class ScenarioIn(InSchema):
    name: str = Field(max_length=120)
    description: str = ""


class ChangeIn(InSchema):
    """One change; which fields count depends on `kind` (a missing one is named in the 400)."""

    kind: str = Field(
        description="'add' or 'remove' an initiative, rank it 'first', replace an "
        "'estimate', 'hire' people into a team, or 'load' a team with extra run work."
    )
    initiative: int | None = Field(
        None, description="Id of the initiative (add, remove, first, estimate)."
    )
    team: int | None = Field(None, description="Id of the IT team (estimate, hire, load).")
    low: Number | None = Field(None, ge=0, le=999999, description="Estimate: person-weeks.")
    likely: Number | None = Field(None, ge=0, le=999999, description="Estimate: person-weeks.")
    high: Number | None = Field(None, ge=0, le=999999, description="Estimate: person-weeks.")
    rate: Number | None = Field(None, gt=0, le=9999, description="Estimate: people a week.")
    people: int | None = Field(None, description="Hire: how many full-time people (1 to 50).")
    hours_per_week: Number | None = Field(
        None, gt=0, le=99999, description="Load: hours a week the whole team loses."
    )
    first_day: date | None = Field(None, description="Hire, load: from this day.")
    last_day: date | None = Field(None, description="Load: until this day (empty: ongoing).")
    note: str = Field("", max_length=200)
    scenario_version: int | None = Field(
        None, description="The scenario's version you read; a stale one is refused with 409."
    )


class ChangeOut(OutSchema):
    kind: str
    summary: str = Field(description="The change in words.")
    initiative: int | None = Field(validation_alias="initiative_id")
    team: int | None = Field(validation_alias="team_id")
    low: Number | None
    likely: Number | None
    high: Number | None
    rate: Number | None
    people: int | None
    hours_per_week: Number | None
    first_day: date | None
    last_day: date | None
    note: str


class ScenarioOut(OutSchema):
    name: str
    description: str
    status: str = Field(description="'draft', or 'adopted' (then it no longer changes).")
    owner: int = Field(validation_alias="owner_id")
    adopted_at: datetime | None
    adopted_by: int | None = Field(validation_alias="adopted_by_id")


class ScenarioDetailOut(ScenarioOut):
    changes: list[ChangeOut] = Field(validation_alias="change_list")


class AdoptIn(InSchema):
    version: int = Field(description="The scenario's version you read; stale: 409.")


class PlanQuery(QuerySchema):
    scenario: int | None = Field(
        None, ge=1, le=MAX_ID, description="Plan this scenario instead of the baseline."
    )


class PlanRunIn(InSchema):
    """A background run: `optimize` the roadmap, or work out a delivery `forecast`."""

    kind: Literal["optimize", "forecast"] = "optimize"
    time_limit: int = Field(10, ge=1, le=120, description="Optimize: seconds CP-SAT searches.")
    stability: float = Field(
        0.0,
        ge=0,
        le=10,
        description="Optimize: how strongly to stay near the last optimized plan (0: not at "
        "all); a week's move costs this times the mean priority weight.",
    )
    runs: int = Field(1000, ge=1, le=5000, description="Forecast: Monte Carlo runs.")
    seed: int = Field(0, ge=0, le=2**32 - 1, description="Forecast: random seed.")
