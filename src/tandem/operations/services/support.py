"""What backup, restore and transfer share: error codes, file and checksum helpers, extra
database connections, and the SQLite and PostgreSQL client tools."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.db import DEFAULT_DB_ALIAS, connections

from tandem.core.errors import RuleViolation

Progress = Callable[[str], None]

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
TRANSFER_ALIAS = "transfer_target"
INSPECT_ALIAS = "backup_inspect"

# Error codes (they join the app's choices.py once the background-jobs work there has landed).
BACKUP_DIRECTORY_NOT_EMPTY = "BACKUP_DIRECTORY_NOT_EMPTY"
BACKUP_INVALID = "BACKUP_INVALID"
BACKUP_CHECKSUM_MISMATCH = "BACKUP_CHECKSUM_MISMATCH"
BACKUP_VENDOR_MISMATCH = "BACKUP_VENDOR_MISMATCH"
BACKUP_MIGRATIONS_MISMATCH = "BACKUP_MIGRATIONS_MISMATCH"
DATABASE_NOT_EMPTY = "DATABASE_NOT_EMPTY"
DATABASE_IN_USE = "DATABASE_IN_USE"
DATABASE_UNSUPPORTED = "DATABASE_UNSUPPORTED"
DATABASE_NOT_MIGRATED = "DATABASE_NOT_MIGRATED"
POSTGRES_TOOL_MISSING = "POSTGRES_TOOL_MISSING"
POSTGRES_TOOL_FAILED = "POSTGRES_TOOL_FAILED"
RESTORE_VERIFY_FAILED = "RESTORE_VERIFY_FAILED"
TRANSFER_TARGET_INVALID = "TRANSFER_TARGET_INVALID"


def quiet(line: str) -> None:
    """Progress sink when the caller wants none."""


def vendor() -> str:
    """`sqlite` or `postgresql` for the default database; RuleViolation for any other."""
    name = connections[DEFAULT_DB_ALIAS].vendor
    if name not in DATABASE_FILES:
        raise RuleViolation(
            f"Backup and restore support SQLite and PostgreSQL, not {name}.",
            code=DATABASE_UNSUPPORTED,
        )
    return name


@contextmanager
def extra_database(alias: str, config: dict[str, Any]) -> Iterator[str]:
    """Make `config` available as the connection `alias` for the duration of the block."""
    full = connections.configure_settings({DEFAULT_DB_ALIAS: dict(config)})[DEFAULT_DB_ALIAS]
    connections.settings[alias] = full
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


#
# SQLite
#


def sqlite_copy(source: Path, destination: Path) -> None:
    """Copy a (possibly live) SQLite database with the online backup API into one plain file."""
    src = sqlite3.connect(source, timeout=20)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)  # one step: a consistent snapshot even while the server writes
        dst.execute("PRAGMA journal_mode=DELETE")  # no -wal file beside the copy
    finally:
        dst.close()
        src.close()


def sqlite_readonly(path: Path) -> dict[str, Any]:
    """Settings that open the SQLite file at `path` read-only."""
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": f"file:{path}?mode=ro"}


#
# PostgreSQL client programs
#


def pg_environment() -> dict[str, str]:
    """Environment for pg_dump/pg_restore with the default database's connection settings."""
    db = connections[DEFAULT_DB_ALIAS].settings_dict
    options = db.get("OPTIONS") or {}
    pairs = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),  # in the environment, never on the command line
        "PGDATABASE": db.get("NAME"),
        "PGSSLMODE": options.get("sslmode"),
        "PGSERVICE": options.get("service"),
    }
    return {**os.environ, **{key: str(value) for key, value in pairs.items() if value}}


def pg_tool(name: str) -> str:
    """The path of the PostgreSQL client program `name`; RuleViolation if it is not installed."""
    path = shutil.which(name)
    if path is None:
        raise RuleViolation(
            f"{name} was not found on PATH. Install the PostgreSQL client programs of the "
            "server's major version (Debian/Ubuntu: apt-get install postgresql-client) and "
            "run the command again.",
            code=POSTGRES_TOOL_MISSING,
        )
    return path


def pg_run(args: list[str]) -> None:
    """Run a PostgreSQL client program; RuleViolation with its message if it fails."""
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings and paths
        args, env=pg_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuleViolation(
            f"{Path(args[0]).name} failed (exit {result.returncode}): "
            f"{result.stderr.strip() or result.stdout.strip()}",
            code=POSTGRES_TOOL_FAILED,
        )


def pg_dump(destination: Path, *, snapshot: str) -> None:
    """Dump the default PostgreSQL database in custom format as of the exported `snapshot`."""
    pg_run(
        [pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", f"--file={destination}"]
    )


def pg_restore(dump: Path) -> None:
    """Replace the default PostgreSQL database's objects with `dump`, in one transaction."""
    tool = pg_tool("pg_restore")
    connections.close_all()  # our idle connection must not hold locks on the dropped tables
    dbname = connections[DEFAULT_DB_ALIAS].settings_dict["NAME"]
    pg_run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={dbname}",
            str(dump),
        ]
    )


#
# Files
#


def checksums(root: Path) -> dict[str, str]:
    """sha256 of every file under `root` except the manifest, by relative POSIX path."""
    return {
        path.relative_to(root).as_posix(): sha256_file(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.name != MANIFEST
    }


def checksums_compare(root: Path, expected: dict[str, str]) -> list[str]:
    """What differs between the files under `root` and `expected`, as phrases."""
    problems = []
    for name, digest in sorted(expected.items()):
        path = root / name
        if not path.is_file():
            problems.append(f"{name} is missing")
        elif sha256_file(path) != digest:
            problems.append(f"{name} has a different sha256")
    media = root / "media"
    if not media.is_dir():
        problems.append("media/ is missing")
        return problems
    for path in sorted(media.rglob("*")):
        name = path.relative_to(root).as_posix()
        if path.is_file() and name not in expected:
            problems.append(f"{name} is not in the manifest")
    return problems


def sha256_file(path: Path) -> str:
    """The hex sha256 of the file at `path`."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write `data` to `path` atomically (a complete manifest or none)."""
    staged = sibling(path, ".tmp")
    staged.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(staged, path)


def sibling(path: Path, suffix: str) -> Path:
    """`path` with `suffix` appended to its name, in the same directory."""
    return path.with_name(path.name + suffix)


def fsync_directory(path: Path) -> None:
    """Make a rename in `path` durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_directory(staged: Path, live: Path) -> None:
    """Put `staged` in place of `live` with two renames, then remove the old tree."""
    old = sibling(live, ".old")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        live.rename(old)
    staged.rename(live)
    shutil.rmtree(old, ignore_errors=True)


def count_files(root: Path) -> int:
    """How many files lie under `root`."""
    return sum(1 for path in root.rglob("*") if path.is_file())


def megabytes(path: Path) -> str:
    """The size of the file at `path`, for progress lines."""
    return f"{path.stat().st_size / 1e6:>6.1f} MB"


def chunks(rows: Iterator[Any], size: int) -> Iterator[list[Any]]:
    """`rows` in lists of `size` (the last one shorter)."""
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def redacted(url: str) -> str:
    """`url` without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()
