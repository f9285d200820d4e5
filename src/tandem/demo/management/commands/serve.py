"""`tandem serve`: run Tandem with waitress; static files come through WhiteNoise."""

import contextlib
import signal

from django.core.management.base import BaseCommand
from waitress import serve


def _stop(signum, frame):
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Serve this installation at http://HOST:PORT/ with waitress (static files through "
        "WhiteNoise). Ctrl-C stops it. For other hosts than localhost, set ALLOWED_HOSTS."
    )
    requires_migrations_checks = True

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument("--threads", type=int, default=8, help="Worker threads.")

    def handle(self, *args, **opts):
        from tandem.web.staticfiles import static_collect_if_changed

        if static_collect_if_changed():  # WhiteNoise serves the collected files
            self.stdout.write("Collected the static files.")
        from tandem.wsgi import application  # after collecting: WhiteNoise scans files at start

        signal.signal(signal.SIGTERM, _stop)  # stop as cleanly on SIGTERM as on Ctrl-C
        self.stdout.write(
            f"Tandem is running at http://{opts['host']}:{opts['port']}/ (press Ctrl-C to stop)."
        )
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):  # waitress mostly returns by itself
            serve(
                application,
                host=opts["host"],
                port=opts["port"],
                threads=opts["threads"],
                ident="Tandem",
            )
        self.stdout.write("Stopped.")
