"""ORM <-> engine for prioritization: scoring models and scores as engine ratings, and the
funding question (candidates, budget, team capacity per quarter) as a selection problem.

Candidates are the initiatives waiting for a decision (intake and feasibility review). The
capacity they compete for is what each IT team has left per quarter after non-discretionary
work and already-committed initiatives (the capacity engine's `available_to_take_on`). A
candidate's need per team and quarter is its likely estimate spread over its planned or
requested dates, as the capacity pages spread it; one without dates is spread evenly over
the whole period.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from tandem import engine
from tandem.capacity import engine_io as capacity_io
from tandem.core.errors import RuleViolation
from tandem.engine import scoring, select
from tandem.portfolio.choices import Feasibility, InitiativeKind, InitiativeState
from tandem.portfolio.models import Dependency, EffortEstimate, Initiative
from tandem.prioritization import choices
from tandem.prioritization.models import Alternative, Criterion, Score, ScoringModel

CANDIDATE_STATES = (InitiativeState.INTAKE, InitiativeState.FEASIBILITY_REVIEW)
FUNDED_STATES = (InitiativeState.APPROVED, InitiativeState.IN_PROGRESS, InitiativeState.DONE)
MANDATORY_KINDS = (InitiativeKind.COMPLIANCE, InitiativeKind.SECURITY)
MAX_QUARTERS = 12
CRITERION_KEYS = ("key", "name", "side", "weight", "higher_is_better", "role", "feasibility")

#
# Scoring
#


def definition_of(model: ScoringModel) -> dict[str, Any]:
    """The model's method and criteria as plain JSON, as a revision keeps them."""
    criteria = []
    for criterion in model.criteria.order_by("position", "id"):
        row = {key: getattr(criterion, key) for key in CRITERION_KEYS}
        row["weight"] = float(row["weight"])
        row["id"] = criterion.pk
        criteria.append(row)
    return {"method": model.method, "criteria": criteria}


def engine_model(definition: dict[str, Any]) -> scoring.ScoringModel:
    """The engine's scoring model for a stored definition."""
    return scoring.ScoringModel(
        method=definition["method"],
        criteria=tuple(
            scoring.Criterion(
                key=row["key"],
                name=row["name"],
                side=row["side"],
                weight=float(row["weight"]),
                higher_is_better=bool(row["higher_is_better"]),
                role=row.get("role", ""),
                feasibility=bool(row.get("feasibility", False)),
            )
            for row in definition["criteria"]
        ),
    )


@dataclass
class Ratings:
    """Scores of some initiatives as engine ratings, with the indexes to map them back."""

    initiative_ids: list[int]
    ratings: list[scoring.Rating]
    unit_names: list[str]
    scored_by: dict[int, set[str]] = field(default_factory=dict)  # initiative -> sides


def ratings_of(
    definition: dict[str, Any], initiative_ids: list[int], scores: list[tuple]
) -> Ratings:
    """Engine ratings from score rows ``(initiative, criterion, scorer, side, unit id,
    unit name, value)``; scores of criteria outside `definition` are ignored."""
    item_of = {pk: i for i, pk in enumerate(initiative_ids)}
    criterion_of = {row["id"]: i for i, row in enumerate(definition["criteria"])}
    scorer_of: dict[int, int] = {}
    unit_of: dict[int, int] = {}
    unit_names: list[str] = []
    ratings: list[scoring.Rating] = []
    scored_by: dict[int, set[str]] = defaultdict(set)
    for initiative, criterion, scorer, side, unit, unit_name, value in scores:
        if initiative not in item_of or criterion not in criterion_of:
            continue
        if unit is not None and unit not in unit_of:
            unit_of[unit] = len(unit_names)
            unit_names.append(unit_name)
        ratings.append(
            scoring.Rating(
                item=item_of[initiative],
                criterion=criterion_of[criterion],
                value=float(value),
                scorer=scorer_of.setdefault(scorer, len(scorer_of)),
                side=side,
                unit=unit_of[unit] if unit is not None else -1,
            )
        )
        scored_by[initiative].add(side)
    return Ratings(initiative_ids, ratings, unit_names, dict(scored_by))


