"""A background worker killed mid-job: the reaper re-queues it and it completes exactly once."""

import json
import time

import pytest

from tests.crash.conftest import BIN, kill9

pytestmark = pytest.mark.slow
DELAY_SECONDS = 3

MAKE_JOB = f"""
from tandem.operations import job_services
job, _ = job_services.plan_job_request(
    kind="portfolio_summary", by=None, delay_seconds={DELAY_SECONDS}
)
print(job.pk)
"""


def _job(site, job_id: int) -> dict:
    row = site.query(
        "SELECT status, attempts, result, task_id FROM operations_planjob WHERE id = ?", (job_id,)
    )[0]
    result = json.loads(row[2]) if isinstance(row[2], str) else row[2]
    return {"status": row[0], "attempts": row[1], "result": result, "task_id": row[3]}


def _wait_for(site, job_id: int, status: str, process, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if _job(site, job_id)["status"] == status:
            return
        assert process.poll() is None, f"the worker exited:\n{site.log('worker')}"
        time.sleep(0.05)
    pytest.fail(f"job {job_id} did not reach {status!r}:\n{site.log('worker')}")


def test_worker_killed_mid_job_is_requeued_and_completes_once(site):
    """kill -9 of `tandem db_worker` while it runs a job, then `tandem reap_tasks` and a new
    worker: the job finishes once, on its second attempt, from the same task row."""
    job_id = int(site.tandem("shell", "-v", "0", "-c", MAKE_JOB).strip().splitlines()[-1])
    worker = site.start(
        str(BIN / "tandem"), "db_worker", "--no-startup-delay", "--interval", "0.1", log="worker"
    )
    _wait_for(site, job_id, "running", worker)
    kill9(worker)
    assert (_job(site, job_id)["status"], _job(site, job_id)["attempts"]) == ("running", 1)

    reaped = site.tandem("reap_tasks", "--stale-seconds", "0")
    assert "Re-queued 1 job(s) and 1 task row(s); sent 0 new task(s)." in reaped
    site.tandem("db_worker", "--batch", "--no-startup-delay", "--interval", "0.1")

    job = _job(site, job_id)
    assert (job["status"], job["attempts"], job["result"]["attempt"]) == ("done", 2, 2)
    rows = site.query("SELECT id, status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert len(rows) == 1, rows  # the same row was re-queued: no duplicate task
    _, status, worker_ids = rows[0]
    worker_ids = json.loads(worker_ids) if isinstance(worker_ids, str) else worker_ids
    assert (status, len(worker_ids)) == ("SUCCESSFUL", 2)
    print(f"\n[{site.database}] job {job_id}: {job['status']}, attempts {job['attempts']}")  # noqa: T201
