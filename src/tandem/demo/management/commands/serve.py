"""`tandem serve`: run Tandem with waitress; static files come through WhiteNoise.

With the database task backend (the default) it also starts one `tandem db_worker` process, so
the optimizer, delivery odds and other background jobs run on a single machine with one
command; `--no-worker` leaves that to workers started separately.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from waitress import serve

WORKER_STOP_SECONDS = 10
"""How long the worker may take to finish its job on stop before it is killed."""


def _stop(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Serve this installation at http://HOST:PORT/ with waitress (static files through "
        "WhiteNoise), with a background worker for long jobs. Ctrl-C stops both. For other "
        "hosts than localhost, set ALLOWED_HOSTS."
    )
    requires_migrations_checks = True

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help=(
                "Do not start a background worker (long jobs such as the optimizer and the "
                "delivery odds then wait for `tandem db_worker` or `tandem rqworker`)."
            ),
        )

    def handle(self, *args, **opts):
        from tandem.web.staticfiles import static_collect_if_changed

        if static_collect_if_changed():  # WhiteNoise serves the collected files
            self.stdout.write("Collected the static files.")
        from tandem.wsgi import application  # after collecting: WhiteNoise scans files at start

        signal.signal(signal.SIGTERM, _stop)  # stop as cleanly on SIGTERM as on Ctrl-C
        worker = None if opts["no_worker"] else self._start_worker()
        self.stdout.write(
            f"Tandem is running at http://{opts['host']}:{opts['port']}/ (press Ctrl-C to stop)."
        )
        self.stdout.flush()
        try:
            with contextlib.suppress(KeyboardInterrupt):  # waitress mostly returns by itself
                serve(
                    application,
                    host=opts["host"],
                    port=opts["port"],
                    threads=opts["threads"],
                    ident="Tandem",
                )
        finally:
            if worker is not None:
                _stop_worker(worker)
        self.stdout.write("Stopped.")

    def _start_worker(self):
        """One `tandem db_worker` beside the server (database backend only), its log in
        TANDEM_HOME/worker.log."""
        if settings.TASKS_BACKEND != "database":
            self.stdout.write(
                f"Background jobs go to the {settings.TASKS_BACKEND} backend; start its "
                "workers separately."
            )
            return None
        log_path = settings.TANDEM_HOME / "worker.log"
        with open(log_path, "ab") as log:
            worker = subprocess.Popen(
                [sys.executable, "-m", "tandem.cli", "db_worker", "--no-startup-delay"],
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_ends_with(os.getpid()),  # the server has no other threads yet
            )  # in the server's process group: Ctrl-C, or a kill of the group, stops both
        self.stdout.write(f"A background worker runs the long jobs (log: {log_path}).")
        return worker


PR_SET_PDEATHSIG = 1


def _ends_with(server: int):
    """What the worker runs before it starts, on Linux: it gets SIGTERM when the server dies,
    even by SIGKILL (which leaves no chance to stop it), and exits at once if the server is
    already gone. Elsewhere nothing: stopping the server's process group stops both."""

    prctl = None
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):  # looked up before the fork
            prctl = ctypes.CDLL(None).prctl

    def tie() -> None:
        if prctl is None:
            return
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != server:
            os._exit(0)

    return tie


def _stop_worker(worker):
    """SIGTERM (the worker finishes its current task), then SIGKILL if it takes too long."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
