"""Time the load mix's requests in this process (run by bench/pages.py).

    python bench/_pages.py --data load.json --repeat 9

Run inside the bench installation's environment (TANDEM_HOME / DATABASE_URL). The tasks
below mirror bench/locustfile.py (user classes, task weights, the URLs each task asks, with
ids from bench/_seed.py's load.json picked by a seeded generator): one warm-up pass, then
--repeat timed passes, each request timed through Django's whole request handling (test
client: middleware, session or token, view or API, template, JSON). Prints one JSON line.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

# (kind, name, path, htmx) per request; a task is a function of the generator giving them.
Request = tuple[str, str, str, bool]
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=|name="csrf-token" content=)"[^"]+"')


def page_tasks(ids: dict[str, list[int]]) -> list[tuple[int, str, Any]]:
    """The PageUser's tasks of bench/locustfile.py: (weight, name, requests(rng))."""

    def pick(rng: random.Random, kind: str) -> int:
        return rng.choice(ids[kind])

    def one(name: str, path: Any, htmx: bool = False) -> Any:
        return lambda rng: [("page", name, path(rng) if callable(path) else path, htmx)]

    def filtered(rng: random.Random) -> list[Request]:
        query = rng.choice(
            [
                f"?unit={pick(rng, 'unit')}&sort=-budget",
                "?state=in_progress&state=approved&sort=planned_start",
                "?q=data&sort=-updated",
                f"?goal={pick(rng, 'goal')}",
                f"?team={pick(rng, 'team')}&sort=unit",
                f"?page={rng.randint(2, 30)}",
            ]
        )
        return [("page", "initiative_list filtered", f"/portfolio/{query}", rng.random() < 0.5)]

    def detail(rng: random.Random) -> list[Request]:
        pk = pick(rng, "initiative")
        return [
            ("page", "initiative_detail", f"/portfolio/{pk}/", False),
            ("page", "initiative_plan card", f"/roadmap/initiatives/{pk}/", True),
            ("page", "initiative_impact card", f"/capacity/impact/{pk}/", True),
        ]

    return [
        (3, "dashboard", one("dashboard", "/")),
        (2, "initiative_list", one("initiative_list", "/portfolio/")),
        (4, "initiative_list filtered", filtered),
        (6, "initiative_detail", detail),
        (
            1,
            "capacity_overview",
            one(
                "capacity_overview",
                lambda r: "/capacity/" + r.choice(["", "?grain=month", "?grain=quarter"]),
            ),
        ),
        (1, "capacity_team", one("capacity_team", lambda r: f"/capacity/teams/{pick(r, 'team')}/")),
        (
            1,
            "roadmap",
            one("roadmap_overview", lambda r: "/roadmap/" + r.choice(["", "?group=goal"])),
        ),
        (1, "priorities", one("prioritization_ranking", "/prioritization/")),
        (
            1,
            "initiative_scores",
            one(
                "initiative_scores",
                lambda r: f"/prioritization/initiatives/{pick(r, 'initiative')}/scores/",
            ),
        ),
        (1, "unit_list", one("unit_list", "/organization/units/")),
        (1, "unit_detail", one("unit_detail", lambda r: f"/organization/units/{pick(r, 'unit')}/")),
        (1, "team_list", one("team_list", "/organization/teams/")),
        (1, "team_detail", one("team_detail", lambda r: f"/organization/teams/{pick(r, 'team')}/")),
        (
            1,
            "person_list",
            one(
                "person_list",
                lambda r: (
                    "/organization/people/" + r.choice(["", "?q=an", f"?page={r.randint(2, 8)}"])
                ),
            ),
        ),
        (
            1,
            "person_detail",
            one("person_detail", lambda r: f"/organization/people/{pick(r, 'person')}/"),
        ),
        (1, "goal_list", one("goal_list", "/strategy/goals/")),
        (1, "goal_detail", one("goal_detail", lambda r: f"/strategy/goals/{pick(r, 'goal')}/")),
    ]


