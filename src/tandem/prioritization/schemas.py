"""API shapes for prioritization."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import Field

from tandem.core.api_schemas import MAX_ID, InSchema, Number, OutSchema, PatchSchema, QuerySchema
from tandem.prioritization.choices import SCORE_MAX, SCORE_MIN, Method, SelectionStatus, Side


class CriterionOut(OutSchema):
    model: int = Field(validation_alias="model_id")
    key: str
    name: str
    side: Side
    weight: Number
    higher_is_better: bool
    role: str
    feasibility: bool
    position: int
    levels: list[str]


class CriterionPatch(PatchSchema):
    name: str | None = Field(None, min_length=1, max_length=80)
    weight: Decimal | None = Field(None, ge=0, le=1000, decimal_places=2)
    higher_is_better: bool | None = None
    levels: list[str] | None = Field(
        None, description="Six plain-words descriptions, for levels 0 to 5."
    )


class ScoringModelOut(OutSchema):
    name: str
    method: Method
    description: str
    is_active: bool
    criteria: list[CriterionOut]

    @staticmethod
    def resolve_criteria(obj: Any) -> list[Any]:
        return list(obj.criteria.all())


class ActivateIn(InSchema):
    version: int = Field(description="The version of the model you read.")


class RevisionOut(Schema):
    id: int
    model: int = Field(validation_alias="model_id")
    number: int
    created: dt.datetime
    reason: str
    definition: dict[str, Any]


class ScoreIn(InSchema):
    value: int = Field(ge=SCORE_MIN, le=SCORE_MAX, description="0 to 5 on the criterion's scale.")
    rationale: str = Field("", max_length=200, description="Why, in one line.")
    version: int | None = Field(
        None, description="When changing your score: the version you read (409 if stale)."
    )


class ScoreOut(OutSchema):
    initiative: int = Field(validation_alias="initiative_id")
    criterion: int = Field(validation_alias="criterion_id")
    scorer: int = Field(validation_alias="scorer_id")
    side: Side
    unit: int | None = Field(validation_alias="unit_id")
    value: int
    rationale: str


class BreakdownOut(Schema):
    criterion: str
    side: Side
    value: float | None
    points: float | None = Field(description="What it adds to the total.")


class FlagOut(Schema):
    kind: str = Field(description="sides, units or feasibility.")
    criterion: str | None
    text: str


class RankedOut(Schema):
    rank: int | None
    initiative: int
    title: str
    state: str
    kind: str
    unit: str
    total: float | None
    coverage: float = Field(description="Share of the criteria weight scored, 0 to 1.")
    business_value: float | None = Field(description="The business criteria alone, 0 to 100.")
    it_view: float | None = Field(description="The IT criteria alone, 0 to 100.")
    effort_person_weeks: float
    budget_estimate: float | None
    value_statement: str
    needs_conversation: bool
    flags: list[FlagOut]
    breakdown: list[BreakdownOut]


class RankingOut(Schema):
    model: str | None
    method: str
    revision: int | None = Field(description="Revision number of the model ranked by.")
    as_of: dt.datetime | None = Field(description="Scores as they stood then; null for now.")
    count: int = Field(description="How many initiatives are ranked in all.")
    offset: int
    initiatives: list[RankedOut] = Field(description="`limit` of them, best first, from `offset`.")


class RankingQuery(QuerySchema):
    revision: int | None = Field(
        None, ge=1, le=MAX_ID, description="Id of a past model revision to replay."
    )
    limit: int = Field(100, ge=1, le=1000, description="How many initiatives to return.")
    offset: int = Field(0, ge=0, le=2**31 - 1, description="How many to skip from the top.")


class AlternativeIn(InSchema):
    first: int = Field(description="Id of one initiative.")
    second: int = Field(description="Id of the other initiative.")
    note: str = Field("", max_length=200)


class AlternativeOut(OutSchema):
    first: int = Field(validation_alias="first_id")
    second: int = Field(validation_alias="second_id")
    note: str


class SelectionIn(InSchema):
    period_from: str = Field(description="First quarter, e.g. 2027Q1.", max_length=10)
    period_to: str = Field(description="Last quarter, e.g. 2027Q4.", max_length=10)
    budget: Decimal | None = Field(
        None, ge=0, le=10**13, description="Money available; omit for no limit."
    )
    time_limit: float = Field(10.0, gt=0, le=60, description="Seconds the solver may take.")


class SelectionItemOut(Schema):
    initiative: int
    title: str
    value: float
    cost: float
    person_weeks: float
    mandatory: bool
    funded: bool
    greedy_funded: bool
    reasons: list[str]


class SelectionOut(Schema):
    id: int
    created: dt.datetime
    period_from: str
    period_to: str
    budget: Number | None
    status: SelectionStatus
    objective: float
    bound: float
    gap_pct: float
    runtime_s: float
    greedy_objective: float
    lp_bound: float
    funded: list[SelectionItemOut] = Field(description="What to fund, best value first.")
    not_funded: list[SelectionItemOut] = Field(description="Below the cut line, with reasons.")
    left_out: list[dict[str, Any]] = Field(description="Not candidates, and why.")


class SelectionSummaryOut(Schema):
    id: int
    created: dt.datetime
    period_from: str
    period_to: str
    budget: Number | None
    status: SelectionStatus
    objective: float
    greedy_objective: float
