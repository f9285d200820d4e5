"""Who may do what with background plan jobs: the portfolio office (and admins) request them;
every signed-in user may read them."""

from __future__ import annotations

import rules

from tandem.accounts.roles import is_admin, is_portfolio_office, is_signed_in

rules.add_perm("operations.add_planjob", is_admin | is_portfolio_office)
rules.add_perm("operations.view_planjob", is_signed_in)
