"""Reads for capacity data: lists for the pages and the API, single objects, the settings.

Every signed-in user reads all capacity data (one shared plan), so `user` does not narrow the
lists yet; it is there so that a later per-unit visibility changes only these functions.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tandem.capacity import choices, engine_io
from tandem.capacity.models import (
    Actual,
    ActualsImport,
    CapacitySettings,
    Holiday,
    Leave,
    NonDiscretionaryLoad,
    PlannedHire,
    WorkProfile,
)
from tandem.core.errors import NotFound, RuleViolation
from tandem.core.memo import PickledMemo
from tandem.engine import capacity as engine


def holiday_list(
    *, user: Any, start: date | None = None, end: date | None = None
) -> QuerySet[Holiday]:
    """Company holidays, optionally those between `start` and `end` (inclusive)."""
    queryset = Holiday.objects.all()
    if start is not None:
        queryset = queryset.filter(date__gte=start)
    if end is not None:
        queryset = queryset.filter(date__lte=end)
    return queryset.order_by("date")


def leave_list(
    *,
    user: Any,
    team_id: int | None = None,
    person_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Leave]:
    """Leave of IT people, optionally of one team or person, overlapping `start`–`end`."""
    queryset = Leave.objects.select_related("person", "person__team")
    if team_id is not None:
        queryset = queryset.filter(person__team_id=team_id)
    if person_id is not None:
        queryset = queryset.filter(person_id=person_id)
    if start is not None:
        queryset = queryset.filter(last_day__gte=start)
    if end is not None:
        queryset = queryset.filter(first_day__lte=end)
    return queryset.order_by("first_day", "pk")


def hire_list(*, user: Any, team_id: int | None = None) -> QuerySet[PlannedHire]:
    """Planned hires and open requisitions, soonest first."""
    queryset = PlannedHire.objects.select_related("team")
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    return queryset.order_by("expected_start", "pk")


def load_list(
    *, user: Any, team_id: int | None = None, on: date | None = None
) -> QuerySet[NonDiscretionaryLoad]:
    """Non-discretionary load per team; with `on`, only the entries that apply that day."""
    queryset = NonDiscretionaryLoad.objects.select_related("team")
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    if on is not None:
        queryset = queryset.filter(first_day__lte=on).filter(
            Q(last_day__isnull=True) | Q(last_day__gte=on)
        )
    return queryset.order_by("team__name", "category", "first_day", "pk")


def work_profile_list(*, user: Any, initiative_id: int | None = None) -> QuerySet[WorkProfile]:
    """Work profiles with their estimate, optionally of one initiative's estimates."""
    queryset = WorkProfile.objects.select_related(
        "estimate", "estimate__team", "estimate__initiative"
    )
    if initiative_id is not None:
        queryset = queryset.filter(estimate__initiative_id=initiative_id)
    return queryset.order_by("estimate__initiative_id", "estimate__team__name", "pk")


