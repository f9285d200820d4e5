"""`tandem demo`: load the demo company, print the logins, serve it."""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from tandem.core.errors import DomainError
from tandem.demo import choices, selectors, services


class Command(BaseCommand):
    help = (
        "Load a generated mid-market company (about 600 employees, 6 business units, 45 IT "
        "people in 7 teams, 90 initiatives) into this installation, print the demo logins "
        "(their passwords are reset to the demo password) and serve it. Existing data is kept "
        "unless --reset, which deletes ALL units, teams, people, goals and initiatives first."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=choices.SIZE_CHOICES,
            default="small",
            help="small (default) or large (ten times bigger, for benchmarks).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=choices.DEFAULT_SEED,
            help="The same seed gives the same company (default 7).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the existing domain data and load the demo again.",
        )
        parser.add_argument("--no-serve", action="store_true", help="Load, but do not serve.")
        parser.add_argument("--host", default="127.0.0.1", help="Address to serve on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to serve on.")

    def handle(self, *args, **opts):
        if services.demo_database_prepare():
            self.stdout.write("Database migrated.")
        if selectors.demo_exists() and not opts["reset"]:
            self.stdout.write("Demo data already exists; nothing loaded (--reset reloads it).")
        else:
            self.stdout.write(f"Loading the {opts['size']} demo company (seed {opts['seed']})…")
            started = time.perf_counter()
            try:
                summary = services.demo_load(
                    size=opts["size"],
                    seed=opts["seed"],
                    reset=opts["reset"],
                    progress=self._progress,
                )
            except DomainError as err:
                raise CommandError(err.message) from err
            self.stdout.write(self._summary(summary, time.perf_counter() - started))
        self._logins()
        if not opts["no_serve"]:
            call_command("serve", host=opts["host"], port=opts["port"], stdout=self.stdout)

    def _progress(self, stage: str, count: int) -> None:
        self.stdout.write(f"  {stage:<16} {count:>6,}")
        self.stdout.flush()

    def _summary(self, s: dict, seconds: float) -> str:
        return (
            f"Loaded in {seconds:.1f} s: {s['units']} business units ({s['headcount']:,} "
            f"employees), {s['it_people']} IT people in {s['teams']} teams, "
            f"{s['initiatives']} initiatives."
        )

    def _logins(self) -> None:
        self.stdout.write("\nDemo logins (username / password):")
        for row in selectors.demo_logins():
            self.stdout.write(
                f"  {row['username']:<10} {row['password']:<12} {row['role']:<17}"
                f" {row['person']} — {row['place']}"
            )
