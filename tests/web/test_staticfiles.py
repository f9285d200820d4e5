"""Static files are collected once, and again only when a source file changes."""

import os
from pathlib import Path

from tandem.web.staticfiles import STAMP_NAME, static_collect_if_changed


def test_static_collect_runs_once_then_only_after_a_change(settings, tmp_path: Path):
    """The first call collects, the second does nothing, a changed source collects again."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "extra.css").write_text("body { color: black; }")
    settings.STATIC_ROOT = tmp_path / "root"
    settings.STATICFILES_DIRS = [str(source)]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    assert static_collect_if_changed() is True
    assert (settings.STATIC_ROOT / "extra.css").exists()
    assert (settings.STATIC_ROOT / STAMP_NAME).exists()
    assert static_collect_if_changed() is False
    (source / "extra.css").write_text("body { color: navy; }")
    later = (settings.STATIC_ROOT / "extra.css").stat().st_mtime + 10
    os.utime(source / "extra.css", (later, later))  # an edit made after the last collection
    assert static_collect_if_changed() is True
    assert (settings.STATIC_ROOT / "extra.css").read_text() == "body { color: navy; }"
