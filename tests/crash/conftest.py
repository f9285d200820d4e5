"""Crash and scale-out drills: real `tandem` processes on private databases, killed with -9.

The pytest test database is invisible to other processes, so each drill gets its own: a SQLite
file in a temporary TANDEM_HOME, or a PostgreSQL database named `tandem_crash_<random>` that
is created and dropped here. PostgreSQL and Redis drills skip when the service is unreachable,
and fail instead under CI=true.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass, field
from http.client import HTTPConnection
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
PG_ADMIN_URL = os.environ.get("CRASH_PG_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379


def unavailable(reason: str) -> None:
    """Skip, or fail under CI (where every service must be there)."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (required under CI=true)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Site:
    """One installation: its environment, its database, and the processes started for it."""

    home: Path
    env: dict[str, str]
    database: str  # "sqlite" or "postgres"
    pg_url: str = ""
    processes: list[subprocess.Popen] = field(default_factory=list)

    @property
    def sqlite_path(self) -> Path:
        return self.home / "tandem.sqlite3"

    def tandem(self, *args: str, timeout: float = 300) -> str:
        """Run `tandem ARGS` to completion; return its stdout (fail with its output)."""
        done = subprocess.run(
            [str(BIN / "tandem"), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        assert done.returncode == 0, f"tandem {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done.stdout

    def start(self, *argv: str, log: str = "process") -> subprocess.Popen:
        """Start a long-running process with this site's environment."""
        out = open(self.home / f"{log}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            list(argv), env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        process.log = out  # type: ignore[attr-defined]
        self.processes.append(process)
        return process

    def serve(self, port: int, *, log: str = "server") -> subprocess.Popen:
        """The app server `tandem serve` runs (waitress, 8 threads) on `port`.

        Started as `waitress-serve tandem.wsgi:application`, i.e. `tandem serve` without its
        collectstatic step, which costs tens of seconds and serves no API request.
        """
        process = self.start(
            str(BIN / "waitress-serve"),
            "--host=127.0.0.1",
            f"--port={port}",
            "--threads=8",
            "--ident=Tandem",
            "tandem.wsgi:application",
            log=log,
        )
        wait_healthy(port, process)
        return process

    def log(self, name: str) -> str:
        path = self.home / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Run one read query against the site's database from outside its processes."""
        if self.database == "sqlite":
            with contextlib.closing(sqlite3.connect(self.sqlite_path, timeout=30)) as conn:
                return conn.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(self.pg_url, autocommit=True) as conn:
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def integrity_problems(self) -> list[str]:
        """SQLite: PRAGMA integrity_check (and foreign keys). PostgreSQL: amcheck on every
        B-tree index, plus the same foreign-key check by query."""
        if self.database == "sqlite":
            problems = [row[0] for row in self.query("PRAGMA integrity_check")]
            problems = [] if problems == ["ok"] else problems
            return problems + [str(row) for row in self.query("PRAGMA foreign_key_check")]
        self.query("CREATE EXTENSION IF NOT EXISTS amcheck")
        indexes = self.query(
            "SELECT c.oid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE a.amname = 'btree' AND n.nspname = 'public'"
        )
        problems = []
        for (index,) in indexes:
            try:
                self.query("SELECT bt_index_check(?::regclass, true)", (index,))
            except Exception as err:
                problems.append(f"{index}: {err}")
        return problems

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(10)
            process.log.close()  # type: ignore[attr-defined]


def kill9(process: subprocess.Popen) -> None:
    """kill -9 the process (and its process group: workers fork), and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def http(
    method: str, url: str, body: dict | str | None = None, headers: dict | None = None
) -> tuple[int, object, object]:
    """One request (redirects are not followed); returns (status, JSON or text, headers).

    A dict body goes as JSON, a str body as a form.
    """
    parts = urllib.parse.urlsplit(url)
    head = dict(headers or {})
    data = None
    if isinstance(body, dict):
        data, head["Content-Type"] = json.dumps(body).encode(), "application/json"
    elif isinstance(body, str):
        data, head["Content-Type"] = body.encode(), "application/x-www-form-urlencoded"
    conn = HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        conn.request(method, path, body=data, headers=head)
        response = conn.getresponse()
        raw = response.read()
    finally:
        conn.close()
    try:
        return response.status, json.loads(raw), response.headers
    except ValueError:
        return response.status, raw.decode(errors="replace"), response.headers


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 120) -> None:
    """Wait until /api/health answers 200 (fail if the process exits first)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"the server on port {port} exited early"
        with contextlib.suppress(OSError):
            if http("GET", f"http://127.0.0.1:{port}/api/health")[0] == 200:
                return
        time.sleep(0.2)
    pytest.fail(f"the server on port {port} did not become healthy in {timeout} s")


def base_env(home: Path) -> dict[str, str]:
    """The environment of a fresh installation in `home` (nothing from the test run's)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "CACHE_URL", "TASKS_BACKEND", "TASKS_REDIS_URL")
        and not k.startswith("PYTEST")
    }
    env.update(
        TANDEM_HOME=str(home),
        DJANGO_SETTINGS_MODULE="tandem.settings",
        SECRET_KEY=secrets.token_urlsafe(40),
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
        API_RATE_LIMIT="100000/m",  # the write load is a drill, not abuse
    )
    return env


def postgres_available() -> str | None:
    """Why PostgreSQL cannot be used, or None."""
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as err:
        return f"PostgreSQL is unreachable at {PG_ADMIN_URL}: {err}"
    return None


@contextlib.contextmanager
def postgres_database():
    """A private PostgreSQL database for other processes; dropped afterwards."""
    import psycopg

    if reason := postgres_available():
        unavailable(reason)
    name = f"tandem_crash_{secrets.token_hex(6)}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drill_databases() -> list[str]:
    """Where the drills run: CRASH_DATABASES (e.g. "sqlite,postgres") when set; under CI=true,
    whose suite runs once per database, the suite's own database only (each drill then runs
    once per CI run instead of twice); otherwise both."""
    chosen = os.environ.get("CRASH_DATABASES")
    if chosen:
        return [name.strip() for name in chosen.split(",") if name.strip()]
    if os.environ.get("CI") == "true":
        own = os.environ.get("DATABASE_URL", "")
        return ["postgres" if own.startswith(("postgres://", "postgresql://")) else "sqlite"]
    return ["sqlite", "postgres"]


@pytest.fixture(params=drill_databases())
def site(request, tmp_path):
    """A migrated installation on a SQLite file or on a private PostgreSQL database."""
    home = tmp_path / "home"
    home.mkdir()
    env = base_env(home)
    with contextlib.ExitStack() as stack:
        pg_url = ""
        if request.param == "postgres":
            pg_url = stack.enter_context(postgres_database())
            env["DATABASE_URL"] = pg_url.replace("postgresql://", "postgres://")
        installation = Site(home=home, env=env, database=request.param, pg_url=pg_url)
        stack.callback(installation.stop_all)
        installation.tandem("migrate", "--verbosity", "0")
        yield installation