def score_rows(initiative_ids: list[int] | None = None, *, as_of: dt.datetime | None = None):
    """Score rows for `ratings_of`, now or as they stood at `as_of` (from the history)."""
    columns = ("initiative_id", "criterion_id", "scorer_id", "side", "unit_id", "value")
    queryset = Score.objects.all() if as_of is None else Score.history.as_of(as_of)
    if initiative_ids is not None:
        queryset = queryset.filter(initiative_id__in=initiative_ids)
    rows = list(queryset.values_list(*columns))
    names = dict(_unit_names({row[4] for row in rows if row[4] is not None}))
    return [(*row[:5], names.get(row[4], ""), row[5]) for row in rows]


def _unit_names(ids: set[int]) -> list[tuple[int, str]]:
    from tandem.organization.models import BusinessUnit

    return list(BusinessUnit.objects.filter(pk__in=ids).values_list("pk", "name"))


def values_by_initiative(ids: list[int]) -> dict[int, float | None]:
    """Each initiative's total by the active model (None if unscored)."""
    model = active_model()
    if model is None or not ids:
        return {}
    definition = definition_of(model)
    rated = ratings_of(definition, ids, score_rows(ids))
    result = scoring.score(engine_model(definition), rated.ratings, len(ids))
    return {pk: result.totals[i] for i, pk in enumerate(ids)}


def active_model() -> ScoringModel | None:
    """The active scoring model, if one is set."""
    return ScoringModel.objects.filter(is_active=True).first()


def criteria_of(model: ScoringModel) -> list[Criterion]:
    """The model's criteria in their display order."""
    return list(model.criteria.order_by("position", "id"))


#
# Selection
#


@dataclass
class BuiltSelection:
    """A selection problem and what is needed to read its answer."""

    problem: select.SelectionProblem
    candidate_ids: list[int]
    period_from: str
    period_to: str
    notes: list[dict[str, Any]]  # initiatives left out before solving, with the reason
    unestimated: list[int] = field(default_factory=list)  # candidates IT has not estimated


_PERIOD = re.compile(r"^\s*(\d{4})\s*-?\s*[Qq]([1-4])\s*$")


def parse_quarter(text: str, *, field_name: str) -> tuple[int, int]:
    """(year, quarter) from '2027Q1', '2027-Q1' or '2027 Q1'; RuleViolation otherwise."""
    match = _PERIOD.match(text or "")
    if not match:
        raise RuleViolation(
            f"'{text}' is not a quarter; write it like 2027Q1.",
            code=choices.SELECTION_PERIOD,
            field=field_name,
        )
    return int(match.group(1)), int(match.group(2))


def quarter_label(year: int, quarter: int) -> str:
    return f"{year}Q{quarter}"


