"""Who may change the organization: admins edit units; IT leads and admins edit teams and people."""

import rules

from tandem.accounts.roles import is_admin, is_it_lead, is_portfolio_office, is_signed_in

can_edit_units = is_admin | is_portfolio_office
can_edit_teams_and_people = is_admin | is_it_lead

rules.add_perm("organization.view_businessunit", is_signed_in)
rules.add_perm("organization.add_businessunit", can_edit_units)
rules.add_perm("organization.change_businessunit", can_edit_units)
rules.add_perm("organization.delete_businessunit", is_admin)

rules.add_perm("organization.view_team", is_signed_in)
rules.add_perm("organization.add_team", can_edit_teams_and_people)
rules.add_perm("organization.change_team", can_edit_teams_and_people)
rules.add_perm("organization.delete_team", can_edit_teams_and_people)

rules.add_perm("organization.view_person", is_signed_in)
rules.add_perm("organization.add_person", can_edit_teams_and_people)
rules.add_perm("organization.change_person", can_edit_teams_and_people)
rules.add_perm("organization.delete_person", can_edit_teams_and_people)
