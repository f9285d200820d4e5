"""The abstract base models, and the rate-limit counter; core holds no domain models."""

from django.db import models


class TimeStampedModel(models.Model):
    """Adds creation and last-update times."""

    created = models.DateTimeField(auto_now_add=True, editable=False)
    updated = models.DateTimeField(auto_now=True, editable=False)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """An editable aggregate: `version` grows by one on every accepted edit."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class RateCounter(models.Model):
    """How many calls one client made in its current rate-limit window (see core.counters).

    One row per client key, reset when its window moves on: an upsert counts a call in one
    statement, where the database cache needed six round trips (read, count, begin, read,
    write, commit)."""

    key = models.CharField(max_length=250, primary_key=True)
    period = models.BigIntegerField()
    expires = models.BigIntegerField(db_index=True)
    hits = models.PositiveIntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.hits} in window {self.period}"
