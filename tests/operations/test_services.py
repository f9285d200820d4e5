"""Refusals of backup and restore that need no child process."""

from __future__ import annotations

import pytest
from django.core.management import load_command_class

from tandem.core.errors import RuleViolation
from tandem.operations import services


def test_backup_create_refuses_non_empty_directory(tmp_path):
    """A backup never writes into a directory that already holds files."""
    (tmp_path / "notes.txt").write_text("mine\n")
    with pytest.raises(RuleViolation) as err:
        services.backup_create(directory=tmp_path)
    assert (err.value.code, err.value.field) == ("BACKUP_DIRECTORY_NOT_EMPTY", "directory")
    assert err.value.message == (
        f"{tmp_path} already exists and is not empty; back up into a new directory."
    )
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_backup_restore_refuses_directory_without_manifest(tmp_path):
    """A directory that is not a backup is refused by name."""
    with pytest.raises(RuleViolation) as err:
        services.backup_restore(directory=tmp_path)
    assert err.value.code == "BACKUP_INVALID"
    assert err.value.message == f"{tmp_path} is not a Tandem backup: manifest.json is missing."


@pytest.mark.parametrize("command", ["backup", "restore", "transfer_database", "dump_canonical"])
def test_operations_commands_explain_themselves(command):
    """Each command's --help says what it does."""
    parser = load_command_class("tandem.operations", command).create_parser("tandem", command)
    assert len(parser.format_help()) > 300
