"""Who may change capacity data: admins, the portfolio office and IT leads; everyone reads.

Capacity data (holidays, leave, hires, non-discretionary load, work profiles, actual hours and
the settings) is IT's own planning input, so business leads and viewers only read it.
"""

import rules

from tandem.accounts.roles import is_admin, is_it_lead, is_portfolio_office, is_signed_in

can_edit_capacity = is_admin | is_portfolio_office | is_it_lead

for model in (
    "holiday",
    "leave",
    "plannedhire",
    "nondiscretionaryload",
    "workprofile",
    "actual",
    "actualsimport",
):
    rules.add_perm(f"capacity.view_{model}", is_signed_in)
    for verb in ("add", "change", "delete"):
        rules.add_perm(f"capacity.{verb}_{model}", can_edit_capacity)

rules.add_perm("capacity.view_capacitysettings", is_signed_in)
rules.add_perm("capacity.change_capacitysettings", can_edit_capacity)
# Importing actual hours writes many weeks at once: the same people who edit capacity data.
rules.add_perm("capacity.import_actuals", can_edit_capacity)
# The capacity plan (engine answers: the overview, the impact of an initiative): everyone reads.
rules.add_perm("capacity.view_plan", is_signed_in)
