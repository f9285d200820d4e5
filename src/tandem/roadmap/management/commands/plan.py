"""`tandem plan`: when each approved initiative can be delivered, and why some slip."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.capacity.charts import day_text
from tandem.core.errors import DomainError
from tandem.roadmap import scenario_selectors, selectors
from tandem.roadmap.schemas import PlanOut


class Command(BaseCommand):
    help = (
        "Show the roadmap: approved and in-progress initiatives placed on the IT teams' free "
        "weeks (after run work), highest ranked first, with their start, finish and target "
        "dates, the weeks each slips and why. --json prints the same JSON as GET /api/plan; "
        "--scenario plans a scenario (a what-if) instead of the plan as it stands."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument(
            "--scenario",
            type=int,
            metavar="ID",
            help="Plan this scenario (its id, as in GET /api/scenarios) instead of the baseline.",
        )

    def handle(self, *args, **opts):
        try:
            scenario = None
            if opts["scenario"] is not None:
                scenario = scenario_selectors.scenario_get(user=None, pk=opts["scenario"])
            plan = selectors.roadmap_plan(user=None, scenario=scenario)
        except DomainError as err:
            raise CommandError(err.message) from err
        if opts["json"]:
            data = PlanOut.model_validate(plan).model_dump(mode="json")
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(report(plan))


def report(plan: dict[str, Any]) -> str:
    """The plan as a table a person reads in a terminal, each slip explained below its row."""
    figures = plan["objective"]
    scenario = f" — scenario '{plan['scenario']['name']}'" if plan.get("scenario") else ""
    lines = [
        f"Roadmap{scenario} from the week of {day_text(plan['start'])}: {figures['initiatives']} "
        f"initiatives, {figures['slipped']} later than they could be, {figures['late']} "
        f"missing their target (weighted weeks late: {figures['weighted_tardiness']:g})",
        "",
        f"{'Initiative':40} {'Start':>12} {'Finish':>12} {'Target':>12} {'Slip':>5} {'Late':>5}",
    ]
    if not plan["initiatives"]:
        lines.append(
            "  No approved initiatives with effort estimates yet: add estimates on an "
            "initiative and approve it."
        )
    for row in plan["initiatives"]:
        lines.append(
            f"{row['title'][:40]:40} {day_text(row['start']):>12} {day_text(row['finish']):>12}"
            f" {day_text(row['target']):>12} {row['slip_weeks']:>5} {row['late_weeks']:>5}"
        )
        if row["explanation"]:
            lines.append(f"    {row['explanation']}")
    return "\n".join(lines)
