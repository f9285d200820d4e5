"""`tandem backup DIR`: database, uploaded files and a manifest into a new directory."""

import time

from django.core.management.base import BaseCommand, CommandError

from tandem.core.errors import DomainError
from tandem.operations import services


class Command(BaseCommand):
    help = (
        "Back up this installation into DIR (new or empty): the database (SQLite's online "
        "backup, or pg_dump for PostgreSQL), the uploaded files and manifest.json (Tandem "
        "version, migrations, row counts, sha256 of every file). Safe while the server runs. "
        "`tandem restore DIR` puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", metavar="DIR", help="Where to write the backup.")

    def handle(self, *args, **opts):
        started = time.perf_counter()
        try:
            manifest = services.backup_create(directory=opts["directory"], progress=self._say)
        except DomainError as err:
            raise CommandError(err.message) from err
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Backup written to {opts['directory']} in {time.perf_counter() - started:.1f} s: "
            f"{rows:,} rows, {len(manifest['files'])} files, canonical sha256 "
            f"{manifest['canonical']['sha256'][:16]}…"
        )

    def _say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()
