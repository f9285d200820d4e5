"""Backup and restore: a directory with the database, the uploaded files and a manifest."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone

import tandem
from tandem.audit.services import audit_record
from tandem.core.errors import Conflict, RuleViolation
from tandem.operations import selectors
from tandem.operations.services import support
from tandem.operations.services.support import Progress

#
# Backup
#


def backup_create(*, directory: Path | str, progress: Progress | None = None) -> dict[str, Any]:
    """Write a backup of this installation into `directory` (new or empty); return its manifest.

    Works while the server runs. The `backup` audit event is recorded first, so the backup holds
    it. RuleViolation if `directory` is not empty, the database is neither SQLite nor
    PostgreSQL, or pg_dump is missing or fails.
    """
    say = progress or support.quiet
    target = Path(directory).resolve()
    vendor = support.vendor()
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise RuleViolation(
            f"{target} already exists and is not empty; back up into a new directory.",
            code=support.BACKUP_DIRECTORY_NOT_EMPTY,
            field="directory",
        )
    if vendor == "postgresql":
        support.pg_tool("pg_dump")  # before anything is written or recorded
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    audit_record(action="backup", target=str(target), detail={"vendor": vendor})
    say(f"Backing up the {support.VENDOR_NAMES[vendor]} database…")
    database = target / support.DATABASE_FILES[vendor]
    if vendor == "sqlite":
        support.sqlite_copy(Path(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]), database)
        with support.extra_database(
            support.INSPECT_ALIAS, support.sqlite_readonly(database)
        ) as alias:
            state = _database_state(alias, say)
    else:
        with transaction.atomic(), connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            # pg_dump reads the very snapshot the counts and the canonical digest come from
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            support.pg_dump(database, snapshot=cursor.fetchone()[0])
            state = _database_state(DEFAULT_DB_ALIAS, say)
    say(f"  database         {support.megabytes(database)}")
    media = _media_copy(Path(settings.MEDIA_ROOT), target / "media")
    say(f"  uploaded files   {media:>6,}")
    manifest = {
        "format": support.MANIFEST_FORMAT,
        "tandem_version": tandem.__version__,
        "created": timezone.now().isoformat(),
        "database": {"vendor": vendor, "file": database.name},
        **state,
        "files": support.checksums(target),
    }
    support.write_json(target / support.MANIFEST, manifest)
    return manifest


def _database_state(alias: str, say: Progress) -> dict[str, Any]:
    """What a manifest records about the database behind `alias`."""
    applied = selectors.migrations_applied(using=alias)
    missing, _ = selectors.migrations_mismatch(applied)
    if missing:
        say(f"  note: {len(missing)} migration(s) not applied yet ({missing[0]}, …).")
    counts = selectors.row_counts(using=alias)
    say(f"  rows             {sum(counts.values()):>6,} in {len(counts)} tables")
    return {
        "migrations": applied,
        "row_counts": counts,
        "canonical": selectors.canonical_digest(using=alias),
    }


def _media_copy(source: Path, destination: Path) -> int:
    """Copy the uploaded files (there may be none); return how many."""
    if source.is_dir():
        shutil.copytree(source, destination)
    else:
        destination.mkdir()
    return support.count_files(destination)


#
# Restore
#


def backup_restore(
    *, directory: Path | str, force: bool = False, progress: Progress | None = None
) -> dict[str, Any]:
    """Replace this installation's database and uploaded files with the backup in `directory`.

    Everything is checked before anything changes: the manifest, every file's sha256, the
    database vendor, the migration state against this code, and (without `force`) that the
    database holds no data. The restored data is checked against the backup's canonical
    digest, then the `restore` audit event is appended to the restored log. RuleViolation or
    Conflict names what is wrong.
    """
    say = progress or support.quiet
    source = Path(directory).resolve()
    manifest = backup_verify(directory=source)
    say(f"Backup checked: {len(manifest['files'])} files match their sha256.")
    if not force and selectors.database_has_data():
        raise Conflict(
            "This database already holds data; restoring replaces all of it. Add --force to "
            "replace it (back it up first), or restore into an empty database.",
            code=support.DATABASE_NOT_EMPTY,
            field="force",
        )
    started = time.perf_counter()
    vendor = manifest["database"]["vendor"]
    database = source / manifest["database"]["file"]
    media_root = Path(settings.MEDIA_ROOT)
    staged_media = support.sibling(media_root, ".restoring")
    shutil.rmtree(staged_media, ignore_errors=True)
    shutil.copytree(source / "media", staged_media)
    say(f"Restoring the {support.VENDOR_NAMES[vendor]} database…")
    try:
        previous = None
        if vendor == "sqlite":
            previous = _sqlite_restore(database, manifest)
        else:
            support.pg_restore(database)
            _verify_restored(DEFAULT_DB_ALIAS, manifest)
    except BaseException:
        shutil.rmtree(staged_media, ignore_errors=True)
        raise
    say(f"  database         {sum(manifest['row_counts'].values()):>6,} rows, checked")
    support.swap_directory(staged_media, media_root)
    say(f"  uploaded files   {support.count_files(media_root):>6,}")
    summary = {
        "directory": str(source),
        "created": manifest["created"],
        "tandem_version": manifest["tandem_version"],
        "rows": sum(manifest["row_counts"].values()),
        "canonical_sha256": manifest["canonical"]["sha256"],
        "previous": str(previous) if previous else None,
        "seconds": round(time.perf_counter() - started, 2),
    }
    audit_record(action="restore", target=str(source), detail=summary)
    return summary


def backup_verify(*, directory: Path | str) -> dict[str, Any]:
    """Check the backup in `directory` fits this installation; return its manifest.

    RuleViolation if the manifest is missing or unreadable, a file is missing, extra or changed,
    the backup comes from the other database vendor, or its migrations differ from this code's.
    """
    source = Path(directory).resolve()
    manifest = _manifest_read(source)
    changed = support.checksums_compare(source, manifest["files"])
    if changed:
        raise RuleViolation(
            f"The backup in {source} is damaged or was changed after it was written: "
            + "; ".join(changed[:5])
            + ". Use another backup.",
            code=support.BACKUP_CHECKSUM_MISMATCH,
            field="directory",
        )
    vendor, here = manifest["database"]["vendor"], support.vendor()
    if vendor != here:
        raise RuleViolation(
            f"This is a {support.VENDOR_NAMES.get(vendor, vendor)} backup and this installation "
            f"uses {support.VENDOR_NAMES[here]}; a backup restores only into the same kind of "
            "database. To move from SQLite to PostgreSQL, restore it into SQLite and run "
            "`tandem transfer_database --to postgres://…` (README, “Backup, restore and moving "
            "to PostgreSQL”).",
            code=support.BACKUP_VENDOR_MISMATCH,
            field="directory",
        )
    _migrations_check(manifest["migrations"], manifest["tandem_version"])
    return manifest


def _manifest_read(source: Path) -> dict[str, Any]:
    """The manifest of the backup in `source`; RuleViolation if it is not a Tandem backup."""
    path = source / support.MANIFEST
    if not path.is_file():
        raise RuleViolation(
            f"{source} is not a Tandem backup: {support.MANIFEST} is missing.",
            code=support.BACKUP_INVALID,
            field="directory",
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        keys = {"format", "database", "migrations", "row_counts", "canonical", "files"}
        if not isinstance(manifest, dict) or not keys <= manifest.keys():
            raise ValueError("keys missing")
    except ValueError as err:
        raise RuleViolation(
            f"{path} is not a readable Tandem manifest ({err}).",
            code=support.BACKUP_INVALID,
            field="directory",
        ) from err
    if manifest["format"] != support.MANIFEST_FORMAT:
        raise RuleViolation(
            f"{path} has manifest format {manifest['format']}; this Tandem reads format "
            f"{support.MANIFEST_FORMAT}. Restore it with the Tandem version that wrote it.",
            code=support.BACKUP_INVALID,
            field="directory",
        )
    return manifest


def _migrations_check(applied: dict[str, list[str]], version: str) -> None:
    """RuleViolation unless `applied` is exactly this code's set of migrations."""
    missing, extra = selectors.migrations_mismatch(applied)
    if not (missing or extra):
        return
    problems = []
    if missing:
        problems.append(f"it lacks {len(missing)} migration(s) of this code ({missing[0]}, …)")
    if extra:
        problems.append(f"it has {len(extra)} migration(s) this code does not know ({extra[0]}, …)")
    raise RuleViolation(
        "The backup's migration state does not match this version of Tandem: "
        f"{' and '.join(problems)}. Restore it with the Tandem version that made it "
        f"({version}) and run `tandem migrate` there before backing up again, or install the "
        "matching version.",
        code=support.BACKUP_MIGRATIONS_MISMATCH,
        field="directory",
    )


