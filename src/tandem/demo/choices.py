"""Demo sizes and error codes of the demo app."""

SIZE_CHOICES = ("small", "large")
DEFAULT_SEED = 7

DEMO_EXISTS = "DEMO_EXISTS"
DEMO_RESET_BLOCKED = "DEMO_RESET_BLOCKED"
DEMO_DATA_INVALID = "DEMO_DATA_INVALID"
