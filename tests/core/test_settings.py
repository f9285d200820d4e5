"""Settings come from the environment; the database is the one DATABASE_URL names."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection


def test_database_is_the_one_database_url_names():
    """With DATABASE_URL set to PostgreSQL the suite really runs on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_secret_key_is_generated_into_tandem_home_once(tmp_path: Path):
    """Without SECRET_KEY a key is generated into TANDEM_HOME, kept private and reused."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DATABASE_URL")}
    env["TANDEM_HOME"] = str(tmp_path)
    code = "import tandem.settings as s; print(s.SECRET_KEY)"
    first = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    second = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text().strip()
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_default_database_is_sqlite_under_tandem_home(tmp_path: Path):
    """With no DATABASE_URL the database is a SQLite file under TANDEM_HOME."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["TANDEM_HOME"] = str(tmp_path)
    code = "import tandem.settings as s; print(s.DATABASES['default']['NAME'])"
    name = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    assert name == str(tmp_path / "tandem.sqlite3")


@pytest.mark.parametrize("command", ["migrate", "token", "createsuperuser"])
def test_tandem_command_has_help(command):
    """The `tandem` script is manage.py: our commands and Django's answer --help."""
    result = subprocess.run(
        [Path(sys.executable).with_name("tandem"), command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout
