"""Joint scores for the demo portfolio: the Finance and Sales heads score the business
criteria of the weighted model, the ERP lead the technical ones.

Scores follow each initiative's kind, size and IT's feasibility verdict, so the ranking
reads true; a few initiatives are scored so that business and IT, or Finance and Sales,
see them differently (the "needs a conversation" flags), and about one in five is a
flagship the business rates top-value. Drawn from a random stream of its own, so adding
scores never shifts the rest of the company.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from tandem.demo.generator.specs import AlternativeSpec, Company, InitiativeSpec, ScoreSpec

SCORED_STATES = ("intake", "feasibility_review", "approved", "in_progress")
IT_SCORED_STATES = ("feasibility_review", "approved", "in_progress")
BUSINESS = (
    "strategic_fit",
    "revenue_impact",
    "cost_reduction",
    "risk_reduction",
    "compliance_need",
    "urgency",
)
# (low, high) per business criterion, by kind of initiative
PROFILES: dict[str, tuple[tuple[int, int], ...]] = {
    "growth": ((3, 4), (3, 5), (0, 2), (0, 2), (0, 1), (2, 4)),
    "transform": ((3, 4), (1, 3), (3, 5), (1, 3), (0, 1), (2, 4)),
    "run": ((1, 3), (0, 1), (1, 3), (3, 5), (1, 2), (2, 5)),
    "compliance": ((1, 2), (0, 1), (0, 1), (2, 4), (4, 5), (3, 5)),
    "security": ((1, 2), (0, 1), (0, 1), (4, 5), (2, 4), (3, 5)),
}
FLAGSHIP = ((5, 5), (4, 5), (3, 4), (2, 3), (1, 2), (4, 5))
FEASIBILITY = {"feasible": (4, 5), "conditional": (2, 3), "not_feasible": (0, 1)}
WHY: dict[str, tuple[str, str]] = {  # criterion: (reason for a low score, for a high one)
    "strategic_fit": (
        "Useful, but not what this year's goals are about.",
        "Straight out of this year's strategic goals.",
    ),
    "revenue_impact": (
        "No direct effect on sales.",
        "Customers buy more, or stop buying elsewhere.",
    ),
    "cost_reduction": (
        "Saves little beyond a few hours a month.",
        "Takes out manual work we pay for every week.",
    ),
    "risk_reduction": (
        "The risk it removes is small.",
        "Removes a risk that would stop the business.",
    ),
    "compliance_need": (
        "No legal or audit driver.",
        "Required by law or the auditors, with a date.",
    ),
    "urgency": ("Can wait a year without harm.", "Every month of delay costs us."),
    "feasibility": (
        "Needs the ERP upgrade first, or skills we do not have.",
        "Standard functionality; we have done this before.",
    ),
    "effort": ("A few weeks for one team.", "Months of work for several teams."),
    "delivery_risk": (
        "Familiar technology, one team.",
        "Several teams and a supplier to coordinate.",
    ),
    "architecture_fit": (
        "Adds another tool to integrate and run.",
        "Fits the platforms we already run.",
    ),
}
DISAGREE_WHY = {
    "business_effort": "Looks like a small change from where we sit.",
    "it_urgency": "Nothing breaks if this waits a quarter.",
    "second_unit": "For us this is not urgent at all.",
}


def scores_generate(company: Company, *, rng: random.Random) -> list[ScoreSpec]:
    """The scores of every initiative in intake or later that is still open."""
    family = {unit.key: unit.family for unit in company.units}
    scores: list[ScoreSpec] = []
    for item in company.initiatives:
        reached = item.held_from_state if item.state == "on_hold" else item.state
        if reached not in SCORED_STATES or item.state == "cancelled":
            continue
        day = _scoring_day(item, company.today)
        scores.extend(_initiative_scores(item, family.get(item.unit, ""), day, rng))
    return scores


def _scoring_day(item: InitiativeSpec, today: date) -> date:
    entered = [s.day for s in item.steps if s.state in ("intake", "feasibility_review")]
    first = entered[0] if entered else (item.steps[0].day if item.steps else today)
    return min(first + timedelta(days=3), today)


def _initiative_scores(
    item: InitiativeSpec, family: str, day: date, rng: random.Random
) -> list[ScoreSpec]:
    primary = {"FIN": "business", "SAL": "business2"}.get(family) or rng.choice(
        ("business", "business2")
    )
    flagship = rng.random() < 0.2 and item.kind in ("growth", "transform")
    ranges = FLAGSHIP if flagship else PROFILES.get(item.kind, PROFILES["run"])
    business = {key: rng.randint(*span) for key, span in zip(BUSINESS, ranges, strict=True)}
    if item.goals:
        business["strategic_fit"] = max(business["strategic_fit"], 4)
    out = [_spec(item, key, primary, value, day) for key, value in business.items()]
    if rng.random() < 0.3:  # the other business lead scores it too
        other = "business2" if primary == "business" else "business"
        second = dict(business)
        if rng.random() < 0.5:
            second["urgency"] = max(0, business["urgency"] - rng.randint(2, 3))
        for key, value in second.items():
            reason = DISAGREE_WHY["second_unit"] if value != business[key] else ""
            out.append(_spec(item, key, other, value, day + timedelta(days=1), reason))
    reached = item.held_from_state if item.state == "on_hold" else item.state
    if reached in IT_SCORED_STATES and item.feasibility != "not_assessed":
        it = _it_scores(item, rng, flagship)
        later = day + timedelta(days=5)
        out.extend(_spec(item, key, "itlead", value, later) for key, value in it.items())
        out.extend(_cross_views(item, business, it, primary, later, rng))
    return out


def _it_scores(item: InitiativeSpec, rng: random.Random, flagship: bool) -> dict[str, int]:
    person_weeks = float(sum(e.likely for e in item.estimates))
    effort = next(i for i, limit in enumerate((4, 8, 15, 25, 40, 1e9)) if person_weeks < limit)
    low, high = FEASIBILITY.get(item.feasibility, (3, 4))
    if flagship and item.feasibility == "conditional":
        high = low  # the business's favourite, and IT has real doubts
    return {
        "feasibility": rng.randint(low, high),
        "effort": effort,
        "delivery_risk": min(5, len(item.families) + rng.randint(0, 1)),
        "architecture_fit": rng.randint(2, 5),
    }


def _cross_views(
    item: InitiativeSpec,
    business: dict[str, int],
    it: dict[str, int],
    primary: str,
    day: date,
    rng: random.Random,
) -> list[ScoreSpec]:
    """Now and then one side gives its view on the other's criterion, and it differs."""
    out = []
    if it["effort"] >= 3 and rng.random() < 0.25:
        out.append(_spec(item, "effort", primary, 1, day, DISAGREE_WHY["business_effort"]))
    if business["urgency"] >= 4 and rng.random() < 0.15:
        value = business["urgency"] - 3
        out.append(_spec(item, "urgency", "itlead", value, day, DISAGREE_WHY["it_urgency"]))
    return out


def _spec(
    item: InitiativeSpec, key: str, scorer: str, value: int, day: date, reason: str = ""
) -> ScoreSpec:
    if not reason:
        low, high = WHY[key]
        reason = high if value >= 4 else (low if value <= 1 else "")
    return ScoreSpec(item.key, key, scorer, value, reason, day)


def alternatives_generate(company: Company) -> list[AlternativeSpec]:
    """Pairs of open candidates from one unit and of one kind: only one of each is funded."""
    pairs: list[AlternativeSpec] = []
    waiting = [i for i in company.initiatives if i.state in ("intake", "feasibility_review")]
    seen: set[int] = set()
    for first in waiting:
        if first.key in seen:
            continue
        match = next(
            (
                other
                for other in waiting
                if other.key not in seen
                and other.key != first.key
                and other.unit == first.unit
                and other.kind == first.kind
            ),
            None,
        )
        if match is None:
            continue
        seen.update((first.key, match.key))
        pairs.append(
            AlternativeSpec(
                first.key,
                match.key,
                "Two answers to the same need: the unit funds one of them.",
            )
        )
        if len(pairs) >= 3:
            break
    return pairs