def actual_list(
    *,
    user: Any,
    team_id: int | None = None,
    category: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[Actual]:
    """Actual hours per team, week and category, oldest week first."""
    queryset = Actual.objects.select_related("team")
    if team_id is not None:
        queryset = queryset.filter(team_id=team_id)
    if category:
        queryset = queryset.filter(category=category)
    if start is not None:
        queryset = queryset.filter(week__gte=start)
    if end is not None:
        queryset = queryset.filter(week__lte=end)
    return queryset.order_by("team__name", "week", "category")


def actuals_import_list(*, user: Any) -> QuerySet[ActualsImport]:
    """Imports of actual hours, newest first, with who ran them."""
    return ActualsImport.objects.select_related("imported_by").order_by("-imported_at", "-pk")


def capacity_settings_get(*, user: Any = None) -> CapacitySettings:
    """The one row of capacity settings, created with the defaults on first use."""
    settings, _ = CapacitySettings.objects.get_or_create(pk=1)
    return settings


def _get(model: type, code: str, label: str, pk: int, related: tuple[str, ...] = ()) -> Any:
    obj = model.objects.select_related(*related).filter(pk=pk).first()
    if obj is None:
        raise NotFound(f"{label} {pk} does not exist.", code=code)
    return obj


def holiday_get(*, user: Any, pk: int) -> Holiday:
    """One company holiday; NotFound if missing."""
    return _get(Holiday, choices.HOLIDAY_NOT_FOUND, "Holiday", pk)


def leave_get(*, user: Any, pk: int) -> Leave:
    """One leave entry; NotFound if missing."""
    return _get(Leave, choices.LEAVE_NOT_FOUND, "Leave", pk, ("person",))


def hire_get(*, user: Any, pk: int) -> PlannedHire:
    """One planned hire or open requisition; NotFound if missing."""
    return _get(PlannedHire, choices.HIRE_NOT_FOUND, "Planned hire", pk, ("team",))


def load_get(*, user: Any, pk: int) -> NonDiscretionaryLoad:
    """One non-discretionary load entry; NotFound if missing."""
    return _get(
        NonDiscretionaryLoad, choices.LOAD_NOT_FOUND, "Non-discretionary load", pk, ("team",)
    )


def work_profile_get(*, user: Any, pk: int) -> WorkProfile:
    """One work profile; NotFound if missing."""
    return _get(
        WorkProfile, choices.WORK_PROFILE_NOT_FOUND, "Work profile", pk, ("estimate__initiative",)
    )


def actuals_import_get(*, user: Any, pk: int) -> ActualsImport:
    """One import of actual hours; NotFound if missing."""
    return _get(
        ActualsImport, choices.ACTUALS_IMPORT_NOT_FOUND, "Actuals import", pk, ("imported_by",)
    )


#
# The capacity plan: the engine's answers for the pages, the API and the CLI
#

DEFAULT_WEEKS = 26
MAX_WEEKS = 260  # five years of weeks: enough for any plan, bounded for the server
FORECAST_MONTHS = 18
GRAINS = ("week", "month", "quarter")


def capacity_overview(
    *,
    user: Any,
    start: date | None = None,
    end: date | None = None,
    grain: str = "week",
    team: int | None = None,
    key: tuple | None = None,
) -> dict[str, Any]:
    """The capacity plan from `start` to `end` (default: 26 weeks from this week) at `grain`:
    per team and for the department, supply, non-discretionary load by category, committed
    and proposed demand, what is available and the utilization; the spans where a team is
    over 100% with the initiatives behind them; what each team can still take on per
    quarter; and the 18-month forecast with its bottlenecks. `team` narrows the team rows.

    RuleViolation names the field (`from`, `to`, `grain`) of a bad argument; NotFound if
    `team` is not an IT team. `key` is `capacity_plan_key`'s answer for the same arguments,
    when the caller has asked it already."""
    if key is None:
        key = capacity_plan_key(start=start, end=end, grain=grain)
    plan = _PLANS.get(key)
    if plan is None:
        _stamp, today, first, weeks, grain = key
        plan = _PLANS.put(key, _plan_of_every_team(_monday(today), first, weeks, grain))
    if team is not None and all(row["id"] != team for row in plan["teams"]):
        raise NotFound(
            f"There is no IT team with id {team}.", code=choices.CAPACITY_TEAM, field="team"
        )
    return _with_titles(_narrowed(plan, team))


def capacity_plan_key(
    *, start: date | None = None, end: date | None = None, grain: str = "week"
) -> tuple:
    """What the plan from `start` to `end` at `grain` is remembered under: the records' data
    stamp, today and the horizon. Anything worked out from the plan alone (charts, rendered
    answers) may be remembered under it too. RuleViolation as `capacity_overview`."""
    today = timezone.localdate()
    first, weeks = _horizon(start, end, _monday(today))
    if grain not in GRAINS:
        raise RuleViolation(
            f"Choose a grain of {', '.join(GRAINS)}.", code=choices.CAPACITY_GRAIN, field="grain"
        )
    return (engine_io.capacity_data_stamp(), today, first, weeks, grain)


def _with_titles(plan: dict[str, Any]) -> dict[str, Any]:
    """The initiatives' current titles on a (possibly remembered) plan: a title edit does
    not change the figures, so it does not change the stamp either."""
    named = [item for span in plan["spans"] for item in span["initiatives"]] + plan["unplaced"]
    titles = engine_io.initiative_titles({item["id"] for item in named})
    for item in named:
        item["initiative"] = titles.get(item["id"], item["initiative"])
    return plan


_PLANS = PickledMemo(size=8)


def _plan_of_every_team(this_monday: date, start: date, weeks: int, grain: str) -> dict[str, Any]:
    records = engine_io.capacity_records_read()
    problem, index = engine_io.capacity_problem_build(records, start=start, weeks=weeks)
    result = engine.compute(problem)
    rolled = engine.rollup(result, grain)
    rolled_data = rolled.to_dict()
    return {
        "as_of": timezone.localdate().isoformat(),
        "start": start.isoformat(),
        "end": (start + timedelta(weeks=weeks, days=-1)).isoformat(),
        "grain": grain,
        "units": "person-weeks",
        "standard_hours_per_week": float(records.settings.standard_hours_per_week),
        "categories": engine_io.category_labels(),
        "periods": engine_io.periods_of(rolled),
        "teams": engine_io.teams_with_ids(rolled_data["teams"], index),
        "department": rolled_data["department"],
        "spans": [engine_io.span_with_ids(span, index) for span in result.to_dict()["spans"]],
        "take_on": _take_on(result, index),
        "forecast": _forecast(records, this_monday),
        "unplaced": [
            {"id": u.initiative_id, "initiative": u.initiative_title, "reason": u.reason}
            for u in records.unplaced
        ],
    }


def _narrowed(plan: dict[str, Any], team: int | None) -> dict[str, Any]:
    """`plan` with only `team`'s rows (the department figures stay the whole department's)."""
    if team is None:
        return plan

    def keep(rows: list[dict[str, Any]], key: str = "id") -> list[dict[str, Any]]:
        return [row for row in rows if row[key] == team]

    forecast = plan["forecast"]
    return {
        **plan,
        "teams": keep(plan["teams"]),
        "spans": keep(plan["spans"], key="team_id"),
        "take_on": {**plan["take_on"], "teams": keep(plan["take_on"]["teams"])},
        "forecast": {
            **forecast,
            "teams": keep(forecast["teams"]),
            "history": {**forecast["history"], "teams": keep(forecast["history"]["teams"])},
            "bottlenecks": keep(forecast["bottlenecks"], key="team_id"),
        },
    }


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _horizon(start: date | None, end: date | None, this_monday: date) -> tuple[date, int]:
    """The Monday to start from and the number of weeks up to and including `end`'s week."""
    first = _monday(start) if start is not None else this_monday
    if end is None:
        return first, DEFAULT_WEEKS
    if end < first:
        raise RuleViolation(
            "The end date must be on or after the start date.",
            code=choices.CAPACITY_RANGE,
            field="to",
        )
    weeks = (_monday(end) - first).days // 7 + 1
    if weeks > MAX_WEEKS:
        raise RuleViolation(
            f"Ask for at most {MAX_WEEKS} weeks (five years) at a time.",
            code=choices.CAPACITY_RANGE,
            field="to",
        )
    return first, weeks


def _take_on(result: Any, index: engine_io.CapacityIndex) -> dict[str, Any]:
    """Person-weeks each team can still take on per quarter (free weeks only)."""
    free = engine.available_to_take_on(result, "quarter")
    quarters = engine.rollup(result, "quarter")
    rows = [
        {"id": pk, "name": name, "person_weeks": [round(float(v), 2) for v in free[i]]}
        for i, (pk, name) in enumerate(zip(index.team_ids, result.problem.team_names, strict=True))
    ]
    return {"periods": engine_io.periods_of(quarters), "teams": rows}


def _forecast(records: engine_io.CapacityRecords, this_monday: date) -> dict[str, Any]:
    """The next 18 months, by month: supply with hires and attrition, load from actuals."""
    weeks = round(FORECAST_MONTHS * 52 / 12)
    problem, index = engine_io.capacity_problem_build(records, start=this_monday, weeks=weeks)
    settings = records.settings
    forecast = engine.forecast(
        problem,
        engine_io.capacity_actuals_build(records, problem.horizon),
        today_week=0,
        months=FORECAST_MONTHS,
        # The settings allow 100%; the engine's decay needs a rate below it.
        attrition_annual_pct=min(float(settings.attrition_annual_pct), 99.0),
        estimator=str(settings.forecast_estimator),
        requisition_delay_weeks=settings.requisition_delay_weeks,
    )
    data = forecast.to_dict()
    monthly = engine.rollup(forecast, "month")
    teams = engine_io.teams_with_ids(monthly.to_dict()["teams"], index)
    for row, source in zip(teams, data["teams"], strict=True):
        row["load_source"] = source["load_source"]
    return {
        "today_week": data["today_week"],
        "estimator": data["estimator"],
        "attrition_annual_pct": data["attrition_annual_pct"],
        "requisition_delay_weeks": data["requisition_delay_weeks"],
        "months": FORECAST_MONTHS,
        "periods": engine_io.periods_of(monthly),
        "teams": teams,
        "history": _history(data["history"], index),
        "bottlenecks": [
            {
                "team": item["team"],
                "team_id": index.team_ids[item["team_index"]],
                "first_week": item["first_week"],
                "first_week_start": item["first_week_start"],
                "peak_pct": item["peak_pct"],
                "person_weeks_short": item["person_weeks_short"],
            }
            for item in data["bottlenecks"]
        ],
    }


def _history(history: dict[str, Any], index: engine_io.CapacityIndex) -> dict[str, Any]:
    """Booked non-discretionary load per team and week (all categories), with the fit."""
    rows = []
    for team in history["teams"]:
        actual = [sum(week) for week in zip(*team["actual"].values(), strict=True)]
        fitted = [
            None if all(v is None for v in week) else round(sum(v or 0 for v in week), 2)
            for week in zip(*team["fitted"].values(), strict=True)
        ]
        rows.append(
            {
                "id": index.team_ids[team["index"]],
                "name": team["team"],
                "actual": [round(v, 2) for v in actual],
                "fitted": fitted,
            }
        )
    return {
        "weeks": history["week_labels"],
        "week_starts": history["week_starts"],
        "teams": rows,
    }


def capacity_impact(*, user: Any, initiative: Any) -> dict[str, Any]:
    """What approving `initiative` does to IT capacity: per team it asks work of, its demand,
    the peak utilization before and after, and whether (and when) the team goes over 100%."""
    # Only the teams it asks work of: their figures do not depend on the other teams.
    records = engine_io.capacity_records_read(
        team_ids=set(initiative.estimates.values_list("team_id", flat=True)), with_actuals=False
    )
    this_monday = _monday(timezone.localdate())
    own = [e for e in records.estimates if e.initiative_id == initiative.pk]
    head = {"id": initiative.pk, "title": initiative.title, "state": initiative.state}
    if not own:
        return {
            "initiative": head,
            "fits": True,
            "teams": [],
            "summary": _why_no_impact(records, initiative),
        }
    start = min(this_monday, _monday(min(e.first_day for e in own)))
    last = max(max(e.last_day for e in own), this_monday + timedelta(weeks=DEFAULT_WEEKS))
    weeks = min((_monday(last) - start).days // 7 + 1, MAX_WEEKS)
    problem, index = engine_io.capacity_problem_build(records, start=start, weeks=weeks)
    found = engine.impact(problem, index.initiative_position(initiative.pk))
    horizon = problem.horizon
    teams = []
    for item in found.teams:
        over = item.weeks_over
        teams.append(
            {
                "id": index.team_ids[item.team],
                "name": problem.team_names[item.team],
                "person_weeks": round(item.person_weeks, 2),
                "peak_before_pct": _pct(item.peak_pct_before),
                "peak_after_pct": _pct(item.peak_pct_after),
                "over": item.goes_over,
                "first_week": horizon.week_label(over[0]) if over else None,
                "first_week_start": horizon.week_start(over[0]).isoformat() if over else None,
                "last_week": horizon.week_label(over[-1]) if over else None,
                "last_week_start": horizon.week_start(over[-1]).isoformat() if over else None,
                "extra_person_weeks_short": round(max(item.extra_person_weeks_short, 0.0), 2),
            }
        )
    return {
        "initiative": head,
        "fits": found.fits,
        "teams": teams,
        "summary": _impact_summary(initiative, teams),
    }


def _pct(value: float) -> float | None:
    return round(value, 1) if value == value and value != float("inf") else None


def _why_no_impact(records: engine_io.CapacityRecords, initiative: Any) -> str:
    unplaced = next((u for u in records.unplaced if u.initiative_id == initiative.pk), None)
    if unplaced is not None:
        return (
            f"Its effort cannot be placed in time ({unplaced.reason}): set planned dates to see "
            "which IT teams it would load, and when."
        )
    if initiative.state not in (*engine_io.COMMITTED_STATES, *engine_io.PROPOSED_STATES):
        return (
            "Only initiatives in intake, feasibility review, approved or in progress take IT "
            "capacity."
        )
    return "It has no effort estimate yet: IT estimates the person-weeks per team it needs."


def _impact_summary(initiative: Any, teams: list[dict[str, Any]]) -> str:
    """One sentence: which teams it pushes over capacity, when and by how much, or that it fits."""
    planned = initiative.state in engine_io.COMMITTED_STATES
    over = [team for team in teams if team["over"]]
    if not over:
        peak = max(teams, key=lambda t: t["peak_after_pct"] or 0)
        opening = "It is in the plan and fits" if planned else "It fits"
        highest = f"{peak['name']} at {_show_pct(peak['peak_after_pct'])}"
        return f"{opening}: no team goes over 100% (highest: {highest})."
    parts = []
    for team in over:
        first = _show_day(team["first_week_start"])
        last = _show_day(team["last_week_start"], week_end=True)
        peak = _show_pct(team["peak_after_pct"])
        short = f"{team['extra_person_weeks_short']:g}"
        parts.append(
            f"{team['name']} over capacity from {first} to {last} "
            f"(peak {peak}, {short} person-weeks more short)"
        )
    opening = "It is in the plan and pushes" if planned else "Approving it would push"
    return f"{opening} " + "; ".join(parts) + "."


def _show_pct(value: float | None) -> str:
    return "no capacity" if value is None else f"{value:.0f}%"


def _show_day(iso: str, *, week_end: bool = False) -> str:
    day = date.fromisoformat(iso) + timedelta(days=4 if week_end else 0)
    return f"{day.day} {day:%b %Y}"
