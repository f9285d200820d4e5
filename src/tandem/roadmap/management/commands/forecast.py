"""`tandem forecast`: delivery dates as probabilities (P50, P85, P95 and the chance of meeting
each target), worked out now."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.capacity.charts import day_text
from tandem.core.errors import DomainError
from tandem.organization.models import Team
from tandem.roadmap import forecasting
from tandem.roadmap.schemas import DeliveryOddsOut

BAR = 30


class Command(BaseCommand):
    help = (
        "Work out delivery dates as probabilities: the roadmap re-planned --runs times with "
        "each estimate's effort drawn between its low and high person-weeks (PERT: a beta "
        "distribution, weight 4 on the likely value), the same priorities each time. Prints "
        "per initiative the dates by which 50%, 85% and 95% of the runs finish, the chance "
        "of meeting its target, and the team its work most often waits longer for than "
        "planned. --json prints the same JSON as GET /api/forecast."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--runs",
            type=int,
            default=forecasting.DEFAULT_RUNS,
            help=f"How many runs, 1 to {forecasting.MAX_RUNS:,} "
            f"(default {forecasting.DEFAULT_RUNS:,}).",
        )
        parser.add_argument(
            "--seed", type=int, default=0, help="The same runs and seed give the same answer."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, **opts):
        try:
            raw = forecasting.forecast_work_out(
                runs=opts["runs"], seed=opts["seed"], progress=self._progress
            )
            found = forecasting.forecast_answer(raw)
        except DomainError as err:
            raise CommandError(err.message) from err
        if opts["json"]:
            data = DeliveryOddsOut.model_validate(found).model_dump(mode="json")
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            teams = dict(Team.objects.values_list("pk", "name"))
            self.stdout.write(report(found, teams))

    def _progress(self, done: int, runs: int) -> None:
        """A bar on stderr (stdout stays clean for --json), for runs of more than one chunk."""
        if runs <= forecasting.CHUNK_RUNS:
            return
        filled = BAR * done // runs
        self.stderr.write(
            f"  [{'#' * filled}{'.' * (BAR - filled)}] {done:>5,} of {runs:,} runs",
            ending="\n",
        )
        self.stderr.flush()


def _percent(share: float | None) -> str:
    return "—" if share is None else f"{share:.0%}"


def _waits(holdup: dict[str, Any] | None, teams: dict[int, str]) -> str:
    """The team an initiative's work most often waits longer for, and in what share of runs."""
    if not holdup or holdup["team"] not in teams:
        return ""
    return f"{teams[holdup['team']][:24]} ({holdup['share']:.0%})"


def report(found: dict[str, Any], teams: dict[int, str] | None = None) -> str:
    """The forecast as a table a person reads in a terminal; with `teams` (id -> name), the
    team each initiative's work most often waits longer for than planned, if any."""
    teams = teams or {}
    lines = [
        f"Delivery forecast from the week of {day_text(found['start'])}: {found['runs']:,} "
        f"runs (seed {found['seed']}), efforts drawn from {found['distribution']}",
        "",
        f"{'Initiative':40} {'P50':>12} {'P85':>12} {'P95':>12} {'Target':>12} {'On time':>8}"
        f"  Waits longer than planned for",
    ]
    if not found["initiatives"]:
        lines.append(
            "  No approved initiatives with effort estimates yet: add estimates on an "
            "initiative and approve it."
        )
    for row in found["initiatives"]:
        lines.append(
            f"{row['title'][:40]:40} {day_text(row['p50']):>12} {day_text(row['p85']):>12}"
            f" {day_text(row['p95']):>12} {day_text(row['target']):>12}"
            f" {_percent(row['on_time_probability']):>8}  {_waits(row['holdup'], teams)}"
        )
    if any(row["holdup"] for row in found["initiatives"]):
        lines += [
            "",
            "Waits longer than planned for: the team its work waits for longer than in the plan,",
            "and in what share of the runs (work ranked ahead of it there runs over).",
        ]
    return "\n".join(line.rstrip() for line in lines)
