"""`tandem plan`: the table, the JSON (the API's shape) and the help."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("plan", *args, stdout=out)
    return out.getvalue()


def test_plan_command_prints_the_table_with_each_slip_explained(contest):
    """The table lists both initiatives and explains the slipped one below its row."""
    text = _run()
    assert text.startswith("Roadmap from the week of ")
    assert "2 initiatives, 1 later than they could be, 1 missing their target" in text
    assert "Customer Portal" in text
    assert "    Misses its target by 2 weeks. Finishes 4 weeks later than it could: Data" in text


def test_plan_command_json_is_what_the_api_answers(contest, viewer, api_client):
    """--json prints the same object as GET /api/plan."""
    printed = json.loads(_run("--json"))
    assert printed == api_client(viewer).get("/api/plan").json()


def test_plan_command_says_what_to_do_when_nothing_is_planned(db):
    """An empty roadmap says how to get initiatives onto it."""
    assert "No approved initiatives with effort estimates yet" in _run()


def test_plan_command_has_help(capsys):
    """--help describes the command and its --json option."""
    with pytest.raises(SystemExit):
        call_command("plan", "--help")
    text = capsys.readouterr().out
    assert "Show the roadmap" in text
    assert "--json" in text


def test_plan_command_plans_a_scenario(contest, urgent, portfolio, viewer, api_client):
    """--scenario prints the scenario's plan, as GET /api/plan?scenario= answers it."""
    from tandem.roadmap import services

    scenario = services.scenario_create(data={"name": "Sanctions first"}, by=portfolio)
    services.change_add(scenario=scenario, data={"kind": "add", "initiative": urgent}, by=portfolio)
    text = _run("--scenario", str(scenario.pk))
    assert text.startswith("Roadmap — scenario 'Sanctions first' from the week of ")
    assert "Sanctions Screening" in text
    printed = json.loads(_run("--json", "--scenario", str(scenario.pk)))
    assert printed == api_client(viewer).get(f"/api/plan?scenario={scenario.pk}").json()


def test_plan_command_names_an_unknown_scenario(db):
    """A scenario id that matches nothing is a clear error, not a traceback."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="There is no scenario 424242"):
        _run("--scenario", "424242")
