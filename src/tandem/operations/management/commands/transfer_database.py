"""`tandem transfer_database --to URL`: copy this installation's data into another database."""

from django.core.management.base import BaseCommand, CommandError

from tandem.core.errors import DomainError
from tandem.operations import services


class Command(BaseCommand):
    help = (
        "Copy every row of this installation's database (as configured: DATABASE_URL, or the "
        "SQLite file under TANDEM_HOME) into the empty database at --to, typically to move "
        "from SQLite to PostgreSQL. The target is migrated first and checked afterwards: its "
        "canonical dump must equal the source's. Stop the server while it runs."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to",
            required=True,
            metavar="URL",
            help="Target database, e.g. postgres://tandem:PASSWORD@db:5432/tandem.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the target's contents if it already holds data.",
        )

    def handle(self, *args, **opts):
        try:
            summary = services.database_transfer(
                target_url=opts["to"], force=opts["force"], progress=self._say
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        self.stdout.write(
            f"Copied {summary['rows']:,} rows to {summary['target']} in {summary['seconds']:.1f}"
            " s. Point DATABASE_URL at it and start Tandem."
        )

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
