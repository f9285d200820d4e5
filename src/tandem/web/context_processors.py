"""Navigation shared by every page."""

from __future__ import annotations

from typing import Any

from tandem.accounts.roles import user_role

SECTIONS = [
    ("Portfolio", "portfolio:initiative_list", "portfolio"),
    ("Capacity", "capacity:overview", "capacity"),
    ("Priorities", "prioritization:ranking", "prioritization"),
    ("Roadmap", "roadmap:overview", "roadmap"),
    ("Scorecard", "web:section", "scorecard"),
    ("Landscape", "web:section", "landscape"),
    ("Governance", "web:section", "governance"),
    ("Insights", "web:section", "insights"),
]

ORGANIZATION_MENU = [
    ("Business units", "organization:unit_list"),
    ("Teams", "organization:team_list"),
    ("People", "organization:person_list"),
    ("Strategic goals", "strategy:goal_list"),
]


def navigation(request: Any) -> dict[str, Any]:
    """The sections of the main navigation, and the user's role for the header."""
    user = getattr(request, "user", None)
    return {
        "nav_sections": SECTIONS,
        "nav_organization": ORGANIZATION_MENU,
        "user_role": user_role(user) if user is not None and user.is_authenticated else "",
    }
