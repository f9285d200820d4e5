"""Importing actual hours: every row checked first, nothing written on a bad row unless asked,
idempotent, history and audit recorded."""

import io
from datetime import date
from decimal import Decimal

import pytest

from tandem.audit.models import AuditEvent
from tandem.capacity import services
from tandem.capacity.models import Actual, ActualsImport
from tandem.core.errors import RuleViolation
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 4, 15)
GOOD = """week,team,category,hours
2026-03-02,Service Desk,support,120
2026-03-02,Service Desk,maintenance,12.5
2026-03-09,ERP & Finance Systems,security_patching,8
"""


@pytest.fixture
def teams(db):
    return {
        "desk": TeamFactory(name="Service Desk"),
        "erp": TeamFactory(name="ERP & Finance Systems"),
    }


def _import(text, *, by=None, name="actuals.csv", **options):
    return services.actuals_import(
        file=io.StringIO(text), file_name=name, by=by, today=TODAY, **options
    )


def _state():
    """Everything an import may write: actuals with versions, history, imports, audit events."""
    return (
        sorted(Actual.objects.values_list("team_id", "week", "category", "hours", "version")),
        Actual.history.count(),
        ActualsImport.objects.count(),
        AuditEvent.objects.filter(action="import").count(),
    )


def test_actuals_import_writes_rows_history_and_the_import_record(teams, itlead):
    """Each row becomes one actual with one creation record; the import and audit event
    record the counts."""
    report = _import(GOOD, by=itlead)
    assert report.summary() == (
        "Imported 3 rows (0 updated, 0 unchanged, 0 skipped) from actuals.csv"
    )
    record = ActualsImport.objects.get()
    assert (record.pk, record.imported_by, record.rows_total, record.rows_imported) == (
        report.import_id,
        itlead,
        3,
        3,
    )
    assert record.sha256 == report.sha256
    assert Actual.objects.get(category="maintenance").hours == Decimal("12.50")
    assert set(Actual.history.values_list("history_type", "history_user")) == {("+", itlead.pk)}
    assert Actual.history.count() == 3
    event = AuditEvent.objects.get(action="import")
    assert (event.actor, event.target) == (itlead, "actual hours from actuals.csv")
    assert (event.detail["rows"], event.detail["imported"], event.detail["kind"]) == (
        3,
        3,
        "actuals",
    )


def test_actuals_import_with_a_bad_row_imports_nothing_and_names_every_line(teams, itlead):
    """One bad row refuses the whole file; every problem names its line and field."""
    text = GOOD + "2026-03-09,Nobody,support,x\n2026-13-01,Service Desk,coffee,-2\n"
    before = _state()
    with pytest.raises(services.ActualsImportRefused) as err:
        _import(text, by=itlead)
    assert (err.value.code, err.value.field) == ("ACTUALS_ROWS_INVALID", "file")
    assert err.value.message == (
        "actuals.csv has 2 bad rows, so nothing was imported. Correct them, or import only "
        "the good rows by skipping the bad ones."
    )
    assert [str(problem) for problem in err.value.problems] == [
        "line 5: team: there is no IT team called 'Nobody'",
        "line 5: hours: 'x' is not a number of hours",
        "line 6: week: '2026-13-01' is not a date or an ISO week (write e.g. 2026-03-30 or "
        "2026-W14)",
        "line 6: category: 'coffee' is not a category (use one of: maintenance, support, "
        "security patching, compliance, other)",
        "line 6: hours: '-2' is negative; hours must be 0 or more",
    ]
    assert _state() == before


def test_actuals_import_skipping_bad_rows_imports_the_rest(teams, itlead):
    """With skip_bad_rows the good rows are written and the bad ones reported as skipped."""
    report = _import(GOOD + "2026-03-09,Service Desk,support,\n", by=itlead, skip_bad_rows=True)
    assert (report.created, report.skipped, [str(p) for p in report.problems]) == (
        3,
        1,
        ["line 5: hours: is empty"],
    )
    assert Actual.objects.count() == 3
    record = ActualsImport.objects.get()
    assert (record.rows_total, record.rows_imported, record.rows_skipped) == (4, 3, 1)


def test_actuals_import_twice_changes_nothing(teams, itlead):
    """Importing the same file again leaves every actual, version and history row alone."""
    _import(GOOD, by=itlead)
    actuals = _state()[:2]
    report = _import(GOOD, by=itlead)
    assert report.summary() == (
        "Imported 0 rows (0 updated, 3 unchanged, 0 skipped) from actuals.csv"
    )
    assert _state()[:2] == actuals
    first = ActualsImport.objects.order_by("pk").first()
    assert set(Actual.objects.values_list("source", flat=True)) == {first.pk}


def test_actuals_import_replaces_a_changed_value_with_history(teams, itlead, portfolio):
    """Different hours for a recorded week replace the old value, recorded in its history."""
    _import(GOOD, by=itlead)
    report = _import(GOOD.replace(",120\n", ",96.5\n"), by=portfolio, name="corrected.csv")
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    actual = Actual.objects.get(category="support")
    assert (actual.hours, actual.version, actual.source_id) == (
        Decimal("96.50"),
        2,
        report.import_id,
    )
    trail = list(
        actual.history.order_by("history_id").values_list("history_type", "hours", "history_user")
    )
    assert trail == [("+", Decimal("120.00"), itlead.pk), ("~", Decimal("96.50"), portfolio.pk)]