def api_tasks(ids: dict[str, list[int]]) -> list[tuple[int, str, Any]]:
    """The ApiReader's tasks of bench/locustfile.py."""

    def pick(rng: random.Random, kind: str) -> int:
        return rng.choice(ids[kind])

    def read(name: str, path: Any) -> Any:
        return lambda rng: [
            ("api-read", name, "/api" + (path(rng) if callable(path) else path), False)
        ]

    def initiative_list(rng: random.Random) -> str:
        return "/initiatives" + rng.choice(
            [
                "?limit=50",
                f"?unit={pick(rng, 'unit')}&limit=100&sort=-budget",
                "?state=in_progress&limit=50&offset=50",
                f"?goal={pick(rng, 'goal')}&limit=25",
                f"?team={pick(rng, 'team')}&sort=planned_start",
                f"?limit=100&offset={rng.randint(0, 800)}",
            ]
        )

    def org_lists(rng: random.Random) -> list[Request]:
        path, name = rng.choice(
            [
                ("/units", "unit_list"),
                ("/teams?limit=100", "team_list"),
                (f"/people?limit=100&offset={rng.randint(0, 500)}", "person_list"),
                (f"/people?team={pick(rng, 'team')}", "person_list"),
                ("/goals", "goal_list"),
            ]
        )
        return [("api-read", name, "/api" + path, False)]

    def org_get(rng: random.Random) -> list[Request]:
        kind, path = rng.choice(
            [("unit", "units"), ("team", "teams"), ("person", "people"), ("goal", "goals")]
        )
        return [("api-read", f"{kind}_get", f"/api/{path}/{pick(rng, kind)}", False)]

    def child_lists(rng: random.Random) -> list[Request]:
        segment, name = rng.choice(
            [
                ("outcomes", "outcome_list"),
                ("estimates", "estimate_list"),
                ("status-updates", "status_update_list"),
                ("scope-changes", "scope_change_list"),
            ]
        )
        return [("api-read", name, f"/api/initiatives/{pick(rng, 'initiative')}/{segment}", False)]

    def child_get(rng: random.Random) -> list[Request]:
        kind, segment = rng.choice(
            [
                ("outcome", "outcomes"),
                ("estimate", "estimates"),
                ("status_update", "status-updates"),
                ("scope_change", "scope-changes"),
                ("dependency", "dependencies"),
            ]
        )
        return [("api-read", f"{kind}_get", f"/api/{segment}/{pick(rng, kind)}", False)]

    return [
        (4, "initiative_list", read("initiative_list", initiative_list)),
        (
            4,
            "initiative_get",
            read("initiative_get", lambda r: f"/initiatives/{pick(r, 'initiative')}"),
        ),
        (
            2,
            "initiative_history",
            read("initiative_history", lambda r: f"/initiatives/{pick(r, 'initiative')}/history"),
        ),
        (1, "org_lists", org_lists),
        (1, "org_get", org_get),
        (2, "child_lists", child_lists),
        (
            1,
            "capacity",
            read(
                "capacity_get",
                lambda r: "/capacity" + r.choice(["", "?grain=month", f"?team={pick(r, 'team')}"]),
            ),
        ),
        (
            1,
            "capacity_impact",
            read(
                "capacity_impact", lambda r: f"/capacity/impact?initiative={pick(r, 'initiative')}"
            ),
        ),
        (1, "ranking", read("ranking_get", "/rankings")),
        (1, "plan", read("plan_get", "/plan")),
        (1, "scores", read("score_list", lambda r: f"/initiatives/{pick(r, 'initiative')}/scores")),
        (
            1,
            "dependency_list",
            read("dependency_list", lambda r: f"/dependencies?initiative={pick(r, 'initiative')}"),
        ),
        (2, "child_get", child_get),
    ]


