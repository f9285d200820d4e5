"""API fuzzing: schemathesis over /api/openapi.json, many cases per operation, on a test database.

    tandem bench fuzz --examples 200

Creates a throwaway test database (Django's test-database machinery, so the installation's own
data is never touched), seeds a unit, a team, a goal and initiatives with children, and fuzzes
every operation in-process as the portfolio office and as a business lead: positive and
negative cases, half of them aimed at the seeded ids. Checks: no 5xx, every status documented,
content type and body as the schema says. Prints the operations, cases and failures (and each
failure with a curl line); exit status 1 when any failure was found. Needs the dev extras
(schemathesis, hypothesis, factory_boy) and the repository's tests/ package.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

UNLIMITED = "1000000/m"  # the API's rate limit would answer most cases with 429


def _say(text: str) -> None:
    print(text, flush=True)  # noqa: T201


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tandem bench fuzz", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--examples", type=int, default=200, help="Cases per operation and role (default 200)."
    )
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.contract.fuzzing
    from django.test.utils import (
        override_settings,
        setup_databases,
        setup_test_environment,
        teardown_databases,
        teardown_test_environment,
    )
    from tests.contract.fuzzing import fuzz, load_schema, roles_seed, seed

    setup_test_environment()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        ids = seed()
        from tandem.organization.models import BusinessUnit

        roles = roles_seed(BusinessUnit.objects.get(pk=ids["unit_id"]))
        started = time.perf_counter()
        with override_settings(API_RATE_LIMIT=UNLIMITED, API_ANON_RATE_LIMIT=UNLIMITED):
            report = fuzz(load_schema(), roles=roles, ids=ids, examples=args.examples)
        seconds = time.perf_counter() - started
    finally:
        teardown_databases(databases, verbosity=0)
        teardown_test_environment()
    for title, detail in report.failures.items():
        _say(f"FAILURE {title}\n{detail}\n")
    _say(report.summary())
    _say(f"{report.cases / seconds:.1f} cases/s over {seconds:.1f} s")
    return 1 if report.failures else 0
