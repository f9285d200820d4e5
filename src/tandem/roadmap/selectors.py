"""Reads for the roadmap: the plan of approved and in-progress initiatives, and one
initiative's place in it, for the pages, `GET /api/plan` and `tandem plan`.

The plan is worked out once per state of its records (`engine_io.roadmap_data_stamp`) and
day, and remembered in this process like the capacity plan: a write anywhere changes the
stamp. Titles, units and goals only label it, so each answer reads them afresh.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tandem.core.memo import SharedMemo
from tandem.engine.schedule.roadmap import Placement, describe, plan
from tandem.portfolio.models import Initiative
from tandem.roadmap import engine_io, optimizing
from tandem.roadmap.choices import ChangeKind

_PLANS = SharedMemo(size=8)  # read only: answers are built afresh from it
QUARTER_WEEKS = 52  # the compare page's quarters: the coming year


def roadmap_plan(
    *,
    user: Any,
    today: dt.date | None = None,
    only: set[int] | None = None,
    scenario: Any = None,
) -> dict[str, Any]:
    """The roadmap from this week: per initiative its planned start and finish, the
    earliest it could finish, its target, by how many weeks it slips and misses the target,
    and why (in words and as causes); the plan's objective figures, each team's use of its
    free people and the value delivered per quarter, and its data stamp.

    `only` narrows the rows to those initiatives (the figures stay the whole plan's).
    `scenario` plans the baseline with that scenario's changes laid over it.

    RuleViolation (ROADMAP_INVALID) if the records make no valid roadmap."""
    today = today or timezone.localdate()
    stamp, optimized = engine_io.roadmap_stamps()
    variant = None if scenario is None else scenario_variant(scenario)
    key = (stamp, today, optimized if variant is None else variant.key())
    worked_out = _PLANS.get(key)
    if worked_out is None:
        worked_out = _PLANS.put(key, _work_out(today, stamp, variant))
    answer = _answer(worked_out, only)
    answer["scenario"] = None if scenario is None else {"id": scenario.pk, "name": scenario.name}
    return answer


def answer_key(plan: dict[str, Any], scenario: Any = None) -> tuple:
    """What an answer of `roadmap_plan` depends on, for keeping what is made from it (the
    rendered timeline, the API's JSON): the records, week, optimized plan and scenario, and
    the labels (titles, units, goals), which are read afresh for every answer."""
    labels = tuple(
        (row["id"], row["title"], row["unit"]["name"], *(g["title"] for g in row["goals"]))
        for row in plan["initiatives"]
    )
    return (
        plan["data_stamp"],
        plan["as_of"],
        (plan["optimized"] or {}).get("job"),
        None if scenario is None else (scenario.pk, scenario.version),
        hash(labels),
    )


def scenario_variant(scenario: Any) -> engine_io.Variant:
    """A scenario's changes as the planner lays them over the baseline's records (one
    query): its ranked-first initiatives go before the baseline's."""
    by_kind: dict[str, list[dict[str, Any]]] = {kind: [] for kind in ChangeKind.values}
    for change in scenario.changes.order_by("id").values():
        by_kind[change["kind"]].append(change)

    def initiatives(kind: str) -> list[int]:
        return [change["initiative_id"] for change in by_kind[kind]]

    removed = set(initiatives(ChangeKind.REMOVE))
    first = (*initiatives(ChangeKind.FIRST), *engine_io.baseline_variant().first)
    return engine_io.Variant(
        add=frozenset(initiatives(ChangeKind.ADD)),
        remove=frozenset(removed),
        first=tuple(dict.fromkeys(pk for pk in first if pk not in removed)),
        estimates=tuple(
            (
                (c["initiative_id"], c["team_id"]),
                (float(c["low"]), float(c["likely"]), float(c["high"]), _float(c["rate"])),
            )
            for c in by_kind[ChangeKind.ESTIMATE]
        ),
        hires=tuple(
            (c["team_id"], int(c["people"]), c["first_day"]) for c in by_kind[ChangeKind.HIRE]
        ),
        loads=tuple(
            (c["team_id"], float(c["hours_per_week"]), c["first_day"], c["last_day"])
            for c in by_kind[ChangeKind.LOAD]
        ),
    )


def _float(value: Any) -> float | None:
    return None if value is None else float(value)


def _work_out(today: dt.date, stamp: str, variant: engine_io.Variant | None) -> dict[str, Any]:
    """The engine's plan with ids for keys (no titles: they are put on per answer)."""
    roadmap, index = engine_io.roadmap_build(today=today, variant=variant)
    result = plan(roadmap)
    found = None
    if variant is None:  # the baseline: a better plan the optimizer found replaces it
        found = optimizing.optimized_for(stamp, index.start, len(roadmap.packages))
    if found is not None:
        result = replace(
            result,
            starts=tuple(found["package_starts"]),
            placements=optimizing.placements_of(found),
        )
    placements = {int(p.key): p for p in result.placements}
    return {
        "as_of": today,
        "start": index.start,
        "horizon_weeks": int(roadmap.capacity.shape[0]),
        "data_stamp": stamp,
        "team_ids": dict(zip(roadmap.teams, index.team_ids, strict=True)),
        "objective": {
            "weighted_tardiness": round(result.weighted_tardiness(roadmap), 2),
            "weighted_completion": round(result.weighted_completion(roadmap), 2),
        },
        "weights": {int(item.key): item.weight for item in roadmap.items},
        "pinned": [int(item.key) for item in roadmap.items if item.pinned is not None],
        "placements": placements,
        "targets": index.targets,
        "ranks": index.ranks,
        "quarters": _quarters(roadmap, result, index.start),
        "optimized": None if found is None else _optimized_facts(found),
        "added": sorted(variant.add) if variant is not None else [],
    }


def _optimized_facts(found: dict[str, Any]) -> dict[str, Any]:
    """What the page says about the optimized plan it shows."""
    return {
        "job": found["job"],
        "finished_at": found["finished_at"],
        "status": found["status"],
        "objective": found["objective"],
        "greedy_objective": found["greedy_objective"],
        "gap": found["gap"],
        "seconds": found["seconds"],
    }


def quarter_of(day: dt.date) -> str:
    """'2027 Q1'."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def _quarters(roadmap: Any, result: Any, start: dt.date) -> dict[str, Any]:
    """Per calendar quarter of the first `QUARTER_WEEKS` weeks: each team's people-weeks
    free and used by the plan, and the total weight of the initiatives finishing in it."""
    weeks = min(QUARTER_WEEKS, int(roadmap.capacity.shape[0]))
    used = result.usage(roadmap, weeks)
    labels = [quarter_of(start + dt.timedelta(weeks=w, days=3)) for w in range(weeks)]
    names = list(dict.fromkeys(labels))
    teams: dict[str, dict[str, list[float]]] = {}
    for position, team in enumerate(roadmap.teams):
        free = [0.0] * len(names)
        busy = [0.0] * len(names)
        for week, label in enumerate(labels):
            free[names.index(label)] += float(roadmap.capacity[week, position])
            busy[names.index(label)] += float(used[week, position])
        teams[team] = {"free": [round(v, 1) for v in free], "used": [round(v, 1) for v in busy]}
    value = dict.fromkeys(names, 0.0)
    for item, placement in zip(roadmap.items, result.placements, strict=True):
        if placement.finish is not None and 0 < placement.finish <= weeks:
            value[labels[placement.finish - 1]] += item.weight
    return {"names": names, "teams": teams, "value": [round(value[n], 2) for n in names]}


def _labels(ids: list[int], added: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Title, state, business unit and strategic goals of each initiative `ids` (two
    queries). With `added` (the whole roadmap: approved and in progress, and the initiatives
    a scenario adds), rows are picked by state rather than by hundreds of ids, which cost
    Django more to put in the SQL than the database to read."""
    wanted = set(ids)
    if added is None:
        which = Q(pk__in=ids)
        goal_rows = Q(initiative_id__in=ids)
    else:
        which = Q(state__in=engine_io.ROADMAP_STATES) | Q(pk__in=added)
        goal_rows = Q(initiative__state__in=engine_io.ROADMAP_STATES) | Q(initiative_id__in=added)
    labels: dict[int, dict[str, Any]] = {}
    rows = Initiative.objects.filter(which).values_list(
        "pk", "title", "state", "requesting_unit_id", "requesting_unit__name"
    )
    for pk, title, state, unit_id, unit_name in rows:
        if pk in wanted:
            labels[pk] = {
                "title": title,
                "state": state,
                "unit": {"id": unit_id, "name": unit_name},
                "goals": [],
            }
    goals = Initiative.goals.through.objects.filter(goal_rows).order_by(
        "strategicgoal__title", "strategicgoal_id"
    )
    for pk, goal_id, goal_title in goals.values_list(
        "initiative_id", "strategicgoal_id", "strategicgoal__title"
    ):
        if pk in labels:
            labels[pk]["goals"].append({"id": goal_id, "title": goal_title})
    return labels


def _answer(worked_out: dict[str, Any], only: set[int] | None = None) -> dict[str, Any]:
    """The remembered plan as people and scripts read it, with today's labels; rows of
    `only` those initiatives when given (labels are then read for them and the initiatives
    their causes name, not for the whole roadmap)."""
    placements: dict[int, Placement] = worked_out["placements"]
    shown = {pk: p for pk, p in placements.items() if only is None or pk in only}
    if only is not None:
        labels = _labels(sorted(_named(shown)))
    else:
        labels = _labels(sorted(placements), added=worked_out["added"])
    start: dt.date = worked_out["start"]
    rows = [
        _initiative(pk, placement, labels, worked_out)
        for pk, placement in shown.items()
        if pk in labels
    ]
    rows.sort(key=lambda r: (r["start_week"] is None, r["start_week"] or 0, r["title"], r["id"]))
    everything = list(placements.values())
    objective = {
        **worked_out["objective"],
        "initiatives": len(everything),
        "slipped": sum(1 for p in everything if p.slip),
        "late": sum(1 for p in everything if p.late_by),
        "unplanned": sum(1 for p in everything if p.start is None),
    }
    return {
        "as_of": worked_out["as_of"],
        "start": start,
        "horizon_weeks": worked_out["horizon_weeks"],
        "units": "weeks",
        "data_stamp": worked_out["data_stamp"],
        "objective": objective,
        "quarters": worked_out["quarters"],
        "optimized": worked_out["optimized"],
        "initiatives": rows,
        "team_names": {pk: name for name, pk in worked_out["team_ids"].items()},
    }


def _named(placements: dict[int, Placement]) -> set[int]:
    """The initiatives shown and every initiative their causes name."""
    named = set(placements)
    for placement in placements.values():
        for cause in placement.causes:
            named.update(int(key) for key in cause.competitors)
            if cause.predecessor is not None:
                named.add(int(cause.predecessor))
    return named


def month_text(day: dt.date) -> str:
    """The month a week belongs to, its Thursday's (the ISO rule the capacity pages use for
    months): 'Mar 2027'. Written here because selectors import no presentation module."""
    thursday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(days=3)
    return f"{thursday:%b %Y}"


def day_text(day: dt.date) -> str:
    """'3 Feb 2027', as the capacity pages write a day."""
    return f"{day.day} {day:%b %Y}"


def _initiative(
    pk: int, placement: Placement, labels: dict[int, dict[str, Any]], worked_out: dict[str, Any]
) -> dict[str, Any]:
    start: dt.date = worked_out["start"]

    def monday(week: int) -> dt.date:
        return start + dt.timedelta(weeks=week)

    def title(key: str) -> str:
        found = labels.get(int(key))
        return found["title"] if found else f"initiative {key}"

    finish = _last_friday(start, placement.start, placement.finish)
    return {
        "id": pk,
        **labels[pk],
        "rank": worked_out["ranks"].get(pk),
        "weight": round(worked_out["weights"][pk], 2),
        "under_way": pk in worked_out["pinned"],
        "start": None if placement.start is None else monday(placement.start),
        "finish": finish,
        "earliest_finish": _last_friday(start, placement.start, placement.earliest_finish),
        "target": worked_out["targets"].get(pk),
        "start_week": placement.start,
        "finish_week": placement.finish,
        "earliest_finish_week": placement.earliest_finish,
        "target_week": placement.target,
        "slip_weeks": placement.slip,
        "late_weeks": placement.late_by,
        "explanation": _explanation(placement, worked_out, pk, title, monday),
        "causes": [_cause(cause, title, monday, worked_out) for cause in placement.causes],
    }


def _explanation(
    placement: Placement, worked_out: dict[str, Any], pk: int, title: Any, monday: Any
) -> str:
    """The slip in words; a target that had passed before the plan starts says so, rather
    than blaming the work's own length."""
    target = worked_out["targets"].get(pk)
    only_late = all(cause.kind == "duration" for cause in placement.causes)
    if placement.late_by and only_late and target is not None and target < worked_out["start"]:
        late = "1 week" if placement.late_by == 1 else f"{placement.late_by} weeks"
        under_way = " and the work is still under way" if pk in worked_out["pinned"] else ""
        day = day_text(target)
        return f"Misses its target by {late}: its target date, {day}, has passed{under_way}."
    return describe(placement, title=title, week=lambda w: month_text(monday(w)))


def _last_friday(start: dt.date, first: int | None, end: int | None) -> dt.date | None:
    """The Friday of the last week before week `end` (exclusive); the first week's Monday
    for work that takes no time."""
    if end is None or first is None:
        return None
    if end <= first:
        return start + dt.timedelta(weeks=first)
    return start + dt.timedelta(weeks=end - 1, days=4)


def _cause(cause: Any, title: Any, monday: Any, worked_out: dict[str, Any]) -> dict[str, Any]:
    """One reason for a slip, with ids and titles instead of engine keys."""
    return {
        "kind": cause.kind,
        "weeks": cause.weeks,
        "team": cause.team,
        "team_id": worked_out["team_ids"].get(cause.team) if cause.team else None,
        "first_week_start": None if cause.first is None else monday(cause.first),
        "last_week_start": None if cause.last is None else monday(cause.last),
        "competitors": [{"id": int(key), "title": title(key)} for key in cause.competitors],
        "ranked_lower": [{"id": int(key), "title": title(key)} for key in cause.ranked_lower],
        "predecessor": None
        if cause.predecessor is None
        else {"id": int(cause.predecessor), "title": title(cause.predecessor)},
    }


def initiative_plan(*, user: Any, initiative: Initiative) -> dict[str, Any]:
    """Where `initiative` lands on the roadmap ("when can we have it?"), or why it is not
    on it: `row` is its plan row or None, `reason` says what to do next."""
    found = roadmap_plan(user=user, only={initiative.pk})
    row = next((r for r in found["initiatives"] if r["id"] == initiative.pk), None)
    reason = ""
    if row is None and initiative.state not in engine_io.ROADMAP_STATES:
        reason = (
            f"It is not on the roadmap yet: only approved and in-progress initiatives are "
            f"planned, and it is {initiative.get_state_display().lower()}."
        )
    elif row is None:
        reason = (
            "It is not on the roadmap yet: it has no effort estimate. IT adds the "
            "person-weeks each team needs, and the roadmap places that work."
        )
    return {"plan": found, "row": row, "reason": reason}
