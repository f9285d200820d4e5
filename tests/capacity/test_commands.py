"""`tandem import-actuals` as people run it: the sample export, exit status and output."""

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

import tandem.demo
from tandem.capacity.models import Actual, ActualsImport
from tandem.demo.generator.catalogue import TEAM_KINDS
from tests.factories import TeamFactory

TANDEM = str(Path(sys.executable).with_name("tandem"))
SAMPLE = Path(tandem.demo.__file__).parent / "data" / "actuals_sample.csv"


@pytest.fixture
def demo_teams(db):
    """The small demo company's seven IT teams, whose names the sample export uses."""
    return [TeamFactory(name=kind.name) for kind in TEAM_KINDS]


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("import-actuals", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_import_actuals_imports_the_sample_export_once(demo_teams):
    """The sample (a quarter of weekly hours of seven teams) imports fully, and again changes
    nothing."""
    out, err = _run(SAMPLE)
    assert out == "Imported 455 rows (0 updated, 0 unchanged, 0 skipped) from actuals_sample.csv\n"
    assert err == ""
    assert Actual.objects.count() == 455
    assert Actual.objects.values("team").distinct().count() == 7
    versions = list(Actual.objects.values_list("pk", "version"))
    out, _ = _run(SAMPLE)
    assert out == "Imported 0 rows (0 updated, 455 unchanged, 0 skipped) from actuals_sample.csv\n"
    assert list(Actual.objects.values_list("pk", "version")) == versions
    assert ActualsImport.objects.count() == 2


@pytest.mark.django_db
def test_import_actuals_dry_run_writes_nothing(demo_teams):
    """--dry-run says what would be imported and writes nothing."""
    out, _ = _run(SAMPLE, "--dry-run")
    assert out == (
        "Would import 455 rows (0 updated, 0 unchanged, 0 skipped) from actuals_sample.csv "
        "(dry run: nothing written)\n"
    )
    assert not Actual.objects.exists()
    assert not ActualsImport.objects.exists()


@pytest.mark.django_db
def test_import_actuals_with_bad_rows_fails_listing_them(demo_teams, tmp_path):
    """A bad row fails the command with every problem listed; --skip-bad-rows imports the rest."""
    path = tmp_path / "hours.csv"
    path.write_text(
        "week;team;category;hours\n2026-03-02;Service Desk;Support;40\n"
        "2026-03-02;Help desk;Support;4\n"
    )
    err = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import-actuals", str(path), stderr=err)
    assert str(failure.value).startswith("hours.csv has 1 bad row, so nothing was imported.")
    assert err.getvalue() == "line 3: team: there is no IT team called 'Help desk'\n"
    assert not Actual.objects.exists()
    out, err_text = _run(path, "--skip-bad-rows")
    assert out == "Imported 1 row (0 updated, 0 unchanged, 1 skipped) from hours.csv\n"
    assert err_text == "skipped line 3: team: there is no IT team called 'Help desk'\n"


@pytest.mark.django_db
def test_import_actuals_as_a_user_needs_the_permission(demo_teams, itlead, viewer):
    """--user records who imported, and refuses users who may not import actuals."""
    with pytest.raises(CommandError, match="viewer may not import actual hours"):
        _run(SAMPLE, "--user", "viewer")
    with pytest.raises(CommandError, match="There is no active user called 'ghost'"):
        _run(SAMPLE, "--user", "ghost")
    _run(SAMPLE, "--user", "itlead")
    assert ActualsImport.objects.get().imported_by == itlead
    assert not Actual.history.exclude(history_user=itlead).exists()


def _tandem(home, *args):
    env = {**os.environ, "TANDEM_HOME": str(home)}
    env.pop("DATABASE_URL", None)  # a private SQLite database in the temporary home
    return subprocess.run(
        [TANDEM, *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_import_actuals_help_works_with_the_hyphen(tmp_path):
    """`tandem import-actuals --help` runs (Django loads the hyphenated command module)."""
    helped = _tandem(tmp_path, "import-actuals", "--help")
    assert helped.returncode == 0, helped.stderr
    assert "--skip-bad-rows" in helped.stdout
    assert "--dry-run" in helped.stdout


@pytest.mark.slow
def test_import_actuals_from_the_shell_exits_non_zero_on_bad_rows(tmp_path):
    """Run from the shell, a file with a bad row exits 1 and lists the line on stderr."""
    assert _tandem(tmp_path, "migrate", "--no-input", "-v", "0").returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text("week,team,category,hours\n2026-03-02,Nobody,support,3\n")
    failed = _tandem(tmp_path, "import-actuals", str(bad))
    assert failed.returncode == 1
    assert "line 2: team: there is no IT team called 'Nobody'" in failed.stderr
    assert "bad.csv has 1 bad row, so nothing was imported." in failed.stderr
