"""The scoring models a new installation starts with: weighted criteria (active), WSJF and
RICE, from the engine's presets, with their plain-words level descriptions."""

from __future__ import annotations

from typing import Any

from tandem.engine import scoring

DEFAULT_MODELS = (
    (
        "Weighted business and IT criteria",
        scoring.default_weighted,
        "Business leads score strategic fit, revenue, cost, risk, compliance and urgency; IT "
        "leads score feasibility, effort, delivery risk and architecture fit. The total is "
        "0–100: each criterion's score times its weight, over the most it could add.",
        True,
    ),
    (
        "WSJF (weighted shortest job first)",
        scoring.default_wsjf,
        "Cost of delay (business value + time criticality + risk reduction or opportunity) "
        "divided by job size: the most value per unit of effort, soonest.",
        False,
    ),
    (
        "RICE",
        scoring.default_rice,
        "Reach × impact × confidence ÷ effort, each scored 0–5.",
        False,
    ),
)


def default_models() -> list[dict[str, Any]]:
    """Each default model's fields and its criteria's fields."""
    models = []
    for name, preset, description, active in DEFAULT_MODELS:
        model = preset()
        criteria = [
            {
                "key": c.key,
                "name": c.name,
                "side": c.side,
                "weight": c.weight,
                "higher_is_better": c.higher_is_better,
                "role": c.role,
                "feasibility": c.feasibility,
                "position": position,
                "levels": list(scoring.LEVELS.get(c.key, ())),
            }
            for position, c in enumerate(model.criteria)
        ]
        models.append(
            {
                "name": name,
                "method": model.method,
                "description": description,
                "is_active": active,
                "criteria": criteria,
            }
        )
    return models
