"""`tandem backup`, `tandem restore` and `tandem transfer_database` as operators run them."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from django.db import connection

from tandem.core.errors import RuleViolation
from tandem.operations import services
from tests.operations.conftest import dump_lines, tandem, without_event

# Each test here starts `tandem` in child processes or shares a fixture that does (a demo load,
# a backup, a transfer into PostgreSQL): together about a minute.
pytestmark = pytest.mark.slow


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_backup_writes_manifest_with_migrations_counts_and_checksums(sqlite_demo):
    """The manifest names the version, vendor, migrations, row counts and each file's sha256."""
    backup = sqlite_demo["backup"]
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "sqlite", "file": "database.sqlite3"}
    assert "0001_initial" in manifest["migrations"]["portfolio"]
    assert manifest["row_counts"]["portfolio.initiative"] > 0
    assert sum(manifest["row_counts"].values()) == len(sqlite_demo["before"])
    assert set(manifest["files"]) == {"database.sqlite3", "media/uploads/plan.txt"}
    assert manifest["files"]["media/uploads/plan.txt"] == _sha256(
        backup / "media" / "uploads" / "plan.txt"
    )
    backup_events = [
        line
        for line in sqlite_demo["before"]
        if line["model"] == "audit.auditevent" and line["fields"]["action"] == "backup"
    ]
    assert len(backup_events) == 1  # recorded before the snapshot, so the backup holds it


def test_restore_round_trip_is_identical(sqlite_copy):
    """Data and files changed after a backup come back exactly as they were backed up."""
    home = sqlite_copy["home"]
    with sqlite3.connect(home / "tandem.sqlite3") as db:
        db.execute("UPDATE portfolio_initiative SET title = 'Changed after the backup'")
        db.execute("DELETE FROM portfolio_statusupdate")
    db.close()
    (home / "media" / "uploads" / "plan.txt").unlink()
    (home / "media" / "stray.txt").write_text("not in the backup\n")

    result = tandem("restore", str(sqlite_copy["backup"]), "--force", home=home)

    assert "Backup checked: 2 files match their sha256." in result.stdout
    assert "identical to the backup" in result.stdout
    after = dump_lines(home)
    assert without_event(after, "restore") == sqlite_copy["before"]
    assert (home / "media" / "uploads" / "plan.txt").read_text() == "the plan\n"
    assert not (home / "media" / "stray.txt").exists()
    assert (home / "tandem.sqlite3.pre-restore").exists()


def test_restore_refuses_non_empty_database_without_force(sqlite_copy):
    """Without --force, a database holding data is left alone."""
    database = sqlite_copy["home"] / "tandem.sqlite3"
    before = _sha256(database)
    result = tandem("restore", str(sqlite_copy["backup"]), home=sqlite_copy["home"], ok=False)
    assert result.returncode == 1
    assert (
        "This database already holds data; restoring replaces all of it. Add --force"
        in result.stderr
    )
    assert _sha256(database) == before


def test_restore_refuses_tampered_backup(sqlite_copy):
    """A backup file whose sha256 differs from the manifest's is refused before anything changes."""
    plan = sqlite_copy["backup"] / "media" / "uploads" / "plan.txt"
    plan.write_text("the plan, edited\n")
    with pytest.raises(RuleViolation) as err:
        services.backup_restore(directory=sqlite_copy["backup"], force=True)
    assert (err.value.code, err.value.field) == ("BACKUP_CHECKSUM_MISMATCH", "directory")
    assert err.value.message == (
        f"The backup in {sqlite_copy['backup']} is damaged or was changed after it was "
        "written: media/uploads/plan.txt has a different sha256. Use another backup."
    )


def test_restore_refuses_mismatched_migration_state(sqlite_copy):
    """A backup at another migration state than this code's is refused, saying what differs."""
    path = sqlite_copy["backup"] / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest["migrations"]["portfolio"].append("0099_from_the_future")
    manifest["database"]["vendor"] = connection.vendor  # whichever database the suite runs on
    path.write_text(json.dumps(manifest))
    with pytest.raises(RuleViolation) as err:
        services.backup_restore(directory=sqlite_copy["backup"], force=True)
    assert err.value.code == "BACKUP_MIGRATIONS_MISMATCH"
    assert err.value.message.startswith(
        "The backup's migration state does not match this version of Tandem: it has 1 "
        "migration(s) this code does not know (portfolio.0099_from_the_future, …). Restore it "
        "with the Tandem version that made it (0.1.0) and run `tandem migrate` there"
    )


def test_restore_refuses_backup_of_the_other_database_vendor(sqlite_copy):
    """A SQLite backup is not restored into PostgreSQL (nor the reverse); it names the transfer."""
    result = tandem(
        "restore",
        str(sqlite_copy["backup"]),
        home=sqlite_copy["home"],
        database_url="postgres://nobody@127.0.0.1:1/nowhere",  # refused before connecting
        ok=False,
    )
    assert result.returncode == 1
    assert "This is a SQLite backup and this installation uses PostgreSQL" in result.stderr
    assert "tandem transfer_database --to postgres://" in result.stderr


def test_transfer_sqlite_to_postgres_gives_identical_data(sqlite_demo, postgres_demo):
    """`transfer_database` copies a SQLite installation into PostgreSQL row for row."""
    assert "Checked: canonical dumps identical" in postgres_demo["transfer"].stdout
    assert without_event(postgres_demo["after"], "transfer") == sqlite_demo["before"]
    import psycopg

    with psycopg.connect(postgres_demo["url"]) as db:  # new rows continue after the copied ids
        last = db.execute("SELECT max(id) FROM audit_auditevent").fetchone()[0]
        sequence = db.execute(
            "SELECT nextval(pg_get_serial_sequence('audit_auditevent', 'id'))"
        ).fetchone()[0]
    assert sequence == last + 1


def test_postgres_round_trip_is_identical(postgres_demo, tmp_path):
    """pg_dump / pg_restore bring a PostgreSQL installation back exactly as it was backed up."""
    home, url, backup = postgres_demo["home"], postgres_demo["url"], tmp_path / "backup"
    tandem("backup", str(backup), home=home, database_url=url)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.pgdump"}
    assert sum(manifest["row_counts"].values()) == len(postgres_demo["after"]) + 1  # + backup

    import psycopg

    with psycopg.connect(url) as db:
        db.execute("UPDATE portfolio_initiative SET title = 'Changed after the backup'")
        db.execute("DELETE FROM portfolio_statusupdate")
    tandem("restore", str(backup), "--force", home=home, database_url=url)

    after = without_event(without_event(dump_lines(home, url), "restore"), "backup")
    assert after == postgres_demo["after"]
