"""Checks for uploaded files: size, extension, declared content type and the file's own bytes.

Imports call `validate_upload` before reading a file; a refusal is a RuleViolation naming the
form or API field, like every other refusal.
"""

from __future__ import annotations

import zipfile
from pathlib import PurePath
from typing import IO, Any

from tandem.core.errors import RuleViolation

UPLOAD_TOO_LARGE = "UPLOAD_TOO_LARGE"
UPLOAD_EMPTY = "UPLOAD_EMPTY"
UPLOAD_TYPE_NOT_ALLOWED = "UPLOAD_TYPE_NOT_ALLOWED"
UPLOAD_CONTENT_MISMATCH = "UPLOAD_CONTENT_MISMATCH"

# Typical allow-lists: extension -> content types browsers and scripts send for it.
CSV = {"csv": ("text/csv", "text/plain", "application/csv", "application/vnd.ms-excel")}
XLSX = {
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/octet-stream",
    )
}
XML = {"xml": ("application/xml", "text/xml")}

_SNIFF_BYTES = 8192
_BINARY_SIGNATURES = (
    b"PK\x03\x04",
    b"%PDF",
    b"MZ",
    b"\x7fELF",
    b"\x89PNG",
    b"GIF8",
    b"\xd0\xcf\x11\xe0",
)


def validate_upload(
    file: Any,
    *,
    allowed: dict[str, tuple[str, ...] | list[str]],
    max_bytes: int,
    field: str = "file",
) -> None:
    """Refuse `file` unless its size, extension, declared type and first bytes all fit.

    `allowed` maps an extension (without the dot, lower case) to the content types accepted
    for it. `file` is a Django UploadedFile (name, size, content_type, read/seek). The bytes
    are checked for what the extension promises: a ZIP holding `xl/workbook.xml` for xlsx,
    an XML prolog or element for xml, and text (no NUL bytes, no binary signature) for csv.
    """
    name = PurePath(getattr(file, "name", "") or "").name
    size = getattr(file, "size", None)
    if size is None:
        size = _size_of(file)
    if size > max_bytes:
        raise RuleViolation(
            f"{name or 'The file'} is {_megabytes(size)}; the limit is {_megabytes(max_bytes)}.",
            code=UPLOAD_TOO_LARGE,
            field=field,
        )
    if size == 0:
        raise RuleViolation(f"{name or 'The file'} is empty.", code=UPLOAD_EMPTY, field=field)
    extension = PurePath(name).suffix.lower().lstrip(".")
    if extension not in allowed:
        kinds = ", ".join(f".{ext}" for ext in sorted(allowed))
        raise RuleViolation(
            f"{name or 'The file'} is not an accepted kind of file; send one of: {kinds}.",
            code=UPLOAD_TYPE_NOT_ALLOWED,
            field=field,
        )
    declared = (getattr(file, "content_type", "") or "").split(";")[0].strip().lower()
    if declared and declared not in allowed[extension]:
        raise RuleViolation(
            f"{name} was sent as {declared}, which is not a type for .{extension} files.",
            code=UPLOAD_TYPE_NOT_ALLOWED,
            field=field,
        )
    if not _content_matches(file, extension):
        raise RuleViolation(
            f"{name} does not contain what a .{extension} file should.",
            code=UPLOAD_CONTENT_MISMATCH,
            field=field,
        )


def _content_matches(file: IO[bytes], kind: str) -> bool:
    head = _peek(file, _SNIFF_BYTES)
    if kind == "xlsx":
        return head.startswith(b"PK\x03\x04") and _is_workbook(file)
    if kind == "xml":
        text = head.lstrip(b"\xef\xbb\xbf").lstrip()
        return text.startswith((b"<?xml", b"<")) and b"\x00" not in head
    if kind == "csv":  # text in any encoding (Excel writes cp1252): no NULs, no binary format
        return b"\x00" not in head and not head.startswith(_BINARY_SIGNATURES)
    return True  # no signature known for this kind: extension and type were checked


def _is_workbook(file: IO[bytes]) -> bool:
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        file.seek(0)
    return "xl/workbook.xml" in names and "[Content_Types].xml" in names


def _peek(file: IO[bytes], count: int) -> bytes:
    file.seek(0)
    head = file.read(count)
    file.seek(0)
    return head if isinstance(head, bytes) else head.encode()


def _size_of(file: IO[bytes]) -> int:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return size


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
