"""Background-task tests run their tasks with django-tasks' immediate backend.

The project default stays the database backend (settings.TASKS_BACKEND), so the rest of the
suite is unaffected; these tests switch per test through the `settings` fixture (django-tasks
resets its backends when TASKS changes). The immediate backend runs a task when the enqueuing
transaction commits (`core.tasks.enqueue`), so tests that want it to run wrap the call in
`django_capture_on_commit_callbacks(execute=True)`.
"""

import pytest


@pytest.fixture(autouse=True)
def immediate_tasks(settings):
    """Run enqueued tasks in-process, right after the enqueuing transaction commits."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