# User classes of the locustfile: (weight, kind of their tasks).
CLASSES = {"page": 5, "api-read": 3, "write": 1}
# The writer's tasks: initiative_update (3: GET then PATCH) and status_update_create (2).
WRITE_TASKS = {"initiative_update": (3, 2), "status_update_create": (2, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", required=True)
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--role", default="viewer")
    parser.add_argument("--no-writes", action="store_true")
    parser.add_argument("--profile", default="")
    parser.add_argument("--bodies", default="")
    parser.add_argument("--skip", default="")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    data = json.loads(Path(args.data).read_text())
    ids = data["ids"]
    role = next(r for r in data["users_by_role"] if r.lower().startswith(args.role.lower()))
    user = get_user_model().objects.get(username=data["users_by_role"][role][0])
    host = {"SERVER_NAME": "localhost"}
    browser = Client(**host)
    browser.force_login(user)
    api = Client(headers={"Authorization": f"Bearer {data['reader_tokens'][0]}"}, **host)
    writer = Client(headers={"Authorization": f"Bearer {data['writer_tokens'][0]}"}, **host)
    tasks = {"page": page_tasks(ids), "api-read": api_tasks(ids)}
    if args.skip:  # e.g. an area whose migrations are not in the installation yet
        tasks = {k: [t for t in v if args.skip not in t[1]] for k, v in tasks.items()}
    profiler = cProfile.Profile() if args.profile else None
    bodies = Path(args.bodies) if args.bodies else None
    if bodies:
        bodies.mkdir(parents=True, exist_ok=True)

    def call(request: Request, timed: dict | None) -> bytes:
        kind, name, path, htmx = request
        client = browser if kind == "page" else api
        headers = {"HX-Request": "true"} if htmx else {}
        profiling = profiler is not None and timed is not None and args.profile in name
        cpu, wall = time.process_time(), time.perf_counter()
        if profiling:
            profiler.enable()
        answer = client.get(path, headers=headers)
        if profiling:
            profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        if answer.status_code != 200:
            raise SystemExit(f"{path} answered {answer.status_code}: {answer.content[:300]!r}")
        if timed is not None:
            timed[name].append((1000 * wall, 1000 * cpu, len(answer.content)))
        return answer.content

    # Warm-up: the same URLs as the first timed pass, each once.
    for kind in tasks:
        rng = random.Random(args.seed)  # noqa: S311
        for _weight, _task, make in tasks[kind]:
            for request in make(rng):
                content = call(request, None)
                if bodies:
                    slug = re.sub(r"[^A-Za-z0-9]+", "_", f"{request[2]}_{request[3]}").strip("_")
                    (bodies / f"{slug}.html").write_bytes(CSRF.sub(rb"\1\"-\"", content))
    timed: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    # Per task run: CPU ms per endpoint asked, and the number of requests.
    per_task: dict[tuple[str, str], list[tuple[dict[str, float], float, int]]] = defaultdict(list)
    for n in range(args.repeat):
        for kind in tasks:
            rng = random.Random(args.seed + (n % 3))  # noqa: S311 (three sets of ids, cycled)
            for _weight, task, make in tasks[kind]:
                requests = make(rng)
                cpu: dict[str, float] = defaultdict(float)
                wall = 0.0
                for request in requests:
                    call(request, timed)
                    wall += timed[request[1]][-1][0]
                    cpu[request[1]] += timed[request[1]][-1][1]
                per_task[(kind, task)].append((dict(cpu), wall, len(requests)))
    if not args.no_writes:
        _writes(writer, ids, args, timed, per_task)
    print(json.dumps(_summary(timed, per_task, tasks, args, role, profiler)))  # noqa: T201


def _writes(writer: Any, ids: dict, args: argparse.Namespace, timed: dict, per_task: dict) -> None:
    """The writer's two tasks, --repeat times each, on the last editable initiatives."""
    mine = ids["editable_initiative"][-args.repeat :]
    for pk in mine:
        cpu, wall = time.process_time(), time.perf_counter()
        answer = writer.get(f"/api/initiatives/{pk}")
        current = answer.json()
        get = (1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu))
        cpu, wall = time.process_time(), time.perf_counter()
        body = {"version": current["version"], "budget_estimate": str(100_000 + pk)}
        answer = writer.patch(f"/api/initiatives/{pk}", body, content_type="application/json")
        patch = (1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu))
        if answer.status_code != 200:
            raise SystemExit(f"PATCH {pk}: {answer.status_code} {answer.content[:300]!r}")
        timed["initiative_get (writer)"].append((*get, len(answer.content)))
        timed["initiative_update"].append((*patch, len(answer.content)))
        per_task[("write", "initiative_update")].append(
            (
                {"initiative_get (writer)": get[1], "initiative_update": patch[1]},
                get[0] + patch[0],
                2,
            )
        )
        cpu, wall = time.process_time(), time.perf_counter()
        answer = writer.post(
            f"/api/initiatives/{pk}/status-updates",
            {"date": time.strftime("%Y-%m-%d"), "rag": "green", "text": "From the pages bench."},
            content_type="application/json",
        )
        spent = (1000 * (time.perf_counter() - wall), 1000 * (time.process_time() - cpu))
        if answer.status_code != 201:
            raise SystemExit(f"POST status update {pk}: {answer.status_code}")
        timed["status_update_create"].append((*spent, len(answer.content)))
        per_task[("write", "status_update_create")].append(
            ({"status_update_create": spent[1]}, spent[0], 1)
        )


