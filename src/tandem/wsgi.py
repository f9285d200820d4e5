"""WSGI entry point for production servers (waitress, gunicorn)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tandem.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL and template machinery) lives as long
# as the process: moved out of the collector's sight, the cyclic garbage collector no longer
# walks it on every collection. A request allocates tens of thousands of objects (querysets,
# template nodes, pydantic models), so the youngest generation is collected less often too.
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 20, 20)
