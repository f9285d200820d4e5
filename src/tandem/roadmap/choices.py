"""Roadmap error codes and the plan's rules of thumb."""

ROADMAP_INVALID = "ROADMAP_INVALID"
ROADMAP_GROUP = "ROADMAP_GROUP"

GROUPS = ("unit", "goal")
