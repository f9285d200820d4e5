"""Who may read the roadmap and work with scenarios.

Everyone signed in reads the roadmap and every scenario (it is the one shared plan). Anyone
who works on the portfolio (admins, the portfolio office, IT and business leads) may draft a
scenario; leads change and delete only their own, the office and admins any. Only admins and
the portfolio office adopt one, because adopting changes the real plan; they alone also undo
a decision to rank an initiative first.
"""

from typing import Any

import rules

from tandem.accounts.roles import (
    is_admin,
    is_business_lead,
    is_it_lead,
    is_portfolio_office,
    is_signed_in,
)


@rules.predicate
def owns_scenario(user: Any, scenario: Any) -> bool:
    return scenario is not None and scenario.owner_id == getattr(user, "pk", None)


office = is_admin | is_portfolio_office
works_on_portfolio = office | is_it_lead | is_business_lead

rules.add_perm("roadmap.view_plan", is_signed_in)
rules.add_perm("roadmap.view_scenario", is_signed_in)
rules.add_perm("roadmap.add_scenario", works_on_portfolio)
rules.add_perm("roadmap.change_scenario", office | (works_on_portfolio & owns_scenario))
rules.add_perm("roadmap.delete_scenario", office | (works_on_portfolio & owns_scenario))
rules.add_perm("roadmap.adopt_scenario", office)
rules.add_perm("roadmap.delete_rankedfirst", office)
