"""Initiatives and what hangs off them: outcomes, estimates, dependencies, status, scope."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tandem.core.formatting import quantity
from tandem.core.models import VersionedModel
from tandem.portfolio.choices import Feasibility, InitiativeKind, InitiativeState, Rag


def _dates_in_order(obj, start: str, end: str, label: str) -> dict[str, str]:
    first, last = getattr(obj, start), getattr(obj, end)
    if first and last and last < first:
        return {end: f"The {label} end date must be on or after its start date."}
    return {}


class Initiative(VersionedModel):
    """A piece of work the business asks IT for, stated with its business outcome."""

    title = models.CharField(max_length=200)
    problem_statement = models.TextField(
        blank=True, help_text="The business problem, in the requesting unit's words."
    )
    requesting_unit = models.ForeignKey(
        "organization.BusinessUnit", on_delete=models.PROTECT, related_name="initiatives"
    )
    business_sponsor = models.ForeignKey(
        "organization.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsored_initiatives",
    )
    it_owner = models.ForeignKey(
        "organization.Person",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_initiatives",
        verbose_name="IT owner",
    )
    goals = models.ManyToManyField("strategy.StrategicGoal", blank=True, related_name="initiatives")
    kind = models.CharField(max_length=20, choices=InitiativeKind.choices)
    budget_estimate = models.DecimalField(
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Estimated cost, in the company currency.",
    )
    requested_start = models.DateField(null=True, blank=True)
    requested_end = models.DateField(null=True, blank=True)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    state = models.CharField(
        max_length=20,
        choices=InitiativeState.choices,
        default=InitiativeState.IDEA,
        db_index=True,
    )
    held_from_state = models.CharField(
        max_length=20,
        choices=InitiativeState.choices,
        blank=True,
        editable=False,
        help_text="The state an on-hold initiative resumes to.",
    )
    feasibility = models.CharField(
        max_length=20, choices=Feasibility.choices, default=Feasibility.NOT_ASSESSED
    )
    feasibility_notes = models.TextField(blank=True)
    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=InitiativeState.values), name="initiative_state_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=InitiativeKind.values), name="initiative_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(budget_estimate__isnull=True) | Q(budget_estimate__gte=0),
                name="initiative_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(requested_end__isnull=True)
                | Q(requested_start__isnull=True)
                | Q(requested_end__gte=F("requested_start")),
                name="initiative_requested_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(planned_end__isnull=True)
                | Q(planned_start__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="initiative_planned_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("portfolio:initiative_detail", args=[self.pk])

    def clean(self) -> None:
        errors = _dates_in_order(self, "requested_start", "requested_end", "requested")
        errors |= _dates_in_order(self, "planned_start", "planned_end", "planned")
        if errors:
            raise ValidationError(errors)


class BusinessOutcome(VersionedModel):
    """What success looks like for the business: a metric moving from a baseline to a target."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="outcomes")
    metric = models.CharField(max_length=200, help_text="In business words, e.g. 'Days to close'.")
    baseline = models.DecimalField(max_digits=16, decimal_places=4)
    target = models.DecimalField(max_digits=16, decimal_places=4)
    unit = models.CharField(max_length=40, help_text="e.g. days, %, EUR, orders per week.")
    target_date = models.DateField()
    supports = models.CharField(
        "what it makes possible",
        max_length=200,
        blank=True,
        help_text="Optional, in business words, e.g. 'supporting 20% more order volume'.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["target_date", "id"]

    def __str__(self) -> str:
        return f"{self.metric}: {quantity(self.baseline)} → {quantity(self.target)} {self.unit}"

    def clean(self) -> None:
        if self.baseline is not None and self.target is not None and self.baseline == self.target:
            raise ValidationError({"target": "The target must differ from the baseline."})


class EffortEstimate(VersionedModel):
    """How much of one IT team's time an initiative needs, as a three-point estimate."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="estimates")
    team = models.ForeignKey(
        "organization.Team", on_delete=models.PROTECT, related_name="estimates"
    )
    low = models.DecimalField("low (person-weeks)", max_digits=8, decimal_places=1)
    likely = models.DecimalField("likely (person-weeks)", max_digits=8, decimal_places=1)
    high = models.DecimalField("high (person-weeks)", max_digits=8, decimal_places=1)
    rate = models.DecimalField(
        "people a week",
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="How many of the team's people work on it at once. Empty: the roadmap "
        "assumes the most likely effort spread over 8 weeks, between 0.5 and 3 people.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "team"],
                name="estimate_one_per_team",
                violation_error_message="This initiative already has an estimate for this team.",
            ),
            models.CheckConstraint(
                condition=Q(low__gte=0) & Q(likely__gte=F("low")) & Q(high__gte=F("likely")),
                name="estimate_low_likely_high_ordered",
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gt=0), name="estimate_rate_positive"
            ),
        ]

    def __str__(self) -> str:
        low, likely, high = (quantity(v) for v in (self.low, self.likely, self.high))
        return f"{self.team}: {low}/{likely}/{high} person-weeks"

    def clean(self) -> None:
        if None in (self.low, self.likely, self.high):
            return
        if self.low < 0:
            raise ValidationError({"low": "Person-weeks cannot be negative."})
        if self.likely < self.low:
            raise ValidationError({"likely": "The likely estimate must be at least the low one."})
        if self.high < self.likely:
            raise ValidationError({"high": "The high estimate must be at least the likely one."})
        if self.rate is not None and self.rate <= 0:
            raise ValidationError({"rate": "People a week must be more than 0."})


class Dependency(VersionedModel):
    """The successor cannot start before the predecessor finishes (finish-to-start)."""

    predecessor = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="predecessor_links"
    )
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "dependencies"
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"],
                name="dependency_unique_pair",
                violation_error_message="This dependency already exists.",
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="dependency_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class StatusUpdate(VersionedModel):
    """A dated red/amber/green report with a short explanation."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="status_updates"
    )
    date = models.DateField()
    rag = models.CharField("RAG", max_length=5, choices=Rag.choices)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_updates",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(rag__in=Rag.values), name="status_rag_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y}: {self.get_rag_display()}"


class ScopeChange(VersionedModel):
    """A dated re-scoping, with its reason and how much effort it adds or removes."""

    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="scope_changes"
    )
    date = models.DateField()
    reason = models.TextField()
    effort_delta = models.DecimalField(
        "effort change (person-weeks)",
        max_digits=8,
        decimal_places=1,
        help_text="Positive adds effort, negative removes it.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="scope_changes",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        sign = "+" if self.effort_delta >= 0 else ""
        return f"{self.date:%d %b %Y}: {sign}{quantity(self.effort_delta)} person-weeks"
