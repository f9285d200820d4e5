"""Prioritization choices and error codes."""

from django.db import models


class Method(models.TextChoices):
    WEIGHTED = "weighted", "Weighted criteria"
    WSJF = "wsjf", "WSJF (cost of delay ÷ job size)"
    RICE = "rice", "RICE (reach × impact × confidence ÷ effort)"


class Side(models.TextChoices):
    BUSINESS = "business", "Business"
    IT = "it", "IT"


class SelectionStatus(models.TextChoices):
    OPTIMAL = "OPTIMAL", "Best possible (proven)"
    FEASIBLE = "FEASIBLE", "Good, not proven best (time limit)"
    INFEASIBLE = "INFEASIBLE", "Impossible: the must-do items do not fit"
    TIME_LIMIT = "TIME_LIMIT", "No answer within the time limit"


SCORE_MIN, SCORE_MAX = 0, 5

SCORING_MODEL_NOT_FOUND = "SCORING_MODEL_NOT_FOUND"
CRITERION_NOT_FOUND = "CRITERION_NOT_FOUND"
SCORE_NOT_FOUND = "SCORE_NOT_FOUND"
SCORE_INACTIVE_MODEL = "SCORE_INACTIVE_MODEL"
SCORE_CLOSED_INITIATIVE = "SCORE_CLOSED_INITIATIVE"
ALTERNATIVE_NOT_FOUND = "ALTERNATIVE_NOT_FOUND"
ALTERNATIVE_SELF = "ALTERNATIVE_SELF"
ALTERNATIVE_DUPLICATE = "ALTERNATIVE_DUPLICATE"
SELECTION_RUN_NOT_FOUND = "SELECTION_RUN_NOT_FOUND"
SELECTION_PERIOD = "SELECTION_PERIOD"
