"""Strategic goals: the portfolio office and admins edit; everyone signed in reads."""

import rules

from tandem.accounts.roles import is_admin, is_portfolio_office, is_signed_in

rules.add_perm("strategy.view_strategicgoal", is_signed_in)
rules.add_perm("strategy.add_strategicgoal", is_admin | is_portfolio_office)
rules.add_perm("strategy.change_strategicgoal", is_admin | is_portfolio_office)
rules.add_perm("strategy.delete_strategicgoal", is_admin | is_portfolio_office)
