"""Load: a large demo company behind gunicorn, a mixed locust workload, latency per kind.

`tandem bench load [--database sqlite|postgres|URL] [--duration 60] [--users 30] ...`

1. A throw-away installation: a temporary TANDEM_HOME and, for PostgreSQL, a private database
   (created and dropped with psycopg on the server of --database, or 127.0.0.1:5432).
2. `tandem demo --no-serve --size large` (about 900 initiatives, 450 IT people), then
   bench/_seed.py: 500 sign-in users with roles, API tokens, the ids locust picks from;
   `tandem collectstatic`.
3. gunicorn (`tandem.wsgi:application`, --workers x --threads) on a free loopback port, with
   the API rate limit lifted; waits for /api/health.
4. locust headless with bench/locustfile.py: page users (session login, then pages),
   API readers (bearer tokens) and writers (PATCH with the current version, POST status
   updates), at a fixed offered rate (--rate requests/s in all) for --duration seconds
   after every user has spawned and signed in.
5. A table per kind (page, api-read, write; login apart): requests, req/s, p50/p95/p99,
   errors; the goals met or MISSED; how often the server log says "database is locked".

A measurement: the exit status is 0 even when a goal is missed (non-zero only when the
bench itself could not run).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
KINDS = ("page", "api-read", "write")
GOAL_RATE = 50.0  # requests/s in all
GOAL_P95_MS = {"page": 250.0, "api-read": 150.0, "write": 400.0}
# The server gets limits no bench could reach: the bench measures speed, not throttling.
UNLIMITED = {
    "API_RATE_LIMIT": "1000000/m",
    "API_ANON_RATE_LIMIT": "1000000/m",
    "AXES_FAILURE_LIMIT": "1000000",
}


def say(text: str = "") -> None:
    """Report on stdout, at once (a bench is a command-line report)."""
    print(text, flush=True)  # noqa: T201


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="tandem bench load",
        description="Seed a large company, serve it with gunicorn and drive a mixed locust "
        "workload; report throughput and p50/p95/p99 per kind against the goals.",
    )
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite (default), postgres (a private database on 127.0.0.1:5432), or a "
        "postgresql:// URL naming the server to create the private database on.",
    )
    parser.add_argument("--duration", type=int, default=60, help="Seconds measured (default 60).")
    parser.add_argument(
        "--users", type=int, default=30, help="Concurrent simulated users (default 30)."
    )
    parser.add_argument(
        "--rate",
        type=float,
        default=60.0,
        help="Offered load in requests/s over all users (default 60; 0: as fast as they can).",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help=(
            "gunicorn workers (default: four per core). One thread each by default: on "
            "PostgreSQL, threads of one process wait for each other's GIL after every query "
            "(2 x 4 threads: p50 165-380 ms with the CPU 25%% idle; 8 x 1: p50 39 ms)."
        ),
    )
    parser.add_argument("--threads", type=int, default=1, help="Threads per worker (default 1).")
    parser.add_argument(
        "--app-users", type=int, default=500, help="Django users to seed in all (default 500)."
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="Keep the installation (TANDEM_HOME, database, logs, samples) and print where.",
    )
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    home = Path(tempfile.mkdtemp(prefix="tandem-load-"))
    database = Database(args.database, home)
    server = None
    try:
        database.create()
        env = child_env(home, database.url)
        seed(env, home, args)
        workers = args.workers or 4 * (os.cpu_count() or 2)
        server, url = start_server(env, home, workers, args.threads)
        say(f"gunicorn: {workers} workers x {args.threads} threads at {url}")
        cpu_before, load_before = server_cpu(server), os.getloadavg()[0]
        samples = run_locust(env, home, url, args)
        cpu = server_cpu(server) - cpu_before
        machine = f"load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
        stop_server(server)
        server = None
        locked = (home / "server.log").read_text(errors="replace").count("database is locked")
        say()
        say(
            f"Load on {database.kind}: {args.users} users, offered {args.rate or 'max'} req/s, "
            f"{args.duration} s measured, {workers} workers x {args.threads} threads"
        )
        say(report(samples, locked))
        requests = len(samples["all"])
        say(
            f"Server CPU: {cpu:.1f} s for {requests} requests (sign-ins included), "
            f"{1000 * cpu / max(1, requests):.1f} ms each; machine: {machine} (2 cores: "
            "above 2 means other work competed with the bench)"
        )
        summary = summarise(samples, locked)
        summary["server_cpu_ms_per_request"] = 1000 * cpu / max(1, requests)
        summary["machine"] = machine
        (home / "summary.json").write_text(json.dumps(summary, indent=2))
    finally:
        if server is not None:
            stop_server(server)
        if args.keep:
            say(f"Kept: {home}" + (f" and {database.url}" if database.kind != "sqlite" else ""))
        else:
            database.drop()
            shutil.rmtree(home, ignore_errors=True)
    return 0


#
# The installation
#


class Database:
    """SQLite in TANDEM_HOME, or a private PostgreSQL database created and dropped here."""

    def __init__(self, spec: str, home: Path) -> None:
        self.kind = "sqlite" if spec == "sqlite" else "postgresql"
        self.server = DEFAULT_POSTGRES if spec in ("postgres", "postgresql") else spec
        self.name = f"tandem_load_{secrets.token_hex(4)}"
        self.url = "" if self.kind == "sqlite" else self._url_for(self.name)
        self.created = False
        if self.kind != "sqlite" and urlsplit(spec).scheme not in ("", "postgres", "postgresql"):
            raise SystemExit(f"--database: sqlite, postgres or a postgresql:// URL, not {spec!r}")

    def _url_for(self, name: str) -> str:
        parts = urlsplit(self.server)
        return urlunsplit(("postgresql", parts.netloc, f"/{name}", "", ""))

    def _admin(self):
        import psycopg

        return psycopg.connect(
            self.server.replace("postgresql://", "postgres://", 1), autocommit=True
        )

    def create(self) -> None:
        if self.kind == "sqlite":
            return
        with self._admin() as conn:
            conn.execute(f'CREATE DATABASE "{self.name}"')
        self.created = True

    def drop(self) -> None:
        if not self.created:
            return
        with self._admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def child_env(home: Path, database_url: str) -> dict[str, str]:
    """The environment of every process of the installation (seeding, server)."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        TANDEM_HOME=str(home),
        DEBUG="false",
        LOG_LEVEL="WARNING",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        PYTHONUNBUFFERED="1",
        **UNLIMITED,
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def run(cmd: list[str], env: dict[str, str], log: Path) -> None:
    """Run `cmd`, appending its output to `log`; stop the bench if it fails."""
    with log.open("a") as out:
        out.write(f"$ {' '.join(cmd)}\n")
        out.flush()
        status = subprocess.run(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, check=False)  # noqa: S603
    if status.returncode:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
        raise SystemExit(f"{cmd[0]} failed (exit {status.returncode}):\n{tail}")


