"""Who may do what in the portfolio.

Business leads create initiatives and edit their own unit's initiatives and outcomes; IT leads
record feasibility, effort estimates and dependencies; the portfolio office edits everything;
viewers read. Objects passed to these permissions are initiatives, their children, or (for
`add_initiative`) the requesting business unit.
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
    user_unit_id,
)
from tandem.portfolio.choices import InitiativeState


def unit_id_of(obj: Any) -> int | None:
    """The business unit an object belongs to, for `is_own_unit`."""
    for attribute in ("requesting_unit_id", "successor", "initiative"):
        value = getattr(obj, attribute, None)
        if value is None:
            continue
        return value if attribute == "requesting_unit_id" else unit_id_of(value)
    return getattr(obj, "pk", None) if obj is not None else None


@rules.predicate
def is_own_unit(user: Any, obj: Any = None) -> bool:
    """True for the user's own unit's objects, and when no object is given."""
    if obj is None:
        return True
    own = user_unit_id(user)
    return own is not None and own == unit_id_of(obj)


@rules.predicate
def is_early_stage(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return True
    initiative = getattr(obj, "initiative", obj)
    return initiative.state in (InitiativeState.IDEA, InitiativeState.INTAKE)


office = is_admin | is_portfolio_office
own_business = is_business_lead & is_own_unit

rules.add_perm("portfolio.view_initiative", is_signed_in)
rules.add_perm("portfolio.add_initiative", office | own_business)
rules.add_perm("portfolio.change_initiative", office | own_business)
rules.add_perm("portfolio.delete_initiative", office | (own_business & is_early_stage))
rules.add_perm("portfolio.assess_initiative", office | is_it_lead)
rules.add_perm("portfolio.submit_initiative", office | own_business)
rules.add_perm("portfolio.progress_initiative", office | is_it_lead)
rules.add_perm("portfolio.decide_initiative", office)

for model, who in {
    "businessoutcome": office | own_business,
    "effortestimate": office | is_it_lead,
    "dependency": office | is_it_lead | own_business,
    "statusupdate": office | is_it_lead | own_business,
    "scopechange": office | is_it_lead | own_business,
}.items():
    rules.add_perm(f"portfolio.view_{model}", is_signed_in)
    for verb in ("add", "change", "delete"):
        rules.add_perm(f"portfolio.{verb}_{model}", who)

# Which permission each move needs; cancelling an early idea is the requester's own call.
_MOVE_PERMISSION = {
    InitiativeState.IDEA: "portfolio.submit_initiative",
    InitiativeState.INTAKE: "portfolio.submit_initiative",
    InitiativeState.FEASIBILITY_REVIEW: "portfolio.progress_initiative",
    InitiativeState.IN_PROGRESS: "portfolio.progress_initiative",
    InitiativeState.DONE: "portfolio.progress_initiative",
    InitiativeState.APPROVED: "portfolio.decide_initiative",
    InitiativeState.ON_HOLD: "portfolio.decide_initiative",
    InitiativeState.CANCELLED: "portfolio.decide_initiative",
}


def transition_permission(initiative: Any, to: str) -> str:
    """The permission needed to move `initiative` to `to`."""
    if initiative.state == InitiativeState.ON_HOLD and to != InitiativeState.CANCELLED:
        return "portfolio.decide_initiative"
    if to == InitiativeState.CANCELLED and initiative.state in (
        InitiativeState.IDEA,
        InitiativeState.INTAKE,
    ):
        return "portfolio.submit_initiative"
    return _MOVE_PERMISSION.get(to, "portfolio.decide_initiative")
