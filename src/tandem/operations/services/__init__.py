"""Backup, restore and database transfer.

A backup is a directory: the database (`database.sqlite3`, made with SQLite's online backup API,
or `database.pgdump`, made with `pg_dump --format=custom`), the uploaded files under `media/`
and `manifest.json` (Tandem version, database vendor, creation time, applied migrations, row
counts, the canonical dump's sha256 and the sha256 of every file). Restore checks all of it
before it changes anything, and checks the restored database against the canonical sha256.

A restore replaces the whole database, the audit log included; the `restore` event is appended
to the restored log. Moving from SQLite to PostgreSQL is `database_transfer`, a row-by-row copy
between two live databases, checked the same way.
"""

from tandem.operations.services.backup import backup_create, backup_restore, backup_verify
from tandem.operations.services.transfer import database_transfer

__all__ = ["backup_create", "backup_restore", "backup_verify", "database_transfer"]