def seed(env: dict[str, str], home: Path, args: argparse.Namespace) -> None:
    """The large demo, the bench's users and tokens, the static files."""
    log = home / "seed.log"
    started = time.perf_counter()
    tandem = str(BIN / "tandem")
    run([tandem, "demo", "--no-serve", "--size", "large"], env, log)
    run(
        [
            sys.executable,
            str(BENCH / "_seed.py"),
            "--users",
            str(args.app_users),
            "--out",
            str(home / "load.json"),
        ],
        env,
        log,
    )
    run([tandem, "collectstatic", "--noinput", "-v0"], env, log)
    seeded = [
        line for line in log.read_text().splitlines() if line.startswith(("Loaded", "Seeded"))
    ]
    say("\n".join(seeded))
    say(f"Seeded in {time.perf_counter() - started:.0f} s ({home})")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: dict[str, str], home: Path, workers: int, threads: int):
    """gunicorn on a free loopback port; returns the process and its URL once healthy."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = (home / "server.log").open("a")
    cmd = [
        str(BIN / "gunicorn"),
        "tandem.wsgi:application",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "60",
    ]
    process = subprocess.Popen(  # noqa: S603
        cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}); see {home / 'server.log'}")
        try:
            with urllib.request.urlopen(f"{url}/api/health", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return process, url
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"gunicorn did not answer /api/health within 60 s; see {home / 'server.log'}")


def stop_server(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_cpu(process: subprocess.Popen) -> float:
    """CPU seconds used so far by gunicorn and its workers."""
    import psutil  # installed with locust

    total = 0.0
    try:
        parent = psutil.Process(process.pid)
        for proc in [parent, *parent.children(recursive=True)]:
            times = proc.cpu_times()
            total += times.user + times.system
    except psutil.Error:
        pass
    return total


def run_locust(env: dict[str, str], home: Path, url: str, args: argparse.Namespace) -> dict:
    """Locust headless; the samples it recorded, measured part only."""
    spawn_rate = max(5.0, args.users / 5)
    ramp = args.users / spawn_rate + 5  # everyone spawned and signed in
    samples_file = home / "samples.json"
    locust_env = {
        **env,
        "TANDEM_LOAD_DATA": str(home / "load.json"),
        "TANDEM_LOAD_SAMPLES": str(samples_file),
        "TANDEM_LOAD_RATE": str(args.rate),
        "TANDEM_LOAD_USERS": str(args.users),
    }
    cmd = [
        str(BIN / "locust"),
        "-f",
        str(BENCH / "locustfile.py"),
        "--headless",
        "-u",
        str(args.users),
        "-r",
        str(spawn_rate),
        "-t",
        f"{int(ramp + args.duration)}s",
        "--host",
        url,
        "--csv",
        str(home / "locust"),
        "--only-summary",
        "--stop-timeout",
        "5",
        "--exit-code-on-error",
        "0",
    ]
    say(f"locust: {args.users} users, {int(ramp)} s ramp, {args.duration} s measured …")
    run(cmd, locust_env, home / "locust.log")
    recorded = json.loads(samples_file.read_text())
    rows = recorded["samples"]
    if not rows:
        raise SystemExit(f"locust recorded no requests; see {home / 'locust.log'}")
    # Measure from a little after the last user spawned and the last sign-in: password
    # hashing makes sign-ins slow, and the queue they build is not steady use.
    logins = [r[0] for r in rows if r[1].startswith("login")]
    start = max([recorded["marks"].get("spawned", rows[0][0]), *logins]) + 2
    return {
        "measured": [r for r in rows if r[0] >= start and not r[1].startswith("login")],
        "login": [r for r in rows if r[1].startswith("login")],
        "warmup": sum(1 for r in rows if r[0] < start and not r[1].startswith("login")),
        "all": rows,
    }


#
# The report
#


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of `values`; 0 for none."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _stats(rows: list, seconds: float) -> dict:
    times = [r[2] for r in rows]
    errors = [r for r in rows if not r[3]]
    return {
        "requests": len(rows),
        "rps": len(rows) / seconds if seconds else 0.0,
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "p99": percentile(times, 99),
        "errors": len(errors),
        "first_error": errors[0][4] if errors else "",
    }


def summarise(samples: dict, locked: int) -> dict:
    """Stats per kind, per endpoint and in all, and the goals."""
    rows = samples["measured"]
    seconds = (max(r[0] for r in rows) - min(r[0] for r in rows)) if len(rows) > 1 else 0.0
    kinds = {
        kind: _stats([r for r in rows if r[1].startswith(kind + ":")], seconds) for kind in KINDS
    }
    names = sorted({r[1] for r in rows})
    endpoints = {name: _stats([r for r in rows if r[1] == name], seconds) for name in names}
    total = _stats(rows, seconds)
    login = _stats(samples["login"], seconds)
    goals = {"throughput": total["rps"] >= GOAL_RATE}
    goals.update({f"{k} p95": kinds[k]["p95"] < GOAL_P95_MS[k] for k in KINDS})
    goals["no errors"] = total["errors"] == 0 and login["errors"] == 0
    goals["no 'database is locked'"] = locked == 0
    return {
        "seconds": seconds,
        "kinds": kinds,
        "endpoints": endpoints,
        "total": total,
        "login": login,
        "locked": locked,
        "warmup_requests": samples["warmup"],
        "goals": goals,
    }


def report(samples: dict, locked: int) -> str:
    summary = summarise(samples, locked)
    columns = ("requests", "req/s", "p50 ms", "p95 ms", "p99 ms")
    head = f"{'':38} {columns[0]:>8} " + " ".join(f"{c:>7}" for c in columns[1:]) + " errors"

    def line(name: str, s: dict) -> str:
        return (
            f"{name:38} {s['requests']:>8} {s['rps']:>7.1f} {s['p50']:>7.0f} {s['p95']:>7.0f}"
            f" {s['p99']:>7.0f} {s['errors']:>6}"
        )

    out = ["Per endpoint", head]
    out += [line(name, s) for name, s in summary["endpoints"].items()]
    out += ["", "Per kind", head]
    out += [line(kind, summary["kinds"][kind]) for kind in KINDS]
    out.append(line("total", summary["total"]))
    out.append(line("login (not in the totals)", summary["login"]))
    out.append(
        f"\nMeasured {summary['seconds']:.0f} s after warm-up ({summary['warmup_requests']} "
        f"warm-up requests left out); 'database is locked' in the server log: {locked}"
    )
    for s in (summary["total"], summary["login"]):
        if s["first_error"]:
            out.append(f"First error: {s['first_error']}")
    targets = {
        "throughput": f">= {GOAL_RATE:.0f} req/s (got {summary['total']['rps']:.1f})",
        **{
            f"{k} p95": f"< {GOAL_P95_MS[k]:.0f} ms (got {summary['kinds'][k]['p95']:.0f})"
            for k in KINDS
        },
        "no errors": f"(got {summary['total']['errors'] + summary['login']['errors']})",
        "no 'database is locked'": f"(got {locked})",
    }
    out.append("\nGoals")
    for goal, met in summary["goals"].items():
        out.append(f"  {'met   ' if met else 'MISSED'}  {goal} {targets[goal]}")
    if not all(summary["goals"].values()):
        out.append("MISSED: at least one goal was not met.")
    return "\n".join(out)
