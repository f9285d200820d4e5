"""Scoring models, the scores business and IT give, alternatives, and portfolio selections."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from tandem.core.models import TimeStampedModel, VersionedModel
from tandem.prioritization.choices import SCORE_MAX, SCORE_MIN, Method, SelectionStatus, Side


class ScoringModel(VersionedModel):
    """How initiatives are scored and ranked: weighted criteria, WSJF or RICE.

    One model is active at a time; every change to a model or its criteria is kept as a
    `ModelRevision`, so a past ranking can be reproduced.
    """

    name = models.CharField(max_length=100, unique=True)
    method = models.CharField(max_length=20, choices=Method.choices)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_active", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"],
                condition=Q(is_active=True),
                name="scoring_model_one_active",
                violation_error_message="Only one scoring model can be active.",
            ),
            models.CheckConstraint(
                condition=Q(method__in=Method.values), name="scoring_model_method_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Criterion(VersionedModel):
    """One thing initiatives are scored on, 0 to 5, by the business or by IT."""

    model = models.ForeignKey(ScoringModel, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(max_length=40)
    name = models.CharField(max_length=80)
    side = models.CharField(
        max_length=10, choices=Side.choices, help_text="Who scores it: the business or IT."
    )
    weight = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
        help_text="How much it counts in a weighted model; 0 leaves it out.",
    )
    higher_is_better = models.BooleanField(
        default=True, help_text="False for effort and delivery risk: a 5 counts against."
    )
    role = models.CharField(
        max_length=30, blank=True, help_text="Its part in a WSJF or RICE formula."
    )
    feasibility = models.BooleanField(
        default=False, help_text="IT's view of whether it can be delivered."
    )
    position = models.PositiveSmallIntegerField(default=0)
    levels = models.JSONField(
        default=list, help_text="What each level 0 to 5 means, in plain words."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["model", "position", "id"]
        verbose_name_plural = "criteria"
        constraints = [
            models.UniqueConstraint(
                fields=["model", "key"],
                name="criterion_key_unique_in_model",
                violation_error_message="This scoring model already has a criterion with this key.",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="criterion_weight_not_negative"
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="criterion_side_valid"),
        ]

    def __str__(self) -> str:
        return self.name

    def level_text(self, value: int) -> str:
        """What `value` means on this criterion's scale, or '' if undescribed."""
        levels = self.levels or []
        return levels[value] if 0 <= value < len(levels) else ""

    def clean(self) -> None:
        levels = self.levels or []
        if not isinstance(levels, list) or len(levels) not in (0, 6):
            raise ValidationError({"levels": "Describe all six levels, 0 to 5, or none."})
        if any(not isinstance(text, str) for text in levels):
            raise ValidationError({"levels": "Each level is described in words."})


class ModelRevision(TimeStampedModel):
    """A scoring model's definition as it stood from `created` on: kept to replay rankings."""

    model = models.ForeignKey(ScoringModel, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    definition = models.JSONField(help_text="The method and criteria, as the engine reads them.")
    reason = models.CharField(max_length=200)
    activated = models.BooleanField(
        default=False, help_text="Recorded when the model became the active one."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["model", "number"], name="revision_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.model} r{self.number}"


class Score(VersionedModel):
    """One person's score of one initiative on one criterion, with a one-line reason."""

    initiative = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scores"
    )
    side = models.CharField(
        max_length=10, choices=Side.choices, help_text="The side the scorer spoke for."
    )
    unit = models.ForeignKey(
        "organization.BusinessUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The scorer's business unit, for business scores.",
    )
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    rationale = models.CharField(max_length=200, blank=True, help_text="Why, in one line.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["criterion__position", "side", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "criterion", "scorer"],
                name="score_one_per_scorer",
                violation_error_message="You already scored this criterion; change it instead.",
            ),
            models.CheckConstraint(
                condition=Q(value__gte=SCORE_MIN) & Q(value__lte=SCORE_MAX),
                name="score_value_in_scale",
            ),
            models.CheckConstraint(condition=Q(side__in=Side.values), name="score_side_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Alternative(VersionedModel):
    """Two initiatives that are alternatives: at most one of them can be funded."""

    first = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="alternatives_as_first"
    )
    second = models.ForeignKey(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="alternatives_as_second"
    )
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["first", "second"],
                name="alternative_unique_pair",
                violation_error_message="These two are already alternatives.",
            ),
            models.CheckConstraint(condition=~Q(first=F("second")), name="alternative_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.first} or {self.second}"


class SelectionRun(TimeStampedModel):
    """One portfolio selection: what to fund in a period within budget and capacity.

    The input is kept (`problem`), so the same answer can be worked out again.
    """

    period_from = models.CharField(max_length=7, help_text="First quarter, e.g. 2027Q1.")
    period_to = models.CharField(max_length=7, help_text="Last quarter, e.g. 2027Q4.")
    budget = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text="Money available for the candidates; empty for no limit.",
    )
    time_limit_s = models.FloatField(default=10.0)
    status = models.CharField(max_length=12, choices=SelectionStatus.choices)
    objective = models.FloatField()
    bound = models.FloatField()
    gap_pct = models.FloatField()
    runtime_s = models.FloatField()
    greedy_objective = models.FloatField()
    lp_bound = models.FloatField()
    revision = models.ForeignKey(
        ModelRevision, null=True, on_delete=models.SET_NULL, related_name="selection_runs"
    )
    candidate_ids = models.JSONField(
        blank=True, help_text="Initiative id of each engine candidate."
    )
    problem = models.JSONField(help_text="The engine's input, to reproduce the run.")
    result = models.JSONField(help_text="The engine's answer.")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self) -> str:
        when = f" ({self.created:%d %b %Y})" if self.created else ""
        return f"Selection {self.period_from}–{self.period_to}{when}"
