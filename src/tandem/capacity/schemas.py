"""Schemas of the capacity API: the plan as arrays per team and period, spans, the forecast.

Plain pydantic models (not Ninja's Schema): the answers are dictionaries built by the
selectors, and Ninja's attribute-resolving wrapper would cost more than the engine."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from tandem.core.api_schemas import MAX_ID, QuerySchema


class Period(BaseModel):
    label: str = Field(description="ISO week 2027-W05, month 2027-03 or quarter 2027 Q1.")
    start: dt.date = Field(description="The Monday the period starts with.")


class Category(BaseModel):
    key: str
    label: str


class Series(BaseModel):
    """Person-weeks per period; utilization in percent (null: work but no supply)."""

    supply: list[float]
    load: dict[str, list[float]] = Field(description="Non-discretionary load by category.")
    load_total: list[float]
    committed: list[float] = Field(description="Approved and in-progress initiatives.")
    proposed: list[float] = Field(description="Initiatives in intake or feasibility review.")
    available: list[float] = Field(description="Supply − load − committed (negative: short).")
    utilization_pct: list[float | None] = Field(description="(Load + committed) ÷ supply.")


class TeamSeries(Series):
    id: int
    name: str


class SpanInitiative(BaseModel):
    initiative: str
    id: int
    person_weeks: float = Field(description="Its committed effort inside the span.")


class SpanOut(BaseModel):
    team: str
    team_id: int
    first_week: str
    first_week_start: dt.date
    last_week: str
    last_week_start: dt.date
    weeks: int
    peak_pct: float | None
    person_weeks_short: float
    initiatives: list[SpanInitiative] = Field(description="The causes, largest first.")


class TakeOnTeam(BaseModel):
    id: int
    name: str
    person_weeks: list[float] = Field(description="Free person-weeks per quarter.")


class TakeOn(BaseModel):
    periods: list[Period]
    teams: list[TakeOnTeam]


class Estimator(BaseModel):
    name: str
    description: str


class ForecastTeam(TeamSeries):
    load_source: str = Field(description="'actuals' (booked hours' trend) or 'plan'.")


class HistoryTeam(BaseModel):
    id: int
    name: str
    actual: list[float] = Field(description="Booked non-discretionary person-weeks per week.")
    fitted: list[float | None] = Field(description="The estimator's line (null: not fitted).")


class History(BaseModel):
    weeks: list[str]
    week_starts: list[dt.date]
    teams: list[HistoryTeam]


class Bottleneck(BaseModel):
    team: str
    team_id: int
    first_week: str
    first_week_start: dt.date
    peak_pct: float | None
    person_weeks_short: float


class ForecastOut(BaseModel):
    today_week: str
    estimator: Estimator
    attrition_annual_pct: float
    requisition_delay_weeks: int
    months: int
    periods: list[Period]
    teams: list[ForecastTeam]
    history: History
    bottlenecks: list[Bottleneck]


class UnplacedOut(BaseModel):
    id: int
    initiative: str
    reason: str


class CapacityOut(BaseModel):
    as_of: dt.date
    start: dt.date
    end: dt.date
    grain: str
    units: str
    standard_hours_per_week: float
    categories: list[Category]
    periods: list[Period]
    teams: list[TeamSeries]
    department: Series
    spans: list[SpanOut] = Field(description="Weeks a team is over 100%, always weekly.")
    take_on: TakeOn
    forecast: ForecastOut
    unplaced: list[UnplacedOut]


class ImpactInitiative(BaseModel):
    id: int
    title: str
    state: str


class ImpactTeam(BaseModel):
    id: int
    name: str
    person_weeks: float
    peak_before_pct: float | None
    peak_after_pct: float | None
    over: bool = Field(description="True if it makes the team's shortfall worse.")
    first_week: str | None
    first_week_start: dt.date | None
    last_week: str | None
    last_week_start: dt.date | None
    extra_person_weeks_short: float


class ImpactOut(BaseModel):
    initiative: ImpactInitiative
    fits: bool
    summary: str
    teams: list[ImpactTeam]


class CapacityQuery(QuerySchema):
    start: dt.date | None = Field(
        None, alias="from", description="First day (its week counts); default: this week."
    )
    end: dt.date | None = Field(
        None, alias="to", description="Last day (its week counts); default: 26 weeks on."
    )
    grain: str = Field("week", description="week, month or quarter.")
    team: int | None = Field(None, ge=1, le=MAX_ID, description="Id of one IT team.")


class CapacityImpactQuery(QuerySchema):
    initiative: int = Field(..., ge=1, le=MAX_ID, description="Id of the initiative.")
