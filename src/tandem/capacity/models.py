"""What IT capacity is computed from: holidays, leave, hires, non-discretionary load, work
profiles, actual hours and the capacity settings. Capacity is counted in person-weeks: one
full-time person for one week."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from tandem.capacity.choices import (
    ACTUAL_MAX_HOURS,
    WORK_PROFILE_MAX_SEGMENTS,
    ForecastEstimator,
    HireKind,
    LeaveKind,
    LoadBasis,
    LoadCategory,
)
from tandem.core.formatting import quantity
from tandem.core.models import VersionedModel

FTE_VALIDATORS = [MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))]
HOURS_VALIDATORS = [MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("80"))]


def _dates_in_order(first: Any, last: Any) -> dict[str, str]:
    if first and last and last < first:
        return {"last_day": "The last day must be on or after the first day."}
    return {}


class Holiday(VersionedModel):
    """A day the whole company is off: no team has capacity on it."""

    date = models.DateField(unique=True, help_text="The day off.")
    name = models.CharField(max_length=120, help_text="e.g. Easter Monday.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["date"]
        verbose_name = "company holiday"

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.name}"


class Leave(VersionedModel):
    """A stretch of days an IT person is away (vacation, parental leave, training …)."""

    person = models.ForeignKey(
        "organization.Person",
        on_delete=models.CASCADE,
        related_name="leaves",
        help_text="The IT person who is away.",
    )
    first_day = models.DateField(help_text="The first day away.")
    last_day = models.DateField(help_text="The last day away (the same day for one day).")
    kind = models.CharField(max_length=20, choices=LeaveKind.choices, default=LeaveKind.VACATION)
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_day", "id"]
        verbose_name_plural = "leave"
        constraints = [
            models.CheckConstraint(
                condition=Q(last_day__gte=F("first_day")), name="leave_last_day_after_first"
            ),
            models.CheckConstraint(condition=Q(kind__in=LeaveKind.values), name="leave_kind_valid"),
        ]

    def __str__(self) -> str:
        days = f"{self.first_day:%d %b}–{self.last_day:%d %b %Y}"
        return f"{self.person}: {self.get_kind_display()} {days}"

    def clean(self) -> None:
        errors = _dates_in_order(self.first_day, self.last_day)
        if self.person_id is not None and self.person.team_id is None:
            errors["person"] = (
                f"Leave is recorded for IT people; {self.person} is not in an IT team."
            )
        if errors:
            raise ValidationError(errors)


class PlannedHire(VersionedModel):
    """Someone the team expects to gain: a planned hire, or an open requisition being filled."""

    team = models.ForeignKey(
        "organization.Team", on_delete=models.PROTECT, related_name="planned_hires"
    )
    title = models.CharField(max_length=120, help_text="The role, e.g. 'Senior SAP developer'.")
    fte = models.DecimalField(
        "FTE fraction",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=FTE_VALIDATORS,
        help_text="1.00 for full time, 0.50 for half time.",
    )
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("40.0"),
        validators=HOURS_VALIDATORS,
        help_text="The full-time week of the contract.",
    )
    expected_start = models.DateField(help_text="The first day the new person is expected.")
    kind = models.CharField(max_length=20, choices=HireKind.choices, default=HireKind.PLANNED_HIRE)
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["expected_start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1), name="planned_hire_fte_between_0_and_1"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=80),
                name="planned_hire_hours_per_week_range",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=HireKind.values), name="planned_hire_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.team}, from {self.expected_start:%d %b %Y})"


class NonDiscretionaryLoad(VersionedModel):
    """Work a team must do whatever the plan says: keeping systems running, support, patching.

    Either a share of the team's capacity (`percent_of_supply`) or a fixed number of hours a
    week (`hours_per_week`), from `first_day` until `last_day` (empty: ongoing).
    """

    team = models.ForeignKey("organization.Team", on_delete=models.PROTECT, related_name="loads")
    category = models.CharField(max_length=20, choices=LoadCategory.choices)
    basis = models.CharField(
        max_length=10,
        choices=LoadBasis.choices,
        default=LoadBasis.PERCENT,
        help_text="A share of the team's capacity, or fixed hours per week.",
    )
    percent_of_supply = models.DecimalField(
        "share of capacity (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Needed when the load is a share of capacity, e.g. 15 for 15%.",
    )
    hours_per_week = models.DecimalField(
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5000"))],
        help_text="Needed when the load is fixed hours, for the whole team per week.",
    )
    first_day = models.DateField(help_text="From when the load applies.")
    last_day = models.DateField(
        null=True, blank=True, help_text="Until when it applies; empty while it is ongoing."
    )
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name", "category", "first_day", "id"]
        verbose_name = "non-discretionary load"
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=LoadCategory.values), name="load_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    basis=LoadBasis.PERCENT,
                    percent_of_supply__isnull=False,
                    hours_per_week__isnull=True,
                )
                | Q(
                    basis=LoadBasis.HOURS,
                    hours_per_week__isnull=False,
                    percent_of_supply__isnull=True,
                ),
                name="load_amount_matches_basis",
            ),
            models.CheckConstraint(
                condition=Q(percent_of_supply__isnull=True)
                | (Q(percent_of_supply__gte=0) & Q(percent_of_supply__lte=100)),
                name="load_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__isnull=True) | Q(hours_per_week__gte=0),
                name="load_hours_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")),
                name="load_last_day_after_first",
            ),
        ]

    def __str__(self) -> str:
        amount = (
            f"{quantity(self.percent_of_supply)}%"
            if self.basis == LoadBasis.PERCENT
            else f"{quantity(self.hours_per_week)} h/week"
        )
        return f"{self.team}: {self.get_category_display()} {amount}"

    def clean(self) -> None:
        errors = _dates_in_order(self.first_day, self.last_day)
        # The amount the basis does not use is cleared, so switching basis needs one edit.
        if self.basis == LoadBasis.PERCENT:
            self.hours_per_week = None
            if self.percent_of_supply is None:
                errors["percent_of_supply"] = "Give the share of capacity this load takes."
        elif self.basis == LoadBasis.HOURS:
            self.percent_of_supply = None
            if self.hours_per_week is None:
                errors["hours_per_week"] = "Give the hours per week this load takes."
        if errors:
            raise ValidationError(errors)


def weights_problem(weights: object) -> str | None:
    """Why `weights` is not a work profile (None when it is one)."""
    if not isinstance(weights, list) or not weights:
        return "Give the profile as a list of at least one number, e.g. [1, 2, 2, 1]."
    if len(weights) > WORK_PROFILE_MAX_SEGMENTS:
        return f"A profile has at most {WORK_PROFILE_MAX_SEGMENTS} segments."
    numbers = [w for w in weights if isinstance(w, int | float) and not isinstance(w, bool)]
    if len(numbers) != len(weights) or not all(math.isfinite(w) for w in numbers):
        return "Every weight must be a number."
    if any(w < 0 for w in numbers):
        return "Weights cannot be negative."
    if not any(w > 0 for w in numbers):
        return "At least one weight must be above zero."
    return None


class WorkProfile(VersionedModel):
    """How an estimate's effort is spread over its initiative's planned dates.

    The planned dates are cut into as many equal segments as there are weights; each segment
    gets its weight's share of the effort. An estimate without a profile is spread evenly.
    """

    estimate = models.OneToOneField(
        "portfolio.EffortEstimate",
        on_delete=models.CASCADE,
        related_name="work_profile",
        help_text="The team's effort estimate this profile shapes.",
    )
    weights = models.JSONField(
        default=list,
        blank=True,  # clean() explains what an empty profile lacks
        help_text="Relative effort per equal segment of the planned dates, e.g. [1, 2, 2, 1] "
        "puts two thirds of the effort in the middle half.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["estimate_id"]

    def __str__(self) -> str:
        return f"Work profile of {self.estimate}: {', '.join(quantity(w) for w in self.weights)}"

    def clean(self) -> None:
        problem = weights_problem(self.weights)
        if problem:
            raise ValidationError({"weights": problem})


class ActualsImport(VersionedModel):
    """One import of actual hours from a timesheet or ticketing export, with what it did."""

    file_name = models.CharField(max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64, help_text="Fingerprint of the file.")
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="actuals_imports",
        help_text="Empty when imported by the system (the command line or the demo).",
    )
    rows_total = models.PositiveIntegerField(default=0, help_text="Data rows in the file.")
    rows_imported = models.PositiveIntegerField(
        default=0, help_text="Rows written: new weeks plus changed ones."
    )
    rows_updated = models.PositiveIntegerField(
        default=0, help_text="Of the rows written, those that replaced a different value."
    )
    rows_unchanged = models.PositiveIntegerField(
        default=0, help_text="Rows already recorded with the same hours."
    )
    rows_skipped = models.PositiveIntegerField(default=0, help_text="Bad rows left out.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.imported_at:%d %b %Y %H:%M})"


class Actual(VersionedModel):
    """Hours a team actually booked in one week on one category of non-discretionary work."""

    team = models.ForeignKey("organization.Team", on_delete=models.PROTECT, related_name="actuals")
    week = models.DateField(help_text="The Monday of the week.")
    category = models.CharField(max_length=20, choices=LoadCategory.choices)
    hours = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(ACTUAL_MAX_HOURS))],
        help_text="Hours the whole team booked that week.",
    )
    source = models.ForeignKey(
        ActualsImport,
        on_delete=models.PROTECT,
        related_name="actuals",
        help_text="The import that last wrote this value.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name", "week", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "week", "category"],
                name="actual_one_per_team_week_category",
                violation_error_message="This team already has hours for this week and category.",
            ),
            models.CheckConstraint(
                condition=Q(category__in=LoadCategory.values), name="actual_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(hours__gte=0) & Q(hours__lte=ACTUAL_MAX_HOURS),
                name="actual_hours_range",
            ),
        ]

    def __str__(self) -> str:
        what = f"{self.get_category_display()} {quantity(self.hours)} h"
        return f"{self.team}, week of {self.week:%d %b %Y}: {what}"

    def clean(self) -> None:
        if self.week is not None and self.week.weekday() != 0:
            raise ValidationError({"week": "A week is given by its Monday."})


class CapacitySettings(VersionedModel):
    """Company-wide assumptions of the capacity forecast; there is exactly one row (id 1)."""

    attrition_annual_pct = models.DecimalField(
        "attrition (% a year)",
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text="Share of IT people expected to leave in a year, taken off future capacity.",
    )
    standard_hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("40"),
        validators=HOURS_VALIDATORS,
        help_text="The hours of one person-week, to turn hours into person-weeks.",
    )
    forecast_estimator = models.CharField(
        max_length=20,
        choices=ForecastEstimator.choices,
        default=ForecastEstimator.MEAN_12W,
        help_text="How future non-discretionary work is forecast from the actual hours.",
    )
    requisition_delay_weeks = models.PositiveSmallIntegerField(
        default=8,
        validators=[MaxValueValidator(104)],
        help_text="Weeks an open requisition is expected to start later than planned.",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "capacity settings"
        verbose_name_plural = "capacity settings"
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="capacity_settings_singleton"),
            models.CheckConstraint(
                condition=Q(attrition_annual_pct__gte=0) & Q(attrition_annual_pct__lte=100),
                name="capacity_settings_attrition_range",
            ),
            models.CheckConstraint(
                condition=Q(standard_hours_per_week__gt=0) & Q(standard_hours_per_week__lte=80),
                name="capacity_settings_hours_range",
            ),
            models.CheckConstraint(
                condition=Q(forecast_estimator__in=ForecastEstimator.values),
                name="capacity_settings_estimator_valid",
            ),
        ]

    def __str__(self) -> str:
        return "Capacity settings"
