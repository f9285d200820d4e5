"""Strategic goals that initiatives serve."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tandem.core.models import VersionedModel


class StrategicGoal(VersionedModel):
    """A goal a business unit owns for a period, stated in business words."""

    title = models.CharField(max_length=200)
    statement = models.TextField(help_text="What the business wants to achieve, and why.")
    owner_unit = models.ForeignKey(
        "organization.BusinessUnit", on_delete=models.PROTECT, related_name="goals"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["period_start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")), name="goal_period_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("strategy:goal_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%b %Y} – {self.period_end:%b %Y}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": "The period must end on or after its start."})
