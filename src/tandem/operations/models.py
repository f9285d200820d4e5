"""Background plan jobs: what was asked, by whom, and how far the worker got."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tandem.core.models import TimeStampedModel
from tandem.operations.choices import JobKind, JobStatus


class PlanJob(TimeStampedModel):
    """A piece of planning work run by a background worker, exactly once to completion.

    A worker claims a queued job (status → running, `attempts` + 1, a fresh `run_token`) and
    beats `heartbeat_at` while it works; only the holder of the current token may finish it.
    `tandem reap_tasks` puts a running job whose heartbeat went quiet back in the queue.
    """

    kind = models.CharField(max_length=32, choices=JobKind.choices)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_jobs",
    )
    idempotency_key = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    run_token = models.CharField(max_length=32, blank=True)
    task_id = models.CharField("background task id", max_length=64, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(
        default=0, help_text="Percent done, reported by jobs that can tell (a forecast)."
    )
    result = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="planjob_status_heartbeat")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=JobStatus.values), name="planjob_status_valid"
            ),
            models.CheckConstraint(condition=Q(kind__in=JobKind.values), name="planjob_kind_valid"),
            models.UniqueConstraint(
                fields=["requested_by", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="planjob_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"
