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

# Linking a person to a login or a business unit decides what a business lead may edit, so it is
# the admins' (login) and the portfolio office's (unit) call, not the IT leads'.
rules.add_perm("organization.link_person_user", is_admin)
rules.add_perm("organization.move_person_unit", is_admin | is_portfolio_office)


def person_edit_permissions(person: object | None, data: dict) -> list[str]:
    """The extra permissions an edit of `person` (None: a new person) with `data` needs."""
    needed = []
    for field, perm in (
        ("user", "organization.link_person_user"),
        ("unit", "organization.move_person_unit"),
    ):
        if field not in data:
            continue
        current = getattr(person, f"{field}_id", None) if person is not None else None
        new = getattr(data[field], "pk", data[field])
        if new != current:
            needed.append(perm)
    return needed
