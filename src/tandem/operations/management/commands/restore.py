"""`tandem restore DIR`: replace the database and uploaded files with a backup."""

import time

from django.core.management.base import BaseCommand, CommandError

from tandem.core.errors import DomainError
from tandem.operations import services


class Command(BaseCommand):
    help = (
        "Restore the backup in DIR (made by `tandem backup`) into this installation, replacing "
        "its whole database — the audit log included — and its uploaded files. The backup's "
        "checksums, database kind and migration state are checked first. Stop the server and "
        "workers before restoring a SQLite database."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="The backup to restore.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data (back it up first).",
        )

    def handle(self, *args, **opts):
        started = time.perf_counter()
        try:
            summary = services.backup_restore(
                directory=opts["directory"], force=opts["force"], progress=self._say
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        self.stdout.write(
            f"Restored the backup of {summary['created']} (Tandem {summary['tandem_version']}) "
            f"in {time.perf_counter() - started:.1f} s: {summary['rows']:,} rows, identical to "
            "the backup."
        )
        if summary["previous"]:
            self.stdout.write(
                f"The replaced database is kept as {summary['previous']}; delete it when done."
            )

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
