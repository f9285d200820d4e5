"""`tandem verify_audit_chain`: check the audit log's hash chain; exit 1 at the first break."""

from django.core.management.base import BaseCommand, CommandError

from tandem.audit.selectors import audit_chain_verify


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain; report OK or the first event that breaks it."

    def handle(self, *args, **opts):
        report = audit_chain_verify()
        if not report.ok:
            raise CommandError(
                f"Audit chain broken at event {report.broken_id}: {report.reason} "
                f"({report.checked} events before it are intact)."
            )
        self.stdout.write(f"Audit chain OK: {report.checked} events.")
