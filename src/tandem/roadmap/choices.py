"""Roadmap error codes, the plan's groupings, and what a scenario may change."""

from decimal import Decimal

from django.db import models

ROADMAP_INVALID = "ROADMAP_INVALID"
ROADMAP_GROUP = "ROADMAP_GROUP"
SCENARIO_NOT_FOUND = "SCENARIO_NOT_FOUND"
RANKED_FIRST_NOT_FOUND = "RANKED_FIRST_NOT_FOUND"
SCENARIO_CLOSED = "SCENARIO_CLOSED"
SCENARIO_CHANGE_INVALID = "SCENARIO_CHANGE_INVALID"
SCENARIO_ADOPT_FAILED = "SCENARIO_ADOPT_FAILED"

GROUPS = ("unit", "goal")

MAX_HIRES = 50  # people one scenario change may hire
HIRE_HOURS = Decimal("40.0")  # a scenario's hire works full time: 40 hours a week


class ScenarioStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ADOPTED = "adopted", "Adopted"


class ChangeKind(models.TextChoices):
    ADD = "add", "Add an initiative"
    REMOVE = "remove", "Take an initiative off"
    FIRST = "first", "Rank an initiative first"
    ESTIMATE = "estimate", "Change an estimate"
    HIRE = "hire", "Hire people"
    LOAD = "load", "Lose team hours (extra run work)"


# The fields each kind of change needs; the others must be empty.
CHANGE_FIELDS: dict[str, tuple[str, ...]] = {
    ChangeKind.ADD: ("initiative",),
    ChangeKind.REMOVE: ("initiative",),
    ChangeKind.FIRST: ("initiative",),
    ChangeKind.ESTIMATE: ("initiative", "team", "low", "likely", "high"),
    ChangeKind.HIRE: ("team", "people", "first_day"),
    ChangeKind.LOAD: ("team", "hours_per_week", "first_day"),
}
OPTIONAL_FIELDS: dict[str, tuple[str, ...]] = {
    ChangeKind.ESTIMATE: ("rate",),
    ChangeKind.LOAD: ("last_day",),
}
