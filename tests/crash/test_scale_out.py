"""The production topology on loopback: two app processes and an RQ worker sharing one
PostgreSQL database and one Redis (cache and queue)."""

import contextlib
import re
import time
import urllib.parse

import pytest

from tests.crash.conftest import (
    BIN,
    REDIS_HOST,
    REDIS_PORT,
    Site,
    base_env,
    drill_databases,
    free_port,
    http,
    postgres_database,
    unavailable,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        "postgres" not in drill_databases(), reason="runs where the drills run on PostgreSQL"
    ),
]
PASSWORD = "scale-out-drill-9"
MAKE_USER = f"""
from django.contrib.auth import get_user_model
from tandem.accounts import services
from tandem.accounts.choices import Role
user = get_user_model().objects.create_user("office", password="{PASSWORD}")
services.user_role_set(user=user, role=Role.PORTFOLIO_OFFICE)
"""
CACHE_SET = "from django.core.cache import cache; cache.set('scale-out-probe', 'from A', 300)"
CACHE_GET = "from django.core.cache import cache; print(cache.get('scale-out-probe'))"


@contextlib.contextmanager
def redis_databases(count: int):
    """`count` empty Redis database indexes, emptied again afterwards."""
    try:
        import redis

        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_connect_timeout=3)
        client.ping()
    except Exception as err:
        unavailable(f"Redis is unreachable at {REDIS_HOST}:{REDIS_PORT}: {err}")
    chosen = []
    for index in range(15, 2, -1):
        db = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=index)
        if db.dbsize() == 0:
            chosen.append(db)
        if len(chosen) == count:
            break
    if len(chosen) < count:
        unavailable("no empty Redis database index is free")
    try:
        yield chosen
    finally:
        for db in chosen:
            db.flushdb()


def _cookies(headers) -> dict[str, str]:
    jar = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def _login(port: int) -> str:
    """Sign in through the login page of the app on `port`; return the session id."""
    url = f"http://127.0.0.1:{port}/accounts/login/"
    status, page, headers = http("GET", url)
    assert status == 200
    csrf = _cookies(headers)["csrftoken"]
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode(
        {"username": "office", "password": PASSWORD, "csrfmiddlewaretoken": form_token}
    )
    status, _, headers = http("POST", url, form, {"Cookie": f"csrftoken={csrf}", "Referer": url})
    assert status == 302, "the login was not accepted"
    return _cookies(headers)["sessionid"]


def test_two_app_processes_and_a_worker_share_sessions_jobs_and_cache(tmp_path):
    """A session from app A works on app B; a job requested through A is run by the RQ worker
    and read done through B; a cache value one process sets, another reads (Redis)."""
    with contextlib.ExitStack() as stack:
        cache_db, queue_db = stack.enter_context(redis_databases(2))
        pg_url = stack.enter_context(postgres_database())
        home = tmp_path / "home"
        home.mkdir()
        env = base_env(home) | {
            "DATABASE_URL": pg_url.replace("postgresql://", "postgres://"),
            "CACHE_URL": f"rediscache://{REDIS_HOST}:{REDIS_PORT}/{cache_db.connection_pool.connection_kwargs['db']}",
            "TASKS_BACKEND": "rq",
            "TASKS_REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/{queue_db.connection_pool.connection_kwargs['db']}",
        }
        site = Site(home=home, env=env, database="postgres", pg_url=pg_url)
        stack.callback(site.stop_all)
        site.tandem("migrate", "--verbosity", "0")
        site.tandem("shell", "-v", "0", "-c", MAKE_USER)
        token = site.tandem("token", "office").strip().splitlines()[-1]
        port_a, port_b = free_port(), free_port()
        site.serve(port_a, log="app-a")
        site.serve(port_b, log="app-b")
        site.start(str(BIN / "tandem"), "rqworker", "default", log="worker")

        session = _login(port_a)
        status, _, _ = http(
            "GET", f"http://127.0.0.1:{port_b}/", None, {"Cookie": f"sessionid={session}"}
        )
        assert status == 200, "app B did not accept app A's session"

        status, job, _ = http(
            "POST", f"http://127.0.0.1:{port_a}/api/jobs", {}, {"Authorization": f"Bearer {token}"}
        )
        assert (status, job["status"]) == (201, "queued"), job
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            status, seen, _ = http(
                "GET",
                f"http://127.0.0.1:{port_b}/api/jobs/{job['id']}",
                None,
                {"Cookie": f"sessionid={session}"},
            )
            if status == 200 and seen["status"] in ("done", "failed"):
                break
            time.sleep(0.2)
        assert (seen["status"], seen["attempts"]) == ("done", 1), f"{seen}\n{site.log('worker')}"
        assert seen["result"]["kind"] == "portfolio_summary"
        assert queue_db.keys("rq:*"), "the job did not go through the Redis queue"

        site.tandem("shell", "-v", "0", "-c", CACHE_SET)
        assert site.tandem("shell", "-v", "0", "-c", CACHE_GET).strip() == "from A"
        assert any(b"scale-out-probe" in key for key in cache_db.keys("*"))
