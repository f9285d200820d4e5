# ruff: noqa: N999 - Django names a command after its module; people type `tandem import-actuals`
"""`tandem import-actuals FILE.csv`: import weekly actual hours per team and category.

The module name has a hyphen on purpose: Django takes a command's name from its file name and
loads it with `importlib.import_module`, which accepts any file name, so the command is typed as
`tandem import-actuals` (and called as `call_command("import-actuals", ...)`).
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from tandem.capacity import services
from tandem.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Import actual hours from a timesheet or ticketing export (CSV with a header row and "
        "the columns week, team, category, hours; ',' or ';' separated). Every row is checked "
        "first: a file with a bad row imports nothing unless --skip-bad-rows. Importing the "
        "same file again changes nothing; changed hours replace the old ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv", help="The CSV file to import.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and report, but write nothing."
        )
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Import the good rows and list the bad ones, instead of importing nothing.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="Record the import as this user's (who must be allowed to import actuals); "
            "by default it is the system's.",
        )

    def handle(self, *args, **opts):
        path = Path(opts["file"])
        by = self._user(opts["user"])
        try:
            report = services.actuals_import(
                file=path,
                file_name=path.name,
                by=by,
                dry_run=opts["dry_run"],
                skip_bad_rows=opts["skip_bad_rows"],
            )
        except services.ActualsImportRefused as err:
            for problem in err.problems:
                self.stderr.write(str(problem))
            raise CommandError(err.message) from err
        except DomainError as err:
            raise CommandError(err.message) from err
        for problem in report.problems:
            self.stderr.write(f"skipped {problem}")
        self.stdout.write(
            report.summary() + (" (dry run: nothing written)" if report.dry_run else "")
        )

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"There is no active user called {username!r}.")
        if not user.has_perm("capacity.import_actuals"):
            raise CommandError(f"{username} may not import actual hours.")
        return user
