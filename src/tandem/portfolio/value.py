"""An initiative's value in business words, rendered from its structured outcomes.

"Cut order fulfilment time from 4 to 3.4 days (−15%) by Q3 2027, supporting 20% more order
volume." Every part comes from a field of a `BusinessOutcome`: the verb from the direction
(target below baseline: cut; above: raise), the measure, baseline, target and unit, the
relative change, the target date's quarter, and the optional "what it makes possible".

There are also outcome templates: technical work (upgrades, migrations, security) stated as
what the business gets — risk reduced in money, manual rework removed, downtime avoided,
cost avoided, IT capacity freed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tandem.core.formatting import quantity

PERCENT_UNITS = ("%", "percent", "per cent")


def outcome_statement(outcome: Any) -> str:
    """One outcome as a sentence: verb, measure, from, to, change, when, what it supports."""
    baseline, target = Decimal(outcome.baseline), Decimal(outcome.target)
    verb = "Cut" if target < baseline else "Raise"
    unit = (outcome.unit or "").strip()
    sentence = (
        f"{verb} {_measure(outcome.metric)} from {_amount(baseline, unit)} to "
        f"{_amount(target, unit)}{_suffix(unit)}{_change(baseline, target, unit)} "
        f"by {_quarter(outcome.target_date)}"
    )
    supports = (getattr(outcome, "supports", "") or "").strip().rstrip(".")
    if supports:
        sentence += f", {supports}"
    return sentence + "."


def value_statement(initiative: Any) -> str:
    """All the initiative's outcomes as one statement; '' when it has none."""
    return " ".join(outcome_statement(o) for o in initiative.outcomes.all())


def _measure(metric: str) -> str:
    """'Order fulfilment time' -> 'order fulfilment time'; acronyms stay: 'NPS' -> 'NPS'."""
    text = metric.strip()
    first = text.split(" ", 1)[0]
    if len(first) > 1 and first[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]


def _is_percent(unit: str) -> bool:
    """'%', 'percent' or '% of invoices': the measure is itself a percentage."""
    return unit in PERCENT_UNITS or unit.startswith("% ")


def _amount(value: Decimal, unit: str) -> str:
    shown = quantity(value.quantize(Decimal("0.1")) if value != value.to_integral() else value)
    return f"{shown}%" if _is_percent(unit) else shown


def _suffix(unit: str) -> str:
    if not unit or unit in PERCENT_UNITS:
        return ""
    return f" {unit[2:]}" if unit.startswith("% ") else f" {unit}"


def _change(baseline: Decimal, target: Decimal, unit: str) -> str:
    """' (−15%)' relative to the baseline; percentage points for a measure in %."""
    if _is_percent(unit):
        points = target - baseline
        sign = "+" if points > 0 else "−"
        return f" ({sign}{quantity(abs(points))} points)"
    if baseline == 0:
        return ""
    change = (target - baseline) / abs(baseline) * 100
    rounded = change.quantize(Decimal(1))
    if rounded == 0:
        return ""
    sign = "+" if rounded > 0 else "−"
    return f" ({sign}{quantity(abs(rounded))}%)"


def _quarter(day: Any) -> str:
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


#
# Outcome templates: technical work in business terms
#


@dataclass(frozen=True)
class TemplateField:
    name: str
    label: str
    kind: str  # "text", "number", "money", "percent"
    help: str = ""


@dataclass(frozen=True)
class OutcomeTemplate:
    key: str
    title: str
    explanation: str
    fields: tuple[TemplateField, ...]


_WHAT = TemplateField("subject", "What it is about", "text")
_BEFORE = TemplateField("before", "Today", "number")
_AFTER = TemplateField("after", "After the initiative", "number")

TEMPLATES: dict[str, OutcomeTemplate] = {
    t.key: t
    for t in (
        OutcomeTemplate(
            "risk",
            "Risk reduced",
            "A risk's expected yearly loss: its likelihood in a year times what it would "
            "cost, before and after.",
            (
                TemplateField("subject", "The risk", "text", "e.g. 'a ransomware outage'"),
                TemplateField("impact", "What it would cost if it happened", "money"),
                TemplateField("before", "Likelihood in a year today (%)", "percent"),
                TemplateField("after", "Likelihood in a year afterwards (%)", "percent"),
            ),
        ),
        OutcomeTemplate(
            "rework",
            "Manual rework removed",
            "Hours people spend each month re-keying, reconciling or correcting by hand.",
            (TemplateField("subject", "The process", "text"), _BEFORE, _AFTER),
        ),
        OutcomeTemplate(
            "downtime",
            "Downtime avoided",
            "Hours a year a business-critical system is unavailable.",
            (TemplateField("subject", "The system", "text"), _BEFORE, _AFTER),
        ),
        OutcomeTemplate(
            "incidents",
            "Incidents avoided",
            "Incidents a year that stop or slow the business.",
            (TemplateField("subject", "The system or process", "text"), _BEFORE, _AFTER),
        ),
        OutcomeTemplate(
            "cost",
            "Cost avoided",
            "A yearly cost that goes away or shrinks: licences, support contracts, hardware.",
            (
                _WHAT,
                TemplateField("before", "Yearly cost today", "money"),
                TemplateField("after", "Yearly cost afterwards", "money"),
            ),
        ),
        OutcomeTemplate(
            "capacity",
            "IT capacity freed",
            "Person-weeks per quarter IT spends keeping something running, freed for new work.",
            (TemplateField("subject", "What takes the time", "text"), _BEFORE, _AFTER),
        ),
    )
}


def outcome_from_template(key: str, values: dict[str, Any], currency: str) -> dict[str, Any]:
    """The outcome fields (metric, baseline, target, unit, supports) for template `key`.

    `values` holds the template's fields, already validated as numbers where numeric.
    """
    subject = str(values["subject"]).strip()
    before, after = Decimal(values["before"]), Decimal(values["after"])
    if key == "risk":
        impact = Decimal(values["impact"])
        return {
            "metric": f"Expected yearly loss from {subject}",
            "baseline": (impact * before / 100).quantize(Decimal(1)),
            "target": (impact * after / 100).quantize(Decimal(1)),
            "unit": currency,
            "supports": f"by making {subject} less likely ({quantity(before)}% → "
            f"{quantity(after)}% a year, {quantity(impact)} {currency} if it happens)",
        }
    metric, unit = {
        "rework": (f"Manual rework in {subject}", "hours per month"),
        "downtime": (f"Downtime of {subject}", "hours a year"),
        "incidents": (f"Incidents in {subject}", "a year"),
        "cost": (f"Yearly cost of {subject}", currency),
        "capacity": (f"IT time spent on {subject}", "person-weeks per quarter"),
    }[key]
    supports = {
        "rework": "freeing people for work customers notice",
        "downtime": "keeping the business running",
        "incidents": "fewer disruptions for customers and staff",
        "cost": "money that can fund other work",
        "capacity": "IT time freed for new initiatives",
    }[key]
    return {
        "metric": metric,
        "baseline": before,
        "target": after,
        "unit": unit,
        "supports": supports,
    }
