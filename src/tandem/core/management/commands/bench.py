"""`tandem bench SUITE [ARGS...]`: run a benchmark suite from the repository's bench/ folder."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


def bench_dir() -> Path:
    """bench/ beside the source tree, or TANDEM_BENCH_DIR."""
    if os.environ.get("TANDEM_BENCH_DIR"):
        return Path(os.environ["TANDEM_BENCH_DIR"])
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "bench").is_dir() and (parent / "pyproject.toml").is_file():
            return parent / "bench"
    return Path.cwd() / "bench"


# Suites whose name would shadow a standard-library module if it were a file name: bench/ is
# the first entry of sys.path for the scripts and locustfile run from it ("select" broke
# `selectors`, which subprocess and locust import).
FILE_OF_SUITE = {"select": "selection"}


def suites() -> dict[str, Path]:
    """Every suite: bench/<name>.py with a `main(argv) -> int` function."""
    named = {file: suite for suite, file in FILE_OF_SUITE.items()}
    return {
        named.get(p.stem, p.stem): p
        for p in sorted(bench_dir().glob("*.py"))
        if not p.stem.startswith("_")
    }


class Command(BaseCommand):
    help = (
        "Run a benchmark suite from bench/ (timings live only there). "
        "'tandem bench --list' lists the suites; 'tandem bench SUITE --help' explains one."
    )

    def add_arguments(self, parser):
        parser.add_argument("suite", nargs="?", help="The suite to run, e.g. load or fuzz.")
        parser.add_argument("args", nargs="*", help="Arguments passed to the suite.")
        parser.add_argument("--list", action="store_true", help="List the suites and exit.")

    def run_from_argv(self, argv):
        # Pass everything after the suite name through untouched (including --flags).
        if len(argv) > 2 and not argv[2].startswith("-"):
            self._passthrough = argv[3:]
            argv = argv[:3]
        else:
            self._passthrough = None
        return super().run_from_argv(argv)

    def handle(self, *args, **opts):
        available = suites()
        if opts["list"] or not opts["suite"]:
            for name, path in available.items():
                doc = (path.read_text().split('"""')[1:2] or [""])[0].strip().splitlines()
                self.stdout.write(f"{name:12} {doc[0] if doc else ''}")
            return
        if opts["suite"] not in available:
            raise CommandError(
                f"No suite {opts['suite']!r} in {bench_dir()}; try: {', '.join(available)}"
            )
        spec = importlib.util.spec_from_file_location(
            f"bench_{opts['suite']}", available[opts["suite"]]
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        argv = self._passthrough if self._passthrough is not None else opts["args"]
        status = module.main(list(argv))
        if status:
            raise CommandError(f"Suite {opts['suite']} failed (exit {status}).")
