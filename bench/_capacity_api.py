"""Time GET /api/capacity on the installation of TANDEM_HOME (run by bench/capacity.py).

    python bench/_capacity_api.py --requests 30

Signs a viewer's token, warms up with three requests, then times `--requests` requests through
Django's full request handling (middleware, token check, rate limit, the engine, JSON) in
this process, and prints one JSON line: p50_ms, p95_ms, runs_ms.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import time


def _check(answer) -> None:
    if answer.status_code != 200:
        raise SystemExit(f"/api/capacity answered {answer.status_code}: {answer.content[:200]!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    import django

    django.setup()
    from django.test import Client

    from tandem.accounts.services import token_create

    _, raw = token_create(username="viewer", name="capacity bench")
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    for _ in range(3):
        _check(client.get("/api/capacity"))
    runs = []
    for _ in range(args.requests):
        started = time.perf_counter()
        answer = client.get("/api/capacity")
        runs.append((time.perf_counter() - started) * 1000)
        _check(answer)
    ordered = sorted(runs)
    print(  # noqa: T201
        json.dumps(
            {
                "p50_ms": round(statistics.median(runs), 1),
                "p95_ms": round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)], 1),
                "runs_ms": [round(r, 1) for r in runs],
                "bytes": len(answer.content),
            }
        )
    )


if __name__ == "__main__":
    main()
