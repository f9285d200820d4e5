"""`tandem select`: choose what to fund in a period within the budget and team capacity."""

from __future__ import annotations

import argparse
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from tandem.core.errors import DomainError
from tandem.core.formatting import money
from tandem.prioritization import selectors, services


def _budget(value: str) -> Decimal:
    try:
        amount = Decimal(value.replace(",", "").replace("_", ""))
    except InvalidOperation as err:
        raise argparse.ArgumentTypeError(f"{value!r} is not an amount of money") from err
    if amount < 0 or not amount.is_finite():
        raise argparse.ArgumentTypeError("the budget must be 0 or more")
    return amount


def _period(value: str) -> tuple[str, str]:
    first, sep, last = value.partition("..")
    if not sep or not first or not last:
        raise argparse.ArgumentTypeError(f"{value!r} is not a period; write it like 2027Q1..2027Q4")
    return first, last


class Command(BaseCommand):
    help = (
        "Choose which initiatives waiting for a decision to fund in a period: the most total "
        "score within the budget and each IT team's free capacity per quarter, with "
        "prerequisites, must-do compliance and security work and alternatives respected. "
        "Prints the chosen set, the objective, the bound and gap, the cut line with the "
        "reasons, and the greedy comparison. The run is saved, like a run from the page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--budget", type=_budget, help="Money available (default: no limit).")
        parser.add_argument(
            "--period",
            type=_period,
            required=True,
            help="First and last quarter, e.g. 2027Q1..2027Q4.",
        )
        parser.add_argument(
            "--time-limit", type=float, default=10.0, help="Seconds the solver may take (10)."
        )
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a report.")

    def handle(self, *args, **opts):
        if not 0 < opts["time_limit"] <= 600:
            raise CommandError("--time-limit must be above 0 and at most 600 seconds.")
        first, last = opts["period"]
        try:
            run = services.selection_run_create(
                period_from=first,
                period_to=last,
                budget=opts["budget"],
                time_limit=opts["time_limit"],
                by=None,
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        data = selectors.selection_json(selectors.selection_view(run))
        if opts["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder))
        else:
            self.stdout.write(report(data))


def report(data: dict[str, Any]) -> str:
    budget = "no budget limit" if data["budget"] is None else f"budget {money(data['budget'])}"
    lines = [
        f"Selection {data['period_from']}–{data['period_to']}, {budget}: {data['status']}",
        f"Total score {data['objective']:.1f} (bound {data['bound']:.1f}, gap "
        f"{data['gap_pct']:.2f}%, LP bound {data['lp_bound']:.1f}) in {data['runtime_s']:.2f} s; "
        f"greedy ranking {data['greedy_objective']:.1f}",
        "",
        "Funded:",
    ]
    for row in data["funded"]:
        lines.append(f"  {row['value']:6.1f}  {money(row['cost']):>12}  {row['title']}")
    lines.append("")
    lines.append("Below the cut line:")
    for row in data["not_funded"]:
        lines.append(f"  {row['value']:6.1f}  {money(row['cost']):>12}  {row['title']}")
        lines.extend(f"{'':24}{reason}" for reason in row["reasons"])
    for note in data["left_out"]:
        lines.append(f"  not a candidate: {note['title']}: {note['reason']}")
    return "\n".join(lines)
