"""`tandem capacity`: the capacity plan per IT team, where teams run short, and the forecast."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tandem.capacity import selectors
from tandem.core.errors import DomainError
from tandem.organization.models import Team


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from err


class Command(BaseCommand):
    help = (
        "Show what each IT team can take on: supply after leave and holidays, "
        "non-discretionary load, committed and proposed initiatives, utilization, the weeks "
        "a team is over 100% with the initiatives causing it, and the 18-month forecast. "
        "--json prints the same JSON as GET /api/capacity."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="start", type=_day, help="First day (default: this week)."
        )
        parser.add_argument("--to", dest="end", type=_day, help="Last day (default: 26 weeks on).")
        parser.add_argument(
            "--grain", choices=selectors.GRAINS, default="week", help="Period of the arrays."
        )
        parser.add_argument("--team", help="One IT team, by name or id.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of tables.")

    def handle(self, *args, **opts):
        try:
            plan = selectors.capacity_overview(
                user=None,
                start=opts["start"],
                end=opts["end"],
                grain=opts["grain"],
                team=self._team(opts["team"]),
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        if opts["json"]:
            self.stdout.write(json.dumps(plan, indent=2, ensure_ascii=False))
        else:
            self.stdout.write(report(plan))

    def _team(self, value: str | None) -> int | None:
        if not value:
            return None
        team = Team.objects.filter(name__iexact=value).first()
        if team is None and value.isdigit():
            team = Team.objects.filter(pk=int(value)).first()
        if team is None:
            names = ", ".join(Team.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"There is no IT team {value!r}. Teams: {names}.")
        return team.pk


def report(plan: dict[str, Any]) -> str:
    """The plan as tables a person reads in a terminal."""
    lines = [
        f"IT capacity from {plan['start']} to {plan['end']}, in person-weeks "
        f"(one full-time person for a week, {plan['standard_hours_per_week']:g} hours)",
        "",
        f"{'Team':32} {'Supply':>8} {'Run work':>9} {'Committed':>10} {'Proposed':>9}"
        f" {'Available':>10} {'Peak %':>7}",
    ]
    for team in plan["teams"]:
        peak = max((u for u in team["utilization_pct"] if u is not None), default=0.0)
        lines.append(
            f"{team['name'][:32]:32} {sum(team['supply']):8.1f} {sum(team['load_total']):9.1f}"
            f" {sum(team['committed']):10.1f} {sum(team['proposed']):9.1f}"
            f" {sum(team['available']):10.1f} {peak:7.0f}"
        )
    lines += ["", "Where teams run short (over 100% of supply)"]
    if not plan["spans"]:
        lines.append("  No team is over capacity in these weeks.")
    for span in plan["spans"]:
        causes = ", ".join(
            f"{item['initiative']} ({item['person_weeks']:g})" for item in span["initiatives"][:3]
        )
        lines.append(
            f"  {span['team']}: {span['first_week_start']} to {span['last_week_start']} "
            f"({span['weeks']} wk), peak {span['peak_pct']}%, {span['person_weeks_short']:g} "
            f"person-weeks short; most from {causes or 'non-discretionary load'}"
        )
    forecast = plan["forecast"]
    lines += [
        "",
        f"Forecast, next {forecast['months']} months ({forecast['estimator']['description']})",
    ]
    if not forecast["bottlenecks"]:
        lines.append("  No team becomes a bottleneck.")
    for item in forecast["bottlenecks"]:
        lines.append(
            f"  {item['team']}: from the week of {item['first_week_start']}, peak "
            f"{item['peak_pct']}%, {item['person_weeks_short']:g} person-weeks short"
        )
    for item in plan["unplaced"]:
        lines.append(f"Not placed: {item['initiative']} ({item['reason']})")
    return "\n".join(lines)
