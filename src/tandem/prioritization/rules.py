"""Who may do what in prioritization.

Everyone signed in reads the ranking, the scores and the selections: the plan is shared.
Business leads score the business criteria of any unit's initiatives (units scoring each
other's work is how disagreements surface); IT leads score the technical ones; the
portfolio office and admins may score either side. A score belongs to its scorer: no one
else changes or withdraws it. The portfolio office configures the scoring models, marks
alternatives and runs selections.
"""

from __future__ import annotations

from typing import Any

import rules

from tandem.accounts.roles import (
    is_admin,
    is_business_lead,
    is_it_lead,
    is_portfolio_office,
    is_signed_in,
)

office = is_admin | is_portfolio_office


@rules.predicate
def is_own_score(user: Any, score: Any = None) -> bool:
    """True for the user's own score, and when no score is given."""
    return score is None or getattr(score, "scorer_id", None) == getattr(user, "pk", None)


can_score = office | is_it_lead | is_business_lead

for model in ("scoringmodel", "criterion", "modelrevision", "score", "alternative", "selectionrun"):
    rules.add_perm(f"prioritization.view_{model}", is_signed_in)

rules.add_perm("prioritization.score_initiative", can_score)
rules.add_perm("prioritization.change_score", can_score & is_own_score)
rules.add_perm("prioritization.delete_score", can_score & is_own_score)
rules.add_perm("prioritization.change_scoringmodel", office)
rules.add_perm("prioritization.change_criterion", office)
rules.add_perm("prioritization.add_alternative", office)
rules.add_perm("prioritization.delete_alternative", office)
rules.add_perm("prioritization.add_selectionrun", office)
