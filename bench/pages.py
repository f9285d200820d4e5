"""Pages: server time per request of the load mix, measured in process on the large demo.

`tandem bench pages [--database sqlite|postgres|URL] [--home DIR] [--repeat 9] [--keep] ...`

1. The installation of `tandem bench load` (bench/load.py: a temporary TANDEM_HOME, for
   PostgreSQL a private database; `tandem demo --size large`; bench/_seed.py), or the one
   kept in --home by an earlier `--keep` run (seeding takes minutes; measuring, seconds).
2. bench/_pages.py in that installation's environment: Django's test client, signed in as a
   user of --role (a viewer, like most of the 500), and the bench's API tokens, requests every
   URL of bench/locustfile.py's mix: one warm-up pass (the plans are remembered per data
   stamp, as in a running server), then --repeat timed passes with the same seeded ids.
3. A table per endpoint (median wall and CPU ms of this process, bytes), and the CPU per
   request weighted like the load mix (user classes and task weights of the locustfile).

`--profile NAME` adds cProfile's top functions for the endpoints whose name contains NAME;
`--bodies DIR` writes each URL's first answer (CSRF tokens blanked) to DIR, to compare two
versions of the code; `--no-writes` leaves the data unchanged (the writes run last).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RECORD = "pages-installation.json"


def _load_bench():
    """bench/load.py (installation helpers), imported by path like `tandem bench` does."""
    spec = importlib.util.spec_from_file_location("bench_load_helpers", BENCH / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def say(text: str = "") -> None:
    print(text, flush=True)  # noqa: T201


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="tandem bench pages", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--database",
        default="sqlite",
        help="sqlite (default), postgres (a private database on 127.0.0.1:5432), or a "
        "postgresql:// URL naming the server to create it on. Ignored with --home.",
    )
    parser.add_argument(
        "--home",
        type=Path,
        default=None,
        help="Reuse the installation an earlier run kept there (--keep), or seed it there.",
    )
    parser.add_argument("--repeat", type=int, default=9, help="Timed passes (default 9).")
    parser.add_argument("--seed", type=int, default=11, help="Seed of the ids asked (default 11).")
    parser.add_argument(
        "--role",
        default="viewer",
        help="Role of the signed-in page user (default viewer; admin, portfolio, IT, business).",
    )
    parser.add_argument("--app-users", type=int, default=500, help="Users to seed (default 500).")
    parser.add_argument("--keep", action="store_true", help="Keep the installation and say where.")
    parser.add_argument("--no-writes", action="store_true", help="Skip the writes of the mix.")
    parser.add_argument("--profile", default="", help="cProfile the endpoints matching NAME.")
    parser.add_argument("--bodies", type=Path, default=None, help="Write each answer to DIR.")
    parser.add_argument("--skip", default="", help="Leave out the tasks whose name has SKIP.")
    parser.add_argument("--json", action="store_true", help="Print one JSON object only.")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    load = _load_bench()
    reuse = args.home is not None and (args.home / RECORD).is_file()
    home = args.home or Path(tempfile.mkdtemp(prefix="tandem-pages-"))
    home.mkdir(parents=True, exist_ok=True)
    keep = args.keep or args.home is not None
    database = None
    try:
        if reuse:
            url = json.loads((home / RECORD).read_text())["database_url"]
        else:
            database = load.Database(args.database, home)
            database.create()
            url = database.url
            load.seed(load.child_env(home, url), home, args)
            (home / RECORD).write_text(json.dumps({"database_url": url}))
        env = load.child_env(home, url)
        result = _measure(env, home, args)
    finally:
        if keep:
            if not args.json:
                say(f"Kept: {home} (reuse with --home {home})")
        else:
            if database is not None:
                database.drop()
            shutil.rmtree(home, ignore_errors=True)
    if args.json:
        say(json.dumps(result))
    else:
        say(report(result, "postgresql" if url else "sqlite"))
    return 0


def _measure(env: dict[str, str], home: Path, args: argparse.Namespace) -> dict:
    cmd = [
        sys.executable,
        str(BENCH / "_pages.py"),
        "--data",
        str(home / "load.json"),
        "--repeat",
        str(args.repeat),
        "--seed",
        str(args.seed),
        "--role",
        args.role,
    ]
    if args.no_writes:
        cmd.append("--no-writes")
    if args.profile:
        cmd += ["--profile", args.profile]
    if args.bodies:
        cmd += ["--bodies", str(args.bodies.resolve())]
    if args.skip:
        cmd += ["--skip", args.skip]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode:
        raise SystemExit(f"bench/_pages.py failed ({done.returncode}):\n{done.stderr[-4000:]}")
    if done.stderr.strip() and not args.json:
        say(done.stderr.rstrip())
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(result: dict, kind: str) -> str:
    head = f"{'':44} {'wall ms':>8} {'cpu ms':>8} {'KB':>7} {'share %':>8}"
    out = [
        f"In-process time per request on {kind} ({result['repeat']} timed passes, medians; "
        f"signed in as a {result['role']})",
        head,
    ]
    for name, row in result["endpoints"].items():
        out.append(
            f"{name:44} {row['wall_ms']:>8.1f} {row['cpu_ms']:>8.1f} {row['bytes'] / 1024:>7.0f}"
            f" {100 * row['cpu_share']:>8.1f}"
        )
    mix = result["mix"]
    out.append(
        f"\nWeighted like the load mix: {mix['cpu_ms_per_request']:.1f} ms CPU and "
        f"{mix['wall_ms_per_request']:.1f} ms wall per request "
        f"(pages {mix['kinds']['page']:.1f}, API reads {mix['kinds']['api-read']:.1f}, "
        f"writes {mix['kinds']['write']:.1f} ms CPU)"
    )
    if result.get("profile"):
        out += ["", result["profile"]]
    return "\n".join(out)
