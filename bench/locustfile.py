"""Locust workload for `tandem bench load`: page readers, API readers and writers.

Not a suite of its own (`bench/load.py` starts it): it reads the ids and credentials that
`bench/_seed.py` wrote (TANDEM_LOAD_DATA) and, when the run ends, writes every request's
kind, name, start, duration and outcome to TANDEM_LOAD_SAMPLES, so load.py can compute
exact percentiles per kind. Request names are "<kind>: <endpoint>" with kind one of
login, page, api-read, write.

The offered load is fixed: every simulated user aims at TANDEM_LOAD_RATE / TANDEM_LOAD_USERS
tasks per second (locust's constant_throughput), so the run measures latency at a known
throughput instead of at saturation. TANDEM_LOAD_RATE=0 removes the pacing (short think time).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time
from datetime import date

from locust import between, constant_throughput, events, task
from locust.contrib.fasthttp import FastHttpUser

DATA = json.loads(open(os.environ["TANDEM_LOAD_DATA"]).read())  # noqa: SIM115
IDS = DATA["ids"]
RATE = float(os.environ.get("TANDEM_LOAD_RATE", "60"))
USERS = max(1, int(os.environ.get("TANDEM_LOAD_USERS", "30")))
PACING = constant_throughput(RATE / USERS) if RATE > 0 else between(0.05, 0.3)

SAMPLES: list[tuple[float, str, float, bool, str]] = []
MARKS: dict[str, float] = {}
_page_users = itertools.cycle(DATA["page_users"])
_reader_tokens = itertools.cycle(DATA["reader_tokens"])
_writer_slot = itertools.count()
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception=None, **kwargs):
    SAMPLES.append((time.time(), name, float(response_time), exception is None, str(exception)))


@events.spawning_complete.add_listener
def _spawned(user_count, **kwargs):
    MARKS.setdefault("spawned", time.time())


@events.quitting.add_listener
def _dump(environment, **kwargs):
    path = os.environ.get("TANDEM_LOAD_SAMPLES")
    if path:
        with open(path, "w") as fh:
            json.dump({"marks": MARKS, "samples": SAMPLES}, fh)


def pick(kind: str) -> int:
    return random.choice(IDS[kind])  # noqa: S311


class PageUser(FastHttpUser):
    """Someone in a browser: signs in once, then reads pages (some via HTMX partials)."""

    weight = 5
    wait_time = PACING

    def on_start(self) -> None:
        username = next(_page_users)
        response = self.client.get("/accounts/login/", name="login: form")
        token = CSRF_INPUT.search(response.text or "")
        self.client.post(
            "/accounts/login/",
            data={
                "username": username,
                "password": DATA["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login: submit",
            allow_redirects=False,
        )

    def page(self, path: str, name: str, *, htmx: bool = False) -> None:
        headers = {"HX-Request": "true"} if htmx else None
        with self.client.get(path, name=f"page: {name}", headers=headers, catch_response=True) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}")
            elif not htmx and "/accounts/logout/" not in (r.text or ""):
                r.failure("not signed in")

    @task(3)
    def dashboard(self) -> None:
        self.page("/", "dashboard")

    @task(2)
    def initiative_list(self) -> None:
        self.page("/portfolio/", "initiative_list")

    @task(4)
    def initiative_list_filtered(self) -> None:
        query = random.choice(  # noqa: S311
            [
                f"?unit={pick('unit')}&sort=-budget",
                "?state=in_progress&state=approved&sort=planned_start",
                "?q=data&sort=-updated",
                f"?goal={pick('goal')}",
                f"?team={pick('team')}&sort=unit",
                f"?page={random.randint(2, 30)}",  # noqa: S311
            ]
        )
        self.page(f"/portfolio/{query}", "initiative_list filtered", htmx=random.random() < 0.5)  # noqa: S311

    @task(6)
    def initiative_detail(self) -> None:
        pk = pick("initiative")
        self.page(f"/portfolio/{pk}/", "initiative_detail")
        # The page then loads its "When can we have it?" and "Impact on IT capacity" cards,
        # as the browser does.
        self.page(f"/roadmap/initiatives/{pk}/", "initiative_plan card", htmx=True)
        self.page(f"/capacity/impact/{pk}/", "initiative_impact card", htmx=True)

    @task(1)
    def capacity_overview(self) -> None:
        grain = random.choice(["", "?grain=month", "?grain=quarter"])  # noqa: S311
        self.page(f"/capacity/{grain}", "capacity_overview")

    @task(1)
    def capacity_team(self) -> None:
        self.page(f"/capacity/teams/{pick('team')}/", "capacity_team")

    @task(1)
    def roadmap(self) -> None:
        group = random.choice(["", "?group=goal"])  # noqa: S311
        self.page(f"/roadmap/{group}", "roadmap_overview")

    @task(1)
    def priorities(self) -> None:
        self.page("/prioritization/", "prioritization_ranking")

    @task(1)
    def initiative_scores(self) -> None:
        self.page(f"/prioritization/initiatives/{pick('initiative')}/scores/", "initiative_scores")

    @task(1)
    def unit_list(self) -> None:
        self.page("/organization/units/", "unit_list")

    @task(1)
    def unit_detail(self) -> None:
        self.page(f"/organization/units/{pick('unit')}/", "unit_detail")

    @task(1)
    def team_list(self) -> None:
        self.page("/organization/teams/", "team_list")

    @task(1)
    def team_detail(self) -> None:
        self.page(f"/organization/teams/{pick('team')}/", "team_detail")

    @task(1)
    def person_list(self) -> None:
        query = random.choice(["", "?q=an", f"?page={random.randint(2, 8)}"])  # noqa: S311
        self.page(f"/organization/people/{query}", "person_list")

    @task(1)
    def person_detail(self) -> None:
        self.page(f"/organization/people/{pick('person')}/", "person_detail")

    @task(1)
    def goal_list(self) -> None:
        self.page("/strategy/goals/", "goal_list")

    @task(1)
    def goal_detail(self) -> None:
        self.page(f"/strategy/goals/{pick('goal')}/", "goal_detail")


class ApiUser(FastHttpUser):
    """Base for API clients: a bearer token, JSON answers."""

    abstract = True
    token = ""

    def read(self, path: str, name: str):
        with self.client.get(
            f"/api{path}",
            name=f"api-read: {name}",
            headers={"Authorization": f"Bearer {self.token}"},
            catch_response=True,
        ) as r:
            if r.status_code != 200:
                r.failure(f"HTTP {r.status_code}: {(r.text or '')[:200]}")
                return None
            return r.json()


class ApiReader(ApiUser):
    """A script or integration reading the plan: lists with filters and limits, details."""

    weight = 3
    wait_time = PACING

    def on_start(self) -> None:
        self.token = next(_reader_tokens)

    @task(4)
    def initiative_list(self) -> None:
        query = random.choice(  # noqa: S311
            [
                "?limit=50",
                f"?unit={pick('unit')}&limit=100&sort=-budget",
                "?state=in_progress&limit=50&offset=50",
                f"?goal={pick('goal')}&limit=25",
                f"?team={pick('team')}&sort=planned_start",
                f"?limit=100&offset={random.randint(0, 800)}",  # noqa: S311
            ]
        )
        self.read(f"/initiatives{query}", "initiative_list")

    @task(4)
    def initiative_get(self) -> None:
        self.read(f"/initiatives/{pick('initiative')}", "initiative_get")

    @task(2)
    def initiative_history(self) -> None:
        self.read(f"/initiatives/{pick('initiative')}/history", "initiative_history")

    @task(1)
    def org_lists(self) -> None:
        path, name = random.choice(  # noqa: S311
            [
                ("/units", "unit_list"),
                ("/teams?limit=100", "team_list"),
                (f"/people?limit=100&offset={random.randint(0, 500)}", "person_list"),  # noqa: S311
                (f"/people?team={pick('team')}", "person_list"),
                ("/goals", "goal_list"),
            ]
        )
        self.read(path, name)

    @task(1)
    def org_get(self) -> None:
        kind, path = random.choice(  # noqa: S311
            [("unit", "units"), ("team", "teams"), ("person", "people"), ("goal", "goals")]
        )
        self.read(f"/{path}/{pick(kind)}", f"{kind}_get")

    @task(2)
    def child_lists(self) -> None:
        segment, name = random.choice(  # noqa: S311
            [
                ("outcomes", "outcome_list"),
                ("estimates", "estimate_list"),
                ("status-updates", "status_update_list"),
                ("scope-changes", "scope_change_list"),
            ]
        )
        self.read(f"/initiatives/{pick('initiative')}/{segment}", name)

    @task(1)
    def capacity(self) -> None:
        query = random.choice(["", "?grain=month", f"?team={pick('team')}"])  # noqa: S311
        self.read(f"/capacity{query}", "capacity_get")

    @task(1)
    def capacity_impact(self) -> None:
        self.read(f"/capacity/impact?initiative={pick('initiative')}", "capacity_impact")

    @task(1)
    def ranking(self) -> None:
        self.read("/rankings", "ranking_get")

    @task(1)
    def plan(self) -> None:
        self.read("/plan", "plan_get")

    @task(1)
    def scores(self) -> None:
        self.read(f"/initiatives/{pick('initiative')}/scores", "score_list")

    @task(1)
    def dependency_list(self) -> None:
        self.read(f"/dependencies?initiative={pick('initiative')}", "dependency_list")

    @task(2)
    def child_get(self) -> None:
        kind, segment = random.choice(  # noqa: S311
            [
                ("outcome", "outcomes"),
                ("estimate", "estimates"),
                ("status_update", "status-updates"),
                ("scope_change", "scope-changes"),
                ("dependency", "dependencies"),
            ]
        )
        self.read(f"/{segment}/{pick(kind)}", f"{kind}_get")


class Writer(ApiUser):
    """The portfolio office editing initiatives and posting status updates.

    Each writer owns a disjoint slice of the initiatives, so a 409 means a real bug (a stale
    version the writer could not have caused), not two simulated people racing.
    """

    weight = 1
    wait_time = PACING

    def on_start(self) -> None:
        slot = next(_writer_slot)
        tokens = DATA["writer_tokens"]
        self.token = tokens[slot % len(tokens)]
        self.mine = IDS["editable_initiative"][slot % USERS :: USERS]

    def write(self, method: str, path: str, name: str, body: dict) -> None:
        with self.client.request(
            method,
            f"/api{path}",
            name=f"write: {name}",
            json=body,
            headers={"Authorization": f"Bearer {self.token}"},
            catch_response=True,
        ) as r:
            if r.status_code not in (200, 201):
                r.failure(f"HTTP {r.status_code}: {(r.text or '')[:200]}")

    @task(3)
    def initiative_update(self) -> None:
        pk = random.choice(self.mine)  # noqa: S311
        current = self.read(f"/initiatives/{pk}", "initiative_get")
        if current is None:
            return
        body = {"version": current["version"]}
        if random.random() < 0.5:  # noqa: S311
            body["title"] = re.sub(r" \(rev \d+\)$", "", current["title"]) + (
                f" (rev {current['version'] + 1})"
            )
        else:
            body["budget_estimate"] = str(random.randint(20, 900) * 1000)  # noqa: S311
        self.write("PATCH", f"/initiatives/{pk}", "initiative_update", body)

    @task(2)
    def status_update_create(self) -> None:
        pk = random.choice(self.mine)  # noqa: S311
        body = {
            "date": date.today().isoformat(),  # noqa: DTZ011
            "rag": random.choice(["green", "amber", "red"]),  # noqa: S311
            "text": "Weekly check-in from the load bench.",
        }
        self.write("POST", f"/initiatives/{pk}/status-updates", "status_update_create", body)
