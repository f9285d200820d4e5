"""`tandem reap_tasks`: put work whose background worker died back in the queue."""

from django.conf import settings
from django.core.management.base import BaseCommand

from tandem.operations import job_services


class Command(BaseCommand):
    help = (
        "Re-queue plan jobs that have been running without a heartbeat for --stale-seconds, "
        "and (database backend) task rows stuck in RUNNING as long. Tasks are idempotent, so a "
        "re-queued task that turns out to be finished does nothing. Run it every few minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-seconds",
            type=float,
            default=settings.TASKS_STALE_SECONDS,
            help="How long a running job may stay silent before it counts as lost "
            "(default TASKS_STALE_SECONDS, %(default)s).",
        )

    def handle(self, *args, **opts):
        counts = job_services.tasks_reap(stale_seconds=opts["stale_seconds"])
        self.stdout.write(
            f"Re-queued {counts['jobs']} job(s) and {counts['task_rows']} task row(s); "
            f"sent {counts['tasks_enqueued']} new task(s)."
        )
