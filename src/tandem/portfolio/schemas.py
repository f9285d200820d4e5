"""Request and response shapes of the portfolio API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import AliasPath, Field

from tandem.core.api_schemas import MAX_ID, InSchema, Number, OutSchema, PatchSchema, QuerySchema
from tandem.portfolio.choices import Feasibility, InitiativeKind, InitiativeState, Rag
from tandem.portfolio.filters import INITIATIVE_SORTS
from tandem.portfolio.value import outcome_statement

_SORT_NAMES = ", ".join(name for _, name in INITIATIVE_SORTS)

#
# Initiatives
#


class InitiativeIn(InSchema):
    title: str
    problem_statement: str = ""
    requesting_unit: int = Field(description="Id of the business unit asking for the work.")
    business_sponsor: int | None = Field(None, description="Id of the sponsoring person.")
    it_owner: int | None = Field(None, description="Id of the person owning it in IT.")
    goals: list[int] = Field([], description="Ids of the strategic goals it serves.")
    kind: InitiativeKind
    budget_estimate: Decimal | None = None
    requested_start: dt.date | None = None
    requested_end: dt.date | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    state: InitiativeState | None = Field(
        None, description="'idea' (the default) or 'intake'; later states need a transition."
    )


class InitiativePatch(PatchSchema):
    title: str | None = None
    problem_statement: str | None = None
    requesting_unit: int | None = None
    business_sponsor: int | None = None
    it_owner: int | None = None
    goals: list[int] | None = None
    kind: InitiativeKind | None = None
    budget_estimate: Decimal | None = None
    requested_start: dt.date | None = None
    requested_end: dt.date | None = None
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None


KIND_LABELS = dict(InitiativeKind.choices)
STATE_LABELS = dict(InitiativeState.choices)
FEASIBILITY_LABELS = dict(Feasibility.choices)


class InitiativeOut(OutSchema):
    title: str
    problem_statement: str
    requesting_unit: int = Field(validation_alias="requesting_unit_id")
    requesting_unit_name: str = Field(validation_alias=AliasPath("requesting_unit", "name"))
    business_sponsor: int | None = Field(validation_alias="business_sponsor_id")
    business_sponsor_name: str | None = Field(
        None, validation_alias=AliasPath("business_sponsor", "name")
    )
    it_owner: int | None = Field(validation_alias="it_owner_id")
    it_owner_name: str | None = Field(None, validation_alias=AliasPath("it_owner", "name"))
    goals: list[int]
    kind: InitiativeKind
    kind_label: str
    budget_estimate: Number | None
    requested_start: dt.date | None
    requested_end: dt.date | None
    planned_start: dt.date | None
    planned_end: dt.date | None
    state: InitiativeState
    state_label: str
    feasibility: Feasibility
    feasibility_label: str
    feasibility_notes: str

    # Plain lookups: a list of initiatives runs these for every row, and get_FOO_display()
    # rebuilds the choices' dictionary on each call.
    @staticmethod
    def resolve_goals(obj: Any) -> list[int]:
        prefetched = getattr(obj, "_prefetched_objects_cache", {}).get("goals")
        goals = prefetched if prefetched is not None else obj.goals.all()
        return [goal.pk for goal in goals]

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return KIND_LABELS.get(obj.kind, obj.kind)

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return STATE_LABELS.get(obj.state, obj.state)

    @staticmethod
    def resolve_feasibility_label(obj: Any) -> str:
        return FEASIBILITY_LABELS.get(obj.feasibility, obj.feasibility)


class InitiativeQuery(QuerySchema):
    q: str | None = Field(None, description="Title contains.")
    unit: int | None = Field(None, description="Id of the requesting business unit.")
    state: list[InitiativeState] = Field([], description="One or more states.")
    goal: int | None = Field(None, description="Id of a strategic goal served.")
    kind: InitiativeKind | None = None
    team: int | None = Field(None, description="Id of an IT team with an estimate.")
    sort: str | None = Field(None, description=f"One of {_SORT_NAMES}; prefix '-' for descending.")


class InitiativeTransitionIn(InSchema):
    to: InitiativeState
    version: int
    reason: str = ""


class InitiativeAssessmentIn(InSchema):
    feasibility: Feasibility
    feasibility_notes: str | None = None
    version: int


class HistoryChangeOut(Schema):
    field: str
    old: str
    new: str


class HistoryEntryOut(Schema):
    when: dt.datetime
    who: str
    action: str
    subject: str
    changes: list[HistoryChangeOut]
    reason: str

    @staticmethod
    def resolve_changes(obj: Any) -> list[dict[str, str]]:
        return [{"field": f, "old": old, "new": new} for f, old, new in obj.changes]


#
# Children of an initiative
#


class ChildOut(OutSchema):
    initiative: int = Field(validation_alias="initiative_id")


class BusinessOutcomeIn(InSchema):
    metric: str
    baseline: Decimal
    target: Decimal
    unit: str
    target_date: dt.date
    supports: str = Field("", description="What it makes possible, in business words.")


class BusinessOutcomePatch(PatchSchema):
    metric: str | None = None
    baseline: Decimal | None = None
    target: Decimal | None = None
    unit: str | None = None
    target_date: dt.date | None = None
    supports: str | None = None


class BusinessOutcomeOut(ChildOut):
    metric: str
    baseline: Number
    target: Number
    unit: str
    target_date: dt.date
    supports: str
    statement: str = Field(description="The outcome as a sentence in business words.")

    @staticmethod
    def resolve_statement(obj: Any) -> str:
        return outcome_statement(obj)


class OutcomeTemplateIn(InSchema):
    template: str = Field(description="risk, rework, downtime, incidents, cost or capacity.")
    subject: str = Field(min_length=1, max_length=120, description="What it is about.")
    before: Decimal = Field(description="Today's figure (a likelihood in % for risk).")
    after: Decimal = Field(description="The figure once the initiative is done.")
    impact: Decimal | None = Field(
        None, description="Risk only: what it would cost if it happened, in money."
    )
    target_date: dt.date


class OutcomeTemplateFieldOut(Schema):
    name: str
    label: str
    kind: str = Field(description="text, number, money or percent.")


class OutcomeTemplateOut(Schema):
    key: str
    title: str
    explanation: str
    fields: list[OutcomeTemplateFieldOut]


RATE_HELP = (
    "People of the team working on it at once (people a week, more than 0). Null: the "
    "roadmap assumes the likely effort spread over 8 weeks, between 0.5 and 3 people."
)


class EffortEstimateIn(InSchema):
    team: int = Field(description="Id of the estimating IT team.")
    low: Decimal
    likely: Decimal
    high: Decimal
    rate: Decimal | None = Field(None, description=RATE_HELP)


class EffortEstimatePatch(PatchSchema):
    team: int | None = None
    low: Decimal | None = None
    likely: Decimal | None = None
    high: Decimal | None = None
    rate: Decimal | None = Field(None, description=RATE_HELP)


class EffortEstimateOut(ChildOut):
    team: int = Field(validation_alias="team_id")
    team_name: str = Field(validation_alias=AliasPath("team", "name"))
    low: Number
    likely: Number
    high: Number
    rate: Number | None = Field(description=RATE_HELP)


class StatusUpdateIn(InSchema):
    date: dt.date
    rag: Rag
    text: str


class StatusUpdatePatch(PatchSchema):
    date: dt.date | None = None
    rag: Rag | None = None
    text: str | None = None


class AuthoredOut(ChildOut):
    author: int | None = Field(validation_alias="author_id")
    author_name: str | None = Field(None, validation_alias=AliasPath("author", "username"))


class StatusUpdateOut(AuthoredOut):
    date: dt.date
    rag: Rag
    text: str


class ScopeChangeIn(InSchema):
    date: dt.date
    reason: str
    effort_delta: Decimal


class ScopeChangePatch(PatchSchema):
    date: dt.date | None = None
    reason: str | None = None
    effort_delta: Decimal | None = None


class ScopeChangeOut(AuthoredOut):
    date: dt.date
    reason: str
    effort_delta: Number


#
# Dependencies
#


class DependencyIn(InSchema):
    predecessor: int = Field(description="Id of the initiative that must finish first.")
    successor: int = Field(description="Id of the initiative that waits.")
    note: str = ""


class DependencyOut(OutSchema):
    predecessor: int = Field(validation_alias="predecessor_id")
    predecessor_title: str = Field(validation_alias=AliasPath("predecessor", "title"))
    successor: int = Field(validation_alias="successor_id")
    successor_title: str = Field(validation_alias=AliasPath("successor", "title"))
    note: str


class DependencyQuery(QuerySchema):
    initiative: int | None = Field(
        None, ge=1, le=MAX_ID, description="Dependencies touching this initiative."
    )