def quarters_between(first: tuple[int, int], last: tuple[int, int]) -> list[tuple[int, int]]:
    """Every quarter from `first` to `last`, inclusive; RuleViolation if reversed or too long."""
    count = (last[0] - first[0]) * 4 + last[1] - first[1] + 1
    if count < 1:
        raise RuleViolation(
            "The period ends before it starts; give the first quarter, then the last.",
            code=choices.SELECTION_PERIOD,
            field="period_to",
        )
    if count > MAX_QUARTERS:
        raise RuleViolation(
            f"A selection covers at most {MAX_QUARTERS} quarters; this period has {count}.",
            code=choices.SELECTION_PERIOD,
            field="period_to",
        )
    return [((first[1] - 1 + i) // 4 + first[0], (first[1] - 1 + i) % 4 + 1) for i in range(count)]


def _iso_monday_on_or_after(day: dt.date) -> dt.date:
    """The Monday of the first week whose Thursday falls on or after `day`."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday if monday + dt.timedelta(days=3) >= day else monday + dt.timedelta(days=7)


def _quarter_first_day(year: int, quarter: int) -> dt.date:
    return dt.date(year, 3 * (quarter - 1) + 1, 1)


def selection_problem_build(
    *, period_from: str, period_to: str, budget: Decimal | float | None
) -> BuiltSelection:
    """The funding question for the quarters `period_from`..`period_to`."""
    first = parse_quarter(period_from, field_name="period_from")
    last = parse_quarter(period_to, field_name="period_to")
    quarters = quarters_between(first, last)
    if budget is not None and Decimal(budget) < 0:
        raise RuleViolation("The budget cannot be negative.", code="INVALID_BUDGET", field="budget")
    start = _iso_monday_on_or_after(_quarter_first_day(*quarters[0]))
    after = quarters[-1][0] + (quarters[-1][1] == 4), quarters[-1][1] % 4 + 1
    end = _iso_monday_on_or_after(_quarter_first_day(*after))
    weeks = (end - start).days // 7
    records = capacity_io.capacity_records_read(with_actuals=False)
    problem, index = capacity_io.capacity_problem_build(records, start=start, weeks=weeks)
    result = engine.compute(problem)
    free = engine.available_to_take_on(result, "quarter")
    labels = list(problem.horizon.bucket_labels("quarter"))
    quarter_of_week = problem.horizon.bucket_index("quarter")
    candidates, notes = _candidates(records)
    needs = _needs(candidates, result, index, quarter_of_week, len(labels), weeks, records)
    return _assemble(
        candidates,
        needs,
        notes,
        team_names=tuple(name for _pk, name in records.teams),
        labels=labels,
        free=free,
        budget=budget,
        period=(quarter_label(*quarters[0]), quarter_label(*quarters[-1])),
    )


@dataclass
class _Candidate:
    initiative: Initiative
    value: float
    requires: list[int]


def _candidates(records: capacity_io.CapacityRecords) -> tuple[list[_Candidate], list[dict]]:
    """Initiatives waiting for a decision that could be funded, and notes on those that
    cannot (not feasible, or waiting for work that is not in the plan)."""
    pool = list(Initiative.objects.filter(state__in=CANDIDATE_STATES).order_by("title", "pk"))
    values = values_by_initiative([i.pk for i in pool])
    notes: list[dict[str, Any]] = []
    open_ids = set()
    for initiative in pool:
        if initiative.feasibility == Feasibility.NOT_FEASIBLE:
            notes.append(_note(initiative, "IT assessed it as not feasible."))
        else:
            open_ids.add(initiative.pk)
    funded = set(Initiative.objects.filter(state__in=FUNDED_STATES).values_list("pk", flat=True))
    titles = dict(Initiative.objects.values_list("pk", "title"))
    links = list(
        Dependency.objects.filter(successor_id__in=open_ids).values_list(
            "predecessor_id", "successor_id"
        )
    )
    changed = True
    while changed:  # drop candidates waiting for work that will not happen, transitively
        changed = False
        for predecessor, successor in links:
            if successor in open_ids and predecessor not in open_ids | funded:
                open_ids.discard(successor)
                notes.append(
                    _note(
                        next(i for i in pool if i.pk == successor),
                        f"It waits for '{titles.get(predecessor, predecessor)}', which is not "
                        "approved and not a candidate.",
                    )
                )
                changed = True
    requires: dict[int, list[int]] = defaultdict(list)
    for predecessor, successor in links:
        if successor in open_ids and predecessor in open_ids:
            requires[successor].append(predecessor)
    candidates = [
        _Candidate(i, values.get(i.pk) or 0.0, requires[i.pk]) for i in pool if i.pk in open_ids
    ]
    return candidates, notes


def _note(initiative: Initiative, reason: str) -> dict[str, Any]:
    return {"initiative": initiative.pk, "title": initiative.title, "reason": reason}


def _needs(
    candidates: list[_Candidate],
    result: Any,
    index: capacity_io.CapacityIndex,
    quarter_of_week: np.ndarray,
    quarters: int,
    weeks: int,
    records: capacity_io.CapacityRecords,
) -> dict[int, dict[tuple[int, int], float]]:
    """Person-weeks per (team, quarter) of each candidate, within the period."""
    wanted = {c.initiative.pk for c in candidates}
    needs: dict[int, dict[tuple[int, int], float]] = defaultdict(lambda: defaultdict(float))
    spread = result.spread
    for entry_initiative, team, week, effort, committed in zip(
        spread.initiative.tolist(),
        spread.team.tolist(),
        spread.week.tolist(),
        spread.person_weeks.tolist(),
        spread.committed.tolist(),
        strict=True,
    ):
        pk = index.initiative_ids[entry_initiative]
        if committed or pk not in wanted or not 0 <= week < weeks:
            continue
        needs[pk][(team, int(quarter_of_week[week]))] += effort
    placed = {e.initiative_id for e in records.estimates}
    undated = wanted - placed
    if undated:
        weeks_per_quarter = np.bincount(quarter_of_week, minlength=quarters)
        team_position = {pk: i for i, (pk, _name) in enumerate(records.teams)}
        rows = EffortEstimate.objects.filter(initiative_id__in=undated).values_list(
            "initiative_id", "team_id", "likely"
        )
        for pk, team_id, likely in rows:
            for quarter in range(quarters):
                share = float(likely) * weeks_per_quarter[quarter] / weeks
                needs[pk][(team_position[team_id], quarter)] += float(share)
    return needs


def _assemble(
    candidates: list[_Candidate],
    needs: dict[int, dict[tuple[int, int], float]],
    notes: list[dict[str, Any]],
    *,
    team_names: tuple[str, ...],
    labels: list[str],
    free: np.ndarray,
    budget: Decimal | float | None,
    period: tuple[str, str],
) -> BuiltSelection:
    position = {c.initiative.pk: i for i, c in enumerate(candidates)}
    exclusive = []
    for first, second in Alternative.objects.values_list("first_id", "second_id"):
        if first in position and second in position:
            exclusive.append((position[first], position[second]))
    problem = select.SelectionProblem(
        candidates=tuple(
            select.Candidate(
                name=c.initiative.title,
                value=round(float(c.value), 4),
                cost=float(c.initiative.budget_estimate or 0),
                needs=tuple(
                    select.Need(team=team, period=quarter, person_weeks=round(effort, 4))
                    for (team, quarter), effort in sorted(needs.get(c.initiative.pk, {}).items())
                    if effort > 1e-6
                ),
                mandatory=c.initiative.kind in MANDATORY_KINDS,
                requires=tuple(position[p] for p in c.requires),
                kind=c.initiative.kind,
            )
            for c in candidates
        ),
        team_names=team_names,
        period_labels=tuple(labels),
        capacity_person_weeks=tuple(
            tuple(round(max(float(v), 0.0), 4) for v in row) for row in free.tolist()
        ),
        budget=float(budget) if budget is not None else None,
        exclusive_groups=tuple(exclusive),
    )
    estimated = set(
        EffortEstimate.objects.filter(initiative__in=position).values_list(
            "initiative_id", flat=True
        )
    )
    return BuiltSelection(
        unestimated=[pk for pk in position if pk not in estimated],
        problem=problem,
        candidate_ids=[c.initiative.pk for c in candidates],
        period_from=period[0],
        period_to=period[1],
        notes=notes,
    )


def selection_solve(built: BuiltSelection, *, time_limit: float) -> select.Selection:
    """Solve the selection with a fixed seed, so the same data gives the same answer."""
    return select.solve(built.problem, time_limit=time_limit, seed=0, workers=2)
