"""`tandem dump_canonical`: the database's rows as sorted JSON lines, to compare two databases."""

import hashlib
from pathlib import Path

from django.core.management.base import BaseCommand

from tandem.operations import selectors


class Command(BaseCommand):
    help = (
        "Write the canonical dump of this database: every row of every model, ordered by model "
        "and primary key, one sorted JSON object a line, the same text on SQLite and "
        "PostgreSQL. Two databases hold the same data when their dumps are equal (diff them, "
        "or compare the sha256 printed on stderr)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="FILE", help="Write to FILE instead of standard output."
        )

    def handle(self, *args, **opts):
        text = selectors.canonical_dump()
        if opts["output"]:
            Path(opts["output"]).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
        data = text.encode()
        self.stderr.write(
            f"{text.count(chr(10)):,} rows, {len(data):,} bytes, "
            f"sha256 {hashlib.sha256(data).hexdigest()}"
        )
