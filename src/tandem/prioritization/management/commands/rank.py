"""`tandem rank`: the portfolio ranked by the active scoring model, with the flags."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder

from tandem.core.errors import DomainError
from tandem.prioritization import selectors


class Command(BaseCommand):
    help = (
        "Rank the open initiatives by the active scoring model: rank, total, the business "
        "and IT views, the value statement and the 'needs a conversation' flags. --json "
        "prints the same JSON as GET /api/rankings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")
        parser.add_argument(
            "--revision",
            type=int,
            help="Replay a past model revision (its id, from /api/scoring-models/ID/revisions).",
        )
        parser.add_argument("--flagged", action="store_true", help="Only initiatives with flags.")

    def handle(self, *args, **opts):
        try:
            revision = (
                selectors.revision_get(user=None, pk=opts["revision"]) if opts["revision"] else None
            )
        except DomainError as err:
            raise CommandError(err.message) from err
        data = selectors.ranking_json(selectors.ranking(user=None, revision=revision))
        if opts["flagged"]:
            data["initiatives"] = [i for i in data["initiatives"] if i["needs_conversation"]]
        if opts["json"]:
            self.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, cls=DjangoJSONEncoder))
        else:
            self.stdout.write(report(data))


def report(data: dict[str, Any]) -> str:
    """The ranking as a table a person reads in a terminal."""
    if data["model"] is None:
        return "No scoring model is active; the portfolio office chooses one first."
    lines = [f"Ranked by {data['model']} (revision {data['revision']})", ""]
    lines.append(f"{'#':>3}  {'Score':>6}  {'Scored':>6}  Initiative")
    for row in data["initiatives"]:
        total = "—" if row["total"] is None else f"{row['total']:.1f}"
        rank = row["rank"] if row["rank"] is not None else "—"
        lines.append(f"{rank:>3}  {total:>6}  {row['coverage'] * 100:5.0f}%  {row['title']}")
        if row["value_statement"]:
            lines.append(f"{'':19}{row['value_statement']}")
        for flag in row["flags"]:
            lines.append(f"{'':19}! Needs a conversation: {flag['text']}")
    flagged = sum(1 for row in data["initiatives"] if row["needs_conversation"])
    lines += ["", f"{len(data['initiatives'])} initiatives, {flagged} need a conversation."]
    return "\n".join(lines)
