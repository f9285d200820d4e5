"""What-if scenarios: named variants of the roadmap that never touch the baseline until adopted.

A scenario is copy-on-write: it stores only its changes (`ScenarioChange`), and its plan is
the baseline's records with those changes laid over them when the plan is worked out. Adopting
a scenario writes its changes into the real records (an audited action) and closes it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from tandem.core.formatting import quantity
from tandem.core.models import VersionedModel
from tandem.roadmap.choices import ChangeKind, ScenarioStatus


class Scenario(VersionedModel):
    """A named what-if: the roadmap with a few initiatives, estimates or capacities changed."""

    name = models.CharField(max_length=120)
    description = models.TextField(
        blank=True, help_text="The question it answers, e.g. 'What if Customer Portal goes first?'"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scenarios"
    )
    status = models.CharField(
        max_length=10, choices=ScenarioStatus.choices, default=ScenarioStatus.DRAFT
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adopted_scenarios",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-updated", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ScenarioStatus.values), name="scenario_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("roadmap:scenario_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status == ScenarioStatus.DRAFT


class ScenarioChange(VersionedModel):
    """One change a scenario makes to the baseline's records.

    Which fields a change uses depends on its kind: `add`, `remove` and `first` name an
    initiative; `estimate` an initiative, a team and the new low / likely / high person-weeks
    (and optionally people a week); `hire` a team, how many people and from when; `load` a team,
    the extra hours a week of non-discretionary work and the days it runs.
    """

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=ChangeKind.choices)
    initiative = models.ForeignKey(
        "portfolio.Initiative",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="scenario_changes",
    )
    team = models.ForeignKey(
        "organization.Team",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="scenario_changes",
    )
    low = models.DecimalField(
        "low (person-weeks)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    likely = models.DecimalField(
        "likely (person-weeks)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    high = models.DecimalField(
        "high (person-weeks)", max_digits=8, decimal_places=1, null=True, blank=True
    )
    rate = models.DecimalField(
        "people a week", max_digits=5, decimal_places=1, null=True, blank=True
    )
    people = models.PositiveSmallIntegerField(
        "people hired", null=True, blank=True, help_text="Full-time hires, 1 to 50."
    )
    hours_per_week = models.DecimalField(
        "extra hours a week", max_digits=6, decimal_places=1, null=True, blank=True
    )
    first_day = models.DateField("from", null=True, blank=True)
    last_day = models.DateField("until", null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scenario", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ChangeKind.values), name="scenario_change_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(low__isnull=True)
                | (Q(low__gte=0) & Q(likely__gte=F("low")) & Q(high__gte=F("likely"))),
                name="scenario_change_estimate_ordered",
            ),
            models.CheckConstraint(
                condition=Q(rate__isnull=True) | Q(rate__gt=0),
                name="scenario_change_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(last_day__isnull=True) | Q(last_day__gte=F("first_day")),
                name="scenario_change_days_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def summary(self) -> str:
        """The change in words, e.g. 'Hire 2 people into Data Platform from 1 Mar 2027'."""
        initiative = str(self.initiative) if self.initiative_id else ""
        if self.kind == ChangeKind.ADD:
            return f"Add {initiative} to the roadmap"
        if self.kind == ChangeKind.REMOVE:
            return f"Take {initiative} off the roadmap (put it on hold)"
        if self.kind == ChangeKind.FIRST:
            return f"Rank {initiative} first"
        if self.kind == ChangeKind.ESTIMATE:
            low, likely, high = (quantity(v) for v in (self.low, self.likely, self.high))
            rate = f" at {quantity(self.rate)} people a week" if self.rate else ""
            return f"{initiative}: {self.team} needs {low}/{likely}/{high} person-weeks{rate}"
        since = _day(self.first_day)
        if self.kind == ChangeKind.HIRE:
            who = "1 person" if self.people == 1 else f"{self.people} people"
            return f"Hire {who} into {self.team} from {since}"
        until = f" until {_day(self.last_day)}" if self.last_day else ""
        return f"{self.team} loses {quantity(self.hours_per_week)} hours a week from {since}{until}"


def _day(day: object) -> str:
    return f"{day.day} {day:%b %Y}" if hasattr(day, "day") else "—"  # type: ignore[attr-defined]


class RankedFirst(VersionedModel):
    """An initiative the roadmap places before every ranked one, whatever its score: a
    decision, usually taken by adopting a scenario that ranked it first."""

    initiative = models.OneToOneField(
        "portfolio.Initiative", on_delete=models.CASCADE, related_name="ranked_first"
    )
    scenario = models.ForeignKey(
        Scenario,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ranked_first",
        help_text="The adopted scenario that decided it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created", "id"]
        verbose_name = "initiative ranked first"
        verbose_name_plural = "initiatives ranked first"

    def __str__(self) -> str:
        return f"{self.initiative} (ranked first)"
