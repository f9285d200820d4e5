"""Helpers for the backup tests: `tandem` in a child process with its own TANDEM_HOME and
database, and private PostgreSQL databases (a child process cannot see pytest's test database)."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

TANDEM = str(Path(sys.executable).with_name("tandem"))


def tandem(*args: str, home: Path, database_url: str | None = None, ok: bool = True):
    """Run `tandem ARGS` for the installation in `home`; assert success unless `ok` is False."""
    env = {**os.environ, "TANDEM_HOME": str(home)}
    env.pop("DATABASE_URL", None)  # a private SQLite database in `home` unless one is given
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run(
        [TANDEM, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if ok:
        assert result.returncode == 0, f"tandem {' '.join(args)} failed:\n{result.stderr}"
    return result


def dump_lines(home: Path, database_url: str | None = None) -> list[dict]:
    """The canonical dump of the installation in `home`, parsed line by line."""
    out = home / "canonical.jsonl"
    tandem("dump_canonical", "--output", str(out), home=home, database_url=database_url)
    return [json.loads(line) for line in out.read_text().splitlines()]


def without_event(lines: list[dict], action: str) -> list[dict]:
    """`lines` less the latest audit event `action` (a restore, transfer or backup appends one)."""
    matching = [
        i
        for i, line in enumerate(lines)
        if line["model"] == "audit.auditevent" and line["fields"]["action"] == action
    ]
    assert matching, f"no {action} event in the audit log"
    return lines[: matching[-1]] + lines[matching[-1] + 1 :]


@pytest.fixture(scope="session")
def sqlite_demo(tmp_path_factory) -> dict[str, Path]:
    """A SQLite installation with the small demo and one uploaded file, backed up once."""
    root = tmp_path_factory.mktemp("sqlite-demo")
    home = root / "home"
    tandem("demo", "--no-serve", home=home)
    (home / "media" / "uploads").mkdir(parents=True)
    (home / "media" / "uploads" / "plan.txt").write_text("the plan\n")
    tandem("backup", str(root / "backup"), home=home)
    before = dump_lines(home)
    return {"home": home, "backup": root / "backup", "before": before}


@pytest.fixture
def sqlite_copy(sqlite_demo, tmp_path) -> dict:
    """A private copy of the backed-up SQLite installation and of its backup."""
    home, backup = tmp_path / "home", tmp_path / "backup"
    shutil.copytree(sqlite_demo["home"], home)
    shutil.copytree(sqlite_demo["backup"], backup)
    return {"home": home, "backup": backup, "before": sqlite_demo["before"]}


def _admin_url() -> str:
    """Where to create private databases: DATABASE_URL's server, or the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return urlsplit(url)._replace(path="/postgres").geturl()
    return "postgres://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="session")
def postgres_demo(sqlite_demo, tmp_path_factory) -> Iterator[dict]:
    """The SQLite demo installation moved into a new PostgreSQL database by the transfer.

    Skipped when no PostgreSQL server answers, except under CI=true, where that fails.
    """
    home = tmp_path_factory.mktemp("postgres-demo") / "home"
    shutil.copytree(sqlite_demo["home"], home)
    with _postgres_database() as url:
        result = tandem("transfer_database", "--to", url, home=home)
        yield {"home": home, "url": url, "transfer": result, "after": dump_lines(home, url)}


@contextmanager
def _postgres_database() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database, dropped afterwards."""
    import psycopg

    admin = _admin_url()
    try:
        connection = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL does not answer at {admin}: {err}")
        pytest.skip(f"PostgreSQL does not answer at {admin}")
    name = f"tandem_backup_test_{secrets.token_hex(4)}"
    connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlsplit(admin)._replace(path=f"/{name}").geturl()
    finally:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()
