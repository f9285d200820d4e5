"""Collect static files for WhiteNoise only when they changed since the last collection."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command

STAMP_NAME = ".tandem-collected"


def static_sources_digest() -> str:
    """A digest of every static source file's path, size and modification time."""
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = Path(storage.path(path)).stat()
            entries.append(f"{path}\t{stat.st_size}\t{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(sorted(entries)).encode()).hexdigest()


def static_collect_if_changed() -> bool:
    """Run collectstatic when the sources changed (compressing takes a while); True if it ran."""
    stamp = Path(settings.STATIC_ROOT) / STAMP_NAME
    digest = static_sources_digest()
    if stamp.exists() and stamp.read_text() == digest:
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(digest)
    return True