def _summary(timed, per_task, tasks, args, role, profiler) -> dict[str, Any]:
    """Medians per endpoint, and the mix: every user class offers the same task rate (the
    locustfile's constant throughput), so its share of tasks is its weight, and within a class
    a task's share is its weight. CPU per request = expected CPU of a task / its requests."""
    endpoints = {
        name: {
            "wall_ms": statistics.median(r[0] for r in rows),
            "cpu_ms": statistics.median(r[1] for r in rows),
            "bytes": int(statistics.median(r[2] for r in rows)),
            "cpu_share": 0.0,
        }
        for name, rows in timed.items()
    }
    weights = {kind: {task: weight for weight, task, _make in tasks[kind]} for kind in tasks}
    weights["write"] = {task: weight for task, (weight, _n) in WRITE_TASKS.items()}
    spent: dict[str, float] = defaultdict(float)  # expected CPU ms per endpoint per task
    kinds: dict[str, list[float]] = {}
    for kind, by_task in weights.items():
        total = sum(by_task.values())
        kinds[kind] = [0.0, 0.0, 0.0]  # wall, cpu, requests per task of this class
        for task, weight in by_task.items():
            runs = per_task.get((kind, task))
            if not runs:
                continue
            share = weight / total
            # A task that picks one of several endpoints: how often each, times its median.
            for name in {n for cpu, _w, _c in runs for n in cpu}:
                asked = [cpu[name] for cpu, _w, _c in runs if name in cpu]
                expected = len(asked) / len(runs) * statistics.median(asked)
                spent[name] += CLASSES[kind] * share * expected
                kinds[kind][1] += share * expected
            kinds[kind][0] += share * statistics.median(wall for _cpu, wall, _c in runs)
            kinds[kind][2] += share * statistics.mean(count for _cpu, _w, count in runs)
    counted = {k: v for k, v in kinds.items() if v[2]}
    requests = sum(CLASSES[k] * v[2] for k, v in counted.items())
    total_cpu = sum(CLASSES[k] * v[1] for k, v in counted.items())
    for name, row in endpoints.items():
        row["cpu_share"] = spent.get(name, 0.0) / (total_cpu or 1.0)
    result: dict[str, Any] = {
        "repeat": args.repeat,
        "role": role,
        "endpoints": dict(sorted(endpoints.items(), key=lambda kv: -kv[1]["cpu_share"])),
        "mix": {
            "cpu_ms_per_request": total_cpu / requests if requests else 0.0,
            "wall_ms_per_request": (
                sum(CLASSES[k] * v[0] for k, v in counted.items()) / requests if requests else 0.0
            ),
            "kinds": {k: (v[1] / v[2] if v[2] else 0.0) for k, v in kinds.items()},
        },
    }
    if profiler is not None:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out)
        stats.sort_stats("cumulative").print_stats(50)
        stats.sort_stats("tottime").print_stats(35)
        result["profile"] = out.getvalue()
    return result


if __name__ == "__main__":
    main()
