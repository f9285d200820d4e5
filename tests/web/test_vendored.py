"""Every vendored front-end file is listed in VENDORED.md with its true SHA-256, and nothing
unlisted is served."""

import hashlib
import re
from pathlib import Path

import tandem.web

VENDOR = Path(tandem.web.__file__).parent / "static" / "vendor"
ROW = re.compile(r"^\| `([^`]+)` \| `([0-9a-f]{64})` \|$", re.MULTILINE)


def _listed() -> dict[str, str]:
    return dict(ROW.findall((VENDOR / "VENDORED.md").read_text()))


def test_every_vendored_file_is_listed_with_its_hash():
    on_disk = {
        str(path.relative_to(VENDOR)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in VENDOR.rglob("*")
        if path.is_file() and path.name != "VENDORED.md"
    }
    assert on_disk == _listed()


def test_every_library_ships_its_licence():
    folders = {name.split("/")[0] for name in _listed()}
    assert all((VENDOR / folder / "LICENSE").is_file() for folder in folders)
