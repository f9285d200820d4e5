"""validate_upload: size, extension, declared type and the file's own bytes, for real files."""

import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import UploadedFile

from tandem.core.errors import RuleViolation
from tandem.core.uploads import CSV, XLSX, XML, validate_upload

ALL = CSV | XLSX | XML
XLSX_TYPE = XLSX["xlsx"][0]


def _xlsx(path: Path) -> Path:
    """A minimal but real workbook package (what Excel and openpyxl write, cut down)."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
        archive.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0"?><worksheet/>')
    return path


def _upload(path: Path, content_type: str, name: str | None = None) -> UploadedFile:
    handle = path.open("rb")
    return UploadedFile(
        handle, name=name or path.name, content_type=content_type, size=path.stat().st_size
    )


def _refusal(upload, **kwargs) -> RuleViolation:
    with pytest.raises(RuleViolation) as err:
        validate_upload(upload, **({"allowed": ALL, "max_bytes": 1_000_000} | kwargs))
    upload.close()
    return err.value


@pytest.fixture
def csv_file(tmp_path):
    path = tmp_path / "initiatives.csv"
    path.write_text("title,unit\nLedger automation,FIN\nCRM clean-up,SAL — Süd\n")
    return path


def test_valid_csv_xlsx_and_xml_pass(tmp_path, csv_file):
    """Real files of each kind, sent with their usual content types, are accepted."""
    xml = tmp_path / "plan.xml"
    xml.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<Project><Tasks/></Project>\n')
    uploads = [
        _upload(csv_file, "text/csv"),
        _upload(_xlsx(tmp_path / "book.xlsx"), XLSX_TYPE),
        _upload(xml, "application/xml"),
    ]
    for upload in uploads:
        validate_upload(upload, allowed=ALL, max_bytes=1_000_000)
        assert upload.read(2)  # left at the start, ready to read
        upload.close()


def test_csv_in_a_windows_encoding_passes(tmp_path):
    """Excel on Windows writes CSV in cp1252; that is text, so it is accepted."""
    latin = tmp_path / "export.csv"
    latin.write_bytes("name\nS\xfcd\n".encode("cp1252"))
    upload = _upload(latin, "application/vnd.ms-excel")
    validate_upload(upload, allowed=CSV, max_bytes=1000)
    upload.close()


def test_too_large_is_refused_naming_the_field(csv_file):
    """A file over max_bytes is refused with its size and the limit."""
    error = _refusal(_upload(csv_file, "text/csv"), max_bytes=10, field="spreadsheet")
    assert (error.code, error.field) == ("UPLOAD_TOO_LARGE", "spreadsheet")
    assert error.message == "initiatives.csv is 0.0 MB; the limit is 0.0 MB."


def test_empty_file_is_refused(tmp_path):
    """An empty file is refused."""
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    error = _refusal(_upload(empty, "text/csv"))
    assert (error.code, error.field, error.message) == (
        "UPLOAD_EMPTY",
        "file",
        "empty.csv is empty.",
    )


def test_unlisted_extension_is_refused(tmp_path):
    """A file whose extension is not allowed is refused, listing what is."""
    exe = tmp_path / "setup.exe"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    error = _refusal(_upload(exe, "application/octet-stream"), allowed=CSV)
    assert error.code == "UPLOAD_TYPE_NOT_ALLOWED"
    assert error.message == "setup.exe is not an accepted kind of file; send one of: .csv."


def test_declared_type_must_fit_the_extension(csv_file):
    """A .csv announced as an executable is refused even if its bytes are text."""
    error = _refusal(_upload(csv_file, "application/x-msdownload"))
    assert error.code == "UPLOAD_TYPE_NOT_ALLOWED"
    assert error.message == (
        "initiatives.csv was sent as application/x-msdownload, which is not a type for .csv files."
    )


def test_xlsx_extension_on_other_bytes_is_refused(tmp_path, csv_file):
    """Text renamed to .xlsx, or a ZIP that is not a workbook, is refused by its bytes."""
    renamed = tmp_path / "renamed.xlsx"
    renamed.write_bytes(csv_file.read_bytes())
    not_a_book = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(not_a_book, "w") as archive:
        archive.writestr("readme.txt", "hello")
    for path in (renamed, not_a_book):
        error = _refusal(_upload(path, XLSX_TYPE))
        assert (error.code, error.field) == ("UPLOAD_CONTENT_MISMATCH", "file")
        assert error.message == f"{path.name} does not contain what a .xlsx file should."


def test_binary_csv_and_non_xml_are_refused(tmp_path):
    """A .csv with binary bytes and a .xml that is not XML are refused."""
    binary = tmp_path / "data.csv"
    binary.write_bytes(b"PK\x03\x04\x00\x00binary")
    nul = tmp_path / "utf16.csv"
    nul.write_bytes("name\n".encode("utf-16-le"))
    not_xml = tmp_path / "plan.xml"
    not_xml.write_text("title,unit\n")
    for path, kind in ((binary, "text/csv"), (nul, "text/csv"), (not_xml, "text/xml")):
        assert _refusal(_upload(path, kind)).code == "UPLOAD_CONTENT_MISMATCH", path.name
