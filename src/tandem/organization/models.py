"""Business units, IT teams and the people in them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tandem.core.models import VersionedModel


class BusinessUnit(VersionedModel):
    """A part of the business that requests and sponsors initiatives."""

    name = models.CharField(max_length=120, unique=True)
    code = models.CharField(max_length=12, unique=True, help_text="Short code, e.g. FIN.")
    description = models.TextField(blank=True)
    headcount = models.PositiveIntegerField(default=0, help_text="Employees in the unit.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization:unit_detail", args=[self.pk])


class Team(VersionedModel):
    """An IT team whose capacity the plan draws on."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    lead = models.ForeignKey(
        "organization.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_teams",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization:team_detail", args=[self.pk])


class Person(VersionedModel):
    """Someone in the company: an IT team member, a business sponsor, a Tandem user."""

    name = models.CharField(max_length=120)
    email = models.EmailField(unique=True)
    unit = models.ForeignKey(
        BusinessUnit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="The business unit the person belongs to (business people).",
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
        help_text="The IT team the person works in (IT people).",
    )
    fte = models.DecimalField(
        "FTE fraction",
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("1.00"))],
    )
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("40.0"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("80"))],
    )
    skills = models.JSONField(default=list, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            models.CheckConstraint(
                condition=Q(fte__gt=0) & Q(fte__lte=1),
                name="person_fte_between_0_and_1",
                violation_error_code="PERSON_FTE_RANGE",
            ),
            models.CheckConstraint(
                condition=Q(hours_per_week__gt=0) & Q(hours_per_week__lte=80),
                name="person_hours_per_week_range",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="person_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organization:person_detail", args=[self.pk])

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})
        if not isinstance(self.skills, list) or not all(isinstance(s, str) for s in self.skills):
            raise ValidationError({"skills": "Skills must be a list of words."})
