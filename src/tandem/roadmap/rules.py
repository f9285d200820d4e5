"""Who may read the roadmap: everyone signed in (it is the one shared plan). It has no
records of its own yet; its answers are worked out from portfolio, capacity and priorities."""

import rules

from tandem.accounts.roles import is_signed_in

rules.add_perm("roadmap.view_plan", is_signed_in)
