"""Error codes of the strategy app."""

GOAL_NOT_FOUND = "GOAL_NOT_FOUND"