def test_actuals_import_dry_run_writes_nothing(teams, itlead):
    """A dry run reports what would happen and writes no actual, import or audit event."""
    before = _state()
    report = _import(GOOD, by=itlead, dry_run=True)
    assert report.summary() == (
        "Would import 3 rows (0 updated, 0 unchanged, 0 skipped) from actuals.csv"
    )
    assert report.import_id is None
    assert _state() == before


def test_actuals_import_dry_run_of_a_bad_file_is_refused_the_same_way(teams):
    """A dry run of a file with bad rows lists them and says nothing would be imported."""
    with pytest.raises(services.ActualsImportRefused) as err:
        _import(GOOD + "2026-03-09,Service Desk,support,lots\n", dry_run=True)
    assert "so nothing would be imported" in err.value.message
    assert [str(p) for p in err.value.problems] == [
        "line 5: hours: 'lots' is not a number of hours"
    ]


def test_actuals_import_reads_bom_semicolons_labels_and_iso_weeks(teams):
    """An Excel-style export: BOM, ';', decimal commas, labels, ISO weeks, extra columns,
    any case, and any day of a week (normalised to its Monday)."""
    text = (
        "\ufeffWeek;Source;TEAM;Category;Hours\n"
        "2026-W10;jira;service desk;Security patching;7,5\n"
        "2026-03-04;jira;SERVICE DESK;Compliance;2\n"
        "2026-W10-5;sheet;ERP & Finance Systems;  Security-Patching ;1.25\n"
    )
    report = _import(text)
    assert (report.created, report.skipped) == (3, 0)
    rows = sorted(Actual.objects.values_list("team__name", "week", "category", "hours"))
    assert rows == [
        ("ERP & Finance Systems", date(2026, 3, 2), "security_patching", Decimal("1.25")),
        ("Service Desk", date(2026, 3, 2), "compliance", Decimal("2.00")),
        ("Service Desk", date(2026, 3, 2), "security_patching", Decimal("7.50")),
    ]


def test_actuals_import_reads_windows_1252(tmp_path):
    """A file saved by Excel in Windows-1252 is read too."""
    TeamFactory(name="Équipe Données")
    path = tmp_path / "export.csv"
    path.write_bytes(
        "week,team,category,hours\n2026-03-02,Équipe Données,other,3\n".encode("cp1252")
    )
    report = services.actuals_import(file=path, file_name="export.csv", by=None, today=TODAY)
    assert report.created == 1


def test_actuals_import_refuses_a_repeated_row_on_the_later_line(teams):
    """The same team, week and category twice in one file is an error on the second line."""
    text = GOOD + "2026-03-04,service desk,Support,1\n"
    with pytest.raises(services.ActualsImportRefused) as err:
        _import(text)
    assert [str(p) for p in err.value.problems] == [
        "line 5: row: repeats line 2 (the same team, week and category)"
    ]


def test_actuals_import_refuses_a_week_that_has_not_started(teams):
    """Actual hours are for weeks that have begun."""
    with pytest.raises(services.ActualsImportRefused) as err:
        _import("week,team,category,hours\n2026-04-20,Service Desk,support,3\n")
    assert [str(p) for p in err.value.problems] == [
        "line 2: week: the week of 2026-04-20 has not started yet"
    ]


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            "week,team,category,effort",
            "line 1: header: the required column 'hours' is missing (the header has: week, "
            "team, category, effort).",
        ),
        (
            "date;team",
            "line 1: header: the required columns 'week', 'category', 'hours' are missing (the "
            "header has: date, team).",
        ),
    ],
)
def test_actuals_import_names_a_missing_column(teams, header, message):
    """A file without a required column is refused naming it."""
    with pytest.raises(RuleViolation) as err:
        _import(header + "\n2026-03-02,Service Desk,support,1\n")
    assert (err.value.code, err.value.field, err.value.message) == (
        "ACTUALS_MISSING_COLUMN",
        "file",
        message,
    )
    assert not Actual.objects.exists()


def test_actuals_import_of_a_header_only_file_imports_nothing(teams):
    """A header without rows is a valid, empty import; blank lines are not rows."""
    report = _import("week,team,category,hours\n\n\n")
    assert (report.total, report.imported) == (0, 0)


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("actuals.csv", "", "UPLOAD_EMPTY"),
        ("actuals.xlsx", GOOD, "UPLOAD_TYPE_NOT_ALLOWED"),
        ("actuals.csv", "PK\x03\x04 not a csv at all", "UPLOAD_CONTENT_MISMATCH"),
    ],
)
def test_actuals_import_checks_the_upload(teams, name, content, code):
    """Empty files, other kinds of file and binary content are refused before reading."""
    with pytest.raises(RuleViolation) as err:
        _import(content, name=name)
    assert (err.value.code, err.value.field) == (code, "file")


def test_actuals_import_refuses_a_file_over_the_upload_limit(teams, settings):
    """A file larger than UPLOAD_MAX_BYTES is refused with the sizes."""
    settings.UPLOAD_MAX_BYTES = 64
    with pytest.raises(RuleViolation) as err:
        _import(GOOD)
    assert err.value.code == "UPLOAD_TOO_LARGE"
    assert not Actual.objects.exists()


def test_actuals_import_names_a_missing_file(teams, tmp_path):
    """A path that does not exist is refused as unreadable."""
    with pytest.raises(RuleViolation) as err:
        services.actuals_import(file=tmp_path / "gone.csv", file_name="gone.csv", by=None)
    assert (err.value.code, err.value.message) == (
        "ACTUALS_FILE_UNREADABLE",
        "gone.csv cannot be read: No such file or directory.",
    )
