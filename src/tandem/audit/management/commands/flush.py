"""`tandem flush`: Django's flush, which also empties the append-only audit log.

Flushing wipes the whole database, the audit log included. PostgreSQL's TRUNCATE and
SQLite's DELETE would both be refused by the append-only triggers, so this lifts them for the
flush and puts them back afterwards. Test runs flush between transactional tests.
"""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from tandem.audit import triggers


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        with connection.cursor() as cursor:
            tables = connection.introspection.table_names(cursor)
        if triggers.TABLE not in tables:
            return super().handle(**options)
        triggers.remove(connection)
        try:
            return super().handle(**options)
        finally:
            triggers.install(connection)
