"""How services hand work to the background: `enqueue(task, *args)`.

With the database backend the task row is written in the caller's transaction, so it commits
(or rolls back) with the change that asked for it. Any other backend (a Redis queue, or the
immediate backend in tests) is told only after the transaction commits, so a worker never sees
a task for a change that was rolled back, or runs it before that change is visible.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend


def enqueue(task: Any, *args: Any, on_enqueued: Any = None) -> Any:
    """Enqueue `task(*args)` with the default backend, tied to the current transaction.

    Returns the TaskResult when the task was enqueued at once (database backend), else None;
    `on_enqueued(task_result)` is called whenever it is enqueued.
    """
    if isinstance(task_backends[task.backend], DatabaseBackend):
        result = task.enqueue(*args)
        if on_enqueued is not None:
            on_enqueued(result)
        return result

    def _send() -> None:
        result = task.enqueue(*args)
        if on_enqueued is not None:
            on_enqueued(result)

    transaction.on_commit(_send, robust=False)
    return None


def uses_database_backend(task: Any) -> bool:
    """Whether `task` is queued as rows in this database (django-tasks-db)."""
    return isinstance(task_backends[task.backend], DatabaseBackend)
