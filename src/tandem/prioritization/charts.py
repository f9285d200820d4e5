"""Presentation of prioritization: ranking table rows and ECharts options (pure functions)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from tandem.capacity.charts import base_option
from tandem.core.formatting import money, quantity
from tandem.portfolio.choices import InitiativeKind

# Run / grow / transform / comply: the four kinds a business reader knows.
KIND_GROUPS = {
    InitiativeKind.RUN: ("Run", "#6c757d"),
    InitiativeKind.GROWTH: ("Grow", "#198754"),
    InitiativeKind.TRANSFORM: ("Transform", "#0d6efd"),
    InitiativeKind.COMPLIANCE: ("Comply", "#b8860b"),
    InitiativeKind.SECURITY: ("Comply", "#b8860b"),
}


def score_text(value: float | None, method: str) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if method == "weighted" else f"{value:.2f}"


def ranking_rows(ranking: Any, cut_line: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    """Table rows: rank, initiative, statement, score and its parts, flags, funded or not."""
    rows = []
    detail = _reverser("portfolio:initiative_detail")
    scores = _reverser("prioritization:initiative_scores")
    for row in ranking.rows:
        pk = row.initiative.pk
        cut = cut_line.get(pk)
        parts = [
            {
                "name": part["criterion"],
                "side": part["side"],
                "value": "—" if part["value"] is None else quantity(round(part["value"], 1)),
                "points": part["points"],
            }
            for part in row.breakdown
        ]
        rows.append(
            {
                "rank": row.rank,
                "initiative": row.initiative,
                "url": detail(pk),
                "scores_url": scores(pk),
                "statement": row.statement,
                "score": score_text(row.total, ranking.method),
                "coverage_pct": round(100 * row.coverage),
                "parts": parts,
                "bar": _bar_parts(parts) if ranking.method == "weighted" else [],
                "flags": row.flags,
                "cut": None if cut is None else ("funded" if cut["funded"] else "not funded"),
                "cut_reason": next(iter((cut or {}).get("reasons") or []), ""),
                "sides": row.scored_by,
            }
        )
    return rows


def _bar_parts(parts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each criterion's points as a share of 100, for a stacked breakdown bar."""
    bars, x = [], 0.0
    for part in parts:
        if not part["points"]:
            continue
        width = round(part["points"], 2)
        colour = "#0d6efd" if part["side"] == "business" else "#6f42c1"
        bars.append({"name": part["name"], "x": round(x, 2), "width": width, "fill": colour})
        x += width
    return bars


_MARK = 987654321  # a pk no URL pattern treats specially, replaced by the real one


def _reverser(name: str) -> Any:
    """pk -> URL of `name`, reversing once: a chart links hundreds of initiatives, and a
    reverse() per point was a third of the ranking page's time."""
    pattern = reverse(name, args=[_MARK])
    return lambda pk: pattern.replace(str(_MARK), str(pk))


def value_effort_bubbles(ranking: Any) -> dict[str, Any]:
    """Business value (0–100) against effort (person-weeks), a bubble per initiative sized
    by its total score and coloured by kind: run, grow, transform, comply."""
    detail = _reverser("portfolio:initiative_detail")
    groups: dict[str, dict[str, Any]] = {}
    for label, colour in KIND_GROUPS.values():
        groups.setdefault(label, {"colour": colour, "data": []})
    for row in ranking.rows:
        if row.business_value is None:
            continue
        label, _colour = KIND_GROUPS.get(row.initiative.kind, ("Run", "#6c757d"))
        total = row.total or 0
        groups[label]["data"].append(
            {
                "value": [round(row.effort_person_weeks, 1), round(row.business_value, 1)],
                "name": row.initiative.title,
                "symbolSize": 8 + min(max(total, 0), 100) / 4
                if ranking.method == "weighted"
                else 14,
                "url": detail(row.initiative.pk),
                "tip": {
                    "title": row.initiative.title,
                    "rows": [
                        ["Business value", f"{row.business_value:.0f} of 100"],
                        ["Effort", f"{quantity(round(row.effort_person_weeks, 1))} person-weeks"],
                        ["Total score", score_text(row.total, ranking.method)],
                        ["Kind", label],
                    ],
                },
            }
        )
    series = [
        {
            "name": label,
            "type": "scatter",
            "data": group["data"],
            "itemStyle": {"color": group["colour"], "opacity": 0.75},
        }
        for label, group in groups.items()
    ]
    option = base_option(
        "Value against effort",
        "Up and to the left: most business value for the least IT effort. Bubble size: total "
        "score. Click a bubble to open the initiative.",
        "Scatter of initiatives: business value score 0 to 100 against effort in person-weeks, "
        "coloured by kind.",
    )
    option.update(
        {
            "legend": {"top": 48, "left": 0},
            "grid": {
                "left": 40,
                "right": 24,
                "top": 90,
                "bottom": 40,
                "outerBoundsMode": "same",
                "outerBoundsContain": "all",
            },
            "tooltip": {"trigger": "item"},
            "xAxis": {
                "type": "value",
                "name": "Effort (person-weeks, most likely)",
                "nameLocation": "middle",
                "nameGap": 28,
                "min": 0,
            },
            "yAxis": {
                "type": "value",
                "name": "Business value (0–100)",
                "nameLocation": "middle",
                "nameRotate": 90,
                "nameGap": 36,
                "min": 0,
                "max": 100,
            },
            "series": series,
            "tandem": {"height": 420},
        }
    )
    return option


def selection_chart(view: dict[str, Any]) -> dict[str, Any]:
    """Value of the chosen set: the optimum against the greedy ranking and the upper bound."""
    run = view["run"]
    bars = [
        ("Greedy ranking (value ÷ cost)", run.greedy_objective, "#adb5bd"),
        ("Optimised selection", run.objective, "#0d6efd"),
        ("Upper bound (LP relaxation)", run.lp_bound, "#dee2e6"),
    ]
    option = base_option(
        "Total score funded",
        "The optimised set against a simple ranking that funds the best value per euro first, "
        "and the most any selection could reach.",
        "Bar chart comparing the total score of the greedy and optimised selections and the "
        "upper bound.",
    )
    option.update(
        {
            "legend": {"show": True, "top": 48, "left": 0, "data": ["Total score"]},
            "grid": {
                "left": 8,
                "right": 48,
                "top": 80,
                "bottom": 40,
                "outerBoundsMode": "same",
                "outerBoundsContain": "all",
            },
            "tooltip": {"trigger": "item"},
            "xAxis": {
                "type": "value",
                "name": "Total score (sum of the funded initiatives' scores)",
                "nameLocation": "middle",
                "nameGap": 28,
            },
            "yAxis": {"type": "category", "data": [b[0] for b in bars], "inverse": True},
            "series": [
                {
                    "name": "Total score",
                    "type": "bar",
                    "data": [
                        {
                            "value": round(value, 1),
                            "itemStyle": {"color": colour},
                            "tip": {"title": name, "rows": [["Total score", f"{value:,.1f}"]]},
                        }
                        for name, value, colour in bars
                    ],
                    "label": {"show": True, "position": "right"},
                }
            ],
            "tandem": {"height": 220},
        }
    )
    return option


def money_text(value: float | None) -> str:
    return money(value)
