"""A real server (waitress, as `tandem serve`) in a subprocess, on its own database.

The pytest test database lives inside the test process's transaction (or under a test name a
subprocess does not know), so the server gets its own: a migrated SQLite file in a temporary
TANDEM_HOME, or — when the suite runs on PostgreSQL — a fresh database created on the same
server and dropped afterwards.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

TANDEM = str(Path(sys.executable).with_name("tandem"))
# What `tandem serve` runs (waitress, WhiteNoise, tandem.wsgi), without its collectstatic: that
# compresses every static file again on each start (over a minute on a busy 2-core machine),
# and these tests send API requests only.
WAITRESS = [sys.executable, "-m", "waitress", "--ident=Tandem"]
APP = "tandem.wsgi:application"

# Runs inside the server's installation: one unit, a business lead's token, an initiative with an
# estimate. Prints their ids and the token as JSON on the last line.
SEED = """
import json
from tandem.accounts.choices import Role
from tandem.accounts.services import token_create, user_role_set
from django.contrib.auth import get_user_model
from tandem.organization.models import BusinessUnit, Person, Team
from tandem.portfolio.models import EffortEstimate, Initiative

unit = BusinessUnit.objects.create(name="Finance", code="FIN")
user = get_user_model().objects.create_user("portfolio", password="unused-password-1")
user_role_set(user=user, role=Role.PORTFOLIO_OFFICE)
Person.objects.create(name="Pat", email="pat@tandem.example", user=user, unit=unit)
initiative = Initiative.objects.create(title="Shared", requesting_unit=unit, kind="run")
team = Team.objects.create(name="Data platform")
estimate = EffortEstimate.objects.create(
    initiative=initiative, team=team, low=1, likely=2, high=3
)
print(json.dumps({
    "initiative": initiative.pk,
    "estimate": estimate.pk,
    "token": token_create(username="portfolio")[1],
}))
"""

HISTORY = """
import json
from django.apps import apps
model = apps.get_model({model!r})
rows = model.history.filter(id={pk}).order_by("history_id").values_list(
    "history_type", "version", {field!r}
)
print(json.dumps([[kind, version, str(value)] for kind, version, value in rows]))
"""


@dataclass
class Server:
    """A running server: its base URL, the seeded ids and token, and how to query its database."""

    url: str
    ids: dict[str, Any]
    token: str
    env: dict[str, str]
    log: Path

    def history(self, model: str, pk: int, field: str) -> list[list[Any]]:
        """(history_type, version, value of `field`) of each history row of one object."""
        code = HISTORY.format(model=model, pk=pk, field=field)
        return json.loads(_tandem("shell", "-c", code, env=self.env).splitlines()[-1])

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
        """Send one request with the bearer token; (status, decoded JSON or text)."""
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(  # noqa: S310 (http://127.0.0.1 only)
            self.url + path,
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                return response.status, _decode(response.read())
        except urllib.error.HTTPError as err:
            return err.code, _decode(err.read())


def _decode(raw: bytes) -> Any:
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def _tandem(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run(
        [TANDEM, *args], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, f"tandem {args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _database() -> Iterator[str | None]:
    """None for a SQLite file under TANDEM_HOME, or the URL of a fresh PostgreSQL database."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        yield None
        return
    import psycopg

    name = f"tandem_concurrency_{uuid.uuid4().hex[:12]}"
    params = {
        "host": db.get("HOST") or "localhost",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        auth = params["user"] or ""
        if params["password"]:
            auth += f":{params['password']}"
        yield f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def running_server(threads: int = 16) -> Iterator[Server]:
    """Migrate and seed a fresh installation, serve it, and stop it afterwards."""
    with tempfile.TemporaryDirectory(prefix="tandem-serve-") as home, _database() as url:
        env = {**os.environ, "TANDEM_HOME": home, "DEBUG": "false"}
        env["API_RATE_LIMIT"] = "1000000/m"  # 16 clients on one token: measure edits, not 429s
        env.pop("DATABASE_URL", None)
        if url:
            env["DATABASE_URL"] = url
        _tandem("migrate", "--no-input", env=env)
        seeded = json.loads(_tandem("shell", "-c", SEED, env=env).splitlines()[-1])
        port = _free_port()
        log = Path(home) / "serve.log"
        with log.open("w") as out:
            process = subprocess.Popen(
                [*WAITRESS, f"--listen=127.0.0.1:{port}", f"--threads={threads}", APP],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        server = Server(
            url=f"http://127.0.0.1:{port}",
            ids=seeded,
            token=seeded["token"],
            env=env,
            log=log,
        )
        try:
            _wait_until_up(server, process)
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"tandem serve exited:\n{server.log.read_text()}")
        try:
            with urllib.request.urlopen(server.url + "/api/health", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"tandem serve did not answer within 60 s:\n{server.log.read_text()}")
