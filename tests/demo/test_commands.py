"""`tandem demo` and `tandem serve` as people run them."""

import contextlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tandem.organization.models import Person
from tandem.portfolio.models import Initiative

TANDEM = str(Path(sys.executable).with_name("tandem"))


def _env(home: Path) -> dict[str, str]:
    env = {**os.environ, "TANDEM_HOME": str(home)}
    env.pop("DATABASE_URL", None)  # a private SQLite database in the temporary home
    return env


@pytest.mark.django_db
def test_demo_command_twice_does_not_duplicate():
    """A second `tandem demo --no-serve` says the data exists and loads nothing."""
    first = StringIO()
    call_command("demo", "--no-serve", stdout=first)
    counts = (Initiative.objects.count(), Person.objects.count())
    second = StringIO()
    call_command("demo", "--no-serve", stdout=second)
    assert (Initiative.objects.count(), Person.objects.count()) == counts
    assert "Loaded in" in first.getvalue()
    assert "Demo data already exists" in second.getvalue()
    assert "business2  tandem-demo" in second.getvalue()


@pytest.mark.parametrize(
    ("command", "option"), [("demo", "--reset"), ("serve", "--threads"), ("serve", "--no-worker")]
)
def test_command_help_describes_the_options(command, option, tmp_path):
    """`tandem demo --help` and `tandem serve --help` work and list their options."""
    done = subprocess.run(
        [TANDEM, command, "--help"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert option in done.stdout


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(env: dict[str, str], port: int, **streams) -> subprocess.Popen:
    """`tandem serve` on `port`, in the background, its output where `streams` say."""
    return subprocess.Popen([TANDEM, "serve", "--port", str(port)], env=env, text=True, **streams)


def _get_json(url: str, deadline: float) -> dict:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 - local URL
                return json.load(answer)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_serve_answers_health_with_the_demo_loaded_and_runs_background_jobs(tmp_path):
    """`tandem serve` on a home with the demo answers /api/health, runs a queued forecast in
    its background worker, and stops (worker included) on SIGTERM."""
    env = _env(tmp_path)
    loaded = subprocess.run(
        [TANDEM, "demo", "--no-serve"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    port = _free_port()
    server = _serve(env, port, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        health = _get_json(f"http://127.0.0.1:{port}/api/health", time.monotonic() + 30)
        job = _queue_forecast(env)
        status = _wait_for_job(tmp_path / "tandem.sqlite3", job, time.monotonic() + 120)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert health["status"] == "ok"
    assert health["database"] == "ok"
    assert status == "done", (tmp_path / "worker.log").read_text(errors="replace")
    assert f"http://127.0.0.1:{port}/" in out
    assert "A background worker runs the long jobs" in out
    assert server.returncode == 0, err
    assert "Stopped." in out
    assert not _processes_with(str(tmp_path))  # the worker stopped with the server


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal: Linux")
def test_the_worker_stops_when_the_server_is_killed_outright(tmp_path):
    """SIGKILL to `tandem serve` alone (not its process group) leaves no worker behind."""
    env = _env(tmp_path)
    migrated = subprocess.run(
        [TANDEM, "migrate", "-v0"], env=env, capture_output=True, text=True, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    port = _free_port()
    server = _serve(env, port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _get_json(f"http://127.0.0.1:{port}/api/health", time.monotonic() + 30)
        assert any("db_worker" in line for line in _processes_with(str(tmp_path)))
    finally:
        server.kill()
        server.wait(timeout=30)
    deadline = time.monotonic() + 20
    while _processes_with(str(tmp_path)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _processes_with(str(tmp_path))


def _queue_forecast(env: dict[str, str]) -> int:
    """Queue a 50-run forecast job as a user would through the API's service; its id."""
    code = (
        "from tandem.operations import job_services as j; "
        "print(j.plan_job_request(kind='forecast', by=None, params={'runs': 50})[0].pk)"
    )
    done = subprocess.run(
        [TANDEM, "shell", "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


def _wait_for_job(database: Path, job: int, deadline: float) -> str:
    """The job's status once it is done or failed (or at the deadline)."""
    while True:
        with contextlib.closing(sqlite3.connect(database, timeout=30)) as conn:
            (status,) = conn.execute(
                "SELECT status FROM operations_planjob WHERE id = ?", (job,)
            ).fetchone()
        if status in ("done", "failed") or time.monotonic() > deadline:
            return status
        time.sleep(0.3)


def _processes_with(text: str) -> list[str]:
    """Command lines of running processes whose environment or arguments mention `text`."""
    found = []
    for proc in Path("/proc").iterdir():
        with contextlib.suppress(OSError):
            if proc.name.isdigit() and text.encode() in (proc / "environ").read_bytes():
                state = (proc / "stat").read_text().split()[2]
                if state != "Z":
                    found.append((proc / "cmdline").read_bytes().decode(errors="replace"))
    return found
