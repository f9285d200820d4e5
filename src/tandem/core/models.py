"""The one abstract base model; core holds no domain models."""

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
