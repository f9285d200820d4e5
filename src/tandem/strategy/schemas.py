"""Request and response shapes of the strategy API."""

from __future__ import annotations

from datetime import date

from pydantic import AliasPath, Field

from tandem.core.api_schemas import InSchema, OutSchema, PatchSchema, QuerySchema


class StrategicGoalIn(InSchema):
    title: str
    statement: str
    owner_unit: int = Field(description="Id of the business unit owning the goal.")
    period_start: date
    period_end: date


class StrategicGoalPatch(PatchSchema):
    title: str | None = None
    statement: str | None = None
    owner_unit: int | None = None
    period_start: date | None = None
    period_end: date | None = None


class StrategicGoalOut(OutSchema):
    title: str
    statement: str
    owner_unit: int = Field(validation_alias="owner_unit_id")
    owner_unit_name: str = Field(validation_alias=AliasPath("owner_unit", "name"))
    period_start: date
    period_end: date


class StrategicGoalQuery(QuerySchema):
    q: str | None = Field(None, description="Title contains.")
    owner_unit: int | None = Field(None, description="Id of the owning business unit.")
    active_on: date | None = Field(None, description="Goals whose period includes this date.")
