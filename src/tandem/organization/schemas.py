"""Request and response shapes of the organization API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import AliasPath, Field

from tandem.core.api_schemas import InSchema, Number, OutSchema, PatchSchema, QuerySchema

#
# Business units
#


class BusinessUnitIn(InSchema):
    name: str
    code: str
    description: str = ""
    headcount: int = 0


class BusinessUnitPatch(PatchSchema):
    name: str | None = None
    code: str | None = None
    description: str | None = None
    headcount: int | None = None


class BusinessUnitOut(OutSchema):
    name: str
    code: str
    description: str
    headcount: int


class BusinessUnitQuery(QuerySchema):
    q: str | None = Field(None, description="Name contains.")


#
# Teams
#


class TeamIn(InSchema):
    name: str
    description: str = ""
    lead: int | None = Field(None, description="Id of the person leading the team.")


class TeamPatch(PatchSchema):
    name: str | None = None
    description: str | None = None
    lead: int | None = None


class TeamOut(OutSchema):
    name: str
    description: str
    lead: int | None = Field(validation_alias="lead_id")
    lead_name: str | None = Field(None, validation_alias=AliasPath("lead", "name"))


class TeamQuery(QuerySchema):
    q: str | None = Field(None, description="Name contains.")


#
# People
#


class PersonIn(InSchema):
    name: str
    email: str
    unit: int | None = Field(None, description="Id of the person's business unit.")
    team: int | None = Field(None, description="Id of the person's IT team.")
    fte: Decimal = Decimal("1.00")
    hours_per_week: Decimal = Decimal("40.0")
    skills: list[str] = []
    start_date: date | None = None
    end_date: date | None = None
    user: int | None = Field(None, description="Id of the Tandem user this person signs in as.")


class PersonPatch(PatchSchema):
    name: str | None = None
    email: str | None = None
    unit: int | None = None
    team: int | None = None
    fte: Decimal | None = None
    hours_per_week: Decimal | None = None
    skills: list[str] | None = None
    start_date: date | None = None
    end_date: date | None = None
    user: int | None = None


class PersonOut(OutSchema):
    name: str
    email: str
    unit: int | None = Field(validation_alias="unit_id")
    unit_name: str | None = Field(None, validation_alias=AliasPath("unit", "name"))
    team: int | None = Field(validation_alias="team_id")
    team_name: str | None = Field(None, validation_alias=AliasPath("team", "name"))
    fte: Number
    hours_per_week: Number
    skills: list[str]
    start_date: date | None
    end_date: date | None
    user: int | None = Field(validation_alias="user_id")


class PersonQuery(QuerySchema):
    q: str | None = Field(None, description="Name contains.")
    team: int | None = Field(None, description="Id of an IT team.")
    unit: int | None = Field(None, description="Id of a business unit.")
