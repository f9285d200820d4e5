"""The demo portfolio: initiatives in every state, with a consistent, dated history."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from tandem.demo.generator import catalogue as cat
from tandem.demo.generator.specs import (
    DependencySpec,
    EstimateSpec,
    GoalSpec,
    InitiativeSpec,
    OutcomeSpec,
    PersonSpec,
    ScopeSpec,
    StatusSpec,
    Step,
    TeamSpec,
    UnitSpec,
)
from tandem.demo.generator.templates import SUPPORTS, TEMPLATES, Template

FLOW = ("idea", "intake", "feasibility_review", "approved", "in_progress", "done")
LABELS = {
    "idea": "Idea",
    "intake": "Intake",
    "feasibility_review": "Feasibility review",
    "approved": "Approved",
    "in_progress": "In progress",
    "done": "Done",
    "on_hold": "On hold",
    "cancelled": "Cancelled",
}
STATE_WEIGHTS = {
    "idea": 15,
    "intake": 13,
    "feasibility_review": 13,
    "approved": 13,
    "in_progress": 20,
    "done": 14,
    "on_hold": 6,
    "cancelled": 6,
}
# days between entering the previous state and entering this one
GAPS = {
    "intake": (5, 40),
    "feasibility_review": (7, 30),
    "approved": (14, 45),
    "in_progress": (7, 45),
}
DURATION_DAYS = {"S": (42, 90), "M": (90, 180), "L": (180, 330)}
PERSON_WEEKS = {"S": (3, 8), "M": (8, 20), "L": (20, 48)}
HOLD_REASONS = (
    "the sponsor's budget is frozen until next quarter",
    "the key users are busy with the year-end close",
    "waiting for the ERP upgrade",
    "the team is needed for an urgent security fix",
)
CANCEL_REASONS = (
    "superseded by a larger initiative",
    "the business case no longer holds",
    "the sponsor left and nobody took it over",
    "the vendor discontinued the product",
)
# order of "how far along" for acyclic dependencies: earlier items are predecessors
PROGRESS_RANK = {
    "done": 0,
    "in_progress": 1,
    "approved": 2,
    "on_hold": 3,
    "feasibility_review": 4,
    "intake": 5,
    "idea": 6,
}


@dataclass
class Context:
    """What initiatives draw on: the company, the date and the random stream."""

    rng: random.Random
    today: date
    units: list[UnitSpec]
    teams_by_family: dict[str, list[str]]
    leads: dict[str, str]
    sponsors: dict[str, list[str]]
    goals: dict[str, list[str]]

    @classmethod
    def build(
        cls,
        *,
        rng: random.Random,
        today: date,
        units: list[UnitSpec],
        teams: list[TeamSpec],
        people: list[PersonSpec],
        goals: list[GoalSpec],
    ) -> Context:
        teams_by_family: dict[str, list[str]] = {}
        for team in teams:
            teams_by_family.setdefault(team.family, []).append(team.key)
        sponsors: dict[str, list[str]] = {}
        for person in people:
            if person.unit:
                sponsors.setdefault(person.unit, []).append(person.key)
        unit_goals: dict[str, list[str]] = {}
        for goal in goals:
            unit_goals.setdefault(goal.unit, []).append(goal.key)
        leads = {p.team: p.key for p in people if p.role == "lead" and p.team}
        return cls(
            rng=rng,
            today=today,
            units=units,
            teams_by_family=teams_by_family,
            leads=leads,
            sponsors=sponsors,
            goals=unit_goals,
        )

    def days(self, low: int, high: int) -> timedelta:
        return timedelta(days=self.rng.randint(low, high))


def _largest_remainder(weights: dict[str, float], total: int) -> dict[str, int]:
    scale = total / sum(weights.values())
    counts = {key: int(weight * scale) for key, weight in weights.items()}
    by_remainder = sorted(weights, key=lambda k: (-(weights[k] * scale - counts[k]), k))
    for key in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def initiatives_generate(ctx: Context, *, count: int) -> list[InitiativeSpec]:
    """`count` initiatives spread over the units by weight and over every state and kind."""
    weights = {function.family: function.weight for function in cat.FUNCTIONS}
    shares = {"": 1.0, "EMEA": 0.45, "Americas": 0.35, "Asia-Pacific": 0.20}
    per_unit = _largest_remainder(
        {u.key: weights[u.family] * shares[u.region] for u in ctx.units}, count
    )
    drafts: list[tuple[UnitSpec, Template, str]] = []
    for unit in ctx.units:
        templates = list(TEMPLATES[unit.family])
        ctx.rng.shuffle(templates)
        for position in range(per_unit[unit.key]):
            template = templates[position % len(templates)]
            phase = position // len(templates)
            title = template.title + (f" ({unit.region})" if unit.region else "")
            drafts.append((unit, template, title + (f" — phase {phase + 1}" if phase else "")))
    ctx.rng.shuffle(drafts)
    states = [s for s, n in _largest_remainder(STATE_WEIGHTS, count).items() for _ in range(n)]
    ctx.rng.shuffle(states)
    return [
        _initiative(ctx, key, *draft, state=state)
        for key, (draft, state) in enumerate(zip(drafts, states, strict=True), start=1)
    ]


def _initiative(
    ctx: Context, key: int, unit: UnitSpec, template: Template, title: str, *, state: str
) -> InitiativeSpec:
    rng = ctx.rng
    item = InitiativeSpec(
        key=key,
        title=title,
        problem_statement=template.problem,
        unit=unit.key,
        kind=template.kind,
        state=state,
        families=template.teams,
    )
    reached = state
    if state == "on_hold":
        reached = rng.choices(
            ("intake", "feasibility_review", "approved", "in_progress"), weights=(2, 3, 3, 2)
        )[0]
        item.held_from_state = reached
    elif state == "cancelled":
        reached = rng.choices(FLOW[:5], weights=(2, 2, 4, 1, 1))[0]
    duration = ctx.days(*DURATION_DAYS[template.size])
    path = _timeline(ctx, item, reached, duration)
    total_weeks = rng.uniform(*PERSON_WEEKS[template.size])
    item.sponsor = rng.choice(ctx.sponsors[unit.key])
    first_team = rng.choice(ctx.teams_by_family[template.teams[0]])
    if reached != "idea" or rng.random() < 0.4:
        item.it_owner = ctx.leads[first_team]
    if reached != "idea" or rng.random() < 0.5:
        external = {"S": 0, "M": rng.randint(0, 40), "L": rng.randint(20, 150)}[template.size]
        rate = rng.choice((3200, 3600, 4000))
        item.budget_estimate = Decimal(round(total_weeks * rate / 1000 + external) * 1000)
        start = path[0][1] + ctx.days(30, 120)
        item.requested_start, item.requested_end = start, start + duration + ctx.days(0, 30)
    chance = {"growth": 0.85, "transform": 0.85, "compliance": 0.6}.get(template.kind, 0.4)
    if rng.random() < chance:
        item.goals = [rng.choice(ctx.goals[unit.key])]
    if FLOW.index(reached) >= FLOW.index("feasibility_review"):
        review_day = dict(path)["feasibility_review"]
        _assess(ctx, item, reached)
        _outcome(ctx, item, template, review_day)
        _estimates(ctx, item, template, first_team, total_weeks, review_day)
    _steps(ctx, item, path)
    if "in_progress" in dict(path):
        _status_updates(ctx, item, path)
    if reached in ("approved", "in_progress", "done"):
        _scope_changes(ctx, item, reached, total_weeks)
    return item


def _timeline(
    ctx: Context, item: InitiativeSpec, reached: str, duration: timedelta
) -> list[tuple[str, date]]:
    """The day the initiative entered each state on its way to `reached`; sets planned dates."""
    today, rng = ctx.today, ctx.rng
    closing = item.state in ("on_hold", "cancelled")
    end = today - ctx.days(3, 120) if closing else today  # day it was put on hold/cancelled
    if reached == "done":
        done_day = today - ctx.days(7, 330)
        item.planned_end = done_day - ctx.days(0, 14)
        item.planned_start = item.planned_end - duration
    elif reached == "in_progress":
        item.planned_start = end - ctx.days(14, 120 if closing else 240)
        item.planned_end = item.planned_start + duration
        if not closing and item.planned_end < today + timedelta(days=14):
            item.planned_end = today + ctx.days(14, 120)  # re-planned after a slip
    days: dict[str, date] = {}
    if reached in ("in_progress", "done"):
        assert item.planned_start is not None  # noqa: S101 - set just above
        days["in_progress"] = item.planned_start
        if reached == "done":
            days["done"] = done_day
        next_state, next_day = "in_progress", item.planned_start
    else:
        recent = {
            "idea": (0, 150),
            "intake": (0, 90),
            "feasibility_review": (0, 60),
            "approved": (0, 75),
        }[reached]
        next_state = reached
        next_day = end - ctx.days(7, 60) if closing else today - ctx.days(*recent)
        days[reached] = next_day
    for state in reversed(FLOW[: FLOW.index(next_state)]):
        next_day -= ctx.days(*GAPS[FLOW[FLOW.index(state) + 1]])
        days[state] = next_day
        next_state = state
    if reached == "approved" and rng.random() < 0.75:
        item.planned_start = max(days["approved"], today) + ctx.days(7, 150)
        item.planned_end = item.planned_start + duration
    if reached != "idea" and rng.random() < 0.25:
        days.pop("idea")  # submitted straight into intake
    path = sorted(days.items(), key=lambda pair: (pair[1], FLOW.index(pair[0])))
    if closing:
        path.append((item.state, max(end, path[-1][1])))
    return path


def _assess(ctx: Context, item: InitiativeSpec, reached: str) -> None:
    rng = ctx.rng
    if reached == "feasibility_review":
        verdicts = ("not_assessed", "feasible", "conditional", "not_feasible")
        weights = (1, 1, 1, 3) if item.state == "cancelled" else (5, 3, 2, 1)
        item.feasibility = rng.choices(verdicts, weights=weights)[0]
    else:
        item.feasibility = rng.choices(("feasible", "conditional"), weights=(7, 3))[0]
    notes = {
        "feasible": cat.FEASIBLE_NOTES,
        "conditional": cat.CONDITIONAL_NOTES,
        "not_feasible": cat.NOT_FEASIBLE_NOTES,
    }.get(item.feasibility)
    item.feasibility_notes = rng.choice(notes) if notes else ""


def _outcome(ctx: Context, item: InitiativeSpec, template: Template, day: date) -> None:
    baseline, target = (_vary(ctx.rng, v) for v in (template.baseline, template.target))
    if baseline == target:
        baseline, target = Decimal(str(template.baseline)), Decimal(str(template.target))
    anchor = item.planned_end or item.requested_end or day + timedelta(days=365)
    item.outcomes.append(
        OutcomeSpec(
            metric=template.metric,
            baseline=baseline,
            target=target,
            unit=template.unit,
            target_date=anchor + ctx.days(60, 180),
            day=day,
            supports=SUPPORTS.get(template.title, ""),
        )
    )


def _vary(rng: random.Random, value: float) -> Decimal:
    """Nudge large round numbers a little so the companies of two seeds differ."""
    if value <= 10 or value == 100:
        return Decimal(str(value))
    return Decimal(round(value * rng.uniform(0.9, 1.1)))


def _half(value: float) -> Decimal:
    return Decimal(max(1, round(value * 2))) / 2


def _estimates(
    ctx: Context,
    item: InitiativeSpec,
    template: Template,
    first_team: str,
    total_weeks: float,
    day: date,
) -> None:
    rng = ctx.rng
    lead_share = rng.uniform(0.55, 0.7) if len(template.teams) > 1 else 1.0
    for position, family in enumerate(template.teams):
        team = first_team if position == 0 else rng.choice(ctx.teams_by_family[family])
        share = lead_share if position == 0 else (1 - lead_share) / (len(template.teams) - 1)
        likely = _half(total_weeks * share)
        low = min(likely, _half(float(likely) * rng.uniform(0.6, 0.85)))
        high = max(likely, _half(float(likely) * rng.uniform(1.25, 2.0)))
        item.estimates.append(EstimateSpec(team=team, low=low, likely=likely, high=high, day=day))


def _steps(ctx: Context, item: InitiativeSpec, path: list[tuple[str, date]]) -> None:
    """Every saved version: created, each transition, and the feasibility assessment."""
    assessed_day = None
    days = dict(path)
    if item.feasibility != "not_assessed":
        review = days["feasibility_review"]
        after = days.get("approved") or (
            path[-1][1] if path[-1][0] != "feasibility_review" else ctx.today
        )
        assessed_day = review + timedelta(days=ctx.rng.randint(0, max(0, (after - review).days)))
    feasibility = "not_assessed"
    for position, (state, day) in enumerate(path):
        if (
            assessed_day is not None
            and feasibility == "not_assessed"
            and (assessed_day < day or state in ("approved", "on_hold", "cancelled"))
        ):
            feasibility = item.feasibility
            previous = item.steps[-1]
            item.steps.append(
                Step(
                    min(assessed_day, day),
                    previous.state,
                    previous.held_from,
                    feasibility,
                    "Feasibility assessed",
                )
            )
        if position == 0:
            reason = "Created"
        else:
            reason = f"Moved to {LABELS[state]}" + _closing_reason(ctx, item, state)
        held = item.held_from_state if state == "on_hold" else ""
        item.steps.append(Step(day, state, held, feasibility, reason))
    if assessed_day is not None and feasibility == "not_assessed":
        previous = item.steps[-1]
        item.steps.append(
            Step(
                assessed_day,
                previous.state,
                previous.held_from,
                item.feasibility,
                "Feasibility assessed",
            )
        )


def _closing_reason(ctx: Context, item: InitiativeSpec, state: str) -> str:
    if state == "on_hold":
        return ": " + ctx.rng.choice(HOLD_REASONS)
    if state == "cancelled":
        if item.feasibility == "not_feasible":
            return ": IT assessed it as not feasible"
        return ": " + ctx.rng.choice(CANCEL_REASONS)
    return ""


def _status_updates(ctx: Context, item: InitiativeSpec, path: list[tuple[str, date]]) -> None:
    rng, days = ctx.rng, dict(path)
    start, end = days["in_progress"], path[-1][1] if item.state != "in_progress" else ctx.today
    health = rng.choices(("green", "amber", "red"), weights=(65, 25, 10))[0]
    dates = []
    day = start + ctx.days(10, 21)
    while day <= end:
        dates.append(day)
        day += ctx.days(14, 28)
    dates = dates[-6:] or [min(start + timedelta(days=7), end)]
    span = max(1, ((item.planned_end or end) - start).days)
    for position, day in enumerate(dates):
        rag = (
            health
            if position >= len(dates) - 2
            else rng.choices(("green", "amber"), weights=(8, 2))[0]
        )
        progress = min(0.99, max(0.0, (day - start).days / span))
        item.status_updates.append(
            StatusSpec(day=day, rag=rag, text=_status_text(rng, rag, progress))
        )
    if item.state == "done":
        item.status_updates.append(
            StatusSpec(
                day=days["done"],
                rag="green",
                text="Delivered: live for all users and handed over to support.",
            )
        )


def _status_text(rng: random.Random, rag: str, progress: float) -> str:
    if rag == "green":  # milestones in the order projects reach them
        return f"On track: {cat.GREEN_NOTES[int(progress * len(cat.GREEN_NOTES))]}."
    issue = rng.choice(cat.AMBER_NOTES)
    if rag == "amber":
        return f"At risk: {issue}; {rng.choice(cat.MITIGATIONS)}."
    decision = rng.choice(cat.RED_DECISIONS)
    return f"Off track: {issue}. Decision needed from the sponsor on {decision}."


def _scope_changes(ctx: Context, item: InitiativeSpec, reached: str, total_weeks: float) -> None:
    rng = ctx.rng
    if rng.random() >= (0.1 if reached == "approved" else 0.3):
        return
    first = item.steps[-1].day if reached == "approved" else item.planned_start
    assert first is not None  # noqa: S101 - started initiatives have planned dates
    last = ctx.today if item.state in ("approved", "in_progress") else item.steps[-1].day
    for reason, sign in rng.sample(cat.SCOPE_REASONS, rng.randint(1, 2)):
        day = first + timedelta(days=rng.randint(0, max(0, (last - first).days)))
        delta = _half(total_weeks * rng.uniform(0.1, 0.3)) * sign
        item.scope_changes.append(ScopeSpec(day=day, reason=reason, effort_delta=delta))
    item.scope_changes.sort(key=lambda change: change.day)


def dependencies_generate(ctx: Context, items: list[InitiativeSpec]) -> list[DependencySpec]:
    """Finish-to-start links between related initiatives; never a cycle.

    Links only go from an earlier to a later initiative in the order (progress, key), so the
    graph is acyclic; work that has started depends only on work already done.
    """
    rng = ctx.rng
    order = sorted(
        (i for i in items if i.state != "cancelled"), key=lambda i: (PROGRESS_RANK[i.state], i.key)
    )
    wanted, links, seen = max(3, len(items) // 7), [], set()
    for _ in range(wanted * 20):
        if len(links) >= wanted:
            break
        position = rng.randint(1, len(order) - 1)
        successor = order[position]
        candidates = [
            p
            for p in order[:position]
            if set(p.families) & set(successor.families) and _may_precede(p, successor)
        ]
        if not candidates:
            continue
        predecessor = rng.choice(candidates)
        if (predecessor.key, successor.key) in seen:
            continue
        seen.add((predecessor.key, successor.key))
        shared = next(f for f in predecessor.families if f in successor.families)
        links.append(
            DependencySpec(
                predecessor=predecessor.key,
                successor=successor.key,
                note=cat.DEPENDENCY_NOTES[shared],
                day=max(predecessor.steps[0].day, successor.steps[0].day),
            )
        )
    return links


def _may_precede(predecessor: InitiativeSpec, successor: InitiativeSpec) -> bool:
    started = any(step.state == "in_progress" for step in successor.steps)
    if not started:
        return True
    return (
        predecessor.state == "done"
        and successor.planned_start is not None
        and predecessor.steps[-1].day <= successor.planned_start
    )
