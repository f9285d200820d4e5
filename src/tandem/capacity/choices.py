"""Capacity choices and error codes."""

from django.db import models


class LeaveKind(models.TextChoices):
    VACATION = "vacation", "Vacation"
    PARENTAL = "parental", "Parental leave"
    SICK = "sick", "Sick leave"
    TRAINING = "training", "Training"
    OTHER = "other", "Other absence"


class HireKind(models.TextChoices):
    PLANNED_HIRE = "planned_hire", "Planned hire"
    OPEN_REQUISITION = "open_requisition", "Open requisition"


class LoadCategory(models.TextChoices):
    """Work a team must do whatever the plan says; actuals are booked against the same list."""

    MAINTENANCE = "maintenance", "Maintenance"
    SUPPORT = "support", "Support"
    SECURITY_PATCHING = "security_patching", "Security patching"
    COMPLIANCE = "compliance", "Compliance"
    OTHER = "other", "Other"


class LoadBasis(models.TextChoices):
    PERCENT = "percent", "Share of the team's capacity (%)"
    HOURS = "hours", "Hours per week"


class ForecastEstimator(models.TextChoices):
    MEAN_12W = "mean_12w", "Average of the last 12 weeks"
    LINEAR_TREND = "linear_trend", "Linear trend over the last year"


WORK_PROFILE_MAX_SEGMENTS = 52
ACTUAL_MAX_HOURS = 10000

HOLIDAY_NOT_FOUND = "HOLIDAY_NOT_FOUND"
HOLIDAY_DATE_TAKEN = "HOLIDAY_DATE_TAKEN"
LEAVE_NOT_FOUND = "LEAVE_NOT_FOUND"
HIRE_NOT_FOUND = "HIRE_NOT_FOUND"
LOAD_NOT_FOUND = "LOAD_NOT_FOUND"
WORK_PROFILE_NOT_FOUND = "WORK_PROFILE_NOT_FOUND"
WORK_PROFILE_EXISTS = "WORK_PROFILE_EXISTS"
WORK_PROFILE_INITIATIVE_CLOSED = "WORK_PROFILE_INITIATIVE_CLOSED"
ACTUALS_IMPORT_NOT_FOUND = "ACTUALS_IMPORT_NOT_FOUND"
ACTUALS_FILE_EMPTY = "ACTUALS_FILE_EMPTY"
ACTUALS_FILE_UNREADABLE = "ACTUALS_FILE_UNREADABLE"
ACTUALS_MISSING_COLUMN = "ACTUALS_MISSING_COLUMN"
ACTUALS_ROWS_INVALID = "ACTUALS_ROWS_INVALID"
CAPACITY_GRAIN = "CAPACITY_GRAIN"
CAPACITY_RANGE = "CAPACITY_RANGE"
CAPACITY_TEAM = "CAPACITY_TEAM"