def _sqlite_restore(backup: Path, manifest: dict[str, Any]) -> Path | None:
    """Stage the backup next to the live file, check it, swap it in; return the kept old file."""
    live = Path(connections[DEFAULT_DB_ALIAS].settings_dict["NAME"])
    staged = support.sibling(live, ".restoring")
    staged.unlink(missing_ok=True)
    try:
        support.sqlite_copy(backup, staged)
        with support.extra_database(
            support.INSPECT_ALIAS, support.sqlite_readonly(staged)
        ) as alias:
            if selectors.migrations_applied(using=alias) != manifest["migrations"]:
                raise RuleViolation(
                    "The database file in the backup does not match its manifest's migrations "
                    f"({support.MANIFEST} was edited). Use another backup.",
                    code=support.BACKUP_INVALID,
                    field="directory",
                )
            _verify_restored(alias, manifest)
        _sqlite_release(live)
    except BaseException:
        staged.unlink(missing_ok=True)
        raise
    previous = None
    if live.exists():
        previous = support.sibling(live, ".pre-restore")
        previous.unlink(missing_ok=True)
        try:
            os.link(live, previous)  # the old file stays until the operator deletes it
        except OSError:
            shutil.copy2(live, previous)
    os.replace(staged, live)
    support.fsync_directory(live.parent)
    return previous


def _sqlite_release(live: Path) -> None:
    """Close every connection to `live` and fold its WAL in; Conflict if another process has it."""
    connections.close_all()
    if live.exists():
        con = sqlite3.connect(live, timeout=20)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
    if support.sibling(live, "-wal").exists():
        raise Conflict(
            f"{live} is open in another process (its -wal file remains): stop `tandem serve`, "
            "the workers and any shell using it, then run the restore again.",
            code=support.DATABASE_IN_USE,
        )
    support.sibling(live, "-shm").unlink(missing_ok=True)


def _verify_restored(alias: str, manifest: dict[str, Any]) -> None:
    """RuleViolation unless the database behind `alias` has the backup's canonical digest."""
    digest = selectors.canonical_digest(using=alias)
    if digest["sha256"] != manifest["canonical"]["sha256"]:
        raise RuleViolation(
            f"The restored data differs from the backup (canonical sha256 {digest['sha256']} "
            f"instead of {manifest['canonical']['sha256']}).",
            code=support.RESTORE_VERIFY_FAILED,
        )
