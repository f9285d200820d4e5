"""Plan job kinds and states, and the operations app's error codes."""

from django.db import models


class JobKind(models.TextChoices):
    PORTFOLIO_SUMMARY = "portfolio_summary", "Portfolio summary"
    FORECAST = "forecast", "Delivery forecast"
    OPTIMIZE = "optimize", "Optimized roadmap"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


JOB_NOT_FOUND = "JOB_NOT_FOUND"
